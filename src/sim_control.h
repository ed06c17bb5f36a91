/* sim_control: the demo endpoint's control requests, for tests.
 *
 * Unsigned requests under /_sim/ (listed in src/sim_server.h): set or
 * clear a fault, read the counts, reset, and read the story's phase. They
 * go through the same public functions a program embedding the server
 * calls. */
#ifndef CWTOP_SIM_CONTROL_H
#define CWTOP_SIM_CONTROL_H

#include "src/sim_reply.h"
#include "src/sim_server.h"

/* sim_control: answer the control request url (method, body) into r: JSON,
 * 400 for a bad fault, 404 for an unknown request. */
void sim_control(struct sim_server *s, const char *url, const char *method, const char *body,
		 struct sim_reply *r);

#endif
