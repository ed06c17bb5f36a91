/* Unit tests: src/cw_alarms.c, DescribeAlarms bodies, decoding, matching. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "src/cw_alarms.h"
#include "src/xalloc.h"

/* An answer as the demo endpoint (and CloudWatch) sends it. */
static const char sim_body[] =
	"{\"CompositeAlarms\":[],\"LogAlarms\":[],\"MetricAlarms\":["
	"{\"AlarmName\":\"api-latency-high\",\"StateValue\":\"ALARM\","
	"\"StateReason\":\"Threshold Crossed\",\"StateUpdatedTimestamp\":1.767226e9,"
	"\"StateTransitionedTimestamp\":1767225900,"
	"\"MetricName\":\"Latency\",\"Namespace\":\"AWS/ApiGateway\",\"Statistic\":\"Average\","
	"\"Dimensions\":[{\"Name\":\"ApiName\",\"Value\":\"smuppy\"},"
	"{\"Name\":\"Stage\",\"Value\":\"prod\"}],"
	"\"Period\":60,\"EvaluationPeriods\":3,\"DatapointsToAlarm\":2,\"Threshold\":450.0,"
	"\"ComparisonOperator\":\"GreaterThanThreshold\",\"TreatMissingData\":\"missing\"},"
	"{\"AlarmName\":\"p99\",\"StateValue\":\"OK\",\"StateUpdatedTimestamp\":1767225600,"
	"\"MetricName\":\"Latency\",\"Namespace\":\"AWS/ApiGateway\",\"ExtendedStatistic\":\"p99\","
	"\"Dimensions\":[],\"Period\":300,\"EvaluationPeriods\":1,\"Threshold\":1,"
	"\"ComparisonOperator\":\"LessThanLowerOrGreaterThanUpperThreshold\"},"
	"{\"AlarmName\":\"math\",\"StateValue\":\"INSUFFICIENT_DATA\",\"Metrics\":[{\"Id\":\"e1\"}]"
	","
	"\"EvaluationPeriods\":1,\"Threshold\":1}"
	"],\"NextToken\":\"abc==\"}";

static struct metric_def latency_def(void)
{
	static char ns[] = "AWS/ApiGateway", name[] = "Latency", stat[] = "Average",
		    stat2[] = "p99", d1[] = "Stage", v1[] = "prod", d2[] = "ApiName",
		    v2[] = "smuppy", unit[] = "ms";
	struct metric_def m;

	memset(&m, 0, sizeof(m));
	m.namespace_ = ns;
	m.metric_name = name;
	m.stats[0] = stat;
	m.stats[1] = stat2;
	m.nstats = 2;
	m.dims[0] = (struct dimension){d1, v1}; /* the other order than the alarm's */
	m.dims[1] = (struct dimension){d2, v2};
	m.ndims = 2;
	m.period = 60;
	m.unit = unit;
	m.scale = 1;
	m.rule = (struct alarm_rule){true, 500, CMP_GT, 3, 3, 0.8};
	return m;
}

static void test_build_request(void **state)
{
	char *body = cw_alarms_build_request(NULL);
	struct json_object *o = json_tokener_parse(body), *v;

	(void)state;
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "MaxRecords", &v));
	assert_int_equal(json_object_get_int(v), 100);
	assert_true(json_object_object_get_ex(o, "AlarmTypes", &v));
	assert_int_equal(json_object_array_length(v), 1);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 0)), "MetricAlarm");
	assert_false(json_object_object_get_ex(o, "NextToken", &v));
	json_object_put(o);
	free(body);

	body = cw_alarms_build_request("tok/+=\"x");
	o = json_tokener_parse(body);
	assert_true(json_object_object_get_ex(o, "NextToken", &v));
	assert_string_equal(json_object_get_string(v), "tok/+=\"x");
	json_object_put(o);
	free(body);
}

static void test_parse_sim_answer(void **state)
{
	struct cw_alarms_page p;
	struct cw_error err;
	const struct cw_alarm *a;

	(void)state;
	assert_int_equal(cw_alarms_parse(sim_body, strlen(sim_body), &p, &err), 0);
	assert_int_equal(err.kind, CW_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.next_token, "abc==");
	a = &p.alarms[0];
	assert_string_equal(a->name, "api-latency-high");
	assert_int_equal(a->state, CW_ALARM_ALARM);
	assert_int_equal(a->since, 1767225900); /* the transition, not the update */
	assert_string_equal(a->namespace_, "AWS/ApiGateway");
	assert_string_equal(a->statistic, "Average");
	assert_int_equal(a->ndims, 2);
	assert_true(a->has_threshold);
	assert_true(a->threshold == 450.0);
	assert_true(a->has_cmp);
	assert_int_equal(a->cmp, CMP_GT);
	assert_int_equal(a->periods, 3);
	assert_int_equal(a->datapoints, 2);
	a = &p.alarms[1];
	assert_string_equal(a->statistic, "p99");
	assert_int_equal(a->since, 1767225600);
	assert_false(a->has_cmp);
	assert_int_equal(a->datapoints, 1); /* M defaults to N */
	a = &p.alarms[2];
	assert_null(a->namespace_);
	assert_int_equal(a->state, CW_ALARM_INSUFFICIENT_DATA);
	cw_alarms_page_free(&p);
}

static void expect_refused(const char *body)
{
	struct cw_alarms_page p;
	struct cw_error err;

	assert_int_equal(cw_alarms_parse(body, strlen(body), &p, &err), -1);
	assert_int_equal(err.kind, CW_ERR_MALFORMED);
	assert_string_equal(err.code, "MalformedResponse");
	assert_null(p.alarms);
	assert_int_equal(p.n, 0);
	assert_null(p.next_token);
}

static void test_parse_refuses(void **state)
{
	char big[200 * 30 + 100];

	(void)state;
	expect_refused("");
	expect_refused("[]");
	expect_refused("{\"MetricAlarms\":{}}");
	expect_refused("{\"MetricAlarms\":[1]}");
	expect_refused("{\"MetricAlarms\":[{\"StateValue\":\"OK\"}]}");
	expect_refused("{\"MetricAlarms\":[{\"AlarmName\":\"a\",\"Threshold\":\"500.0\"}]}");
	expect_refused("{\"MetricAlarms\":[{\"AlarmName\":\"a\",\"Threshold\":1e400}]}");
	expect_refused("{\"MetricAlarms\":[{\"AlarmName\":\"a\",\"Period\":-60}]}");
	expect_refused("{\"MetricAlarms\":[{\"AlarmName\":\"a\",\"Dimensions\":[{\"Name\":1}]}]}");
	expect_refused("{\"MetricAlarms\":[],\"NextToken\":\"a b\"}");
	expect_refused("{\"MetricAlarms\":[],\"NextToken\":7}");
	expect_refused("{\"MetricAlarms\":[]} x");
	/* 31 dimensions */
	strcpy(big, "{\"MetricAlarms\":[{\"AlarmName\":\"a\",\"Dimensions\":[");
	for (int i = 0; i < 31; i++)
		sprintf(big + strlen(big), "%s{\"Name\":\"n%d\",\"Value\":\"v\"}", i ? "," : "", i);
	strcat(big, "]}]}");
	expect_refused(big);
}

static void test_parse_tolerates(void **state)
{
	static const char body[] =
		"{\"MetricAlarms\":[{\"AlarmName\":\"a\\u001b[31mred\",\"StateValue\":\"WEIRD\","
		"\"StateUpdatedTimestamp\":\"timestamp\",\"Extra\":{\"x\":[1,2]}}],"
		"\"CompositeAlarms\":[{\"AlarmName\":\"c\"}],\"NextToken\":\"\"}";
	struct cw_alarms_page p;
	struct cw_error err;

	(void)state;
	assert_int_equal(cw_alarms_parse(body, strlen(body), &p, &err), 0);
	assert_int_equal(p.n, 1);
	assert_null(strchr(p.alarms[0].name, '\x1b'));
	assert_int_equal(p.alarms[0].state, CW_ALARM_UNKNOWN);
	assert_int_equal(p.alarms[0].since, 0);
	assert_null(p.next_token);
	cw_alarms_page_free(&p);
	assert_int_equal(cw_alarms_parse("{}", 2, &p, &err), 0);
	assert_int_equal(p.n, 0);
	cw_alarms_page_free(&p);
}

/* The recordings of the live service, when the shared folder is there. */
static void test_recorded(void **state)
{
	static const char *files[] = {
		"describealarms-empty-raw.json",
		"describealarms-minimal-insufficient-data-parsed.json",
		"describealarms-alarm-breaching-statereasondata-parsed.json",
		"describealarms-set-state-alarm-parsed.json",
		"describealarms-ok-actions-disabled-parsed.json",
	};
	const char *dir = getenv("SHARED_DIR");

	(void)state;
	if (!dir)
		dir = "/work/shared";
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = xasprintf("%s/cloudwatch-recorded/%s", dir, files[i]);
		FILE *f = fopen(path, "rb");
		char body[65536];
		size_t n;
		struct cw_alarms_page p;
		struct cw_error err;

		free(path);
		if (!f)
			continue;
		n = fread(body, 1, sizeof(body) - 1, f);
		fclose(f);
		body[n] = '\0';
		assert_int_equal(cw_alarms_parse(body, n, &p, &err), 0);
		for (size_t k = 0; k < p.n; k++) {
			assert_non_null(p.alarms[k].name);
			assert_int_not_equal(p.alarms[k].state, CW_ALARM_UNKNOWN);
		}
		cw_alarms_page_free(&p);
	}
}

static void test_match(void **state)
{
	struct cw_alarms_page p;
	struct cw_error err;
	struct metric_def m = latency_def();
	char stage_dev[] = "dev", expr[] = "m1*2";

	(void)state;
	assert_int_equal(cw_alarms_parse(sim_body, strlen(sim_body), &p, &err), 0);
	assert_true(cw_alarm_matches(&p.alarms[0], &m));  /* dimension order aside */
	assert_false(cw_alarm_matches(&p.alarms[1], &m)); /* p99, and no dimensions */
	assert_false(cw_alarm_matches(&p.alarms[2], &m)); /* metric math */
	m.stat_index = 1;
	assert_false(cw_alarm_matches(&p.alarms[0], &m)); /* the pane shows p99 now */
	m.stat_index = 0;
	m.dims[0].value = stage_dev;
	assert_false(cw_alarm_matches(&p.alarms[0], &m));
	m = latency_def();
	m.ndims = 1;
	assert_false(cw_alarm_matches(&p.alarms[0], &m)); /* a subset is another metric */
	m = latency_def();
	m.expression = expr;
	assert_false(cw_alarm_matches(&p.alarms[0], &m));
	cw_alarms_page_free(&p);
}

static void test_differences(void **state)
{
	struct cw_alarms_page p;
	struct cw_error err;
	struct metric_def m = latency_def();
	struct cw_alarm a;
	char out[300];

	(void)state;
	assert_int_equal(cw_alarms_parse(sim_body, strlen(sim_body), &p, &err), 0);
	assert_int_equal(cw_alarm_differences(&p.alarms[0], &m, out, sizeof(out)), 2);
	assert_non_null(
		strstr(out, "CloudWatch alarm threshold 450 ms differs from cwtop's 500 ms"));
	assert_non_null(strstr(out, "; its 2 of 3 periods differ from cwtop's 3 of 3"));
	cw_alarm_copy(&a, &p.alarms[0]);
	a.threshold = 500;
	a.datapoints = 3;
	assert_int_equal(cw_alarm_differences(&a, &m, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	a.cmp = CMP_GE;
	a.period = 300;
	assert_int_equal(cw_alarm_differences(&a, &m, out, sizeof(out)), 2);
	assert_string_equal(out, "CloudWatch alarm comparison >= differs from cwtop's >; its "
				 "period 300s differs from cwtop's 60s");
	/* The threshold is compared in display units: 0.5 s scaled to ms. */
	m.scale = 1000;
	a.cmp = CMP_GT;
	a.period = 60;
	a.threshold = 0.5;
	assert_int_equal(cw_alarm_differences(&a, &m, out, sizeof(out)), 0);
	m.rule.enabled = false;
	a.threshold = 9;
	assert_int_equal(cw_alarm_differences(&a, &m, out, sizeof(out)), 0);
	m = latency_def();
	assert_int_equal(cw_alarm_differences(&a, &m, out, 10), 1);
	assert_true(strlen(out) < 10);
	cw_alarm_free(&a);
	cw_alarms_page_free(&p);
	assert_string_equal(cw_alarm_state_word(CW_ALARM_INSUFFICIENT_DATA), "INSUFFICIENT_DATA");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_request), cmocka_unit_test(test_parse_sim_answer),
		cmocka_unit_test(test_parse_refuses), cmocka_unit_test(test_parse_tolerates),
		cmocka_unit_test(test_recorded),      cmocka_unit_test(test_match),
		cmocka_unit_test(test_differences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
