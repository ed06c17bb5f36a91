/* sim_reply: what the demo endpoint answers, and the service's error shapes.
 *
 * Every operation writes into a struct sim_reply; sim_server.c sends it.
 * Errors are written as AWS JSON services write them: the body's __type
 * (Coral's validation namespace for validation errors, CloudWatch's own
 * for its modeled errors, com.amazon.coral.service / .availability for the
 * front end's), the status, and x-amzn-query-error with the query
 * protocol's code when the request asked for it (x-amzn-query-mode). */
#ifndef CWTOP_SIM_REPLY_H
#define CWTOP_SIM_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/buf.h"

enum sim_error {
	SIM_E_VALIDATION,
	SIM_E_INVALID_PARAMETER_VALUE,
	SIM_E_INVALID_PARAMETER_COMBINATION,
	SIM_E_INVALID_NEXT_TOKEN,
	SIM_E_THROTTLING,
	SIM_E_UNRECOGNIZED_CLIENT,
	SIM_E_INVALID_SIGNATURE,
	SIM_E_SIGNATURE_EXPIRED,
	SIM_E_INCOMPLETE_SIGNATURE,
	SIM_E_MISSING_AUTH,
	SIM_E_EXPIRED_TOKEN,
	SIM_E_ACCESS_DENIED,
	SIM_E_INTERNAL,
	SIM_E_UNAVAILABLE,
	SIM_E_UNKNOWN_OPERATION,
	SIM_E_SERIALIZATION,
	SIM_E_TOO_LARGE,
};

enum sim_reply_mode {
	SIM_REPLY_NORMAL,
	SIM_REPLY_CLOSE,   /* no answer at all */
	SIM_REPLY_PADDING, /* stream a huge body */
	SIM_REPLY_RESET,   /* announce the body, send half, close */
};

struct sim_reply {
	unsigned status;
	const char *content_type;
	struct buf body;
	char query_error[96]; /* "Code;Sender", or "" */
	char error[64];       /* the short error code, for the counts */
	enum sim_reply_mode mode;
	size_t padding; /* SIM_REPLY_PADDING: total body bytes */
};

/* sim_reply_init: 200, the AWS JSON content type, an empty body. Free the
 * body with buf_free. */
void sim_reply_init(struct sim_reply *r);
/* sim_reply_error: the error's status, JSON body and query header. A NULL
 * fmt leaves the message out, as the service does for some errors. */
void sim_reply_error(struct sim_reply *r, bool query_mode, enum sim_error id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* sim_reply_text: a plain answer (control requests, a proxy's page). */
void sim_reply_text(struct sim_reply *r, unsigned status, const char *content_type,
		    const char *text);
/* Coral's constraint violations of one request, gathered in its wording
 * ("Value null at 'endTime' failed to satisfy constraint: ...") and sent
 * as one ValidationError. Zero it and buf_init(&text, 0) first,
 * buf_free(&text) after. */
struct sim_violations {
	struct buf text;
	int n;
};

/* sim_violation: one more, formatted (the text is capped near 4 KiB). */
void sim_violation(struct sim_violations *vs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* sim_violations_reply: if there were any, the ValidationError "N
 * validation errors detected: ..." in r, and true. */
bool sim_violations_reply(struct sim_violations *vs, struct sim_reply *r, bool qm);

/* sim_reply_pad: send a well-formed but huge body of `bytes` bytes (at
 * least an empty result list) instead of r's body. */
void sim_reply_pad(struct sim_reply *r, size_t bytes);
/* sim_reply_padding: the bytes of such a body of `total` bytes from pos,
 * at most max of them; how many were written. */
size_t sim_reply_padding(size_t total, uint64_t pos, char *out, size_t max);

#endif
