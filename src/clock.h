/* clock: the one place cwtop reads the time.
 *
 * Wall time can run faster than real time (the demo compresses a metric
 * minute into a few seconds; the soak test runs days in minutes): virtual =
 * virtual_base + (real - real_base) * speed. Everything that reasons about
 * periods uses the virtual clock; timeouts for I/O use the real monotonic
 * clock. */
#ifndef CWTOP_CLOCK_H
#define CWTOP_CLOCK_H

#include <stdint.h>

/* clock_set_speed: from now on, virtual time runs speed times faster than
 * real time, anchored at epoch (real epoch seconds). speed 1 = real time. */
void clock_set_speed(int64_t epoch, double speed);
/* clock_set_base: virtual time virtual_base at real time real_base (epoch
 * seconds), running speed times faster from there. The demo uses it to start
 * its story at the beginning whatever the wall clock says. */
void clock_set_base(int64_t real_base, int64_t virtual_base, double speed);
double clock_speed(void);
/* clock_now_ms / clock_now: virtual wall clock, epoch ms / seconds. */
int64_t clock_now_ms(void);
int64_t clock_now(void);
/* clock_mono_ms: real monotonic milliseconds (for timeouts). */
int64_t clock_mono_ms(void);
/* clock_real_ms: how many real milliseconds until virtual_delta_ms passes,
 * at most CLOCK_REAL_MAX_MS (about 24 days: "never" for a poll timeout). */
#define CLOCK_REAL_MAX_MS INT64_C(2147483647)
int64_t clock_real_ms(int64_t virtual_delta_ms);
/* clock_from_real: the virtual time that corresponds to real epoch seconds
 * (for a server's Date header). */
int64_t clock_from_real(int64_t real_seconds);
/* clock_real_now: real epoch seconds (credential expiry is real time). */
int64_t clock_real_now(void);

/* Clock-skew correction: the server's time minus ours, added to signing
 * times, as the AWS SDKs do after RequestTimeTooSkewed. */
void clock_set_skew(int64_t skew_seconds);
int64_t clock_skew(void);

#endif
