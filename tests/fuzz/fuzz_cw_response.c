/* fuzz_cw_response: cw_parse_response, the decoder of every GetMetricData
 * body an endpoint sends. Beyond "no crash, no leak, no UB" it checks what
 * the parser promises: strings safe to draw and bounded, timestamps in
 * range, values finite, counts within CloudWatch's limits, and a refused
 * body leaves nothing behind. A NextToken is sent back in a request. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "src/cloudwatch.h"
#include "tests/fuzz/fuzz.h"

static void check_result(const struct cw_result *r)
{
	size_t i;

	FUZZ_CHECK(r->id && fuzz_text_safe(r->id, 256) && r->id[0]);
	FUZZ_CHECK(!r->label || fuzz_text_safe(r->label, 256));
	FUZZ_CHECK(!r->message || fuzz_text_safe(r->message, 256));
	FUZZ_CHECK(r->status == CW_COMPLETE || r->status == CW_PARTIAL ||
		   r->status == CW_INTERNAL_ERROR || r->status == CW_FORBIDDEN);
	FUZZ_CHECK(r->n <= CW_MAX_DATAPOINTS);
	for (i = 0; i < r->n; i++) {
		FUZZ_CHECK(r->timestamps[i] > 0);
		FUZZ_CHECK(r->timestamps[i] < INT64_C(1) << 33);
		FUZZ_CHECK(isfinite(r->values[i]));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cw_response r;
	struct cw_error err;
	size_t i, points = 0;

	if (cw_parse_response((const char *)data, size, &r, &err) != 0) {
		FUZZ_CHECK(err.kind == CW_ERR_MALFORMED);
		FUZZ_CHECK(fuzz_text_safe(err.message, sizeof(err.message)));
		FUZZ_CHECK(err.message[0]);
		FUZZ_CHECK(!r.results && !r.nresults && !r.next_token && !r.message);
		cw_response_free(&r);
		return 0;
	}
	FUZZ_CHECK(err.kind == CW_OK);
	FUZZ_CHECK(r.nresults <= CW_MAX_QUERIES);
	for (i = 0; i < r.nresults; i++) {
		check_result(&r.results[i]);
		points += r.results[i].n;
	}
	FUZZ_CHECK(points <= CW_MAX_DATAPOINTS);
	FUZZ_CHECK(!r.message || fuzz_text_safe(r.message, 256));
	if (r.next_token) {
		char *req;

		FUZZ_CHECK(r.next_token[0] && fuzz_text_safe(r.next_token, 16385));
		FUZZ_CHECK(!strchr(r.next_token, ' '));
		req = cw_build_request(NULL, 0, 0, 60, r.next_token);
		FUZZ_CHECK(strstr(req, "\"NextToken\":\""));
		free(req);
	}
	cw_response_free(&r);
	return 0;
}

#include "tests/fuzz/replay.c"
