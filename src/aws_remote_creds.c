/* aws_remote_creds: credentials from an HTTP endpoint: the container agent
 * (ECS, EKS Pod Identity) and EC2 instance metadata (IMDSv2).
 *
 * Both are blocking requests through src/http.c with short timeouts and a
 * 64 KiB cap on the answer. The container URI comes from the environment,
 * so plain http is allowed only to this machine and the AWS agents'
 * addresses, as botocore allows. Every buffer that held a token or a key is
 * wiped before it is freed. */
#include "config.h"

#include "src/aws_credentials.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "src/aws_config.h"
#include "src/aws_credentials_impl.h"
#include "src/file_read.h"
#include "src/http.h"
#include "src/say.h"
#include "src/secret.h"
#include "src/text.h"
#include "src/xalloc.h"

#define HTTP_BODY_MAX   (64 * 1024)
#define ECS_HOST        "http://169.254.170.2"
#define IMDS_DEFAULT    "http://169.254.169.254"
#define IMDS_DEFAULT_V6 "http://[fd00:ec2::254]"
#define AUTH_TOKEN_MAX  16384 /* bytes of a container authorization token */

/* --- HTTP sources ------------------------------------------------------------------- */

struct fetch {
	long status;
	char *body;
	size_t len;
	char error[256];
};

static void fetch_free(struct fetch *f)
{
	if (f->body) {
		OPENSSL_cleanse(f->body, f->len);
		free(f->body);
	}
	memset(f, 0, sizeof(*f));
}

/* fetch: one blocking request. 0 when any answer arrived. */
static int fetch(const char *url, const char *method, const char *const *headers, long connect_ms,
		 long total_ms, struct fetch *f)
{
	struct http_request req = {0};
	struct http_response res;
	int rc;

	memset(f, 0, sizeof(*f));
	req.url = url;
	req.method = method;
	req.headers = headers;
	req.connect_timeout_ms = connect_ms;
	req.timeout_ms = total_ms;
	req.max_body = HTTP_BODY_MAX;
	rc = http_blocking(&req, &res);
	if (rc == 0 && res.body_too_large) {
		say(f->error, sizeof(f->error), "answer larger than %d KiB", HTTP_BODY_MAX / 1024);
		rc = -1;
	} else if (rc != 0) {
		aws_creds_safe(f->error, sizeof(f->error), res.error[0] ? res.error : "no answer");
	} else {
		f->status = res.status;
		f->body = res.body ? res.body : xstrdup("");
		f->len = res.body ? res.body_len : 0;
		res.body = NULL;
	}
	if (res.body)
		OPENSSL_cleanse(res.body, res.body_len);
	http_response_free(&res);
	return rc;
}

/* --- Container credentials ------------------------------------------------------------- */

static bool is_loopback_v4(const char *h, size_t n)
{
	unsigned a, b, c, d;
	char tail;
	char tmp[32];

	if (n >= sizeof(tmp))
		return false;
	memcpy(tmp, h, n);
	tmp[n] = '\0';
	return sscanf(tmp, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a == 127 && b < 256 &&
	       c < 256 && d < 256;
}

/* full_uri_allowed: https anywhere; plain http only to this machine or the
 * ECS and EKS credential agents, as botocore allows. */
static bool full_uri_allowed(const char *uri)
{
	const char *h, *e;
	size_t n;

	if (strncasecmp(uri, "https://", 8) == 0)
		return true;
	if (strncasecmp(uri, "http://", 7) != 0)
		return false;
	h = uri + 7;
	e = h + strcspn(h, "/?#");
	if (memchr(h, '@', (size_t)(e - h)))
		return false; /* no user info games */
	if (*h == '[') {
		const char *close = memchr(h, ']', (size_t)(e - h));

		if (!close)
			return false;
		h++;
		n = (size_t)(close - h);
		return text_span_eq(h, n, "::1") || text_span_eq(h, n, "fd00:ec2::23");
	}
	n = strcspn(h, ":/?#");
	return text_span_eq(h, n, "localhost") || is_loopback_v4(h, n) ||
	       text_span_eq(h, n, "169.254.170.2") || text_span_eq(h, n, "169.254.170.23");
}

static bool clean_header_value(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* wipe_data: free what file_read returned, wiped (the token is a secret). */
static void wipe_data(char *data, size_t len)
{
	OPENSSL_cleanse(data, len);
	free(data);
}

/* container_token_file: the token in file, less its line end, into *out.
 * The file is read each time: the agent rotates it. 1, or -1 with err. */
static int container_token_file(const char *file, char **out, char *err, size_t errlen)
{
	char fname[256], *data;
	size_t len, n;
	int errnum;

	/* One byte more than the longest token would take: larger is refused. */
	if (file_read(file, AUTH_TOKEN_MAX + 1, false, &data, &len, &errnum) ==
	    FILE_READ_CANNOT_OPEN) {
		say(err, errlen, "container credentials: cannot read %s: %s",
		    aws_creds_safe(fname, sizeof(fname), file), strerror(errnum));
		return -1;
	}
	n = len;
	while (data && n && (data[n - 1] == '\n' || data[n - 1] == '\r' || data[n - 1] == ' '))
		data[--n] = '\0';
	/* Unreadable, a directory or too large: no usable token either. */
	if (!data || n >= AUTH_TOKEN_MAX || !clean_header_value(data, AUTH_TOKEN_MAX)) {
		if (data)
			wipe_data(data, len);
		say(err, errlen,
		    "container credentials: the token in %s is empty, too long or "
		    "has control characters",
		    aws_creds_safe(fname, sizeof(fname), file));
		return -1;
	}
	*out = xstrdup(data);
	wipe_data(data, len);
	return 1;
}

/* container_auth: the Authorization value, from the token file or the
 * variable. 1 set, 0 none, -1 error. */
static int container_auth(char **out, char *err, size_t errlen)
{
	const char *file = aws_creds_env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	const char *tok = aws_creds_env("AWS_CONTAINER_AUTHORIZATION_TOKEN");

	*out = NULL;
	if (file)
		return container_token_file(file, out, err, errlen);
	if (tok) {
		if (!clean_header_value(tok, AUTH_TOKEN_MAX)) {
			say(err, errlen,
			    "container credentials: AWS_CONTAINER_AUTHORIZATION_TOKEN is too "
			    "long or has control characters");
			return -1;
		}
		*out = xstrdup(tok);
		return 1;
	}
	return 0;
}

int aws_creds_from_container(struct aws_credentials *out, char *err, size_t errlen)
{
	const char *rel = aws_creds_env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = aws_creds_env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	char *url, *auth = NULL, *auth_header = NULL, why[200], surl[200];
	const char *headers[3] = {"Accept: application/json", NULL, NULL};
	struct fetch f;
	int rc = -1, attempt;

	if (!rel && !full)
		return 0;
	url = rel ? xasprintf(ECS_HOST "%s", rel) : xstrdup(full);
	aws_creds_safe(surl, sizeof(surl), url);
	if (!clean_header_value(url, 2048) || strchr(url, ' ')) {
		say(err, errlen, "container credentials: the URI is not usable");
		free(url);
		return -1;
	}
	if (!rel && !full_uri_allowed(full)) {
		say(err, errlen,
		    "container credentials: %s is neither https nor a loopback, ECS or "
		    "EKS address",
		    surl);
		free(url);
		return -1;
	}
	if (container_auth(&auth, err, errlen) < 0) {
		free(url);
		return -1;
	}
	if (auth) {
		auth_header = xasprintf("Authorization: %s", auth);
		headers[1] = auth_header;
	}
	/* botocore tries three times: the agent may be starting. */
	for (attempt = 0; attempt < 3; attempt++) {
		if (fetch(url, "GET", headers, 1000, 2000, &f) == 0 && f.status < 500)
			break;
		if (attempt < 2)
			fetch_free(&f);
	}
	if (f.status == 0) {
		say(err, errlen, "container credentials (%s): %s", surl, f.error);
	} else if (f.status != 200) {
		say(err, errlen, "container credentials (%s): HTTP status %ld", surl, f.status);
	} else if (aws_creds_parse_json(f.body, f.len, false, out, why, sizeof(why)) < 0) {
		say(err, errlen, "container credentials (%s): %s", surl, why);
	} else if (aws_creds_validate(out, "container credentials", err, errlen) == 0) {
		say(out->source, sizeof(out->source), "container");
		rc = 1;
	}
	fetch_free(&f);
	secret_free(&auth_header);
	secret_free(&auth);
	free(url);
	if (rc < 0)
		aws_credentials_clear(out);
	return rc;
}

/* --- EC2 instance metadata (IMDSv2) ---------------------------------------------------- */

#define IMDS_TIMEOUT_MS 1000
#define IMDS_CREDS_PATH "/latest/meta-data/iam/security-credentials/"

static char *imds_base(void)
{
	const char *v = aws_creds_env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	const char *mode = aws_creds_env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
	char *base;
	size_t n;

	if (!v)
		v = mode && strcasecmp(mode, "IPv6") == 0 ? IMDS_DEFAULT_V6 : IMDS_DEFAULT;
	base = xstrdup(v);
	n = strlen(base);
	while (n && base[n - 1] == '/')
		base[--n] = '\0';
	return base;
}

static bool valid_role_name(const char *s, size_t n)
{
	if (n == 0 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!text_is_alnum(s[i]) && !strchr("+=,.@_-", s[i]))
			return false;
	return true;
}

/* imds_token: the IMDSv2 session token into *token (NULL: use IMDSv1, as
 * botocore falls back when the PUT is refused). -1 when IMDS is absent. */
static int imds_token(const char *base, char **token, char *note, size_t notelen)
{
	const char *headers[] = {"X-aws-ec2-metadata-token-ttl-seconds: 21600", NULL};
	char *url = xasprintf("%s/latest/api/token", base);
	struct fetch f;
	int rc = -1;

	*token = NULL;
	if (fetch(url, "PUT", headers, IMDS_TIMEOUT_MS, IMDS_TIMEOUT_MS, &f) < 0) {
		say(note, notelen, "no answer: %s", f.error);
		goto out;
	}
	while (f.len && (f.body[f.len - 1] == '\n' || f.body[f.len - 1] == '\r'))
		f.body[--f.len] = '\0';
	if (f.status == 200 && f.len > 0 && f.len <= 4096 && clean_header_value(f.body, 4096)) {
		*token = xstrdup(f.body);
		rc = 0;
	} else if ((f.status == 403 || f.status == 404 || f.status == 405) &&
		   !aws_is_true(getenv("AWS_EC2_METADATA_V1_DISABLED"))) {
		rc = 0;
	} else {
		say(note, notelen, "token request answered HTTP %ld", f.status);
	}
out:
	fetch_free(&f);
	free(url);
	return rc;
}

static int imds_get(const char *url, const char *token, struct fetch *f)
{
	char *h = token ? xasprintf("X-aws-ec2-metadata-token: %s", token) : NULL;
	const char *headers[] = {h, NULL};
	int rc = fetch(url, "GET", h ? headers : NULL, IMDS_TIMEOUT_MS, IMDS_TIMEOUT_MS, f);

	secret_free(&h);
	return rc;
}

int aws_creds_from_imds(struct aws_credentials *out, char *note, size_t notelen)
{
	char *base, *token = NULL, *url = NULL, role[129], why[200];
	struct fetch f = {0};
	size_t n;
	int rc = 0;

	if (aws_is_true(getenv("AWS_EC2_METADATA_DISABLED"))) {
		say(note, notelen, "disabled");
		return 0;
	}
	base = imds_base();
	if (imds_token(base, &token, why, sizeof(why)) < 0) {
		say(note, notelen, "%.150s at %.100s", why, base);
		goto out;
	}
	url = xasprintf("%s" IMDS_CREDS_PATH, base);
	if (imds_get(url, token, &f) < 0 || f.status != 200) {
		if (f.status == 404)
			say(note, notelen, "no IAM role attached");
		else if (f.status)
			say(note, notelen, "role lookup answered HTTP %ld", f.status);
		else
			say(note, notelen, "no answer: %.200s", f.error);
		goto out;
	}
	/* The first line names the role. */
	n = strcspn(f.body, "\r\n");
	if (!valid_role_name(f.body, n)) {
		say(note, notelen, "the role name is not valid");
		goto out;
	}
	memcpy(role, f.body, n);
	role[n] = '\0';
	fetch_free(&f);
	free(url);
	url = xasprintf("%s" IMDS_CREDS_PATH "%s", base, role);
	if (imds_get(url, token, &f) < 0 || f.status != 200) {
		say(note, notelen, "credentials for role %s: %s", role,
		    f.status ? "HTTP error" : "no answer");
		goto out;
	}
	if (aws_creds_parse_json(f.body, f.len, false, out, why, sizeof(why)) < 0) {
		say(note, notelen, "role %s: %s", role, why);
		goto out;
	}
	if (aws_creds_validate(out, "instance metadata", why, sizeof(why)) < 0) {
		say(note, notelen, "role %s: %s", role, why);
		aws_credentials_clear(out);
		goto out;
	}
	say(out->source, sizeof(out->source), "instance metadata (role %.100s)", role);
	rc = 1;
out:
	fetch_free(&f);
	free(url);
	secret_free(&token);
	free(base);
	return rc;
}
