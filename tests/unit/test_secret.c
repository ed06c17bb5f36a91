/* Unit tests: src/secret.c, wiping before freeing. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/secret.h"
#include "src/xalloc.h"

static void test_frees_and_clears_the_pointer(void **state)
{
	char *s = xstrdup("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

	(void)state;
	secret_free(&s); /* ASan and valgrind see any leak or double free */
	assert_null(s);
}

static void test_null_is_fine(void **state)
{
	char *s = NULL;

	(void)state;
	secret_free(&s);
	secret_free(&s);
	assert_null(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frees_and_clears_the_pointer),
		cmocka_unit_test(test_null_is_fine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
