/* say: a one-line message into a caller's fixed buffer.
 *
 * Error and note lines are bounded on purpose (a caller passes char[N]):
 * a message too long for the buffer is cut short, never overflows, and a
 * NULL or empty buffer means the caller does not want the message. */
#ifndef CWTOP_SAY_H
#define CWTOP_SAY_H

#include <stddef.h>

void say(char *out, size_t outlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
