/* Unit tests: widgets/grid.c, the pure layout. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "widgets/grid.h"

static struct grid_layout plan(int w, int h, size_t nregions, size_t nmetrics, size_t focus_row)
{
	struct screen_layout s = screen_plan(w, h, false);
	struct grid_spec spec = {s.body, nregions, nmetrics, 19, focus_row};

	return grid_plan(&spec);
}

static bool inside(struct rect in, struct rect outer)
{
	return in.w >= 0 && in.h >= 0 && in.x >= outer.x && in.y >= outer.y &&
	       in.x + in.w <= outer.x + outer.w && in.y + in.h <= outer.y + outer.h;
}

static bool overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void test_screen_split(void **state)
{
	struct screen_layout s = screen_plan(80, 24, false);

	(void)state;
	assert_int_equal(s.header.y, 0);
	assert_int_equal(s.header.h, 1);
	assert_int_equal(s.banner.h, 0);
	assert_int_equal(s.body.y, 1);
	assert_int_equal(s.body.h, 21);
	assert_int_equal(s.status.y, 22);
	assert_int_equal(s.hint.y, 23);
	s = screen_plan(80, 24, true);
	assert_int_equal(s.banner.y, 1);
	assert_int_equal(s.banner.h, 1);
	assert_int_equal(s.body.y, 2);
	assert_int_equal(s.body.h, 20);
	s = screen_plan(0, 0, true);
	assert_int_equal(s.body.h, 0);
	assert_int_equal(s.header.h, 0);
	s = screen_plan(1, 1, true);
	assert_int_equal(s.header.h, 1);
	assert_int_equal(s.body.h, 0);
	assert_int_equal(s.status.h, 0);
	s = screen_plan(-4, -4, false);
	assert_int_equal(s.body.w, 0);
}

static void test_80x24_one_line_per_pane(void **state)
{
	struct grid_layout g = plan(80, 24, 3, 12, 0);

	(void)state;
	assert_int_equal(g.mode, GRID_LINES);
	assert_int_equal(g.pane_h, 1);
	assert_int_equal(g.nrows, 12);
	assert_int_equal(g.first_row, 0);
	assert_int_equal(g.more.h, 0);
	assert_int_equal(g.label_w, 19);
	assert_true(g.pane_w >= 19);
	assert_int_equal(g.spare.h, 20 - 12);
	assert_int_equal(grid_pane_rect(&g, 0, 0).x, 20);
	assert_int_equal(grid_separator_x(&g, 0), 19);
	assert_int_equal(grid_pane_rect(&g, 11, 2).y, 1 + 1 + 11);
}

static void test_tall_sizes(void **state)
{
	struct grid_layout g = plan(120, 40, 3, 12, 0);

	(void)state;
	assert_int_equal(g.mode, GRID_TALL);
	assert_int_equal(g.pane_h, 3);
	assert_int_equal(g.label_w, 0);
	assert_int_equal(grid_separator_x(&g, 0), -1);
	g = plan(250, 70, 3, 12, 0);
	assert_int_equal(g.mode, GRID_TALL);
	assert_int_equal(g.pane_h, 5);
	assert_int_equal(g.pane_w, (250 - 2) / 3);
	g = plan(250, 70, 3, 4, 0);
	assert_int_equal(g.pane_h, 16);
}

static void test_paging_keeps_focus(void **state)
{
	struct grid_layout g = plan(40, 12, 3, 12, 0);

	(void)state;
	assert_int_equal(g.mode, GRID_LINES);
	assert_int_equal(g.nrows, 7);
	assert_int_equal(g.first_row, 0);
	assert_int_equal(g.more.h, 1);
	assert_int_equal(g.more.y, 1 + 1 + 7);
	g = plan(40, 12, 3, 12, 8);
	assert_int_equal(g.first_row, 5); /* the last page, clamped */
	g = plan(40, 12, 3, 12, 11);
	assert_true(11 >= g.first_row && 11 < g.first_row + g.nrows);
	g = plan(40, 12, 3, 12, 999);
	assert_int_equal(g.first_row, 0);
}

static void test_too_small_and_empty(void **state)
{
	(void)state;
	assert_int_equal(plan(38, 24, 3, 12, 0).mode, GRID_TOO_SMALL);
	assert_int_equal(plan(39, 24, 3, 12, 0).mode, GRID_LINES);
	assert_int_equal(plan(80, 7, 3, 12, 0).mode, GRID_TOO_SMALL);
	assert_int_equal(plan(80, 8, 3, 12, 0).mode, GRID_LINES);
	assert_int_equal(plan(80, 24, 16, 12, 0).mode, GRID_TOO_SMALL);
	assert_int_equal(plan(200, 24, 16, 12, 0).mode, GRID_LINES);
	assert_int_equal(plan(0, 0, 3, 12, 0).mode, GRID_TOO_SMALL);
	assert_int_equal(plan(80, 24, 0, 12, 0).mode, GRID_EMPTY);
	assert_int_equal(plan(80, 24, 3, 0, 0).mode, GRID_EMPTY);
	assert_int_equal(plan(80, 24, 1, 1, 0).mode, GRID_TALL);
	assert_int_equal(plan(80, 5, 1, 1, 0).mode, GRID_LINES);
}

static void test_min_size(void **state)
{
	static const size_t regions[] = {1, 3, 16};
	static const size_t metrics[] = {1, 2, 3, 4, 12};
	struct grid_spec spec = {{0, 1, 0, 0}, 0, 0, 19, 0};
	size_t i, j;
	int w, h;

	(void)state;
	for (i = 0; i < 3; i++) {
		for (j = 0; j < 5; j++) {
			grid_min_size(regions[i], metrics[j], &w, &h);
			spec.nregions = regions[i];
			spec.nmetrics = metrics[j];
			spec.area = (struct rect){0, 1, w, h};
			assert_int_not_equal(grid_plan(&spec).mode, GRID_TOO_SMALL);
			spec.area = (struct rect){0, 1, w - 1, h};
			assert_int_equal(grid_plan(&spec).mode, GRID_TOO_SMALL);
			spec.area = (struct rect){0, 1, w, h - 1};
			assert_int_equal(grid_plan(&spec).mode, GRID_TOO_SMALL);
		}
	}
}

/* check_layout: every rectangle inside the body, panes never overlap each
 * other, the labels or the "more" line. */
static void check_layout(const struct grid_layout *g, size_t nregions)
{
	size_t row, r, r2;
	struct rect p;

	for (r = 0; r < nregions; r++)
		assert_true(inside(grid_heading_rect(g, r), g->area));
	for (row = 0; row < g->nrows; row++) {
		if (g->mode == GRID_LINES)
			assert_true(inside(grid_label_rect(g, row), g->area));
		for (r = 0; r < nregions; r++) {
			p = grid_pane_rect(g, row, r);
			assert_true(inside(p, g->area));
			assert_false(overlap(p, g->more));
			assert_false(overlap(p, g->spare));
			if (g->mode == GRID_LINES)
				assert_false(overlap(p, grid_label_rect(g, row)));
			for (r2 = r + 1; r2 < nregions; r2++)
				assert_false(overlap(p, grid_pane_rect(g, row, r2)));
			assert_true(grid_separator_x(g, r) < p.x);
		}
	}
	assert_true(g->more.h == 0 || inside(g->more, g->area));
	assert_true(g->spare.h == 0 || inside(g->spare, g->area));
}

static void test_every_size(void **state)
{
	static const size_t regions[] = {1, 2, 3, 5, 16};
	static const size_t metrics[] = {1, 3, 12, 40};
	size_t i, j;
	int w, h;

	(void)state;
	for (w = 0; w <= 260; w += (w < 50 ? 1 : 7)) {
		for (h = 0; h <= 80; h += (h < 30 ? 1 : 5)) {
			for (i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
				for (j = 0; j < sizeof(metrics) / sizeof(metrics[0]); j++) {
					struct grid_layout g =
						plan(w, h, regions[i], metrics[j], 7);

					if (g.mode == GRID_LINES || g.mode == GRID_TALL)
						check_layout(&g, regions[i]);
				}
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_screen_split),
		cmocka_unit_test(test_80x24_one_line_per_pane),
		cmocka_unit_test(test_tall_sizes),
		cmocka_unit_test(test_paging_keeps_focus),
		cmocka_unit_test(test_too_small_and_empty),
		cmocka_unit_test(test_min_size),
		cmocka_unit_test(test_every_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
