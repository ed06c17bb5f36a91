/* heading: a region's column heading and its errors. */
#include "config.h"

#include "widgets/heading.h"

#include <stdio.h>

#include "src/format.h"
#include "widgets/pane.h"

/* A status word and its shorter form, longest first. */
struct status_word {
	const char *forms[2];
	enum style_role role;
	unsigned attrs;
};

/* draw_name_status: the region name, then the longest form of the status
 * that fits beside it; when none does, the name gives way (cut with an
 * ellipsis) to the shortest form. Returns the column after the status. */
static int draw_name_status(struct canvas *c, struct rect r, const char *name,
			    enum style_role name_role, const struct status_word *st)
{
	int name_w = canvas_text_width(name), i = 0, w;
	int forms = st->forms[1] ? 2 : 1;

	while (i + 1 < forms && name_w + 1 + canvas_text_width(st->forms[i]) > r.w)
		i++;
	w = canvas_text_width(st->forms[i]);
	name_w = canvas_text_fit(c, r.x, r.y, r.w - w - 1, name, name_role, CELL_BOLD);
	return r.x + name_w + 1 +
	       canvas_text(c, r.x + name_w + 1, r.y, r.w - name_w - 1, st->forms[i], st->role,
			   st->attrs);
}

/* The region heading: name and poll status (ERROR and its text when the
 * polls fail, else the age of the last good poll and any stretching). */
void heading_draw(struct canvas *c, struct rect r, const struct region_model *reg, bool focused)
{
	const char *name = reg->name ? reg->name : "?";
	enum style_role name_role = focused ? ROLE_FOCUS : ROLE_TITLE;
	struct status_word st = {{"ERROR", "ERR"}, ROLE_ERROR, CELL_BOLD | CELL_REVERSE};
	char ago[24], age[16], stretched[32];
	struct canvas_fields f;
	int x;

	canvas_fill(c, r, ' ', ROLE_NORMAL, 0);
	if (!reg->error) {
		format_age(age, sizeof(age), reg->age);
		snprintf(ago, sizeof(ago), "%s ago", age);
		st.forms[0] = reg->age < 0 ? "waiting" : ago;
		st.forms[1] = reg->age < 0 ? NULL : age;
		st.role = ROLE_NORMAL;
		st.attrs = 0;
	}
	x = draw_name_status(c, r, name, name_role, &st);
	if (reg->error) {
		canvas_text_fit(c, x + 1, r.y, r.x + r.w - x - 1, reg->error, ROLE_ERROR, 0);
		return;
	}
	f = canvas_fields_at(c, x + 1, r.y, r.x + r.w - x - 1, 1);
	snprintf(stretched, sizeof(stretched), "stretched to %ds", reg->interval);
	if (reg->stretched && !canvas_field(&f, stretched, ROLE_WARN, CELL_BOLD))
		canvas_field(&f, "stretched", ROLE_WARN, CELL_BOLD);
}

/* Region errors in full, in the rows left under the grid. */
/* last_good: "last good poll 5m ago", or "no good poll yet". */
static void last_good(char *out, size_t len, int64_t age)
{
	char text[16];

	if (age < 0)
		snprintf(out, len, "no good poll yet");
	else
		snprintf(out, len, "last good poll %s ago", format_age(text, sizeof(text), age));
}

/* put_error: one error in its share of the rows left; *left counts the
 * errors still to come, this one included. */
static void put_error(struct canvas *c, struct rect spare, int *y, size_t *left, const char *text)
{
	int end = spare.y + spare.h;
	struct rect r = {spare.x + 1, *y, spare.w - 2, (end - *y) / (int)(*left ? *left : 1)};

	if (r.h < 1)
		r.h = 1;
	*y += canvas_text_wrap(c, r, text, ROLE_ERROR, 0);
	if (*left)
		(*left)--;
}

int heading_draw_errors(struct canvas *c, struct rect spare, const struct dash_model *m)
{
	const struct region_model *reg;
	char text[768], when[48], title[160];
	size_t i, failing = 0, npanes = m->panes ? m->nmetrics * m->nregions : 0;
	int y = spare.y + 1, end = spare.y + spare.h;

	for (i = 0; i < m->nregions; i++)
		failing += m->regions[i].error != NULL;
	for (i = 0; i < npanes; i++)
		failing += m->panes[i].error != NULL;
	/* Each error gets an equal share of the spare rows, so the whole error
	 * and what to do about it can be read, not just its start. */
	for (i = 0; i < m->nregions && y < end; i++) {
		reg = &m->regions[i];
		if (!reg->error)
			continue;
		last_good(when, sizeof(when), reg->age);
		snprintf(text, sizeof(text), "%s: %s (%s).%s%s", reg->name ? reg->name : "?",
			 reg->error, when, reg->advice ? " " : "", reg->advice ? reg->advice : "");
		put_error(c, spare, &y, &failing, text);
	}
	/* Then the series whose own result failed while their region is fine. */
	for (i = 0; i < npanes && y < end; i++) {
		const struct pane_model *pm = &m->panes[i];

		if (!pm->error)
			continue;
		snprintf(text, sizeof(text), "%s %s: %s.%s%s", pm->region ? pm->region : "?",
			 pane_title(title, sizeof(title), pm), pm->error, pm->advice ? " " : "",
			 pm->advice ? pm->advice : "");
		put_error(c, spare, &y, &failing, text);
	}
	return y > spare.y + 1 ? y : spare.y;
}
