/* sim_search: SEARCH's search expressions, recognised and matched. */
#include "config.h"

#include "src/sim_search.h"

#include <stdio.h>
#include <string.h>

#include "src/buf.h"

static void trim_quotes(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '"'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '"')
		memmove(s, s + 1, strlen(s));
}

bool sim_search_parse(const char *text, struct sim_search *sr)
{
	const char *p = text;

	memset(sr, 0, sizeof(*sr));
	while (*p == ' ')
		p++;
	if (*p == '{') {
		const char *close = strchr(p, '}');
		char inner[1024];
		char *save = NULL;

		if (!close || (size_t)(close - p) >= sizeof(inner))
			return false;
		snprintf(inner, sizeof(inner), "%.*s", (int)(close - p - 1), p + 1);
		sr->schema = true;
		for (char *part = strtok_r(inner, ",", &save); part;
		     part = strtok_r(NULL, ",", &save)) {
			char field[256];

			snprintf(field, sizeof(field), "%s", part);
			trim_quotes(field);
			if (!sr->ns[0] && sr->ndims == 0 && strchr(field, '/'))
				snprintf(sr->ns, sizeof(sr->ns), "%s", field);
			else if (sr->ndims < METRIC_MAX_DIMS)
				snprintf(sr->dims[sr->ndims++], sizeof(sr->dims[0]), "%s", field);
		}
		p = close + 1;
	}
	while (*p) {
		char term[512];
		size_t n = 0;
		bool quoted = false;
		char *eq;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		while (*p && (quoted || *p != ' ') && n < sizeof(term) - 1) {
			if (*p == '"')
				quoted = !quoted;
			term[n++] = *p++;
		}
		term[n] = '\0';
		if (strcmp(term, "AND") == 0)
			continue;
		if (strcmp(term, "OR") == 0 || strcmp(term, "NOT") == 0 || sr->nterms == 16 ||
		    strchr(term, '(') || strchr(term, '*'))
			return false;
		eq = strchr(term, '=');
		if (eq) {
			*eq = '\0';
			snprintf(sr->keys[sr->nterms], sizeof(sr->keys[0]), "%.255s", term);
			snprintf(sr->values[sr->nterms], sizeof(sr->values[0]), "%.255s", eq + 1);
		} else {
			sr->keys[sr->nterms][0] = '\0';
			snprintf(sr->values[sr->nterms], sizeof(sr->values[0]), "%.255s", term);
		}
		trim_quotes(sr->keys[sr->nterms]);
		trim_quotes(sr->values[sr->nterms]);
		sr->nterms++;
	}
	return true;
}

static const char *metric_dim(const struct sim_metric *m, const char *name)
{
	for (size_t i = 0; i < m->ndims; i++)
		if (strcmp(m->dims[i].name, name) == 0)
			return m->dims[i].value;
	return NULL;
}

bool sim_search_matches(const struct sim_search *sr, const struct sim_metric *m)
{
	if (sr->schema) {
		if (strcmp(sr->ns, m->namespace_) != 0 || sr->ndims != m->ndims)
			return false;
		for (size_t i = 0; i < sr->ndims; i++)
			if (!metric_dim(m, sr->dims[i]))
				return false;
	}
	for (size_t i = 0; i < sr->nterms; i++) {
		const char *k = sr->keys[i], *v = sr->values[i], *d;
		bool hit = false;

		if (strcmp(k, "MetricName") == 0) {
			hit = strcmp(m->metric_name, v) == 0;
		} else if (strcmp(k, "Namespace") == 0) {
			hit = strcmp(m->namespace_, v) == 0;
		} else if (*k) {
			d = metric_dim(m, k);
			hit = d && strcmp(d, v) == 0;
		} else {
			hit = strcasestr(m->metric_name, v) || strcasestr(m->namespace_, v);
			for (size_t j = 0; j < m->ndims && !hit; j++)
				hit = strcasestr(m->dims[j].value, v) != NULL;
		}
		if (!hit)
			return false;
	}
	return true;
}

char *sim_search_label(const struct sim_metric *m)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < m->ndims; i++)
		buf_printf(&b, "%s ", m->dims[i].value);
	buf_printf(&b, "%s", m->metric_name);
	return buf_steal(&b, NULL);
}
