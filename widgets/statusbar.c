/* statusbar: the status line and the key hint line. */
#include "config.h"

#include "widgets/statusbar.h"

#include <stdio.h>
#include <string.h>

static void cost_text(char *out, size_t len, double dollars)
{
	if (!(dollars >= 0) || dollars > 1e9)
		snprintf(out, len, "$?/h");
	else if (dollars < 0.1)
		snprintf(out, len, "$%.3f/h", dollars);
	else
		snprintf(out, len, "$%.2f/h", dollars);
}

/* per_region: "us-east-1 24/min $0.086/h  eu-west-1 ..." */
static void per_region(char *out, size_t len, const struct dash_model *m)
{
	size_t i, o = 0;
	char cost[32];
	int n;

	out[0] = '\0';
	for (i = 0; m->regions && i < m->nregions && o + 1 < len; i++) {
		const struct region_model *r = &m->regions[i];

		cost_text(cost, sizeof(cost), r->cost_per_hour);
		n = snprintf(out + o, len - o, "%s%s %u/min %s", i ? "  " : "",
			     r->name ? r->name : "?", r->calls_per_min, cost);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

/* totals: "72 calls/min $0.26/h" over every region. */
static void totals(char *out, size_t len, const struct dash_model *m)
{
	unsigned long calls = 0;
	double cost = 0;
	char cost_s[32];
	size_t i;

	for (i = 0; m->regions && i < m->nregions; i++) {
		calls += m->regions[i].calls_per_min;
		cost += m->regions[i].cost_per_hour;
	}
	cost_text(cost_s, sizeof(cost_s), cost);
	snprintf(out, len, "%lu calls/min %s", calls, cost_s);
}

void statusbar_draw(struct canvas *c, struct rect r, const struct dash_model *m)
{
	struct canvas_fields f = canvas_fields_at(c, r.x + 1, r.y, r.w - 2, 2);
	int msg_w = 0;
	char text[1024];

	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(c, r, ' ', ROLE_STATUS, 0);
	if (m->message && m->message[0]) {
		msg_w = canvas_text_right(c, r.x + r.w - 1, r.y, r.w - 2, m->message, ROLE_STATUS,
					  CELL_BOLD);
		f.end -= msg_w + 2;
	}
	per_region(text, sizeof(text), m);
	if (canvas_field(&f, text, ROLE_STATUS, 0))
		return;
	totals(text, sizeof(text), m);
	canvas_field(&f, text, ROLE_STATUS, 0);
}

/* One hint: the key in bold, then its help. */
static bool put_hint(struct canvas_fields *f, const struct key_hint *h)
{
	int kw = canvas_text_width(h->key), hw = canvas_text_width(h->help);
	int gap = f->x > f->x0 ? f->gap : 0;

	if (!kw || f->x + gap + kw + 1 + hw > f->end)
		return false;
	canvas_text(f->c, f->x + gap, f->y, kw, h->key, ROLE_HINT, CELL_BOLD);
	canvas_text(f->c, f->x + gap + kw + 1, f->y, hw, h->help, ROLE_HINT, 0);
	f->x += gap + kw + 1 + hw;
	return true;
}

void hintbar_draw(struct canvas *c, struct rect r, const struct dash_model *m)
{
	struct canvas_fields f = canvas_fields_at(c, r.x + 1, r.y, r.w - 2, 2);
	size_t i;

	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(c, r, ' ', ROLE_HINT, 0);
	for (i = 0; i < m->nhints && m->hints; i++)
		if (m->hints[i].key && m->hints[i].help && !put_hint(&f, &m->hints[i]))
			break;
}
