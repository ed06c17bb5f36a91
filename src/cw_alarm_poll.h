/* cw_alarm_poll: CloudWatch's own metric alarms, per region, kept fresh.
 *
 * One DescribeAlarms round per region at start and then every
 * CW_ALARM_POLL_S (alarms change rarely and each call is billed), every
 * NextToken followed, on its own channel of the shared http multi (never
 * the GetMetricData channel: a slow alarms call cannot delay the data),
 * signed as GetMetricData is (src/cw_sign.h). AccessDenied stops the
 * region's questions for good; any other failure keeps the last answer
 * and is tried again at the next interval. */
#ifndef CWTOP_CW_ALARM_POLL_H
#define CWTOP_CW_ALARM_POLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/aws_credentials.h"
#include "src/cw_alarms.h"
#include "src/http.h"
#include "src/poller.h"
#include "src/settings.h"

/* Every minute: an alarm state a few minutes old would mislead the on-call
 * engineer, and a request costs $0.00001 (about $0.04 a day for three
 * regions). */
#define CW_ALARM_POLL_S       60
#define CW_ALARMS_DENIED_NOTE "CloudWatch alarms: no permission (cloudwatch:DescribeAlarms)"

struct cw_alarm_poll;

/* cw_alarm_poll_new: region i asks on channel first_channel + i of http,
 * at the endpoint the poller uses for it. creds are read at each call (the
 * poller refreshes them in place). once: a single round (--once). */
struct cw_alarm_poll *cw_alarm_poll_new(const struct settings *s, struct http *http,
					size_t first_channel, const struct poller *poller,
					const struct aws_credentials *creds, bool once);
void cw_alarm_poll_free(struct cw_alarm_poll *ap);

/* cw_alarm_poll_tick: start the rounds due at now (virtual ms). */
void cw_alarm_poll_tick(struct cw_alarm_poll *ap, int64_t now_ms);
/* cw_alarm_poll_next_due_ms: virtual ms until a round is due, INT64_MAX
 * when none is. */
int64_t cw_alarm_poll_next_due_ms(const struct cw_alarm_poll *ap, int64_t now_ms);
/* cw_alarm_poll_settled: every region has finished its first round (an
 * answer, an error or no permission) and nothing is in flight. */
bool cw_alarm_poll_settled(const struct cw_alarm_poll *ap);

/* cw_alarm_poll_match: the alarms of region that belong to m's pane
 * (cw_alarm_matches), at most max into out, in the order CloudWatch listed
 * them; returns how many. The pointers live until the next tick. */
size_t cw_alarm_poll_match(const struct cw_alarm_poll *ap, size_t region,
			   const struct metric_def *m, const struct cw_alarm **out, size_t max);
/* cw_alarm_poll_note: CW_ALARMS_DENIED_NOTE once any region said
 * AccessDenied, else NULL. */
const char *cw_alarm_poll_note(const struct cw_alarm_poll *ap);
/* cw_alarm_poll_error: the region's last failure (kind CW_OK when none). */
const struct cw_error *cw_alarm_poll_error(const struct cw_alarm_poll *ap, size_t region);
/* cw_alarm_poll_calls: DescribeAlarms calls sent to region so far. */
uint64_t cw_alarm_poll_calls(const struct cw_alarm_poll *ap, size_t region);

#endif
