/* Unit tests: widgets/canvas.c, the cells every widget draws into. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "widgets/canvas.h"

static char *row_text(const struct canvas *c, int y)
{
	char *dump = canvas_dump(c), *line = dump, *nl;
	char *out;
	int i;

	for (i = 0; i < y; i++)
		line = strchr(line, '\n') + 1;
	nl = strchr(line, '\n');
	out = strndup(line, (size_t)(nl - line));
	free(dump);
	return out;
}

static void assert_row(const struct canvas *c, int y, const char *want)
{
	char *got = row_text(c, y);

	assert_string_equal(got, want);
	free(got);
}

static void test_text_wrap(void **state)
{
	struct canvas *c = canvas_new(12, 3, true);
	struct rect all = {0, 0, 12, 3}, two = {0, 0, 12, 2};

	(void)state;
	/* Breaks at spaces, never mid-word when a word fits on a line. */
	assert_int_equal(canvas_text_wrap(c, all, "access denied to GetMetricData", ROLE_ERROR, 0),
			 3);
	assert_row(c, 0, "access      ");
	assert_row(c, 1, "denied to   ");
	assert_row(c, 2, "GetMetricDa\u2026");
	/* Too much text for the rows: the last row ends with an ellipsis. */
	canvas_clear(c);
	assert_int_equal(canvas_text_wrap(c, two, "one two three four five six", ROLE_ERROR, 0), 2);
	assert_row(c, 0, "one two     ");
	assert_row(c, 1, "three four \u2026");
	assert_int_equal(canvas_at(c, 0, 1)->role, ROLE_ERROR);
	/* Nothing to draw, or no room: no rows. */
	assert_int_equal(canvas_text_wrap(c, (struct rect){0, 0, 0, 3}, "x", ROLE_ERROR, 0), 0);
	assert_int_equal(canvas_text_wrap(c, all, "", ROLE_ERROR, 0), 0);
	canvas_free(c);
}

static void test_new_blank(void **state)
{
	struct canvas *c = canvas_new(4, 2, true);
	char *dump = canvas_dump(c);

	(void)state;
	assert_int_equal(c->w, 4);
	assert_int_equal(c->h, 2);
	assert_string_equal(dump, "    \n    \n");
	assert_int_equal(canvas_at(c, 3, 1)->role, ROLE_NORMAL);
	free(dump);
	canvas_free(c);
}

static void test_degenerate_sizes(void **state)
{
	struct canvas *c = canvas_new(0, 0, true);
	char *dump;

	(void)state;
	canvas_put(c, 0, 0, 'x', ROLE_NORMAL, 0);
	assert_int_equal(canvas_text(c, 0, 0, 10, "hello", ROLE_NORMAL, 0), 5);
	dump = canvas_dump(c);
	assert_string_equal(dump, "");
	free(dump);
	canvas_resize(c, -5, 3);
	assert_int_equal(c->w, 0);
	assert_int_equal(c->h, 3);
	canvas_resize(c, 1, 1);
	canvas_put(c, 0, 0, 'x', ROLE_NORMAL, 0);
	assert_int_equal(canvas_at(c, 0, 0)->ch, 'x');
	canvas_free(c);
	canvas_free(NULL);
}

static void test_put_clips(void **state)
{
	struct canvas *c = canvas_new(3, 2, true);

	(void)state;
	canvas_put(c, -1, 0, 'a', ROLE_NORMAL, 0);
	canvas_put(c, 3, 0, 'a', ROLE_NORMAL, 0);
	canvas_put(c, 0, 2, 'a', ROLE_NORMAL, 0);
	canvas_put(c, 0, -1, 'a', ROLE_NORMAL, 0);
	canvas_fill(c, (struct rect){-5, -5, 100, 100}, '#', ROLE_BORDER, CELL_BOLD);
	assert_row(c, 0, "###");
	assert_row(c, 1, "###");
	assert_int_equal(canvas_at(c, 2, 1)->role, ROLE_BORDER);
	assert_int_equal(canvas_at(c, 2, 1)->attrs, CELL_BOLD);
	assert_int_equal(canvas_at(c, 5, 5)->ch, ' ');
	canvas_free(c);
}

static void test_text_clipped(void **state)
{
	struct canvas *c = canvas_new(8, 1, true);

	(void)state;
	assert_int_equal(canvas_text(c, 1, 0, 3, "abcdef", ROLE_TITLE, 0), 3);
	assert_row(c, 0, " abc    ");
	assert_int_equal(canvas_at(c, 1, 0)->role, ROLE_TITLE);
	assert_int_equal(canvas_text(c, 6, 0, 10, "xyz", ROLE_NORMAL, 0), 3);
	assert_row(c, 0, " abc  xy");
	assert_int_equal(canvas_text(c, 0, 0, 5, NULL, ROLE_NORMAL, 0), 0);
	canvas_free(c);
}

static void test_controls_never_reach_cells(void **state)
{
	struct canvas *c = canvas_new(12, 1, true);

	(void)state;
	canvas_text(c, 0, 0, 12, "a\x1b[31mb\tc\x7f\xc2\x9b", ROLE_NORMAL, 0);
	assert_row(c, 0, "a?[31mb?c??\x20");
	canvas_put(c, 11, 0, 0x07, ROLE_NORMAL, 0);
	assert_int_equal(canvas_at(c, 11, 0)->ch, '?');
	canvas_free(c);
}

static void test_bad_utf8_and_wide(void **state)
{
	struct canvas *c = canvas_new(10, 1, true);

	(void)state;
	/* stray continuation, truncated sequence, overlong '/', CJK, RLO, emoji */
	canvas_text(c, 0, 0, 10, "\x80\xe2\x82\xc0\xaf\xe4\xb8\xad\xe2\x80\xae\xf0\x9f\x98\x80z",
		    ROLE_NORMAL, 0);
	assert_row(c, 0, "????????z ");
	canvas_free(c);
}

static void test_utf8_and_ascii(void **state)
{
	struct canvas *u = canvas_new(4, 1, true), *a = canvas_new(4, 1, false);

	(void)state;
	assert_int_equal(canvas_text(u, 0, 0, 4, "é▁█", ROLE_NORMAL, 0), 3);
	assert_row(u, 0, "é▁█ ");
	assert_int_equal(canvas_text_width("é▁█"), 3);
	canvas_text(a, 0, 0, 4, "é▁█", ROLE_NORMAL, 0);
	assert_row(a, 0, "??? ");
	assert_int_equal(canvas_glyph(u, 0x2500, '-'), 0x2500);
	assert_int_equal(canvas_glyph(a, 0x2500, '-'), '-');
	canvas_free(u);
	canvas_free(a);
}

static void test_fit_and_right(void **state)
{
	struct canvas *u = canvas_new(10, 2, true), *a = canvas_new(10, 1, false);

	(void)state;
	assert_int_equal(canvas_text_fit(u, 0, 0, 5, "eu-west-1", ROLE_NORMAL, 0), 5);
	assert_row(u, 0, "eu-w…     ");
	assert_int_equal(canvas_text_fit(u, 0, 1, 9, "eu-west-1", ROLE_NORMAL, 0), 9);
	assert_int_equal(canvas_text_fit(u, 0, 1, 0, "x", ROLE_NORMAL, 0), 0);
	canvas_text_fit(a, 0, 0, 5, "eu-west-1", ROLE_NORMAL, 0);
	assert_row(a, 0, "eu-w~     ");
	canvas_clear(u);
	assert_int_equal(canvas_text_right(u, 10, 0, 10, "OK", ROLE_OK, 0), 2);
	assert_row(u, 0, "        OK");
	assert_int_equal(canvas_text_right(u, 10, 1, 4, "ALARMING", ROLE_OK, 0), 4);
	assert_row(u, 1, "      ALA…");
	canvas_free(u);
	canvas_free(a);
}

static void test_fields(void **state)
{
	struct canvas *c = canvas_new(20, 1, true);
	struct canvas_fields f = canvas_fields_at(c, 1, 0, 18, 2);

	(void)state;
	assert_true(canvas_field(&f, "612 ms", ROLE_NORMAL, 0));
	assert_false(canvas_field(&f, "a very long field", ROLE_NORMAL, 0));
	assert_true(canvas_field(&f, "> 500", ROLE_THRESHOLD, 0));
	assert_false(canvas_field(&f, "", ROLE_NORMAL, 0));
	assert_false(canvas_field(&f, "max 702", ROLE_NORMAL, 0));
	assert_true(canvas_field(&f, "max", ROLE_NORMAL, 0));
	assert_row(c, 0, " 612 ms  > 500  max ");
	assert_int_equal(canvas_at(c, 9, 0)->role, ROLE_THRESHOLD);
	canvas_free(c);
}

static void test_dump_keeps_blanks_and_encodes(void **state)
{
	struct canvas *c = canvas_new(3, 2, true);
	char *dump;

	(void)state;
	canvas_put(c, 0, 1, 0x2588, ROLE_SPARK, 0);
	dump = canvas_dump(c);
	assert_string_equal(dump, "   \n\xe2\x96\x88  \n");
	free(dump);
	canvas_free(c);
}

static void test_resize_clears(void **state)
{
	struct canvas *c = canvas_new(2, 2, true);

	(void)state;
	canvas_fill(c, (struct rect){0, 0, 2, 2}, 'x', ROLE_ALARM, CELL_REVERSE);
	canvas_resize(c, 3, 1);
	assert_row(c, 0, "   ");
	assert_int_equal(canvas_at(c, 0, 0)->attrs, 0);
	canvas_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_blank),
		cmocka_unit_test(test_degenerate_sizes),
		cmocka_unit_test(test_put_clips),
		cmocka_unit_test(test_text_clipped),
		cmocka_unit_test(test_controls_never_reach_cells),
		cmocka_unit_test(test_bad_utf8_and_wide),
		cmocka_unit_test(test_utf8_and_ascii),
		cmocka_unit_test(test_fit_and_right),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_dump_keeps_blanks_and_encodes),
		cmocka_unit_test(test_resize_clears),
		cmocka_unit_test(test_text_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
