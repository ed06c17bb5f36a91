/* Unit tests: widgets/dashboard.c, the whole screen from a model. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/widget_fixture.h"
#include "widgets/pane.h"
#include "widgets/dashboard.h"
#include "widgets/help.h"

static void golden(int w, int h, bool utf8, const char *name, void (*tweak)(struct dash_model *))
{
	struct widget_fixture f;
	struct canvas *c;

	fixture_init(&f);
	if (tweak)
		tweak(&f.m);
	c = draw_model(&f.m, w, h, utf8);
	check_golden(c, name);
	assert_clean_cells(c);
	canvas_free(c);
	fixture_free(&f);
}

static void test_80x24_utf8(void **state)
{
	(void)state;
	golden(80, 24, true, "dash-80x24-utf8", NULL);
}

static void test_80x24_ascii(void **state)
{
	(void)state;
	golden(80, 24, false, "dash-80x24-ascii", NULL);
}

static void test_120x40(void **state)
{
	(void)state;
	golden(120, 40, true, "dash-120x40", NULL);
}

static void test_250x70(void **state)
{
	(void)state;
	golden(250, 70, true, "dash-250x70", NULL);
}

static void test_40x12(void **state)
{
	(void)state;
	golden(40, 12, true, "dash-40x12", NULL);
}

static void zoom(struct dash_model *m)
{
	m->zoomed = true;
}

static void test_zoom(void **state)
{
	(void)state;
	golden(100, 30, true, "dash-zoom-100x30", zoom);
}

/* The zoom lists CloudWatch's own alarm, and how its rule differs. */
static void test_zoom_cloudwatch_alarm(void **state)
{
	struct cw_alarm_line cw = {"api-latency-high", "ALARM", true, 0,
				   "CloudWatch alarm threshold 450 ms differs from cwtop's 500 ms"};
	struct widget_fixture f;
	struct canvas *c;
	int y1, y2;

	(void)state;
	fixture_init(&f);
	f.m.zoomed = true;
	f.m.panes[f.m.focus].cw_alarms = &cw;
	f.m.panes[f.m.focus].ncw_alarms = 1;
	c = draw_model(&f.m, 100, 30, true);
	assert_clean_cells(c);
	assert_true(find_text(c, "CloudWatch alarm api-latency-high: ALARM", NULL, &y1));
	assert_true(find_text(c, "threshold 450 ms differs from cwtop's 500 ms", NULL, &y2));
	assert_int_equal(y2, y1 + 1);
	assert_true(find_text(c, PANE_CW_MARK, NULL, NULL));
	canvas_free(c);
	fixture_free(&f);
}

static void help(struct dash_model *m)
{
	m->help_open = true;
	m->banner = "ALARM  API latency avg  us-east-1  702 ms > 500 ms  since 14:29";
	m->message = "refreshing";
}

static void test_help(void **state)
{
	(void)state;
	golden(80, 24, true, "dash-help-80x24", help);
}

static bool row_has(const struct canvas *c, int y, const char *text)
{
	int fy;

	return find_text(c, text, NULL, &fy) && fy == y;
}

static void check_screen(const struct dash_model *m, int w, int h, bool utf8)
{
	struct canvas *c = draw_model(m, w, h, utf8);
	size_t i;

	assert_clean_cells(c);
	if (find_text(c, "terminal too small", NULL, NULL)) {
		assert_true(w < 80 || h < 24);
		canvas_free(c);
		return;
	}
	assert_true(row_has(c, 0, "cwtop") || w < 32);
	assert_true(row_has(c, 0, "14:32:10 UTC") || w < 32);
	if (!m->help_open && !row_has(c, h - 2, "/min"))
		fail_msg("no status line at %dx%d", w, h);
	if (!row_has(c, h - 1, "q quit"))
		fail_msg("no hint line at %dx%d", w, h);
	if (w >= 80 && h >= 24 && !m->zoomed && !m->help_open)
		for (i = 0; i < m->nregions; i++)
			assert_true(find_text(c, m->regions[i].name, NULL, NULL));
	canvas_free(c);
}

/* Every size from 40x12 to 250x70 (odd ones included), both glyph sets. */
static void test_every_size(void **state)
{
	struct widget_fixture f;
	int w, h;

	(void)state;
	fixture_init(&f);
	for (w = 40; w <= 250; w += (w < 90 ? 1 : 13)) {
		for (h = 12; h <= 70; h += (h < 30 ? 1 : 7)) {
			check_screen(&f.m, w, h, true);
			check_screen(&f.m, w, h, false);
		}
	}
	f.m.zoomed = true;
	f.m.help_open = true;
	f.m.banner = "ALARM API latency avg us-east-1";
	for (w = 40; w <= 250; w += 21)
		for (h = 12; h <= 70; h += 9)
			check_screen(&f.m, w, h, true);
	fixture_free(&f);
}

/* Tiny and degenerate sizes: no crash, nothing but the one line. */
static void test_tiny_sizes(void **state)
{
	struct widget_fixture f;
	struct canvas *c;
	int w, h;

	(void)state;
	fixture_init(&f);
	for (w = 0; w <= 45; w++) {
		for (h = 0; h <= 14; h++) {
			f.m.zoomed = (w + h) % 2;
			f.m.help_open = (w + h) % 3 == 0;
			c = draw_model(&f.m, w, h, true);
			assert_clean_cells(c);
			canvas_free(c);
		}
	}
	c = draw_model(&f.m, 30, 10, true);
	f.m.zoomed = false;
	canvas_free(c);
	c = draw_model(&f.m, 30, 10, true);
	assert_true(find_text(c, "terminal too small (30x10)", NULL, NULL));
	canvas_free(c);
	c = draw_model(&f.m, 60, 7, true);
	assert_true(find_text(c, "terminal too small (60x7), need 39x8", NULL, NULL));
	canvas_free(c);
	c = draw_model(&f.m, 60, 2, true);
	assert_true(find_text(c, "terminal too small (60x2), need 39x8", NULL, NULL));
	canvas_free(c);
	fixture_free(&f);
}

static void test_alarm_readable_without_colour(void **state)
{
	struct widget_fixture f;
	struct canvas *c;
	int x, y;

	(void)state;
	fixture_init(&f);
	c = draw_model(&f.m, 80, 24, true);
	assert_true(find_text(c, "ALARM", &x, &y));
	assert_int_equal(canvas_at(c, x, y)->role, ROLE_ALARM);
	assert_true(canvas_at(c, x, y)->attrs & CELL_REVERSE);
	/* the row label of a metric in ALARM is reverse too */
	assert_true(canvas_at(c, 0, y)->attrs & CELL_REVERSE);
	/* the focus marker sits beside the focused pane */
	assert_int_equal(canvas_at(c, 20, 2)->ch, 0x25b6);
	assert_int_equal(canvas_at(c, 20, 2)->role, ROLE_FOCUS);
	/* the failing region says so in its heading, in full further down */
	assert_true(find_text(c, "ap-southeast-2 ERR", NULL, NULL));
	assert_true(find_text(
		c, "ap-southeast-2: ThrottlingException: Rate exceeded (last good poll 5m ago)",
		NULL, NULL));
	assert_true(find_text(c, "STALE 4m", NULL, NULL));
	canvas_free(c);
	fixture_free(&f);
}

static void test_header_states(void **state)
{
	struct widget_fixture f;
	struct canvas *c;

	(void)state;
	fixture_init(&f);
	f.m.demo = true;
	f.m.paused = true;
	c = draw_model(&f.m, 120, 30, true);
	assert_true(row_has(c, 0, "DEMO"));
	assert_true(row_has(c, 0, "paused"));
	assert_true(row_has(c, 0, "us-east-1,eu-west-1,ap-southeast-2"));
	assert_true(row_has(c, 0, "every 60s"));
	assert_true(row_has(c, 0, "last 15m"));
	canvas_free(c);
	f.m.paused = false;
	f.m.polling = false;
	c = draw_model(&f.m, 60, 30, false);
	assert_true(row_has(c, 0, "idle"));
	assert_true(row_has(c, 0, "DEMO"));
	assert_false(row_has(c, 0, "us-east-1"));
	canvas_free(c);

	/* The demo's story replaces the profile; on a narrow line it is cut
	 * with an ellipsis, the range and the clock kept. */
	f.m.story = "5,000 users: throughput FALLS to 18,371 req/s, 107 ms, 0.39% 5XX";
	c = draw_model(&f.m, 200, 30, true);
	assert_true(row_has(c, 0, "DEMO"));
	assert_true(row_has(c, 0, f.m.story));
	assert_false(row_has(c, 0, "profile"));
	canvas_free(c);
	c = draw_model(&f.m, 80, 24, true);
	assert_true(row_has(c, 0, "5,000 users: throughput"));
	assert_false(row_has(c, 0, "0.39% 5XX"));
	assert_true(row_has(c, 0, "\u2026"));
	assert_true(row_has(c, 0, "last 15m"));
	assert_true(row_has(c, 0, "UTC"));
	canvas_free(c);
	c = draw_model(&f.m, 40, 12, false);
	assert_true(row_has(c, 0, "DEMO"));
	assert_true(row_has(c, 0, "UTC"));
	canvas_free(c);
	fixture_free(&f);
}

static void test_banner_and_message(void **state)
{
	struct widget_fixture f;
	struct canvas *c;
	int x;

	(void)state;
	fixture_init(&f);
	f.m.banner = "ALARM  API latency avg  us-east-1  702 ms > 500 ms  since 14:29";
	f.m.message = "statistic: p99";
	c = draw_model(&f.m, 100, 30, true);
	assert_true(row_has(c, 1, "ALARM  API latency avg  us-east-1"));
	for (x = 0; x < 100; x++) {
		assert_int_equal(canvas_at(c, x, 1)->role, ROLE_BANNER);
		assert_true(canvas_at(c, x, 1)->attrs & CELL_REVERSE);
	}
	assert_true(row_has(c, 28, "statistic: p99"));
	assert_true(row_has(c, 28, "us-east-1 1/min $0.007/h"));
	canvas_free(c);
	fixture_free(&f);
}

static void test_help_lists_every_hint(void **state)
{
	static const struct key_hint full[] = {
		{"q", "quit cwtop"},
		{"Esc", "leave the zoom or the help"},
		{"?", "show or hide this help"},
	};
	struct widget_fixture f;
	struct canvas *c;
	size_t i;

	(void)state;
	fixture_init(&f);
	f.m.help_open = true;
	c = draw_model(&f.m, 100, 30, true);
	for (i = 0; i < f.m.nhints; i++) {
		assert_true(find_text(c, f.m.hints[i].help, NULL, NULL));
	}
	assert_true(find_text(c, "keys", NULL, NULL));
	canvas_free(c);
	f.m.help = full;
	f.m.nhelp = sizeof(full) / sizeof(full[0]);
	c = draw_model(&f.m, 100, 30, true);
	assert_true(find_text(c, "leave the zoom or the help", NULL, NULL));
	assert_false(find_text(c, "next theme", NULL, NULL));
	assert_true(row_has(c, 29, "q quit"));
	canvas_free(c);
	c = canvas_new(40, 6, true);
	help_draw(c, (struct rect){0, 0, 40, 6}, &f.m);
	assert_true(find_text(c, "quit cwtop", NULL, NULL));
	assert_true(find_text(c, "... 2 more", NULL, NULL));
	canvas_free(c);
	fixture_free(&f);
}

static void test_zoom_axes(void **state)
{
	struct widget_fixture f;
	struct canvas *c;
	int x, y;

	(void)state;
	fixture_init(&f);
	f.m.zoomed = true;
	c = draw_model(&f.m, 100, 30, true);
	assert_true(find_text(c, "14:20", NULL, NULL));
	assert_true(find_text(c, "500ms │─", &x, &y));
	assert_int_equal(canvas_at(c, x, y)->role, ROLE_THRESHOLD);
	assert_true(find_text(c, "702ms", NULL, NULL));
	assert_true(find_text(c, "3 of last 3 periods beyond", NULL, NULL));
	canvas_free(c);
	fixture_free(&f);
}

/* A series whose own result failed (Forbidden): its pane says ERROR with
 * the reason, the zoom gives the reason and the advice in full, and the
 * rows under the grid list it; its neighbours are untouched. */
static void test_series_error(void **state)
{
	struct widget_fixture f;
	struct pane_model *pm;
	struct canvas *c;
	int x, y;

	(void)state;
	fixture_init(&f);
	pm = fixture_pane(&f, "latency", 0);
	pm->error = "access denied: Forbidden: no access to this metric";
	pm->advice = "Check the policy";
	c = draw_model(&f.m, 250, 70, true);
	assert_true(find_text(c, "Forbidden: no access to this metric", &x, &y));
	assert_int_equal(canvas_at(c, x, y)->role, ROLE_ERROR);
	canvas_free(c);

	c = draw_model(&f.m, 120, 60, true);
	assert_true(find_text(c, "us-east-1 API latency avg: access denied: Forbidden", &x, &y));
	assert_true(find_text(c, "Check the policy", NULL, NULL));
	canvas_free(c);

	f.m.focus = (size_t)(pm - f.m.panes);
	f.m.zoomed = true;
	c = draw_model(&f.m, 100, 30, true);
	assert_true(find_text(c, "ERROR", NULL, NULL));
	assert_true(find_text(c, "no access to this metric. Check the policy", &x, &y));
	assert_int_equal(canvas_at(c, x, y)->role, ROLE_ERROR);
	assert_true(find_text(c, "642", NULL, NULL)); /* the last data is still there */
	assert_false(find_text(c, "periods beyond", NULL, NULL));
	canvas_free(c);
	fixture_free(&f);
}

/* Text from the network arrives sanitized, but the canvas must hold even
 * if it did not. */
static void test_hostile_text(void **state)
{
	static const struct key_hint bad_hints[] = {{"\x1b[2J", "\x07ring"}, {NULL, NULL}};
	struct widget_fixture f;
	struct canvas *c;

	(void)state;
	fixture_init(&f);
	f.regions[2].error = "\x1b]0;owned\x07 \xff\xfe \xe2\x80\xae evil";
	f.regions[0].name = "us-\x1b[31m-east";
	f.m.profile = "\r\nprod\x9b";
	f.m.banner = "\x1b[H\x1b[2J";
	f.m.message = "\t\b\x7f";
	f.m.hints = bad_hints;
	f.m.nhints = 2;
	c = draw_model(&f.m, 120, 40, true);
	assert_clean_cells(c);
	canvas_free(c);
	c = draw_model(&f.m, 80, 24, false);
	assert_clean_cells(c);
	canvas_free(c);
	fixture_free(&f);
}

static void test_odd_models(void **state)
{
	struct dash_model m;
	struct widget_fixture f;
	struct canvas *c;

	(void)state;
	memset(&m, 0, sizeof(m));
	c = draw_model(&m, 80, 24, true);
	assert_true(find_text(c, "no metrics or regions", NULL, NULL));
	canvas_free(c);
	m.zoomed = true;
	m.help_open = true;
	c = draw_model(&m, 80, 24, true);
	canvas_free(c);
	m.nregions = 3; /* counts without arrays must not be followed */
	m.nmetrics = 12;
	c = draw_model(&m, 80, 24, true);
	assert_true(find_text(c, "no metrics or regions", NULL, NULL));
	canvas_free(c);

	fixture_init(&f);
	f.m.focus = 9999;
	f.m.zoomed = true;
	c = draw_model(&f.m, 80, 24, true);
	assert_false(find_text(c, "\u25b6", NULL, NULL));
	canvas_free(c);
	f.regions[1].name = NULL;
	f.regions[0].age = -1;
	f.m.profile = NULL;
	f.m.range_label = NULL;
	f.m.nhints = 0;
	f.m.hints = NULL;
	f.m.help_open = true;
	fixture_pane(&f, "latency", 0)->def = NULL;
	fixture_pane(&f, "latency", 1)->series = NULL;
	c = draw_model(&f.m, 120, 40, true);
	assert_true(find_text(c, "waiting", NULL, NULL));
	canvas_free(c);
	fixture_free(&f);
}

static void test_paging_says_what_is_hidden(void **state)
{
	struct widget_fixture f;
	struct canvas *c;

	(void)state;
	fixture_init(&f);
	f.m.focus = 11 * 3;
	c = draw_model(&f.m, 60, 12, true);
	assert_true(find_text(c, "more above", NULL, NULL));
	assert_true(find_text(c, "1 ALARM", NULL, NULL));
	assert_true(find_text(c, "DDB thrott", NULL, NULL));
	canvas_free(c);
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_80x24_utf8),
		cmocka_unit_test(test_80x24_ascii),
		cmocka_unit_test(test_120x40),
		cmocka_unit_test(test_250x70),
		cmocka_unit_test(test_40x12),
		cmocka_unit_test(test_zoom),
		cmocka_unit_test(test_zoom_cloudwatch_alarm),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_every_size),
		cmocka_unit_test(test_tiny_sizes),
		cmocka_unit_test(test_alarm_readable_without_colour),
		cmocka_unit_test(test_header_states),
		cmocka_unit_test(test_banner_and_message),
		cmocka_unit_test(test_help_lists_every_hint),
		cmocka_unit_test(test_zoom_axes),
		cmocka_unit_test(test_series_error),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_odd_models),
		cmocka_unit_test(test_paging_says_what_is_hidden),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
