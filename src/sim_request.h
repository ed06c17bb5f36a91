/* sim_request: a request to the demo endpoint, as its modules see it.
 *
 * The HTTP glue (sim_server.c) fills it in; sim_auth reads the headers and
 * the query through it, so that only sim_server.c and this file know
 * libmicrohttpd. */
#ifndef CWTOP_SIM_REQUEST_H
#define CWTOP_SIM_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "src/aws_sigv4.h"
#include "src/buf.h"

struct MHD_Connection;

struct sim_request {
	struct MHD_Connection *conn; /* where the headers and the query are */
	const char *method;
	const char *url;
	const char *body;
	size_t body_len;
	bool query_mode;              /* x-amzn-query-mode: true */
	char region[64];              /* the signature's scope, if a valid name; else "" */
	struct sigv4_auth_parts auth; /* the Authorization header, if have_auth */
	bool have_auth;
};

/* sim_request_header: a header's value (any case of name), or NULL. */
const char *sim_request_header(const struct sim_request *rq, const char *name);
/* sim_request_query: the query's arguments as libmicrohttpd decoded them,
 * "key=value" joined by '&' ("" for none), appended to out. */
void sim_request_query(const struct sim_request *rq, struct buf *out);

#endif
