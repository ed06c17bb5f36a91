/* cloudwatch: GetMetricData request bodies, response and error decoding.
 *
 * Everything here treats the body as hostile: json-c's tokener runs in
 * strict mode with a small depth limit, every number is checked for being
 * finite and in range, and every string that may be shown goes through
 * sanitize with a length bound. */
#include "config.h"

#include "src/cloudwatch.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "src/sanitize.h"
#include "src/xalloc.h"

/* A GetMetricData answer nests 4 levels deep; an error body 1. */
#define CW_MAX_DEPTH 16
/* Timestamps: whole epoch seconds after 1970 and before 2200. */
#define CW_TS_MAX    INT64_C(7258118400)
#define CW_MAX_ID    255 /* AWS's own limit for a query Id */
#define CW_MAX_LABEL 255
#define CW_MAX_TEXT  255 /* messages */
#define CW_MAX_RAW   512 /* raw bytes looked at before sanitizing a piece */

/* ---- Building requests ------------------------------------------------ */

/* json-c returns NULL on allocation failure; treat it like xmalloc does. */
static struct json_object *jnew(struct json_object *o)
{
	if (!o)
		fatal("out of memory (json)");
	return o;
}

static void jadd(struct json_object *obj, const char *key, struct json_object *val)
{
	if (json_object_object_add(obj, key, jnew(val)) != 0)
		fatal("out of memory (json)");
}

static void jpush(struct json_object *arr, struct json_object *val)
{
	if (json_object_array_add(arr, jnew(val)) != 0)
		fatal("out of memory (json)");
}

static struct json_object *jstr(const char *s)
{
	return jnew(json_object_new_string(s ? s : ""));
}

static struct json_object *build_metric(const struct metric_def *m)
{
	struct json_object *metric = jnew(json_object_new_object());
	size_t i, ndims = m->ndims < METRIC_MAX_DIMS ? m->ndims : METRIC_MAX_DIMS;

	jadd(metric, "Namespace", jstr(m->namespace_));
	jadd(metric, "MetricName", jstr(m->metric_name));
	if (ndims) {
		struct json_object *dims = jnew(json_object_new_array());

		for (i = 0; i < ndims; i++) {
			struct json_object *d = jnew(json_object_new_object());

			jadd(d, "Name", jstr(m->dims[i].name));
			jadd(d, "Value", jstr(m->dims[i].value));
			jpush(dims, d);
		}
		jadd(metric, "Dimensions", dims);
	}
	return metric;
}

/* build_query: a MetricStat query, or an Expression query (metric math or
 * SEARCH) when the definition has one. Label is left out on purpose: the
 * pane shows the definition's label, and a Label would be interpreted by
 * CloudWatch (dynamic labels such as ${MAX}). */
static struct json_object *build_query(const struct cw_query *q)
{
	const struct metric_def *m = q->metric;
	struct json_object *query = jnew(json_object_new_object());

	jadd(query, "Id", jstr(q->id));
	if (m->expression) {
		jadd(query, "Expression", jstr(m->expression));
		jadd(query, "Period", json_object_new_int(m->period));
	} else {
		struct json_object *stat = jnew(json_object_new_object());

		jadd(stat, "Metric", build_metric(m));
		jadd(stat, "Period", json_object_new_int(m->period));
		jadd(stat, "Stat", jstr(metric_def_stat(m)));
		jadd(query, "MetricStat", stat);
	}
	jadd(query, "ReturnData", json_object_new_boolean(1));
	return query;
}

char *cw_build_request(const struct cw_query *q, size_t nq, int64_t start, int64_t end,
		       const char *next_token)
{
	return cw_build_request_paged(q, nq, start, end, next_token, 0);
}

char *cw_build_request_paged(const struct cw_query *q, size_t nq, int64_t start, int64_t end,
			     const char *next_token, long max_datapoints)
{
	struct json_object *req = jnew(json_object_new_object());
	struct json_object *queries = jnew(json_object_new_array());
	const char *text;
	char *out;
	size_t i;

	for (i = 0; i < nq; i++)
		jpush(queries, build_query(&q[i]));
	jadd(req, "MetricDataQueries", queries);
	jadd(req, "StartTime", json_object_new_int64(start));
	jadd(req, "EndTime", json_object_new_int64(end));
	/* Newest first: if a page limit cuts the answer, the newest data,
	 * the part a live view needs, arrives first. */
	jadd(req, "ScanBy", jstr("TimestampDescending"));
	if (next_token && *next_token)
		jadd(req, "NextToken", jstr(next_token));
	/* Out of range is left out rather than sent: the service would
	 * refuse the call (ValidationError). */
	if (max_datapoints > 0 && max_datapoints <= CW_MAX_DATAPOINTS)
		jadd(req, "MaxDatapoints", json_object_new_int64(max_datapoints));
	text = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN |
							   JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		fatal("out of memory (json)");
	out = xstrdup(text);
	json_object_put(req);
	return out;
}

/* ---- Parsing helpers --------------------------------------------------- */

void cw_error_set(struct cw_error *err, enum cw_error_kind kind, const char *code, const char *fmt,
		  ...)
{
	char raw[sizeof(err->message)];
	va_list ap;

	err->kind = kind;
	sanitize_copy(err->code, sizeof(err->code), code, strlen(code));
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* The text may quote the server, and vsnprintf may cut a UTF-8
	 * sequence: sanitize the whole line once more. */
	sanitize_copy(err->message, sizeof(err->message), raw, strlen(raw));
}

struct json_object *cw_json_parse(const char *body, size_t len, char *why, size_t whylen)
{
	struct json_tokener *tok;
	struct json_object *obj;
	enum json_tokener_error jerr;

	if (!body || len == 0) {
		snprintf(why, whylen, "empty body");
		return NULL;
	}
	if (len > CW_MAX_BODY) {
		snprintf(why, whylen, "body larger than %u bytes", CW_MAX_BODY);
		return NULL;
	}
	if (memchr(body, '\0', len)) {
		snprintf(why, whylen, "NUL byte in body");
		return NULL;
	}
	tok = json_tokener_new_ex(CW_MAX_DEPTH);
	if (!tok)
		fatal("out of memory (json)");
	/* Strict: no trailing garbage, no NaN-like barewords, no "1.0e". */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	obj = json_tokener_parse_ex(tok, body, (int)len);
	jerr = json_tokener_get_error(tok);
	if (!obj || jerr != json_tokener_success) {
		if (jerr == json_tokener_continue || jerr == json_tokener_success)
			snprintf(why, whylen, "truncated JSON");
		else if (jerr == json_tokener_error_depth)
			snprintf(why, whylen, "JSON nested deeper than %d levels", CW_MAX_DEPTH);
		else
			snprintf(why, whylen, "invalid JSON (%s at byte %zu)",
				 json_tokener_error_desc(jerr), json_tokener_get_parse_end(tok));
		json_object_put(obj);
		obj = NULL;
	} else if (json_tokener_get_parse_end(tok) < len) {
		snprintf(why, whylen, "data after the JSON value");
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

/* get: obj[key] when obj is an object and the member is not null. */
struct json_object *cw_json_member(struct json_object *obj, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_is_type(obj, json_type_object) || !json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;
}

static bool is_string(struct json_object *v)
{
	return json_object_is_type(v, json_type_string);
}

static bool is_number(struct json_object *v)
{
	return json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
}

/* safe_dup: a sanitized, bounded copy of a JSON string. */
static char *safe_dup(struct json_object *s, size_t max)
{
	return sanitize_dup(json_object_get_string(s), (size_t)json_object_get_string_len(s), max);
}

/* message_of: "Code: Value" of the first usable entry of a Messages
 * array (AWS's MessageData), or NULL. Odd entries are skipped: Messages
 * are informational and must not cost the data. */
static char *message_of(struct json_object *messages)
{
	size_t i, n;

	if (!json_object_is_type(messages, json_type_array))
		return NULL;
	n = json_object_array_length(messages);
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(messages, i);
		struct json_object *code = cw_json_member(e, "Code"),
				   *value = cw_json_member(e, "Value");
		char c[CW_MAX_TEXT + 1] = "", v[CW_MAX_TEXT + 1] = "";

		if (is_string(code))
			sanitize_copy(c, sizeof(c), json_object_get_string(code),
				      (size_t)json_object_get_string_len(code));
		if (is_string(value))
			sanitize_copy(v, sizeof(v), json_object_get_string(value),
				      (size_t)json_object_get_string_len(value));
		if (*c || *v) {
			char *joined = xasprintf("%s%s%s", c, *c && *v ? ": " : "", v);
			char *out = sanitize_dup(joined, strlen(joined), CW_MAX_TEXT);

			free(joined);
			return out;
		}
	}
	return NULL;
}

/* ---- GetMetricData responses -------------------------------------------- */

struct parse_ctx {
	struct cw_error *err;
	size_t budget; /* datapoints still allowed in this response */
};

static int malformed(struct parse_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int malformed(struct parse_ctx *c, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	cw_error_set(c->err, CW_ERR_MALFORMED, "MalformedResponse", "malformed response: %s", what);
	return -1;
}

bool cw_json_timestamp(struct json_object *v, int64_t *out)
{
	if (json_object_is_type(v, json_type_int)) {
		/* Past INT64_MAX json-c saturates, which the range check refuses. */
		int64_t t = json_object_get_int64(v);

		if (t < 1 || t > CW_TS_MAX)
			return false;
		*out = t;
		return true;
	}
	if (json_object_is_type(v, json_type_double)) {
		/* 1765977780.0 or 1.76597778E9; a fraction is cut to the second. */
		double d = json_object_get_double(v);

		if (!isfinite(d) || d < 1 || d > (double)CW_TS_MAX)
			return false;
		*out = (int64_t)floor(d);
		return true;
	}
	return false;
}

static bool parse_value(struct json_object *v, double *out)
{
	double d;

	if (!is_number(v))
		return false;
	/* json-c accepts NaN and Infinity literals and turns 1e400 into inf. */
	d = json_object_get_double(v);
	if (!isfinite(d))
		return false;
	*out = d;
	return true;
}

static size_t array_len(struct json_object *a)
{
	return a ? json_object_array_length(a) : 0;
}

static int parse_points(struct parse_ctx *c, size_t idx, struct json_object *obj,
			struct cw_result *r)
{
	struct json_object *ts = cw_json_member(obj, "Timestamps"),
			   *vals = cw_json_member(obj, "Values");
	size_t i, n;

	if ((ts && !json_object_is_type(ts, json_type_array)) ||
	    (vals && !json_object_is_type(vals, json_type_array)))
		return malformed(c, "MetricDataResults[%zu]: Timestamps/Values not arrays", idx);
	n = array_len(ts);
	if (n != array_len(vals))
		return malformed(c, "MetricDataResults[%zu]: %zu Timestamps but %zu Values", idx, n,
				 array_len(vals));
	if (n > c->budget)
		return malformed(c, "more than %d datapoints", CW_MAX_DATAPOINTS);
	c->budget -= n;
	r->timestamps = xcalloc(n, sizeof(*r->timestamps));
	r->values = xcalloc(n, sizeof(*r->values));
	for (i = 0; i < n; i++) {
		if (!cw_json_timestamp(json_object_array_get_idx(ts, i), &r->timestamps[i]))
			return malformed(c, "MetricDataResults[%zu].Timestamps[%zu] is not a time",
					 idx, i);
		if (!parse_value(json_object_array_get_idx(vals, i), &r->values[i]))
			return malformed(
				c, "MetricDataResults[%zu].Values[%zu] is not a finite number", idx,
				i);
	}
	r->n = n;
	return 0;
}

/* parse_status: a StatusCode this code does not know (a future one, or a
 * non-string) is read as PartialData: the data is kept but flagged as not
 * final, which is the safe reading. A missing StatusCode means Complete. */
static enum cw_status parse_status(struct json_object *v, bool *unknown)
{
	const char *s;

	*unknown = false;
	if (!v)
		return CW_COMPLETE;
	s = is_string(v) ? json_object_get_string(v) : "";
	if (strcmp(s, "Complete") == 0)
		return CW_COMPLETE;
	if (strcmp(s, "PartialData") == 0)
		return CW_PARTIAL;
	if (strcmp(s, "InternalError") == 0)
		return CW_INTERNAL_ERROR;
	if (strcmp(s, "Forbidden") == 0)
		return CW_FORBIDDEN;
	*unknown = true;
	return CW_PARTIAL;
}

static int parse_result(struct parse_ctx *c, size_t idx, struct json_object *obj,
			struct cw_result *r)
{
	struct json_object *id = cw_json_member(obj, "Id"), *label = cw_json_member(obj, "Label");
	bool unknown;

	if (!json_object_is_type(obj, json_type_object))
		return malformed(c, "MetricDataResults[%zu] is not an object", idx);
	if (!is_string(id) || json_object_get_string_len(id) == 0)
		return malformed(c, "MetricDataResults[%zu] has no Id", idx);
	r->id = safe_dup(id, CW_MAX_ID);
	if (!r->id[0]) /* "\u0000...": empty once sanitized */
		return malformed(c, "MetricDataResults[%zu] has no Id", idx);
	if (is_string(label))
		r->label = safe_dup(label, CW_MAX_LABEL);
	r->status = parse_status(cw_json_member(obj, "StatusCode"), &unknown);
	r->message = message_of(cw_json_member(obj, "Messages"));
	if (unknown && !r->message)
		r->message = xstrdup("unknown StatusCode (data kept as partial)");
	return parse_points(c, idx, obj, r);
}

int cw_json_token(struct json_object *v, char **out, char *why, size_t whylen)
{
	const char *s;
	size_t i, len;

	if (!v)
		return 0;
	if (!is_string(v)) {
		snprintf(why, whylen, "NextToken is not a string");
		return -1;
	}
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (len > CW_MAX_TOKEN) {
		snprintf(why, whylen, "NextToken longer than %d bytes", CW_MAX_TOKEN);
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (s[i] < 0x21 || s[i] > 0x7E) {
			snprintf(why, whylen, "NextToken has a byte 0x%02x", (unsigned char)s[i]);
			return -1;
		}
	}
	if (len)
		*out = xstrndup(s, len);
	return 0;
}

static int parse_token(struct parse_ctx *c, struct json_object *v, char **out)
{
	char why[64];

	return cw_json_token(v, out, why, sizeof(why)) == 0 ? 0 : malformed(c, "%s", why);
}

static int parse_body(struct parse_ctx *c, struct json_object *root, struct cw_response *out)
{
	struct json_object *results = cw_json_member(root, "MetricDataResults");
	size_t i, n;

	if (!json_object_is_type(root, json_type_object))
		return malformed(c, "not a JSON object");
	/* Missing means none: AWS JSON protocols may leave out empty lists. */
	if (results && !json_object_is_type(results, json_type_array))
		return malformed(c, "MetricDataResults is not an array");
	n = array_len(results);
	if (n > CW_MAX_QUERIES)
		return malformed(c, "more than %d results", CW_MAX_QUERIES);
	if (parse_token(c, cw_json_member(root, "NextToken"), &out->next_token) != 0)
		return -1;
	out->message = message_of(cw_json_member(root, "Messages"));
	out->results = xcalloc(n, sizeof(*out->results));
	out->nresults = n;
	for (i = 0; i < n; i++)
		if (parse_result(c, i, json_object_array_get_idx(results, i), &out->results[i]) !=
		    0)
			return -1;
	return 0;
}

int cw_parse_response(const char *body, size_t len, struct cw_response *out, struct cw_error *err)
{
	struct parse_ctx c = {.err = err, .budget = CW_MAX_DATAPOINTS};
	struct json_object *root;
	char why[160];
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	root = cw_json_parse(body, len, why, sizeof(why));
	if (!root)
		return malformed(&c, "%s", why);
	rc = parse_body(&c, root, out);
	json_object_put(root);
	if (rc != 0)
		cw_response_free(out);
	return rc;
}

void cw_response_free(struct cw_response *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; r->results && i < r->nresults; i++) {
		free(r->results[i].id);
		free(r->results[i].label);
		free(r->results[i].timestamps);
		free(r->results[i].values);
		free(r->results[i].message);
	}
	free(r->results);
	free(r->next_token);
	free(r->message);
	memset(r, 0, sizeof(*r));
}

/* ---- Errors ------------------------------------------------------------- */

static const struct {
	const char *code;
	enum cw_error_kind kind;
} error_codes[] = {
	/* Rate limits: back off and retry. */
	{"Throttling", CW_ERR_THROTTLED},
	{"ThrottlingException", CW_ERR_THROTTLED},
	{"ThrottledException", CW_ERR_THROTTLED},
	{"RequestThrottled", CW_ERR_THROTTLED},
	{"RequestThrottledException", CW_ERR_THROTTLED},
	{"TooManyRequestsException", CW_ERR_THROTTLED},
	{"RequestLimitExceeded", CW_ERR_THROTTLED},
	{"ProvisionedThroughputExceededException", CW_ERR_THROTTLED},
	{"BandwidthLimitExceeded", CW_ERR_THROTTLED},
	{"SlowDown", CW_ERR_THROTTLED},
	/* Credentials that were good but are no longer. */
	{"ExpiredToken", CW_ERR_EXPIRED},
	{"ExpiredTokenException", CW_ERR_EXPIRED},
	{"RequestExpired", CW_ERR_EXPIRED},
	{"TokenRefreshRequired", CW_ERR_EXPIRED},
	/* The clock, whatever the message says. */
	{"RequestTimeTooSkewed", CW_ERR_CLOCK_SKEW},
	{"RequestInTheFuture", CW_ERR_CLOCK_SKEW},
	/* Who we are or what we may do. */
	{"AccessDenied", CW_ERR_ACCESS_DENIED},
	{"AccessDeniedException", CW_ERR_ACCESS_DENIED},
	{"UnrecognizedClientException", CW_ERR_ACCESS_DENIED},
	{"InvalidClientTokenId", CW_ERR_ACCESS_DENIED},
	{"SignatureDoesNotMatch", CW_ERR_ACCESS_DENIED},
	{"InvalidSignatureException", CW_ERR_ACCESS_DENIED},
	{"IncompleteSignature", CW_ERR_ACCESS_DENIED},
	{"IncompleteSignatureException", CW_ERR_ACCESS_DENIED},
	{"MissingAuthenticationToken", CW_ERR_ACCESS_DENIED},
	{"MissingAuthenticationTokenException", CW_ERR_ACCESS_DENIED},
	{"NotAuthorized", CW_ERR_ACCESS_DENIED},
	{"OptInRequired", CW_ERR_ACCESS_DENIED},
	/* The request itself is wrong: a retry gives the same answer.
	 * LimitExceeded is CloudWatch's quota error (too many alarms or
	 * dashboards), not a rate limit, so it belongs here. */
	{"ValidationError", CW_ERR_INVALID_REQUEST},
	{"ValidationException", CW_ERR_INVALID_REQUEST},
	{"InvalidParameterValue", CW_ERR_INVALID_REQUEST},
	{"InvalidParameterValueException", CW_ERR_INVALID_REQUEST},
	{"InvalidParameterCombination", CW_ERR_INVALID_REQUEST},
	{"InvalidParameterCombinationException", CW_ERR_INVALID_REQUEST},
	{"MissingParameter", CW_ERR_INVALID_REQUEST},
	{"MissingRequiredParameterException", CW_ERR_INVALID_REQUEST},
	{"InvalidNextToken", CW_ERR_INVALID_REQUEST},
	{"InvalidAction", CW_ERR_INVALID_REQUEST},
	{"InvalidQueryParameter", CW_ERR_INVALID_REQUEST},
	{"MalformedQueryString", CW_ERR_INVALID_REQUEST},
	{"SerializationException", CW_ERR_INVALID_REQUEST},
	{"UnknownOperationException", CW_ERR_INVALID_REQUEST},
	{"ResourceNotFound", CW_ERR_INVALID_REQUEST},
	{"ResourceNotFoundException", CW_ERR_INVALID_REQUEST},
	{"LimitExceeded", CW_ERR_INVALID_REQUEST},
	{"LimitExceededException", CW_ERR_INVALID_REQUEST},
	/* The service's own trouble. */
	{"InternalFailure", CW_ERR_SERVER},
	{"InternalServiceError", CW_ERR_SERVER},
	{"InternalServiceFault", CW_ERR_SERVER},
	{"InternalServerError", CW_ERR_SERVER},
	{"InternalError", CW_ERR_SERVER},
	{"ServiceUnavailable", CW_ERR_SERVER},
	{"ServiceUnavailableException", CW_ERR_SERVER},
};

/* A signature error whose message says the time is off is clock skew:
 * the fix is the clock, not the keys. */
static bool says_clock(const char *code, const char *message)
{
	if (*code && strcmp(code, "SignatureDoesNotMatch") != 0 &&
	    strcmp(code, "InvalidSignatureException") != 0)
		return false;
	return strstr(message, "Signature expired") || strstr(message, "Signature not yet current");
}

static enum cw_error_kind kind_of_status(long status)
{
	if (status == 429)
		return CW_ERR_THROTTLED;
	if (status == 401 || status == 403)
		return CW_ERR_ACCESS_DENIED;
	if (status == 408 || (status >= 500 && status <= 599))
		return CW_ERR_SERVER; /* worth a retry */
	if (status >= 400 && status <= 499)
		return CW_ERR_INVALID_REQUEST;
	return CW_ERR_MALFORMED; /* 1xx/3xx/odd: not an AWS error answer */
}

static enum cw_error_kind classify(const char *code, const char *message, long status)
{
	size_t i;

	if (says_clock(code, message))
		return CW_ERR_CLOCK_SKEW;
	for (i = 0; *code && i < sizeof(error_codes) / sizeof(error_codes[0]); i++)
		if (strcmp(code, error_codes[i].code) == 0)
			return error_codes[i].kind;
	return kind_of_status(status);
}

/* copy_code: the first n bytes of s as a code, trimmed and sanitized. */
static void copy_code(char *out, size_t outlen, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	sanitize_copy(out, outlen, s, n);
}

/* code_from_type: "ns#Code:http://..." -> "Code" (cut at the first ':',
 * then keep what follows the '#', as the Smithy protocol tests do). */
static void code_from_type(char *out, size_t outlen, const char *type, size_t len)
{
	const char *colon = memchr(type, ':', len);
	const char *hash;

	if (colon)
		len = (size_t)(colon - type);
	hash = memchr(type, '#', len);
	if (hash) {
		len -= (size_t)(hash + 1 - type);
		type = hash + 1;
	}
	copy_code(out, outlen, type, len);
}

/* code_from_header: x-amzn-query-error is "Code;Sender". */
static void code_from_header(char *out, size_t outlen, const char *hdr)
{
	size_t n = strcspn(hdr, ";");

	copy_code(out, outlen, hdr, n < CW_MAX_RAW ? n : CW_MAX_RAW);
}

static void trim_end(char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

static void json_error_fields(struct json_object *root, char *code, size_t codelen, char *msg,
			      size_t msglen)
{
	struct json_object *type = cw_json_member(root, "__type"),
			   *m = cw_json_member(root, "message");

	if (!is_string(type))
		type = cw_json_member(root, "code");
	if (!is_string(type))
		type = cw_json_member(root, "Code");
	if (is_string(type))
		code_from_type(code, codelen, json_object_get_string(type),
			       (size_t)json_object_get_string_len(type));
	if (!is_string(m))
		m = cw_json_member(root, "Message");
	if (is_string(m))
		sanitize_copy(msg, msglen, json_object_get_string(m),
			      (size_t)json_object_get_string_len(m));
	trim_end(msg);
}

/* find_ci: case-insensitive search for needle in the first n bytes. */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* element_text: the text between <tag> and </tag> (first ones), sanitized. */
static bool element_text(const char *body, size_t len, const char *open, const char *close,
			 char *out, size_t outlen)
{
	const char *a = find_ci(body, len, open), *b;

	if (!a)
		return false;
	a += strlen(open);
	b = find_ci(a, len - (size_t)(a - body), close);
	if (!b)
		return false;
	copy_code(out, outlen, a, (size_t)(b - a) < CW_MAX_RAW ? (size_t)(b - a) : CW_MAX_RAW);
	return *out != '\0';
}

/* describe_body: what a body that is not a JSON error looks like, for
 * "HTTP 502 from endpoint (not a CloudWatch answer: ...)". An XML error
 * (a query-protocol endpoint) gives its Code and Message instead. Only the
 * first CW_MAX_RAW bytes are ever looked at for a snippet. */
static void describe_body(const char *body, size_t len, char *code, size_t codelen, char *msg,
			  size_t msglen, char *what, size_t whatlen)
{
	size_t skip = 0, n;
	char piece[80];

	while (skip < len && isspace((unsigned char)body[skip]))
		skip++;
	body += skip;
	len -= skip;
	if (len == 0) {
		snprintf(what, whatlen, "empty body");
	} else if (body[0] == '<' &&
		   (find_ci(body, len, "<html") || find_ci(body, len, "<!doctype"))) {
		if (element_text(body, len, "<title>", "</title>", piece, sizeof(piece)))
			snprintf(what, whatlen, "HTML page \"%s\"", piece);
		else
			snprintf(what, whatlen, "HTML page");
	} else if (body[0] == '<') {
		element_text(body, len, "<Code>", "</Code>", code, codelen);
		element_text(body, len, "<Message>", "</Message>", msg, msglen);
		snprintf(what, whatlen, "XML body");
	} else {
		n = len < CW_MAX_RAW ? len : CW_MAX_RAW;
		sanitize_copy(piece, 61, body, n);
		snprintf(what, whatlen, "text body \"%s%s\"", piece,
			 strlen(piece) < n ? "..." : "");
	}
}

void cw_parse_error(long http_status, const char *query_error_header, const char *body, size_t len,
		    struct cw_error *err)
{
	char code[sizeof(err->code)] = "", msg[sizeof(err->message)] = "", hcode[sizeof(code)] = "";
	char what[160] = "", why[160];
	struct json_object *root = cw_json_parse(body, len, why, sizeof(why));

	memset(err, 0, sizeof(*err));
	if (root && json_object_is_type(root, json_type_object))
		json_error_fields(root, code, sizeof(code), msg, sizeof(msg));
	else if (body && len <= CW_MAX_BODY)
		describe_body(body, len, code, sizeof(code), msg, sizeof(msg), what, sizeof(what));
	else
		snprintf(what, sizeof(what), "%s", body ? "oversized body" : "empty body");
	json_object_put(root);
	if (query_error_header)
		code_from_header(hcode, sizeof(hcode), query_error_header);
	if (*hcode)
		memcpy(code, hcode, sizeof(code)); /* the query-compatible code wins */

	err->kind = classify(code, msg, http_status);
	if (*msg)
		cw_error_set(err, err->kind, code, "%s", msg);
	else if (*code)
		cw_error_set(err, err->kind, code, "%s (HTTP %ld)", code, http_status);
	else if (*what)
		cw_error_set(err, err->kind, code,
			     "HTTP %ld from endpoint (not a CloudWatch answer: %s)", http_status,
			     what);
	else
		cw_error_set(err, err->kind, code, "HTTP %ld from endpoint (no error code)",
			     http_status);
}

bool cw_error_retryable(const struct cw_error *err)
{
	return err->kind == CW_ERR_THROTTLED || err->kind == CW_ERR_SERVER ||
	       err->kind == CW_ERR_TRANSPORT;
}

const char *cw_error_kind_name(enum cw_error_kind k)
{
	switch (k) {
	case CW_OK:
		return "ok";
	case CW_ERR_THROTTLED:
		return "throttled";
	case CW_ERR_EXPIRED:
		return "credentials expired";
	case CW_ERR_CLOCK_SKEW:
		return "clock skew";
	case CW_ERR_ACCESS_DENIED:
		return "access denied";
	case CW_ERR_INVALID_REQUEST:
		return "invalid request";
	case CW_ERR_SERVER:
		return "server error";
	case CW_ERR_TRANSPORT:
		return "network error";
	case CW_ERR_MALFORMED:
		return "malformed response";
	}
	return "unknown error";
}

const char *cw_error_advice(enum cw_error_kind k)
{
	switch (k) {
	case CW_OK:
		return "";
	case CW_ERR_THROTTLED:
		return "CloudWatch is rate-limiting: watch fewer metrics or regions, or poll less "
		       "often.";
	case CW_ERR_EXPIRED:
		return "Refresh the profile's credentials (for SSO: aws sso login).";
	case CW_ERR_CLOCK_SKEW:
		return "The system clock is off: synchronise it (enable NTP).";
	case CW_ERR_ACCESS_DENIED:
		return "Check the profile's keys and that its IAM policy allows "
		       "cloudwatch:GetMetricData.";
	case CW_ERR_INVALID_REQUEST:
		return "Check the metric definitions (namespace, dimensions, statistic, period).";
	case CW_ERR_SERVER:
		return "CloudWatch had a problem; cwtop keeps retrying.";
	case CW_ERR_TRANSPORT:
		return "Check the network, any proxy, and the endpoint URL.";
	case CW_ERR_MALFORMED:
		return "The endpoint did not answer like CloudWatch: check the endpoint URL and "
		       "any proxy.";
	}
	return "";
}
