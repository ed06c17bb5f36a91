/* aws_sigv4: AWS Signature Version 4 (canonical request, string to sign,
 * signing key, Authorization header), pure: no I/O and no clock. */
#include "config.h"

#include "src/aws_sigv4.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "src/buf.h"
#include "src/xalloc.h"

#define SIGV4_ALGORITHM  "AWS4-HMAC-SHA256"
#define SIGV4_TERMINATOR "aws4_request"
/* Bounds that keep a hostile or broken caller from making us build
 * enormous strings; real CloudWatch requests are far below them. */
#define SIGV4_MAX_HEADERS 64
#define SIGV4_MAX_FIELD   16384

static const char hexdigits[] = "0123456789abcdef";

static void hex_encode(const unsigned char *in, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hexdigits[in[i] >> 4];
		out[2 * i + 1] = hexdigits[in[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

void sigv4_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (!EVP_Digest(data ? data : "", len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
		fatal("SHA-256 failed in libcrypto");
	hex_encode(md, 32, out);
}

static void hmac_sha256(const void *key, size_t keylen, const void *msg, size_t msglen,
			unsigned char out[32])
{
	unsigned int outlen = 0;

	if (!HMAC(EVP_sha256(), key, (int)keylen, msg, msglen, out, &outlen) || outlen != 32)
		fatal("HMAC-SHA256 failed in libcrypto");
}

void sigv4_amz_date(time_t t, char out[17])
{
	struct tm tm;

	/* Outside four-digit years the format cannot hold the date; such a
	 * clock is broken anyway, and a fixed valid value keeps out[] sane. */
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1000 || tm.tm_year + 1900 > 9999 ||
	    strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) != 16)
		memcpy(out, "19700101T000000Z", 17);
}

/* --- Validation of the small fields ------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* valid_amz_date: exactly YYYYMMDDTHHMMSSZ. */
static bool valid_amz_date(const char *d)
{
	if (!d || strlen(d) != 16 || d[8] != 'T' || d[15] != 'Z')
		return false;
	for (int i = 0; i < 15; i++)
		if (i != 8 && !is_digit(d[i]))
			return false;
	return true;
}

/* valid_word: 1..max-1 characters, each alphanumeric or in extra. Access key
 * ids, regions and service names are all of this shape; anything else
 * would break the "/"-separated credential scope. */
static bool valid_word(const char *s, size_t max, const char *extra)
{
	size_t n;

	if (!s)
		return false;
	n = strlen(s);
	if (n == 0 || n >= max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && !strchr(extra, s[i]))
			return false;
	return true;
}

static bool valid_access_key(const char *s)
{
	return valid_word(s, sizeof(((struct sigv4_auth_parts *)0)->access_key_id), "_-");
}

static bool valid_scope_part(const char *s)
{
	return valid_word(s, sizeof(((struct sigv4_auth_parts *)0)->region), "._-");
}

/* valid_header_name: an HTTP token (RFC 9110), bounded. */
static bool valid_header_name(const char *s)
{
	size_t n;

	if (!s)
		return false;
	n = strlen(s);
	if (n == 0 || n > 256)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && !strchr("!#$%&'*+-.^_`|~", s[i]))
			return false;
	return true;
}

/* --- URI encoding --------------------------------------------------------- */

static bool is_unreserved(unsigned char c)
{
	return is_alnum((char)c) || c == '-' || c == '_' || c == '.' || c == '~';
}

/* uri_encode: percent-encode every byte but the unreserved ones (and '/'
 * when keep_slash), upper-case hex as SigV4 requires. */
static void uri_encode(struct buf *b, const char *s, size_t len, bool keep_slash)
{
	static const char upper[] = "0123456789ABCDEF";

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_unreserved(c) || (keep_slash && c == '/')) {
			buf_append(b, &s[i], 1);
		} else {
			char esc[3] = {'%', upper[c >> 4], upper[c & 0x0f]};

			buf_append(b, esc, 3);
		}
	}
}

static int hexval(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* uri_decode: undo percent-encoding so that a query that arrives encoded
 * and one that arrives raw canonicalize the same. A '%' not followed by two
 * hex digits stays literal (and is then encoded as %25). */
static char *uri_decode(const char *s, size_t len, size_t *outlen)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < len && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* --- Canonical URI ---------------------------------------------------------- */

/* canonical_path: remove "." and ".." segments and empty segments (for
 * every service but S3, as the test suite expects), keep a trailing slash,
 * then URI-encode each segment. The path is taken as sent on the wire, so
 * an already-encoded "%20" becomes "%2520": SigV4 encodes non-S3 paths
 * twice. */
static int canonical_path(struct buf *b, const char *path)
{
	size_t len = strlen(path);
	const char **seg;
	size_t *seglen;
	size_t nseg = 0;
	bool trailing;

	if (len == 0) {
		buf_append(b, "/", 1);
		return 0;
	}
	if (path[0] != '/' || len > SIGV4_MAX_FIELD)
		return -1;
	seg = xcalloc(len, sizeof(*seg));
	seglen = xcalloc(len, sizeof(*seglen));
	for (size_t i = 0; i < len;) {
		size_t j = i;

		while (j < len && path[j] != '/')
			j++;
		if (j == i || (j - i == 1 && path[i] == '.')) {
			/* empty or "." */
		} else if (j - i == 2 && path[i] == '.' && path[i + 1] == '.') {
			if (nseg > 0)
				nseg--;
		} else {
			seg[nseg] = path + i;
			seglen[nseg] = j - i;
			nseg++;
		}
		i = j + 1;
	}
	trailing = path[len - 1] == '/';
	buf_append(b, "/", 1);
	for (size_t k = 0; k < nseg; k++) {
		uri_encode(b, seg[k], seglen[k], false);
		if (k + 1 < nseg || trailing)
			buf_append(b, "/", 1);
	}
	free(seg);
	free(seglen);
	return 0;
}

/* --- Canonical query string ------------------------------------------------------ */

struct query_param {
	char *key;   /* encoded */
	char *value; /* encoded */
};

static int cmp_param(const void *a, const void *b)
{
	const struct query_param *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->value, y->value);
}

static char *encode_component(const char *s, size_t len)
{
	struct buf b;
	size_t dlen;
	char *decoded = uri_decode(s, len, &dlen);

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	uri_encode(&b, decoded, dlen, false);
	free(decoded);
	return buf_steal(&b, NULL);
}

/* canonical_query: split on '&', each pair at its first '=', encode both
 * sides, sort by key then value. Empty pairs ("a=1&&b=2") are dropped. */
static int canonical_query(struct buf *b, const char *query)
{
	size_t len = strlen(query), n = 0, cap = 0;
	struct query_param *p = NULL;

	if (len > SIGV4_MAX_FIELD)
		return -1;
	for (size_t i = 0; i < len;) {
		size_t j = i, eq;

		while (j < len && query[j] != '&')
			j++;
		if (j > i) {
			eq = i;
			while (eq < j && query[eq] != '=')
				eq++;
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				p = xreallocarray(p, cap, sizeof(*p));
			}
			p[n].key = encode_component(query + i, eq - i);
			p[n].value =
				eq < j ? encode_component(query + eq + 1, j - eq - 1) : xstrdup("");
			n++;
		}
		i = j + 1;
	}
	if (n > 1)
		qsort(p, n, sizeof(*p), cmp_param);
	for (size_t k = 0; k < n; k++) {
		buf_printf(b, "%s%s=%s", k ? "&" : "", p[k].key, p[k].value);
		free(p[k].key);
		free(p[k].value);
	}
	free(p);
	return 0;
}

/* --- Canonical headers ------------------------------------------------------------- */

struct canon_header {
	char *name;  /* lower-cased */
	char *value; /* trimmed, whitespace runs folded */
	size_t order;
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* fold_value: trim, and turn every run of whitespace (line folds included:
 * an obsolete folded header arrives as "a\r\n  b") into one space. */
static char *fold_value(const char *v)
{
	size_t len = strlen(v), o = 0;
	char *out = xmalloc(len + 1);
	bool pending_space = false;

	for (size_t i = 0; i < len; i++) {
		if (is_ws(v[i])) {
			pending_space = o > 0;
			continue;
		}
		if (pending_space)
			out[o++] = ' ';
		pending_space = false;
		out[o++] = v[i];
	}
	out[o] = '\0';
	return out;
}

static char *lower_dup(const char *s)
{
	char *out = xstrdup(s);

	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

/* Sort by name, keeping the order received among equal names (qsort is not
 * stable, hence the index). */
static int cmp_header(const void *a, const void *b)
{
	const struct canon_header *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

struct header_set {
	struct canon_header *h;
	size_t n;
};

static void header_set_free(struct header_set *hs)
{
	for (size_t i = 0; i < hs->n; i++) {
		free(hs->h[i].name);
		free(hs->h[i].value);
	}
	free(hs->h);
	hs->h = NULL;
	hs->n = 0;
}

/* collect_headers: validate, canonicalize and sort the request's headers,
 * adding x-amz-security-token when the credentials carry a session token
 * the caller did not already put in the request. */
static int collect_headers(const struct sigv4_request *req, const struct sigv4_credentials *creds,
			   struct header_set *hs)
{
	bool have_host = false, have_token = false;
	bool add_token = creds->session_token && creds->session_token[0];
	size_t total = req->nheaders + (add_token ? 1 : 0);

	if (req->nheaders > SIGV4_MAX_HEADERS || (req->nheaders && !req->headers))
		return -1;
	hs->h = xcalloc(total ? total : 1, sizeof(*hs->h));
	hs->n = 0;
	for (size_t i = 0; i < req->nheaders; i++) {
		const struct sigv4_header *in = &req->headers[i];
		struct canon_header *out = &hs->h[hs->n];

		if (!valid_header_name(in->name) || !in->value ||
		    strlen(in->value) > SIGV4_MAX_FIELD)
			return -1;
		out->name = lower_dup(in->name);
		out->value = fold_value(in->value);
		out->order = hs->n++;
		have_host |= strcmp(out->name, "host") == 0;
		have_token |= strcmp(out->name, "x-amz-security-token") == 0;
	}
	if (!have_host)
		return -1;
	if (add_token && !have_token) {
		if (strlen(creds->session_token) > SIGV4_MAX_FIELD)
			return -1;
		hs->h[hs->n].name = xstrdup("x-amz-security-token");
		hs->h[hs->n].value = fold_value(creds->session_token);
		hs->h[hs->n].order = hs->n;
		hs->n++;
	}
	qsort(hs->h, hs->n, sizeof(*hs->h), cmp_header);
	return 0;
}

/* append_headers: "name:v1,v2\n" per distinct name, and the signed list. */
static void append_headers(struct buf *creq, struct buf *signed_list, const struct header_set *hs)
{
	for (size_t i = 0; i < hs->n; i++) {
		bool same_as_prev = i > 0 && strcmp(hs->h[i].name, hs->h[i - 1].name) == 0;
		bool same_as_next = i + 1 < hs->n && strcmp(hs->h[i].name, hs->h[i + 1].name) == 0;

		if (same_as_prev) {
			buf_printf(creq, ",%s", hs->h[i].value);
		} else {
			buf_printf(creq, "%s:%s", hs->h[i].name, hs->h[i].value);
			buf_printf(signed_list, "%s%s", signed_list->len ? ";" : "", hs->h[i].name);
		}
		if (!same_as_next)
			buf_append(creq, "\n", 1);
	}
}

/* --- Signing ------------------------------------------------------------------------ */

static bool valid_method(const char *m)
{
	size_t n = m ? strlen(m) : 0;

	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (m[i] < 'A' || m[i] > 'Z')
			return false;
	return true;
}

static int build_canonical_request(const struct sigv4_request *req,
				   const struct sigv4_credentials *creds, struct buf *creq,
				   struct buf *signed_list)
{
	struct header_set hs = {0};
	char payload_hash[65];
	int rc = -1;

	buf_printf(creq, "%s\n", req->method);
	if (canonical_path(creq, req->path ? req->path : "/") < 0)
		goto out;
	buf_append(creq, "\n", 1);
	if (canonical_query(creq, req->query ? req->query : "") < 0)
		goto out;
	buf_append(creq, "\n", 1);
	if (collect_headers(req, creds, &hs) < 0)
		goto out;
	append_headers(creq, signed_list, &hs);
	sigv4_sha256_hex(req->body, req->body ? req->body_len : 0, payload_hash);
	buf_printf(creq, "\n%s\n%s", signed_list->data, payload_hash);
	rc = 0;
out:
	header_set_free(&hs);
	return rc;
}

/* derive_signing_key: HMAC chain "AWS4"+secret -> date -> region -> service
 * -> "aws4_request". Every intermediate key is wiped. */
static void derive_signing_key(const char *secret, const char *date8, const char *region,
			       const char *service, unsigned char key[32])
{
	size_t slen = strlen(secret);
	char *k_secret = xmalloc(slen + 5);
	unsigned char k_date[32], k_region[32], k_service[32];

	memcpy(k_secret, "AWS4", 4);
	memcpy(k_secret + 4, secret, slen + 1);
	hmac_sha256(k_secret, slen + 4, date8, 8, k_date);
	hmac_sha256(k_date, 32, region, strlen(region), k_region);
	hmac_sha256(k_region, 32, service, strlen(service), k_service);
	hmac_sha256(k_service, 32, SIGV4_TERMINATOR, strlen(SIGV4_TERMINATOR), key);
	OPENSSL_cleanse(k_secret, slen + 4);
	OPENSSL_cleanse(k_date, sizeof(k_date));
	OPENSSL_cleanse(k_region, sizeof(k_region));
	OPENSSL_cleanse(k_service, sizeof(k_service));
	free(k_secret);
}

static bool valid_inputs(const struct sigv4_request *req, const struct sigv4_credentials *creds,
			 const char *region, const char *service, const char *amz_date)
{
	return req && creds && valid_method(req->method) &&
	       valid_access_key(creds->access_key_id) && creds->secret_access_key &&
	       creds->secret_access_key[0] && strlen(creds->secret_access_key) <= 1024 &&
	       valid_scope_part(region) && valid_scope_part(service) && valid_amz_date(amz_date);
}

int sigv4_sign(const struct sigv4_request *req, const struct sigv4_credentials *creds,
	       const char *region, const char *service, const char *amz_date,
	       struct sigv4_result *out)
{
	struct buf creq, signed_list, sts;
	char creq_hash[65], date8[9];
	unsigned char key[32], sig[32];

	if (!out)
		return -1;
	memset(out, 0, sizeof(*out));
	if (!valid_inputs(req, creds, region, service, amz_date))
		return -1;
	buf_init(&creq, 0);
	buf_init(&signed_list, 0);
	buf_append(&signed_list, "", 0);
	if (build_canonical_request(req, creds, &creq, &signed_list) < 0) {
		buf_free(&creq);
		buf_free(&signed_list);
		return -1;
	}
	memcpy(date8, amz_date, 8);
	date8[8] = '\0';
	sigv4_sha256_hex(creq.data, creq.len, creq_hash);
	buf_init(&sts, 0);
	buf_printf(&sts, SIGV4_ALGORITHM "\n%s\n%s/%s/%s/" SIGV4_TERMINATOR "\n%s", amz_date, date8,
		   region, service, creq_hash);

	derive_signing_key(creds->secret_access_key, date8, region, service, key);
	hmac_sha256(key, sizeof(key), sts.data, sts.len, sig);
	OPENSSL_cleanse(key, sizeof(key));
	hex_encode(sig, sizeof(sig), out->signature);

	out->canonical_request = buf_steal(&creq, NULL);
	out->string_to_sign = buf_steal(&sts, NULL);
	out->signed_headers = buf_steal(&signed_list, NULL);
	out->authorization = xasprintf(SIGV4_ALGORITHM " Credential=%s/%s/%s/%s/" SIGV4_TERMINATOR
						       ", SignedHeaders=%s, Signature=%s",
				       creds->access_key_id, date8, region, service,
				       out->signed_headers, out->signature);
	return 0;
}

void sigv4_result_free(struct sigv4_result *r)
{
	if (!r)
		return;
	free(r->canonical_request);
	free(r->string_to_sign);
	free(r->signed_headers);
	free(r->authorization);
	memset(r, 0, sizeof(*r));
}

/* --- Parsing an Authorization header ------------------------------------------------- */

/* copy_field: copy [s, s+n) into out[outlen] if it fits. */
static bool copy_field(char *out, size_t outlen, const char *s, size_t n)
{
	if (n >= outlen)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* parse_credential: "AK/YYYYMMDD/region/service/aws4_request". */
static bool parse_credential(const char *s, size_t n, struct sigv4_auth_parts *out)
{
	const char *part[5];
	size_t plen[5], k = 0, start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '/') {
			if (k == 5)
				return false;
			part[k] = s + start;
			plen[k] = i - start;
			k++;
			start = i + 1;
		}
	}
	if (k != 5 || plen[4] != strlen(SIGV4_TERMINATOR) ||
	    memcmp(part[4], SIGV4_TERMINATOR, plen[4]) != 0)
		return false;
	if (!copy_field(out->access_key_id, sizeof(out->access_key_id), part[0], plen[0]) ||
	    !copy_field(out->date, sizeof(out->date), part[1], plen[1]) ||
	    !copy_field(out->region, sizeof(out->region), part[2], plen[2]) ||
	    !copy_field(out->service, sizeof(out->service), part[3], plen[3]))
		return false;
	if (strlen(out->date) != 8)
		return false;
	for (int i = 0; i < 8; i++)
		if (!is_digit(out->date[i]))
			return false;
	return valid_access_key(out->access_key_id) && valid_scope_part(out->region) &&
	       valid_scope_part(out->service);
}

/* valid_signed_headers: "a;b;c", lower-case header names, sorted and
 * unique as a signer produces them. */
static bool valid_signed_headers(const char *s)
{
	const char *prev = NULL;
	size_t prevlen = 0;

	for (const char *p = s;;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == 0)
			return false;
		for (size_t i = 0; i < len; i++)
			if ((p[i] >= 'A' && p[i] <= 'Z') ||
			    !(is_alnum(p[i]) || strchr("!#$%&'*+-.^_`|~", p[i])))
				return false;
		if (prev) {
			size_t m = prevlen < len ? prevlen : len;
			int c = memcmp(prev, p, m);

			if (c > 0 || (c == 0 && prevlen >= len))
				return false;
		}
		prev = p;
		prevlen = len;
		if (!e)
			return true;
		p = e + 1;
	}
}

static bool valid_signature_hex(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (int i = 0; i < 64; i++)
		if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return false;
	return true;
}

/* Component names are matched exactly, as AWS does. */
static bool parse_component(const char *s, size_t n, struct sigv4_auth_parts *out, unsigned *seen)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {{"Credential=", 1}, {"SignedHeaders=", 2}, {"Signature=", 4}};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t nl = strlen(names[i].name);
		const char *v = s + nl;
		size_t vlen = n - nl;

		if (n < nl || memcmp(s, names[i].name, nl) != 0)
			continue;
		if (*seen & names[i].bit)
			return false;
		*seen |= names[i].bit;
		switch (names[i].bit) {
		case 1:
			return parse_credential(v, vlen, out);
		case 2:
			return copy_field(out->signed_headers, sizeof(out->signed_headers), v,
					  vlen) &&
			       valid_signed_headers(out->signed_headers);
		default:
			return copy_field(out->signature, sizeof(out->signature), v, vlen) &&
			       valid_signature_hex(out->signature);
		}
	}
	return false;
}

int sigv4_parse_authorization(const char *value, struct sigv4_auth_parts *out)
{
	const size_t alg_len = strlen(SIGV4_ALGORITHM);
	unsigned seen = 0;
	const char *p;

	if (!out)
		return -1;
	memset(out, 0, sizeof(*out));
	if (!value || strlen(value) > 4096 || strncmp(value, SIGV4_ALGORITHM, alg_len) != 0 ||
	    value[alg_len] != ' ')
		goto bad;
	p = value + alg_len;
	for (;;) {
		const char *e;

		while (*p == ' ')
			p++;
		e = p;
		while (*e && *e != ',' && *e != ' ')
			e++;
		if (!parse_component(p, (size_t)(e - p), out, &seen))
			goto bad;
		while (*e == ' ')
			e++;
		if (*e == '\0')
			break;
		if (*e != ',')
			goto bad;
		p = e + 1;
	}
	if (seen != 7)
		goto bad;
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	return -1;
}
