/* Unit tests: src/buf.c, the bounded buffer network bodies go into. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/buf.h"

static void test_append_and_terminate(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_append(&b, "abc", 3), 0);
	assert_int_equal(buf_printf(&b, "-%d", 42), 0);
	assert_string_equal(b.data, "abc-42");
	assert_int_equal(b.len, 6);
	buf_free(&b);
}

static void test_limit_refuses_and_flags(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_append(&b, "12345678", 8), 0);
	assert_int_equal(buf_append(&b, "9", 1), -1);
	assert_true(b.overflowed);
	assert_int_equal(b.len, 8);
	buf_reset(&b);
	assert_false(b.overflowed);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_large_printf_grows(void **state)
{
	struct buf b;
	char big[1000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_init(&b, 0);
	assert_int_equal(buf_printf(&b, "%s%s", big, big), 0);
	assert_int_equal(b.len, 2 * (sizeof(big) - 1));
	buf_free(&b);
}

static void test_steal_empty_is_string(void **state)
{
	struct buf b;
	size_t len = 99;
	char *s;

	(void)state;
	buf_init(&b, 0);
	s = buf_steal(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_terminate),
		cmocka_unit_test(test_limit_refuses_and_flags),
		cmocka_unit_test(test_large_printf_grows),
		cmocka_unit_test(test_steal_empty_is_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
