/* Unit tests: src/aws_credentials.c, the credential chain: environment,
 * files, credential_process (scripts in tests/data/aws/), container and
 * instance metadata against a libmicrohttpd server on 127.0.0.1, the JSON
 * parser on hostile input. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "src/aws_config.h"
#include "src/aws_credentials.h"
#include "src/xalloc.h"

#define DATA CWTOP_SRCDIR "/tests/data/aws/"

static const char *const aws_vars[] = {
	"AWS_PROFILE",
	"AWS_DEFAULT_PROFILE",
	"AWS_CONFIG_FILE",
	"AWS_SHARED_CREDENTIALS_FILE",
	"AWS_ACCESS_KEY_ID",
	"AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN",
	"AWS_SECURITY_TOKEN",
	"AWS_CREDENTIAL_EXPIRATION",
	"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	"AWS_EC2_METADATA_DISABLED",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
	"AWS_EC2_METADATA_V1_DISABLED",
	"AWS_REGION",
	"AWS_DEFAULT_REGION",
	"http_proxy",
	"HTTP_PROXY",
	"https_proxy",
	"HTTPS_PROXY",
	"all_proxy",
	"ALL_PROXY",
	"AWS_WEB_IDENTITY_TOKEN_FILE",
	"AWS_ROLE_ARN",
};

#define IMDS_TOKEN "imds-session-token-123"

static char tmpdir[64];
static char *config_path;

/* The config file names the fixture scripts by absolute path, so it is
 * written per run. */
static const char config_template[] =
	"[default]\n"
	"region = eu-west-1\n"
	"[profile proc]\n"
	"credential_process = sh %1$sprocess_ok.sh 'AKID'\"PROC\"ESS\n"
	"aws_access_key_id = AKIDCONFIGLOSES\n"
	"aws_secret_access_key = configsecret\n"
	"[profile procdirect]\n"
	"credential_process = %1$sprocess_ok.sh AKIDDIRECT\n"
	"[profile procfail]\n"
	"credential_process = sh %1$sprocess_fail.sh\n"
	"[profile procgarbage]\n"
	"credential_process = sh %1$sprocess_garbage.sh\n"
	"[profile procslow]\n"
	"credential_process = sh %1$sprocess_slow.sh\n"
	"[profile procclosed]\n"
	"credential_process = sh %1$sprocess_closes_stdout.sh\n"
	"[profile procbig]\n"
	"credential_process = sh %1$sprocess_big.sh\n"
	"[profile procv2]\n"
	"credential_process = sh %1$sprocess_version2.sh\n"
	"[profile procnoversion]\n"
	"credential_process = sh %1$sprocess_noversion.sh\n"
	"[profile procmissing]\n"
	"credential_process = /nonexistent/cwtop-credential-helper --flag\n"
	"[profile procquote]\n"
	"credential_process = sh 'unclosed\n"
	"[profile credwins]\n"
	"credential_process = sh %1$sprocess_fail.sh\n"
	"[profile cfgkeys]\n"
	"aws_access_key_id = AKIDCONFIG\n"
	"aws_secret_access_key = configsecret\n"
	"[profile cfgpartial]\n"
	"aws_access_key_id = AKIDCONFIGPARTIAL\n"
	"[profile cfgbadkey]\n"
	"aws_access_key_id = AKID WITH SPACE\n"
	"aws_secret_access_key = s\n"
	"[profile empty]\n";

static const char credentials_text[] = "[default]\n"
				       "aws_access_key_id = AKIDFILE\n"
				       "aws_secret_access_key = filesecret\n"
				       "[credwins]\n"
				       "aws_access_key_id = AKIDCREDWINS\n"
				       "aws_secret_access_key = credwinssecret\n"
				       "aws_session_token = credwinstoken\n"
				       "[credpartial]\n"
				       "aws_access_key_id = AKIDCREDPARTIAL\n";

static char *write_temp(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Every test starts with nothing of this machine's AWS setup: HOME is an
 * empty directory, the files are ours, instance metadata is off. */
static int setup(void **state)
{
	char *config, *creds;

	(void)state;
	for (size_t i = 0; i < sizeof(aws_vars) / sizeof(aws_vars[0]); i++)
		unsetenv(aws_vars[i]);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cwtop-aws-creds-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	setenv("HOME", tmpdir, 1);
	setenv("NO_PROXY", "*", 1);
	config = xasprintf(config_template, DATA);
	config_path = write_temp("config", config);
	creds = write_temp("credentials", credentials_text);
	setenv("AWS_CONFIG_FILE", config_path, 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", creds, 1);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	aws_credentials_set_process_timeout_ms(0);
	free(config);
	free(creds);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(config_path);
	config_path = NULL;
	return 0;
}

/* resolve: load the profile and walk the chain. */
static int resolve(const char *profile, bool explicit_profile, struct aws_credentials *c, char *err,
		   size_t errlen)
{
	struct aws_profile p;
	int rc;

	assert_int_equal(aws_profile_load(profile, &p, err, errlen), 0);
	rc = aws_credentials_resolve(&p, explicit_profile, c, err, errlen);
	aws_profile_free(&p);
	if (rc != 0) {
		/* A failed resolve leaves nothing behind. */
		assert_null(c->access_key_id);
		assert_null(c->secret_access_key);
		if (getenv("CWTOP_TEST_VERBOSE"))
			print_message("%s\n", err);
	}
	return rc;
}

static void expect_ok(const char *profile, bool explicit_profile, const char *ak,
		      const char *source)
{
	struct aws_credentials c;
	char err[600] = "";

	if (resolve(profile, explicit_profile, &c, err, sizeof(err)) != 0)
		fail_msg("profile %s: %s", profile, err);
	assert_string_equal(c.access_key_id, ak);
	assert_string_equal(c.source, source);
	aws_credentials_clear(&c);
}

static const char *const secrets[] = {
	"filesecret", "configsecret", "processsecret", "credwinssecret", "credwinstoken",
	"httpsecret", "httptoken",    "envsecret",     "agent-token",    IMDS_TOKEN,
};

static void expect_fail(const char *profile, bool explicit_profile, const char *want)
{
	struct aws_credentials c;
	char err[600] = "";

	assert_int_equal(resolve(profile, explicit_profile, &c, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
	/* No secret of any fixture ever shows. */
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		assert_null(strstr(err, secrets[i]));
}

/* --- Environment and files ----------------------------------------------------- */

static void test_environment(void **state)
{
	struct aws_credentials c;
	char err[600];

	(void)state;
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "envsecret", 1);
	setenv("AWS_SESSION_TOKEN", "envtoken", 1);
	setenv("AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z", 1);
	assert_int_equal(resolve("default", false, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDENV");
	assert_string_equal(c.secret_access_key, "envsecret");
	assert_string_equal(c.session_token, "envtoken");
	assert_int_equal(c.expiration, 1893456000);
	assert_string_equal(c.source, "environment");
	aws_credentials_clear(&c);
	assert_null(c.access_key_id);
	/* The older token variable still works. */
	unsetenv("AWS_SESSION_TOKEN");
	unsetenv("AWS_CREDENTIAL_EXPIRATION");
	setenv("AWS_SECURITY_TOKEN", "oldtoken", 1);
	assert_int_equal(resolve("default", false, &c, err, sizeof(err)), 0);
	assert_string_equal(c.session_token, "oldtoken");
	assert_int_equal(c.expiration, 0);
	aws_credentials_clear(&c);
}

static void test_environment_partial(void **state)
{
	(void)state;
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	expect_fail("default", false,
		    "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
	/* A lone secret is ignored, as botocore ignores it. */
	unsetenv("AWS_ACCESS_KEY_ID");
	setenv("AWS_SECRET_ACCESS_KEY", "envsecret", 1);
	expect_ok("default", false, "AKIDFILE", "shared credentials file (profile default)");
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_CREDENTIAL_EXPIRATION", "soon", 1);
	expect_fail("default", false, "AWS_CREDENTIAL_EXPIRATION is not ISO 8601");
}

static void test_environment_beats_files(void **state)
{
	(void)state;
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "envsecret", 1);
	expect_ok("default", false, "AKIDENV", "environment");
	expect_ok("proc", false, "AKIDENV", "environment");
	/* --profile removes the environment from the chain. */
	expect_ok("default", true, "AKIDFILE", "shared credentials file (profile default)");
	expect_ok("proc", true, "AKIDPROCESS", "credential_process (profile proc)");
	/* ...and so a broken environment does not matter then. */
	unsetenv("AWS_SECRET_ACCESS_KEY");
	expect_ok("default", true, "AKIDFILE", "shared credentials file (profile default)");
}

static void test_credentials_file_then_process_then_config(void **state)
{
	struct aws_credentials c;
	char err[600];

	(void)state;
	/* The credentials file beats credential_process... */
	assert_int_equal(resolve("credwins", false, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDCREDWINS");
	assert_string_equal(c.secret_access_key, "credwinssecret");
	assert_string_equal(c.session_token, "credwinstoken");
	assert_string_equal(c.source, "shared credentials file (profile credwins)");
	aws_credentials_clear(&c);
	/* ...which beats the config file's keys. */
	expect_ok("proc", false, "AKIDPROCESS", "credential_process (profile proc)");
	expect_ok("cfgkeys", false, "AKIDCONFIG", "config file (profile cfgkeys)");
}

static void test_partial_keys_in_files(void **state)
{
	(void)state;
	expect_fail("credpartial", false,
		    "shared credentials file (profile credpartial): aws_access_key_id without "
		    "aws_secret_access_key");
	expect_fail("cfgpartial", false,
		    "config file (profile cfgpartial): aws_access_key_id without "
		    "aws_secret_access_key");
	expect_fail("cfgbadkey", false, "config file (profile cfgbadkey): the access key id");
}

static void test_missing_profile(void **state)
{
	(void)state;
	expect_fail("nosuch", true, "the profile nosuch is in neither ");
	setenv("AWS_PROFILE", "nosuch", 1);
	expect_fail(aws_profile_name(NULL), false, "the profile nosuch is in neither ");
	expect_fail("no such", true, "the profile 'no such' is in neither ");
}

static void test_nothing_found_lists_what_was_tried(void **state)
{
	struct aws_credentials c;
	char err[600], *want;

	(void)state;
	setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials", 1);
	assert_int_equal(resolve("empty", false, &c, err, sizeof(err)), -1);
	want = xasprintf("no AWS credentials: tried environment, shared credentials file "
			 "(/nonexistent/credentials, profile empty), config file (%s), "
			 "container, instance metadata (disabled)",
			 config_path);
	assert_string_equal(err, want);
	free(want);
	assert_int_equal(resolve("empty", true, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "tried environment (skipped: --profile given), "));
	/* With no profile at all (the poller's fallback) the chain still runs. */
	assert_int_equal(aws_credentials_resolve(NULL, false, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no AWS credentials: tried environment"));
}

/* --- credential_process ------------------------------------------------------------- */

static void test_process_success(void **state)
{
	struct aws_credentials c;
	char err[600];

	(void)state;
	assert_int_equal(resolve("proc", false, &c, err, sizeof(err)), 0);
	/* sh path 'AKID'"PROC"ESS: split as shlex splits it. */
	assert_string_equal(c.access_key_id, "AKIDPROCESS");
	assert_string_equal(c.secret_access_key, "processsecret");
	assert_string_equal(c.session_token, "processtoken");
	assert_int_equal(c.expiration, 1893553445); /* 2030-01-02T03:04:05Z */
	aws_credentials_clear(&c);
	/* Run directly, without sh, found by path. */
	expect_ok("procdirect", false, "AKIDDIRECT", "credential_process (profile procdirect)");
}

static void test_process_failures(void **state)
{
	(void)state;
	expect_fail("procfail", false,
		    "credential_process (profile procfail): sh exited with status 3");
	expect_fail("procgarbage", false,
		    "credential_process (profile procgarbage): bad output: invalid JSON");
	expect_fail("procbig", false,
		    "credential_process (profile procbig): sh wrote more than 64 KiB");
	expect_fail("procv2", false, "bad output: Version is not 1");
	expect_fail("procnoversion", false, "bad output: Version is not 1");
	expect_fail("procmissing", false,
		    "credential_process (profile procmissing): cannot run "
		    "/nonexistent/cwtop-credential-helper: No such file or directory");
	expect_fail("procquote", false,
		    "credential_process (profile procquote): cannot split the command line: no "
		    "closing quotation");
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_process_timeout(void **state)
{
	int64_t t0;

	(void)state;
	aws_credentials_set_process_timeout_ms(500);
	t0 = mono_ms();
	expect_fail("procslow", false,
		    "credential_process (profile procslow): sh did not finish within 1 s (killed)");
	assert_true(mono_ms() - t0 < 3000);
	/* Closing stdout early does not let it linger past the deadline. */
	t0 = mono_ms();
	expect_fail("procclosed", false, "did not finish within 1 s (killed)");
	assert_true(mono_ms() - t0 < 3000);
}

/* --- The JSON parser ------------------------------------------------------------------ */

static int parse(const char *json, struct aws_credentials *c, char *err, size_t errlen)
{
	return aws_credentials_parse_json(json, strlen(json), c, err, errlen);
}

static void expect_json_ok(const char *json, const char *token, int64_t expiration)
{
	struct aws_credentials c;
	char err[256] = "";

	if (parse(json, &c, err, sizeof(err)) != 0)
		fail_msg("%s: %s", json, err);
	assert_string_equal(c.access_key_id, "AK");
	assert_string_equal(c.secret_access_key, "SK");
	if (token)
		assert_string_equal(c.session_token, token);
	else
		assert_null(c.session_token);
	assert_int_equal(c.expiration, expiration);
	aws_credentials_clear(&c);
}

static void expect_json_bad(const char *json, size_t len, const char *want)
{
	struct aws_credentials c;
	char err[256] = "";

	if (aws_credentials_parse_json(json, len, &c, err, sizeof(err)) != -1)
		fail_msg("accepted: %.80s", json ? json : "(null)");
	assert_null(c.access_key_id);
	assert_null(c.secret_access_key);
	assert_null(c.session_token);
	if (!strstr(err, want))
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

#define BAD(json, want) expect_json_bad(json, strlen(json), want)

static void test_json_forms(void **state)
{
	(void)state;
	expect_json_ok("{\"Version\":1,\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\"}", NULL,
		       0);
	/* Container and IMDS answers: Token, Code, no Version. */
	expect_json_ok("{\"Code\":\"Success\",\"LastUpdated\":\"2026-01-01T00:00:00Z\","
		       "\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\","
		       "\"Token\":\"T\",\"Expiration\":\"2026-11-28T12:00:00Z\"}",
		       "T", 1795867200);
	expect_json_ok("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"SessionToken\":\"S\","
		       "\"Token\":\"T\",\"Version\":1.0}",
		       "S", 0);
	expect_json_ok("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"SessionToken\":null,"
		       "\"Expiration\":null}",
		       NULL, 0);
	expect_json_ok("  \n{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\"}\n\n", NULL, 0);
	/* Duplicate keys: one of them wins, nothing breaks. */
	{
		struct aws_credentials c;
		char err[256];

		assert_int_equal(parse("{\"AccessKeyId\":\"A1\",\"AccessKeyId\":\"A2\","
				       "\"SecretAccessKey\":\"SK\"}",
				       &c, err, sizeof(err)),
				 0);
		assert_true(strcmp(c.access_key_id, "A1") == 0 ||
			    strcmp(c.access_key_id, "A2") == 0);
		aws_credentials_clear(&c);
	}
}

static void test_json_expiration_forms(void **state)
{
	static const struct {
		const char *when;
		int64_t epoch;
	} ok[] = {
		{"1970-01-01T00:00:00Z", 0},
		{"2026-11-28T12:00:00Z", 1795867200},
		{"2026-11-28T12:00:00.123Z", 1795867200},
		{"2026-11-28T12:00:00.123456789Z", 1795867200},
		{"2026-11-28T14:00:00+02:00", 1795867200},
		{"2026-11-28T07:30:00-0430", 1795867200},
		{"2026-11-28T13:00:00+01", 1795867200},
		{"2026-11-28T12:00:00", 1795867200},
		{"2026-11-28 12:00:00Z", 1795867200},
		{"2024-02-29T00:00:00Z", 1709164800},
		{"2030-01-02T03:04:05z", 1893553445},
	};
	static const char *const bad[] = {
		"",
		"2026-11-28",
		"2026-11-28T12:00Z",
		"2026-13-01T00:00:00Z",
		"2026-02-29T00:00:00Z",
		"2026-11-31T00:00:00Z",
		"2026-11-28T24:00:00Z",
		"2026-11-28T12:60:00Z",
		"2026-11-28T12:00:00ZZ",
		"2026-11-28T12:00:00.Z",
		"2026-11-28T12:00:00+2",
		"1969-12-31T23:59:59Z",
		"20261128T120000Z",
		"2026-11-28T12:00:00.1234567890Z",
		"tomorrow",
	};
	char json[256];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(
			json, sizeof(json),
			"{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"Expiration\":\"%s\"}",
			ok[i].when);
		expect_json_ok(json, NULL, ok[i].epoch);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(
			json, sizeof(json),
			"{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"Expiration\":\"%s\"}",
			bad[i]);
		BAD(json, "is not an ISO 8601 time");
	}
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"Expiration\":1795867200}",
	    "Expiration must be a string");
}

static void test_json_hostile(void **state)
{
	char *deep, *huge;
	size_t n;

	(void)state;
	BAD("", "not a JSON document");
	BAD("null", "not an object");
	BAD("[]", "not an object");
	BAD("\"AK\"", "not an object");
	BAD("{", "invalid JSON");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\"} {}", "invalid JSON");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",}", "invalid JSON");
	BAD("{'AccessKeyId':'AK'}", "invalid JSON");
	/* NaN and Infinity: json-c reads them, as Python's json (and so the
	 * CLI) does; where a number matters they are not 1. */
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"Version\":NaN}",
	    "Version is not 1");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"Version\":-Infinity}",
	    "Version is not 1");
	expect_json_ok("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"X\":NaN}", NULL, 0);
	/* Wrong types. */
	BAD("{\"AccessKeyId\":1,\"SecretAccessKey\":\"SK\"}", "must be strings");
	BAD("{\"AccessKeyId\":[\"AK\"],\"SecretAccessKey\":\"SK\"}", "must be strings");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":{}}", "must be strings");
	BAD("{\"AccessKeyId\":\"AK\"}", "must be strings");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"SessionToken\":true}",
	    "SessionToken (or Token) must be a string");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"Version\":\"1\"}",
	    "Version is not 1");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"Version\":2}",
	    "Version is not 1");
	BAD("{\"Code\":\"AssumeRoleUnauthorizedAccess\",\"AccessKeyId\":\"AK\","
	    "\"SecretAccessKey\":\"SK\"}",
	    "Code is \"AssumeRoleUnauthorizedAccess\"");
	/* Strings that must not reach a header or a terminal. */
	BAD("{\"AccessKeyId\":\"AK\\u0000X\",\"SecretAccessKey\":\"SK\"}", "must be strings");
	BAD("{\"AccessKeyId\":\"A K\",\"SecretAccessKey\":\"SK\"}", "access key id");
	BAD("{\"AccessKeyId\":\"\",\"SecretAccessKey\":\"SK\"}", "access key id");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"S\\r\\nX-Evil: 1\"}",
	    "secret access key");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\",\"Token\":\"T\\u001b[2J\"}",
	    "session token");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"S\\u00e9\"}", "secret access key");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"\xff\xfe\"}", "invalid JSON");
	BAD("{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"\xc3\x28\"}", "invalid JSON");
	/* A raw escape in a string reaches the error only sanitized. */
	BAD("{\"Code\":\"\x1b]0;x\x07\",\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\"}",
	    "Code is \"?]0;x?\", not \"Success\"");
	{
		static const char with_nul[] =
			"{\"AccessKeyId\":\"AK\"\0,\"SecretAccessKey\":\"SK\"}";

		expect_json_bad(with_nul, sizeof(with_nul) - 1, "not a JSON document");
	}
	/* Deep nesting stops at the depth limit. */
	n = 100000;
	deep = xmalloc(2 * n + 2);
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	BAD(deep, "invalid JSON");
	memset(deep, ' ', 2 * n);
	memcpy(deep, "{\"a\":", 5);
	for (size_t i = 5; i < 200; i += 5)
		memcpy(deep + i, "{\"a\":", 5);
	BAD(deep, "invalid JSON");
	free(deep);
	/* Huge strings: a long key is refused, a document over 1 MiB is not read. */
	n = 200000;
	huge = xmalloc(n + 100);
	n = (size_t)snprintf(huge, 100, "{\"AccessKeyId\":\"");
	memset(huge + n, 'A', 150000);
	n += 150000;
	memcpy(huge + n, "\",\"SecretAccessKey\":\"SK\"}", 26);
	BAD(huge, "access key id");
	free(huge);
	huge = xmalloc(2 * 1024 * 1024);
	memset(huge, ' ', 2 * 1024 * 1024 - 1);
	huge[0] = '{';
	huge[2 * 1024 * 1024 - 2] = '}';
	huge[2 * 1024 * 1024 - 1] = '\0';
	BAD(huge, "at most 1 MiB");
	free(huge);
	expect_json_bad(NULL, 0, "not a JSON document");
}

static void test_expiring_and_clear(void **state)
{
	struct aws_credentials c = {0};

	(void)state;
	assert_false(aws_credentials_expiring(&c, 1000, 300));
	c.expiration = 1200;
	assert_true(aws_credentials_expiring(&c, 1000, 300));
	assert_true(aws_credentials_expiring(&c, 1300, 0));
	assert_false(aws_credentials_expiring(&c, 800, 300));
	assert_false(aws_credentials_expiring(NULL, 0, 0));
	c.access_key_id = xstrdup("AK");
	c.secret_access_key = xstrdup("SK");
	aws_credentials_clear(&c);
	assert_null(c.access_key_id);
	assert_null(c.secret_access_key);
	assert_int_equal(c.expiration, 0);
	aws_credentials_clear(&c); /* twice is fine */
	aws_credentials_clear(NULL);
}

/* --- A fake container agent and instance metadata service on 127.0.0.1 ------------------- */

enum imds_mode { IMDS_OK, IMDS_V1_ONLY, IMDS_NO_ROLE, IMDS_BAD_JSON };

static struct {
	struct MHD_Daemon *d;
	unsigned port;
	pthread_mutex_t lock;
	enum imds_mode imds;
	int container_status;
	const char *container_auth; /* the Authorization the agent wants, or NULL */
	int token_puts, token_ttl_ok, gets_with_token, gets_without_token, container_gets;
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

#define CREDS_JSON                                                                                 \
	"{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"AKIDHTTP\","                \
	"\"SecretAccessKey\":\"httpsecret\",\"Token\":\"httptoken\","                              \
	"\"Expiration\":\"2030-01-02T03:04:05Z\"}"

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *body)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret = MHD_queue_response(conn, status, r);

	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result serve_imds(struct MHD_Connection *conn, const char *url, const char *method)
{
	const char *tok =
		MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-aws-ec2-metadata-token");
	bool authed = tok && strcmp(tok, IMDS_TOKEN) == 0;

	if (strcmp(url, "/latest/api/token") == 0) {
		const char *ttl = MHD_lookup_connection_value(
			conn, MHD_HEADER_KIND, "X-aws-ec2-metadata-token-ttl-seconds");

		srv.token_puts++;
		if (ttl && strcmp(ttl, "21600") == 0)
			srv.token_ttl_ok++;
		if (strcmp(method, "PUT") != 0)
			return reply(conn, 405, "");
		if (srv.imds == IMDS_V1_ONLY)
			return reply(conn, 403, "");
		return reply(conn, 200, IMDS_TOKEN);
	}
	if (authed)
		srv.gets_with_token++;
	else
		srv.gets_without_token++;
	if (srv.imds != IMDS_V1_ONLY && !authed)
		return reply(conn, 401, "");
	if (strcmp(url, "/latest/meta-data/iam/security-credentials/") == 0)
		return srv.imds == IMDS_NO_ROLE ? reply(conn, 404, "")
						: reply(conn, 200, "cwtop-role\n");
	if (strcmp(url, "/latest/meta-data/iam/security-credentials/cwtop-role") == 0)
		return reply(conn, 200, srv.imds == IMDS_BAD_JSON ? "{\"Code\":" : CREDS_JSON);
	return reply(conn, 404, "");
}

static enum MHD_Result serve(void *cls, struct MHD_Connection *conn, const char *url,
			     const char *method, const char *version, const char *upload_data,
			     size_t *upload_size, void **con_cls)
{
	static int first;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	(void)upload_data;
	if (!*con_cls) {
		*con_cls = &first;
		return MHD_YES;
	}
	*upload_size = 0;
	pthread_mutex_lock(&srv.lock);
	if (strcmp(url, "/container-creds") == 0) {
		const char *auth =
			MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");

		srv.container_gets++;
		if (srv.container_auth && (!auth || strcmp(auth, srv.container_auth) != 0))
			ret = reply(conn, 401, "{\"message\":\"bad token\"}");
		else if (srv.container_status != 200)
			ret = reply(conn, (unsigned)srv.container_status, "{}");
		else
			ret = reply(conn, 200, CREDS_JSON);
	} else {
		ret = serve_imds(conn, url, method);
	}
	pthread_mutex_unlock(&srv.lock);
	return ret;
}

static int server_setup(void **state)
{
	struct sockaddr_in addr = {0};
	const union MHD_DaemonInfo *info;

	setup(state);
	srv.imds = IMDS_OK;
	srv.container_status = 200;
	srv.container_auth = NULL;
	srv.token_puts = srv.token_ttl_ok = 0;
	srv.gets_with_token = srv.gets_without_token = srv.container_gets = 0;
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, serve, NULL,
				 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				 MHD_OPTION_CONNECTION_TIMEOUT, 5u, MHD_OPTION_END);
	assert_non_null(srv.d);
	info = MHD_get_daemon_info(srv.d, MHD_DAEMON_INFO_BIND_PORT);
	assert_non_null(info);
	srv.port = info->port;
	return 0;
}

static int server_teardown(void **state)
{
	MHD_stop_daemon(srv.d);
	srv.d = NULL;
	return teardown(state);
}

static void set_imds_endpoint(void)
{
	char *url = xasprintf("http://127.0.0.1:%u/", srv.port);

	unsetenv("AWS_EC2_METADATA_DISABLED");
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", url, 1);
	free(url);
}

static void test_imds_token_flow(void **state)
{
	struct aws_credentials c;
	char err[600];

	(void)state;
	set_imds_endpoint();
	assert_int_equal(resolve("empty", false, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDHTTP");
	assert_string_equal(c.secret_access_key, "httpsecret");
	assert_string_equal(c.session_token, "httptoken");
	assert_int_equal(c.expiration, 1893553445);
	assert_string_equal(c.source, "instance metadata (role cwtop-role)");
	aws_credentials_clear(&c);
	assert_int_equal(srv.token_puts, 1);
	assert_int_equal(srv.token_ttl_ok, 1);
	assert_int_equal(srv.gets_with_token, 2);
	assert_int_equal(srv.gets_without_token, 0);
}

static void test_imds_v1_fallback(void **state)
{
	(void)state;
	set_imds_endpoint();
	srv.imds = IMDS_V1_ONLY;
	expect_ok("empty", false, "AKIDHTTP", "instance metadata (role cwtop-role)");
	assert_int_equal(srv.gets_without_token, 2);
	/* ...unless IMDSv1 is switched off. */
	setenv("AWS_EC2_METADATA_V1_DISABLED", "true", 1);
	expect_fail("empty", false, "instance metadata (token request answered HTTP 403 at");
}

static void test_imds_no_role_and_bad_json(void **state)
{
	(void)state;
	set_imds_endpoint();
	srv.imds = IMDS_NO_ROLE;
	expect_fail("empty", false, "instance metadata (no IAM role attached)");
	srv.imds = IMDS_BAD_JSON;
	expect_fail("empty", false, "instance metadata (role cwtop-role: invalid JSON");
}

/* The chain asks instance metadata last: anything before it wins. */
static void test_imds_is_last(void **state)
{
	(void)state;
	set_imds_endpoint();
	expect_ok("default", false, "AKIDFILE", "shared credentials file (profile default)");
	assert_int_equal(srv.token_puts, 0);
}

/* A metadata endpoint that accepts and never answers costs about a second. */
static void test_imds_dead_endpoint_is_quick(void **state)
{
	struct sockaddr_in addr = {0};
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char *url;
	int64_t t0, took;

	(void)state;
	assert_true(fd >= 0);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
	url = xasprintf("http://127.0.0.1:%u", ntohs(addr.sin_port));
	unsetenv("AWS_EC2_METADATA_DISABLED");
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", url, 1);
	t0 = mono_ms();
	expect_fail("empty", false, "instance metadata (no answer: ");
	took = mono_ms() - t0;
	assert_true(took >= 800);
	assert_true(took < 2500);
	close(fd);
	free(url);
}

static void set_container_uri(const char *path)
{
	char *url = xasprintf("http://127.0.0.1:%u%s", srv.port, path);

	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", url, 1);
	free(url);
}

static void test_container(void **state)
{
	struct aws_credentials c;
	char err[600];

	(void)state;
	set_container_uri("/container-creds");
	assert_int_equal(resolve("empty", false, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDHTTP");
	assert_string_equal(c.session_token, "httptoken");
	assert_int_equal(c.expiration, 1893553445);
	assert_string_equal(c.source, "container");
	aws_credentials_clear(&c);
	/* Config keys come before the container. */
	expect_ok("cfgkeys", false, "AKIDCONFIG", "config file (profile cfgkeys)");
	/* The container comes before instance metadata. */
	set_imds_endpoint();
	expect_ok("empty", false, "AKIDHTTP", "container");
	assert_int_equal(srv.token_puts, 0);
}

static void test_container_authorization(void **state)
{
	char *file;

	(void)state;
	set_container_uri("/container-creds");
	srv.container_auth = "Bearer agent-token";
	expect_fail("empty", false, "HTTP status 401");
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer agent-token", 1);
	expect_ok("empty", false, "AKIDHTTP", "container");
	/* The token file wins over the variable, its final newline dropped. */
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer wrong", 1);
	file = write_temp("token", "Bearer agent-token\n");
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file, 1);
	expect_ok("empty", false, "AKIDHTTP", "container");
	free(file);
	file = write_temp("badtoken", "Bearer a\r\nX-Injected: 1\n");
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file, 1);
	expect_fail("empty", false, "has control characters");
	free(file);
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/nonexistent/token", 1);
	expect_fail("empty", false, "container credentials: cannot read /nonexistent/token");
	unsetenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\nb", 1);
	expect_fail("empty", false, "has control characters");
}

static void test_container_errors(void **state)
{
	(void)state;
	set_container_uri("/container-creds");
	srv.container_status = 500;
	expect_fail("empty", false, "container credentials (http://127.0.0.1:");
	assert_int_equal(srv.container_gets, 3); /* retried as botocore retries */
	srv.container_status = 404;
	expect_fail("empty", false, "HTTP status 404");
	srv.container_status = 403;
	expect_fail("empty", false, "HTTP status 403");
	/* Plain http only to this machine or the ECS/EKS agents. */
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds", 1);
	expect_fail("empty", false, "is neither https nor a loopback, ECS or EKS address");
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1@example.com/", 1);
	expect_fail("empty", false, "is neither https");
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1.example.com/", 1);
	expect_fail("empty", false, "is neither https");
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "ftp://127.0.0.1/", 1);
	expect_fail("empty", false, "is neither https");
	/* A dead local agent is an error, quickly. */
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds", 1);
	expect_fail("empty", false, "container credentials (http://127.0.0.1:1/creds): ");
}

/* --- What cwtop leaves to the AWS CLI ------------------------------------------------- */

/* Profiles the CLI resolves through STS (role_arn, web identity), IAM
 * Identity Center or aws login. Each case was checked against botocore
 * 1.43 on the same files: where botocore uses one of those providers, cwtop
 * stops with an error; where botocore goes past (sso_session alone, an
 * empty web_identity_token_file), cwtop goes on too. */
static const char role_config[] = "[profile role]\n"
				  "role_arn = arn:aws:iam::123456789012:role/r\n"
				  "source_profile = base\n"
				  "[profile base]\n"
				  "aws_access_key_id = AKIDBASE\n"
				  "aws_secret_access_key = basesecret\n"
				  "[profile rolesource]\n"
				  "role_arn = arn:aws:iam::123456789012:role/r\n"
				  "credential_source = Ec2InstanceMetadata\n"
				  "[profile roleempty]\n"
				  "role_arn =\n"
				  "[profile rolekeys]\n"
				  "role_arn = arn:aws:iam::123456789012:role/r\n"
				  "source_profile = rolekeys\n"
				  "credential_process = /bin/false\n"
				  "[profile webid]\n"
				  "role_arn = arn:aws:iam::123456789012:role/r\n"
				  "web_identity_token_file = /var/run/token\n"
				  "[profile webidempty]\n"
				  "role_arn = arn:aws:iam::123456789012:role/r\n"
				  "web_identity_token_file =\n"
				  "[profile sso]\n"
				  "sso_session = corp\n"
				  "sso_account_id = 123456789012\n"
				  "sso_role_name = ReadOnly\n"
				  "[profile ssolegacy]\n"
				  "sso_start_url = https://corp.awsapps.com/start\n"
				  "sso_region = us-east-1\n"
				  "sso_role_name = ReadOnly\n"
				  "[profile ssosessiononly]\n"
				  "sso_session = corp\n"
				  "[profile login]\n"
				  "login_session = arn:aws:iam::123456789012:user/u\n"
				  "[profile loginkeys]\n"
				  "login_session = arn:aws:iam::123456789012:user/u\n"
				  "[profile \"my prof\"]\n"
				  "role_arn = arn:aws:iam::123456789012:role/r\n"
				  "source_profile = base\n"
				  "[sso-session corp]\n"
				  "sso_start_url = https://corp.awsapps.com/start\n"
				  "sso_region = us-east-1\n";

static const char role_credentials[] = "[rolekeys]\n"
				       "aws_access_key_id = AKIDROLEKEYS\n"
				       "aws_secret_access_key = filesecret\n"
				       "[webidempty]\n"
				       "aws_access_key_id = AKIDWEBIDEMPTY\n"
				       "aws_secret_access_key = filesecret\n"
				       "[ssosessiononly]\n"
				       "aws_access_key_id = AKIDSSOSESSION\n"
				       "aws_secret_access_key = filesecret\n"
				       "[loginkeys]\n"
				       "aws_access_key_id = AKIDLOGINKEYS\n"
				       "aws_secret_access_key = filesecret\n"
				       "[default]\n"
				       "aws_access_key_id = AKIDFILE\n"
				       "aws_secret_access_key = filesecret\n";

static void use_role_files(void)
{
	char *path = write_temp("roleconfig", role_config);

	setenv("AWS_CONFIG_FILE", path, 1);
	free(path);
	path = write_temp("rolecredentials", role_credentials);
	setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
	free(path);
}

#define ADVICE(name)                                                                               \
	"which cwtop does not do itself: use a profile with credential_process = aws configure "   \
	"export-credentials --profile " name " --format process"

/* With container credentials and instance metadata both ready to answer
 * (as on ECS or EC2), none of these profiles may end there. */
static void test_role_profiles_stop_the_chain(void **state)
{
	(void)state;
	use_role_files();
	set_container_uri("/container-creds");
	set_imds_endpoint();
	for (int explicit_profile = 0; explicit_profile < 2; explicit_profile++) {
		expect_fail("role", explicit_profile,
			    "profile role uses role_arn (AssumeRole), " ADVICE("role"));
		expect_fail("rolesource", explicit_profile,
			    "profile rolesource uses role_arn (AssumeRole), ");
		expect_fail("roleempty", explicit_profile,
			    "profile roleempty uses role_arn (AssumeRole), ");
		/* Before the profile's own keys and credential_process, as in
		 * botocore. */
		expect_fail("rolekeys", explicit_profile,
			    "profile rolekeys uses role_arn (AssumeRole), ");
		expect_fail("webid", explicit_profile,
			    "profile webid uses web_identity_token_file "
			    "(AssumeRoleWithWebIdentity), " ADVICE("webid"));
		expect_fail("sso", explicit_profile,
			    "profile sso uses sso_session (IAM Identity Center), " ADVICE("sso"));
		expect_fail("ssolegacy", explicit_profile,
			    "profile ssolegacy uses sso_role_name (IAM Identity Center), ");
		expect_fail("login", explicit_profile,
			    "profile login uses login_session (aws login), ");
		expect_fail("my prof", explicit_profile,
			    "profile 'my prof' uses role_arn (AssumeRole), " ADVICE("'my prof'"));
	}
	assert_int_equal(srv.container_gets, 0);
	assert_int_equal(srv.token_puts, 0);
	assert_int_equal(srv.gets_without_token, 0);
}

/* Where botocore goes past these keys, so does cwtop. */
static void test_role_keys_botocore_goes_past(void **state)
{
	(void)state;
	use_role_files();
	/* An empty web_identity_token_file: no web identity, and, being
	 * there, no AssumeRole either: the credentials file's keys. */
	expect_ok("webidempty", true, "AKIDWEBIDEMPTY",
		  "shared credentials file (profile webidempty)");
	/* sso_session alone makes no SSO credentials. */
	expect_ok("ssosessiononly", true, "AKIDSSOSESSION",
		  "shared credentials file (profile ssosessiononly)");
	/* The credentials file's keys come before aws login. */
	expect_ok("loginkeys", true, "AKIDLOGINKEYS",
		  "shared credentials file (profile loginkeys)");
	/* The environment comes first, unless --profile was given. */
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "envsecret", 1);
	expect_ok("role", false, "AKIDENV", "environment");
	expect_fail("role", true, "profile role uses role_arn (AssumeRole)");
}

/* AWS_WEB_IDENTITY_TOKEN_FILE (EKS's IRSA) is botocore's third provider,
 * after the environment's keys; --profile turns it off. Set at all, even
 * empty, it decides over the profile's web_identity_token_file. */
static void test_web_identity_environment(void **state)
{
	(void)state;
	use_role_files();
	setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token", 1);
	setenv("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/r", 1);
	expect_fail("default", false,
		    "AWS_WEB_IDENTITY_TOKEN_FILE is set (AssumeRoleWithWebIdentity, as on EKS), "
		    "which cwtop does not do itself: run cwtop with --profile NAME");
	expect_ok("default", true, "AKIDFILE", "shared credentials file (profile default)");
	/* Without AWS_ROLE_ARN botocore fails too. */
	unsetenv("AWS_ROLE_ARN");
	expect_fail("default", false, "AWS_WEB_IDENTITY_TOKEN_FILE is set");
	/* Assume role comes before web identity. */
	expect_fail("role", false, "profile role uses role_arn");
	/* Keys in the environment come first. */
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "envsecret", 1);
	expect_ok("default", false, "AKIDENV", "environment");
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	/* Empty: it hides the profile's token file (botocore's reading). */
	setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "", 1);
	expect_ok("default", false, "AKIDFILE", "shared credentials file (profile default)");
	expect_fail("webid", false, "no AWS credentials: tried environment, ");
	expect_fail("webid", true, "profile webid uses web_identity_token_file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_environment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_environment_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_environment_beats_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_credentials_file_then_process_then_config,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_keys_in_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_found_lists_what_was_tried, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_process_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_process_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_process_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_expiration_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiring_and_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imds_token_flow, server_setup,
						server_teardown),
		cmocka_unit_test_setup_teardown(test_imds_v1_fallback, server_setup,
						server_teardown),
		cmocka_unit_test_setup_teardown(test_imds_no_role_and_bad_json, server_setup,
						server_teardown),
		cmocka_unit_test_setup_teardown(test_imds_is_last, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(test_imds_dead_endpoint_is_quick, setup, teardown),
		cmocka_unit_test_setup_teardown(test_container, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(test_role_profiles_stop_the_chain, server_setup,
						server_teardown),
		cmocka_unit_test_setup_teardown(test_role_keys_botocore_goes_past, setup, teardown),
		cmocka_unit_test_setup_teardown(test_web_identity_environment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_container_authorization, server_setup,
						server_teardown),
		cmocka_unit_test_setup_teardown(test_container_errors, server_setup,
						server_teardown),
	};

	return cmocka_run_group_tests_name("aws_credentials", tests, NULL, NULL);
}
