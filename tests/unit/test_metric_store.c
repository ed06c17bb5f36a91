/* Unit tests: src/metric_store.c, every series plus its change counter. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/metric_store.h"

#define T0 INT64_C(1765977780)

static void test_init_sizes_each_series(void **state)
{
	struct metric_store st;
	const int periods[] = {60, 300, 1};

	(void)state;
	assert_int_equal(store_init(&st, 3, 2, periods, 3 * 3600), 0);
	assert_int_equal(store_series(&st, 0, 0)->period, 60);
	assert_int_equal(store_series(&st, 0, 1)->cap, 3 * 60 + 2);
	assert_int_equal(store_series(&st, 1, 1)->cap, 3 * 12 + 2);
	assert_int_equal(store_series(&st, 2, 0)->cap, 3 * 3600 + 2);
	assert_ptr_equal(store_series_const(&st, 1, 0), store_series(&st, 1, 0));
	assert_null(store_series(&st, 3, 0));
	assert_null(store_series(&st, 0, 2));
	assert_null(store_series_const(&st, 99, 99));
	store_free(&st);
}

static void test_init_rejects_and_caps(void **state)
{
	struct metric_store st;
	const int bad[] = {60, 0};
	const int one[] = {1};

	(void)state;
	assert_int_equal(store_init(&st, 2, 1, bad, 3600), -1);
	store_free(&st);
	assert_int_equal(store_init(&st, 1, 1, one, -1), -1);
	store_free(&st);
	assert_int_equal(store_init(&st, 1, 1, NULL, 3600), -1);
	store_free(&st);
	/* 30 days at 1 s would be 2.6 M slots: cut to the maximum. */
	assert_int_equal(store_init(&st, 1, 1, one, 30 * 86400), 0);
	assert_int_equal(store_series(&st, 0, 0)->cap, SERIES_MAX_CAP);
	store_free(&st);
	assert_int_equal(store_init(&st, 0, 0, NULL, 3600), 0); /* empty is valid */
	store_put(&st, 0, 0, T0, 1, 0);
	store_free(&st);
}

static void test_generation_bumps_only_on_change(void **state)
{
	struct metric_store st;
	const int periods[] = {60, 60};
	uint64_t g;

	(void)state;
	assert_int_equal(store_init(&st, 2, 2, periods, 3600), 0);
	assert_int_equal(store_generation(&st, 1, 1), 0);
	store_put(&st, 1, 1, T0, 5, 0);
	g = store_generation(&st, 1, 1);
	assert_int_equal(g, 1);
	store_put(&st, 1, 1, T0, 5, 0); /* same again: nothing to redraw */
	assert_int_equal(store_generation(&st, 1, 1), g);
	store_put(&st, 1, 1, T0, 6, 0);
	assert_int_equal(store_generation(&st, 1, 1), g + 1);
	store_put(&st, 1, 1, T0 - 7200, 6, 0); /* too old: ignored */
	assert_int_equal(store_generation(&st, 1, 1), g + 1);
	/* Neighbours are untouched. */
	assert_int_equal(store_generation(&st, 1, 0), 0);
	assert_int_equal(store_generation(&st, 0, 1), 0);
	assert_int_equal(series_count(store_series(&st, 0, 1)), 0);
	/* Out of range: ignored, not a crash. */
	store_put(&st, 2, 0, T0, 1, 0);
	store_put(&st, 0, 2, T0, 1, 0);
	assert_int_equal(store_generation(&st, 5, 5), 0);
	store_free(&st);
}

static void test_clear_metric(void **state)
{
	struct metric_store st;
	const int periods[] = {60, 60};

	(void)state;
	assert_int_equal(store_init(&st, 2, 2, periods, 3600), 0);
	store_put(&st, 0, 0, T0, 1, 0);
	store_put(&st, 0, 1, T0, 1, 0);
	store_put(&st, 1, 0, T0, 1, 0);
	store_clear_metric(&st, 0);
	assert_int_equal(series_count(store_series(&st, 0, 0)), 0);
	assert_int_equal(series_count(store_series(&st, 0, 1)), 0);
	assert_int_equal(series_count(store_series(&st, 1, 0)), 1);
	assert_int_equal(store_generation(&st, 0, 0), 2);
	assert_int_equal(store_generation(&st, 0, 1), 2);
	assert_int_equal(store_generation(&st, 1, 0), 1);
	store_clear_metric(&st, 9); /* out of range: nothing */
	store_free(&st);
	store_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_sizes_each_series),
		cmocka_unit_test(test_init_rejects_and_caps),
		cmocka_unit_test(test_generation_bumps_only_on_change),
		cmocka_unit_test(test_clear_metric),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
