/* cw_alarms: DescribeAlarms bodies out, metric alarms in; matching to panes. */
#include "config.h"

#include "src/cw_alarms.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "src/format.h"
#include "src/sanitize.h"
#include "src/xalloc.h"

#define STAT_MAX 32 /* "p99.9", "TM(10%:90%)", "Average": longer is refused */

char *cw_alarms_build_request(const char *next_token)
{
	struct json_object *root = json_object_new_object();
	struct json_object *types = json_object_new_array();
	char *body;

	if (!root || !types)
		fatal("out of memory (json)");
	json_object_array_add(types, json_object_new_string("MetricAlarm"));
	json_object_object_add(root, "AlarmTypes", types);
	json_object_object_add(root, "MaxRecords", json_object_new_int(CW_ALARMS_PAGE));
	if (next_token && *next_token)
		json_object_object_add(root, "NextToken", json_object_new_string(next_token));
	body = xstrdup(json_object_to_json_string_ext(
		root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return body;
}

const char *cw_alarm_state_word(enum cw_alarm_state s)
{
	switch (s) {
	case CW_ALARM_OK:
		return "OK";
	case CW_ALARM_ALARM:
		return "ALARM";
	case CW_ALARM_INSUFFICIENT_DATA:
		return "INSUFFICIENT_DATA";
	case CW_ALARM_UNKNOWN:
		break;
	}
	return "UNKNOWN";
}

/* --- Decoding ------------------------------------------------------------- */

struct ctx {
	struct cw_error *err;
	size_t index; /* the alarm being read, for messages */
};

static int malformed(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int malformed(struct ctx *c, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	cw_error_set(c->err, CW_ERR_MALFORMED, "MalformedResponse",
		     "malformed DescribeAlarms response: %s", what);
	return -1;
}

/* text: a bounded, sanitized copy of the string member key into *out
 * (left NULL when absent); -1 when it is not a string or too long. */
static int text(struct ctx *c, struct json_object *obj, const char *key, size_t max, char **out)
{
	struct json_object *v = cw_json_member(obj, key);
	size_t len;

	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return malformed(c, "alarm %zu: %s is not a string", c->index, key);
	len = (size_t)json_object_get_string_len(v);
	if (len > max)
		return malformed(c, "alarm %zu: %s longer than %zu bytes", c->index, key, max);
	free(*out);
	*out = sanitize_dup(json_object_get_string(v), len, max);
	return 0;
}

/* integer: a whole number member in 0..1e6 into *out (left as is when
 * absent). */
static int integer(struct ctx *c, struct json_object *obj, const char *key, int *out)
{
	struct json_object *v = cw_json_member(obj, key);
	double d;

	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
		return malformed(c, "alarm %zu: %s is not a number", c->index, key);
	d = json_object_get_double(v);
	if (!isfinite(d) || d < 0 || d > 1e6 || d != floor(d))
		return malformed(c, "alarm %zu: %s is not a count", c->index, key);
	*out = (int)d;
	return 0;
}

static enum cw_alarm_state state_of(const char *s)
{
	if (!s)
		return CW_ALARM_UNKNOWN;
	if (strcmp(s, "OK") == 0)
		return CW_ALARM_OK;
	if (strcmp(s, "ALARM") == 0)
		return CW_ALARM_ALARM;
	if (strcmp(s, "INSUFFICIENT_DATA") == 0)
		return CW_ALARM_INSUFFICIENT_DATA;
	return CW_ALARM_UNKNOWN;
}

static bool cmp_of(const char *s, enum cmp_op *out)
{
	static const struct {
		const char *name;
		enum cmp_op op;
	} ops[] = {
		{"GreaterThanThreshold", CMP_GT},
		{"GreaterThanOrEqualToThreshold", CMP_GE},
		{"LessThanThreshold", CMP_LT},
		{"LessThanOrEqualToThreshold", CMP_LE},
	};

	for (size_t i = 0; s && i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(s, ops[i].name) == 0) {
			*out = ops[i].op;
			return true;
		}
	}
	return false;
}

/* timestamp: epoch seconds, 0 when absent or unreadable (the state is
 * still worth showing without its time). */
static int64_t timestamp(struct json_object *obj, const char *key)
{
	int64_t t = 0;

	return cw_json_timestamp(cw_json_member(obj, key), &t) ? t : 0;
}

static int parse_dims(struct ctx *c, struct json_object *obj, struct cw_alarm *a)
{
	struct json_object *dims = cw_json_member(obj, "Dimensions");
	size_t n;

	if (!dims)
		return 0;
	if (!json_object_is_type(dims, json_type_array))
		return malformed(c, "alarm %zu: Dimensions is not an array", c->index);
	n = json_object_array_length(dims);
	if (n > METRIC_MAX_DIMS)
		return malformed(c, "alarm %zu: more than %d dimensions", c->index,
				 METRIC_MAX_DIMS);
	for (size_t i = 0; i < n; i++) {
		struct json_object *d = json_object_array_get_idx(dims, i);
		struct dimension *dim = &a->dims[a->ndims];

		if (!json_object_is_type(d, json_type_object))
			return malformed(c, "alarm %zu: a dimension is not an object", c->index);
		a->ndims++; /* counted first: freed whatever follows */
		if (text(c, d, "Name", CW_ALARM_MAX_TEXT, &dim->name) != 0 ||
		    text(c, d, "Value", CW_ALARM_MAX_TEXT, &dim->value) != 0)
			return -1;
		if (!dim->name || !dim->value)
			return malformed(c, "alarm %zu: a dimension without Name or Value",
					 c->index);
	}
	return 0;
}

static int parse_threshold(struct ctx *c, struct json_object *obj, struct cw_alarm *a)
{
	struct json_object *v = cw_json_member(obj, "Threshold");
	double d;

	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
		return malformed(c, "alarm %zu: Threshold is not a number", c->index);
	d = json_object_get_double(v);
	if (!isfinite(d))
		return malformed(c, "alarm %zu: Threshold is not finite", c->index);
	a->threshold = d;
	a->has_threshold = true;
	return 0;
}

static int parse_alarm(struct ctx *c, struct json_object *obj, struct cw_alarm *a)
{
	char *state = NULL, *cmp = NULL, *ext = NULL;
	int rc;

	if (!json_object_is_type(obj, json_type_object))
		return malformed(c, "alarm %zu is not an object", c->index);
	rc = text(c, obj, "AlarmName", CW_ALARM_MAX_TEXT, &a->name);
	if (rc == 0 && !a->name)
		rc = malformed(c, "alarm %zu has no AlarmName", c->index);
	if (rc == 0)
		rc = text(c, obj, "StateValue", STAT_MAX, &state);
	if (rc == 0)
		rc = text(c, obj, "Namespace", CW_ALARM_MAX_TEXT, &a->namespace_);
	if (rc == 0)
		rc = text(c, obj, "MetricName", CW_ALARM_MAX_TEXT, &a->metric_name);
	if (rc == 0)
		rc = text(c, obj, "Statistic", STAT_MAX, &a->statistic);
	if (rc == 0)
		rc = text(c, obj, "ExtendedStatistic", STAT_MAX, &ext);
	if (rc == 0)
		rc = text(c, obj, "ComparisonOperator", 64, &cmp);
	if (rc == 0)
		rc = parse_dims(c, obj, a);
	if (rc == 0)
		rc = parse_threshold(c, obj, a);
	if (rc == 0)
		rc = integer(c, obj, "Period", &a->period);
	if (rc == 0)
		rc = integer(c, obj, "EvaluationPeriods", &a->periods);
	if (rc == 0)
		rc = integer(c, obj, "DatapointsToAlarm", &a->datapoints);
	a->state = state_of(state);
	a->has_cmp = cmp_of(cmp, &a->cmp);
	if (!a->statistic && ext) {
		a->statistic = ext;
		ext = NULL;
	}
	if (a->datapoints == 0)
		a->datapoints = a->periods;
	if (!a->namespace_ || !a->metric_name) { /* metric math: matches nothing */
		free(a->namespace_);
		free(a->metric_name);
		a->namespace_ = a->metric_name = NULL;
	}
	a->since = timestamp(obj, "StateTransitionedTimestamp");
	if (a->since == 0)
		a->since = timestamp(obj, "StateUpdatedTimestamp");
	free(state);
	free(cmp);
	free(ext);
	return rc;
}

static int parse_token(struct ctx *c, struct json_object *v, char **out)
{
	char why[64];

	return cw_json_token(v, out, why, sizeof(why)) == 0 ? 0 : malformed(c, "%s", why);
}

static int parse_root(struct ctx *c, struct json_object *root, struct cw_alarms_page *out)
{
	struct json_object *list;
	size_t n;

	if (!json_object_is_type(root, json_type_object))
		return malformed(c, "not a JSON object");
	list = cw_json_member(root, "MetricAlarms");
	if (list && !json_object_is_type(list, json_type_array))
		return malformed(c, "MetricAlarms is not an array");
	n = list ? json_object_array_length(list) : 0;
	if (n > CW_ALARMS_PAGE)
		return malformed(c, "more than %d alarms in a page", CW_ALARMS_PAGE);
	out->alarms = xcalloc(n ? n : 1, sizeof(*out->alarms));
	for (size_t i = 0; i < n; i++) {
		c->index = i;
		out->n++;
		if (parse_alarm(c, json_object_array_get_idx(list, i), &out->alarms[i]) != 0)
			return -1;
	}
	return parse_token(c, cw_json_member(root, "NextToken"), &out->next_token);
}

int cw_alarms_parse(const char *body, size_t len, struct cw_alarms_page *out, struct cw_error *err)
{
	struct ctx c = {err, 0};
	struct json_object *root;
	char why[160];
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	root = cw_json_parse(body, len, why, sizeof(why));
	if (!root)
		return malformed(&c, "%s", why);
	rc = parse_root(&c, root, out);
	json_object_put(root);
	if (rc != 0)
		cw_alarms_page_free(out);
	return rc;
}

void cw_alarm_free(struct cw_alarm *a)
{
	free(a->name);
	free(a->namespace_);
	free(a->metric_name);
	free(a->statistic);
	for (size_t i = 0; i < a->ndims; i++) {
		free(a->dims[i].name);
		free(a->dims[i].value);
	}
	memset(a, 0, sizeof(*a));
}

void cw_alarms_page_free(struct cw_alarms_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		cw_alarm_free(&p->alarms[i]);
	free(p->alarms);
	free(p->next_token);
	memset(p, 0, sizeof(*p));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void cw_alarm_copy(struct cw_alarm *dst, const struct cw_alarm *src)
{
	*dst = *src;
	dst->name = dup_or_null(src->name);
	dst->namespace_ = dup_or_null(src->namespace_);
	dst->metric_name = dup_or_null(src->metric_name);
	dst->statistic = dup_or_null(src->statistic);
	for (size_t i = 0; i < src->ndims; i++) {
		dst->dims[i].name = dup_or_null(src->dims[i].name);
		dst->dims[i].value = dup_or_null(src->dims[i].value);
	}
}

/* --- Matching ------------------------------------------------------------- */

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool has_dim(const struct cw_alarm *a, const struct dimension *d)
{
	for (size_t i = 0; i < a->ndims; i++)
		if (same(a->dims[i].name, d->name) && same(a->dims[i].value, d->value))
			return true;
	return false;
}

bool cw_alarm_matches(const struct cw_alarm *a, const struct metric_def *m)
{
	if (m->expression || !a->namespace_ || !same(a->namespace_, m->namespace_) ||
	    !same(a->metric_name, m->metric_name) || !same(a->statistic, metric_def_stat(m)) ||
	    a->ndims != m->ndims)
		return false;
	/* Dimension names are unique in a metric, so equal counts and every
	 * one of m's present in a make the sets equal. */
	for (size_t i = 0; i < m->ndims; i++)
		if (!has_dim(a, &m->dims[i]))
			return false;
	return true;
}

/* add: append one difference to out, "; " between them. */
static void add(char *out, size_t len, int *count, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add(char *out, size_t len, int *count, const char *fmt, ...)
{
	size_t used = strlen(out);
	va_list ap;

	if (*count && used + 2 < len) {
		memcpy(out + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	if (used < len)
		vsnprintf(out + used, len - used, fmt, ap);
	va_end(ap);
	(*count)++;
}

static bool near(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

int cw_alarm_differences(const struct cw_alarm *a, const struct metric_def *m, char *out,
			 size_t len)
{
	const struct alarm_rule *r = &m->rule;
	const char *unit = metric_def_unit(m);
	char theirs[48], ours[48];
	int count = 0;

	if (len)
		out[0] = '\0';
	if (!r->enabled || !len)
		return 0;
	if (a->has_threshold && !near(metric_def_display(m, a->threshold), r->threshold)) {
		format_value(theirs, sizeof(theirs), metric_def_display(m, a->threshold), unit);
		format_value(ours, sizeof(ours), r->threshold, unit);
		add(out, len, &count, "CloudWatch alarm threshold %s differs from cwtop's %s",
		    theirs, ours);
	}
	if (a->has_cmp && a->cmp != r->cmp)
		add(out, len, &count, "%s comparison %s differs from cwtop's %s",
		    count ? "its" : "CloudWatch alarm", cmp_symbol(a->cmp), cmp_symbol(r->cmp));
	if (a->periods > 0 && (a->periods != r->periods || a->datapoints != r->datapoints))
		add(out, len, &count, "%s %d of %d periods differ from cwtop's %d of %d",
		    count ? "its" : "CloudWatch alarm", a->datapoints, a->periods, r->datapoints,
		    r->periods);
	if (a->period > 0 && a->period != m->period)
		add(out, len, &count, "%s period %ds differs from cwtop's %ds",
		    count ? "its" : "CloudWatch alarm", a->period, m->period);
	return count;
}
