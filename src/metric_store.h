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
 * window / period + 2 periods (window: the longest time range, seconds). */
int store_init(struct metric_store *st, size_t nmetrics, size_t nregions,
	       const int *periods, int64_t window);
void store_free(struct metric_store *st);
struct metric_series *store_series(struct metric_store *st, size_t metric, size_t region);
const struct metric_series *store_series_const(const struct metric_store *st,
						size_t metric, size_t region);
/* store_put: series_put plus the generation bump. */
void store_put(struct metric_store *st, size_t metric, size_t region, int64_t ts,
	       double value, unsigned flags);

#endif
