/* sim_server: a local CloudWatch-compatible endpoint.
 *
 * `cwtop --demo` starts it in-process on an ephemeral port, and the test
 * suite runs it as `cwtop-sim --port N`. It answers GetMetricData and
 * DescribeAlarms over the AWS JSON 1.0 protocol as the real service does:
 * every request's SigV4 signature is verified, the region comes from the
 * signature's scope, the data comes from sim_story, and errors have the real
 * statuses, bodies and x-amzn-query-error headers. Faults (throttling,
 * outages, malformed bodies...) can be switched per region at start and at
 * run time, so that the client's failure paths can be exercised too.
 *
 * HTTP/1.1 on 127.0.0.1 (libmicrohttpd, one thread per connection, so that
 * a slow answer only delays its own connection). The server reads the time
 * from src/clock.h, so it follows a virtual clock set with clock_set_speed.
 *
 * Control requests (unsigned, for tests):
 *   POST /_sim/fault  body "region=us-east-1&kind=throttle[&arg=N][&count=N]"
 *                     (region "all" or absent: every region; kind=none clears)
 *   GET  /_sim/stats  JSON counts of requests per region, operation, status,
 *                     error code and fault applied
 *   POST /_sim/reset  clear every fault and every count
 *   GET  /_sim/story  JSON: the virtual time, its story phase and caption */
#ifndef CWTOP_SIM_SERVER_H
#define CWTOP_SIM_SERVER_H

#include <stdbool.h>
#include <stddef.h>

/* The demo credentials: the only ones the endpoint accepts. A session token,
 * when one is sent, must be this one. */
#define SIM_DEMO_ACCESS_KEY    "AKIDCWTOPDEMO"
#define SIM_DEMO_SECRET_KEY    "cwtop-demo-secret-key"
#define SIM_DEMO_SESSION_TOKEN "cwtop-demo-session-token"
#define SIM_ACCOUNT_ID         "111111111111"

#define SIM_MAX_SKEW_SECONDS 900                /* X-Amz-Date vs the server's clock */
#define SIM_MAX_REQUEST_BODY (4u * 1024 * 1024) /* a larger request: 413 */

enum sim_fault {
	SIM_FAULT_NONE,
	SIM_FAULT_THROTTLE,            /* 400 ThrottlingException "Rate exceeded" */
	SIM_FAULT_DOWN,                /* close the connection without answering */
	SIM_FAULT_SLOW,                /* answer after arg seconds (default 5) */
	SIM_FAULT_MALFORMED_TRUNCATED, /* 200 with the JSON cut in half */
	SIM_FAULT_MALFORMED_HTML,      /* a proxy's 502 page, text/html */
	SIM_FAULT_MALFORMED_TYPES,     /* 200 with Values as strings */
	SIM_FAULT_OVERSIZED,           /* 200 with arg MiB of padding (default 20) */
	SIM_FAULT_RESET,               /* connection closed mid-body */
	SIM_FAULT_PAGINATE,            /* pages of arg datapoints (default 5) */
	SIM_FAULT_PARTIAL,             /* PartialData + NextToken on the first page */
	SIM_FAULT_EXPIRED_TOKEN,       /* 400 ExpiredTokenException */
	SIM_FAULT_ACCESS_DENIED,       /* 400 AccessDeniedException */
	SIM_FAULT_INTERNAL,            /* 500 InternalFailure */
	SIM_FAULT_UNAVAILABLE,         /* 503 ServiceUnavailable */
	SIM_FAULT_METRIC_FORBIDDEN,    /* the arg-th result (default 1) says Forbidden */
	SIM_FAULT_METRIC_INTERNAL,     /* the arg-th result (default 1) says InternalError */
	SIM_FAULT_COUNT
};

/* sim_fault_name: "throttle", "malformed-html", ... ("none" for NONE). */
const char *sim_fault_name(enum sim_fault f);
/* sim_fault_from_name: the inverse; 0, or -1 for an unknown name. */
int sim_fault_from_name(const char *name, enum sim_fault *out);

/* One fault as given on the command line: REGION=KIND[:ARG], REGION may be
 * "all" (or "*"). */
struct sim_fault_spec {
	char region[64]; /* "" = every region */
	enum sim_fault kind;
	long arg;   /* 0 = the kind's default */
	long count; /* 0 = until cleared; N = the next N requests only */
};
int sim_fault_spec_parse(const char *text, struct sim_fault_spec *out, char *err, size_t errlen);

struct sim_options {
	const char *bind; /* NULL: "127.0.0.1" (an IPv4 address) */
	unsigned port;    /* 0: an ephemeral port */
	bool quiet;       /* no request log and no libmicrohttpd errors on stderr */
	bool no_outage;   /* ap-south-1 answers even during the story's outage */
	const struct sim_fault_spec *faults;
	size_t nfaults;
};

struct sim_server;

/* sim_server_start: listen and serve from background threads. NULL on
 * failure, with the reason in err. */
struct sim_server *sim_server_start(const struct sim_options *opt, char *err, size_t errlen);
/* sim_server_port: the port actually bound (useful after port 0). */
unsigned sim_server_port(const struct sim_server *s);
/* sim_server_set_fault: region NULL, "" or "all" means every region;
 * SIM_FAULT_NONE clears. arg 0: the kind's default. Thread-safe. 0 or -1. */
int sim_server_set_fault(struct sim_server *s, const char *region, enum sim_fault kind, long arg);
/* sim_server_add_fault: the same from a parsed spec (count included). */
int sim_server_add_fault(struct sim_server *s, const struct sim_fault_spec *spec);
/* sim_server_stats_json: what GET /_sim/stats returns (malloc'd). */
char *sim_server_stats_json(struct sim_server *s);
/* sim_server_reset: clear every fault and every count. */
void sim_server_reset(struct sim_server *s);
/* sim_server_stop: stop serving, wait for the connection threads, free. */
void sim_server_stop(struct sim_server *s);

#endif
