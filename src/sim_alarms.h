/* sim_alarms: DescribeAlarms at the demo endpoint.
 *
 * The demo has two metric alarms (API latency, Lambda concurrency), each
 * evaluated on sim_story's data as CloudWatch evaluates it: M of the last N
 * complete periods above the threshold, missing data left out. The answer
 * has the service's fields and wording: StateReason, StateReasonData, the
 * time of the last transition, filters and paging. */
#ifndef CWTOP_SIM_ALARMS_H
#define CWTOP_SIM_ALARMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/sim_reply.h"

#define SIM_MAX_ALARM_NAMES 100 /* AlarmNames: more is a validation error */

/* The request's filters. Strings point into the decoded request. */
struct sim_alarm_filter {
	bool have_names; /* AlarmNames given: only these */
	const char *names[SIM_MAX_ALARM_NAMES];
	size_t nnames;
	const char *prefix;     /* AlarmNamePrefix, or NULL */
	const char *state;      /* StateValue, or NULL */
	bool have_types;        /* AlarmTypes given: metric alarms only if ... */
	bool metric_alarm_type; /* ... "MetricAlarm" is among them */
};

/* A DescribeAlarms request, validated (sim_server.c decodes it). */
struct sim_alarms_request {
	struct sim_alarm_filter filter;
	int64_t limit;          /* MaxRecords (default 50) */
	const char *next_token; /* or NULL */
	uint64_t hash;          /* sim_hash of the region and the filters: a
				 * NextToken belongs to the same ones */
};

/* sim_describe_alarms: the answer for region into r (the InvalidNextToken
 * error for a token that is not this request's). strings: the
 * malformed-types fault, the threshold sent as a string. */
void sim_describe_alarms(const struct sim_alarms_request *q, const char *region, uint64_t secret,
			 bool strings, bool query_mode, struct sim_reply *r);

#endif
