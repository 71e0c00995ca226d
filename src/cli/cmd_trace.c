/* PLACEHOLDER: replaced by the implementation of 'erwatch trace'. */
#include "cli.h"

int
cmd_trace(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "erwatch trace: not built yet\n");
	return EXIT_RUNTIME;
}
