/* sim_faults: the faults the demo endpoint can be told to show.
 *
 * sim_server.h names the kinds and parses their specs (implemented here);
 * this header offers the rest to the endpoint: the table of faults in
 * force (one per region, plus one for every region), and what each kind
 * does to a request. A fault acts at one of three points of the request's
 * path (see sim_server.c): before any check (network and front-door
 * faults), after the signature is verified (faults of the service
 * itself), or on a good answer on its way out (malformed and cut bodies). */
#ifndef CWTOP_SIM_FAULTS_H
#define CWTOP_SIM_FAULTS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "src/sim_reply.h"
#include "src/sim_request.h"
#include "src/sim_server.h"

#define SIM_MAX_FAULTS 32

struct sim_fault_entry {
	char region[64]; /* "" = all */
	enum sim_fault kind;
	long arg;
	long remaining; /* 0 = until cleared */
};

/* The table is not locked here: the server holds its lock around these. */
struct sim_faults {
	struct sim_fault_entry e[SIM_MAX_FAULTS];
	size_t n;
};

struct sim_active_fault {
	enum sim_fault kind;
	long arg;
};

/* sim_faults_add: set (or with SIM_FAULT_NONE clear) the fault of
 * spec->region; 0, or -1 for a bad spec or a full table. */
int sim_faults_add(struct sim_faults *t, const struct sim_fault_spec *spec);
/* sim_faults_take: the fault a request of this region meets (its region's,
 * else the one for every region; region NULL: only the latter), used up if
 * it was for N requests. False (and SIM_FAULT_NONE) when there is none. */
bool sim_faults_take(struct sim_faults *t, const char *region, struct sim_active_fault *af);
/* sim_fault_parse_number: a fault's argument or count, 0 to 1000000. 0 or -1. */
int sim_fault_parse_number(const char *s, long *out);

/* sim_fault_network: what a broken network or front door does, before any
 * check (down, slow, unavailable, a proxy's HTML page), and the story's
 * outage unless no_outage. True when the answer is decided. The slow fault
 * sleeps in real time and gives up early once *stopping is set. */
bool sim_fault_network(const struct sim_request *rq, const struct sim_active_fault *af,
		       bool no_outage, atomic_bool *stopping, struct sim_reply *r);
/* sim_fault_service: what the service itself refuses with (throttling,
 * expired token, access denied, internal failure). True if it refused. */
bool sim_fault_service(const struct sim_request *rq, const char *op,
		       const struct sim_active_fault *af, struct sim_reply *r);
/* sim_fault_damage: the faults that spoil a good (200) answer on its way
 * out: truncated, oversized, reset. */
void sim_fault_damage(const struct sim_active_fault *af, struct sim_reply *r);

#endif
