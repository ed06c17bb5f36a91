/* once: `cwtop --once [--json]`: poll every region once, print every
 * series' latest value with its threshold and alarm state, and exit
 * 0 (all OK), 1 (a series in ALARM) or 2 (an error: a region could not be
 * read, or cwtop could not start). For scripts, cron and CI gates. */
#ifndef CWTOP_ONCE_H
#define CWTOP_ONCE_H

#include <stdio.h>

#include "src/session.h"
#include "src/settings.h"

enum {
	EXIT_ALL_OK = 0,
	EXIT_BREACHED = 1,
	EXIT_TROUBLE = 2,
};

/* once_run: the whole --once mode; returns the exit status. */
int once_run(struct settings *settings);

/* once_report: print the session's state at now as a table or JSON;
 * returns the exit status it implies. */
int once_report(FILE *out, const struct session *s, int64_t now, int json);

#endif
