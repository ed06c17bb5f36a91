/* heading: a region's column heading: its name and how its polls go
 * (the age of the last good poll, the interval when throttling stretched
 * it, ERROR and the error text when they fail). The name gives way to
 * the status when the column is narrow: ERROR is never cut. */
#ifndef CWTOP_HEADING_H
#define CWTOP_HEADING_H

#include <stdbool.h>

#include "widgets/canvas.h"
#include "widgets/dashboard.h"

void heading_draw(struct canvas *c, struct rect r, const struct region_model *reg, bool focused);
/* heading_draw_errors: each failing region's error in full, one a line,
 * then each series' own error (a result that said Forbidden or
 * InternalError), from the second row of r (the rows left under the grid).
 * Returns the first row it left free (r.y when there was nothing to say). */
int heading_draw_errors(struct canvas *c, struct rect r, const struct dash_model *m);

#endif
