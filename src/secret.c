/* secret: freeing memory that may hold a key, a secret or a token. */
#include "config.h"

#include "src/secret.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

void secret_free(char **s)
{
	if (*s) {
		/* OPENSSL_cleanse, not memset: the compiler may drop a store
		 * to memory that is freed right after. */
		OPENSSL_cleanse(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}
