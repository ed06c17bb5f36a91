/* once: `cwtop --once [--json]`. */
#include "config.h"

#include "src/once.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "src/clock.h"
#include "src/format.h"
#include "src/sanitize.h"

/* A poll can take up to 3 attempts with backoff; give it a generous but
 * bounded time so a cron job never hangs. */
#define ONCE_DEADLINE_MS 120000

static bool all_regions_done(const struct session *s)
{
	size_t r;

	for (r = 0; r < s->settings->nregions; r++) {
		const struct region_status *rs = poller_status(s->poller, r);

		if (rs->polls_ok == 0 && (rs->error.kind == CW_OK || rs->in_flight))
			return false;
	}
	return poller_idle(s->poller) && (!s->alarms || cw_alarm_poll_settled(s->alarms));
}

static int region_failed(const struct session *s, size_t r)
{
	return poller_status(s->poller, r)->error.kind != CW_OK;
}

static int exit_status(const struct session *s)
{
	const struct settings *st = s->settings;
	int status = EXIT_ALL_OK;
	size_t i, r;

	/* A region never read is trouble even without an error (the deadline). */
	for (r = 0; r < st->nregions; r++)
		if (region_failed(s, r) || poller_status(s->poller, r)->polls_ok == 0)
			return EXIT_TROUBLE;
	for (r = 0; r < st->nregions; r++)
		for (i = 0; i < st->nmetrics; i++)
			if (poller_series_error(s->poller, i, r))
				return EXIT_TROUBLE;
	for (i = 0; i < st->nmetrics * st->nregions; i++)
		if (s->results[i].state == STATE_ALARM)
			status = EXIT_BREACHED;
	return status;
}

static void threshold_text(char *out, size_t len, const struct metric_def *m)
{
	char num[32];

	if (!m->rule.enabled) {
		snprintf(out, len, "-");
		return;
	}
	format_value(num, sizeof(num), m->rule.threshold, metric_def_unit(m));
	snprintf(out, len, "%s %s", cmp_symbol(m->rule.cmp), num);
}

/* print_series_error: the line under a series whose own result is in
 * error: "us-east-1      error: API latency: access denied: Forbidden: ....
 * ADVICE". */
static void print_series_error(FILE *out, const struct session *s, size_t m, size_t r,
			       const char *label)
{
	const struct series_error *e = poller_series_error(s->poller, m, r);
	char advice[200];

	if (!e)
		return;
	fprintf(out, "%-14s error: %s: %s: %s. %s\n", s->settings->regions[r], label,
		cw_error_kind_name(e->err.kind), e->err.message,
		poller_series_advice(advice, sizeof(advice), e, &s->settings->metrics[m]));
}

/* print_cw_alarms: a line per CloudWatch alarm on the series:
 * "us-east-1      CloudWatch alarm NAME: ALARM since 2026-01-01 14:03 UTC",
 * then how its rule differs from cwtop's, if it does. */
static void print_cw_alarms(FILE *out, const struct session *s, size_t m, size_t r)
{
	const struct cw_alarm *found[SESSION_MAX_CW_ALARMS];
	size_t n = session_cw_alarms(s, m, r, found, SESSION_MAX_CW_ALARMS);
	char since[40], differs[256];

	for (size_t k = 0; k < n; k++) {
		since[0] = '\0';
		if (found[k]->since > 0) {
			snprintf(since, sizeof(since), " since ");
			format_utc(since + 7, sizeof(since) - 7, found[k]->since, 1);
			strncat(since, " UTC", sizeof(since) - strlen(since) - 1);
		}
		fprintf(out, "%-14s CloudWatch alarm %s: %s%s\n", s->settings->regions[r],
			found[k]->name, cw_alarm_state_word(found[k]->state), since);
		if (cw_alarm_differences(found[k], &s->settings->metrics[m], differs,
					 sizeof(differs)))
			fprintf(out, "%-14s %s\n", s->settings->regions[r], differs);
	}
}

/* print_cw_note: say once that DescribeAlarms is not allowed. */
static void print_cw_note(FILE *out, const struct session *s)
{
	const char *note = cw_alarm_poll_note(s->alarms);

	if (note)
		fprintf(out, "%s\n", note);
}

static void print_table(FILE *out, const struct session *s, int64_t now)
{
	const struct settings *st = s->settings;
	char value[32], thr[40], age[16], label[48];
	size_t m, r;

	fprintf(out, "%-14s %-22s %-8s %12s %12s  %-8s %s\n", "REGION", "METRIC", "STAT", "VALUE",
		"THRESHOLD", "STATE", "AGE");
	for (r = 0; r < st->nregions; r++) {
		const struct region_status *rs = poller_status(s->poller, r);

		for (m = 0; m < st->nmetrics; m++) {
			const struct metric_def *def = &st->metrics[m];
			const struct alarm_result *res = &s->results[session_index(s, m, r)];
			double latest;
			int64_t ts;

			if (!(def->region_mask & (1u << r)))
				continue;
			if (session_latest(s, m, r, &latest, &ts)) {
				format_value(value, sizeof(value), latest, metric_def_unit(def));
				format_age(age, sizeof(age), now - ts);
			} else {
				snprintf(value, sizeof(value), "-");
				snprintf(age, sizeof(age), "-");
			}
			threshold_text(thr, sizeof(thr), def);
			sanitize_copy(label, sizeof(label), def->label, strlen(def->label));
			fprintf(out, "%-14s %-22s %-8s %12s %12s  %-8s %s\n", st->regions[r], label,
				def->expression ? "expr" : metric_def_stat(def), value, thr,
				alarm_state_word(res->state), age);
			print_series_error(out, s, m, r, label);
			print_cw_alarms(out, s, m, r);
		}
		if (rs->error.kind != CW_OK)
			fprintf(out, "%-14s error: %s: %s\n", st->regions[r],
				cw_error_kind_name(rs->error.kind), rs->error.message);
	}
	print_cw_note(out, s);
}

static json_object *json_double(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

/* The series' points in the shown range, newest first, raw as CloudWatch
 * returned them: the same shape as a GetMetricData result. */
static void add_points(json_object *o, const struct metric_series *ser, int64_t from, int64_t now)
{
	json_object *ts = json_object_new_array();
	json_object *vs = json_object_new_array();
	int64_t t;

	for (t = now - now % ser->period; t >= from; t -= ser->period) {
		const struct metric_point *p = series_get(ser, t);

		if (!p)
			continue;
		json_object_array_add(ts, json_object_new_int64(p->ts));
		json_object_array_add(vs, json_double(p->value));
	}
	json_object_object_add(o, "timestamps", ts);
	json_object_object_add(o, "values", vs);
}

/* error_json: {"kind", "code", "message"} of a region's or a series'
 * error, or JSON null when there is none. */
static json_object *error_json(const struct cw_error *err)
{
	json_object *e;

	if (!err || err->kind == CW_OK)
		return NULL;
	e = json_object_new_object();
	json_object_object_add(e, "kind", json_object_new_string(cw_error_kind_name(err->kind)));
	json_object_object_add(e, "code", json_object_new_string(err->code));
	json_object_object_add(e, "message", json_object_new_string(err->message));
	return e;
}

/* cw_alarms_json: [{"name", "state", "since"}] of CloudWatch's own alarms
 * on the series ("since" epoch seconds, or null when unknown). */
static json_object *cw_alarms_json(const struct session *s, size_t m, size_t r)
{
	const struct cw_alarm *found[SESSION_MAX_CW_ALARMS];
	size_t n = session_cw_alarms(s, m, r, found, SESSION_MAX_CW_ALARMS);
	json_object *list = json_object_new_array();
	char differs[256];

	for (size_t k = 0; k < n; k++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "name", json_object_new_string(found[k]->name));
		json_object_object_add(
			o, "state", json_object_new_string(cw_alarm_state_word(found[k]->state)));
		json_object_object_add(o, "since",
				       found[k]->since > 0 ? json_object_new_int64(found[k]->since)
							   : NULL);
		json_object_object_add(o, "differs",
				       cw_alarm_differences(found[k], &s->settings->metrics[m],
							    differs, sizeof(differs))
					       ? json_object_new_string(differs)
					       : NULL);
		json_object_array_add(list, o);
	}
	return list;
}

static json_object *series_json(const struct session *s, size_t m, size_t r, int64_t now)
{
	const struct metric_def *def = &s->settings->metrics[m];
	const struct alarm_result *res = &s->results[session_index(s, m, r)];
	json_object *o = json_object_new_object();
	double latest;
	int64_t ts;
	bool has = session_latest(s, m, r, &latest, &ts);
	const struct series_error *series_err = poller_series_error(s->poller, m, r);

	json_object_object_add(o, "id", json_object_new_string(def->id));
	json_object_object_add(o, "label", json_object_new_string(def->label));
	if (def->expression) {
		json_object_object_add(o, "expression", json_object_new_string(def->expression));
	} else {
		json_object_object_add(o, "namespace", json_object_new_string(def->namespace_));
		json_object_object_add(o, "metric", json_object_new_string(def->metric_name));
	}
	json_object_object_add(o, "stat", json_object_new_string(metric_def_stat(def)));
	json_object_object_add(o, "period", json_object_new_int(def->period));
	json_object_object_add(o, "unit", json_object_new_string(metric_def_unit(def)));
	json_object_object_add(o, "value", has ? json_double(latest) : NULL);
	json_object_object_add(o, "timestamp", has ? json_object_new_int64(ts) : NULL);
	if (def->rule.enabled) {
		json_object_object_add(o, "threshold", json_double(def->rule.threshold));
		json_object_object_add(o, "comparison",
				       json_object_new_string(cmp_symbol(def->rule.cmp)));
		json_object_object_add(o, "datapoints", json_object_new_int(def->rule.datapoints));
		json_object_object_add(o, "periods", json_object_new_int(def->rule.periods));
		json_object_object_add(o, "breaching", json_object_new_int(res->breaching));
	}
	json_object_object_add(o, "state", json_object_new_string(alarm_state_word(res->state)));
	json_object_object_add(o, "error", error_json(series_err ? &series_err->err : NULL));
	json_object_object_add(o, "cloudwatch_alarms", cw_alarms_json(s, m, r));
	add_points(o, store_series_const(&s->store, m, r), now - session_range(s), now);
	return o;
}

static json_object *region_json(const struct session *s, size_t r, int64_t now)
{
	const struct settings *st = s->settings;
	const struct region_status *rs = poller_status(s->poller, r);
	json_object *o = json_object_new_object();
	json_object *series = json_object_new_array();
	size_t m;

	json_object_object_add(o, "region", json_object_new_string(st->regions[r]));
	json_object_object_add(o, "error", error_json(&rs->error));
	for (m = 0; m < st->nmetrics; m++)
		if (st->metrics[m].region_mask & (1u << r))
			json_object_array_add(series, series_json(s, m, r, now));
	json_object_object_add(o, "series", series);
	return o;
}

static void print_json(FILE *out, const struct session *s, int64_t now, int status)
{
	json_object *root = json_object_new_object();
	json_object *regions = json_object_new_array();
	size_t r;

	json_object_object_add(root, "time", json_object_new_int64(now));
	for (r = 0; r < s->settings->nregions; r++)
		json_object_array_add(regions, region_json(s, r, now));
	json_object_object_add(root, "regions", regions);
	json_object_object_add(root, "exit_status", json_object_new_int(status));
	json_object_object_add(root, "cloudwatch_alarms_note",
			       cw_alarm_poll_note(s->alarms)
				       ? json_object_new_string(cw_alarm_poll_note(s->alarms))
				       : NULL);
	fprintf(out, "%s\n",
		json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							     JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

int once_report(FILE *out, const struct session *s, int64_t now, int json)
{
	int status = exit_status(s);

	if (json)
		print_json(out, s, now, status);
	else
		print_table(out, s, now);
	return status;
}

int once_run(struct settings *settings)
{
	struct session s;
	char err[512];
	int64_t deadline;
	bool ready;
	int status;

	settings->max_polls = 1;
	if (session_open(&s, settings, err, sizeof(err)) != 0) {
		fprintf(stderr, "cwtop: %s\n", err);
		session_close(&s);
		return EXIT_TROUBLE;
	}
	deadline = clock_mono_ms() + ONCE_DEADLINE_MS;
	poller_tick(s.poller, clock_now_ms());
	while (!all_regions_done(&s) && clock_mono_ms() < deadline)
		session_wait(&s, -1, 1000, &ready);
	session_evaluate(&s, clock_now());
	status = once_report(stdout, &s, clock_now(), settings->json);
	session_close(&s);
	return status;
}
