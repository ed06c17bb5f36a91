/* metric_store: every series cwtop keeps, one per (metric, region), plus
 * the per-series bookkeeping the screen needs (when it last changed). */
#ifndef CWTOP_METRIC_STORE_H
#define CWTOP_METRIC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "src/metric_series.h"

struct metric_store {
	size_t nmetrics;
	size_t nregions;
	struct metric_series *series; /* [metric * nregions + region] */
	uint64_t *generation;         /* bumped on every change, same index */
};

/* store_init: periods[m] is metric m's period; each series keeps
 * window / period + 2 periods (window: the longest time range, seconds),
 * at most SERIES_MAX_CAP (a longer window is cut short, not refused).
 * Returns 0, or -1 on bad arguments (a period < 1, window < 0, sizes that
 * overflow); st is then empty but safe to free. */
int store_init(struct metric_store *st, size_t nmetrics, size_t nregions, const int *periods,
	       int64_t window);
void store_free(struct metric_store *st);
struct metric_series *store_series(struct metric_store *st, size_t metric, size_t region);
const struct metric_series *store_series_const(const struct metric_store *st, size_t metric,
					       size_t region);
/* store_put: series_put plus the generation bump (only when the stored
 * data changed). Out-of-range indexes are ignored. */
void store_put(struct metric_store *st, size_t metric, size_t region, int64_t ts, double value,
	       unsigned flags);

/* store_generation: the series' change counter. A widget that remembers
 * the value it drew can skip the redraw while it is unchanged. */
uint64_t store_generation(const struct metric_store *st, size_t metric, size_t region);
/* store_clear_metric: forget metric's data in every region (after a change
 * of statistic), bumping the generations. */
void store_clear_metric(struct metric_store *st, size_t metric);

#endif
