/* Unit tests: src/sim_server.c, the local CloudWatch-compatible endpoint.
 *
 * The server runs in-process on an ephemeral 127.0.0.1 port; requests are
 * sent with libcurl and signed with src/aws_sigv4, as cwtop signs them. The
 * virtual clock is pinned to a chosen story minute (running at half speed,
 * so that it stays inside that minute for the whole test). */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <json-c/json.h>

#include "src/aws_sigv4.h"
#include "src/buf.h"
#include "src/clock.h"
#include "src/cloudwatch.h"
#include "src/sim_server.h"
#include "src/sim_story.h"
#include "src/xalloc.h"

static struct sim_server *server;
static unsigned port;

/* --- Time ---------------------------------------------------------------------- */

/* pin: virtual now = the start of `phase`'s minute + offset seconds, in the
 * loop around the real time, running at half speed from here. */
static int64_t pin(int phase, int offset)
{
	int64_t real = (int64_t)time(NULL);
	int64_t t = sim_story_time_of(real, phase) + offset;

	clock_set_speed(2 * t - real, 0.5);
	return t;
}

/* --- Requests ---------------------------------------------------------------------- */

struct call_opts {
	const char *region;
	const char *service;
	const char *target; /* "GetMetricData", "DescribeAlarms", or a raw target */
	const char *access_key;
	const char *secret;
	const char *token;     /* session token, sent and signed */
	const char *sent_body; /* a body other than the signed one */
	const char *auth;      /* a raw Authorization header instead of signing */
	int64_t date_offset;   /* seconds added to X-Amz-Date */
	bool no_auth;
	bool query_mode; /* x-amzn-query-mode: true */
	const char *content_type;
};

struct resp {
	CURLcode cc;
	long status;
	struct buf body;
	char content_type[128];
	char query_error[128];
	char request_id[64];
	double seconds;
	json_object *json;
};

static size_t on_body(char *data, size_t size, size_t n, void *cls)
{
	struct buf *b = cls;

	buf_append(b, data, size * n);
	return size * n;
}

static void header_value(const char *line, size_t len, const char *name, char *out, size_t outlen)
{
	size_t n = strlen(name), v;

	if (len <= n + 1 || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return;
	v = n + 1;
	while (v < len && line[v] == ' ')
		v++;
	while (len > v && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	snprintf(out, outlen, "%.*s", (int)(len - v), line + v);
}

static size_t on_header(char *data, size_t size, size_t n, void *cls)
{
	struct resp *r = cls;

	header_value(data, size * n, "Content-Type", r->content_type, sizeof(r->content_type));
	header_value(data, size * n, "x-amzn-query-error", r->query_error, sizeof(r->query_error));
	header_value(data, size * n, "x-amzn-RequestId", r->request_id, sizeof(r->request_id));
	return size * n;
}

static void resp_free(struct resp *r)
{
	buf_free(&r->body);
	if (r->json)
		json_object_put(r->json);
	memset(r, 0, sizeof(*r));
}

/* call: one signed POST; the response, parsed when it is JSON. */
static void call(const struct call_opts *o, const char *body, struct resp *r)
{
	char host[64], url[64], amz_date[17], target[128];
	const char *ctype = o->content_type ? o->content_type : CW_CONTENT_TYPE;
	struct sigv4_header hdrs[5];
	struct sigv4_credentials creds = {
		o->access_key ? o->access_key : SIM_DEMO_ACCESS_KEY,
		o->secret ? o->secret : SIM_DEMO_SECRET_KEY,
		o->token,
	};
	struct sigv4_request req = {"POST", "/", "", hdrs, 4, body, strlen(body)};
	struct sigv4_result sig = {0};
	struct curl_slist *list = NULL;
	char *line;
	CURL *c;
	int64_t t0;

	memset(r, 0, sizeof(*r));
	buf_init(&r->body, 64u * 1024 * 1024);
	snprintf(host, sizeof(host), "127.0.0.1:%u", port);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/", port);
	snprintf(target, sizeof(target), "%s%s",
		 strchr(o->target ? o->target : "", '.') ? "" : CW_TARGET_PREFIX,
		 o->target ? o->target : "GetMetricData");
	sigv4_amz_date((time_t)(clock_now() + o->date_offset), amz_date);
	hdrs[0] = (struct sigv4_header){"Host", host};
	hdrs[1] = (struct sigv4_header){"Content-Type", ctype};
	hdrs[2] = (struct sigv4_header){"X-Amz-Date", amz_date};
	hdrs[3] = (struct sigv4_header){"X-Amz-Target", target};
	if (!o->no_auth && !o->auth)
		assert_int_equal(sigv4_sign(&req, &creds, o->region ? o->region : "us-east-1",
					    o->service ? o->service : "monitoring", amz_date, &sig),
				 0);

	line = xasprintf("Content-Type: %s", ctype);
	list = curl_slist_append(list, line);
	free(line);
	line = xasprintf("X-Amz-Date: %s", amz_date);
	list = curl_slist_append(list, line);
	free(line);
	line = xasprintf("X-Amz-Target: %s", target);
	list = curl_slist_append(list, line);
	free(line);
	if (!o->no_auth) {
		line = xasprintf("Authorization: %s", o->auth ? o->auth : sig.authorization);
		list = curl_slist_append(list, line);
		free(line);
	}
	if (o->token) {
		line = xasprintf("X-Amz-Security-Token: %s", o->token);
		list = curl_slist_append(list, line);
		free(line);
	}
	if (o->query_mode)
		list = curl_slist_append(list, "x-amzn-query-mode: true");
	list = curl_slist_append(list, "Expect:");

	c = curl_easy_init();
	assert_non_null(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, o->sent_body ? o->sent_body : body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	t0 = clock_mono_ms();
	r->cc = curl_easy_perform(c);
	r->seconds = (double)(clock_mono_ms() - t0) / 1000.0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(list);
	sigv4_result_free(&sig);
	if (r->cc == CURLE_OK && r->body.data && strstr(r->content_type, "json"))
		r->json = json_tokener_parse(r->body.data);
}

/* plain: an unsigned request to a control URL. */
static void plain(const char *method, const char *path, const char *body, struct resp *r)
{
	char url[128];
	CURL *c = curl_easy_init();

	memset(r, 0, sizeof(*r));
	buf_init(&r->body, 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	r->cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	if (r->cc == CURLE_OK && r->body.data)
		r->json = json_tokener_parse(r->body.data);
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return json_object_get_string(v);
}

static json_object *jget(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

/* assert_error: the status, the short __type and, in query mode, the
 * x-amzn-query-error header. */
static void assert_error(const struct resp *r, long status, const char *type,
			 const char *query_code)
{
	const char *t;

	if (r->status != status)
		fail_msg("status %ld, want %ld; body %s", r->status, status,
			 r->body.data ? r->body.data : "");
	assert_string_equal(r->content_type, CW_CONTENT_TYPE);
	assert_non_null(r->json);
	t = jstr(r->json, "__type");
	assert_non_null(t);
	assert_non_null(strchr(t, '#'));
	assert_string_equal(strchr(t, '#') + 1, type);
	if (query_code) {
		char want[128];

		snprintf(want, sizeof(want), "%s;%s", query_code,
			 status >= 500 ? "Receiver" : "Sender");
		assert_string_equal(r->query_error, want);
	}
}

static void assert_message_has(const struct resp *r, const char *part)
{
	const char *m = jstr(r->json, "message");

	if (!m || !strstr(m, part))
		fail_msg("message '%s' lacks '%s'", m ? m : "(none)", part);
}

/* --- Request bodies ------------------------------------------------------------------ */

static char *query_json(const char *id, const char *ns, const char *name, const char *dims,
			const char *stat, int period)
{
	return xasprintf(
		"{\"Id\":\"%s\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"%s\","
		"\"MetricName\":\"%s\",\"Dimensions\":[%s]},\"Period\":%d,\"Stat\":\"%s\"}}",
		id, ns, name, dims, period, stat);
}

#define API_DIMS                                                                                   \
	"{\"Name\":\"ApiName\",\"Value\":\"smuppy-api\"},{\"Name\":\"Stage\",\"Value\":"           \
	"\"staging\"}"

static char *gmd_body(const char *queries, int64_t start, int64_t end, const char *extra)
{
	return xasprintf("{\"MetricDataQueries\":[%s],\"StartTime\":%" PRId64
			 ",\"EndTime\":%" PRId64 "%s%s}",
			 queries, start, end, extra ? "," : "", extra ? extra : "");
}

/* standard_body: latency Average, Count Sum and an unknown metric over the
 * last `minutes` minutes before now. */
static char *standard_body(int minutes, const char *extra)
{
	int64_t end = clock_now() / 60 * 60;
	char *q1 = query_json("lat", "AWS/ApiGateway", "Latency", API_DIMS, "Average", 60);
	char *q2 = query_json("cnt", "AWS/ApiGateway", "Count", API_DIMS, "Sum", 60);
	char *q3 = query_json("nope", "AWS/EC2", "CPUUtilization", "", "Average", 60);
	char *qs = xasprintf("%s,%s,%s", q1, q2, q3);
	char *body = gmd_body(qs, end - minutes * 60, end, extra);

	free(q1);
	free(q2);
	free(q3);
	free(qs);
	return body;
}

static json_object *result_by_id(json_object *resp, const char *id)
{
	json_object *results = jget(resp, "MetricDataResults");

	for (size_t i = 0; results && i < json_object_array_length(results); i++) {
		json_object *r = json_object_array_get_idx(results, i);

		if (strcmp(jstr(r, "Id"), id) == 0)
			return r;
	}
	return NULL;
}

/* --- Fixtures -------------------------------------------------------------------------- */

static int start_server(void **state)
{
	struct sim_options opt = {.quiet = true};
	char err[256];

	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	pin(12, 20);
	server = sim_server_start(&opt, err, sizeof(err));
	if (!server) {
		fprintf(stderr, "sim_server_start: %s\n", err);
		return -1;
	}
	port = sim_server_port(server);
	return port ? 0 : -1;
}

static int stop_server(void **state)
{
	(void)state;
	sim_server_stop(server);
	curl_global_cleanup();
	return 0;
}

/* Each test starts at story minute 12 (2,000 users, no alarm, no outage),
 * with no fault and no counts. */
static int each(void **state)
{
	(void)state;
	pin(12, 20);
	sim_server_reset(server);
	return 0;
}

/* --- Good requests ------------------------------------------------------------------------ */

static void test_get_metric_data_matches_story(void **state)
{
	static const struct sim_dim dims[] = {{"ApiName", SIM_API_NAME}, {"Stage", SIM_API_STAGE}};
	static const struct sim_metric lat = {"AWS/ApiGateway", "Latency", dims, 2};
	char *body = standard_body(10, NULL);
	struct call_opts o = {0};
	json_object *r, *ts, *vs, *results;
	struct sim_stat avg;
	struct resp resp;
	int64_t now = clock_now(), prev = INT64_MAX;

	(void)state;
	call(&o, body, &resp);
	assert_int_equal(resp.cc, CURLE_OK);
	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.content_type, CW_CONTENT_TYPE);
	assert_int_equal(strlen(resp.request_id), 36);
	assert_non_null(resp.json);
	assert_int_equal(json_object_array_length(jget(resp.json, "Messages")), 0);
	assert_null(jget(resp.json, "NextToken"));
	results = jget(resp.json, "MetricDataResults");
	assert_int_equal(json_object_array_length(results), 3);

	r = result_by_id(resp.json, "lat");
	assert_non_null(r);
	assert_string_equal(jstr(r, "Label"), "Latency");
	assert_string_equal(jstr(r, "StatusCode"), "Complete");
	ts = jget(r, "Timestamps");
	vs = jget(r, "Values");
	assert_int_equal(json_object_array_length(ts), json_object_array_length(vs));
	assert_true(json_object_array_length(ts) >= 9);
	sim_stat_parse("Average", &avg);
	for (size_t i = 0; i < json_object_array_length(ts); i++) {
		json_object *tj = json_object_array_get_idx(ts, i);
		int64_t t = (int64_t)json_object_get_double(tj);
		double want;

		/* Timestamps are JSON numbers in the service's notation. */
		assert_true(json_object_is_type(tj, json_type_double));
		assert_true(t < prev); /* newest first */
		prev = t;
		assert_int_equal(t % 60, 0);
		if (t + 180 > now)
			continue; /* still being revised: depends on the second */
		assert_true(sim_story_value("us-east-1", &lat, &avg, 60, t, INT64_MAX, &want));
		assert_true(json_object_get_double(json_object_array_get_idx(vs, i)) == want);
	}
	assert_true(strstr(resp.body.data, "E9,") != NULL); /* 1.76760792E9 */

	r = result_by_id(resp.json, "nope");
	assert_non_null(r);
	assert_string_equal(jstr(r, "StatusCode"), "Complete");
	assert_int_equal(json_object_array_length(jget(r, "Values")), 0);
	assert_int_equal(json_object_array_length(jget(r, "Timestamps")), 0);
	resp_free(&resp);
	free(body);
}

static void test_scan_ascending_and_labels(void **state)
{
	int64_t end = clock_now() / 60 * 60;
	char *q1 = query_json("a", "AWS/ApiGateway", "Latency", API_DIMS, "Average", 60);
	char *q2 = query_json("b", "AWS/ApiGateway", "Latency", API_DIMS, "p99", 60);
	char *q3 = query_json("c", "AWS/ApiGateway", "Latency", API_DIMS, "Maximum", 300);
	char *qs = xasprintf("%s,%s,%s", q1, q2, q3);
	char *body = gmd_body(qs, end - 1800, end, "\"ScanBy\":\"TimestampAscending\"");
	struct call_opts o = {0};
	struct resp r;
	json_object *ts;

	(void)state;
	call(&o, body, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(result_by_id(r.json, "a"), "Label"), "Latency Average 60");
	assert_string_equal(jstr(result_by_id(r.json, "b"), "Label"), "Latency p99 60");
	assert_string_equal(jstr(result_by_id(r.json, "c"), "Label"), "Latency Maximum 300");
	ts = jget(result_by_id(r.json, "a"), "Timestamps");
	for (size_t i = 1; i < json_object_array_length(ts); i++)
		assert_true(json_object_get_double(json_object_array_get_idx(ts, i - 1)) <
			    json_object_get_double(json_object_array_get_idx(ts, i)));
	/* p99 above the average, period by period. */
	for (size_t i = 0; i < json_object_array_length(ts); i++)
		assert_true(json_object_get_double(json_object_array_get_idx(
				    jget(result_by_id(r.json, "b"), "Values"), i)) >
			    json_object_get_double(json_object_array_get_idx(
				    jget(result_by_id(r.json, "a"), "Values"), i)));
	assert_int_equal(json_object_array_length(jget(result_by_id(r.json, "c"), "Values")), 6);
	resp_free(&r);
	free(q1);
	free(q2);
	free(q3);
	free(qs);
	free(body);
}

static void test_session_token_and_query_mode(void **state)
{
	char *body = standard_body(3, NULL);
	struct call_opts good = {.token = SIM_DEMO_SESSION_TOKEN, .query_mode = true};
	struct call_opts bad = {.token = "not-the-token", .query_mode = true};
	struct resp r;

	(void)state;
	call(&good, body, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.query_error, "");
	resp_free(&r);
	call(&bad, body, &r);
	assert_error(&r, 403, "UnrecognizedClientException", "InvalidClientTokenId");
	resp_free(&r);
	free(body);
}

static void test_unknown_region_is_empty(void **state)
{
	char *body = standard_body(5, NULL);
	struct call_opts o = {.region = "us-west-2"};
	struct call_opts da = {.region = "us-west-2", .target = "DescribeAlarms"};
	struct resp r;

	(void)state;
	call(&o, body, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_object_array_length(jget(result_by_id(r.json, "lat"), "Values")), 0);
	resp_free(&r);
	call(&da, "{}", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_object_array_length(jget(r.json, "MetricAlarms")), 0);
	assert_int_equal(json_object_array_length(jget(r.json, "CompositeAlarms")), 0);
	resp_free(&r);
	free(body);
}

/* --- DescribeAlarms -------------------------------------------------------------------------- */

static const char *alarm_state(json_object *resp, const char *name)
{
	json_object *alarms = jget(resp, "MetricAlarms");

	for (size_t i = 0; alarms && i < json_object_array_length(alarms); i++) {
		json_object *a = json_object_array_get_idx(alarms, i);

		if (strcmp(jstr(a, "AlarmName"), name) == 0)
			return jstr(a, "StateValue");
	}
	return NULL;
}

static void test_describe_alarms_follow_story(void **state)
{
	struct call_opts us = {.target = "DescribeAlarms"};
	struct call_opts eu = {.region = "eu-west-1", .target = "DescribeAlarms"};
	struct call_opts ap = {.region = "ap-south-1", .target = "DescribeAlarms"};
	json_object *a, *data;
	struct resp r;

	(void)state;
	call(&us, "{}", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_object_array_length(jget(r.json, "MetricAlarms")), 2);
	assert_string_equal(alarm_state(r.json, "smuppy-api-latency-high"), "OK");
	assert_string_equal(alarm_state(r.json, "smuppy-lambda-concurrency-high"), "OK");
	a = json_object_array_get_idx(jget(r.json, "MetricAlarms"), 0);
	assert_string_equal(jstr(a, "MetricName"), "Latency");
	assert_int_equal(json_object_get_int(jget(a, "EvaluationPeriods")), 3);
	assert_int_equal(json_object_get_int(jget(a, "DatapointsToAlarm")), 3);
	assert_true(json_object_get_double(jget(a, "Threshold")) == 500);
	assert_string_equal(jstr(a, "ComparisonOperator"), "GreaterThanThreshold");
	assert_string_equal(
		jstr(a, "AlarmArn"),
		"arn:aws:cloudwatch:us-east-1:111111111111:alarm:smuppy-api-latency-high");
	/* StateReasonData is a JSON document inside a string, as on the wire. */
	assert_true(json_object_is_type(jget(a, "StateReasonData"), json_type_string));
	data = json_tokener_parse(jstr(a, "StateReasonData"));
	assert_non_null(data);
	assert_int_equal(json_object_array_length(jget(data, "evaluatedDatapoints")), 3);
	json_object_put(data);
	resp_free(&r);

	/* Minute 27: 100,000 users; both us-east-1 alarms fire. */
	pin(27, 30);
	call(&us, "{}", &r);
	assert_string_equal(alarm_state(r.json, "smuppy-api-latency-high"), "ALARM");
	assert_string_equal(alarm_state(r.json, "smuppy-lambda-concurrency-high"), "ALARM");
	assert_non_null(strstr(r.body.data, "Threshold Crossed: 3 out of the last 3 datapoints"));
	resp_free(&r);
	call(&eu, "{\"StateValue\":\"ALARM\"}", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_object_array_length(jget(r.json, "MetricAlarms")), 0);
	resp_free(&r);
	/* ...and ap-south-1's endpoint is in its outage. */
	call(&ap, "{}", &r);
	assert_error(&r, 503, "ServiceUnavailableException", NULL);
	resp_free(&r);

	/* Filters and pages. */
	call(&us, "{\"AlarmNames\":[\"smuppy-lambda-concurrency-high\"]}", &r);
	assert_int_equal(json_object_array_length(jget(r.json, "MetricAlarms")), 1);
	resp_free(&r);
	call(&us, "{\"MaxRecords\":1}", &r);
	assert_int_equal(json_object_array_length(jget(r.json, "MetricAlarms")), 1);
	assert_non_null(jstr(r.json, "NextToken"));
	{
		char *next = xasprintf("{\"MaxRecords\":1,\"NextToken\":\"%s\"}",
				       jstr(r.json, "NextToken"));
		struct resp r2;

		call(&us, next, &r2);
		assert_int_equal(r2.status, 200);
		assert_int_equal(json_object_array_length(jget(r2.json, "MetricAlarms")), 1);
		assert_null(jget(r2.json, "NextToken"));
		resp_free(&r2);
		free(next);
	}
	resp_free(&r);
	call(&us, "{\"MaxRecords\":0}", &r);
	assert_error(&r, 400, "ValidationException", NULL);
	resp_free(&r);
	call(&us, "{\"StateValue\":\"BROKEN\"}", &r);
	assert_error(&r, 400, "ValidationException", NULL);
	resp_free(&r);
}

/* --- Authentication errors ------------------------------------------------------------------ */

static void test_auth_errors(void **state)
{
	char *body = standard_body(3, NULL);
	struct resp r;

	(void)state;
	call(&(struct call_opts){.no_auth = true, .query_mode = true}, body, &r);
	assert_error(&r, 403, "MissingAuthenticationTokenException", "MissingAuthenticationToken");
	resp_free(&r);

	call(&(struct call_opts){.access_key = "AKIDSOMEONEELSE", .query_mode = true}, body, &r);
	assert_error(&r, 403, "UnrecognizedClientException", "InvalidClientTokenId");
	assert_message_has(&r, "The security token included in the request is invalid.");
	resp_free(&r);

	call(&(struct call_opts){.secret = "wrong-secret", .query_mode = true}, body, &r);
	assert_error(&r, 403, "InvalidSignatureException", "SignatureDoesNotMatch");
	assert_message_has(&r, "The request signature we calculated does not match");
	resp_free(&r);

	/* Without query mode: the same error, no x-amzn-query-error. */
	call(&(struct call_opts){.secret = "wrong-secret"}, body, &r);
	assert_error(&r, 403, "InvalidSignatureException", NULL);
	assert_string_equal(r.query_error, "");
	resp_free(&r);

	call(&(struct call_opts){.sent_body = "{\"MetricDataQueries\":[]}"}, body, &r);
	assert_error(&r, 403, "InvalidSignatureException", NULL);
	resp_free(&r);

	call(&(struct call_opts){.service = "logs"}, body, &r);
	assert_error(&r, 403, "InvalidSignatureException", NULL);
	assert_message_has(&r, "Credential should be scoped to correct service: 'monitoring'");
	resp_free(&r);

	call(&(struct call_opts){.date_offset = -16 * 60, .query_mode = true}, body, &r);
	assert_error(&r, 400, "InvalidSignatureException", "SignatureDoesNotMatch");
	assert_message_has(&r, "Signature expired: ");
	resp_free(&r);

	call(&(struct call_opts){.date_offset = 16 * 60}, body, &r);
	assert_error(&r, 400, "InvalidSignatureException", NULL);
	assert_message_has(&r, "Signature not yet current: ");
	resp_free(&r);

	/* 14 minutes off is still accepted. */
	call(&(struct call_opts){.date_offset = -14 * 60}, body, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);

	call(&(struct call_opts){.auth = "AWS4-HMAC-SHA256 Credential=garbage"}, body, &r);
	assert_error(&r, 400, "IncompleteSignatureException", NULL);
	resp_free(&r);
	free(body);
}

/* --- Request errors ----------------------------------------------------------------------------
 */

static void test_request_errors(void **state)
{
	int64_t end = clock_now() / 60 * 60;
	char *q = query_json("m1", "AWS/ApiGateway", "Latency", API_DIMS, "Average", 60);
	char *body;
	struct call_opts o = {.query_mode = true};
	struct resp r;

	(void)state;
	call(&(struct call_opts){.target = "GraniteServiceVersion20100801.PutMetricData"}, "{}",
	     &r);
	assert_error(&r, 400, "UnknownOperationException", NULL);
	resp_free(&r);

	call(&o, "{not json", &r);
	assert_error(&r, 400, "SerializationException", NULL);
	resp_free(&r);

	body = xasprintf("{\"MetricDataQueries\":[%s],\"EndTime\":%" PRId64 "}", q, end);
	call(&o, body, &r);
	assert_error(&r, 400, "ValidationException", "ValidationError");
	assert_message_has(&r, "Value null at 'startTime' failed to satisfy constraint");
	resp_free(&r);
	free(body);

	body = xasprintf(
		"{\"MetricDataQueries\":[%s],\"StartTime\":\"yesterday\",\"EndTime\":%" PRId64 "}",
		q, end);
	call(&o, body, &r);
	assert_error(&r, 400, "SerializationException", NULL);
	resp_free(&r);
	free(body);

	body = gmd_body(q, end, end - 600, NULL);
	call(&o, body, &r);
	assert_error(&r, 400, "InvalidParameterValueException", "InvalidParameterValue");
	assert_message_has(&r, "The parameter StartTime must be less than the parameter EndTime.");
	resp_free(&r);
	free(body);

	{
		char *two = xasprintf("%s,%s", q, q);

		body = gmd_body(two, end - 600, end, NULL);
		call(&o, body, &r);
		assert_error(&r, 400, "ValidationException", "ValidationError");
		assert_message_has(&r, "not unique");
		resp_free(&r);
		free(body);
		free(two);
	}
	{
		char *bad_id =
			query_json("M1", "AWS/ApiGateway", "Latency", API_DIMS, "Average", 60);

		body = gmd_body(bad_id, end - 600, end, NULL);
		call(&o, body, &r);
		assert_error(&r, 400, "ValidationException", "ValidationError");
		assert_message_has(&r, "MetricDataQueries.member.1.Id");
		resp_free(&r);
		free(body);
		free(bad_id);
	}
	{
		char *bad_stat =
			query_json("m1", "AWS/ApiGateway", "Latency", API_DIMS, "Mean", 60);

		body = gmd_body(bad_stat, end - 600, end, NULL);
		call(&o, body, &r);
		assert_error(&r, 400, "ValidationException", "ValidationError");
		assert_message_has(&r, "MetricDataQueries.member.1.MetricStat.Stat is not a valid "
				       "statistic.");
		resp_free(&r);
		free(body);
		free(bad_stat);
	}
	{
		/* 45 is not a period; 2^32 (+60) must not wrap around to 0 (or 60). */
		static const char *const periods[] = {"45", "4294967296", "4294967356"};

		for (size_t i = 0; i < sizeof(periods) / sizeof(periods[0]); i++) {
			char *bad = xasprintf(
				"{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/"
				"Lambda\","
				"\"MetricName\":\"Errors\"},\"Period\":%s,\"Stat\":\"Sum\"}}",
				periods[i]);

			body = gmd_body(bad, end - 600, end, NULL);
			call(&o, body, &r);
			assert_error(&r, 400, "ValidationException", "ValidationError");
			resp_free(&r);
			free(body);
			free(bad);
		}
	}
	body = gmd_body("{\"Id\":\"e1\",\"Expression\":\"m1*2\",\"MetricStat\":{\"Metric\":{"
			"\"Namespace\":\"AWS/Lambda\",\"MetricName\":\"Errors\"},\"Period\":60,"
			"\"Stat\":\"Sum\"}}",
			end - 600, end, NULL);
	call(&o, body, &r);
	assert_error(&r, 400, "InvalidParameterCombinationException",
		     "InvalidParameterCombination");
	resp_free(&r);
	free(body);

	body = standard_body(5, "\"NextToken\":\"bm90IGEgdG9rZW4=\"");
	call(&o, body, &r);
	assert_error(&r, 400, "InvalidNextToken", "InvalidNextToken");
	resp_free(&r);
	free(body);
	free(q);
}

static char *lambda_queries(int n)
{
	struct buf qs;

	buf_init(&qs, 0);
	for (int i = 0; i < n; i++) {
		char id[16], *q;

		snprintf(id, sizeof(id), "m%d", i);
		q = query_json(id, "AWS/Lambda", "Invocations", "", "Sum", 60);
		buf_printf(&qs, "%s%s", i ? "," : "", q);
		free(q);
	}
	return buf_steal(&qs, NULL);
}

static void test_query_limit(void **state)
{
	int64_t end = clock_now() / 60 * 60;
	char *qs = lambda_queries(CW_MAX_QUERIES + 1);
	char *body = gmd_body(qs, end - 300, end, NULL);
	struct resp r;

	(void)state;
	call(&(struct call_opts){.query_mode = true}, body, &r);
	assert_error(&r, 400, "ValidationException", "ValidationError");
	assert_message_has(&r, "less than or equal to 500");
	resp_free(&r);
	free(body);
	free(qs);

	/* Exactly 500 is fine. */
	qs = lambda_queries(CW_MAX_QUERIES);
	body = gmd_body(qs, end - 300, end, NULL);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_object_array_length(jget(r.json, "MetricDataResults")), 500);
	resp_free(&r);
	free(body);
	free(qs);
}

/* --- Pagination ------------------------------------------------------------------------------- */

/* fetch_all: follow NextToken; returns the number of pages and appends each
 * id's datapoints (in order) to out[id]. */
struct collected {
	char id[16];
	size_t n;
	int64_t t[4096];
	double v[4096];
	char last_status[32];
};

static int fetch_all(const struct call_opts *o, const char *queries, int64_t start, int64_t end,
		     const char *extra, struct collected *out, size_t nout, char *first_status,
		     size_t first_len)
{
	char *token = NULL;
	int pages = 0;

	do {
		struct buf more;
		char *body;
		struct resp r;
		json_object *results;

		buf_init(&more, 0);
		buf_printf(&more, "%s", extra ? extra : "\"ScanBy\":\"TimestampDescending\"");
		if (token)
			buf_printf(&more, ",\"NextToken\":\"%s\"", token);
		body = gmd_body(queries, start, end, more.data);
		call(o, body, &r);
		assert_int_equal(r.status, 200);
		results = jget(r.json, "MetricDataResults");
		for (size_t i = 0; i < json_object_array_length(results); i++) {
			json_object *res = json_object_array_get_idx(results, i);
			json_object *ts = jget(res, "Timestamps"), *vs = jget(res, "Values");

			if (pages == 0 && i == 0 && first_status)
				snprintf(first_status, first_len, "%s", jstr(res, "StatusCode"));
			for (size_t k = 0; k < nout; k++) {
				struct collected *c = &out[k];

				if (strcmp(c->id, jstr(res, "Id")) != 0)
					continue;
				snprintf(c->last_status, sizeof(c->last_status), "%s",
					 jstr(res, "StatusCode"));
				for (size_t j = 0; j < json_object_array_length(ts); j++) {
					assert_true(c->n < 4096);
					c->t[c->n] = (int64_t)json_object_get_double(
						json_object_array_get_idx(ts, j));
					c->v[c->n] = json_object_get_double(
						json_object_array_get_idx(vs, j));
					c->n++;
				}
			}
		}
		free(token);
		token = jstr(r.json, "NextToken") ? xstrdup(jstr(r.json, "NextToken")) : NULL;
		pages++;
		resp_free(&r);
		free(body);
		buf_free(&more);
	} while (token && pages < 1000);
	free(token);
	return pages;
}

static void test_pagination_by_max_datapoints(void **state)
{
	int64_t end = clock_now() / 60 * 60 - 300, start = end - 600;
	char *q1 = query_json("a", "AWS/ApiGateway", "Count", API_DIMS, "Sum", 60);
	char *q2 = query_json("b", "AWS/Lambda", "ConcurrentExecutions", "", "Maximum", 60);
	char *qs = xasprintf("%s,%s", q1, q2);
	static struct collected whole[2], paged[2];
	char status[32] = "";
	int pages;

	(void)state;
	memset(whole, 0, sizeof(whole));
	memset(paged, 0, sizeof(paged));
	snprintf(whole[0].id, 16, "a");
	snprintf(whole[1].id, 16, "b");
	paged[0] = whole[0];
	paged[1] = whole[1];
	assert_int_equal(fetch_all(&(struct call_opts){0}, qs, start, end, NULL, whole, 2, NULL, 0),
			 1);
	pages = fetch_all(&(struct call_opts){0}, qs, start, end, "\"MaxDatapoints\":7", paged, 2,
			  status, sizeof(status));
	assert_int_equal(pages, 3);                 /* 20 periods, 7 per page */
	assert_string_equal(status, "PartialData"); /* "a" has 10 */
	for (int k = 0; k < 2; k++) {
		assert_int_equal(paged[k].n, whole[k].n);
		assert_int_equal(paged[k].n, 10);
		assert_memory_equal(paged[k].t, whole[k].t, whole[k].n * sizeof(int64_t));
		assert_memory_equal(paged[k].v, whole[k].v, whole[k].n * sizeof(double));
		assert_string_equal(paged[k].last_status, "Complete");
	}
	free(q1);
	free(q2);
	free(qs);
}

/* More than 100,800 datapoints in one call: the service answers the first
 * 100,800 with StatusCode PartialData and a NextToken. */
static void test_datapoint_limit(void **state)
{
	int64_t end = clock_now() / 60 * 60, start = end - 12 * 86400;
	struct buf qs;
	char *body, *token;
	struct resp r;
	size_t total = 0;
	json_object *results;

	(void)state;
	buf_init(&qs, 0);
	for (int i = 0; i < 6; i++) {
		char id[16], *q;

		snprintf(id, sizeof(id), "q%d", i);
		q = query_json(id, "AWS/ApiGateway", "Count", API_DIMS, "Sum", 60);
		buf_printf(&qs, "%s%s", i ? "," : "", q);
		free(q);
	}
	body = gmd_body(qs.data, start, end, NULL);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 200);
	results = jget(r.json, "MetricDataResults");
	for (size_t i = 0; i < json_object_array_length(results); i++)
		total += json_object_array_length(
			jget(json_object_array_get_idx(results, i), "Values"));
	/* 6 x 17,280 periods: q0-q4 whole, q5 cut. */
	assert_int_equal(total, CW_MAX_DATAPOINTS);
	assert_int_equal(json_object_array_length(results), 6);
	assert_string_equal(jstr(json_object_array_get_idx(results, 4), "StatusCode"), "Complete");
	assert_string_equal(jstr(json_object_array_get_idx(results, 5), "StatusCode"),
			    "PartialData");
	assert_non_null(jstr(r.json, "NextToken"));
	token = xstrdup(jstr(r.json, "NextToken"));
	resp_free(&r);
	free(body);

	{
		char *extra = xasprintf("\"NextToken\":\"%s\"", token);

		body = gmd_body(qs.data, start, end, extra);
		call(&(struct call_opts){0}, body, &r);
		assert_int_equal(r.status, 200);
		assert_null(jget(r.json, "NextToken"));
		results = jget(r.json, "MetricDataResults");
		assert_int_equal(json_object_array_length(results), 1);
		assert_string_equal(jstr(json_object_array_get_idx(results, 0), "Id"), "q5");
		assert_int_equal(json_object_array_length(
					 jget(json_object_array_get_idx(results, 0), "Values")),
				 6 * 17280 - CW_MAX_DATAPOINTS);
		resp_free(&r);
		free(body);
		free(extra);
	}
	/* The token belongs to its request: another range is refused. */
	{
		char *extra = xasprintf("\"NextToken\":\"%s\"", token);

		body = gmd_body(qs.data, start + 60, end, extra);
		call(&(struct call_opts){0}, body, &r);
		assert_error(&r, 400, "InvalidNextToken", NULL);
		resp_free(&r);
		free(body);
		free(extra);
	}
	free(token);
	buf_free(&qs);
}

/* --- Metric math ----------------------------------------------------------------------------- */

static void test_expressions(void **state)
{
	int64_t end, start;
	char *body, *q;
	struct resp r;
	json_object *e, *m;

	(void)state;
	pin(27, 30); /* DynamoDB is throttling */
	end = clock_now() / 60 * 60 - 240;
	start = end - 300;
	q = xasprintf(
		"{\"Id\":\"thr\",\"Expression\":\"SUM(SEARCH('{AWS/DynamoDB,Operation,TableName} "
		"MetricName=\\\"ThrottledRequests\\\" TableName=\\\"smuppy-feeds-staging\\\"', "
		"'Sum', 60))\",\"Label\":\"feeds throttled\"},"
		"{\"Id\":\"get\",\"ReturnData\":false,\"MetricStat\":{\"Metric\":{\"Namespace\":"
		"\"AWS/DynamoDB\",\"MetricName\":\"ThrottledRequests\",\"Dimensions\":[{\"Name\":"
		"\"TableName\",\"Value\":\"smuppy-feeds-staging\"},{\"Name\":\"Operation\","
		"\"Value\":"
		"\"GetItem\"}]},\"Period\":60,\"Stat\":\"Sum\"}},"
		"{\"Id\":\"share\",\"Expression\":\"100 * get / thr\"},"
		"{\"Id\":\"rate\",\"Expression\":\"RATE(get)\"}");
	body = gmd_body(q, start, end, NULL);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 200);
	assert_null(result_by_id(r.json, "get")); /* ReturnData false */
	e = result_by_id(r.json, "thr");
	assert_non_null(e);
	assert_string_equal(jstr(e, "Label"), "feeds throttled");
	assert_int_equal(json_object_array_length(jget(e, "Values")), 5);
	/* GetItem is 35% of the throttled requests. */
	m = result_by_id(r.json, "share");
	assert_int_equal(json_object_array_length(jget(m, "Values")), 5);
	for (size_t i = 0; i < 5; i++) {
		double share =
			json_object_get_double(json_object_array_get_idx(jget(m, "Values"), i));

		assert_true(share > 33 && share < 37);
	}
	/* A function the endpoint does not evaluate: no data and a message. */
	m = result_by_id(r.json, "rate");
	assert_non_null(m);
	assert_int_equal(json_object_array_length(jget(m, "Values")), 0);
	assert_non_null(jget(m, "Messages"));
	resp_free(&r);
	free(body);
	free(q);

	/* Before the throttling there is nothing to sum: an empty result. */
	pin(8, 30);
	end = clock_now() / 60 * 60 - 240;
	body = gmd_body(
		"{\"Id\":\"thr\",\"Expression\":\"SUM(SEARCH('{AWS/DynamoDB,Operation,"
		"TableName} MetricName=\\\"ThrottledRequests\\\" TableName=\\\"smuppy-feeds-"
		"staging\\\"', 'Sum', 60))\"}",
		end - 300, end, NULL);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_object_array_length(jget(result_by_id(r.json, "thr"), "Values")), 0);
	resp_free(&r);
	free(body);

	/* An array of searches times one series keeps the searches' labels. */
	body = gmd_body(
		"{\"Id\":\"e\",\"Expression\":\"[SEARCH('smuppy-api', 'Sum', 60)] * "
		"[m0]\"},{\"Id\":\"m0\",\"ReturnData\":false,\"MetricStat\":{\"Metric\":{"
		"\"Namespace\":\"AWS/Lambda\",\"MetricName\":\"Invocations\"},\"Period\":60,"
		"\"Stat\":\"Sum\"}}",
		end - 300, end, NULL);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 200);
	e = json_object_array_get_idx(jget(r.json, "MetricDataResults"), 0);
	assert_non_null(e);
	assert_string_equal(jstr(e, "Id"), "e");
	assert_non_null(strstr(jstr(e, "Label"), "smuppy-api"));
	resp_free(&r);
	free(body);

	/* Nonsense is a ValidationError. */
	body = gmd_body("{\"Id\":\"e1\",\"Expression\":\"FROBNICATE(m9)\"}", end - 300, end, NULL);
	call(&(struct call_opts){0}, body, &r);
	assert_error(&r, 400, "ValidationException", NULL);
	resp_free(&r);
	free(body);
	body = gmd_body(
		"{\"Id\":\"e1\",\"Expression\":\"e2\"},{\"Id\":\"e2\",\"Expression\":\"e1\"}",
		end - 300, end, NULL);
	call(&(struct call_opts){0}, body, &r);
	assert_error(&r, 400, "ValidationException", NULL);
	resp_free(&r);
	free(body);
}

/* --- Faults ---------------------------------------------------------------------------------- */

static void test_fault_errors(void **state)
{
	static const struct {
		enum sim_fault kind;
		long status;
		const char *type, *code, *message;
	} cases[] = {
		{SIM_FAULT_THROTTLE, 400, "ThrottlingException", "Throttling", "Rate exceeded"},
		{SIM_FAULT_EXPIRED_TOKEN, 400, "ExpiredTokenException", "ExpiredToken",
		 "The security token included in the request is expired"},
		{SIM_FAULT_ACCESS_DENIED, 400, "AccessDeniedException", "AccessDenied",
		 "User: arn:aws:iam::111111111111:user/demo is not authorized to perform: "
		 "cloudwatch:GetMetricData"},
		{SIM_FAULT_INTERNAL, 500, "InternalFailure", "InternalFailure", NULL},
		{SIM_FAULT_UNAVAILABLE, 503, "ServiceUnavailableException", "ServiceUnavailable",
		 NULL},
	};
	char *body = standard_body(3, NULL);
	struct resp r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(sim_server_set_fault(server, "us-east-1", cases[i].kind, 0), 0);
		call(&(struct call_opts){.query_mode = true}, body, &r);
		assert_error(&r, cases[i].status, cases[i].type, cases[i].code);
		if (cases[i].message)
			assert_message_has(&r, cases[i].message);
		resp_free(&r);
		/* Another region is not affected. */
		call(&(struct call_opts){.region = "eu-west-1"}, body, &r);
		assert_int_equal(r.status, 200);
		resp_free(&r);
	}
	/* kind none clears it. */
	assert_int_equal(sim_server_set_fault(server, "us-east-1", SIM_FAULT_NONE, 0), 0);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	/* A fault for every region. */
	assert_int_equal(sim_server_set_fault(server, NULL, SIM_FAULT_THROTTLE, 0), 0);
	call(&(struct call_opts){.region = "ap-south-1"}, body, &r);
	assert_error(&r, 400, "ThrottlingException", NULL);
	resp_free(&r);
	free(body);
}

static void test_fault_transport(void **state)
{
	char *body = standard_body(3, NULL);
	struct resp r;

	(void)state;
	sim_server_set_fault(server, "us-east-1", SIM_FAULT_DOWN, 0);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.cc, CURLE_GOT_NOTHING);
	resp_free(&r);

	sim_server_set_fault(server, "us-east-1", SIM_FAULT_RESET, 0);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.cc, CURLE_PARTIAL_FILE);
	resp_free(&r);

	sim_server_set_fault(server, "us-east-1", SIM_FAULT_SLOW, 1);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 200);
	assert_true(r.seconds >= 0.9);
	resp_free(&r);

	sim_server_set_fault(server, "us-east-1", SIM_FAULT_MALFORMED_TRUNCATED, 0);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.cc, CURLE_OK);
	assert_int_equal(r.status, 200);
	assert_null(r.json);
	assert_true(r.body.len > 10);
	resp_free(&r);

	sim_server_set_fault(server, "us-east-1", SIM_FAULT_MALFORMED_HTML, 0);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 502);
	assert_string_equal(r.content_type, "text/html");
	assert_non_null(strstr(r.body.data, "502 Bad Gateway"));
	resp_free(&r);

	sim_server_set_fault(server, "us-east-1", SIM_FAULT_MALFORMED_TYPES, 0);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_object_is_type(
		json_object_array_get_idx(jget(result_by_id(r.json, "lat"), "Values"), 0),
		json_type_string));
	resp_free(&r);

	sim_server_set_fault(server, "us-east-1", SIM_FAULT_OVERSIZED, 2);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, 2u * 1024 * 1024);
	assert_non_null(r.json); /* huge, but still JSON */
	resp_free(&r);
	free(body);
}

static void test_fault_pages(void **state)
{
	int64_t end = clock_now() / 60 * 60 - 300, start = end - 600;
	char *q1 = query_json("a", "AWS/ApiGateway", "Count", API_DIMS, "Sum", 60);
	static struct collected got[1];
	char status[32];
	int pages;

	(void)state;
	memset(got, 0, sizeof(got));
	snprintf(got[0].id, 16, "a");
	sim_server_set_fault(server, "us-east-1", SIM_FAULT_PAGINATE, 3);
	pages = fetch_all(&(struct call_opts){0}, q1, start, end, NULL, got, 1, status,
			  sizeof(status));
	assert_int_equal(pages, 4);
	assert_int_equal(got[0].n, 10);
	assert_string_equal(status, "PartialData");

	memset(got, 0, sizeof(got));
	snprintf(got[0].id, 16, "a");
	sim_server_set_fault(server, "us-east-1", SIM_FAULT_PARTIAL, 0);
	pages = fetch_all(&(struct call_opts){0}, q1, start, end, NULL, got, 1, status,
			  sizeof(status));
	assert_int_equal(pages, 2);
	assert_int_equal(got[0].n, 10);
	assert_string_equal(status, "PartialData");
	assert_string_equal(got[0].last_status, "Complete");
	free(q1);
}

static void test_control_requests(void **state)
{
	char *body = standard_body(3, NULL);
	struct resp r;
	json_object *stats;

	(void)state;
	plain("POST", "/_sim/fault", "region=eu-west-1&kind=throttle&count=1", &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	plain("POST", "/_sim/fault", "region=eu-west-1&kind=nonsense", &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);

	/* count=1: throttled once, then served. */
	call(&(struct call_opts){.region = "eu-west-1"}, body, &r);
	assert_error(&r, 400, "ThrottlingException", NULL);
	resp_free(&r);
	call(&(struct call_opts){.region = "eu-west-1"}, body, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	call(&(struct call_opts){0}, body, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);

	plain("GET", "/_sim/stats", NULL, &r);
	assert_int_equal(r.status, 200);
	stats = r.json;
	assert_non_null(stats);
	assert_int_equal(json_object_get_int(jget(stats, "requests")), 3);
	assert_int_equal(json_object_get_int(jget(jget(stats, "regions"), "eu-west-1")), 2);
	assert_int_equal(json_object_get_int(jget(jget(stats, "regions"), "us-east-1")), 1);
	assert_int_equal(json_object_get_int(jget(jget(stats, "faults"), "throttle")), 1);
	assert_int_equal(json_object_get_int(jget(jget(stats, "errors"), "ThrottlingException")),
			 1);
	assert_int_equal(json_object_get_int(jget(jget(stats, "statuses"), "200")), 2);
	resp_free(&r);

	plain("GET", "/_sim/story", NULL, &r);
	assert_int_equal(json_object_get_int(jget(r.json, "phase")), 12);
	resp_free(&r);
	plain("POST", "/_sim/reset", "", &r);
	resp_free(&r);
	plain("GET", "/_sim/stats", NULL, &r);
	assert_int_equal(json_object_get_int(jget(r.json, "requests")), 0);
	resp_free(&r);
	free(body);
}

static void test_fault_spec_parse(void **state)
{
	struct sim_fault_spec spec;
	char err[128];

	(void)state;
	assert_int_equal(sim_fault_spec_parse("us-east-1=throttle", &spec, err, sizeof(err)), 0);
	assert_string_equal(spec.region, "us-east-1");
	assert_int_equal(spec.kind, SIM_FAULT_THROTTLE);
	assert_int_equal(sim_fault_spec_parse("all=slow:3", &spec, err, sizeof(err)), 0);
	assert_string_equal(spec.region, "");
	assert_int_equal(spec.kind, SIM_FAULT_SLOW);
	assert_int_equal(spec.arg, 3);
	assert_int_equal(sim_fault_spec_parse("*=malformed-html", &spec, err, sizeof(err)), 0);
	assert_int_equal(spec.kind, SIM_FAULT_MALFORMED_HTML);
	assert_int_equal(sim_fault_spec_parse("throttle", &spec, err, sizeof(err)), -1);
	assert_int_equal(sim_fault_spec_parse("us-east-1=bogus", &spec, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bogus"));
	assert_int_equal(sim_fault_spec_parse("US EAST=down", &spec, err, sizeof(err)), -1);
	assert_int_equal(sim_fault_spec_parse("eu-west-1=slow:x", &spec, err, sizeof(err)), -1);
	for (int k = 0; k < SIM_FAULT_COUNT; k++) {
		enum sim_fault f;

		assert_int_equal(sim_fault_from_name(sim_fault_name((enum sim_fault)k), &f), 0);
		assert_int_equal(f, k);
	}
}

static void test_start_errors(void **state)
{
	struct sim_options opt = {.quiet = true, .bind = "not-an-address"};
	struct sim_options same = {.quiet = true, .port = port};
	char err[256];

	(void)state;
	assert_null(sim_server_start(&opt, err, sizeof(err)));
	assert_non_null(strstr(err, "not-an-address"));
	assert_null(sim_server_start(&same, err, sizeof(err))); /* port taken */
	assert_true(strlen(err) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_get_metric_data_matches_story, each),
		cmocka_unit_test_setup(test_scan_ascending_and_labels, each),
		cmocka_unit_test_setup(test_session_token_and_query_mode, each),
		cmocka_unit_test_setup(test_unknown_region_is_empty, each),
		cmocka_unit_test_setup(test_describe_alarms_follow_story, each),
		cmocka_unit_test_setup(test_auth_errors, each),
		cmocka_unit_test_setup(test_request_errors, each),
		cmocka_unit_test_setup(test_query_limit, each),
		cmocka_unit_test_setup(test_pagination_by_max_datapoints, each),
		cmocka_unit_test_setup(test_datapoint_limit, each),
		cmocka_unit_test_setup(test_expressions, each),
		cmocka_unit_test_setup(test_fault_errors, each),
		cmocka_unit_test_setup(test_fault_transport, each),
		cmocka_unit_test_setup(test_fault_pages, each),
		cmocka_unit_test_setup(test_control_requests, each),
		cmocka_unit_test(test_fault_spec_parse),
		cmocka_unit_test(test_start_errors),
	};

	return cmocka_run_group_tests(tests, start_server, stop_server);
}
