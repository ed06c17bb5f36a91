/* Unit tests: src/cloudwatch.c, GetMetricData bodies and error decoding.
 *
 * Fixtures are in tests/data/cloudwatch/ (see its README); the recordings
 * in $SHARED_DIR/cloudwatch-recorded/ are also replayed when present. The
 * test uses json-c itself only to build and compare fixtures. */
#include "config.h"

#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "src/cloudwatch.h"
#include "src/xalloc.h"

#define DATA CWTOP_SRCDIR "/tests/data/cloudwatch/"
#define TS   INT64_C(1765977780)

/* ---- helpers ---------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static char *fixture(const char *name, size_t *len)
{
	char *path = xasprintf(DATA "%s", name);
	char *body = slurp(path, len);

	if (!body)
		fail_msg("missing fixture %s", path);
	free(path);
	return body;
}

/* parse_ok: parse a fixture that must decode. */
static void parse_ok(const char *name, struct cw_response *r)
{
	struct cw_error err;
	size_t len;
	char *body = fixture(name, &len);

	if (cw_parse_response(body, len, r, &err) != 0)
		fail_msg("%s: %s", name, err.message);
	assert_int_equal(err.kind, CW_OK);
	free(body);
}

/* parse_bad: a body that must be refused; returns the message. */
static const char *parse_bad(const char *body, size_t len)
{
	static struct cw_error err;
	struct cw_response r;

	memset(&r, 0xA5, sizeof(r)); /* whatever was there before */
	if (cw_parse_response(body, len, &r, &err) != -1)
		fail_msg("accepted: %.200s", body ? body : "(null)");
	assert_int_equal(err.kind, CW_ERR_MALFORMED);
	assert_null(r.results);
	assert_int_equal(r.nresults, 0);
	assert_null(r.next_token);
	cw_response_free(&r);
	return err.message;
}

static const char *parse_bad_str(const char *body)
{
	return parse_bad(body, strlen(body));
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("\"%s\" does not contain \"%s\"", haystack, needle);
}

/* assert_safe: one line of text with no control characters. */
static void assert_safe(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			fail_msg("control byte 0x%02x in \"%s\"", *p, s);
}

/* ---- responses -------------------------------------------------------- */

static void test_two_queries(void **state)
{
	struct cw_response r;

	(void)state;
	parse_ok("gmd-two-queries.json", &r);
	assert_int_equal(r.nresults, 2);
	assert_null(r.next_token);
	assert_null(r.message); /* "Messages": [] */
	assert_string_equal(r.results[0].id, "some");
	assert_string_equal(r.results[0].label, "<label:1>");
	assert_int_equal(r.results[0].status, CW_COMPLETE);
	assert_int_equal(r.results[0].n, 1);
	assert_int_equal(r.results[0].timestamps[0], TS);
	assert_true(r.results[0].values[0] == 41.0);
	assert_null(r.results[0].message);
	assert_string_equal(r.results[1].id, "part");
	assert_true(r.results[1].values[0] == 23.0);
	cw_response_free(&r);
	cw_response_free(&r); /* twice is harmless */
}

static void test_three_queries_exponent_timestamps(void **state)
{
	struct cw_response r;
	const double want[] = {50, 25, 55};
	size_t i;

	(void)state;
	parse_ok("gmd-three-queries.json", &r);
	assert_int_equal(r.nresults, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(r.results[i].n, 1);
		assert_int_equal(r.results[i].timestamps[0], TS); /* 1.76597778E9 */
		assert_true(r.results[i].values[0] == want[i]);
	}
	assert_string_equal(r.results[2].label, "metric3");
	cw_response_free(&r);
}

static void test_fractional_values_exact(void **state)
{
	struct cw_response r;

	(void)state;
	parse_ok("gmd-four-stats-fractional.json", &r);
	assert_int_equal(r.nresults, 4);
	assert_true(r.results[0].values[0] == strtod("19.416666666666668", NULL));
	assert_true(r.results[1].values[0] == 116.5);
	assert_true(r.results[2].values[0] == 0.0);
	assert_true(r.results[3].values[0] == 100.0);
	assert_int_equal(r.results[3].timestamps[0], TS); /* integer literal */
	assert_string_equal(r.results[0].label, "metric1 Average");
	cw_response_free(&r);
}

static void test_result_messages(void **state)
{
	struct cw_response r;

	(void)state;
	parse_ok("gmd-result-messages-multipleunits.json", &r);
	assert_int_equal(r.nresults, 1);
	assert_int_equal(r.results[0].status, CW_COMPLETE);
	assert_string_equal(
		r.results[0].message,
		"MultipleUnits: Multiple units returned: '[Count, Milliseconds, Seconds]'");
	assert_null(r.message);
	cw_response_free(&r);
}

static void test_empty_results(void **state)
{
	struct cw_response r;

	(void)state;
	parse_ok("gmd-empty-result.json", &r);
	assert_int_equal(r.nresults, 1);
	assert_int_equal(r.results[0].n, 0);
	cw_response_free(&r);
	parse_ok("gmd-one-filled-one-empty.json", &r);
	assert_int_equal(r.nresults, 2);
	assert_int_equal(r.results[0].n, 1);
	assert_true(r.results[0].values[0] == 109.0);
	assert_int_equal(r.results[1].n, 0);
	assert_string_equal(r.results[1].id, "result_Minimum_30_Milliseconds");
	cw_response_free(&r);
}

static void test_pagination(void **state)
{
	struct cw_response r;

	(void)state;
	parse_ok("gmd-page1.json", &r);
	assert_string_equal(r.next_token, "eyJwYWdlIjoyLCJxIjoibTAifQ==.v1+/x");
	assert_int_equal(r.results[0].status, CW_PARTIAL);
	assert_int_equal(r.results[0].n, 3);
	assert_int_equal(r.results[0].timestamps[0], TS + 120); /* newest first, as sent */
	assert_int_equal(r.results[0].timestamps[2], TS);
	assert_true(r.results[0].values[1] == 498.25);
	cw_response_free(&r);
	parse_ok("gmd-page2.json", &r);
	assert_null(r.next_token);
	assert_int_equal(r.results[0].status, CW_COMPLETE);
	assert_int_equal(r.results[0].n, 2);
	assert_int_equal(r.results[1].n, 0);
	cw_response_free(&r);
	/* null and "" both mean: last page. */
	{
		struct cw_error err;
		const char *a = "{\"MetricDataResults\":[],\"NextToken\":null}";
		const char *b = "{\"MetricDataResults\":[],\"NextToken\":\"\"}";

		assert_int_equal(cw_parse_response(a, strlen(a), &r, &err), 0);
		assert_null(r.next_token);
		cw_response_free(&r);
		assert_int_equal(cw_parse_response(b, strlen(b), &r, &err), 0);
		assert_null(r.next_token);
		cw_response_free(&r);
	}
}

static void test_partial_data(void **state)
{
	struct cw_response r;

	(void)state;
	parse_ok("gmd-partial-data.json", &r);
	assert_string_equal(r.message, "MaxQueryTimeRangeExceed: The query time range exceeds "
				       "the maximum allowed.");
	assert_int_equal(r.results[0].status, CW_PARTIAL);
	assert_int_equal(r.results[0].n, 2);
	assert_int_equal(r.results[0].timestamps[0], TS + 60);
	assert_true(r.results[0].values[0] == 1200);
	assert_non_null(r.results[0].message);
	assert_contains(r.results[0].message, "ArithmeticError: One or more");
	cw_response_free(&r);
}

static void test_status_codes_and_unknown_members(void **state)
{
	struct cw_response r;

	(void)state;
	parse_ok("gmd-status-codes.json", &r);
	assert_int_equal(r.nresults, 4);
	assert_int_equal(r.results[0].status, CW_INTERNAL_ERROR);
	assert_int_equal(r.results[1].status, CW_FORBIDDEN);
	assert_string_equal(r.results[1].message,
			    "Forbidden: Insufficient permissions for cross-account query");
	/* An unknown status keeps the data, flagged partial, and says so. */
	assert_int_equal(r.results[2].status, CW_PARTIAL);
	assert_int_equal(r.results[2].n, 1);
	assert_contains(r.results[2].message, "unknown StatusCode");
	/* A missing status and label: Complete, no label. */
	assert_int_equal(r.results[3].status, CW_COMPLETE);
	assert_null(r.results[3].label);
	assert_true(r.results[3].values[0] == 2);
	cw_response_free(&r);
}

static void test_lenient_where_harmless(void **state)
{
	struct cw_response r;
	struct cw_error err;
	const char *cases[] = {
		"{}", /* no results at all */
		"{\"MetricDataResults\":null}",
		"  {\"MetricDataResults\":[]}\r\n\t ",
		/* duplicate keys: the last one wins */
		"{\"MetricDataResults\":[{\"Id\":\"a\"}],\"MetricDataResults\":[]}",
		/* odd Messages entries and Label types are ignored */
		"{\"Messages\":[1,\"x\",{\"Code\":7}],\"MetricDataResults\":[]}",
		"{\"Messages\":{},\"MetricDataResults\":[{\"Id\":\"a\",\"Label\":5,"
		"\"Messages\":\"no\"}]}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cw_parse_response(cases[i], strlen(cases[i]), &r, &err) != 0)
			fail_msg("case %zu: %s", i, err.message);
		assert_null(r.message);
		cw_response_free(&r);
	}
	/* Fractional seconds are cut to the second; huge finite values pass. */
	{
		const char *b = "{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":"
				"[1765977780.9,1765977720],\"Values\":[1e300,-1e-300]}]}";

		assert_int_equal(cw_parse_response(b, strlen(b), &r, &err), 0);
		assert_int_equal(r.results[0].timestamps[0], TS);
		assert_true(r.results[0].values[0] == 1e300);
		cw_response_free(&r);
	}
}

struct bad_case {
	const char *body;
	const char *why; /* a part of the message */
};

static void test_malformed_bodies(void **state)
{
	static const struct bad_case cases[] = {
		{"", "empty body"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timest", "truncated JSON"},
		{"{\"MetricDataResults\":[]} x", "invalid JSON"},
		{"{\"MetricDataResults\":[]}{}", "invalid JSON"},
		{"<html>", "invalid JSON"},
		{"[]", "not a JSON object"},
		{"\"str\"", "not a JSON object"},
		{"{\"MetricDataResults\":{}}", "not an array"},
		{"{\"MetricDataResults\":\"x\"}", "not an array"},
		{"{\"MetricDataResults\":[7]}", "[0] is not an object"},
		{"{\"MetricDataResults\":[{\"Label\":\"x\"}]}", "has no Id"},
		{"{\"MetricDataResults\":[{\"Id\":5}]}", "has no Id"},
		{"{\"MetricDataResults\":[{\"Id\":\"\"}]}", "has no Id"},
		{"{\"MetricDataResults\":[{\"Id\":\"\\u0000m\"}]}", "has no Id"},
		/* the recorder's placeholder is not a wire shape */
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":\"timestamp\","
		 "\"Values\":[1]}]}",
		 "not arrays"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1765977780],"
		 "\"Values\":{}}]}",
		 "not arrays"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1765977780,1765977720],"
		 "\"Values\":[1]}]}",
		 "2 Timestamps but 1 Values"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Values\":[1]}]}",
		 "0 Timestamps but 1 Values"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[\"1765977780\"],"
		 "\"Values\":[1]}]}",
		 "Timestamps[0] is not a time"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[-60],\"Values\":[1]}]}",
		 "is not a time"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[0],\"Values\":[1]}]}",
		 "is not a time"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[0.5],\"Values\":[1]}]}",
		 "is not a time"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1e20],\"Values\":[1]}]}",
		 "is not a time"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[99999999999],"
		 "\"Values\":[1]}]}",
		 "is not a time"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":"
		 "[123456789012345678901234567890],\"Values\":[1]}]}",
		 "is not a time"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[true],\"Values\":[1]}]}",
		 "is not a time"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[null],\"Values\":[1]}]}",
		 "is not a time"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[NaN],\"Values\":[1]}]}",
		 "is not a time"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1765977780],"
		 "\"Values\":[\"1\"]}]}",
		 "Values[0] is not a finite number"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1765977780],"
		 "\"Values\":[null]}]}",
		 "is not a finite number"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1765977780],"
		 "\"Values\":[NaN]}]}",
		 "is not a finite number"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1765977780],"
		 "\"Values\":[Infinity]}]}",
		 "is not a finite number"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1765977780],"
		 "\"Values\":[-Infinity]}]}",
		 "is not a finite number"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1765977780],"
		 "\"Values\":[1e400]}]}",
		 "is not a finite number"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1765977780,1765977720],"
		 "\"Values\":[1,-1e400]}]}",
		 "Values[1] is not a finite number"},
		{"{\"MetricDataResults\":[],\"NextToken\":5}", "NextToken is not a string"},
		{"{\"MetricDataResults\":[],\"NextToken\":\"ab\\u001bc\"}", "NextToken has a byte"},
		{"{\"MetricDataResults\":[],\"NextToken\":\"a b\"}", "NextToken has a byte"},
		{"{\"MetricDataResults\":[],\"NextToken\":\"\xc3\xa9\"}", "NextToken has a byte"},
		{"{\"MetricDataResults\":[1,]}", "invalid JSON"},
		{"{\"MetricDataResults\":[{\"Id\":\"a\",\"Values\":[01]}]}", "invalid JSON"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *msg = parse_bad_str(cases[i].body);

		if (!strstr(msg, cases[i].why))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, msg, cases[i].why);
		assert_safe(msg);
		assert_contains(msg, "malformed response");
	}
}

static void test_nul_and_oversized(void **state)
{
	static const char nul[] = "{\"MetricDataResults\":[]}\0junk";
	char *big;

	(void)state;
	assert_contains(parse_bad(nul, sizeof(nul) - 1), "NUL byte");
	assert_contains(parse_bad(NULL, 0), "empty body");
	big = xmalloc(CW_MAX_BODY + 2);
	memset(big, ' ', CW_MAX_BODY + 1);
	big[0] = '{';
	big[CW_MAX_BODY] = '}';
	assert_contains(parse_bad(big, CW_MAX_BODY + 1), "larger than");
	free(big);
}

static void test_deep_nesting_refused(void **state)
{
	char body[4096];
	size_t i, o = 0;

	(void)state;
	o += (size_t)snprintf(body, sizeof(body), "{\"MetricDataResults\":[],\"X\":");
	for (i = 0; i < 1000; i++)
		body[o++] = '[';
	for (i = 0; i < 1000; i++)
		body[o++] = ']';
	body[o++] = '}';
	body[o] = '\0';
	assert_contains(parse_bad(body, o), "nested deeper");
}

static char *repeat_results(size_t n, const char *item)
{
	size_t ilen = strlen(item), i;
	char *b = xmalloc(64 + n * (ilen + 1));
	size_t o = (size_t)sprintf(b, "{\"MetricDataResults\":[");

	for (i = 0; i < n; i++) {
		memcpy(b + o, item, ilen);
		o += ilen;
		b[o++] = i + 1 < n ? ',' : ']';
	}
	strcpy(b + o, "}");
	return b;
}

static void test_count_limits(void **state)
{
	char *b;
	char *pts;
	size_t i, o;

	(void)state;
	b = repeat_results(CW_MAX_QUERIES + 1, "{\"Id\":\"m\"}");
	assert_contains(parse_bad_str(b), "more than 500 results");
	free(b);
	b = repeat_results(CW_MAX_QUERIES, "{\"Id\":\"m\"}");
	{
		struct cw_response r;
		struct cw_error err;

		assert_int_equal(cw_parse_response(b, strlen(b), &r, &err), 0);
		assert_int_equal(r.nresults, CW_MAX_QUERIES);
		cw_response_free(&r);
	}
	free(b);
	/* 2 results of 50401 points: one over the datapoint limit. */
	pts = xmalloc(64 + 2 * 50401 * 14);
	o = (size_t)sprintf(pts, "{\"Id\":\"m\",\"Timestamps\":[");
	for (i = 0; i < 50401; i++)
		o += (size_t)sprintf(pts + o, "%s1765977780", i ? "," : "");
	o += (size_t)sprintf(pts + o, "],\"Values\":[");
	for (i = 0; i < 50401; i++)
		o += (size_t)sprintf(pts + o, "%s1", i ? "," : "");
	sprintf(pts + o, "]}");
	b = repeat_results(2, pts);
	assert_contains(parse_bad_str(b), "more than 100800 datapoints");
	free(b);
	free(pts);
}

static void test_strings_sanitized_and_bounded(void **state)
{
	struct cw_response r;
	struct cw_error err;
	char *body, *longlabel = xmalloc(10001);
	size_t k;

	(void)state;
	memset(longlabel, 'x', 10000);
	longlabel[10000] = '\0';
	body = xasprintf("{\"Messages\":[{\"Code\":\"Warn\\u001b[2J\",\"Value\":\"a\\nb\\u0007\xff"
			 "c\x01\"}],"
			 "\"MetricDataResults\":[{\"Id\":\"m\\u001b0\",\"Label\":\"\\u001b[31mred"
			 "\\u009b\xc0\xaf\\u0000tail\",\"Messages\":[{\"Code\":\"C\",\"Value\":\""
			 "\\u001b]0;pwned\\u0007\"}]},{\"Id\":\"m1\",\"Label\":\"%s\"}]}",
			 longlabel);
	if (cw_parse_response(body, strlen(body), &r, &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(r.message, "Warn?[2J: a b??c?");
	assert_string_equal(r.results[0].id, "m?0");
	/* ESC, a C1 CSI (2 bytes), a overlong pair (2 bytes), then \u0000 ends it */
	assert_string_equal(r.results[0].label, "?[31mred????");
	assert_safe(r.results[0].message);
	assert_string_equal(r.results[0].message, "C: ?]0;pwned?");
	assert_true(strlen(r.results[1].label) <= 255);
	for (k = 0; k < strlen(r.results[1].label); k++)
		assert_int_equal(r.results[1].label[k], 'x');
	cw_response_free(&r);
	free(body);
	free(longlabel);
}

/* ---- the recordings in $SHARED_DIR ----------------------------------- */

static char *shared_dir(void)
{
	const char *env = getenv("SHARED_DIR");

	return env && *env ? xasprintf("%s/cloudwatch-recorded", env)
			   : xstrdup(CWTOP_SRCDIR "/../shared/cloudwatch-recorded");
}

/* wire_body: a recorded GetMetricData file as the wire would have it: the
 * "timestamp" placeholder becomes an array as long as Values, and
 * ResponseMetadata goes. */
static char *wire_body(struct json_object *rec)
{
	struct json_object *results, *copy = NULL;
	size_t i, k;
	char *out;

	assert_int_equal(json_object_deep_copy(rec, &copy, NULL), 0);
	json_object_object_del(copy, "ResponseMetadata");
	assert_true(json_object_object_get_ex(copy, "MetricDataResults", &results));
	for (i = 0; i < json_object_array_length(results); i++) {
		struct json_object *res = json_object_array_get_idx(results, i), *vals, *ts;

		assert_true(json_object_object_get_ex(res, "Values", &vals));
		ts = json_object_new_array();
		for (k = 0; k < json_object_array_length(vals); k++)
			json_object_array_add(ts, json_object_new_double((double)(TS - 60 * k)));
		json_object_object_add(res, "Timestamps", ts);
	}
	out = xstrdup(json_object_to_json_string_ext(copy, JSON_C_TO_STRING_PLAIN));
	json_object_put(copy);
	return out;
}

static void check_recorded_gmd(const char *path)
{
	struct json_object *rec = json_object_from_file(path), *results;
	struct cw_response r;
	struct cw_error err;
	char *body;
	size_t i, k;

	assert_non_null(rec);
	body = wire_body(rec);
	if (cw_parse_response(body, strlen(body), &r, &err) != 0)
		fail_msg("%s: %s", path, err.message);
	json_object_object_get_ex(rec, "MetricDataResults", &results);
	assert_int_equal(r.nresults, json_object_array_length(results));
	for (i = 0; i < r.nresults; i++) {
		struct json_object *res = json_object_array_get_idx(results, i), *v;

		json_object_object_get_ex(res, "Id", &v);
		assert_string_equal(r.results[i].id, json_object_get_string(v));
		json_object_object_get_ex(res, "Label", &v);
		assert_string_equal(r.results[i].label, json_object_get_string(v));
		assert_int_equal(r.results[i].status, CW_COMPLETE);
		json_object_object_get_ex(res, "Values", &v);
		assert_int_equal(r.results[i].n, json_object_array_length(v));
		for (k = 0; k < r.results[i].n; k++) {
			assert_true(r.results[i].values[k] ==
				    json_object_get_double(json_object_array_get_idx(v, k)));
			assert_int_equal(r.results[i].timestamps[k], TS - 60 * (int64_t)k);
		}
	}
	cw_response_free(&r);
	free(body);
	json_object_put(rec);
}

static const char *jstr_at(struct json_object *o, const char *a, const char *b)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, a, &v))
		return NULL;
	if (b && !json_object_object_get_ex(v, b, &v))
		return NULL;
	return json_object_get_string(v);
}

/* A parsed (botocore) error file gives back the header and the body the
 * service sent: x-amzn-query-error is Code;Type, __type is QueryErrorCode,
 * message is Error.Message. The header's code must win. */
static void check_recorded_parsed_error(const char *path)
{
	struct json_object *rec = json_object_from_file(path), *meta, *st, *body;
	const char *code = jstr_at(rec, "Error", "Code");
	const char *msg = jstr_at(rec, "Error", "Message");
	char *hdr, want[256];
	const char *text;
	struct cw_error err;
	size_t n;

	assert_non_null(rec);
	assert_non_null(code);
	json_object_object_get_ex(rec, "ResponseMetadata", &meta);
	json_object_object_get_ex(meta, "HTTPStatusCode", &st);
	hdr = xasprintf("%s;%s", code, jstr_at(rec, "Error", "Type"));
	body = json_object_new_object();
	json_object_object_add(body, "__type",
			       json_object_new_string(jstr_at(rec, "Error", "QueryErrorCode")));
	if (msg && *msg)
		json_object_object_add(body, "message", json_object_new_string(msg));
	text = json_object_to_json_string(body);
	cw_parse_error(json_object_get_int(st), hdr, text, strlen(text), &err);
	assert_string_equal(err.code, code);
	assert_int_equal(err.kind, CW_ERR_INVALID_REQUEST); /* all recorded ones are */
	assert_false(cw_error_retryable(&err));
	assert_safe(err.message);
	if (msg && *msg) {
		/* Same text, one line, no trailing newline, at most 255 bytes. */
		snprintf(want, sizeof(want), "%s", msg);
		n = strlen(want);
		while (n && (want[n - 1] == '\n' || want[n - 1] == ' '))
			want[--n] = '\0';
		assert_string_equal(err.message, want);
	} else {
		assert_contains(err.message, code);
	}
	/* And without the header, the short __type. */
	cw_parse_error(json_object_get_int(st), NULL, text, strlen(text), &err);
	assert_string_equal(err.code, jstr_at(rec, "Error", "QueryErrorCode"));
	json_object_put(body);
	json_object_put(rec);
	free(hdr);
}

static void check_recorded_raw_error(const char *dir, const char *name, long status,
				     const char *code)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct cw_error err;
	size_t len;
	char *body = slurp(path, &len);

	assert_non_null(body);
	cw_parse_error(status, NULL, body, len, &err);
	assert_string_equal(err.code, code);
	assert_int_equal(err.kind, CW_ERR_INVALID_REQUEST);
	assert_safe(err.message);
	free(body);
	free(path);
}

static void test_shared_recordings(void **state)
{
	char *dir = shared_dir();
	DIR *d = opendir(dir);
	struct dirent *e;
	int gmd = 0, errs = 0;

	(void)state;
	if (!d) {
		free(dir);
		skip(); /* the recordings live outside the repository */
		return;
	}
	while ((e = readdir(d))) {
		char *path = xasprintf("%s/%s", dir, e->d_name);

		if (strncmp(e->d_name, "getmetricdata-", 14) == 0) {
			check_recorded_gmd(path);
			gmd++;
		} else if (strncmp(e->d_name, "error-", 6) == 0 &&
			   strstr(e->d_name, "-parsed.json")) {
			check_recorded_parsed_error(path);
			errs++;
		}
		free(path);
	}
	closedir(d);
	assert_true(gmd >= 6);
	assert_true(errs >= 7);
	check_recorded_raw_error(dir, "error-validationexception-setalarmstate-raw.json", 400,
				 "ValidationException");
	check_recorded_raw_error(dir,
				 "error-resourcenotfound-setalarmstate-querymode-false-raw.json",
				 400, "ResourceNotFound");
	check_recorded_raw_error(dir,
				 "error-resourcenotfound-setalarmstate-querymode-true-raw.json",
				 404, "ResourceNotFound");
	free(dir);
}

/* ---- errors ------------------------------------------------------------ */

static void parse_error_file(const char *name, long status, const char *hdr, struct cw_error *err)
{
	size_t len;
	char *body = fixture(name, &len);

	cw_parse_error(status, hdr, body, len, err);
	free(body);
	assert_safe(err->message);
	assert_safe(err->code);
}

static void test_error_spec_header_wins(void **state)
{
	struct cw_error err;

	(void)state;
	parse_error_file("err-spec-customcode.json", 400, "Customized;Sender", &err);
	assert_string_equal(err.code, "Customized");
	assert_string_equal(err.message, "Hi");
	assert_int_equal(err.kind, CW_ERR_INVALID_REQUEST); /* unknown 4xx code */
	parse_error_file("err-spec-nocustomcode.json", 400, NULL, &err);
	assert_string_equal(err.code, "NoCustomCodeError");
	assert_string_equal(err.message, "Hi");
	/* An empty or blank header does not hide __type. */
	parse_error_file("err-spec-nocustomcode.json", 400, " ;Sender", &err);
	assert_string_equal(err.code, "NoCustomCodeError");
	parse_error_file("err-spec-nocustomcode.json", 400, "", &err);
	assert_string_equal(err.code, "NoCustomCodeError");
}

static void test_error_resource_not_found_no_message(void **state)
{
	struct cw_error err;

	(void)state;
	parse_error_file("err-resourcenotfound.json", 404, NULL, &err);
	assert_string_equal(err.code, "ResourceNotFound");
	assert_string_equal(err.message, "ResourceNotFound (HTTP 404)");
	assert_int_equal(err.kind, CW_ERR_INVALID_REQUEST);
}

static void test_error_validation(void **state)
{
	struct cw_error err;

	(void)state;
	parse_error_file("err-validationexception.json", 400, "ValidationError;Sender", &err);
	assert_string_equal(err.code, "ValidationError");
	assert_contains(err.message, "1 validation error detected: Value 'INVALID'");
	assert_int_equal(err.kind, CW_ERR_INVALID_REQUEST);
	parse_error_file("err-invalidparametercombination.json", 400, NULL, &err);
	assert_string_equal(err.code, "InvalidParameterCombinationException");
	assert_int_equal(err.kind, CW_ERR_INVALID_REQUEST);
	parse_error_file("err-invalidparametervalue-newline.json", 400,
			 "InvalidParameterValue;Sender", &err);
	assert_string_equal(err.code, "InvalidParameterValue");
	assert_string_equal(err.message + strlen(err.message) - 15, "underscore (_).");
}

struct kind_case {
	const char *file; /* fixture, or NULL to use body */
	const char *body;
	long status;
	const char *header;
	enum cw_error_kind kind;
	const char *code;
	const char *msg; /* a part of the message */
};

static void test_error_kinds(void **state)
{
	static const struct kind_case cases[] = {
		{"err-throttling.json", NULL, 400, NULL, CW_ERR_THROTTLED, "ThrottlingException",
		 "Rate exceeded"},
		{"err-throttling.json", NULL, 400, "Throttling;Sender", CW_ERR_THROTTLED,
		 "Throttling", "Rate exceeded"},
		{"err-query-throttling.xml", NULL, 400, NULL, CW_ERR_THROTTLED, "Throttling",
		 "Rate exceeded"},
		{NULL, "", 429, NULL, CW_ERR_THROTTLED, "", "HTTP 429 from endpoint"},
		{NULL, "{\"__type\":\"TooManyRequestsException\"}", 400, NULL, CW_ERR_THROTTLED,
		 "TooManyRequestsException", "(HTTP 400)"},
		{NULL, "{\"__type\":\"x#RequestLimitExceeded\"}", 503, NULL, CW_ERR_THROTTLED,
		 "RequestLimitExceeded", ""},
		{"err-expired-token.json", NULL, 400, NULL, CW_ERR_EXPIRED, "ExpiredTokenException",
		 "is expired"},
		{"err-expired-token.json", NULL, 403, "ExpiredToken;Sender", CW_ERR_EXPIRED,
		 "ExpiredToken", ""},
		{NULL, "{\"__type\":\"RequestExpired\"}", 400, NULL, CW_ERR_EXPIRED,
		 "RequestExpired", ""},
		{"err-signature-expired.json", NULL, 400, NULL, CW_ERR_CLOCK_SKEW,
		 "InvalidSignatureException", "Signature expired: 2025"},
		{"err-signature-expired.json", NULL, 403, "SignatureDoesNotMatch;Sender",
		 CW_ERR_CLOCK_SKEW, "SignatureDoesNotMatch", "Signature expired"},
		{NULL,
		 "{\"__type\":\"SignatureDoesNotMatch\",\"message\":\"The request signature we "
		 "calculated does not match the signature you provided.\"}",
		 403, NULL, CW_ERR_ACCESS_DENIED, "SignatureDoesNotMatch", "does not match"},
		{NULL, "{\"__type\":\"RequestTimeTooSkewed\",\"message\":\"x\"}", 403, NULL,
		 CW_ERR_CLOCK_SKEW, "RequestTimeTooSkewed", ""},
		{NULL, "{\"__type\":\"a#RequestInTheFuture\"}", 400, NULL, CW_ERR_CLOCK_SKEW,
		 "RequestInTheFuture", ""},
		{"err-unrecognized-client.json", NULL, 400, NULL, CW_ERR_ACCESS_DENIED,
		 "UnrecognizedClientException", "token included in the request is invalid"},
		{"err-access-denied.json", NULL, 400, NULL, CW_ERR_ACCESS_DENIED,
		 "AccessDeniedException", "not authorized to perform: cloudwatch:GetMetricData"},
		{NULL, "{}", 403, "InvalidClientTokenId;Sender", CW_ERR_ACCESS_DENIED,
		 "InvalidClientTokenId", "InvalidClientTokenId (HTTP 403)"},
		{NULL, "{\"__type\":\"IncompleteSignatureException\"}", 400, NULL,
		 CW_ERR_ACCESS_DENIED, "IncompleteSignatureException", ""},
		{NULL, "{\"__type\":\"MissingAuthenticationTokenException\"}", 403, NULL,
		 CW_ERR_ACCESS_DENIED, "MissingAuthenticationTokenException", ""},
		{NULL, "{\"__type\":\"OptInRequired\"}", 403, NULL, CW_ERR_ACCESS_DENIED,
		 "OptInRequired", ""},
		{NULL, "", 403, NULL, CW_ERR_ACCESS_DENIED, "", "HTTP 403"},
		{NULL, "{\"__type\":\"MissingParameter\"}", 400, NULL, CW_ERR_INVALID_REQUEST,
		 "MissingParameter", ""},
		{NULL, "{\"__type\":\"InvalidNextToken\"}", 400, NULL, CW_ERR_INVALID_REQUEST,
		 "InvalidNextToken", ""},
		{NULL, "{\"__type\":\"InvalidAction\"}", 400, NULL, CW_ERR_INVALID_REQUEST,
		 "InvalidAction", ""},
		{NULL, "{\"__type\":\"LimitExceeded\"}", 400, NULL, CW_ERR_INVALID_REQUEST,
		 "LimitExceeded", ""},
		{NULL, "{\"__type\":\"SomethingNew\",\"message\":\"m\"}", 400, NULL,
		 CW_ERR_INVALID_REQUEST, "SomethingNew", "m"},
		{NULL, "{\"__type\":\"SomethingNew\"}", 500, NULL, CW_ERR_SERVER, "SomethingNew",
		 "SomethingNew (HTTP 500)"},
		{"err-internal-failure.json", NULL, 500, NULL, CW_ERR_SERVER, "InternalFailure",
		 "internal error"},
		{NULL, "{\"__type\":\"ServiceUnavailable\"}", 503, NULL, CW_ERR_SERVER,
		 "ServiceUnavailable", ""},
		{NULL, "{\"message\":\"only a message\"}", 500, NULL, CW_ERR_SERVER, "",
		 "only a message"},
		{NULL, "{}", 500, NULL, CW_ERR_SERVER, "",
		 "HTTP 500 from endpoint (no error code)"},
		{"err-proxy-502.html", NULL, 502, NULL, CW_ERR_SERVER, "",
		 "HTTP 502 from endpoint (not a CloudWatch answer: HTML page \"502 Bad Gateway\")"},
		{NULL, "<html><body>moved</body></html>", 301, NULL, CW_ERR_MALFORMED, "",
		 "HTTP 301 from endpoint (not a CloudWatch answer: HTML page)"},
		{NULL, "", 504, NULL, CW_ERR_SERVER, "",
		 "HTTP 504 from endpoint (not a CloudWatch answer: empty body)"},
		{NULL, "   \n", 400, NULL, CW_ERR_INVALID_REQUEST, "", "empty body"},
		{NULL, "<?xml version=\"1.0\"?><x/>", 400, NULL, CW_ERR_INVALID_REQUEST, "",
		 "XML body"},
		{NULL, "[1,2]", 400, NULL, CW_ERR_INVALID_REQUEST, "", "text body \"[1,2]\""},
		{NULL, "{\"__type\":\"ThrottlingExcep", 400, NULL, CW_ERR_INVALID_REQUEST, "",
		 "text body"},
		{NULL, "Service Unavailable\x1b[2J\x1b]0;title\x07", 503, NULL, CW_ERR_SERVER, "",
		 "text body \"Service Unavailable?[2J?]0;title?\""},
		{NULL, "{\"__type\":\"ThrottlingException\"}", 400, " Throttling ; Sender",
		 CW_ERR_THROTTLED, "Throttling", ""},
		{NULL, "{}", 400, "Evil\x1b[31m;Sender", CW_ERR_INVALID_REQUEST, "Evil?[31m",
		 "Evil?[31m (HTTP 400)"},
		{NULL, "{\"__type\":\"aws.x#Code:http://a#b\",\"message\":5}", 400, NULL,
		 CW_ERR_INVALID_REQUEST, "Code", "Code (HTTP 400)"},
		{NULL, "{\"Code\":\"Throttling\",\"Message\":\"capital\"}", 400, NULL,
		 CW_ERR_THROTTLED, "Throttling", "capital"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct kind_case *c = &cases[i];
		struct cw_error err;

		if (c->file)
			parse_error_file(c->file, c->status, c->header, &err);
		else
			cw_parse_error(c->status, c->header, c->body, strlen(c->body), &err);
		assert_safe(err.message);
		if (err.kind != c->kind || strcmp(err.code, c->code) != 0 ||
		    !strstr(err.message, c->msg))
			fail_msg("case %zu: kind %s code \"%s\" message \"%s\"", i,
				 cw_error_kind_name(err.kind), err.code, err.message);
	}
}

static void test_error_hostile_bodies(void **state)
{
	struct cw_error err;
	char *big, *body;
	size_t n = 100000;

	(void)state;
	cw_parse_error(500, NULL, NULL, 0, &err);
	assert_contains(err.message, "empty body");
	/* A long message and a long code are cut, never overflowing. */
	big = xmalloc(n + 1);
	memset(big, 'A', n);
	big[n] = '\0';
	body = xasprintf("{\"__type\":\"%s\",\"message\":\"%s\"}", big, big);
	cw_parse_error(400, big, body, strlen(body), &err);
	assert_true(strlen(err.code) < sizeof(err.code));
	assert_true(strlen(err.message) < sizeof(err.message));
	free(body);
	/* A huge HTML page with no title, and one with a huge title. */
	body = xasprintf("<html><title>%s</title>", big);
	cw_parse_error(502, NULL, body, strlen(body), &err);
	assert_contains(err.message, "HTML page \"AAAA");
	assert_true(strlen(err.message) < 200);
	free(body);
	/* Raw bytes: control characters and broken UTF-8 in message and type. */
	body = xstrdup("{\"__type\":\"Bad\\u001b[0m\\u0000x\",\"message\":\"l1\\r\\nl2\xff\xfe\"}");
	cw_parse_error(400, NULL, body, strlen(body), &err);
	assert_string_equal(err.code, "Bad?[0m");
	assert_string_equal(err.message, "l1  l2??");
	free(body);
	/* Deeply nested JSON error: not a JSON answer, described as text. */
	memset(big, '[', n);
	cw_parse_error(400, NULL, big, n, &err);
	assert_contains(err.message, "text body \"[[[[");
	assert_contains(err.message, "...");
	/* An oversized body is not even looked at. */
	cw_parse_error(502, NULL, big, CW_MAX_BODY + 1, &err);
	assert_contains(err.message, "oversized body");
	free(big);
}

static void test_retryable_names_advice(void **state)
{
	struct cw_error err = {0};
	enum cw_error_kind k;

	(void)state;
	for (k = CW_OK; k <= CW_ERR_MALFORMED; k++) {
		err.kind = k;
		assert_int_equal(cw_error_retryable(&err), k == CW_ERR_THROTTLED ||
								   k == CW_ERR_SERVER ||
								   k == CW_ERR_TRANSPORT);
		assert_true(strlen(cw_error_kind_name(k)) > 1);
		if (k != CW_OK) {
			const char *a = cw_error_advice(k);

			assert_true(strlen(a) > 10 && strlen(a) < 100);
			assert_int_equal(a[strlen(a) - 1], '.');
		}
	}
	assert_contains(cw_error_advice(CW_ERR_ACCESS_DENIED), "cloudwatch:GetMetricData");
	assert_string_equal(cw_error_kind_name(CW_ERR_THROTTLED), "throttled");
}

/* ---- requests ------------------------------------------------------------ */

static void assert_json_equal(const char *got, const char *want)
{
	struct json_object *g = json_tokener_parse(got), *w = json_tokener_parse(want);

	assert_non_null(g);
	assert_non_null(w);
	if (!json_object_equal(g, w))
		fail_msg("got  %s\nwant %s", got, want);
	json_object_put(g);
	json_object_put(w);
}

static void test_build_metric_stat(void **state)
{
	struct metric_def m = {0};
	struct cw_query q = {.id = "m0", .metric = &m};
	char *got;

	(void)state;
	m.namespace_ = "AWS/ApiGateway";
	m.metric_name = "Latency";
	m.dims[0] = (struct dimension){"ApiName", "shop-api"};
	m.dims[1] = (struct dimension){"Stage", "prod"};
	m.ndims = 2;
	m.stats[0] = "Average";
	m.stats[1] = "p99.9";
	m.nstats = 2;
	m.period = 60;
	m.label = "API latency ${MAX}";
	got = cw_build_request(&q, 1, 1765974180, 1765977780, NULL);
	assert_json_equal(got, "{\"MetricDataQueries\":[{\"Id\":\"m0\",\"MetricStat\":{\"Metric\":{"
			       "\"Namespace\":\"AWS/ApiGateway\",\"MetricName\":\"Latency\","
			       "\"Dimensions\":[{\"Name\":\"ApiName\",\"Value\":\"shop-api\"},"
			       "{\"Name\":\"Stage\",\"Value\":\"prod\"}]},\"Period\":60,"
			       "\"Stat\":\"Average\"},\"ReturnData\":true}],"
			       "\"StartTime\":1765974180,\"EndTime\":1765977780,"
			       "\"ScanBy\":\"TimestampDescending\"}");
	/* Plain JSON on one line, slashes not escaped. */
	assert_null(strchr(got, '\n'));
	assert_contains(got, "\"AWS/ApiGateway\"");
	free(got);
	m.stat_index = 1;
	got = cw_build_request(&q, 1, 1, 2, "");
	assert_contains(got, "\"Stat\":\"p99.9\"");
	assert_null(strstr(got, "NextToken"));
	free(got);
}

static void test_build_expression_and_token(void **state)
{
	struct metric_def a = {0}, b = {0};
	struct cw_query q[2] = {{.id = "m0", .metric = &a}, {.id = "e1", .metric = &b}};
	char *got;

	(void)state;
	a.namespace_ = "AWS/Lambda";
	a.metric_name = "ConcurrentExecutions";
	a.stats[0] = "Maximum";
	a.nstats = 1;
	a.period = 300;
	b.expression = "SUM(SEARCH('{AWS/Lambda,FunctionName} MetricName=\"Errors\"', 'Sum', 60))";
	b.period = 60;
	got = cw_build_request(q, 2, 100, 200, "tok/en+==");
	assert_json_equal(got,
			  "{\"MetricDataQueries\":["
			  "{\"Id\":\"m0\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Lambda\","
			  "\"MetricName\":\"ConcurrentExecutions\"},\"Period\":300,"
			  "\"Stat\":\"Maximum\"},\"ReturnData\":true},"
			  "{\"Id\":\"e1\",\"Expression\":\"SUM(SEARCH('{AWS/Lambda,FunctionName} "
			  "MetricName=\\\"Errors\\\"', 'Sum', 60))\",\"Period\":60,"
			  "\"ReturnData\":true}],"
			  "\"StartTime\":100,\"EndTime\":200,\"ScanBy\":\"TimestampDescending\","
			  "\"NextToken\":\"tok/en+==\"}");
	free(got);
}

static void test_build_escaping_and_stats(void **state)
{
	static const char *stats[] = {"Sum",  "Minimum",     "SampleCount", "p50",  "p99.99",
				      "tm90", "TM(10%:90%)", "IQM",         "tc99", "PR(:300)"};
	struct metric_def m = {0};
	struct cw_query q = {.id = "m_1", .metric = &m};
	struct json_object *root, *v;
	char *got;
	size_t i;

	(void)state;
	m.namespace_ = "Custom/\"Quoted\"\\Back";
	m.metric_name = "Tab\there\nnewline\x01";
	m.dims[0] = (struct dimension){"K\xc3\xa9y", "v\"a\\l"};
	m.ndims = 1;
	m.nstats = 1;
	m.period = 1;
	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++) {
		m.stats[0] = (char *)stats[i];
		got = cw_build_request(&q, 1, 0, 60, NULL);
		root = json_tokener_parse(got);
		assert_non_null(root); /* valid JSON whatever the strings hold */
		v = json_object_array_get_idx(json_object_object_get(root, "MetricDataQueries"), 0);
		v = json_object_object_get(v, "MetricStat");
		assert_string_equal(json_object_get_string(json_object_object_get(v, "Stat")),
				    stats[i]);
		v = json_object_object_get(v, "Metric");
		assert_string_equal(json_object_get_string(json_object_object_get(v, "Namespace")),
				    "Custom/\"Quoted\"\\Back");
		assert_string_equal(json_object_get_string(json_object_object_get(v, "MetricName")),
				    "Tab\there\nnewline\x01");
		json_object_put(root);
		free(got);
	}
	/* No queries at all still makes a valid body. */
	got = cw_build_request(NULL, 0, 0, 60, NULL);
	assert_json_equal(got, "{\"MetricDataQueries\":[],\"StartTime\":0,\"EndTime\":60,"
			       "\"ScanBy\":\"TimestampDescending\"}");
	free(got);
}

/* MaxDatapoints: sent when asked for, after NextToken, as a number; left
 * out for 0 and for what the service would refuse. */
static void test_build_max_datapoints(void **state)
{
	static const long refused[] = {0, -1, CW_MAX_DATAPOINTS + 1L};
	struct metric_def m = {0};
	struct cw_query q = {.id = "m0", .metric = &m};
	char *got;

	(void)state;
	m.namespace_ = "AWS/EC2";
	m.metric_name = "CPUUtilization";
	m.stats[0] = "Average";
	m.nstats = 1;
	m.period = 60;
	got = cw_build_request_paged(&q, 1, 0, 86400, "tok", 3000);
	assert_json_equal(got, "{\"MetricDataQueries\":[{\"Id\":\"m0\",\"MetricStat\":{\"Metric\":{"
			       "\"Namespace\":\"AWS/EC2\",\"MetricName\":\"CPUUtilization\"},"
			       "\"Period\":60,\"Stat\":\"Average\"},\"ReturnData\":true}],"
			       "\"StartTime\":0,\"EndTime\":86400,"
			       "\"ScanBy\":\"TimestampDescending\",\"NextToken\":\"tok\","
			       "\"MaxDatapoints\":3000}");
	free(got);
	got = cw_build_request_paged(&q, 1, 0, 60, NULL, CW_MAX_DATAPOINTS);
	assert_contains(got, "\"MaxDatapoints\":100800}");
	free(got);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char *plain = cw_build_request(&q, 1, 0, 60, NULL);

		got = cw_build_request_paged(&q, 1, 0, 60, NULL, refused[i]);
		assert_string_equal(got, plain);
		assert_null(strstr(got, "MaxDatapoints"));
		free(plain);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_queries),
		cmocka_unit_test(test_three_queries_exponent_timestamps),
		cmocka_unit_test(test_fractional_values_exact),
		cmocka_unit_test(test_result_messages),
		cmocka_unit_test(test_empty_results),
		cmocka_unit_test(test_pagination),
		cmocka_unit_test(test_partial_data),
		cmocka_unit_test(test_status_codes_and_unknown_members),
		cmocka_unit_test(test_lenient_where_harmless),
		cmocka_unit_test(test_malformed_bodies),
		cmocka_unit_test(test_nul_and_oversized),
		cmocka_unit_test(test_deep_nesting_refused),
		cmocka_unit_test(test_count_limits),
		cmocka_unit_test(test_strings_sanitized_and_bounded),
		cmocka_unit_test(test_shared_recordings),
		cmocka_unit_test(test_error_spec_header_wins),
		cmocka_unit_test(test_error_resource_not_found_no_message),
		cmocka_unit_test(test_error_validation),
		cmocka_unit_test(test_error_kinds),
		cmocka_unit_test(test_error_hostile_bodies),
		cmocka_unit_test(test_retryable_names_advice),
		cmocka_unit_test(test_build_metric_stat),
		cmocka_unit_test(test_build_expression_and_token),
		cmocka_unit_test(test_build_escaping_and_stats),
		cmocka_unit_test(test_build_max_datapoints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
