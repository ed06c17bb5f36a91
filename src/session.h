/* session: everything one run of cwtop needs besides the screen.
 *
 * Resolves the profile and credentials, starts the in-process demo endpoint
 * for --demo, and owns the metric store, the HTTP multi handle and the
 * poller. Both the dashboard (src/app.c) and --once (src/once.c) drive a
 * session; neither knows how the other draws. */
#ifndef CWTOP_SESSION_H
#define CWTOP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "src/alarm.h"
#include "src/aws_config.h"
#include "src/aws_credentials.h"
#include "src/cw_alarm_poll.h"
#include "src/http.h"
#include "src/metric_store.h"
#include "src/poller.h"
#include "src/settings.h"

struct sim_server;
struct creds_job;

struct session {
	struct settings *settings;
	struct aws_profile profile;
	struct aws_credentials creds;
	struct metric_store store;
	struct http *http;
	struct poller *poller;
	struct sim_server *demo;           /* --demo: the in-process endpoint */
	int64_t files_checked;             /* real ms of the last look at the AWS files */
	struct timespec files_mtime[2];    /* config and credentials files, as last seen */
	char reload_note[256];             /* why the last reload of the files failed, or "" */
	struct creds_job *reload_job;      /* the edited files' credentials, resolving */
	struct aws_profile reload_profile; /* the profile they are resolved for */
	struct alarm_result *results;      /* [metric * nregions + region] */
	struct alarm_track *tracks;        /* same index */
	struct cw_alarm_poll *alarms;      /* CloudWatch's own alarms; NULL when off */
};

/* session_open: 0, or -1 with a one-line reason in err. */
int session_open(struct session *s, struct settings *settings, char *err, size_t errlen);
void session_close(struct session *s);

/* session_wait: drive the network and timers for at most timeout_ms (real),
 * also waking when fd (if >= 0) is readable; *fd_ready says whether it is. */
void session_wait(struct session *s, int fd, int timeout_ms, bool *fd_ready);

/* session_evaluate: re-evaluate every series' alarm at now (virtual s).
 * Returns the index of a pane that entered ALARM (the first one), or -1. */
long session_evaluate(struct session *s, int64_t now);

/* session_series_index: the index used by results/tracks/store. */
size_t session_index(const struct session *s, size_t metric, size_t region);

/* session_latest: the newest datapoint of a series in display units,
 * provisional or not: what a person compares with the CloudWatch console.
 * (The alarm result's value is the newest *evaluated* one.) */
bool session_latest(const struct session *s, size_t metric, size_t region, double *value,
		    int64_t *ts);

/* session_cw_alarms: CloudWatch's own alarms on series (metric, region),
 * at most max into out (valid until the next session_wait); 0 when the
 * feature is off or none matches. */
#define SESSION_MAX_CW_ALARMS 4
size_t session_cw_alarms(const struct session *s, size_t metric, size_t region,
			 const struct cw_alarm **out, size_t max);

/* session_window: the time range shown/fetched, virtual seconds. */
int64_t session_range(const struct session *s);

#endif
