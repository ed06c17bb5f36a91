/* sim_token: the demo endpoint's NextTokens.
 *
 * A token carries where the next page starts and the time the first page
 * was read at (so that every page shows the same data), bound to the
 * request it belongs to by a hash of that request, and signed with the
 * server's secret: a token of another request or another run is refused
 * with InvalidNextToken, as the service refuses it. */
#ifndef CWTOP_SIM_TOKEN_H
#define CWTOP_SIM_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/buf.h"
#include "src/sim_reply.h"

/* sim_hash: FNV-1a of len bytes, continuing from h (start with
 * SIM_HASH_INIT); what binds a token to its request. */
#define SIM_HASH_INIT 0xcbf29ce484222325ULL
uint64_t sim_hash(uint64_t h, const void *data, size_t len);

struct sim_token {
	int64_t offset; /* where the next page starts */
	int64_t now;    /* the time of the first page */
	uint64_t hash;  /* the request's sim_hash */
};

/* sim_token_encode: the token's text (malloc'd). */
char *sim_token_encode(uint64_t secret, const struct sim_token *t);
/* sim_token_put: the member ,"NextToken":"..." for t, appended to b. */
void sim_token_put(struct buf *b, uint64_t secret, const struct sim_token *t);
/* sim_token_read: true with *t if text is a token signed with secret for
 * the request whose hash is `hash`; else false with the service's
 * InvalidNextToken error in r. */
bool sim_token_read(uint64_t secret, const char *text, uint64_t hash, struct sim_token *t,
		    struct sim_reply *r, bool query_mode);

#endif
