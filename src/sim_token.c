/* sim_token: the demo endpoint's NextTokens. */
#include "config.h"

#include "src/sim_token.h"

#include <stdlib.h>
#include <string.h>

#include "src/buf.h"
#include "src/sim_json.h"

uint64_t sim_hash(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_encode(const unsigned char *in, size_t len, struct buf *out)
{
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		char q[4];

		if (i + 1 < len)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < len ? b64[v & 63] : '=';
		buf_append(out, q, 4);
	}
}

/* base64_decode: exactly outlen bytes or -1. */
static int base64_decode(const char *s, unsigned char *out, size_t outlen)
{
	size_t n = strlen(s), o = 0;

	if (n % 4 != 0 || n / 4 * 3 < outlen || n / 4 * 3 > outlen + 2)
		return -1;
	for (size_t i = 0; i < n; i += 4) {
		unsigned v = 0;
		int pad = 0;

		for (int j = 0; j < 4; j++) {
			const char *p = s[i + (size_t)j] ? strchr(b64, s[i + (size_t)j]) : NULL;

			v <<= 6;
			if (s[i + (size_t)j] == '=' && i + 4 == n && j >= 2)
				pad++;
			else if (p && !pad)
				v |= (unsigned)(p - b64);
			else
				return -1;
		}
		for (int j = 0; j < 3 - pad; j++) {
			if (o >= outlen)
				return -1;
			out[o++] = (unsigned char)(v >> (16 - 8 * j));
		}
	}
	return o == outlen ? 0 : -1;
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* token_mac: the server's secret first, so that a token of another run
 * does not verify. */
static uint64_t token_mac(uint64_t secret, const unsigned char *p, size_t n)
{
	uint64_t h = sim_hash(SIM_HASH_INIT, &secret, sizeof(secret));

	return sim_hash(h, p, n);
}

char *sim_token_encode(uint64_t secret, const struct sim_token *t)
{
	unsigned char raw[32];
	struct buf b;

	put64(raw, (uint64_t)t->offset);
	put64(raw + 8, (uint64_t)t->now);
	put64(raw + 16, t->hash);
	put64(raw + 24, token_mac(secret, raw, 24));
	buf_init(&b, 0);
	base64_encode(raw, sizeof(raw), &b);
	return buf_steal(&b, NULL);
}

/* token_decode: a token signed with secret for the request whose hash is
 * `hash`. */
static bool token_decode(uint64_t secret, const char *text, uint64_t hash, struct sim_token *t)
{
	unsigned char raw[32];

	if (strlen(text) > 64 || base64_decode(text, raw, sizeof(raw)) < 0 ||
	    get64(raw + 24) != token_mac(secret, raw, 24) || get64(raw + 16) != hash)
		return false;
	t->offset = (int64_t)get64(raw);
	t->now = (int64_t)get64(raw + 8);
	t->hash = hash;
	return t->offset > 0 && t->now > 0;
}

bool sim_token_read(uint64_t secret, const char *text, uint64_t hash, struct sim_token *t,
		    struct sim_reply *r, bool query_mode)
{
	if (token_decode(secret, text, hash, t))
		return true;
	sim_reply_error(r, query_mode, SIM_E_INVALID_NEXT_TOKEN,
			"The service couldn't process the NextToken: it is invalid or belongs to a "
			"different request.");
	return false;
}

void sim_token_put(struct buf *b, uint64_t secret, const struct sim_token *t)
{
	char *text = sim_token_encode(secret, t);

	buf_printf(b, ",\"NextToken\":");
	sim_json_str(b, text);
	free(text);
}
