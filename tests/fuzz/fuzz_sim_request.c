/* fuzz_sim_request: the demo endpoint's parsers of what a client puts in a
 * request body, callable without the HTTP server: sim_token_read (the
 * NextToken a client sends back) and sim_stat_parse (a query's Stat).
 * The Authorization header has its own target (fuzz_sigv4_auth); the body's
 * JSON walk is still private to sim_server.c.
 *
 * Input layout: byte 0 picks the parser (even: NextToken, odd: Stat), the
 * rest is the text (cut at its first NUL, as it would be in JSON).
 *
 * A token is accepted only for the request it was made for, with a
 * positive offset and time, and encoding what was read gives a token that
 * reads back the same; a refused one gets InvalidNextToken (400) with a
 * JSON body. A statistic is a known kind with a percentage in 0..100 and,
 * strictly inside, a finite normal quantile. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "src/sim_reply.h"
#include "src/sim_story.h"
#include "src/sim_token.h"
#include "tests/fuzz/fuzz.h"

#define SECRET UINT64_C(0x5eed5eed12345678)
#define HASH   UINT64_C(0x0123456789abcdef)

static void check_token(const char *text)
{
	struct sim_token t, back;
	struct sim_reply r;
	char *again;

	sim_reply_init(&r);
	memset(&t, 0, sizeof(t));
	if (sim_token_read(SECRET, text, HASH, &t, &r, text[0] & 1)) {
		FUZZ_CHECK(t.offset > 0 && t.now > 0 && t.hash == HASH);
		FUZZ_CHECK(r.status == 200 && r.body.len == 0);
		again = sim_token_encode(SECRET, &t);
		FUZZ_CHECK(sim_token_read(SECRET, again, HASH, &back, &r, false));
		FUZZ_CHECK(back.offset == t.offset && back.now == t.now && back.hash == HASH);
		/* Bound to its request: another request's hash refuses it. */
		FUZZ_CHECK(!sim_token_read(SECRET, again, HASH ^ 1, &back, &r, false));
		free(again);
	} else {
		FUZZ_CHECK(r.status == 400);
		FUZZ_CHECK(strcmp(r.error, "InvalidNextToken") == 0);
		FUZZ_CHECK(r.body.len > 2 && r.body.data[0] == '{' &&
			   r.body.data[r.body.len - 1] == '}');
	}
	buf_free(&r.body);
}

static void check_stat(const char *text)
{
	struct sim_stat st;

	if (sim_stat_parse(text, &st) != 0)
		return;
	FUZZ_CHECK(st.kind >= SIM_STAT_SAMPLECOUNT && st.kind <= SIM_STAT_TRIMMED_SUM);
	FUZZ_CHECK(isfinite(st.pct) && st.pct >= 0 && st.pct <= 100);
	FUZZ_CHECK(!isnan(st.z));
	if (st.pct > 0 && st.pct < 100)
		FUZZ_CHECK(isfinite(st.z));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1)
		return 0;
	text = malloc(size);
	if (!text)
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (data[0] & 1)
		check_stat(text);
	else
		check_token(text);
	free(text);
	return 0;
}

#include "tests/fuzz/replay.c"
