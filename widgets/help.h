/* help: the overlay listing every key with its sentence (m->help, from
 * the same table that dispatches them; m->hints when there is none), in a
 * box centred on the screen; "... N more" when they do not all fit. */
#ifndef CWTOP_HELP_H
#define CWTOP_HELP_H

#include "widgets/canvas.h"
#include "widgets/dashboard.h"

/* help_draw: the box centred in r; nothing when r is too small for it. */
void help_draw(struct canvas *c, struct rect r, const struct dash_model *m);

#endif
