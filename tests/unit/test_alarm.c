/* Unit tests: src/alarm.c, CloudWatch-style M-of-N evaluation. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/alarm.h"

#define P   60
#define LAG 60
#define T0  INT64_C(1765977780) /* a minute boundary */
/* Now is 30 s into a minute; the newest complete, published period is: */
#define NOW  (T0 + 600 + 30)
#define LAST (T0 + 480) /* align_down(NOW - LAG, P) - P */

struct fixture {
	struct metric_def m;
	struct metric_series s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || series_init(&f->s, P, 200) != 0)
		return -1;
	f->m.period = P;
	f->m.scale = 1.0;
	f->m.rule.enabled = true;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	series_free(&f->s);
	free(f);
	return 0;
}

static void rule(struct fixture *f, enum cmp_op cmp, double threshold, int m, int n)
{
	f->m.rule.cmp = cmp;
	f->m.rule.threshold = threshold;
	f->m.rule.datapoints = m;
	f->m.rule.periods = n;
}

/* put: a value k periods before LAST (k = 0 is LAST itself). */
static void put(struct fixture *f, int k, double v)
{
	assert_true(series_put(&f->s, LAST - (int64_t)k * P, v, 0));
}

static struct alarm_result eval(struct fixture *f)
{
	return alarm_eval(&f->m, &f->s, NOW, LAG);
}

static void test_latency_default_rule(void **state)
{
	struct fixture *f = *state;
	struct alarm_result r;

	/* API Gateway Latency, Average > 500 ms for 3 of 3 periods. */
	rule(f, CMP_GT, 500, 3, 3);
	put(f, 0, 600);
	put(f, 1, 700);
	put(f, 2, 800);
	r = eval(f);
	assert_int_equal(r.state, STATE_ALARM);
	assert_int_equal(r.breaching, 3);
	assert_int_equal(r.present, 3);
	assert_true(r.has_value);
	assert_true(r.value == 600);
	assert_int_equal(r.value_ts, LAST);
	assert_int_equal(r.age, NOW - (LAST + P));
	put(f, 1, 400); /* one period below: 2 of 3 is not enough */
	r = eval(f);
	assert_int_equal(r.state, STATE_OK);
	assert_int_equal(r.breaching, 2);
}

static void test_concurrency_default_rule(void **state)
{
	struct fixture *f = *state;
	struct alarm_result r;

	/* Lambda ConcurrentExecutions, Maximum > 18000 for 2 of 2. */
	rule(f, CMP_GT, 18000, 2, 2);
	put(f, 0, 18001);
	put(f, 1, 17000);
	assert_int_equal(eval(f).state, STATE_OK);
	put(f, 1, 19000);
	r = eval(f);
	assert_int_equal(r.state, STATE_ALARM);
	assert_int_equal(r.breaching, 2);
	put(f, 0, 18000); /* exactly the threshold does not breach GT */
	assert_int_equal(eval(f).state, STATE_OK);
}

static void test_missing_periods_are_skipped(void **state)
{
	struct fixture *f = *state;
	struct alarm_result r;

	rule(f, CMP_GT, 500, 3, 3);
	/* Gaps at k = 1 and 3: the 3 newest present points are k = 0, 2, 4. */
	put(f, 0, 600);
	put(f, 2, 600);
	put(f, 4, 600);
	put(f, 5, 100); /* older than the 3 taken: not counted */
	r = eval(f);
	assert_int_equal(r.state, STATE_ALARM);
	assert_int_equal(r.present, 3);
	assert_int_equal(r.breaching, 3);
}

static void test_range_is_bounded(void **state)
{
	struct fixture *f = *state;
	struct alarm_result r;

	/* N = 3: the range is max(6, 5) = 6 periods, k = 0..5. */
	rule(f, CMP_GT, 500, 2, 3);
	put(f, 0, 600);
	put(f, 6, 600); /* just outside the range */
	put(f, 7, 600);
	r = eval(f);
	assert_int_equal(r.present, 1);
	assert_int_equal(r.breaching, 1);
	assert_int_equal(r.state, STATE_OK);
	put(f, 5, 600); /* the oldest period of the range counts */
	r = eval(f);
	assert_int_equal(r.present, 2);
	assert_int_equal(r.state, STATE_ALARM);
}

static void test_unpublished_periods_ignored(void **state)
{
	struct fixture *f = *state;
	struct alarm_result r;

	rule(f, CMP_GT, 500, 1, 1);
	/* Only the periods still being published have data (k < 0). */
	assert_true(series_put(&f->s, LAST + P, 9999, 0));
	assert_true(series_put(&f->s, LAST + 2 * P, 9999, 0));
	r = eval(f);
	assert_int_equal(r.state, STATE_NO_DATA);
	assert_false(r.has_value);
	put(f, 0, 100);
	r = eval(f);
	assert_int_equal(r.state, STATE_OK);
	assert_true(r.value == 100);
}

static void test_no_data(void **state)
{
	struct fixture *f = *state;
	struct alarm_result r;

	rule(f, CMP_GT, 500, 1, 1);
	r = eval(f);
	assert_int_equal(r.state, STATE_NO_DATA);
	assert_false(r.has_value);
	assert_int_equal(r.age, 0);
	r = alarm_eval(&f->m, NULL, NOW, LAG);
	assert_int_equal(r.state, STATE_NO_DATA);
	/* Data older than the range: STALE with its age, not NO DATA, and the
	 * last value is known. */
	put(f, 10, 700);
	r = eval(f);
	assert_int_equal(r.state, STATE_STALE);
	assert_true(r.age > 2 * P + LAG);
	assert_true(r.has_value);
	assert_int_equal(r.value_ts, LAST - 10 * P);
	assert_int_equal(r.present, 0);
}

static void test_gt_versus_ge_at_threshold(void **state)
{
	struct fixture *f = *state;

	put(f, 0, 500);
	rule(f, CMP_GT, 500, 1, 1);
	assert_int_equal(eval(f).state, STATE_OK);
	rule(f, CMP_GE, 500, 1, 1);
	assert_int_equal(eval(f).state, STATE_ALARM);
	rule(f, CMP_LT, 500, 1, 1);
	assert_int_equal(eval(f).state, STATE_OK);
	rule(f, CMP_LE, 500, 1, 1);
	assert_int_equal(eval(f).state, STATE_ALARM);
	put(f, 0, 499.999);
	rule(f, CMP_LT, 500, 1, 1);
	assert_int_equal(eval(f).state, STATE_ALARM);
}

static void test_per_second_and_scale(void **state)
{
	struct fixture *f = *state;
	struct alarm_result r;

	/* A Count Sum of 60000 per minute is 1000/s; threshold 900/s. */
	f->m.per_second = true;
	f->m.stats[0] = "Sum";
	f->m.nstats = 1;
	rule(f, CMP_GT, 900, 1, 1);
	put(f, 0, 60000);
	r = eval(f);
	assert_int_equal(r.state, STATE_ALARM);
	assert_true(r.value == 1000);
	put(f, 0, 50000); /* 833/s */
	assert_int_equal(eval(f).state, STATE_OK);
	/* Seconds shown as ms: 0.6 s is 600 ms, above 500 ms. */
	f->m.per_second = false;
	f->m.scale = 1000;
	rule(f, CMP_GT, 500, 1, 1);
	put(f, 0, 0.6);
	r = eval(f);
	assert_int_equal(r.state, STATE_ALARM);
	assert_true(fabs(r.value - 600) < 1e-9);
}

static void test_warn_lines(void **state)
{
	struct fixture *f = *state;
	struct alarm_rule gt = {.threshold = 500, .cmp = CMP_GT, .warn_ratio = 0.8};
	struct alarm_rule lt = {.threshold = 10, .cmp = CMP_LT, .warn_ratio = 0.8};
	struct alarm_rule neg = {.threshold = -5, .cmp = CMP_GT, .warn_ratio = 0.8};

	assert_true(alarm_warns(&gt, 401));
	assert_false(alarm_warns(&gt, 400));
	assert_true(alarm_warns(&gt, 900)); /* beyond the threshold warns too */
	assert_true(alarm_warns(&lt, 12.4));
	assert_false(alarm_warns(&lt, 12.5));
	assert_false(alarm_warns(&neg, 100)); /* no warning line below zero */
	gt.warn_ratio = 0;
	assert_false(alarm_warns(&gt, 499));
	assert_false(alarm_breaches(&gt, NAN));

	/* WARN from the newest value even if older ones are high. */
	rule(f, CMP_GT, 500, 2, 2);
	f->m.rule.warn_ratio = 0.8;
	put(f, 0, 450);
	put(f, 1, 600);
	assert_int_equal(eval(f).state, STATE_WARN);
	put(f, 0, 300);
	assert_int_equal(eval(f).state, STATE_OK);
	put(f, 0, 650); /* ALARM wins over WARN */
	assert_int_equal(eval(f).state, STATE_ALARM);
	/* LT with a warning line above the threshold. */
	rule(f, CMP_LT, 10, 1, 1);
	put(f, 0, 12);
	assert_int_equal(eval(f).state, STATE_WARN);
	put(f, 0, 13);
	assert_int_equal(eval(f).state, STATE_OK);
}

static void test_stale_boundary(void **state)
{
	struct fixture *f = *state;
	int64_t ts = T0;
	int64_t now = ts + P + 2 * P + LAG; /* age exactly 2P + L */
	struct alarm_result r;

	rule(f, CMP_GT, 500, 1, 1);
	assert_true(series_put(&f->s, ts, 900, 0));
	r = alarm_eval(&f->m, &f->s, now, LAG);
	assert_int_equal(r.age, 2 * P + LAG);
	assert_int_equal(r.state, STATE_ALARM);
	r = alarm_eval(&f->m, &f->s, now + 1, LAG);
	assert_int_equal(r.age, 2 * P + LAG + 1);
	assert_int_equal(r.state, STATE_STALE);
	assert_int_equal(r.breaching, 1); /* still counted, for the details */
	/* With a smaller lag the same point is stale sooner. */
	r = alarm_eval(&f->m, &f->s, now - 30, LAG - 31);
	assert_int_equal(r.state, STATE_STALE);
	/* Negative lag counts as 0. */
	r = alarm_eval(&f->m, &f->s, ts + 2 * P, -100);
	assert_int_equal(r.state, STATE_ALARM);
}

/* Polled every 5 minutes, a healthy series' newest point is up to I + P
 * old just before a poll: not STALE until I + P + L. A poll interval at or
 * below the period changes nothing. */
static void test_stale_follows_poll_interval(void **state)
{
	struct fixture *f = *state;
	int64_t ts = T0;
	int interval = 5 * P;
	struct alarm_result r;

	rule(f, CMP_GT, 500, 1, 1);
	assert_true(series_put(&f->s, ts, 100, 0));
	assert_int_equal(alarm_eval(&f->m, &f->s, ts + P + 2 * P + LAG + 1, LAG).state,
			 STATE_STALE);
	assert_int_equal(
		alarm_eval_polled(&f->m, &f->s, ts + P + 2 * P + LAG + 1, LAG, interval).state,
		STATE_OK);
	r = alarm_eval_polled(&f->m, &f->s, ts + P + interval + P + LAG, LAG, interval);
	assert_int_equal(r.state, STATE_OK);
	assert_int_equal(r.age, interval + P + LAG); /* the real age, shown */
	assert_int_equal(
		alarm_eval_polled(&f->m, &f->s, ts + P + interval + P + LAG + 1, LAG, interval)
			.state,
		STATE_STALE);
	assert_int_equal(alarm_eval_polled(&f->m, &f->s, ts + P + 2 * P + LAG + 1, LAG, P).state,
			 STATE_STALE);
}

static void test_disabled_rule_never_alarms(void **state)
{
	struct fixture *f = *state;
	struct alarm_result r;

	rule(f, CMP_GT, 500, 1, 1);
	f->m.rule.warn_ratio = 0.5;
	f->m.rule.enabled = false;
	put(f, 0, 900);
	r = eval(f);
	assert_int_equal(r.state, STATE_OK);
	assert_int_equal(r.breaching, 1);
	r = alarm_eval(&f->m, &f->s, NOW + 2 * P, LAG); /* k = 2 with 30 s over */
	assert_int_equal(r.state, STATE_STALE);
}

static void test_odd_rule_values_clamped(void **state)
{
	struct fixture *f = *state;

	put(f, 0, 900);
	put(f, 1, 900);
	rule(f, CMP_GT, 500, 0, 0); /* treated as 1 of 1 */
	assert_int_equal(eval(f).state, STATE_ALARM);
	rule(f, CMP_GT, 500, 5, 2); /* M > N: treated as 2 of 2 */
	assert_int_equal(eval(f).state, STATE_ALARM);
	rule(f, CMP_GT, 500, 1, 1000000); /* huge N: bounded, no hang */
	assert_int_equal(eval(f).state, STATE_ALARM);
}

static void test_hourly_period(void **state)
{
	struct metric_def m = {.period = 3600, .scale = 1.0};
	struct metric_series s;
	int64_t h = INT64_C(1765976400); /* an hour boundary */

	(void)state;
	m.rule = (struct alarm_rule){
		.enabled = true, .threshold = 1, .cmp = CMP_GE, .datapoints = 1, .periods = 1};
	assert_int_equal(series_init(&s, 3600, 50), 0);
	series_put(&s, h, 1, 0);
	/* The hour [h, h+3600) is published at h + 3600 + lag. */
	assert_int_equal(alarm_eval(&m, &s, h + 3600 + 299, 300).state, STATE_NO_DATA);
	assert_int_equal(alarm_eval(&m, &s, h + 3600 + 300, 300).state, STATE_ALARM);
	series_free(&s);
}

static void test_state_words(void **state)
{
	(void)state;
	assert_string_equal(alarm_state_word(STATE_OK), "OK");
	assert_string_equal(alarm_state_word(STATE_WARN), "WARN");
	assert_string_equal(alarm_state_word(STATE_ALARM), "ALARM");
	assert_string_equal(alarm_state_word(STATE_NO_DATA), "NO DATA");
	assert_string_equal(alarm_state_word(STATE_STALE), "STALE");
	assert_string_equal(alarm_state_word(STATE_ERROR), "ERROR");
	assert_string_equal(alarm_state_word((enum alarm_state)42), "?");
}

static void test_track_transitions(void **state)
{
	struct alarm_track t = {0};

	(void)state;
	assert_false(alarm_track_update(&t, STATE_NO_DATA, 100));
	assert_int_equal(t.since, 100);
	assert_false(alarm_track_update(&t, STATE_OK, 160));
	assert_int_equal(t.since, 160);
	assert_true(alarm_track_update(&t, STATE_ALARM, 220));
	assert_int_equal(t.since, 220);
	assert_false(alarm_track_update(&t, STATE_ALARM, 280)); /* still ALARM */
	assert_int_equal(t.since, 220);
	assert_false(alarm_track_update(&t, STATE_STALE, 340));
	assert_true(alarm_track_update(&t, STATE_ALARM, 400)); /* back in: rings again */
	assert_false(alarm_track_update(&t, STATE_ERROR, 460));
	assert_int_equal(t.state, STATE_ERROR);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_latency_default_rule),
		T(test_concurrency_default_rule),
		T(test_missing_periods_are_skipped),
		T(test_range_is_bounded),
		T(test_unpublished_periods_ignored),
		T(test_no_data),
		T(test_gt_versus_ge_at_threshold),
		T(test_per_second_and_scale),
		T(test_warn_lines),
		T(test_stale_boundary),
		T(test_stale_follows_poll_interval),
		T(test_disabled_rule_never_alarms),
		T(test_odd_rule_values_clamped),
		cmocka_unit_test(test_hourly_period),
		cmocka_unit_test(test_state_words),
		cmocka_unit_test(test_track_transitions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
