/* http: a small wrapper over libcurl's multi interface. */
#include "config.h"

#include "src/http.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "src/buf.h"
#include "src/sanitize.h"
#include "src/text.h"
#include "src/xalloc.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define DEFAULT_TIMEOUT_MS         20000L
#define DEFAULT_MAX_BODY           (8u * 1024 * 1024)
/* A peer that sends more header lines or bytes than this is not an AWS
 * endpoint; the transfer is aborted rather than buffered without bound. */
#define MAX_HEADER_LINES 200
#define MAX_HEADER_BYTES (64u * 1024)
#define MAX_HEADER_VALUE 512
/* Retry-After in seconds is converted to milliseconds; bound it. */
#define MAX_RETRY_AFTER_S 3600L

/* One transfer's state: what libcurl needs kept alive while it runs and
 * what the response collects. */
struct transfer {
	CURL *easy;
	struct curl_slist *headers;
	char *body; /* our copy of the request body */
	struct buf resp_body;
	size_t max_body;
	struct http_response res;
	bool amz_retry_after; /* x-amz-retry-after seen: it wins over Retry-After */
	unsigned header_lines;
	size_t header_bytes;
	bool headers_too_large;
	char errbuf[CURL_ERROR_SIZE];
};

struct channel {
	struct transfer t;
	bool busy;     /* submitted and not yet delivered */
	bool finished; /* libcurl is done; the callback has not run yet */
	CURLcode result;
	http_done_fn done;
	void *ctx;
};

struct http {
	CURLM *multi;
	CURLSH *share;
	struct channel *ch;
	size_t nch;
};

static void global_init_once(void)
{
	static bool done;

	/* Single-threaded program: a plain flag is enough. */
	if (!done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		done = true;
	}
}

/* --- Response headers ------------------------------------------------------ */

static void set_header(char **slot, const char *v, size_t len)
{
	free(*slot);
	*slot = sanitize_dup(v, len, MAX_HEADER_VALUE);
}

/* retry_after_seconds_to_ms: Retry-After as delta-seconds becomes the same
 * milliseconds string x-amz-retry-after carries, so callers read one unit.
 * An HTTP-date form is ignored (AWS does not send it). */
static void set_retry_after_seconds(struct transfer *t, const char *v, size_t len)
{
	char tmp[32];
	char *end;
	long s;

	if (len == 0 || len >= sizeof(tmp))
		return;
	memcpy(tmp, v, len);
	tmp[len] = '\0';
	s = strtol(tmp, &end, 10);
	if (*end != '\0' || s < 0)
		return;
	if (s > MAX_RETRY_AFTER_S)
		s = MAX_RETRY_AFTER_S;
	free(t->res.retry_after);
	t->res.retry_after = xasprintf("%ld", s * 1000);
}

static void clear_captured_headers(struct http_response *r)
{
	free(r->content_type);
	free(r->query_error);
	free(r->retry_after);
	free(r->date);
	free(r->request_id);
	r->content_type = r->query_error = r->retry_after = r->date = r->request_id = NULL;
}

static void capture_header(struct transfer *t, const char *name, size_t nlen, const char *v,
			   size_t vlen)
{
	struct http_response *r = &t->res;

	if (text_span_eq(name, nlen, "content-type")) {
		set_header(&r->content_type, v, vlen);
	} else if (text_span_eq(name, nlen, "x-amzn-query-error")) {
		set_header(&r->query_error, v, vlen);
	} else if (text_span_eq(name, nlen, "x-amz-retry-after")) {
		set_header(&r->retry_after, v, vlen);
		t->amz_retry_after = true;
	} else if (text_span_eq(name, nlen, "retry-after")) {
		if (!t->amz_retry_after)
			set_retry_after_seconds(t, v, vlen);
	} else if (text_span_eq(name, nlen, "date")) {
		set_header(&r->date, v, vlen);
	} else if (text_span_eq(name, nlen, "x-amzn-requestid")) {
		set_header(&r->request_id, v, vlen);
	}
}

static void parse_header_line(struct transfer *t, const char *line, size_t len)
{
	const char *colon = memchr(line, ':', len);
	const char *v, *end = line + len;

	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		/* A new status line (after a 100 Continue, say): start over. */
		clear_captured_headers(&t->res);
		t->amz_retry_after = false;
		return;
	}
	if (!colon)
		return;
	v = colon + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	capture_header(t, line, (size_t)(colon - line), v, (size_t)(end - v));
}

static size_t on_header(char *data, size_t size, size_t n, void *userp)
{
	struct transfer *t = userp;
	size_t len = size * n;

	t->header_lines++;
	t->header_bytes += len;
	if (t->header_lines > MAX_HEADER_LINES || t->header_bytes > MAX_HEADER_BYTES) {
		t->headers_too_large = true;
		return 0; /* aborts the transfer */
	}
	parse_header_line(t, data, len);
	return len;
}

/* --- Response body ---------------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t n, void *userp)
{
	struct transfer *t = userp;
	size_t len = size * n;
	size_t room = t->max_body - t->resp_body.len;

	if (len <= room) {
		buf_append(&t->resp_body, data, len);
		return len;
	}
	/* Keep the first part (for an error message) and abort: a short count
	 * makes libcurl stop with CURLE_WRITE_ERROR. */
	buf_append(&t->resp_body, data, room);
	t->res.body_too_large = true;
	return 0;
}

/* --- Setting up a transfer -------------------------------------------------- */

static void transfer_release(struct transfer *t)
{
	curl_slist_free_all(t->headers);
	t->headers = NULL;
	free(t->body);
	t->body = NULL;
	buf_free(&t->resp_body);
	http_response_free(&t->res);
}

static struct curl_slist *build_headers(const struct http_request *req, bool has_body)
{
	struct curl_slist *list = NULL, *tmp;

	for (size_t i = 0; req->headers && req->headers[i]; i++) {
		tmp = curl_slist_append(list, req->headers[i]);
		if (!tmp)
			fatal("out of memory (curl_slist_append)");
		list = tmp;
	}
	if (has_body) {
		/* No "Expect: 100-continue" round trip before a POST body. */
		tmp = curl_slist_append(list, "Expect:");
		if (!tmp)
			fatal("out of memory (curl_slist_append)");
		list = tmp;
	}
	return list;
}

static void set_method(CURL *e, const struct transfer *t, const struct http_request *req)
{
	const char *m = req->method ? req->method : "GET";

	if (strcmp(m, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
		return;
	}
	curl_easy_setopt(e, CURLOPT_POST, 1L);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->body);
	if (strcmp(m, "POST") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, m);
}

static void set_security(CURL *e)
{
	const char *ca = getenv("AWS_CA_BUNDLE");

	/* Verification is always on; there is deliberately no switch. */
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca && *ca)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
}

static void set_timeouts(CURL *e, const struct http_request *req)
{
	long conn =
		req->connect_timeout_ms > 0 ? req->connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS;
	long total = req->timeout_ms > 0 ? req->timeout_ms : DEFAULT_TIMEOUT_MS;

	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, conn);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, total);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
}

/* transfer_setup: (re)configure t->easy for req. The easy handle is reset
 * first; its live connection and caches survive a reset. */
static void transfer_setup(struct transfer *t, const struct http_request *req, CURLSH *share)
{
	CURL *e = t->easy;
	bool has_body = req->method && strcmp(req->method, "GET") != 0;

	transfer_release(t);
	memset(&t->res, 0, sizeof(t->res));
	t->amz_retry_after = false;
	t->header_lines = 0;
	t->header_bytes = 0;
	t->headers_too_large = false;
	t->errbuf[0] = '\0';
	t->max_body = req->max_body ? req->max_body : DEFAULT_MAX_BODY;
	buf_init(&t->resp_body, 0);
	t->body = xmalloc(req->body_len + 1);
	if (req->body_len)
		memcpy(t->body, req->body, req->body_len);
	t->body[req->body_len] = '\0';
	t->headers = build_headers(req, has_body);

	curl_easy_reset(e);
	if (share)
		curl_easy_setopt(e, CURLOPT_SHARE, share);
	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(e, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->max_body);
	set_method(e, t, req);
	set_security(e);
	set_timeouts(e, req);
}

/* describe_failure: curl's reason, plus the system's when curl's own
 * words are vague ("Couldn't connect to server" says less than
 * "Connection refused"). */
static void describe_failure(struct transfer *t, CURLcode code, char *out, size_t len)
{
	const char *why = t->errbuf[0] ? t->errbuf : curl_easy_strerror(code);
	long os_errno = 0;
	char text[CURL_ERROR_SIZE + 128];

	curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &os_errno);
	if (os_errno != 0 && !strstr(why, strerror((int)os_errno)))
		snprintf(text, sizeof(text), "%s (%s)", why, strerror((int)os_errno));
	else
		snprintf(text, sizeof(text), "%s", why);
	sanitize_copy(out, len, text, strlen(text));
}

/* transfer_finish: fill t->res from libcurl's outcome and move it to out. */
static void transfer_finish(struct transfer *t, CURLcode code, struct http_response *out)
{
	struct http_response *r = &t->res;
	long status = 0;

	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME, &r->total_time);
	if (code == CURLE_FILESIZE_EXCEEDED)
		r->body_too_large = true;
	r->curl_code = (int)code;
	r->timed_out = code == CURLE_OPERATION_TIMEDOUT;
	r->status = code == CURLE_OK ? status : 0;
	if (r->body_too_large)
		snprintf(r->error, sizeof(r->error), "response body larger than %zu bytes",
			 t->max_body);
	else if (t->headers_too_large)
		snprintf(r->error, sizeof(r->error), "response headers too large");
	else if (code != CURLE_OK)
		describe_failure(t, code, r->error, sizeof(r->error));
	if (r->body_too_large)
		r->status = status;
	r->body = buf_steal(&t->resp_body, &r->body_len);
	*out = *r;
	memset(r, 0, sizeof(*r));
	transfer_release(t);
}

/* --- The synchronous path --------------------------------------------------- */

int http_blocking(const struct http_request *req, struct http_response *res)
{
	struct transfer t;
	CURLcode code;

	global_init_once();
	memset(&t, 0, sizeof(t));
	memset(res, 0, sizeof(*res));
	t.easy = curl_easy_init();
	if (!t.easy) {
		res->curl_code = CURLE_FAILED_INIT;
		snprintf(res->error, sizeof(res->error), "cannot create a curl handle");
		res->body = xstrdup("");
		return -1;
	}
	transfer_setup(&t, req, NULL);
	code = curl_easy_perform(t.easy);
	transfer_finish(&t, code, res);
	curl_easy_cleanup(t.easy);
	return code == CURLE_OK ? 0 : -1;
}

void http_response_free(struct http_response *res)
{
	if (!res)
		return;
	free(res->body);
	clear_captured_headers(res);
	res->body = NULL;
	res->body_len = 0;
}

/* --- The multi interface ---------------------------------------------------- */

struct http *http_new(size_t nchannels)
{
	struct http *h;

	global_init_once();
	h = xcalloc(1, sizeof(*h));
	h->multi = curl_multi_init();
	h->share = curl_share_init();
	if (!h->multi || !h->share)
		goto fail;
	/* One TLS session cache and DNS cache for every channel: a region's
	 * reconnect after an idle drop skips the full handshake. */
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	h->ch = xcalloc(nchannels ? nchannels : 1, sizeof(*h->ch));
	h->nch = nchannels;
	for (size_t i = 0; i < nchannels; i++) {
		h->ch[i].t.easy = curl_easy_init();
		if (!h->ch[i].t.easy)
			goto fail;
	}
	return h;
fail:
	http_free(h);
	return NULL;
}

void http_free(struct http *h)
{
	if (!h)
		return;
	for (size_t i = 0; h->ch && i < h->nch; i++) {
		http_cancel(h, i);
		if (h->ch[i].t.easy)
			curl_easy_cleanup(h->ch[i].t.easy);
	}
	free(h->ch);
	if (h->multi)
		curl_multi_cleanup(h->multi);
	if (h->share)
		curl_share_cleanup(h->share);
	free(h);
}

int http_submit(struct http *h, size_t channel, const struct http_request *req, http_done_fn done,
		void *ctx)
{
	struct channel *c;

	if (!h || channel >= h->nch || !req || !req->url)
		return -1;
	c = &h->ch[channel];
	if (c->busy)
		return -1;
	transfer_setup(&c->t, req, h->share);
	if (curl_multi_add_handle(h->multi, c->t.easy) != CURLM_OK) {
		transfer_release(&c->t);
		return -1;
	}
	c->busy = true;
	c->finished = false;
	c->done = done;
	c->ctx = ctx;
	return 0;
}

bool http_busy(const struct http *h, size_t channel)
{
	return h && channel < h->nch && h->ch[channel].busy;
}

void http_cancel(struct http *h, size_t channel)
{
	struct channel *c;

	if (!h || channel >= h->nch)
		return;
	c = &h->ch[channel];
	if (!c->busy)
		return;
	if (!c->finished)
		curl_multi_remove_handle(h->multi, c->t.easy);
	transfer_release(&c->t);
	c->busy = false;
	c->finished = false;
}

static struct channel *channel_of(struct http *h, CURL *easy)
{
	for (size_t i = 0; i < h->nch; i++)
		if (h->ch[i].t.easy == easy)
			return &h->ch[i];
	return NULL;
}

/* collect_finished: take every completed transfer out of the multi. The
 * callbacks run afterwards, so a callback that submits or cancels cannot
 * disturb libcurl's message queue while it is being read. */
static void collect_finished(struct http *h)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(h->multi, &left))) {
		struct channel *c;

		if (msg->msg != CURLMSG_DONE)
			continue;
		c = channel_of(h, msg->easy_handle);
		if (!c)
			continue;
		c->result = msg->data.result;
		curl_multi_remove_handle(h->multi, c->t.easy);
		c->finished = true;
	}
}

/* deliver_finished: run the callbacks of completed transfers. The channel
 * is idle before its callback runs, so the callback may submit again. */
static int deliver_finished(struct http *h)
{
	int n = 0;

	for (size_t i = 0; i < h->nch; i++) {
		struct channel *c = &h->ch[i];
		struct http_response res;

		if (!c->finished)
			continue;
		transfer_finish(&c->t, c->result, &res);
		c->finished = false;
		c->busy = false;
		if (c->done)
			c->done(c->ctx, &res);
		http_response_free(&res);
		n++;
	}
	return n;
}

static int drive(struct http *h)
{
	int running;

	if (curl_multi_perform(h->multi, &running) != CURLM_OK)
		return -1;
	collect_finished(h);
	return deliver_finished(h);
}

int http_wait_fds(struct http *h, const int *fds, bool *ready, size_t nfds, int timeout_ms)
{
	struct curl_waitfd wait[HTTP_MAX_FDS];
	size_t at[HTTP_MAX_FDS], nwait = 0, i;
	int n, numfds = 0;

	for (i = 0; i < nfds; i++) {
		ready[i] = false;
		if (fds[i] < 0 || nwait == HTTP_MAX_FDS)
			continue;
		wait[nwait] = (struct curl_waitfd){.fd = fds[i], .events = CURL_WAIT_POLLIN};
		at[nwait++] = i;
	}
	n = drive(h);
	if (n != 0)
		return n; /* something happened: let the caller look first */
	if (timeout_ms < 0)
		timeout_ms = 0;
	if (curl_multi_poll(h->multi, nwait ? wait : NULL, (unsigned)nwait, timeout_ms, &numfds) !=
	    CURLM_OK)
		return -1;
	for (i = 0; i < nwait; i++)
		if (wait[i].revents & CURL_WAIT_POLLIN)
			ready[at[i]] = true;
	return drive(h);
}

int http_wait(struct http *h, int extra_fd, int timeout_ms, bool *extra_ready)
{
	bool ready = false;
	int n = http_wait_fds(h, &extra_fd, &ready, 1, timeout_ms);

	if (extra_ready)
		*extra_ready = ready;
	return n;
}

void http_wakeup(struct http *h)
{
	if (h && h->multi)
		curl_multi_wakeup(h->multi);
}

int64_t http_parse_date(const char *date)
{
	time_t t;

	if (!date || !*date)
		return -1;
	t = curl_getdate(date, NULL);
	return t < 0 ? -1 : (int64_t)t;
}
