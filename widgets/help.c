/* help: the key overlay. */
#include "config.h"

#include "widgets/help.h"

#include <stdio.h>

#define PAD       2
#define MAX_LINES 200

/* The keys listed: the full help table, or the hint line's when the
 * model has no separate one. */
struct key_list {
	const struct key_hint *k;
	size_t n;
};

static struct key_list keys_of(const struct dash_model *m)
{
	struct key_list l = {m->help, m->nhelp};

	if (!l.k || !l.n) {
		l.k = m->hints;
		l.n = m->hints ? m->nhints : 0;
	}
	return l;
}

static bool key_ok(const struct key_hint *h)
{
	return h->key && h->help;
}

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

static void widths(struct key_list l, int *key_w, int *help_w)
{
	size_t i;
	int w;

	*key_w = *help_w = 0;
	for (i = 0; i < l.n; i++) {
		if (!key_ok(&l.k[i]))
			continue;
		w = canvas_text_width(l.k[i].key);
		*key_w = w > *key_w ? w : *key_w;
		w = canvas_text_width(l.k[i].help);
		*help_w = w > *help_w ? w : *help_w;
	}
}

/* The keys, one a line; the last line says how many did not fit. */
static void list(struct canvas *c, struct rect in, struct key_list l, int key_w)
{
	size_t i, shown = 0;
	char more[48];
	int y = in.y;

	for (i = 0; i < l.n; i++) {
		if (!key_ok(&l.k[i]))
			continue;
		if (y == in.y + in.h - 1 && i + 1 < l.n) {
			snprintf(more, sizeof(more), "... %zu more", l.n - shown);
			canvas_text_fit(c, in.x, y, in.w, more, ROLE_HINT, 0);
			return;
		}
		canvas_text_fit(c, in.x, y, key_w, l.k[i].key, ROLE_HINT, CELL_BOLD);
		canvas_text_fit(c, in.x + key_w + PAD, y, in.w - key_w - PAD, l.k[i].help,
				ROLE_NORMAL, 0);
		shown++;
		y++;
	}
}

void help_draw(struct canvas *c, struct rect r, const struct dash_model *m)
{
	struct key_list l = keys_of(m);
	int key_w, help_w, bw, bh;
	struct rect b;

	if (!l.n)
		return;
	widths(l, &key_w, &help_w);
	bw = key_w + PAD + help_w + 2 * PAD + 2;
	bh = (int)(l.n < MAX_LINES ? l.n : MAX_LINES) + 2;
	bw = bw < r.w - 2 ? bw : r.w - 2;
	bh = bh < r.h - 2 ? bh : r.h - 2;
	if (bw < 16 || bh < 3)
		return;
	b = (struct rect){r.x + (r.w - bw) / 2, r.y + (r.h - bh) / 2, bw, bh};
	box(c, b);
	canvas_text(c, b.x + 2, b.y, bw - 4, " keys ", ROLE_TITLE, CELL_BOLD);
	list(c, (struct rect){b.x + 1 + PAD, b.y + 1, bw - 2 - 2 * PAD, bh - 2}, l, key_w);
}
