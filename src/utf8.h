/* utf8: decoding one UTF-8 sequence, strictly.
 *
 * For the checks on untrusted text (src/sanitize.c, theme files): a
 * sequence is refused when it is overlong, a surrogate, above U+10FFFF or
 * cut short, so that no byte string has two readings. */
#ifndef CWTOP_UTF8_H
#define CWTOP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* utf8_decode: the length (1 to 4) of the valid sequence at s, which has n
 * bytes left (n >= 1), with its code point in *cp; 0 when invalid (*cp is
 * then meaningless). */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

#endif
