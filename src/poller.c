/* poller: keeps every region's series fresh. */
#include "config.h"

#include "src/poller.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/aws_creds_job.h"
#include "src/clock.h"
#include "src/cw_sign.h"
#include "src/retry.h"
#include "src/sanitize.h"
#include "src/xalloc.h"

#define CALL_RING      128   /* calls remembered for the one-minute counters */
#define CREDS_MARGIN_S 300   /* refresh credentials expiring within 5 minutes */
#define CREDS_RETRY_MS 60000 /* try a failed refresh again at most once a minute */
#define MAX_OFFSET_MS  5000  /* polls run this long after a period boundary */
#define NO_TIME        INT64_MAX
#define CLOCK_STEP_MS  2000 /* the wall clock going back this far is a step */

/* One GetMetricData call's worth of queries (a slice of region.queries,
 * all of one period) and its time window, epoch seconds. */
struct batch {
	size_t first, n;
	int64_t start, end;
};

struct call_mark {
	int64_t at; /* virtual ms */
	unsigned metrics;
};

/* A series whose result said Forbidden or InternalError. `poll` is the
 * poll that said so (polls_done + 1 while it runs), so a later page of
 * the same poll answering Complete for it does not hide the error. */
struct series_slot {
	bool failing;
	uint64_t poll;
	struct series_error e;
};

struct region {
	struct poller *p;
	size_t index;
	char *endpoint;           /* URL */
	struct cw_endpoint ep;    /* the endpoint's host, path and query, as signed */
	struct cw_query *queries; /* grouped by period, metric order inside */
	size_t nq;
	int base_s; /* refresh, or the smallest period */
	struct adaptive_interval interval;
	struct retry_quota quota;

	/* The poll in progress. */
	bool polling;
	struct batch *batches;
	size_t nbatches, cur;
	char *next_token;
	char *body; /* the current page's request body */
	int last_retry_cost;
	unsigned signed_gen; /* the credentials generation the attempt used */
	bool expired_retried, skew_retried;
	bool awaiting_creds; /* parked after ExpiredToken until the refresh ends */
	bool throttled, partial;
	int64_t poll_started; /* virtual ms */
	int64_t retry_due;    /* virtual ms; NO_TIME when none */

	bool fetched_once;   /* the full window was read; poll incrementally */
	int64_t covered_s;   /* virtual "now" of the last good poll, seconds */
	uint64_t polls_done; /* completed polls, good or bad (max_polls) */
	/* [metric]: each series' own result status */
	struct series_slot *series;
	struct call_mark calls[CALL_RING];
	size_t ncalls_pos;
	struct region_status st;
};

struct poller {
	const struct settings *settings;
	struct http *http;
	struct metric_store *store;
	struct aws_profile *profile;
	struct aws_credentials *creds;
	struct region *regions;
	size_t nregions;
	bool paused;
	int64_t creds_tried;         /* virtual ms of the last refresh attempt */
	unsigned creds_gen;          /* bumped whenever the credentials are replaced */
	struct creds_job *creds_job; /* a refresh in progress, or NULL */
	int64_t last_tick;           /* virtual ms of the last tick (clock steps) */
	double (*rand_fn)(void *ctx);
	void *rand_ctx;
	uint64_t rand_state;
};

static void send_attempt(struct region *r, int64_t now_ms);
static void poll_finish(struct region *r, int64_t now_ms, const struct cw_error *err);

/* --- Time arithmetic -------------------------------------------------------- */

static int64_t align_down(int64_t t, int64_t unit)
{
	int64_t m = t % unit;

	return m < 0 ? t - m - unit : t - m;
}

static int64_t align_up(int64_t t, int64_t unit)
{
	return -align_down(-t, unit);
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t current_range(const struct poller *p)
{
	int i = p->settings->range_index;

	if (i < 0 || i >= RANGE_COUNT)
		i = 0;
	return settings_ranges[i];
}

/* --- Setting up a region ---------------------------------------------------- */

static int cmp_query_period(const void *a, const void *b)
{
	const struct cw_query *x = a, *y = b;
	size_t ix = strtoul(x->id + 1, NULL, 10), iy = strtoul(y->id + 1, NULL, 10);

	if (x->metric->period != y->metric->period)
		return x->metric->period < y->metric->period ? -1 : 1;
	return ix < iy ? -1 : ix > iy;
}

/* build_queries: every metric watched in the region, id "m<index>" so a
 * result maps straight back to settings->metrics[index]. */
static void build_queries(struct region *r)
{
	const struct settings *s = r->p->settings;

	r->queries = xcalloc(s->nmetrics ? s->nmetrics : 1, sizeof(*r->queries));
	r->nq = 0;
	for (size_t m = 0; m < s->nmetrics; m++) {
		struct cw_query *q;

		if (!(s->metrics[m].region_mask & (1u << r->index)) || s->metrics[m].period < 1)
			continue;
		q = &r->queries[r->nq++];
		snprintf(q->id, sizeof(q->id), "m%u", (unsigned)m);
		q->metric = &s->metrics[m];
	}
	qsort(r->queries, r->nq, sizeof(*r->queries), cmp_query_period);
}

static int base_interval(const struct region *r)
{
	const struct settings *s = r->p->settings;
	int base = 0;

	if (s->refresh > 0)
		return s->refresh;
	for (size_t i = 0; i < r->nq; i++)
		if (base == 0 || r->queries[i].metric->period < base)
			base = r->queries[i].metric->period;
	return base > 0 ? base : 60;
}

static void region_init(struct poller *p, struct region *r, size_t i)
{
	const struct settings *s = p->settings;

	r->p = p;
	r->index = i;
	if (s->endpoint && *s->endpoint)
		r->endpoint = xstrdup(s->endpoint);
	else
		r->endpoint = aws_endpoint_for(s->regions[i], p->profile);
	cw_endpoint_split(r->endpoint, &r->ep);
	build_queries(r);
	r->series = xcalloc(s->nmetrics ? s->nmetrics : 1, sizeof(*r->series));
	r->base_s = base_interval(r);
	adaptive_init(&r->interval, r->base_s);
	retry_quota_init(&r->quota);
	r->retry_due = NO_TIME;
	r->st.region = s->regions[i];
	r->st.endpoint = r->endpoint;
	r->st.interval = r->interval.current;
	r->st.next_poll = 0; /* the first poll is due at once */
}

static void region_free(struct region *r)
{
	free(r->endpoint);
	cw_endpoint_free(&r->ep);
	free(r->queries);
	free(r->batches);
	free(r->next_token);
	free(r->body);
	free(r->series);
}

struct poller *poller_new(const struct settings *settings, struct http *http,
			  struct metric_store *store, struct aws_profile *profile,
			  struct aws_credentials *creds)
{
	struct poller *p;

	if (!settings || !http || !store || !creds || settings->nregions > MAX_REGIONS)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->settings = settings;
	p->http = http;
	p->store = store;
	p->profile = profile;
	p->creds = creds;
	p->rand_fn = retry_rand_default;
	p->rand_state = (uint64_t)clock_mono_ms() * 0x9e3779b97f4a7c15ull + 1;
	p->rand_ctx = &p->rand_state;
	p->creds_tried = -CREDS_RETRY_MS;
	p->nregions = settings->nregions;
	p->regions = xcalloc(p->nregions ? p->nregions : 1, sizeof(*p->regions));
	for (size_t i = 0; i < p->nregions; i++)
		region_init(p, &p->regions[i], i);
	return p;
}

void poller_free(struct poller *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nregions; i++) {
		if (p->regions[i].st.in_flight)
			http_cancel(p->http, i);
		region_free(&p->regions[i]);
	}
	creds_job_free(p->creds_job);
	free(p->regions);
	free(p);
}

/* --- Planning a poll ---------------------------------------------------------- */

/* window_for: the time range to ask for at period P. The first poll (and
 * one after poller_refetch) reads the whole range; later ones only the
 * periods that can still change: from two periods before the newest one
 * that is complete after the publishing lag, counted from the last good
 * poll so that a run of failures leaves no gap. */
static void window_for(const struct region *r, int64_t now_s, int64_t period, struct batch *b)
{
	int64_t range = current_range(r->p);
	int64_t lag = r->p->settings->lag > 0 ? r->p->settings->lag : 0;
	int64_t full_start = align_down(now_s - range, period);
	int64_t from;

	b->end = align_up(now_s, period);
	if (!r->fetched_once) {
		b->start = full_start;
	} else {
		from = min64(now_s, r->covered_s) - lag;
		b->start = max64(align_down(from, period) - 2 * period, full_start);
	}
	if (b->start >= b->end)
		b->start = b->end - period;
	if ((b->end - b->start) / period > CW_MAX_DATAPOINTS)
		b->start = b->end - (int64_t)CW_MAX_DATAPOINTS * period;
}

static void add_batch(struct region *r, size_t *cap, const struct batch *b)
{
	if (r->nbatches == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		r->batches = xreallocarray(r->batches, *cap, sizeof(*r->batches));
	}
	r->batches[r->nbatches++] = *b;
}

/* plan_batches: one call per run of same-period queries, split so no call
 * passes 500 queries or 100,800 datapoints. */
static void plan_batches(struct region *r, int64_t now_s)
{
	size_t cap = 0, i = 0;

	free(r->batches);
	r->batches = NULL;
	r->nbatches = 0;
	while (i < r->nq) {
		int64_t period = r->queries[i].metric->period;
		struct batch b;
		size_t j = i, per_call;

		while (j < r->nq && r->queries[j].metric->period == period)
			j++;
		window_for(r, now_s, period, &b);
		per_call = (size_t)(CW_MAX_DATAPOINTS / ((b.end - b.start) / period));
		if (per_call > CW_MAX_QUERIES)
			per_call = CW_MAX_QUERIES;
		for (; i < j; i += b.n) {
			b.first = i;
			b.n = j - i < per_call ? j - i : per_call;
			add_batch(r, &cap, &b);
		}
	}
}

/* page_size: MaxDatapoints for a call of batch b. A window that can hold
 * more than CW_PAGE_DATAPOINTS datapoints (a whole 24 h first fetch) is
 * asked for in pages of that size, so no answer's body and parse tree are
 * larger than a page's. 0 (left out) otherwise: a steady poll's request
 * stays as it was, one call. */
static long page_size(const struct region *r, const struct batch *b)
{
	int64_t period = r->queries[b->first].metric->period;
	int64_t points = (int64_t)b->n * ((b->end - b->start) / period);

	return points > CW_PAGE_DATAPOINTS ? CW_PAGE_DATAPOINTS : 0;
}

/* --- Credentials and clock skew ---------------------------------------------- */

/* start_refresh: walk the chain again in the background (aws_creds_job);
 * the loop goes on, and collect_refresh() takes the answer. false when no
 * refresh can run. */
static bool start_refresh(struct poller *p, int64_t now_ms, char *err, size_t errlen)
{
	p->creds_tried = now_ms;
	if (p->creds_job)
		return true;
	if (!p->profile) {
		snprintf(err, errlen, "no profile to refresh credentials from");
		return false;
	}
	p->creds_job = creds_job_start(p->profile, p->settings->origin_profile == ORIGIN_FLAG, err,
				       errlen);
	return p->creds_job != NULL;
}

/* release_waiting: regions parked on the refresh send again at once with
 * the new keys, or (err != NULL) end their poll with why there are none. */
static void release_waiting(struct poller *p, int64_t now_ms, const char *err)
{
	for (size_t i = 0; i < p->nregions; i++) {
		struct region *r = &p->regions[i];
		struct cw_error e = {.kind = CW_ERR_EXPIRED};

		if (!r->awaiting_creds)
			continue;
		r->awaiting_creds = false;
		if (!err) {
			r->retry_due = now_ms;
			continue;
		}
		cw_error_set(&e, CW_ERR_EXPIRED, "ExpiredToken",
			     "credentials expired and could not be refreshed: %.150s", err);
		poll_finish(r, now_ms, &e);
	}
}

/* collect_refresh: take the background refresh's answer if it has one. On
 * success the new keys replace the old in place and the generation moves
 * on; on failure the old keys stay (they may still work until an
 * ExpiredToken says otherwise). */
static void collect_refresh(struct poller *p, int64_t now_ms)
{
	struct aws_credentials fresh;
	char err[256];
	enum creds_job_state st;

	if (!p->creds_job)
		return;
	memset(&fresh, 0, sizeof(fresh));
	st = creds_job_poll(p->creds_job, &fresh, err, sizeof(err));
	if (st == CREDS_JOB_RUNNING)
		return;
	creds_job_free(p->creds_job);
	p->creds_job = NULL;
	if (st == CREDS_JOB_DONE) {
		aws_credentials_clear(p->creds);
		*p->creds = fresh;
		p->creds_gen++;
		release_waiting(p, now_ms, NULL);
	} else {
		release_waiting(p, now_ms, err);
	}
}

static void refresh_if_expiring(struct poller *p, int64_t now_ms)
{
	char err[256];

	if (p->settings->demo || p->creds_job)
		return;
	if (!aws_credentials_expiring(p->creds, clock_real_now(), CREDS_MARGIN_S))
		return;
	if (now_ms - p->creds_tried < CREDS_RETRY_MS)
		return;
	/* A failure here is not yet an error: the old keys may still work,
	 * and an ExpiredToken answer will say so when they do not. */
	start_refresh(p, now_ms, err, sizeof(err));
}

static bool correct_skew(const struct http_response *res)
{
	int64_t server = http_parse_date(res->date);

	if (server < 0)
		return false;
	clock_set_skew(clock_from_real(server) - clock_now());
	return true;
}

/* --- Sending ------------------------------------------------------------------ */

static void record_call(struct region *r, int64_t now_ms, size_t nmetrics)
{
	struct call_mark *c = &r->calls[r->ncalls_pos++ % CALL_RING];

	c->at = now_ms;
	c->metrics = (unsigned)nmetrics;
	r->st.calls_total++;
	r->st.metrics_total += nmetrics;
}

static void update_minute_counters(struct region *r, int64_t now_ms)
{
	unsigned calls = 0, metrics = 0;

	for (size_t i = 0; i < CALL_RING; i++) {
		const struct call_mark *c = &r->calls[i];

		if (c->at > 0 && c->at > now_ms - 60000 && c->at <= now_ms) {
			calls++;
			metrics += c->metrics;
		}
	}
	r->st.calls_last_minute = calls;
	r->st.metrics_last_minute = metrics;
}

/* sign_request: the headers for one attempt, signed afresh (a retry gets a
 * new X-Amz-Date and signature). 0, or -1 when there is nothing to sign
 * with. */
static int sign_request(struct region *r, struct cw_signed *h)
{
	if (cw_sign(r->p->creds, r->p->settings->regions[r->index], &r->ep, "GetMetricData",
		    r->body, clock_now() + clock_skew(), h) != 0)
		return -1;
	r->signed_gen = r->p->creds_gen;
	return 0;
}

static void fail_now(struct region *r, int64_t now_ms, enum cw_error_kind kind, const char *code,
		     const char *msg)
{
	struct cw_error err = {.kind = kind};

	cw_error_set(&err, kind, code, "%s", msg);
	poll_finish(r, now_ms, &err);
}

static void on_response(void *ctx, const struct http_response *res);

/* send_attempt: sign and submit the current page of the current batch. */
static void send_attempt(struct region *r, int64_t now_ms)
{
	const struct batch *b = &r->batches[r->cur];
	struct cw_signed h;
	struct http_request req = {
		.url = r->endpoint,
		.method = "POST",
		.max_body = CW_MAX_BODY,
	};

	r->retry_due = NO_TIME;
	if (!r->body)
		r->body = cw_build_request_paged(r->queries + b->first, b->n, b->start, b->end,
						 r->next_token, page_size(r, b));
	if (sign_request(r, &h) != 0) {
		fail_now(r, now_ms, CW_ERR_ACCESS_DENIED, "NoCredentials",
			 "cannot sign the request: no usable credentials");
		return;
	}
	req.headers = (const char *const *)h.lines;
	req.body = r->body;
	req.body_len = strlen(r->body);
	r->st.attempt++;
	r->st.last_attempt = now_ms;
	record_call(r, now_ms, b->n);
	update_minute_counters(r, now_ms);
	if (http_submit(r->p->http, r->index, &req, on_response, r) != 0) {
		cw_signed_free(&h);
		fail_now(r, now_ms, CW_ERR_TRANSPORT, "Transport", "cannot start the request");
		return;
	}
	cw_signed_free(&h);
	r->st.in_flight = true;
}

static void start_page(struct region *r, int64_t now_ms)
{
	free(r->body);
	r->body = NULL;
	r->st.attempt = 0;
	r->last_retry_cost = 0;
	send_attempt(r, now_ms);
}

static void poll_start(struct region *r, int64_t now_ms)
{
	refresh_if_expiring(r->p, now_ms);
	plan_batches(r, now_ms / 1000);
	r->polling = true;
	r->cur = 0;
	free(r->next_token);
	r->next_token = NULL;
	r->expired_retried = r->skew_retried = false;
	r->throttled = r->partial = false;
	r->poll_started = now_ms;
	if (r->nbatches == 0) {
		poll_finish(r, now_ms, NULL); /* nothing watched here: trivially fine */
		return;
	}
	start_page(r, now_ms);
}

/* --- Receiving -------------------------------------------------------------- */

static bool metric_of(const struct region *r, const char *id, size_t *metric)
{
	const struct settings *s = r->p->settings;
	char *end;
	unsigned long m;

	if (!id || id[0] != 'm' || id[1] < '0' || id[1] > '9')
		return false;
	m = strtoul(id + 1, &end, 10);
	if (*end != '\0' || m >= s->nmetrics || !(s->metrics[m].region_mask & (1u << r->index)))
		return false;
	*metric = m;
	return true;
}

/* fill_gaps: a metric with `fill` gets that value for every period of the
 * answered window that has no point, up to the newest period that is past
 * the publishing lag (newer ones may still arrive: filling them would lie). */
static void fill_gaps(struct region *r, size_t m)
{
	const struct metric_def *def = &r->p->settings->metrics[m];
	const struct batch *b = &r->batches[r->cur];
	int64_t p = def->period, lag = r->p->settings->lag > 0 ? r->p->settings->lag : 0;
	int64_t last = align_down(r->poll_started / 1000 - lag, p) - p;
	int64_t t;

	for (t = b->start; t < b->end && t <= last; t += p)
		if (!series_get(store_series(r->p->store, m, r->index), t))
			store_put(r->p->store, m, r->index, t, def->fill, 0);
}

static bool status_failed(enum cw_status st)
{
	return st == CW_FORBIDDEN || st == CW_INTERNAL_ERROR;
}

/* note_series_status: a result that says Forbidden or InternalError is
 * this series' own failure (the call worked, so the region is fine); it
 * lasts until a later poll's result for the series is Complete or
 * PartialData. The message is the result's own (already sanitized by
 * cw_parse_response), or the StatusCode when it sent none. */
static void note_series_status(struct region *r, size_t m, const struct cw_result *res)
{
	struct series_slot *slot = &r->series[m];
	uint64_t poll = r->polls_done + 1;
	const char *code = res->status == CW_FORBIDDEN ? "Forbidden" : "InternalError";

	if (!status_failed(res->status)) {
		if (slot->failing && slot->poll != poll)
			memset(slot, 0, sizeof(*slot));
		return;
	}
	if (!slot->failing)
		slot->e.since = r->poll_started;
	slot->failing = true;
	slot->poll = poll;
	slot->e.status = res->status;
	slot->e.err.kind = res->status == CW_FORBIDDEN ? CW_ERR_ACCESS_DENIED : CW_ERR_SERVER;
	snprintf(slot->e.err.code, sizeof(slot->e.err.code), "%s", code);
	if (res->message && *res->message)
		sanitize_copy(slot->e.err.message, sizeof(slot->e.err.message), res->message,
			      strlen(res->message));
	else
		snprintf(slot->e.err.message, sizeof(slot->e.err.message),
			 "the result's StatusCode is %s", code);
}

static void keep_new_points(struct region *r, size_t m, const struct cw_result *res)
{
	const struct metric_series *ser = store_series(r->p->store, m, r->index);

	for (size_t k = 0; k < res->n; k++)
		if (!series_get(ser, res->timestamps[k]))
			store_put(r->p->store, m, r->index, res->timestamps[k], res->values[k],
				  POINT_PARTIAL);
}

/* merge_results: store every datapoint raw, keyed by its timestamp. A
 * PartialData result on the last page marks its points: that data is
 * known to be incomplete. On a page with a NextToken, PartialData only
 * means "more on the next page". A result in error never replaces a
 * stored point; any new points it brings are kept, marked partial (they
 * cannot be trusted to be whole). */
static void merge_results(struct region *r, const struct cw_response *resp)
{
	for (size_t i = 0; i < resp->nresults; i++) {
		const struct cw_result *res = &resp->results[i];
		unsigned flags = 0;
		size_t m;

		if (!metric_of(r, res->id, &m))
			continue;
		note_series_status(r, m, res);
		if (status_failed(res->status)) {
			keep_new_points(r, m, res);
			continue;
		}
		if (res->status == CW_PARTIAL && !resp->next_token) {
			flags = POINT_PARTIAL;
			r->partial = true;
		}
		for (size_t k = 0; k < res->n; k++)
			store_put(r->p->store, m, r->index, res->timestamps[k], res->values[k],
				  flags);
		if (r->p->settings->metrics[m].has_fill && res->status == CW_COMPLETE &&
		    !resp->next_token)
			fill_gaps(r, m);
	}
}

/* next_page: after a good page, follow the NextToken or move to the next
 * batch; finish the poll after the last. */
static void next_page(struct region *r, int64_t now_ms, const char *token)
{
	free(r->next_token);
	r->next_token = token ? xstrdup(token) : NULL;
	if (!r->next_token && ++r->cur >= r->nbatches) {
		poll_finish(r, now_ms, NULL);
		return;
	}
	start_page(r, now_ms);
}

static void handle_ok(struct region *r, int64_t now_ms, const struct http_response *res)
{
	struct cw_response resp;
	struct cw_error err;

	memset(&resp, 0, sizeof(resp));
	memset(&err, 0, sizeof(err));
	if (cw_parse_response(res->body, res->body_len, &resp, &err) != 0) {
		cw_response_free(&resp);
		poll_finish(r, now_ms, &err);
		return;
	}
	retry_success(&r->quota, r->last_retry_cost);
	merge_results(r, &resp);
	next_page(r, now_ms, resp.next_token);
	cw_response_free(&resp);
}

static void classify_failure(const struct http_response *res, struct cw_error *err)
{
	cw_call_failure(res, CW_MAX_BODY, err);
}

static void schedule_retry(struct region *r, int64_t now_ms, const struct http_response *res,
			   int cost)
{
	int64_t delay =
		retry_delay_ms(r->st.attempt - 1, res->retry_after, r->p->rand_fn, r->p->rand_ctx);

	r->last_retry_cost = cost;
	/* The delay is real time (the service's view); timers run on the
	 * virtual clock, which may be faster. */
	r->retry_due = now_ms + (int64_t)((double)delay * clock_speed());
}

/* special_retry: the two failures a retry can fix by itself: expired
 * credentials (walk the chain again) and clock skew (learn the server's
 * time from Date). Each is tried once per poll, outside the quota. */
enum special { SPECIAL_NONE, SPECIAL_RETRY_NOW, SPECIAL_PARKED };

static enum special special_retry(struct region *r, const struct cw_error *err,
				  const struct http_response *res, struct cw_error *out)
{
	char msg[200];

	if (err->kind == CW_ERR_EXPIRED && !r->expired_retried) {
		r->expired_retried = true;
		/* Another region may have refreshed them since we signed; the
		 * demo's keys never change (a retry is all there is to do). */
		if (r->signed_gen != r->p->creds_gen || r->p->settings->demo)
			return SPECIAL_RETRY_NOW;
		if (start_refresh(r->p, clock_now_ms(), msg, sizeof(msg))) {
			r->awaiting_creds = true;
			return SPECIAL_PARKED;
		}
		*out = *err;
		snprintf(out->message, sizeof(out->message),
			 "credentials expired and could not be refreshed: %.150s", msg);
		return SPECIAL_NONE;
	}
	if (err->kind == CW_ERR_CLOCK_SKEW && !r->skew_retried) {
		r->skew_retried = true;
		return correct_skew(res) ? SPECIAL_RETRY_NOW : SPECIAL_NONE;
	}
	return SPECIAL_NONE;
}

static void handle_failure(struct region *r, int64_t now_ms, const struct http_response *res)
{
	struct cw_error err, final;
	int cost;

	classify_failure(res, &err);
	final = err;
	if (err.kind == CW_ERR_THROTTLED)
		r->throttled = true;
	switch (special_retry(r, &err, res, &final)) {
	case SPECIAL_RETRY_NOW:
		send_attempt(r, now_ms);
		return;
	case SPECIAL_PARKED:
		return; /* collect_refresh() sends it again, or ends the poll */
	case SPECIAL_NONE:
		break;
	}
	if (retry_acquire(&r->quota, r->st.attempt, cw_error_retryable(&err), res->timed_out,
			  &cost)) {
		schedule_retry(r, now_ms, res, cost);
		return;
	}
	poll_finish(r, now_ms, &final);
}

static void on_response(void *ctx, const struct http_response *res)
{
	struct region *r = ctx;
	int64_t now_ms = clock_now_ms();

	r->st.in_flight = false;
	if (res->curl_code == 0 && !res->body_too_large && res->status >= 200 && res->status < 300)
		handle_ok(r, now_ms, res);
	else
		handle_failure(r, now_ms, res);
}

/* --- Finishing a poll and scheduling the next ------------------------------- */

/* next_poll_time: polls sit a little after a boundary of the base interval
 * (the period, normally), so each one finds a freshly completed period;
 * a stretched interval is rounded up to whole base intervals. */
static int64_t next_poll_time(const struct region *r, int64_t now_ms)
{
	int64_t unit = (int64_t)r->base_s * 1000;
	int64_t offset = min64(MAX_OFFSET_MS, unit / 12);
	int64_t every = align_up((int64_t)r->interval.current * 1000, unit);
	int64_t next = align_down(r->poll_started - offset, unit) + every + offset;

	if (next <= now_ms)
		next = align_down(now_ms - offset, unit) + unit + offset;
	return next;
}

static void poll_finish(struct region *r, int64_t now_ms, const struct cw_error *err)
{
	const struct settings *s = r->p->settings;

	r->polling = false;
	r->retry_due = NO_TIME;
	r->st.in_flight = false;
	r->polls_done++;
	if (!err) {
		memset(&r->st.error, 0, sizeof(r->st.error));
		r->st.error_since = 0;
		r->st.last_ok = now_ms;
		r->st.polls_ok++;
		r->st.partial = r->partial;
		r->fetched_once = true;
		r->covered_s = r->poll_started / 1000;
	} else {
		r->st.error = *err;
		if (r->st.error_since == 0)
			r->st.error_since = now_ms;
	}
	if (r->throttled)
		adaptive_throttled(&r->interval);
	else if (!err)
		adaptive_ok(&r->interval);
	r->st.interval = r->interval.current;
	r->st.interval_stretched = adaptive_stretched(&r->interval);
	if (s->max_polls > 0 && r->polls_done >= (uint64_t)s->max_polls)
		r->st.next_poll = NO_TIME;
	else
		r->st.next_poll = next_poll_time(r, now_ms);
}

/* --- The public face ---------------------------------------------------------- */

static bool region_stopped(const struct region *r)
{
	const struct settings *s = r->p->settings;

	return s->max_polls > 0 && r->polls_done >= (uint64_t)s->max_polls;
}

/* rebase_after_step: the wall clock went back (an NTP step, a VM resumed
 * with an old clock, a hand correction). Every schedule was set on the old
 * time and would wait for it to come round again, polling nothing and
 * saying nothing: poll now and read the whole window again, against the
 * new time. */
static void rebase_after_step(struct poller *p, int64_t now_ms)
{
	p->creds_tried = 0;
	for (size_t i = 0; i < p->nregions; i++) {
		struct region *r = &p->regions[i];

		if (r->st.next_poll != NO_TIME && r->st.next_poll > now_ms)
			r->st.next_poll = now_ms;
		if (r->retry_due != NO_TIME && r->retry_due > now_ms)
			r->retry_due = now_ms;
		/* A poll in flight, retrying or parked was started on the old
		 * time: the next one is scheduled from it. */
		r->poll_started = min64(r->poll_started, now_ms);
		r->covered_s = min64(r->covered_s, now_ms / 1000);
		r->fetched_once = false;
	}
}

void poller_tick(struct poller *p, int64_t now_ms)
{
	if (!p)
		return;
	if (p->last_tick - now_ms > CLOCK_STEP_MS)
		rebase_after_step(p, now_ms);
	p->last_tick = now_ms;
	collect_refresh(p, now_ms);
	for (size_t i = 0; i < p->nregions; i++) {
		struct region *r = &p->regions[i];

		update_minute_counters(r, now_ms);
		if (p->paused || r->st.in_flight)
			continue;
		if (r->polling && r->retry_due != NO_TIME && r->retry_due <= now_ms)
			send_attempt(r, now_ms);
		else if (!r->polling && !region_stopped(r) && r->st.next_poll <= now_ms)
			poll_start(r, now_ms);
	}
}

int64_t poller_next_due_ms(const struct poller *p, int64_t now_ms)
{
	int64_t due = NO_TIME;

	if (!p || p->paused)
		return NO_TIME;
	for (size_t i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];

		if (r->st.in_flight)
			continue;
		if (r->polling && r->retry_due != NO_TIME)
			due = min64(due, r->retry_due);
		else if (!r->polling && !region_stopped(r))
			due = min64(due, r->st.next_poll);
	}
	return due == NO_TIME ? NO_TIME : max64(due - now_ms, 0);
}

void poller_refresh_now(struct poller *p)
{
	for (size_t i = 0; p && i < p->nregions; i++)
		if (!p->regions[i].polling)
			p->regions[i].st.next_poll = 0;
}

void poller_set_paused(struct poller *p, bool paused)
{
	if (p)
		p->paused = paused;
}

bool poller_paused(const struct poller *p)
{
	return p && p->paused;
}

void poller_credentials_changed(struct poller *p)
{
	/* A refresh still running reads the old profile: its answer is moot. */
	creds_job_free(p->creds_job);
	p->creds_job = NULL;
	p->creds_gen++;
	release_waiting(p, clock_now_ms(), NULL);
	poller_refresh_now(p);
}

int poller_wait_fd(const struct poller *p)
{
	return p ? creds_job_fd(p->creds_job) : -1;
}

/* poller_refetch: a poll in flight asked for the old statistic or range;
 * abandon it and read the whole window again at once. */
void poller_refetch(struct poller *p)
{
	for (size_t i = 0; p && i < p->nregions; i++) {
		struct region *r = &p->regions[i];

		if (r->st.in_flight)
			http_cancel(p->http, i);
		r->st.in_flight = false;
		r->polling = false;
		r->awaiting_creds = false;
		r->retry_due = NO_TIME;
		r->fetched_once = false;
		r->st.next_poll = 0;
	}
}

void poller_set_rand(struct poller *p, double (*fn)(void *ctx), void *ctx)
{
	if (!p)
		return;
	p->rand_fn = fn ? fn : retry_rand_default;
	p->rand_ctx = fn ? ctx : &p->rand_state;
}

size_t poller_nregions(const struct poller *p)
{
	return p ? p->nregions : 0;
}

const struct region_status *poller_status(const struct poller *p, size_t region)
{
	if (!p || region >= p->nregions)
		return NULL;
	return &p->regions[region].st;
}

bool poller_idle(const struct poller *p)
{
	for (size_t i = 0; p && i < p->nregions; i++)
		if (p->regions[i].st.in_flight || p->regions[i].polling)
			return false;
	return true;
}

const struct series_error *poller_series_error(const struct poller *p, size_t metric, size_t region)
{
	const struct series_slot *slot;

	if (!p || region >= p->nregions || metric >= p->settings->nmetrics)
		return NULL;
	slot = &p->regions[region].series[metric];
	return slot->failing ? &slot->e : NULL;
}

char *poller_series_advice(char *out, size_t len, const struct series_error *e,
			   const struct metric_def *def)
{
	const char *ns = def && def->namespace_ ? def->namespace_ : NULL;

	if (!e)
		snprintf(out, len, "%s", "");
	else if (e->status != CW_FORBIDDEN)
		snprintf(out, len, "CloudWatch could not compute this metric; retrying");
	else if (ns)
		snprintf(out, len,
			 "No permission for this metric (cloudwatch:GetMetricData on %s, "
			 "or cross-account or cross-Region access?)",
			 ns);
	else
		snprintf(out, len,
			 "No permission for this metric's data (cloudwatch:GetMetricData, "
			 "or cross-account or cross-Region access?)");
	return out;
}
