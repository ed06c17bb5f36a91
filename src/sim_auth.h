/* sim_auth: verifying the SigV4 signature of a request to the demo endpoint.
 *
 * The checks are made in the order AWS makes them, with its errors and
 * wording: a missing or incomplete Authorization header, the date, the
 * access key and session token (only the demo's, src/sim_server.h), the
 * credential scope, the clock skew (SIM_MAX_SKEW_SECONDS), Host among the
 * signed headers, then the signature itself, recomputed with
 * src/aws_sigv4 from the headers the request lists as signed. */
#ifndef CWTOP_SIM_AUTH_H
#define CWTOP_SIM_AUTH_H

#include <stdbool.h>

#include "src/sim_reply.h"
#include "src/sim_request.h"

/* sim_auth_parse: read the Authorization header far enough to know the
 * region (rq->region, rq->auth, rq->have_auth): faults act by region
 * before anything is verified. */
void sim_auth_parse(struct sim_request *rq);
/* sim_auth_verify: true if the request is signed with the demo
 * credentials; else false with the service's error in r. */
bool sim_auth_verify(const struct sim_request *rq, struct sim_reply *r);

#endif
