/* metric_def: what cwtop watches. One struct per configured metric; the
 * built-in defaults (metric_defaults.c) and [metric NAME] sections of the
 * config file both produce these. */
#ifndef CWTOP_METRIC_DEF_H
#define CWTOP_METRIC_DEF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define METRIC_MAX_DIMS  30 /* CloudWatch's own limit */
#define METRIC_MAX_STATS 4  /* statistics the `s` key cycles through */
#define MAX_REGIONS      16

enum cmp_op {
	CMP_GT, /* GreaterThanThreshold */
	CMP_GE, /* GreaterThanOrEqualToThreshold */
	CMP_LT, /* LessThanThreshold */
	CMP_LE, /* LessThanOrEqualToThreshold */
};

struct dimension {
	char *name;
	char *value;
};

/* An alarm rule as CloudWatch evaluates it: M of the last N periods beyond
 * the threshold means ALARM; missing periods are treated as missing. */
struct alarm_rule {
	bool enabled;
	double threshold; /* in display units (after scale) */
	enum cmp_op cmp;
	int datapoints;    /* M */
	int periods;       /* N */
	double warn_ratio; /* WARN when beyond warn_ratio * threshold; 0 = off */
};

struct metric_def {
	char *id;         /* config section name: [metric ID]; unique */
	char *label;      /* what the pane title says */
	char *namespace_; /* AWS/ApiGateway; NULL when expression is set */
	char *metric_name;
	struct dimension dims[METRIC_MAX_DIMS];
	size_t ndims;
	char *stats[METRIC_MAX_STATS]; /* stats[0] is the default */
	size_t nstats;
	size_t stat_index; /* which of stats[] is in use now */
	char *expression;  /* metric math or SEARCH instead of a metric */
	int period;        /* seconds, a multiple of 60 (or 1/5/10/30) */
	char *unit;        /* display unit: "ms", "/s", "" */
	double scale;      /* display value = raw value * scale */
	bool per_second;   /* divide by the period first (Sum/period) */
	bool has_fill;     /* CloudWatch's FILL: a period a good poll returned */
	double fill;       /* nothing for counts as this raw value (0 throttles) */
	struct alarm_rule rule;
	uint32_t region_mask; /* bit i: watched in settings.regions[i] */
};

/* metric_def_stat: the statistic in use now (stats[stat_index]; stats[0]
 * when the index is out of range; "Average" when there is none). */
const char *metric_def_stat(const struct metric_def *m);
/* metric_def_rate: per_second applies to the statistic in use: it is a
 * total over the period (Sum, SampleCount, trimmed sum or count) or the
 * metric is an expression, and the period is > 0. A Maximum or p99 of the
 * same metric is shown as CloudWatch gives it. */
bool metric_def_rate(const struct metric_def *m);
/* metric_def_display: raw CloudWatch value -> value in display units:
 * raw / period when metric_def_rate, then * scale (a scale of 0 is an
 * unset one and counts as 1). */
double metric_def_display(const struct metric_def *m, double raw);
/* metric_def_unit: the unit to show with a display value: the configured
 * one, or "" when per_second does not apply to the statistic in use. */
const char *metric_def_unit(const struct metric_def *m);
/* cmp_symbol: ">", ">=", "<" or "<=", as a threshold is shown. */
const char *cmp_symbol(enum cmp_op op);
/* metric_def_copy: deep copy (dst is overwritten, not freed first; only
 * the first ndims dims and nstats stats are copied); metric_def_free
 * releases the strings and leaves an empty definition. */
void metric_def_copy(struct metric_def *dst, const struct metric_def *src);
void metric_def_free(struct metric_def *m);

/* The built-in default metric set (the deployment the defaults describe):
 * fills *out with a freshly allocated array; returns its length. */
size_t metric_defaults(struct metric_def **out);

#endif
