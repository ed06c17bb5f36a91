/* file_read: a whole file into memory, with a size cap. */
#include "config.h"

#include "src/file_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "src/xalloc.h"

/* read_all: read fd to its end into data (max + 1 bytes of room); the one
 * byte more than max tells "too big" from "exactly full". */
static enum file_read_status read_all(int fd, char *data, size_t max, size_t *got, int *errnum)
{
	for (;;) {
		ssize_t r = read(fd, data + *got, max + 1 - *got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*errnum = errno;
			return FILE_READ_CANNOT_READ;
		}
		if (r == 0)
			return FILE_READ_OK;
		*got += (size_t)r;
		if (*got > max)
			return FILE_READ_TOO_BIG;
	}
}

static enum file_read_status check_type(int fd, bool regular_only, int *errnum)
{
	struct stat st;

	if (fstat(fd, &st) != 0) {
		*errnum = errno;
		return FILE_READ_CANNOT_READ;
	}
	if (S_ISDIR(st.st_mode))
		return FILE_READ_DIRECTORY;
	if (regular_only && !S_ISREG(st.st_mode))
		return FILE_READ_NOT_REGULAR;
	return FILE_READ_OK;
}

enum file_read_status file_read(const char *path, size_t max, bool regular_only, char **data,
				size_t *len, int *errnum)
{
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (regular_only ? O_NONBLOCK : 0);
	enum file_read_status st;
	size_t got = 0;
	int fd;

	*data = NULL;
	*len = 0;
	*errnum = 0;
	fd = open(path, flags);
	if (fd < 0) {
		*errnum = errno;
		return FILE_READ_CANNOT_OPEN;
	}
	st = check_type(fd, regular_only, errnum);
	if (st == FILE_READ_OK) {
		*data = xmalloc(max + 1);
		st = read_all(fd, *data, max, &got, errnum);
	}
	close(fd);
	if (st != FILE_READ_OK) {
		if (*data) {
			/* What was read may be part of a secret. */
			OPENSSL_cleanse(*data, got); /* got <= max + 1 */
			free(*data);
			*data = NULL;
		}
		return st;
	}
	(*data)[got] = '\0';
	*len = got;
	return FILE_READ_OK;
}
