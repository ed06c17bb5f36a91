/* zoom: the focused pane as a full-size chart. */
#include "config.h"

#include "widgets/zoom.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/format.h"
#include "src/xalloc.h"
#include "widgets/pane.h"
#include "widgets/sparkline.h"

#define YLABEL_W       8 /* format_compact's 6, a column to spare, a blank */
#define TIME_LABEL_W   5 /* "HH:MM" */
#define MIN_CHART_ROWS 2

static struct pane_view view_of(const struct dash_model *m)
{
	struct pane_view v = {
		.pm = &m->panes[m->focus],
		.start = m->range_start,
		.end = m->range_end,
		.now = m->now,
		.lag = m->lag,
		.focused = true,
	};
	return v;
}

/* A series in error: the error and what to do about it, in full (over
 * several rows: a message from the service can be long). */
static void draw_error_lines(struct canvas *c, struct rect r, const struct pane_view *v)
{
	char text[640];

	canvas_fill(c, r, ' ', ROLE_NORMAL, 0);
	snprintf(text, sizeof(text), "%s%s%s", v->pm->error, v->pm->advice ? ". " : "",
		 v->pm->advice ? v->pm->advice : "");
	canvas_text_wrap(c, (struct rect){r.x + 1, r.y, r.w - 2, r.h}, text, ROLE_ERROR, 0);
}

/* The second details line: the alarm rule's progress and what is measured. */
static void draw_rule_line(struct canvas *c, struct rect r, const struct pane_view *v)
{
	const struct metric_def *def = v->pm->def;
	struct canvas_fields f = canvas_fields_at(c, r.x + 1, r.y, r.w - 2, 2);
	char text[256];

	canvas_fill(c, r, ' ', ROLE_NORMAL, 0);
	if (!def)
		return;
	if (def->rule.enabled) {
		snprintf(text, sizeof(text), "%d of last %d periods beyond (alarm at %d of %d)",
			 v->pm->result.breaching, def->rule.periods, def->rule.datapoints,
			 def->rule.periods);
		canvas_field(&f, text, ROLE_NORMAL, 0);
	}
	snprintf(text, sizeof(text), "period %ds", def->period);
	canvas_field(&f, text, ROLE_NORMAL, 0);
	if (def->namespace_ && def->metric_name) {
		snprintf(text, sizeof(text), "%s %s", def->namespace_, def->metric_name);
		canvas_field(&f, text, ROLE_NORMAL, CELL_DIM);
	} else if (def->expression) {
		canvas_field(&f, def->expression, ROLE_NORMAL, CELL_DIM);
	}
}

/* draw_cw_lines: CloudWatch's own alarms on the metric, each with how its
 * rule differs from cwtop's on the next line; returns the rows used. */
static int draw_cw_lines(struct canvas *c, struct rect r, const struct pane_view *v)
{
	int y = 0;
	char text[400];

	for (size_t i = 0; i < v->pm->ncw_alarms && y < r.h; i++) {
		const struct cw_alarm_line *l = &v->pm->cw_alarms[i];

		canvas_fill(c, (struct rect){r.x, r.y + y, r.w, 1}, ' ', ROLE_NORMAL, 0);
		canvas_text_fit(c, r.x + 1, r.y + y++, r.w - 2, pane_cw_text(text, sizeof(text), l),
				l->in_alarm ? ROLE_ALARM : ROLE_NORMAL,
				l->in_alarm ? CELL_BOLD : 0);
		if (l->differs && y < r.h) {
			canvas_fill(c, (struct rect){r.x, r.y + y, r.w, 1}, ' ', ROLE_NORMAL, 0);
			canvas_text_fit(c, r.x + 1, r.y + y++, r.w - 2, l->differs, ROLE_WARN, 0);
		}
	}
	return y;
}

static void ylabel(struct canvas *c, struct rect chart, int row, double v, const char *unit,
		   enum style_role role)
{
	char text[32];

	if (row < 0 || row >= chart.h)
		return;
	format_compact(text, sizeof(text), v, unit);
	canvas_text_right(c, chart.x - 2, chart.y + row, YLABEL_W - 1, text, role, 0);
}

/* The y axis: the axis line, the top and bottom values and the threshold
 * (which wins a row it shares). */
static void draw_yaxis(struct canvas *c, struct rect chart, struct spark_scale s, const char *unit)
{
	int trow = spark_threshold_row(s, chart.h);
	int y;

	for (y = 0; y < chart.h; y++)
		canvas_put(c, chart.x - 1, chart.y + y, canvas_glyph(c, 0x2502, '|'), ROLE_AXIS, 0);
	ylabel(c, chart, 0, s.hi, unit, ROLE_AXIS);
	ylabel(c, chart, chart.h - 1, s.lo, unit, ROLE_AXIS);
	if (chart.h >= 6)
		ylabel(c, chart, chart.h / 2,
		       s.lo + (s.hi - s.lo) * (chart.h - chart.h / 2 - 0.5) / chart.h, unit,
		       ROLE_AXIS);
	if (trow >= 0) {
		canvas_fill(c, (struct rect){chart.x - YLABEL_W - 1, chart.y + trow, YLABEL_W, 1},
			    ' ', ROLE_NORMAL, 0);
		ylabel(c, chart, trow, s.threshold, unit, ROLE_THRESHOLD);
	}
}

/* time_step: the smallest round step that keeps labels apart. */
static int64_t time_step(int64_t span, int width)
{
	static const int64_t steps[] = {60,   120,   300,   600,   900,   1800,  3600,
					7200, 10800, 21600, 43200, 86400, 604800};
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i] * width >= (TIME_LABEL_W + 3) * span)
			return steps[i];
	return steps[sizeof(steps) / sizeof(steps[0]) - 1];
}

/* The time axis under the chart: a line with a tick at each label. */
static void draw_xaxis(struct canvas *c, struct rect chart, int64_t start, int64_t end)
{
	int64_t span = end - start, step, t;
	int y = chart.y + chart.h, x, last_end = chart.x - 1;
	char clock[16];

	canvas_fill(c, (struct rect){chart.x, y, chart.w, 1}, canvas_glyph(c, 0x2500, '-'),
		    ROLE_AXIS, 0);
	canvas_put(c, chart.x - 1, y, canvas_glyph(c, 0x2514, '+'), ROLE_AXIS, 0);
	if (span <= 0 || span > ((int64_t)1 << 30) || chart.w <= 0)
		return;
	step = time_step(span, chart.w);
	for (t = start + (step - start % step) % step; t < end; t += step) {
		x = chart.x + (int)((t - start) * chart.w / span);
		if (x <= last_end || x + TIME_LABEL_W > chart.x + chart.w)
			continue;
		canvas_put(c, x, y, canvas_glyph(c, 0x252c, '+'), ROLE_AXIS, 0);
		format_utc(clock, sizeof(clock), t, 0);
		canvas_text(c, x, y + 1, TIME_LABEL_W, clock, ROLE_AXIS, 0);
		last_end = x + TIME_LABEL_W;
	}
}

static void draw_chart(struct canvas *c, struct rect chart, const struct pane_view *v)
{
	struct spark_input in = pane_spark_input(v);
	struct spark_col *cols = xcalloc((size_t)chart.w, sizeof(*cols));
	struct spark_scale s;
	const char *unit = v->pm->def ? metric_def_unit(v->pm->def) : "";

	spark_sample(&in, cols, chart.w);
	s = spark_scale_of(cols, chart.w, v->pm->def);
	spark_render(c, chart, cols, s, in.dim);
	draw_yaxis(c, chart, s, unit);
	draw_xaxis(c, chart, v->start, v->end);
	free(cols);
}

void zoom_draw(struct canvas *c, struct rect r, const struct dash_model *m)
{
	struct pane_view v;
	int top = 2;

	if (!m->panes || m->focus >= m->nmetrics * m->nregions)
		return;
	v = view_of(m);
	canvas_fill(c, r, ' ', ROLE_NORMAL, 0);
	if (r.w < YLABEL_W + 12 || r.h < 3 + MIN_CHART_ROWS + 2) {
		pane_draw(c, r, &v);
		return;
	}
	pane_draw_title(c, r, &v, false, v.pm->region);
	if (r.h >= 3 + 6 && v.pm->error) {
		int rows = r.h >= 3 + 6 + 4 ? 3 : 2;

		pane_draw_numbers(c, (struct rect){r.x, r.y + 1, r.w, 1}, &v);
		draw_error_lines(c, (struct rect){r.x, r.y + 2, r.w, rows}, &v);
		top += rows;
	} else if (r.h >= 3 + 6) {
		pane_draw_details(c, (struct rect){r.x, r.y + 1, r.w, 1}, &v);
		draw_rule_line(c, (struct rect){r.x, r.y + 2, r.w, 1}, &v);
		top++;
		if (r.h >= 3 + 6 + 4 && v.pm->ncw_alarms > 0)
			top += draw_cw_lines(
				c, (struct rect){r.x, r.y + top, r.w, r.h >= 30 ? 4 : 2}, &v);
	} else {
		pane_draw_details(c, (struct rect){r.x, r.y + 1, r.w, 1}, &v);
	}
	draw_chart(c,
		   (struct rect){r.x + YLABEL_W + 1, r.y + top, r.w - YLABEL_W - 2, r.h - top - 2},
		   &v);
}
