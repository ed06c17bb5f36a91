/* say: a one-line message into a caller's fixed buffer. */
#include "config.h"

#include "src/say.h"

#include <stdarg.h>
#include <stdio.h>

void say(char *out, size_t outlen, const char *fmt, ...)
{
	va_list ap;

	if (!out || !outlen)
		return;
	va_start(ap, fmt);
	vsnprintf(out, outlen, fmt, ap);
	va_end(ap);
}
