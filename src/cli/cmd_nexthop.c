/* PLACEHOLDER: replaced by the implementation of 'erwatch nexthop'. */
#include "cli.h"

int
cmd_nexthop(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "erwatch nexthop: not built yet\n");
	return EXIT_RUNTIME;
}
