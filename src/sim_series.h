/* sim_series: the demo's data over a request's time range.
 *
 * Which periods of [start, end) can hold data, as CloudWatch decides it
 * (the start rounded down by the range's age, the retention of each
 * period, the current minute left out), and the values sim_story gives
 * them; and the time series that GetMetricData's results and metric math
 * are made of. */
#ifndef CWTOP_SIM_SERIES_H
#define CWTOP_SIM_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/sim_story.h"

/* A time series, ascending timestamps. */
struct sim_series {
	int64_t *t;
	double *v;
	size_t n, cap;
	char *label; /* SEARCH results: what the metric is */
};

void sim_series_push(struct sim_series *s, int64_t t, double v);
/* sim_series_copy: a deep copy into dst (overwritten). */
void sim_series_copy(struct sim_series *dst, const struct sim_series *src);
/* sim_series_free: free and zero. */
void sim_series_free(struct sim_series *s);

/* What a request reads: a region, its [start, end) in epoch seconds, and
 * the time the data is seen at (later pages keep the first page's). */
struct sim_window {
	const char *region;
	int64_t start, end;
	int64_t now;
};

/* sim_floor_to: t rounded down to a multiple of unit (also below zero). */
int64_t sim_floor_to(int64_t t, int64_t unit);
/* sim_period_ok: a period CloudWatch accepts: 1, 5, 10, 30 or a multiple
 * of 60 seconds. */
bool sim_period_ok(int64_t p);
/* sim_slots: the periods of the window that can hold data are first +
 * k * period, k in [0, nslots): the start is rounded down as the service
 * does (to the minute within 15 days, 5 minutes within 63, else the hour),
 * periods older than the retention or without a single complete minute
 * are left out. */
void sim_slots(const struct sim_window *w, int period, int64_t *first, int64_t *nslots);
/* sim_slot_value: the metric's statistic for the period starting at t;
 * false when the period has no data. */
bool sim_slot_value(const struct sim_window *w, const struct sim_metric *m,
		    const struct sim_stat *st, int period, int64_t t, double *v);
/* sim_metric_series: every datapoint of a metric in the window, appended
 * to out. */
void sim_metric_series(const struct sim_window *w, const struct sim_metric *m,
		       const struct sim_stat *st, int period, struct sim_series *out);

#endif
