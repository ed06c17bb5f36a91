/* sanitize: make untrusted text safe to show on a terminal. */
#include "config.h"

#include "src/sanitize.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "src/utf8.h"
#include "src/xalloc.h"

/* invisible_format: the Unicode format characters that change how the
 * REST of a line is shown without being seen themselves: bidirectional
 * overrides, embeddings and isolates (a right-to-left override makes
 * "exe.txt" read as "txt.exe"), zero-width characters, the byte order
 * mark, interlinear annotation marks. Line and paragraph separators would
 * break the one line. */
static bool invisible_format(uint32_t cp)
{
	return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

/* utf8_seq_len: length of the valid UTF-8 sequence at s (at most n bytes),
 * or 0 when it is invalid (overlong, surrogate, out of range, truncated)
 * or must not reach a terminal. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);

	/* C1 controls (U+0080..U+009F) act as escapes on some terminals. */
	if (len == 0 || (cp >= 0x80 && cp <= 0x9F) || invisible_format(cp))
		return 0;
	return len;
}

/* invalid_len: how many bytes one '?' stands for: a whole format
 * character, else one byte (each byte of broken UTF-8 or of a C1 control
 * gets its own '?'). */
static size_t invalid_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);

	return len && invisible_format(cp) ? len : 1;
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
			i += len ? len : invalid_len(s + i, inlen - i);
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
