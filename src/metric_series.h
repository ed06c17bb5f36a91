/* metric_series: the datapoints of one metric in one region.
 *
 * A fixed-capacity ring keyed by timestamp: slot = (ts / period) % cap. A
 * newer value for the same period replaces the old one; a point older than
 * the window simply falls out. Memory never grows with running time.
 *
 * One bad timestamp must not ruin a series. The ring has no clock, so it
 * cannot tell a bogus timestamp (year 2090, or 1971) from a legitimate jump
 * (the laptop slept for two days). The rule: a point more than SERIES_FAR
 * seconds beyond the newest point, or more than SERIES_FAR before the
 * window's start, is "far". A far point is only held back as a candidate;
 * a second far point within the window's span of the candidate confirms
 * the new timeline: the ring is cleared and both are stored. Any point that
 * is not far drops the candidate (the current timeline is alive). So a
 * single stray point never moves the window, while a real jump (a poll
 * after a long sleep brings many points, or a second poll brings another)
 * moves it at once or one poll later. */
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

#define SERIES_FAR     (24 * 3600)        /* seconds; see the rule above */
#define SERIES_MAX_CAP 1000000u           /* slots; series_init refuses more */
#define SERIES_MAX_TS  (INT64_C(1) << 40) /* later timestamps are refused */

struct metric_series {
	int period;
	size_t cap;
	struct metric_point *pts;
	int64_t newest;                /* newest ts stored; 0 when empty */
	struct metric_point candidate; /* a far point awaiting confirmation; ts 0: none */
};

/* series_init: 0 on success, -1 on bad arguments (cap < 1 or
 * > SERIES_MAX_CAP, period < 1); the series is then empty but safe to free. */
int series_init(struct metric_series *s, int period, size_t cap);
void series_free(struct metric_series *s);
/* series_put: store ts (aligned down to the period). Points older than the
 * window [newest - (cap-1)*period, ...] are ignored, as are ts <= 0,
 * ts > SERIES_MAX_TS and non-finite values; far points follow the rule above. Returns true when the
 * stored data changed (same value and flags again: false). */
bool series_put(struct metric_series *s, int64_t ts, double value, unsigned flags);
/* series_get: the point of the period containing ts, or NULL. */
const struct metric_point *series_get(const struct metric_series *s, int64_t ts);
/* series_latest: the newest point; false when empty. */
bool series_latest(const struct metric_series *s, struct metric_point *out);
/* series_clear: forget everything (for a change of statistic); keeps the
 * period and capacity. */
void series_clear(struct metric_series *s);
/* series_count: how many slots hold a point. */
size_t series_count(const struct metric_series *s);

#endif
