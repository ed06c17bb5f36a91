/* Unit tests: src/clock.c, the virtual clock. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "src/clock.h"

static void test_real_delays(void **state)
{
	(void)state;
	clock_set_speed(clock_now(), 1.0);
	assert_int_equal(clock_real_ms(0), 0);
	assert_int_equal(clock_real_ms(-5), 0);
	assert_int_equal(clock_real_ms(1500), 1500);
	clock_set_speed(clock_now(), 20.0);
	/* A virtual minute is three real seconds (rounded up, never early). */
	assert_int_equal(clock_real_ms(60000), 3001);
}

/* "Never" must stay a long sleep at any speed: a negative or zero timeout
 * would make the event loop spin. */
static void test_never_stays_never(void **state)
{
	(void)state;
	clock_set_speed(clock_now(), 1.0);
	assert_int_equal(clock_real_ms(INT64_MAX), CLOCK_REAL_MAX_MS);
	clock_set_speed(clock_now(), 0.5);
	assert_int_equal(clock_real_ms(INT64_MAX / 2), CLOCK_REAL_MAX_MS);
	clock_set_speed(clock_now(), 1000.0);
	assert_true(clock_real_ms(INT64_MAX) > 0);
	clock_set_speed(clock_now(), 1.0);
}

static void test_speed_moves_virtual_time(void **state)
{
	int64_t epoch = clock_now() - 100;

	(void)state;
	clock_set_speed(epoch, 10.0);
	/* 100 real seconds since the anchor are 1000 virtual ones. */
	assert_true(clock_now() >= epoch + 1000 - 1 && clock_now() <= epoch + 1000 + 11);
	assert_int_equal(clock_from_real(epoch + 10), epoch + 100);
	clock_set_speed(clock_now(), 1.0);
}

/* A clock based elsewhere: virtual time starts at virtual_base now and runs
 * at speed from there; real time stays real. */
static void test_base_moves_virtual_start(void **state)
{
	int64_t real = clock_real_now();
	int64_t start = 1765977600; /* any minute of the past */

	(void)state;
	clock_set_base(real, start, 20.0);
	assert_true(clock_now() >= start && clock_now() <= start + 20 * 5);
	assert_int_equal(clock_from_real(real + 3), start + 60);
	assert_true(clock_real_now() >= real && clock_real_now() <= real + 5);
	clock_set_base(real, start, 1.0);
	assert_true(clock_now() >= start && clock_now() <= start + 5);
	clock_set_speed(clock_real_now(), 1.0);
	assert_true(clock_now() >= real && clock_now() <= real + 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_delays),
		cmocka_unit_test(test_never_stays_never),
		cmocka_unit_test(test_speed_moves_virtual_time),
		cmocka_unit_test(test_base_moves_virtual_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
