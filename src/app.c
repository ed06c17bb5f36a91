/* app: the interactive dashboard and its event loop. */
#include "config.h"

#include "src/app.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/clock.h"
#include "src/format.h"
#include "src/keymap.h"
#include "src/once.h"
#include "src/session.h"
#include "src/sim_story.h"
#include "src/xalloc.h"
#include "widgets/canvas.h"
#include "widgets/dashboard.h"
#include "widgets/term.h"
#include "widgets/theme.h"

/* The screen is redrawn at least this often (the clock and the ages move);
 * term_present sends only the cells that changed. */
#define TICK_MS 1000
/* A transient message (theme changed, range changed) stays this long. */
#define MESSAGE_MS 4000

/* A pane's CloudWatch alarms, as the model shows them. */
struct pane_cw {
	struct cw_alarm_line lines[SESSION_MAX_CW_ALARMS];
	char differs[SESSION_MAX_CW_ALARMS][256];
};

/* A series' own error as the pane shows it. */
struct pane_error {
	char line[320];
	char advice[200];
};

struct app {
	struct session s;
	struct settings *st;
	struct canvas *canvas;
	struct theme theme;
	size_t focus;
	bool zoomed;
	bool help_open;
	bool quit;
	long banner_pane; /* the pane whose ALARM the banner announces, or -1 */
	char banner[256];
	char message[160];
	int64_t message_until; /* real monotonic ms */
	struct key_hint hints[32];
	size_t nhints;
	struct key_hint help[32];
	size_t nhelp;
	struct pane_model *panes;
	struct region_model *regions;
	char (*region_errors)[320];
	struct pane_error *pane_errors; /* [pane]: the text of a series' own error */
	struct pane_cw *pane_cw;        /* [pane]: CloudWatch's own alarms on it */
};

static volatile sig_atomic_t got_quit_signal;
static volatile sig_atomic_t got_winch;

static void on_quit_signal(int sig)
{
	got_quit_signal = sig;
}

static void on_winch(int sig)
{
	(void)sig;
	got_winch = 1;
}

/* Signals only set flags: a signal interrupts curl_multi_poll, and the loop
 * never sleeps longer than TICK_MS, so a flag is seen promptly. */
static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static void restore_terminal(void)
{
	term_end();
}

static void set_message(struct app *a, const char *text)
{
	snprintf(a->message, sizeof(a->message), "%s", text);
	a->message_until = clock_mono_ms() + MESSAGE_MS;
}

static void load_theme(struct app *a, const char *name)
{
	char *errs = NULL;
	int problems = theme_load(name, &a->theme, &errs);

	if (problems) {
		char *nl = errs ? strchr(errs, '\n') : NULL;

		if (nl)
			*nl = '\0';
		set_message(a, errs ? errs : "theme problems");
	}
	free(errs);
	term_apply_theme(&a->theme, a->st->no_color);
}

/* --- Banner ------------------------------------------------------------- */

static void format_banner(struct app *a, size_t pane)
{
	const struct settings *st = a->st;
	size_t m = pane / st->nregions, r = pane % st->nregions;
	const struct metric_def *def = &st->metrics[m];
	const struct alarm_result *res = &a->s.results[pane];
	char value[32], thr[32], since[16];
	size_t others = 0, i;

	for (i = 0; i < st->nmetrics * st->nregions; i++)
		if (i != pane && a->s.results[i].state == STATE_ALARM)
			others++;
	format_value(value, sizeof(value), res->value, metric_def_unit(def));
	format_value(thr, sizeof(thr), def->rule.threshold, metric_def_unit(def));
	format_utc(since, sizeof(since), a->s.tracks[pane].since, 0);
	snprintf(a->banner, sizeof(a->banner),
		 "ALARM %s %s in %s: %s, threshold %s (%d of %d periods) since %s UTC%s",
		 def->label, metric_def_stat(def), st->regions[r], value, thr, res->breaching,
		 def->rule.periods, since, others ? " (+ more alarms)" : "");
}

/* The banner announces the newest transition into ALARM and stays while
 * that pane is in ALARM; then it falls back to any other pane in ALARM. */
static void update_banner(struct app *a, long fired)
{
	size_t n = a->st->nmetrics * a->st->nregions, i;

	if (fired >= 0) {
		a->banner_pane = fired;
		if (a->st->bell)
			term_bell();
	}
	if (a->banner_pane >= 0 && a->s.results[a->banner_pane].state != STATE_ALARM)
		a->banner_pane = -1;
	for (i = 0; a->banner_pane < 0 && i < n; i++)
		if (a->s.results[i].state == STATE_ALARM)
			a->banner_pane = (long)i;
	if (a->banner_pane >= 0)
		format_banner(a, (size_t)a->banner_pane);
}

/* --- The model the widgets draw ------------------------------------------- */

/* error_line: "throttled: Rate exceeded", saying the kind once (some
 * messages already start with it). */
static void error_line(char *out, size_t len, const struct cw_error *e)
{
	const char *kind = cw_error_kind_name(e->kind);

	if (strncmp(e->message, kind, strlen(kind)) == 0)
		snprintf(out, len, "%s", e->message);
	else
		snprintf(out, len, "%s: %s", kind, e->message);
}

static void fill_regions(struct app *a, int64_t now)
{
	size_t r;

	for (r = 0; r < a->st->nregions; r++) {
		const struct region_status *rs = poller_status(a->s.poller, r);
		struct region_model *rm = &a->regions[r];

		rm->name = a->st->regions[r];
		rm->age = rs->last_ok ? now - rs->last_ok / 1000 : -1; /* last_ok is in ms */
		rm->error = NULL;
		rm->advice = NULL;
		if (rs->error.kind != CW_OK) {
			error_line(a->region_errors[r], sizeof(a->region_errors[r]), &rs->error);
			rm->error = a->region_errors[r];
			rm->advice = cw_error_advice(rs->error.kind);
		}
		rm->in_flight = rs->in_flight;
		rm->interval = rs->interval;
		rm->stretched = rs->interval_stretched;
		rm->calls_per_min = rs->calls_last_minute;
		/* $0.01 per 1,000 metrics requested, at the last minute's pace. */
		rm->cost_per_hour = rs->metrics_last_minute * 60.0 * 0.01 / 1000.0;
	}
}

/* fill_series_error: "access denied: Forbidden: ..." and its advice on a
 * pane whose own result is in error; NULL on the others. */
static void fill_series_error(struct app *a, struct pane_model *p, size_t m, size_t r,
			      struct pane_error *text)
{
	const struct series_error *e = poller_series_error(a->s.poller, m, r);

	p->error = NULL;
	p->advice = NULL;
	if (!e)
		return;
	error_line(text->line, sizeof(text->line), &e->err);
	poller_series_advice(text->advice, sizeof(text->advice), e, p->def);
	p->error = text->line;
	p->advice = text->advice;
}

/* fill_cw_alarms: CloudWatch's own alarms on the pane's metric, with how
 * each one's rule differs from cwtop's. */
static void fill_cw_alarms(struct app *a, struct pane_model *p, size_t m, size_t r,
			   struct pane_cw *cw)
{
	const struct cw_alarm *found[SESSION_MAX_CW_ALARMS];
	size_t n = session_cw_alarms(&a->s, m, r, found, SESSION_MAX_CW_ALARMS);

	for (size_t k = 0; k < n; k++) {
		struct cw_alarm_line *l = &cw->lines[k];

		l->name = found[k]->name;
		l->state = cw_alarm_state_word(found[k]->state);
		l->in_alarm = found[k]->state == CW_ALARM_ALARM;
		l->since = found[k]->since;
		l->differs = cw_alarm_differences(found[k], p->def, cw->differs[k],
						  sizeof(cw->differs[k]))
				     ? cw->differs[k]
				     : NULL;
	}
	p->cw_alarms = n ? cw->lines : NULL;
	p->ncw_alarms = n;
}

static void fill_panes(struct app *a)
{
	const struct settings *st = a->st;
	size_t m, r;

	for (m = 0; m < st->nmetrics; m++) {
		for (r = 0; r < st->nregions; r++) {
			size_t i = session_index(&a->s, m, r);
			struct pane_model *p = &a->panes[i];

			p->def = &st->metrics[m];
			p->region = st->regions[r];
			p->series = store_series_const(&a->s.store, m, r);
			p->result = a->s.results[i];
			p->result.has_value =
				session_latest(&a->s, m, r, &p->result.value, &p->result.value_ts);
			p->state_since = a->s.tracks[i].since;
			p->region_failing = poller_status(a->s.poller, r)->error.kind != CW_OK;
			fill_series_error(a, p, m, r, &a->pane_errors[i]);
			fill_cw_alarms(a, p, m, r, &a->pane_cw[i]);
		}
	}
}

static bool any_in_flight(const struct app *a)
{
	size_t r;

	for (r = 0; r < a->st->nregions; r++)
		if (poller_status(a->s.poller, r)->in_flight)
			return true;
	return false;
}

static void build_model(struct app *a, struct dash_model *m, int64_t now)
{
	memset(m, 0, sizeof(*m));
	fill_regions(a, now);
	fill_panes(a);
	m->profile = a->s.profile.name ? a->s.profile.name : "default";
	m->range_label = settings_range_names[a->st->range_index];
	m->refresh = a->st->refresh;
	m->now = now;
	m->paused = poller_paused(a->s.poller);
	m->polling = any_in_flight(a);
	m->demo = a->st->demo;
	/* What the demo's load test is doing in the minute now being published. */
	if (a->st->demo)
		m->story = sim_story_caption(sim_story_phase(now - a->st->lag));
	m->nmetrics = a->st->nmetrics;
	m->nregions = a->st->nregions;
	m->panes = a->panes;
	m->regions = a->regions;
	m->range_end = now;
	m->range_start = now - session_range(&a->s);
	m->lag = a->st->lag;
	m->focus = a->focus;
	m->zoomed = a->zoomed;
	m->help_open = a->help_open;
	m->banner = a->banner_pane >= 0 ? a->banner : NULL;
	m->message = clock_mono_ms() < a->message_until ? a->message : NULL;
	if (!m->message && a->s.reload_note[0])
		m->message = a->s.reload_note; /* an edited AWS file that does not work */
	if (!m->message)
		m->message = cw_alarm_poll_note(a->s.alarms); /* no DescribeAlarms permission */
	m->hints = a->hints;
	m->nhints = a->nhints;
	m->help = a->help;
	m->nhelp = a->nhelp;
}

static void draw(struct app *a)
{
	struct dash_model model;
	int w, h;
	int64_t now = clock_now();

	update_banner(a, session_evaluate(&a->s, now));
	term_size(&w, &h);
	if (w != a->canvas->w || h != a->canvas->h)
		canvas_resize(a->canvas, w, h);
	build_model(a, &model, now);
	dashboard_draw(a->canvas, &model);
	term_present(a->canvas);
}

/* --- Keys ----------------------------------------------------------------- */

static void move_focus(struct app *a, int dm, int dr)
{
	long nm = (long)a->st->nmetrics, nr = (long)a->st->nregions;
	long m = (long)(a->focus / (size_t)nr), r = (long)(a->focus % (size_t)nr);

	m = (m + dm + nm) % nm;
	r = (r + dr + nr) % nr;
	a->focus = (size_t)(m * nr + r);
}

static void step_focus(struct app *a, int step)
{
	size_t n = a->st->nmetrics * a->st->nregions;

	a->focus = step > 0 ? (a->focus + 1) % n : (a->focus + n - 1) % n;
}

static void change_range(struct app *a, int step)
{
	int i = a->st->range_index + step;
	char msg[64];

	if (i < 0 || i >= RANGE_COUNT)
		return;
	a->st->range_index = i;
	/* History is kept for the longest range, but only what was asked for
	 * has been fetched: fetch the whole new window once. */
	if (step > 0)
		poller_refetch(a->s.poller);
	snprintf(msg, sizeof(msg), "time range %s", settings_range_names[i]);
	set_message(a, msg);
}

static void cycle_stat(struct app *a)
{
	size_t m = a->focus / a->st->nregions, r;
	struct metric_def *def = &a->st->metrics[m];
	char msg[96];

	if (def->nstats < 2) {
		set_message(a, "this metric has one statistic");
		return;
	}
	def->stat_index = (def->stat_index + 1) % def->nstats;
	for (r = 0; r < a->st->nregions; r++)
		series_clear(store_series(&a->s.store, m, r));
	poller_refetch(a->s.poller);
	poller_refresh_now(a->s.poller);
	snprintf(msg, sizeof(msg), "%s: %s", def->label, metric_def_stat(def));
	set_message(a, msg);
}

static void cycle_theme(struct app *a)
{
	char *next = theme_next(a->theme.name);
	char msg[96];

	load_theme(a, next ? next : "builtin");
	snprintf(msg, sizeof(msg), "theme %s", a->theme.name);
	set_message(a, msg);
	free(next);
}

static void toggle_pause(struct app *a)
{
	bool paused = !poller_paused(a->s.poller);

	poller_set_paused(a->s.poller, paused);
	set_message(a, paused ? "polling paused (p resumes)" : "polling resumed");
}

static void dispatch(struct app *a, enum key_action act)
{
	switch (act) {
	case ACT_QUIT:
		a->quit = true;
		break;
	case ACT_REFRESH:
		poller_refresh_now(a->s.poller);
		set_message(a, "refreshing");
		break;
	case ACT_PAUSE:
		toggle_pause(a);
		break;
	case ACT_FOCUS_UP:
		move_focus(a, -1, 0);
		break;
	case ACT_FOCUS_DOWN:
		move_focus(a, 1, 0);
		break;
	case ACT_FOCUS_LEFT:
		move_focus(a, 0, -1);
		break;
	case ACT_FOCUS_RIGHT:
		move_focus(a, 0, 1);
		break;
	case ACT_FOCUS_NEXT:
		step_focus(a, 1);
		break;
	case ACT_FOCUS_PREV:
		step_focus(a, -1);
		break;
	case ACT_ZOOM:
		a->zoomed = !a->zoomed;
		break;
	case ACT_BACK:
		if (a->help_open)
			a->help_open = false;
		else
			a->zoomed = false;
		break;
	case ACT_RANGE_WIDER:
		change_range(a, 1);
		break;
	case ACT_RANGE_NARROWER:
		change_range(a, -1);
		break;
	case ACT_STAT:
		cycle_stat(a);
		break;
	case ACT_THEME:
		cycle_theme(a);
		break;
	case ACT_HELP:
		a->help_open = !a->help_open;
		break;
	case ACT_NONE:
		break;
	}
}

static void read_keys(struct app *a)
{
	int key;

	while ((key = term_read_key()) != KEYC_NONE) {
		if (key == KEYC_RESIZE) {
			term_resized();
			continue;
		}
		if (key == 0x0c) { /* Ctrl-L: repaint, as every curses tool does */
			term_redraw();
			continue;
		}
		/* While the help is open any key but ? closes it, like less. */
		if (a->help_open && keymap_lookup(key) != ACT_HELP &&
		    keymap_lookup(key) != ACT_QUIT) {
			a->help_open = false;
			continue;
		}
		dispatch(a, keymap_lookup(key));
	}
}

/* --- Set-up and the loop ---------------------------------------------------- */

static int app_open(struct app *a, struct settings *st)
{
	char err[512];
	char *terr = NULL;
	size_t n = st->nmetrics * st->nregions;

	memset(a, 0, sizeof(*a));
	a->st = st;
	a->banner_pane = -1;
	if (session_open(&a->s, st, err, sizeof(err)) != 0) {
		fprintf(stderr, "cwtop: %s\n", err);
		return -1;
	}
	if (term_init(&terr) != 0) {
		fprintf(stderr, "cwtop: %s\n", terr ? terr : "cannot use this terminal");
		free(terr);
		return -1;
	}
	xalloc_set_fatal_hook(restore_terminal);
	a->canvas = canvas_new(1, 1, term_utf8());
	a->panes = xcalloc(n, sizeof(*a->panes));
	a->regions = xcalloc(st->nregions, sizeof(*a->regions));
	a->region_errors = xcalloc(st->nregions, sizeof(*a->region_errors));
	a->pane_errors = xcalloc(n, sizeof(*a->pane_errors));
	a->pane_cw = xcalloc(n, sizeof(*a->pane_cw));
	keymap_hints(a->hints, &a->nhints);
	keymap_help(a->help, &a->nhelp);
	load_theme(a, st->theme ? st->theme : "default");
	return 0;
}

static void app_close(struct app *a)
{
	term_end();
	xalloc_set_fatal_hook(NULL);
	if (a->canvas)
		canvas_free(a->canvas);
	free(a->panes);
	free(a->regions);
	free(a->region_errors);
	free(a->pane_errors);
	free(a->pane_cw);
	session_close(&a->s);
}

/* polls_done: with --max-polls, every region has had its polls. */
static bool polls_done(const struct app *a)
{
	size_t r;

	if (a->st->max_polls <= 0 || !poller_idle(a->s.poller))
		return false;
	for (r = 0; r < a->st->nregions; r++)
		if (poller_status(a->s.poller, r)->next_poll != INT64_MAX)
			return false;
	return true;
}

/* One turn of the loop: sleep until something happens, then react. */
static void app_turn(struct app *a)
{
	bool key_ready = false;

	session_wait(&a->s, term_fd(), TICK_MS, &key_ready);
	if (got_winch) {
		got_winch = 0;
		term_resized();
	}
	if (key_ready)
		read_keys(a);
	if (got_quit_signal || polls_done(a))
		a->quit = true;
	if (!a->quit)
		draw(a);
}

int app_run(struct settings *st)
{
	struct app a;

	install_signals();
	if (app_open(&a, st) != 0) {
		app_close(&a);
		return EXIT_TROUBLE;
	}
	poller_tick(a.s.poller, clock_now_ms());
	draw(&a);
	while (!a.quit)
		app_turn(&a);
	app_close(&a);
	/* q, Ctrl-C and a kiosk's SIGTERM are all a normal end: the terminal
	 * was restored and nothing went wrong. */
	return EXIT_ALL_OK;
}
