/* cw_alarms: CloudWatch's own metric alarms (DescribeAlarms over AWS JSON
 * 1.0), as plain C: the request body, the answer decoded (json-c; this file
 * is a trust boundary like src/cloudwatch.c), which alarm belongs to which
 * pane, and how its rule differs from cwtop's.
 *
 * An alarm on metric math (a Metrics array instead of MetricName) is kept
 * with namespace_ NULL and matches no pane. */
#ifndef CWTOP_CW_ALARMS_H
#define CWTOP_CW_ALARMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/cloudwatch.h"
#include "src/metric_def.h"

#define CW_ALARMS_OPERATION "DescribeAlarms"
#define CW_ALARMS_PAGE      100 /* MaxRecords asked for (the service's maximum) */
#define CW_ALARMS_MAX_PAGES 100 /* a round reads at most this many pages */
#define CW_ALARM_MAX_TEXT   255 /* names, namespaces, dimensions: longer is refused */

enum cw_alarm_state {
	CW_ALARM_UNKNOWN, /* a StateValue cwtop does not know */
	CW_ALARM_OK,
	CW_ALARM_ALARM,
	CW_ALARM_INSUFFICIENT_DATA,
};

struct cw_alarm {
	char *name; /* sanitized, at most CW_ALARM_MAX_TEXT bytes */
	enum cw_alarm_state state;
	/* When the alarm entered its state: StateTransitionedTimestamp, or
	 * StateUpdatedTimestamp when that is absent (it also moves when only
	 * the reason changes); epoch seconds, 0 when unknown. */
	int64_t since;
	char *namespace_; /* NULL for metric math */
	char *metric_name;
	struct dimension dims[METRIC_MAX_DIMS];
	size_t ndims;
	char *statistic; /* Statistic, or ExtendedStatistic ("p99"); NULL when neither */
	int period;      /* seconds; 0 unknown */
	bool has_threshold;
	double threshold; /* as CloudWatch compares it: raw units */
	bool has_cmp;     /* one of the four static comparisons */
	enum cmp_op cmp;
	int periods;    /* EvaluationPeriods (N); 0 unknown */
	int datapoints; /* DatapointsToAlarm (M); N when absent */
};

struct cw_alarms_page {
	struct cw_alarm *alarms;
	size_t n;
	char *next_token; /* NULL on the last page */
};

/* cw_alarms_build_request: the JSON body of one DescribeAlarms call:
 * metric alarms only, CW_ALARMS_PAGE per page, next_token when not NULL
 * or "". Returns a malloc'd string. */
char *cw_alarms_build_request(const char *next_token);

/* cw_alarms_parse: decode a 2xx DescribeAlarms body. On failure -1 with
 * err->kind CW_ERR_MALFORMED (code "MalformedResponse") and *out empty.
 * Refused: what cw_json_parse refuses, a root that is not an object,
 * MetricAlarms that is not an array or holds more than CW_ALARMS_PAGE
 * alarms, an alarm that is not an object or has no AlarmName string, a
 * known member of the wrong type (Threshold as a string, ...), a string
 * over CW_ALARM_MAX_TEXT bytes, more than METRIC_MAX_DIMS dimensions, a
 * non-finite threshold, a NextToken that is not printable ASCII or is
 * longer than CW_MAX_TOKEN. Tolerated: unknown members, composite and
 * log alarms (ignored), an unknown StateValue or comparison (kept, marked
 * unknown), timestamps that are not numbers in range (unknown). */
int cw_alarms_parse(const char *body, size_t len, struct cw_alarms_page *out, struct cw_error *err);
void cw_alarms_page_free(struct cw_alarms_page *p);
void cw_alarm_free(struct cw_alarm *a);
/* cw_alarm_copy: deep copy into dst (which is overwritten). */
void cw_alarm_copy(struct cw_alarm *dst, const struct cw_alarm *src);

/* cw_alarm_matches: a belongs to m's pane: same namespace, metric name,
 * set of dimensions (names and values, order aside), and its Statistic
 * or ExtendedStatistic is the statistic m uses now. Never for metric math
 * on either side. */
bool cw_alarm_matches(const struct cw_alarm *a, const struct metric_def *m);

/* cw_alarm_differences: how a's rule differs from m's (threshold converted
 * to m's display units, comparison, M of N, period), as one line such as
 * "CloudWatch alarm threshold 450 ms differs from cwtop's 500 ms"; several
 * are joined with "; ". Returns the number of differences (0: out is "").
 * Nothing is compared when m's rule is disabled. */
int cw_alarm_differences(const struct cw_alarm *a, const struct metric_def *m, char *out,
			 size_t len);

/* cw_alarm_state_word: "OK", "ALARM", "INSUFFICIENT_DATA" or "UNKNOWN". */
const char *cw_alarm_state_word(enum cw_alarm_state s);

#endif
