/* pane: one metric in one region. */
#include "config.h"

#include "widgets/pane.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "src/format.h"

#define VALUE_W       6 /* format_compact's widest */
#define STATE_W       5 /* "ALARM"; longer words reach into the sparkline */
#define SHORT_STATE_W 3
#define THRESHOLD_W   7 /* ">500ms" and a sign */

/* pane_state: a failing region's panes say ERROR, except one in ALARM:
 * CloudWatch throttles callers during incidents, exactly when an alarm
 * must not disappear behind an error word (its data is still recent, or
 * the session would have made it STALE, then ERROR). */
enum alarm_state pane_state(const struct pane_model *pm)
{
	if (pm->error)
		return STATE_ERROR;
	if (pm->region_failing && pm->result.state != STATE_ALARM)
		return STATE_ERROR;
	return pm->result.state;
}

bool pane_dimmed(const struct pane_model *pm)
{
	enum alarm_state st = pane_state(pm);

	return st == STATE_STALE || st == STATE_ERROR;
}

/* stat_short: statistics as people say them; a Sum is simply the count
 * (or, per second, the rate), so it is not worth the columns. */
static const char *stat_short(const char *stat)
{
	static const char *const names[][2] = {
		{"Average", "avg"}, {"Maximum", "max"},   {"Minimum", "min"},
		{"Sum", ""},        {"SampleCount", "n"},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(stat, names[i][0]) == 0)
			return names[i][1];
	return stat;
}

/* title_parts: the label and the statistic, apart. A label that already
 * ends in its statistic ("API latency p99") gives it up, so the statistic
 * is never said twice and can be kept when the label is cut. */
static void title_parts(const struct pane_model *pm, char *label, size_t len, const char **stat)
{
	const char *full = pm->def && pm->def->label ? pm->def->label : "?";
	size_t n = strlen(full), k;

	*stat = "";
	if (pm->def && pm->def->nstats && metric_def_stat(pm->def))
		*stat = stat_short(metric_def_stat(pm->def));
	k = strlen(*stat);
	if (k && n > k && full[n - k - 1] == ' ' && strcasecmp(full + n - k, *stat) == 0)
		n -= k + 1;
	snprintf(label, len, "%.*s", (int)n, full);
}

char *pane_title(char *out, size_t len, const struct pane_model *pm)
{
	const char *stat;
	char label[128];

	title_parts(pm, label, sizeof(label), &stat);
	snprintf(out, len, "%s%s%s", label, stat[0] ? " " : "", stat);
	return out;
}

int pane_draw_label(struct canvas *c, struct rect r, const struct pane_model *pm,
		    enum style_role role, unsigned attrs)
{
	const char *stat;
	char label[128], text[160];
	int stat_w;

	title_parts(pm, label, sizeof(label), &stat);
	stat_w = canvas_text_width(stat);
	pane_title(text, sizeof(text), pm);
	if (canvas_text_width(text) <= r.w || stat_w + 3 > r.w)
		return canvas_text_fit(c, r.x, r.y, r.w, text, role, attrs);
	canvas_text(c, r.x + r.w - stat_w, r.y, stat_w, stat, role, attrs);
	return canvas_text_fit(c, r.x, r.y, r.w - stat_w - 1, label, role, attrs) + 1 + stat_w;
}

static const char *short_word(enum alarm_state st)
{
	switch (st) {
	case STATE_OK:
		return "OK";
	case STATE_WARN:
		return "WRN";
	case STATE_ALARM:
		return "ALM";
	case STATE_STALE:
		return "STL";
	case STATE_ERROR:
		return "ERR";
	case STATE_NO_DATA:
	default:
		return "N/D";
	}
}

char *pane_state_text(char *out, size_t len, const struct pane_model *pm, bool short_form)
{
	enum alarm_state st = pane_state(pm);
	char age[16];

	if (short_form)
		snprintf(out, len, "%s", short_word(st));
	else if (st == STATE_STALE)
		snprintf(out, len, "%s %s", alarm_state_word(st),
			 format_age(age, sizeof(age), pm->result.age));
	else
		snprintf(out, len, "%s", alarm_state_word(st));
	return out;
}

char *pane_threshold_text(char *out, size_t len, const struct metric_def *def, bool compact)
{
	char num[32];

	if (!def || !def->rule.enabled) {
		snprintf(out, len, "%s", "");
		return out;
	}
	if (compact)
		format_compact(num, sizeof(num), def->rule.threshold, metric_def_unit(def));
	else
		format_value(num, sizeof(num), def->rule.threshold, metric_def_unit(def));
	snprintf(out, len, "%s%s%s", cmp_symbol(def->rule.cmp), compact ? "" : " ", num);
	return out;
}

char *pane_value_text(char *out, size_t len, const struct pane_model *pm, bool compact)
{
	const char *unit = pm->def ? metric_def_unit(pm->def) : "";

	if (!pm->result.has_value)
		snprintf(out, len, "-");
	else if (compact)
		format_compact(out, len, pm->result.value, unit);
	else
		format_value(out, len, pm->result.value, unit);
	return out;
}

void pane_state_style(enum alarm_state st, enum style_role *role, unsigned *attrs)
{
	static const enum style_role roles[] = {
		[STATE_NO_DATA] = ROLE_NODATA, [STATE_OK] = ROLE_OK,
		[STATE_WARN] = ROLE_WARN,      [STATE_ALARM] = ROLE_ALARM,
		[STATE_STALE] = ROLE_STALE,    [STATE_ERROR] = ROLE_ERROR,
	};

	*role = (unsigned)st < sizeof(roles) / sizeof(roles[0]) ? roles[st] : ROLE_NODATA;
	*attrs = CELL_BOLD;
	if (st == STATE_ALARM)
		*attrs |= CELL_REVERSE;
}

struct spark_input pane_spark_input(const struct pane_view *v)
{
	struct spark_input in = {
		.def = v->pm->def,
		.series = v->pm->series,
		.start = v->start,
		.end = v->end,
		.now = v->now,
		.lag = v->lag,
		.dim = pane_dimmed(v->pm),
	};
	return in;
}

/* value_style: the newest value stands out in the alarm colour when it
 * is beyond the threshold, and is dimmed when it is old. */
static void value_style(const struct pane_model *pm, enum style_role *role, unsigned *attrs)
{
	const struct metric_def *def = pm->def;

	*role = ROLE_NORMAL;
	*attrs = CELL_BOLD;
	if (pm->result.has_value && def && def->rule.enabled &&
	    alarm_breaches(&def->rule, pm->result.value))
		*role = ROLE_ALARM;
	if (pane_dimmed(pm))
		*attrs |= CELL_DIM;
}

bool pane_cw_in_alarm(const struct pane_model *pm)
{
	for (size_t i = 0; i < pm->ncw_alarms; i++)
		if (pm->cw_alarms[i].in_alarm)
			return true;
	return false;
}

char *pane_cw_text(char *out, size_t len, const struct cw_alarm_line *l)
{
	char clock[16];

	if (l->since > 0) {
		format_utc(clock, sizeof(clock), l->since, 0);
		clock[5] = '\0';
		snprintf(out, len, "CloudWatch alarm %s: %s since %s", l->name, l->state, clock);
	} else {
		snprintf(out, len, "CloudWatch alarm %s: %s", l->name, l->state);
	}
	return out;
}

/* draw_cw_mark: the marker ending at column right when a CloudWatch alarm
 * on the pane is in ALARM; returns the columns used (0 without one). */
static int draw_cw_mark(struct canvas *c, int right, int y, const struct pane_model *pm)
{
	if (!pane_cw_in_alarm(pm))
		return 0;
	canvas_put(c, right - 4, y, ' ', ROLE_NORMAL, 0);
	return canvas_text_right(c, right, y, 3, PANE_CW_MARK, ROLE_ALARM,
				 CELL_REVERSE | CELL_BOLD) +
	       1;
}

/* draw_state_word: right-aligned so that it ends at column right;
 * returns its width. */
static int draw_state_word(struct canvas *c, int right, int y, int max_w,
			   const struct pane_model *pm, bool short_form)
{
	enum style_role role;
	unsigned attrs;
	char word[32];

	pane_state_text(word, sizeof(word), pm, short_form);
	pane_state_style(pane_state(pm), &role, &attrs);
	return canvas_text_right(c, right, y, max_w, word, role, attrs);
}

/* draw_line_tail: the state word at the right end of a one-row pane and
 * the threshold before it, each with a blank before it. A word longer
 * than its field ("STALE 4m") covers the newest columns of the
 * sparkline, which a stale pane has no data for anyway. */
static void draw_line_tail(struct canvas *c, struct rect r, const struct pane_view *v,
			   bool short_form, bool with_threshold)
{
	int right = r.x + r.w;
	char text[64];

	right -= draw_state_word(c, right, r.y, r.w - VALUE_W - 1, v->pm, short_form) + 1;
	canvas_put(c, right, r.y, ' ', ROLE_NORMAL, 0);
	if (r.w >= VALUE_W + STATE_W + 8)
		right -= draw_cw_mark(c, right, r.y, v->pm);
	if (!with_threshold || !pane_threshold_text(text, sizeof(text), v->pm->def, true)[0])
		return;
	right -= canvas_text_right(c, right, r.y, THRESHOLD_W, text, ROLE_THRESHOLD, 0) + 1;
	canvas_put(c, right, r.y, ' ', ROLE_NORMAL, 0);
}

/* One row: [value][ ][sparkline][ ][threshold][ ][state]. A value
 * wider than its field takes columns from the sparkline rather than being
 * cut: a number must never be shown wrong. */
static void draw_line(struct canvas *c, struct rect r, const struct pane_view *v)
{
	bool short_form = r.w < VALUE_W + STATE_W + 2;
	int state_w = short_form ? SHORT_STATE_W : STATE_W;
	int thr_w = r.w >= 40 ? THRESHOLD_W + 1 : 0;
	struct spark_input in = pane_spark_input(v);
	char text[64];
	enum style_role role;
	unsigned attrs;
	int value_w;

	canvas_fill(c, r, ' ', ROLE_NORMAL, 0);
	if (r.w < VALUE_W + 1 + state_w) {
		draw_state_word(c, r.x + r.w, r.y, r.w, v->pm, true);
		return;
	}
	value_style(v->pm, &role, &attrs);
	pane_value_text(text, sizeof(text), v->pm, true);
	value_w = canvas_text_width(text);
	value_w = value_w < VALUE_W ? VALUE_W : value_w;
	value_w = value_w > r.w - state_w - 1 ? r.w - state_w - 1 : value_w;
	canvas_text_right(c, r.x + value_w, r.y, value_w, text, role, attrs);
	spark_draw(c, (struct rect){r.x + value_w + 1, r.y, r.w - value_w - state_w - thr_w - 2, 1},
		   &in);
	draw_line_tail(c, r, v, short_form, thr_w > 0);
}

/* The title bar: reverse video in ALARM so that it reads without colour.
 * With no room for a details line the newest value sits beside the state. */
void pane_draw_title(struct canvas *c, struct rect r, const struct pane_view *v, bool with_value,
		     const char *region)
{
	enum style_role role = v->focused ? ROLE_FOCUS : ROLE_TITLE;
	unsigned attrs = CELL_BOLD;
	char text[128];
	int right = r.x + r.w;

	if (pane_state(v->pm) == STATE_ALARM) {
		role = ROLE_ALARM;
		attrs |= CELL_REVERSE;
	}
	canvas_fill(c, (struct rect){r.x, r.y, r.w, 1}, ' ', role, attrs);
	if (v->focused)
		canvas_put(c, r.x, r.y, canvas_glyph(c, 0x25b6, '>'), ROLE_FOCUS, CELL_BOLD);
	right -= draw_state_word(c, right, r.y, r.w - 1, v->pm, r.w < 14) + 1;
	if (right - r.x > 16)
		right -= draw_cw_mark(c, right, r.y, v->pm);
	if (with_value && right - r.x > 2 * VALUE_W) {
		pane_value_text(text, sizeof(text), v->pm, true);
		right -= canvas_text_right(c, right, r.y, VALUE_W, text, role, attrs) + 1;
	}
	if (region && right - r.x > 16)
		right -= canvas_text_right(c, right, r.y, right - r.x - 8, region, role, attrs) + 2;
	pane_draw_label(c, (struct rect){r.x + 1, r.y, right - r.x - 1, 1}, v->pm, role, attrs);
}

static void put_since(struct canvas_fields *f, const struct pane_view *v, unsigned dim)
{
	enum alarm_state st = pane_state(v->pm);
	char clock[16], age[16], text[48];

	if (v->pm->state_since <= 0 || st == STATE_OK || st == STATE_NO_DATA)
		return;
	format_utc(clock, sizeof(clock), v->pm->state_since, 0);
	clock[5] = '\0';
	format_age(age, sizeof(age), v->now - v->pm->state_since);
	snprintf(text, sizeof(text), "since %s (%s)", clock, age);
	canvas_field(f, text, ROLE_NORMAL, dim);
}

/* put_range: "min 201ms  max 702ms", or when that is too long just the
 * end that matters to the alarm (the max, or the min for "less than"). */
static void put_range(struct canvas_fields *f, const struct pane_view *v, unsigned dim)
{
	struct spark_input in = pane_spark_input(v);
	const struct metric_def *def = v->pm->def;
	const char *unit = def ? metric_def_unit(def) : "";
	bool low = def && def->rule.enabled && (def->rule.cmp == CMP_LT || def->rule.cmp == CMP_LE);
	char lo_s[32], hi_s[32], text[80];
	double lo, hi;

	if (!spark_minmax(&in, &lo, &hi))
		return;
	format_compact(lo_s, sizeof(lo_s), lo, unit);
	format_compact(hi_s, sizeof(hi_s), hi, unit);
	snprintf(text, sizeof(text), "min %s  max %s", lo_s, hi_s);
	if (canvas_field(f, text, ROLE_NORMAL, dim))
		return;
	snprintf(text, sizeof(text), "%s %s", low ? "min" : "max", low ? lo_s : hi_s);
	canvas_field(f, text, ROLE_NORMAL, dim);
}

static void draw_details(struct canvas *c, struct rect r, const struct pane_view *v,
			 bool with_error)
{
	unsigned dim = pane_dimmed(v->pm) ? CELL_DIM : 0;
	struct canvas_fields f = canvas_fields_at(c, r.x + 1, r.y, r.w - 2, 2);
	enum style_role role;
	unsigned attrs;
	char text[64];

	canvas_fill(c, (struct rect){r.x, r.y, r.w, 1}, ' ', ROLE_NORMAL, 0);
	value_style(v->pm, &role, &attrs);
	canvas_field(&f, pane_value_text(text, sizeof(text), v->pm, false), role, attrs);
	if (with_error && v->pm->error) {
		/* Why this series fails matters more than its old range. */
		if (f.end - f.x - f.gap > 0)
			canvas_text_fit(c, f.x + f.gap, r.y, f.end - f.x - f.gap, v->pm->error,
					ROLE_ERROR, 0);
		return;
	}
	canvas_field(&f, pane_threshold_text(text, sizeof(text), v->pm->def, false), ROLE_THRESHOLD,
		     dim);
	put_range(&f, v, dim);
	put_since(&f, v, dim);
}

void pane_draw_details(struct canvas *c, struct rect r, const struct pane_view *v)
{
	draw_details(c, r, v, true);
}

void pane_draw_numbers(struct canvas *c, struct rect r, const struct pane_view *v)
{
	draw_details(c, r, v, false);
}

static void draw_tall(struct canvas *c, struct rect r, const struct pane_view *v)
{
	struct spark_input in = pane_spark_input(v);
	struct rect spark = {r.x, r.y + 1, r.w, r.h - 1};

	pane_draw_title(c, r, v, r.h == 2, v->region);
	if (r.h >= 3) {
		pane_draw_details(c, (struct rect){r.x, r.y + 1, r.w, 1}, v);
		spark.y++;
		spark.h--;
	}
	if (r.h >= 6 && v->pm->ncw_alarms > 0) {
		char text[400];
		const struct cw_alarm_line *l = &v->pm->cw_alarms[0];

		canvas_fill(c, (struct rect){r.x, spark.y, r.w, 1}, ' ', ROLE_NORMAL, 0);
		canvas_text_fit(c, r.x + 1, spark.y, r.w - 2, pane_cw_text(text, sizeof(text), l),
				l->in_alarm ? ROLE_ALARM : ROLE_NORMAL, 0);
		spark.y++;
		spark.h--;
	}
	spark_draw(c, spark, &in);
}

void pane_draw(struct canvas *c, struct rect r, const struct pane_view *v)
{
	if (r.w <= 0 || r.h <= 0 || !v->pm)
		return;
	if (r.h == 1)
		draw_line(c, r, v);
	else
		draw_tall(c, r, v);
}
