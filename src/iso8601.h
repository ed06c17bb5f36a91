/* iso8601: ISO 8601 date-times as the AWS tools write them, to epoch seconds.
 *
 * Credential expirations come as "2026-11-28T12:00:00Z" from
 * credential_process, the container agent, instance metadata and
 * AWS_CREDENTIAL_EXPIRATION; pure, no locale, no time zone database. */
#ifndef CWTOP_ISO8601_H
#define CWTOP_ISO8601_H

#include <stdint.h>

/* iso8601_parse: "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HHMM|+HH]" (the 'T'
 * may be 't' or a space; no zone means UTC; a leap second counts as :59)
 * to epoch seconds. Years before 1970 and impossible dates are refused.
 * 0, or -1 with *out untouched. */
int iso8601_parse(const char *s, int64_t *out);

#endif
