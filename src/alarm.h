/* alarm: CloudWatch's alarm evaluation, pure. A rule, a series and the time
 * in; a state out. No I/O, no clock: tests drive it with plain numbers. */
#ifndef CWTOP_ALARM_H
#define CWTOP_ALARM_H

#include <stdbool.h>
#include <stdint.h>

#include "src/metric_def.h"
#include "src/metric_series.h"

enum alarm_state {
	STATE_NO_DATA, /* nothing in the evaluation range */
	STATE_OK,
	STATE_WARN,    /* newest value beyond warn_ratio * threshold */
	STATE_ALARM,   /* M of N beyond the threshold */
	STATE_STALE,   /* newest point older than 2 periods + publishing lag */
	STATE_ERROR,   /* the region's polls fail (set by the caller) */
};

struct alarm_result {
	enum alarm_state state;
	int breaching;      /* periods beyond the threshold among the last N */
	int present;        /* periods with data among the last N */
	bool has_value;
	double value;       /* newest value, display units */
	int64_t value_ts;   /* its period start */
	int64_t age;        /* now - (value_ts + period), seconds; 0 if none */
};

/* alarm_eval: evaluate rule on series at time now. lag is the publishing
 * lag in seconds (how long CloudWatch takes to publish a period).
 * scale/per_second convert raw values to display units (see metric_def). */
struct alarm_result alarm_eval(const struct metric_def *m, const struct metric_series *s,
			       int64_t now, int lag);

/* alarm_breaches: is value (display units) beyond the threshold? */
bool alarm_breaches(const struct alarm_rule *r, double value);
/* alarm_warns: beyond warn_ratio * threshold (but maybe not the threshold)? */
bool alarm_warns(const struct alarm_rule *r, double value);

const char *alarm_state_word(enum alarm_state s); /* "OK", "ALARM", "NO DATA" */

/* Transitions, for the banner and the bell: one tracker per series. */
struct alarm_track {
	enum alarm_state state;
	int64_t since;      /* when the current state began (wall clock) */
};
/* alarm_track_update: record result at now; true on a transition into
 * ALARM from any other state. */
bool alarm_track_update(struct alarm_track *t, enum alarm_state state, int64_t now);

#endif
