/* grid: where everything goes, pure. */
#include "config.h"

#include "widgets/grid.h"

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

struct screen_layout screen_plan(int w, int h, bool banner)
{
	struct screen_layout s = {
		{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}};
	int top;

	w = max_int(w, 0);
	h = max_int(h, 0);
	s.header = (struct rect){0, 0, w, min_int(h, 1)};
	s.banner = (struct rect){0, 1, w, banner && h > 1 ? 1 : 0};
	top = s.header.h + s.banner.h;
	s.hint = (struct rect){0, h - 1, w, h - top >= 1 ? 1 : 0};
	s.status = (struct rect){0, h - 2, w, h - top >= 2 ? 1 : 0};
	s.body = (struct rect){0, top, w, max_int(h - top - 2, 0)};
	return s;
}

/* Columns of a layout where every pane is pane_w wide with a separator
 * column before it (after the label column in GRID_LINES). */
static int lines_pane_w(const struct grid_spec *s, int label_w)
{
	int n = (int)s->nregions;

	return (s->area.w - label_w - n) / n;
}

static bool plan_tall(const struct grid_spec *s, struct grid_layout *g)
{
	int n = (int)s->nregions;
	size_t rows = (size_t)max_int(s->area.h - 1, 0);

	g->pane_w = (s->area.w - (n - 1)) / n;
	g->pane_h = (int)(rows / s->nmetrics);
	if (g->pane_h < 2 || g->pane_w < GRID_TALL_PANE_MIN)
		return false;
	g->mode = GRID_TALL;
	g->label_w = 0;
	g->first_row = 0;
	g->nrows = s->nmetrics;
	return true;
}

/* The row-label column: as wide as the labels want, within reason, and
 * narrower when the panes would otherwise be too narrow. Columns left over
 * by the division go to the labels. */
static bool plan_columns(const struct grid_spec *s, struct grid_layout *g)
{
	int n = (int)s->nregions;
	int cap = max_int(min_int(s->area.w / 4, 24), GRID_LABEL_MIN);
	int want = min_int(max_int(s->label_w, GRID_LABEL_MIN), cap);
	int label_w = want;

	while (label_w > GRID_LABEL_MIN && lines_pane_w(s, label_w) < GRID_LINE_PANE_MIN)
		label_w--;
	g->pane_w = lines_pane_w(s, label_w);
	if (g->pane_w < GRID_LINE_PANE_MIN)
		return false;
	g->label_w = min_int(want, s->area.w - n * (g->pane_w + 1));
	return true;
}

/* The rows: all of them, or a page holding the focused one. */
static bool plan_rows(const struct grid_spec *s, struct grid_layout *g)
{
	size_t rows = (size_t)max_int(s->area.h - 1, 0);
	size_t need = s->nmetrics < GRID_MIN_ROWS ? s->nmetrics : GRID_MIN_ROWS;

	g->pane_h = 1;
	if (rows >= s->nmetrics) {
		g->first_row = 0;
		g->nrows = s->nmetrics;
		return true;
	}
	if (rows < 1 || rows - 1 < need)
		return false;
	g->nrows = rows - 1;
	g->first_row = s->focus_row < s->nmetrics ? s->focus_row / g->nrows * g->nrows : 0;
	if (g->first_row + g->nrows > s->nmetrics)
		g->first_row = s->nmetrics - g->nrows;
	g->more = (struct rect){s->area.x, s->area.y + 1 + (int)g->nrows, s->area.w, 1};
	return true;
}

static void plan_spare(struct grid_layout *g)
{
	int used = 1 + (int)g->nrows * g->pane_h + g->more.h;

	g->spare =
		(struct rect){g->area.x, g->area.y + used, g->area.w, max_int(g->area.h - used, 0)};
}

struct grid_layout grid_plan(const struct grid_spec *s)
{
	struct grid_layout g = {0};

	g.area = s->area;
	g.nregions = s->nregions;
	g.mode = GRID_TOO_SMALL;
	if (!s->nregions || !s->nmetrics) {
		g.mode = GRID_EMPTY;
		return g;
	}
	if (s->area.w <= 0 || s->area.h <= 1 || s->nregions > (size_t)s->area.w)
		return g;
	if (!plan_tall(s, &g)) {
		if (!plan_columns(s, &g) || !plan_rows(s, &g))
			return g;
		g.mode = GRID_LINES;
	}
	plan_spare(&g);
	return g;
}

void grid_min_size(size_t nregions, size_t nmetrics, int *w, int *h)
{
	size_t need = nmetrics < GRID_MIN_ROWS ? nmetrics : GRID_MIN_ROWS;

	if (nregions > 10000)
		nregions = 10000;
	*w = GRID_LABEL_MIN + (int)nregions * (GRID_LINE_PANE_MIN + 1);
	*h = 1 + (int)need + (nmetrics > need ? 1 : 0);
}

static int pane_x(const struct grid_layout *g, size_t region)
{
	int step = g->pane_w + 1;

	if (g->mode == GRID_LINES)
		return g->area.x + g->label_w + 1 + (int)region * step;
	return g->area.x + (int)region * step;
}

struct rect grid_heading_rect(const struct grid_layout *g, size_t region)
{
	return (struct rect){pane_x(g, region), g->area.y, g->pane_w, 1};
}

struct rect grid_label_rect(const struct grid_layout *g, size_t row)
{
	return (struct rect){g->area.x, g->area.y + 1 + (int)row, g->label_w, 1};
}

struct rect grid_pane_rect(const struct grid_layout *g, size_t row, size_t region)
{
	return (struct rect){pane_x(g, region), g->area.y + 1 + (int)row * g->pane_h, g->pane_w,
			     g->pane_h};
}

int grid_separator_x(const struct grid_layout *g, size_t region)
{
	if (g->mode == GRID_TALL && region == 0)
		return -1;
	return pane_x(g, region) - 1;
}
