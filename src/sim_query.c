/* sim_query: GetMetricData at the demo endpoint: the datapoints, pages and results. */
#include "config.h"

#include "src/sim_query.h"

#include <stdlib.h>
#include <string.h>

#include "src/clock.h"
#include "src/sim_json.h"
#include "src/sim_math.h"
#include "src/sim_token.h"
#include "src/xalloc.h"

void sim_gmd_free(struct sim_gmd *g)
{
	for (size_t i = 0; i < g->nq; i++) {
		struct sim_mdq *q = &g->q[i];

		free(q->auto_label);
		sim_series_free(&q->full);
		for (size_t j = 0; j < q->nlist; j++)
			sim_series_free(&q->list[j]);
		free(q->list);
		free(q->msg_value);
	}
	free(g->q);
	memset(g, 0, sizeof(*g));
}

/* auto_labels: the metric name, plus the statistic and the period when
 * another query of the same metric differs in them (as the service does:
 * "metric1 Sum 60"); an expression's label is its Id. */
static void auto_labels(struct sim_gmd *g)
{
	for (size_t i = 0; i < g->nq; i++) {
		struct sim_mdq *q = &g->q[i];
		bool stat_differs = false, period_differs = false;

		if (q->label)
			continue;
		if (q->expression) {
			q->auto_label = xstrdup(q->id);
			continue;
		}
		for (size_t j = 0; j < g->nq; j++) {
			const struct sim_mdq *o = &g->q[j];

			if (j == i || o->expression ||
			    strcmp(o->metric.metric_name, q->metric.metric_name) != 0)
				continue;
			stat_differs |= strcmp(o->stat_text, q->stat_text) != 0;
			period_differs |= o->period != q->period;
		}
		q->auto_label =
			xasprintf("%s%s%s%s", q->metric.metric_name, stat_differs ? " " : "",
				  stat_differs ? q->stat_text : "", "");
		if (period_differs) {
			char *l = xasprintf("%s %d", q->auto_label, q->period);

			free(q->auto_label);
			q->auto_label = l;
		}
	}
}

struct page {
	struct buf *b;
	bool first_result;
	bool strings; /* the malformed-types fault: numbers sent as strings */
};

static void emit_result(struct page *pg, const char *id, const char *label, const char *status,
			const int64_t *t, const double *v, size_t n, const char *msg_code,
			const char *msg_value)
{
	struct buf *b = pg->b;

	buf_printf(b, "%s{\"Id\":", pg->first_result ? "" : ",");
	pg->first_result = false;
	sim_json_str(b, id);
	buf_printf(b, ",\"Label\":");
	sim_json_str(b, label);
	buf_printf(b, ",\"Timestamps\":[");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "%s", i ? "," : "");
		sim_json_num(b, (double)t[i]);
	}
	buf_printf(b, "],\"Values\":[");
	for (size_t i = 0; i < n; i++) {
		char num[48];

		sim_java_double(num, sizeof(num), v[i]);
		buf_printf(b, pg->strings ? "%s\"%s\"" : "%s%s", i ? "," : "", num);
	}
	buf_printf(b, "],\"StatusCode\":");
	sim_json_str(b, status);
	if (msg_code) {
		buf_printf(b, ",\"Messages\":[{\"Code\":");
		sim_json_str(b, msg_code);
		buf_printf(b, ",\"Value\":");
		sim_json_str(b, msg_value ? msg_value : "");
		buf_printf(b, "}]");
	}
	buf_printf(b, "}");
}

/* emit_series: a whole series, in the request's order. */
static void emit_series(struct page *pg, const struct sim_gmd *g, const char *id, const char *label,
			const struct sim_series *s, const char *msg_code, const char *msg_value)
{
	int64_t *t = xcalloc(s->n + 1, sizeof(*t));
	double *v = xcalloc(s->n + 1, sizeof(*v));

	for (size_t i = 0; i < s->n; i++) {
		size_t k = g->ascending ? i : s->n - 1 - i;

		t[i] = s->t[k];
		v[i] = s->v[k];
	}
	emit_result(pg, id, label, "Complete", t, v, s->n, msg_code, msg_value);
	free(t);
	free(v);
}

/* emit_slots: the datapoints of q's stream positions [a, b). */
static void emit_slots(struct page *pg, const struct sim_gmd *g, const struct sim_mdq *q, int64_t a,
		       int64_t b, const char *status)
{
	size_t cap = (size_t)(b - a), n = 0;
	int64_t *t = xcalloc(cap + 1, sizeof(*t));
	double *v = xcalloc(cap + 1, sizeof(*v));

	for (int64_t j = a; j < b; j++) {
		int64_t k = g->ascending ? j : q->nslots - 1 - j;
		int64_t ts = q->first + k * q->period;

		if (sim_slot_value(&g->w, &q->metric, &q->stat, q->period, ts, &v[n]))
			t[n++] = ts;
	}
	emit_result(pg, q->id, q->label ? q->label : q->auto_label, status, t, v, n, NULL, NULL);
	free(t);
	free(v);
}

static void emit_expression(struct page *pg, struct sim_gmd *g, struct sim_mdq *q)
{
	const char *label = q->label ? q->label : q->auto_label;
	struct sim_series empty = {0};

	if (q->msg_code) {
		char *value = xasprintf("cwtop-sim does not evaluate %s", q->msg_value);

		emit_series(pg, g, q->id, label, &empty, q->msg_code, value);
		free(value);
	} else if (q->nlist) {
		for (size_t j = 0; j < q->nlist; j++)
			emit_series(pg, g, q->id,
				    q->label           ? q->label
				    : q->list[j].label ? q->list[j].label
						       : label,
				    &q->list[j], NULL, NULL);
	} else {
		emit_series(pg, g, q->id, label, &q->full, NULL, NULL);
	}
}

/* failed_status: the metric-forbidden and metric-internal faults make the
 * fault's arg-th result of the call (counted from 1, in the request's
 * order) fail as the service fails one query among others: the StatusCode,
 * no datapoints, and a Messages entry whose Code repeats the status. NULL
 * when the fault is another or this is not that result. */
static const char *failed_status(const struct sim_active_fault *af, size_t nth, const char **value)
{
	if (!af || (long)nth != af->arg)
		return NULL;
	if (af->kind == SIM_FAULT_METRIC_FORBIDDEN) {
		/* The one Forbidden message CloudWatch's API reference quotes. */
		*value = "Authentication too complex to retrieve cross region data";
		return "Forbidden";
	}
	if (af->kind == SIM_FAULT_METRIC_INTERNAL) {
		*value = "An internal error occurred while retrieving the data of this query";
		return "InternalError";
	}
	return NULL;
}

/* gmd_answer: one page. The metric queries' periods form one stream (query
 * by query, in the request's order); a page is `budget` positions of it.
 * Expressions are not paginated (the service returns no NextToken for
 * them): they come whole on the first page. */
static void gmd_answer(uint64_t secret, struct sim_gmd *g, int64_t budget, struct sim_reply *r,
		       const struct sim_active_fault *af)
{
	struct page pg = {&r->body, true, af->kind == SIM_FAULT_MALFORMED_TYPES};
	int64_t total = 0, end;
	size_t nth = 0;

	for (size_t i = 0; i < g->nq; i++) {
		struct sim_mdq *q = &g->q[i];

		if (q->expression || !q->return_data)
			continue;
		sim_slots(&g->w, q->period, &q->first, &q->nslots);
		q->stream_off = total;
		total += q->nslots;
	}
	if (budget == 0) /* the partial fault: half of it */
		budget = total > 1 ? (total + 1) / 2 : 1;
	end = g->offset + budget;
	auto_labels(g);
	buf_printf(&r->body, "{\"MetricDataResults\":[");
	for (size_t i = 0; i < g->nq; i++) {
		struct sim_mdq *q = &g->q[i];
		int64_t qs = q->stream_off, qe = qs + q->nslots, a, b;
		const char *failed, *value = NULL;

		if (!q->return_data)
			continue;
		if ((failed = failed_status(af, ++nth, &value))) {
			if (g->offset == 0) /* on the first page only, as expressions */
				emit_result(&pg, q->id, q->label ? q->label : q->auto_label, failed,
					    NULL, NULL, 0, failed, value);
			continue;
		}
		if (q->expression) {
			if (g->offset == 0)
				emit_expression(&pg, g, q);
			continue;
		}
		if (q->nslots == 0) {
			if (g->offset == 0)
				emit_slots(&pg, g, q, 0, 0, "Complete");
			continue;
		}
		a = qs > g->offset ? qs : g->offset;
		b = qe < end ? qe : end;
		if (a >= b)
			continue;
		emit_slots(&pg, g, q, a - qs, b - qs, qe > end ? "PartialData" : "Complete");
	}
	buf_printf(&r->body, "]");
	if (end < total) {
		struct sim_token t = {end, g->w.now, g->hash};

		sim_token_put(&r->body, secret, &t);
	}
	buf_printf(&r->body, ",\"Messages\":[]}");
}

void sim_get_metric_data(struct sim_gmd *g, uint64_t secret, const struct sim_active_fault *af,
			 bool query_mode, struct sim_reply *r)
{
	int64_t budget;

	g->w.now = clock_now();
	if (g->next_token) {
		struct sim_token t;

		if (!sim_token_read(secret, g->next_token, g->hash, &t, r, query_mode))
			return;
		g->w.now = t.now;
		g->offset = t.offset;
	}
	for (size_t i = 0; i < g->nq; i++) {
		struct sim_mdq *q = &g->q[i];

		if (q->expression && !sim_math_eval(g, q)) {
			sim_reply_error(r, query_mode, SIM_E_VALIDATION,
					"Error in expression %s: %s", q->id,
					q->msg_value ? q->msg_value : "a cycle of expressions");
			return;
		}
	}
	budget = g->max_datapoints;
	if (af->kind == SIM_FAULT_PAGINATE)
		budget = af->arg > 0 ? af->arg : 1;
	else if (af->kind == SIM_FAULT_PARTIAL)
		budget = 0;
	gmd_answer(secret, g, budget, r, af);
}
