/* aws_config: the AWS shared config and credentials files, read the way the
 * AWS CLI reads them: AWS_CONFIG_FILE (~/.aws/config, sections "[default]"
 * and "[profile NAME]") and AWS_SHARED_CREDENTIALS_FILE
 * (~/.aws/credentials, sections "[NAME]"), parsed with libinih. */
#ifndef CWTOP_AWS_CONFIG_H
#define CWTOP_AWS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* What one profile says, merged from both files (credentials file wins for
 * keys; config file for everything else, as the CLI does). */
struct aws_profile {
	char *name;                 /* the profile resolved */
	bool found;                 /* present in either file */
	char *region;
	char *endpoint_url;         /* endpoint_url in the profile */
	char *access_key_id;        /* from the credentials file, else config */
	char *secret_access_key;
	char *session_token;
	char *credential_process;
	char *source;               /* "shared credentials file (/root/.aws/credentials)" */
};

/* aws_profile_name: the profile to use: the explicit one (--profile) if
 * given, else AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default". */
const char *aws_profile_name(const char *explicit_profile);

/* aws_profile_load: read both files for profile name. A missing file is not
 * an error; a malformed one is (-1, err says file:line). */
int aws_profile_load(const char *name, struct aws_profile *out, char *err, size_t errlen);
void aws_profile_free(struct aws_profile *p);

/* aws_endpoint_for: the CloudWatch endpoint URL for region, as the CLI
 * resolves it: AWS_ENDPOINT_URL_CLOUDWATCH, then AWS_ENDPOINT_URL, then the
 * profile's endpoint_url (all ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * is true), then https://monitoring.REGION.amazonaws.com (.cn for cn-*).
 * Returns a malloc'd string. */
char *aws_endpoint_for(const char *region, const struct aws_profile *profile);

#endif
