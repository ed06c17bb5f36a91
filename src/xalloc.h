/* xalloc: allocation that never returns NULL.
 *
 * Out of memory is not something a dashboard can recover from; these
 * functions run the registered fatal hook (which restores the terminal)
 * and abort with a one-line message instead of returning NULL. */
#ifndef CWTOP_XALLOC_H
#define CWTOP_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* xreallocarray: as xrealloc(ptr, nmemb * size), aborting on overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xasprintf: a freshly allocated formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The hook runs once before any fatal exit (out of memory, fatal()). */
void xalloc_set_fatal_hook(void (*hook)(void));
/* fatal: restore the terminal via the hook, print "cwtop: MSG" and exit(2). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
