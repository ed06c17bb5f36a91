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
#include <string.h>

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

/* fuzz_check_error_lines: errs (NULL exactly when n == 0) holds at most
 * max_lines lines, each ending in '\n' and printable; each starts with
 * "PATH:" and, when with_line, a line number and ": " and some text, except
 * a last "... and N more errors" summary. */
static inline void fuzz_check_error_lines(const char *errs, int n, int max_lines, const char *path,
					  int with_line)
{
	size_t plen = strlen(path);
	const char *line = errs;
	int lines = 0;

	FUZZ_CHECK((n == 0) == (errs == NULL));
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len;
		char *copy;

		FUZZ_CHECK(nl);
		len = (size_t)(nl - line);
		copy = strndup(line, len);
		if (!copy)
			abort();
		FUZZ_CHECK(fuzz_text_safe(copy, len + 1));
		if (strncmp(copy, "... and ", 8) == 0) {
			FUZZ_CHECK(!nl[1]); /* the summary is the last line */
		} else {
			const char *p = copy + plen;

			FUZZ_CHECK(strncmp(copy, path, plen) == 0 && *p == ':');
			if (with_line) {
				for (p++; *p >= '0' && *p <= '9'; p++)
					;
				FUZZ_CHECK(p > copy + plen + 1 && p[0] == ':' && p[1] == ' ' &&
					   p[2]);
			}
		}
		free(copy);
		lines++;
		line = nl + 1;
	}
	FUZZ_CHECK(lines <= max_lines);
}

#endif
