/* sim_request: a request's headers and query, from libmicrohttpd. */
#include "config.h"

#include "src/sim_request.h"

#include <string.h>

#include <microhttpd.h>

const char *sim_request_header(const struct sim_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

static enum MHD_Result add_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct buf *b = cls;

	(void)kind;
	if (b->len)
		buf_append(b, "&", 1);
	buf_printf(b, "%s=%s", key, value ? value : "");
	return MHD_YES;
}

void sim_request_query(const struct sim_request *rq, struct buf *out)
{
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, add_query_arg, out);
}
