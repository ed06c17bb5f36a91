/* cw_sign: the signed headers of one CloudWatch call. */
#include "config.h"

#include "src/cw_sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/aws_sigv4.h"
#include "src/cloudwatch.h"
#include "src/sanitize.h"
#include "src/xalloc.h"

void cw_endpoint_split(const char *url, struct cw_endpoint *e)
{
	const char *a = strstr(url, "://");
	const char *end;

	a = a ? a + 3 : url;
	end = a + strcspn(a, "/?#");
	e->host = xstrndup(a, (size_t)(end - a));
	if (*end == '/') {
		size_t n = strcspn(end, "?#");

		e->path = xstrndup(end, n);
		end += n;
	} else {
		e->path = xstrdup("/");
	}
	e->query = *end == '?' ? xstrndup(end + 1, strcspn(end + 1, "#")) : xstrdup("");
}

void cw_endpoint_free(struct cw_endpoint *e)
{
	free(e->host);
	free(e->path);
	free(e->query);
	memset(e, 0, sizeof(*e));
}

static void add_line(struct cw_signed *h, const char *name, const char *value)
{
	h->lines[h->n++] = xasprintf("%s: %s", name, value);
	h->lines[h->n] = NULL;
}

void cw_signed_free(struct cw_signed *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->lines[i]);
	h->n = 0;
	h->lines[0] = NULL;
}

int cw_sign(const struct aws_credentials *c, const char *region, const struct cw_endpoint *e,
	    const char *operation, const char *body, int64_t now_s, struct cw_signed *h)
{
	const char *token = c->session_token && *c->session_token ? c->session_token : NULL;
	char *target = xasprintf("%s%s", CW_TARGET_PREFIX, operation);
	struct sigv4_header sh[6] = {
		{"content-type", CW_CONTENT_TYPE}, {"host", e->host},
		{"x-amz-date", h->amz_date},       {"x-amz-target", target},
		{"x-amzn-query-mode", "true"},     {"x-amz-security-token", token},
	};
	struct sigv4_request req = {
		.method = "POST",
		.path = e->path,
		.query = e->query,
		.headers = sh,
		.nheaders = token ? 6 : 5,
		.body = body,
		.body_len = strlen(body),
	};
	struct sigv4_credentials sc = {c->access_key_id, c->secret_access_key, token};
	struct sigv4_result out;

	memset(&out, 0, sizeof(out));
	h->n = 0;
	h->lines[0] = NULL;
	sigv4_amz_date((time_t)now_s, h->amz_date);
	if (!c->access_key_id || !c->secret_access_key ||
	    sigv4_sign(&req, &sc, region, CW_SIGNING_NAME, h->amz_date, &out) != 0) {
		sigv4_result_free(&out);
		free(target);
		return -1;
	}
	for (size_t i = 0; i < req.nheaders; i++)
		add_line(h, i == 1 ? "Host" : sh[i].name, sh[i].value);
	add_line(h, "Authorization", out.authorization);
	sigv4_result_free(&out);
	free(target);
	return 0;
}

void cw_call_failure(const struct http_response *res, size_t max_body, struct cw_error *err)
{
	memset(err, 0, sizeof(*err));
	if (res->body_too_large) {
		cw_error_set(err, CW_ERR_MALFORMED, "BodyTooLarge",
			     "response larger than %zu bytes refused", max_body);
	} else if (res->curl_code != 0) {
		cw_error_set(err, CW_ERR_TRANSPORT, res->timed_out ? "Timeout" : "Transport", "%s",
			     res->error);
	} else {
		cw_parse_error(res->status, res->query_error, res->body, res->body_len, err);
	}
}
