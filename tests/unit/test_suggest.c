/* Unit tests: src/suggest.c, the "did you mean" behind config errors. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/suggest.h"

static const char *pick(const char *word, const char *const *cands)
{
	struct suggest sg;

	suggest_init(&sg, word);
	for (; *cands; cands++)
		suggest_consider(&sg, *cands);
	return suggest_result(&sg);
}

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("abc", ""), 3);
	assert_int_equal(suggest_distance("treshold", "threshold"), 1);
	assert_int_equal(suggest_distance("refersh", "refresh"), 1); /* a swap is one edit */
	assert_int_equal(suggest_distance("Regions", "regions"), 0);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
}

static void test_too_long_is_far(void **state)
{
	char big[200];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(suggest_distance(big, "a"), SIZE_MAX);
}

static void test_picks_closest(void **state)
{
	static const char *const keys[] = {"regions", "refresh", "range",  "threshold",
					   "theme",   "periods", "period", NULL};

	(void)state;
	assert_string_equal(pick("treshold", keys), "threshold");
	assert_string_equal(pick("refesh", keys), "refresh");
	assert_string_equal(pick("perods", keys), "periods");
	assert_string_equal(pick("perid", keys), "period");
	assert_null(pick("colour", keys));
	assert_null(pick("x", keys));
	/* An exact match is not a typo. */
	assert_null(pick("theme", (const char *const[]){"theme", NULL}));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_too_long_is_far),
		cmocka_unit_test(test_picks_closest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
