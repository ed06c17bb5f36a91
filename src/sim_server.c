/* src/sim_server.c: not written yet. */
#include "config.h"

extern int cwtop_stub_sim_server;
