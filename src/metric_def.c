/* metric_def: the helpers around struct metric_def (the defaults live in
 * metric_defaults.c). */
#include "config.h"

#include "src/metric_def.h"

#include <stdlib.h>
#include <string.h>

#include "src/xalloc.h"

/* Used when a definition has no statistic at all: the one CloudWatch's own
 * console starts with. */
#define DEFAULT_STAT "Average"

const char *metric_def_stat(const struct metric_def *m)
{
	size_t n = m->nstats < METRIC_MAX_STATS ? m->nstats : METRIC_MAX_STATS;

	if (n == 0)
		return DEFAULT_STAT;
	if (m->stat_index < n && m->stats[m->stat_index])
		return m->stats[m->stat_index];
	return m->stats[0] ? m->stats[0] : DEFAULT_STAT;
}

/* A total over the period (not an average, extreme or percentile), which
 * divided by the period is a rate. */
static bool stat_is_total(const char *stat)
{
	static const char *const totals[] = {"Sum", "SampleCount", "ts", "TS(", "tc", "TC("};

	for (size_t i = 0; i < sizeof(totals) / sizeof(totals[0]); i++)
		if (strncmp(stat, totals[i], strlen(totals[i])) == 0)
			return true;
	return false;
}

bool metric_def_rate(const struct metric_def *m)
{
	if (!m->per_second || m->period <= 0)
		return false;
	/* An expression's result has no statistic: per_second was asked for. */
	return m->expression || stat_is_total(metric_def_stat(m));
}

const char *metric_def_unit(const struct metric_def *m)
{
	if (m->per_second && !metric_def_rate(m))
		return ""; /* a Maximum of a count is no "/s" */
	return m->unit ? m->unit : "";
}

double metric_def_display(const struct metric_def *m, double raw)
{
	double v = raw;

	/* A Sum over the period becomes a rate: Count per period -> per second. */
	if (metric_def_rate(m))
		v /= m->period;
	/* A zero scale is an unset one (a zeroed struct), not "show zeros". */
	if (m->scale != 0.0)
		v *= m->scale;
	return v;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

const char *cmp_symbol(enum cmp_op op)
{
	switch (op) {
	case CMP_GE:
		return ">=";
	case CMP_LT:
		return "<";
	case CMP_LE:
		return "<=";
	case CMP_GT:
	default:
		return ">";
	}
}

void metric_def_copy(struct metric_def *dst, const struct metric_def *src)
{
	size_t i;

	*dst = *src;
	dst->id = dup_or_null(src->id);
	dst->label = dup_or_null(src->label);
	dst->namespace_ = dup_or_null(src->namespace_);
	dst->metric_name = dup_or_null(src->metric_name);
	dst->expression = dup_or_null(src->expression);
	dst->unit = dup_or_null(src->unit);
	if (dst->ndims > METRIC_MAX_DIMS)
		dst->ndims = METRIC_MAX_DIMS;
	for (i = 0; i < METRIC_MAX_DIMS; i++) {
		dst->dims[i].name = i < dst->ndims ? dup_or_null(src->dims[i].name) : NULL;
		dst->dims[i].value = i < dst->ndims ? dup_or_null(src->dims[i].value) : NULL;
	}
	if (dst->nstats > METRIC_MAX_STATS)
		dst->nstats = METRIC_MAX_STATS;
	for (i = 0; i < METRIC_MAX_STATS; i++)
		dst->stats[i] = i < dst->nstats ? dup_or_null(src->stats[i]) : NULL;
}

void metric_def_free(struct metric_def *m)
{
	size_t i;

	if (!m)
		return;
	free(m->id);
	free(m->label);
	free(m->namespace_);
	free(m->metric_name);
	free(m->expression);
	free(m->unit);
	/* Only the used entries: the rest may never have been initialised. */
	for (i = 0; i < m->ndims && i < METRIC_MAX_DIMS; i++) {
		free(m->dims[i].name);
		free(m->dims[i].value);
		m->dims[i].name = m->dims[i].value = NULL;
	}
	for (i = 0; i < m->nstats && i < METRIC_MAX_STATS; i++) {
		free(m->stats[i]);
		m->stats[i] = NULL;
	}
	m->id = m->label = m->namespace_ = m->metric_name = m->expression = m->unit = NULL;
	m->ndims = m->nstats = 0;
}
