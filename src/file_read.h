/* file_read: a whole file into memory, with a size cap.
 *
 * For files cwtop reads whole (its config file, theme files, a container
 * authorization token): a file larger than the cap is refused rather than
 * read in part, and the data comes in one allocation so that nothing of a
 * secret is left behind in a reallocated block. */
#ifndef CWTOP_FILE_READ_H
#define CWTOP_FILE_READ_H

#include <stdbool.h>
#include <stddef.h>

enum file_read_status {
	FILE_READ_OK,
	FILE_READ_CANNOT_OPEN, /* *errnum says why */
	FILE_READ_DIRECTORY,
	FILE_READ_NOT_REGULAR, /* a FIFO, device or socket, with regular_only */
	FILE_READ_CANNOT_READ, /* *errnum says why */
	FILE_READ_TOO_BIG,     /* more than max bytes */
};

/* file_read: the file at path into *data (NUL-terminated, malloc'd, free
 * it) and *len, if it holds at most max bytes. With regular_only, anything
 * but a regular file is refused and the open itself never blocks (a FIFO
 * named by mistake must not hang the start); without it, only a directory
 * is refused, so /dev/null and a shell's <(...) pipe can be read. On
 * failure *data is NULL and the status says why, with the errno value in
 * *errnum where one applies. */
enum file_read_status file_read(const char *path, size_t max, bool regular_only, char **data,
				size_t *len, int *errnum);

#endif
