/* Unit tests: src/metric_series.c, the ring of datapoints keyed by period. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/metric_series.h"

#define T0 INT64_C(1765977780) /* a minute boundary in December 2025 */

static void test_init_rejects_bad_arguments(void **state)
{
	struct metric_series s;

	(void)state;
	assert_int_equal(series_init(&s, 0, 10), -1);
	series_free(&s);
	assert_int_equal(series_init(&s, 60, 0), -1);
	series_free(&s);
	assert_int_equal(series_init(&s, 60, SERIES_MAX_CAP + 1), -1);
	assert_false(series_put(&s, T0, 1.0, 0)); /* a failed series is inert */
	assert_null(series_get(&s, T0));
	series_free(&s);
}

static void test_put_aligns_and_gets(void **state)
{
	struct metric_series s;
	const struct metric_point *p;
	struct metric_point latest;

	(void)state;
	assert_int_equal(series_init(&s, 60, 10), 0);
	assert_false(series_latest(&s, &latest));
	assert_true(series_put(&s, T0 + 59, 3.5, POINT_PARTIAL));
	p = series_get(&s, T0 + 1);
	assert_non_null(p);
	assert_int_equal(p->ts, T0);
	assert_true(p->value == 3.5);
	assert_int_equal(p->flags, POINT_PARTIAL);
	assert_null(series_get(&s, T0 + 60));
	assert_null(series_get(&s, T0 - 60));
	assert_true(series_latest(&s, &latest));
	assert_int_equal(latest.ts, T0);
	assert_int_equal(s.newest, T0);
	assert_int_equal(series_count(&s), 1);
	series_free(&s);
}

static void test_newer_value_replaces(void **state)
{
	struct metric_series s;

	(void)state;
	assert_int_equal(series_init(&s, 60, 10), 0);
	assert_true(series_put(&s, T0, 1.0, POINT_PARTIAL));
	assert_true(series_put(&s, T0 + 30, 2.0, 0)); /* same period, revised */
	assert_true(series_get(&s, T0)->value == 2.0);
	assert_int_equal(series_get(&s, T0)->flags, 0);
	assert_false(series_put(&s, T0, 2.0, 0));            /* unchanged: no change reported */
	assert_true(series_put(&s, T0, 2.0, POINT_PARTIAL)); /* flags count */
	assert_int_equal(series_count(&s), 1);
	series_free(&s);
}

static void test_window_and_old_points(void **state)
{
	struct metric_series s;
	int i;

	(void)state;
	assert_int_equal(series_init(&s, 60, 5), 0);
	for (i = 0; i < 5; i++)
		assert_true(series_put(&s, T0 + i * 60, i, 0));
	assert_int_equal(series_count(&s), 5);
	/* The window is [newest - 4 periods, newest]: T0 is its oldest. */
	assert_false(series_put(&s, T0 - 60, 99, 0));
	assert_null(series_get(&s, T0 - 60));
	assert_true(series_get(&s, T0)->value == 0);
	/* Out of order but inside the window: stored. */
	assert_true(series_put(&s, T0 + 60, 42, 0));
	assert_true(series_get(&s, T0 + 60)->value == 42);
	/* One step ahead: the oldest falls out, the slot is reused. */
	assert_true(series_put(&s, T0 + 5 * 60, 5, 0));
	assert_null(series_get(&s, T0));
	assert_int_equal(series_count(&s), 5);
	series_free(&s);
}

static void test_gap_clears_skipped_slots(void **state)
{
	struct metric_series s;
	int i;

	(void)state;
	assert_int_equal(series_init(&s, 60, 10), 0);
	for (i = 0; i < 10; i++)
		series_put(&s, T0 + i * 60, i, 0);
	/* Jump 3 periods ahead: the 3 oldest fall out, nothing stale stays. */
	assert_true(series_put(&s, T0 + 12 * 60, 12, 0));
	assert_int_equal(series_count(&s), 8);
	assert_null(series_get(&s, T0 + 2 * 60));
	assert_non_null(series_get(&s, T0 + 3 * 60));
	assert_null(series_get(&s, T0 + 10 * 60));
	assert_null(series_get(&s, T0 + 11 * 60));
	/* A jump longer than the ring (but not far) leaves only the new point. */
	assert_true(series_put(&s, T0 + 12 * 60 + 3600, 1, 0));
	assert_int_equal(series_count(&s), 1);
	series_free(&s);
}

static void test_rejects_bad_points(void **state)
{
	struct metric_series s;

	(void)state;
	assert_int_equal(series_init(&s, 60, 10), 0);
	assert_false(series_put(&s, 0, 1, 0));
	assert_false(series_put(&s, -60, 1, 0));
	assert_false(series_put(&s, SERIES_MAX_TS + 1, 1, 0));
	assert_false(series_put(&s, INT64_MAX, 1, 0));
	assert_false(series_put(&s, T0, NAN, 0));
	assert_false(series_put(&s, T0, INFINITY, 0));
	assert_false(series_put(&s, T0, -INFINITY, 0));
	assert_int_equal(series_count(&s), 0);
	assert_int_equal(s.newest, 0);
	series_free(&s);
}

static void fill(struct metric_series *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		series_put(s, T0 + i * 60, i, 0);
}

static void test_single_future_point_does_not_wipe(void **state)
{
	struct metric_series s;

	(void)state;
	assert_int_equal(series_init(&s, 60, 10), 0);
	fill(&s, 10);
	/* Year 2090 once: held back, the ring is untouched. */
	assert_false(series_put(&s, INT64_C(3786912000), 1e9, 0));
	assert_int_equal(series_count(&s), 10);
	assert_int_equal(s.newest, T0 + 9 * 60);
	/* Normal data keeps flowing and drops the candidate... */
	assert_true(series_put(&s, T0 + 10 * 60, 10, 0));
	assert_int_equal(s.candidate.ts, 0);
	/* ...so the same bogus point again is just a new candidate. */
	assert_false(series_put(&s, INT64_C(3786912000), 1e9, 0));
	assert_int_equal(s.newest, T0 + 10 * 60);
	/* Two far points that disagree with each other: still nothing moves. */
	assert_false(series_put(&s, INT64_C(3786912000) + 86400 * 30, 1e9, 0));
	assert_int_equal(s.newest, T0 + 10 * 60);
	series_free(&s);
}

static void test_long_sleep_moves_the_window(void **state)
{
	struct metric_series s;
	int64_t later = T0 + 2 * 86400;

	(void)state;
	assert_int_equal(series_init(&s, 60, 10), 0);
	fill(&s, 10);
	/* After two days away, a poll brings points newest first. */
	assert_false(series_put(&s, later + 120, 3, 0));
	assert_true(series_put(&s, later + 60, 2, 0));
	assert_true(series_put(&s, later, 1, 0));
	assert_int_equal(s.newest, later + 120);
	assert_int_equal(series_count(&s), 3);
	assert_true(series_get(&s, later + 120)->value == 3);
	assert_null(series_get(&s, T0));
	series_free(&s);
}

static void test_bogus_first_point_recovers(void **state)
{
	struct metric_series s;

	(void)state;
	assert_int_equal(series_init(&s, 60, 10), 0);
	/* An empty ring takes anything, even a bogus first point... */
	assert_true(series_put(&s, INT64_C(3786912000), 7, 0));
	/* ...but real data, far behind it, relocates the ring on its 2nd point. */
	assert_false(series_put(&s, T0 + 60, 1, 0));
	assert_true(series_put(&s, T0, 0, 0));
	assert_int_equal(s.newest, T0 + 60);
	assert_int_equal(series_count(&s), 2);
	assert_null(series_get(&s, INT64_C(3786912000)));
	series_free(&s);
}

static void test_jump_just_under_far_is_immediate(void **state)
{
	struct metric_series s;

	(void)state;
	assert_int_equal(series_init(&s, 60, 10), 0);
	fill(&s, 3);
	assert_true(series_put(&s, s.newest + SERIES_FAR, 1, 0));
	assert_int_equal(series_count(&s), 1);
	assert_false(series_put(&s, s.newest + SERIES_FAR + 60, 1, 0));
	series_free(&s);
}

static void test_clear(void **state)
{
	struct metric_series s;
	struct metric_point p;

	(void)state;
	assert_int_equal(series_init(&s, 300, 4), 0);
	fill(&s, 3);
	series_clear(&s);
	assert_int_equal(series_count(&s), 0);
	assert_false(series_latest(&s, &p));
	assert_int_equal(s.period, 300);
	assert_true(series_put(&s, T0, 1, 0));
	series_free(&s);
	series_free(&s); /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_rejects_bad_arguments),
		cmocka_unit_test(test_put_aligns_and_gets),
		cmocka_unit_test(test_newer_value_replaces),
		cmocka_unit_test(test_window_and_old_points),
		cmocka_unit_test(test_gap_clears_skipped_slots),
		cmocka_unit_test(test_rejects_bad_points),
		cmocka_unit_test(test_single_future_point_does_not_wipe),
		cmocka_unit_test(test_long_sleep_moves_the_window),
		cmocka_unit_test(test_bogus_first_point_recovers),
		cmocka_unit_test(test_jump_just_under_far_is_immediate),
		cmocka_unit_test(test_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
