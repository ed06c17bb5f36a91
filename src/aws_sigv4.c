/* src/aws_sigv4.c: not written yet. */
#include "config.h"

extern int cwtop_stub_aws_sigv4;
