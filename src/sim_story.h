/* sim_story: the data the demo endpoint serves, as a pure function.
 *
 * (region, metric, statistic, period, period start) -> value or "no
 * datapoint". It tells the scaling plan's story, one virtual minute per
 * phase, and loops every SIM_STORY_MINUTES minutes, so any time has a value
 * and the history before "now" is always full:
 *
 *   phase  0- 2   50 users, warm-up
 *   phase  3      ramp to 500
 *   phase  4- 8   500 users: ~10,681 requests/s, 35 ms average latency
 *   phase  9      ramp to 2,000
 *   phase 10-14   2,000 users: ~27,535 requests/s, 55 ms
 *   phase 15      ramp to 5,000: throttles appear (Lambda, DynamoDB)
 *   phase 16-20   5,000 users: throughput FALLS to ~18,371 requests/s,
 *                 107 ms, 0.39% 5XX; DynamoDB near its ceiling
 *   phase 21-28   10,000 -> 100,000 users: us-east-1 latency Average above
 *                 500 ms in 23-29 (the 3-of-3 alarm is in ALARM once minute
 *                 25 is complete, i.e. during minutes 26-30), Lambda
 *                 ConcurrentExecutions Maximum above 18,000 in 23-29 (the
 *                 2-of-2 alarm: during minutes 25-30), SQS oldest message
 *                 above 300 s in 23-30; ap-south-1 is out in 26-28
 *   phase 29-31   load backs off; both alarms are OK again from minute 31
 *   phase 32-35   2,000 users again
 *   phase 36-37   500 users
 *   phase 38-39   50 users
 *
 * The plan's figures are us-east-1's (where the load test ran); eu-west-1
 * carries 30% and ap-south-1 15% of that traffic, and never alarms. Other
 * regions have no metrics. Values carry a small deterministic noise (a hash
 * of region, quantity and minute; never rand()). */
#ifndef CWTOP_SIM_STORY_H
#define CWTOP_SIM_STORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_STORY_MINUTES 40

/* ap-south-1's outage: during these phases its metrics are absent, and its
 * endpoint answers 503 ServiceUnavailable while "now" is in them. */
#define SIM_STORY_OUTAGE_REGION "ap-south-1"
#define SIM_STORY_OUTAGE_FIRST  26
#define SIM_STORY_OUTAGE_LAST   28

/* The deployment's names. */
#define SIM_API_NAME      "smuppy-api"
#define SIM_API_STAGE     "staging"
#define SIM_FUNCTION_NAME "smuppy-api-staging"
#define SIM_TABLE_FEEDS   "smuppy-feeds-staging"
#define SIM_TABLE_LIKES   "smuppy-likes-staging"
#define SIM_QUEUE_NAME    "smuppy-jobs-staging"
#define SIM_FEEDS_RCU_MAX 100000.0 /* the feeds table's ceilings, per second */
#define SIM_FEEDS_WCU_MAX 50000.0

struct sim_dim {
	const char *name;
	const char *value;
};

/* A metric as CloudWatch identifies it: namespace, name and the exact set of
 * dimensions (order does not matter; names and values are case-sensitive). */
struct sim_metric {
	const char *namespace_;
	const char *metric_name;
	const struct sim_dim *dims;
	size_t ndims;
};

enum sim_stat_kind {
	SIM_STAT_SAMPLECOUNT,
	SIM_STAT_AVERAGE,
	SIM_STAT_SUM,
	SIM_STAT_MINIMUM,
	SIM_STAT_MAXIMUM,
	SIM_STAT_PERCENTILE,  /* pNN, pNN.NN */
	SIM_STAT_TRIMMED_AVG, /* tmNN, wmNN, IQM: served as the Average */
	SIM_STAT_TRIMMED_CNT, /* tcNN: SampleCount * NN / 100 */
	SIM_STAT_TRIMMED_SUM, /* tsNN: Sum * NN / 100 */
};

struct sim_stat {
	enum sim_stat_kind kind;
	double pct; /* 0..100 for the percentile and trimmed kinds */
	double z;   /* the standard normal quantile of pct (percentiles) */
};

/* sim_stat_parse: CloudWatch statistic syntax -> *out. 0, or -1 when the
 * text is not a statistic CloudWatch accepts. */
int sim_stat_parse(const char *text, struct sim_stat *out);

/* sim_story_phase: the story minute (0..SIM_STORY_MINUTES-1) of time t. */
int sim_story_phase(int64_t t);
/* sim_story_time_of: the start of the minute that has this phase, in the
 * loop that contains `near`. */
int64_t sim_story_time_of(int64_t near, int phase);
/* sim_story_caption: one line saying what happens in that phase. */
const char *sim_story_caption(int phase);

/* The plan's figures, noise-free, for one region at time t. */
struct sim_story_figures {
	double users;
	double requests_per_s; /* API Gateway Count / 60 */
	double latency_avg_ms;
	double error_5xx_rate; /* 0.0039 = 0.39% */
	double concurrency_max;
	double lambda_throttles; /* per minute */
	double feeds_rcu;        /* consumed per second */
	double feeds_wcu;
	double feeds_throttled; /* ThrottledRequests per minute, all operations */
	double queue_age_s;
};
/* Returns false (and zeroes *out) for a region that has no deployment. */
bool sim_story_figures(const char *region, int64_t t, struct sim_story_figures *out);

bool sim_story_region_known(const char *region);
/* sim_story_outage: whether region's data is absent at time t. */
bool sim_story_outage(const char *region, int64_t t);

/* sim_story_metric_exists: whether the deployment publishes this metric. */
bool sim_story_metric_exists(const struct sim_metric *m);

/* sim_story_value: the statistic of metric m in region over the period
 * [start, start + period). Only minutes complete at `asof` count (pass
 * INT64_MAX for the settled history); the newest two minutes are still
 * being revised upwards, as in CloudWatch (Sum and SampleCount grow).
 * Returns false when there is no datapoint: unknown metric or region, a
 * quantity that is not published while it is zero (DynamoDB
 * ThrottledRequests), the outage, a period not yet complete, or a sub-minute
 * period that does not start on a minute. */
bool sim_story_value(const char *region, const struct sim_metric *m, const struct sim_stat *stat,
		     int period, int64_t start, int64_t asof, double *value);

/* sim_story_catalogue: every metric the deployment publishes (for SEARCH).
 * Sets *out to a static array and returns its length. */
size_t sim_story_catalogue(const struct sim_metric **out);

#endif
