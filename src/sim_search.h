/* sim_search: the search expression of metric math's SEARCH().
 *
 * The part of CloudWatch's search syntax the demo needs: an optional
 * schema {Namespace,Dim1,Dim2} (the metric has exactly those dimensions),
 * then terms joined by spaces or AND: MetricName="X", Namespace="N",
 * Dim="V" (exact), or a bare word (a case-insensitive part of the metric's
 * name, namespace or a dimension value). OR, NOT, parentheses and
 * wildcards are beyond it. */
#ifndef CWTOP_SIM_SEARCH_H
#define CWTOP_SIM_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "src/metric_def.h"
#include "src/sim_story.h"

struct sim_search {
	char ns[256];
	char dims[METRIC_MAX_DIMS][256];
	size_t ndims;
	bool schema;
	char keys[16][256]; /* key="value" terms ("" key: a bare word) */
	char values[16][256];
	size_t nterms;
};

/* sim_search_parse: text into sr; false if it is beyond this recogniser. */
bool sim_search_parse(const char *text, struct sim_search *sr);
/* sim_search_matches: metric m is one the search finds. */
bool sim_search_matches(const struct sim_search *sr, const struct sim_metric *m);
/* sim_search_label: the label of m's result, "dimension values... MetricName"
 * (malloc'd). */
char *sim_search_label(const struct sim_metric *m);

#endif
