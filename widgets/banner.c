/* banner: the alarm line under the header. */
#include "config.h"

#include "widgets/banner.h"

void banner_draw(struct canvas *c, struct rect r, const char *text)
{
	const unsigned attrs = CELL_REVERSE | CELL_BOLD;

	if (r.w <= 0 || r.h <= 0 || !text)
		return;
	canvas_fill(c, (struct rect){r.x, r.y, r.w, 1}, ' ', ROLE_BANNER, attrs);
	canvas_text_fit(c, r.x + 1, r.y, r.w - 2, text, ROLE_BANNER, attrs);
}
