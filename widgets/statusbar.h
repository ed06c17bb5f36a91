/* statusbar: the two bottom lines.
 *
 * The status line: what polling costs, per region (calls a minute and
 * dollars an hour at $0.01 per 1,000 metrics requested), or the totals
 * when that does not fit; the transient message on the right, which wins
 * when space is short. The hint line: the key table ("q quit  r refresh"),
 * as many whole hints as fit. */
#ifndef CWTOP_STATUSBAR_H
#define CWTOP_STATUSBAR_H

#include "widgets/canvas.h"
#include "widgets/dashboard.h"

void statusbar_draw(struct canvas *c, struct rect r, const struct dash_model *m);
void hintbar_draw(struct canvas *c, struct rect r, const struct dash_model *m);

#endif
