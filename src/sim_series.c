/* sim_series: the demo's data over a request's time range, as series. */
#include "config.h"

#include "src/sim_series.h"

#include <stdlib.h>
#include <string.h>

#include "src/xalloc.h"

void sim_series_push(struct sim_series *s, int64_t t, double v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->t = xreallocarray(s->t, s->cap, sizeof(*s->t));
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->t[s->n] = t;
	s->v[s->n] = v;
	s->n++;
}

void sim_series_free(struct sim_series *s)
{
	free(s->t);
	free(s->v);
	free(s->label);
	memset(s, 0, sizeof(*s));
}

void sim_series_copy(struct sim_series *dst, const struct sim_series *src)
{
	memset(dst, 0, sizeof(*dst));
	for (size_t i = 0; i < src->n; i++)
		sim_series_push(dst, src->t[i], src->v[i]);
	dst->label = src->label ? xstrdup(src->label) : NULL;
}

bool sim_period_ok(int64_t p)
{
	return p == 1 || p == 5 || p == 10 || p == 30 || (p >= 60 && p % 60 == 0);
}

int64_t sim_floor_to(int64_t t, int64_t unit)
{
	int64_t q = t / unit;

	if (t % unit != 0 && t < 0)
		q--;
	return q * unit;
}

/* retention: how far back data of this period is kept. */
static int64_t retention(int period)
{
	if (period < 60)
		return 3 * 3600;
	if (period < 300)
		return 15 * 86400;
	if (period < 3600)
		return 63 * 86400;
	return 455 * 86400;
}

void sim_slots(const struct sim_window *w, int period, int64_t *first, int64_t *nslots)
{
	int64_t age = w->now - w->start;
	int64_t unit = age < 15 * 86400 ? 60 : age < 63 * 86400 ? 300 : 3600;
	int64_t f = sim_floor_to(w->start, unit), n, lo, klo, khi;

	n = w->end > f ? (w->end - f + period - 1) / period : 0;
	lo = w->now - retention(period);
	klo = lo > f ? (lo - f + period - 1) / period : 0;
	khi = w->now - 60 >= f ? (w->now - 60 - f) / period + 1 : 0;
	if (khi > n)
		khi = n;
	*first = f + klo * period;
	*nslots = khi > klo ? khi - klo : 0;
}

bool sim_slot_value(const struct sim_window *w, const struct sim_metric *m,
		    const struct sim_stat *st, int period, int64_t t, double *v)
{
	return sim_story_value(w->region, m, st, period, t, w->now, v);
}

void sim_metric_series(const struct sim_window *w, const struct sim_metric *m,
		       const struct sim_stat *st, int period, struct sim_series *out)
{
	int64_t first, n;
	double v;

	sim_slots(w, period, &first, &n);
	for (int64_t k = 0; k < n; k++)
		if (sim_slot_value(w, m, st, period, first + k * period, &v))
			sim_series_push(out, first + k * period, v);
}
