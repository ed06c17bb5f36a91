/* cloudwatch: GetMetricData over the AWS JSON 1.0 protocol, as plain C.
 *
 * Builds request bodies and decodes response bodies and errors. json-c is
 * used here and nowhere else in the client, so this file is the trust
 * boundary for everything a CloudWatch endpoint sends back. */
#ifndef CWTOP_CLOUDWATCH_H
#define CWTOP_CLOUDWATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/metric_def.h"

#define CW_TARGET_PREFIX  "GraniteServiceVersion20100801."
#define CW_CONTENT_TYPE   "application/x-amz-json-1.0"
#define CW_SIGNING_NAME   "monitoring"
#define CW_MAX_QUERIES    500    /* per GetMetricData call */
#define CW_MAX_DATAPOINTS 100800 /* per GetMetricData call */
/* The page size the poller asks for (MaxDatapoints) when a call's window
 * holds more: a whole 24 h first fetch then comes in pages of at most
 * this many datapoints (~120 KB of JSON), so no response body or parse
 * tree is large; a steady poll (a few periods) is one call, as before. */
#define CW_PAGE_DATAPOINTS 3000
#define CW_MAX_BODY        (8u * 1024 * 1024) /* a larger response is refused */

/* One query of a GetMetricData call. */
struct cw_query {
	char id[16]; /* "m0".."m499": [a-z][a-zA-Z0-9_]* */
	const struct metric_def *metric;
};

/* cw_build_request: the JSON body of one GetMetricData call.
 * start/end are epoch seconds (the caller aligns them to the period);
 * next_token is NULL (or "") on the first page. Returns a malloc'd string.
 * A metric with an expression becomes an Expression query, any other a
 * MetricStat with metric_def_stat(). No Label is sent (CloudWatch would
 * interpret "${...}" in it). The caller keeps nq <= CW_MAX_QUERIES. */
char *cw_build_request(const struct cw_query *q, size_t nq, int64_t start, int64_t end,
		       const char *next_token);
/* cw_build_request_paged: the same with MaxDatapoints = max_datapoints
 * (1..CW_MAX_DATAPOINTS): the service answers at most that many
 * datapoints and a NextToken for the rest. 0 leaves it out (the
 * service's default, CW_MAX_DATAPOINTS); cw_build_request does that. */
char *cw_build_request_paged(const struct cw_query *q, size_t nq, int64_t start, int64_t end,
			     const char *next_token, long max_datapoints);

enum cw_status {
	CW_COMPLETE,
	CW_PARTIAL, /* PartialData: more pages or more time needed */
	CW_INTERNAL_ERROR,
	CW_FORBIDDEN,
};

struct cw_result {
	char *id;
	char *label;
	enum cw_status status;
	int64_t *timestamps; /* newest first, as sent */
	double *values;
	size_t n;
	char *message; /* first of the result's Messages, sanitized, or NULL */
};

struct cw_response {
	struct cw_result *results;
	size_t nresults;
	char *next_token; /* NULL when this was the last page */
	char *message;    /* first top-level Messages entry, or NULL */
};

/* The kinds of failure the poller and the screen distinguish. */
enum cw_error_kind {
	CW_OK = 0,
	CW_ERR_THROTTLED,     /* Throttling, TooManyRequests, RequestLimitExceeded */
	CW_ERR_EXPIRED,       /* ExpiredToken, ExpiredTokenException, RequestExpired */
	CW_ERR_CLOCK_SKEW,    /* SignatureDoesNotMatch "Signature expired", RequestTimeTooSkewed */
	CW_ERR_ACCESS_DENIED, /* AccessDenied, UnrecognizedClient, InvalidClientTokenId,
				 IncompleteSignature, SignatureDoesNotMatch */
	CW_ERR_INVALID_REQUEST, /* ValidationError, InvalidParameter*, MissingParameter,
				   InvalidNextToken */
	CW_ERR_SERVER,          /* InternalFailure, ServiceUnavailable, 5xx */
	CW_ERR_TRANSPORT,       /* DNS, connect, TLS, timeout, reset (set by the caller) */
	CW_ERR_MALFORMED,       /* a body that is not what the protocol promises */
};

struct cw_error {
	enum cw_error_kind kind;
	char code[64];     /* the short error code, e.g. "Throttling" */
	char message[256]; /* one line, sanitized: safe to draw */
};

/* cw_parse_response: decode a 2xx GetMetricData body. On failure returns -1
 * with err->kind = CW_ERR_MALFORMED, err->code "MalformedResponse" and a
 * message saying what was wrong; *out is then empty (freeing it is safe).
 * Refused: anything but one JSON object (strict JSON, nesting <= 16, no NUL
 * byte, at most CW_MAX_BODY), a result without an Id, Timestamps/Values
 * that are not arrays of the same length, a timestamp that is not a number
 * in 1..2200-01-01 (fractions are cut to the second), a value that is not a
 * finite number (NaN, Infinity, 1e400), more than CW_MAX_QUERIES results or
 * CW_MAX_DATAPOINTS points, a NextToken that is not printable ASCII.
 * Tolerated: unknown members, duplicate keys (the last wins), a missing
 * MetricDataResults (no results), odd Messages entries (skipped), a
 * non-string Label (NULL). A missing StatusCode is Complete; an unknown one
 * is read as CW_PARTIAL (the data is kept, flagged, with a message). A
 * NextToken of "" or null means the last page. Strings are sanitized: Id
 * and Label at most 255 bytes, messages "Code: Value" at most 255. */
int cw_parse_response(const char *body, size_t len, struct cw_response *out, struct cw_error *err);
void cw_response_free(struct cw_response *r);

/* cw_parse_error: classify a non-2xx answer from its status, the
 * x-amzn-query-error header (may be NULL) and the body (JSON with __type
 * and message/Message, or anything else, such as a proxy's HTML page).
 * __type is cut at the first ':' and then after the '#'; the header's code
 * wins over it. An XML body (a query-protocol error) gives <Code> and
 * <Message>. A known code decides the kind (a signature error whose message
 * says "Signature expired" is clock skew); otherwise the status does: 429
 * throttled, 401/403 access denied, 408 and 5xx server, other 4xx invalid
 * request, anything else malformed. Without a message, the message is
 * "CODE (HTTP n)", or, without a code, "HTTP n from endpoint (not a
 * CloudWatch answer: HTML page "TITLE")" and the like: the body itself is
 * never shown beyond a short sanitized snippet. */
void cw_parse_error(long http_status, const char *query_error_header, const char *body, size_t len,
		    struct cw_error *err);

/* cw_error_set: fill err with kind, code and a printf-formatted message;
 * both code and message are sanitized (the text may quote a server). */
void cw_error_set(struct cw_error *err, enum cw_error_kind kind, const char *code, const char *fmt,
		  ...) __attribute__((format(printf, 4, 5)));
/* cw_error_retryable: throttling, 5xx and transport errors are retried. */
bool cw_error_retryable(const struct cw_error *err);
const char *cw_error_kind_name(enum cw_error_kind k); /* "throttled", ... */
/* cw_error_advice: what the user can do about it, one short sentence. */
const char *cw_error_advice(enum cw_error_kind k);

/* Shared with src/cw_alarms.c, the other decoder of CloudWatch bodies. */
struct json_object;
#define CW_MAX_TOKEN 16384 /* NextToken: opaque, but not unbounded */
/* cw_json_parse: the body as one strict JSON value (nesting <= 16, no NUL
 * byte, at most CW_MAX_BODY, nothing after it), or NULL with why in why[].
 * The caller puts the value. */
struct json_object *cw_json_parse(const char *body, size_t len, char *why, size_t whylen);
/* cw_json_member: obj[key]; NULL when obj is not an object, key is absent
 * or its value is JSON null. */
struct json_object *cw_json_member(struct json_object *obj, const char *key);
/* cw_json_timestamp: a JSON number of epoch seconds in 1..2200-01-01 (a
 * fraction cut to the second); false for anything else. */
bool cw_json_timestamp(struct json_object *v, int64_t *out);
/* cw_json_token: a NextToken member (v may be NULL: none) into *out (left
 * NULL for none or ""). It is sent back verbatim, so it is checked, not
 * sanitized: a string of printable ASCII, at most CW_MAX_TOKEN bytes;
 * otherwise -1 with why[]. */
int cw_json_token(struct json_object *v, char **out, char *why, size_t whylen);

#endif
