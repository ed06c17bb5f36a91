/* sim_stats: counts of what the demo endpoint answered, for GET /_sim/stats. */
#include "config.h"

#include "src/sim_stats.h"

#include <stdio.h>
#include <string.h>

#include "src/sim_json.h"

static void count(struct sim_counters *cs, const char *key)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->c[i].key, key) == 0)
			break;
	if (i == cs->n) {
		if (cs->n == SIM_MAX_COUNTERS)
			return; /* counts are for tests: a bounded table is enough */
		cs->n++;
		snprintf(cs->c[i].key, sizeof(cs->c[i].key), "%s", key);
	}
	cs->c[i].n++;
}

void sim_stats_fault(struct sim_stats *st, enum sim_fault kind)
{
	count(&st->faults_applied, sim_fault_name(kind));
}

void sim_stats_request(struct sim_stats *st, const char *region, const char *op, const char *status,
		       const char *error)
{
	st->total++;
	count(&st->regions, region);
	count(&st->operations, op);
	count(&st->statuses, status);
	if (error[0])
		count(&st->error_codes, error);
}

static void counters_json(struct buf *b, const char *name, const struct sim_counters *cs)
{
	buf_printf(b, ",");
	sim_json_str(b, name);
	buf_printf(b, ":{");
	for (size_t i = 0; i < cs->n; i++) {
		buf_printf(b, "%s", i ? "," : "");
		sim_json_str(b, cs->c[i].key);
		buf_printf(b, ":%lu", cs->c[i].n);
	}
	buf_printf(b, "}");
}

void sim_stats_json(const struct sim_stats *st, const struct sim_faults *faults, struct buf *b)
{
	buf_printf(b, "{\"requests\":%lu", st->total);
	counters_json(b, "regions", &st->regions);
	counters_json(b, "operations", &st->operations);
	counters_json(b, "statuses", &st->statuses);
	counters_json(b, "errors", &st->error_codes);
	counters_json(b, "faults", &st->faults_applied);
	buf_printf(b, ",\"active_faults\":{");
	for (size_t i = 0; i < faults->n; i++) {
		buf_printf(b, "%s", i ? "," : "");
		sim_json_str(b, faults->e[i].region[0] ? faults->e[i].region : "all");
		buf_printf(b, ":");
		sim_json_str(b, sim_fault_name(faults->e[i].kind));
	}
	buf_printf(b, "}}");
}
