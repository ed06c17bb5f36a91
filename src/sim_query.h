/* sim_query: GetMetricData at the demo endpoint.
 *
 * A request decoded and validated by sim_server.c comes here as a struct
 * sim_gmd: its expressions are evaluated (sim_math), its metrics' periods
 * read from sim_story (sim_series), and one page of results written as the
 * service writes it: labels, Timestamps and Values in the order asked,
 * StatusCode, Messages. The periods of the metric queries form one stream
 * that MaxDatapoints (or the paginate and partial faults) cut into pages,
 * with a NextToken (sim_token) that holds the first page's time, so that
 * every page shows the same data. */
#ifndef CWTOP_SIM_QUERY_H
#define CWTOP_SIM_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/metric_def.h"
#include "src/sim_faults.h"
#include "src/sim_reply.h"
#include "src/sim_series.h"
#include "src/sim_story.h"

/* One MetricDataQuery. Strings point into the request's JSON tree. */
struct sim_mdq {
	const char *id;
	const char *label;
	char *auto_label;
	bool return_data;
	const char *expression;
	struct sim_metric metric;
	struct sim_dim dims[METRIC_MAX_DIMS];
	const char *stat_text;
	struct sim_stat stat;
	int period; /* 0: not given (expressions) */

	/* MetricStat: the periods that can have data are first + k * period,
	 * k in [0, nslots); stream_off is where they start in the paging. */
	int64_t first;
	int64_t nslots;
	int64_t stream_off;

	/* Evaluation (expressions, and the metrics they reference). */
	struct sim_series full;
	bool evaluated;
	bool evaluating;
	struct sim_series *list; /* a SEARCH's several series */
	size_t nlist;
	const char *msg_code; /* a result-level Messages entry */
	char *msg_value;
};

/* A GetMetricData request, as sim_server.c decodes it. */
struct sim_gmd {
	struct sim_window w; /* region, StartTime, EndTime; now is set here */
	struct sim_mdq *q;
	size_t nq;
	bool ascending;         /* ScanBy TimestampAscending */
	int64_t max_datapoints; /* the page size */
	const char *next_token; /* or NULL */
	uint64_t hash;          /* the request a NextToken belongs to */
	int64_t offset;         /* where this page starts (from the token) */
	int64_t work;           /* datapoints handled by metric math, bounded */
};

/* sim_gmd_free: what the queries hold, and the queries; zeroes g. */
void sim_gmd_free(struct sim_gmd *g);
/* sim_get_metric_data: the answer to g (one page) into r, or the error:
 * InvalidNextToken, an expression in error. af: the fault met, for the
 * ones that shape the answer (paginate, partial, malformed-types,
 * metric-forbidden, metric-internal). */
void sim_get_metric_data(struct sim_gmd *g, uint64_t secret, const struct sim_active_fault *af,
			 bool query_mode, struct sim_reply *r);

#endif
