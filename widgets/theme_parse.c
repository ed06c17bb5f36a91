/* theme_parse: the theme file syntax: one `ROLE[.8|.mono] = STYLE` per
 * line, `#` comments, blank lines.
 *
 * A theme file is untrusted input: every line is checked (length, NUL,
 * UTF-8, control characters) before it is parsed, and whatever is quoted
 * back in a message is cut short and sanitized. A bad line is reported and
 * skipped; the rest still applies and anything not set keeps its built-in
 * style, so the screen always works. A role set twice is reported, and the
 * later line wins, as it would in tmux. */
#include "config.h"

#include "widgets/theme.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/sanitize.h"
#include "src/text.h"
#include "src/utf8.h"
#include "src/xalloc.h"
#include "widgets/theme_report.h"

#define THEME_LINE_MAX 4096

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

struct parser {
	struct theme_report rp;
	struct theme *t;
	size_t line;
	size_t first[ROLE_COUNT][DEPTH_COUNT]; /* line a role was first set on */
};

/* check_bytes: 0 when the line is clean UTF-8 text (tabs allowed). */
static int check_bytes(struct parser *p, const char *line, size_t n)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (len == 0) {
			theme_report_add(&p->rp, p->line,
					 "invalid UTF-8 at column %zu (themes are UTF-8)", i + 1);
			return -1;
		}
		if (cp == 0) {
			theme_report_add(&p->rp, p->line, "NUL byte at column %zu", i + 1);
			return -1;
		}
		if ((cp < 0x20 && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
			theme_report_add(&p->rp, p->line, "control character U+%04lX at column %zu",
					 (unsigned long)cp, i + 1);
			return -1;
		}
		i += len;
	}
	return 0;
}

/* comment_start: a '#' at the start of the line or after a blank begins a
 * comment; one after '=' is a colour (fg=#ff0000). */
static size_t comment_start(const char *line, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (line[i] == '#' && (i == 0 || is_blank(line[i - 1])))
			return i;
	return n;
}

/* role_of: the role named by key ("alarm", "alarm.8", "alarm.mono"). */
static int role_of(struct parser *p, char *key, int *depth)
{
	const char *names[ROLE_COUNT];
	char *dot = strchr(key, '.');
	char sug[64];
	int r;

	for (r = 0; r < ROLE_COUNT; r++)
		names[r] = style_role_name((enum style_role)r);
	if (dot)
		*dot = '\0';
	r = style_role_from_name(key);
	if (r < 0) {
		theme_report_add(
			&p->rp, p->line, "unknown role '%s'%s", theme_show(key, strlen(key)).s,
			theme_did_you_mean(sug, sizeof(sug), key, strlen(key), names, ROLE_COUNT));
		return -1;
	}
	if (!dot || strcmp(dot + 1, "256") == 0)
		*depth = DEPTH_256;
	else if (strcmp(dot + 1, "8") == 0)
		*depth = DEPTH_8;
	else if (strcasecmp(dot + 1, "mono") == 0)
		*depth = DEPTH_MONO;
	else {
		theme_report_add(
			&p->rp, p->line, "unknown variant '.%s' (write %s, %s.8 or %s.mono)",
			theme_show(dot + 1, strlen(dot + 1)).s, names[r], names[r], names[r]);
		return -1;
	}
	return r;
}

static const char *depth_suffix(int d)
{
	return d == DEPTH_8 ? ".8" : d == DEPTH_MONO ? ".mono" : "";
}

/* parse_assignment: "key = value" (line is trimmed, non-empty, clean). */
static void parse_assignment(struct parser *p, char *line)
{
	char *eq = strchr(line, '='), *key, *value, reason[256];
	struct style s;
	int r, d;

	if (!eq) {
		theme_report_add(&p->rp, p->line, "expected 'ROLE = STYLE', not '%s'",
				 theme_show(line, strlen(line)).s);
		return;
	}
	*eq = '\0';
	key = text_trim(line);
	if (strpbrk(key, " \t")) { /* "border fg=red": the '=' went missing */
		*eq = '=';
		theme_report_add(&p->rp, p->line, "expected 'ROLE = STYLE', not '%s'",
				 theme_show(key, strlen(key)).s);
		return;
	}
	value = text_trim(eq + 1);
	if (!*key) {
		theme_report_add(&p->rp, p->line, "missing role before '='");
		return;
	}
	if ((r = role_of(p, key, &d)) < 0)
		return;
	if (!*value) {
		theme_report_add(&p->rp, p->line,
				 "no style for '%s%s' (write 'default' for the terminal's colours)",
				 style_role_name((enum style_role)r), depth_suffix(d));
		return;
	}
	if (theme_style_parse(value, (enum color_depth)d, &s, reason, sizeof(reason)) != 0) {
		theme_report_add(&p->rp, p->line, "%s", reason);
		return;
	}
	if (p->first[r][d])
		theme_report_add(
			&p->rp, p->line, "'%s%s' set again (first on line %zu); this one is used",
			style_role_name((enum style_role)r), depth_suffix(d), p->first[r][d]);
	else
		p->first[r][d] = p->line;
	p->t->style[r][d] = s;
	p->t->defined[r] |= (uint8_t)(1u << d);
}

static void parse_line(struct parser *p, const char *line, size_t n)
{
	char *copy;

	if (n && line[n - 1] == '\r') /* CRLF files from Windows editors */
		n--;
	if (n > THEME_LINE_MAX) {
		theme_report_add(&p->rp, p->line, "line too long (%zu bytes; the limit is %d)", n,
				 THEME_LINE_MAX);
		return;
	}
	if (check_bytes(p, line, n) != 0)
		return;
	n = comment_start(line, n);
	copy = xstrndup(line, n);
	if (*text_trim(copy))
		parse_assignment(p, text_trim(copy));
	free(copy);
}

/* fill_fallbacks: derive what the file did not set from what it did. */
static void fill_fallbacks(struct theme *t)
{
	int r;

	for (r = 0; r < ROLE_COUNT; r++) {
		unsigned def = t->defined[r];
		struct style *s = t->style[r];

		if (!(def & (1u << DEPTH_256)) && (def & (1u << DEPTH_8)))
			s[DEPTH_256] = s[DEPTH_8];
		if (!(def & (1u << DEPTH_8)) && (def & (1u << DEPTH_256)))
			s[DEPTH_8] = theme_style_to_8(s[DEPTH_256]);
		/* Without colour, a colourless style still says what the author
		 * meant; a coloured one needs the built-in attributes instead. */
		if (!(def & (1u << DEPTH_MONO)) && def && s[DEPTH_256].fg == STYLE_COLOR_DEFAULT &&
		    s[DEPTH_256].bg == STYLE_COLOR_DEFAULT)
			s[DEPTH_MONO] = s[DEPTH_256];
	}
}

/* set_name: the theme's name from its file name, less the directory and
 * the ".theme" suffix. */
static void set_name(struct theme *t, const char *filename)
{
	const char *base = filename ? strrchr(filename, '/') : NULL;
	size_t n;

	base = base ? base + 1 : filename ? filename : "custom";
	n = strlen(base);
	if (n > 6 && strcmp(base + n - 6, ".theme") == 0)
		n -= 6;
	sanitize_copy(t->name, sizeof(t->name), base, n);
	if (!t->name[0])
		snprintf(t->name, sizeof(t->name), "custom");
}

int theme_parse(const char *text, size_t len, const char *filename, struct theme *t, char **errs)
{
	struct parser p;
	size_t pos = 0;

	memset(&p, 0, sizeof(p));
	theme_report_init(&p.rp, filename);
	p.t = t;
	theme_builtin(t);
	set_name(t, filename);
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* a BOM some editors add */
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		p.line++;
		parse_line(&p, text + pos, n);
		pos += n + (nl ? 1 : 0);
	}
	fill_fallbacks(t);
	return theme_report_finish(&p.rp, errs);
}
