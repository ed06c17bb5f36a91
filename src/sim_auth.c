/* sim_auth: the demo endpoint verifies SigV4 as AWS does. */
#include "config.h"

#include "src/sim_auth.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "src/aws_config.h"
#include "src/buf.h"
#include "src/clock.h"
#include "src/cloudwatch.h"
#include "src/sim_server.h"

#define SIM_SERVICE CW_SIGNING_NAME

#define MSG_BAD_SIGNATURE                                                                          \
	"The request signature we calculated does not match the signature you provided. Check "    \
	"your AWS Secret Access Key and signing method. Consult the service documentation for "    \
	"details."
#define MSG_BAD_TOKEN "The security token included in the request is invalid."

/* parse_amz_date: "YYYYMMDDTHHMMSSZ" -> epoch seconds; -1 if malformed. */
static int64_t parse_amz_date(const char *s)
{
	struct tm tm = {0};
	int y, mo, d, h, mi, se;

	if (!s || strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z')
		return -1;
	for (int i = 0; i < 15; i++)
		if (i != 8 && (s[i] < '0' || s[i] > '9'))
			return -1;
	if (sscanf(s, "%4d%2d%2dT%2d%2d%2dZ", &y, &mo, &d, &h, &mi, &se) != 6)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	return (int64_t)timegm(&tm);
}

static bool same_signature(const char *a, const char *b)
{
	unsigned char diff = 0;
	size_t n = strlen(a);

	if (n != strlen(b))
		return false;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

/* signature_matches: rebuild the request from its SignedHeaders list and
 * sign it again with the demo secret. */
static bool signature_matches(const struct sim_request *rq)
{
	struct sigv4_header hdrs[64];
	struct sigv4_credentials creds = {rq->auth.access_key_id, SIM_DEMO_SECRET_KEY, NULL};
	struct sigv4_request req = {0};
	struct sigv4_result res;
	char names[sizeof(rq->auth.signed_headers)];
	struct buf query;
	size_t n = 0;
	bool ok = false;

	snprintf(names, sizeof(names), "%s", rq->auth.signed_headers);
	for (char *save = NULL, *name = strtok_r(names, ";", &save); name;
	     name = strtok_r(NULL, ";", &save)) {
		const char *value = sim_request_header(rq, name);

		if (!value || n == sizeof(hdrs) / sizeof(hdrs[0]))
			return false; /* a signed header that was not sent */
		hdrs[n].name = name;
		hdrs[n].value = value;
		n++;
	}
	buf_init(&query, 0);
	buf_append(&query, "", 0);
	sim_request_query(rq, &query);
	req.method = rq->method;
	req.path = rq->url;
	req.query = query.data;
	req.headers = hdrs;
	req.nheaders = n;
	req.body = rq->body;
	req.body_len = rq->body_len;
	if (sigv4_sign(&req, &creds, rq->auth.region, rq->auth.service,
		       sim_request_header(rq, "x-amz-date"), &res) == 0) {
		ok = same_signature(res.signature, rq->auth.signature);
		sigv4_result_free(&res);
	}
	buf_free(&query);
	return ok;
}

static bool has_signed_header(const struct sim_request *rq, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = rq->auth.signed_headers; p && *p;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

/* sim_auth_parse: enough of the Authorization header to know the region (the
 * faults need it before anything is verified). */
void sim_auth_parse(struct sim_request *rq)
{
	const char *value = sim_request_header(rq, "Authorization");

	rq->have_auth = value && sigv4_parse_authorization(value, &rq->auth) == 0;
	if (rq->have_auth && aws_region_name_ok(rq->auth.region))
		snprintf(rq->region, sizeof(rq->region), "%s", rq->auth.region);
}

static void fmt_amz(char out[17], int64_t t)
{
	sigv4_amz_date((time_t)t, out);
}

/* sim_auth_verify: the checks in the order AWS makes them; false with the
 * error in r when the request is refused. */
bool sim_auth_verify(const struct sim_request *rq, struct sim_reply *r)
{
	const char *value = sim_request_header(rq, "Authorization");
	const char *amz_date = sim_request_header(rq, "x-amz-date");
	const char *token = sim_request_header(rq, "x-amz-security-token");
	int64_t now = clock_now(), t;
	bool qm = rq->query_mode;

	if (!value) {
		sim_reply_error(r, qm, SIM_E_MISSING_AUTH, "Missing Authentication Token");
		return false;
	}
	if (!rq->have_auth) {
		sim_reply_error(
			r, qm, SIM_E_INCOMPLETE_SIGNATURE,
			"Authorization header requires 'Credential' parameter. Authorization "
			"header requires 'Signature' parameter. Authorization header requires "
			"'SignedHeaders' parameter. Authorization header requires existence of "
			"either a 'X-Amz-Date' or a 'Date' header.");
		return false;
	}
	t = parse_amz_date(amz_date);
	if (t < 0) {
		sim_reply_error(
			r, qm, SIM_E_INCOMPLETE_SIGNATURE,
			"Authorization header requires existence of either a 'X-Amz-Date' or "
			"a 'Date' header.");
		return false;
	}
	if (strcmp(rq->auth.access_key_id, SIM_DEMO_ACCESS_KEY) != 0 ||
	    (token && strcmp(token, SIM_DEMO_SESSION_TOKEN) != 0)) {
		sim_reply_error(r, qm, SIM_E_UNRECOGNIZED_CLIENT, MSG_BAD_TOKEN);
		return false;
	}
	if (strcmp(rq->auth.service, SIM_SERVICE) != 0) {
		sim_reply_error(r, qm, SIM_E_INVALID_SIGNATURE,
				"Credential should be scoped to correct service: '" SIM_SERVICE
				"'. ");
		return false;
	}
	if (!rq->region[0]) {
		sim_reply_error(r, qm, SIM_E_INVALID_SIGNATURE,
				"Credential should be scoped to a valid region. ");
		return false;
	}
	if (strncmp(rq->auth.date, amz_date, 8) != 0) {
		sim_reply_error(
			r, qm, SIM_E_INVALID_SIGNATURE,
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version "
			"of date from HTTP: '%s' != '%.8s', from '%s'.",
			rq->auth.date, amz_date, amz_date);
		return false;
	}
	if (t < now - SIM_MAX_SKEW_SECONDS || t > now + SIM_MAX_SKEW_SECONDS) {
		char a[17], b[17], c[17];

		fmt_amz(a, t);
		fmt_amz(c, now);
		if (t < now) {
			fmt_amz(b, now - SIM_MAX_SKEW_SECONDS);
			sim_reply_error(
				r, qm, SIM_E_SIGNATURE_EXPIRED,
				"Signature expired: %s is now earlier than %s (%s - 15 min.)", a, b,
				c);
		} else {
			fmt_amz(b, now + SIM_MAX_SKEW_SECONDS);
			sim_reply_error(
				r, qm, SIM_E_SIGNATURE_EXPIRED,
				"Signature not yet current: %s is still later than %s (%s + 15 "
				"min.)",
				a, b, c);
		}
		return false;
	}
	if (!has_signed_header(rq, "host")) {
		sim_reply_error(r, qm, SIM_E_INVALID_SIGNATURE,
				"'Host' or ':authority' must be a 'SignedHeader' in the AWS "
				"Authorization.");
		return false;
	}
	if (!signature_matches(rq)) {
		sim_reply_error(r, qm, SIM_E_INVALID_SIGNATURE, MSG_BAD_SIGNATURE);
		return false;
	}
	return true;
}
