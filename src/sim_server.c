/* sim_server: the demo endpoint's front: libmicrohttpd, the path of a
 * request through the sim modules, and the JSON requests decoded.
 *
 * The request path, in order: control requests (/_sim/...) are answered
 * unsigned (sim_control); then the Authorization header is parsed far
 * enough to know the region (sim_auth); network-level faults (down, slow,
 * unavailable) and the story's outage act before any check, as a broken
 * front door would (sim_faults); then the signature is verified; then the
 * service-level faults (throttle, expired token, access denied, internal);
 * then the operation (sim_query, sim_alarms); and last the faults that
 * damage a good answer on its way out (malformed bodies, oversized,
 * reset). Every answer is counted (sim_stats).
 *
 * The request bodies are decoded here into plain structs and validated in
 * the service's order: JSON types (SerializationException), Coral's
 * constraints (ValidationError), then CloudWatch's own checks. json-c is
 * kept to this one file of the endpoint (tests/check-layers.sh), so the
 * modules behind it work on decoded values. Error shapes: sim_reply.h. */
#include "config.h"

#include "src/sim_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
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

#include "src/buf.h"
#include "src/clock.h"
#include "src/cloudwatch.h"
#include "src/sim_alarms.h"
#include "src/sim_auth.h"
#include "src/sim_control.h"
#include "src/sim_faults.h"
#include "src/sim_math.h"
#include "src/sim_query.h"
#include "src/sim_reply.h"
#include "src/sim_request.h"
#include "src/sim_series.h"
#include "src/sim_stats.h"
#include "src/sim_story.h"
#include "src/sim_token.h"
#include "src/text.h"
#include "src/xalloc.h"

#define SIM_MAX_PAGE CW_MAX_DATAPOINTS

/* --- The server: its faults and counts share one lock ---------------------------------------- */

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

/* --- GetMetricData: the request decoded ------------------------------------------------------ */

static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v; /* NULL for a JSON null too */
}

/* string_member: a string member's value; NULL when absent or null. */
static const char *string_member(json_object *o, const char *key)
{
	return json_object_get_string(member(o, key));
}

static bool is_number(json_object *v)
{
	return json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
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

static void query_constraints(json_object *q, size_t i, struct sim_violations *vs)
{
	json_object *ms = member(q, "MetricStat"), *m = member(ms, "Metric");
	json_object *id = member(q, "Id"), *dims = member(m, "Dimensions");
	json_object *period = ms ? member(ms, "Period") : member(q, "Period");

	if (!id)
		sim_violation(vs, "Value null at 'metricDataQueries.%zu.member.id' " NOT_NULL,
			      i + 1);
	else if (strlen(json_object_get_string(id)) > 255)
		sim_violation(
			vs,
			"Value at 'metricDataQueries.%zu.member.id' failed to satisfy constraint: "
			"Member must have length less than or equal to 255",
			i + 1);
	if (ms && !m)
		sim_violation(
			vs,
			"Value null at 'metricDataQueries.%zu.member.metricStat.metric' " NOT_NULL,
			i + 1);
	if (ms && !member(ms, "Period"))
		sim_violation(
			vs,
			"Value null at 'metricDataQueries.%zu.member.metricStat.period' " NOT_NULL,
			i + 1);
	if (ms && !member(ms, "Stat"))
		sim_violation(
			vs,
			"Value null at 'metricDataQueries.%zu.member.metricStat.stat' " NOT_NULL,
			i + 1);
	if (period && json_object_get_int64(period) < 1)
		sim_violation(
			vs,
			"Value '%" PRId64 "' at 'metricDataQueries.%zu.member.%speriod' failed to "
			"satisfy constraint: Member must have value greater than or equal to 1",
			json_object_get_int64(period), i + 1, ms ? "metricStat." : "");
	if (dims && json_object_array_length(dims) > METRIC_MAX_DIMS)
		sim_violation(
			vs,
			"Value at 'metricDataQueries.%zu.member.metricStat.metric.dimensions' "
			"failed to satisfy constraint: Member must have length less than or equal "
			"to 30",
			i + 1);
	for (size_t j = 0; dims && j < json_object_array_length(dims) && j < METRIC_MAX_DIMS; j++) {
		json_object *d = json_object_array_get_idx(dims, j);

		if (!member(d, "Name"))
			sim_violation(
				vs,
				"Value null at 'metricDataQueries.%zu.member.metricStat.metric."
				"dimensions.%zu.member.name' " NOT_NULL,
				i + 1, j + 1);
		if (!member(d, "Value"))
			sim_violation(
				vs,
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
		if (!text_is_alnum(*p) && *p != '_')
			return false;
	return true;
}

/* query_fill: one query's members into q; false with the service's error. */
static bool query_fill(json_object *jq, size_t i, struct sim_mdq *q, struct sim_reply *r, bool qm)
{
	json_object *ms = member(jq, "MetricStat"), *m = member(ms, "Metric");
	json_object *dims = member(m, "Dimensions"), *rd = member(jq, "ReturnData");
	json_object *period = ms ? member(ms, "Period") : member(jq, "Period");
	int64_t p64;

	q->id = string_member(jq, "Id");
	q->label = string_member(jq, "Label");
	q->return_data = rd ? json_object_get_boolean(rd) : true;
	q->expression = string_member(jq, "Expression");
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
	q->stat_text = string_member(ms, "Stat");
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
	q->metric.namespace_ = string_member(m, "Namespace");
	q->metric.metric_name = string_member(m, "MetricName");
	q->metric.dims = q->dims;
	for (size_t j = 0; dims && j < json_object_array_length(dims); j++) {
		json_object *d = json_object_array_get_idx(dims, j);

		q->dims[j].name = string_member(d, "Name");
		q->dims[j].value = string_member(d, "Value");
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
static bool gmd_parse(json_object *req, struct sim_gmd *g, struct sim_reply *r, bool qm)
{
	json_object *qs = member(req, "MetricDataQueries"), *scan = member(req, "ScanBy");
	json_object *maxdp = member(req, "MaxDatapoints");
	struct sim_violations vs = {0};
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
		sim_violation(&vs, "Value null at 'metricDataQueries' " NOT_NULL);
	else if (n > CW_MAX_QUERIES)
		sim_violation(&vs,
			      "Value at 'metricDataQueries' failed to satisfy constraint: Member "
			      "must have length less than or equal to 500");
	if (!member(req, "StartTime"))
		sim_violation(&vs, "Value null at 'startTime' " NOT_NULL);
	if (!member(req, "EndTime"))
		sim_violation(&vs, "Value null at 'endTime' " NOT_NULL);
	if (scan && strcmp(json_object_get_string(scan), "TimestampDescending") != 0 &&
	    strcmp(json_object_get_string(scan), "TimestampAscending") != 0)
		sim_violation(
			&vs,
			"Value '%s' at 'scanBy' failed to satisfy constraint: Member must satisfy "
			"enum value set: [TimestampDescending, TimestampAscending]",
			json_object_get_string(scan));
	for (size_t i = 0; i < n && n <= CW_MAX_QUERIES; i++)
		query_constraints(json_object_array_get_idx(qs, i), i, &vs);
	bad = sim_violations_reply(&vs, r, qm);
	buf_free(&vs.text);
	if (bad)
		return false;

	g->w.start = time_member(req, "StartTime");
	g->w.end = time_member(req, "EndTime");
	g->ascending = scan && strcmp(json_object_get_string(scan), "TimestampAscending") == 0;
	g->max_datapoints = maxdp ? json_object_get_int64(maxdp) : SIM_MAX_PAGE;
	if (g->max_datapoints < 1 || g->max_datapoints > SIM_MAX_PAGE)
		g->max_datapoints = SIM_MAX_PAGE;
	g->next_token = string_member(req, "NextToken");
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

/* gmd_hash: what a NextToken is bound to: the region, the range, the order,
 * the page size and the queries. */
static uint64_t gmd_hash(const struct sim_gmd *g, json_object *req)
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

static void get_metric_data(struct sim_server *s, const struct sim_request *rq, json_object *req,
			    const struct sim_active_fault *af, struct sim_reply *r)
{
	struct sim_gmd g = {.w.region = rq->region};

	if (gmd_parse(req, &g, r, rq->query_mode)) {
		g.hash = gmd_hash(&g, req);
		sim_get_metric_data(&g, s->secret, af, rq->query_mode, r);
	}
	sim_gmd_free(&g);
}

/* --- DescribeAlarms: the request decoded ----------------------------------------------------- */

static bool describe_alarms_valid(json_object *req, struct sim_reply *r, bool qm)
{
	json_object *names = member(req, "AlarmNames"), *types = member(req, "AlarmTypes");
	json_object *state = member(req, "StateValue"), *max = member(req, "MaxRecords");
	struct sim_violations vs = {0};
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
	if (names && json_object_array_length(names) > SIM_MAX_ALARM_NAMES)
		sim_violation(
			&vs, "Value at 'alarmNames' failed to satisfy constraint: Member must have "
			     "length less than or equal to 100");
	if (state && strcmp(json_object_get_string(state), "OK") != 0 &&
	    strcmp(json_object_get_string(state), "ALARM") != 0 &&
	    strcmp(json_object_get_string(state), "INSUFFICIENT_DATA") != 0)
		sim_violation(
			&vs,
			"Value '%s' at 'stateValue' failed to satisfy constraint: Member must "
			"satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
			json_object_get_string(state));
	if (max && (json_object_get_int64(max) < 1 || json_object_get_int64(max) > 100))
		sim_violation(&vs,
			      "Value '%" PRId64
			      "' at 'maxRecords' failed to satisfy constraint: Member "
			      "must have value %s",
			      json_object_get_int64(max),
			      json_object_get_int64(max) < 1 ? "greater than or equal to 1"
							     : "less than or equal to 100");
	bad = sim_violations_reply(&vs, r, qm);
	buf_free(&vs.text);
	return !bad;
}

/* alarms_decode: the validated request's filters, limit, token and hash. */
static void alarms_decode(json_object *req, const char *region, struct sim_alarms_request *q)
{
	json_object *names = member(req, "AlarmNames"), *types = member(req, "AlarmTypes");
	json_object *max = member(req, "MaxRecords");
	struct sim_alarm_filter *f = &q->filter;
	json_object *copy = NULL;
	const char *text;

	memset(q, 0, sizeof(*q));
	f->have_names = names != NULL;
	for (size_t i = 0; names && i < json_object_array_length(names); i++)
		if (f->nnames < SIM_MAX_ALARM_NAMES)
			f->names[f->nnames++] =
				json_object_get_string(json_object_array_get_idx(names, i));
	f->prefix = string_member(req, "AlarmNamePrefix");
	f->state = string_member(req, "StateValue");
	f->have_types = types != NULL;
	for (size_t i = 0; types && i < json_object_array_length(types); i++)
		f->metric_alarm_type |=
			strcmp(json_object_get_string(json_object_array_get_idx(types, i)),
			       "MetricAlarm") == 0;
	q->limit = max ? json_object_get_int64(max) : 50;
	q->next_token = string_member(req, "NextToken");
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

/* --- HTTP: libmicrohttpd and the path of a request ------------------------------------------- */

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

/* --- Life cycle ------------------------------------------------------------------------------ */

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
