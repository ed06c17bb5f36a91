/* src/metric_defaults.c: not written yet. */
#include "config.h"

extern int cwtop_stub_metric_defaults;
