/* grid: where everything goes, pure (a spec and a size in, rectangles
 * out; nothing is drawn here).
 *
 * The screen, top to bottom: header, banner (when shown), the body, the
 * status line and the key hint line. The body holds the grid: a line of
 * region headings, then one row of panes per metric, one column per
 * region. Layouts, from roomy to cramped:
 *   GRID_TALL   every pane gets pane_h >= 2 rows (title, details,
 *               sparkline) and the full column width;
 *   GRID_LINES  one line per pane, a column of row labels on the left;
 *               when not every metric fits, a page of rows holding the
 *               focused one is shown above a "more" line;
 *   GRID_TOO_SMALL  not even that fits. */
#ifndef CWTOP_GRID_H
#define CWTOP_GRID_H

#include <stdbool.h>
#include <stddef.h>

#include "widgets/canvas.h"

struct screen_layout {
	struct rect header, banner, body, status, hint; /* h == 0: not shown */
};

/* screen_plan: split a w x h screen (never negative sizes). */
struct screen_layout screen_plan(int w, int h, bool banner);

enum grid_mode { GRID_EMPTY, GRID_TOO_SMALL, GRID_LINES, GRID_TALL };

#define GRID_LABEL_MIN     6  /* narrowest row label column */
#define GRID_LINE_PANE_MIN 10 /* value, blank, short state word */
#define GRID_TALL_PANE_MIN 12
#define GRID_MIN_ROWS      3 /* fewer visible metric rows is too small */

struct grid_spec {
	struct rect area; /* the body */
	size_t nregions, nmetrics;
	int label_w;      /* the widest row label, for GRID_LINES */
	size_t focus_row; /* the metric row that must stay visible */
};

struct grid_layout {
	enum grid_mode mode;
	struct rect area;
	size_t nregions;
	int label_w; /* GRID_LINES: the row-label column; else 0 */
	int pane_w, pane_h;
	size_t first_row, nrows; /* the metric rows shown */
	struct rect more;        /* the "more rows" line; h == 0 when all show */
	struct rect spare;       /* rows left below the panes; h may be 0 */
};

struct grid_layout grid_plan(const struct grid_spec *s);
/* grid_min_size: the smallest body in which the grid is not too small. */
void grid_min_size(size_t nregions, size_t nmetrics, int *w, int *h);
/* The region heading above column `region`. */
struct rect grid_heading_rect(const struct grid_layout *g, size_t region);
/* The row label of the shown row `row` (0 = first_row); GRID_LINES only. */
struct rect grid_label_rect(const struct grid_layout *g, size_t row);
/* The pane of shown row `row` in column `region`. */
struct rect grid_pane_rect(const struct grid_layout *g, size_t row, size_t region);
/* grid_separator_x: the column left of a pane that separates it from its
 * neighbour (the focus marker goes there); -1 when there is none. */
int grid_separator_x(const struct grid_layout *g, size_t region);

#endif
