/* sim_server: a local CloudWatch-compatible endpoint (AWS JSON 1.0).
 *
 * The request path, in order: control requests (/_sim/...) are answered
 * unsigned; then the Authorization header is parsed far enough to know the
 * region; network-level faults (down, slow, unavailable) and the story's
 * outage act before any check, as a broken front door would; then the
 * signature is verified; then the service-level faults (throttle, expired
 * token, access denied, internal); then the operation; and last the faults
 * that damage a good answer on its way out (malformed bodies, oversized,
 * reset).
 *
 * Error shapes. Validation errors use the recorded Coral shape
 * (__type com.amazon.coral.validate#ValidationException, query code
 * ValidationError); CloudWatch's modeled errors use its own namespace
 * (com.amazonaws.cloudwatch.v2010_08_01#InvalidParameterValueException...);
 * errors of the AWS front end (signature, credentials, throttling) use the
 * com.amazon.coral.service / .availability names that AWS JSON services send.
 * x-amzn-query-error carries the query-protocol code (InvalidClientTokenId,
 * SignatureDoesNotMatch, Throttling, ...) when the request had
 * x-amzn-query-mode: true, as botocore sends it. */
#include "config.h"

#include "src/sim_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <json-c/json.h>
#include <microhttpd.h>

#include "src/aws_sigv4.h"
#include "src/buf.h"
#include "src/clock.h"
#include "src/cloudwatch.h"
#include "src/sim_alarms.h"
#include "src/sim_auth.h"
#include "src/sim_control.h"
#include "src/sim_faults.h"
#include "src/sim_json.h"
#include "src/sim_reply.h"
#include "src/sim_request.h"
#include "src/sim_series.h"
#include "src/sim_stats.h"
#include "src/sim_token.h"
#include "src/sim_story.h"
#include "src/xalloc.h"

#define SIM_MAX_PAGE      CW_MAX_DATAPOINTS
#define SIM_MAX_EXPR_LEN  2048
#define SIM_MAX_EXPR_NEST 16
#define SIM_MAX_EXPR_WORK 20000000 /* datapoints copied by metric math per request */

/* --- Small helpers ------------------------------------------------------------- */

struct sim_server {
	struct MHD_Daemon *daemon;
	unsigned port;
	bool quiet;
	bool no_outage;
	uint64_t secret; /* makes NextTokens of another run invalid */
	atomic_bool stopping;
	atomic_uint_fast64_t seq;

	pthread_mutex_t lock; /* guards everything below */
	struct sim_faults faults;
	struct sim_stats stats;
};

int sim_server_add_fault(struct sim_server *s, const struct sim_fault_spec *spec)
{
	int rc;

	pthread_mutex_lock(&s->lock);
	rc = sim_faults_add(&s->faults, spec);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int sim_server_set_fault(struct sim_server *s, const char *region, enum sim_fault kind, long arg)
{
	struct sim_fault_spec spec = {.kind = kind, .arg = arg};

	if (region) {
		if (strlen(region) >= sizeof(spec.region))
			return -1;
		snprintf(spec.region, sizeof(spec.region), "%s", region);
	}
	return sim_server_add_fault(s, &spec);
}

/* fault_take: the fault this request meets, counted. */
static struct sim_active_fault fault_take(struct sim_server *s, const char *region)
{
	struct sim_active_fault af;

	pthread_mutex_lock(&s->lock);
	if (sim_faults_take(&s->faults, region, &af))
		sim_stats_fault(&s->stats, af.kind);
	pthread_mutex_unlock(&s->lock);
	return af;
}

char *sim_server_stats_json(struct sim_server *s)
{
	struct buf b;

	buf_init(&b, 0);
	pthread_mutex_lock(&s->lock);
	sim_stats_json(&s->stats, &s->faults, &b);
	pthread_mutex_unlock(&s->lock);
	return buf_steal(&b, NULL);
}

void sim_server_reset(struct sim_server *s)
{
	pthread_mutex_lock(&s->lock);
	s->faults.n = 0;
	memset(&s->stats, 0, sizeof(s->stats));
	pthread_mutex_unlock(&s->lock);
}

static void record(struct sim_server *s, const char *region, const char *op,
		   const struct sim_reply *r)
{
	char status[16];

	snprintf(status, sizeof(status), "%u", r->mode == SIM_REPLY_CLOSE ? 0 : r->status);
	pthread_mutex_lock(&s->lock);
	sim_stats_request(&s->stats, region && *region ? region : "-", op ? op : "-", status,
			  r->error);
	pthread_mutex_unlock(&s->lock);
	if (!s->quiet)
		fprintf(stderr, "cwtop-sim: %s %s -> %s%s%s\n", region && *region ? region : "-",
			op ? op : "-", r->mode == SIM_REPLY_CLOSE ? "closed" : status,
			r->error[0] ? " " : "", r->error);
}

/* --- GetMetricData: the request ---------------------------------------------------------- */

/* One MetricDataQuery. Strings point into the request's JSON tree. */
struct mdq {
	const char *id;
	const char *label;
	char *auto_label;
	bool return_data;
	const char *expression;
	struct sim_metric metric;
	struct sim_dim dims[METRIC_MAX_DIMS];
	const char *stat_text;
	struct sim_stat stat;
	int period; /* 0: not given (expressions) */

	/* MetricStat: the periods that can have data are first + k * period,
	 * k in [0, nslots); stream_off is where they start in the paging. */
	int64_t first;
	int64_t nslots;
	int64_t stream_off;

	/* Evaluation (expressions, and the metrics they reference). */
	struct sim_series full;
	bool evaluated;
	bool evaluating;
	struct sim_series *list; /* a SEARCH's several series */
	size_t nlist;
	const char *msg_code; /* a result-level Messages entry */
	char *msg_value;
};

struct gmd {
	struct sim_window w; /* now: the first page's time: later pages see the same data */
	struct mdq *q;
	size_t nq;
	bool ascending;
	int64_t max_datapoints;
	const char *next_token;
	uint64_t hash;
	int64_t offset;
	int64_t work; /* datapoints handled by metric math, bounded */
};

static void gmd_free(struct gmd *g)
{
	for (size_t i = 0; i < g->nq; i++) {
		struct mdq *q = &g->q[i];

		free(q->auto_label);
		sim_series_free(&q->full);
		for (size_t j = 0; j < q->nlist; j++)
			sim_series_free(&q->list[j]);
		free(q->list);
		free(q->msg_value);
	}
	free(g->q);
	memset(g, 0, sizeof(*g));
}

static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v; /* NULL for a JSON null too */
}

static bool is_number(json_object *v)
{
	return json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
}

/* Accumulates Coral's constraint violations, in its wording. */
struct violations {
	struct buf text;
	int n;
};

static void violation(struct violations *vs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void violation(struct violations *vs, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (vs->n++ && vs->text.len < 4096)
		buf_append(&vs->text, "; ", 2);
	if (msg && vs->text.len < 4096)
		buf_printf(&vs->text, "%s", msg);
	free(msg);
}

static bool violations_reply(struct violations *vs, struct sim_reply *r, bool qm)
{
	if (vs->n == 0)
		return false;
	sim_reply_error(r, qm, SIM_E_VALIDATION, "%d validation error%s detected: %s", vs->n,
			vs->n == 1 ? "" : "s", vs->text.data ? vs->text.data : "");
	return true;
}

#define NOT_NULL "failed to satisfy constraint: Member must not be null"

/* types_ok: the JSON types a member must have; a wrong type is a
 * SerializationException, as the service's deserializer raises it. */
static bool types_ok(json_object *o, const char *key, enum json_type type)
{
	json_object *v = member(o, key);

	if (!v)
		return true;
	if (type == json_type_double)
		return is_number(v);
	return json_object_is_type(v, type);
}

static bool query_types_ok(json_object *q)
{
	json_object *ms = member(q, "MetricStat"), *m = member(ms, "Metric");
	json_object *dims = member(m, "Dimensions");

	if (!json_object_is_type(q, json_type_object) || !types_ok(q, "Id", json_type_string) ||
	    !types_ok(q, "Label", json_type_string) ||
	    !types_ok(q, "Expression", json_type_string) ||
	    !types_ok(q, "ReturnData", json_type_boolean) ||
	    !types_ok(q, "Period", json_type_int) || !types_ok(q, "MetricStat", json_type_object) ||
	    !types_ok(ms, "Metric", json_type_object) || !types_ok(ms, "Period", json_type_int) ||
	    !types_ok(ms, "Stat", json_type_string) || !types_ok(ms, "Unit", json_type_string) ||
	    !types_ok(m, "Namespace", json_type_string) ||
	    !types_ok(m, "MetricName", json_type_string) ||
	    !types_ok(m, "Dimensions", json_type_array))
		return false;
	for (size_t i = 0; dims && i < json_object_array_length(dims); i++) {
		json_object *d = json_object_array_get_idx(dims, i);

		if (!json_object_is_type(d, json_type_object) ||
		    !types_ok(d, "Name", json_type_string) ||
		    !types_ok(d, "Value", json_type_string))
			return false;
	}
	return true;
}

static void query_constraints(json_object *q, size_t i, struct violations *vs)
{
	json_object *ms = member(q, "MetricStat"), *m = member(ms, "Metric");
	json_object *id = member(q, "Id"), *dims = member(m, "Dimensions");
	json_object *period = ms ? member(ms, "Period") : member(q, "Period");

	if (!id)
		violation(vs, "Value null at 'metricDataQueries.%zu.member.id' " NOT_NULL, i + 1);
	else if (strlen(json_object_get_string(id)) > 255)
		violation(
			vs,
			"Value at 'metricDataQueries.%zu.member.id' failed to satisfy constraint: "
			"Member must have length less than or equal to 255",
			i + 1);
	if (ms && !m)
		violation(
			vs,
			"Value null at 'metricDataQueries.%zu.member.metricStat.metric' " NOT_NULL,
			i + 1);
	if (ms && !member(ms, "Period"))
		violation(
			vs,
			"Value null at 'metricDataQueries.%zu.member.metricStat.period' " NOT_NULL,
			i + 1);
	if (ms && !member(ms, "Stat"))
		violation(vs,
			  "Value null at 'metricDataQueries.%zu.member.metricStat.stat' " NOT_NULL,
			  i + 1);
	if (period && json_object_get_int64(period) < 1)
		violation(vs,
			  "Value '%" PRId64
			  "' at 'metricDataQueries.%zu.member.%speriod' failed to "
			  "satisfy constraint: Member must have value greater than or equal to 1",
			  json_object_get_int64(period), i + 1, ms ? "metricStat." : "");
	if (dims && json_object_array_length(dims) > METRIC_MAX_DIMS)
		violation(
			vs,
			"Value at 'metricDataQueries.%zu.member.metricStat.metric.dimensions' "
			"failed to satisfy constraint: Member must have length less than or equal "
			"to 30",
			i + 1);
	for (size_t j = 0; dims && j < json_object_array_length(dims) && j < METRIC_MAX_DIMS; j++) {
		json_object *d = json_object_array_get_idx(dims, j);

		if (!member(d, "Name"))
			violation(vs,
				  "Value null at 'metricDataQueries.%zu.member.metricStat.metric."
				  "dimensions.%zu.member.name' " NOT_NULL,
				  i + 1, j + 1);
		if (!member(d, "Value"))
			violation(vs,
				  "Value null at 'metricDataQueries.%zu.member.metricStat.metric."
				  "dimensions.%zu.member.value' " NOT_NULL,
				  i + 1, j + 1);
	}
}

static bool id_syntax_ok(const char *id)
{
	if (!(id[0] >= 'a' && id[0] <= 'z'))
		return false;
	for (const char *p = id + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

/* query_fill: one query's members into q; false with the service's error. */
static bool query_fill(json_object *jq, size_t i, struct mdq *q, struct sim_reply *r, bool qm)
{
	json_object *ms = member(jq, "MetricStat"), *m = member(ms, "Metric");
	json_object *dims = member(m, "Dimensions"), *rd = member(jq, "ReturnData");
	json_object *period = ms ? member(ms, "Period") : member(jq, "Period");
	int64_t p64;

	q->id = json_object_get_string(member(jq, "Id"));
	q->label = member(jq, "Label") ? json_object_get_string(member(jq, "Label")) : NULL;
	q->return_data = rd ? json_object_get_boolean(rd) : true;
	q->expression =
		member(jq, "Expression") ? json_object_get_string(member(jq, "Expression")) : NULL;
	p64 = period ? json_object_get_int64(period) : 0;
	if (!id_syntax_ok(q->id)) {
		sim_reply_error(
			r, qm, SIM_E_VALIDATION,
			"The value %s for parameter MetricDataQueries.member.%zu.Id is not "
			"valid. It must start with a lowercase letter and contain only letters, "
			"numbers and underscores.",
			q->id, i + 1);
		return false;
	}
	if (!ms == !q->expression) {
		sim_reply_error(
			r, qm, SIM_E_INVALID_PARAMETER_COMBINATION,
			"Exactly one of the parameters MetricDataQueries.member.%zu.MetricStat "
			"and MetricDataQueries.member.%zu.Expression must be specified.",
			i + 1, i + 1);
		return false;
	}
	if (period && (!sim_period_ok(p64) || p64 > 86400 * 455)) {
		sim_reply_error(
			r, qm, SIM_E_VALIDATION,
			"The parameter MetricDataQueries.member.%zu.%sPeriod must be 1, 5, 10, "
			"30, or a multiple of 60.",
			i + 1, ms ? "MetricStat." : "");
		return false;
	}
	q->period = (int)p64;
	if (q->expression) {
		if (strlen(q->expression) > SIM_MAX_EXPR_LEN) {
			sim_reply_error(
				r, qm, SIM_E_VALIDATION,
				"The value for parameter MetricDataQueries.member.%zu.Expression "
				"is too long.",
				i + 1);
			return false;
		}
		return true;
	}
	q->stat_text = json_object_get_string(member(ms, "Stat"));
	if (sim_stat_parse(q->stat_text, &q->stat) < 0) {
		sim_reply_error(
			r, qm, SIM_E_VALIDATION,
			"The value for parameter MetricDataQueries.member.%zu.MetricStat.Stat is "
			"not a valid statistic.",
			i + 1);
		return false;
	}
	if (!member(m, "Namespace") || !member(m, "MetricName")) {
		sim_reply_error(
			r, qm, SIM_E_VALIDATION,
			"The parameters MetricDataQueries.member.%zu.MetricStat.Metric.Namespace "
			"and MetricDataQueries.member.%zu.MetricStat.Metric.MetricName are "
			"required.",
			i + 1, i + 1);
		return false;
	}
	q->metric.namespace_ = json_object_get_string(member(m, "Namespace"));
	q->metric.metric_name = json_object_get_string(member(m, "MetricName"));
	q->metric.dims = q->dims;
	for (size_t j = 0; dims && j < json_object_array_length(dims); j++) {
		json_object *d = json_object_array_get_idx(dims, j);

		q->dims[j].name = json_object_get_string(member(d, "Name"));
		q->dims[j].value = json_object_get_string(member(d, "Value"));
		q->metric.ndims++;
	}
	return true;
}

/* time_member: epoch seconds; absurd values are clamped (to about the
 * years -1200 and 5100) so that no arithmetic on them can overflow. */
static int64_t time_member(json_object *o, const char *key)
{
	double t = json_object_get_double(member(o, key));

	if (!isfinite(t))
		t = 0;
	if (t < -1e11)
		t = -1e11;
	if (t > 1e11)
		t = 1e11;
	return (int64_t)floor(t);
}

/* gmd_parse: the whole request, validated in the service's order: types
 * (SerializationException), constraints (ValidationError), then the
 * service's own checks. False with the error in r. */
static bool gmd_parse(json_object *req, struct gmd *g, struct sim_reply *r, bool qm)
{
	json_object *qs = member(req, "MetricDataQueries"), *scan = member(req, "ScanBy");
	json_object *maxdp = member(req, "MaxDatapoints");
	struct violations vs = {0};
	size_t n;
	bool bad;

	if (!types_ok(req, "MetricDataQueries", json_type_array) ||
	    !types_ok(req, "StartTime", json_type_double) ||
	    !types_ok(req, "EndTime", json_type_double) ||
	    !types_ok(req, "NextToken", json_type_string) ||
	    !types_ok(req, "ScanBy", json_type_string) ||
	    !types_ok(req, "MaxDatapoints", json_type_int)) {
		sim_reply_error(r, qm, SIM_E_SERIALIZATION, NULL);
		return false;
	}
	n = qs ? json_object_array_length(qs) : 0;
	for (size_t i = 0; i < n && i <= CW_MAX_QUERIES; i++) {
		if (!query_types_ok(json_object_array_get_idx(qs, i))) {
			sim_reply_error(r, qm, SIM_E_SERIALIZATION, NULL);
			return false;
		}
	}

	buf_init(&vs.text, 0);
	if (!qs)
		violation(&vs, "Value null at 'metricDataQueries' " NOT_NULL);
	else if (n > CW_MAX_QUERIES)
		violation(&vs, "Value at 'metricDataQueries' failed to satisfy constraint: Member "
			       "must have length less than or equal to 500");
	if (!member(req, "StartTime"))
		violation(&vs, "Value null at 'startTime' " NOT_NULL);
	if (!member(req, "EndTime"))
		violation(&vs, "Value null at 'endTime' " NOT_NULL);
	if (scan && strcmp(json_object_get_string(scan), "TimestampDescending") != 0 &&
	    strcmp(json_object_get_string(scan), "TimestampAscending") != 0)
		violation(
			&vs,
			"Value '%s' at 'scanBy' failed to satisfy constraint: Member must satisfy "
			"enum value set: [TimestampDescending, TimestampAscending]",
			json_object_get_string(scan));
	for (size_t i = 0; i < n && n <= CW_MAX_QUERIES; i++)
		query_constraints(json_object_array_get_idx(qs, i), i, &vs);
	bad = violations_reply(&vs, r, qm);
	buf_free(&vs.text);
	if (bad)
		return false;

	g->w.start = time_member(req, "StartTime");
	g->w.end = time_member(req, "EndTime");
	g->ascending = scan && strcmp(json_object_get_string(scan), "TimestampAscending") == 0;
	g->max_datapoints = maxdp ? json_object_get_int64(maxdp) : SIM_MAX_PAGE;
	if (g->max_datapoints < 1 || g->max_datapoints > SIM_MAX_PAGE)
		g->max_datapoints = SIM_MAX_PAGE;
	g->next_token =
		member(req, "NextToken") ? json_object_get_string(member(req, "NextToken")) : NULL;
	if (g->w.start >= g->w.end) {
		sim_reply_error(r, qm, SIM_E_INVALID_PARAMETER_VALUE,
				"The parameter StartTime must be less than the parameter EndTime.");
		return false;
	}
	g->q = xcalloc(n ? n : 1, sizeof(*g->q));
	g->nq = n;
	for (size_t i = 0; i < n; i++)
		if (!query_fill(json_object_array_get_idx(qs, i), i, &g->q[i], r, qm))
			return false;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++) {
			if (strcmp(g->q[i].id, g->q[j].id) == 0) {
				sim_reply_error(
					r, qm, SIM_E_VALIDATION,
					"The values for parameter Id in MetricDataQueries are "
					"not unique.");
				return false;
			}
		}
	}
	return true;
}

/* --- GetMetricData: metric math (the part the demo needs) ---------------------------------------
 *
 * Supported: numbers, query ids, + - * / ^, parentheses, [a, b] arrays,
 * SEARCH('{Namespace,Dim,...} MetricName="X" Dim="V"', 'Stat', Period),
 * SUM / AVG / MIN / MAX (across an array per timestamp; over the points of a
 * single series as a scalar), ABS, CEIL, FLOOR. CloudWatch's other functions
 * give a result with no data and a Messages entry saying so; anything else
 * is a ValidationError. */

enum tok {
	T_END,
	T_NUM,
	T_IDENT,
	T_STR,
	T_LP,
	T_RP,
	T_LB,
	T_RB,
	T_COMMA,
	T_OP,
	T_BAD,
};

struct lexer {
	const char *s;
	size_t pos;
	enum tok tok;
	double num;
	char text[512];
};

static void lex(struct lexer *lx)
{
	const char *s = lx->s;
	size_t n = 0;

	while (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\n')
		lx->pos++;
	lx->text[0] = '\0';
	if (!s[lx->pos]) {
		lx->tok = T_END;
		return;
	}
	char c = s[lx->pos];

	if ((c >= '0' && c <= '9') || c == '.') {
		char *end;

		lx->num = strtod(s + lx->pos, &end);
		lx->pos = (size_t)(end - s);
		lx->tok = end == s ? T_BAD : T_NUM;
		if (lx->tok == T_BAD)
			lx->pos++;
		return;
	}
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
		while (((s[lx->pos] >= 'a' && s[lx->pos] <= 'z') ||
			(s[lx->pos] >= 'A' && s[lx->pos] <= 'Z') ||
			(s[lx->pos] >= '0' && s[lx->pos] <= '9') || s[lx->pos] == '_') &&
		       n < sizeof(lx->text) - 1)
			lx->text[n++] = s[lx->pos++];
		lx->text[n] = '\0';
		lx->tok = T_IDENT;
		return;
	}
	if (c == '\'' || c == '"') {
		lx->pos++;
		while (s[lx->pos] && s[lx->pos] != c && n < sizeof(lx->text) - 1) {
			if (s[lx->pos] == '\\' && s[lx->pos + 1])
				lx->pos++;
			lx->text[n++] = s[lx->pos++];
		}
		lx->text[n] = '\0';
		lx->tok = s[lx->pos] == c ? T_STR : T_BAD;
		if (s[lx->pos])
			lx->pos++;
		return;
	}
	lx->pos++;
	lx->text[0] = c;
	lx->text[1] = '\0';
	switch (c) {
	case '(':
		lx->tok = T_LP;
		break;
	case ')':
		lx->tok = T_RP;
		break;
	case '[':
		lx->tok = T_LB;
		break;
	case ']':
		lx->tok = T_RB;
		break;
	case ',':
		lx->tok = T_COMMA;
		break;
	case '+':
	case '-':
	case '*':
	case '/':
	case '^':
		lx->tok = T_OP;
		break;
	default:
		lx->tok = T_BAD;
	}
}

/* A value: a scalar, or series (an array when `array`, which SEARCH and
 * [a, b] make). */
struct val {
	bool scalar;
	double x;
	bool array;
	struct sim_series *s;
	size_t n;
};

static void val_free(struct val *v)
{
	for (size_t i = 0; i < v->n; i++)
		sim_series_free(&v->s[i]);
	free(v->s);
	memset(v, 0, sizeof(*v));
}

static void val_add_series(struct val *v, struct sim_series *s)
{
	v->s = xreallocarray(v->s, v->n + 1, sizeof(*v->s));
	v->s[v->n++] = *s;
	memset(s, 0, sizeof(*s));
}

struct eval {
	struct gmd *g;
	struct lexer lx;
	int depth;
	bool failed;
	bool unsupported;
	char msg[256];
};

static void eval_fail(struct eval *e, bool unsupported, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void eval_fail(struct eval *e, bool unsupported, const char *fmt, ...)
{
	va_list ap;

	if (e->failed)
		return;
	e->failed = true;
	e->unsupported = unsupported;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

static bool eval_query(struct gmd *g, struct mdq *q, int depth);
static void parse_expr(struct eval *e, struct val *out);

static double apply_op(char op, double a, double b, bool *ok)
{
	*ok = true;
	switch (op) {
	case '+':
		return a + b;
	case '-':
		return a - b;
	case '*':
		return a * b;
	case '^':
		return pow(a, b);
	default:
		if (b == 0) {
			*ok = false; /* the service leaves the point out */
			return 0;
		}
		return a / b;
	}
}

static void series_op_scalar(struct sim_series *out, const struct sim_series *s, char op, double x,
			     bool scalar_left)
{
	bool ok;

	for (size_t i = 0; i < s->n; i++) {
		double r =
			scalar_left ? apply_op(op, x, s->v[i], &ok) : apply_op(op, s->v[i], x, &ok);

		if (ok && isfinite(r))
			sim_series_push(out, s->t[i], r);
	}
}

static void series_op_series(struct sim_series *out, const struct sim_series *a, char op,
			     const struct sim_series *b)
{
	size_t i = 0, j = 0;
	bool ok;

	while (i < a->n && j < b->n) {
		if (a->t[i] < b->t[j]) {
			i++;
		} else if (a->t[i] > b->t[j]) {
			j++;
		} else {
			double r = apply_op(op, a->v[i], b->v[j], &ok);

			if (ok && isfinite(r))
				sim_series_push(out, a->t[i], r);
			i++;
			j++;
		}
	}
}

/* binary: l = l op r, consuming r. */
static void binary(struct eval *e, struct val *l, char op, struct val *r)
{
	struct val res = {0};

	if (l->scalar && r->scalar) {
		bool ok;

		res.scalar = true;
		res.x = apply_op(op, l->x, r->x, &ok);
	} else if (l->scalar || r->scalar) {
		struct val *sv = l->scalar ? r : l;
		double x = l->scalar ? l->x : r->x;

		res.array = sv->array;
		for (size_t i = 0; i < sv->n; i++) {
			struct sim_series s = {0};

			series_op_scalar(&s, &sv->s[i], op, x, l->scalar);
			s.label = sv->s[i].label ? xstrdup(sv->s[i].label) : NULL;
			val_add_series(&res, &s);
		}
	} else if (l->n == 1 || r->n == 1) {
		struct val *arr = l->n == 1 ? r : l;

		res.array = arr->array;
		for (size_t i = 0; i < arr->n; i++) {
			struct sim_series s = {0};

			if (l->n == 1)
				series_op_series(&s, &l->s[0], op, &r->s[i]);
			else
				series_op_series(&s, &l->s[i], op, &r->s[0]);
			s.label = arr->s[i].label ? xstrdup(arr->s[i].label) : NULL;
			val_add_series(&res, &s);
		}
	} else {
		eval_fail(e, true, "arithmetic between two arrays of time series");
	}
	val_free(l);
	val_free(r);
	*l = res;
}

static bool known_function(const char *name)
{
	static const char *const names[] = {
		"ANOMALY_DETECTION_BAND",
		"CONCAT",
		"DATAPOINT_COUNT",
		"DAY",
		"DATE",
		"DB_PERF_INSIGHTS",
		"DIFF",
		"DIFF_TIME",
		"EPOCH",
		"FILL",
		"FIRST",
		"HOUR",
		"IF",
		"INSIGHT_RULE_METRIC",
		"LAMBDA",
		"LAST",
		"LOG",
		"LOG10",
		"METRIC_COUNT",
		"METRICS",
		"MINUTE",
		"MONTH",
		"PERIOD",
		"RATE",
		"REMOVE_EMPTY",
		"RUNNING_SUM",
		"SERVICE_QUOTA",
		"SLICE",
		"SORT",
		"STDDEV",
		"TIME_SERIES",
		"YEAR",
		"AND",
		"OR",
		"NOT",
		"MAX_VALUE",
		"MIN_VALUE",
		"SEARCH",
		"SUM",
		"AVG",
		"MIN",
		"MAX",
		"ABS",
		"CEIL",
		"FLOOR",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* --- SEARCH ------------------------------------------------------------------------------- */

struct search {
	char ns[256];
	char dims[METRIC_MAX_DIMS][256];
	size_t ndims;
	bool schema;
	char keys[16][256]; /* key="value" terms ("" key: a bare word) */
	char values[16][256];
	size_t nterms;
};

static void trim_quotes(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '"'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '"')
		memmove(s, s + 1, strlen(s));
}

/* search_parse: the search string; false if it is beyond this recogniser. */
static bool search_parse(const char *text, struct search *sr)
{
	const char *p = text;

	memset(sr, 0, sizeof(*sr));
	while (*p == ' ')
		p++;
	if (*p == '{') {
		const char *close = strchr(p, '}');
		char inner[1024];
		char *save = NULL;

		if (!close || (size_t)(close - p) >= sizeof(inner))
			return false;
		snprintf(inner, sizeof(inner), "%.*s", (int)(close - p - 1), p + 1);
		sr->schema = true;
		for (char *part = strtok_r(inner, ",", &save); part;
		     part = strtok_r(NULL, ",", &save)) {
			char field[256];

			snprintf(field, sizeof(field), "%s", part);
			trim_quotes(field);
			if (!sr->ns[0] && sr->ndims == 0 && strchr(field, '/'))
				snprintf(sr->ns, sizeof(sr->ns), "%s", field);
			else if (sr->ndims < METRIC_MAX_DIMS)
				snprintf(sr->dims[sr->ndims++], sizeof(sr->dims[0]), "%s", field);
		}
		p = close + 1;
	}
	while (*p) {
		char term[512];
		size_t n = 0;
		bool quoted = false;
		char *eq;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		while (*p && (quoted || *p != ' ') && n < sizeof(term) - 1) {
			if (*p == '"')
				quoted = !quoted;
			term[n++] = *p++;
		}
		term[n] = '\0';
		if (strcmp(term, "AND") == 0)
			continue;
		if (strcmp(term, "OR") == 0 || strcmp(term, "NOT") == 0 || sr->nterms == 16 ||
		    strchr(term, '(') || strchr(term, '*'))
			return false;
		eq = strchr(term, '=');
		if (eq) {
			*eq = '\0';
			snprintf(sr->keys[sr->nterms], sizeof(sr->keys[0]), "%.255s", term);
			snprintf(sr->values[sr->nterms], sizeof(sr->values[0]), "%.255s", eq + 1);
		} else {
			sr->keys[sr->nterms][0] = '\0';
			snprintf(sr->values[sr->nterms], sizeof(sr->values[0]), "%.255s", term);
		}
		trim_quotes(sr->keys[sr->nterms]);
		trim_quotes(sr->values[sr->nterms]);
		sr->nterms++;
	}
	return true;
}

static const char *metric_dim(const struct sim_metric *m, const char *name)
{
	for (size_t i = 0; i < m->ndims; i++)
		if (strcmp(m->dims[i].name, name) == 0)
			return m->dims[i].value;
	return NULL;
}

static bool search_matches(const struct search *sr, const struct sim_metric *m)
{
	if (sr->schema) {
		if (strcmp(sr->ns, m->namespace_) != 0 || sr->ndims != m->ndims)
			return false;
		for (size_t i = 0; i < sr->ndims; i++)
			if (!metric_dim(m, sr->dims[i]))
				return false;
	}
	for (size_t i = 0; i < sr->nterms; i++) {
		const char *k = sr->keys[i], *v = sr->values[i], *d;
		bool hit = false;

		if (strcmp(k, "MetricName") == 0) {
			hit = strcmp(m->metric_name, v) == 0;
		} else if (strcmp(k, "Namespace") == 0) {
			hit = strcmp(m->namespace_, v) == 0;
		} else if (*k) {
			d = metric_dim(m, k);
			hit = d && strcmp(d, v) == 0;
		} else {
			hit = strcasestr(m->metric_name, v) || strcasestr(m->namespace_, v);
			for (size_t j = 0; j < m->ndims && !hit; j++)
				hit = strcasestr(m->dims[j].value, v) != NULL;
		}
		if (!hit)
			return false;
	}
	return true;
}

static char *metric_label(const struct sim_metric *m)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < m->ndims; i++)
		buf_printf(&b, "%s ", m->dims[i].value);
	buf_printf(&b, "%s", m->metric_name);
	return buf_steal(&b, NULL);
}

static void eval_search(struct eval *e, const char *text, const char *stat_text, double period,
			struct val *out)
{
	const struct sim_metric *cat;
	size_t ncat = sim_story_catalogue(&cat);
	struct search sr;
	struct sim_stat st;

	out->array = true;
	if (sim_stat_parse(stat_text, &st) < 0) {
		eval_fail(e, false, "SEARCH: '%s' is not a valid statistic", stat_text);
		return;
	}
	if (!(period >= 1 && period <= 86400 * 455 && period == floor(period) &&
	      sim_period_ok((int64_t)period))) {
		eval_fail(e, false, "SEARCH: the period must be 1, 5, 10, 30 or a multiple of 60");
		return;
	}
	if (!search_parse(text, &sr)) {
		eval_fail(e, true, "this SEARCH syntax");
		return;
	}
	for (size_t i = 0; i < ncat; i++) {
		struct sim_series s = {0};

		if (!search_matches(&sr, &cat[i]))
			continue;
		sim_metric_series(&e->g->w, &cat[i], &st, (int)period, &s);
		s.label = metric_label(&cat[i]);
		e->g->work += (int64_t)s.n;
		val_add_series(out, &s);
		if (e->g->work > SIM_MAX_EXPR_WORK) {
			eval_fail(e, false, "the expressions need too many datapoints");
			return;
		}
	}
}

/* aggregate: SUM/AVG/MIN/MAX. Across an array: one series, per timestamp;
 * over one series: a scalar. */
static void aggregate(const char *fn, struct val *v)
{
	struct val res = {0};
	char f = fn[1] == 'U' ? 's' : fn[1] == 'V' ? 'a' : fn[1] == 'I' ? 'i' : 'x';

	if (v->scalar)
		return;
	if (!v->array && v->n == 1) {
		const struct sim_series *s = &v->s[0];
		double acc = 0;

		for (size_t i = 0; i < s->n; i++) {
			if (i == 0 || f == 's' || f == 'a')
				acc = i == 0 ? s->v[0] : acc + s->v[i];
			else
				acc = f == 'i' ? fmin(acc, s->v[i]) : fmax(acc, s->v[i]);
		}
		res.scalar = true;
		res.x = f == 'a' && s->n ? acc / (double)s->n : acc;
	} else {
		struct sim_series out = {0};
		int64_t t = INT64_MIN;

		/* Walk the union of timestamps in order. */
		for (;;) {
			int64_t next = INT64_MAX;
			double acc = 0;
			size_t hits = 0;

			for (size_t i = 0; i < v->n; i++)
				for (size_t j = 0; j < v->s[i].n; j++)
					if (v->s[i].t[j] > t && v->s[i].t[j] < next)
						next = v->s[i].t[j];
			if (next == INT64_MAX)
				break;
			for (size_t i = 0; i < v->n; i++) {
				for (size_t j = 0; j < v->s[i].n; j++) {
					double x = v->s[i].v[j];

					if (v->s[i].t[j] != next)
						continue;
					if (hits == 0 || f == 's' || f == 'a')
						acc = hits == 0 ? x : acc + x;
					else
						acc = f == 'i' ? fmin(acc, x) : fmax(acc, x);
					hits++;
				}
			}
			sim_series_push(&out, next, f == 'a' ? acc / (double)hits : acc);
			t = next;
		}
		val_add_series(&res, &out);
	}
	val_free(v);
	*v = res;
}

static void elementwise(const char *fn, struct val *v)
{
	double (*f)(double) = strcmp(fn, "ABS") == 0    ? fabs
			      : strcmp(fn, "CEIL") == 0 ? ceil
							: floor;

	if (v->scalar) {
		v->x = f(v->x);
		return;
	}
	for (size_t i = 0; i < v->n; i++)
		for (size_t j = 0; j < v->s[i].n; j++)
			v->s[i].v[j] = f(v->s[i].v[j]);
}

static bool expect(struct eval *e, enum tok t, const char *what)
{
	if (e->lx.tok != t) {
		eval_fail(e, false, "expected %s at position %zu", what, e->lx.pos);
		return false;
	}
	lex(&e->lx);
	return true;
}

static void parse_call(struct eval *e, const char *fn, struct val *out)
{
	if (!known_function(fn)) {
		eval_fail(e, false, "Unrecognized function %s", fn);
		return;
	}
	if (strcmp(fn, "SEARCH") == 0) {
		char text[512], stat[64];
		double period;

		if (e->lx.tok != T_STR) {
			eval_fail(e, false, "SEARCH expects a search string");
			return;
		}
		snprintf(text, sizeof(text), "%s", e->lx.text);
		lex(&e->lx);
		if (!expect(e, T_COMMA, "','") || e->lx.tok != T_STR) {
			eval_fail(e, false, "SEARCH expects a statistic");
			return;
		}
		snprintf(stat, sizeof(stat), "%.63s", e->lx.text);
		lex(&e->lx);
		if (!expect(e, T_COMMA, "','") || e->lx.tok != T_NUM) {
			eval_fail(e, false, "SEARCH expects a period");
			return;
		}
		period = e->lx.num;
		lex(&e->lx);
		if (expect(e, T_RP, "')'"))
			eval_search(e, text, stat, period, out);
		return;
	}
	if (strcmp(fn, "SUM") && strcmp(fn, "AVG") && strcmp(fn, "MIN") && strcmp(fn, "MAX") &&
	    strcmp(fn, "ABS") && strcmp(fn, "CEIL") && strcmp(fn, "FLOOR")) {
		eval_fail(e, true, "%s", fn);
		return;
	}
	parse_expr(e, out);
	if (e->failed || !expect(e, T_RP, "')'"))
		return;
	if (fn[0] == 'A' && fn[1] == 'B')
		elementwise(fn, out);
	else if (fn[0] == 'C' || fn[0] == 'F')
		elementwise(fn, out);
	else
		aggregate(fn, out);
}

static void parse_primary(struct eval *e, struct val *out)
{
	memset(out, 0, sizeof(*out));
	if (++e->depth > SIM_MAX_EXPR_NEST) {
		eval_fail(e, false, "the expression is nested too deeply");
		return;
	}
	switch (e->lx.tok) {
	case T_NUM:
		out->scalar = true;
		out->x = e->lx.num;
		lex(&e->lx);
		break;
	case T_LP:
		lex(&e->lx);
		parse_expr(e, out);
		if (!e->failed)
			expect(e, T_RP, "')'");
		break;
	case T_LB:
		out->array = true;
		do {
			struct val item;

			lex(&e->lx);
			parse_expr(e, &item);
			if (e->failed || item.scalar) {
				if (!e->failed)
					eval_fail(e, false, "an array holds time series only");
				val_free(&item);
				break;
			}
			for (size_t i = 0; i < item.n; i++)
				val_add_series(out, &item.s[i]);
			val_free(&item);
		} while (e->lx.tok == T_COMMA);
		if (!e->failed)
			expect(e, T_RB, "']'");
		break;
	case T_IDENT: {
		char name[512];

		snprintf(name, sizeof(name), "%s", e->lx.text);
		lex(&e->lx);
		if (e->lx.tok == T_LP) {
			lex(&e->lx);
			parse_call(e, name, out);
			break;
		}
		for (size_t i = 0; i < e->g->nq; i++) {
			struct mdq *q = &e->g->q[i];
			struct sim_series s;

			if (strcmp(q->id, name) != 0)
				continue;
			if (!eval_query(e->g, q, e->depth) || q->msg_value) {
				eval_fail(e, q->msg_code != NULL, "%s",
					  q->msg_value ? q->msg_value : "a cycle of expressions");
				return;
			}
			e->g->work += (int64_t)q->full.n;
			for (size_t j = 0; j < q->nlist; j++)
				e->g->work += (int64_t)q->list[j].n;
			if (e->g->work > SIM_MAX_EXPR_WORK) {
				eval_fail(e, false, "the expressions need too many datapoints");
				return;
			}
			out->array = q->nlist > 0;
			if (q->nlist) {
				for (size_t j = 0; j < q->nlist; j++) {
					sim_series_copy(&s, &q->list[j]);
					val_add_series(out, &s);
				}
			} else {
				sim_series_copy(&s, &q->full);
				val_add_series(out, &s);
			}
			e->depth--;
			return;
		}
		eval_fail(e, false, "Unrecognized metric or expression Id %s", name);
		break;
	}
	default:
		eval_fail(e, false, "unexpected '%s' at position %zu", e->lx.text, e->lx.pos);
	}
	e->depth--;
}

static void parse_unary(struct eval *e, struct val *out)
{
	if (e->lx.tok == T_OP && e->lx.text[0] == '-') {
		struct val zero = {.scalar = true, .x = 0};

		lex(&e->lx);
		parse_unary(e, out);
		binary(e, &zero, '-', out);
		*out = zero;
		return;
	}
	parse_primary(e, out);
	if (!e->failed && e->lx.tok == T_OP && e->lx.text[0] == '^') {
		struct val r;

		lex(&e->lx);
		parse_unary(e, &r);
		binary(e, out, '^', &r);
	}
}

static void parse_term(struct eval *e, struct val *out)
{
	parse_unary(e, out);
	while (!e->failed && e->lx.tok == T_OP && (e->lx.text[0] == '*' || e->lx.text[0] == '/')) {
		char op = e->lx.text[0];
		struct val r;

		lex(&e->lx);
		parse_unary(e, &r);
		binary(e, out, op, &r);
	}
}

static void parse_expr(struct eval *e, struct val *out)
{
	parse_term(e, out);
	while (!e->failed && e->lx.tok == T_OP && (e->lx.text[0] == '+' || e->lx.text[0] == '-')) {
		char op = e->lx.text[0];
		struct val r;

		lex(&e->lx);
		parse_term(e, &r);
		binary(e, out, op, &r);
	}
}

/* eval_query: fill q->full (or q->list) once; false on a cycle or an
 * error, with q->msg_value saying what. */
static bool eval_query(struct gmd *g, struct mdq *q, int depth)
{
	struct eval e = {.g = g, .depth = depth};
	struct val v = {0};

	if (q->evaluated)
		return !q->msg_value || q->msg_code;
	if (q->evaluating)
		return false;
	if (!q->expression) {
		sim_metric_series(&g->w, &q->metric, &q->stat, q->period, &q->full);
		q->evaluated = true;
		return true;
	}
	q->evaluating = true;
	e.lx.s = q->expression;
	lex(&e.lx);
	parse_expr(&e, &v);
	if (!e.failed && e.lx.tok != T_END)
		eval_fail(&e, false, "unexpected '%s' at position %zu", e.lx.text, e.lx.pos);
	if (!e.failed && v.scalar)
		eval_fail(&e, true, "an expression whose result is a single number");
	q->evaluating = false;
	q->evaluated = true;
	if (e.failed) {
		val_free(&v);
		q->msg_code = e.unsupported ? "Unsupported" : NULL;
		q->msg_value = xstrdup(e.msg); /* Unsupported: what is not evaluated */
		return e.unsupported;
	}
	if (v.array) {
		q->list = v.s;
		q->nlist = v.n;
		v.s = NULL;
		v.n = 0;
	} else if (v.n == 1) {
		q->full = v.s[0];
		memset(&v.s[0], 0, sizeof(v.s[0]));
	}
	val_free(&v);
	return true;
}

/* --- GetMetricData: the answer ------------------------------------------------------------ */

static uint64_t gmd_hash(const struct gmd *g, json_object *req)
{
	json_object *qs = member(req, "MetricDataQueries");
	const char *text = json_object_to_json_string_ext(qs, JSON_C_TO_STRING_PLAIN);
	uint64_t h = sim_hash(SIM_HASH_INIT, g->w.region, strlen(g->w.region));

	h = sim_hash(h, &g->w.start, sizeof(g->w.start));
	h = sim_hash(h, &g->w.end, sizeof(g->w.end));
	h = sim_hash(h, &g->ascending, sizeof(g->ascending));
	h = sim_hash(h, &g->max_datapoints, sizeof(g->max_datapoints));
	return sim_hash(h, text, strlen(text));
}

/* auto_labels: the metric name, plus the statistic and the period when
 * another query of the same metric differs in them (as the service does:
 * "metric1 Sum 60"); an expression's label is its Id. */
static void auto_labels(struct gmd *g)
{
	for (size_t i = 0; i < g->nq; i++) {
		struct mdq *q = &g->q[i];
		bool stat_differs = false, period_differs = false;

		if (q->label)
			continue;
		if (q->expression) {
			q->auto_label = xstrdup(q->id);
			continue;
		}
		for (size_t j = 0; j < g->nq; j++) {
			const struct mdq *o = &g->q[j];

			if (j == i || o->expression ||
			    strcmp(o->metric.metric_name, q->metric.metric_name) != 0)
				continue;
			stat_differs |= strcmp(o->stat_text, q->stat_text) != 0;
			period_differs |= o->period != q->period;
		}
		q->auto_label =
			xasprintf("%s%s%s%s", q->metric.metric_name, stat_differs ? " " : "",
				  stat_differs ? q->stat_text : "", "");
		if (period_differs) {
			char *l = xasprintf("%s %d", q->auto_label, q->period);

			free(q->auto_label);
			q->auto_label = l;
		}
	}
}

struct page {
	struct buf *b;
	bool first_result;
	bool strings; /* the malformed-types fault: numbers sent as strings */
};

static void emit_result(struct page *pg, const char *id, const char *label, const char *status,
			const int64_t *t, const double *v, size_t n, const char *msg_code,
			const char *msg_value)
{
	struct buf *b = pg->b;

	buf_printf(b, "%s{\"Id\":", pg->first_result ? "" : ",");
	pg->first_result = false;
	sim_json_str(b, id);
	buf_printf(b, ",\"Label\":");
	sim_json_str(b, label);
	buf_printf(b, ",\"Timestamps\":[");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "%s", i ? "," : "");
		sim_json_num(b, (double)t[i]);
	}
	buf_printf(b, "],\"Values\":[");
	for (size_t i = 0; i < n; i++) {
		char num[48];

		sim_java_double(num, sizeof(num), v[i]);
		buf_printf(b, pg->strings ? "%s\"%s\"" : "%s%s", i ? "," : "", num);
	}
	buf_printf(b, "],\"StatusCode\":");
	sim_json_str(b, status);
	if (msg_code) {
		buf_printf(b, ",\"Messages\":[{\"Code\":");
		sim_json_str(b, msg_code);
		buf_printf(b, ",\"Value\":");
		sim_json_str(b, msg_value ? msg_value : "");
		buf_printf(b, "}]");
	}
	buf_printf(b, "}");
}

/* emit_series: a whole series, in the request's order. */
static void emit_series(struct page *pg, const struct gmd *g, const char *id, const char *label,
			const struct sim_series *s, const char *msg_code, const char *msg_value)
{
	int64_t *t = xcalloc(s->n + 1, sizeof(*t));
	double *v = xcalloc(s->n + 1, sizeof(*v));

	for (size_t i = 0; i < s->n; i++) {
		size_t k = g->ascending ? i : s->n - 1 - i;

		t[i] = s->t[k];
		v[i] = s->v[k];
	}
	emit_result(pg, id, label, "Complete", t, v, s->n, msg_code, msg_value);
	free(t);
	free(v);
}

/* emit_slots: the datapoints of q's stream positions [a, b). */
static void emit_slots(struct page *pg, const struct gmd *g, const struct mdq *q, int64_t a,
		       int64_t b, const char *status)
{
	size_t cap = (size_t)(b - a), n = 0;
	int64_t *t = xcalloc(cap + 1, sizeof(*t));
	double *v = xcalloc(cap + 1, sizeof(*v));

	for (int64_t j = a; j < b; j++) {
		int64_t k = g->ascending ? j : q->nslots - 1 - j;
		int64_t ts = q->first + k * q->period;

		if (sim_slot_value(&g->w, &q->metric, &q->stat, q->period, ts, &v[n]))
			t[n++] = ts;
	}
	emit_result(pg, q->id, q->label ? q->label : q->auto_label, status, t, v, n, NULL, NULL);
	free(t);
	free(v);
}

static void emit_expression(struct page *pg, struct gmd *g, struct mdq *q)
{
	const char *label = q->label ? q->label : q->auto_label;
	struct sim_series empty = {0};

	if (q->msg_code) {
		char *value = xasprintf("cwtop-sim does not evaluate %s", q->msg_value);

		emit_series(pg, g, q->id, label, &empty, q->msg_code, value);
		free(value);
	} else if (q->nlist) {
		for (size_t j = 0; j < q->nlist; j++)
			emit_series(pg, g, q->id,
				    q->label           ? q->label
				    : q->list[j].label ? q->list[j].label
						       : label,
				    &q->list[j], NULL, NULL);
	} else {
		emit_series(pg, g, q->id, label, &q->full, NULL, NULL);
	}
}

/* gmd_answer: one page. The metric queries' periods form one stream (query
 * by query, in the request's order); a page is `budget` positions of it.
 * Expressions are not paginated (the service returns no NextToken for
 * them): they come whole on the first page. */
static void gmd_answer(struct sim_server *s, struct gmd *g, int64_t budget, struct sim_reply *r,
		       bool strings)
{
	struct page pg = {&r->body, true, strings};
	int64_t total = 0, end;

	for (size_t i = 0; i < g->nq; i++) {
		struct mdq *q = &g->q[i];

		if (q->expression || !q->return_data)
			continue;
		sim_slots(&g->w, q->period, &q->first, &q->nslots);
		q->stream_off = total;
		total += q->nslots;
	}
	if (budget == 0) /* the partial fault: half of it */
		budget = total > 1 ? (total + 1) / 2 : 1;
	end = g->offset + budget;
	auto_labels(g);
	buf_printf(&r->body, "{\"MetricDataResults\":[");
	for (size_t i = 0; i < g->nq; i++) {
		struct mdq *q = &g->q[i];
		int64_t qs = q->stream_off, qe = qs + q->nslots, a, b;

		if (!q->return_data)
			continue;
		if (q->expression) {
			if (g->offset == 0)
				emit_expression(&pg, g, q);
			continue;
		}
		if (q->nslots == 0) {
			if (g->offset == 0)
				emit_slots(&pg, g, q, 0, 0, "Complete");
			continue;
		}
		a = qs > g->offset ? qs : g->offset;
		b = qe < end ? qe : end;
		if (a >= b)
			continue;
		emit_slots(&pg, g, q, a - qs, b - qs, qe > end ? "PartialData" : "Complete");
	}
	buf_printf(&r->body, "]");
	if (end < total) {
		struct sim_token t = {end, g->w.now, g->hash};
		char *tok = sim_token_encode(s->secret, &t);

		buf_printf(&r->body, ",\"NextToken\":");
		sim_json_str(&r->body, tok);
		free(tok);
	}
	buf_printf(&r->body, ",\"Messages\":[]}");
}

static void get_metric_data(struct sim_server *s, const struct sim_request *rq, json_object *req,
			    const struct sim_active_fault *af, struct sim_reply *r)
{
	struct gmd g = {.w.region = rq->region};
	int64_t budget;

	if (!gmd_parse(req, &g, r, rq->query_mode)) {
		gmd_free(&g);
		return;
	}
	g.hash = gmd_hash(&g, req);
	g.w.now = clock_now();
	if (g.next_token) {
		struct sim_token t;

		if (!sim_token_read(s->secret, g.next_token, g.hash, &t, r, rq->query_mode)) {
			gmd_free(&g);
			return;
		}
		g.w.now = t.now;
		g.offset = t.offset;
	}
	for (size_t i = 0; i < g.nq; i++) {
		struct mdq *q = &g.q[i];

		if (q->expression && !eval_query(&g, q, 0)) {
			sim_reply_error(r, rq->query_mode, SIM_E_VALIDATION,
					"Error in expression %s: %s", q->id,
					q->msg_value ? q->msg_value : "a cycle of expressions");
			gmd_free(&g);
			return;
		}
	}
	budget = g.max_datapoints;
	if (af->kind == SIM_FAULT_PAGINATE)
		budget = af->arg > 0 ? af->arg : 1;
	else if (af->kind == SIM_FAULT_PARTIAL)
		budget = 0;
	gmd_answer(s, &g, budget, r, af->kind == SIM_FAULT_MALFORMED_TYPES);
	gmd_free(&g);
}

/* --- DescribeAlarms: the request ---------------------------------------------------------- */

static bool describe_alarms_valid(json_object *req, struct sim_reply *r, bool qm)
{
	json_object *names = member(req, "AlarmNames"), *types = member(req, "AlarmTypes");
	json_object *state = member(req, "StateValue"), *max = member(req, "MaxRecords");
	struct violations vs = {0};
	bool bad;

	if (!types_ok(req, "AlarmNames", json_type_array) ||
	    !types_ok(req, "AlarmNamePrefix", json_type_string) ||
	    !types_ok(req, "AlarmTypes", json_type_array) ||
	    !types_ok(req, "StateValue", json_type_string) ||
	    !types_ok(req, "ActionPrefix", json_type_string) ||
	    !types_ok(req, "MaxRecords", json_type_int) ||
	    !types_ok(req, "NextToken", json_type_string)) {
		sim_reply_error(r, qm, SIM_E_SERIALIZATION, NULL);
		return false;
	}
	for (size_t i = 0; names && i < json_object_array_length(names); i++)
		if (!json_object_is_type(json_object_array_get_idx(names, i), json_type_string)) {
			sim_reply_error(r, qm, SIM_E_SERIALIZATION, NULL);
			return false;
		}
	for (size_t i = 0; types && i < json_object_array_length(types); i++)
		if (!json_object_is_type(json_object_array_get_idx(types, i), json_type_string)) {
			sim_reply_error(r, qm, SIM_E_SERIALIZATION, NULL);
			return false;
		}
	buf_init(&vs.text, 0);
	if (names && json_object_array_length(names) > 100)
		violation(&vs,
			  "Value at 'alarmNames' failed to satisfy constraint: Member must have "
			  "length less than or equal to 100");
	if (state && strcmp(json_object_get_string(state), "OK") != 0 &&
	    strcmp(json_object_get_string(state), "ALARM") != 0 &&
	    strcmp(json_object_get_string(state), "INSUFFICIENT_DATA") != 0)
		violation(&vs,
			  "Value '%s' at 'stateValue' failed to satisfy constraint: Member must "
			  "satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
			  json_object_get_string(state));
	if (max && (json_object_get_int64(max) < 1 || json_object_get_int64(max) > 100))
		violation(&vs,
			  "Value '%" PRId64
			  "' at 'maxRecords' failed to satisfy constraint: Member "
			  "must have value %s",
			  json_object_get_int64(max),
			  json_object_get_int64(max) < 1 ? "greater than or equal to 1"
							 : "less than or equal to 100");
	bad = violations_reply(&vs, r, qm);
	buf_free(&vs.text);
	return !bad;
}

/* alarms_decode: the validated request's filters, limit, token and hash. */
static void alarms_decode(json_object *req, const char *region, struct sim_alarms_request *q)
{
	json_object *names = member(req, "AlarmNames"), *types = member(req, "AlarmTypes");
	json_object *max = member(req, "MaxRecords"), *tok = member(req, "NextToken");
	struct sim_alarm_filter *f = &q->filter;
	json_object *copy = NULL;
	const char *text;

	memset(q, 0, sizeof(*q));
	f->have_names = names != NULL;
	for (size_t i = 0; names && i < json_object_array_length(names); i++)
		if (f->nnames < SIM_MAX_ALARM_NAMES)
			f->names[f->nnames++] =
				json_object_get_string(json_object_array_get_idx(names, i));
	f->prefix = member(req, "AlarmNamePrefix")
			    ? json_object_get_string(member(req, "AlarmNamePrefix"))
			    : NULL;
	f->state = member(req, "StateValue") ? json_object_get_string(member(req, "StateValue"))
					     : NULL;
	f->have_types = types != NULL;
	for (size_t i = 0; types && i < json_object_array_length(types); i++)
		f->metric_alarm_type |=
			strcmp(json_object_get_string(json_object_array_get_idx(types, i)),
			       "MetricAlarm") == 0;
	q->limit = max ? json_object_get_int64(max) : 50;
	q->next_token = tok ? json_object_get_string(tok) : NULL;
	/* A token belongs to the same filters (NextToken itself aside). */
	q->hash = sim_hash(SIM_HASH_INIT, region, strlen(region));
	if (json_object_deep_copy(req, &copy, NULL) == 0) {
		json_object_object_del(copy, "NextToken");
		text = json_object_to_json_string_ext(copy, JSON_C_TO_STRING_PLAIN);
		q->hash = sim_hash(q->hash, text, strlen(text));
		json_object_put(copy);
	}
}

static void describe_alarms(struct sim_server *s, const struct sim_request *rq, json_object *req,
			    const struct sim_active_fault *af, struct sim_reply *r)
{
	struct sim_alarms_request q;

	if (!describe_alarms_valid(req, r, rq->query_mode))
		return;
	alarms_decode(req, rq->region, &q);
	sim_describe_alarms(&q, rq->region, s->secret, af->kind == SIM_FAULT_MALFORMED_TYPES,
			    rq->query_mode, r);
}

/* --- HTTP
 * ------------------------------------------------------------------------------------------ */

/* A streamed body: the oversized fault's padding, or the reset fault's
 * half body. */
struct stream {
	char *data; /* the body (reset) or NULL (padding) */
	size_t total;
	size_t cut; /* reset: where the connection is dropped */
};

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *st = cls;
	size_t n = 0;

	if (st->data) {
		if (pos >= st->cut)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		n = st->cut - (size_t)pos < max ? st->cut - (size_t)pos : max;
		memcpy(out, st->data + pos, n);
		return (ssize_t)n;
	}
	if (pos >= st->total)
		return MHD_CONTENT_READER_END_OF_STREAM;
	return (ssize_t)sim_reply_padding(st->total, pos, out, max);
}

static void stream_free(void *cls)
{
	struct stream *st = cls;

	free(st->data);
	free(st);
}

static void http_date(char *out, size_t outlen)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)clock_now();
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, outlen, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
		 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void request_id(struct sim_server *s, char out[37])
{
	uint64_t n = atomic_fetch_add(&s->seq, 1);
	uint64_t a =
		sim_hash(sim_hash(SIM_HASH_INIT, &s->secret, sizeof(s->secret)), &n, sizeof(n));
	uint64_t b = sim_hash(a, &n, sizeof(n));

	snprintf(out, 37, "%08" PRIx64 "-%04" PRIx64 "-4%03" PRIx64 "-%04" PRIx64 "-%012" PRIx64,
		 a >> 32, (a >> 16) & 0xffff, a & 0xfff, (b >> 48 & 0x3fff) | 0x8000,
		 (uint64_t)(b & 0xffffffffffffULL));
}

static enum MHD_Result send_reply(struct sim_server *s, struct MHD_Connection *c,
				  struct sim_reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char date[64], rid[37];

	if (r->mode == SIM_REPLY_CLOSE)
		return MHD_NO; /* libmicrohttpd closes the connection unanswered */
	if (r->mode == SIM_REPLY_PADDING || r->mode == SIM_REPLY_RESET) {
		struct stream *st = xcalloc(1, sizeof(*st));

		if (r->mode == SIM_REPLY_PADDING) {
			st->total = r->padding;
		} else {
			st->data = buf_steal(&r->body, &st->total);
			st->cut = st->total / 2;
		}
		resp = MHD_create_response_from_callback(st->total, 64 * 1024, stream_read, st,
							 stream_free);
	} else {
		resp = MHD_create_response_from_buffer(
			r->body.len, r->body.data ? r->body.data : "", MHD_RESPMEM_MUST_COPY);
	}
	if (!resp)
		return MHD_NO;
	http_date(date, sizeof(date));
	request_id(s, rid);
	MHD_add_response_header(resp, "Content-Type", r->content_type);
	MHD_add_response_header(resp, "x-amzn-RequestId", rid);
	MHD_add_response_header(resp, "Date", date);
	if (r->query_error[0])
		MHD_add_response_header(resp, "x-amzn-query-error", r->query_error);
	ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

struct upload {
	struct buf body;
};

static bool header_is(const struct sim_request *rq, const char *name, const char *value)
{
	const char *v = sim_request_header(rq, name);

	return v && strcasecmp(v, value) == 0;
}

static const char *operation_of(const struct sim_request *rq)
{
	const char *target = sim_request_header(rq, "X-Amz-Target");
	size_t n = strlen(CW_TARGET_PREFIX);

	if (!target || strncmp(target, CW_TARGET_PREFIX, n) != 0)
		return NULL;
	if (strcmp(target + n, "GetMetricData") == 0)
		return "GetMetricData";
	if (strcmp(target + n, "DescribeAlarms") == 0)
		return "DescribeAlarms";
	return NULL;
}

static void operate(struct sim_server *s, const struct sim_request *rq, const char *op,
		    const struct sim_active_fault *af, struct sim_reply *r)
{
	const char *ctype = sim_request_header(rq, "Content-Type");
	struct json_tokener *tok;
	json_object *req;

	if (!op || strcmp(rq->method, "POST") != 0 || !ctype ||
	    strncasecmp(ctype, "application/x-amz-json-1.", 25) != 0) {
		sim_reply_error(r, rq->query_mode, SIM_E_UNKNOWN_OPERATION, NULL);
		return;
	}
	tok = json_tokener_new_ex(64);
	req = tok ? json_tokener_parse_ex(tok, rq->body, (int)rq->body_len) : NULL;
	if (!req || json_tokener_get_error(tok) != json_tokener_success ||
	    tok->char_offset != (int)rq->body_len || !json_object_is_type(req, json_type_object)) {
		sim_reply_error(r, rq->query_mode, SIM_E_SERIALIZATION, NULL);
	} else if (strcmp(op, "GetMetricData") == 0) {
		get_metric_data(s, rq, req, af, r);
	} else {
		describe_alarms(s, rq, req, af, r);
	}
	json_object_put(req);
	if (tok)
		json_tokener_free(tok);
}

static enum MHD_Result handle(struct sim_server *s, struct MHD_Connection *c, const char *url,
			      const char *method, struct upload *up)
{
	struct sim_request rq = {
		.conn = c,
		.method = method,
		.url = url,
		.body = up->body.data ? up->body.data : "",
		.body_len = up->body.len,
	};
	struct sim_active_fault af;
	const char *op;
	struct sim_reply r;
	enum MHD_Result ret;

	sim_reply_init(&r);
	if (strncmp(url, "/_sim/", 6) == 0) {
		sim_control(s, url, method, rq.body, &r);
		ret = send_reply(s, c, &r);
		buf_free(&r.body);
		return ret;
	}
	rq.query_mode = header_is(&rq, "x-amzn-query-mode", "true");
	sim_auth_parse(&rq);
	op = operation_of(&rq);
	af = fault_take(s, rq.region[0] ? rq.region : NULL);
	if (sim_fault_network(&rq, &af, s->no_outage, &s->stopping, &r))
		goto done;
	if (up->body.overflowed) {
		sim_reply_error(&r, rq.query_mode, SIM_E_TOO_LARGE,
				"Request size exceeded the limit");
		goto done;
	}
	if (!sim_auth_verify(&rq, &r) || sim_fault_service(&rq, op, &af, &r))
		goto done;
	operate(s, &rq, op, &af, &r);
	sim_fault_damage(&af, &r);
done:
	record(s, rq.region, op, &r);
	ret = send_reply(s, c, &r);
	buf_free(&r.body);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *data,
				  size_t *data_size, void **con_cls)
{
	struct sim_server *s = cls;
	struct upload *up = *con_cls;

	(void)version;
	if (!up) {
		up = xcalloc(1, sizeof(*up));
		buf_init(&up->body, SIM_MAX_REQUEST_BODY);
		*con_cls = up;
		return MHD_YES;
	}
	if (*data_size) {
		buf_append(&up->body, data, *data_size); /* past the limit: 413 */
		*data_size = 0;
		return MHD_YES;
	}
	return handle(s, c, url, method, up);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
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

/* --- Life cycle
 * ------------------------------------------------------------------------------------ */

struct sim_server *sim_server_start(const struct sim_options *opt, char *err, size_t errlen)
{
	const char *bind = opt && opt->bind ? opt->bind : "127.0.0.1";
	unsigned port = opt ? opt->port : 0;
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	struct sim_server *s;
	unsigned flags;
	uint64_t seed;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (port > 65535 || inet_pton(AF_INET, bind, &sa.sin_addr) != 1) {
		snprintf(err, errlen, "cannot listen on %s port %u: not an IPv4 address and port",
			 bind, port);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	atomic_init(&s->stopping, false);
	atomic_init(&s->seq, 1);
	seed = (uint64_t)clock_mono_ms() ^ ((uint64_t)(uintptr_t)s << 16);
	s->secret = sim_hash(SIM_HASH_INIT, &seed, sizeof(seed));
	s->quiet = opt && opt->quiet;
	s->no_outage = opt && opt->no_outage;
	for (size_t i = 0; opt && i < opt->nfaults; i++) {
		if (sim_server_add_fault(s, &opt->faults[i]) < 0) {
			snprintf(err, errlen, "too many faults or a bad fault");
			pthread_mutex_destroy(&s->lock);
			free(s);
			return NULL;
		}
	}
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
		(s->quiet ? 0 : MHD_USE_ERROR_LOG);
	s->daemon = MHD_start_daemon(
		flags, (uint16_t)port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)(256 * 1024), MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, errlen, "cannot listen on %s port %u: %s", bind, port,
			 errno ? strerror(errno) : "libmicrohttpd refused");
		pthread_mutex_destroy(&s->lock);
		free(s);
		return NULL;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : port;
	return s;
}

unsigned sim_server_port(const struct sim_server *s)
{
	return s ? s->port : 0;
}

void sim_server_stop(struct sim_server *s)
{
	if (!s)
		return;
	atomic_store(&s->stopping, true);
	MHD_stop_daemon(s->daemon);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
