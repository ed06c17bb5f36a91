/* sim_json: JSON strings and Java-style numbers for the demo endpoint's answers. */
#include "config.h"

#include "src/sim_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* sim_json_str: a JSON string literal of s (escaped) appended to b. */
void sim_json_str(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	buf_append(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			buf_append(b, "\\\"", 2);
			break;
		case '\\':
			buf_append(b, "\\\\", 2);
			break;
		case '\n':
			buf_append(b, "\\n", 2);
			break;
		case '\r':
			buf_append(b, "\\r", 2);
			break;
		case '\t':
			buf_append(b, "\\t", 2);
			break;
		default:
			if (*p < 0x20)
				buf_printf(b, "\\u%04x", *p);
			else
				buf_append(b, p, 1);
		}
	}
	buf_append(b, "\"", 1);
}

/* shortest_digits: the fewest significant digits of x that read back as x
 * (into digits, without trailing zeros), and x's decimal exponent. */
static int shortest_digits(double x, char digits[24])
{
	char tmp[40];
	int nd = 0;

	for (int p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	/* tmp is "-d.ddde+XX". */
	for (const char *p = tmp; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && nd < 23)
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	return atoi(strchr(tmp, 'e') + 1);
}

/* sim_java_double: a double as the service's Java serializer writes it
 * (Double.toString): the shortest digits that read back to the same value,
 * "41.0" for integers, and scientific notation outside [1e-3, 1e7), so a
 * timestamp is sent as 1.76597778E9. out needs 32 bytes. */
void sim_java_double(char *out, size_t outlen, double x)
{
	char digits[24], text[48];
	int exp10, nd;
	size_t o = 0;

	if (!isfinite(x) || x == 0) {
		snprintf(out, outlen, "%s", isfinite(x) && signbit(x) ? "-0.0" : "0.0");
		return;
	}
	exp10 = shortest_digits(x, digits);
	nd = (int)strlen(digits);
	if (x < 0)
		text[o++] = '-';
	if (fabs(x) >= 1e-3 && fabs(x) < 1e7) {
		if (exp10 < 0) {
			text[o++] = '0';
			text[o++] = '.';
			for (int i = 0; i < -exp10 - 1; i++)
				text[o++] = '0';
			memcpy(text + o, digits, (size_t)nd);
			o += (size_t)nd;
		} else {
			for (int i = 0; i <= exp10; i++)
				text[o++] = i < nd ? digits[i] : '0';
			text[o++] = '.';
			for (int i = exp10 + 1; i < nd; i++)
				text[o++] = digits[i];
			if (nd <= exp10 + 1)
				text[o++] = '0';
		}
		text[o] = '\0';
	} else {
		snprintf(text + o, sizeof(text) - o, "%c.%s%sE%d", digits[0], digits + 1,
			 nd > 1 ? "" : "0", exp10);
	}
	snprintf(out, outlen, "%s", text);
}

void sim_json_num(struct buf *b, double x)
{
	char s[48];

	sim_java_double(s, sizeof(s), x);
	buf_printf(b, "%s", s);
}
