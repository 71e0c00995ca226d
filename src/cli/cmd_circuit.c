/* PLACEHOLDER: replaced by the implementation of 'erwatch circuit'. */
#include "cli.h"

int
cmd_circuit(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "erwatch circuit: not built yet\n");
	return EXIT_RUNTIME;
}
