/* Unit tests: src/aws_config.c, the AWS CLI's config and credentials files
 * (fixtures in tests/data/aws/), profile names, endpoints, shlex. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "src/aws_config.h"
#include "src/xalloc.h"

#define DATA CWTOP_SRCDIR "/tests/data/aws/"

static const char *const aws_vars[] = {
	"AWS_PROFILE",
	"AWS_DEFAULT_PROFILE",
	"AWS_CONFIG_FILE",
	"AWS_SHARED_CREDENTIALS_FILE",
	"AWS_ENDPOINT_URL",
	"AWS_ENDPOINT_URL_CLOUDWATCH",
	"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
	"AWS_REGION",
	"AWS_DEFAULT_REGION",
	"AWS_ACCESS_KEY_ID",
	"AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN",
};

static char tmpdir[64];

/* Every test starts from the fixtures and nothing of this machine's AWS
 * setup: HOME points at an empty directory. */
static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(aws_vars) / sizeof(aws_vars[0]); i++)
		unsetenv(aws_vars[i]);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cwtop-aws-config-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	setenv("HOME", tmpdir, 1);
	setenv("AWS_CONFIG_FILE", DATA "config", 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", DATA "credentials", 1);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static char *long_token(void)
{
	char *t = xmalloc(23 + 900 + 3);

	memcpy(t, "IQoJb3JpZ2luX2VjEXAMPLE", 23);
	memset(t + 23, 'A', 900);
	memcpy(t + 923, "==", 3);
	return t;
}

static void load_ok(const char *name, struct aws_profile *p)
{
	char err[512] = "";

	if (aws_profile_load(name, p, err, sizeof(err)) != 0)
		fail_msg("loading %s: %s", name, err);
	assert_string_equal(err, "");
}

/* --- Profile names ----------------------------------------------------------- */

static void test_profile_name_order(void **state)
{
	(void)state;
	assert_string_equal(aws_profile_name(NULL), "default");
	setenv("AWS_DEFAULT_PROFILE", "older", 1);
	assert_string_equal(aws_profile_name(NULL), "older");
	setenv("AWS_PROFILE", "newer", 1);
	assert_string_equal(aws_profile_name(NULL), "newer");
	assert_string_equal(aws_profile_name(""), "newer");
	assert_string_equal(aws_profile_name("explicit"), "explicit");
	setenv("AWS_PROFILE", "", 1);
	assert_string_equal(aws_profile_name(NULL), "older");
}

/* --- Reading the files ---------------------------------------------------------------- */

static void test_default_profile(void **state)
{
	struct aws_profile p;
	char *want;

	(void)state;
	load_ok("default", &p);
	assert_true(p.found);
	assert_string_equal(p.name, "default");
	assert_string_equal(p.region, "eu-west-1");
	assert_null(p.endpoint_url);
	assert_string_equal(p.access_key_id, "AKIDDEFAULT");
	assert_string_equal(p.secret_access_key, "defaultsecret");
	assert_null(p.session_token);
	assert_null(p.credential_process);
	assert_true(p.keys_from_credentials_file);
	want = xasprintf("shared credentials file (%s)", DATA "credentials");
	assert_string_equal(p.source, want);
	assert_string_equal(p.config_file, DATA "config");
	assert_string_equal(p.credentials_file, DATA "credentials");
	assert_int_equal(p.ignore_configured_endpoint_urls, -1);
	free(want);
	aws_profile_free(&p);
}

/* Keys from the credentials file (the long token is far over inih's 200
 * bytes), region from both files with the credentials file winning, key
 * names case-insensitive, nested blocks ignored. */
static void test_dev_profile_merged(void **state)
{
	struct aws_profile p;
	char *tok = long_token();

	(void)state;
	load_ok("dev", &p);
	assert_true(p.found);
	assert_string_equal(p.access_key_id, "AKIDDEV");
	assert_string_equal(p.secret_access_key, "devsecret");
	assert_string_equal(p.session_token, tok);
	assert_string_equal(p.region, "us-west-1");
	assert_string_equal(p.endpoint_url, "http://127.0.0.1:4566");
	aws_profile_free(&p);
	free(tok);
}

static void test_section_name_forms(void **state)
{
	struct aws_profile p;

	(void)state;
	load_ok("spaced", &p);
	assert_true(p.found);
	assert_string_equal(p.region, "ap-south-1");
	aws_profile_free(&p);
	load_ok("quoted name", &p);
	assert_string_equal(p.region, "sa-east-1");
	aws_profile_free(&p);
	load_ok("a-profile-name-that-is-much-longer-than-fifty-characters-for-inih", &p);
	assert_string_equal(p.region, "eu-north-1");
	aws_profile_free(&p);
	load_ok("colon", &p);
	assert_string_equal(p.region, "ca-central-1");
	aws_profile_free(&p);
	/* "[profile a b]", "[profilex]", "[preview]" name no profile. */
	load_ok("a", &p);
	assert_false(p.found);
	assert_null(p.region);
	aws_profile_free(&p);
	load_ok("x", &p);
	assert_false(p.found);
	aws_profile_free(&p);
	load_ok("preview", &p);
	assert_false(p.found);
	aws_profile_free(&p);
	/* In the credentials file "[profile dev]" is a profile named so. */
	load_ok("profile dev", &p);
	assert_true(p.found);
	assert_string_equal(p.access_key_id, "AKIDWRONGSECTION");
	aws_profile_free(&p);
}

static void test_empty_and_missing_profiles(void **state)
{
	struct aws_profile p;

	(void)state;
	load_ok("empty", &p);
	assert_true(p.found);
	assert_null(p.region);
	assert_null(p.access_key_id);
	assert_null(p.source);
	aws_profile_free(&p);
	load_ok("emptyvalue", &p);
	assert_true(p.found);
	assert_null(p.region);
	aws_profile_free(&p);
	load_ok("nosuchprofile", &p);
	assert_false(p.found);
	assert_string_equal(p.name, "nosuchprofile");
	aws_profile_free(&p);
	load_ok("credonly", &p);
	assert_true(p.found);
	assert_string_equal(p.access_key_id, "AKIDCREDONLY");
	aws_profile_free(&p);
}

static void test_config_file_keys(void **state)
{
	struct aws_profile p;
	char *want;

	(void)state;
	load_ok("cfgkeys", &p);
	assert_false(p.keys_from_credentials_file);
	assert_string_equal(p.access_key_id, "AKIDCONFIGFILE");
	assert_string_equal(p.secret_access_key, "configsecret");
	assert_string_equal(p.session_token, "configtoken");
	assert_string_equal(p.region, "eu-central-1");
	want = xasprintf("config file (%s)", DATA "config");
	assert_string_equal(p.source, want);
	free(want);
	aws_profile_free(&p);
}

/* A partial key set stays partial: the credentials chain reports it. */
static void test_partial_keys_kept(void **state)
{
	struct aws_profile p;

	(void)state;
	load_ok("partial", &p);
	assert_true(p.keys_from_credentials_file);
	assert_string_equal(p.access_key_id, "AKIDPARTIAL");
	assert_null(p.secret_access_key);
	aws_profile_free(&p);
}

/* configparser has no inline comments: " ; ..." stays in the value. */
static void test_credential_process_kept_verbatim(void **state)
{
	struct aws_profile p;

	(void)state;
	load_ok("proc", &p);
	assert_string_equal(p.credential_process, "/bin/echo \"hello world\" ; not a comment");
	assert_string_equal(p.region, "us-east-2");
	aws_profile_free(&p);
}

static void test_crlf_and_bom(void **state)
{
	struct aws_profile p;

	(void)state;
	setenv("AWS_CONFIG_FILE", DATA "config_crlf", 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", DATA "credentials_crlf", 1);
	load_ok("default", &p);
	assert_string_equal(p.region, "eu-west-3");
	assert_string_equal(p.access_key_id, "AKIDCRLF");
	assert_string_equal(p.secret_access_key, "crlfsecret");
	assert_string_equal(p.session_token, "crlftoken");
	aws_profile_free(&p);
	load_ok("x", &p);
	assert_string_equal(p.region, "us-east-1");
	aws_profile_free(&p);
}

static void test_missing_files_are_fine(void **state)
{
	struct aws_profile p;

	(void)state;
	setenv("AWS_CONFIG_FILE", "/nonexistent/cwtop/config", 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/cwtop/credentials", 1);
	load_ok("default", &p);
	assert_false(p.found);
	assert_null(p.access_key_id);
	aws_profile_free(&p);
	/* A directory is skipped as the CLI skips it. */
	setenv("AWS_CONFIG_FILE", tmpdir, 1);
	load_ok("default", &p);
	assert_false(p.found);
	aws_profile_free(&p);
}

static void test_default_paths_under_home(void **state)
{
	struct aws_profile p;
	char *want;

	(void)state;
	unsetenv("AWS_CONFIG_FILE");
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	load_ok("default", &p);
	want = xasprintf("%s/.aws/config", tmpdir);
	assert_string_equal(p.config_file, want);
	free(want);
	want = xasprintf("%s/.aws/credentials", tmpdir);
	assert_string_equal(p.credentials_file, want);
	free(want);
	aws_profile_free(&p);
	setenv("AWS_CONFIG_FILE", "~/elsewhere", 1);
	load_ok("default", &p);
	want = xasprintf("%s/elsewhere", tmpdir);
	assert_string_equal(p.config_file, want);
	free(want);
	aws_profile_free(&p);
}

/* --- Malformed files ------------------------------------------------------------------ */

static void expect_error(const char *env, const char *path, const char *want)
{
	struct aws_profile p;
	char err[512] = "";

	setenv(env, path, 1);
	assert_int_equal(aws_profile_load("default", &p, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
	if (getenv("CWTOP_TEST_VERBOSE"))
		print_message("%s\n", err);
	aws_profile_free(&p);
}

static void test_malformed_files(void **state)
{
	(void)state;
	expect_error("AWS_CONFIG_FILE", DATA "config_bad_line",
		     DATA "config_bad_line:4: not a [section], key = value, or comment line");
	expect_error("AWS_CONFIG_FILE", DATA "config_bad_header",
		     DATA "config_bad_header:2: [section] header without a closing ']'");
	expect_error("AWS_CONFIG_FILE", DATA "config_bad_nosection",
		     DATA "config_bad_nosection:3: key = value before any [section]");
	expect_error("AWS_CONFIG_FILE", DATA "config_bad_emptykey",
		     DATA "config_bad_emptykey:2: empty key name");
}

/* The error names the file and line, never the line's text. */
static void test_error_hides_secret(void **state)
{
	struct aws_profile p;
	char err[512] = "";

	(void)state;
	setenv("AWS_SHARED_CREDENTIALS_FILE", DATA "credentials_bad_secret", 1);
	assert_int_equal(aws_profile_load("default", &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "credentials_bad_secret:3: "));
	assert_null(strstr(err, "SUPERSECRET"));
	aws_profile_free(&p);
}

static char *write_temp(const char *name, const void *data, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void test_long_lines(void **state)
{
	size_t n = 70 * 1024;
	char *big = xmalloc(n), *path;
	struct aws_profile p;
	char err[512];
	int len;

	(void)state;
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	/* 60 KiB values are read whole. */
	len = snprintf(big, n, "[default]\naws_access_key_id = AK\naws_secret_access_key = ");
	memset(big + len, 's', 60 * 1024);
	memcpy(big + len + 60 * 1024, "\nregion = r\n", 13);
	path = write_temp("long_ok", big, strlen(big));
	setenv("AWS_CONFIG_FILE", path, 1);
	load_ok("default", &p);
	assert_int_equal(strlen(p.secret_access_key), 60 * 1024);
	assert_string_equal(p.region, "r");
	aws_profile_free(&p);
	free(path);
	/* Past 64 KiB a line is an error, with its number. */
	memset(big + len, 's', n - len - 1);
	big[n - 1] = '\0';
	path = write_temp("long_bad", big, strlen(big));
	expect_error("AWS_CONFIG_FILE", path, ":3: line longer than 64 KiB");
	assert_int_equal(aws_profile_load("default", &p, err, sizeof(err)), -1);
	assert_null(strstr(err, "sss"));
	aws_profile_free(&p);
	free(path);
	free(big);
}

static void test_nul_byte_rejected(void **state)
{
	static const char data[] = "[default]\nregion = a\0b\n";
	char *path;

	(void)state;
	path = write_temp("nul", data, sizeof(data) - 1);
	expect_error("AWS_CONFIG_FILE", path, ":2: NUL byte");
	free(path);
}

static void test_unreadable_file_is_an_error(void **state)
{
	char *path, *loop;

	(void)state;
	/* A file that exists but cannot be opened is worth telling about
	 * (root opens anything, so a symlink loop stands in for EACCES). */
	loop = xasprintf("%s/loop", tmpdir);
	assert_int_equal(symlink(loop, loop), 0);
	expect_error("AWS_CONFIG_FILE", loop, "/loop: cannot read: ");
	free(loop);
	if (geteuid() == 0)
		return;
	path = write_temp("unreadable", "[default]\n", 10);
	assert_int_equal(chmod(path, 0), 0);
	expect_error("AWS_CONFIG_FILE", path, ": cannot read: Permission denied");
	free(path);
}

/* --- Sections as botocore reads them --------------------------------------------------------- */

/* use_files: text as the config and credentials files (NULL: none). */
static void use_files(const char *config, const char *credentials)
{
	char *path;

	path = write_temp("cfg", config ? config : "", config ? strlen(config) : 0);
	setenv("AWS_CONFIG_FILE", path, 1);
	free(path);
	path = write_temp("creds", credentials ? credentials : "",
			  credentials ? strlen(credentials) : 0);
	setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
	free(path);
}

/* [default] and [profile default] both name the default profile; the
 * later section replaces the earlier one whole (botocore builds its
 * profile map section by section), and so for any two sections that name
 * one profile. */
static void test_later_section_naming_the_profile_wins(void **state)
{
	struct aws_profile p;

	(void)state;
	use_files("[default]\nregion = eu-west-1\naws_access_key_id = AKIDFIRST\n"
		  "aws_secret_access_key = firstsecret\n[profile default]\nregion = us-east-2\n",
		  NULL);
	load_ok("default", &p);
	assert_string_equal(p.region, "us-east-2");
	assert_null(p.access_key_id);
	assert_null(p.secret_access_key);
	aws_profile_free(&p);
	use_files("[profile default]\nregion = us-east-2\naws_access_key_id = AKIDFIRST\n"
		  "aws_secret_access_key = firstsecret\n[default]\noutput = json\n",
		  NULL);
	load_ok("default", &p);
	assert_true(p.found);
	assert_null(p.region);
	assert_null(p.access_key_id);
	aws_profile_free(&p);
	use_files("[profile x]\nregion = a\nrole_arn = arn:aws:iam::1:role/r\n"
		  "[profile \"x\"]\nregion = b\n",
		  NULL);
	load_ok("x", &p);
	assert_string_equal(p.region, "b");
	assert_null(p.role_arn);
	aws_profile_free(&p);
}

/* configparser's [DEFAULT] (botocore's reader): it may appear more than
 * once and its keys are every section's defaults, a role_arn among them
 * (checked against botocore on the same file); it names no profile. */
static void test_configparser_defaults_section(void **state)
{
	struct aws_profile p;

	(void)state;
	use_files("[DEFAULT]\nregion = a\n[DEFAULT]\nrole_arn = arn:aws:iam::1:role/r\n"
		  "[default]\nregion = b\n[profile x]\noutput = json\n",
		  NULL);
	load_ok("default", &p);
	assert_string_equal(p.region, "b");
	assert_string_equal(p.role_arn, "arn:aws:iam::1:role/r");
	aws_profile_free(&p);
	load_ok("x", &p);
	assert_true(p.found);
	assert_string_equal(p.region, "a");
	assert_string_equal(p.role_arn, "arn:aws:iam::1:role/r");
	aws_profile_free(&p);
	load_ok("DEFAULT", &p);
	assert_false(p.found);
	aws_profile_free(&p);
}

/* configparser refuses a file that repeats a section, or a key within a
 * section (names compared as it does: sections exactly, keys without
 * case), wherever in the file it is; the error names file, line and the
 * name, never a value. */
static void test_repeats_are_errors(void **state)
{
	char *path;

	(void)state;
	path = write_temp("c", "[profile x]\nregion = a\n[other]\n\n[profile x]\nregion = b\n", 48);
	expect_error("AWS_CONFIG_FILE", path,
		     "/c:5: section [profile x] appears twice (first at line 1)");
	free(path);
	unsetenv("AWS_CONFIG_FILE"); /* ~/.aws/config: absent */
	path = write_temp("k",
			  "[default]\naws_access_key_id = AKIDX\n"
			  "aws_secret_access_key = SUPERSECRET1\n[default]\nregion = b\n",
			  86);
	expect_error("AWS_SHARED_CREDENTIALS_FILE", path,
		     "/k:4: section [default] appears twice (first at line 1)");
	free(path);
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	path = write_temp("d", "[unrelated]\nRegion = a\nregion = SUPERSECRET2\n", 45);
	expect_error("AWS_CONFIG_FILE", path, "/d:3: key region appears twice (first at line 2)");
	free(path);
	/* Not repeats: another section's key, a case-different section, a
	 * nested block's keys. */
	use_files("[a]\nregion = x\n[A]\nregion = y\ns3 =\n  region = z\n  region = w\n"
		  "[default]\nregion = eu-west-3\n",
		  "[default]\nregion = us-east-1\n");
	{
		struct aws_profile p;

		load_ok("default", &p);
		assert_string_equal(p.region, "us-east-1");
		aws_profile_free(&p);
	}
}

/* The error must not print a secret, even a key name that is one. */
static void test_repeat_error_hides_values(void **state)
{
	struct aws_profile p;
	char err[512] = "";

	(void)state;
	use_files(NULL, "[default]\naws_secret_access_key = SUPERSECRET\n"
			"aws_secret_access_key = SUPERSECRET\n");
	assert_int_equal(aws_profile_load("default", &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":3: key aws_secret_access_key appears twice"));
	assert_null(strstr(err, "SUPERSECRET"));
	aws_profile_free(&p);
}

/* Many sections (as a 4 MiB file can hold) are found repeated or not
 * without quadratic time. */
static void test_many_sections(void **state)
{
	size_t n = 200000, len = 0;
	char *text = xmalloc(n * 16 + 32), *path;
	struct aws_profile p;

	(void)state;
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "[s%zu]\nk=v\n", i);
	path = write_temp("many", text, len);
	setenv("AWS_CONFIG_FILE", path, 1);
	load_ok("default", &p);
	aws_profile_free(&p);
	len += (size_t)sprintf(text + len, "[s123]\n");
	free(path);
	path = write_temp("many", text, len);
	expect_error("AWS_CONFIG_FILE", path, "section [s123] appears twice (first at line 247)");
	free(path);
	free(text);
}

/* expect_region: profile name is found with this region, or (region
 * NULL) is not found at all. */
static void expect_region(const char *name, const char *region)
{
	struct aws_profile p;

	load_ok(name, &p);
	assert_int_equal(p.found, region != NULL);
	if (region)
		assert_string_equal(p.region, region);
	aws_profile_free(&p);
}

/* Section names: botocore splits a section that starts with "profile" as
 * shlex does and takes the second of exactly two words; the name runs to
 * the last ']' of the line. */
static void test_section_names_as_botocore(void **state)
{
	(void)state;
	use_files("[profile \"my prof\"]\nregion = r1\n[profile my prof2]\nregion = r2\n"
		  "[profiles y]\nregion = r3\n[profile a]b]\nregion = r4\n"
		  "[profile 'it''s']\nregion = r5\n",
		  "[my prof]\noutput = json\n");
	expect_region("my prof", "r1");
	expect_region("my", NULL);
	expect_region("prof2", NULL);
	expect_region("y", "r3");
	expect_region("a]b", "r4");
	expect_region("its", "r5");
}

/* The keys that send the CLI to STS, SSO or aws login: read from either
 * file (the credentials file's first), kept even when empty, because the
 * CLI tests whether they are there. */
static void test_role_and_sso_keys(void **state)
{
	struct aws_profile p;

	(void)state;
	use_files(
		"[profile p]\nrole_arn = arn:aws:iam::123456789012:role/conf\n"
		"source_profile = base\nWeb_Identity_Token_File =\nsso_session = corp\n"
		"sso_account_id = 123456789012\nsso_role_name = ReadOnly\nlogin_session = arn:x\n",
		"[p]\nrole_arn = arn:aws:iam::123456789012:role/creds\n");
	load_ok("p", &p);
	assert_string_equal(p.role_arn, "arn:aws:iam::123456789012:role/creds");
	assert_string_equal(p.web_identity_token_file, "");
	assert_string_equal(p.sso_session, "corp");
	assert_string_equal(p.sso_account_id, "123456789012");
	assert_string_equal(p.sso_role_name, "ReadOnly");
	assert_string_equal(p.login_session, "arn:x");
	aws_profile_free(&p);
	load_ok("base", &p);
	assert_false(p.found);
	assert_null(p.role_arn);
	assert_null(p.web_identity_token_file);
	assert_null(p.sso_account_id);
	aws_profile_free(&p);
}

static void test_profile_name_valid(void **state)
{
	char name[AWS_PROFILE_NAME_MAX + 2];

	(void)state;
	assert_true(aws_profile_name_valid("default"));
	assert_true(aws_profile_name_valid("my prof"));
	assert_true(aws_profile_name_valid("\"quoted\" 'x' [y] ;#="));
	assert_true(aws_profile_name_valid("caf\xc3\xa9"));
	assert_false(aws_profile_name_valid(NULL));
	assert_false(aws_profile_name_valid(""));
	assert_false(aws_profile_name_valid("a\nb"));
	assert_false(aws_profile_name_valid("a\x1b[2J"));
	assert_false(aws_profile_name_valid("a\x7f"));
	assert_false(aws_profile_name_valid("a\xc2\x85"));
	assert_false(aws_profile_name_valid("caf\xe9"));
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_false(aws_profile_name_valid(name));
	name[AWS_PROFILE_NAME_MAX] = '\0';
	assert_true(aws_profile_name_valid(name));
}

/* --- Endpoints and regions ---------------------------------------------------------------- */

static void expect_endpoint(const char *region, const struct aws_profile *p, const char *want)
{
	char *got = aws_endpoint_for(region, p);

	assert_string_equal(got, want);
	free(got);
}

static void test_endpoint_resolution(void **state)
{
	struct aws_profile dev, ign;

	(void)state;
	load_ok("dev", &dev);
	load_ok("ignore", &ign);
	expect_endpoint("eu-west-1", NULL, "https://monitoring.eu-west-1.amazonaws.com");
	expect_endpoint("cn-north-1", NULL, "https://monitoring.cn-north-1.amazonaws.com.cn");
	expect_endpoint("cn-northwest-1", NULL,
			"https://monitoring.cn-northwest-1.amazonaws.com.cn");
	expect_endpoint("bad/region", NULL, "https://monitoring.invalid-region.amazonaws.com");
	expect_endpoint(NULL, NULL, "https://monitoring.invalid-region.amazonaws.com");
	expect_endpoint("us-east-1", &dev, "http://127.0.0.1:4566");
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:2", 1);
	expect_endpoint("us-east-1", &dev, "http://127.0.0.1:2");
	setenv("AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:3", 1);
	expect_endpoint("us-east-1", &dev, "http://127.0.0.1:3");
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
	expect_endpoint("us-east-1", &dev, "https://monitoring.us-east-1.amazonaws.com");
	unsetenv("AWS_ENDPOINT_URL_CLOUDWATCH");
	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
	/* The profile's own switch, which the environment overrides. */
	assert_int_equal(ign.ignore_configured_endpoint_urls, 1);
	expect_endpoint("us-east-1", &ign, "https://monitoring.us-east-1.amazonaws.com");
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false", 1);
	expect_endpoint("us-east-1", &ign, "http://127.0.0.1:1");
	aws_profile_free(&dev);
	aws_profile_free(&ign);
}

static void test_region_default(void **state)
{
	struct aws_profile p;

	(void)state;
	load_ok("dev", &p);
	assert_null(aws_region_default(NULL));
	assert_string_equal(aws_region_default(&p), "us-west-1");
	setenv("AWS_DEFAULT_REGION", "ap-east-1", 1);
	assert_string_equal(aws_region_default(&p), "ap-east-1");
	setenv("AWS_REGION", "me-south-1", 1);
	assert_string_equal(aws_region_default(&p), "me-south-1");
	aws_profile_free(&p);
}

/* --- shlex ----------------------------------------------------------------------------- */

static void expect_split(const char *line, const char *const *want)
{
	char err[64];
	char **got = aws_shlex_split(line, 16, err, sizeof(err));
	size_t i;

	if (!got)
		fail_msg("split of [%s] failed: %s", line, err);
	for (i = 0; want[i]; i++) {
		assert_non_null(got[i]);
		assert_string_equal(got[i], want[i]);
	}
	assert_null(got[i]);
	aws_argv_free(got);
}

static void expect_split_error(const char *line, size_t max, const char *why)
{
	char err[64] = "";

	assert_null(aws_shlex_split(line, max, err, sizeof(err)));
	assert_string_equal(err, why);
}

static void test_shlex(void **state)
{
	(void)state;
	expect_split("a b\tc", (const char *const[]){"a", "b", "c", NULL});
	expect_split("  /bin/echo  'x y'  ", (const char *const[]){"/bin/echo", "x y", NULL});
	expect_split("a\"b c\"d", (const char *const[]){"ab cd", NULL});
	expect_split("'' \"\"", (const char *const[]){"", "", NULL});
	expect_split("a\\ b", (const char *const[]){"a b", NULL});
	expect_split("\"a\\\"b\\\\c\\d\"", (const char *const[]){"a\"b\\c\\d", NULL});
	expect_split("'a\\b'", (const char *const[]){"a\\b", NULL});
	expect_split("x ; y # z", (const char *const[]){"x", ";", "y", "#", "z", NULL});
	expect_split_error("'open", 16, "no closing quotation");
	expect_split_error("\"open", 16, "no closing quotation");
	expect_split_error("trailing\\", 16, "no character after a backslash");
	expect_split_error("   ", 16, "empty command");
	expect_split_error("", 16, "empty command");
	expect_split_error("a b c", 2, "too many words");
	expect_split("a b", (const char *const[]){"a", "b", NULL});
}

static void test_is_true(void **state)
{
	(void)state;
	assert_true(aws_is_true("true"));
	assert_true(aws_is_true("TRUE"));
	assert_false(aws_is_true("1"));
	assert_false(aws_is_true(""));
	assert_false(aws_is_true(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_profile_name_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dev_profile_merged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_section_name_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_missing_profiles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_file_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_keys_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_credential_process_kept_verbatim, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_crlf_and_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_files_are_fine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_paths_under_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_hides_secret, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_file_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_later_section_naming_the_profile_wins, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_repeats_are_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_configparser_defaults_section, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_repeat_error_hides_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_section_names_as_botocore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_role_and_sso_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_name_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endpoint_resolution, setup, teardown),
		cmocka_unit_test_setup_teardown(test_region_default, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shlex, setup, teardown),
		cmocka_unit_test_setup_teardown(test_is_true, setup, teardown),
	};

	return cmocka_run_group_tests_name("aws_config", tests, NULL, NULL);
}
