/* sim_reply: the demo endpoint's answers and the service's error shapes. */
#include "config.h"

#include "src/sim_reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/cloudwatch.h"
#include "src/sim_json.h"

#define CW_NS         "com.amazonaws.cloudwatch.v2010_08_01#"
#define CORAL_SERVICE "com.amazon.coral.service#"

struct error_def {
	const char *query_code; /* x-amzn-query-error's code */
	const char *type;       /* the body's __type */
	unsigned status;
	const char *fault; /* Sender or Receiver */
};

static const struct error_def errors[] = {
	[SIM_E_VALIDATION] = {"ValidationError", "com.amazon.coral.validate#ValidationException",
			      400, "Sender"},
	[SIM_E_INVALID_PARAMETER_VALUE] = {"InvalidParameterValue",
					   CW_NS "InvalidParameterValueException", 400, "Sender"},
	[SIM_E_INVALID_PARAMETER_COMBINATION] = {"InvalidParameterCombination",
						 CW_NS "InvalidParameterCombinationException", 400,
						 "Sender"},
	[SIM_E_INVALID_NEXT_TOKEN] = {"InvalidNextToken", CW_NS "InvalidNextToken", 400, "Sender"},
	[SIM_E_THROTTLING] = {"Throttling", "com.amazon.coral.availability#ThrottlingException",
			      400, "Sender"},
	[SIM_E_UNRECOGNIZED_CLIENT] = {"InvalidClientTokenId",
				       CORAL_SERVICE "UnrecognizedClientException", 403, "Sender"},
	[SIM_E_INVALID_SIGNATURE] = {"SignatureDoesNotMatch",
				     CORAL_SERVICE "InvalidSignatureException", 403, "Sender"},
	[SIM_E_SIGNATURE_EXPIRED] = {"SignatureDoesNotMatch",
				     CORAL_SERVICE "InvalidSignatureException", 400, "Sender"},
	[SIM_E_INCOMPLETE_SIGNATURE] = {"IncompleteSignature",
					CORAL_SERVICE "IncompleteSignatureException", 400,
					"Sender"},
	[SIM_E_MISSING_AUTH] = {"MissingAuthenticationToken",
				CORAL_SERVICE "MissingAuthenticationTokenException", 403, "Sender"},
	[SIM_E_EXPIRED_TOKEN] = {"ExpiredToken", CORAL_SERVICE "ExpiredTokenException", 400,
				 "Sender"},
	[SIM_E_ACCESS_DENIED] = {"AccessDenied", CORAL_SERVICE "AccessDeniedException", 400,
				 "Sender"},
	[SIM_E_INTERNAL] = {"InternalFailure", CORAL_SERVICE "InternalFailure", 500, "Receiver"},
	[SIM_E_UNAVAILABLE] = {"ServiceUnavailable",
			       "com.amazon.coral.availability#ServiceUnavailableException", 503,
			       "Receiver"},
	[SIM_E_UNKNOWN_OPERATION] = {"UnknownOperation", CORAL_SERVICE "UnknownOperationException",
				     400, "Sender"},
	[SIM_E_SERIALIZATION] = {"SerializationException", CORAL_SERVICE "SerializationException",
				 400, "Sender"},
	[SIM_E_TOO_LARGE] = {"RequestEntityTooLarge",
			     CORAL_SERVICE "RequestEntityTooLargeException", 413, "Sender"},
};

/* message: fmt formatted (malloc'd), or NULL if that failed: an error
 * message is then sent empty rather than not at all. */
static char *message(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static char *message(const char *fmt, va_list ap)
{
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		return NULL;
	return msg;
}

void sim_reply_init(struct sim_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->status = 200;
	r->content_type = CW_CONTENT_TYPE;
	buf_init(&r->body, 0);
}

void sim_reply_error(struct sim_reply *r, bool query_mode, enum sim_error id, const char *fmt, ...)
{
	const struct error_def *e = &errors[id];
	const char *hash = strchr(e->type, '#');

	buf_reset(&r->body);
	r->status = e->status;
	r->content_type = CW_CONTENT_TYPE;
	buf_printf(&r->body, "{\"__type\":");
	sim_json_str(&r->body, e->type);
	if (fmt) {
		va_list ap;
		char *msg;

		va_start(ap, fmt);
		msg = message(fmt, ap);
		va_end(ap);
		buf_printf(&r->body, ",\"message\":");
		sim_json_str(&r->body, msg ? msg : "");
		free(msg);
	}
	buf_printf(&r->body, "}");
	if (query_mode)
		snprintf(r->query_error, sizeof(r->query_error), "%s;%s", e->query_code, e->fault);
	else
		r->query_error[0] = '\0';
	snprintf(r->error, sizeof(r->error), "%s", hash ? hash + 1 : e->type);
}

void sim_reply_text(struct sim_reply *r, unsigned status, const char *content_type,
		    const char *text)
{
	buf_reset(&r->body);
	buf_printf(&r->body, "%s", text);
	r->status = status;
	r->content_type = content_type;
}

void sim_violation(struct sim_violations *vs, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = message(fmt, ap);
	va_end(ap);
	if (vs->n++ && vs->text.len < 4096)
		buf_append(&vs->text, "; ", 2);
	if (msg && vs->text.len < 4096)
		buf_printf(&vs->text, "%s", msg);
	free(msg);
}

bool sim_violations_reply(struct sim_violations *vs, struct sim_reply *r, bool qm)
{
	if (vs->n == 0)
		return false;
	sim_reply_error(r, qm, SIM_E_VALIDATION, "%d validation error%s detected: %s", vs->n,
			vs->n == 1 ? "" : "s", vs->text.data ? vs->text.data : "");
	return true;
}

/* The oversized fault's body: a result list of blanks, valid JSON however
 * large, so that only its size can refuse it. */
static const char pad_prefix[] = "{\"MetricDataResults\":[";
static const char pad_suffix[] = "],\"Messages\":[]}";

void sim_reply_pad(struct sim_reply *r, size_t bytes)
{
	r->mode = SIM_REPLY_PADDING;
	r->padding = bytes;
	if (r->padding < sizeof(pad_prefix) + sizeof(pad_suffix))
		r->padding = sizeof(pad_prefix) + sizeof(pad_suffix);
}

size_t sim_reply_padding(size_t total, uint64_t pos, char *out, size_t max)
{
	size_t n = 0;

	for (; n < max && pos + n < total; n++) {
		uint64_t p = pos + n;
		size_t pre = sizeof(pad_prefix) - 1, suf = sizeof(pad_suffix) - 1;

		if (p < pre)
			out[n] = pad_prefix[p];
		else if (p >= total - suf)
			out[n] = pad_suffix[p - (total - suf)];
		else
			out[n] = (p % 64 == 63) ? '\n' : ' ';
	}
	return n;
}
