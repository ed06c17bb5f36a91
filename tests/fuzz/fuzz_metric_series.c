/* fuzz_metric_series: the ring (series_put and friends) and alarm_eval on
 * whatever sequence of timestamps an endpoint may send. Not a parser, but
 * the window, the far-point rule and the evaluation range are arithmetic
 * on untrusted timestamps.
 *
 * Input: byte 0 picks the period, byte 1 the capacity (1..64), then 10-byte
 * operations: 1 byte kind, 8 bytes time (little-endian; small kinds use it
 * as a signed offset from the newest point), 1 byte value. After every
 * operation the ring's invariants must hold, and an evaluation at a time
 * near the newest point must give a sane result. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "src/alarm.h"
#include "src/metric_series.h"
#include "tests/fuzz/fuzz.h"

static const int periods[] = {1, 10, 60, 300, 3600, 86400};

static void check_ring(const struct metric_series *s)
{
	int64_t span = (int64_t)(s->cap - 1) * s->period;
	struct metric_point latest;
	size_t i, n = 0;

	for (i = 0; i < s->cap; i++) {
		const struct metric_point *p = &s->pts[i];

		if (!p->ts)
			continue;
		n++;
		FUZZ_CHECK(s->newest != 0);
		FUZZ_CHECK(p->ts % s->period == 0);
		FUZZ_CHECK(p->ts <= s->newest && p->ts >= s->newest - span);
		FUZZ_CHECK(series_get(s, p->ts) == p);
		FUZZ_CHECK(isfinite(p->value));
	}
	FUZZ_CHECK(n == series_count(s));
	FUZZ_CHECK(n <= s->cap);
	FUZZ_CHECK(series_latest(s, &latest) == (s->newest != 0));
	if (s->newest)
		FUZZ_CHECK(latest.ts == s->newest);
}

static void check_eval(const struct metric_def *m, const struct metric_series *s, int64_t now,
		       int lag)
{
	struct alarm_result r = alarm_eval(m, s, now, lag);
	int n = m->rule.periods < 1 ? 1 : m->rule.periods;

	FUZZ_CHECK(r.state >= STATE_NO_DATA && r.state <= STATE_STALE);
	FUZZ_CHECK(r.present >= 0 && r.present <= n && r.breaching <= r.present);
	FUZZ_CHECK(r.state == STATE_NO_DATA || r.state == STATE_STALE || r.present > 0);
	FUZZ_CHECK((r.state == STATE_NO_DATA) == !r.has_value);
	FUZZ_CHECK(!r.has_value || r.value_ts > 0);
	FUZZ_CHECK(alarm_state_word(r.state)[0]);
	if (!m->rule.enabled)
		FUZZ_CHECK(r.state != STATE_ALARM && r.state != STATE_WARN);
}

static int64_t read_i64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return (int64_t)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct metric_series s;
	struct metric_def m;
	size_t cap;

	if (size < 2)
		return 0;
	cap = 1 + data[1] % 64;
	if (series_init(&s, periods[data[0] % 6], cap) != 0)
		abort();
	memset(&m, 0, sizeof(m));
	m.period = s.period;
	m.scale = (data[0] & 0x40) ? 1000 : 1;
	m.per_second = data[0] & 0x80;
	m.rule = (struct alarm_rule){.enabled = data[1] & 0x80,
				     .threshold = 50,
				     .cmp = (enum cmp_op)(data[1] >> 5 & 3),
				     .datapoints = 1 + data[1] % 3,
				     .periods = 1 + data[1] % 5,
				     .warn_ratio = 0.8};
	for (data += 2, size -= 2; size >= 10; data += 10, size -= 10) {
		int64_t t = read_i64(data + 1);
		double v = data[9];

		if (data[0] < 0xC0) /* mostly: near the newest point */
			t = (s.newest ? s.newest : INT64_C(1765977780)) + (int32_t)t % 200000;
		if (data[0] == 0xFF)
			series_clear(&s);
		else
			series_put(&s, t, data[0] == 0xFE ? NAN : v, data[0] & 1);
		check_ring(&s);
		check_eval(&m, &s, s.newest + (int8_t)data[9] * 37, data[9] % 200 - 20);
	}
	series_free(&s);
	return 0;
}

#include "tests/fuzz/replay.c"
