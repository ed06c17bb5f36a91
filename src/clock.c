/* clock: the one place cwtop reads the time. */
#include "config.h"

#include "src/clock.h"

#include <time.h>

static int64_t real_base, virtual_base;
static double speed = 1.0;
static int64_t skew;

static int64_t real_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void clock_set_base(int64_t real, int64_t virt, double s)
{
	real_base = real;
	virtual_base = virt;
	speed = s > 0 ? s : 1.0;
}

void clock_set_speed(int64_t epoch, double s)
{
	clock_set_base(epoch, epoch, s);
}

double clock_speed(void)
{
	return speed;
}

int64_t clock_now_ms(void)
{
	int64_t real = real_now_ms();

	if (speed == 1.0 && real_base == virtual_base)
		return real;
	return virtual_base * 1000 + (int64_t)((double)(real - real_base * 1000) * speed);
}

int64_t clock_now(void)
{
	return clock_now_ms() / 1000;
}

int64_t clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_real_ms(int64_t virtual_delta_ms)
{
	double real;

	if (virtual_delta_ms <= 0)
		return 0;
	/* "Never" (INT64_MAX) and other huge delays must stay huge: converted
	 * through a double they would overflow to a negative number, and a
	 * caller sleeping that long would not sleep at all. */
	real = (double)virtual_delta_ms / speed;
	if (real >= (double)CLOCK_REAL_MAX_MS)
		return CLOCK_REAL_MAX_MS;
	return (int64_t)real + (speed == 1.0 ? 0 : 1);
}

int64_t clock_from_real(int64_t real_seconds)
{
	if (speed == 1.0 && real_base == virtual_base)
		return real_seconds;
	return virtual_base + (int64_t)((double)(real_seconds - real_base) * speed);
}

int64_t clock_real_now(void)
{
	return real_now_ms() / 1000;
}

void clock_set_skew(int64_t s)
{
	skew = s;
}

int64_t clock_skew(void)
{
	return skew;
}
