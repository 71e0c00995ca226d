/*
 * Block arena: objects that share one lifetime (one packet, one export,
 * one report) are carved from large blocks and freed together.
 */
#include <stdlib.h>

#include "util.h"

struct arena_block {
	struct arena_block	*next;
	size_t			 size;
	size_t			 used;
	/* data follows, 16-byte aligned */
	max_align_t		 data[];
};

void
arena_init(struct arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : 64 * 1024;
	a->total = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t need = (n + 15) & ~(size_t)15, size;
	void *p;

	if (n == 0)
		need = 16;
	if (b == NULL || b->size - b->used < need) {
		size = need > a->block_size ? need : a->block_size;
		if ((b = erw_malloc(sizeof(*b) + size)) == NULL)
			return NULL;
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += need;
	a->total += need;
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d;

	if ((d = arena_alloc(a, n)) != NULL)
		memcpy(d, s, n);
	return d;
}

void
arena_reset(struct arena *a)
{
	struct arena_block *b, *next;

	if (a->head == NULL)
		return;
	/* keep the oldest block, the one sized for the common case */
	for (b = a->head; b->next != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = b;
	b->used = 0;
	a->total = 0;
}

void
arena_release(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->total = 0;
}
