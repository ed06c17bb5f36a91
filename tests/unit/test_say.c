/* Unit tests: src/say.c, bounded one-line messages. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/say.h"

static void test_formats(void **state)
{
	char out[32];

	(void)state;
	say(out, sizeof(out), "%s: %d", "status", 42);
	assert_string_equal(out, "status: 42");
}

static void test_cuts_long_messages(void **state)
{
	char out[8];

	(void)state;
	memset(out, 'x', sizeof(out));
	say(out, sizeof(out), "%s", "a message longer than the buffer");
	assert_string_equal(out, "a messa");
}

static void test_no_buffer_is_fine(void **state)
{
	char out[4] = "abc";

	(void)state;
	say(NULL, 10, "%s", "nowhere");
	say(out, 0, "%s", "nowhere");
	assert_string_equal(out, "abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_cuts_long_messages),
		cmocka_unit_test(test_no_buffer_is_fine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
