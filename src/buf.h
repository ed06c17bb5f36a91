/* buf: a growable byte buffer with a hard limit.
 *
 * Network bodies and subprocess output go into a buf so that a hostile peer
 * cannot make cwtop allocate without bound: appends past the limit fail. */
#ifndef CWTOP_BUF_H
#define CWTOP_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data; /* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
	size_t limit; /* 0 means no limit */
	bool overflowed;
};

void buf_init(struct buf *b, size_t limit);
/* buf_append: 0 on success, -1 (and overflowed set) past the limit. */
int buf_append(struct buf *b, const void *data, size_t len);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* buf_steal: hand the data to the caller (NUL-terminated, never NULL). */
char *buf_steal(struct buf *b, size_t *len);

#endif
