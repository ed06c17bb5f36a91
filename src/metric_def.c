/* src/metric_def.c: not written yet. */
#include "config.h"

extern int cwtop_stub_metric_def;
