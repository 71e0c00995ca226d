/*
 * fuzz_nsg_flow.c: libFuzzer target for the flow text of `erwatch flow`
 * (azure/az_nsg_flow.c).  The input, cut at its first NUL, is parsed as a
 * batch CSV line and as an endpoint; a flow that parses must come out
 * with ports that fit its protocol.  Nothing is printed or allocated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_nsg_flow.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[LIMIT_TEXT_LINE + 1];
	struct nsg_flow f;
	struct net_addr a;
	uint32_t port;
	size_t n = size < LIMIT_TEXT_LINE ? size : LIMIT_TEXT_LINE;

	memcpy(line, data, n);
	line[n] = '\0';
	if (nsg_parse_endpoint(line, &a, &port) == 0 &&
	    port > NSG_PORT_NONE)
		abort();
	if (nsg_flow_parse_csv(line, &f) == NULL &&
	    (f.lport > NSG_PORT_NONE || f.rport > NSG_PORT_NONE ||
	    ((f.proto == NSG_P_TCP || f.proto == NSG_P_UDP) &&
	    (f.lport == NSG_PORT_NONE || f.rport == NSG_PORT_NONE))))
		abort();
	return 0;
}
