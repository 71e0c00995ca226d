/*
 * libFuzzer target for the libwiretap fallback (cap_wiretap.c): the input
 * is a whole capture file in a format libpcap does not read (Network
 * Monitor, snoop, ERF, ...).  libwiretap opens files by name only, so the
 * input is written to a temporary file first, then opened with
 * cap_open_file(), every record read with cap_next() and decoded with
 * pkt_decode() under the file's link type, the reported lengths checked
 * against each other.  The parsing of the format is Wireshark's; what is
 * fuzzed here is erwatch's use of what it hands back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/capture.h"
#include "pkt/pkt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/erw-fuzz-wiretap-XXXXXX";
	struct cap_record rec;
	struct cap_file *f;
	struct pkt_info pi;
	struct err e;
	volatile uint8_t sink = 0;
	int fd, dlt;

	if (size == 0 || size > 1024 * 1024)
		return 0;
	if ((fd = mkstemp(path)) == -1)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	err_clear(&e);
	if (cap_open_file(path, &f, &e) == 0) {
		dlt = cap_dlt(f);
		while (cap_next(f, &rec, &e) == 1) {
			if (rec.caplen > rec.wirelen)
				abort();	/* the reader's contract */
			if (rec.caplen > 0)
				sink ^= rec.data[rec.caplen - 1];
			if (pkt_dlt_supported(dlt))
				pkt_decode(dlt, rec.data, rec.caplen,
				    rec.wirelen, &pi);
		}
		(void)cap_bytes_read(f);
		(void)cap_format_name(f);
		cap_close(f);
	}
	(void)sink;
	unlink(path);
	return 0;
}
