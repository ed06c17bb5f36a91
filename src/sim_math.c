/* sim_math: GetMetricData's metric math at the demo endpoint. */
#include "config.h"

#include "src/sim_math.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/sim_search.h"
#include "src/sim_series.h"
#include "src/sim_story.h"
#include "src/text.h"
#include "src/xalloc.h"

#define SIM_MAX_EXPR_NEST 16
#define SIM_MAX_EXPR_WORK 20000000 /* datapoints copied by metric math per request */

enum tok {
	T_END,
	T_NUM,
	T_IDENT,
	T_STR,
	T_LP,
	T_RP,
	T_LB,
	T_RB,
	T_COMMA,
	T_OP,
	T_BAD,
};

struct lexer {
	const char *s;
	size_t pos;
	enum tok tok;
	double num;
	char text[512];
};

static void lex(struct lexer *lx)
{
	const char *s = lx->s;
	size_t n = 0;

	while (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\n')
		lx->pos++;
	lx->text[0] = '\0';
	if (!s[lx->pos]) {
		lx->tok = T_END;
		return;
	}
	char c = s[lx->pos];

	if ((c >= '0' && c <= '9') || c == '.') {
		char *end;

		lx->num = strtod(s + lx->pos, &end);
		lx->pos = (size_t)(end - s);
		lx->tok = end == s ? T_BAD : T_NUM;
		if (lx->tok == T_BAD)
			lx->pos++;
		return;
	}
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
		while ((text_is_alnum(s[lx->pos]) || s[lx->pos] == '_') && n < sizeof(lx->text) - 1)
			lx->text[n++] = s[lx->pos++];
		lx->text[n] = '\0';
		lx->tok = T_IDENT;
		return;
	}
	if (c == '\'' || c == '"') {
		lx->pos++;
		while (s[lx->pos] && s[lx->pos] != c && n < sizeof(lx->text) - 1) {
			if (s[lx->pos] == '\\' && s[lx->pos + 1])
				lx->pos++;
			lx->text[n++] = s[lx->pos++];
		}
		lx->text[n] = '\0';
		lx->tok = s[lx->pos] == c ? T_STR : T_BAD;
		if (s[lx->pos])
			lx->pos++;
		return;
	}
	lx->pos++;
	lx->text[0] = c;
	lx->text[1] = '\0';
	switch (c) {
	case '(':
		lx->tok = T_LP;
		break;
	case ')':
		lx->tok = T_RP;
		break;
	case '[':
		lx->tok = T_LB;
		break;
	case ']':
		lx->tok = T_RB;
		break;
	case ',':
		lx->tok = T_COMMA;
		break;
	case '+':
	case '-':
	case '*':
	case '/':
	case '^':
		lx->tok = T_OP;
		break;
	default:
		lx->tok = T_BAD;
	}
}

/* A value: a scalar, or series (an array when `array`, which SEARCH and
 * [a, b] make). */
struct val {
	bool scalar;
	double x;
	bool array;
	struct sim_series *s;
	size_t n;
};

static void val_free(struct val *v)
{
	for (size_t i = 0; i < v->n; i++)
		sim_series_free(&v->s[i]);
	free(v->s);
	memset(v, 0, sizeof(*v));
}

static void val_add_series(struct val *v, struct sim_series *s)
{
	v->s = xreallocarray(v->s, v->n + 1, sizeof(*v->s));
	v->s[v->n++] = *s;
	memset(s, 0, sizeof(*s));
}

struct eval {
	struct sim_gmd *g;
	struct lexer lx;
	int depth;
	bool failed;
	bool unsupported;
	char msg[256];
};

static void eval_fail(struct eval *e, bool unsupported, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void eval_fail(struct eval *e, bool unsupported, const char *fmt, ...)
{
	va_list ap;

	if (e->failed)
		return;
	e->failed = true;
	e->unsupported = unsupported;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

static bool eval_query(struct sim_gmd *g, struct sim_mdq *q, int depth);
static void parse_expr(struct eval *e, struct val *out);

static double apply_op(char op, double a, double b, bool *ok)
{
	*ok = true;
	switch (op) {
	case '+':
		return a + b;
	case '-':
		return a - b;
	case '*':
		return a * b;
	case '^':
		return pow(a, b);
	default:
		if (b == 0) {
			*ok = false; /* the service leaves the point out */
			return 0;
		}
		return a / b;
	}
}

static void series_op_scalar(struct sim_series *out, const struct sim_series *s, char op, double x,
			     bool scalar_left)
{
	bool ok;

	for (size_t i = 0; i < s->n; i++) {
		double r =
			scalar_left ? apply_op(op, x, s->v[i], &ok) : apply_op(op, s->v[i], x, &ok);

		if (ok && isfinite(r))
			sim_series_push(out, s->t[i], r);
	}
}

static void series_op_series(struct sim_series *out, const struct sim_series *a, char op,
			     const struct sim_series *b)
{
	size_t i = 0, j = 0;
	bool ok;

	while (i < a->n && j < b->n) {
		if (a->t[i] < b->t[j]) {
			i++;
		} else if (a->t[i] > b->t[j]) {
			j++;
		} else {
			double r = apply_op(op, a->v[i], b->v[j], &ok);

			if (ok && isfinite(r))
				sim_series_push(out, a->t[i], r);
			i++;
			j++;
		}
	}
}

/* binary: l = l op r, consuming r. */
static void binary(struct eval *e, struct val *l, char op, struct val *r)
{
	struct val res = {0};

	if (l->scalar && r->scalar) {
		bool ok;

		res.scalar = true;
		res.x = apply_op(op, l->x, r->x, &ok);
	} else if (l->scalar || r->scalar) {
		struct val *sv = l->scalar ? r : l;
		double x = l->scalar ? l->x : r->x;

		res.array = sv->array;
		for (size_t i = 0; i < sv->n; i++) {
			struct sim_series s = {0};

			series_op_scalar(&s, &sv->s[i], op, x, l->scalar);
			s.label = sv->s[i].label ? xstrdup(sv->s[i].label) : NULL;
			val_add_series(&res, &s);
		}
	} else if (l->n == 1 || r->n == 1) {
		struct val *arr = l->n == 1 ? r : l;

		res.array = arr->array;
		for (size_t i = 0; i < arr->n; i++) {
			struct sim_series s = {0};

			if (l->n == 1)
				series_op_series(&s, &l->s[0], op, &r->s[i]);
			else
				series_op_series(&s, &l->s[i], op, &r->s[0]);
			s.label = arr->s[i].label ? xstrdup(arr->s[i].label) : NULL;
			val_add_series(&res, &s);
		}
	} else {
		eval_fail(e, true, "arithmetic between two arrays of time series");
	}
	val_free(l);
	val_free(r);
	*l = res;
}

static bool known_function(const char *name)
{
	static const char *const names[] = {
		"ANOMALY_DETECTION_BAND",
		"CONCAT",
		"DATAPOINT_COUNT",
		"DAY",
		"DATE",
		"DB_PERF_INSIGHTS",
		"DIFF",
		"DIFF_TIME",
		"EPOCH",
		"FILL",
		"FIRST",
		"HOUR",
		"IF",
		"INSIGHT_RULE_METRIC",
		"LAMBDA",
		"LAST",
		"LOG",
		"LOG10",
		"METRIC_COUNT",
		"METRICS",
		"MINUTE",
		"MONTH",
		"PERIOD",
		"RATE",
		"REMOVE_EMPTY",
		"RUNNING_SUM",
		"SERVICE_QUOTA",
		"SLICE",
		"SORT",
		"STDDEV",
		"TIME_SERIES",
		"YEAR",
		"AND",
		"OR",
		"NOT",
		"MAX_VALUE",
		"MIN_VALUE",
		"SEARCH",
		"SUM",
		"AVG",
		"MIN",
		"MAX",
		"ABS",
		"CEIL",
		"FLOOR",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* eval_search: SEARCH(text, stat_text, period): an array of the catalogue's
 * matching metrics. */
static void eval_search(struct eval *e, const char *text, const char *stat_text, double period,
			struct val *out)
{
	const struct sim_metric *cat;
	size_t ncat = sim_story_catalogue(&cat);
	struct sim_search sr;
	struct sim_stat st;

	out->array = true;
	if (sim_stat_parse(stat_text, &st) < 0) {
		eval_fail(e, false, "SEARCH: '%s' is not a valid statistic", stat_text);
		return;
	}
	if (!(period >= 1 && period <= 86400 * 455 && period == floor(period) &&
	      sim_period_ok((int64_t)period))) {
		eval_fail(e, false, "SEARCH: the period must be 1, 5, 10, 30 or a multiple of 60");
		return;
	}
	if (!sim_search_parse(text, &sr)) {
		eval_fail(e, true, "this SEARCH syntax");
		return;
	}
	for (size_t i = 0; i < ncat; i++) {
		struct sim_series s = {0};

		if (!sim_search_matches(&sr, &cat[i]))
			continue;
		sim_metric_series(&e->g->w, &cat[i], &st, (int)period, &s);
		s.label = sim_search_label(&cat[i]);
		e->g->work += (int64_t)s.n;
		val_add_series(out, &s);
		if (e->g->work > SIM_MAX_EXPR_WORK) {
			eval_fail(e, false, "the expressions need too many datapoints");
			return;
		}
	}
}

/* aggregate: SUM/AVG/MIN/MAX. Across an array: one series, per timestamp;
 * over one series: a scalar. */
static void aggregate(const char *fn, struct val *v)
{
	struct val res = {0};
	char f = fn[1] == 'U' ? 's' : fn[1] == 'V' ? 'a' : fn[1] == 'I' ? 'i' : 'x';

	if (v->scalar)
		return;
	if (!v->array && v->n == 1) {
		const struct sim_series *s = &v->s[0];
		double acc = 0;

		for (size_t i = 0; i < s->n; i++) {
			if (i == 0 || f == 's' || f == 'a')
				acc = i == 0 ? s->v[0] : acc + s->v[i];
			else
				acc = f == 'i' ? fmin(acc, s->v[i]) : fmax(acc, s->v[i]);
		}
		res.scalar = true;
		res.x = f == 'a' && s->n ? acc / (double)s->n : acc;
	} else {
		struct sim_series out = {0};
		int64_t t = INT64_MIN;

		/* Walk the union of timestamps in order. */
		for (;;) {
			int64_t next = INT64_MAX;
			double acc = 0;
			size_t hits = 0;

			for (size_t i = 0; i < v->n; i++)
				for (size_t j = 0; j < v->s[i].n; j++)
					if (v->s[i].t[j] > t && v->s[i].t[j] < next)
						next = v->s[i].t[j];
			if (next == INT64_MAX)
				break;
			for (size_t i = 0; i < v->n; i++) {
				for (size_t j = 0; j < v->s[i].n; j++) {
					double x = v->s[i].v[j];

					if (v->s[i].t[j] != next)
						continue;
					if (hits == 0 || f == 's' || f == 'a')
						acc = hits == 0 ? x : acc + x;
					else
						acc = f == 'i' ? fmin(acc, x) : fmax(acc, x);
					hits++;
				}
			}
			sim_series_push(&out, next, f == 'a' ? acc / (double)hits : acc);
			t = next;
		}
		val_add_series(&res, &out);
	}
	val_free(v);
	*v = res;
}

static void elementwise(const char *fn, struct val *v)
{
	double (*f)(double) = strcmp(fn, "ABS") == 0    ? fabs
			      : strcmp(fn, "CEIL") == 0 ? ceil
							: floor;

	if (v->scalar) {
		v->x = f(v->x);
		return;
	}
	for (size_t i = 0; i < v->n; i++)
		for (size_t j = 0; j < v->s[i].n; j++)
			v->s[i].v[j] = f(v->s[i].v[j]);
}

static bool expect(struct eval *e, enum tok t, const char *what)
{
	if (e->lx.tok != t) {
		eval_fail(e, false, "expected %s at position %zu", what, e->lx.pos);
		return false;
	}
	lex(&e->lx);
	return true;
}

static void parse_call(struct eval *e, const char *fn, struct val *out)
{
	if (!known_function(fn)) {
		eval_fail(e, false, "Unrecognized function %s", fn);
		return;
	}
	if (strcmp(fn, "SEARCH") == 0) {
		char text[512], stat[64];
		double period;

		if (e->lx.tok != T_STR) {
			eval_fail(e, false, "SEARCH expects a search string");
			return;
		}
		snprintf(text, sizeof(text), "%s", e->lx.text);
		lex(&e->lx);
		if (!expect(e, T_COMMA, "','") || e->lx.tok != T_STR) {
			eval_fail(e, false, "SEARCH expects a statistic");
			return;
		}
		snprintf(stat, sizeof(stat), "%.63s", e->lx.text);
		lex(&e->lx);
		if (!expect(e, T_COMMA, "','") || e->lx.tok != T_NUM) {
			eval_fail(e, false, "SEARCH expects a period");
			return;
		}
		period = e->lx.num;
		lex(&e->lx);
		if (expect(e, T_RP, "')'"))
			eval_search(e, text, stat, period, out);
		return;
	}
	if (strcmp(fn, "SUM") && strcmp(fn, "AVG") && strcmp(fn, "MIN") && strcmp(fn, "MAX") &&
	    strcmp(fn, "ABS") && strcmp(fn, "CEIL") && strcmp(fn, "FLOOR")) {
		eval_fail(e, true, "%s", fn);
		return;
	}
	parse_expr(e, out);
	if (e->failed || !expect(e, T_RP, "')'"))
		return;
	if (fn[0] == 'A' && fn[1] == 'B')
		elementwise(fn, out);
	else if (fn[0] == 'C' || fn[0] == 'F')
		elementwise(fn, out);
	else
		aggregate(fn, out);
}

static void parse_primary(struct eval *e, struct val *out)
{
	memset(out, 0, sizeof(*out));
	if (++e->depth > SIM_MAX_EXPR_NEST) {
		eval_fail(e, false, "the expression is nested too deeply");
		return;
	}
	switch (e->lx.tok) {
	case T_NUM:
		out->scalar = true;
		out->x = e->lx.num;
		lex(&e->lx);
		break;
	case T_LP:
		lex(&e->lx);
		parse_expr(e, out);
		if (!e->failed)
			expect(e, T_RP, "')'");
		break;
	case T_LB:
		out->array = true;
		do {
			struct val item;

			lex(&e->lx);
			parse_expr(e, &item);
			if (e->failed || item.scalar) {
				if (!e->failed)
					eval_fail(e, false, "an array holds time series only");
				val_free(&item);
				break;
			}
			for (size_t i = 0; i < item.n; i++)
				val_add_series(out, &item.s[i]);
			val_free(&item);
		} while (e->lx.tok == T_COMMA);
		if (!e->failed)
			expect(e, T_RB, "']'");
		break;
	case T_IDENT: {
		char name[512];

		snprintf(name, sizeof(name), "%s", e->lx.text);
		lex(&e->lx);
		if (e->lx.tok == T_LP) {
			lex(&e->lx);
			parse_call(e, name, out);
			break;
		}
		for (size_t i = 0; i < e->g->nq; i++) {
			struct sim_mdq *q = &e->g->q[i];
			struct sim_series s;

			if (strcmp(q->id, name) != 0)
				continue;
			if (!eval_query(e->g, q, e->depth) || q->msg_value) {
				eval_fail(e, q->msg_code != NULL, "%s",
					  q->msg_value ? q->msg_value : "a cycle of expressions");
				return;
			}
			e->g->work += (int64_t)q->full.n;
			for (size_t j = 0; j < q->nlist; j++)
				e->g->work += (int64_t)q->list[j].n;
			if (e->g->work > SIM_MAX_EXPR_WORK) {
				eval_fail(e, false, "the expressions need too many datapoints");
				return;
			}
			out->array = q->nlist > 0;
			if (q->nlist) {
				for (size_t j = 0; j < q->nlist; j++) {
					sim_series_copy(&s, &q->list[j]);
					val_add_series(out, &s);
				}
			} else {
				sim_series_copy(&s, &q->full);
				val_add_series(out, &s);
			}
			e->depth--;
			return;
		}
		eval_fail(e, false, "Unrecognized metric or expression Id %s", name);
		break;
	}
	default:
		eval_fail(e, false, "unexpected '%s' at position %zu", e->lx.text, e->lx.pos);
	}
	e->depth--;
}

static void parse_unary(struct eval *e, struct val *out)
{
	if (e->lx.tok == T_OP && e->lx.text[0] == '-') {
		struct val zero = {.scalar = true, .x = 0};

		lex(&e->lx);
		parse_unary(e, out);
		binary(e, &zero, '-', out);
		*out = zero;
		return;
	}
	parse_primary(e, out);
	if (!e->failed && e->lx.tok == T_OP && e->lx.text[0] == '^') {
		struct val r;

		lex(&e->lx);
		parse_unary(e, &r);
		binary(e, out, '^', &r);
	}
}

static void parse_term(struct eval *e, struct val *out)
{
	parse_unary(e, out);
	while (!e->failed && e->lx.tok == T_OP && (e->lx.text[0] == '*' || e->lx.text[0] == '/')) {
		char op = e->lx.text[0];
		struct val r;

		lex(&e->lx);
		parse_unary(e, &r);
		binary(e, out, op, &r);
	}
}

static void parse_expr(struct eval *e, struct val *out)
{
	parse_term(e, out);
	while (!e->failed && e->lx.tok == T_OP && (e->lx.text[0] == '+' || e->lx.text[0] == '-')) {
		char op = e->lx.text[0];
		struct val r;

		lex(&e->lx);
		parse_term(e, &r);
		binary(e, out, op, &r);
	}
}

/* eval_query: fill q->full (or q->list) once; false on a cycle or an
 * error, with q->msg_value saying what. */
static bool eval_query(struct sim_gmd *g, struct sim_mdq *q, int depth)
{
	struct eval e = {.g = g, .depth = depth};
	struct val v = {0};

	if (q->evaluated)
		return !q->msg_value || q->msg_code;
	if (q->evaluating)
		return false;
	if (!q->expression) {
		sim_metric_series(&g->w, &q->metric, &q->stat, q->period, &q->full);
		q->evaluated = true;
		return true;
	}
	q->evaluating = true;
	e.lx.s = q->expression;
	lex(&e.lx);
	parse_expr(&e, &v);
	if (!e.failed && e.lx.tok != T_END)
		eval_fail(&e, false, "unexpected '%s' at position %zu", e.lx.text, e.lx.pos);
	if (!e.failed && v.scalar)
		eval_fail(&e, true, "an expression whose result is a single number");
	q->evaluating = false;
	q->evaluated = true;
	if (e.failed) {
		val_free(&v);
		q->msg_code = e.unsupported ? "Unsupported" : NULL;
		q->msg_value = xstrdup(e.msg); /* Unsupported: what is not evaluated */
		return e.unsupported;
	}
	if (v.array) {
		q->list = v.s;
		q->nlist = v.n;
		v.s = NULL;
		v.n = 0;
	} else if (v.n == 1) {
		q->full = v.s[0];
		memset(&v.s[0], 0, sizeof(v.s[0]));
	}
	val_free(&v);
	return true;
}

bool sim_math_eval(struct sim_gmd *g, struct sim_mdq *q)
{
	return eval_query(g, q, 0);
}
