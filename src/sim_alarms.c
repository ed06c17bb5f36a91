/* sim_alarms: DescribeAlarms for the demo endpoint: the demo's alarms, evaluated on the story. */
#include "config.h"

#include "src/sim_alarms.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/clock.h"
#include "src/sim_json.h"
#include "src/sim_series.h"
#include "src/sim_server.h"
#include "src/sim_story.h"
#include "src/sim_token.h"
#include "src/xalloc.h"

/* iso_date: "2025-05-02T14:04:21.123+0000", as StateReasonData has it. */
static void iso_date(char *out, size_t outlen, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char date[32];

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, outlen, "%s.%03d+0000", date, (int)(ms % 1000));
}

/* short_date: "02/05/25 14:03:00", as StateReason quotes datapoints. */
static void short_date(char *out, size_t outlen, int64_t s)
{
	time_t t = (time_t)s;
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, outlen, "%02d/%02d/%02d %02d:%02d:%02d", tm.tm_mday, tm.tm_mon + 1,
		 tm.tm_year % 100, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

struct alarm_def {
	const char *name;
	const char *description;
	const char *namespace_;
	const char *metric_name;
	const struct sim_dim *dims;
	size_t ndims;
	const char *statistic;
	double threshold;
	int datapoints; /* M */
	int periods;    /* N */
};

static const struct sim_dim alarm_api_dims[] = {{"ApiName", SIM_API_NAME},
						{"Stage", SIM_API_STAGE}};

static const struct alarm_def alarms[] = {
	{"smuppy-api-latency-high", "API latency Average above 500 ms for 3 minutes",
	 "AWS/ApiGateway", "Latency", alarm_api_dims, 2, "Average", 500, 3, 3},
	{"smuppy-lambda-concurrency-high", "Lambda concurrency Maximum above 18,000 for 2 minutes",
	 "AWS/Lambda", "ConcurrentExecutions", NULL, 0, "Maximum", 18000, 2, 2},
};

#define ALARM_COUNT  (sizeof(alarms) / sizeof(alarms[0]))
#define ALARM_PERIOD 60
/* When the alarms were created: any fixed time will do, as long as it is
 * not after "now" (it is clamped). */
#define ALARM_CREATED 1767225600 /* 2026-01-01T00:00:00Z */

enum alarm_state { ST_OK, ST_ALARM, ST_INSUFFICIENT };

static const char *state_name(enum alarm_state s)
{
	return s == ST_OK ? "OK" : s == ST_ALARM ? "ALARM" : "INSUFFICIENT_DATA";
}

struct evaluation {
	enum alarm_state state;
	int64_t t[8]; /* the evaluated periods, newest first */
	double v[8];
	double samples[8];
	bool present[8];
	int breaching;
	int missing;
};

/* evaluate: the alarm at time `at`, over the last N complete minutes (the
 * newest of which may still be revised upwards, as in CloudWatch). Missing
 * data is treated as missing: all missing is INSUFFICIENT_DATA. */
static void evaluate(const char *region, const struct alarm_def *a, int64_t at,
		     struct evaluation *ev)
{
	struct sim_metric m = {a->namespace_, a->metric_name, a->dims, a->ndims};
	struct sim_stat st, sc;
	int64_t end = sim_floor_to(at, ALARM_PERIOD);

	memset(ev, 0, sizeof(*ev));
	sim_stat_parse(a->statistic, &st);
	sim_stat_parse("SampleCount", &sc);
	for (int i = 0; i < a->periods && i < 8; i++) {
		int64_t t = end - (int64_t)(i + 1) * ALARM_PERIOD;

		ev->t[i] = t;
		ev->present[i] = sim_story_value(region, &m, &st, ALARM_PERIOD, t, at, &ev->v[i]);
		if (!ev->present[i]) {
			ev->missing++;
			continue;
		}
		sim_story_value(region, &m, &sc, ALARM_PERIOD, t, at, &ev->samples[i]);
		if (ev->v[i] > a->threshold)
			ev->breaching++;
	}
	if (ev->missing == a->periods)
		ev->state = ST_INSUFFICIENT;
	else
		ev->state = ev->breaching >= a->datapoints ? ST_ALARM : ST_OK;
}

/* last_transition: when the alarm entered its current state (the alarm is
 * evaluated at each minute; looked for over one story loop). */
static int64_t last_transition(const char *region, const struct alarm_def *a, int64_t now,
			       enum alarm_state current)
{
	int64_t t = sim_floor_to(now, ALARM_PERIOD);
	struct evaluation ev;

	for (int i = 1; i <= SIM_STORY_MINUTES + 8; i++) {
		evaluate(region, a, t - (int64_t)i * ALARM_PERIOD, &ev);
		if (ev.state != current)
			return t - (int64_t)(i - 1) * ALARM_PERIOD;
	}
	return t - (int64_t)(SIM_STORY_MINUTES + 8) * ALARM_PERIOD;
}

static void value_text(char *out, size_t outlen, double v)
{
	char num[48];

	sim_java_double(num, sizeof(num), round(v * 100) / 100);
	snprintf(out, outlen, "%s", num);
}

/* state_reason: the text the service writes, e.g. "Threshold Crossed: 3 out
 * of the last 3 datapoints [612.4 (02/05/25 14:03:00), ...] were greater
 * than the threshold (500.0) (minimum 3 datapoints for OK -> ALARM
 * transition)." */
static void state_reason(struct buf *b, const struct alarm_def *a, const struct evaluation *ev)
{
	char thr[48], num[48], when[32];
	int listed = 0;

	sim_java_double(thr, sizeof(thr), a->threshold);
	if (ev->state == ST_INSUFFICIENT) {
		buf_printf(b, "Insufficient Data: %d datapoint%s %s unknown.", a->periods,
			   a->periods == 1 ? "" : "s", a->periods == 1 ? "was" : "were");
		return;
	}
	if (ev->state == ST_ALARM)
		buf_printf(b, "Threshold Crossed: %d out of the last %d datapoints [",
			   ev->breaching, a->periods);
	else
		buf_printf(b, "Threshold Crossed: %d datapoint%s [", a->periods - ev->missing,
			   a->periods - ev->missing == 1 ? "" : "s");
	for (int i = 0; i < a->periods && i < 8; i++) {
		if (!ev->present[i])
			continue;
		value_text(num, sizeof(num), ev->v[i]);
		short_date(when, sizeof(when), ev->t[i]);
		buf_printf(b, "%s%s (%s)", listed++ ? ", " : "", num, when);
	}
	if (ev->state == ST_ALARM)
		buf_printf(b,
			   "] were greater than the threshold (%s) (minimum %d datapoint%s for OK "
			   "-> ALARM transition).",
			   thr, a->datapoints, a->datapoints == 1 ? "" : "s");
	else
		buf_printf(b,
			   "] %s not greater than the threshold (%s) (minimum 1 datapoint for "
			   "ALARM -> OK transition).",
			   listed == 1 ? "was" : "were", thr);
}

/* state_reason_data: the JSON document the service sends as a string. */
static char *state_reason_data(const struct alarm_def *a, const struct evaluation *ev,
			       int64_t now_ms)
{
	struct buf b;
	char date[64];
	bool first = true;

	buf_init(&b, 0);
	iso_date(date, sizeof(date), now_ms);
	buf_printf(&b, "{\"version\":\"1.0\",\"queryDate\":\"%s\"", date);
	iso_date(date, sizeof(date), ev->t[a->periods - 1] * 1000);
	buf_printf(&b, ",\"startDate\":\"%s\",\"statistic\":\"%s\",\"period\":%d", date,
		   a->statistic, ALARM_PERIOD);
	buf_printf(&b, ",\"recentDatapoints\":[");
	for (int i = a->periods - 1; i >= 0; i--) {
		if (!ev->present[i])
			continue;
		buf_printf(&b, "%s", first ? "" : ",");
		sim_json_num(&b, round(ev->v[i] * 100) / 100);
		first = false;
	}
	buf_printf(&b, "],\"threshold\":");
	sim_json_num(&b, a->threshold);
	buf_printf(&b, ",\"evaluatedDatapoints\":[");
	for (int i = 0; i < a->periods; i++) {
		iso_date(date, sizeof(date), ev->t[i] * 1000);
		buf_printf(&b, "%s{\"timestamp\":\"%s\"", i ? "," : "", date);
		if (ev->present[i]) {
			buf_printf(&b, ",\"sampleCount\":");
			sim_json_num(&b, ev->samples[i]);
			buf_printf(&b, ",\"value\":");
			sim_json_num(&b, round(ev->v[i] * 100) / 100);
		}
		buf_printf(&b, "}");
	}
	buf_printf(&b, "]}");
	return buf_steal(&b, NULL);
}

static void json_key(struct buf *b, const char *key)
{
	buf_printf(b, ",");
	sim_json_str(b, key);
	buf_printf(b, ":");
}

static void emit_alarm(struct buf *b, const char *region, const struct alarm_def *a, int64_t now_ms,
		       bool strings)
{
	int64_t now = now_ms / 1000, transition, created;
	struct evaluation ev;
	struct buf reason;
	char *data, *arn, thr[48];

	evaluate(region, a, now, &ev);
	transition = last_transition(region, a, now, ev.state);
	created = ALARM_CREATED < transition ? ALARM_CREATED : transition - 86400;
	buf_init(&reason, 0);
	state_reason(&reason, a, &ev);
	data = state_reason_data(a, &ev, now_ms);
	arn = xasprintf("arn:aws:cloudwatch:%s:" SIM_ACCOUNT_ID ":alarm:%s", region, a->name);

	buf_printf(b, "{\"AlarmName\":");
	sim_json_str(b, a->name);
	json_key(b, "AlarmArn");
	sim_json_str(b, arn);
	json_key(b, "AlarmDescription");
	sim_json_str(b, a->description);
	json_key(b, "AlarmConfigurationUpdatedTimestamp");
	sim_json_num(b, (double)created);
	buf_printf(b, ",\"ActionsEnabled\":true,\"OKActions\":[],\"AlarmActions\":[");
	buf_printf(b, "\"arn:aws:sns:%s:" SIM_ACCOUNT_ID ":smuppy-oncall-staging\"]", region);
	buf_printf(b, ",\"InsufficientDataActions\":[]");
	json_key(b, "StateValue");
	sim_json_str(b, state_name(ev.state));
	json_key(b, "StateReason");
	sim_json_str(b, reason.data ? reason.data : "");
	json_key(b, "StateReasonData");
	sim_json_str(b, data);
	json_key(b, "StateUpdatedTimestamp");
	sim_json_num(b, (double)now_ms / 1000.0);
	json_key(b, "MetricName");
	sim_json_str(b, a->metric_name);
	json_key(b, "Namespace");
	sim_json_str(b, a->namespace_);
	json_key(b, "Statistic");
	sim_json_str(b, a->statistic);
	buf_printf(b, ",\"Dimensions\":[");
	for (size_t i = 0; i < a->ndims; i++) {
		buf_printf(b, "%s{\"Name\":", i ? "," : "");
		sim_json_str(b, a->dims[i].name);
		buf_printf(b, ",\"Value\":");
		sim_json_str(b, a->dims[i].value);
		buf_printf(b, "}");
	}
	sim_java_double(thr, sizeof(thr), a->threshold);
	buf_printf(b, "],\"Period\":%d,\"EvaluationPeriods\":%d,\"DatapointsToAlarm\":%d",
		   ALARM_PERIOD, a->periods, a->datapoints);
	buf_printf(b, strings ? ",\"Threshold\":\"%s\"" : ",\"Threshold\":%s", thr);
	buf_printf(b, ",\"ComparisonOperator\":\"GreaterThanThreshold\"");
	buf_printf(b, ",\"TreatMissingData\":\"missing\"");
	json_key(b, "StateTransitionedTimestamp");
	sim_json_num(b, (double)transition);
	buf_printf(b, "}");
	buf_free(&reason);
	free(data);
	free(arn);
}

static bool alarm_selected(const struct alarm_def *a, enum alarm_state st,
			   const struct sim_alarm_filter *f)
{
	bool hit;

	if (f->have_names) {
		hit = false;
		for (size_t i = 0; i < f->nnames; i++)
			hit |= strcmp(f->names[i], a->name) == 0;
		if (!hit)
			return false;
	}
	if (f->prefix && strncmp(a->name, f->prefix, strlen(f->prefix)) != 0)
		return false;
	if (f->state && strcmp(f->state, state_name(st)) != 0)
		return false;
	if (f->have_types && !f->metric_alarm_type)
		return false;
	return true;
}

void sim_describe_alarms(const struct sim_alarms_request *q, const char *region, uint64_t secret,
			 bool strings, bool query_mode, struct sim_reply *r)
{
	int64_t now_ms = clock_now_ms(), skip = 0;
	int64_t emitted = 0, index = 0;
	bool more = false;

	if (q->next_token) {
		struct sim_token t;

		if (!sim_token_read(secret, q->next_token, q->hash, &t, r, query_mode))
			return;
		skip = t.offset;
	}
	buf_printf(&r->body, "{\"CompositeAlarms\":[],\"LogAlarms\":[],\"MetricAlarms\":[");
	if (sim_story_region_known(region)) {
		for (size_t i = 0; i < ALARM_COUNT; i++) {
			struct evaluation ev;

			evaluate(region, &alarms[i], now_ms / 1000, &ev);
			if (!alarm_selected(&alarms[i], ev.state, &q->filter))
				continue;
			if (index++ < skip)
				continue;
			if (emitted == q->limit) {
				more = true;
				break;
			}
			if (emitted++)
				buf_printf(&r->body, ",");
			emit_alarm(&r->body, region, &alarms[i], now_ms, strings);
		}
	}
	buf_printf(&r->body, "]");
	if (more) {
		struct sim_token t = {skip + emitted, now_ms / 1000, q->hash};

		sim_token_put(&r->body, secret, &t);
	}
	buf_printf(&r->body, "}");
}
