/*
 * libFuzzer target for the offline capture reader: the input is a whole
 * capture file (pcap or pcapng), opened from memory with fmemopen() and
 * cap_open_fp(), every record read with cap_next() and decoded with
 * pkt_decode() under the file's link type.  Errors are expected and
 * dropped; nothing is printed and everything is freed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "pkt/pkt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cap_record rec;
	struct cap_file *f;
	struct pkt_info pi;
	struct err e;
	uint8_t *buf;
	FILE *fp;
	int dlt;

	if (size == 0 || size > 4 * 1024 * 1024)
		return 0;
	/* fmemopen() wants a writable buffer. */
	if ((buf = malloc(size)) == NULL)
		return 0;
	memcpy(buf, data, size);
	if ((fp = fmemopen(buf, size, "rb")) == NULL) {
		free(buf);
		return 0;
	}
	err_clear(&e);
	if (cap_open_fp(fp, "fuzz", &f, &e) == 0) {
		dlt = cap_dlt(f);
		while (cap_next(f, &rec, &e) == 1) {
			if (pkt_dlt_supported(dlt))
				pkt_decode(dlt, rec.data, rec.caplen,
				    rec.wirelen, &pi);
		}
		(void)cap_bytes_read(f);
		cap_close(f);
	}
	free(buf);
	return 0;
}
