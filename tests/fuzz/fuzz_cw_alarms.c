/* fuzz_cw_alarms: cw_alarms_parse, the decoder of every DescribeAlarms body
 * an endpoint sends. Beyond "no crash, no leak, no UB": strings safe to
 * draw and bounded, counts within the page, a refused body leaves nothing
 * behind, and every decoded alarm can be matched and compared. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "src/cw_alarms.h"
#include "tests/fuzz/fuzz.h"

static void check_alarm(const struct cw_alarm *a)
{
	static char ns[] = "AWS/ApiGateway", name[] = "Latency", stat[] = "Average", unit[] = "ms";
	struct metric_def m;
	char diff[200];

	FUZZ_CHECK(a->name && fuzz_text_safe(a->name, CW_ALARM_MAX_TEXT + 1));
	FUZZ_CHECK(!a->namespace_ || fuzz_text_safe(a->namespace_, CW_ALARM_MAX_TEXT + 1));
	FUZZ_CHECK(!a->metric_name || fuzz_text_safe(a->metric_name, CW_ALARM_MAX_TEXT + 1));
	FUZZ_CHECK(!a->statistic || fuzz_text_safe(a->statistic, 64));
	FUZZ_CHECK(a->ndims <= METRIC_MAX_DIMS);
	FUZZ_CHECK(!a->has_threshold || isfinite(a->threshold));
	FUZZ_CHECK(a->since >= 0);
	memset(&m, 0, sizeof(m));
	m.namespace_ = ns;
	m.metric_name = name;
	m.stats[0] = stat;
	m.nstats = 1;
	m.period = 60;
	m.unit = unit;
	m.rule = (struct alarm_rule){true, 500, CMP_GT, 3, 3, 0};
	(void)cw_alarm_matches(a, &m);
	cw_alarm_differences(a, &m, diff, sizeof(diff));
	FUZZ_CHECK(fuzz_text_safe(diff, sizeof(diff)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cw_alarms_page p;
	struct cw_error err;

	if (cw_alarms_parse((const char *)data, size, &p, &err) != 0) {
		FUZZ_CHECK(err.kind == CW_ERR_MALFORMED);
		FUZZ_CHECK(fuzz_text_safe(err.message, sizeof(err.message)) && err.message[0]);
		FUZZ_CHECK(!p.alarms && !p.n && !p.next_token);
		cw_alarms_page_free(&p);
		return 0;
	}
	FUZZ_CHECK(err.kind == CW_OK);
	FUZZ_CHECK(p.n <= CW_ALARMS_PAGE);
	for (size_t i = 0; i < p.n; i++)
		check_alarm(&p.alarms[i]);
	if (p.next_token) {
		char *req;

		FUZZ_CHECK(p.next_token[0] && fuzz_text_safe(p.next_token, CW_MAX_TOKEN + 1));
		req = cw_alarms_build_request(p.next_token);
		FUZZ_CHECK(strstr(req, "\"NextToken\":\""));
		free(req);
	}
	cw_alarms_page_free(&p);
	return 0;
}

#include "tests/fuzz/replay.c"
