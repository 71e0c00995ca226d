/* PLACEHOLDER: replaced by the implementation of 'erwatch capture'. */
#include "cli.h"

int
cmd_capture(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "erwatch capture: not built yet\n");
	return EXIT_RUNTIME;
}
