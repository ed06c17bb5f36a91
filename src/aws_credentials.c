/* aws_credentials: the AWS CLI's default credential chain.
 *
 * The order is botocore's: environment, shared credentials file,
 * credential_process, config file, container, instance metadata. A source
 * that is configured but broken (half a key pair, a failing process, a
 * container endpoint that errors) stops the chain with its own error, as
 * in botocore; instance metadata that does not answer only adds a note to
 * the final "no AWS credentials" line. */
#include "config.h"

#include "src/aws_credentials.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <openssl/crypto.h>

#include "src/http.h"
#include "src/sanitize.h"
#include "src/xalloc.h"

extern char **environ;

#define PROCESS_OUTPUT_MAX (64 * 1024)
#define PROCESS_MAX_WORDS  256
#define HTTP_BODY_MAX      (64 * 1024)
#define JSON_MAX_BYTES     (1024 * 1024)
#define JSON_MAX_DEPTH     16
#define ACCESS_KEY_MAX     127
#define SECRET_MAX         1024
#define TOKEN_MAX          16384
#define ECS_HOST           "http://169.254.170.2"
#define IMDS_DEFAULT       "http://169.254.169.254"
#define IMDS_DEFAULT_V6    "http://[fd00:ec2::254]"

static long process_timeout_ms = 60 * 1000;

void aws_credentials_set_process_timeout_ms(long ms)
{
	process_timeout_ms = ms > 0 ? ms : 60 * 1000;
}

/* --- Small helpers ------------------------------------------------------------ */

/* say: format a message that may be cut short (error and note lines are
 * bounded on purpose). */
static void say(char *out, size_t outlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(char *out, size_t outlen, const char *fmt, ...)
{
	va_list ap;

	if (!out || !outlen)
		return;
	va_start(ap, fmt);
	vsnprintf(out, outlen, fmt, ap);
	va_end(ap);
}

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v && v[0] ? v : NULL;
}

static void wipe_free(char **p)
{
	if (*p) {
		OPENSSL_cleanse(*p, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

void aws_credentials_clear(struct aws_credentials *c)
{
	if (!c)
		return;
	wipe_free(&c->access_key_id);
	wipe_free(&c->secret_access_key);
	wipe_free(&c->session_token);
	memset(c, 0, sizeof(*c));
}

bool aws_credentials_expiring(const struct aws_credentials *c, int64_t now, int64_t margin)
{
	return c && c->expiration != 0 && c->expiration - now <= margin;
}

/* safe: a short terminal-safe copy of untrusted text for an error line. */
static const char *safe(char *out, size_t outlen, const char *s)
{
	return sanitize_copy(out, outlen, s ? s : "", s ? strlen(s) : 0);
}

/* --- Validation ------------------------------------------------------------------- */

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Secrets and tokens go into HTTP headers and HMAC keys: printable ASCII
 * without spaces, so nothing can smuggle a header line or a terminal
 * escape. */
static bool printable_word(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static bool valid_access_key(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > ACCESS_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

/* validate: the one check every source's credentials pass. */
static int validate(const struct aws_credentials *c, const char *what, char *err, size_t errlen)
{
	const char *bad = NULL;

	if (!valid_access_key(c->access_key_id))
		bad = "the access key id is not [A-Za-z0-9_-]{1,127}";
	else if (!printable_word(c->secret_access_key, SECRET_MAX))
		bad = "the secret access key is empty, too long or not printable ASCII";
	else if (c->session_token && !printable_word(c->session_token, TOKEN_MAX))
		bad = "the session token is empty, too long or not printable ASCII";
	if (!bad)
		return 0;
	say(err, errlen, "%s: %s", what, bad);
	return -1;
}

/* set_keys: copy a key set in (token optional, "" meaning none). */
static void set_keys(struct aws_credentials *out, const char *ak, const char *sk, const char *token)
{
	out->access_key_id = xstrdup(ak);
	out->secret_access_key = xstrdup(sk);
	out->session_token = token && token[0] ? xstrdup(token) : NULL;
}

/* --- ISO 8601 ------------------------------------------------------------------------ */

static int64_t days_from_civil(int64_t y, int m, int d)
{
	/* Howard Hinnant's days_from_civil: days since 1970-01-01. */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* parse_iso8601: "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HHMM|+HH]" (no zone
 * means UTC) to epoch seconds. */
static int parse_iso8601(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	size_t n = strlen(s), i = 19;

	if (n < 19 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec))
		return -1;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		size_t start = ++i;

		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start || i - start > 9)
			return -1;
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '-' ? -1 : 1;
		if (!digits(s + i + 1, 2, &oh))
			return -1;
		i += 3;
		if (i < n && s[i] == ':')
			i++;
		if (i < n) {
			if (!digits(s + i, 2, &om))
				return -1;
			i += 2;
		}
	}
	if (i != n || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 60 || oh > 23 || om > 59)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + (sec == 60 ? 59 : sec) -
	       sign * (oh * 3600 + om * 60);
	return 0;
}

/* --- JSON ------------------------------------------------------------------------------ */

/* json_string: the string member key of obj. 1 found, 0 absent or null,
 * -1 present but not a clean string. */
static int json_string(struct json_object *obj, const char *key, const char **out)
{
	struct json_object *v;
	const char *s;
	int len;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	len = json_object_get_string_len(v);
	if (!s || len < 0 || memchr(s, '\0', (size_t)len))
		return -1; /* "\u0000" inside */
	*out = s;
	return 1;
}

static bool version_is_one(struct json_object *v)
{
	if (json_object_is_type(v, json_type_int))
		return json_object_get_int64(v) == 1;
	if (json_object_is_type(v, json_type_double))
		return json_object_get_double(v) == 1.0;
	return false;
}

static int parse_json_common(const char *json, size_t len, bool require_version,
			     struct aws_credentials *out, char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *root = NULL, *v;
	const char *ak, *sk, *token = NULL, *exp, *code;
	enum json_tokener_error jerr;
	size_t end;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!json || len == 0 || len > JSON_MAX_BYTES || memchr(json, '\0', len)) {
		say(err, errlen, "not a JSON document of at most 1 MiB");
		return -1;
	}
	tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	if (!tok)
		fatal("out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, json, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (jerr == json_tokener_continue) {
		/* A top-level scalar ("null", "1") ends only at a terminator;
		 * an object never needs one, so this ends in an error or in
		 * "not an object". */
		root = json_tokener_parse_ex(tok, "", 1);
		jerr = json_tokener_get_error(tok);
		end = len;
	}
	if (jerr != json_tokener_success) {
		say(err, errlen, "invalid JSON (%s)", json_tokener_error_desc(jerr));
		goto out;
	}
	for (size_t i = end; i < len; i++) {
		if (json[i] != ' ' && json[i] != '\t' && json[i] != '\r' && json[i] != '\n') {
			say(err, errlen, "invalid JSON (data after the object)");
			goto out;
		}
	}
	if (!json_object_is_type(root, json_type_object)) {
		say(err, errlen, "the JSON is not an object");
		goto out;
	}
	if (json_object_object_get_ex(root, "Version", &v) ? !version_is_one(v) : require_version) {
		say(err, errlen, "Version is not 1");
		goto out;
	}
	if (json_string(root, "Code", &code) < 0 || (code && strcmp(code, "Success") != 0)) {
		char c[64];

		say(err, errlen, "Code is \"%s\", not \"Success\"", safe(c, sizeof(c), code));
		goto out;
	}
	if (json_string(root, "AccessKeyId", &ak) != 1 ||
	    json_string(root, "SecretAccessKey", &sk) != 1) {
		say(err, errlen, "AccessKeyId and SecretAccessKey must be strings");
		goto out;
	}
	if (json_string(root, "SessionToken", &token) < 0 ||
	    (!token && json_string(root, "Token", &token) < 0)) {
		say(err, errlen, "SessionToken (or Token) must be a string");
		goto out;
	}
	switch (json_string(root, "Expiration", &exp)) {
	case -1:
		say(err, errlen, "Expiration must be a string");
		goto out;
	case 1:
		if (parse_iso8601(exp, &out->expiration) < 0) {
			char e[64];

			say(err, errlen, "Expiration \"%s\" is not an ISO 8601 time",
			    safe(e, sizeof(e), exp));
			goto out;
		}
		break;
	default:
		break;
	}
	set_keys(out, ak, sk, token);
	rc = 0;
out:
	if (root) {
		/* json-c holds the secrets in its strings: wipe before freeing. */
		const char *keys[] = {"AccessKeyId", "SecretAccessKey", "SessionToken", "Token"};

		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (json_object_object_get_ex(root, keys[i], &v) &&
			    json_object_is_type(v, json_type_string))
				OPENSSL_cleanse((void *)json_object_get_string(v),
						(size_t)json_object_get_string_len(v));
		}
		json_object_put(root);
	}
	json_tokener_free(tok);
	if (rc < 0)
		aws_credentials_clear(out);
	return rc;
}

int aws_credentials_parse_json(const char *json, size_t len, struct aws_credentials *out, char *err,
			       size_t errlen)
{
	char scratch[8];
	int rc;

	if (!err || !errlen) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	rc = parse_json_common(json, len, false, out, err, errlen);
	if (rc == 0 && validate(out, "credentials JSON", err, errlen) < 0) {
		aws_credentials_clear(out);
		return -1;
	}
	return rc;
}

/* --- credential_process ------------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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
		if (now_ms() >= deadline) {
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
		int64_t left = deadline - now_ms();
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
	pid = spawn_process(argv, fds[1], &spawn_errno);
	close(fds[1]);
	safe(arg0, sizeof(arg0), argv[0]);
	aws_argv_free(argv);
	if (pid < 0) {
		close(fds[0]);
		say(err, errlen, "%s: cannot run %s: %s", what, arg0, strerror(spawn_errno));
		return -1;
	}
	deadline = now_ms() + process_timeout_ms;
	end = read_output(fds[0], out, deadline);
	close(fds[0]);
	/* Output done (or given up on): the child has no reason to linger. */
	status = wait_child(pid, end == READ_EOF ? deadline : 0, &killed);
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

static int from_process(const struct aws_profile *p, const char *pname, struct aws_credentials *out,
			char *err, size_t errlen)
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
		rc = parse_json_common(output.data, output.len, true, out, why, sizeof(why));
		if (rc < 0)
			say(err, errlen, "%s: bad output: %s", what, why);
		else
			rc = validate(out, what, err, errlen);
	}
	OPENSSL_cleanse(output.data, PROCESS_OUTPUT_MAX + 2);
	free(output.data);
	if (rc == 0)
		say(out->source, sizeof(out->source), "%s", what);
	else
		aws_credentials_clear(out);
	return rc;
}

/* --- HTTP sources ------------------------------------------------------------------- */

struct fetch {
	long status;
	char *body;
	size_t len;
	char error[256];
};

static void fetch_free(struct fetch *f)
{
	if (f->body) {
		OPENSSL_cleanse(f->body, f->len);
		free(f->body);
	}
	memset(f, 0, sizeof(*f));
}

/* fetch: one blocking request. 0 when any answer arrived. */
static int fetch(const char *url, const char *method, const char *const *headers, long connect_ms,
		 long total_ms, struct fetch *f)
{
	struct http_request req = {0};
	struct http_response res;
	int rc;

	memset(f, 0, sizeof(*f));
	req.url = url;
	req.method = method;
	req.headers = headers;
	req.connect_timeout_ms = connect_ms;
	req.timeout_ms = total_ms;
	req.max_body = HTTP_BODY_MAX;
	rc = http_blocking(&req, &res);
	if (rc == 0 && res.body_too_large) {
		say(f->error, sizeof(f->error), "answer larger than %d KiB", HTTP_BODY_MAX / 1024);
		rc = -1;
	} else if (rc != 0) {
		safe(f->error, sizeof(f->error), res.error[0] ? res.error : "no answer");
	} else {
		f->status = res.status;
		f->body = res.body ? res.body : xstrdup("");
		f->len = res.body ? res.body_len : 0;
		res.body = NULL;
	}
	if (res.body)
		OPENSSL_cleanse(res.body, res.body_len);
	http_response_free(&res);
	return rc;
}

/* --- Container credentials ------------------------------------------------------------- */

static bool is_loopback_v4(const char *h, size_t n)
{
	unsigned a, b, c, d;
	char tail;
	char tmp[32];

	if (n >= sizeof(tmp))
		return false;
	memcpy(tmp, h, n);
	tmp[n] = '\0';
	return sscanf(tmp, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a == 127 && b < 256 &&
	       c < 256 && d < 256;
}

static bool host_is(const char *h, size_t n, const char *want)
{
	return strlen(want) == n && strncasecmp(h, want, n) == 0;
}

/* full_uri_allowed: https anywhere; plain http only to this machine or the
 * ECS and EKS credential agents, as botocore allows. */
static bool full_uri_allowed(const char *uri)
{
	const char *h, *e;
	size_t n;

	if (strncasecmp(uri, "https://", 8) == 0)
		return true;
	if (strncasecmp(uri, "http://", 7) != 0)
		return false;
	h = uri + 7;
	e = h + strcspn(h, "/?#");
	if (memchr(h, '@', (size_t)(e - h)))
		return false; /* no user info games */
	if (*h == '[') {
		const char *close = memchr(h, ']', (size_t)(e - h));

		if (!close)
			return false;
		h++;
		n = (size_t)(close - h);
		return host_is(h, n, "::1") || host_is(h, n, "fd00:ec2::23");
	}
	n = strcspn(h, ":/?#");
	return host_is(h, n, "localhost") || is_loopback_v4(h, n) ||
	       host_is(h, n, "169.254.170.2") || host_is(h, n, "169.254.170.23");
}

static bool clean_header_value(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* container_auth: the Authorization value, from the token file (read each
 * time, it rotates) or the variable. 1 set, 0 none, -1 error. */
static int container_auth(char **out, char *err, size_t errlen)
{
	const char *file = env_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	const char *tok = env_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	char buf[16384 + 2], fname[256];
	size_t n;
	FILE *f;

	*out = NULL;
	if (file) {
		f = fopen(file, "r");
		if (!f) {
			say(err, errlen, "container credentials: cannot read %s: %s",
			    safe(fname, sizeof(fname), file), strerror(errno));
			return -1;
		}
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
			buf[--n] = '\0';
		if (n >= sizeof(buf) - 2 || !clean_header_value(buf, 16384)) {
			OPENSSL_cleanse(buf, sizeof(buf));
			say(err, errlen,
			    "container credentials: the token in %s is empty, too long or "
			    "has control characters",
			    safe(fname, sizeof(fname), file));
			return -1;
		}
		*out = xstrdup(buf);
		OPENSSL_cleanse(buf, sizeof(buf));
		return 1;
	}
	if (tok) {
		if (!clean_header_value(tok, 16384)) {
			say(err, errlen,
			    "container credentials: AWS_CONTAINER_AUTHORIZATION_TOKEN is too "
			    "long or has control characters");
			return -1;
		}
		*out = xstrdup(tok);
		return 1;
	}
	return 0;
}

/* from_container: 1 got credentials, 0 not configured, -1 error. */
static int from_container(struct aws_credentials *out, char *err, size_t errlen)
{
	const char *rel = env_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = env_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	char *url, *auth = NULL, *auth_header = NULL, why[200], surl[200];
	const char *headers[3] = {"Accept: application/json", NULL, NULL};
	struct fetch f;
	int rc = -1, attempt;

	if (!rel && !full)
		return 0;
	url = rel ? xasprintf(ECS_HOST "%s", rel) : xstrdup(full);
	safe(surl, sizeof(surl), url);
	if (!clean_header_value(url, 2048) || strchr(url, ' ')) {
		say(err, errlen, "container credentials: the URI is not usable");
		free(url);
		return -1;
	}
	if (!rel && !full_uri_allowed(full)) {
		say(err, errlen,
		    "container credentials: %s is neither https nor a loopback, ECS or "
		    "EKS address",
		    surl);
		free(url);
		return -1;
	}
	if (container_auth(&auth, err, errlen) < 0) {
		free(url);
		return -1;
	}
	if (auth) {
		auth_header = xasprintf("Authorization: %s", auth);
		headers[1] = auth_header;
	}
	/* botocore tries three times: the agent may be starting. */
	for (attempt = 0; attempt < 3; attempt++) {
		if (fetch(url, "GET", headers, 1000, 2000, &f) == 0 && f.status < 500)
			break;
		if (attempt < 2)
			fetch_free(&f);
	}
	if (f.status == 0) {
		say(err, errlen, "container credentials (%s): %s", surl, f.error);
	} else if (f.status != 200) {
		say(err, errlen, "container credentials (%s): HTTP status %ld", surl, f.status);
	} else if (parse_json_common(f.body, f.len, false, out, why, sizeof(why)) < 0) {
		say(err, errlen, "container credentials (%s): %s", surl, why);
	} else if (validate(out, "container credentials", err, errlen) == 0) {
		say(out->source, sizeof(out->source), "container");
		rc = 1;
	}
	fetch_free(&f);
	if (auth_header) {
		OPENSSL_cleanse(auth_header, strlen(auth_header));
		free(auth_header);
	}
	if (auth) {
		OPENSSL_cleanse(auth, strlen(auth));
		free(auth);
	}
	free(url);
	if (rc < 0)
		aws_credentials_clear(out);
	return rc;
}

/* --- EC2 instance metadata (IMDSv2) ---------------------------------------------------- */

#define IMDS_TIMEOUT_MS 1000
#define IMDS_CREDS_PATH "/latest/meta-data/iam/security-credentials/"

static char *imds_base(void)
{
	const char *v = env_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	const char *mode = env_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
	char *base;
	size_t n;

	if (!v)
		v = mode && strcasecmp(mode, "IPv6") == 0 ? IMDS_DEFAULT_V6 : IMDS_DEFAULT;
	base = xstrdup(v);
	n = strlen(base);
	while (n && base[n - 1] == '/')
		base[--n] = '\0';
	return base;
}

static bool valid_role_name(const char *s, size_t n)
{
	if (n == 0 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && !strchr("+=,.@_-", s[i]))
			return false;
	return true;
}

/* imds_token: the IMDSv2 session token into *token (NULL: use IMDSv1, as
 * botocore falls back when the PUT is refused). -1 when IMDS is absent. */
static int imds_token(const char *base, char **token, char *note, size_t notelen)
{
	const char *headers[] = {"X-aws-ec2-metadata-token-ttl-seconds: 21600", NULL};
	char *url = xasprintf("%s/latest/api/token", base);
	struct fetch f;
	int rc = -1;

	*token = NULL;
	if (fetch(url, "PUT", headers, IMDS_TIMEOUT_MS, IMDS_TIMEOUT_MS, &f) < 0) {
		say(note, notelen, "no answer: %s", f.error);
		goto out;
	}
	while (f.len && (f.body[f.len - 1] == '\n' || f.body[f.len - 1] == '\r'))
		f.body[--f.len] = '\0';
	if (f.status == 200 && f.len > 0 && f.len <= 4096 && clean_header_value(f.body, 4096)) {
		*token = xstrdup(f.body);
		rc = 0;
	} else if ((f.status == 403 || f.status == 404 || f.status == 405) &&
		   !aws_is_true(getenv("AWS_EC2_METADATA_V1_DISABLED"))) {
		rc = 0;
	} else {
		say(note, notelen, "token request answered HTTP %ld", f.status);
	}
out:
	fetch_free(&f);
	free(url);
	return rc;
}

static int imds_get(const char *url, const char *token, struct fetch *f)
{
	char *h = token ? xasprintf("X-aws-ec2-metadata-token: %s", token) : NULL;
	const char *headers[] = {h, NULL};
	int rc = fetch(url, "GET", h ? headers : NULL, IMDS_TIMEOUT_MS, IMDS_TIMEOUT_MS, f);

	if (h) {
		OPENSSL_cleanse(h, strlen(h));
		free(h);
	}
	return rc;
}

/* from_imds: 1 got credentials, 0 none (note says why). */
static int from_imds(struct aws_credentials *out, char *note, size_t notelen)
{
	char *base, *token = NULL, *url = NULL, role[129], why[200];
	struct fetch f = {0};
	size_t n;
	int rc = 0;

	if (aws_is_true(getenv("AWS_EC2_METADATA_DISABLED"))) {
		say(note, notelen, "disabled");
		return 0;
	}
	base = imds_base();
	if (imds_token(base, &token, why, sizeof(why)) < 0) {
		say(note, notelen, "%.150s at %.100s", why, base);
		goto out;
	}
	url = xasprintf("%s" IMDS_CREDS_PATH, base);
	if (imds_get(url, token, &f) < 0 || f.status != 200) {
		if (f.status == 404)
			say(note, notelen, "no IAM role attached");
		else if (f.status)
			say(note, notelen, "role lookup answered HTTP %ld", f.status);
		else
			say(note, notelen, "no answer: %.200s", f.error);
		goto out;
	}
	/* The first line names the role. */
	n = strcspn(f.body, "\r\n");
	if (!valid_role_name(f.body, n)) {
		say(note, notelen, "the role name is not valid");
		goto out;
	}
	memcpy(role, f.body, n);
	role[n] = '\0';
	fetch_free(&f);
	free(url);
	url = xasprintf("%s" IMDS_CREDS_PATH "%s", base, role);
	if (imds_get(url, token, &f) < 0 || f.status != 200) {
		say(note, notelen, "credentials for role %s: %s", role,
		    f.status ? "HTTP error" : "no answer");
		goto out;
	}
	if (parse_json_common(f.body, f.len, false, out, why, sizeof(why)) < 0) {
		say(note, notelen, "role %s: %s", role, why);
		goto out;
	}
	if (validate(out, "instance metadata", why, sizeof(why)) < 0) {
		say(note, notelen, "role %s: %s", role, why);
		aws_credentials_clear(out);
		goto out;
	}
	say(out->source, sizeof(out->source), "instance metadata (role %.100s)", role);
	rc = 1;
out:
	fetch_free(&f);
	free(url);
	if (token) {
		OPENSSL_cleanse(token, strlen(token));
		free(token);
	}
	free(base);
	return rc;
}

/* --- The chain -------------------------------------------------------------------------- */

/* from_environment: 1 got them, 0 none, -1 half a pair. */
static int from_environment(struct aws_credentials *out, char *err, size_t errlen)
{
	const char *ak = env_nonempty("AWS_ACCESS_KEY_ID");
	const char *sk = env_nonempty("AWS_SECRET_ACCESS_KEY");
	const char *token = env_nonempty("AWS_SESSION_TOKEN");
	const char *exp = env_nonempty("AWS_CREDENTIAL_EXPIRATION");

	if (!ak)
		return 0; /* a lone secret is ignored, as botocore ignores it */
	if (!sk) {
		say(err, errlen,
		    "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
		return -1;
	}
	if (!token)
		token = env_nonempty("AWS_SECURITY_TOKEN"); /* the older name */
	set_keys(out, ak, sk, token);
	if (exp && parse_iso8601(exp, &out->expiration) < 0) {
		say(err, errlen, "environment: AWS_CREDENTIAL_EXPIRATION is not ISO 8601");
		aws_credentials_clear(out);
		return -1;
	}
	if (validate(out, "environment", err, errlen) < 0) {
		aws_credentials_clear(out);
		return -1;
	}
	say(out->source, sizeof(out->source), "environment");
	return 1;
}

/* from_profile_keys: the profile's static keys, when they came from the
 * file asked for. 1 got them, 0 none, -1 half a pair. */
static int from_profile_keys(const struct aws_profile *p, bool credentials_file, const char *pname,
			     struct aws_credentials *out, char *err, size_t errlen)
{
	char what[128];

	if (!p->access_key_id || p->keys_from_credentials_file != credentials_file)
		return 0;
	say(what, sizeof(what), "%s (profile %s)",
	    credentials_file ? "shared credentials file" : "config file", pname);
	if (!p->secret_access_key) {
		say(err, errlen, "%s: aws_access_key_id without aws_secret_access_key", what);
		return -1;
	}
	set_keys(out, p->access_key_id, p->secret_access_key, p->session_token);
	if (validate(out, what, err, errlen) < 0) {
		aws_credentials_clear(out);
		return -1;
	}
	say(out->source, sizeof(out->source), "%s", what);
	return 1;
}

static int resolve_chain(const struct aws_profile *p, bool explicit_profile,
			 struct aws_credentials *out, char *err, size_t errlen)
{
	char pname[64], cred_path[200], conf_path[200], note[300] = "";
	int rc;

	safe(pname, sizeof(pname), p->name ? p->name : "default");
	safe(cred_path, sizeof(cred_path), p->credentials_file);
	safe(conf_path, sizeof(conf_path), p->config_file);
	if (!p->found && p->name && strcmp(p->name, "default") != 0) {
		say(err, errlen, "the profile %s is in neither %s nor %s", pname, conf_path,
		    cred_path);
		return -1;
	}
	if (!explicit_profile && (rc = from_environment(out, err, errlen)) != 0)
		return rc;
	if ((rc = from_profile_keys(p, true, pname, out, err, errlen)) != 0)
		return rc;
	if (p->credential_process)
		return from_process(p, pname, out, err, errlen) < 0 ? -1 : 1;
	if ((rc = from_profile_keys(p, false, pname, out, err, errlen)) != 0)
		return rc;
	if ((rc = from_container(out, err, errlen)) != 0)
		return rc;
	if (from_imds(out, note, sizeof(note)) == 1)
		return 1;
	say(err, errlen,
	    "no AWS credentials: tried %s, shared credentials file (%s, profile %s), "
	    "config file (%s), container, instance metadata (%s)",
	    explicit_profile ? "environment (skipped: --profile given)" : "environment", cred_path,
	    pname, conf_path, note);
	return 0;
}

int aws_credentials_resolve(const struct aws_profile *profile, bool explicit_profile,
			    struct aws_credentials *out, char *err, size_t errlen)
{
	struct aws_profile none = {0};
	char scratch[8];
	int rc;

	if (!err || !errlen) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	err[0] = '\0';
	memset(out, 0, sizeof(*out));
	if (!profile) {
		none.config_file = "(none)";
		none.credentials_file = "(none)";
		profile = &none;
	}
	rc = resolve_chain(profile, explicit_profile, out, err, errlen);
	if (rc != 1) {
		aws_credentials_clear(out);
		return -1;
	}
	return 0;
}
