/* canvas: an in-memory grid of cells that every widget draws into. */
#include "config.h"

#include "widgets/canvas.h"

#include <stdlib.h>
#include <string.h>

#include "src/xalloc.h"

/* A terminal never gets this big; the bound keeps w * h far from overflow
 * whatever size a caller passes. */
#define CANVAS_MAX_SIDE 10000

static int clamp_side(int v)
{
	if (v < 0)
		return 0;
	return v > CANVAS_MAX_SIDE ? CANVAS_MAX_SIDE : v;
}

struct canvas *canvas_new(int w, int h, bool utf8)
{
	struct canvas *c = xcalloc(1, sizeof(*c));

	c->utf8 = utf8;
	canvas_resize(c, w, h);
	return c;
}

void canvas_resize(struct canvas *c, int w, int h)
{
	size_t n;

	c->w = clamp_side(w);
	c->h = clamp_side(h);
	n = (size_t)c->w * (size_t)c->h;
	free(c->cells);
	c->cells = n ? xcalloc(n, sizeof(*c->cells)) : NULL;
	canvas_clear(c);
}

void canvas_free(struct canvas *c)
{
	if (!c)
		return;
	free(c->cells);
	free(c);
}

void canvas_clear(struct canvas *c)
{
	canvas_fill(c, (struct rect){0, 0, c->w, c->h}, ' ', ROLE_NORMAL, 0);
}

/* glyph_is_narrow: may ch stand alone in one cell? Zero-width marks,
 * direction overrides (which reorder what follows them) and double-width
 * scripts would make the terminal's cursor disagree with the canvas. The
 * ranges are deliberately coarse: a '?' is better than a torn screen. */
static bool glyph_is_narrow(uint32_t ch)
{
	static const uint32_t bad[][2] = {
		{0x0000, 0x001f},   {0x007f, 0x009f},   {0x00ad, 0x00ad},       {0x0300, 0x036f},
		{0x0483, 0x0489},   {0x0591, 0x05bd},   {0x0610, 0x061a},       {0x064b, 0x065f},
		{0x1100, 0x115f},   {0x180b, 0x180f},   {0x1ab0, 0x1aff},       {0x1dc0, 0x1dff},
		{0x200b, 0x200f},   {0x2028, 0x202e},   {0x2060, 0x206f},       {0x20d0, 0x20ff},
		{0x2e80, 0xa4cf},   {0xac00, 0xd7a3},   {0xd800, 0xdfff},       {0xf900, 0xfaff},
		{0xfe00, 0xfe0f},   {0xfe20, 0xfe2f},   {0xfe30, 0xfe4f},       {0xfeff, 0xfeff},
		{0xff00, 0xff60},   {0xffe0, 0xffe6},   {0xfff9, 0xfffb},       {0x1f000, 0x1faff},
		{0x20000, 0x3fffd}, {0xe0000, 0xe0fff}, {0x110000, 0xffffffff},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ch >= bad[i][0] && ch <= bad[i][1])
			return false;
	return true;
}

/* cell_glyph: what a cell may hold in place of ch on this canvas. */
static uint32_t cell_glyph(const struct canvas *c, uint32_t ch)
{
	if (!glyph_is_narrow(ch))
		return '?';
	if (ch > 0x7e && !c->utf8)
		return '?';
	return ch;
}

void canvas_put(struct canvas *c, int x, int y, uint32_t ch, enum style_role role, unsigned attrs)
{
	struct cell *cell;

	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return;
	cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
	cell->ch = cell_glyph(c, ch);
	cell->role = (uint8_t)(role < ROLE_COUNT ? role : ROLE_NORMAL);
	cell->attrs = (uint8_t)attrs;
}

/* utf8_next: decode one code point at *s and advance past it. Anything
 * malformed (a stray continuation byte, a truncated or overlong sequence,
 * a surrogate) decodes as one '?' and consumes one byte. */
static uint32_t utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t ch;
	int n, i;

	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 1;
		ch = p[0] & 0x1fu;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 2;
		ch = p[0] & 0x0fu;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 3;
		ch = p[0] & 0x07u;
	} else {
		*s += 1;
		return '?';
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s += 1;
			return '?';
		}
		ch = (ch << 6) | (p[i] & 0x3fu);
	}
	if ((n == 2 && ch < 0x800) || (n == 3 && (ch < 0x10000 || ch > 0x10ffff)) ||
	    (ch >= 0xd800 && ch <= 0xdfff)) {
		*s += 1;
		return '?';
	}
	*s += n + 1;
	return ch;
}

int canvas_text(struct canvas *c, int x, int y, int max_w, const char *utf8, enum style_role role,
		unsigned attrs)
{
	int used = 0;

	if (!utf8)
		return 0;
	while (*utf8 && used < max_w) {
		canvas_put(c, x + used, y, utf8_next(&utf8), role, attrs);
		used++;
	}
	return used;
}

int canvas_text_width(const char *utf8)
{
	int n = 0;

	if (!utf8)
		return 0;
	while (*utf8) {
		utf8_next(&utf8);
		n++;
	}
	return n;
}

int canvas_text_fit(struct canvas *c, int x, int y, int max_w, const char *utf8,
		    enum style_role role, unsigned attrs)
{
	int used;

	if (max_w <= 0)
		return 0;
	if (canvas_text_width(utf8) <= max_w)
		return canvas_text(c, x, y, max_w, utf8, role, attrs);
	used = canvas_text(c, x, y, max_w - 1, utf8, role, attrs);
	canvas_put(c, x + used, y, canvas_glyph(c, 0x2026, '~'), role, attrs);
	return used + 1;
}

/* wrap_take: how many bytes of s fill at most w columns, breaking after the
 * last space that fits (or mid-word when a word is longer than the line). */
static size_t wrap_take(const char *s, int w)
{
	const char *p = s, *brk = NULL;
	int cols = 0;

	while (*p && cols < w) {
		if (*p == ' ')
			brk = p;
		utf8_next(&p);
		cols++;
	}
	if (!*p || *p == ' ' || !brk)
		return (size_t)(p - s);
	return (size_t)(brk - s);
}

int canvas_text_wrap(struct canvas *c, struct rect r, const char *utf8, enum style_role role,
		     unsigned attrs)
{
	char line[1024];
	int row = 0;

	while (utf8 && *utf8 && row < r.h && r.w > 0) {
		size_t take = wrap_take(utf8, r.w);

		if (row == r.h - 1) { /* the last row: the rest, cut with an ellipsis */
			canvas_text_fit(c, r.x, r.y + row, r.w, utf8, role, attrs);
			return row + 1;
		}
		if (take >= sizeof(line))
			take = sizeof(line) - 1;
		memcpy(line, utf8, take);
		line[take] = '\0';
		canvas_text(c, r.x, r.y + row, r.w, line, role, attrs);
		utf8 += take;
		while (*utf8 == ' ')
			utf8++;
		row++;
	}
	return row;
}

int canvas_text_right(struct canvas *c, int right, int y, int max_w, const char *utf8,
		      enum style_role role, unsigned attrs)
{
	int w = canvas_text_width(utf8);

	if (w > max_w)
		w = max_w;
	return canvas_text_fit(c, right - w, y, w, utf8, role, attrs);
}

struct canvas_fields canvas_fields_at(struct canvas *c, int x, int y, int w, int gap)
{
	struct canvas_fields f = {c, x, x, y, x + (w > 0 ? w : 0), gap};

	return f;
}

bool canvas_field(struct canvas_fields *f, const char *text, enum style_role role, unsigned attrs)
{
	int gap = f->x > f->x0 ? f->gap : 0;
	int w = canvas_text_width(text);

	if (!w || f->x + gap + w > f->end)
		return false;
	canvas_text(f->c, f->x + gap, f->y, w, text, role, attrs);
	f->x += gap + w;
	return true;
}

uint32_t canvas_glyph(const struct canvas *c, uint32_t unicode, uint32_t ascii)
{
	return c->utf8 ? unicode : ascii;
}

void canvas_fill(struct canvas *c, struct rect r, uint32_t ch, enum style_role role, unsigned attrs)
{
	int x, y;

	for (y = r.y; y < r.y + r.h; y++)
		for (x = r.x; x < r.x + r.w; x++)
			canvas_put(c, x, y, ch, role, attrs);
}

/* put_utf8: append ch as UTF-8 at out; returns the bytes written (1-4). */
static size_t put_utf8(char *out, uint32_t ch)
{
	if (ch < 0x80) {
		out[0] = (char)ch;
		return 1;
	}
	if (ch < 0x800) {
		out[0] = (char)(0xc0 | (ch >> 6));
		out[1] = (char)(0x80 | (ch & 0x3f));
		return 2;
	}
	if (ch < 0x10000) {
		out[0] = (char)(0xe0 | (ch >> 12));
		out[1] = (char)(0x80 | ((ch >> 6) & 0x3f));
		out[2] = (char)(0x80 | (ch & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (ch >> 18));
	out[1] = (char)(0x80 | ((ch >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((ch >> 6) & 0x3f));
	out[3] = (char)(0x80 | (ch & 0x3f));
	return 4;
}

char *canvas_dump(const struct canvas *c)
{
	size_t cap = (size_t)c->w * (size_t)c->h * 4 + (size_t)c->h + 1;
	char *out = xmalloc(cap);
	size_t o = 0;
	int x, y;

	for (y = 0; y < c->h; y++) {
		for (x = 0; x < c->w; x++)
			o += put_utf8(out + o, canvas_at(c, x, y)->ch);
		out[o++] = '\n';
	}
	out[o] = '\0';
	return out;
}

const struct cell *canvas_at(const struct canvas *c, int x, int y)
{
	static const struct cell outside = {' ', ROLE_NORMAL, 0};

	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return &outside;
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}
