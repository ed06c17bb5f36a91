/* secret: freeing memory that may hold a key, a secret or a token.
 *
 * What is freed stays in the heap until it is reused; a secret is wiped
 * first so that no core dump or later bug can show it. */
#ifndef CWTOP_SECRET_H
#define CWTOP_SECRET_H

/* secret_free: wipe the string *s, free it and set *s to NULL (a NULL *s
 * is fine). */
void secret_free(char **s);

#endif
