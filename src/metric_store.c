/* metric_store: one series per (metric, region), with change counters. */
#include "config.h"

#include "src/metric_store.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "src/xalloc.h"

static bool valid(const struct metric_store *st, size_t metric, size_t region)
{
	return st->series && metric < st->nmetrics && region < st->nregions;
}

static size_t capacity(int period, int64_t window)
{
	int64_t cap = window / period + 2;

	return cap > (int64_t)SERIES_MAX_CAP ? SERIES_MAX_CAP : (size_t)cap;
}

int store_init(struct metric_store *st, size_t nmetrics, size_t nregions, const int *periods,
	       int64_t window)
{
	size_t m, r, n;

	memset(st, 0, sizeof(*st));
	if (window < 0 || (nmetrics && !periods) ||
	    (nregions && nmetrics > SIZE_MAX / sizeof(struct metric_series) / nregions))
		return -1;
	for (m = 0; m < nmetrics; m++)
		if (periods[m] < 1)
			return -1;
	n = nmetrics * nregions;
	st->series = xcalloc(n, sizeof(*st->series));
	st->generation = xcalloc(n, sizeof(*st->generation));
	st->nmetrics = nmetrics;
	st->nregions = nregions;
	for (m = 0; m < nmetrics; m++)
		for (r = 0; r < nregions; r++)
			series_init(&st->series[m * nregions + r], periods[m],
				    capacity(periods[m], window));
	return 0;
}

void store_free(struct metric_store *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; st->series && i < st->nmetrics * st->nregions; i++)
		series_free(&st->series[i]);
	free(st->series);
	free(st->generation);
	memset(st, 0, sizeof(*st));
}

struct metric_series *store_series(struct metric_store *st, size_t metric, size_t region)
{
	return valid(st, metric, region) ? &st->series[metric * st->nregions + region] : NULL;
}

const struct metric_series *store_series_const(const struct metric_store *st, size_t metric,
					       size_t region)
{
	return valid(st, metric, region) ? &st->series[metric * st->nregions + region] : NULL;
}

void store_put(struct metric_store *st, size_t metric, size_t region, int64_t ts, double value,
	       unsigned flags)
{
	size_t i = metric * st->nregions + region;

	if (valid(st, metric, region) && series_put(&st->series[i], ts, value, flags))
		st->generation[i]++;
}

uint64_t store_generation(const struct metric_store *st, size_t metric, size_t region)
{
	return valid(st, metric, region) ? st->generation[metric * st->nregions + region] : 0;
}

void store_clear_metric(struct metric_store *st, size_t metric)
{
	size_t r, i;

	for (r = 0; valid(st, metric, r); r++) {
		i = metric * st->nregions + r;
		series_clear(&st->series[i]);
		st->generation[i]++;
	}
}
