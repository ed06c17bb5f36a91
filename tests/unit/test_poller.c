/* Unit tests: src/poller.c against a fake CloudWatch (libmicrohttpd on
 * 127.0.0.1) that answers canned JSON, records every request and checks
 * each request's SigV4 signature with the same keys the client holds. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "src/aws_sigv4.h"
#include "src/buf.h"
#include "src/clock.h"
#include "src/poller.h"
#include "src/xalloc.h"

#define MAX_REQS    64
#define MAX_METRICS 600

/* --- The fake CloudWatch ---------------------------------------------------- */

struct fake_req {
	char region[64];
	char akid[128];
	char amz_date[20];
	char signature[65];
	bool sig_ok;
	char target[96];
	char content_type[64];
	char query_mode[16];
	char security_token[64];
	int64_t start, end;
	char next_token[64];
	size_t nq;
	char ids[64];           /* the first ids, comma-separated */
	int period;             /* of the first query */
	int64_t at;             /* clock_mono_ms() when it arrived */
	unsigned n_in_region;   /* 0-based count of this region's requests */
	int64_t max_datapoints; /* MaxDatapoints, 0 when not sent */
};

struct fake_resp {
	unsigned status;
	char *body;
	const char *hname[3], *hvalue[3];
};

typedef void (*responder_fn)(const struct fake_req *req, struct fake_resp *out);

static struct MHD_Daemon *daemon_;
static unsigned short port_;
static pthread_mutex_t lock_ = PTHREAD_MUTEX_INITIALIZER;
static struct fake_req reqs_[MAX_REQS];
static size_t nreqs_;
static unsigned per_region_[2];
static responder_fn responder_;
static char endpoint_[64];

static const char *secret_for(const char *akid)
{
	if (strcmp(akid, "AKIDNEW") == 0)
		return "secretnew";
	return "secretold";
}

/* verify_signature: sign again what arrived; the client signed the same. */
static bool verify_signature(struct MHD_Connection *c, const struct sigv4_auth_parts *a,
			     const char *body, size_t len)
{
	struct sigv4_header hs[16];
	char names[sizeof(a->signed_headers)];
	size_t n = 0;
	char *save = NULL;
	struct sigv4_result res;
	bool ok;

	snprintf(names, sizeof(names), "%s", a->signed_headers);
	for (char *t = strtok_r(names, ";", &save); t && n < 16; t = strtok_r(NULL, ";", &save)) {
		const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, t);

		if (!v)
			return false;
		hs[n].name = t;
		hs[n++].value = v;
	}
	struct sigv4_request req = {"POST", "/", "", hs, n, body, len};
	struct sigv4_credentials cr = {a->access_key_id, secret_for(a->access_key_id), NULL};
	const char *date = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Amz-Date");

	memset(&res, 0, sizeof(res));
	if (!date || sigv4_sign(&req, &cr, a->region, a->service, date, &res) != 0)
		return false;
	ok = strcmp(res.signature, a->signature) == 0;
	sigv4_result_free(&res);
	return ok;
}

static void copy_header(struct MHD_Connection *c, const char *name, char *out, size_t len)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);

	snprintf(out, len, "%s", v ? v : "");
}

static void parse_queries(json_object *root, struct fake_req *r)
{
	json_object *qs, *o;

	if (json_object_object_get_ex(root, "StartTime", &o))
		r->start = json_object_get_int64(o);
	if (json_object_object_get_ex(root, "EndTime", &o))
		r->end = json_object_get_int64(o);
	if (json_object_object_get_ex(root, "NextToken", &o))
		snprintf(r->next_token, sizeof(r->next_token), "%s", json_object_get_string(o));
	if (json_object_object_get_ex(root, "MaxDatapoints", &o))
		r->max_datapoints = json_object_get_int64(o);
	if (!json_object_object_get_ex(root, "MetricDataQueries", &qs))
		return;
	r->nq = json_object_array_length(qs);
	for (size_t i = 0; i < r->nq; i++) {
		json_object *q = json_object_array_get_idx(qs, i), *id, *ms, *per;
		size_t used = strlen(r->ids);

		if (json_object_object_get_ex(q, "Id", &id) && used + 8 < sizeof(r->ids))
			snprintf(r->ids + used, sizeof(r->ids) - used, "%s%s", used ? "," : "",
				 json_object_get_string(id));
		if (i == 0 && json_object_object_get_ex(q, "MetricStat", &ms) &&
		    json_object_object_get_ex(ms, "Period", &per))
			r->period = json_object_get_int(per);
	}
}

static void record(struct MHD_Connection *c, const char *body, size_t len, struct fake_req *r)
{
	struct sigv4_auth_parts a;
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	json_object *root;

	memset(r, 0, sizeof(*r));
	r->at = clock_mono_ms();
	if (auth && sigv4_parse_authorization(auth, &a) == 0) {
		snprintf(r->region, sizeof(r->region), "%s", a.region);
		snprintf(r->akid, sizeof(r->akid), "%s", a.access_key_id);
		snprintf(r->signature, sizeof(r->signature), "%s", a.signature);
		r->sig_ok =
			strcmp(a.service, "monitoring") == 0 && verify_signature(c, &a, body, len);
	}
	copy_header(c, "X-Amz-Date", r->amz_date, sizeof(r->amz_date));
	copy_header(c, "X-Amz-Target", r->target, sizeof(r->target));
	copy_header(c, "Content-Type", r->content_type, sizeof(r->content_type));
	copy_header(c, "x-amzn-query-mode", r->query_mode, sizeof(r->query_mode));
	copy_header(c, "X-Amz-Security-Token", r->security_token, sizeof(r->security_token));
	root = json_tokener_parse(body);
	if (root)
		parse_queries(root, r);
	json_object_put(root);
}

static enum MHD_Result answer(struct MHD_Connection *c, const char *body, size_t len)
{
	struct fake_req req;
	struct fake_resp out = {.status = 500};
	struct MHD_Response *resp;
	enum MHD_Result ret;

	record(c, body, len, &req);
	pthread_mutex_lock(&lock_);
	req.n_in_region = per_region_[strcmp(req.region, "eu-west-1") == 0]++;
	if (nreqs_ < MAX_REQS)
		reqs_[nreqs_++] = req;
	pthread_mutex_unlock(&lock_);
	responder_(&req, &out);
	if (!out.body)
		out.body = xstrdup("");
	resp = MHD_create_response_from_buffer(strlen(out.body), out.body, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", "application/x-amz-json-1.0");
	MHD_add_response_header(resp, "x-amzn-RequestId", "fake-request-id");
	for (size_t i = 0; i < 3 && out.hname[i]; i++)
		MHD_add_response_header(resp, out.hname[i], out.hvalue[i]);
	ret = MHD_queue_response(c, out.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *upload_data,
			       size_t *upload_data_size, void **con_cls)
{
	struct buf *b = *con_cls;

	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	if (!b) {
		b = xcalloc(1, sizeof(*b));
		buf_init(b, 4u << 20);
		*con_cls = b;
		return MHD_YES;
	}
	if (*upload_data_size) {
		buf_append(b, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	return answer(c, b->data ? b->data : "", b->len);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct buf *b = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (b) {
		buf_free(b);
		free(b);
		*con_cls = NULL;
	}
}

static int fake_start(void **state)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};

	(void)state;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, handler, NULL,
				   MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED,
				   completed, NULL, MHD_OPTION_END);
	if (!daemon_)
		return -1;
	port_ = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port;
	snprintf(endpoint_, sizeof(endpoint_), "http://127.0.0.1:%u/", port_);
	return 0;
}

static int fake_stop(void **state)
{
	(void)state;
	MHD_stop_daemon(daemon_);
	return 0;
}

/* --- Canned answers ------------------------------------------------------- */

/* ok_body: for every query, up to three points in the asked window, newest
 * first; the value says which metric and which request it came from. */
static char *ok_body(const struct fake_req *r, const char *status, const char *token)
{
	json_object *root = json_object_new_object(), *results = json_object_new_array();
	int64_t period = r->period > 0 ? r->period : 60;
	char *ids = xstrdup(r->ids), *save = NULL;
	char *out;

	for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		json_object *res = json_object_new_object();
		json_object *ts = json_object_new_array(), *vs = json_object_new_array();
		int64_t t = r->end - period;

		for (int k = 0; k < 3 && t >= r->start; k++, t -= period) {
			json_object_array_add(ts, json_object_new_int64(t));
			json_object_array_add(vs, json_object_new_double(atoi(id + 1) * 10.0 + k +
									 r->n_in_region * 0.5));
		}
		json_object_object_add(res, "Id", json_object_new_string(id));
		json_object_object_add(res, "Label", json_object_new_string(id));
		json_object_object_add(res, "StatusCode", json_object_new_string(status));
		json_object_object_add(res, "Timestamps", ts);
		json_object_object_add(res, "Values", vs);
		json_object_array_add(results, res);
	}
	json_object_object_add(root, "MetricDataResults", results);
	json_object_object_add(root, "Messages", json_object_new_array());
	if (token)
		json_object_object_add(root, "NextToken", json_object_new_string(token));
	out = xstrdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
	free(ids);
	return out;
}

static void error_resp(struct fake_resp *out, unsigned status, const char *header, const char *type,
		       const char *msg)
{
	out->status = status;
	out->hname[0] = "x-amzn-query-error";
	out->hvalue[0] = header;
	out->body = xasprintf("{\"__type\":\"com.amazonaws.monitoring#%s\",\"message\":\"%s\"}",
			      type, msg);
}

static void respond_ok(const struct fake_req *r, struct fake_resp *out)
{
	out->status = 200;
	out->body = ok_body(r, "Complete", NULL);
}

/* --- Test fixture ----------------------------------------------------------- */

struct fixture {
	struct settings s;
	struct metric_def metrics[MAX_METRICS];
	struct metric_store store;
	struct http *http;
	struct poller *p;
	struct aws_profile profile;
	struct aws_credentials creds;
};

static double rand_value_;

static double fixed_rand(void *ctx)
{
	(void)ctx;
	return rand_value_;
}

static void reset_fake(responder_fn fn)
{
	pthread_mutex_lock(&lock_);
	nreqs_ = 0;
	per_region_[0] = per_region_[1] = 0;
	responder_ = fn;
	pthread_mutex_unlock(&lock_);
}

static size_t nreqs(void)
{
	size_t n;

	pthread_mutex_lock(&lock_);
	n = nreqs_;
	pthread_mutex_unlock(&lock_);
	return n;
}

static void fixture_settings(struct fixture *f, size_t nmetrics, size_t nregions)
{
	static char *regions[] = {"us-east-1", "eu-west-1"};
	static char *stat = "Sum";

	f->s.nregions = nregions;
	for (size_t r = 0; r < nregions; r++)
		f->s.regions[r] = regions[r];
	for (size_t m = 0; m < nmetrics; m++) {
		struct metric_def *d = &f->metrics[m];

		d->id = "metric";
		d->label = "metric";
		d->namespace_ = "AWS/Test";
		d->metric_name = "Requests";
		d->stats[0] = stat;
		d->nstats = 1;
		d->period = 60;
		d->region_mask = (1u << nregions) - 1;
	}
	f->s.metrics = f->metrics;
	f->s.nmetrics = nmetrics;
	f->s.refresh = 60;
	f->s.range_index = 0; /* 15 minutes */
	f->s.lag = 60;
	f->s.endpoint = endpoint_;
}

static struct fixture *fixture_new(size_t nmetrics, size_t nregions, responder_fn fn)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	reset_fake(fn);
	fixture_settings(f, nmetrics, nregions);
	f->profile.name = xstrdup("default");
	f->creds.access_key_id = xstrdup("AKIDOLD");
	f->creds.secret_access_key = xstrdup("secretold");
	rand_value_ = 0.0;
	return f;
}

/* fixture_start: after the test has adjusted settings. */
static void fixture_start(struct fixture *f)
{
	int periods[MAX_METRICS];

	for (size_t m = 0; m < f->s.nmetrics; m++)
		periods[m] = f->metrics[m].period;
	assert_int_equal(store_init(&f->store, f->s.nmetrics, f->s.nregions, periods, 86400), 0);
	f->http = http_new(f->s.nregions);
	assert_non_null(f->http);
	f->p = poller_new(&f->s, f->http, &f->store, &f->profile, &f->creds);
	assert_non_null(f->p);
	poller_set_rand(f->p, fixed_rand, NULL);
}

static void fixture_free(struct fixture *f)
{
	poller_free(f->p);
	http_free(f->http);
	store_free(&f->store);
	aws_credentials_clear(&f->creds);
	aws_profile_free(&f->profile);
	free(f);
	clock_set_skew(0);
}

/* drive: tick and wait until every region is idle (the poll, with its
 * retries, is over). tick_now, when not 0, is the time given to ticks. */
static void drive(struct fixture *f, int64_t tick_now)
{
	int64_t end = clock_mono_ms() + 20000;
	bool extra;

	poller_tick(f->p, tick_now ? tick_now : clock_now_ms());
	while (!poller_idle(f->p) && clock_mono_ms() < end) {
		int64_t due = poller_next_due_ms(f->p, clock_now_ms());

		http_wait(f->http, -1, due < 50 ? (int)due : 50, &extra);
		poller_tick(f->p, tick_now ? tick_now : clock_now_ms());
	}
	assert_true(poller_idle(f->p));
}

static const struct metric_point *point(struct fixture *f, size_t m, size_t r, int64_t ts)
{
	return series_get(store_series(&f->store, m, r), ts);
}

static int64_t align_down(int64_t t, int64_t unit)
{
	return t - t % unit;
}

/* --- Tests ------------------------------------------------------------------ */

static void test_all_metrics_in_one_signed_call(void **state)
{
	struct fixture *f = fixture_new(3, 1, respond_ok);
	int64_t now = clock_now_ms();
	const struct region_status *st;

	(void)state;
	fixture_start(f);
	drive(f, now);
	assert_int_equal(nreqs(), 1);
	assert_string_equal(reqs_[0].ids, "m0,m1,m2");
	assert_true(reqs_[0].sig_ok);
	assert_string_equal(reqs_[0].region, "us-east-1");
	assert_string_equal(reqs_[0].target, "GraniteServiceVersion20100801.GetMetricData");
	assert_string_equal(reqs_[0].content_type, "application/x-amz-json-1.0");
	assert_string_equal(reqs_[0].query_mode, "true");
	assert_string_equal(reqs_[0].security_token, "");
	/* The full window, aligned to the period. */
	assert_int_equal(reqs_[0].start, align_down(now / 1000 - 900, 60));
	assert_int_equal(reqs_[0].end % 60, 0);
	assert_true(reqs_[0].end >= now / 1000 && reqs_[0].end < now / 1000 + 60);

	st = poller_status(f->p, 0);
	assert_int_equal(st->error.kind, CW_OK);
	assert_int_equal(st->polls_ok, 1);
	assert_int_equal(st->calls_total, 1);
	assert_int_equal(st->metrics_total, 3);
	assert_int_equal(st->calls_last_minute, 1);
	assert_int_equal(st->metrics_last_minute, 3);
	assert_false(st->partial);
	assert_true(st->last_ok > 0);
	/* Values are stored raw, under the metric their id names. */
	for (size_t m = 0; m < 3; m++) {
		const struct metric_point *pt = point(f, m, 0, reqs_[0].end - 60);

		assert_non_null(pt);
		assert_true(pt->value == m * 10.0);
		assert_int_equal(pt->flags, 0);
	}
	fixture_free(f);
}

static void test_split_above_limits(void **state)
{
	struct fixture *f = fixture_new(501, 1, respond_ok);

	(void)state;
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 2);
	assert_int_equal(reqs_[0].nq, 500);
	assert_int_equal(reqs_[1].nq, 1);
	assert_string_equal(reqs_[1].ids, "m500");
	assert_non_null(point(f, 500, 0, reqs_[1].end - 60));
	fixture_free(f);

	/* 24 hours of one-minute periods: 1440 or 1441 datapoints per query
	 * (the window is aligned outward), so 69 or 70 queries per call. */
	f = fixture_new(141, 1, respond_ok);
	f->s.range_index = RANGE_COUNT - 1;
	fixture_start(f);
	drive(f, 0);
	size_t per_call = (size_t)(100800 / ((reqs_[0].end - reqs_[0].start) / 60));
	assert_true(per_call == 69 || per_call == 70);
	assert_int_equal(nreqs(), (141 + per_call - 1) / per_call);
	assert_int_equal(reqs_[0].nq, per_call);
	assert_int_equal(reqs_[1].nq, per_call);
	assert_int_equal(reqs_[2].nq, 141 - 2 * per_call);
	for (size_t i = 0; i < 3; i++)
		assert_true(reqs_[i].nq * (size_t)((reqs_[i].end - reqs_[i].start) / 60) <= 100800);
	fixture_free(f);
}

static void test_mixed_periods_grouped_and_aligned(void **state)
{
	struct fixture *f = fixture_new(3, 1, respond_ok);

	(void)state;
	f->metrics[1].period = 300;
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 2);
	assert_string_equal(reqs_[0].ids, "m0,m2");
	assert_int_equal(reqs_[0].start % 60, 0);
	assert_string_equal(reqs_[1].ids, "m1");
	assert_int_equal(reqs_[1].period, 300);
	assert_int_equal(reqs_[1].start % 300, 0);
	assert_int_equal(reqs_[1].end % 300, 0);
	fixture_free(f);
}

static void respond_paged(const struct fake_req *r, struct fake_resp *out)
{
	out->status = 200;
	if (r->n_in_region == 0) {
		out->body = ok_body(r, "PartialData", "page-2");
	} else {
		struct fake_req later = *r;

		later.end -= 3 * 60; /* older points on the second page */
		out->body = ok_body(&later, "Complete", NULL);
	}
}

static void test_next_token_followed(void **state)
{
	struct fixture *f = fixture_new(2, 1, respond_paged);

	(void)state;
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 2);
	assert_string_equal(reqs_[0].next_token, "");
	assert_string_equal(reqs_[1].next_token, "page-2");
	assert_int_equal(reqs_[1].start, reqs_[0].start);
	assert_int_equal(reqs_[1].end, reqs_[0].end);
	assert_true(reqs_[1].sig_ok);
	/* Both pages' points are in; a page that had more to come is not
	 * "partial" data. */
	assert_non_null(point(f, 1, 0, reqs_[0].end - 60));
	assert_int_equal(point(f, 1, 0, reqs_[0].end - 60)->flags, 0);
	assert_non_null(point(f, 1, 0, reqs_[0].end - 4 * 60));
	assert_false(poller_status(f->p, 0)->partial);
	assert_int_equal(poller_status(f->p, 0)->polls_ok, 1);
	assert_int_equal(poller_status(f->p, 0)->calls_total, 2);
	fixture_free(f);
}

static void respond_partial(const struct fake_req *r, struct fake_resp *out)
{
	out->status = 200;
	out->body = ok_body(r, "PartialData", NULL);
}

static void test_partial_data_flagged(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_partial);

	(void)state;
	fixture_start(f);
	drive(f, 0);
	assert_true(poller_status(f->p, 0)->partial);
	assert_int_equal(point(f, 0, 0, reqs_[0].end - 60)->flags, POINT_PARTIAL);
	assert_int_equal(poller_status(f->p, 0)->error.kind, CW_OK);
	fixture_free(f);
}

/* A series' own failure: one result of a good answer says Forbidden or
 * InternalError. script_ says, request by request (n_in_region), which
 * result fails and how; "" in status means every result is Complete. */
struct result_script {
	const char *id, *status, *message; /* message NULL: no Messages at all */
	bool with_points;
	const char *token; /* NextToken of this page, or NULL */
};
static const struct result_script *script_;
static size_t nscript_;

/* fail_result: ok_body with result `id` turned into a failure. */
static char *fail_result(const struct fake_req *r, const struct result_script *sc)
{
	char *ok = ok_body(r, "Complete", sc->token);
	json_object *root = json_tokener_parse(ok), *results;
	char *out;

	free(ok);
	assert_non_null(root);
	results = json_object_object_get(root, "MetricDataResults");
	for (size_t i = 0; sc->status[0] && i < json_object_array_length(results); i++) {
		json_object *res = json_object_array_get_idx(results, i);

		if (strcmp(json_object_get_string(json_object_object_get(res, "Id")), sc->id) != 0)
			continue;
		json_object_object_add(res, "StatusCode", json_object_new_string(sc->status));
		if (!sc->with_points) {
			json_object_object_add(res, "Timestamps", json_object_new_array());
			json_object_object_add(res, "Values", json_object_new_array());
		}
		if (sc->message) {
			json_object *msgs = json_object_new_array(), *m = json_object_new_object();

			json_object_object_add(m, "Code", json_object_new_string(sc->status));
			json_object_object_add(m, "Value", json_object_new_string(sc->message));
			json_object_array_add(msgs, m);
			json_object_object_add(res, "Messages", msgs);
		}
	}
	out = xstrdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
	return out;
}

static void respond_scripted(const struct fake_req *r, struct fake_resp *out)
{
	size_t i = r->n_in_region < nscript_ ? r->n_in_region : nscript_ - 1;

	out->status = 200;
	out->body = fail_result(r, &script_[i]);
}

/* scripted: a poller of nmetrics in one region, after its first poll. */
static struct fixture *scripted(size_t nmetrics, const struct result_script *sc, size_t n)
{
	struct fixture *f = fixture_new(nmetrics, 1, respond_scripted);

	script_ = sc;
	nscript_ = n;
	fixture_start(f);
	drive(f, 0);
	return f;
}

static void poll_again(struct fixture *f)
{
	poller_refresh_now(f->p);
	drive(f, 0);
}

static void test_forbidden_result_is_the_series_error(void **state)
{
	static const struct result_script script[] = {
		{"m1", "", NULL, true, NULL},
		{"m1", "Forbidden", "no access to\x1b[31m AWS/Test", false, NULL},
		{"m1", "Forbidden", "still no access", false, NULL},
		{"m1", "", NULL, true, NULL},
	};
	struct fixture *f = scripted(2, script, 4);
	const struct series_error *e;
	int64_t old_ts;
	char advice[200];

	(void)state;
	assert_null(poller_series_error(f->p, 1, 0));
	old_ts = reqs_[0].end - 60;
	assert_non_null(point(f, 1, 0, old_ts));

	poll_again(f);
	assert_int_equal(poller_status(f->p, 0)->error.kind, CW_OK); /* the region is fine */
	assert_null(poller_series_error(f->p, 0, 0));
	e = poller_series_error(f->p, 1, 0);
	assert_non_null(e);
	assert_int_equal(e->status, CW_FORBIDDEN);
	assert_int_equal(e->err.kind, CW_ERR_ACCESS_DENIED);
	assert_string_equal(e->err.code, "Forbidden");
	assert_non_null(strstr(e->err.message, "Forbidden: no access to"));
	assert_null(strchr(e->err.message, '\x1b'));
	assert_non_null(point(f, 1, 0, old_ts)); /* the data stays */
	assert_non_null(strstr(poller_series_advice(advice, sizeof(advice), e, &f->metrics[1]),
			       "cloudwatch:GetMetricData on AWS/Test"));

	poll_again(f);
	e = poller_series_error(f->p, 1, 0);
	assert_non_null(e);
	assert_non_null(strstr(e->err.message, "still no access"));

	poll_again(f); /* Complete again: the error goes */
	assert_null(poller_series_error(f->p, 1, 0));
	assert_null(poller_series_error(f->p, 5, 0)); /* out of range */
	assert_null(poller_series_error(f->p, 0, 3));
	fixture_free(f);
}

/* An InternalError without Messages: the status is the message; its points
 * are kept where nothing was stored, marked partial, and never replace a
 * stored point. PartialData clears the error as Complete does. */
static void test_internal_error_result_keeps_stored_points(void **state)
{
	static const struct result_script script[] = {
		{"m0", "", NULL, true, NULL},
		{"m0", "InternalError", NULL, true, NULL},
		{"m0", "PartialData", NULL, true, NULL},
	};
	struct fixture *f = scripted(1, script, 3);
	const struct series_error *e;
	const struct metric_point *pt;
	double first;
	int64_t ts;
	char advice[200];

	(void)state;
	ts = reqs_[0].end - 60;
	first = point(f, 0, 0, ts)->value;

	/* The next window ends a period later: its newest point is new. */
	clock_set_base(clock_real_now(), clock_now() + 60, 1.0);
	poll_again(f);
	e = poller_series_error(f->p, 0, 0);
	assert_non_null(e);
	assert_int_equal(e->status, CW_INTERNAL_ERROR);
	assert_int_equal(e->err.kind, CW_ERR_SERVER);
	assert_string_equal(e->err.message, "the result's StatusCode is InternalError");
	assert_non_null(strstr(poller_series_advice(advice, sizeof(advice), e, &f->metrics[0]),
			       "retrying"));
	pt = point(f, 0, 0, ts);
	assert_float_equal(pt->value, first, 0); /* not replaced */
	assert_int_equal(pt->flags, 0);
	pt = point(f, 0, 0, reqs_[1].end - 60);
	assert_non_null(pt);
	assert_int_equal(pt->flags, POINT_PARTIAL);

	poll_again(f);
	assert_null(poller_series_error(f->p, 0, 0));
	fixture_free(f);
	clock_set_speed(clock_real_now(), 1.0); /* back to real time */
}

/* A later page of the same poll that answers Complete for the series does
 * not hide the failure its first page reported. */
static void test_series_error_survives_later_page(void **state)
{
	static const struct result_script script[] = {
		{"m0", "Forbidden", "denied", false, "page2"},
		{"m0", "", NULL, true, NULL},
	};
	struct fixture *f = scripted(1, script, 2);

	(void)state;
	assert_int_equal(nreqs(), 2);
	assert_non_null(poller_series_error(f->p, 0, 0));
	fixture_free(f);
}

/* respond_empty: every result Complete with no datapoint, as CloudWatch
 * answers for a count that had nothing to count. */
static void respond_empty(const struct fake_req *r, struct fake_resp *out)
{
	char *ids = xstrdup(r->ids), *save = NULL;
	struct buf b;

	buf_init(&b, 0);
	buf_printf(&b, "{\"MetricDataResults\":[");
	for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save))
		buf_printf(&b,
			   "%s{\"Id\":\"%s\",\"StatusCode\":\"Complete\",\"Timestamps\":[],"
			   "\"Values\":[]}",
			   b.data[b.len - 1] == '[' ? "" : ",", id);
	buf_printf(&b, "],\"Messages\":[]}");
	out->status = 200;
	out->body = buf_steal(&b, NULL);
	free(ids);
}

static void test_fill_counts_quiet_periods(void **state)
{
	struct fixture *f = fixture_new(2, 1, respond_empty);
	int64_t now, last, t;

	(void)state;
	f->metrics[0].has_fill = true;
	f->metrics[0].fill = 0;
	fixture_start(f);
	now = clock_now();
	drive(f, 0);
	last = align_down(now - f->s.lag, 60) - 60;
	/* Every answered period up to the publishing lag is 0 ... */
	for (t = reqs_[0].start; t <= last; t += 60) {
		assert_non_null(point(f, 0, 0, t));
		assert_true(point(f, 0, 0, t)->value == 0);
	}
	/* ... the periods still being published are not made up ... */
	for (t = last + 60; t < reqs_[0].end; t += 60)
		assert_null(point(f, 0, 0, t));
	/* ... and a metric without fill keeps its gaps. */
	assert_int_equal(series_count(store_series(&f->store, 1, 0)), 0);
	fixture_free(f);
}

static void respond_throttle_twice(const struct fake_req *r, struct fake_resp *out)
{
	if (r->n_in_region < 2)
		error_resp(out, 400, "Throttling;Sender", "ThrottlingException", "Rate exceeded");
	else
		respond_ok(r, out);
}

static void test_throttling_retried_and_interval_stretched(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_throttle_twice);
	const struct region_status *st;

	(void)state;
	rand_value_ = 0.25; /* waits of 250 ms, then 500 ms */
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 3);
	assert_true(reqs_[1].at - reqs_[0].at >= 240);
	assert_true(reqs_[2].at - reqs_[1].at >= 490);
	assert_true(reqs_[2].at - reqs_[1].at < 1500);
	st = poller_status(f->p, 0);
	assert_int_equal(st->error.kind, CW_OK);
	assert_int_equal(st->attempt, 3);
	assert_int_equal(st->interval, 120);
	assert_true(st->interval_stretched);

	/* A poll without throttling brings it down by a quarter of the excess. */
	reset_fake(respond_ok);
	rand_value_ = 0.0;
	poller_refresh_now(f->p);
	drive(f, 0);
	assert_int_equal(poller_status(f->p, 0)->interval, 105);
	fixture_free(f);
}

static void respond_throttle_retry_after(const struct fake_req *r, struct fake_resp *out)
{
	if (r->n_in_region == 0) {
		error_resp(out, 400, "Throttling;Sender", "ThrottlingException", "Rate exceeded");
		out->hname[1] = "x-amz-retry-after";
		out->hvalue[1] = "1100";
	} else {
		respond_ok(r, out);
	}
}

/* The retry waits as long as the server asked, and is signed again: a new
 * X-Amz-Date and so a new signature. */
static void test_retry_after_and_resigned(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_throttle_retry_after);

	(void)state;
	rand_value_ = 0.0;
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 2);
	assert_true(reqs_[1].at - reqs_[0].at >= 1050);
	assert_true(reqs_[0].sig_ok);
	assert_true(reqs_[1].sig_ok);
	assert_string_not_equal(reqs_[0].amz_date, reqs_[1].amz_date);
	assert_string_not_equal(reqs_[0].signature, reqs_[1].signature);
	fixture_free(f);
}

static void respond_unavailable(const struct fake_req *r, struct fake_resp *out)
{
	(void)r;
	error_resp(out, 503, "ServiceUnavailable;Receiver", "ServiceUnavailableException",
		   "Service is unavailable");
}

static void test_server_errors_retried_then_shown(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_unavailable);
	const struct region_status *st;

	(void)state;
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 3);
	st = poller_status(f->p, 0);
	assert_int_equal(st->error.kind, CW_ERR_SERVER);
	assert_true(st->error_since > 0);
	assert_int_equal(st->polls_ok, 0);
	assert_false(st->interval_stretched);
	assert_int_equal(series_count(store_series(&f->store, 0, 0)), 0);
	/* The next poll is still scheduled. */
	assert_true(poller_next_due_ms(f->p, clock_now_ms()) < 70000);
	fixture_free(f);
}

static void respond_denied(const struct fake_req *r, struct fake_resp *out)
{
	(void)r;
	error_resp(out, 400, "AccessDenied;Sender", "AccessDeniedException",
		   "User is not authorized to perform: cloudwatch:GetMetricData");
}

static void test_access_denied_not_retried(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_denied);
	const struct region_status *st;

	(void)state;
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 1);
	st = poller_status(f->p, 0);
	assert_int_equal(st->error.kind, CW_ERR_ACCESS_DENIED);
	assert_non_null(strstr(st->error.message, "not authorized"));
	fixture_free(f);
}

static void respond_then_garbage(const struct fake_req *r, struct fake_resp *out)
{
	if (r->n_in_region == 0) {
		respond_ok(r, out);
	} else if (r->n_in_region == 1) {
		out->status = 200;
		out->body = xstrdup("<html>not json</html>");
	} else {
		/* Larger than the 8 MiB cap. */
		out->status = 200;
		out->body = xmalloc(9u << 20);
		memset(out->body, ' ', (9u << 20) - 1);
		out->body[(9u << 20) - 1] = '\0';
	}
}

static void test_malformed_body_keeps_old_data(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_then_garbage);
	const struct region_status *st;
	int64_t ts;

	(void)state;
	fixture_start(f);
	drive(f, 0);
	ts = reqs_[0].end - 60;
	assert_non_null(point(f, 0, 0, ts));

	poller_refresh_now(f->p);
	drive(f, 0);
	st = poller_status(f->p, 0);
	assert_int_equal(nreqs(), 2); /* a bad body is not retried */
	assert_int_equal(st->error.kind, CW_ERR_MALFORMED);
	assert_non_null(point(f, 0, 0, ts));
	assert_true(point(f, 0, 0, ts)->value == 0.0);

	poller_refresh_now(f->p);
	drive(f, 0);
	assert_int_equal(st->error.kind, CW_ERR_MALFORMED);
	assert_non_null(strstr(st->error.message, "larger"));
	assert_non_null(point(f, 0, 0, ts));
	assert_int_equal(st->polls_ok, 1);
	fixture_free(f);
}

static void respond_eu_denied(const struct fake_req *r, struct fake_resp *out)
{
	if (strcmp(r->region, "eu-west-1") == 0)
		respond_denied(r, out);
	else
		respond_ok(r, out);
}

static void test_one_region_fails_other_succeeds(void **state)
{
	struct fixture *f = fixture_new(2, 2, respond_eu_denied);

	(void)state;
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 2);
	assert_int_equal(poller_status(f->p, 0)->error.kind, CW_OK);
	assert_int_equal(poller_status(f->p, 1)->error.kind, CW_ERR_ACCESS_DENIED);
	assert_string_equal(poller_status(f->p, 1)->region, "eu-west-1");
	assert_int_equal(series_count(store_series(&f->store, 1, 0)), 3);
	assert_int_equal(series_count(store_series(&f->store, 1, 1)), 0);
	fixture_free(f);
}

static void test_incremental_window_and_refetch(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_ok);
	int64_t t1 = clock_now_ms(), t2 = t1 + 1000;

	(void)state;
	fixture_start(f);
	drive(f, t1);
	poller_refresh_now(f->p);
	drive(f, t2);
	assert_int_equal(nreqs(), 2);
	/* From two periods before the newest complete one, after the lag. */
	assert_int_equal(reqs_[1].start, align_down(t1 / 1000 - 60, 60) - 120);
	assert_int_equal(reqs_[1].end, align_down(t2 / 1000 + 59, 60));

	poller_refetch(f->p);
	drive(f, t2);
	assert_int_equal(nreqs(), 3);
	assert_int_equal(reqs_[2].start, align_down(t2 / 1000 - 900, 60));
	fixture_free(f);
}

static void test_schedule_pause_and_max_polls(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_ok);
	int64_t now, due;

	(void)state;
	fixture_start(f);
	assert_int_equal(poller_next_due_ms(f->p, clock_now_ms()), 0);
	drive(f, 0);
	now = clock_now_ms();
	due = poller_next_due_ms(f->p, now);
	/* The next poll sits 5 s after a minute boundary, within 65 s. */
	assert_int_equal((now + due) % 60000, 5000);
	assert_true(due > 0 && due <= 65000);
	assert_int_equal(poller_status(f->p, 0)->next_poll, now + due);

	poller_set_paused(f->p, true);
	assert_true(poller_paused(f->p));
	assert_true(poller_next_due_ms(f->p, now) == INT64_MAX);
	poller_tick(f->p, now + 120000);
	assert_int_equal(nreqs(), 1);
	poller_set_paused(f->p, false);

	/* Once max_polls polls completed, nothing more is scheduled. */
	f->s.max_polls = 2;
	poller_refresh_now(f->p);
	drive(f, 0);
	assert_int_equal(nreqs(), 2);
	assert_true(poller_next_due_ms(f->p, clock_now_ms()) == INT64_MAX);
	poller_refresh_now(f->p);
	poller_tick(f->p, clock_now_ms());
	assert_true(poller_idle(f->p));
	assert_int_equal(nreqs(), 2);
	fixture_free(f);
}

/* The wall clock stepping back an hour must not leave the regions waiting
 * for the old time to come round: they poll at once, the whole window. */
static void test_clock_step_back_polls_at_once(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_ok);
	int64_t now;

	(void)state;
	fixture_start(f);
	now = clock_now_ms();
	drive(f, now);
	assert_int_equal(nreqs(), 1);
	assert_true(poller_next_due_ms(f->p, now) > 0);
	/* Small jitter backwards is not a step. */
	poller_tick(f->p, now - 1000);
	assert_int_equal(nreqs(), 1);
	drive(f, now - 3600 * 1000);
	assert_int_equal(nreqs(), 2);
	/* The whole window again (15 minutes), against the new time. */
	assert_true(reqs_[1].end - reqs_[1].start >= 15 * 60);
	assert_true(reqs_[1].end <= (now - 3600 * 1000) / 1000 + 60);
	assert_int_equal(poller_status(f->p, 0)->error.kind, CW_OK);
	fixture_free(f);

	/* A step noticed while a poll is in flight: the next poll is still
	 * scheduled from the new time, not from the old start. */
	f = fixture_new(1, 1, respond_ok);
	fixture_start(f);
	poller_tick(f->p, clock_now_ms());
	assert_false(poller_idle(f->p));
	clock_set_base(clock_real_now(), clock_real_now() - 3600, 1.0);
	drive(f, 0);
	assert_true(poller_next_due_ms(f->p, clock_now_ms()) <= 120 * 1000);
	clock_set_speed(clock_real_now(), 1.0);
	fixture_free(f);
}

static void test_transport_error_names_reason(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_ok);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char url[64];

	(void)state;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u", ntohs(sa.sin_port));
	f->s.endpoint = url;
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(poller_status(f->p, 0)->error.kind, CW_ERR_TRANSPORT);
	assert_non_null(strstr(poller_status(f->p, 0)->error.message, "Connection refused"));
	assert_int_equal(poller_status(f->p, 0)->attempt, 3);
	assert_int_equal(poller_status(f->p, 0)->calls_total, 3);
	fixture_free(f);
}

static void respond_expired_old(const struct fake_req *r, struct fake_resp *out)
{
	if (strcmp(r->akid, "AKIDNEW") != 0)
		error_resp(out, 400, "ExpiredToken;Sender", "ExpiredTokenException",
			   "The security token included in the request is expired");
	else
		respond_ok(r, out);
}

static void use_env_credentials(void)
{
	setenv("AWS_ACCESS_KEY_ID", "AKIDNEW", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "secretnew", 1);
	unsetenv("AWS_SESSION_TOKEN");
	unsetenv("AWS_PROFILE");
	setenv("AWS_CONFIG_FILE", "/nonexistent/cwtop-test-config", 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/cwtop-test-credentials", 1);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
}

static void test_expired_token_reresolves_once(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_expired_old);

	(void)state;
	use_env_credentials();
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 2);
	assert_string_equal(reqs_[0].akid, "AKIDOLD");
	assert_string_equal(reqs_[1].akid, "AKIDNEW");
	assert_true(reqs_[1].sig_ok);
	assert_string_equal(f->creds.access_key_id, "AKIDNEW");
	assert_int_equal(poller_status(f->p, 0)->error.kind, CW_OK);
	fixture_free(f);

	/* Two regions meet the expiry at once: both recover. */
	f = fixture_new(1, 2, respond_expired_old);
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 4);
	assert_int_equal(poller_status(f->p, 0)->error.kind, CW_OK);
	assert_int_equal(poller_status(f->p, 1)->error.kind, CW_OK);
	fixture_free(f);
}

/* wait_for_keys: tick until the background refresh has swapped the keys
 * in (at most 10 s). */
static void wait_for_keys(struct fixture *f, const char *akid)
{
	int64_t end = clock_mono_ms() + 10000;
	bool extra;

	while (strcmp(f->creds.access_key_id, akid) != 0 && clock_mono_ms() < end) {
		http_wait(f->http, poller_wait_fd(f->p), 50, &extra);
		poller_tick(f->p, clock_now_ms());
	}
	assert_string_equal(f->creds.access_key_id, akid);
}

/* Keys that expire within the margin are refreshed in the background: the
 * poll goes out at once with the old keys (still valid), the next one with
 * the new. */
static void test_expiring_credentials_refreshed_before_poll(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_ok);

	(void)state;
	use_env_credentials();
	f->creds.expiration = clock_now() + 120; /* inside the 5-minute margin */
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 1);
	assert_string_equal(reqs_[0].akid, "AKIDOLD");
	wait_for_keys(f, "AKIDNEW");
	poller_refresh_now(f->p);
	drive(f, 0);
	assert_int_equal(nreqs(), 2);
	assert_string_equal(reqs_[1].akid, "AKIDNEW");
	assert_true(reqs_[1].sig_ok);
	fixture_free(f);
}

static void respond_expired_in_first_region(const struct fake_req *r, struct fake_resp *out)
{
	if (strcmp(r->region, "us-east-1") == 0 && strcmp(r->akid, "AKIDNEW") != 0)
		error_resp(out, 400, "ExpiredToken;Sender", "ExpiredTokenException",
			   "The security token included in the request is expired");
	else
		respond_ok(r, out);
}

/* A credential_process that takes two seconds must not stop the loop: the
 * other region's poll completes meanwhile and every tick returns at once;
 * the expired region is sent again when the new keys arrive. */
static void test_slow_refresh_never_blocks(void **state)
{
	struct fixture *f = fixture_new(1, 2, respond_expired_in_first_region);
	int64_t end, longest_tick = 0;
	bool extra, other_done = false;

	(void)state;
	use_env_credentials();
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	f->profile.credential_process =
		xstrdup("sh -c 'sleep 2; echo "
			"\"{\\\"Version\\\":1,\\\"AccessKeyId\\\":\\\"AKIDNEW\\\","
			"\\\"SecretAccessKey\\\":\\\"secretnew\\\"}\"'");
	/* One poll each: the wait must not straddle the next scheduled poll
	 * (a minute boundary) and count its request. */
	f->s.max_polls = 1;
	fixture_start(f);
	poller_tick(f->p, clock_now_ms());
	end = clock_mono_ms() + 15000;
	while (!poller_idle(f->p) && clock_mono_ms() < end) {
		int64_t t0;

		http_wait(f->http, poller_wait_fd(f->p), 50, &extra);
		t0 = clock_mono_ms();
		poller_tick(f->p, clock_now_ms());
		if (clock_mono_ms() - t0 > longest_tick)
			longest_tick = clock_mono_ms() - t0;
		if (poller_status(f->p, 1)->polls_ok == 1 && !other_done) {
			/* eu-west-1 is done while us-east-1 still waits. */
			other_done = true;
			assert_int_equal(poller_status(f->p, 0)->polls_ok, 0);
		}
	}
	assert_true(other_done);
	assert_true(poller_idle(f->p));
	assert_true(longest_tick < 500);
	assert_int_equal(poller_status(f->p, 0)->error.kind, CW_OK);
	assert_int_equal(poller_status(f->p, 1)->error.kind, CW_OK);
	assert_int_equal(poller_status(f->p, 0)->polls_ok, 1);
	assert_string_equal(f->creds.access_key_id, "AKIDNEW");
	assert_int_equal(nreqs(), 3);
	fixture_free(f);
}

/* A refresh that fails ends the parked poll with why. */
static void test_failed_refresh_shown(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_expired_old);

	(void)state;
	use_env_credentials();
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	f->profile.credential_process = xstrdup("sh -c 'echo broken >&2; exit 3'");
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 1);
	assert_int_equal(poller_status(f->p, 0)->error.kind, CW_ERR_EXPIRED);
	assert_non_null(strstr(poller_status(f->p, 0)->error.message, "could not be refreshed"));
	assert_non_null(strstr(poller_status(f->p, 0)->error.message, "credential_process"));
	fixture_free(f);
}

static void respond_skewed(const struct fake_req *r, struct fake_resp *out)
{
	static char date[64];
	time_t t = time(NULL) + 3600;
	struct tm tm;

	if (r->n_in_region == 0) {
		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
		error_resp(out, 400, "RequestTimeTooSkewed;Sender", "RequestTimeTooSkewed",
			   "The difference between the request time and the current time is "
			   "too large");
		out->hname[1] = "Date";
		out->hvalue[1] = date;
	} else {
		respond_ok(r, out);
	}
}

static void test_clock_skew_corrected(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_skewed);

	(void)state;
	fixture_start(f);
	drive(f, 0);
	assert_int_equal(nreqs(), 2);
	assert_true(clock_skew() > 3590 && clock_skew() < 3610);
	/* The retry is signed an hour ahead, as the server's clock says. */
	assert_true(strcmp(reqs_[1].amz_date, reqs_[0].amz_date) > 0);
	assert_true(reqs_[1].sig_ok);
	assert_int_equal(poller_status(f->p, 0)->error.kind, CW_OK);
	fixture_free(f);
}

static void test_session_token_sent_and_signed(void **state)
{
	struct fixture *f = fixture_new(1, 1, respond_ok);

	(void)state;
	f->creds.session_token = xstrdup("TOKEN123");
	fixture_start(f);
	drive(f, 0);
	assert_string_equal(reqs_[0].security_token, "TOKEN123");
	assert_true(reqs_[0].sig_ok);
	fixture_free(f);
}

/* A whole 24 h first fetch is asked for in pages of CW_PAGE_DATAPOINTS
 * and every page followed; the steady polls after it are one call each,
 * without MaxDatapoints, so the calls and metrics counted per minute (the
 * status line's cost) are what they were before paging. */
static void respond_paged_by_max(const struct fake_req *r, struct fake_resp *out)
{
	out->status = 200;
	if (r->max_datapoints > 0 && r->n_in_region < 3)
		out->body = ok_body(r, "PartialData", "more");
	else
		out->body = ok_body(r, "Complete", NULL);
}

static void test_large_window_paged_steady_poll_one_call(void **state)
{
	struct fixture *f = fixture_new(12, 1, respond_paged_by_max);
	int64_t t1 = clock_now_ms(), t2 = t1 + 120000;
	const struct region_status *st;

	(void)state;
	f->s.range_index = RANGE_COUNT - 1; /* 24 h */
	fixture_start(f);
	drive(f, t1);
	assert_int_equal(nreqs(), 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(reqs_[i].max_datapoints, CW_PAGE_DATAPOINTS);
		assert_int_equal(reqs_[i].nq, 12);
		assert_true(12 * (reqs_[i].end - reqs_[i].start) / 60 > CW_PAGE_DATAPOINTS);
	}
	assert_string_equal(reqs_[3].next_token, "more");
	st = poller_status(f->p, 0);
	assert_int_equal(st->polls_ok, 1);
	assert_int_equal(st->calls_total, 4);

	/* Two minutes later (the first fetch out of the one-minute counters):
	 * the incremental window, one call, no MaxDatapoints. */
	poller_refresh_now(f->p);
	drive(f, t2);
	assert_int_equal(nreqs(), 5);
	assert_int_equal(reqs_[4].max_datapoints, 0);
	assert_string_equal(reqs_[4].next_token, "");
	assert_true(reqs_[4].end - reqs_[4].start <= 6 * 60);
	assert_int_equal(st->polls_ok, 2);
	assert_int_equal(st->calls_total, 5);
	assert_int_equal(st->calls_last_minute, 1);
	assert_int_equal(st->metrics_last_minute, 12);

	/* A short range's first fetch is one call, as before. */
	poller_refetch(f->p);
	f->s.range_index = 0;
	drive(f, t2);
	assert_int_equal(nreqs(), 6);
	assert_int_equal(reqs_[5].max_datapoints, 0);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_metrics_in_one_signed_call),
		cmocka_unit_test(test_split_above_limits),
		cmocka_unit_test(test_mixed_periods_grouped_and_aligned),
		cmocka_unit_test(test_next_token_followed),
		cmocka_unit_test(test_partial_data_flagged),
		cmocka_unit_test(test_forbidden_result_is_the_series_error),
		cmocka_unit_test(test_internal_error_result_keeps_stored_points),
		cmocka_unit_test(test_series_error_survives_later_page),
		cmocka_unit_test(test_fill_counts_quiet_periods),
		cmocka_unit_test(test_throttling_retried_and_interval_stretched),
		cmocka_unit_test(test_retry_after_and_resigned),
		cmocka_unit_test(test_server_errors_retried_then_shown),
		cmocka_unit_test(test_access_denied_not_retried),
		cmocka_unit_test(test_malformed_body_keeps_old_data),
		cmocka_unit_test(test_one_region_fails_other_succeeds),
		cmocka_unit_test(test_incremental_window_and_refetch),
		cmocka_unit_test(test_schedule_pause_and_max_polls),
		cmocka_unit_test(test_clock_step_back_polls_at_once),
		cmocka_unit_test(test_transport_error_names_reason),
		cmocka_unit_test(test_expired_token_reresolves_once),
		cmocka_unit_test(test_expiring_credentials_refreshed_before_poll),
		cmocka_unit_test(test_slow_refresh_never_blocks),
		cmocka_unit_test(test_failed_refresh_shown),
		cmocka_unit_test(test_clock_skew_corrected),
		cmocka_unit_test(test_session_token_sent_and_signed),
		cmocka_unit_test(test_large_window_paged_steady_poll_one_call),
	};

	return cmocka_run_group_tests(tests, fake_start, fake_stop);
}
