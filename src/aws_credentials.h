/* aws_credentials: the AWS CLI's default credential chain.
 *
 * In its order: environment variables (skipped when a profile was given
 * explicitly with --profile, as the CLI does), the shared credentials file,
 * credential_process, the config file's keys, container credentials, EC2
 * instance metadata (IMDSv2). Where the CLI would instead assume a role
 * (role_arn), use web identity (web_identity_token_file, or
 * AWS_WEB_IDENTITY_TOKEN_FILE), IAM Identity Center (sso_account_id,
 * sso_role_name) or aws login (login_session), which cwtop does not do,
 * the chain stops there with an error saying to go through
 * credential_process, never on to another identity. Secrets are wiped when
 * freed and never appear in an error message. */
#ifndef CWTOP_AWS_CREDENTIALS_H
#define CWTOP_AWS_CREDENTIALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/aws_config.h"

struct aws_credentials {
	char *access_key_id;
	char *secret_access_key;
	char *session_token; /* NULL when none */
	int64_t expiration;  /* epoch seconds; 0 = does not expire */
	char source[128];    /* "environment", "credential_process (profile x)", ... */
};

/* aws_credentials_resolve: walk the chain for profile. explicit_profile is
 * true when the profile came from --profile (not from cwtop's config file,
 * which counts as AWS_PROFILE does). 0 on success; -1 with a
 * one-line err that names the source that failed (never a secret). */
int aws_credentials_resolve(const struct aws_profile *profile, bool explicit_profile,
			    struct aws_credentials *out, char *err, size_t errlen);

/* aws_credentials_expiring: true when they expire within margin seconds. */
bool aws_credentials_expiring(const struct aws_credentials *c, int64_t now, int64_t margin);

/* aws_credentials_clear: wipe and free; safe on a zeroed struct. */
void aws_credentials_clear(struct aws_credentials *c);

/* aws_credentials_parse_process_output: parse credential_process JSON
 * ({"Version":1,"AccessKeyId":...,"SecretAccessKey":...,"SessionToken":...,
 * "Expiration":"2026-11-28T12:00:00Z"}). Also used for container and IMDS
 * answers (Token instead of SessionToken there). 0 or -1 with err. */
int aws_credentials_parse_json(const char *json, size_t len, struct aws_credentials *out, char *err,
			       size_t errlen);

/* aws_credentials_set_process_timeout_ms: how long credential_process may
 * run before it is killed (default 60 s; tests shorten it; <= 0 restores
 * the default). */
void aws_credentials_set_process_timeout_ms(long ms);

/* aws_credentials_kill_process: kill the credential_process running now
 * (its whole process group), if any. Async-signal-safe. */
void aws_credentials_kill_process(void);

#endif
