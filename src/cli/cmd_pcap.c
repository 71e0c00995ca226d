/* PLACEHOLDER: replaced by the implementation of 'erwatch pcap'. */
#include "cli.h"

int
cmd_pcap(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "erwatch pcap: not built yet\n");
	return EXIT_RUNTIME;
}
