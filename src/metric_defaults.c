/* metric_defaults: the built-in metric set, in display order.
 *
 * It describes one deployment: a serverless API (API Gateway -> Lambda ->
 * DynamoDB) watched in every configured region. This is the one place the
 * default metrics are written down; cwtop.conf.example spells out the same
 * values and a test checks that the two agree. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "src/metric_def.h"
#include "src/xalloc.h"

/* Dimension lists, NULL-terminated. */
static const char *const api_dims[][2] = {{"ApiName", "smuppy-api"}, {"Stage", "staging"}, {NULL}};
static const char *const feeds_table[][2] = {{"TableName", "smuppy-feeds-staging"}, {NULL}};
static const char *const likes_table[][2] = {{"TableName", "smuppy-likes-staging"}, {NULL}};
static const char *const no_dims[][2] = {{NULL}};

/* A SEARCH sums ThrottledRequests over the Operation dimension, which a
 * plain metric query cannot do. */
#define DDB_THROTTLED(table)                                                                       \
	"SUM(SEARCH('{AWS/DynamoDB,Operation,TableName} MetricName=\"ThrottledRequests\" "         \
	"TableName=\"" table "\"', 'Sum', 60))"

struct default_metric {
	const char *id, *label, *ns, *name;
	const char *const (*dims)[2];
	const char *stats[3];
	const char *expression;
	const char *unit;
	bool per_second;
	bool zero_fill; /* sparse counts: a period with nothing is 0, not missing */
	bool alarm;     /* threshold, M of N, warn at 0.8 of the threshold */
	double threshold;
	int datapoints, periods;
};

/* One metric per few lines reads better than the formatter's layout. */
/* clang-format off */
static const struct default_metric defaults[] = {
	{.id = "latency", .label = "API latency",
	 .ns = "AWS/ApiGateway", .name = "Latency", .dims = api_dims,
	 .stats = {"Average", "p99", "Maximum"}, .unit = "ms",
	 .alarm = true, .threshold = 500, .datapoints = 3, .periods = 3},
	{.id = "latency_p99", .label = "API latency p99",
	 .ns = "AWS/ApiGateway", .name = "Latency", .dims = api_dims,
	 .stats = {"p99", "Average", "Maximum"}, .unit = "ms"},
	{.id = "requests", .label = "API requests",
	 .ns = "AWS/ApiGateway", .name = "Count", .dims = api_dims,
	 .stats = {"Sum"}, .unit = "/s", .per_second = true},
	{.id = "errors_5xx", .label = "API 5XX",
	 .ns = "AWS/ApiGateway", .name = "5XXError", .dims = api_dims,
	 .stats = {"Sum"}, .unit = "", .zero_fill = true},
	{.id = "concurrency", .label = "Lambda concurrency",
	 .ns = "AWS/Lambda", .name = "ConcurrentExecutions", .dims = no_dims,
	 .stats = {"Maximum"}, .unit = "",
	 .alarm = true, .threshold = 18000, .datapoints = 2, .periods = 2},
	{.id = "lambda_throttles", .label = "Lambda throttles",
	 .ns = "AWS/Lambda", .name = "Throttles", .dims = no_dims,
	 .stats = {"Sum"}, .unit = "", .zero_fill = true},
	{.id = "ddb_read_feeds", .label = "DDB read feeds",
	 .ns = "AWS/DynamoDB", .name = "ConsumedReadCapacityUnits", .dims = feeds_table,
	 .stats = {"Sum"}, .unit = "/s", .per_second = true},
	{.id = "ddb_read_likes", .label = "DDB read likes",
	 .ns = "AWS/DynamoDB", .name = "ConsumedReadCapacityUnits", .dims = likes_table,
	 .stats = {"Sum"}, .unit = "/s", .per_second = true},
	{.id = "ddb_write_feeds", .label = "DDB write feeds",
	 .ns = "AWS/DynamoDB", .name = "ConsumedWriteCapacityUnits", .dims = feeds_table,
	 .stats = {"Sum"}, .unit = "/s", .per_second = true},
	{.id = "ddb_write_likes", .label = "DDB write likes",
	 .ns = "AWS/DynamoDB", .name = "ConsumedWriteCapacityUnits", .dims = likes_table,
	 .stats = {"Sum"}, .unit = "/s", .per_second = true},
	{.id = "ddb_throttled_feeds", .label = "DDB throttled feeds",
	 .expression = DDB_THROTTLED("smuppy-feeds-staging"), .dims = no_dims, .unit = "",
	 .zero_fill = true},
	{.id = "ddb_throttled_likes", .label = "DDB throttled likes",
	 .expression = DDB_THROTTLED("smuppy-likes-staging"), .dims = no_dims, .unit = "",
	 .zero_fill = true},
};
/* clang-format on */

#define NDEFAULTS (sizeof(defaults) / sizeof(defaults[0]))

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void fill(struct metric_def *m, const struct default_metric *d)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->id = xstrdup(d->id);
	m->label = xstrdup(d->label);
	m->namespace_ = dup_or_null(d->ns);
	m->metric_name = dup_or_null(d->name);
	for (i = 0; i < METRIC_MAX_DIMS && d->dims[i][0]; i++) {
		m->dims[i].name = xstrdup(d->dims[i][0]);
		m->dims[i].value = xstrdup(d->dims[i][1]);
	}
	m->ndims = i;
	for (i = 0; i < 3 && d->stats[i]; i++)
		m->stats[i] = xstrdup(d->stats[i]);
	m->nstats = i; /* 0 for an expression: it names its own statistic */
	m->stat_index = 0;
	m->expression = dup_or_null(d->expression);
	m->period = 60;
	m->unit = xstrdup(d->unit);
	m->scale = 1;
	m->per_second = d->per_second;
	m->has_fill = d->zero_fill;
	m->fill = 0;
	if (d->alarm) {
		m->rule.enabled = true;
		m->rule.threshold = d->threshold;
		m->rule.cmp = CMP_GT;
		m->rule.datapoints = d->datapoints;
		m->rule.periods = d->periods;
		m->rule.warn_ratio = 0.8;
	}
	m->region_mask = UINT32_MAX; /* every configured region */
}

size_t metric_defaults(struct metric_def **out)
{
	struct metric_def *m = xcalloc(NDEFAULTS, sizeof(*m));
	size_t i;

	for (i = 0; i < NDEFAULTS; i++)
		fill(&m[i], &defaults[i]);
	*out = m;
	return NDEFAULTS;
}
