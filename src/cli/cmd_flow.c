/* PLACEHOLDER: replaced by the implementation of 'erwatch flow'. */
#include "cli.h"

int
cmd_flow(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "erwatch flow: not built yet\n");
	return EXIT_RUNTIME;
}
