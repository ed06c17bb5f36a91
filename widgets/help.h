/* help: the overlay listing every key (from the same table that dispatches
 * them), in a box centred on the screen. */
#ifndef CWTOP_HELP_H
#define CWTOP_HELP_H

#include "widgets/canvas.h"
#include "widgets/dashboard.h"

/* help_draw: the box centred in r; nothing when r is too small for it. */
void help_draw(struct canvas *c, struct rect r, const struct dash_model *m);

#endif
