/* help: the key overlay. */
#include "config.h"

#include "widgets/help.h"

#include <stdio.h>

#define PAD 2

static void box(struct canvas *c, struct rect b)
{
	uint32_t h = canvas_glyph(c, 0x2500, '-'), v = canvas_glyph(c, 0x2502, '|');
	int i;

	canvas_fill(c, b, ' ', ROLE_NORMAL, 0);
	for (i = 1; i < b.w - 1; i++) {
		canvas_put(c, b.x + i, b.y, h, ROLE_BORDER, 0);
		canvas_put(c, b.x + i, b.y + b.h - 1, h, ROLE_BORDER, 0);
	}
	for (i = 1; i < b.h - 1; i++) {
		canvas_put(c, b.x, b.y + i, v, ROLE_BORDER, 0);
		canvas_put(c, b.x + b.w - 1, b.y + i, v, ROLE_BORDER, 0);
	}
	canvas_put(c, b.x, b.y, canvas_glyph(c, 0x250c, '+'), ROLE_BORDER, 0);
	canvas_put(c, b.x + b.w - 1, b.y, canvas_glyph(c, 0x2510, '+'), ROLE_BORDER, 0);
	canvas_put(c, b.x, b.y + b.h - 1, canvas_glyph(c, 0x2514, '+'), ROLE_BORDER, 0);
	canvas_put(c, b.x + b.w - 1, b.y + b.h - 1, canvas_glyph(c, 0x2518, '+'), ROLE_BORDER, 0);
}

static bool hint_ok(const struct key_hint *h)
{
	return h->key && h->help;
}

static void widths(const struct dash_model *m, int *key_w, int *help_w)
{
	size_t i;
	int w;

	*key_w = *help_w = 0;
	for (i = 0; i < m->nhints; i++) {
		if (!hint_ok(&m->hints[i]))
			continue;
		w = canvas_text_width(m->hints[i].key);
		*key_w = w > *key_w ? w : *key_w;
		w = canvas_text_width(m->hints[i].help);
		*help_w = w > *help_w ? w : *help_w;
	}
}

/* The hints, one a line; the last line says how many did not fit. */
static void list(struct canvas *c, struct rect in, const struct dash_model *m, int key_w)
{
	size_t i, shown = 0;
	char more[48];
	int y = in.y;

	for (i = 0; i < m->nhints && m->hints; i++) {
		if (!hint_ok(&m->hints[i]))
			continue;
		if (y == in.y + in.h - 1 && i + 1 < m->nhints) {
			snprintf(more, sizeof(more), "... %zu more", m->nhints - shown);
			canvas_text_fit(c, in.x, y, in.w, more, ROLE_HINT, 0);
			return;
		}
		canvas_text_fit(c, in.x, y, key_w, m->hints[i].key, ROLE_HINT, CELL_BOLD);
		canvas_text_fit(c, in.x + key_w + PAD, y, in.w - key_w - PAD, m->hints[i].help,
				ROLE_NORMAL, 0);
		shown++;
		y++;
	}
}

void help_draw(struct canvas *c, struct rect r, const struct dash_model *m)
{
	int key_w, help_w, bw, bh;
	struct rect b;

	if (!m->hints)
		return;
	widths(m, &key_w, &help_w);
	bw = key_w + PAD + help_w + 2 * PAD + 2;
	bh = (int)(m->nhints < 200 ? m->nhints : 200) + 2;
	bw = bw < r.w - 2 ? bw : r.w - 2;
	bh = bh < r.h - 2 ? bh : r.h - 2;
	if (bw < 16 || bh < 3)
		return;
	b = (struct rect){r.x + (r.w - bw) / 2, r.y + (r.h - bh) / 2, bw, bh};
	box(c, b);
	canvas_text(c, b.x + 2, b.y, bw - 4, " keys ", ROLE_TITLE, CELL_BOLD);
	list(c, (struct rect){b.x + 1 + PAD, b.y + 1, bw - 2 - 2 * PAD, bh - 2}, m, key_w);
}
