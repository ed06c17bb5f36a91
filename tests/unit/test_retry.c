/* Unit tests: src/retry.c, standard retry mode and the adaptive interval. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/retry.h"

static double fixed_rand(void *ctx)
{
	return *(double *)ctx;
}

static void test_backoff_bounds(void **state)
{
	(void)state;
	/* r = 0 means no wait at all; r near 1 means the full cap. */
	for (int i = 0; i < 10; i++)
		assert_int_equal(retry_backoff_ms(i, 0.0), 0);
	assert_int_equal(retry_backoff_ms(0, 0.5), 500);
	assert_int_equal(retry_backoff_ms(1, 0.5), 1000);
	assert_int_equal(retry_backoff_ms(2, 0.5), 2000);
	assert_int_equal(retry_backoff_ms(4, 0.5), 8000);
	/* 2^5 = 32 s is past the 20 s ceiling. */
	assert_int_equal(retry_backoff_ms(5, 0.5), 10000);
	assert_int_equal(retry_backoff_ms(60, 0.5), 10000);
	assert_true(retry_backoff_ms(0, 0.9999) < 1000);
	assert_true(retry_backoff_ms(9, 0.9999) < RETRY_MAX_BACKOFF_MS);
	/* Out-of-range random values are clamped, not trusted. */
	assert_int_equal(retry_backoff_ms(1, -3.0), 0);
	assert_true(retry_backoff_ms(1, 7.0) < 2000);
	assert_int_equal(retry_backoff_ms(-1, 0.5), 500);
}

static void test_default_rand_in_range(void **state)
{
	uint64_t s = 0;
	double lo = 1, hi = 0;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		double r = retry_rand_default(&s);

		assert_true(r >= 0.0 && r < 1.0);
		lo = r < lo ? r : lo;
		hi = r > hi ? r : hi;
	}
	assert_true(lo < 0.01);
	assert_true(hi > 0.99);
}

static void test_retry_after_honoured_and_bounded(void **state)
{
	double r = 0.5;

	(void)state;
	assert_int_equal(retry_after_ms("1500"), 1500);
	assert_int_equal(retry_after_ms("0"), 0);
	assert_int_equal(retry_after_ms("99999999999999999999"), RETRY_AFTER_MAX_MS);
	assert_int_equal(retry_after_ms("600000"), RETRY_AFTER_MAX_MS);
	assert_int_equal(retry_after_ms(NULL), -1);
	assert_int_equal(retry_after_ms(""), -1);
	assert_int_equal(retry_after_ms("-5"), -1);
	assert_int_equal(retry_after_ms("12ms"), -1);
	assert_int_equal(retry_delay_ms(0, "1500", fixed_rand, &r), 1500);
	assert_int_equal(retry_delay_ms(1, NULL, fixed_rand, &r), 1000);
	assert_int_equal(retry_delay_ms(1, "junk", fixed_rand, &r), 1000);
}

static void test_at_most_three_attempts(void **state)
{
	struct retry_quota q;
	int cost;

	(void)state;
	retry_quota_init(&q);
	assert_true(retry_acquire(&q, 1, true, false, &cost));
	assert_int_equal(cost, RETRY_COST);
	assert_true(retry_acquire(&q, 2, true, false, &cost));
	assert_false(retry_acquire(&q, 3, true, false, &cost));
	assert_int_equal(cost, 0);
	assert_int_equal(q.tokens, RETRY_QUOTA_MAX - 2 * RETRY_COST);
	/* Not retryable (access denied, say): no retry, no tokens taken. */
	assert_false(retry_acquire(&q, 1, false, false, &cost));
	assert_int_equal(q.tokens, RETRY_QUOTA_MAX - 2 * RETRY_COST);
}

static void test_quota_exhaustion_and_refill(void **state)
{
	struct retry_quota q;
	int cost, n = 0;

	(void)state;
	retry_quota_init(&q);
	while (retry_acquire(&q, 1, true, false, &cost))
		n++;
	assert_int_equal(n, RETRY_QUOTA_MAX / RETRY_COST);
	assert_int_equal(q.tokens, 0);
	/* No tokens: no retry. */
	assert_false(retry_acquire(&q, 1, true, false, &cost));
	/* A first-attempt success adds one token; four are not yet a retry. */
	for (int i = 0; i < 4; i++)
		retry_success(&q, 0);
	assert_int_equal(q.tokens, 4);
	assert_false(retry_acquire(&q, 1, true, false, &cost));
	retry_success(&q, 0);
	assert_true(retry_acquire(&q, 1, true, false, &cost));
	/* A retried request that then succeeds refunds its cost. */
	retry_success(&q, cost);
	assert_int_equal(q.tokens, 5);
	/* The bucket never passes its size. */
	for (int i = 0; i < 1000; i++)
		retry_success(&q, 0);
	assert_int_equal(q.tokens, RETRY_QUOTA_MAX);
}

static void test_timeouts_cost_more(void **state)
{
	struct retry_quota q = {.tokens = 9};
	int cost;

	(void)state;
	assert_false(retry_acquire(&q, 1, true, true, &cost));
	assert_true(retry_acquire(&q, 1, true, false, &cost));
	assert_int_equal(q.tokens, 4);
	q.tokens = 10;
	assert_true(retry_acquire(&q, 1, true, true, &cost));
	assert_int_equal(cost, RETRY_TIMEOUT_COST);
	assert_int_equal(q.tokens, 0);
}

static void test_adaptive_up_and_down(void **state)
{
	struct adaptive_interval a;

	(void)state;
	adaptive_init(&a, 60);
	assert_false(adaptive_stretched(&a));
	adaptive_throttled(&a);
	assert_int_equal(a.current, 120);
	assert_true(adaptive_stretched(&a));
	adaptive_throttled(&a);
	adaptive_throttled(&a);
	assert_int_equal(a.current, 480);
	adaptive_throttled(&a);
	assert_int_equal(a.current, 480); /* 8x the base */
	/* Down by a quarter of the excess each good poll, back to the base. */
	adaptive_ok(&a);
	assert_int_equal(a.current, 375);
	adaptive_ok(&a);
	assert_int_equal(a.current, 296);
	for (int i = 0; i < 40; i++)
		adaptive_ok(&a);
	assert_int_equal(a.current, 60);
	assert_false(adaptive_stretched(&a));
}

static void test_adaptive_ceiling(void **state)
{
	struct adaptive_interval a;

	(void)state;
	assert_int_equal(adaptive_max(10), 80);
	assert_int_equal(adaptive_max(60), 480);
	assert_int_equal(adaptive_max(300), 600); /* at most 10 minutes */
	assert_int_equal(adaptive_max(3600), 3600);
	adaptive_init(&a, 300);
	adaptive_throttled(&a);
	adaptive_throttled(&a);
	assert_int_equal(a.current, 600);
	adaptive_init(&a, 3600);
	adaptive_throttled(&a);
	assert_int_equal(a.current, 3600);
	assert_false(adaptive_stretched(&a));
	adaptive_init(&a, 0);
	assert_int_equal(a.base, 60);
}

static void test_adaptive_new_base(void **state)
{
	struct adaptive_interval a;

	(void)state;
	adaptive_init(&a, 60);
	adaptive_set_base(&a, 10);
	assert_int_equal(a.current, 10);
	adaptive_throttled(&a);
	adaptive_throttled(&a);
	assert_int_equal(a.current, 40);
	adaptive_set_base(&a, 60);
	assert_int_equal(a.current, 60);
	adaptive_throttled(&a);
	adaptive_set_base(&a, 5);
	assert_int_equal(a.current, 40); /* capped to the new ceiling */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff_bounds),
		cmocka_unit_test(test_default_rand_in_range),
		cmocka_unit_test(test_retry_after_honoured_and_bounded),
		cmocka_unit_test(test_at_most_three_attempts),
		cmocka_unit_test(test_quota_exhaustion_and_refill),
		cmocka_unit_test(test_timeouts_cost_more),
		cmocka_unit_test(test_adaptive_up_and_down),
		cmocka_unit_test(test_adaptive_ceiling),
		cmocka_unit_test(test_adaptive_new_base),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
