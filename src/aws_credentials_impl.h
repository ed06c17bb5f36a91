/* aws_credentials_impl: what the credential sources share, for the files
 * that make up src/aws_credentials.h and for nothing else.
 *
 *   src/aws_credentials.c   the chain, environment and profile keys, checks
 *   src/aws_creds_json.c    the credential JSON of every non-file source
 *   src/aws_process.c       credential_process
 *   src/aws_remote_creds.c  container credentials and instance metadata
 *
 * A source returns 1 with *out filled and out->source set, 0 when it is not
 * configured, -1 with a one-line err when it is configured but broken (no
 * secret in err). On anything but 1, *out is cleared. */
#ifndef CWTOP_AWS_CREDENTIALS_IMPL_H
#define CWTOP_AWS_CREDENTIALS_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "src/aws_config.h"
#include "src/aws_credentials.h"

/* --- The sources ------------------------------------------------------------- */

/* aws_creds_from_process: run p->credential_process (set) for profile pname
 * (already sanitized). 1 or -1: a configured process that fails stops the
 * chain. */
int aws_creds_from_process(const struct aws_profile *p, const char *pname,
			   struct aws_credentials *out, char *err, size_t errlen);

/* aws_creds_from_container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or
 * _FULL_URI (ECS, EKS Pod Identity). 1, 0 or -1. */
int aws_creds_from_container(struct aws_credentials *out, char *err, size_t errlen);

/* aws_creds_from_imds: EC2 instance metadata, IMDSv2 with botocore's
 * fallback to v1. 1, or 0 with a note saying why not (never an error: an
 * absent IMDS is the usual case off EC2). */
int aws_creds_from_imds(struct aws_credentials *out, char *note, size_t notelen);

/* --- Shared by the sources ----------------------------------------------------- */

/* aws_creds_parse_json: the keys in a credential JSON document, without
 * aws_creds_validate (callers name the source in that message). Version 1
 * is checked when present and, with require_version, required. 0 or -1. */
int aws_creds_parse_json(const char *json, size_t len, bool require_version,
			 struct aws_credentials *out, char *err, size_t errlen);

/* aws_creds_validate: the one check every source's credentials pass
 * (what names the source in err). 0 or -1. */
int aws_creds_validate(const struct aws_credentials *c, const char *what, char *err, size_t errlen);

/* aws_creds_set_keys: copy a key set in (token optional, "" meaning none). */
void aws_creds_set_keys(struct aws_credentials *out, const char *ak, const char *sk,
			const char *token);

/* aws_creds_env: the variable's value, NULL when unset or empty (as
 * botocore treats an empty variable). */
const char *aws_creds_env(const char *name);

/* aws_creds_safe: a short terminal-safe copy of untrusted text (NULL is
 * ""), for an error line. Returns out. */
const char *aws_creds_safe(char *out, size_t outlen, const char *s);

#endif
