/* cw_alarm_poll: CloudWatch's own metric alarms, per region, kept fresh. */
#include "config.h"

#include "src/cw_alarm_poll.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/clock.h"
#include "src/cw_sign.h"
#include "src/sanitize.h"
#include "src/xalloc.h"

#define NO_TIME INT64_MAX
/* Alarms are few; a body this large is not an alarms page. */
#define ALARMS_MAX_BODY (4u * 1024 * 1024)

struct alarm_region {
	struct cw_alarm_poll *ap;
	size_t index;
	char *url;
	struct cw_endpoint ep;
	struct cw_alarm *alarms; /* the last complete round */
	size_t n;
	struct cw_alarm *pending; /* the round being read */
	size_t npending;
	char *token;
	char *body;
	int pages;
	bool in_flight, denied, rounds_done;
	int64_t next_due; /* virtual ms; NO_TIME when never again */
	struct cw_error error;
	uint64_t calls;
};

struct cw_alarm_poll {
	const struct settings *settings;
	struct http *http;
	size_t first_channel;
	const struct aws_credentials *creds;
	bool once, denied;
	struct alarm_region *regions;
	size_t nregions;
};

static void free_list(struct cw_alarm *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cw_alarm_free(&list[i]);
	free(list);
}

struct cw_alarm_poll *cw_alarm_poll_new(const struct settings *s, struct http *http,
					size_t first_channel, const struct poller *poller,
					const struct aws_credentials *creds, bool once)
{
	struct cw_alarm_poll *ap;

	if (!s || !http || !poller || !creds)
		return NULL;
	ap = xcalloc(1, sizeof(*ap));
	ap->settings = s;
	ap->http = http;
	ap->first_channel = first_channel;
	ap->creds = creds;
	ap->once = once;
	ap->nregions = s->nregions;
	ap->regions = xcalloc(ap->nregions ? ap->nregions : 1, sizeof(*ap->regions));
	for (size_t i = 0; i < ap->nregions; i++) {
		struct alarm_region *r = &ap->regions[i];

		r->ap = ap;
		r->index = i;
		r->url = xstrdup(poller_status(poller, i)->endpoint);
		cw_endpoint_split(r->url, &r->ep);
		r->next_due = 0; /* at once */
	}
	return ap;
}

static void end_round_state(struct alarm_region *r)
{
	free_list(r->pending, r->npending);
	r->pending = NULL;
	r->npending = 0;
	free(r->token);
	r->token = NULL;
	free(r->body);
	r->body = NULL;
	r->pages = 0;
}

void cw_alarm_poll_free(struct cw_alarm_poll *ap)
{
	if (!ap)
		return;
	for (size_t i = 0; i < ap->nregions; i++) {
		struct alarm_region *r = &ap->regions[i];

		if (r->in_flight)
			http_cancel(ap->http, ap->first_channel + i);
		end_round_state(r);
		free_list(r->alarms, r->n);
		cw_endpoint_free(&r->ep);
		free(r->url);
	}
	free(ap->regions);
	free(ap);
}

/* finish: the round is over (err NULL: every page was read). */
static void finish(struct alarm_region *r, int64_t now_ms, const struct cw_error *err)
{
	r->in_flight = false;
	r->rounds_done = true;
	if (!err) {
		free_list(r->alarms, r->n);
		r->alarms = r->pending;
		r->n = r->npending;
		r->pending = NULL;
		r->npending = 0;
		memset(&r->error, 0, sizeof(r->error));
	} else {
		r->error = *err;
		if (err->kind == CW_ERR_ACCESS_DENIED && strcmp(err->code, "NoCredentials") != 0) {
			r->denied = true; /* not asked again: the answer will not change */
			r->ap->denied = true;
		}
	}
	end_round_state(r);
	r->next_due = r->ap->once || r->denied ? NO_TIME : now_ms + CW_ALARM_POLL_S * 1000;
}

static void fail(struct alarm_region *r, int64_t now_ms, enum cw_error_kind kind, const char *code,
		 const char *msg)
{
	struct cw_error err = {.kind = kind};

	cw_error_set(&err, kind, code, "%s", msg);
	finish(r, now_ms, &err);
}

static void on_response(void *ctx, const struct http_response *res);

static void send_page(struct alarm_region *r, int64_t now_ms)
{
	struct cw_alarm_poll *ap = r->ap;
	struct cw_signed h;
	struct http_request req = {
		.url = r->url,
		.method = "POST",
		.max_body = ALARMS_MAX_BODY,
	};

	free(r->body);
	r->body = cw_alarms_build_request(r->token);
	if (cw_sign(ap->creds, ap->settings->regions[r->index], &r->ep, CW_ALARMS_OPERATION,
		    r->body, clock_now() + clock_skew(), &h) != 0) {
		fail(r, now_ms, CW_ERR_ACCESS_DENIED, "NoCredentials",
		     "cannot sign the request: no usable credentials");
		return;
	}
	req.headers = (const char *const *)h.lines;
	req.body = r->body;
	req.body_len = strlen(r->body);
	r->calls++;
	if (http_submit(ap->http, ap->first_channel + r->index, &req, on_response, r) != 0) {
		cw_signed_free(&h);
		fail(r, now_ms, CW_ERR_TRANSPORT, "Transport", "cannot start the request");
		return;
	}
	cw_signed_free(&h);
	r->in_flight = true;
}

/* take_page: the page's alarms join the round's. */
static void take_page(struct alarm_region *r, struct cw_alarms_page *page)
{
	r->pending = xrealloc(r->pending, (r->npending + page->n + 1) * sizeof(*r->pending));
	memcpy(r->pending + r->npending, page->alarms, page->n * sizeof(*page->alarms));
	r->npending += page->n;
	free(page->alarms);
	page->alarms = NULL;
	page->n = 0;
}

static void handle_ok(struct alarm_region *r, int64_t now_ms, const struct http_response *res)
{
	struct cw_alarms_page page;
	struct cw_error err;

	if (cw_alarms_parse(res->body, res->body_len, &page, &err) != 0) {
		finish(r, now_ms, &err);
		return;
	}
	take_page(r, &page);
	free(r->token);
	r->token = page.next_token;
	page.next_token = NULL;
	cw_alarms_page_free(&page);
	if (r->token && ++r->pages < CW_ALARMS_MAX_PAGES) {
		send_page(r, now_ms);
		return;
	}
	finish(r, now_ms, NULL); /* past the page cap: what was read is the answer */
}

static void on_response(void *ctx, const struct http_response *res)
{
	struct alarm_region *r = ctx;
	int64_t now_ms = clock_now_ms();
	struct cw_error err;

	r->in_flight = false;
	if (res->curl_code == 0 && !res->body_too_large && res->status >= 200 &&
	    res->status < 300) {
		handle_ok(r, now_ms, res);
		return;
	}
	cw_call_failure(res, ALARMS_MAX_BODY, &err);
	finish(r, now_ms, &err);
}

void cw_alarm_poll_tick(struct cw_alarm_poll *ap, int64_t now_ms)
{
	for (size_t i = 0; ap && i < ap->nregions; i++) {
		struct alarm_region *r = &ap->regions[i];

		if (r->in_flight || r->next_due == NO_TIME || r->next_due > now_ms)
			continue;
		end_round_state(r);
		send_page(r, now_ms);
	}
}

int64_t cw_alarm_poll_next_due_ms(const struct cw_alarm_poll *ap, int64_t now_ms)
{
	int64_t due = NO_TIME;

	for (size_t i = 0; ap && i < ap->nregions; i++) {
		const struct alarm_region *r = &ap->regions[i];

		if (!r->in_flight && r->next_due < due)
			due = r->next_due;
	}
	if (due == NO_TIME)
		return NO_TIME;
	return due > now_ms ? due - now_ms : 0;
}

bool cw_alarm_poll_settled(const struct cw_alarm_poll *ap)
{
	for (size_t i = 0; ap && i < ap->nregions; i++)
		if (ap->regions[i].in_flight || !ap->regions[i].rounds_done)
			return false;
	return true;
}

size_t cw_alarm_poll_match(const struct cw_alarm_poll *ap, size_t region,
			   const struct metric_def *m, const struct cw_alarm **out, size_t max)
{
	const struct alarm_region *r;
	size_t n = 0;

	if (!ap || region >= ap->nregions)
		return 0;
	r = &ap->regions[region];
	for (size_t i = 0; i < r->n && n < max; i++)
		if (cw_alarm_matches(&r->alarms[i], m))
			out[n++] = &r->alarms[i];
	return n;
}

const char *cw_alarm_poll_note(const struct cw_alarm_poll *ap)
{
	return ap && ap->denied ? CW_ALARMS_DENIED_NOTE : NULL;
}

const struct cw_error *cw_alarm_poll_error(const struct cw_alarm_poll *ap, size_t region)
{
	static const struct cw_error none;

	if (!ap || region >= ap->nregions)
		return &none;
	return &ap->regions[region].error;
}

uint64_t cw_alarm_poll_calls(const struct cw_alarm_poll *ap, size_t region)
{
	return ap && region < ap->nregions ? ap->regions[region].calls : 0;
}
