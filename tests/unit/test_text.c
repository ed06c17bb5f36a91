/* Unit tests: src/text.c, trimming and comparing words. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/text.h"

static void test_trim(void **state)
{
	char a[] = " \t key = value \t ", b[] = "", c[] = " \t ", d[] = "word";
	char e[] = "\nline\n";

	(void)state;
	assert_string_equal(text_trim(a), "key = value");
	assert_string_equal(text_trim(b), "");
	assert_string_equal(text_trim(c), "");
	assert_string_equal(text_trim(d), "word");
	assert_string_equal(text_trim(e), "\nline\n"); /* blanks only, not newlines */
}

static void test_span_eq(void **state)
{
	const char *s = "LocalHost:8080";

	(void)state;
	assert_true(text_span_eq(s, 9, "localhost"));
	assert_true(text_span_eq(s, 9, "LOCALHOST"));
	assert_false(text_span_eq(s, 8, "localhost")); /* a prefix is not the word */
	assert_false(text_span_eq(s, 10, "localhost"));
	assert_false(text_span_eq(s, 9, "localhosd"));
	assert_true(text_span_eq(s, 0, ""));
}

static void test_is_alnum(void **state)
{
	(void)state;
	assert_true(text_is_alnum('a') && text_is_alnum('Z') && text_is_alnum('0'));
	assert_true(text_is_alnum('9') && text_is_alnum('z') && text_is_alnum('A'));
	assert_false(text_is_alnum('_') || text_is_alnum('-') || text_is_alnum(' '));
	assert_false(text_is_alnum('/') || text_is_alnum(':') || text_is_alnum('@'));
	assert_false(text_is_alnum('[') || text_is_alnum('`') || text_is_alnum('{'));
	assert_false(text_is_alnum((char)0xE9) || text_is_alnum('\0'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_span_eq),
		cmocka_unit_test(test_is_alnum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
