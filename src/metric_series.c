/* metric_series: a fixed-capacity ring of datapoints keyed by period. */
#include "config.h"

#include "src/metric_series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "src/xalloc.h"

int series_init(struct metric_series *s, int period, size_t cap)
{
	memset(s, 0, sizeof(*s));
	if (period < 1 || cap < 1 || cap > SERIES_MAX_CAP)
		return -1;
	s->period = period;
	s->cap = cap;
	s->pts = xcalloc(cap, sizeof(*s->pts));
	return 0;
}

void series_free(struct metric_series *s)
{
	if (!s)
		return;
	free(s->pts);
	memset(s, 0, sizeof(*s));
}

/* Callers only pass ts > 0, so plain division aligns down. */
static int64_t align(const struct metric_series *s, int64_t ts)
{
	return ts - ts % s->period;
}

static struct metric_point *slot(const struct metric_series *s, int64_t aligned)
{
	return &s->pts[(uint64_t)(aligned / s->period) % s->cap];
}

/* The time the ring spans from its oldest slot to its newest. */
static int64_t span(const struct metric_series *s)
{
	return (int64_t)(s->cap - 1) * s->period;
}

static bool is_far(const struct metric_series *s, int64_t aligned)
{
	if (!s->newest)
		return false;
	return aligned > s->newest + SERIES_FAR || aligned < s->newest - span(s) - SERIES_FAR;
}

/* advance: make aligned the newest period, emptying the slots of the
 * periods skipped over (their old contents fell out of the window). */
static void advance(struct metric_series *s, int64_t aligned)
{
	int64_t steps = (aligned - s->newest) / s->period;
	int64_t i;

	if (steps >= (int64_t)s->cap) {
		memset(s->pts, 0, s->cap * sizeof(*s->pts));
	} else {
		for (i = 1; i < steps; i++)
			memset(slot(s, s->newest + i * s->period), 0, sizeof(struct metric_point));
	}
	s->newest = aligned;
}

/* store: the ordinary path, for a point that is not far. */
static bool store(struct metric_series *s, int64_t aligned, double value, unsigned flags)
{
	struct metric_point *p;

	if (s->newest && aligned < s->newest - span(s))
		return false; /* older than the window */
	if (!s->newest)
		s->newest = aligned;
	else if (aligned > s->newest)
		advance(s, aligned);
	p = slot(s, aligned);
	if (p->ts == aligned && p->flags == flags && memcmp(&p->value, &value, sizeof(value)) == 0)
		return false;
	p->ts = aligned;
	p->value = value;
	p->flags = flags;
	return true;
}

/* far_point: hold the first far point back; a second one on the same new
 * timeline confirms the jump. */
static bool far_point(struct metric_series *s, int64_t aligned, double value, unsigned flags)
{
	struct metric_point *c = &s->candidate;
	int64_t d = aligned > c->ts ? aligned - c->ts : c->ts - aligned;

	if (!c->ts || d > span(s)) {
		c->ts = aligned;
		c->value = value;
		c->flags = flags;
		return false;
	}
	memset(s->pts, 0, s->cap * sizeof(*s->pts));
	s->newest = 0;
	store(s, c->ts, c->value, c->flags);
	memset(c, 0, sizeof(*c));
	store(s, aligned, value, flags);
	return true;
}

bool series_put(struct metric_series *s, int64_t ts, double value, unsigned flags)
{
	int64_t aligned;

	if (!s->pts || ts <= 0 || ts > SERIES_MAX_TS || !isfinite(value))
		return false;
	aligned = align(s, ts);
	if (is_far(s, aligned))
		return far_point(s, aligned, value, flags);
	memset(&s->candidate, 0, sizeof(s->candidate));
	return store(s, aligned, value, flags);
}

const struct metric_point *series_get(const struct metric_series *s, int64_t ts)
{
	const struct metric_point *p;
	int64_t aligned;

	if (!s->pts || ts <= 0 || ts > SERIES_MAX_TS || !s->newest)
		return NULL;
	aligned = align(s, ts);
	p = slot(s, aligned);
	return p->ts == aligned ? p : NULL;
}

bool series_latest(const struct metric_series *s, struct metric_point *out)
{
	const struct metric_point *p = series_get(s, s->newest);

	if (!p)
		return false;
	*out = *p;
	return true;
}

void series_clear(struct metric_series *s)
{
	if (s->pts)
		memset(s->pts, 0, s->cap * sizeof(*s->pts));
	s->newest = 0;
	memset(&s->candidate, 0, sizeof(s->candidate));
}

size_t series_count(const struct metric_series *s)
{
	size_t i, n = 0;

	for (i = 0; s->pts && i < s->cap; i++)
		n += s->pts[i].ts != 0;
	return n;
}
