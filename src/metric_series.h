/* metric_series: the datapoints of one metric in one region.
 *
 * A fixed-capacity ring keyed by timestamp: slot = (ts / period) % cap. A
 * newer value for the same period replaces the old one; a point older than
 * the window simply falls out. Memory never grows with running time. */
#ifndef CWTOP_METRIC_SERIES_H
#define CWTOP_METRIC_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum point_flags {
	POINT_PARTIAL = 1u << 0, /* from a PartialData result */
};

struct metric_point {
	int64_t ts; /* period start, epoch seconds; 0 marks an empty slot */
	double value;
	unsigned flags;
};

struct metric_series {
	int period;
	size_t cap;
	struct metric_point *pts;
	int64_t newest; /* newest ts stored; 0 when empty */
};

/* series_init: 0 on success. cap >= 1, period >= 1. */
int series_init(struct metric_series *s, int period, size_t cap);
void series_free(struct metric_series *s);
/* series_put: store ts (aligned down to the period). Points older than the
 * window [newest - (cap-1)*period, ...] are ignored. Returns true when the
 * stored data changed. */
bool series_put(struct metric_series *s, int64_t ts, double value, unsigned flags);
/* series_get: the point of the period containing ts, or NULL. */
const struct metric_point *series_get(const struct metric_series *s, int64_t ts);
/* series_latest: the newest point; false when empty. */
bool series_latest(const struct metric_series *s, struct metric_point *out);
/* series_clear: forget everything (for a change of statistic). */
void series_clear(struct metric_series *s);
/* series_count: how many slots hold a point. */
size_t series_count(const struct metric_series *s);

#endif
