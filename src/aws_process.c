/* aws_process: credential_process, the profile's command that prints
 * credentials as JSON.
 *
 * The command line is split as the AWS CLI splits it (no shell), and the
 * process runs in its own process group with no terminal input and its
 * stderr discarded (it would scribble over the dashboard). Its output is
 * capped at 64 KiB in one buffer that is wiped afterwards; past the timeout
 * (60 s unless a test shortens it) the whole group is killed. */
#include "config.h"

#include "src/aws_credentials.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "src/aws_config.h"
#include "src/aws_credentials_impl.h"
#include "src/clock.h"
#include "src/say.h"
#include "src/xalloc.h"

extern char **environ;

#define PROCESS_OUTPUT_MAX (64 * 1024)
#define PROCESS_MAX_WORDS  256

static long process_timeout_ms = 60 * 1000;

void aws_credentials_set_process_timeout_ms(long ms)
{
	process_timeout_ms = ms > 0 ? ms : 60 * 1000;
}

/* The process group of the credential_process running now, or 0: a
 * background refresh (aws_creds_job) that is told to stop kills it from a
 * signal handler, so that no orphan outlives the refresh. */
static volatile sig_atomic_t running_group;

void aws_credentials_kill_process(void)
{
	pid_t group = (pid_t)running_group;

	if (group > 0)
		kill(-group, SIGKILL);
}

/* block_stop_signals: hold back SIGTERM and SIGALRM (what stops a
 * background refresh) while running_group changes; *saved gets the mask to
 * put back. */
static void block_stop_signals(sigset_t *saved)
{
	sigset_t stop;

	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGALRM);
	sigprocmask(SIG_BLOCK, &stop, saved);
}

static pid_t spawn_process(char **argv, int out_fd, int *spawn_errno)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, defaults;
	pid_t pid = -1;

	posix_spawn_file_actions_init(&fa);
	/* No terminal input (cwtop owns it), stdout to us, stderr to nowhere
	 * (it would scribble over the dashboard). */
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGPIPE);
	sigaddset(&defaults, SIGINT);
	sigaddset(&defaults, SIGTERM);
	sigaddset(&defaults, SIGCHLD);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &defaults);
	/* Its own process group, so a timeout kills whatever it started. */
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
						POSIX_SPAWN_SETSIGDEF);
	*spawn_errno = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return *spawn_errno ? -1 : pid;
}

/* wait_child: reap pid by the deadline, killing its group past it. */
static int wait_child(pid_t pid, int64_t deadline, bool *killed)
{
	int status = 0;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (clock_mono_ms() >= deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			*killed = true;
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return status;
		}
		nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
	}
}

enum read_end { READ_EOF, READ_TOO_BIG, READ_TIMEOUT, READ_ERROR };

/* The process's output goes into one fixed buffer (no reallocation leaves
 * copies of the secret behind). */
struct output {
	char *data; /* PROCESS_OUTPUT_MAX + 1 bytes, NUL-terminated */
	size_t len;
};

static enum read_end read_output(int fd, struct output *out, int64_t deadline)
{
	for (;;) {
		struct pollfd pfd = {fd, POLLIN, 0};
		int64_t left = deadline - clock_mono_ms();
		size_t room = PROCESS_OUTPUT_MAX - out->len;
		ssize_t n;
		int r;

		if (left <= 0)
			return READ_TIMEOUT;
		r = poll(&pfd, 1, (int)(left > 1000 ? 1000 : left));
		if (r < 0 && errno != EINTR)
			return READ_ERROR;
		if (r <= 0)
			continue;
		/* One byte more than the room left tells "too big" from "full". */
		n = read(fd, out->data + out->len, room + 1);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return READ_ERROR;
		if (n == 0)
			return READ_EOF;
		if ((size_t)n > room)
			return READ_TOO_BIG;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
}

/* run_process: run the command line, its stdout into out. */
static int run_process(const char *cmdline, const char *what, struct output *out, char *err,
		       size_t errlen)
{
	char why[64], arg0[96], **argv;
	int fds[2], spawn_errno = 0, status;
	int64_t deadline;
	enum read_end end;
	bool killed = false;
	sigset_t saved;
	pid_t pid;

	argv = aws_shlex_split(cmdline, PROCESS_MAX_WORDS, why, sizeof(why));
	if (!argv) {
		say(err, errlen, "%s: cannot split the command line: %s", what, why);
		return -1;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		say(err, errlen, "%s: pipe: %s", what, strerror(errno));
		aws_argv_free(argv);
		return -1;
	}
	/* No stop request (aws_credentials_kill_process, from a signal
	 * handler) may fall between the spawn and running_group being set:
	 * the process would outlive the request. */
	block_stop_signals(&saved);
	pid = spawn_process(argv, fds[1], &spawn_errno);
	if (pid > 0)
		running_group = (sig_atomic_t)pid;
	sigprocmask(SIG_SETMASK, &saved, NULL);
	close(fds[1]);
	aws_creds_safe(arg0, sizeof(arg0), argv[0]);
	aws_argv_free(argv);
	if (pid < 0) {
		close(fds[0]);
		say(err, errlen, "%s: cannot run %s: %s", what, arg0, strerror(spawn_errno));
		return -1;
	}
	deadline = clock_mono_ms() + process_timeout_ms;
	end = read_output(fds[0], out, deadline);
	close(fds[0]);
	/* Output done (or given up on): the child has no reason to linger. */
	status = wait_child(pid, end == READ_EOF ? deadline : 0, &killed);
	block_stop_signals(&saved);
	running_group = 0;
	sigprocmask(SIG_SETMASK, &saved, NULL);
	if (end == READ_TIMEOUT || (end == READ_EOF && killed)) {
		say(err, errlen, "%s: %s did not finish within %ld s (killed)", what, arg0,
		    (process_timeout_ms + 999) / 1000);
		return -1;
	}
	if (end == READ_TOO_BIG) {
		say(err, errlen, "%s: %s wrote more than %d KiB", what, arg0,
		    PROCESS_OUTPUT_MAX / 1024);
		return -1;
	}
	if (end == READ_ERROR || status < 0) {
		say(err, errlen, "%s: reading from %s failed", what, arg0);
		return -1;
	}
	if (WIFSIGNALED(status)) {
		say(err, errlen, "%s: %s was killed by signal %d", what, arg0, WTERMSIG(status));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		say(err, errlen, "%s: %s exited with status %d", what, arg0,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

int aws_creds_from_process(const struct aws_profile *p, const char *pname,
			   struct aws_credentials *out, char *err, size_t errlen)
{
	char what[128], why[200];
	struct output output;
	int rc;

	say(what, sizeof(what), "credential_process (profile %s)", pname);
	/* +2: the NUL and the one byte that detects overflow. */
	output.data = xcalloc(1, PROCESS_OUTPUT_MAX + 2);
	output.len = 0;
	rc = run_process(p->credential_process, what, &output, err, errlen);
	if (rc == 0) {
		rc = aws_creds_parse_json(output.data, output.len, true, out, why, sizeof(why));
		if (rc < 0)
			say(err, errlen, "%s: bad output: %s", what, why);
		else
			rc = aws_creds_validate(out, what, err, errlen);
	}
	OPENSSL_cleanse(output.data, PROCESS_OUTPUT_MAX + 2);
	free(output.data);
	if (rc < 0) {
		aws_credentials_clear(out);
		return -1;
	}
	say(out->source, sizeof(out->source), "%s", what);
	return 1;
}
