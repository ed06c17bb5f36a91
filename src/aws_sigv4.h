/* aws_sigv4: AWS Signature Version 4, pure.
 *
 * A request, credentials and a time in; the canonical request, the string to
 * sign and the Authorization header out. No I/O and no clock, so the same
 * code signs cwtop's requests and verifies them in the demo endpoint. */
#ifndef CWTOP_AWS_SIGV4_H
#define CWTOP_AWS_SIGV4_H

#include <stddef.h>
#include <time.h>

struct sigv4_header {
	const char *name;  /* any case; lower-cased when canonicalized */
	const char *value; /* trimmed, inner runs of spaces folded, when canonicalized */
};

struct sigv4_request {
	const char *method;                 /* "POST" */
	const char *path;                   /* "/" (as sent; normalized as the suite expects) */
	const char *query;                  /* raw query string without '?', or "" */
	const struct sigv4_header *headers; /* every header to sign, host included */
	size_t nheaders;
	const void *body;
	size_t body_len;
};

struct sigv4_credentials {
	const char *access_key_id;
	const char *secret_access_key;
	const char *session_token; /* NULL or "": none. Otherwise signed as
				    * x-amz-security-token (added when absent). */
};

struct sigv4_result {
	char *canonical_request;
	char *string_to_sign;
	char *signed_headers; /* "content-type;host;x-amz-date" */
	char signature[65];   /* lower-case hex */
	char *authorization;  /* the Authorization header's value */
};

/* sigv4_sign: amz_date is "YYYYMMDDTHHMMSSZ". Returns 0, or -1 on bad input
 * (no Host header, a header name that is not an HTTP token, more than 64
 * headers, a path not starting with '/', an access key, region or service
 * that would not fit a credential scope, a malformed date).
 * When creds->session_token is set and the request has no
 * X-Amz-Security-Token header, the token is signed as if it had one: the
 * caller must then send "X-Amz-Security-Token: <token>" with the request.
 * The path is taken as sent on the wire and encoded once more (SigV4's
 * double encoding for every service but S3); "." and ".." segments and
 * empty segments are removed. The query is decoded, re-encoded and sorted. */
int sigv4_sign(const struct sigv4_request *req, const struct sigv4_credentials *creds,
	       const char *region, const char *service, const char *amz_date,
	       struct sigv4_result *out);
void sigv4_result_free(struct sigv4_result *r);

/* sigv4_amz_date: format t (UTC) as "YYYYMMDDTHHMMSSZ" into out[17]. */
void sigv4_amz_date(time_t t, char out[17]);
/* sigv4_sha256_hex: hex SHA-256 of data into out[65]. */
void sigv4_sha256_hex(const void *data, size_t len, char out[65]);

/* sigv4_parse_authorization: split an Authorization header into its parts
 * (for the demo endpoint). Each out buffer is NUL-terminated. 0 or -1. */
struct sigv4_auth_parts {
	char access_key_id[128];
	char date[9]; /* YYYYMMDD of the scope */
	char region[64];
	char service[64];
	char signed_headers[1024];
	char signature[65];
};
int sigv4_parse_authorization(const char *value, struct sigv4_auth_parts *out);

#endif
