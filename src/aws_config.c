/* src/aws_config.c: not written yet. */
#include "config.h"

extern int cwtop_stub_aws_config;
