/* PLACEHOLDER: replaced by the implementation of 'erwatch probe'. */
#include "cli.h"

int
cmd_probe(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "erwatch probe: not built yet\n");
	return EXIT_RUNTIME;
}
