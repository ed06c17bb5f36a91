/* buf: a growable byte buffer with a hard limit. */
#include "config.h"

#include "src/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/xalloc.h"

void buf_init(struct buf *b, size_t limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit;
}

static void buf_reserve(struct buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 256;

	while (cap < need)
		cap *= 2;
	if (cap != b->cap) {
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
}

int buf_append(struct buf *b, const void *data, size_t len)
{
	if (b->limit && (b->len + len > b->limit || b->len + len < b->len)) {
		b->overflowed = true;
		return -1;
	}
	buf_reserve(b, b->len + len + 1);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return buf_append(b, small, (size_t)n);

	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int rc = buf_append(b, big, (size_t)n);
	free(big);
	return rc;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->overflowed = false;
	if (b->data)
		b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->overflowed = false;
}

char *buf_steal(struct buf *b, size_t *len)
{
	char *out;

	buf_reserve(b, b->len + 1);
	b->data[b->len] = '\0';
	out = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return out;
}
