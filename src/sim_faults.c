/* sim_faults: the demo endpoint's faults: names, specs, the table, and what each does. */
#include "config.h"

#include "src/sim_faults.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/aws_config.h"
#include "src/clock.h"
#include "src/say.h"
#include "src/sim_story.h"

static const char *const fault_names[SIM_FAULT_COUNT] = {
	[SIM_FAULT_NONE] = "none",
	[SIM_FAULT_THROTTLE] = "throttle",
	[SIM_FAULT_DOWN] = "down",
	[SIM_FAULT_SLOW] = "slow",
	[SIM_FAULT_MALFORMED_TRUNCATED] = "malformed-truncated",
	[SIM_FAULT_MALFORMED_HTML] = "malformed-html",
	[SIM_FAULT_MALFORMED_TYPES] = "malformed-types",
	[SIM_FAULT_OVERSIZED] = "oversized",
	[SIM_FAULT_RESET] = "reset",
	[SIM_FAULT_PAGINATE] = "paginate",
	[SIM_FAULT_PARTIAL] = "partial",
	[SIM_FAULT_EXPIRED_TOKEN] = "expired-token",
	[SIM_FAULT_ACCESS_DENIED] = "access-denied",
	[SIM_FAULT_INTERNAL] = "internal",
	[SIM_FAULT_UNAVAILABLE] = "unavailable",
	[SIM_FAULT_METRIC_FORBIDDEN] = "metric-forbidden",
	[SIM_FAULT_METRIC_INTERNAL] = "metric-internal",
};

const char *sim_fault_name(enum sim_fault f)
{
	if ((int)f < 0 || f >= SIM_FAULT_COUNT)
		return "none";
	return fault_names[f];
}

int sim_fault_from_name(const char *name, enum sim_fault *out)
{
	for (int i = 0; name && i < SIM_FAULT_COUNT; i++) {
		if (strcmp(name, fault_names[i]) == 0) {
			*out = (enum sim_fault)i;
			return 0;
		}
	}
	return -1;
}

static bool region_is_all(const char *r)
{
	return !r || !*r || strcmp(r, "all") == 0 || strcmp(r, "*") == 0;
}

int sim_fault_parse_number(const char *s, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > 1000000)
		return -1;
	*out = v;
	return 0;
}

int sim_fault_spec_parse(const char *text, struct sim_fault_spec *out, char *err, size_t errlen)
{
	const char *eq = text ? strchr(text, '=') : NULL;
	char kind[64];
	const char *colon;
	size_t rlen;

	memset(out, 0, sizeof(*out));
	if (!eq) {
		say(err, errlen, "fault '%s': expected REGION=KIND[:ARG]", text ? text : "");
		return -1;
	}
	rlen = (size_t)(eq - text);
	if (rlen >= sizeof(out->region)) {
		say(err, errlen, "fault '%s': region too long", text);
		return -1;
	}
	memcpy(out->region, text, rlen);
	out->region[rlen] = '\0';
	if (region_is_all(out->region))
		out->region[0] = '\0';
	else if (!aws_region_name_ok(out->region)) {
		say(err, errlen, "fault '%s': bad region name", text);
		return -1;
	}
	colon = strchr(eq + 1, ':');
	snprintf(kind, sizeof(kind), "%.*s", colon ? (int)(colon - eq - 1) : 63, eq + 1);
	if (sim_fault_from_name(kind, &out->kind) < 0) {
		say(err, errlen, "fault '%s': unknown kind '%s'", text, kind);
		return -1;
	}
	if (colon && sim_fault_parse_number(colon + 1, &out->arg) < 0) {
		say(err, errlen, "fault '%s': bad argument", text);
		return -1;
	}
	return 0;
}

static long fault_default_arg(enum sim_fault k)
{
	switch (k) {
	case SIM_FAULT_SLOW:
		return 5;
	case SIM_FAULT_OVERSIZED:
		return 20;
	case SIM_FAULT_PAGINATE:
		return 5;
	case SIM_FAULT_METRIC_FORBIDDEN:
	case SIM_FAULT_METRIC_INTERNAL:
		return 1; /* the first result */
	default:
		return 0;
	}
}

int sim_faults_add(struct sim_faults *t, const struct sim_fault_spec *spec)
{
	const char *region = region_is_all(spec->region) ? "" : spec->region;
	size_t i;

	if (*region && !aws_region_name_ok(region))
		return -1;
	if ((int)spec->kind < 0 || spec->kind >= SIM_FAULT_COUNT || spec->arg < 0 ||
	    spec->count < 0)
		return -1;
	for (i = 0; i < t->n; i++)
		if (strcmp(t->e[i].region, region) == 0)
			break;
	if (spec->kind == SIM_FAULT_NONE) {
		if (i < t->n)
			t->e[i] = t->e[--t->n];
	} else if (i < t->n || t->n < SIM_MAX_FAULTS) {
		struct sim_fault_entry *f = &t->e[i];

		if (i == t->n)
			t->n++;
		snprintf(f->region, sizeof(f->region), "%s", region);
		f->kind = spec->kind;
		f->arg = spec->arg ? spec->arg : fault_default_arg(spec->kind);
		f->remaining = spec->count;
	} else {
		return -1;
	}
	return 0;
}

bool sim_faults_take(struct sim_faults *t, const char *region, struct sim_active_fault *af)
{
	struct sim_fault_entry *hit = NULL;

	af->kind = SIM_FAULT_NONE;
	af->arg = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (region && strcmp(t->e[i].region, region) == 0)
			hit = &t->e[i];
		else if (!hit && !t->e[i].region[0])
			hit = &t->e[i];
	}
	if (!hit)
		return false;
	af->kind = hit->kind;
	af->arg = hit->arg;
	if (hit->remaining > 0 && --hit->remaining == 0)
		*hit = t->e[--t->n];
	return true;
}

static const char html_502[] =
	"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
	"Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

/* sleep_real: the slow fault waits in real time (it is about timeouts),
 * and gives up early when the server stops. */
static void sleep_real(atomic_bool *stopping, long seconds)
{
	int64_t until = clock_mono_ms() + (int64_t)seconds * 1000;

	while (!atomic_load(stopping)) {
		int64_t left = until - clock_mono_ms();
		struct timespec ts = {0, 50 * 1000000L};

		if (left <= 0)
			break;
		if (left < 50)
			ts.tv_nsec = (long)left * 1000000L;
		nanosleep(&ts, NULL);
	}
}

bool sim_fault_network(const struct sim_request *rq, const struct sim_active_fault *af,
		       bool no_outage, atomic_bool *stopping, struct sim_reply *r)
{
	switch (af->kind) {
	case SIM_FAULT_DOWN:
		r->mode = SIM_REPLY_CLOSE;
		return true;
	case SIM_FAULT_SLOW:
		sleep_real(stopping, af->arg);
		return false;
	case SIM_FAULT_UNAVAILABLE:
		sim_reply_error(r, rq->query_mode, SIM_E_UNAVAILABLE, "Service Unavailable");
		return true;
	case SIM_FAULT_MALFORMED_HTML:
		sim_reply_text(r, 502, "text/html", html_502);
		snprintf(r->error, sizeof(r->error), "html-502");
		return true;
	default:
		break;
	}
	if (!no_outage && rq->region[0] && sim_story_outage(rq->region, clock_now())) {
		sim_reply_error(r, rq->query_mode, SIM_E_UNAVAILABLE, "Service Unavailable");
		return true;
	}
	return false;
}

bool sim_fault_service(const struct sim_request *rq, const char *op,
		       const struct sim_active_fault *af, struct sim_reply *r)
{
	bool qm = rq->query_mode;

	switch (af->kind) {
	case SIM_FAULT_THROTTLE:
		sim_reply_error(r, qm, SIM_E_THROTTLING, "Rate exceeded");
		return true;
	case SIM_FAULT_EXPIRED_TOKEN:
		sim_reply_error(r, qm, SIM_E_EXPIRED_TOKEN,
				"The security token included in the request is expired");
		return true;
	case SIM_FAULT_ACCESS_DENIED:
		sim_reply_error(
			r, qm, SIM_E_ACCESS_DENIED,
			"User: arn:aws:iam::" SIM_ACCOUNT_ID ":user/demo is not authorized to "
			"perform: cloudwatch:%s because no identity-based policy allows the "
			"cloudwatch:%s action",
			op ? op : "GetMetricData", op ? op : "GetMetricData");
		return true;
	case SIM_FAULT_INTERNAL:
		sim_reply_error(r, qm, SIM_E_INTERNAL,
				"The request processing has failed because of an unknown error, "
				"exception or failure.");
		return true;
	default:
		return false;
	}
}

void sim_fault_damage(const struct sim_active_fault *af, struct sim_reply *r)
{
	if (r->status != 200)
		return;
	switch (af->kind) {
	case SIM_FAULT_MALFORMED_TRUNCATED:
		r->body.len = r->body.len > 2 ? r->body.len / 2 : 0;
		if (r->body.data)
			r->body.data[r->body.len] = '\0';
		break;
	case SIM_FAULT_OVERSIZED:
		sim_reply_pad(r, (size_t)(af->arg < 1024 ? af->arg : 1024) * 1024 * 1024);
		break;
	case SIM_FAULT_RESET:
		r->mode = SIM_REPLY_RESET;
		break;
	default:
		break;
	}
}
