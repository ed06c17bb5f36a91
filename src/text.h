/* text: trimming, comparing and classifying words, for the parsers of configuration
 * files, options, theme files and protocol fields. */
#ifndef CWTOP_TEXT_H
#define CWTOP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* text_trim: s without the blanks (spaces and tabs) at either end: the end
 * is cut in place, the start is returned. */
char *text_trim(char *s);

/* text_span_eq: the n bytes at s (not NUL-terminated) are word, ignoring
 * ASCII case. */
bool text_span_eq(const char *s, size_t n, const char *word);

/* text_is_alnum: an ASCII letter or digit, whatever the locale says. */
bool text_is_alnum(char c);

#endif
