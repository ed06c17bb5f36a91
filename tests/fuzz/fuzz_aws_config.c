/* fuzz_aws_config: aws_profile_load, the reader of ~/.aws/config and
 * ~/.aws/credentials (files anyone may hand-edit, or a tool may write).
 *
 * Input layout: byte 0 picks the profile to resolve; the rest is the config
 * file, then (after the first 0x1E byte, if any) the credentials file. The
 * reader only reads files named by AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE, so the two parts are written to two memfds
 * that the variables name as /proc/self/fd/N (set once per process).
 *
 * A refused file gives one printable "FILE:LINE: why" line, FILE one of
 * the two, why one of the reader's fixed reasons (never a value) or a
 * repeated section or key, named with the line it first appeared on. A loaded
 * profile has bounded strings (lines are at most 64 KiB). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "src/aws_config.h"
#include "tests/fuzz/fuzz.h"

#define SEPARATOR   0x1E
#define LINE_MAX_KB (64 * 1024)

static const char *const profiles[] = {"default", "dev", "prod", "sso-admin"};

static const char *const reasons[] = {
	"NUL byte in the file",
	"line longer than 64 KiB",
	"file larger than 4 MiB",
	"not a [section], key = value, or comment line",
	"[section] header without a closing ']'",
	"key = value before any [section]",
	"empty key name",
};

struct memfile {
	int fd;
	char path[64];
};

static void memfile_open(struct memfile *m, const char *env)
{
	m->fd = memfd_create("cwtop-fuzz-aws", MFD_CLOEXEC);
	if (m->fd < 0)
		abort();
	snprintf(m->path, sizeof(m->path), "/proc/self/fd/%d", m->fd);
	if (setenv(env, m->path, 1) != 0)
		abort();
}

static void memfile_write(const struct memfile *m, const uint8_t *data, size_t size)
{
	if (ftruncate(m->fd, 0) != 0 || (size && pwrite(m->fd, data, size, 0) != (ssize_t)size))
		abort();
}

/* repeat_well_formed: "section [NAME] appears twice (first at line N)" or
 * "key NAME appears twice (first at line N)", N before the error's line. */
static int repeat_well_formed(const char *why, long line)
{
	static const char tail[] = " appears twice (first at line ";
	const char *t = strstr(why, tail);
	char *end;
	long first;

	if (!t || (strncmp(why, "section [", 9) != 0 && strncmp(why, "key ", 4) != 0))
		return 0;
	if (why[0] == 's' && t[-1] != ']')
		return 0;
	first = strtol(t + sizeof(tail) - 1, &end, 10);
	return first >= 1 && first < line && strcmp(end, ")") == 0;
}

/* error_well_formed: "PATH:LINE: REASON" for one of the two paths. */
static int error_well_formed(const char *err, const struct memfile *files)
{
	const char *p = NULL;
	long line;
	size_t i;

	for (i = 0; i < 2 && !p; i++) {
		size_t n = strlen(files[i].path);

		if (strncmp(err, files[i].path, n) == 0 && err[n] == ':')
			p = err + n + 1;
	}
	if (!p || *p < '1' || *p > '9')
		return 0;
	line = strtol(p, (char **)&p, 10);
	if (p[0] != ':' || p[1] != ' ')
		return 0;
	if (repeat_well_formed(p + 2, line))
		return 1;
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(p + 2, reasons[i]) == 0)
			return 1;
	return 0;
}

static void check_str(const char *s)
{
	FUZZ_CHECK(!s || strnlen(s, LINE_MAX_KB) < LINE_MAX_KB);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct memfile files[2];
	static int ready;
	const uint8_t *sep;
	struct aws_profile p;
	char err[1024];
	const char *name;

	if (!ready) {
		memfile_open(&files[0], "AWS_CONFIG_FILE");
		memfile_open(&files[1], "AWS_SHARED_CREDENTIALS_FILE");
		ready = 1;
	}
	if (size < 1)
		return 0;
	name = profiles[data[0] % 4];
	data++;
	size--;
	sep = memchr(data, SEPARATOR, size);
	memfile_write(&files[0], data, sep ? (size_t)(sep - data) : size);
	memfile_write(&files[1], sep ? sep + 1 : data, sep ? size - (size_t)(sep + 1 - data) : 0);

	memset(err, 0xA5, sizeof(err));
	if (aws_profile_load(name, &p, err, sizeof(err)) != 0) {
		FUZZ_CHECK(fuzz_text_safe(err, sizeof(err)));
		FUZZ_CHECK(error_well_formed(err, files));
	} else {
		FUZZ_CHECK(p.name && strcmp(p.name, name) == 0);
		FUZZ_CHECK(p.config_file && strcmp(p.config_file, files[0].path) == 0);
		FUZZ_CHECK(p.credentials_file && strcmp(p.credentials_file, files[1].path) == 0);
		check_str(p.region);
		check_str(p.endpoint_url);
		check_str(p.access_key_id);
		check_str(p.secret_access_key);
		check_str(p.session_token);
		check_str(p.credential_process);
		check_str(p.role_arn);
		check_str(p.web_identity_token_file);
		check_str(p.sso_session);
		check_str(p.sso_account_id);
		check_str(p.sso_role_name);
		check_str(p.login_session);
		FUZZ_CHECK(!p.source || fuzz_text_safe(p.source, 1024));
		FUZZ_CHECK(p.ignore_configured_endpoint_urls >= -1 &&
			   p.ignore_configured_endpoint_urls <= 1);
		/* Whatever the files say, the endpoint is a URL built safely. */
		{
			char *url = aws_endpoint_for(p.region ? p.region : "us-east-1", &p);

			FUZZ_CHECK(url && url[0]);
			free(url);
		}
	}
	aws_profile_free(&p);
	return 0;
}

#include "tests/fuzz/replay.c"
