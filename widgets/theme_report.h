/* theme_report: how the theme files (widgets/theme*.c) say what is wrong,
 * for those files only.
 *
 * Problems become "FILE:LINE: message" lines; a hostile file may hold
 * thousands of bad lines, so a few are shown and the rest counted. A bad
 * token quoted back is cut short and sanitized. */
#ifndef CWTOP_THEME_REPORT_H
#define CWTOP_THEME_REPORT_H

#include <stddef.h>

#include "src/buf.h"

#define THEME_SHOW_MAX 40 /* bytes of a bad token quoted back */

struct theme_report {
	struct buf out;
	char file[256]; /* sanitized, for messages */
	int count;
};

/* theme_report_init: an empty report about file (NULL: "(theme)"). */
void theme_report_init(struct theme_report *rp, const char *file);

/* theme_report_add: one "FILE:LINE: message" line (no LINE when line is 0). */
void theme_report_add(struct theme_report *rp, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* theme_report_finish: append the lines to *errs (if errs is not NULL; *errs
 * NULL or a malloc'd string), free the report, return the problem count. */
int theme_report_finish(struct theme_report *rp, char **errs);

/* A bad token quoted in a message: sanitized and cut to THEME_SHOW_MAX
 * bytes ("..." when cut). */
struct theme_shown {
	char s[THEME_SHOW_MAX + 8];
};

struct theme_shown theme_show(const char *s, size_t n);

/* theme_did_you_mean: " (did you mean 'x'?)" in out when the n bytes at s
 * look like a typo of one of the candidates (src/suggest.c decides), else
 * "". Returns out or "". */
const char *theme_did_you_mean(char *out, size_t outlen, const char *s, size_t n,
			       const char *const *cands, size_t ncands);

#endif
