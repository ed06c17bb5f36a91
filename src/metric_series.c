/* src/metric_series.c: not written yet. */
#include "config.h"

extern int cwtop_stub_metric_series;
