/* sparkline: a series drawn as bars across a rectangle.
 *
 * The window start..end is mapped onto the columns. A column that covers
 * several periods shows the one furthest beyond the threshold (the MAX for
 * "greater than" rules, the MIN for "less than"), so a spike never
 * disappears when the window is compressed. Missing periods are gaps,
 * never interpolated. Bars beyond the threshold use ROLE_SPARK_ALARM, the
 * newest periods CloudWatch may still revise are dimmed, and the
 * threshold is drawn as a line when the chart has more than one row. */
#ifndef CWTOP_SPARKLINE_H
#define CWTOP_SPARKLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "src/metric_def.h"
#include "src/metric_series.h"
#include "widgets/canvas.h"

struct spark_input {
	const struct metric_def *def;       /* unit, scale, rule; may be NULL */
	const struct metric_series *series; /* may be NULL: all gaps */
	int64_t start, end;                 /* the window, epoch seconds */
	int64_t now;
	int lag;  /* publishing lag, seconds: newer periods are provisional */
	bool dim; /* stale or failing data: draw it all dimmed */
};

/* One column of the chart, in display units. */
struct spark_col {
	bool present;     /* false: a gap */
	bool breach;      /* beyond the alarm threshold */
	bool provisional; /* CloudWatch may still revise it */
	double v;
};

struct spark_scale {
	double lo, hi; /* the values at the bottom and the top; hi > lo */
	bool has_threshold;
	double threshold;
};

/* spark_sample: fill cols[0..n) from the window. Non-finite values are
 * treated as missing. */
void spark_sample(const struct spark_input *in, struct spark_col *cols, int n);
/* spark_scale_of: a y range covering the columns, zero and the threshold. */
struct spark_scale spark_scale_of(const struct spark_col *cols, int n,
				  const struct metric_def *def);
/* spark_render: draw sampled columns (r.w of them) into r. */
void spark_render(struct canvas *c, struct rect r, const struct spark_col *cols,
		  struct spark_scale s, bool dim);
/* spark_threshold_row: the row of r (0 = top) the threshold line is on, or
 * -1 when none is drawn. */
int spark_threshold_row(struct spark_scale s, int rows);
/* spark_draw: sample, scale and render in one go. */
void spark_draw(struct canvas *c, struct rect r, const struct spark_input *in);

/* spark_minmax: the smallest and largest values in the window (display
 * units); false when there are none. */
bool spark_minmax(const struct spark_input *in, double *min, double *max);

#endif
