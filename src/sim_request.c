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

bool sim_region_name_ok(const char *r)
{
	size_t n = strlen(r);

	if (n == 0 || n >= 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((r[i] >= 'a' && r[i] <= 'z') || (r[i] >= '0' && r[i] <= '9') || r[i] == '-'))
			return false;
	return true;
}
