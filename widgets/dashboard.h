/* dashboard: the whole screen, drawn from a read-only model.
 *
 * src/app.c fills a struct dash_model from the metric store, the alarm
 * states and the poller's region statuses; the widgets draw it into a
 * canvas. Widgets never see HTTP, JSON or AWS. Layout, top to bottom:
 * header, banner (when an alarm fired), grid of panes (one column per
 * region, one row per metric) or the zoomed pane, status line, key hint;
 * the help overlay on top when open. */
#ifndef CWTOP_DASHBOARD_H
#define CWTOP_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/alarm.h"
#include "src/metric_def.h"
#include "src/metric_series.h"
#include "widgets/canvas.h"

/* CloudWatch's own alarm on a pane's metric (DescribeAlarms), as drawn. */
struct cw_alarm_line {
	const char *name;    /* sanitized */
	const char *state;   /* "OK", "ALARM", "INSUFFICIENT_DATA", "UNKNOWN" */
	bool in_alarm;       /* state is ALARM: the pane carries a CW! marker */
	int64_t since;       /* when it entered the state, epoch s; 0 unknown */
	const char *differs; /* how its rule differs from cwtop's, or NULL */
};

/* One pane: one metric in one region. */
struct pane_model {
	const struct metric_def *def; /* label, unit, rule, period, stat */
	const char *region;
	const struct metric_series *series; /* raw values; convert with metric_def_display */
	struct alarm_result result;         /* state, newest value, age */
	int64_t state_since;                /* when the state began (virtual s) */
	bool region_failing;                /* the region's last poll failed: data is old */
	/* This series' own failure (its result said Forbidden or InternalError):
	 * one sanitized line, or NULL; and what the user can do about it. */
	const char *error;
	const char *advice;
	/* CloudWatch's own alarms on this metric and statistic (none when the
	 * feature is off or CloudWatch has none). */
	const struct cw_alarm_line *cw_alarms;
	size_t ncw_alarms;
};

/* One region's line in the status bar. */
struct region_model {
	const char *name;
	int64_t age;        /* seconds since the last good poll; -1 never */
	const char *error;  /* one line (sanitized) or NULL */
	const char *advice; /* what the user can do about the error, or NULL */
	bool in_flight;
	int interval;   /* current poll interval, seconds */
	bool stretched; /* interval lengthened after throttling */
	unsigned calls_per_min;
	double cost_per_hour; /* USD at $0.01 per 1,000 metrics requested */
};

struct key_hint {
	const char *key;  /* "q", "Enter", "+/-" */
	const char *help; /* "quit" */
};

struct dash_model {
	/* Header. */
	const char *profile;
	const char *range_label; /* "15m" */
	int refresh;             /* seconds */
	int64_t now;             /* virtual epoch seconds (drawn as UTC) */
	bool paused;
	bool polling; /* any region in flight */
	bool demo;
	const char *story; /* the demo: what the load test is doing, or NULL */

	/* Grid. */
	size_t nmetrics, nregions;
	struct pane_model *panes; /* [metric * nregions + region] */
	struct region_model *regions;
	int64_t range_start, range_end; /* the time window drawn, virtual s */
	int lag;                        /* periods newer than now - lag are provisional */

	/* Interaction. */
	size_t focus; /* index into panes */
	bool zoomed;  /* the focused pane fills the grid area */
	bool help_open;
	const char *banner;           /* NULL when no alarm banner */
	const char *message;          /* a transient one-line message, or NULL */
	const struct key_hint *hints; /* the key table, for the hint line and help */
	size_t nhints;
	const struct key_hint *help; /* every key with its sentence, for the help */
	size_t nhelp;                /* overlay; when NULL, the help lists hints */
};

/* dashboard_draw: draw m into c (which has the terminal's size). Any size
 * works: below what fits, the layout degrades to fewer rows per pane, then
 * one line per series, then a "terminal too small" line. */
void dashboard_draw(struct canvas *c, const struct dash_model *m);

#endif
