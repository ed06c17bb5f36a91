/* banner: one reverse-video line announcing an alarm (which metric, which
 * region, the value, the threshold and since when: the text comes ready
 * made in the model). Reverse video so it reads without colour. */
#ifndef CWTOP_BANNER_H
#define CWTOP_BANNER_H

#include "widgets/canvas.h"

void banner_draw(struct canvas *c, struct rect r, const char *text);

#endif
