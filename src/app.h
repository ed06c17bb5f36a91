/* app: the interactive dashboard. Owns the screen and the one event loop:
 * curl_multi_poll (through session_wait) with the terminal as an extra
 * descriptor, a timeout to the next poll or clock tick, nothing else. */
#ifndef CWTOP_APP_H
#define CWTOP_APP_H

#include "src/settings.h"

/* app_run: run the dashboard until the user quits or a signal arrives;
 * returns the exit status (0, or 2 when cwtop could not start). */
int app_run(struct settings *settings);

#endif
