/* Unit tests: widgets/sparkline.c, scaling, gaps, compression, threshold. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/metric_series.h"
#include "tests/unit/widget_fixture.h"
#include "widgets/sparkline.h"

#define P  60
#define T0 1795872000 /* a period boundary */

struct spark_case {
	struct metric_def def;
	struct metric_series s;
	struct spark_input in;
	struct canvas *c;
};

/* setup: nperiods periods window [T0, T0 + n*P), data long published. */
static void setup(struct spark_case *k, int nperiods, int w, int h, bool utf8)
{
	memset(k, 0, sizeof(*k));
	k->def.label = "Latency";
	k->def.unit = "ms";
	k->def.period = P;
	k->def.scale = 1;
	assert_int_equal(series_init(&k->s, P, 120), 0);
	k->in.def = &k->def;
	k->in.series = &k->s;
	k->in.start = T0;
	k->in.end = T0 + (int64_t)nperiods * P;
	k->in.now = k->in.end + 3600;
	k->in.lag = 120;
	k->c = canvas_new(w, h, utf8);
}

static void teardown(struct spark_case *k)
{
	series_free(&k->s);
	canvas_free(k->c);
}

static void put(struct spark_case *k, int period, double v)
{
	series_put(&k->s, T0 + (int64_t)period * P, v, 0);
}

static void set_threshold(struct spark_case *k, double t, enum cmp_op op)
{
	k->def.rule.enabled = true;
	k->def.rule.threshold = t;
	k->def.rule.cmp = op;
	k->def.rule.datapoints = 1;
	k->def.rule.periods = 1;
}

static void draw(struct spark_case *k)
{
	spark_draw(k->c, (struct rect){0, 0, k->c->w, k->c->h}, &k->in);
}

static char *row(struct spark_case *k, int y)
{
	static char buf[1024];
	char *dump = canvas_dump(k->c), *line = dump;
	int i;

	for (i = 0; i < y; i++)
		line = strchr(line, '\n') + 1;
	*strchr(line, '\n') = '\0';
	snprintf(buf, sizeof(buf), "%s", line);
	free(dump);
	return buf;
}

static void test_constant_series(void **state)
{
	struct spark_case k;
	int i;

	(void)state;
	setup(&k, 6, 6, 1, true);
	for (i = 0; i < 6; i++)
		put(&k, i, 40);
	draw(&k);
	/* the baseline is zero: a constant series is a full, flat bar */
	assert_string_equal(row(&k, 0), "██████");
	teardown(&k);

	setup(&k, 6, 6, 1, true);
	for (i = 0; i < 6; i++)
		put(&k, i, 0);
	draw(&k);
	/* zeros are present: the lowest block, never a gap */
	assert_string_equal(row(&k, 0), "▁▁▁▁▁▁");
	teardown(&k);
}

static void test_all_missing(void **state)
{
	struct spark_case k;

	(void)state;
	setup(&k, 6, 6, 3, true);
	draw(&k);
	assert_string_equal(row(&k, 0), "      ");
	assert_string_equal(row(&k, 2), "      ");
	k.in.series = NULL;
	draw(&k);
	assert_string_equal(row(&k, 2), "      ");
	teardown(&k);
}

static void test_one_point_and_gaps(void **state)
{
	struct spark_case k;

	(void)state;
	setup(&k, 6, 6, 1, true);
	put(&k, 0, 10);
	put(&k, 3, 20);
	draw(&k);
	assert_string_equal(row(&k, 0), "▅  █  ");
	teardown(&k);
}

static void test_nan_never_drawn(void **state)
{
	struct spark_case k;
	struct spark_col cols[4];

	(void)state;
	setup(&k, 4, 4, 1, true);
	put(&k, 0, NAN);
	put(&k, 1, INFINITY);
	put(&k, 2, 8);
	put(&k, 3, -INFINITY);
	spark_sample(&k.in, cols, 4);
	assert_false(cols[0].present);
	assert_false(cols[1].present);
	assert_true(cols[2].present);
	assert_false(cols[3].present);
	draw(&k);
	assert_string_equal(row(&k, 0), "  █ ");
	teardown(&k);
}

static void test_compression_keeps_spikes(void **state)
{
	struct spark_case k;
	int i;

	(void)state;
	setup(&k, 30, 5, 1, true);
	set_threshold(&k, 100, CMP_GT);
	for (i = 0; i < 30; i++)
		put(&k, i, i == 17 ? 400 : 20);
	draw(&k);
	/* six periods a column; the spike's column shows its MAX */
	assert_string_equal(row(&k, 0), "▁▁█▁▁");
	assert_int_equal(canvas_at(k.c, 2, 0)->role, ROLE_SPARK_ALARM);
	assert_int_equal(canvas_at(k.c, 1, 0)->role, ROLE_SPARK);
	teardown(&k);
}

static void test_less_than_keeps_dips(void **state)
{
	struct spark_case k;
	struct spark_col cols[3];
	int i;

	(void)state;
	setup(&k, 9, 3, 1, true);
	set_threshold(&k, 5, CMP_LT);
	for (i = 0; i < 9; i++)
		put(&k, i, i == 4 ? 1 : 10);
	spark_sample(&k.in, cols, 3);
	assert_true(cols[1].v == 1);
	assert_true(cols[1].breach);
	assert_true(cols[0].v == 10);
	assert_false(cols[0].breach);
	teardown(&k);
}

static void test_expansion_repeats_periods(void **state)
{
	struct spark_case k;

	(void)state;
	setup(&k, 3, 9, 1, true);
	put(&k, 0, 10);
	put(&k, 2, 20);
	draw(&k);
	assert_string_equal(row(&k, 0), "▅▅▅   ███");
	teardown(&k);
}

static void test_threshold_line(void **state)
{
	struct spark_case k;
	struct spark_scale s;
	int i;

	(void)state;
	setup(&k, 8, 8, 4, true);
	set_threshold(&k, 50, CMP_GT);
	for (i = 0; i < 8; i++)
		put(&k, i, i == 6 ? 100 : 10);
	draw(&k);
	/* range 0..100: the threshold (50) is on the second row from the bottom */
	s = spark_scale_of(NULL, 0, &k.def);
	assert_true(s.has_threshold);
	assert_int_equal(spark_threshold_row((struct spark_scale){0, 100, true, 50}, 4), 1);
	assert_string_equal(row(&k, 0), "      █ ");
	assert_string_equal(row(&k, 1), "──────█─");
	assert_string_equal(row(&k, 3), "▄▄▄▄▄▄█▄");
	assert_int_equal(canvas_at(k.c, 0, 1)->role, ROLE_THRESHOLD);
	assert_int_equal(canvas_at(k.c, 6, 1)->role, ROLE_SPARK_ALARM);
	assert_int_equal(canvas_at(k.c, 6, 3)->role, ROLE_SPARK_ALARM);
	assert_int_equal(canvas_at(k.c, 5, 3)->role, ROLE_SPARK);
	teardown(&k);
}

static void test_scale_includes_threshold(void **state)
{
	struct spark_col cols[2] = {{true, false, false, 3}, {true, false, false, 7}};
	struct metric_def def;
	struct spark_scale s;

	(void)state;
	memset(&def, 0, sizeof(def));
	s = spark_scale_of(cols, 2, &def);
	assert_true(s.lo == 0 && s.hi == 7);
	def.rule.enabled = true;
	def.rule.threshold = 500;
	s = spark_scale_of(cols, 2, &def);
	assert_true(s.lo == 0 && s.hi == 500);
	cols[0].v = -20;
	s = spark_scale_of(cols, 2, NULL);
	assert_true(s.lo == -20 && s.hi == 7);
	s = spark_scale_of(cols, 0, NULL);
	assert_true(s.hi > s.lo);
}

static void test_provisional_dimmed(void **state)
{
	struct spark_case k;
	int i;

	(void)state;
	setup(&k, 6, 6, 1, true);
	for (i = 0; i < 6; i++)
		put(&k, i, 10);
	/* now is the window's end: with a 120 s lag, periods starting after
	 * now - lag - period (the last two) are provisional */
	k.in.now = k.in.end;
	draw(&k);
	assert_int_equal(canvas_at(k.c, 3, 0)->role, ROLE_SPARK);
	assert_int_equal(canvas_at(k.c, 3, 0)->attrs, 0);
	assert_int_equal(canvas_at(k.c, 4, 0)->role, ROLE_SPARK_PROVISIONAL);
	assert_true(canvas_at(k.c, 4, 0)->attrs & CELL_DIM);
	assert_true(canvas_at(k.c, 5, 0)->attrs & CELL_DIM);
	teardown(&k);
}

static void test_partial_points_provisional(void **state)
{
	struct spark_case k;

	(void)state;
	setup(&k, 2, 2, 1, true);
	series_put(&k.s, T0, 10, POINT_PARTIAL);
	series_put(&k.s, T0 + P, 10, 0);
	draw(&k);
	assert_int_equal(canvas_at(k.c, 0, 0)->role, ROLE_SPARK_PROVISIONAL);
	assert_int_equal(canvas_at(k.c, 1, 0)->role, ROLE_SPARK);
	teardown(&k);
}

static void test_dim_for_stale(void **state)
{
	struct spark_case k;

	(void)state;
	setup(&k, 2, 2, 1, true);
	put(&k, 0, 10);
	put(&k, 1, 10);
	k.in.dim = true;
	draw(&k);
	assert_true(canvas_at(k.c, 0, 0)->attrs & CELL_DIM);
	assert_true(canvas_at(k.c, 1, 0)->attrs & CELL_DIM);
	teardown(&k);
}

static void test_ascii_ramp(void **state)
{
	struct spark_case k;
	int i;

	(void)state;
	setup(&k, 8, 8, 1, false);
	for (i = 0; i < 8; i++)
		put(&k, i, i);
	draw(&k);
	assert_string_equal(row(&k, 0), "_.:;=+*#");
	teardown(&k);

	setup(&k, 2, 2, 3, false);
	set_threshold(&k, 5, CMP_GT);
	put(&k, 0, 1);
	put(&k, 1, 10);
	draw(&k);
	assert_string_equal(row(&k, 0), " #");
	assert_string_equal(row(&k, 1), "-#");
	assert_string_equal(row(&k, 2), ":#");
	teardown(&k);
}

static void test_odd_windows(void **state)
{
	struct spark_case k;
	double lo = 0, hi = 0;

	(void)state;
	setup(&k, 4, 4, 2, true);
	put(&k, 1, 10);
	k.in.end = k.in.start;
	draw(&k);
	assert_string_equal(row(&k, 1), "    ");
	k.in.end = k.in.start - 100;
	draw(&k);
	k.in.start = -5;
	k.in.end = INT64_MAX;
	draw(&k);
	assert_false(spark_minmax(&k.in, &lo, &hi));
	/* a window far longer than the ring holds is bounded by the ring */
	k.in.start = T0 - 100000 * P;
	k.in.end = T0 + 10 * P;
	draw(&k);
	assert_true(spark_minmax(&k.in, &lo, &hi));
	assert_true(lo == 10 && hi == 10);
	spark_draw(k.c, (struct rect){0, 0, 0, 5}, &k.in);
	spark_draw(k.c, (struct rect){-3, -3, 10, 10}, &k.in);
	teardown(&k);
}

static void test_minmax_window(void **state)
{
	struct spark_case k;
	double lo, hi;

	(void)state;
	setup(&k, 4, 4, 1, true);
	put(&k, -3, 999); /* before the window */
	put(&k, 0, 7);
	put(&k, 2, NAN);
	put(&k, 3, 3);
	put(&k, 4, 999); /* after it */
	assert_true(spark_minmax(&k.in, &lo, &hi));
	assert_true(lo == 3 && hi == 7);
	teardown(&k);
}

static void test_display_conversion(void **state)
{
	struct spark_case k;
	struct spark_col col;

	(void)state;
	setup(&k, 1, 1, 1, true);
	k.def.per_second = true;
	k.def.stats[0] = "Sum";
	k.def.nstats = 1;
	put(&k, 0, 600); /* a Sum per minute: 10/s */
	spark_sample(&k.in, &col, 1);
	assert_true(col.present && col.v == 10);
	teardown(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constant_series),
		cmocka_unit_test(test_all_missing),
		cmocka_unit_test(test_one_point_and_gaps),
		cmocka_unit_test(test_nan_never_drawn),
		cmocka_unit_test(test_compression_keeps_spikes),
		cmocka_unit_test(test_less_than_keeps_dips),
		cmocka_unit_test(test_expansion_repeats_periods),
		cmocka_unit_test(test_threshold_line),
		cmocka_unit_test(test_scale_includes_threshold),
		cmocka_unit_test(test_provisional_dimmed),
		cmocka_unit_test(test_partial_points_provisional),
		cmocka_unit_test(test_dim_for_stale),
		cmocka_unit_test(test_ascii_ramp),
		cmocka_unit_test(test_odd_windows),
		cmocka_unit_test(test_minmax_window),
		cmocka_unit_test(test_display_conversion),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
