/* Unit tests: src/http.c against a libmicrohttpd server on 127.0.0.1. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "src/buf.h"
#include "src/clock.h"
#include "src/http.h"

#define SLOW_MS 1200

static struct MHD_Daemon *daemon_;
static unsigned short port_;
static atomic_int connections_;

struct upload {
	struct buf body;
};

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *body)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", "text/plain");
	if (strcmp(body, "throttled") == 0) {
		MHD_add_response_header(r, "X-Amzn-Query-Error", "Throttling;Sender");
		MHD_add_response_header(r, "x-amz-retry-after", "1500");
		MHD_add_response_header(r, "Retry-After", "9");
		MHD_add_response_header(r, "x-amzn-requestid", "req-123");
	} else if (strcmp(body, "busy") == 0) {
		MHD_add_response_header(r, "Retry-After", "3");
	}
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_big(struct MHD_Connection *c, size_t n, bool chunked)
{
	char *data = malloc(n);
	struct MHD_Response *r;
	enum MHD_Result ret;

	memset(data, 'x', n);
	r = MHD_create_response_from_buffer(n, data, MHD_RESPMEM_MUST_FREE);
	if (chunked)
		MHD_add_response_header(r, "Transfer-Encoding", "chunked");
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result answer_echo(struct MHD_Connection *c, const char *method, struct upload *up)
{
	const char *expect = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Expect");
	const char *x = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Test");
	char out[512];

	snprintf(out, sizeof(out), "%s|%s|%s|%s", method, up->body.data ? up->body.data : "",
		 x ? x : "-", expect ? expect : "-");
	return send_text(c, 200, out);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *upload_data,
			       size_t *upload_data_size, void **con_cls)
{
	struct upload *up = *con_cls;

	(void)cls;
	(void)version;
	if (!up) {
		up = calloc(1, sizeof(*up));
		buf_init(&up->body, 1 << 20);
		*con_cls = up;
		return MHD_YES;
	}
	if (*upload_data_size) {
		buf_append(&up->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strcmp(url, "/ok") == 0)
		return send_text(c, 200, "hello");
	if (strcmp(url, "/echo") == 0)
		return answer_echo(c, method, up);
	if (strcmp(url, "/throttle") == 0)
		return send_text(c, 400, "throttled");
	if (strcmp(url, "/busy") == 0)
		return send_text(c, 503, "busy");
	if (strcmp(url, "/big") == 0)
		return send_big(c, 64 * 1024, false);
	if (strcmp(url, "/bigchunked") == 0)
		return send_big(c, 64 * 1024, true);
	if (strcmp(url, "/slow") == 0) {
		usleep(SLOW_MS * 1000);
		return send_text(c, 200, "slow");
	}
	return send_text(c, 404, "nope");
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (up) {
		buf_free(&up->body);
		free(up);
		*con_cls = NULL;
	}
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	(void)c;
	(void)socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		atomic_fetch_add(&connections_, 1);
}

static int server_start(void **state)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	const union MHD_DaemonInfo *info;

	(void)state;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
				   0, NULL, NULL, handler, NULL, MHD_OPTION_SOCK_ADDR, &sa,
				   MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
				   MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
				   MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
	if (!daemon_)
		return -1;
	info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	port_ = info->port;
	return 0;
}

static int server_stop(void **state)
{
	(void)state;
	MHD_stop_daemon(daemon_);
	return 0;
}

static char *url_for(const char *path)
{
	/* A few rotating buffers: a test holds several URLs at once. */
	static char urls[8][128];
	static unsigned next;
	char *url = urls[next++ % 8];

	snprintf(url, 128, "http://127.0.0.1:%u%s", port_, path);
	return url;
}

static void test_blocking_status_headers_body(void **state)
{
	struct http_request req = {.url = url_for("/throttle"), .method = "GET"};
	struct http_response res;

	(void)state;
	assert_int_equal(http_blocking(&req, &res), 0);
	assert_int_equal(res.status, 400);
	assert_int_equal(res.curl_code, 0);
	assert_string_equal(res.body, "throttled");
	assert_int_equal(res.body_len, 9);
	assert_string_equal(res.content_type, "text/plain");
	assert_string_equal(res.query_error, "Throttling;Sender");
	/* x-amz-retry-after (ms) wins over Retry-After. */
	assert_string_equal(res.retry_after, "1500");
	assert_string_equal(res.request_id, "req-123");
	assert_non_null(res.date);
	assert_false(res.body_too_large);
	http_response_free(&res);
}

static void test_blocking_retry_after_seconds_in_ms(void **state)
{
	struct http_request req = {.url = url_for("/busy"), .method = "GET"};
	struct http_response res;

	(void)state;
	assert_int_equal(http_blocking(&req, &res), 0);
	assert_int_equal(res.status, 503);
	assert_string_equal(res.retry_after, "3000");
	assert_null(res.query_error);
	http_response_free(&res);
}

static void test_blocking_post_and_put(void **state)
{
	const char *hdrs[] = {"X-Test: yes", NULL};
	struct http_request req = {.url = url_for("/echo"),
				   .method = "POST",
				   .headers = hdrs,
				   .body = "{\"a\":1}",
				   .body_len = 7};
	struct http_response res;

	(void)state;
	assert_int_equal(http_blocking(&req, &res), 0);
	assert_int_equal(res.status, 200);
	/* No Expect: 100-continue is sent. */
	assert_string_equal(res.body, "POST|{\"a\":1}|yes|-");
	http_response_free(&res);

	req.method = "PUT";
	req.body = NULL;
	req.body_len = 0;
	assert_int_equal(http_blocking(&req, &res), 0);
	assert_string_equal(res.body, "PUT||yes|-");
	http_response_free(&res);
}

static void test_blocking_body_cap(void **state)
{
	const char *paths[] = {"/big", "/bigchunked"};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct http_request req = {.url = url_for(paths[i]), .max_body = 1000};
		struct http_response res;

		assert_int_equal(http_blocking(&req, &res), -1);
		assert_true(res.body_too_large);
		assert_true(res.body_len <= 1000);
		assert_non_null(strstr(res.error, "larger than"));
		http_response_free(&res);
	}
}

static void test_blocking_timeout(void **state)
{
	struct http_request req = {.url = url_for("/slow"), .timeout_ms = 200};
	struct http_response res;
	int64_t t0 = clock_mono_ms();

	(void)state;
	assert_int_equal(http_blocking(&req, &res), -1);
	assert_true(clock_mono_ms() - t0 < SLOW_MS);
	assert_int_equal(res.curl_code, CURLE_OPERATION_TIMEDOUT);
	assert_true(res.timed_out);
	assert_int_equal(res.status, 0);
	assert_true(res.error[0] != '\0');
	http_response_free(&res);
}

static unsigned short free_port(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

static void test_blocking_connection_refused(void **state)
{
	char url[64];
	struct http_request req = {.url = url};
	struct http_response res;

	(void)state;
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/", free_port());
	assert_int_equal(http_blocking(&req, &res), -1);
	assert_int_equal(res.curl_code, CURLE_COULDNT_CONNECT);
	assert_false(res.timed_out);
	assert_int_equal(res.status, 0);
	assert_non_null(strstr(res.error, "Connection refused"));
	http_response_free(&res);
}

/* --- multi ------------------------------------------------------------------ */

struct done_log {
	int calls;
	long status;
	int curl_code;
	char body[64];
	int64_t at;
	struct http *h;
	size_t channel;
	int resubmit; /* submit again from the callback this many times */
};

static void on_done(void *ctx, const struct http_response *res)
{
	struct done_log *d = ctx;

	d->calls++;
	d->status = res->status;
	d->curl_code = res->curl_code;
	snprintf(d->body, sizeof(d->body), "%s", res->body);
	d->at = clock_mono_ms();
	if (d->resubmit > 0) {
		struct http_request req = {.url = url_for("/ok")};

		d->resubmit--;
		assert_false(http_busy(d->h, d->channel));
		assert_int_equal(http_submit(d->h, d->channel, &req, on_done, d), 0);
	}
}

static void wait_until(struct http *h, const int *calls, int want, int limit_ms)
{
	int64_t end = clock_mono_ms() + limit_ms;
	bool extra;

	while (*calls < want && clock_mono_ms() < end)
		assert_true(http_wait(h, -1, 100, &extra) >= 0);
}

static void test_multi_fast_not_delayed_by_slow(void **state)
{
	struct http *h = http_new(2);
	struct done_log slow = {0}, fast = {0};
	struct http_request rs = {.url = url_for("/slow")};
	struct http_request rf = {.url = url_for("/ok")};
	int64_t t0 = clock_mono_ms();

	(void)state;
	assert_non_null(h);
	assert_int_equal(http_submit(h, 0, &rs, on_done, &slow), 0);
	assert_int_equal(http_submit(h, 1, &rf, on_done, &fast), 0);
	assert_int_equal(http_submit(h, 0, &rf, on_done, &fast), -1); /* busy */
	assert_true(http_busy(h, 0));
	wait_until(h, &fast.calls, 1, 5000);
	assert_int_equal(fast.calls, 1);
	assert_int_equal(fast.status, 200);
	assert_string_equal(fast.body, "hello");
	assert_true(fast.at - t0 < SLOW_MS / 2);
	assert_int_equal(slow.calls, 0);
	assert_true(http_busy(h, 0));
	assert_false(http_busy(h, 1));
	wait_until(h, &slow.calls, 1, 5000);
	assert_int_equal(slow.calls, 1);
	assert_string_equal(slow.body, "slow");
	http_free(h);
}

static void test_multi_callback_resubmits_and_reuses_connection(void **state)
{
	struct http *h = http_new(1);
	struct done_log d = {.resubmit = 2};
	struct http_request req = {.url = url_for("/ok")};
	int before = atomic_load(&connections_);

	(void)state;
	d.h = h;
	d.channel = 0;
	assert_int_equal(http_submit(h, 0, &req, on_done, &d), 0);
	wait_until(h, &d.calls, 3, 5000);
	assert_int_equal(d.calls, 3);
	assert_int_equal(d.status, 200);
	/* Three requests, one connection (keep-alive). */
	assert_int_equal(atomic_load(&connections_) - before, 1);
	http_free(h);
}

static void test_multi_timeout_and_refused(void **state)
{
	struct http *h = http_new(2);
	struct done_log a = {0}, b = {0};
	char refused[64];
	struct http_request ra = {.url = url_for("/slow"), .timeout_ms = 200};
	struct http_request rb = {.url = refused};

	(void)state;
	snprintf(refused, sizeof(refused), "http://127.0.0.1:%u/", free_port());
	assert_int_equal(http_submit(h, 0, &ra, on_done, &a), 0);
	assert_int_equal(http_submit(h, 1, &rb, on_done, &b), 0);
	wait_until(h, &a.calls, 1, 5000);
	wait_until(h, &b.calls, 1, 5000);
	assert_int_equal(a.curl_code, CURLE_OPERATION_TIMEDOUT);
	assert_int_equal(a.status, 0);
	assert_int_equal(b.curl_code, CURLE_COULDNT_CONNECT);
	http_free(h);
}

static void test_multi_cancel_skips_callback(void **state)
{
	struct http *h = http_new(1);
	struct done_log d = {0};
	struct http_request rs = {.url = url_for("/slow")};
	struct http_request rf = {.url = url_for("/ok")};
	bool extra;

	(void)state;
	assert_int_equal(http_submit(h, 0, &rs, on_done, &d), 0);
	assert_true(http_wait(h, -1, 50, &extra) >= 0);
	http_cancel(h, 0);
	assert_false(http_busy(h, 0));
	assert_int_equal(http_submit(h, 0, &rf, on_done, &d), 0);
	wait_until(h, &d.calls, 1, 5000);
	assert_int_equal(d.calls, 1);
	assert_string_equal(d.body, "hello");
	http_free(h);
}

static void test_multi_extra_fd_and_wakeup(void **state)
{
	struct http *h = http_new(1);
	int fds[2];
	bool extra = false;
	int64_t t0;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	t0 = clock_mono_ms();
	assert_int_equal(http_wait(h, fds[0], 200, &extra), 0);
	assert_false(extra);
	assert_true(clock_mono_ms() - t0 >= 150);

	assert_int_equal(write(fds[1], "k", 1), 1);
	t0 = clock_mono_ms();
	assert_int_equal(http_wait(h, fds[0], 5000, &extra), 0);
	assert_true(extra);
	assert_true(clock_mono_ms() - t0 < 1000);

	char c;
	assert_int_equal(read(fds[0], &c, 1), 1);
	http_wakeup(h);
	t0 = clock_mono_ms();
	assert_int_equal(http_wait(h, fds[0], 5000, &extra), 0);
	assert_false(extra);
	assert_true(clock_mono_ms() - t0 < 1000);
	close(fds[0]);
	close(fds[1]);
	http_free(h);
}

static void test_multi_bad_arguments(void **state)
{
	struct http *h = http_new(1);
	struct http_request req = {.url = url_for("/ok")};

	(void)state;
	assert_int_equal(http_submit(h, 1, &req, on_done, NULL), -1);
	assert_false(http_busy(h, 7));
	http_cancel(h, 7);
	http_free(h);
	http_free(NULL);
}

static void test_parse_date(void **state)
{
	(void)state;
	assert_int_equal(http_parse_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
	assert_int_equal(http_parse_date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
	assert_int_equal(http_parse_date(""), -1);
	assert_int_equal(http_parse_date(NULL), -1);
	assert_int_equal(http_parse_date("not a date"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocking_status_headers_body),
		cmocka_unit_test(test_blocking_retry_after_seconds_in_ms),
		cmocka_unit_test(test_blocking_post_and_put),
		cmocka_unit_test(test_blocking_body_cap),
		cmocka_unit_test(test_blocking_timeout),
		cmocka_unit_test(test_blocking_connection_refused),
		cmocka_unit_test(test_multi_fast_not_delayed_by_slow),
		cmocka_unit_test(test_multi_callback_resubmits_and_reuses_connection),
		cmocka_unit_test(test_multi_timeout_and_refused),
		cmocka_unit_test(test_multi_cancel_skips_callback),
		cmocka_unit_test(test_multi_extra_fd_and_wakeup),
		cmocka_unit_test(test_multi_bad_arguments),
		cmocka_unit_test(test_parse_date),
	};

	return cmocka_run_group_tests(tests, server_start, server_stop);
}
