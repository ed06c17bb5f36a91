/* cw_sign: what every CloudWatch call (AWS JSON 1.0) shares, GetMetricData
 * (src/poller.c) and DescribeAlarms (src/cw_alarm_poll.c) alike: the
 * endpoint cut for signing, a failed answer classified, and the signed
 * headers: Content-Type, Host, X-Amz-Date,
 * X-Amz-Target, x-amzn-query-mode and the session token, all signed. */
#ifndef CWTOP_CW_SIGN_H
#define CWTOP_CW_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "src/aws_credentials.h"
#include "src/cloudwatch.h"
#include "src/http.h"

#define CW_SIGN_MAX_LINES 8

/* An endpoint URL cut into what SigV4 signs. */
struct cw_endpoint {
	char *host;  /* authority, as sent in Host */
	char *path;  /* "/" when the URL has none */
	char *query; /* without '?', "" when none */
};

/* cw_endpoint_split: scheme://authority/path?query -> e (freshly allocated). */
void cw_endpoint_split(const char *url, struct cw_endpoint *e);
void cw_endpoint_free(struct cw_endpoint *e);

struct cw_signed {
	char amz_date[17];
	char *lines[CW_SIGN_MAX_LINES + 1]; /* "Name: value", NULL-terminated */
	size_t n;
};

/* cw_sign: the header lines for a POST of body to e with X-Amz-Target
 * GraniteServiceVersion20100801.<operation>, signed for region at time
 * now_s (epoch seconds, skew already applied). 0, or -1 (h empty) when
 * the credentials cannot sign. */
int cw_sign(const struct aws_credentials *c, const char *region, const struct cw_endpoint *e,
	    const char *operation, const char *body, int64_t now_s, struct cw_signed *h);
void cw_signed_free(struct cw_signed *h);

/* cw_call_failure: what a failed call's answer says (res is not a 2xx
 * with a whole body): a body over max_body refused, a transport failure
 * (timeout or not), or the service's error (cw_parse_error). */
void cw_call_failure(const struct http_response *res, size_t max_body, struct cw_error *err);

#endif
