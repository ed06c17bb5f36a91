/* retry: the AWS SDKs' "standard" retry mode and the adaptive interval. */
#include "config.h"

#include "src/retry.h"

#include <stdlib.h>

void retry_quota_init(struct retry_quota *q)
{
	q->tokens = RETRY_QUOTA_MAX;
}

bool retry_acquire(struct retry_quota *q, int attempts_done, bool retryable, bool timeout,
		   int *cost)
{
	int c = timeout ? RETRY_TIMEOUT_COST : RETRY_COST;

	*cost = 0;
	if (!retryable || attempts_done >= RETRY_MAX_ATTEMPTS || q->tokens < c)
		return false;
	q->tokens -= c;
	*cost = c;
	return true;
}

void retry_success(struct retry_quota *q, int last_cost)
{
	q->tokens += last_cost > 0 ? last_cost : RETRY_SUCCESS_INCREMENT;
	if (q->tokens > RETRY_QUOTA_MAX)
		q->tokens = RETRY_QUOTA_MAX;
}

int64_t retry_backoff_ms(int retry_index, double r)
{
	int64_t cap_ms = RETRY_MAX_BACKOFF_MS;

	if (retry_index < 0)
		retry_index = 0;
	/* 2^i seconds until that passes the 20 s ceiling (i >= 5). */
	if (retry_index < 5)
		cap_ms = ((int64_t)1 << retry_index) * 1000;
	if (cap_ms > RETRY_MAX_BACKOFF_MS)
		cap_ms = RETRY_MAX_BACKOFF_MS;
	if (!(r >= 0.0)) /* also catches NaN */
		r = 0.0;
	if (r >= 1.0)
		r = 0.999999;
	return (int64_t)(r * (double)cap_ms);
}

int64_t retry_after_ms(const char *header)
{
	char *end;
	long long v;

	if (!header || *header < '0' || *header > '9')
		return -1;
	v = strtoll(header, &end, 10);
	if (*end != '\0')
		return -1;
	return v > RETRY_AFTER_MAX_MS ? RETRY_AFTER_MAX_MS : (int64_t)v;
}

int64_t retry_delay_ms(int retry_index, const char *retry_after_header, retry_rand_fn rnd,
		       void *rnd_ctx)
{
	int64_t after = retry_after_ms(retry_after_header);

	if (after >= 0)
		return after;
	return retry_backoff_ms(retry_index, rnd ? rnd(rnd_ctx) : 0.5);
}

double retry_rand_default(void *ctx)
{
	uint64_t *s = ctx;
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ull;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	/* The top 53 bits as a double in [0, 1). */
	return (double)((x * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0;
}

/* --- Adaptive interval ------------------------------------------------------ */

int adaptive_max(int base_s)
{
	int cap = base_s * 8;

	if (cap > 600)
		cap = 600;
	return cap > base_s ? cap : base_s;
}

void adaptive_init(struct adaptive_interval *a, int base_s)
{
	a->base = base_s > 0 ? base_s : 60;
	a->current = a->base;
}

void adaptive_set_base(struct adaptive_interval *a, int base_s)
{
	int max;

	if (base_s <= 0)
		base_s = 60;
	if (a->current < base_s || a->current == a->base)
		a->current = base_s;
	a->base = base_s;
	max = adaptive_max(base_s);
	if (a->current > max)
		a->current = max;
}

void adaptive_throttled(struct adaptive_interval *a)
{
	int max = adaptive_max(a->base);

	a->current = a->current > max / 2 ? max : a->current * 2;
}

void adaptive_ok(struct adaptive_interval *a)
{
	int excess = a->current - a->base;

	if (excess <= 0) {
		a->current = a->base;
		return;
	}
	a->current -= (excess + 3) / 4;
}

bool adaptive_stretched(const struct adaptive_interval *a)
{
	return a->current > a->base;
}
