/* zoom: the focused pane as a full-size chart.
 *
 * Title bar and details as in a pane, a second details line (how many
 * periods breach, what is measured; for a series whose own result is in
 * error, the error and its advice in full instead), then the chart: y-axis labels on the
 * left (bottom, top and the threshold), the threshold line, provisional
 * periods dimmed, and a time axis of UTC HH:MM labels underneath. */
#ifndef CWTOP_ZOOM_H
#define CWTOP_ZOOM_H

#include "widgets/canvas.h"
#include "widgets/dashboard.h"

/* zoom_draw: draw pane m->focus into r; a small r gets an ordinary pane. */
void zoom_draw(struct canvas *c, struct rect r, const struct dash_model *m);

#endif
