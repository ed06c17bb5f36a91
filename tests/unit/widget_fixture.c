/* widget_fixture: a realistic dashboard model for the widget tests. */
#include "config.h"

#include "tests/unit/widget_fixture.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/alarm.h"
#include "src/metric_series.h"
#include "src/xalloc.h"

#define PERIOD   60
#define NPERIODS 40 /* more than the 15-minute window: older points exist */

static const struct key_hint hints[] = {
	{"q", "quit"},           {"r", "refresh now"},       {"p", "pause polling"},
	{"s", "next statistic"}, {"Enter", "zoom the pane"}, {"arrows", "move the focus"},
	{"+/-", "time range"},   {"t", "next theme"},        {"?", "this help"},
};

static int64_t newest_start(void)
{
	return FIX_NOW - FIX_NOW % PERIOD - PERIOD;
}

/* wave: a deterministic wobble so that sparklines have shape. */
static double wave(int k, size_t region, double base, double amp)
{
	return base + amp * sin(k * 0.9 + (double)region * 1.3);
}

/* raw_value: the raw CloudWatch value of period k (0 = newest) of metric
 * id in region; false for a missing period. */
static bool raw_value(const char *id, size_t region, int k, double *v)
{
	if (region == 1 && k < 4)
		return false; /* eu-west-1 stopped publishing four minutes ago */
	if (strcmp(id, "latency") == 0)
		*v = region == 0 && k < 6 ? 552 + 30.0 * (5 - k) : wave(k, region, 240, 40);
	else if (strcmp(id, "latency_p99") == 0)
		*v = wave(k, region, 420, 90);
	else if (strcmp(id, "requests") == 0)
		*v = wave(k, region, 27500, 2500) * PERIOD;
	else if (strcmp(id, "errors_5xx") == 0) {
		if (k % 5 == 2)
			return false;
		*v = (double)((k * 7 + (int)region * 3) % 13);
	} else if (strcmp(id, "concurrency") == 0)
		*v = wave(k, region, 1300, 200);
	else if (strcmp(id, "lambda_throttles") == 0)
		*v = 0;
	else if (strcmp(id, "ddb_throttled_likes") == 0)
		return false;
	else
		*v = wave(k, region, 18240, 4000) * PERIOD / 10;
	return true;
}

static void fill_series(struct widget_fixture *f)
{
	size_t i, r;
	int k;
	double v;

	f->series = xcalloc(f->ndefs * FIX_NREGIONS, sizeof(*f->series));
	for (i = 0; i < f->ndefs; i++) {
		for (r = 0; r < FIX_NREGIONS; r++) {
			struct metric_series *s = &f->series[i * FIX_NREGIONS + r];

			assert_int_equal(series_init(s, PERIOD, 60), 0);
			for (k = NPERIODS - 1; k >= 0; k--)
				if (raw_value(f->defs[i].id, r, k, &v))
					series_put(s, newest_start() - (int64_t)k * PERIOD, v, 0);
		}
	}
}

static void fill_regions(struct widget_fixture *f)
{
	static const char *const names[FIX_NREGIONS] = {"us-east-1", "eu-west-1", "ap-southeast-2"};
	size_t r;

	for (r = 0; r < FIX_NREGIONS; r++) {
		struct region_model *reg = &f->regions[r];

		reg->name = names[r];
		reg->interval = 60;
		reg->calls_per_min = 1;
		reg->cost_per_hour = 12 * 60 * 0.01 / 1000;
	}
	f->regions[0].age = 12;
	f->regions[0].in_flight = true;
	f->regions[1].age = 45;
	f->regions[1].interval = 120;
	f->regions[1].stretched = true;
	f->regions[2].age = 340;
	f->regions[2].error = "ThrottlingException: Rate exceeded";
}

void fixture_eval(struct widget_fixture *f)
{
	size_t i, r;

	for (i = 0; i < f->ndefs; i++) {
		for (r = 0; r < FIX_NREGIONS; r++) {
			struct pane_model *p = &f->panes[i * FIX_NREGIONS + r];

			p->def = &f->defs[i];
			p->region = f->regions[r].name;
			p->series = &f->series[i * FIX_NREGIONS + r];
			p->result = alarm_eval(p->def, p->series, FIX_NOW, FIX_LAG);
			p->region_failing = f->regions[r].error != NULL;
			if (p->region_failing)
				p->result.state = STATE_ERROR;
			p->state_since = p->result.state == STATE_OK ? 0 : FIX_NOW - 190;
		}
	}
}

void fixture_init(struct widget_fixture *f)
{
	struct dash_model *m = &f->m;

	memset(f, 0, sizeof(*f));
	f->ndefs = metric_defaults(&f->defs);
	fill_regions(f);
	fill_series(f);
	f->panes = xcalloc(f->ndefs * FIX_NREGIONS, sizeof(*f->panes));
	fixture_eval(f);
	m->profile = "staging";
	m->range_label = "15m";
	m->refresh = 60;
	m->now = FIX_NOW;
	m->polling = true;
	m->nmetrics = f->ndefs;
	m->nregions = FIX_NREGIONS;
	m->panes = f->panes;
	m->regions = f->regions;
	m->range_start = FIX_NOW - 15 * 60;
	m->range_end = FIX_NOW;
	m->lag = FIX_LAG;
	m->hints = hints;
	m->nhints = sizeof(hints) / sizeof(hints[0]);
}

void fixture_free(struct widget_fixture *f)
{
	size_t i;

	for (i = 0; i < f->ndefs * FIX_NREGIONS; i++)
		series_free(&f->series[i]);
	for (i = 0; i < f->ndefs; i++)
		metric_def_free(&f->defs[i]);
	free(f->series);
	free(f->defs);
	free(f->panes);
}

size_t fixture_metric(const struct widget_fixture *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->ndefs; i++)
		if (strcmp(f->defs[i].id, id) == 0)
			return i;
	fail_msg("no default metric %s", id);
	return 0;
}

struct pane_model *fixture_pane(struct widget_fixture *f, const char *id, size_t region)
{
	return &f->panes[fixture_metric(f, id) * FIX_NREGIONS + region];
}

struct canvas *draw_model(const struct dash_model *m, int w, int h, bool utf8)
{
	struct canvas *c = canvas_new(w, h, utf8);

	dashboard_draw(c, m);
	return c;
}

bool find_text(const struct canvas *c, const char *text, int *x, int *y)
{
	char *dump = canvas_dump(c);
	char *hit = strstr(dump, text);
	char *p;
	int cx = 0, cy = 0;

	if (hit) {
		for (p = dump; p < hit; p++) {
			if (*p == '\n') {
				cy++;
				cx = 0;
			} else if (((unsigned char)*p & 0xc0) != 0x80) {
				cx++;
			}
		}
		if (x)
			*x = cx;
		if (y)
			*y = cy;
	}
	free(dump);
	return hit != NULL;
}

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	buf[fread(buf, 1, (size_t)n, fp)] = '\0';
	fclose(fp);
	return buf;
}

/* first_difference: the 1-based line where a and b first differ. */
static int first_difference(const char *a, const char *b)
{
	int line = 1;

	for (; *a && *a == *b; a++, b++)
		if (*a == '\n')
			line++;
	return line;
}

void check_golden(const struct canvas *c, const char *name)
{
	char path[1024];
	char *got = canvas_dump(c), *want;
	const char *update = getenv("CWTOP_UPDATE_GOLDEN");
	FILE *fp;

	snprintf(path, sizeof(path), "%s/tests/data/widgets/%s.txt", CWTOP_SRCDIR, name);
	if (update && strcmp(update, "1") == 0) {
		fp = fopen(path, "wb");
		assert_non_null(fp);
		fputs(got, fp);
		fclose(fp);
	}
	want = read_file(path);
	if (!want || strcmp(got, want) != 0) {
		print_message("golden %s differs at line %d (regenerate with "
			      "CWTOP_UPDATE_GOLDEN=1); got:\n%s",
			      path, want ? first_difference(got, want) : 0, got);
		free(got);
		free(want);
		fail();
	}
	free(got);
	free(want);
}

void assert_clean_cells(const struct canvas *c)
{
	int x, y;

	for (y = 0; y < c->h; y++) {
		for (x = 0; x < c->w; x++) {
			uint32_t ch = canvas_at(c, x, y)->ch;

			assert_true(ch >= 0x20 && ch != 0x7f && !(ch >= 0x80 && ch < 0xa0));
			if (!c->utf8)
				assert_true(ch < 0x7f);
		}
	}
}
