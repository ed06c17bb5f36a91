/* cwtop-sim: the local CloudWatch-compatible endpoint as a program.
 *
 * The test suite starts it, reads "listening on http://127.0.0.1:PORT" from
 * its standard output, points cwtop at that URL with the demo credentials,
 * and stops it with SIGTERM. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/clock.h"
#include "src/sim_server.h"
#include "src/sim_story.h"

#define MAX_FAULTS 32

static void usage(FILE *out)
{
	fprintf(out,
		"usage: cwtop-sim [--port N] [--bind ADDR] [--speed X] [--epoch T]\n"
		"                 [--fault REGION=KIND[:ARG]]... [--no-outage] [--quiet]\n"
		"\n"
		"A local CloudWatch-compatible endpoint (GetMetricData, DescribeAlarms; AWS JSON\n"
		"1.0, SigV4 verified) serving the demo story. Credentials: access key\n"
		"%s, secret %s.\n"
		"\n"
		"  --port N        port to listen on; 0 (the default) picks a free one\n"
		"  --bind ADDR     IPv4 address to listen on (default 127.0.0.1)\n"
		"  --speed X       run the virtual clock X times faster than real time\n"
		"  --epoch T       anchor of the virtual clock, epoch seconds (default: now);\n"
		"                  give cwtop the same --speed and --epoch\n"
		"  --fault R=K[:A] start with fault K in region R (\"all\" for every region);\n"
		"                  repeatable. Kinds: throttle down slow[:SECONDS]\n"
		"                  malformed-truncated malformed-html malformed-types\n"
		"                  oversized[:MIB] reset paginate[:DATAPOINTS] partial\n"
		"                  expired-token access-denied internal unavailable\n"
		"                  metric-forbidden[:N] metric-internal[:N] (the Nth result\n"
		"                  of each GetMetricData call, default the first, says\n"
		"                  Forbidden or InternalError, with no datapoints)\n"
		"  --no-outage     ap-south-1 answers during the story's outage too\n"
		"  --quiet         no request log on standard error\n"
		"  --help          this text\n"
		"\n"
		"Printed once ready: listening on http://ADDR:PORT\n"
		"Runtime control: POST /_sim/fault (region=R&kind=K[&arg=N][&count=N]),\n"
		"GET /_sim/stats, POST /_sim/reset, GET /_sim/story.\n",
		SIM_DEMO_ACCESS_KEY, SIM_DEMO_SECRET_KEY);
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "cwtop-sim: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'cwtop-sim --help'.\n");
	return 2;
}

static int parse_number(const char *s, double min, double max, double *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !(v >= min && v <= max))
		return -1;
	*out = v;
	return 0;
}

struct args {
	struct sim_options opt;
	struct sim_fault_spec faults[MAX_FAULTS];
	double speed;
	double epoch;
	bool have_epoch;
};

/* value_of: the argument of an option given as "--opt VALUE" or
 * "--opt=VALUE"; NULL if this is not that option. */
static const char *value_of(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc)
		return "";
	return argv[++*i];
}

static int parse_args(int argc, char **argv, struct args *a)
{
	char err[256];
	const char *v;
	double d;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			exit(0);
		} else if (strcmp(argv[i], "--quiet") == 0) {
			a->opt.quiet = true;
		} else if (strcmp(argv[i], "--no-outage") == 0) {
			a->opt.no_outage = true;
		} else if ((v = value_of(argc, argv, &i, "--port"))) {
			if (parse_number(v, 0, 65535, &d) < 0 || d != (unsigned)d)
				return bad("bad port '%s'", v);
			a->opt.port = (unsigned)d;
		} else if ((v = value_of(argc, argv, &i, "--bind"))) {
			a->opt.bind = v;
		} else if ((v = value_of(argc, argv, &i, "--speed"))) {
			if (parse_number(v, 0.001, 100000, &a->speed) < 0)
				return bad("bad speed '%s'", v);
		} else if ((v = value_of(argc, argv, &i, "--epoch"))) {
			if (parse_number(v, 0, 1e11, &a->epoch) < 0)
				return bad("bad epoch '%s'", v);
			a->have_epoch = true;
		} else if ((v = value_of(argc, argv, &i, "--fault"))) {
			if (a->opt.nfaults == MAX_FAULTS)
				return bad("too many faults (%s)", v);
			if (sim_fault_spec_parse(v, &a->faults[a->opt.nfaults], err, sizeof(err)) <
			    0)
				return bad("%s", err);
			a->opt.nfaults++;
		} else {
			return bad("unknown option '%s'", argv[i]);
		}
	}
	a->opt.faults = a->faults;
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = {.speed = 1.0};
	struct sim_server *s;
	sigset_t set;
	char err[256];
	int sig = 0, rc;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	if (a.speed != 1.0 || a.have_epoch)
		clock_set_speed(a.have_epoch ? (int64_t)a.epoch : (int64_t)time(NULL), a.speed);

	/* Block the signals before the server's threads start, so that they
	 * inherit the mask and only sigwait() below sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	s = sim_server_start(&a.opt, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "cwtop-sim: %s\n", err);
		return 1;
	}
	printf("listening on http://%s:%u\n", a.opt.bind ? a.opt.bind : "127.0.0.1",
	       sim_server_port(s));
	fflush(stdout);
	if (!a.opt.quiet)
		fprintf(stderr, "cwtop-sim: story phase %d: %s\n", sim_story_phase(clock_now()),
			sim_story_caption(sim_story_phase(clock_now())));
	while (sigwait(&set, &sig) != 0 || sig == SIGHUP)
		;
	sim_server_stop(s);
	if (!a.opt.quiet)
		fprintf(stderr, "cwtop-sim: stopped (signal %d)\n", sig);
	return 0;
}
