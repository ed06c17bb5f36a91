/* fuzz: what every tests/fuzz/fuzz_NAME.c target shares.
 *
 * A target defines LLVMFuzzerTestOneInput (libFuzzer's entry point), checks
 * the invariants its parser promises with FUZZ_CHECK (abort on violation,
 * so both libFuzzer and the replay test report it), and ends with
 * #include "tests/fuzz/replay.c". See tests/fuzz/README.md. */
#ifndef CWTOP_TESTS_FUZZ_H
#define CWTOP_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* fuzz_text_safe: s is a NUL-terminated string shorter than max with no
 * control characters (what src/sanitize.h promises). */
static inline int fuzz_text_safe(const char *s, size_t max)
{
	size_t i;

	for (i = 0; i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\0')
			return 1;
		if (c < 0x20 || c == 0x7F)
			return 0;
	}
	return 0;
}

#endif
