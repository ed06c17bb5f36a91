/* aws_creds_job: the credential chain, walked in a child process.
 *
 * Why a forked child rather than a thread or a state machine per source:
 * the chain (src/aws_credentials.c) stays one straightforward synchronous
 * function, tested once, and the dashboard's loop stays single-threaded. The
 * child only resolves, writes one message to a pipe and _exit()s: it never
 * touches the terminal, stdio or the parent's transfers. */
#include "config.h"

#include "src/aws_creds_job.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "src/clock.h"
#include "src/sanitize.h"
#include "src/say.h"
#include "src/xalloc.h"

/* A child that has not answered by then is killed by its own alarm (longer
 * than credential_process's 60 s plus the container and IMDS timeouts). */
#define CHILD_LIMIT_S 90
/* Room for the longest answer: a session token of up to 16 KiB, the rest. */
#define MESSAGE_MAX (24 * 1024)

struct creds_job {
	pid_t pid;
	int fd;
	size_t len;
	char msg[MESSAGE_MAX];
};

/* --- The child ---------------------------------------------------------------- */

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* put_field: "<length>:<bytes>", so a field may hold any byte. */
static size_t put_field(char *out, size_t room, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	int head = snprintf(out, room, "%zu:", n);

	if (head < 0 || (size_t)head + n >= room)
		return room;
	memcpy(out + head, s ? s : "", n);
	return (size_t)head + n;
}

static size_t encode_credentials(const struct aws_credentials *c, char *out, size_t room)
{
	size_t n = (size_t)snprintf(out, room, "OK %" PRId64 "\n", c->expiration);
	const char *fields[] = {c->access_key_id, c->secret_access_key, c->session_token,
				c->source};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && n < room; i++)
		n += put_field(out + n, room - n, fields[i]);
	return n < room ? n : 0;
}

/* Told to stop (or out of time), the child takes its credential_process
 * with it: that runs in a process group of its own, and would otherwise
 * outlive the refresh. */
static void on_stop(int sig)
{
	(void)sig;
	aws_credentials_kill_process();
	_exit(1);
}

/* The parent's handlers only set flags the child would never look at: the
 * child stops on SIGTERM and SIGALRM, and takes the default action for the
 * rest. */
static void child_signals(void)
{
	const int sigs[] = {SIGINT, SIGHUP, SIGWINCH, SIGPIPE, SIGCHLD};
	struct sigaction sa;
	sigset_t none;

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* A child that cannot allocate just ends (the parent reads "no answer"):
 * the parent's hook would restore the parent's terminal. */
static void child_fatal(void)
{
	_exit(1);
}

/* detach_child: the child never needs the terminal. In a process group of
 * its own, Ctrl-C and a hangup (sent to the terminal's foreground group)
 * reach only cwtop, which then stops the child the orderly way, so that
 * its credential_process goes too; and nothing it or a library prints can
 * reach the screen. */
static void detach_child(void)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	setpgid(0, 0);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	xalloc_set_fatal_hook(child_fatal);
}

static void run_child(int fd, const struct aws_profile *profile, bool explicit_profile)
{
	static char out[MESSAGE_MAX];
	struct aws_credentials c;
	char err[256];
	size_t n;

	detach_child();
	child_signals();
	alarm(CHILD_LIMIT_S);
	memset(&c, 0, sizeof(c));
	if (aws_credentials_resolve(profile, explicit_profile, &c, err, sizeof(err)) != 0) {
		n = (size_t)snprintf(out, sizeof(out), "ERR\n%s", err);
	} else {
		n = encode_credentials(&c, out, sizeof(out));
		if (n == 0)
			n = (size_t)snprintf(out, sizeof(out), "ERR\n%s: credentials too long",
					     c.source);
	}
	write_all(fd, out, n < sizeof(out) ? n : sizeof(out) - 1);
	_exit(0);
}

/* --- The parent --------------------------------------------------------------- */

struct creds_job *creds_job_start(const struct aws_profile *profile, bool explicit_profile,
				  char *err, size_t errlen)
{
	struct creds_job *job;
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) != 0) {
		say(err, errlen, "cannot refresh credentials: pipe: %s", strerror(errno));
		return NULL;
	}
	job = xcalloc(1, sizeof(*job));
	job->pid = fork();
	if (job->pid < 0) {
		say(err, errlen, "cannot refresh credentials: fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		free(job);
		return NULL;
	}
	if (job->pid == 0) {
		close(fds[0]);
		run_child(fds[1], profile, explicit_profile);
	}
	close(fds[1]);
	job->fd = fds[0];
	fcntl(job->fd, F_SETFL, fcntl(job->fd, F_GETFL) | O_NONBLOCK);
	return job;
}

int creds_job_fd(const struct creds_job *job)
{
	return job ? job->fd : -1;
}

/* take_field: the next "<length>:<bytes>" of the message, or -1. */
static int take_field(const char **p, const char *end, char **out)
{
	char *colon;
	unsigned long long n;

	errno = 0;
	n = strtoull(*p, &colon, 10);
	if (errno || colon == *p || colon >= end || *colon != ':' || n > (size_t)(end - colon - 1))
		return -1;
	*out = n ? xstrndup(colon + 1, (size_t)n) : NULL;
	*p = colon + 1 + n;
	return 0;
}

static int decode_credentials(const char *msg, size_t len, struct aws_credentials *c)
{
	const char *end = msg + len, *p = msg + 3;
	char *source = NULL, *nl;
	long long exp;

	errno = 0;
	exp = strtoll(p, &nl, 10);
	if (errno || nl >= end || *nl != '\n')
		return -1;
	p = nl + 1;
	c->expiration = (int64_t)exp;
	if (take_field(&p, end, &c->access_key_id) != 0 ||
	    take_field(&p, end, &c->secret_access_key) != 0 ||
	    take_field(&p, end, &c->session_token) != 0 || take_field(&p, end, &source) != 0 ||
	    p != end || !c->access_key_id || !c->secret_access_key) {
		free(source);
		return -1;
	}
	sanitize_copy(c->source, sizeof(c->source), source ? source : "",
		      source ? strlen(source) : 0);
	free(source);
	return 0;
}

/* finish: the child closed its end; reap it and read its one message. */
static enum creds_job_state finish(struct creds_job *job, struct aws_credentials *out, char *err,
				   size_t errlen)
{
	while (waitpid(job->pid, NULL, 0) < 0 && errno == EINTR)
		;
	job->pid = 0;
	if (job->len > 4 && memcmp(job->msg, "ERR\n", 4) == 0) {
		sanitize_copy(err, errlen, job->msg + 4, job->len - 4);
		return CREDS_JOB_FAILED;
	}
	if (job->len > 3 && memcmp(job->msg, "OK ", 3) == 0) {
		memset(out, 0, sizeof(*out));
		if (decode_credentials(job->msg, job->len, out) == 0)
			return CREDS_JOB_DONE;
		aws_credentials_clear(out);
	}
	say(err, errlen,
	    "credential refresh ended without an answer (it may have run out of its %d s)",
	    CHILD_LIMIT_S);
	return CREDS_JOB_FAILED;
}

enum creds_job_state creds_job_poll(struct creds_job *job, struct aws_credentials *out, char *err,
				    size_t errlen)
{
	for (;;) {
		ssize_t n;

		if (job->len == sizeof(job->msg)) {
			say(err, errlen, "credential refresh answered too much");
			return CREDS_JOB_FAILED;
		}
		n = read(job->fd, job->msg + job->len, sizeof(job->msg) - job->len);
		if (n > 0) {
			job->len += (size_t)n;
			continue;
		}
		if (n == 0)
			return finish(job, out, err, errlen);
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return CREDS_JOB_RUNNING;
		say(err, errlen, "credential refresh: read: %s", strerror(errno));
		return CREDS_JOB_FAILED;
	}
}

/* stop_child: SIGTERM lets the child kill its credential_process first;
 * SIGKILL follows if it has not gone within STOP_WAIT_MS. */
#define STOP_WAIT_MS 1000

static void stop_child(pid_t pid)
{
	int64_t end = clock_mono_ms() + STOP_WAIT_MS;
	pid_t got;

	kill(pid, SIGTERM);
	do {
		got = waitpid(pid, NULL, WNOHANG);
		if (got != 0)
			break;
		poll(NULL, 0, 5);
	} while (clock_mono_ms() < end);
	if (got == 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
}

void creds_job_free(struct creds_job *job)
{
	if (!job)
		return;
	if (job->pid > 0)
		stop_child(job->pid);
	close(job->fd);
	explicit_bzero(job->msg, sizeof(job->msg));
	free(job);
}
