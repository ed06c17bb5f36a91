/* theme_report: how the theme files say what is wrong. */
#include "config.h"

#include "widgets/theme_report.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src/sanitize.h"
#include "src/suggest.h"
#include "src/xalloc.h"

#define THEME_ERRORS_MAX 20 /* messages shown; the rest are counted */

struct theme_shown theme_show(const char *s, size_t n)
{
	struct theme_shown out;

	sanitize_copy(out.s, THEME_SHOW_MAX + 1, s, n < THEME_SHOW_MAX ? n : THEME_SHOW_MAX);
	if (n > THEME_SHOW_MAX)
		strcat(out.s, "...");
	return out;
}

const char *theme_did_you_mean(char *out, size_t outlen, const char *s, size_t n,
			       const char *const *cands, size_t ncands)
{
	char word[SUGGEST_MAX_LEN + 1];
	struct suggest sg;
	size_t i;

	if (n == 0 || n > SUGGEST_MAX_LEN)
		return "";
	memcpy(word, s, n);
	word[n] = '\0';
	suggest_init(&sg, word);
	for (i = 0; i < ncands; i++)
		suggest_consider(&sg, cands[i]);
	if (!suggest_result(&sg))
		return "";
	snprintf(out, outlen, " (did you mean '%s'?)", suggest_result(&sg));
	return out;
}

void theme_report_init(struct theme_report *rp, const char *file)
{
	buf_init(&rp->out, 0);
	file = file ? file : "(theme)";
	sanitize_copy(rp->file, sizeof(rp->file), file, strlen(file));
	rp->count = 0;
}

void theme_report_add(struct theme_report *rp, size_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	/* A hostile file may hold thousands of bad lines: show a few, count all. */
	if (++rp->count > THEME_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		buf_printf(&rp->out, "%s:%zu: %s\n", rp->file, line, msg);
	else
		buf_printf(&rp->out, "%s: %s\n", rp->file, msg);
}

int theme_report_finish(struct theme_report *rp, char **errs)
{
	if (rp->count > THEME_ERRORS_MAX)
		buf_printf(&rp->out, "%s: %d more problems not shown\n", rp->file,
			   rp->count - THEME_ERRORS_MAX);
	if (errs && rp->out.len) {
		size_t old = *errs ? strlen(*errs) : 0;

		*errs = xrealloc(*errs, old + rp->out.len + 1);
		memcpy(*errs + old, rp->out.data, rp->out.len + 1);
	}
	buf_free(&rp->out);
	return rp->count;
}
