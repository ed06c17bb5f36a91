/* header: the top line. "cwtop", DEMO, profile, regions, refresh interval
 * and time range on the left; polling state and the UTC clock on the
 * right. When the line is short, the least useful parts go first (the
 * region list, which the column headings repeat, then the interval...). */
#ifndef CWTOP_HEADER_H
#define CWTOP_HEADER_H

#include "widgets/canvas.h"
#include "widgets/dashboard.h"

void header_draw(struct canvas *c, struct rect r, const struct dash_model *m);

#endif
