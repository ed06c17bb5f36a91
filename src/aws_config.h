/* aws_config: the AWS shared config and credentials files, read the way the
 * AWS CLI reads them: AWS_CONFIG_FILE (~/.aws/config, sections "[default]"
 * and "[profile NAME]") and AWS_SHARED_CREDENTIALS_FILE
 * (~/.aws/credentials, sections "[NAME]"), parsed with libinih. */
#ifndef CWTOP_AWS_CONFIG_H
#define CWTOP_AWS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* What one profile says, merged from both files. As the CLI merges them,
 * a key present in both files takes the credentials file's value. The
 * three key fields come as a set from one file: the credentials file's if
 * it names aws_access_key_id for the profile, else the config file's. */
struct aws_profile {
	char *name; /* the profile resolved */
	bool found; /* present in either file */
	char *region;
	char *endpoint_url;  /* endpoint_url in the profile */
	char *access_key_id; /* from the credentials file, else config */
	char *secret_access_key;
	char *session_token;
	char *credential_process;
	char *source; /* "shared credentials file (/root/.aws/credentials)" */
	/* The keys that make the CLI get credentials in ways cwtop does not
	 * (STS AssumeRole and AssumeRoleWithWebIdentity, IAM Identity Center,
	 * aws login): NULL when absent, "" when present but empty (the CLI
	 * tests their presence). From either file, the credentials file's
	 * value first. */
	char *role_arn;
	char *web_identity_token_file;
	char *sso_session;
	char *sso_account_id;
	char *sso_role_name;
	char *login_session;
	/* Added by aws_config: */
	char *config_file;                   /* the paths read (or looked for), never NULL */
	char *credentials_file;              /* after aws_profile_load */
	bool keys_from_credentials_file;     /* the key fields came from credentials_file */
	int ignore_configured_endpoint_urls; /* the profile's key: -1 unset, 0, 1 */
};

/* aws_profile_name: the profile to use: the explicit one (--profile) if
 * given, else AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default". */
const char *aws_profile_name(const char *explicit_profile);

/* aws_profile_name_valid: a name cwtop accepts for a profile (--profile,
 * the config file's profile): 1 to AWS_PROFILE_NAME_MAX bytes of UTF-8
 * without control characters. The CLI takes any string; spaces and quotes
 * are fine (the config file then names it [profile "my prof"]). */
#define AWS_PROFILE_NAME_MAX 128
bool aws_profile_name_valid(const char *name);

/* aws_profile_load: read both files for profile name. A missing file is not
 * an error; a malformed or unreadable one is (-1, err says "FILE:LINE: why",
 * never a value), and so, as for the CLI (Python's configparser), is a
 * section that appears twice in one file or a key twice in one section.
 * When several sections of a file name the profile ("[default]" and
 * "[profile default]", "[profile x]" and "[profile \"x\"]"), the last one
 * wins whole, as in the CLI. Key names are matched case-insensitively (the CLI lower-
 * cases them), values are trimmed, lines may end in CRLF, and lines may be
 * as long as 64 KiB (session tokens are longer than inih's 200 bytes).
 * On failure *out is still safe to pass to aws_profile_free. */
int aws_profile_load(const char *name, struct aws_profile *out, char *err, size_t errlen);
void aws_profile_free(struct aws_profile *p);

/* aws_endpoint_for: the CloudWatch endpoint URL for region, as the CLI
 * resolves it: AWS_ENDPOINT_URL_CLOUDWATCH, then AWS_ENDPOINT_URL, then the
 * profile's endpoint_url (all ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * is true, or, when that variable is unset, when the profile's
 * ignore_configured_endpoint_urls is true), then
 * https://monitoring.REGION.amazonaws.com (.com.cn for cn-*). profile may be
 * NULL. Returns a malloc'd string, never NULL (a region that is not
 * [a-z0-9-]+ gives a host under "invalid-region"). */
char *aws_endpoint_for(const char *region, const struct aws_profile *profile);

/* aws_region_name_ok: a region name safe to put in a host name and a
 * signature's scope: 1 to 63 of [a-z0-9-] (not a check that the region
 * exists; --regions checks the pattern). NULL is not. */
bool aws_region_name_ok(const char *r);

/* aws_region_default: the region the CLI would use when none is given:
 * AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region; NULL
 * when none is set. The string belongs to the environment or the profile. */
const char *aws_region_default(const struct aws_profile *profile);

/* aws_shlex_split: split a command line as Python's shlex.split (POSIX
 * mode) does, which is how the CLI splits credential_process: whitespace
 * separates words, '...' is literal, "..." allows \" and \\, a backslash
 * outside quotes escapes the next character. Returns a NULL-terminated
 * array (free with aws_argv_free), or NULL with err on an unclosed quote,
 * a trailing backslash, no words, or more than max_words words. */
char **aws_shlex_split(const char *s, size_t max_words, char *err, size_t errlen);
void aws_argv_free(char **argv);

/* aws_is_true: "true" in any case, as the CLI reads boolean settings. */
bool aws_is_true(const char *s);

#endif
