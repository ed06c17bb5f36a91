/* pane: one metric in one region.
 *
 * One row high (the compact grid): value, sparkline, state word; the row's
 * label is drawn by the grid beside it. Two or more rows: a title bar
 * (label + statistic, state word), a details line (value, threshold, min,
 * max, since when) and a sparkline filling the rest. The state word is
 * always visible; ALARM is in reverse video so it reads without colour. */
#ifndef CWTOP_PANE_H
#define CWTOP_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "widgets/canvas.h"
#include "widgets/dashboard.h"
#include "widgets/sparkline.h"

struct pane_view {
	const struct pane_model *pm;
	int64_t start, end; /* the window drawn */
	int64_t now;
	int lag;
	bool focused;
	const char *region; /* a tall pane's title names it (the focus strip) */
};

/* pane_draw: draw the pane into r (any size; nothing outside r). */
void pane_draw(struct canvas *c, struct rect r, const struct pane_view *v);

/* pane_draw_title: the title bar in the first row of r: focus marker,
 * title (and region when given), the newest value when with_value, and
 * the state word; reverse video in ALARM so it reads without colour. */
void pane_draw_title(struct canvas *c, struct rect r, const struct pane_view *v, bool with_value,
		     const char *region);
/* pane_draw_details: one line of value, threshold, min, max, since when;
 * for a series in error, the value and the error instead. */
void pane_draw_details(struct canvas *c, struct rect r, const struct pane_view *v);
/* pane_draw_numbers: the details line without the error, for a caller
 * that shows the error in full elsewhere (the zoomed pane). */
void pane_draw_numbers(struct canvas *c, struct rect r, const struct pane_view *v);

/* The pieces, shared with the row labels and the zoomed chart. */
/* pane_state: the state shown: ERROR when the series' own result is in
 * error, or when the region's polls fail unless the pane is in ALARM. */
enum alarm_state pane_state(const struct pane_model *pm);
/* pane_dimmed: is the data old (stale, or the region failing)? */
bool pane_dimmed(const struct pane_model *pm);
/* pane_title: "Latency p99" (label and statistic). */
char *pane_title(char *out, size_t len, const struct pane_model *pm);
/* pane_draw_label: the title fitted into r's first row; when it is too
 * long the label is cut but the statistic kept ("API lat~ p99"), since
 * that is what tells two rows apart. Returns the columns used. */
int pane_draw_label(struct canvas *c, struct rect r, const struct pane_model *pm,
		    enum style_role role, unsigned attrs);
/* pane_state_text: "ALARM", "STALE 3m"; abbreviated ("ALM") when short. */
char *pane_state_text(char *out, size_t len, const struct pane_model *pm, bool short_form);
/* pane_threshold_text: "> 500 ms"; "" when the metric has no alarm rule. */
char *pane_threshold_text(char *out, size_t len, const struct metric_def *def, bool compact);
/* pane_cw_in_alarm: one of CloudWatch's own alarms on the pane is in
 * ALARM (the pane then carries the marker PANE_CW_MARK, in reverse video). */
#define PANE_CW_MARK "CW!"
bool pane_cw_in_alarm(const struct pane_model *pm);
/* pane_cw_text: "CloudWatch alarm NAME: ALARM since 14:03" (no "since"
 * when the time is unknown). */
char *pane_cw_text(char *out, size_t len, const struct cw_alarm_line *l);
/* pane_value_text: the newest value for people; "-" when there is none. */
char *pane_value_text(char *out, size_t len, const struct pane_model *pm, bool compact);
/* pane_state_style: the role and attributes of a state word. */
void pane_state_style(enum alarm_state st, enum style_role *role, unsigned *attrs);
/* pane_spark_input: the sparkline input for the view's window. */
struct spark_input pane_spark_input(const struct pane_view *v);

#endif
