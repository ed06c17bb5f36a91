/* retry: the AWS SDKs' "standard" retry mode and cwtop's adaptive poll
 * interval. Pure: no clock, no I/O; the random source is passed in.
 *
 * Standard mode, as the SDKs document it: at most 3 attempts per request;
 * before retry i (0 for the first retry) wait rand[0,1) * min(2^i, 20)
 * seconds ("full jitter"); a retry quota of 500 tokens per client (one per
 * region here) where a retry costs 5 tokens, or 10 after a timeout (the
 * SDKs charge timeouts more because they cost the service more); a
 * successful retried request refunds its cost, any other success adds 1
 * token, up to 500. With too few tokens the error is returned, not retried.
 * A server's x-amz-retry-after (milliseconds) replaces the backoff, bounded
 * to 20 s so a hostile value cannot park a region. */
#ifndef CWTOP_RETRY_H
#define CWTOP_RETRY_H

#include <stdbool.h>
#include <stdint.h>

#define RETRY_MAX_ATTEMPTS      3
#define RETRY_MAX_BACKOFF_MS    20000
#define RETRY_QUOTA_MAX         500
#define RETRY_COST              5
#define RETRY_TIMEOUT_COST      10
#define RETRY_SUCCESS_INCREMENT 1
#define RETRY_AFTER_MAX_MS      20000

/* A uniform random number in [0, 1). */
typedef double (*retry_rand_fn)(void *ctx);

struct retry_quota {
	int tokens;
};

void retry_quota_init(struct retry_quota *q);

/* retry_acquire: may a failed attempt be retried? attempts_done counts the
 * attempts made so far (1 after the first failure). On yes the tokens are
 * taken and *cost says how many (keep it for retry_success); on no nothing
 * changes and *cost is 0. */
bool retry_acquire(struct retry_quota *q, int attempts_done, bool retryable, bool timeout,
		   int *cost);

/* retry_success: a request succeeded; last_cost is the cost of the retry
 * that led to it (0 when it succeeded on the first attempt). */
void retry_success(struct retry_quota *q, int last_cost);

/* retry_backoff_ms: full-jitter delay before retry number retry_index
 * (0-based), with r in [0, 1). */
int64_t retry_backoff_ms(int retry_index, double r);

/* retry_after_ms: the x-amz-retry-after value (ms) bounded to
 * RETRY_AFTER_MAX_MS, or -1 when absent or not a plain number. */
int64_t retry_after_ms(const char *header);

/* retry_delay_ms: the delay before retry retry_index: the server's
 * retry-after when given, else the jittered backoff from rnd. */
int64_t retry_delay_ms(int retry_index, const char *retry_after_header, retry_rand_fn rnd,
		       void *rnd_ctx);

/* retry_rand_default: a small xorshift generator; ctx points at the
 * caller's uint64_t state (any seed; 0 is replaced). Jitter needs no more. */
double retry_rand_default(void *ctx);

/* Adaptive poll interval. Each poll that met throttling doubles the
 * interval, up to 8 times the base but never above 10 minutes (unless the
 * base itself is longer: then it does not stretch). Each poll without
 * throttling takes away a quarter of the excess (rounded up), so the
 * interval comes back in a few polls without swinging back into throttling. */
struct adaptive_interval {
	int base;    /* seconds */
	int current; /* seconds */
};

void adaptive_init(struct adaptive_interval *a, int base_s);
/* adaptive_set_base: a new base (settings changed); keeps the stretch
 * factor's ceiling rules. */
void adaptive_set_base(struct adaptive_interval *a, int base_s);
void adaptive_throttled(struct adaptive_interval *a);
void adaptive_ok(struct adaptive_interval *a);
int adaptive_max(int base_s);
bool adaptive_stretched(const struct adaptive_interval *a);

#endif
