/* theme: read theme files (tmux-style `role = style` lines) into a table of
 * styles per role and colour depth.
 *
 * A theme file is untrusted input: it is read whole with a size cap, every
 * line is checked (length, NUL, UTF-8, control characters) before it is
 * parsed, and whatever is quoted back in a message is cut short and
 * sanitized. A bad line is reported and skipped; the rest still applies and
 * anything not set keeps its built-in style, so the screen always works. A
 * role set twice is reported, and the later line wins, as it would in tmux. */
#include "config.h"

#include "widgets/theme.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/buf.h"
#include "src/sanitize.h"
#include "src/suggest.h"
#include "src/xalloc.h"

#ifndef CWTOP_PKGDATADIR
#define CWTOP_PKGDATADIR "/usr/local/share/cwtop"
#endif
#ifndef CWTOP_SRCDIR
#define CWTOP_SRCDIR "."
#endif

#define THEME_FILE_MAX   (1024 * 1024) /* a real theme is a few KiB */
#define THEME_LINE_MAX   4096
#define THEME_ERRORS_MAX 20 /* messages shown; the rest are counted */
#define THEME_LIST_MAX   256
#define THEME_DIRS_MAX   3
#define SHOW_MAX         40 /* bytes of a bad token quoted back */

/* --- Small text helpers ---------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* tok_eq: the n bytes at t are word, ignoring ASCII case. */
static bool tok_eq(const char *t, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(t, word, n) == 0;
}

static bool tok_prefix(const char *t, size_t n, const char *prefix)
{
	size_t len = strlen(prefix);

	return n >= len && strncasecmp(t, prefix, len) == 0;
}

/* A bad token quoted in a message: sanitized and cut to SHOW_MAX bytes. */
struct shown {
	char s[SHOW_MAX + 8];
};

static struct shown show(const char *s, size_t n)
{
	struct shown out;

	sanitize_copy(out.s, SHOW_MAX + 1, s, n < SHOW_MAX ? n : SHOW_MAX);
	if (n > SHOW_MAX)
		strcat(out.s, "...");
	return out;
}

/* did_you_mean: " (did you mean 'x'?)" when the n bytes at s look like a
 * typo of one of the candidates (src/suggest.c decides), else "". */
static const char *did_you_mean(char *out, size_t outlen, const char *s, size_t n,
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

/* --- Colours ----------------------------------------------------------------- */

static const char *const color_words[] = {
	"black",      "red",           "green",       "yellow",      "blue",        "magenta",
	"cyan",       "white",         "brightblack", "brightred",   "brightgreen", "brightyellow",
	"brightblue", "brightmagenta", "brightcyan",  "brightwhite", "default",
};

/* xterm's default palette for 0..15 (other terminals differ a little). */
static const unsigned char ansi_rgb[16][3] = {
	{0, 0, 0},       {205, 0, 0},   {0, 205, 0},   {205, 205, 0},
	{0, 0, 238},     {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
	{127, 127, 127}, {255, 0, 0},   {0, 255, 0},   {255, 255, 0},
	{92, 92, 255},   {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
};

static const unsigned char cube_level[6] = {0, 95, 135, 175, 215, 255};

static void color_rgb(int c, unsigned rgb[3])
{
	if (c < 16) {
		rgb[0] = ansi_rgb[c][0];
		rgb[1] = ansi_rgb[c][1];
		rgb[2] = ansi_rgb[c][2];
	} else if (c < 232) {
		rgb[0] = cube_level[(c - 16) / 36];
		rgb[1] = cube_level[(c - 16) / 6 % 6];
		rgb[2] = cube_level[(c - 16) % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (unsigned)(c - 232);
	}
}

static unsigned long dist2(const unsigned a[3], const unsigned b[3])
{
	unsigned long d = 0;
	int i;

	for (i = 0; i < 3; i++) {
		long x = (long)a[i] - (long)b[i];

		d += (unsigned long)(x * x);
	}
	return d;
}

static unsigned nearest_cube_step(unsigned v)
{
	unsigned i, best = 0;

	for (i = 1; i < 6; i++)
		if ((v > cube_level[i] ? v - cube_level[i] : cube_level[i] - v) <
		    (v > cube_level[best] ? v - cube_level[best] : cube_level[best] - v))
			best = i;
	return best;
}

int theme_rgb_to_256(unsigned r, unsigned g, unsigned b)
{
	unsigned want[3] = {r > 255 ? 255 : r, g > 255 ? 255 : g, b > 255 ? 255 : b};
	unsigned cube_rgb[3], grey_rgb[3];
	unsigned avg = (want[0] + want[1] + want[2]) / 3, gi;
	int cube = 16 + 36 * (int)nearest_cube_step(want[0]) + 6 * (int)nearest_cube_step(want[1]) +
		   (int)nearest_cube_step(want[2]);

	/* The grey ramp runs 8, 18, ... 238. */
	gi = avg <= 8 ? 0 : (avg - 8 + 5) / 10;
	if (gi > 23)
		gi = 23;
	color_rgb(cube, cube_rgb);
	color_rgb(232 + (int)gi, grey_rgb);
	return dist2(grey_rgb, want) < dist2(cube_rgb, want) ? 232 + (int)gi : cube;
}

/* to_8: one colour at 8 colours. fg may gain bold (bright colours) or dim
 * (mid greys, which would otherwise turn white or vanish into black). The
 * 8 colours' shades differ between terminals; only their hues are sure. */
static int16_t to_8(int c, bool fg, uint8_t *attrs)
{
	unsigned rgb[3], lo, hi, best = 0, i;

	if (c < 8)
		return (int16_t)c;
	if (c < 16) {
		if (fg)
			*attrs |= CELL_BOLD;
		return (int16_t)(c - 8);
	}
	color_rgb(c, rgb);
	lo = rgb[0] < rgb[1] ? rgb[0] : rgb[1];
	lo = lo < rgb[2] ? lo : rgb[2];
	hi = rgb[0] > rgb[1] ? rgb[0] : rgb[1];
	hi = hi > rgb[2] ? hi : rgb[2];
	if (hi - lo < 40) { /* a grey */
		unsigned l = (rgb[0] + rgb[1] + rgb[2]) / 3;

		if (!fg)
			return l < 128 ? 0 : 7;
		if (l < 48)
			return 0;
		if (l < 160)
			*attrs |= CELL_DIM;
		return 7;
	}
	/* A colour: keep the channels in its brighter half. By hue rather than
	 * by distance, so pastel green stays green instead of turning white. */
	for (i = 0; i < 3; i++)
		if (2 * rgb[i] > hi + lo)
			best |= 1u << i; /* ANSI order: 1 red, 2 green, 4 blue */
	return (int16_t)best;
}

struct style theme_style_to_8(struct style s)
{
	struct style out = s;

	out.fg = to_8(s.fg, true, &out.attrs);
	out.bg = to_8(s.bg, false, &out.attrs);
	/* Text the colour of its background is invisible: pick the contrast. */
	if (out.fg >= 0 && out.fg == out.bg) {
		bool light_bg = out.bg == 2 || out.bg == 3 || out.bg == 6 || out.bg == 7;

		out.fg = light_bg ? 0 : 7;
		out.attrs &= (uint8_t)~CELL_DIM;
	}
	return out;
}

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
		if (tok_eq(s, n, color_words[i])) {
			*out = i == 16 ? STYLE_COLOR_DEFAULT : (int)i;
			return 0;
		}
	}
	skip = tok_prefix(s, n, "colour") ? 6 : tok_prefix(s, n, "color") ? 5 : 0;
	if (skip) {
		if (parse_number(s + skip, n - skip, out) == 0)
			return 0;
		snprintf(err, errlen, "bad colour '%s' (colour0 to colour255)", show(s, n).s);
		return -1;
	}
	if (n > 0 && s[0] == '#') {
		if (parse_rgb(s, n, out) == 0)
			return 0;
		snprintf(err, errlen, "bad colour '%s' (write #rrggbb)", show(s, n).s);
		return -1;
	}
	if (n == 0) {
		snprintf(err, errlen, "missing colour after '='");
		return -1;
	}
	snprintf(err, errlen, "unknown colour '%s'%s", show(s, n).s,
		 did_you_mean(sug, sizeof(sug), s, n, color_words,
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
		if (tok_eq(t, n, attr_words[i].name))
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
			 show(t, n).s);
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

	if (tok_eq(t, n, "default")) {
		s->fg = s->bg = STYLE_COLOR_DEFAULT;
		s->attrs = 0;
		return 0;
	}
	if (tok_eq(t, n, "none")) {
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
	if (tok_eq(t, n, "fg") || tok_eq(t, n, "bg")) {
		snprintf(err, errlen, "'%s' needs a colour: %s=COLOUR, without spaces",
			 show(t, n).s, show(t, n).s);
		return -1;
	}
	for (i = 0; i < sizeof(unsupported_attrs) / sizeof(unsupported_attrs[0]); i++) {
		if (tok_eq(t, n, unsupported_attrs[i])) {
			snprintf(err, errlen,
				 "unsupported attribute '%s' (cwtop draws bold, dim, underline, "
				 "reverse)",
				 unsupported_attrs[i]);
			return -1;
		}
	}
	snprintf(err, errlen, "unknown attribute '%s'%s", show(t, n).s,
		 did_you_mean(sug, sizeof(sug), t, n, style_words,
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
		 show(t, (size_t)(eq - t) + 1).s);
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

/* --- Problem reports --------------------------------------------------------- */

struct report {
	struct buf out;
	char file[256]; /* sanitized, for messages */
	int count;
};

static void report_init(struct report *rp, const char *file)
{
	buf_init(&rp->out, 0);
	file = file ? file : "(theme)";
	sanitize_copy(rp->file, sizeof(rp->file), file, strlen(file));
	rp->count = 0;
}

/* report_add: one "FILE:LINE: message" line (no LINE when line is 0). */
static void report_add(struct report *rp, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report_add(struct report *rp, size_t line, const char *fmt, ...)
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

static int report_finish(struct report *rp, char **errs)
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

/* --- Theme files ---------------------------------------------------------------- */

void theme_builtin(struct theme *t)
{
	char err[128];
	int r, d;

	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "builtin");
	for (r = 0; r < ROLE_COUNT; r++) {
		for (d = 0; d < DEPTH_COUNT; d++) {
			struct style *s = &t->style[r][d];

			/* The table is tested to parse; plain is the safe fallback. */
			if (theme_style_parse(
				    style_role_default((enum style_role)r, (enum color_depth)d),
				    (enum color_depth)d, s, err, sizeof(err)) != 0)
				*s = (struct style){STYLE_COLOR_DEFAULT, STYLE_COLOR_DEFAULT, 0};
		}
	}
}

struct parser {
	struct report rp;
	struct theme *t;
	size_t line;
	size_t first[ROLE_COUNT][DEPTH_COUNT]; /* line a role was first set on */
};

/* utf8_len: length of the valid UTF-8 sequence at s (n bytes left) and its
 * code point, or 0 when invalid (overlong, surrogate, too big, cut). */
static size_t utf8_len(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, *cp = s[0] & 0x1Fu;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, *cp = s[0] & 0x0Fu;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, *cp = s[0] & 0x07u;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3Fu);
	}
	if ((len == 3 && *cp < 0x800) || (len == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)) ||
	    (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

/* check_bytes: 0 when the line is clean UTF-8 text (tabs allowed). */
static int check_bytes(struct parser *p, const char *line, size_t n)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t i = 0;

	while (i < n) {
		unsigned long cp;
		size_t len = utf8_len(s + i, n - i, &cp);

		if (len == 0) {
			report_add(&p->rp, p->line,
				   "invalid UTF-8 at column %zu (themes are UTF-8)", i + 1);
			return -1;
		}
		if (cp == 0) {
			report_add(&p->rp, p->line, "NUL byte at column %zu", i + 1);
			return -1;
		}
		if ((cp < 0x20 && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
			report_add(&p->rp, p->line, "control character U+%04lX at column %zu", cp,
				   i + 1);
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

static char *trim(char *s)
{
	char *end;

	while (is_blank(*s))
		s++;
	end = s + strlen(s);
	while (end > s && is_blank(end[-1]))
		*--end = '\0';
	return s;
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
		report_add(&p->rp, p->line, "unknown role '%s'%s", show(key, strlen(key)).s,
			   did_you_mean(sug, sizeof(sug), key, strlen(key), names, ROLE_COUNT));
		return -1;
	}
	if (!dot || strcmp(dot + 1, "256") == 0)
		*depth = DEPTH_256;
	else if (strcmp(dot + 1, "8") == 0)
		*depth = DEPTH_8;
	else if (strcasecmp(dot + 1, "mono") == 0)
		*depth = DEPTH_MONO;
	else {
		report_add(&p->rp, p->line, "unknown variant '.%s' (write %s, %s.8 or %s.mono)",
			   show(dot + 1, strlen(dot + 1)).s, names[r], names[r], names[r]);
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
		report_add(&p->rp, p->line, "expected 'ROLE = STYLE', not '%s'",
			   show(line, strlen(line)).s);
		return;
	}
	*eq = '\0';
	key = trim(line);
	if (strpbrk(key, " \t")) { /* "border fg=red": the '=' went missing */
		*eq = '=';
		report_add(&p->rp, p->line, "expected 'ROLE = STYLE', not '%s'",
			   show(key, strlen(key)).s);
		return;
	}
	value = trim(eq + 1);
	if (!*key) {
		report_add(&p->rp, p->line, "missing role before '='");
		return;
	}
	if ((r = role_of(p, key, &d)) < 0)
		return;
	if (!*value) {
		report_add(&p->rp, p->line,
			   "no style for '%s%s' (write 'default' for the terminal's colours)",
			   style_role_name((enum style_role)r), depth_suffix(d));
		return;
	}
	if (theme_style_parse(value, (enum color_depth)d, &s, reason, sizeof(reason)) != 0) {
		report_add(&p->rp, p->line, "%s", reason);
		return;
	}
	if (p->first[r][d])
		report_add(&p->rp, p->line,
			   "'%s%s' set again (first on line %zu); this one is used",
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
		report_add(&p->rp, p->line, "line too long (%zu bytes; the limit is %d)", n,
			   THEME_LINE_MAX);
		return;
	}
	if (check_bytes(p, line, n) != 0)
		return;
	n = comment_start(line, n);
	copy = xstrndup(line, n);
	if (*trim(copy))
		parse_assignment(p, trim(copy));
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
	report_init(&p.rp, filename);
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
	return report_finish(&p.rp, errs);
}

/* read_file: the whole file (regular, at most THEME_FILE_MAX bytes). */
static char *read_file(const char *path, size_t *len, struct report *rp)
{
	struct stat st;
	char *data = NULL;
	size_t got = 0;
	int fd;

	/* O_NONBLOCK: a FIFO named like a theme must not hang the start. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		report_add(rp, 0, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		report_add(rp, 0, "not a regular file");
		goto out;
	}
	data = xmalloc(THEME_FILE_MAX + 1);
	for (;;) {
		ssize_t r = read(fd, data + got, THEME_FILE_MAX + 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			report_add(rp, 0, "%s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		got += (size_t)r;
		if (got > THEME_FILE_MAX) {
			report_add(rp, 0, "too large (a theme file is at most %d bytes)",
				   THEME_FILE_MAX);
			goto fail;
		}
	}
	*len = got;
	goto out;
fail:
	free(data);
	data = NULL;
out:
	close(fd);
	return data;
}

static int load_file(const char *path, struct theme *t, char **errs)
{
	struct report rp;
	size_t len = 0;
	char *data;
	int n;

	report_init(&rp, path);
	data = read_file(path, &len, &rp);
	if (!data)
		return report_finish(&rp, errs);
	buf_free(&rp.out);
	n = theme_parse(data, len, path, t, errs);
	free(data);
	return n;
}

/* valid_name: a theme name is a file name without surprises. */
static bool valid_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > THEME_NAME_MAX || s[0] == '.' || s[0] == '-')
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* theme_dirs: the search path, first match wins. Each entry malloc'd. */
static size_t theme_dirs(char *dirs[THEME_DIRS_MAX])
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	size_t n = 0;

	/* XDG: a relative XDG_CONFIG_HOME is invalid and is ignored. */
	if (xdg && xdg[0] == '/')
		dirs[n++] = xasprintf("%s/cwtop/themes", xdg);
	else if (home && home[0] == '/')
		dirs[n++] = xasprintf("%s/.config/cwtop/themes", home);
	dirs[n++] = xstrdup(CWTOP_PKGDATADIR "/themes");
	dirs[n++] = xstrdup(CWTOP_SRCDIR "/themes");
	return n;
}

static void free_dirs(char *dirs[], size_t n)
{
	while (n)
		free(dirs[--n]);
}

static bool is_path(const char *s)
{
	size_t n = strlen(s);

	return strchr(s, '/') || (n > 6 && strcmp(s + n - 6, ".theme") == 0);
}

static int load_by_name(const char *name, struct theme *t, char **errs)
{
	char *dirs[THEME_DIRS_MAX], *path = NULL;
	struct report rp;
	size_t n, i;
	struct stat st;
	int ret;

	n = theme_dirs(dirs);
	for (i = 0; i < n && !path; i++) {
		char *try = xasprintf("%s/%s.theme", dirs[i], name);

		if (stat(try, &st) == 0)
			path = try;
		else
			free(try);
	}
	if (path) {
		ret = load_file(path, t, errs);
		free(path);
	} else {
		report_init(&rp, name);
		report_add(&rp, 0, "no such theme (looked in %s%s%s%s%s)", dirs[0],
			   n > 1 ? ", " : "", n > 1 ? dirs[1] : "", n > 2 ? ", " : "",
			   n > 2 ? dirs[2] : "");
		ret = report_finish(&rp, errs);
	}
	free_dirs(dirs, n);
	return ret;
}

int theme_load(const char *name_or_path, struct theme *t, char **errs)
{
	struct report rp;

	theme_builtin(t);
	if (!name_or_path || strcmp(name_or_path, "builtin") == 0)
		return 0;
	if (is_path(name_or_path))
		return load_file(name_or_path, t, errs);
	if (!valid_name(name_or_path, strlen(name_or_path))) {
		report_init(&rp, name_or_path);
		report_add(&rp, 0, "not a theme name (letters, digits, '.', '_', '-'; at most %d)",
			   THEME_NAME_MAX);
		return report_finish(&rp, errs);
	}
	return load_by_name(name_or_path, t, errs);
}

/* --- Listing ------------------------------------------------------------------------ */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *dir, char **names, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) && *n < THEME_LIST_MAX) {
		size_t len = strlen(e->d_name), i;
		bool dup = false;

		if (len <= 6 || strcmp(e->d_name + len - 6, ".theme") != 0 ||
		    !valid_name(e->d_name, len - 6))
			continue;
		for (i = 0; i < *n && !dup; i++)
			dup = strlen(names[i]) == len - 6 && !strncmp(names[i], e->d_name, len - 6);
		if (!dup)
			names[(*n)++] = xstrndup(e->d_name, len - 6);
	}
	closedir(d);
}

char **theme_list(void)
{
	char *dirs[THEME_DIRS_MAX];
	char **names = xcalloc(THEME_LIST_MAX + 1, sizeof(*names));
	size_t n = 0, ndirs, i;

	ndirs = theme_dirs(dirs);
	for (i = 0; i < ndirs; i++)
		list_dir(dirs[i], names, &n);
	free_dirs(dirs, ndirs);
	if (n == 0)
		names[n++] = xstrdup("builtin");
	qsort(names, n, sizeof(*names), cmp_names);
	names[n] = NULL;
	return names;
}

void theme_list_free(char **names)
{
	size_t i;

	if (!names)
		return;
	for (i = 0; names[i]; i++)
		free(names[i]);
	free(names);
}

char *theme_next(const char *current)
{
	char **names = theme_list(), *next;
	size_t i;

	for (i = 0; names[i]; i++)
		if (current && strcmp(names[i], current) == 0)
			break;
	next = xstrdup(names[i] && names[i + 1] ? names[i + 1] : names[0]);
	theme_list_free(names);
	return next;
}
