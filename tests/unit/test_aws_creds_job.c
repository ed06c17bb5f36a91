/* Unit tests: src/aws_creds_job.c, the credential chain walked in a child
 * process: the answer crosses the pipe whole (every field, the expiry), a
 * failure arrives as its one-line error, starting never waits, and freeing
 * a job that still runs stops its child at once. */
#include "config.h"

#include <dirent.h>
#include <poll.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "src/aws_config.h"
#include "src/aws_creds_job.h"
#include "src/aws_credentials.h"
#include "src/clock.h"
#include "src/xalloc.h"

#define DATA CWTOP_SRCDIR "/tests/data/aws/"

static void clean_environment(void)
{
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_SESSION_TOKEN");
	unsetenv("AWS_PROFILE");
	unsetenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	unsetenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	setenv("AWS_CONFIG_FILE", "/nonexistent/cwtop-test-config", 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/cwtop-test-credentials", 1);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
}

/* run: start a job for profile and wait (at most limit_ms) for its end. */
static enum creds_job_state run(struct aws_profile *profile, struct aws_credentials *out, char *err,
				size_t errlen, int limit_ms)
{
	int64_t end = clock_mono_ms() + limit_ms;
	struct creds_job *job = creds_job_start(profile, false, err, errlen);
	enum creds_job_state st = CREDS_JOB_RUNNING;

	assert_non_null(job);
	assert_true(creds_job_fd(job) >= 0);
	while (st == CREDS_JOB_RUNNING && clock_mono_ms() < end) {
		struct pollfd pfd = {.fd = creds_job_fd(job), .events = POLLIN};

		poll(&pfd, 1, 100);
		st = creds_job_poll(job, out, err, errlen);
	}
	creds_job_free(job);
	return st;
}

static void test_environment_keys_cross_whole(void **state)
{
	struct aws_profile profile = {.name = "default"};
	struct aws_credentials c = {0};
	char err[256] = "";

	(void)state;
	clean_environment();
	setenv("AWS_ACCESS_KEY_ID", "AKIDJOB", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "secret:with:colons/12:34+", 1);
	setenv("AWS_SESSION_TOKEN", "7:token:with/colons=", 1);
	if (run(&profile, &c, err, sizeof(err), 5000) != CREDS_JOB_DONE)
		fail_msg("%s", err);
	assert_string_equal(c.access_key_id, "AKIDJOB");
	assert_string_equal(c.secret_access_key, "secret:with:colons/12:34+");
	assert_string_equal(c.session_token, "7:token:with/colons=");
	assert_int_equal(c.expiration, 0);
	assert_non_null(strstr(c.source, "environment"));
	aws_credentials_clear(&c);
}

static void test_process_expiry_crosses(void **state)
{
	struct aws_profile profile = {.name = "default"};
	struct aws_credentials c = {0};
	char err[256] = "";

	(void)state;
	clean_environment();
	profile.credential_process = xstrdup("sh " DATA "process_ok.sh AKIDPROC");
	assert_int_equal(run(&profile, &c, err, sizeof(err), 10000), CREDS_JOB_DONE);
	assert_string_equal(c.access_key_id, "AKIDPROC");
	assert_string_equal(c.secret_access_key, "processsecret");
	assert_string_equal(c.session_token, "processtoken");
	assert_int_equal(c.expiration, 1893553445); /* 2030-01-02T03:04:05Z */
	aws_credentials_clear(&c);
	free(profile.credential_process);
}

static void test_failure_is_one_line(void **state)
{
	struct aws_profile profile = {.name = "default"};
	struct aws_credentials c = {0};
	char err[256] = "";

	(void)state;
	clean_environment();
	profile.credential_process = xstrdup("sh " DATA "process_fail.sh");
	assert_int_equal(run(&profile, &c, err, sizeof(err), 10000), CREDS_JOB_FAILED);
	assert_non_null(strstr(err, "credential_process"));
	assert_null(strchr(err, '\n'));
	assert_null(c.access_key_id);
	free(profile.credential_process);

	/* Nothing configured at all: the chain's own "no credentials" line. */
	profile.credential_process = NULL;
	assert_int_equal(run(&profile, &c, err, sizeof(err), 10000), CREDS_JOB_FAILED);
	assert_true(strlen(err) > 0);
}

/* process_running: whether a live process has marker in its command line. */
static bool process_running(const char *marker)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	bool found = false;

	assert_non_null(d);
	while (!found && (e = readdir(d)) != NULL) {
		char path[300], cmd[4096];
		size_t n;
		FILE *f;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		n = fread(cmd, 1, sizeof(cmd) - 1, f);
		fclose(f);
		for (size_t i = 0; i < n; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		cmd[n] = '\0';
		found = strstr(cmd, marker) != NULL;
	}
	closedir(d);
	return found;
}

/* Starting returns at once, and freeing a job whose credential_process
 * hangs stops it without waiting for it. */
static void test_start_and_free_never_wait(void **state)
{
	struct aws_profile profile = {.name = "default"};
	struct aws_credentials c = {0};
	char err[256] = "";
	struct creds_job *job;
	char marker[64];
	int64_t t0;

	(void)state;
	clean_environment();
	snprintf(marker, sizeof(marker), "cwtop-job-test-%ld", (long)getpid());
	profile.credential_process = xasprintf("sh " DATA "process_slow.sh %s", marker);
	t0 = clock_mono_ms();
	job = creds_job_start(&profile, false, err, sizeof(err));
	assert_non_null(job);
	assert_true(clock_mono_ms() - t0 < 500);
	assert_int_equal(creds_job_poll(job, &c, err, sizeof(err)), CREDS_JOB_RUNNING);
	/* Let the credential_process start, then stop the job. */
	while (!process_running(marker) && clock_mono_ms() - t0 < 5000)
		poll(NULL, 0, 20);
	assert_true(process_running(marker));
	t0 = clock_mono_ms();
	creds_job_free(job);
	assert_true(clock_mono_ms() - t0 < 2000);
	/* No orphan is left behind (killed processes may take a moment). */
	while (process_running(marker) && clock_mono_ms() - t0 < 3000)
		poll(NULL, 0, 20);
	assert_false(process_running(marker));
	creds_job_free(NULL);
	assert_int_equal(creds_job_fd(NULL), -1);
	free(profile.credential_process);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_environment_keys_cross_whole),
		cmocka_unit_test(test_process_expiry_crosses),
		cmocka_unit_test(test_failure_is_one_line),
		cmocka_unit_test(test_start_and_free_never_wait),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
