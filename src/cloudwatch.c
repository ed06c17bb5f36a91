/* src/cloudwatch.c: not written yet. */
#include "config.h"

extern int cwtop_stub_cloudwatch;
