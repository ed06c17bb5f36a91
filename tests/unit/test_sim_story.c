/* Unit tests: src/sim_story.c, the demo endpoint's data. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/sim_story.h"

/* Any fixed time will do; this one is 2026-01-05 10:00:00 UTC. */
#define BASE      1767607200
#define SETTLED   INT64_MAX
#define LOOP_SECS (SIM_STORY_MINUTES * 60)

static const struct sim_dim api_dims[] = {{"ApiName", SIM_API_NAME}, {"Stage", SIM_API_STAGE}};
static const struct sim_dim api_dims_swapped[] = {{"Stage", SIM_API_STAGE},
						  {"ApiName", SIM_API_NAME}};
static const struct sim_dim feeds[] = {{"TableName", SIM_TABLE_FEEDS}};
static const struct sim_dim feeds_get[] = {{"TableName", SIM_TABLE_FEEDS},
					   {"Operation", "GetItem"}};
static const struct sim_dim queue[] = {{"QueueName", SIM_QUEUE_NAME}};

static const struct sim_metric latency = {"AWS/ApiGateway", "Latency", api_dims, 2};
static const struct sim_metric count = {"AWS/ApiGateway", "Count", api_dims, 2};
static const struct sim_metric err5xx = {"AWS/ApiGateway", "5XXError", api_dims, 2};
static const struct sim_metric concurrency = {"AWS/Lambda", "ConcurrentExecutions", NULL, 0};
static const struct sim_metric throttles = {"AWS/Lambda", "Throttles", NULL, 0};
static const struct sim_metric rcu = {"AWS/DynamoDB", "ConsumedReadCapacityUnits", feeds, 1};
static const struct sim_metric wcu = {"AWS/DynamoDB", "ConsumedWriteCapacityUnits", feeds, 1};
static const struct sim_metric ddb_throttled = {"AWS/DynamoDB", "ThrottledRequests", feeds_get, 2};
static const struct sim_metric queue_age = {"AWS/SQS", "ApproximateAgeOfOldestMessage", queue, 1};

/* at: the start of the minute with this phase in the loop after BASE. */
static int64_t at(int phase)
{
	return sim_story_time_of(BASE, phase);
}

static double value(const char *region, const struct sim_metric *m, const char *stat, int64_t t)
{
	struct sim_stat st;
	double v = -1;

	assert_int_equal(sim_stat_parse(stat, &st), 0);
	assert_true(sim_story_value(region, m, &st, 60, t, SETTLED, &v));
	return v;
}

static bool present(const char *region, const struct sim_metric *m, const char *stat, int64_t t)
{
	struct sim_stat st;
	double v;

	assert_int_equal(sim_stat_parse(stat, &st), 0);
	return sim_story_value(region, m, &st, 60, t, SETTLED, &v);
}

static void assert_near(double got, double want, double rel)
{
	if (fabs(got - want) > fabs(want) * rel)
		fail_msg("got %.3f, want %.3f within %.1f%%", got, want, rel * 100);
}

static void test_phase_helpers(void **state)
{
	(void)state;
	assert_int_equal(sim_story_phase(0), 0);
	assert_int_equal(sim_story_phase(59), 0);
	assert_int_equal(sim_story_phase(60), 1);
	assert_int_equal(sim_story_phase(LOOP_SECS), 0);
	assert_int_equal(sim_story_phase(-1), SIM_STORY_MINUTES - 1);
	for (int p = 0; p < SIM_STORY_MINUTES; p++) {
		int64_t t = at(p);

		assert_int_equal(sim_story_phase(t), p);
		assert_int_equal(t % 60, 0);
		assert_true(t <= BASE + LOOP_SECS && t > BASE - LOOP_SECS);
		assert_true(strlen(sim_story_caption(p)) > 0);
	}
	assert_string_equal(sim_story_caption(-1), "");
}

/* The plan's figures: 500 users ~ 10,681 req/s at 35 ms; 2,000 ~ 27,535
 * at 55 ms; 5,000: throughput falls to ~18,371 at 107 ms with 0.39% 5XX. */
static void test_plan_figures(void **state)
{
	static const struct {
		int first, last;
		double users, rps, latency, err;
	} plateaus[] = {
		{4, 8, 500, 10681, 35, 0.0003},
		{10, 14, 2000, 27535, 55, 0.0005},
		{16, 20, 5000, 18371, 107, 0.0039},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(plateaus) / sizeof(plateaus[0]); i++) {
		for (int p = plateaus[i].first; p <= plateaus[i].last; p++) {
			struct sim_story_figures f;

			assert_true(sim_story_figures("us-east-1", at(p), &f));
			assert_near(f.users, plateaus[i].users, 0.001);
			assert_near(f.requests_per_s, plateaus[i].rps, 0.001);
			assert_near(f.latency_avg_ms, plateaus[i].latency, 0.001);
			/* What the endpoint serves: Count Sum per minute (the
			 * client divides by the period), with ~1% noise. */
			assert_near(value("us-east-1", &count, "Sum", at(p)) / 60, plateaus[i].rps,
				    0.02);
			assert_near(value("us-east-1", &latency, "Average", at(p)),
				    plateaus[i].latency, 0.02);
			assert_near(value("us-east-1", &err5xx, "Average", at(p)), plateaus[i].err,
				    0.05);
		}
	}
	/* Throughput falls at 5,000 users. */
	assert_true(value("us-east-1", &count, "Sum", at(18)) <
		    value("us-east-1", &count, "Sum", at(12)));
	assert_false(sim_story_figures("us-west-2", at(5), &(struct sim_story_figures){0}));
}

static void test_deterministic(void **state)
{
	(void)state;
	for (int p = 0; p < SIM_STORY_MINUTES; p++) {
		assert_true(value("us-east-1", &latency, "p99", at(p)) ==
			    value("us-east-1", &latency, "p99", at(p)));
		assert_true(value("eu-west-1", &count, "Sum", at(p)) ==
			    value("eu-west-1", &count, "Sum", at(p)));
	}
	/* Noise varies from minute to minute, but stays small. */
	assert_true(value("us-east-1", &latency, "Average", at(5)) !=
		    value("us-east-1", &latency, "Average", at(6)));
}

static void test_loops(void **state)
{
	(void)state;
	for (int p = 0; p < SIM_STORY_MINUTES; p++) {
		int64_t t = at(p);
		double a = value("us-east-1", &latency, "Average", t);
		double b = value("us-east-1", &latency, "Average", t + LOOP_SECS);
		double c = value("us-east-1", &latency, "Average", t - 7 * LOOP_SECS);

		assert_int_equal(sim_story_phase(t + LOOP_SECS), p);
		assert_near(b, a, 0.025);
		assert_near(c, a, 0.025);
	}
	/* Far in the past and future there is still a value (the history
	 * before "now" is always full). */
	assert_true(present("us-east-1", &count, "Sum", 60));
	assert_true(present("us-east-1", &count, "Sum", 4102444800));
}

/* longest_run: the longest run of consecutive minutes over a full loop
 * (and the wrap) where the statistic is above the threshold. */
static int longest_run(const char *region, const struct sim_metric *m, const char *stat,
		       double threshold)
{
	int run = 0, best = 0;

	for (int i = 0; i < 2 * SIM_STORY_MINUTES; i++) {
		int64_t t = at(0) + (int64_t)i * 60;
		struct sim_stat st;
		double v;

		sim_stat_parse(stat, &st);
		if (sim_story_value(region, m, &st, 60, t, SETTLED, &v) && v > threshold)
			run++;
		else
			run = 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void test_latency_alarm_story(void **state)
{
	(void)state;
	/* More than three consecutive periods above 500 ms: the 3-of-3 alarm
	 * fires, in us-east-1 only. */
	assert_true(longest_run("us-east-1", &latency, "Average", 500) > 3);
	assert_int_equal(longest_run("eu-west-1", &latency, "Average", 500), 0);
	assert_int_equal(longest_run("ap-south-1", &latency, "Average", 500), 0);
	assert_true(value("us-east-1", &latency, "Average", at(23)) > 500);
	assert_true(value("us-east-1", &latency, "Average", at(29)) > 500);
	assert_true(value("us-east-1", &latency, "Average", at(22)) < 500);
	assert_true(value("us-east-1", &latency, "Average", at(30)) < 500);
}

static void test_concurrency_story(void **state)
{
	(void)state;
	assert_true(longest_run("us-east-1", &concurrency, "Maximum", 18000) >= 2);
	assert_int_equal(longest_run("eu-west-1", &concurrency, "Maximum", 18000), 0);
	assert_true(value("us-east-1", &concurrency, "Maximum", at(24)) > 18000);
	assert_true(value("us-east-1", &concurrency, "Maximum", at(12)) < 18000);
	/* Average and Minimum stay under the Maximum. */
	assert_true(value("us-east-1", &concurrency, "Average", at(24)) <
		    value("us-east-1", &concurrency, "Maximum", at(24)));
}

static void test_dynamodb_ceilings(void **state)
{
	double max_rcu = 0, max_wcu = 0;

	(void)state;
	for (int p = 0; p < SIM_STORY_MINUTES; p++) {
		double r = value("us-east-1", &rcu, "Sum", at(p)) / 60;
		double w = value("us-east-1", &wcu, "Sum", at(p)) / 60;

		assert_true(r <= SIM_FEEDS_RCU_MAX);
		assert_true(w <= SIM_FEEDS_WCU_MAX);
		max_rcu = fmax(max_rcu, r);
		max_wcu = fmax(max_wcu, w);
		/* DynamoDB publishes ThrottledRequests only when there are
		 * some: absent before the throttling, present during it. */
		if (p < 15 || p > 31)
			assert_false(present("us-east-1", &ddb_throttled, "Sum", at(p)));
		if (p >= 16 && p <= 28)
			assert_true(value("us-east-1", &ddb_throttled, "Sum", at(p)) > 0);
	}
	assert_true(max_rcu > 0.99 * SIM_FEEDS_RCU_MAX);
	assert_true(max_wcu > 0.99 * SIM_FEEDS_WCU_MAX);
	/* The other regions stay far from the ceiling and never throttle. */
	for (int p = 0; p < SIM_STORY_MINUTES; p++)
		assert_false(present("eu-west-1", &ddb_throttled, "Sum", at(p)));
}

static void test_lambda_throttles_appear(void **state)
{
	(void)state;
	assert_true(value("us-east-1", &throttles, "Sum", at(5)) == 0);
	assert_true(value("us-east-1", &throttles, "Sum", at(12)) == 0);
	for (int p = 16; p <= 29; p++)
		assert_true(value("us-east-1", &throttles, "Sum", at(p)) > 0);
}

static void test_queue_age_crosses_300(void **state)
{
	(void)state;
	assert_true(longest_run("us-east-1", &queue_age, "Maximum", 300) >= 3);
	assert_true(value("us-east-1", &queue_age, "Maximum", at(5)) < 300);
	assert_int_equal(longest_run("eu-west-1", &queue_age, "Maximum", 300), 0);
}

static void test_ap_south_1_outage(void **state)
{
	(void)state;
	assert_true(present("ap-south-1", &count, "Sum", at(SIM_STORY_OUTAGE_FIRST - 1)));
	for (int p = SIM_STORY_OUTAGE_FIRST; p <= SIM_STORY_OUTAGE_LAST; p++) {
		assert_true(sim_story_outage("ap-south-1", at(p)));
		assert_false(present("ap-south-1", &count, "Sum", at(p)));
		assert_false(present("ap-south-1", &latency, "Average", at(p)));
		assert_true(present("us-east-1", &count, "Sum", at(p)));
	}
	assert_true(present("ap-south-1", &count, "Sum", at(SIM_STORY_OUTAGE_LAST + 1)));
	assert_false(sim_story_outage("us-east-1", at(SIM_STORY_OUTAGE_FIRST)));
}

static void test_regional_shares(void **state)
{
	(void)state;
	for (int p = 0; p < SIM_STORY_MINUTES; p++) {
		double us = value("us-east-1", &count, "Sum", at(p));

		assert_true(value("eu-west-1", &count, "Sum", at(p)) < us);
		if (!sim_story_outage("ap-south-1", at(p)))
			assert_true(value("ap-south-1", &count, "Sum", at(p)) <
				    value("eu-west-1", &count, "Sum", at(p)));
	}
}

/* Every statistic of one minute agrees with the others. */
static void test_statistics_consistent(void **state)
{
	(void)state;
	for (int p = 0; p < SIM_STORY_MINUTES; p++) {
		int64_t t = at(p);
		double avg = value("us-east-1", &latency, "Average", t);
		double p50 = value("us-east-1", &latency, "p50", t);
		double p90 = value("us-east-1", &latency, "p90", t);
		double p99 = value("us-east-1", &latency, "p99", t);
		double max = value("us-east-1", &latency, "Maximum", t);
		double min = value("us-east-1", &latency, "Minimum", t);
		double sum = value("us-east-1", &latency, "Sum", t);
		double n = value("us-east-1", &latency, "SampleCount", t);

		assert_true(min < p50 && p50 < avg && avg < p90 && p90 < p99 && p99 <= max);
		assert_near(sum, avg * n, 1e-9);
		assert_true(n == value("us-east-1", &count, "Sum", t));
		assert_true(value("us-east-1", &latency, "p100", t) == max);
		assert_true(value("us-east-1", &latency, "p0", t) == min);
		assert_true(value("us-east-1", &count, "Average", t) == 1);
	}
}

static void test_metric_identity(void **state)
{
	static const struct sim_metric swapped = {"AWS/ApiGateway", "Latency", api_dims_swapped, 2};
	static const struct sim_metric api_only = {"AWS/ApiGateway", "Latency", api_dims, 1};
	static const struct sim_dim wrong[] = {{"ApiName", "other-api"}, {"Stage", "staging"}};
	static const struct sim_metric wrong_api = {"AWS/ApiGateway", "Latency", wrong, 2};
	static const struct sim_metric no_dims = {"AWS/ApiGateway", "Latency", NULL, 0};
	static const struct sim_metric unknown = {"AWS/EC2", "CPUUtilization", NULL, 0};
	static const struct sim_metric lower = {"aws/apigateway", "Latency", api_dims, 2};

	(void)state;
	assert_true(sim_story_metric_exists(&latency));
	assert_true(sim_story_metric_exists(&swapped));
	assert_true(sim_story_metric_exists(&api_only)); /* {ApiName} alone is published */
	assert_false(sim_story_metric_exists(&wrong_api));
	assert_false(sim_story_metric_exists(&no_dims));
	assert_false(sim_story_metric_exists(&unknown));
	assert_false(sim_story_metric_exists(&lower));
	assert_false(present("us-east-1", &unknown, "Average", at(5)));
	assert_false(present("us-west-2", &latency, "Average", at(5)));
	assert_false(present(NULL, &latency, "Average", at(5)));
	assert_true(value("us-east-1", &swapped, "Average", at(5)) ==
		    value("us-east-1", &latency, "Average", at(5)));
}

static void test_periods(void **state)
{
	struct sim_stat sum, max, avg;
	double v5, v1 = 0, m1 = 0, v;

	(void)state;
	sim_stat_parse("Sum", &sum);
	sim_stat_parse("Maximum", &max);
	sim_stat_parse("Average", &avg);
	assert_true(sim_story_value("us-east-1", &count, &sum, 300, at(10), SETTLED, &v5));
	for (int i = 0; i < 5; i++) {
		double s, m;

		assert_true(
			sim_story_value("us-east-1", &count, &sum, 60, at(10 + i), SETTLED, &s));
		assert_true(
			sim_story_value("us-east-1", &latency, &max, 60, at(10 + i), SETTLED, &m));
		v1 += s;
		m1 = fmax(m1, m);
	}
	assert_near(v5, v1, 1e-12);
	assert_true(sim_story_value("us-east-1", &latency, &max, 300, at(10), SETTLED, &v));
	assert_true(v == m1);
	/* A day-long period is sampled, not walked minute by minute, and still
	 * has the right order of magnitude. */
	assert_true(sim_story_value("us-east-1", &count, &sum, 86400, at(0), SETTLED, &v));
	assert_true(v > 1e9 && v < 3e9);
	assert_true(sim_story_value("us-east-1", &latency, &avg, 86400, at(0), SETTLED, &v));
	assert_true(v > 30 && v < 400);
	/* Sub-minute periods: AWS metrics are one-minute data. */
	assert_true(sim_story_value("us-east-1", &count, &sum, 10, at(10), SETTLED, &v));
	assert_false(sim_story_value("us-east-1", &count, &sum, 10, at(10) + 10, SETTLED, &v));
	assert_false(sim_story_value("us-east-1", &count, &sum, 0, at(10), SETTLED, &v));
}

static void test_revisions_and_now(void **state)
{
	struct sim_stat sum, avg;
	int64_t t = at(12);
	double settled, fresh, a1, a2;

	(void)state;
	sim_stat_parse("Sum", &sum);
	sim_stat_parse("Average", &avg);
	assert_true(sim_story_value("us-east-1", &count, &sum, 60, t, SETTLED, &settled));
	/* Not complete yet: no datapoint. */
	assert_false(sim_story_value("us-east-1", &count, &sum, 60, t, t + 59, &fresh));
	/* Just complete: still being revised upwards. */
	assert_true(sim_story_value("us-east-1", &count, &sum, 60, t, t + 60, &fresh));
	assert_true(fresh < settled && fresh > 0.75 * settled);
	assert_true(sim_story_value("us-east-1", &count, &sum, 60, t, t + 120, &a1));
	assert_true(a1 > fresh && a1 < settled);
	assert_true(sim_story_value("us-east-1", &count, &sum, 60, t, t + 180, &a1));
	assert_true(a1 == settled);
	/* The revision leaves averages alone. */
	assert_true(sim_story_value("us-east-1", &latency, &avg, 60, t, t + 61, &a1));
	assert_true(sim_story_value("us-east-1", &latency, &avg, 60, t, SETTLED, &a2));
	assert_near(a1, a2, 1e-9);
}

static void test_stat_parse(void **state)
{
	static const char *const good[] = {"SampleCount", "Average", "Sum",  "Minimum", "Maximum",
					   "p99",         "p99.9",   "p0",   "p100",    "tm90",
					   "wm99",        "IQM",     "tc90", "ts99.5"};
	static const char *const bad[] = {"average", "Avg", "p101", "p",  "p-1", "p99x",
					  "",        "P99", "max",  "tm", "p 9"};
	struct sim_stat st;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(sim_stat_parse(good[i], &st), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sim_stat_parse(bad[i], &st), -1);
	assert_int_equal(sim_stat_parse(NULL, &st), -1);
	assert_int_equal(sim_stat_parse("p99.9", &st), 0);
	assert_int_equal(st.kind, SIM_STAT_PERCENTILE);
	assert_near(st.pct, 99.9, 1e-12);
	assert_near(st.z, 3.0902, 1e-3);
}

static void test_catalogue(void **state)
{
	const struct sim_metric *cat;
	size_t n = sim_story_catalogue(&cat);
	size_t throttled = 0;

	(void)state;
	assert_true(n > 20);
	for (size_t i = 0; i < n; i++) {
		assert_true(sim_story_metric_exists(&cat[i]));
		if (strcmp(cat[i].metric_name, "ThrottledRequests") == 0)
			throttled++;
	}
	assert_int_equal(throttled, 10); /* 2 tables x 5 operations */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phase_helpers),
		cmocka_unit_test(test_plan_figures),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_latency_alarm_story),
		cmocka_unit_test(test_concurrency_story),
		cmocka_unit_test(test_dynamodb_ceilings),
		cmocka_unit_test(test_lambda_throttles_appear),
		cmocka_unit_test(test_queue_age_crosses_300),
		cmocka_unit_test(test_ap_south_1_outage),
		cmocka_unit_test(test_regional_shares),
		cmocka_unit_test(test_statistics_consistent),
		cmocka_unit_test(test_metric_identity),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_revisions_and_now),
		cmocka_unit_test(test_stat_parse),
		cmocka_unit_test(test_catalogue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
