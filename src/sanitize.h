/* sanitize: make untrusted text safe to show on a terminal.
 *
 * Every string that came from the network or a file goes through here before
 * it is drawn or printed: control characters (C0, DEL, C1, including ESC)
 * become '?', invalid UTF-8 becomes '?', and the result is one line. */
#ifndef CWTOP_SANITIZE_H
#define CWTOP_SANITIZE_H

#include <stddef.h>

/* sanitize_copy: write at most outlen-1 bytes of safe text to out (always
 * NUL-terminated, never cutting a UTF-8 sequence); returns out. */
char *sanitize_copy(char *out, size_t outlen, const char *in, size_t inlen);
/* sanitize_dup: a freshly allocated safe copy (at most maxlen bytes). */
char *sanitize_dup(const char *in, size_t inlen, size_t maxlen);

#endif
