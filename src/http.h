/* http: a small wrapper over libcurl's multi interface.
 *
 * Knows nothing of AWS. Each channel (one per region) keeps its own easy
 * handle so its connection and TLS session are reused between polls; all
 * channels are in flight at once and http_wait() sleeps in curl_multi_poll
 * together with one extra descriptor (the terminal). */
#ifndef CWTOP_HTTP_H
#define CWTOP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct http;

struct http_request {
	const char *url;
	const char *method;         /* "POST" or "GET" or "PUT" */
	const char *const *headers; /* "Name: value" lines, NULL-terminated */
	const char *body;           /* may be NULL */
	size_t body_len;
	long connect_timeout_ms; /* 0: the default (5 s) */
	long timeout_ms;         /* 0: the default (20 s) */
	size_t max_body;         /* response cap; 0: the default (8 MiB) */
};

struct http_response {
	long status;         /* 0 when the transfer failed */
	int curl_code;       /* CURLE_OK (0) or the failure */
	char error[256];     /* curl's one-line reason when curl_code != 0 */
	bool body_too_large; /* the cap was hit; body holds the first part */
	char *body;          /* NUL-terminated */
	size_t body_len;
	/* The response headers cwtop reads (NULL when absent), trimmed. */
	char *content_type;
	char *query_error; /* x-amzn-query-error */
	char *retry_after; /* x-amz-retry-after (milliseconds) or Retry-After;
			    * always milliseconds (Retry-After's delta-seconds
			    * are converted; its HTTP-date form is ignored) */
	char *date;        /* Date */
	char *request_id;  /* x-amzn-RequestId */
	double total_time; /* seconds */
	bool timed_out;    /* curl_code is a timeout (connect or total) */
};

typedef void (*http_done_fn)(void *ctx, const struct http_response *res);

/* http_new: nchannels persistent channels. NULL on failure. */
struct http *http_new(size_t nchannels);
void http_free(struct http *h);

/* http_submit: start req on channel (which must be idle). The request's
 * strings are copied. done runs from http_wait() when it finishes.
 * Returns 0, or -1 if the channel is busy or curl refused the request. */
int http_submit(struct http *h, size_t channel, const struct http_request *req, http_done_fn done,
		void *ctx);
bool http_busy(const struct http *h, size_t channel);
/* http_cancel: abandon the channel's transfer; done is not called. */
void http_cancel(struct http *h, size_t channel);

/* http_wait: drive transfers and sleep until a transfer needs attention,
 * extra_fd (if >= 0) is readable, a wakeup, or timeout_ms passes. Finished
 * transfers' callbacks run before it returns. Sets *extra_ready.
 * Returns the number of callbacks that ran (0 after a plain sleep), or -1
 * on a libcurl multi error. It does not sleep when a callback ran. */
int http_wait(struct http *h, int extra_fd, int timeout_ms, bool *extra_ready);
/* http_wait_fds: the same with several descriptors (at most HTTP_MAX_FDS;
 * negative ones are skipped); ready[i] says whether fds[i] is readable. */
#define HTTP_MAX_FDS 8
int http_wait_fds(struct http *h, const int *fds, bool *ready, size_t nfds, int timeout_ms);
/* http_wakeup: make a sleeping http_wait return (async-signal-safe path is
 * the caller's self-pipe; this is for same-thread use). */
void http_wakeup(struct http *h);

/* http_blocking: one synchronous request outside the multi (used for the
 * credential endpoints, which have one-second timeouts). Returns 0 when a
 * response arrived (any status), -1 on a transport failure (a body over
 * max_body counts as one: body_too_large is set and body holds the start).
 * res is always filled and must be freed with http_response_free(). */
int http_blocking(const struct http_request *req, struct http_response *res);

void http_response_free(struct http_response *res);

/* http_parse_date: an HTTP Date header (IMF-fixdate and the obsolete forms)
 * as epoch seconds, or -1 when it cannot be read. */
int64_t http_parse_date(const char *date);

#endif
