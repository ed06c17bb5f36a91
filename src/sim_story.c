/* src/sim_story.c: not written yet. */
#include "config.h"

extern int cwtop_stub_sim_story;
