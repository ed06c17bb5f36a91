/* sim_stats: counts of what the demo endpoint answered.
 *
 * Requests by region, operation, status and error code, and the faults
 * applied: what GET /_sim/stats returns, so that a test can check what
 * its client actually sent and met. The tables are bounded (counts are for
 * tests) and not locked here: the server holds its lock around these. */
#ifndef CWTOP_SIM_STATS_H
#define CWTOP_SIM_STATS_H

#include <stddef.h>

#include "src/buf.h"
#include "src/sim_faults.h"

#define SIM_MAX_COUNTERS 48

struct sim_counter {
	char key[64];
	unsigned long n;
};

struct sim_counters {
	struct sim_counter c[SIM_MAX_COUNTERS];
	size_t n;
};

struct sim_stats {
	unsigned long total;
	struct sim_counters regions, operations, statuses, error_codes, faults_applied;
};

/* sim_stats_fault: a request met a fault of this kind. */
void sim_stats_fault(struct sim_stats *st, enum sim_fault kind);
/* sim_stats_request: a request answered (status "0": closed unanswered);
 * error "" for none. */
void sim_stats_request(struct sim_stats *st, const char *region, const char *op, const char *status,
		       const char *error);
/* sim_stats_json: the counts and the faults in force, as JSON, into b. */
void sim_stats_json(const struct sim_stats *st, const struct sim_faults *faults, struct buf *b);

#endif
