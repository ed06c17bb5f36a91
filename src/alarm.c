/* alarm: CloudWatch-style M-of-N evaluation over a series (rule in alarm.h). */
#include "config.h"

#include "src/alarm.h"

#include <math.h>

/* align_down: floor to a multiple of p, also for negative t. */
static int64_t align_down(int64_t t, int64_t p)
{
	int64_t r = t % p;

	return r < 0 ? t - r - p : t - r;
}

bool alarm_breaches(const struct alarm_rule *r, double value)
{
	if (!isfinite(value))
		return false;
	switch (r->cmp) {
	case CMP_GT:
		return value > r->threshold;
	case CMP_GE:
		return value >= r->threshold;
	case CMP_LT:
		return value < r->threshold;
	case CMP_LE:
		return value <= r->threshold;
	}
	return false;
}

bool alarm_warns(const struct alarm_rule *r, double value)
{
	if (!(r->warn_ratio > 0) || !(r->threshold > 0) || !isfinite(value))
		return false;
	switch (r->cmp) {
	case CMP_GT:
	case CMP_GE:
		return value > r->warn_ratio * r->threshold;
	case CMP_LT:
	case CMP_LE:
		return value < r->threshold / r->warn_ratio;
	}
	return false;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* newest_published: the newest point at or before last, searching the
 * whole ring (it may lie before the evaluation range). */
static const struct metric_point *newest_published(const struct metric_series *s, int64_t last)
{
	int64_t t = s->newest < last ? s->newest : last;
	size_t i;

	for (i = 0; i < s->cap && t > 0; i++, t -= s->period) {
		const struct metric_point *p = series_get(s, t);

		if (p)
			return p;
	}
	return NULL;
}

/* collect: walk back from last over the evaluation range, counting the N
 * newest present points and how many of them breach. */
static void collect(const struct metric_def *m, const struct metric_series *s, int64_t last, int n,
		    struct alarm_result *res)
{
	int range = 2 * n > n + 2 ? 2 * n : n + 2;
	int64_t t = last;
	int k;

	for (k = 0; k < range && res->present < n && t > 0; k++, t -= s->period) {
		const struct metric_point *p = series_get(s, t);

		if (!p)
			continue;
		res->present++;
		if (alarm_breaches(&m->rule, metric_def_display(m, p->value)))
			res->breaching++;
	}
}

/* A series polled every I seconds, I longer than its period P, learns
 * nothing new between two polls: evaluated at `now` its newest point would
 * age out (STALE) and its range move past it (NO DATA) on a healthy
 * system. So it is evaluated up to I - P earlier, never so early that its
 * newest complete point would not count yet; the age shown stays the real
 * one. Polls that stop still end in STALE, I - P later. */
struct alarm_result alarm_eval_polled(const struct metric_def *m, const struct metric_series *s,
				      int64_t now, int lag, int interval)
{
	struct alarm_result res;
	int64_t at = now, late, counts_from;

	if (s && s->newest && interval > s->period) {
		late = interval - s->period;
		counts_from = s->newest + s->period + (lag > 0 ? lag : 0);
		at = now - late > counts_from ? now - late : counts_from;
		if (at > now)
			at = now;
	}
	res = alarm_eval(m, s, at, lag);
	if (res.has_value)
		res.age += now - at;
	return res;
}

struct alarm_result alarm_eval(const struct metric_def *m, const struct metric_series *s,
			       int64_t now, int lag)
{
	struct alarm_result res = {.state = STATE_NO_DATA};
	const struct metric_point *newest;
	int n = clamp(m->rule.periods, 1, ALARM_MAX_PERIODS);
	int need = clamp(m->rule.datapoints, 1, n);
	int64_t p, last;
	bool breach, warn;

	if (!s || !s->pts || s->period < 1 || !s->newest)
		return res;
	p = s->period;
	last = align_down(now - (lag > 0 ? lag : 0), p) - p;
	newest = newest_published(s, last);
	if (!newest)
		return res;
	res.has_value = true;
	res.value = metric_def_display(m, newest->value);
	res.value_ts = newest->ts;
	res.age = now - (newest->ts + p);

	collect(m, s, last, n, &res);
	if (res.present > 0) {
		breach = res.breaching >= need;
		/* The newest evaluated point is newest: the range ends at last. */
		warn = alarm_warns(&m->rule, res.value);
		if (!m->rule.enabled)
			res.state = STATE_OK;
		else
			res.state = breach ? STATE_ALARM : warn ? STATE_WARN : STATE_OK;
	}
	/* Old data says so, with its age, even when it fell out of the
	 * evaluation range: "NO DATA" would hide that there was some. */
	if (res.age > 2 * p + (lag > 0 ? lag : 0))
		res.state = STATE_STALE;
	return res;
}

const char *alarm_state_word(enum alarm_state s)
{
	switch (s) {
	case STATE_NO_DATA:
		return "NO DATA";
	case STATE_OK:
		return "OK";
	case STATE_WARN:
		return "WARN";
	case STATE_ALARM:
		return "ALARM";
	case STATE_STALE:
		return "STALE";
	case STATE_ERROR:
		return "ERROR";
	}
	return "?";
}

bool alarm_track_update(struct alarm_track *t, enum alarm_state state, int64_t now)
{
	if (t->state == state) {
		if (!t->since)
			t->since = now;
		return false;
	}
	t->state = state;
	t->since = now;
	return state == STATE_ALARM;
}
