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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_delays),
		cmocka_unit_test(test_never_stays_never),
		cmocka_unit_test(test_speed_moves_virtual_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
