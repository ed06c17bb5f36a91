/* Unit tests: src/metric_def.c, the helpers around struct metric_def. */
#include "config.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/metric_def.h"
#include "src/xalloc.h"

static void test_stat_in_use(void **state)
{
	struct metric_def m = {0};

	(void)state;
	assert_string_equal(metric_def_stat(&m), "Average"); /* none configured */
	m.stats[0] = "p99";
	m.stats[1] = "Maximum";
	m.nstats = 2;
	assert_string_equal(metric_def_stat(&m), "p99");
	m.stat_index = 1;
	assert_string_equal(metric_def_stat(&m), "Maximum");
	m.stat_index = 7; /* out of range: back to the default */
	assert_string_equal(metric_def_stat(&m), "p99");
}

static void test_display_scale_and_rate(void **state)
{
	struct metric_def m = {.period = 60, .scale = 1.0, .stats = {"Sum"}, .nstats = 1};

	(void)state;
	assert_true(metric_def_display(&m, 42.0) == 42.0);
	m.scale = 1000.0; /* seconds -> ms */
	assert_true(metric_def_display(&m, 0.25) == 250.0);
	m.scale = 1.0;
	m.per_second = true; /* a Sum per minute -> per second */
	assert_true(metric_def_display(&m, 120.0) == 2.0);
	m.scale = 100.0; /* divide first, then scale */
	assert_true(metric_def_display(&m, 3.0) == 5.0);
	m.scale = 0.0; /* unset scale counts as 1 */
	assert_true(metric_def_display(&m, 60.0) == 1.0);
	m.period = 0; /* no period: no division */
	assert_true(metric_def_display(&m, 60.0) == 60.0);
}

/* per_second makes a rate of a total only: a Maximum or a p99 of the same
 * metric is shown as CloudWatch gives it, without the rate's unit. */
static void test_rate_only_for_totals(void **state)
{
	char *stats[] = {"Sum", "Maximum", "p99", "SampleCount", "TS(10%:90%)", "tc90", "Average"};
	const bool rate[] = {true, false, false, true, true, true, false};
	struct metric_def m = {.period = 60, .per_second = true, .unit = "/s"};

	(void)state;
	for (size_t i = 0; i < sizeof(stats) / sizeof(stats[0]); i++) {
		m.stats[0] = stats[i];
		m.nstats = 1;
		assert_int_equal(metric_def_rate(&m), rate[i]);
		assert_true(metric_def_display(&m, 120.0) == (rate[i] ? 2.0 : 120.0));
		assert_string_equal(metric_def_unit(&m), rate[i] ? "/s" : "");
	}
	/* An expression has no statistic: per_second was asked for. */
	m.stats[0] = "Maximum";
	m.expression = "m1 + m2";
	assert_true(metric_def_rate(&m));
	m.expression = NULL;
	/* Without per_second the unit is the configured one, whatever the stat. */
	m.per_second = false;
	m.unit = "ms";
	assert_string_equal(metric_def_unit(&m), "ms");
	m.unit = NULL;
	assert_string_equal(metric_def_unit(&m), "");
}

static void test_copy_is_deep_and_free_resets(void **state)
{
	struct metric_def src = {0}, dst;

	(void)state;
	src.id = "lat";
	src.label = "Latency";
	src.namespace_ = "AWS/ApiGateway";
	src.metric_name = "Latency";
	src.dims[0].name = "ApiName";
	src.dims[0].value = "shop";
	src.ndims = 1;
	src.stats[0] = "Average";
	src.stats[1] = "p99";
	src.nstats = 2;
	src.stat_index = 1;
	src.period = 60;
	src.unit = "ms";
	src.scale = 1.0;
	src.rule.threshold = 500;
	src.rule.enabled = true;
	metric_def_copy(&dst, &src);
	assert_ptr_not_equal(dst.id, src.id);
	assert_string_equal(dst.id, "lat");
	assert_string_equal(dst.namespace_, "AWS/ApiGateway");
	assert_string_equal(dst.dims[0].value, "shop");
	assert_ptr_not_equal(dst.dims[0].value, src.dims[0].value);
	assert_null(dst.dims[1].name);
	assert_string_equal(metric_def_stat(&dst), "p99");
	assert_null(dst.expression);
	assert_true(dst.rule.threshold == 500);
	metric_def_free(&dst);
	assert_null(dst.id);
	assert_int_equal(dst.ndims, 0);
	assert_int_equal(dst.nstats, 0);
	metric_def_free(&dst); /* twice is harmless */
	metric_def_free(NULL);
}

static void test_cmp_symbols(void **state)
{
	(void)state;
	assert_string_equal(cmp_symbol(CMP_GT), ">");
	assert_string_equal(cmp_symbol(CMP_GE), ">=");
	assert_string_equal(cmp_symbol(CMP_LT), "<");
	assert_string_equal(cmp_symbol(CMP_LE), "<=");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat_in_use),
		cmocka_unit_test(test_display_scale_and_rate),
		cmocka_unit_test(test_rate_only_for_totals),
		cmocka_unit_test(test_copy_is_deep_and_free_resets),
		cmocka_unit_test(test_cmp_symbols),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
