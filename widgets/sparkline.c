/* sparkline: a series drawn as bars across a rectangle. */
#include "config.h"

#include "widgets/sparkline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "src/alarm.h"
#include "src/xalloc.h"

/* Windows longer than this (about 30 years) are nonsense; refusing them
 * keeps every time computation below far from overflow. */
#define SPARK_MAX_SPAN ((int64_t)1 << 30)

/* Eighth blocks, 1/8 .. 8/8 of a cell; the ASCII ramp avoids '-', which
 * is the threshold line. */
static const uint32_t blocks[8] = {0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588};
static const char ascii_ramp[8] = {'_', '.', ':', ';', '=', '+', '*', '#'};

static int period_of(const struct spark_input *in)
{
	if (in->series && in->series->period > 0)
		return in->series->period;
	if (in->def && in->def->period > 0)
		return in->def->period;
	return 60;
}

static int64_t align_down(int64_t t, int p)
{
	return t - ((t % p) + p) % p;
}

static bool window_ok(const struct spark_input *in)
{
	return in->series && in->series->newest > 0 && in->start >= 0 && in->end > in->start &&
	       in->end - in->start <= SPARK_MAX_SPAN;
}

/* period_value: the display value of the period starting at ps. */
static bool period_value(const struct spark_input *in, int64_t ps, double *v, unsigned *flags)
{
	const struct metric_point *pt = series_get(in->series, ps);

	if (!pt || pt->ts == 0)
		return false;
	*v = in->def ? metric_def_display(in->def, pt->value) : pt->value;
	*flags = pt->flags;
	return isfinite(*v);
}

/* Periods [*first, *last] the series can hold within [a, b): the ring
 * keeps at most cap periods, so this bounds every loop by cap. */
static bool stored_periods(const struct spark_input *in, int64_t a, int64_t b, int64_t *first,
			   int64_t *last)
{
	const struct metric_series *s = in->series;
	int p = period_of(in);
	int64_t oldest = s->newest - (int64_t)(s->cap ? s->cap - 1 : 0) * p;

	*first = align_down(a, p);
	if (*first < oldest)
		*first = align_down(oldest, p);
	*last = align_down(b - 1, p);
	if (*last > s->newest)
		*last = s->newest;
	return *first <= *last;
}

/* further: is v further beyond the threshold's side than cur? "Less than"
 * rules care about dips, everything else about peaks. */
static bool further(const struct metric_def *def, double v, double cur)
{
	if (def && def->rule.enabled && (def->rule.cmp == CMP_LT || def->rule.cmp == CMP_LE))
		return v < cur;
	return v > cur;
}

static bool breaches(const struct metric_def *def, double v)
{
	return def && def->rule.enabled && alarm_breaches(&def->rule, v);
}

static bool provisional(const struct spark_input *in, int64_t ps, unsigned flags)
{
	return (flags & POINT_PARTIAL) || ps > in->now - in->lag - period_of(in);
}

static void sample_column(const struct spark_input *in, int64_t a, int64_t b, struct spark_col *col)
{
	int64_t ps, first, last;
	unsigned flags;
	double v;

	if (!stored_periods(in, a, b, &first, &last))
		return;
	for (ps = first; ps <= last; ps += period_of(in)) {
		if (!period_value(in, ps, &v, &flags))
			continue;
		if (!col->present || further(in->def, v, col->v))
			col->v = v;
		col->present = true;
		col->provisional = col->provisional || provisional(in, ps, flags);
	}
	col->breach = col->present && breaches(in->def, col->v);
}

void spark_sample(const struct spark_input *in, struct spark_col *cols, int n)
{
	int64_t span, a, b;
	int i;

	if (n <= 0)
		return;
	memset(cols, 0, (size_t)n * sizeof(*cols));
	if (!window_ok(in))
		return;
	span = in->end - in->start;
	for (i = 0; i < n; i++) {
		a = in->start + span * i / n;
		b = in->start + span * (i + 1) / n;
		sample_column(in, a, b > a ? b : a + 1, &cols[i]);
	}
}

struct spark_scale spark_scale_of(const struct spark_col *cols, int n, const struct metric_def *def)
{
	struct spark_scale s = {0, 0, false, 0};
	int i;

	for (i = 0; i < n; i++) {
		if (!cols[i].present)
			continue;
		s.lo = fmin(s.lo, cols[i].v);
		s.hi = fmax(s.hi, cols[i].v);
	}
	if (def && def->rule.enabled && isfinite(def->rule.threshold)) {
		s.has_threshold = true;
		s.threshold = def->rule.threshold;
		s.lo = fmin(s.lo, s.threshold);
		s.hi = fmax(s.hi, s.threshold);
	}
	if (!(s.hi > s.lo))
		s.hi = s.lo + 1;
	return s;
}

/* fraction: where v sits between lo and hi, 0..1. Halving first keeps
 * hi - lo finite for any finite inputs. */
static double fraction(struct spark_scale s, double v)
{
	double f = (v / 2 - s.lo / 2) / (s.hi / 2 - s.lo / 2);

	if (!(f > 0))
		return 0;
	return f > 1 ? 1 : f;
}

/* bar_level: the bar's height in eighths of a cell; a present value is at
 * least one eighth tall so that a zero is not mistaken for a gap. */
static int bar_level(struct spark_scale s, double v, int rows)
{
	int total = rows * 8;

	return 1 + (int)lround(fraction(s, v) * (total - 1));
}

int spark_threshold_row(struct spark_scale s, int rows)
{
	int from_bottom;

	if (!s.has_threshold || rows < 2)
		return -1;
	from_bottom = (int)(fraction(s, s.threshold) * rows);
	if (from_bottom > rows - 1)
		from_bottom = rows - 1;
	return rows - 1 - from_bottom;
}

static uint32_t block_glyph(const struct canvas *c, int fill)
{
	if (fill > 8)
		fill = 8;
	return c->utf8 ? blocks[fill - 1] : (uint32_t)ascii_ramp[fill - 1];
}

static void put_bar_cell(struct canvas *c, int x, int y, const struct spark_col *col, int fill,
			 bool dim)
{
	enum style_role role = ROLE_SPARK;
	unsigned attrs = dim ? CELL_DIM : 0;

	if (col->provisional) {
		role = ROLE_SPARK_PROVISIONAL;
		attrs |= CELL_DIM;
	}
	if (col->breach)
		role = ROLE_SPARK_ALARM;
	canvas_put(c, x, y, block_glyph(c, fill), role, attrs);
}

static void render_column(struct canvas *c, int x, struct rect r, const struct spark_col *col,
			  struct spark_scale s, int trow, bool dim)
{
	int level = col->present ? bar_level(s, col->v, r.h) : 0;
	int row, fill;

	for (row = 0; row < r.h; row++) {
		fill = level - 8 * (r.h - 1 - row);
		if (fill > 0)
			put_bar_cell(c, x, r.y + row, col, fill, dim);
		else if (row == trow)
			canvas_put(c, x, r.y + row, canvas_glyph(c, 0x2500, '-'), ROLE_THRESHOLD,
				   0);
		else
			canvas_put(c, x, r.y + row, ' ', ROLE_NORMAL, 0);
	}
}

void spark_render(struct canvas *c, struct rect r, const struct spark_col *cols,
		  struct spark_scale s, bool dim)
{
	int trow = spark_threshold_row(s, r.h);
	int i;

	for (i = 0; i < r.w && r.h > 0; i++)
		render_column(c, r.x + i, r, &cols[i], s, trow, dim);
}

void spark_draw(struct canvas *c, struct rect r, const struct spark_input *in)
{
	struct spark_col *cols;

	if (r.w <= 0 || r.h <= 0)
		return;
	cols = xcalloc((size_t)r.w, sizeof(*cols));
	spark_sample(in, cols, r.w);
	spark_render(c, r, cols, spark_scale_of(cols, r.w, in->def), in->dim);
	free(cols);
}

bool spark_minmax(const struct spark_input *in, double *min, double *max)
{
	int64_t ps, first, last;
	unsigned flags;
	bool any = false;
	double v;

	if (!window_ok(in) || !stored_periods(in, in->start, in->end, &first, &last))
		return false;
	for (ps = first; ps <= last; ps += period_of(in)) {
		if (!period_value(in, ps, &v, &flags))
			continue;
		*min = any ? fmin(*min, v) : v;
		*max = any ? fmax(*max, v) : v;
		any = true;
	}
	return any;
}
