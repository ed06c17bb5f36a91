/* Unit tests: src/iso8601.c, credential expiration times. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/iso8601.h"

static int64_t parsed(const char *s)
{
	int64_t t = -12345;

	assert_int_equal(iso8601_parse(s, &t), 0);
	return t;
}

static void test_utc_forms(void **state)
{
	(void)state;
	assert_int_equal(parsed("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(parsed("2026-11-28T12:00:00Z"), 1795867200);
	assert_int_equal(parsed("2026-11-28t12:00:00z"), 1795867200);
	assert_int_equal(parsed("2026-11-28 12:00:00"), 1795867200); /* no zone: UTC */
	assert_int_equal(parsed("2026-11-28T12:00:00.123456789Z"), 1795867200);
	assert_int_equal(parsed("2026-11-28T12:00:00,5Z"), 1795867200);
}

static void test_offsets(void **state)
{
	(void)state;
	assert_int_equal(parsed("2026-11-28T13:00:00+01:00"), 1795867200);
	assert_int_equal(parsed("2026-11-28T07:30:00-0430"), 1795867200);
	assert_int_equal(parsed("2026-11-28T14:00:00+02"), 1795867200);
}

static void test_calendar(void **state)
{
	(void)state;
	assert_int_equal(parsed("2024-02-29T00:00:00Z"), 1709164800); /* leap year */
	assert_int_equal(parsed("2000-03-01T00:00:00Z"), 951868800);
	/* A leap second counts as the second before it. */
	assert_int_equal(parsed("2016-12-31T23:59:60Z"), parsed("2016-12-31T23:59:59Z"));
}

static void test_refuses_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"2026-11-28",
		"2026-11-28T12:00",
		"2026/11/28T12:00:00Z",
		"2026-11-28X12:00:00Z",
		"2026-13-01T00:00:00Z",
		"2026-00-01T00:00:00Z",
		"2023-02-29T00:00:00Z",
		"2026-04-31T00:00:00Z",
		"2026-11-28T24:00:00Z",
		"2026-11-28T12:60:00Z",
		"2026-11-28T12:00:61Z",
		"1969-12-31T23:59:59Z",
		"2026-11-28T12:00:00.Z",
		"2026-11-28T12:00:00.1234567890Z",
		"2026-11-28T12:00:00+24:00",
		"2026-11-28T12:00:00+01:60",
		"2026-11-28T12:00:00+1",
		"2026-11-28T12:00:00Z ",
		"2026-11-28T12:00:00ZZ",
		"+026-11-28T12:00:00Z",
	};
	int64_t t = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (iso8601_parse(bad[i], &t) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(t, 7);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utc_forms),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_refuses_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
