/* Unit tests: widgets/pane.c, one metric in one region. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/format.h"
#include "tests/unit/widget_fixture.h"
#include "widgets/pane.h"

static struct widget_fixture fix;

static int setup(void **state)
{
	(void)state;
	fixture_init(&fix);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_free(&fix);
	return 0;
}

static struct pane_view view(const char *id, size_t region, bool focused)
{
	struct pane_view v = {fixture_pane(&fix, id, region),
			      FIX_NOW - 900,
			      FIX_NOW,
			      FIX_NOW,
			      FIX_LAG,
			      focused,
			      NULL};
	return v;
}

static struct canvas *draw(const char *id, size_t region, int w, int h, bool utf8, bool focused)
{
	struct canvas *c = canvas_new(w, h, utf8);
	struct pane_view v = view(id, region, focused);

	pane_draw(c, (struct rect){0, 0, w, h}, &v);
	assert_clean_cells(c);
	return c;
}

static void test_line_alarm(void **state)
{
	struct canvas *c = draw("latency", 0, 26, 1, true, false);
	int x, y, i;

	(void)state;
	assert_true(find_text(c, "642ms", &x, &y));
	assert_int_equal(x, 1);
	assert_true(find_text(c, "ALARM", &x, &y));
	assert_int_equal(x, 21);
	for (i = 21; i < 26; i++) {
		assert_int_equal(canvas_at(c, i, 0)->role, ROLE_ALARM);
		assert_true(canvas_at(c, i, 0)->attrs & CELL_REVERSE);
	}
	/* the value is beyond the threshold: in the alarm colour */
	assert_int_equal(canvas_at(c, 1, 0)->role, ROLE_ALARM);
	/* the spike's bars are beyond the threshold */
	assert_int_equal(canvas_at(c, 19, 0)->role, ROLE_SPARK_ALARM);
	canvas_free(c);
}

static void test_line_states(void **state)
{
	struct canvas *c = draw("latency", 1, 26, 1, true, false);

	(void)state;
	assert_true(find_text(c, "STALE 4m", NULL, NULL));
	assert_true(canvas_at(c, 8, 0)->attrs & CELL_DIM);
	canvas_free(c);
	c = draw("latency", 2, 26, 1, true, false);
	assert_true(find_text(c, "ERROR", NULL, NULL));
	assert_true(canvas_at(c, 3, 0)->attrs & CELL_DIM);
	canvas_free(c);
	c = draw("ddb_throttled_likes", 0, 26, 1, true, false);
	assert_true(find_text(c, "     -", NULL, NULL));
	assert_true(find_text(c, "NO DATA", NULL, NULL));
	canvas_free(c);
	c = draw("latency", 0, 10, 1, true, false);
	assert_true(find_text(c, "642ms ALM", NULL, NULL));
	canvas_free(c);
}

static void test_wide_line_shows_threshold(void **state)
{
	struct canvas *c = draw("latency", 1, 60, 1, true, false);
	int x;

	(void)state;
	assert_true(find_text(c, " >500ms STALE 4m", &x, NULL));
	assert_int_equal(canvas_at(c, x + 1, 0)->role, ROLE_THRESHOLD);
	canvas_free(c);
	c = draw("latency", 0, 60, 1, true, false);
	assert_true(find_text(c, " >500ms ALARM", NULL, NULL));
	canvas_free(c);
	c = draw("requests", 0, 60, 1, true, false);
	assert_false(find_text(c, ">", NULL, NULL));
	canvas_free(c);
}

static void test_tall_alarm_title_reverse(void **state)
{
	struct canvas *c = draw("latency", 0, 40, 6, true, false);
	int x, i;

	(void)state;
	check_golden(c, "pane-alarm-40x6");
	for (x = 0; x < 40; x++) {
		assert_int_equal(canvas_at(c, x, 0)->role, ROLE_ALARM);
		assert_true(canvas_at(c, x, 0)->attrs & CELL_REVERSE);
	}
	assert_true(find_text(c, "> 500 ms", &x, NULL));
	assert_int_equal(canvas_at(c, x, 1)->role, ROLE_THRESHOLD);
	assert_true(find_text(c, "642 ms", NULL, NULL));
	/* the threshold line is drawn in the sparkline */
	for (i = 2; i < 6; i++)
		if (canvas_at(c, 0, i)->ch == 0x2500)
			assert_int_equal(canvas_at(c, 0, i)->role, ROLE_THRESHOLD);
	assert_true(find_text(c, "─", NULL, NULL));
	canvas_free(c);
}

static void test_tall_focused(void **state)
{
	struct canvas *c = draw("latency_p99", 0, 40, 5, true, true);

	(void)state;
	assert_int_equal(canvas_at(c, 0, 0)->ch, 0x25b6);
	assert_int_equal(canvas_at(c, 0, 0)->role, ROLE_FOCUS);
	assert_int_equal(canvas_at(c, 5, 0)->role, ROLE_FOCUS);
	assert_false(canvas_at(c, 5, 0)->attrs & CELL_REVERSE);
	assert_true(find_text(c, "API latency p99", NULL, NULL));
	assert_true(find_text(c, "OK", NULL, NULL));
	canvas_free(c);
	c = draw("latency_p99", 0, 40, 5, false, true);
	assert_int_equal(canvas_at(c, 0, 0)->ch, '>');
	check_golden(c, "pane-focused-ascii-40x5");
	canvas_free(c);
}

static void test_two_rows_show_value(void **state)
{
	struct canvas *c = draw("requests", 0, 36, 2, true, false);

	(void)state;
	assert_true(find_text(c, "API requests", NULL, NULL));
	assert_true(find_text(c, "29.9k", NULL, NULL));
	assert_true(find_text(c, "OK", NULL, NULL));
	canvas_free(c);
}

static void test_number_formats(void **state)
{
	struct pane_model *p = fixture_pane(&fix, "requests", 0);
	struct canvas *c;
	char want[32];

	(void)state;
	p->result.value = 27535;
	c = draw("requests", 0, 40, 4, true, false);
	assert_true(find_text(c, "27.5k/s", NULL, NULL));
	canvas_free(c);
	c = draw("requests", 0, 26, 1, true, false);
	assert_true(find_text(c, "27.5k ", NULL, NULL));
	canvas_free(c);
	p = fixture_pane(&fix, "errors_5xx", 0);
	p->result.value = 18240;
	c = draw("errors_5xx", 0, 40, 4, true, false);
	assert_true(find_text(c, "18,240", NULL, NULL));
	canvas_free(c);
	p = fixture_pane(&fix, "latency", 0);
	p->result.value = 1000.4;
	c = draw("latency", 0, 26, 1, true, false);
	/* however wide format_compact's text, it is never cut */
	assert_true(find_text(c, format_compact(want, sizeof(want), 1000.4, "ms"), NULL, NULL));
	canvas_free(c);
	p->result.value = 612.4;
	c = draw("latency", 0, 40, 4, true, false);
	assert_true(find_text(c, "612 ms", NULL, NULL));
	canvas_free(c);
	fixture_eval(&fix);
}

static void test_titles(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(pane_title(out, sizeof(out), fixture_pane(&fix, "latency", 0)),
			    "API latency avg");
	assert_string_equal(pane_title(out, sizeof(out), fixture_pane(&fix, "latency_p99", 0)),
			    "API latency p99");
	assert_string_equal(pane_title(out, sizeof(out), fixture_pane(&fix, "requests", 0)),
			    "API requests");
	assert_string_equal(
		pane_title(out, sizeof(out), fixture_pane(&fix, "ddb_throttled_likes", 0)),
		"DDB throttled likes");
	assert_string_equal(pane_title(out, sizeof(out), fixture_pane(&fix, "concurrency", 0)),
			    "Lambda concurrency max");
}

static void test_label_keeps_statistic(void **state)
{
	struct canvas *c = canvas_new(12, 2, true);

	(void)state;
	pane_draw_label(c, (struct rect){0, 0, 12, 1}, fixture_pane(&fix, "latency", 0), ROLE_TITLE,
			0);
	pane_draw_label(c, (struct rect){0, 1, 12, 1}, fixture_pane(&fix, "latency_p99", 0),
			ROLE_TITLE, 0);
	assert_true(find_text(c, "API lat… avg", NULL, NULL));
	assert_true(find_text(c, "API lat… p99", NULL, NULL));
	canvas_free(c);
}

static void test_threshold_text(void **state)
{
	struct metric_def def;
	char out[32];

	(void)state;
	memset(&def, 0, sizeof(def));
	def.unit = "ms";
	assert_string_equal(pane_threshold_text(out, sizeof(out), &def, false), "");
	def.rule.enabled = true;
	def.rule.threshold = 500;
	assert_string_equal(pane_threshold_text(out, sizeof(out), &def, false), "> 500 ms");
	assert_string_equal(pane_threshold_text(out, sizeof(out), &def, true), ">500ms");
	def.rule.cmp = CMP_LE;
	def.unit = "";
	def.rule.threshold = 2;
	assert_string_equal(pane_threshold_text(out, sizeof(out), &def, false), "<= 2");
	assert_string_equal(pane_threshold_text(out, sizeof(out), NULL, false), "");
}

static void test_state_style(void **state)
{
	enum style_role role;
	unsigned attrs;

	(void)state;
	pane_state_style(STATE_ALARM, &role, &attrs);
	assert_int_equal(role, ROLE_ALARM);
	assert_true(attrs & CELL_REVERSE);
	pane_state_style(STATE_OK, &role, &attrs);
	assert_int_equal(role, ROLE_OK);
	assert_false(attrs & CELL_REVERSE);
	pane_state_style(STATE_STALE, &role, &attrs);
	assert_int_equal(role, ROLE_STALE);
	pane_state_style(STATE_NO_DATA, &role, &attrs);
	assert_int_equal(role, ROLE_NODATA);
}

/* A series' own error: ERROR whatever the alarm says, dimmed data, and the
 * reason on the details line of a tall pane. */
static void test_series_error(void **state)
{
	struct pane_model *pm = fixture_pane(&fix, "requests", 0);
	struct canvas *c;
	int x, y;

	(void)state;
	pm->error = "server error: InternalError: try later";
	assert_int_equal(pane_state(pm), STATE_ERROR);
	assert_true(pane_dimmed(pm));
	c = draw("requests", 0, 60, 4, true, false);
	assert_true(find_text(c, "ERROR", NULL, NULL));
	assert_true(find_text(c, "InternalError: try later", &x, &y));
	assert_int_equal(y, 1);
	assert_int_equal(canvas_at(c, x, y)->role, ROLE_ERROR);
	canvas_free(c);
	c = draw("requests", 0, 30, 1, true, false);
	assert_true(find_text(c, "ERROR", NULL, NULL));
	canvas_free(c);
	pm->error = NULL;
}

/* A failing region's pane says ERROR, unless it is in ALARM: an alarm
 * never hides behind a poll error (throttling comes with incidents). */
static void test_region_failing_keeps_alarm(void **state)
{
	struct pane_model pm = {.region_failing = true};

	(void)state;
	pm.result.state = STATE_ALARM;
	assert_int_equal(pane_state(&pm), STATE_ALARM);
	assert_false(pane_dimmed(&pm));
	pm.result.state = STATE_OK;
	assert_int_equal(pane_state(&pm), STATE_ERROR);
	assert_true(pane_dimmed(&pm));
	pm.result.state = STATE_ALARM;
	pm.error = "access denied: Forbidden";
	assert_int_equal(pane_state(&pm), STATE_ERROR);
}

/* Panes of every size, drawn into the middle of a canvas full of 'X':
 * nothing outside the pane's rectangle may change. */
/* CloudWatch's own alarm in ALARM: the CW! marker in reverse video on a
 * one-row pane and in a tall pane's title, and in a pane six rows high
 * the line saying since when. */
static void test_cloudwatch_alarm(void **state)
{
	struct cw_alarm_line cw = {"api-latency-high", "ALARM", true, FIX_NOW - 300, NULL};
	struct pane_model *pm = fixture_pane(&fix, "latency", 1);
	struct canvas *c;
	char clock[16], want[80];
	int x, y;

	(void)state;
	c = draw("latency", 1, 60, 1, true, false);
	assert_false(find_text(c, PANE_CW_MARK, NULL, NULL));
	canvas_free(c);
	pm->cw_alarms = &cw;
	pm->ncw_alarms = 1;
	c = draw("latency", 1, 60, 1, false, false);
	assert_true(find_text(c, PANE_CW_MARK, &x, &y));
	assert_int_equal(canvas_at(c, x, y)->role, ROLE_ALARM);
	assert_true(canvas_at(c, x, y)->attrs & CELL_REVERSE);
	canvas_free(c);
	c = draw("latency", 1, 60, 6, true, false);
	assert_true(find_text(c, PANE_CW_MARK, &x, &y));
	assert_int_equal(y, 0);
	format_utc(clock, sizeof(clock), FIX_NOW - 300, 0);
	clock[5] = '\0';
	snprintf(want, sizeof(want), "CloudWatch alarm api-latency-high: ALARM since %s", clock);
	assert_true(find_text(c, want, NULL, &y));
	assert_int_equal(y, 2);
	canvas_free(c);
	cw.in_alarm = false;
	cw.state = "OK";
	cw.since = 0;
	c = draw("latency", 1, 60, 6, true, false);
	assert_false(find_text(c, PANE_CW_MARK, NULL, NULL));
	assert_true(find_text(c, "CloudWatch alarm api-latency-high: OK", NULL, NULL));
	assert_false(find_text(c, "OK since", NULL, NULL));
	canvas_free(c);
	pm->cw_alarms = NULL;
	pm->ncw_alarms = 0;
}

static void test_never_outside(void **state)
{
	static const char *const ids[] = {"latency", "errors_5xx", "ddb_throttled_likes"};
	struct canvas *c = canvas_new(70, 14, true);
	struct pane_view v;
	size_t i;
	int w, h, x, y;

	(void)state;
	for (i = 0; i < 3; i++) {
		for (w = 0; w <= 60; w++) {
			for (h = 0; h <= 10; h++) {
				canvas_fill(c, (struct rect){0, 0, 70, 14}, 'X', ROLE_NORMAL, 0);
				v = view(ids[i], i, i == 1);
				pane_draw(c, (struct rect){4, 2, w, h}, &v);
				for (y = 0; y < 14; y++)
					for (x = 0; x < 70; x++)
						if (x < 4 || x >= 4 + w || y < 2 || y >= 2 + h)
							assert_int_equal(canvas_at(c, x, y)->ch,
									 'X');
				assert_clean_cells(c);
			}
		}
	}
	canvas_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_alarm),
		cmocka_unit_test(test_line_states),
		cmocka_unit_test(test_wide_line_shows_threshold),
		cmocka_unit_test(test_tall_alarm_title_reverse),
		cmocka_unit_test(test_tall_focused),
		cmocka_unit_test(test_two_rows_show_value),
		cmocka_unit_test(test_number_formats),
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_label_keeps_statistic),
		cmocka_unit_test(test_threshold_text),
		cmocka_unit_test(test_state_style),
		cmocka_unit_test(test_never_outside),
		cmocka_unit_test(test_cloudwatch_alarm),
		cmocka_unit_test(test_series_error),
		cmocka_unit_test(test_region_failing_keeps_alarm),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
