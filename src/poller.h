/* poller: keeps every region's series fresh, one GetMetricData call per
 * region per poll (all its metrics batched, split above 500 queries, every
 * NextToken followed).
 *
 * Per region it owns the retry loop (SDK standard mode: full-jitter
 * exponential backoff, at most 3 attempts, a retry quota), the adaptive
 * interval after throttling, incremental fetching (after the first full
 * window only the periods that can still change), credential refresh and
 * clock-skew correction. Regions never wait for each other. */
#ifndef CWTOP_POLLER_H
#define CWTOP_POLLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/aws_credentials.h"
#include "src/cloudwatch.h"
#include "src/http.h"
#include "src/metric_store.h"
#include "src/settings.h"

struct poller;

struct region_status {
	const char *region;
	const char *endpoint;
	bool in_flight;
	int attempt;     /* 1..3 within the current poll */
	int64_t last_ok; /* virtual time of the last good poll; 0 never */
	int64_t last_attempt;
	struct cw_error error;        /* kind CW_OK when the last poll worked */
	int64_t error_since;          /* when the current run of failures began */
	int interval;                 /* current poll interval, seconds (adaptive) */
	bool interval_stretched;      /* lengthened after throttling */
	int64_t next_poll;            /* virtual time; INT64_MAX after max_polls */
	unsigned calls_last_minute;   /* GetMetricData calls in the last 60 s */
	unsigned metrics_last_minute; /* metrics requested in the last 60 s */
	uint64_t calls_total;
	uint64_t metrics_total;
	uint64_t polls_ok; /* completed polls */
	bool partial;      /* the last poll left PartialData */
};

/* poller_new: one region status per settings region; store must have been
 * initialised for settings' metrics and regions. creds is the resolved
 * credentials (the poller refreshes them in place when they expire). */
struct poller *poller_new(const struct settings *settings, struct http *http,
			  struct metric_store *store, struct aws_profile *profile,
			  struct aws_credentials *creds);
void poller_free(struct poller *p);

/* poller_tick: start the polls that are due at now (virtual ms). */
void poller_tick(struct poller *p, int64_t now_ms);
/* poller_next_due_ms: virtual ms until the next poll or retry is due
 * (INT64_MAX when nothing is scheduled, e.g. paused). */
int64_t poller_next_due_ms(const struct poller *p, int64_t now_ms);
/* poller_refresh_now: poll every idle region at the next tick. */
void poller_refresh_now(struct poller *p);
void poller_set_paused(struct poller *p, bool paused);
bool poller_paused(const struct poller *p);
/* poller_credentials_changed: the caller replaced *creds (and *profile) in
 * place, e.g. after an edited ~/.aws file: sign with them from now on, as
 * after the poller's own refresh, and poll every region at once. */
void poller_credentials_changed(struct poller *p);
/* poller_wait_fd: a descriptor the loop must also wait on (readable when a
 * background credential refresh has news), or -1. poller_tick reads it. */
int poller_wait_fd(const struct poller *p);
/* poller_refetch: forget incremental state (after a change of statistic or
 * time range) so the next poll fetches the whole window. */
void poller_refetch(struct poller *p);

/* poller_set_rand: the random source for retry jitter (tests pass one that
 * returns 0 so retries are immediate). fn returns a value in [0, 1). */
void poller_set_rand(struct poller *p, double (*fn)(void *ctx), void *ctx);

size_t poller_nregions(const struct poller *p);
const struct region_status *poller_status(const struct poller *p, size_t region);
/* poller_idle: no transfer in flight and no retry pending. */
bool poller_idle(const struct poller *p);

/* A series' own failure: the call worked (the region is fine) but the
 * result for this metric said Forbidden or InternalError. It lasts until a
 * later poll's result for the series says Complete or PartialData; the
 * data already stored is kept (and still drawn). */
struct series_error {
	enum cw_status status; /* CW_FORBIDDEN or CW_INTERNAL_ERROR */
	struct cw_error err;   /* kind access denied (Forbidden) or server error
				* (InternalError); code "Forbidden" or "InternalError";
				* message: the result's Messages, sanitized, bounded */
	int64_t since;         /* virtual ms of the poll that first said so */
};

/* poller_series_error: the error of series (metric, region), or NULL when
 * its last result was fine or it has not been polled. */
const struct series_error *poller_series_error(const struct poller *p, size_t metric,
					       size_t region);
/* poller_series_advice: what the user can do about e, one short sentence
 * naming def's namespace when it has one ("" when e is NULL). */
char *poller_series_advice(char *out, size_t len, const struct series_error *e,
			   const struct metric_def *def);

#endif
