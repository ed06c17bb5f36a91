/* theme_style: one STYLE, the right-hand side of a theme line, in tmux's
 * syntax: items separated by commas or blanks, each fg=COLOUR, bg=COLOUR,
 * an attribute or its "no" form, "default" or "none". Colours are names,
 * colour0..colour255 or #rrggbb. A bad item fails the whole style with a
 * reason that quotes it (and suggests the word it looks like). */
#include "config.h"

#include "widgets/theme.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "src/text.h"
#include "widgets/theme_report.h"

/* --- Small text helpers ---------------------------------------------------- */

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool tok_prefix(const char *t, size_t n, const char *prefix)
{
	size_t len = strlen(prefix);

	return n >= len && strncasecmp(t, prefix, len) == 0;
}

/* --- Colours ----------------------------------------------------------------- */

static const char *const color_words[] = {
	"black",      "red",           "green",       "yellow",      "blue",        "magenta",
	"cyan",       "white",         "brightblack", "brightred",   "brightgreen", "brightyellow",
	"brightblue", "brightmagenta", "brightcyan",  "brightwhite", "default",
};

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = ascii_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int parse_rgb(const char *s, size_t n, int *out)
{
	unsigned v[3];
	size_t i;

	if (n != 7)
		return -1;
	for (i = 0; i < 3; i++) {
		int hi = hex_digit(s[1 + 2 * i]), lo = hex_digit(s[2 + 2 * i]);

		if (hi < 0 || lo < 0)
			return -1;
		v[i] = (unsigned)(hi * 16 + lo);
	}
	*out = theme_rgb_to_256(v[0], v[1], v[2]);
	return 0;
}

/* parse_number: 1..3 decimal digits, 0..255. */
static int parse_number(const char *s, size_t n, int *out)
{
	int v = 0;
	size_t i;

	if (n == 0 || n > 3)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 255)
		return -1;
	*out = v;
	return 0;
}

/* parse_color: s (n bytes) into *out; -1 with the reason in err. */
static int parse_color(const char *s, size_t n, int *out, char *err, size_t errlen)
{
	size_t i, skip;
	char sug[64];

	for (i = 0; i < sizeof(color_words) / sizeof(color_words[0]); i++) {
		if (text_span_eq(s, n, color_words[i])) {
			*out = i == 16 ? STYLE_COLOR_DEFAULT : (int)i;
			return 0;
		}
	}
	skip = tok_prefix(s, n, "colour") ? 6 : tok_prefix(s, n, "color") ? 5 : 0;
	if (skip) {
		if (parse_number(s + skip, n - skip, out) == 0)
			return 0;
		snprintf(err, errlen, "bad colour '%s' (colour0 to colour255)", theme_show(s, n).s);
		return -1;
	}
	if (n > 0 && s[0] == '#') {
		if (parse_rgb(s, n, out) == 0)
			return 0;
		snprintf(err, errlen, "bad colour '%s' (write #rrggbb)", theme_show(s, n).s);
		return -1;
	}
	if (n == 0) {
		snprintf(err, errlen, "missing colour after '='");
		return -1;
	}
	snprintf(err, errlen, "unknown colour '%s'%s", theme_show(s, n).s,
		 theme_did_you_mean(sug, sizeof(sug), s, n, color_words,
				    sizeof(color_words) / sizeof(color_words[0])));
	return -1;
}

/* --- Styles ------------------------------------------------------------------ */

struct attr_word {
	const char *name;
	uint8_t bit;
};

static const struct attr_word attr_words[] = {
	{"bold", CELL_BOLD},
	{"bright", CELL_BOLD},
	{"dim", CELL_DIM},
	{"underscore", CELL_UNDERLINE},
	{"underline", CELL_UNDERLINE},
	{"reverse", CELL_REVERSE},
};

/* tmux attributes cwtop does not draw (named so the message can say so). */
static const char *const unsupported_attrs[] = {
	"italics",
	"blink",
	"hidden",
	"strikethrough",
	"overline",
	"double-underscore",
	"curly-underscore",
	"dotted-underscore",
	"dashed-underscore",
	"acs",
};

static const char *const style_words[] = {
	"bold",      "bright",  "dim",   "underscore",   "underline",
	"reverse",   "nobold",  "nodim", "nounderscore", "nounderline",
	"noreverse", "default", "none",  "fg=",          "bg=",
};

static int find_attr(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(attr_words) / sizeof(attr_words[0]); i++)
		if (text_span_eq(t, n, attr_words[i].name))
			return attr_words[i].bit;
	return -1;
}

static int parse_colour_item(const char *t, size_t n, enum color_depth d, struct style *s,
			     char *err, size_t errlen)
{
	bool fg = ascii_lower(t[0]) == 'f';
	int c;

	if (parse_color(t + 3, n - 3, &c, err, errlen) != 0)
		return -1;
	if (d == DEPTH_MONO && c != STYLE_COLOR_DEFAULT) {
		snprintf(err, errlen, "'%s': a .mono style has no colours, only attributes",
			 theme_show(t, n).s);
		return -1;
	}
	if (fg)
		s->fg = (int16_t)c;
	else
		s->bg = (int16_t)c;
	return 0;
}

static int parse_word_item(const char *t, size_t n, struct style *s, char *err, size_t errlen)
{
	char sug[64];
	size_t i;
	int bit;

	if (text_span_eq(t, n, "default")) {
		s->fg = s->bg = STYLE_COLOR_DEFAULT;
		s->attrs = 0;
		return 0;
	}
	if (text_span_eq(t, n, "none")) {
		s->attrs = 0;
		return 0;
	}
	if ((bit = find_attr(t, n)) >= 0) {
		s->attrs |= (uint8_t)bit;
		return 0;
	}
	if (n > 2 && tok_prefix(t, n, "no") && (bit = find_attr(t + 2, n - 2)) >= 0) {
		s->attrs &= (uint8_t)~bit;
		return 0;
	}
	if (text_span_eq(t, n, "fg") || text_span_eq(t, n, "bg")) {
		snprintf(err, errlen, "'%s' needs a colour: %s=COLOUR, without spaces",
			 theme_show(t, n).s, theme_show(t, n).s);
		return -1;
	}
	for (i = 0; i < sizeof(unsupported_attrs) / sizeof(unsupported_attrs[0]); i++) {
		if (text_span_eq(t, n, unsupported_attrs[i])) {
			snprintf(err, errlen,
				 "unsupported attribute '%s' (cwtop draws bold, dim, underline, "
				 "reverse)",
				 unsupported_attrs[i]);
			return -1;
		}
	}
	snprintf(err, errlen, "unknown attribute '%s'%s", theme_show(t, n).s,
		 theme_did_you_mean(sug, sizeof(sug), t, n, style_words,
				    sizeof(style_words) / sizeof(style_words[0])));
	return -1;
}

static int parse_item(const char *t, size_t n, enum color_depth d, struct style *s, char *err,
		      size_t errlen)
{
	const char *eq = memchr(t, '=', n);

	if (!eq)
		return parse_word_item(t, n, s, err, errlen);
	if (eq - t == 2 && (tok_prefix(t, n, "fg") || tok_prefix(t, n, "bg")))
		return parse_colour_item(t, n, d, s, err, errlen);
	snprintf(err, errlen, "unknown option '%s' (use fg=COLOUR or bg=COLOUR)",
		 theme_show(t, (size_t)(eq - t) + 1).s);
	return -1;
}

int theme_style_parse(const char *text, enum color_depth d, struct style *out, char *err,
		      size_t errlen)
{
	struct style s = {STYLE_COLOR_DEFAULT, STYLE_COLOR_DEFAULT, 0};
	const char *p = text;

	if (errlen)
		err[0] = '\0';
	/* Items are separated by commas or blanks, as in tmux. */
	while (*p) {
		size_t n = strcspn(p, ", \t");

		if (n && parse_item(p, n, d, &s, err, errlen) != 0)
			return -1;
		p += n;
		if (*p)
			p++;
	}
	*out = d == DEPTH_8 ? theme_style_to_8(s) : s;
	return 0;
}
