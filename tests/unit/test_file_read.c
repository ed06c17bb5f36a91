/* Unit tests: src/file_read.c, whole files with a size cap. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "src/file_read.h"

static char tmpdir[64];

static char *path_of(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void write_file(const char *name, const char *data, size_t len)
{
	FILE *f = fopen(path_of(name), "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cwtop-file-read-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_reads_whole_file(void **state)
{
	char *data;
	size_t len;
	int errnum;

	(void)state;
	write_file("a", "one\0two", 7);
	assert_int_equal(file_read(path_of("a"), 100, true, &data, &len, &errnum), FILE_READ_OK);
	assert_int_equal(len, 7);
	assert_memory_equal(data, "one\0two", 8); /* NUL-terminated too */
	free(data);
	write_file("empty", "", 0);
	assert_int_equal(file_read(path_of("empty"), 100, false, &data, &len, &errnum),
			 FILE_READ_OK);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	free(data);
}

static void test_cap(void **state)
{
	char *data = (char *)1;
	size_t len = 99;
	int errnum;

	(void)state;
	write_file("eight", "12345678", 8);
	assert_int_equal(file_read(path_of("eight"), 8, true, &data, &len, &errnum), FILE_READ_OK);
	assert_int_equal(len, 8);
	free(data);
	assert_int_equal(file_read(path_of("eight"), 7, false, &data, &len, &errnum),
			 FILE_READ_TOO_BIG);
	assert_null(data);
	assert_int_equal(len, 0);
}

static void test_missing(void **state)
{
	char *data;
	size_t len;
	int errnum;

	(void)state;
	assert_int_equal(file_read(path_of("nope"), 8, true, &data, &len, &errnum),
			 FILE_READ_CANNOT_OPEN);
	assert_int_equal(errnum, ENOENT);
	assert_null(data);
}

static void test_file_types(void **state)
{
	char *data;
	size_t len;
	int errnum;

	(void)state;
	assert_int_equal(mkdir(path_of("dir"), 0700), 0);
	assert_int_equal(file_read(path_of("dir"), 8, true, &data, &len, &errnum),
			 FILE_READ_DIRECTORY);
	assert_int_equal(file_read(path_of("dir"), 8, false, &data, &len, &errnum),
			 FILE_READ_DIRECTORY);
	/* A FIFO nobody writes to: refused at once, not waited on. */
	assert_int_equal(mkfifo(path_of("fifo"), 0600), 0);
	assert_int_equal(file_read(path_of("fifo"), 8, true, &data, &len, &errnum),
			 FILE_READ_NOT_REGULAR);
	assert_null(data);
	assert_int_equal(file_read("/dev/null", 8, true, &data, &len, &errnum),
			 FILE_READ_NOT_REGULAR);
	/* Without regular_only a device reads as what it is. */
	assert_int_equal(file_read("/dev/null", 8, false, &data, &len, &errnum), FILE_READ_OK);
	assert_int_equal(len, 0);
	free(data);
	assert_int_equal(file_read("/dev/zero", 8, false, &data, &len, &errnum), FILE_READ_TOO_BIG);
	assert_null(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_whole_file),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_file_types),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
