/* src/aws_credentials.c: not written yet. */
#include "config.h"

extern int cwtop_stub_aws_credentials;
