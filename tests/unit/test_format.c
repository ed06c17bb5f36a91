/* Unit tests: src/format.c, numbers as people read them. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "src/format.h"

static char out[64];

static void test_milliseconds(void **state)
{
	(void)state;
	assert_string_equal(format_value(out, sizeof(out), 612.4, "ms"), "612 ms");
	assert_string_equal(format_value(out, sizeof(out), 35.25, "ms"), "35.2 ms");
	assert_string_equal(format_value(out, sizeof(out), 55, "ms"), "55 ms");
	assert_string_equal(format_value(out, sizeof(out), 12345, "ms"), "12.3 s");
}

static void test_rates(void **state)
{
	(void)state;
	assert_string_equal(format_value(out, sizeof(out), 27535, "/s"), "27.5k/s");
	assert_string_equal(format_value(out, sizeof(out), 950, "/s"), "950/s");
	assert_string_equal(format_value(out, sizeof(out), 1234567, "/s"), "1.23M/s");
	assert_string_equal(format_value(out, sizeof(out), 999.7, "/s"), "1.00k/s");
}

static void test_counts(void **state)
{
	(void)state;
	assert_string_equal(format_value(out, sizeof(out), 18240, ""), "18,240");
	assert_string_equal(format_value(out, sizeof(out), 0, ""), "0");
	assert_string_equal(format_value(out, sizeof(out), 1234567, ""), "1,234,567");
	assert_string_equal(format_value(out, sizeof(out), 2.5, ""), "2.50");
	assert_string_equal(format_value(out, sizeof(out), -1200, ""), "-1,200");
	assert_string_equal(format_value(out, sizeof(out), 0.39, "%"), "0.39%");
}

static void test_non_finite(void **state)
{
	(void)state;
	assert_string_equal(format_value(out, sizeof(out), NAN, "ms"), "n/a");
	assert_string_equal(format_value(out, sizeof(out), INFINITY, ""), "n/a");
	assert_string_equal(format_compact(out, sizeof(out), -INFINITY, ""), "n/a");
	assert_string_equal(format_thousands(out, sizeof(out), 1e300), "n/a");
}

static void test_compact(void **state)
{
	(void)state;
	assert_string_equal(format_compact(out, sizeof(out), 612, "ms"), "612ms");
	assert_string_equal(format_compact(out, sizeof(out), 18240, ""), "18.2k");
	assert_string_equal(format_compact(out, sizeof(out), 27535, "/s"), "27.5k");
	assert_string_equal(format_compact(out, sizeof(out), 0.39, "%"), "0.39%");
	assert_string_equal(format_compact(out, sizeof(out), 1000.3, "ms"), "1.00s");
	assert_string_equal(format_compact(out, sizeof(out), 2830, "ms"), "2.83s");
	assert_string_equal(format_compact(out, sizeof(out), 999.4, "ms"), "999ms");
}

static void test_age_and_clock(void **state)
{
	(void)state;
	assert_string_equal(format_age(out, sizeof(out), 45), "45s");
	assert_string_equal(format_age(out, sizeof(out), 180), "3m");
	assert_string_equal(format_age(out, sizeof(out), 7500), "2h05m");
	assert_string_equal(format_age(out, sizeof(out), 3 * 86400 + 5), "3d");
	assert_string_equal(format_utc(out, sizeof(out), 1765977780, 0), "13:23:00");
	assert_string_equal(format_utc(out, sizeof(out), 1765977780, 1), "2025-12-17 13:23:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_milliseconds), cmocka_unit_test(test_rates),
		cmocka_unit_test(test_counts),       cmocka_unit_test(test_non_finite),
		cmocka_unit_test(test_compact),      cmocka_unit_test(test_age_and_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
