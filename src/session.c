/* session: everything one run of cwtop needs besides the screen. */
#include "config.h"

#include "src/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "src/aws_creds_job.h"
#include "src/clock.h"
#include "src/sim_server.h"
#include "src/sim_story.h"
#include "src/xalloc.h"

/* The longest time range: history is kept for it whatever is shown, so
 * widening the range never needs a refetch of what we already had. */
static int64_t longest_range(void)
{
	return settings_ranges[RANGE_COUNT - 1];
}

static int open_demo(struct session *s, char *err, size_t errlen)
{
	struct settings *st = s->settings;
	struct sim_options opts;

	memset(&opts, 0, sizeof(opts));
	opts.bind = "127.0.0.1";
	opts.port = 0; /* ephemeral */
	opts.quiet = true;
	s->demo = sim_server_start(&opts, err, errlen);
	if (!s->demo)
		return -1;
	free(st->endpoint);
	st->endpoint = xasprintf("http://127.0.0.1:%u", (unsigned)sim_server_port(s->demo));

	s->profile.name = xstrdup("demo");
	s->creds.access_key_id = xstrdup(SIM_DEMO_ACCESS_KEY);
	s->creds.secret_access_key = xstrdup(SIM_DEMO_SECRET_KEY);
	snprintf(s->creds.source, sizeof(s->creds.source), "demo endpoint");
	return 0;
}

/* How often the AWS files are looked at for edits (a stat each). */
#define FILES_CHECK_MS 5000

/* file_mtime: the file's modification time, zero when it is absent. */
static struct timespec file_mtime(const char *path)
{
	struct stat sb;
	struct timespec none = {0, 0};

	if (!path || stat(path, &sb) != 0)
		return none;
	return sb.st_mtim;
}

static void note_files(struct session *s)
{
	s->files_mtime[0] = file_mtime(s->profile.config_file);
	s->files_mtime[1] = file_mtime(s->profile.credentials_file);
}

static int open_aws(struct session *s, char *err, size_t errlen)
{
	const struct settings *st = s->settings;
	const char *name = aws_profile_name(st->profile);

	if (aws_profile_load(name, &s->profile, err, errlen) != 0)
		return -1;
	note_files(s);
	return aws_credentials_resolve(&s->profile, st->origin_profile == ORIGIN_FLAG, &s->creds,
				       err, errlen);
}

static bool same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* drop_reload: forget a reload in progress (its child, its profile). */
static void drop_reload(struct session *s)
{
	creds_job_free(s->reload_job);
	s->reload_job = NULL;
	aws_profile_free(&s->reload_profile);
	memset(&s->reload_profile, 0, sizeof(s->reload_profile));
}

/* reload_aws_files: when ~/.aws/config or ~/.aws/credentials was edited
 * (keys rotated, a profile fixed), read the profile again at once and walk
 * the credential chain for it in the background (aws_creds_job: a
 * credential_process may take seconds). collect_reload() swaps both in. */
static void reload_aws_files(struct session *s)
{
	char err[256];
	int64_t now = clock_mono_ms();

	if (s->demo || now - s->files_checked < FILES_CHECK_MS)
		return;
	s->files_checked = now;
	if (same_time(s->files_mtime[0], file_mtime(s->profile.config_file)) &&
	    same_time(s->files_mtime[1], file_mtime(s->profile.credentials_file)))
		return;
	note_files(s);
	drop_reload(s); /* an older edit's reload is moot */
	if (aws_profile_load(s->profile.name, &s->reload_profile, err, sizeof(err)) != 0) {
		snprintf(s->reload_note, sizeof(s->reload_note), "%s", err);
		drop_reload(s);
		return;
	}
	s->reload_job = creds_job_start(
		&s->reload_profile, s->settings->origin_profile == ORIGIN_FLAG, err, sizeof(err));
	if (!s->reload_job) {
		snprintf(s->reload_note, sizeof(s->reload_note), "%s", err);
		drop_reload(s);
	}
}

/* collect_reload: on success the new profile and keys replace the old in
 * place (the poller holds pointers to both, and later refreshes read the
 * new profile); on failure the old ones stay and reload_note says why. */
static void collect_reload(struct session *s)
{
	struct aws_credentials fresh;
	char err[256];
	enum creds_job_state st;

	if (!s->reload_job)
		return;
	memset(&fresh, 0, sizeof(fresh));
	st = creds_job_poll(s->reload_job, &fresh, err, sizeof(err));
	if (st == CREDS_JOB_RUNNING)
		return;
	if (st == CREDS_JOB_FAILED) {
		snprintf(s->reload_note, sizeof(s->reload_note), "%s", err);
		drop_reload(s);
		return;
	}
	s->reload_note[0] = '\0';
	aws_credentials_clear(&s->creds);
	s->creds = fresh;
	aws_profile_free(&s->profile);
	s->profile = s->reload_profile;
	memset(&s->reload_profile, 0, sizeof(s->reload_profile));
	drop_reload(s);
	poller_credentials_changed(s->poller);
}

static int open_store(struct session *s, char *err, size_t errlen)
{
	const struct settings *st = s->settings;
	int *periods = xcalloc(st->nmetrics, sizeof(*periods));
	size_t i;
	int rc;

	for (i = 0; i < st->nmetrics; i++)
		periods[i] = st->metrics[i].period;
	rc = store_init(&s->store, st->nmetrics, st->nregions, periods, longest_range());
	free(periods);
	if (rc != 0)
		snprintf(err, errlen, "cannot allocate the metric store");
	return rc;
}

/* start_clock: --speed runs the virtual clock faster, anchored at --epoch
 * (or now). The demo runs DEMO_SPEED times faster than real time (one
 * metric minute every three seconds) and, unless --epoch pins it, starts at
 * the beginning of the story: whatever the wall clock says, the demo plays
 * warm-up, ramp, throttling, alarms and outage in order, and `--demo --once`
 * always reads the same quiet minute. */
#define DEMO_SPEED 20.0

static void start_clock(const struct settings *st)
{
	double speed = st->speed > 0 ? st->speed : st->demo ? DEMO_SPEED : 0;
	int64_t real = clock_real_now();

	if (speed <= 0)
		return; /* real time */
	if (st->epoch > 0)
		clock_set_speed((int64_t)st->epoch, speed);
	else if (st->demo)
		clock_set_base(real, sim_story_time_of(real, 0), speed);
	else
		clock_set_speed(real, speed);
}

int session_open(struct session *s, struct settings *settings, char *err, size_t errlen)
{
	size_t n;

	memset(s, 0, sizeof(*s));
	s->settings = settings;
	start_clock(settings);
	if ((settings->demo ? open_demo(s, err, errlen) : open_aws(s, err, errlen)) != 0)
		return -1;
	if (open_store(s, err, errlen) != 0)
		return -1;
	/* Two channels per region: GetMetricData's and DescribeAlarms'. */
	s->http = http_new(2 * settings->nregions);
	if (!s->http) {
		snprintf(err, errlen, "cannot initialise libcurl");
		return -1;
	}
	s->poller = poller_new(settings, s->http, &s->store, &s->profile, &s->creds);
	if (!s->poller) {
		snprintf(err, errlen, "cannot start polling");
		return -1;
	}
	if (settings->cloudwatch_alarms)
		s->alarms = cw_alarm_poll_new(settings, s->http, settings->nregions, s->poller,
					      &s->creds, settings->max_polls > 0);
	n = settings->nmetrics * settings->nregions;
	s->results = xcalloc(n, sizeof(*s->results));
	s->tracks = xcalloc(n, sizeof(*s->tracks));
	return 0;
}

void session_close(struct session *s)
{
	cw_alarm_poll_free(s->alarms);
	if (s->poller)
		poller_free(s->poller);
	if (s->http)
		http_free(s->http);
	store_free(&s->store);
	if (s->demo)
		sim_server_stop(s->demo);
	drop_reload(s);
	aws_credentials_clear(&s->creds);
	aws_profile_free(&s->profile);
	free(s->results);
	free(s->tracks);
	memset(s, 0, sizeof(*s));
}

void session_wait(struct session *s, int fd, int timeout_ms, bool *fd_ready)
{
	int64_t now_ms = clock_now_ms();
	int64_t due = poller_next_due_ms(s->poller, now_ms);
	int64_t alarms_due =
		poller_paused(s->poller) ? INT64_MAX : cw_alarm_poll_next_due_ms(s->alarms, now_ms);
	int64_t real = due == INT64_MAX ? CLOCK_REAL_MAX_MS : clock_real_ms(due);
	/* The terminal, and the pipes of credential refreshes running in the
	 * background: their news is read by collect_reload and poller_tick. */
	int fds[3] = {fd, creds_job_fd(s->reload_job), poller_wait_fd(s->poller)};
	bool ready[3];

	if (alarms_due < due)
		real = clock_real_ms(alarms_due);
	if (real < timeout_ms)
		timeout_ms = (int)real;
	if (timeout_ms < 0)
		timeout_ms = 0;
	http_wait_fds(s->http, fds, ready, 3, timeout_ms);
	*fd_ready = ready[0];
	collect_reload(s);
	reload_aws_files(s);
	poller_tick(s->poller, clock_now_ms());
	if (!poller_paused(s->poller))
		cw_alarm_poll_tick(s->alarms, clock_now_ms());
}

size_t session_cw_alarms(const struct session *s, size_t metric, size_t region,
			 const struct cw_alarm **out, size_t max)
{
	if (!s->alarms || !(s->settings->metrics[metric].region_mask & (1u << region)))
		return 0;
	return cw_alarm_poll_match(s->alarms, region, &s->settings->metrics[metric], out, max);
}

size_t session_index(const struct session *s, size_t metric, size_t region)
{
	return metric * s->settings->nregions + region;
}

bool session_latest(const struct session *s, size_t metric, size_t region, double *value,
		    int64_t *ts)
{
	struct metric_point p;

	if (!series_latest(store_series_const(&s->store, metric, region), &p))
		return false;
	*value = metric_def_display(&s->settings->metrics[metric], p.value);
	*ts = p.ts;
	return true;
}

int64_t session_range(const struct session *s)
{
	return settings_ranges[s->settings->range_index];
}

/* A failing region keeps its last data on screen; a pane with nothing
 * trustworthy left to show says ERROR instead of NO DATA or STALE. */
static enum alarm_state with_region_error(enum alarm_state state, const struct region_status *rs)
{
	if (rs->error.kind == CW_OK)
		return state;
	if (state == STATE_NO_DATA || state == STATE_STALE)
		return STATE_ERROR;
	return state;
}

/* A series whose own result said Forbidden or InternalError is in ERROR
 * whatever its last data says: that data is no longer being refreshed. */
static enum alarm_state with_series_error(enum alarm_state state, const struct session *s,
					  size_t metric, size_t region)
{
	return poller_series_error(s->poller, metric, region) ? STATE_ERROR : state;
}

/* WARN is about the number people read: the newest value shown on the
 * pane (provisional or not, see session_latest), not the newest evaluated
 * one, or a pane could say "418 ms OK" beside a 400 ms warning line. ALARM
 * stays CloudWatch's M-of-N over complete periods. */
static enum alarm_state warn_on_shown_value(enum alarm_state state, const struct session *s,
					    size_t metric, size_t region)
{
	const struct metric_def *def = &s->settings->metrics[metric];
	double value;
	int64_t ts;

	if ((state != STATE_OK && state != STATE_WARN) || !def->rule.enabled ||
	    !session_latest(s, metric, region, &value, &ts))
		return state;
	return alarm_warns(&def->rule, value) ? STATE_WARN : STATE_OK;
}

long session_evaluate(struct session *s, int64_t now)
{
	const struct settings *st = s->settings;
	long fired = -1;
	size_t m, r;

	for (m = 0; m < st->nmetrics; m++) {
		for (r = 0; r < st->nregions; r++) {
			size_t i = session_index(s, m, r);
			const struct region_status *rs = poller_status(s->poller, r);
			struct alarm_result *res = &s->results[i];

			if (!(st->metrics[m].region_mask & (1u << r))) {
				memset(res, 0, sizeof(*res));
				continue;
			}
			*res = alarm_eval_polled(&st->metrics[m],
						 store_series_const(&s->store, m, r), now, st->lag,
						 rs->interval);
			res->state = warn_on_shown_value(res->state, s, m, r);
			res->state = with_region_error(res->state, rs);
			res->state = with_series_error(res->state, s, m, r);
			if (alarm_track_update(&s->tracks[i], res->state, now) && fired < 0)
				fired = (long)i;
		}
	}
	return fired;
}
