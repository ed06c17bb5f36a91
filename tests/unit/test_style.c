/* Unit tests: widgets/style.c, the one table of UI roles and their
 * built-in styles (what the screen shows without any theme file). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "widgets/style.h"
#include "widgets/theme.h"

static void test_every_role_has_a_distinct_name(void **state)
{
	int r, q;

	(void)state;
	for (r = 0; r < ROLE_COUNT; r++) {
		const char *name = style_role_name((enum style_role)r);
		const char *p;

		assert_non_null(name);
		assert_true(strlen(name) > 0);
		/* Names are written in theme files: lower case and '_' only. */
		for (p = name; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || *p == '_');
		for (q = 0; q < r; q++)
			assert_string_not_equal(name, style_role_name((enum style_role)q));
	}
}

static void test_names_round_trip(void **state)
{
	int r;

	(void)state;
	for (r = 0; r < ROLE_COUNT; r++)
		assert_int_equal(style_role_from_name(style_role_name((enum style_role)r)), r);
	assert_int_equal(style_role_from_name("ALARM"), ROLE_ALARM);
	assert_int_equal(style_role_from_name("spark_provisional"), ROLE_SPARK_PROVISIONAL);
}

static void test_unknown_names(void **state)
{
	(void)state;
	assert_int_equal(style_role_from_name("alrm"), -1);
	assert_int_equal(style_role_from_name(""), -1);
	assert_int_equal(style_role_from_name(NULL), -1);
	assert_int_equal(style_role_from_name("alarm.8"), -1);
	assert_string_equal(style_role_name(ROLE_COUNT), "?");
	assert_string_equal(style_role_name((enum style_role) - 1), "?");
}

static void test_the_names_theme_files_use(void **state)
{
	static const char *const expected[ROLE_COUNT] = {
		"normal",    "title",  "border", "header",      "status",
		"hint",      "ok",     "warn",   "alarm",       "stale",
		"error",     "nodata", "spark",  "spark_alarm", "spark_provisional",
		"threshold", "focus",  "banner", "axis",
	};
	int r;

	(void)state;
	for (r = 0; r < ROLE_COUNT; r++)
		assert_string_equal(style_role_name((enum style_role)r), expected[r]);
}

static void test_defaults_parse_at_every_depth(void **state)
{
	int r, d;

	(void)state;
	for (r = 0; r < ROLE_COUNT; r++) {
		for (d = 0; d < DEPTH_COUNT; d++) {
			const char *text =
				style_role_default((enum style_role)r, (enum color_depth)d);
			struct style s;
			char err[256];

			assert_non_null(text);
			if (theme_style_parse(text, (enum color_depth)d, &s, err, sizeof(err)) != 0)
				fail_msg("role %s depth %d: '%s': %s",
					 style_role_name((enum style_role)r), d, text, err);
			if (d == DEPTH_8) {
				assert_true(s.fg >= -1 && s.fg <= 7);
				assert_true(s.bg >= -1 && s.bg <= 7);
			}
			if (d == DEPTH_MONO) {
				assert_int_equal(s.fg, STYLE_COLOR_DEFAULT);
				assert_int_equal(s.bg, STYLE_COLOR_DEFAULT);
			}
		}
	}
	assert_string_equal(style_role_default(ROLE_COUNT, DEPTH_256), "default");
}

/* Without colour, the states that matter must still stand out. */
static void test_monochrome_defaults_keep_states_apart(void **state)
{
	struct theme t;

	(void)state;
	theme_builtin(&t);
	assert_true(t.style[ROLE_ALARM][DEPTH_MONO].attrs & CELL_REVERSE);
	assert_true(t.style[ROLE_BANNER][DEPTH_MONO].attrs & CELL_REVERSE);
	assert_true(t.style[ROLE_FOCUS][DEPTH_MONO].attrs & CELL_REVERSE);
	assert_int_not_equal(t.style[ROLE_WARN][DEPTH_MONO].attrs,
			     t.style[ROLE_ALARM][DEPTH_MONO].attrs);
	assert_int_not_equal(t.style[ROLE_WARN][DEPTH_MONO].attrs,
			     t.style[ROLE_OK][DEPTH_MONO].attrs);
	assert_int_not_equal(t.style[ROLE_STALE][DEPTH_MONO].attrs,
			     t.style[ROLE_OK][DEPTH_MONO].attrs);
	assert_int_equal(t.style[ROLE_NORMAL][DEPTH_MONO].attrs, 0);
}

static void test_builtin_alarm_is_coloured(void **state)
{
	struct theme t;

	(void)state;
	theme_builtin(&t);
	assert_string_equal(t.name, "builtin");
	assert_int_equal(t.style[ROLE_ALARM][DEPTH_256].bg, 160);
	assert_int_equal(t.style[ROLE_ALARM][DEPTH_8].bg, 1); /* red */
	assert_true(t.style[ROLE_ALARM][DEPTH_256].attrs & CELL_BOLD);
	assert_int_equal(t.defined[ROLE_ALARM], 0); /* nothing came from a file */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_role_has_a_distinct_name),
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_unknown_names),
		cmocka_unit_test(test_the_names_theme_files_use),
		cmocka_unit_test(test_defaults_parse_at_every_depth),
		cmocka_unit_test(test_monochrome_defaults_keep_states_apart),
		cmocka_unit_test(test_builtin_alarm_is_coloured),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
