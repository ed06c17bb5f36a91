/* widget_fixture: a realistic dashboard model for the widget tests.
 *
 * Three regions and the twelve default metrics with fifteen minutes of
 * data ending at a fixed time (2026-11-28 14:32:10 UTC):
 *   us-east-1       healthy poller; API latency in ALARM (a spike over the
 *                   500 ms threshold for the last periods);
 *   eu-west-1       polls throttled (interval stretched); its data stopped
 *                   four minutes ago, so its panes are STALE;
 *   ap-southeast-2  polls failing (ThrottlingException): every pane ERROR.
 * "DDB throttled likes" has no data anywhere (NO DATA); "Lambda throttles"
 * is constantly zero; "API 5XX" has missing periods (gaps). */
#ifndef CWTOP_WIDGET_FIXTURE_H
#define CWTOP_WIDGET_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "widgets/canvas.h"
#include "widgets/dashboard.h"

#define FIX_NOW      1795876330 /* 2026-11-28 14:32:10 UTC */
#define FIX_LAG      120
#define FIX_NREGIONS 3

struct widget_fixture {
	struct dash_model m;
	struct metric_def *defs;
	size_t ndefs;
	struct metric_series *series; /* [metric * nregions + region] */
	struct pane_model *panes;
	struct region_model regions[FIX_NREGIONS];
};

void fixture_init(struct widget_fixture *f);
void fixture_free(struct widget_fixture *f);
/* fixture_eval: recompute every pane's alarm result (after changing data). */
void fixture_eval(struct widget_fixture *f);
/* fixture_metric: the index of the default metric with this id. */
size_t fixture_metric(const struct widget_fixture *f, const char *id);
struct pane_model *fixture_pane(struct widget_fixture *f, const char *id, size_t region);

/* draw_dump: draw the model into a fresh w x h canvas; returns the canvas. */
struct canvas *draw_model(const struct dash_model *m, int w, int h, bool utf8);
/* find_text: the (x, y) of the first occurrence of utf8 text in the dump,
 * false when absent. */
bool find_text(const struct canvas *c, const char *text, int *x, int *y);
/* check_golden: compare canvas_dump(c) with tests/data/widgets/NAME.txt;
 * with CWTOP_UPDATE_GOLDEN=1 in the environment, rewrite the file. */
void check_golden(const struct canvas *c, const char *name);
/* assert_no_controls: no cell holds a control character or a NUL. */
void assert_clean_cells(const struct canvas *c);

#endif
