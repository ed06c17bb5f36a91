/* dashboard: the whole screen, drawn from a read-only model. */
#include "config.h"

#include "widgets/dashboard.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "src/format.h"
#include "widgets/banner.h"
#include "widgets/grid.h"
#include "widgets/header.h"
#include "widgets/heading.h"
#include "widgets/help.h"
#include "widgets/pane.h"
#include "widgets/statusbar.h"
#include "widgets/zoom.h"

static const struct pane_model *pane_at(const struct dash_model *m, size_t metric, size_t region)
{
	return &m->panes[metric * m->nregions + region];
}

static bool has_panes(const struct dash_model *m)
{
	return m->panes && m->regions && m->nmetrics && m->nregions;
}

static bool focus_valid(const struct dash_model *m)
{
	return has_panes(m) && m->focus < m->nmetrics * m->nregions;
}

/* The focused pane's row and column; SIZE_MAX (matching none) when the
 * focus is not on a pane. */
static size_t focus_row(const struct dash_model *m)
{
	return focus_valid(m) ? m->focus / m->nregions : SIZE_MAX;
}

static size_t focus_col(const struct dash_model *m)
{
	return focus_valid(m) ? m->focus % m->nregions : SIZE_MAX;
}

static int widest_label(const struct dash_model *m)
{
	char text[128];
	int w, best = 0;
	size_t i;

	for (i = 0; has_panes(m) && i < m->nmetrics; i++) {
		w = canvas_text_width(pane_title(text, sizeof(text), pane_at(m, i, 0)));
		best = w > best ? w : best;
	}
	return best;
}

static struct grid_layout plan(const struct dash_model *m, struct rect body)
{
	struct grid_spec spec = {
		.area = body,
		.nregions = has_panes(m) ? m->nregions : 0,
		.nmetrics = has_panes(m) ? m->nmetrics : 0,
		.label_w = widest_label(m),
		.focus_row = focus_row(m),
	};
	return grid_plan(&spec);
}

/* The row label (GRID_LINES): reverse video when any pane of the row is
 * in ALARM, so that "which metric" reads at a glance without colour. */
static void draw_label(struct canvas *c, struct rect r, const struct dash_model *m, size_t metric)
{
	enum style_role role = metric == focus_row(m) ? ROLE_FOCUS : ROLE_TITLE;
	unsigned attrs = 0;
	size_t i;

	for (i = 0; i < m->nregions; i++)
		if (pane_state(pane_at(m, metric, i)) == STATE_ALARM) {
			role = ROLE_ALARM;
			attrs = CELL_REVERSE | CELL_BOLD;
		}
	canvas_fill(c, r, ' ', role, attrs);
	pane_draw_label(c, r, pane_at(m, metric, 0), role, attrs);
}

static void draw_separators(struct canvas *c, const struct grid_layout *g,
			    const struct dash_model *m)
{
	uint32_t bar = canvas_glyph(c, 0x2502, '|');
	size_t region;
	int x, y;

	for (region = 0; region < g->nregions; region++) {
		x = grid_separator_x(g, region);
		if (x < 0)
			continue;
		for (y = g->area.y; y < g->area.y + 1 + (int)g->nrows * g->pane_h; y++)
			canvas_put(c, x, y, bar, ROLE_BORDER, 0);
	}
	if (g->mode == GRID_LINES && focus_row(m) >= g->first_row &&
	    focus_row(m) < g->first_row + g->nrows)
		canvas_put(c, grid_separator_x(g, focus_col(m)),
			   g->area.y + 1 + (int)(focus_row(m) - g->first_row),
			   canvas_glyph(c, 0x25b6, '>'), ROLE_FOCUS, CELL_BOLD);
}

static void draw_panes(struct canvas *c, const struct grid_layout *g, const struct dash_model *m)
{
	struct pane_view v = {NULL, m->range_start, m->range_end, m->now, m->lag, false, NULL};
	size_t row, region, metric;

	for (row = 0; row < g->nrows; row++) {
		metric = g->first_row + row;
		if (g->mode == GRID_LINES)
			draw_label(c, grid_label_rect(g, row), m, metric);
		for (region = 0; region < g->nregions; region++) {
			v.pm = pane_at(m, metric, region);
			v.focused = metric * m->nregions + region == m->focus;
			pane_draw(c, grid_pane_rect(g, row, region), &v);
		}
	}
}

/* put_count: "2 ALARM" in the state's own style, when there are any. */
static void put_count(struct canvas_fields *f, const size_t *counts, enum alarm_state st)
{
	enum style_role role;
	unsigned attrs;
	char text[48];

	if (!counts[st])
		return;
	pane_state_style(st, &role, &attrs);
	snprintf(text, sizeof(text), "%zu %s", counts[st], alarm_state_word(st));
	canvas_field(f, text, role, attrs);
}

/* The "more" line: where the hidden rows are and what they hold, so that
 * a page which does not show an ALARM still says there is one. */
static void draw_more(struct canvas *c, const struct grid_layout *g, const struct dash_model *m)
{
	struct canvas_fields f = canvas_fields_at(c, g->more.x + 1, g->more.y, g->more.w - 2, 2);
	size_t counts[STATE_ERROR + 1] = {0};
	size_t i, row, above = g->first_row, below = m->nmetrics - g->first_row - g->nrows;
	char text[64];

	for (i = 0; i < m->nmetrics * m->nregions; i++) {
		enum alarm_state st = pane_state(&m->panes[i]);

		row = i / m->nregions;
		if ((row < g->first_row || row >= g->first_row + g->nrows) &&
		    (unsigned)st <= STATE_ERROR)
			counts[st]++;
	}
	snprintf(text, sizeof(text), "%s%zu more above", c->utf8 ? "\u2191" : "^", above);
	if (above)
		canvas_field(&f, text, ROLE_HINT, CELL_BOLD);
	snprintf(text, sizeof(text), "%s%zu more below", c->utf8 ? "\u2193" : "v", below);
	if (below)
		canvas_field(&f, text, ROLE_HINT, CELL_BOLD);
	put_count(&f, counts, STATE_ALARM);
	put_count(&f, counts, STATE_WARN);
	put_count(&f, counts, STATE_STALE);
}

/* draw_focus_strip: rows left under the grid (after any errors) show the
 * focused pane again across the whole width, with its region: at 80x24 a
 * grid pane's sparkline is a few columns, the strip's is the screen's. */
#define STRIP_MIN_H 3

static void draw_focus_strip(struct canvas *c, struct rect spare, int used,
			     const struct dash_model *m)
{
	struct pane_view v = {NULL, m->range_start, m->range_end, m->now, m->lag, false, NULL};
	int top = used > spare.y ? used + 1 : spare.y + 1;
	struct rect r = {spare.x, top, spare.w, spare.y + spare.h - top};

	if (r.h < STRIP_MIN_H || !focus_valid(m))
		return;
	v.pm = &m->panes[m->focus];
	v.region = v.pm->region;
	pane_draw(c, r, &v);
}

static void draw_grid(struct canvas *c, const struct grid_layout *g, const struct dash_model *m)
{
	size_t region;

	if (g->mode == GRID_EMPTY) {
		canvas_text_fit(c, g->area.x + 1, g->area.y + 1, g->area.w - 2,
				"no metrics or regions to show", ROLE_NODATA, 0);
		return;
	}
	for (region = 0; region < g->nregions; region++)
		heading_draw(c, grid_heading_rect(g, region), &m->regions[region],
			     region == focus_col(m));
	draw_panes(c, g, m);
	draw_separators(c, g, m);
	if (g->more.h)
		draw_more(c, g, m);
	if (g->spare.h >= 2)
		draw_focus_strip(c, g->spare, heading_draw_errors(c, g->spare, m), m);
}

static bool zoom_fits(const struct dash_model *m, struct rect body)
{
	return m->zoomed && focus_valid(m) && body.w >= 20 && body.h >= 3;
}

/* draw_too_small: the one line left, with the size that would do. */
static void draw_too_small(struct canvas *c, const struct dash_model *m)
{
	int need_w, need_h;
	char text[96];

	grid_min_size(m->nregions, m->nmetrics, &need_w, &need_h);
	need_h += 3 + (m->banner ? 1 : 0); /* header, status, hints (banner) */
	snprintf(text, sizeof(text), "terminal too small (%dx%d), need %dx%d", c->w, c->h, need_w,
		 need_h);
	canvas_text_fit(c, 0, 0, c->w, text, ROLE_NORMAL, CELL_BOLD);
}

void dashboard_draw(struct canvas *c, const struct dash_model *m)
{
	struct screen_layout s = screen_plan(c->w, c->h, m->banner != NULL);
	struct grid_layout g = plan(m, s.body);
	bool zoom = zoom_fits(m, s.body);

	canvas_clear(c);
	if (!zoom && g.mode == GRID_TOO_SMALL) {
		draw_too_small(c, m);
		return;
	}
	header_draw(c, s.header, m);
	banner_draw(c, s.banner, m->banner);
	if (zoom)
		zoom_draw(c, s.body, m);
	else
		draw_grid(c, &g, m);
	statusbar_draw(c, s.status, m);
	hintbar_draw(c, s.hint, m);
	if (m->help_open)
		help_draw(c, (struct rect){0, 0, c->w, c->h}, m);
}
