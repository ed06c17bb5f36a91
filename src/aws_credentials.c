/* aws_credentials: the AWS CLI's default credential chain.
 *
 * The order is botocore's: environment, assume role (role_arn), assume
 * role with web identity, IAM Identity Center (SSO), shared credentials
 * file, aws login, credential_process, config file, container, instance
 * metadata. cwtop does not speak STS, SSO or aws login itself: a profile
 * (or environment) that the CLI would resolve through one of them stops
 * the chain there with an error that says what to do instead, for going
 * on would sign as some other identity (the container's, the instance's)
 * without a word. A source
 * that is configured but broken (half a key pair, a failing process, a
 * container endpoint that errors) stops the chain with its own error, as
 * in botocore; instance metadata that does not answer only adds a note to
 * the final "no AWS credentials" line. This file holds the chain, the two
 * sources that need no I/O (environment, profile keys) and the checks every
 * source's credentials pass; the others are in aws_process.c and
 * aws_remote_creds.c (see aws_credentials_impl.h). */
#include "config.h"

#include "src/aws_credentials.h"

#include <stdlib.h>
#include <string.h>

#include "src/aws_credentials_impl.h"
#include "src/iso8601.h"
#include "src/sanitize.h"
#include "src/say.h"
#include "src/secret.h"
#include "src/text.h"
#include "src/xalloc.h"

#define ACCESS_KEY_MAX 127
#define SECRET_MAX     1024
#define TOKEN_MAX      16384

/* --- Small helpers ------------------------------------------------------------ */

const char *aws_creds_env(const char *name)
{
	const char *v = getenv(name);

	return v && v[0] ? v : NULL;
}

void aws_credentials_clear(struct aws_credentials *c)
{
	if (!c)
		return;
	secret_free(&c->access_key_id);
	secret_free(&c->secret_access_key);
	secret_free(&c->session_token);
	memset(c, 0, sizeof(*c));
}

bool aws_credentials_expiring(const struct aws_credentials *c, int64_t now, int64_t margin)
{
	return c && c->expiration != 0 && c->expiration - now <= margin;
}

const char *aws_creds_safe(char *out, size_t outlen, const char *s)
{
	return sanitize_copy(out, outlen, s ? s : "", s ? strlen(s) : 0);
}

/* --- Validation ------------------------------------------------------------------- */

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
		if (!text_is_alnum(s[i]) && s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

int aws_creds_validate(const struct aws_credentials *c, const char *what, char *err, size_t errlen)
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

void aws_creds_set_keys(struct aws_credentials *out, const char *ak, const char *sk,
			const char *token)
{
	out->access_key_id = xstrdup(ak);
	out->secret_access_key = xstrdup(sk);
	out->session_token = token && token[0] ? xstrdup(token) : NULL;
}

/* --- The chain -------------------------------------------------------------------------- */

/* from_environment: 1 got them, 0 none, -1 half a pair. */
static int from_environment(struct aws_credentials *out, char *err, size_t errlen)
{
	const char *ak = aws_creds_env("AWS_ACCESS_KEY_ID");
	const char *sk = aws_creds_env("AWS_SECRET_ACCESS_KEY");
	const char *token = aws_creds_env("AWS_SESSION_TOKEN");
	const char *exp = aws_creds_env("AWS_CREDENTIAL_EXPIRATION");

	if (!ak)
		return 0; /* a lone secret is ignored, as botocore ignores it */
	if (!sk) {
		say(err, errlen,
		    "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
		return -1;
	}
	if (!token)
		token = aws_creds_env("AWS_SECURITY_TOKEN"); /* the older name */
	aws_creds_set_keys(out, ak, sk, token);
	if (exp && iso8601_parse(exp, &out->expiration) < 0) {
		say(err, errlen, "environment: AWS_CREDENTIAL_EXPIRATION is not ISO 8601");
		aws_credentials_clear(out);
		return -1;
	}
	if (aws_creds_validate(out, "environment", err, errlen) < 0) {
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
	aws_creds_set_keys(out, p->access_key_id, p->secret_access_key, p->session_token);
	if (aws_creds_validate(out, what, err, errlen) < 0) {
		aws_credentials_clear(out);
		return -1;
	}
	say(out->source, sizeof(out->source), "%s", what);
	return 1;
}

/* --- What the CLI does and cwtop does not ------------------------------------------- */

/* shell_word: name as one word for credential_process (split as shlex
 * does) and for a shell: as is when plain, else in single quotes. */
static void shell_word(char *out, size_t outlen, const char *name)
{
	size_t o = 0;
	bool plain = name[0] != '\0';

	for (const char *p = name; *p; p++)
		if (!text_is_alnum(*p) && !strchr("_-.@+/:=,", *p))
			plain = false;
	if (plain) {
		say(out, outlen, "%s", name);
		return;
	}
	if (outlen < 3) {
		say(out, outlen, "%s", "");
		return;
	}
	out[o++] = '\'';
	for (const char *p = name; *p && o + 6 < outlen; p++) {
		if (*p == '\'') {
			memcpy(out + o, "'\\''", 4);
			o += 4;
		} else {
			out[o++] = *p;
		}
	}
	out[o++] = '\'';
	out[o] = '\0';
}

/* unsupported: the one-line error for a profile that uses key (what: the
 * way the CLI gets credentials with it). */
static int unsupported(const char *pname, const char *key, const char *what, char *err,
		       size_t errlen)
{
	char word[160];

	/* Not credential_process in this profile: botocore would still take
	 * the role_arn (or SSO) first. */
	shell_word(word, sizeof(word), pname);
	say(err, errlen,
	    "profile %s uses %s (%s), which cwtop does not do itself: use a profile with "
	    "credential_process = aws configure export-credentials --profile %s --format process",
	    word, key, what, word);
	return -1;
}

/* assume_role: botocore's AssumeRoleProvider takes a profile with
 * role_arn and no web_identity_token_file, whether it has source_profile,
 * credential_source, both or neither (the last two are its errors). */
static int assume_role(const struct aws_profile *p, const char *pname, char *err, size_t errlen)
{
	if (!p->role_arn || p->web_identity_token_file)
		return 0;
	return unsupported(pname, "role_arn", "AssumeRole", err, errlen);
}

/* web_identity: botocore's AssumeRoleWithWebIdentityProvider. The
 * environment's AWS_WEB_IDENTITY_TOKEN_FILE, when set at all (even empty),
 * decides over the profile's, except for a profile given with --profile;
 * an empty path means none. */
static int web_identity(const struct aws_profile *p, bool explicit_profile, const char *pname,
			char *err, size_t errlen)
{
	const char *env = explicit_profile ? NULL : getenv("AWS_WEB_IDENTITY_TOKEN_FILE");

	if (env) {
		if (!env[0])
			return 0;
		say(err, errlen,
		    "AWS_WEB_IDENTITY_TOKEN_FILE is set (AssumeRoleWithWebIdentity, as on EKS), "
		    "which cwtop does not do itself: run cwtop with --profile NAME, a profile "
		    "with credential_process = aws configure export-credentials --format process");
		return -1;
	}
	if (!p->web_identity_token_file || !p->web_identity_token_file[0])
		return 0;
	return unsupported(pname, "web_identity_token_file", "AssumeRoleWithWebIdentity", err,
			   errlen);
}

/* sso: botocore's SSOProvider takes a profile with sso_account_id or
 * sso_role_name (sso_session or sso_start_url alone do not make it). */
static int sso(const struct aws_profile *p, const char *pname, char *err, size_t errlen)
{
	const char *key = p->sso_account_id ? "sso_account_id" : "sso_role_name";

	if (!p->sso_account_id && !p->sso_role_name)
		return 0;
	if (p->sso_session)
		key = "sso_session";
	return unsupported(pname, key, "IAM Identity Center", err, errlen);
}

static int resolve_chain(const struct aws_profile *p, bool explicit_profile,
			 struct aws_credentials *out, char *err, size_t errlen)
{
	char pname[AWS_PROFILE_NAME_MAX + 8], cred_path[200], conf_path[200], note[300] = "";
	int rc;

	aws_creds_safe(pname, sizeof(pname), p->name ? p->name : "default");
	aws_creds_safe(cred_path, sizeof(cred_path), p->credentials_file);
	aws_creds_safe(conf_path, sizeof(conf_path), p->config_file);
	if (!p->found && p->name && strcmp(p->name, "default") != 0) {
		char word[160];

		shell_word(word, sizeof(word), pname); /* 'my prof' reads as one name */
		say(err, errlen, "the profile %s is in neither %s nor %s", word, conf_path,
		    cred_path);
		return -1;
	}
	if (!explicit_profile && (rc = from_environment(out, err, errlen)) != 0)
		return rc;
	if (assume_role(p, pname, err, errlen) < 0 ||
	    web_identity(p, explicit_profile, pname, err, errlen) < 0 ||
	    sso(p, pname, err, errlen) < 0)
		return -1;
	if ((rc = from_profile_keys(p, true, pname, out, err, errlen)) != 0)
		return rc;
	if (p->login_session)
		return unsupported(pname, "login_session", "aws login", err, errlen);
	if (p->credential_process)
		return aws_creds_from_process(p, pname, out, err, errlen);
	if ((rc = from_profile_keys(p, false, pname, out, err, errlen)) != 0)
		return rc;
	if ((rc = aws_creds_from_container(out, err, errlen)) != 0)
		return rc;
	if (aws_creds_from_imds(out, note, sizeof(note)) == 1)
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
