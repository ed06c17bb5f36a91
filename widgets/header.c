/* header: the top line of the screen. */
#include "config.h"

#include "widgets/header.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src/format.h"

#define GAP      2
#define MAX_SEGS 8

/* One piece of the header; lower prio numbers are kept longer. A
 * shrinkable piece (the demo's story) is cut with an ellipsis before it is
 * dropped, as long as MIN_SHRUNK columns of it remain. */
#define MIN_SHRUNK 32

struct seg {
	char text[160];
	int prio;
	bool right;
	bool shrink;
	unsigned attrs;
};

struct segs {
	struct seg s[MAX_SEGS];
	int n;
};

static void add(struct segs *ss, int prio, bool right, unsigned attrs, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add(struct segs *ss, int prio, bool right, unsigned attrs, const char *fmt, ...)
{
	struct seg *s;
	va_list ap;

	if (ss->n >= MAX_SEGS)
		return;
	s = &ss->s[ss->n++];
	s->prio = prio;
	s->right = right;
	s->attrs = attrs;
	va_start(ap, fmt);
	vsnprintf(s->text, sizeof(s->text), fmt, ap);
	va_end(ap);
}

static void region_list(char *out, size_t len, const struct dash_model *m)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; m->regions && i < m->nregions && o + 1 < len; i++) {
		const char *name = m->regions[i].name ? m->regions[i].name : "?";
		int n = snprintf(out + o, len - o, "%s%s", i ? "," : "", name);

		if (n < 0)
			break;
		o += (size_t)n;
	}
}

static const char *poll_state(const struct canvas *c, const struct dash_model *m)
{
	if (m->paused)
		return "paused";
	if (m->polling)
		return c->utf8 ? "polling\u2026" : "polling...";
	return "idle";
}

static void build(struct segs *ss, const struct canvas *c, const struct dash_model *m)
{
	char text[160];

	add(ss, 0, false, CELL_BOLD, "cwtop");
	if (m->demo)
		add(ss, 0, false, CELL_BOLD | CELL_REVERSE, "DEMO");
	/* The demo's profile is always "demo": its story says more. */
	if (m->profile && m->profile[0] && !(m->demo && m->story))
		add(ss, 2, false, 0, "profile %s", m->profile);
	region_list(text, sizeof(text), m);
	add(ss, 4, false, 0, "%s", text);
	if (m->refresh > 0)
		add(ss, 3, false, 0, "every %ds", m->refresh);
	else
		add(ss, 3, false, 0, "every period");
	if (m->range_label && m->range_label[0])
		add(ss, 1, false, 0, "last %s", m->range_label);
	if (m->demo && m->story && m->story[0]) {
		add(ss, 2, false, 0, "%s", m->story);
		ss->s[ss->n - 1].shrink = true;
	}
	add(ss, 0, true, m->paused ? CELL_BOLD : 0, "%s", poll_state(c, m));
	add(ss, 0, true, CELL_BOLD, "%s UTC", format_utc(text, sizeof(text), m->now, 0));
}

/* total_width: the columns the shown segments need, a shrinkable one
 * counted at MIN_SHRUNK at most. */
static int total_width(const struct segs *ss)
{
	int i, w = 0, shown = 0;

	for (i = 0; i < ss->n; i++) {
		int tw;

		if (ss->s[i].prio < 0 || !ss->s[i].text[0])
			continue;
		tw = canvas_text_width(ss->s[i].text);
		if (ss->s[i].shrink && tw > MIN_SHRUNK)
			tw = MIN_SHRUNK;
		w += tw + (shown++ ? GAP : 0);
	}
	return w;
}

/* drop_least: hide the least useful segment still shown; false when only
 * the essential ones are left. */
static bool drop_least(struct segs *ss)
{
	int i, worst = -1;

	for (i = 0; i < ss->n; i++)
		if (ss->s[i].prio > 0 && (worst < 0 || ss->s[i].prio > ss->s[worst].prio))
			worst = i;
	if (worst < 0)
		return false;
	ss->s[worst].prio = -1;
	return true;
}

/* draw_left: the left-hand segments up to column limit; whatever is
 * still too long (a long profile name) is cut with an ellipsis. */
static void draw_left(struct canvas *c, struct rect r, const struct segs *ss, int limit)
{
	struct canvas_fields f = canvas_fields_at(c, r.x + 1, r.y, limit - r.x - 1, GAP);
	const struct seg *s;
	int i;

	for (i = 0; i < ss->n; i++) {
		s = &ss->s[i];
		if (s->right || s->prio < 0 || canvas_field(&f, s->text, ROLE_HEADER, s->attrs))
			continue;
		f.x += canvas_text_fit(c, f.x + (f.x > f.x0 ? GAP : 0), r.y,
				       f.end - f.x - (f.x > f.x0 ? GAP : 0), s->text, ROLE_HEADER,
				       s->attrs);
		return;
	}
}

/* draw_right: the right-hand segments, ending one column from the edge;
 * returns where they begin. */
static int draw_right(struct canvas *c, struct rect r, const struct segs *ss)
{
	int i, x = r.x + r.w - 1;

	for (i = ss->n - 1; i >= 0; i--) {
		if (!ss->s[i].right)
			continue;
		x -= canvas_text_right(c, x, r.y, x - r.x, ss->s[i].text, ROLE_HEADER,
				       ss->s[i].attrs) +
		     GAP;
	}
	return x + GAP;
}

void header_draw(struct canvas *c, struct rect r, const struct dash_model *m)
{
	struct segs ss = {.n = 0};

	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(c, r, ' ', ROLE_HEADER, 0);
	build(&ss, c, m);
	while (total_width(&ss) + 2 > r.w && drop_least(&ss))
		;
	draw_left(c, r, &ss, draw_right(c, r, &ss) - GAP);
}
