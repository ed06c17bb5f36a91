/* fuzz_cw_error: cw_parse_error, the classifier of every non-2xx answer.
 *
 * Input layout: bytes 0-1 pick the HTTP status (100..599), byte 2 the
 * x-amzn-query-error header (0: none; n: the next n-1 bytes), the rest is
 * the body. The result must always be a known kind, a short sanitized code
 * and a non-empty sanitized message. */
#include "config.h"

#include <string.h>

#include "src/cloudwatch.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cw_error err;
	long status = 400;
	char header[256];
	const char *hdr = NULL;
	size_t hlen;

	if (size >= 2) {
		status = 100 + ((long)data[0] << 8 | data[1]) % 500;
		data += 2;
		size -= 2;
	}
	if (size >= 1) {
		hlen = data[0];
		data++;
		size--;
		if (hlen) {
			hlen = hlen - 1 < size ? hlen - 1 : size;
			memcpy(header, data, hlen);
			header[hlen] = '\0';
			hdr = header;
			data += hlen;
			size -= hlen;
		}
	}
	memset(&err, 0xA5, sizeof(err)); /* no field may be left as it was */
	cw_parse_error(status, hdr, (const char *)data, size, &err);
	FUZZ_CHECK(err.kind >= CW_ERR_THROTTLED && err.kind <= CW_ERR_MALFORMED &&
		   err.kind != CW_ERR_TRANSPORT);
	FUZZ_CHECK(fuzz_text_safe(err.code, sizeof(err.code)));
	FUZZ_CHECK(fuzz_text_safe(err.message, sizeof(err.message)));
	FUZZ_CHECK(err.message[0]);
	FUZZ_CHECK(cw_error_advice(err.kind)[0]);
	FUZZ_CHECK(cw_error_kind_name(err.kind)[0]);
	return 0;
}

#include "tests/fuzz/replay.c"
