/* fuzz_sigv4_auth: sigv4_parse_authorization, which the demo endpoint runs
 * on every client's Authorization header before it verifies a signature.
 * The input is the header's value (cut at its first NUL, as a header is).
 *
 * Every part stays NUL-terminated inside its buffer (refused or not). An
 * accepted header has a 64-digit lower-case hex signature, an 8-digit
 * date, and a non-empty key id, region, service and header list. */
#include "config.h"

#include <string.h>

#include "src/aws_sigv4.h"
#include "tests/fuzz/fuzz.h"

#define TERMINATED(buf) (memchr((buf), '\0', sizeof(buf)) != NULL)

static int all_of(const char *s, const char *set)
{
	return s[strspn(s, set)] == '\0';
}

/* check_reparse: the parts, put back together the way a signer writes
 * them, give the same parts. */
static void check_reparse(const struct sigv4_auth_parts *a)
{
	struct sigv4_auth_parts b;
	char header[1536];
	int n;

	n = snprintf(header, sizeof(header),
		     "AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, SignedHeaders=%s, "
		     "Signature=%s",
		     a->access_key_id, a->date, a->region, a->service, a->signed_headers,
		     a->signature);
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(header));
	FUZZ_CHECK(sigv4_parse_authorization(header, &b) == 0);
	FUZZ_CHECK(strcmp(a->access_key_id, b.access_key_id) == 0 && strcmp(a->date, b.date) == 0 &&
		   strcmp(a->region, b.region) == 0 && strcmp(a->service, b.service) == 0 &&
		   strcmp(a->signed_headers, b.signed_headers) == 0 &&
		   strcmp(a->signature, b.signature) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sigv4_auth_parts out;
	char *value = malloc(size + 1);
	int rc;

	if (!value)
		abort();
	memcpy(value, data, size);
	value[size] = '\0';
	memset(&out, 0xA5, sizeof(out));
	rc = sigv4_parse_authorization(value, &out);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK(TERMINATED(out.access_key_id) && TERMINATED(out.date) &&
		   TERMINATED(out.region) && TERMINATED(out.service) &&
		   TERMINATED(out.signed_headers) && TERMINATED(out.signature));
	if (rc == 0) {
		FUZZ_CHECK(strlen(out.signature) == 64 &&
			   all_of(out.signature, "0123456789abcdef"));
		FUZZ_CHECK(strlen(out.date) == 8 && all_of(out.date, "0123456789"));
		FUZZ_CHECK(out.access_key_id[0] && out.region[0] && out.service[0]);
		FUZZ_CHECK(out.signed_headers[0]);
		FUZZ_CHECK(fuzz_text_safe(out.access_key_id, sizeof(out.access_key_id)));
		FUZZ_CHECK(fuzz_text_safe(out.region, sizeof(out.region)));
		FUZZ_CHECK(fuzz_text_safe(out.service, sizeof(out.service)));
		FUZZ_CHECK(fuzz_text_safe(out.signed_headers, sizeof(out.signed_headers)));
		check_reparse(&out);
	}
	free(value);
	return 0;
}

#include "tests/fuzz/replay.c"
