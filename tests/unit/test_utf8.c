/* Unit tests: src/utf8.c, strict decoding of one sequence. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/utf8.h"

static size_t decode(const char *s, size_t n, uint32_t *cp)
{
	return utf8_decode((const unsigned char *)s, n, cp);
}

static void test_valid_sequences(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(decode("", 1, &cp), 1); /* the NUL itself */
	assert_int_equal(cp, 0);
	assert_int_equal(decode("\xC2\x85", 2, &cp), 2); /* a C1 control decodes */
	assert_int_equal(cp, 0x85);
	assert_int_equal(decode("\xC3\xA9xyz", 5, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(decode("\xE2\x96\x81", 3, &cp), 3);
	assert_int_equal(cp, 0x2581);
	assert_int_equal(decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
}

static void test_invalid_sequences(void **state)
{
	static const char *const bad[] = {
		"\x80",             /* a lone continuation byte */
		"\xC0\xAF",         /* overlong '/' */
		"\xC1\xBF",         /* overlong */
		"\xE0\x80\xAF",     /* overlong */
		"\xF0\x80\x80\xAF", /* overlong */
		"\xED\xA0\x80",     /* a surrogate */
		"\xF4\x90\x80\x80", /* above U+10FFFF */
		"\xF5\x80\x80\x80", /* never a lead byte */
		"\xFF",
		"\xC3(", /* the continuation missing */
	};
	uint32_t cp;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(decode(bad[i], strlen(bad[i]), &cp), 0);
}

static void test_cut_short(void **state)
{
	uint32_t cp;

	(void)state;
	/* The bytes are there in memory, but n says they are not ours. */
	assert_int_equal(decode("\xE2\x96\x81", 2, &cp), 0);
	assert_int_equal(decode("\xF0\x9F\x98\x80", 3, &cp), 0);
	assert_int_equal(decode("\xC3\xA9", 1, &cp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_sequences),
		cmocka_unit_test(test_invalid_sequences),
		cmocka_unit_test(test_cut_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
