/* alarm: CloudWatch's alarm evaluation, pure. A rule, a series and the time
 * in; a state out. No I/O, no clock: tests drive it with plain numbers.
 *
 * The rule, with P the series' period, L the publishing lag, N = periods
 * and M = datapoints (M clamped to 1..N, N to 1..ALARM_MAX_PERIODS):
 *
 *  1. The newest period that can be complete at now is
 *     last = align_down(now - L, P) - P (it ended at least L ago). Newer
 *     points are still being filled in and are not evaluated.
 *  2. The evaluation range is the max(2N, N+2) periods ending at last,
 *     inclusive. From it the N most recent PRESENT datapoints are taken;
 *     missing periods are skipped, as CloudWatch does with
 *     TreatMissingData=missing. None present: STATE_NO_DATA, unless the
 *     series has an older point (then rule 5 makes it STALE, with its age).
 *  3. ALARM when at least M of them breach (value converted to display
 *     units with metric_def_display, compared with the rule's cmp).
 *  4. Otherwise WARN when warn_ratio > 0 and the newest of them is beyond
 *     the warning line (alarm_warns), else OK.
 *  5. STALE replaces OK, WARN, ALARM and NO_DATA when the newest point (at
 *     or before last, anywhere in the ring) ended more than 2P + L ago:
 *     now - (ts + P) > 2P + L. Exactly 2P + L is not stale yet. A point
 *     older than the range is always that old, so data that stopped reads
 *     STALE, not NO DATA; NO DATA means the ring has no published point.
 *  6. A rule with enabled = false never gives ALARM or WARN: OK, NO_DATA or
 *     STALE only (breaching is still counted).
 *
 * The warning line (alarm_warns) is only defined for a threshold > 0 and
 * 0 < warn_ratio: for GT/GE, value > warn_ratio * threshold; for LT/LE,
 * value < threshold / warn_ratio (0.8 of 500 warns above 400; 0.8 of 10
 * warns below 12.5). A threshold <= 0 has no warning line. */
#ifndef CWTOP_ALARM_H
#define CWTOP_ALARM_H

#include <stdbool.h>
#include <stdint.h>

#include "src/metric_def.h"
#include "src/metric_series.h"

#define ALARM_MAX_PERIODS 1440 /* N is clamped to this */

enum alarm_state {
	STATE_NO_DATA, /* no published point at all */
	STATE_OK,
	STATE_WARN,  /* newest value beyond warn_ratio * threshold */
	STATE_ALARM, /* M of N beyond the threshold */
	STATE_STALE, /* newest point older than 2 periods + publishing lag */
	STATE_ERROR, /* the region's polls fail (set by the caller) */
};

struct alarm_result {
	enum alarm_state state;
	int breaching;    /* periods beyond the threshold among the last N */
	int present;      /* periods with data among the last N */
	bool has_value;   /* a point at or before `last` exists in the series,
			   * even outside the range (so NO DATA can say when) */
	double value;     /* newest value, display units */
	int64_t value_ts; /* its period start */
	int64_t age;      /* now - (value_ts + period), seconds; 0 if none */
};

/* alarm_eval: evaluate rule on series at time now. lag is the publishing
 * lag in seconds (how long CloudWatch takes to publish a period; < 0 counts
 * as 0). scale/per_second convert raw values to display units (see
 * metric_def). The period is the series' own. s may be NULL (NO_DATA). */
struct alarm_result alarm_eval(const struct metric_def *m, const struct metric_series *s,
			       int64_t now, int lag);
/* alarm_eval_polled: the same for a series polled every interval seconds.
 * When the interval is longer than the period P the rules above are
 * applied at a time up to interval - P before now (never before the newest
 * stored point counts as complete), so nothing decays between two polls;
 * the age reported is still now's. interval <= P is alarm_eval. */
struct alarm_result alarm_eval_polled(const struct metric_def *m, const struct metric_series *s,
				      int64_t now, int lag, int interval);

/* alarm_breaches: is value (display units) beyond the threshold? */
bool alarm_breaches(const struct alarm_rule *r, double value);
/* alarm_warns: beyond the warning line (see above; maybe beyond the
 * threshold too)? false when warn_ratio <= 0 or threshold <= 0. */
bool alarm_warns(const struct alarm_rule *r, double value);

/* alarm_state_word: "OK", "WARN", "ALARM", "NO DATA", "STALE", "ERROR". */
const char *alarm_state_word(enum alarm_state s);

/* Transitions, for the banner and the bell: one tracker per series. */
struct alarm_track {
	enum alarm_state state;
	int64_t since; /* when the current state began (wall clock) */
};
/* alarm_track_update: record result at now; true on a transition into
 * ALARM from any other state. A zeroed tracker starts in NO_DATA. */
bool alarm_track_update(struct alarm_track *t, enum alarm_state state, int64_t now);

#endif
