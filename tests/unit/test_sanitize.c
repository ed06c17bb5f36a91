/* Unit tests: src/sanitize.c. No byte from the network may put an escape
 * sequence on the terminal. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/sanitize.h"

static const char *clean(const char *in, size_t len)
{
	static char out[128];

	return sanitize_copy(out, sizeof(out), in, len);
}

static void test_plain_text_unchanged(void **state)
{
	(void)state;
	assert_string_equal(clean("Rate exceeded", 13), "Rate exceeded");
	assert_string_equal(clean("caf\xc3\xa9", 5), "caf\xc3\xa9");
}

static void test_escape_sequences_neutralised(void **state)
{
	(void)state;
	assert_string_equal(clean("\x1b[2Jboom", 8), "?[2Jboom");
	assert_string_equal(clean("a\x7f"
				  "b",
				  3),
			    "a?b");
	/* C1 CSI as UTF-8 (U+009B) and as a raw byte. */
	assert_string_equal(clean("a\xc2\x9b"
				  "1m",
				  5),
			    "a??1m");
	assert_string_equal(clean("a\x9b"
				  "1m",
				  4),
			    "a?1m");
}

/* Format characters that reorder or hide what follows never pass: a
 * right-to-left override, an isolate, zero-width ones, a BOM, the line
 * separator. Visible non-ASCII text does. */
static void test_bidi_and_invisible_refused(void **state)
{
	(void)state;
	assert_string_equal(clean("file\xe2\x80\xae"
				  "txt.exe",
				  14),
			    "file?txt.exe");
	assert_string_equal(clean("a\xe2\x81\xa6"
				  "b\xe2\x81\xa9",
				  8),
			    "a?b?");
	assert_string_equal(clean("x\xe2\x80\x8b"
				  "y\xef\xbb\xbf"
				  "z",
				  9),
			    "x?y?z");
	assert_string_equal(clean("one\xe2\x80\xa8"
				  "two",
				  9),
			    "one?two");
	assert_string_equal(clean("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \xe2\x82\xac", 12),
			    "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \xe2\x82\xac");
}

static void test_newlines_become_spaces(void **state)
{
	(void)state;
	assert_string_equal(clean("line1\nline2\r\tx", 14), "line1 line2  x");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	assert_string_equal(clean("\xc0\xaf", 2), "??");      /* overlong */
	assert_string_equal(clean("\xed\xa0\x80", 3), "???"); /* surrogate */
	assert_string_equal(clean("ab\xe2\x82", 4), "ab??");  /* truncated */
}

static void test_never_cuts_a_sequence(void **state)
{
	char out[5];

	(void)state;
	sanitize_copy(out, sizeof(out), "ab\xe2\x82\xac", 5); /* ab€ needs 6 bytes */
	assert_string_equal(out, "ab");
	sanitize_copy(out, 1, "abc", 3);
	assert_string_equal(out, "");
}

static void test_stops_at_nul_and_len(void **state)
{
	(void)state;
	assert_string_equal(clean("abc\0def", 7), "abc");
	assert_string_equal(clean("abcdef", 2), "ab");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_unchanged),
		cmocka_unit_test(test_escape_sequences_neutralised),
		cmocka_unit_test(test_newlines_become_spaces),
		cmocka_unit_test(test_bidi_and_invisible_refused),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_never_cuts_a_sequence),
		cmocka_unit_test(test_stops_at_nul_and_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
