/* fuzz_theme: theme_parse, the reader of theme files (a user's own, or one
 * downloaded from anywhere). The input is the file.
 *
 * Whatever the file says, every role ends with a style the terminal code
 * can use at every depth: colours -1 (the terminal's) or 0..255, 0..7 at
 * 8 colours, none at all in monochrome; attributes among the four known.
 * Problems are printable "FILE:LINE: why" lines, counted by the result. */
#include "config.h"

#include <string.h>

#include "widgets/theme.h"
#include "tests/fuzz/fuzz.h"

#define FILENAME "fuzz.theme"
#define ATTRS    (CELL_BOLD | CELL_REVERSE | CELL_UNDERLINE | CELL_DIM)

static void check_style(struct style s, enum color_depth d)
{
	int max = d == DEPTH_8 ? 7 : 255;

	if (d == DEPTH_MONO) {
		FUZZ_CHECK(s.fg == STYLE_COLOR_DEFAULT && s.bg == STYLE_COLOR_DEFAULT);
	} else {
		FUZZ_CHECK(s.fg >= STYLE_COLOR_DEFAULT && s.fg <= max);
		FUZZ_CHECK(s.bg >= STYLE_COLOR_DEFAULT && s.bg <= max);
	}
	FUZZ_CHECK((s.attrs & ~ATTRS) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t;
	char *errs = NULL;
	int n, r, d;

	memset(&t, 0xA5, sizeof(t));
	n = theme_parse((const char *)data, size, FILENAME, &t, &errs);
	FUZZ_CHECK(n >= 0);
	fuzz_check_error_lines(errs, n, n + 1, FILENAME, 0);
	FUZZ_CHECK(fuzz_text_safe(t.name, sizeof(t.name)) && t.name[0]);
	for (r = 0; r < ROLE_COUNT; r++) {
		FUZZ_CHECK((t.defined[r] & ~((1u << DEPTH_COUNT) - 1)) == 0);
		for (d = 0; d < DEPTH_COUNT; d++)
			check_style(t.style[r][d], (enum color_depth)d);
	}
	free(errs);
	return 0;
}

#include "tests/fuzz/replay.c"
