/* sim_story: the scaling plan's story as a pure function of time.
 *
 * One table row per story minute holds us-east-1's figures; the other
 * regions derive theirs from it. Each minute of each metric is described by
 * a small summary (sample count, sum, minimum, maximum and the shape of the
 * distribution), from which every statistic is computed, so that the
 * statistics of one minute always agree with each other (p99 > Average,
 * Maximum >= p99, Sum = Average * SampleCount). */
#include "config.h"

#include "src/sim_story.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/sim_token.h"

/* --- The story table (us-east-1) ------------------------------------------ */

struct phase_row {
	double users;
	double rps;
	double latency_ms;
	double err5xx_pct;
	double concurrency;
	double lambda_throttles; /* per minute */
	double rcu;              /* feeds table, consumed per second */
	double wcu;
	double ddb_throttled; /* feeds table, per minute */
	double queue_age;     /* seconds */
	const char *caption;
};

static const struct phase_row story[SIM_STORY_MINUTES] = {
	{50, 1070, 24, 0.02, 45, 0, 3500, 1200, 0, 6, "50 users: warm-up"},
	{50, 1075, 24, 0.02, 46, 0, 3520, 1210, 0, 5, "50 users: warm-up"},
	{50, 1068, 23, 0.02, 45, 0, 3490, 1190, 0, 7, "50 users: warm-up"},
	{275, 5900, 30, 0.02, 240, 0, 19000, 6600, 0, 8, "ramping to 500 users"},
	{500, 10681, 35, 0.03, 425, 0, 34000, 12500, 0, 9, "500 users: 10,681 req/s at 35 ms"},
	{500, 10681, 35, 0.03, 430, 0, 34100, 12520, 0, 8, "500 users: 10,681 req/s at 35 ms"},
	{500, 10681, 35, 0.03, 428, 0, 33900, 12480, 0, 9, "500 users: 10,681 req/s at 35 ms"},
	{500, 10681, 35, 0.03, 432, 0, 34050, 12510, 0, 10, "500 users: 10,681 req/s at 35 ms"},
	{500, 10681, 35, 0.03, 430, 0, 34000, 12500, 0, 9, "500 users: 10,681 req/s at 35 ms"},
	{1250, 19500, 44, 0.04, 1050, 0, 62000, 24000, 0, 12, "ramping to 2,000 users"},
	{2000, 27535, 55, 0.05, 1640, 0, 86800, 37900, 0, 15, "2,000 users: 27,535 req/s at 55 ms"},
	{2000, 27535, 55, 0.05, 1650, 0, 87000, 38000, 0, 14, "2,000 users: 27,535 req/s at 55 ms"},
	{2000, 27535, 55, 0.05, 1655, 0, 87100, 38050, 0, 16, "2,000 users: 27,535 req/s at 55 ms"},
	{2000, 27535, 55, 0.05, 1660, 0, 87200, 38100, 0, 15, "2,000 users: 27,535 req/s at 55 ms"},
	{2000, 27535, 55, 0.05, 1650, 0, 87000, 38000, 0, 16, "2,000 users: 27,535 req/s at 55 ms"},
	{3500, 23000, 80, 0.15, 5200, 300, 95000, 45000, 600, 40,
	 "ramping to 5,000 users: first throttles"},
	{5000, 18371, 107, 0.39, 8000, 1200, 98000, 48500, 2500, 70,
	 "5,000 users: throughput FALLS to 18,371 req/s, 107 ms, 0.39% 5XX"},
	{5000, 18371, 107, 0.39, 9000, 1800, 98400, 48700, 3500, 90,
	 "5,000 users: throughput FALLS to 18,371 req/s, 107 ms, 0.39% 5XX"},
	{5000, 18371, 107, 0.39, 9800, 2400, 98600, 48800, 4500, 110,
	 "5,000 users: throughput FALLS to 18,371 req/s, 107 ms, 0.39% 5XX"},
	{5000, 18371, 107, 0.39, 10600, 3100, 98800, 48900, 5500, 130,
	 "5,000 users: throughput FALLS to 18,371 req/s, 107 ms, 0.39% 5XX"},
	{5000, 18371, 107, 0.39, 11500, 3900, 99000, 49000, 6500, 150,
	 "5,000 users: throughput FALLS to 18,371 req/s, 107 ms, 0.39% 5XX"},
	{10000, 16900, 240, 1.2, 15500, 18000, 99200, 49400, 30000, 210,
	 "10,000 users: DynamoDB at its ceiling"},
	{20000, 15800, 420, 2.5, 17600, 42000, 99500, 49600, 52000, 280,
	 "20,000 users: latency climbing"},
	{35000, 14900, 560, 4.1, 18900, 65000, 99700, 49800, 78000, 340,
	 "35,000 users: latency above 500 ms, concurrency above 18,000"},
	{50000, 14200, 690, 5.6, 19600, 80000, 99800, 49850, 95000, 420,
	 "50,000 users: Lambda concurrency alarm"},
	{70000, 13600, 820, 7.2, 19850, 92000, 99850, 49900, 110000, 540,
	 "70,000 users: API latency alarm"},
	{100000, 12900, 960, 9.0, 19950, 105000, 99900, 49900, 125000, 660,
	 "100,000 users: ap-south-1 outage"},
	{100000, 12700, 1010, 9.6, 19980, 110000, 99900, 49950, 130000, 780,
	 "100,000 users: ap-south-1 outage"},
	{100000, 12600, 980, 9.3, 19950, 108000, 99850, 49900, 126000, 880,
	 "100,000 users: ap-south-1 outage"},
	{60000, 13800, 720, 6.0, 18600, 70000, 99500, 49700, 90000, 820,
	 "backing off to 60,000 users"},
	{20000, 16000, 430, 2.2, 14000, 15000, 97000, 48500, 25000, 610,
	 "backing off to 20,000 users"},
	{5000, 18500, 140, 0.45, 9000, 2000, 92000, 45000, 3000, 290,
	 "backing off to 5,000 users: alarms clear"},
	{2000, 27000, 58, 0.06, 1700, 0, 86500, 37800, 0, 190, "2,000 users: recovered"},
	{2000, 27535, 55, 0.05, 1650, 0, 87000, 38000, 0, 80, "2,000 users: recovered"},
	{2000, 27535, 55, 0.05, 1645, 0, 86900, 37950, 0, 30, "2,000 users: recovered"},
	{2000, 27535, 55, 0.05, 1655, 0, 87050, 38020, 0, 15, "2,000 users: recovered"},
	{500, 10681, 35, 0.03, 430, 0, 34000, 12500, 0, 10, "500 users: cooling down"},
	{500, 10681, 35, 0.03, 428, 0, 33950, 12490, 0, 9, "500 users: cooling down"},
	{50, 1070, 24, 0.02, 45, 0, 3500, 1200, 0, 6, "50 users: cooling down"},
	{50, 1072, 24, 0.02, 46, 0, 3510, 1205, 0, 6, "50 users: cooling down"},
};

/* --- Regions ---------------------------------------------------------------- */

struct region_model {
	const char *name;
	double share;        /* of us-east-1's traffic */
	double latency_base; /* latency = base + gain * (us-east-1's - 24) */
	double latency_gain;
	bool throttles; /* only us-east-1 reaches the limits */
};

static const struct region_model regions[] = {
	{"us-east-1", 1.0, 24, 1.0, true},
	{"eu-west-1", 0.30, 22, 0.22, false},
	{"ap-south-1", 0.15, 31, 0.30, false},
};

static const struct region_model *region_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		if (strcmp(regions[i].name, name) == 0)
			return &regions[i];
	return NULL;
}

bool sim_story_region_known(const char *region)
{
	return region_find(region) != NULL;
}

/* --- Time ------------------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t minute_index(int64_t t)
{
	return floor_div(t, 60);
}

int sim_story_phase(int64_t t)
{
	int64_t m = minute_index(t) % SIM_STORY_MINUTES;

	return (int)(m < 0 ? m + SIM_STORY_MINUTES : m);
}

int64_t sim_story_time_of(int64_t near, int phase)
{
	int64_t loop = floor_div(minute_index(near), SIM_STORY_MINUTES);

	if (phase < 0 || phase >= SIM_STORY_MINUTES)
		phase = 0;
	return (loop * SIM_STORY_MINUTES + phase) * 60;
}

const char *sim_story_caption(int phase)
{
	if (phase < 0 || phase >= SIM_STORY_MINUTES)
		return "";
	return story[phase].caption;
}

bool sim_story_outage(const char *region, int64_t t)
{
	int phase = sim_story_phase(t);

	return region && strcmp(region, SIM_STORY_OUTAGE_REGION) == 0 &&
	       phase >= SIM_STORY_OUTAGE_FIRST && phase <= SIM_STORY_OUTAGE_LAST;
}

/* --- Noise ------------------------------------------------------------------ */

/* What a noise value is for, so that two quantities of one minute get
 * independent noise while every statistic of one quantity shares it. */
enum quantity {
	Q_REQUESTS,
	Q_LATENCY,
	Q_ERR5XX,
	Q_ERR4XX,
	Q_CONCURRENCY,
	Q_LAMBDA_THROTTLES,
	Q_RCU,
	Q_WCU,
	Q_DDB_THROTTLED,
	Q_QUEUE_AGE,
	Q_SPREAD,
};

/* noise: a deterministic value in [-1, 1] for (region, quantity, minute). */
static double noise(const char *region, enum quantity q, int64_t minute)
{
	uint64_t h = SIM_HASH_INIT;
	int qi = (int)q;

	h = sim_hash(h, region, strlen(region));
	h = sim_hash(h, &qi, sizeof(qi));
	h = sim_hash(h, &minute, sizeof(minute));
	/* A final avalanche so that neighbouring minutes differ in every bit. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (double)(h >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

static double jitter(const char *region, enum quantity q, int64_t minute, double amplitude)
{
	return 1.0 + amplitude * noise(region, q, minute);
}

/* --- Figures ---------------------------------------------------------------- */

static void figures_of(const struct region_model *r, int64_t t, struct sim_story_figures *f)
{
	const struct phase_row *row = &story[sim_story_phase(t)];

	f->users = row->users * r->share;
	f->requests_per_s = row->rps * r->share;
	f->latency_avg_ms = r->latency_base + r->latency_gain * (row->latency_ms - 24.0);
	if (r->throttles) {
		f->error_5xx_rate = row->err5xx_pct / 100.0;
		f->concurrency_max = row->concurrency;
		f->lambda_throttles = row->lambda_throttles;
		f->feeds_throttled = row->ddb_throttled;
		f->queue_age_s = row->queue_age;
	} else {
		f->error_5xx_rate = (0.02 + 0.05 * (row->err5xx_pct - 0.02)) / 100.0;
		f->concurrency_max = row->concurrency * r->share;
		f->lambda_throttles = 0;
		f->feeds_throttled = 0;
		f->queue_age_s = 4.0 + row->queue_age * r->share;
	}
	f->feeds_rcu = row->rcu * r->share;
	f->feeds_wcu = row->wcu * r->share;
}

bool sim_story_figures(const char *region, int64_t t, struct sim_story_figures *out)
{
	const struct region_model *r = region_find(region);

	memset(out, 0, sizeof(*out));
	if (!r)
		return false;
	figures_of(r, t, out);
	return true;
}

/* --- The catalogue ------------------------------------------------------------ */

enum series {
	S_API_LATENCY,
	S_API_INTEGRATION_LATENCY,
	S_API_COUNT,
	S_API_5XX,
	S_API_4XX,
	S_LAMBDA_CONCURRENCY,
	S_LAMBDA_THROTTLES,
	S_LAMBDA_INVOCATIONS,
	S_LAMBDA_ERRORS,
	S_LAMBDA_DURATION,
	S_DDB_RCU,
	S_DDB_WCU,
	S_DDB_PROVISIONED_RCU,
	S_DDB_PROVISIONED_WCU,
	S_DDB_THROTTLED,
	S_DDB_READ_THROTTLE_EVENTS,
	S_DDB_WRITE_THROTTLE_EVENTS,
	S_SQS_AGE,
	S_SQS_VISIBLE,
};

struct series_info {
	enum series series;
	int table;       /* 0: feeds, 1: likes */
	double op_share; /* DynamoDB ThrottledRequests: this operation's part */
};

static const struct sim_dim d_api[] = {{"ApiName", SIM_API_NAME}};
static const struct sim_dim d_api_stage[] = {{"ApiName", SIM_API_NAME}, {"Stage", SIM_API_STAGE}};
static const struct sim_dim d_function[] = {{"FunctionName", SIM_FUNCTION_NAME}};
static const struct sim_dim d_feeds[] = {{"TableName", SIM_TABLE_FEEDS}};
static const struct sim_dim d_likes[] = {{"TableName", SIM_TABLE_LIKES}};
static const struct sim_dim d_queue[] = {{"QueueName", SIM_QUEUE_NAME}};

#define OPS(table, tname)                                                                          \
	static const struct sim_dim d_##table##_get[] = {{"Operation", "GetItem"},                 \
							 {"TableName", tname}};                    \
	static const struct sim_dim d_##table##_query[] = {{"Operation", "Query"},                 \
							   {"TableName", tname}};                  \
	static const struct sim_dim d_##table##_update[] = {{"Operation", "UpdateItem"},           \
							    {"TableName", tname}};                 \
	static const struct sim_dim d_##table##_put[] = {{"Operation", "PutItem"},                 \
							 {"TableName", tname}};                    \
	static const struct sim_dim d_##table##_batch[] = {{"Operation", "BatchWriteItem"},        \
							   {"TableName", tname}}
OPS(feeds, SIM_TABLE_FEEDS);
OPS(likes, SIM_TABLE_LIKES);

#define DIMS(a) a, sizeof(a) / sizeof((a)[0])
#define NODIMS  NULL, 0

/* Each row: namespace, metric, dimensions, series, table, operation share. */
#define CATALOGUE(X)                                                                               \
	X("AWS/ApiGateway", "Latency", DIMS(d_api), S_API_LATENCY, 0, 1)                           \
	X("AWS/ApiGateway", "Latency", DIMS(d_api_stage), S_API_LATENCY, 0, 1)                     \
	X("AWS/ApiGateway", "IntegrationLatency", DIMS(d_api), S_API_INTEGRATION_LATENCY, 0, 1)    \
	X("AWS/ApiGateway", "IntegrationLatency", DIMS(d_api_stage), S_API_INTEGRATION_LATENCY, 0, \
	  1)                                                                                       \
	X("AWS/ApiGateway", "Count", DIMS(d_api), S_API_COUNT, 0, 1)                               \
	X("AWS/ApiGateway", "Count", DIMS(d_api_stage), S_API_COUNT, 0, 1)                         \
	X("AWS/ApiGateway", "5XXError", DIMS(d_api), S_API_5XX, 0, 1)                              \
	X("AWS/ApiGateway", "5XXError", DIMS(d_api_stage), S_API_5XX, 0, 1)                        \
	X("AWS/ApiGateway", "4XXError", DIMS(d_api), S_API_4XX, 0, 1)                              \
	X("AWS/ApiGateway", "4XXError", DIMS(d_api_stage), S_API_4XX, 0, 1)                        \
	X("AWS/Lambda", "ConcurrentExecutions", NODIMS, S_LAMBDA_CONCURRENCY, 0, 1)                \
	X("AWS/Lambda", "ConcurrentExecutions", DIMS(d_function), S_LAMBDA_CONCURRENCY, 0, 1)      \
	X("AWS/Lambda", "Throttles", NODIMS, S_LAMBDA_THROTTLES, 0, 1)                             \
	X("AWS/Lambda", "Throttles", DIMS(d_function), S_LAMBDA_THROTTLES, 0, 1)                   \
	X("AWS/Lambda", "Invocations", NODIMS, S_LAMBDA_INVOCATIONS, 0, 1)                         \
	X("AWS/Lambda", "Invocations", DIMS(d_function), S_LAMBDA_INVOCATIONS, 0, 1)               \
	X("AWS/Lambda", "Errors", NODIMS, S_LAMBDA_ERRORS, 0, 1)                                   \
	X("AWS/Lambda", "Errors", DIMS(d_function), S_LAMBDA_ERRORS, 0, 1)                         \
	X("AWS/Lambda", "Duration", NODIMS, S_LAMBDA_DURATION, 0, 1)                               \
	X("AWS/Lambda", "Duration", DIMS(d_function), S_LAMBDA_DURATION, 0, 1)                     \
	X("AWS/DynamoDB", "ConsumedReadCapacityUnits", DIMS(d_feeds), S_DDB_RCU, 0, 1)             \
	X("AWS/DynamoDB", "ConsumedReadCapacityUnits", DIMS(d_likes), S_DDB_RCU, 1, 1)             \
	X("AWS/DynamoDB", "ConsumedWriteCapacityUnits", DIMS(d_feeds), S_DDB_WCU, 0, 1)            \
	X("AWS/DynamoDB", "ConsumedWriteCapacityUnits", DIMS(d_likes), S_DDB_WCU, 1, 1)            \
	X("AWS/DynamoDB", "ProvisionedReadCapacityUnits", DIMS(d_feeds), S_DDB_PROVISIONED_RCU, 0, \
	  1)                                                                                       \
	X("AWS/DynamoDB", "ProvisionedReadCapacityUnits", DIMS(d_likes), S_DDB_PROVISIONED_RCU, 1, \
	  1)                                                                                       \
	X("AWS/DynamoDB", "ProvisionedWriteCapacityUnits", DIMS(d_feeds), S_DDB_PROVISIONED_WCU,   \
	  0, 1)                                                                                    \
	X("AWS/DynamoDB", "ProvisionedWriteCapacityUnits", DIMS(d_likes), S_DDB_PROVISIONED_WCU,   \
	  1, 1)                                                                                    \
	X("AWS/DynamoDB", "ReadThrottleEvents", DIMS(d_feeds), S_DDB_READ_THROTTLE_EVENTS, 0, 1)   \
	X("AWS/DynamoDB", "ReadThrottleEvents", DIMS(d_likes), S_DDB_READ_THROTTLE_EVENTS, 1, 1)   \
	X("AWS/DynamoDB", "WriteThrottleEvents", DIMS(d_feeds), S_DDB_WRITE_THROTTLE_EVENTS, 0, 1) \
	X("AWS/DynamoDB", "WriteThrottleEvents", DIMS(d_likes), S_DDB_WRITE_THROTTLE_EVENTS, 1, 1) \
	X("AWS/DynamoDB", "ThrottledRequests", DIMS(d_feeds_get), S_DDB_THROTTLED, 0, 0.35)        \
	X("AWS/DynamoDB", "ThrottledRequests", DIMS(d_feeds_query), S_DDB_THROTTLED, 0, 0.30)      \
	X("AWS/DynamoDB", "ThrottledRequests", DIMS(d_feeds_update), S_DDB_THROTTLED, 0, 0.15)     \
	X("AWS/DynamoDB", "ThrottledRequests", DIMS(d_feeds_put), S_DDB_THROTTLED, 0, 0.15)        \
	X("AWS/DynamoDB", "ThrottledRequests", DIMS(d_feeds_batch), S_DDB_THROTTLED, 0, 0.05)      \
	X("AWS/DynamoDB", "ThrottledRequests", DIMS(d_likes_get), S_DDB_THROTTLED, 1, 0.35)        \
	X("AWS/DynamoDB", "ThrottledRequests", DIMS(d_likes_query), S_DDB_THROTTLED, 1, 0.30)      \
	X("AWS/DynamoDB", "ThrottledRequests", DIMS(d_likes_update), S_DDB_THROTTLED, 1, 0.15)     \
	X("AWS/DynamoDB", "ThrottledRequests", DIMS(d_likes_put), S_DDB_THROTTLED, 1, 0.15)        \
	X("AWS/DynamoDB", "ThrottledRequests", DIMS(d_likes_batch), S_DDB_THROTTLED, 1, 0.05)      \
	X("AWS/SQS", "ApproximateAgeOfOldestMessage", DIMS(d_queue), S_SQS_AGE, 0, 1)              \
	X("AWS/SQS", "ApproximateNumberOfMessagesVisible", DIMS(d_queue), S_SQS_VISIBLE, 0, 1)

#define AS_METRIC(ns, name, dims, series, table, share) {ns, name, dims},
#define AS_INFO(ns, name, dims, series, table, share)   {series, table, share},

static const struct sim_metric catalogue[] = {CATALOGUE(AS_METRIC)};
static const struct series_info catalogue_info[] = {CATALOGUE(AS_INFO)};
#define CATALOGUE_LEN (sizeof(catalogue) / sizeof(catalogue[0]))

size_t sim_story_catalogue(const struct sim_metric **out)
{
	*out = catalogue;
	return CATALOGUE_LEN;
}

static bool dims_equal(const struct sim_metric *a, const struct sim_metric *b)
{
	if (a->ndims != b->ndims)
		return false;
	for (size_t i = 0; i < a->ndims; i++) {
		bool found = false;

		for (size_t j = 0; j < b->ndims && !found; j++)
			found = a->dims[i].name && a->dims[i].value &&
				strcmp(a->dims[i].name, b->dims[j].name) == 0 &&
				strcmp(a->dims[i].value, b->dims[j].value) == 0;
		if (!found)
			return false;
	}
	return true;
}

static const struct series_info *series_find(const struct sim_metric *m)
{
	if (!m || !m->namespace_ || !m->metric_name)
		return NULL;
	for (size_t i = 0; i < CATALOGUE_LEN; i++) {
		const struct sim_metric *c = &catalogue[i];

		if (strcmp(c->namespace_, m->namespace_) == 0 &&
		    strcmp(c->metric_name, m->metric_name) == 0 && dims_equal(m, c))
			return &catalogue_info[i];
	}
	return NULL;
}

bool sim_story_metric_exists(const struct sim_metric *m)
{
	return series_find(m) != NULL;
}

/* --- Statistics ------------------------------------------------------------- */

/* The shape of one minute's samples, which says how percentiles follow. */
enum shape {
	SHAPE_LOGNORMAL, /* latencies: a long right tail */
	SHAPE_GAUGE,     /* spread linearly around the average */
	SHAPE_BINARY,    /* 0/1 per request: error rates */
	SHAPE_UNIT,      /* every sample is 1: counts */
};

struct summary {
	double n, sum, min, max;
	double median, sigma; /* SHAPE_LOGNORMAL */
	enum shape shape;
};

static double normal_cdf(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
}

/* normal_quantile: bisection on the CDF; computed once per query. */
static double normal_quantile(double p)
{
	double lo = -9, hi = 9;

	if (p <= 0)
		return lo;
	if (p >= 1)
		return hi;
	for (int i = 0; i < 80; i++) {
		double mid = (lo + hi) / 2;

		if (normal_cdf(mid) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

static int parse_pct(const char *s, double *out)
{
	char *end;
	double v;

	if (!*s || !((*s >= '0' && *s <= '9')))
		return -1;
	v = strtod(s, &end);
	if (*end || !isfinite(v) || v < 0 || v > 100)
		return -1;
	*out = v;
	return 0;
}

int sim_stat_parse(const char *text, struct sim_stat *out)
{
	static const struct {
		const char *name;
		enum sim_stat_kind kind;
	} plain[] = {
		{"SampleCount", SIM_STAT_SAMPLECOUNT},
		{"Average", SIM_STAT_AVERAGE},
		{"Sum", SIM_STAT_SUM},
		{"Minimum", SIM_STAT_MINIMUM},
		{"Maximum", SIM_STAT_MAXIMUM},
		{"IQM", SIM_STAT_TRIMMED_AVG},
	};
	static const struct {
		const char *prefix;
		enum sim_stat_kind kind;
	} prefixed[] = {
		{"p", SIM_STAT_PERCENTILE},   {"tm", SIM_STAT_TRIMMED_AVG},
		{"wm", SIM_STAT_TRIMMED_AVG}, {"tc", SIM_STAT_TRIMMED_CNT},
		{"ts", SIM_STAT_TRIMMED_SUM},
	};

	memset(out, 0, sizeof(*out));
	if (!text)
		return -1;
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (strcmp(text, plain[i].name) == 0) {
			out->kind = plain[i].kind;
			out->pct = 50;
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof(prefixed) / sizeof(prefixed[0]); i++) {
		size_t n = strlen(prefixed[i].prefix);

		if (strncmp(text, prefixed[i].prefix, n) == 0 &&
		    parse_pct(text + n, &out->pct) == 0) {
			out->kind = prefixed[i].kind;
			out->z = normal_quantile(out->pct / 100.0);
			return 0;
		}
	}
	return -1;
}

static double percentile(const struct summary *s, const struct sim_stat *st)
{
	double avg = s->sum / s->n, v;

	if (st->pct <= 0)
		return s->min;
	if (st->pct >= 100)
		return s->max;
	switch (s->shape) {
	case SHAPE_LOGNORMAL:
		v = s->median * exp(s->sigma * st->z);
		break;
	case SHAPE_GAUGE:
		if (st->pct <= 50)
			v = s->min + (avg - s->min) * st->pct / 50.0;
		else
			v = avg + (s->max - avg) * (st->pct - 50.0) / 50.0;
		break;
	case SHAPE_BINARY:
		v = st->pct / 100.0 > 1.0 - avg ? 1.0 : 0.0;
		break;
	default:
		v = 1.0;
		break;
	}
	if (v < s->min)
		v = s->min;
	if (v > s->max)
		v = s->max;
	return v;
}

static double stat_of(const struct summary *s, const struct sim_stat *st)
{
	switch (st->kind) {
	case SIM_STAT_SAMPLECOUNT:
		return s->n;
	case SIM_STAT_SUM:
		return s->sum;
	case SIM_STAT_MINIMUM:
		return s->min;
	case SIM_STAT_MAXIMUM:
		return s->max;
	case SIM_STAT_PERCENTILE:
		return percentile(s, st);
	case SIM_STAT_TRIMMED_CNT:
		return s->n * st->pct / 100.0;
	case SIM_STAT_TRIMMED_SUM:
		return s->sum * st->pct / 100.0;
	case SIM_STAT_AVERAGE:
	case SIM_STAT_TRIMMED_AVG:
	default:
		return s->sum / s->n;
	}
}

/* --- One minute of one series ------------------------------------------------- */

static void lognormal(struct summary *s, double n, double mean, double spread)
{
	s->shape = SHAPE_LOGNORMAL;
	s->sigma = 0.5;
	s->n = n;
	s->sum = mean * n;
	s->median = mean / exp(s->sigma * s->sigma / 2);
	s->min = s->median * exp(-3.0 * s->sigma);
	s->max = s->median * exp(4.2 * s->sigma) * spread;
}

static void gauge(struct summary *s, double n, double avg, double min, double max)
{
	s->shape = SHAPE_GAUGE;
	s->n = n;
	s->sum = avg * n;
	s->min = min;
	s->max = max;
}

static void binary(struct summary *s, double n, double hits)
{
	s->shape = SHAPE_BINARY;
	s->n = n;
	s->sum = hits;
	s->min = 0;
	s->max = hits > 0 ? 1 : 0;
}

static void unit(struct summary *s, double n)
{
	s->shape = SHAPE_UNIT;
	s->n = n;
	s->sum = n;
	s->min = 1;
	s->max = 1;
}

/* minute_summary: the samples of one minute of one series; false when the
 * minute has no datapoint. */
static bool minute_summary(const struct region_model *r, const struct series_info *si, int64_t t,
			   struct summary *s)
{
	const char *rn = r->name;
	int64_t mi = minute_index(t);
	struct sim_story_figures f;
	double reqs, lat, table = si->table ? 0.35 : 1.0, throttled, x;

	memset(s, 0, sizeof(*s));
	if (sim_story_outage(rn, t))
		return false;
	figures_of(r, t, &f);
	reqs = round(f.requests_per_s * 60 * jitter(rn, Q_REQUESTS, mi, 0.01));
	lat = f.latency_avg_ms * jitter(rn, Q_LATENCY, mi, 0.01);
	throttled =
		f.feeds_throttled * (si->table ? 0.3 : 1.0) * jitter(rn, Q_DDB_THROTTLED, mi, 0.02);

	switch (si->series) {
	case S_API_LATENCY:
		lognormal(s, reqs, lat, jitter(rn, Q_SPREAD, mi, 0.05));
		break;
	case S_API_INTEGRATION_LATENCY:
		lognormal(s, reqs, lat * 0.86, jitter(rn, Q_SPREAD, mi, 0.05));
		break;
	case S_API_COUNT:
	case S_LAMBDA_INVOCATIONS:
		unit(s, reqs);
		break;
	case S_API_5XX:
		binary(s, reqs, round(reqs * f.error_5xx_rate * jitter(rn, Q_ERR5XX, mi, 0.01)));
		break;
	case S_API_4XX:
		binary(s, reqs, round(reqs * 0.0021 * jitter(rn, Q_ERR4XX, mi, 0.05)));
		break;
	case S_LAMBDA_CONCURRENCY:
		x = round(f.concurrency_max * jitter(rn, Q_CONCURRENCY, mi, 0.01));
		gauge(s, 60, round(x * 0.85), round(x * 0.6), x);
		break;
	case S_LAMBDA_THROTTLES:
		x = round(f.lambda_throttles * jitter(rn, Q_LAMBDA_THROTTLES, mi, 0.02));
		binary(s, reqs + x, x);
		break;
	case S_LAMBDA_ERRORS:
		binary(s, reqs,
		       round(reqs * f.error_5xx_rate * 0.8 * jitter(rn, Q_ERR5XX, mi, 0.01)));
		break;
	case S_LAMBDA_DURATION:
		lognormal(s, reqs, lat * 0.72, jitter(rn, Q_SPREAD, mi, 0.05));
		break;
	case S_DDB_RCU:
		/* A table cannot consume more than it has: at the ceiling, the
		 * rest is throttled. */
		x = f.feeds_rcu * 60 * table * jitter(rn, Q_RCU, mi, 0.002);
		gauge(s, round(reqs * 1.6 * table), 0, 0.5, 8);
		s->sum = round(fmin(x, 0.9995 * SIM_FEEDS_RCU_MAX * 60 * table));
		break;
	case S_DDB_WCU:
		x = f.feeds_wcu * 60 * table * jitter(rn, Q_WCU, mi, 0.002);
		gauge(s, round(reqs * 0.6 * table), 0, 1, 16);
		s->sum = round(fmin(x, 0.9995 * SIM_FEEDS_WCU_MAX * 60 * table));
		break;
	case S_DDB_PROVISIONED_RCU:
		gauge(s, 1, SIM_FEEDS_RCU_MAX * table, SIM_FEEDS_RCU_MAX * table,
		      SIM_FEEDS_RCU_MAX * table);
		break;
	case S_DDB_PROVISIONED_WCU:
		gauge(s, 1, SIM_FEEDS_WCU_MAX * table, SIM_FEEDS_WCU_MAX * table,
		      SIM_FEEDS_WCU_MAX * table);
		break;
	case S_DDB_THROTTLED:
		unit(s, round(throttled * si->op_share));
		break;
	case S_DDB_READ_THROTTLE_EVENTS:
		unit(s, round(throttled * 0.65));
		break;
	case S_DDB_WRITE_THROTTLE_EVENTS:
		unit(s, round(throttled * 0.35));
		break;
	case S_SQS_AGE:
		x = round(f.queue_age_s * jitter(rn, Q_QUEUE_AGE, mi, 0.02));
		gauge(s, 1, x, x, x);
		break;
	case S_SQS_VISIBLE:
		x = round(f.queue_age_s * 40 * r->share * jitter(rn, Q_QUEUE_AGE, mi, 0.02));
		gauge(s, 1, x, x, x);
		break;
	}
	/* DynamoDB does not publish its throttling metrics while they are 0. */
	return s->n > 0;
}

/* revise: the newest minutes are not all in yet; request-driven sums grow
 * for two minutes after the minute ends, as CloudWatch's do. */
static void revise(struct summary *s, int64_t minute_end, int64_t asof)
{
	int64_t lag = asof - minute_end;
	double f, n, ratio;

	if (lag >= 120 || s->shape == SHAPE_GAUGE)
		return;
	f = 0.8 + 0.2 * (double)lag / 120.0;
	n = round(s->n * f);
	/* Scale the sum by the same ratio as the count, so that averages (and
	 * rates) stay what they will be once settled. */
	ratio = s->n > 0 ? n / s->n : 0;
	s->n = n;
	if (s->shape == SHAPE_LOGNORMAL)
		s->sum *= ratio;
	else
		s->sum = s->shape == SHAPE_UNIT ? n : round(s->sum * ratio);
}

/* --- Periods ---------------------------------------------------------------------- */

/* stride_for: how many minutes apart to sample a long period, so that a
 * day-long period costs about 60 minute evaluations. The stride is kept
 * prime to the story's length so that sampling does not alias the loop. */
static int64_t stride_for(int64_t minutes)
{
	int64_t k = minutes / 60;

	if (k <= 1)
		return 1;
	while (k % 2 == 0 || k % 5 == 0)
		k++;
	return k;
}

bool sim_story_value(const char *region, const struct sim_metric *m, const struct sim_stat *stat,
		     int period, int64_t start, int64_t asof, double *value)
{
	const struct region_model *r = region_find(region);
	const struct series_info *si = series_find(m);
	struct summary acc = {0}, s;
	double pct_weighted = 0;
	int64_t minutes, stride, seen = 0;
	bool any = false;

	*value = 0;
	if (!r || !si || !stat || period <= 0)
		return false;
	if (period < 60) {
		/* AWS metrics are one-minute data: a high-resolution query only
		 * finds the datapoint at the minute's start. */
		if (start % 60 != 0)
			return false;
		period = 60;
	}
	minutes = (period + 59) / 60;
	stride = stride_for(minutes);
	for (int64_t i = 0; i < minutes; i += stride) {
		int64_t t = start + i * 60;

		if (t + 60 > asof || !minute_summary(r, si, t, &s))
			continue;
		revise(&s, t + 60, asof);
		if (s.n <= 0)
			continue;
		if (!any) {
			acc = s;
			acc.n = acc.sum = 0;
		}
		any = true;
		seen++;
		acc.n += s.n;
		acc.sum += s.sum;
		acc.min = s.min < acc.min ? s.min : acc.min;
		acc.max = s.max > acc.max ? s.max : acc.max;
		if (stat->kind == SIM_STAT_PERCENTILE)
			pct_weighted += s.n * percentile(&s, stat);
	}
	if (!any)
		return false;
	if (stat->kind == SIM_STAT_PERCENTILE && seen > 1) {
		/* A period's percentile: the minutes' percentiles weighted by
		 * their sample counts (each is above that minute's average, so
		 * the period's stays above the period's average). */
		*value = pct_weighted / acc.n;
		return true;
	}
	if (stride > 1) {
		/* Scale the sampled minutes up to the whole period. */
		double scale = (double)minutes / (double)seen;

		acc.n *= scale;
		acc.sum *= scale;
	}
	*value = stat_of(&acc, stat);
	return true;
}
