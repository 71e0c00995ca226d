/*
 * libFuzzer target for trace_parse_ip4(), the parser of what the SYN
 * traceroute reads from its raw sockets (ICMP errors quoting our TCP
 * header, TCP answers).  The input is one IPv4 datagram; it is copied into
 * an exactly sized buffer so ASan sees any read past its end.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_pkt p;
	volatile uint32_t sink = 0;
	uint8_t *buf;

	if ((buf = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(buf, data, size);
	if (trace_parse_ip4(buf, size, &p) == 0)
		sink = p.sport ^ p.dport ^ p.seq ^ p.ack ^ p.flags ^
		    p.icmp_type ^ net_addr_v4(&p.from) ^ net_addr_v4(&p.dst);
	(void)sink;
	free(buf);
	return 0;
}
