/* canvas: an in-memory grid of cells (glyph + style role + attributes).
 *
 * Every widget draws into a canvas; only widgets/term.c copies a canvas to
 * the terminal (and only the cells that changed). Tests draw into a canvas
 * and compare canvas_dump() text. */
#ifndef CWTOP_CANVAS_H
#define CWTOP_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "widgets/style.h"

#define CELL_BOLD      (1u << 0)
#define CELL_REVERSE   (1u << 1)
#define CELL_UNDERLINE (1u << 2)
#define CELL_DIM       (1u << 3)

struct cell {
	uint32_t ch;   /* a Unicode code point of width 1; ' ' when blank */
	uint8_t role;  /* enum style_role */
	uint8_t attrs; /* CELL_* on top of the role's own attributes */
};

struct canvas {
	int w, h;
	struct cell *cells; /* [y * w + x] */
	bool utf8;          /* may draw non-ASCII glyphs (else ASCII fallbacks) */
};

/* canvas_new / canvas_resize: w x h blank cells. */
struct canvas *canvas_new(int w, int h, bool utf8);
void canvas_resize(struct canvas *c, int w, int h);
void canvas_free(struct canvas *c);
void canvas_clear(struct canvas *c);

/* A rectangle in canvas coordinates. */
struct rect {
	int x, y, w, h;
};

/* canvas_put: one cell; off the canvas it does nothing. A glyph a cell
 * cannot hold (a control character, a zero- or double-width one, or any
 * non-ASCII on an ASCII canvas) becomes '?'. */
void canvas_put(struct canvas *c, int x, int y, uint32_t ch, enum style_role role, unsigned attrs);
/* canvas_text: UTF-8 text at (x, y), clipped to max_w columns; returns the
 * columns used. Control characters never reach a cell. */
int canvas_text(struct canvas *c, int x, int y, int max_w, const char *utf8, enum style_role role,
		unsigned attrs);
/* canvas_text_width: the columns canvas_text would use without a limit. */
int canvas_text_width(const char *utf8);
/* canvas_text_fit: as canvas_text, but text cut short ends in an ellipsis
 * ('~' on an ASCII canvas) so a reader knows there is more. */
int canvas_text_fit(struct canvas *c, int x, int y, int max_w, const char *utf8,
		    enum style_role role, unsigned attrs);
/* canvas_text_right: the text ending just before column right (fitted to
 * max_w); returns the columns used. */
/* canvas_text_wrap: text word-wrapped into r (the last row that fits ends
 * with an ellipsis when text remains); returns the rows used. */
int canvas_text_wrap(struct canvas *c, struct rect r, const char *utf8, enum style_role role,
		     unsigned attrs);
int canvas_text_right(struct canvas *c, int right, int y, int max_w, const char *utf8,
		      enum style_role role, unsigned attrs);
/* A row of fields drawn left to right, gap blanks apart: a field that
 * does not fit whole is left out, and later (shorter) ones still may. */
struct canvas_fields {
	struct canvas *c;
	int x0, x, y, end, gap;
};
struct canvas_fields canvas_fields_at(struct canvas *c, int x, int y, int w, int gap);
/* canvas_field: true when the field was drawn. */
bool canvas_field(struct canvas_fields *f, const char *text, enum style_role role, unsigned attrs);
/* canvas_glyph: unicode on a UTF-8 canvas, else the ASCII fallback. */
uint32_t canvas_glyph(const struct canvas *c, uint32_t unicode, uint32_t ascii);
void canvas_fill(struct canvas *c, struct rect r, uint32_t ch, enum style_role role,
		 unsigned attrs);
/* canvas_dump: the text of the canvas, one line per row, trailing blanks
 * kept (for golden-file tests). malloc'd. */
char *canvas_dump(const struct canvas *c);
const struct cell *canvas_at(const struct canvas *c, int x, int y);

#endif
