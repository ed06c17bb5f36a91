/* sanitize: make untrusted text safe to show on a terminal. */
#include "config.h"

#include "src/sanitize.h"

#include <stdint.h>
#include <string.h>

#include "src/utf8.h"
#include "src/xalloc.h"

/* utf8_seq_len: length of the valid UTF-8 sequence at s (at most n bytes),
 * or 0 when it is invalid (overlong, surrogate, out of range, truncated). */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);

	/* C1 controls (U+0080..U+009F) act as escapes on some terminals. */
	if (len == 0 || (cp >= 0x80 && cp <= 0x9F))
		return 0;
	return len;
}

char *sanitize_copy(char *out, size_t outlen, const char *in, size_t inlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;

	if (!outlen)
		return out;
	while (in && i < inlen && s[i]) {
		size_t len = utf8_seq_len(s + i, inlen - i);
		int bad = len == 0 || (len == 1 && (s[i] < 0x20 || s[i] == 0x7F));

		if (bad) {
			if (o + 1 >= outlen)
				break;
			/* Tabs and newlines become spaces: the result is one line. */
			out[o++] = (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : '?';
			i += len ? len : 1;
			continue;
		}
		if (o + len >= outlen)
			break;
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	return out;
}

char *sanitize_dup(const char *in, size_t inlen, size_t maxlen)
{
	char *out = xmalloc(maxlen + 1);

	return sanitize_copy(out, maxlen + 1, in, inlen);
}
