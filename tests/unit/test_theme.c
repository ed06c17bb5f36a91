/* Unit tests: widgets/theme.c. Shipped themes are complete and clean;
 * every mistake is reported as FILE:LINE with a suggestion; hostile files
 * never crash, hang or put a control character into a message; colours
 * reduce sensibly to 8 and #rrggbb to 256. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "widgets/theme.h"

#define THEMES   CWTOP_SRCDIR "/themes/"
#define FIXTURES CWTOP_SRCDIR "/tests/data/themes/"

static const char *const shipped[] = {"default", "light", "high-contrast", "monochrome", "nord"};
#define NSHIPPED (sizeof(shipped) / sizeof(shipped[0]))

/* --- helpers ------------------------------------------------------------- */

static int parse_text(const char *text, struct theme *t, char **errs)
{
	return theme_parse(text, strlen(text), "t.theme", t, errs);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!hay || !strstr(hay, needle))
		fail_msg("expected '%s' in:\n%s", needle, hay ? hay : "(null)");
}

/* Messages reach the terminal: nothing but printable text and newlines. */
static void assert_printable(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; p && *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7F)
			fail_msg("control byte 0x%02x in message", *p);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

static char tmpdir[64];

static int make_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cwtop-theme-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* --- shipped themes ---------------------------------------------------------- */

static void test_shipped_themes_are_clean_and_complete(void **state)
{
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < NSHIPPED; i++) {
		char path[512], *errs = NULL;
		struct theme t;
		int n;

		snprintf(path, sizeof(path), THEMES "%s.theme", shipped[i]);
		n = theme_load(path, &t, &errs);
		if (n != 0)
			fail_msg("%s: %d problems:\n%s", path, n, errs);
		assert_null(errs);
		assert_string_equal(t.name, shipped[i]);
		for (r = 0; r < ROLE_COUNT; r++) {
			if (!(t.defined[r] & (1u << DEPTH_256)))
				fail_msg("%s does not set %s", shipped[i],
					 style_role_name((enum style_role)r));
			/* monochrome has no colour to fall back from */
			if (strcmp(shipped[i], "monochrome") != 0 &&
			    !(t.defined[r] & (1u << DEPTH_8)))
				fail_msg("%s does not set %s.8", shipped[i],
					 style_role_name((enum style_role)r));
		}
	}
}

static void test_shipped_themes_start_with_a_comment(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NSHIPPED; i++) {
		char path[512], line[256];
		FILE *f;

		snprintf(path, sizeof(path), THEMES "%s.theme", shipped[i]);
		f = fopen(path, "r");
		assert_non_null(f);
		assert_non_null(fgets(line, sizeof(line), f));
		fclose(f);
		/* "# NAME: what it is for" */
		assert_int_equal(line[0], '#');
		assert_non_null(strstr(line, shipped[i]));
	}
}

static void test_default_theme_matches_builtin(void **state)
{
	struct theme file, builtin;
	int r, d;

	(void)state;
	assert_int_equal(theme_load(THEMES "default.theme", &file, NULL), 0);
	theme_builtin(&builtin);
	for (r = 0; r < ROLE_COUNT; r++) {
		for (d = 0; d < DEPTH_COUNT; d++) {
			struct style a = file.style[r][d], b = builtin.style[r][d];

			if (a.fg != b.fg || a.bg != b.bg || a.attrs != b.attrs)
				fail_msg("default.theme and the built-in table differ on %s "
					 "at depth %d",
					 style_role_name((enum style_role)r), d);
		}
	}
}

static void test_monochrome_has_no_colour(void **state)
{
	struct theme t;
	int r, d;

	(void)state;
	assert_int_equal(theme_load(THEMES "monochrome.theme", &t, NULL), 0);
	for (r = 0; r < ROLE_COUNT; r++) {
		for (d = 0; d < DEPTH_COUNT; d++) {
			assert_int_equal(t.style[r][d].fg, STYLE_COLOR_DEFAULT);
			assert_int_equal(t.style[r][d].bg, STYLE_COLOR_DEFAULT);
		}
	}
	assert_true(t.style[ROLE_ALARM][DEPTH_256].attrs & CELL_REVERSE);
	/* The theme's own attributes serve every depth. */
	assert_int_equal(t.style[ROLE_HINT][DEPTH_MONO].attrs, CELL_DIM);
}

/* --- every mistake, with its line ---------------------------------------------- */

static void test_every_error_kind_has_file_line(void **state)
{
	static const char *const expected[] = {
		"typos.theme:3: unknown role 'alrm' (did you mean 'alarm'?)\n",
		"typos.theme:4: unknown colour 'gren' (did you mean 'green'?)\n",
		"typos.theme:5: bad colour 'colour300' (colour0 to colour255)\n",
		"typos.theme:6: bad colour '#12345' (write #rrggbb)\n",
		"typos.theme:7: unknown attribute 'blod' (did you mean 'bold'?)\n",
		"typos.theme:8: unsupported attribute 'italics'",
		"typos.theme:10: 'focus' set again (first on line 9); this one is used\n",
		"typos.theme:11: expected 'ROLE = STYLE', not 'border fg=red'\n",
		"typos.theme:12: unknown variant '.16' (write spark, spark.8 or spark.mono)\n",
		"typos.theme:13: no style for 'nodata'",
		"typos.theme:14: 'fg=red': a .mono style has no colours",
		"typos.theme:15: missing role before '='\n",
		"typos.theme:16: unknown option 'fgg=' (use fg=COLOUR or bg=COLOUR)\n",
		"typos.theme:17: 'fg' needs a colour",
	};
	struct theme t;
	char *errs = NULL;
	size_t i;
	int n;

	(void)state;
	n = theme_load(FIXTURES "typos.theme", &t, &errs);
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		assert_contains(errs, expected[i]);
	assert_int_equal(n, (int)(sizeof(expected) / sizeof(expected[0])));
	assert_int_equal(count_lines(errs), (size_t)n);
	assert_printable(errs);
	/* Bad lines are skipped; good ones apply; the last duplicate wins. */
	assert_int_equal(t.style[ROLE_FOCUS][DEPTH_256].fg, 4);
	assert_int_equal(t.style[ROLE_THRESHOLD][DEPTH_256].fg, 9);
	assert_int_equal(t.style[ROLE_THRESHOLD][DEPTH_8].fg, 1);
	assert_false(t.defined[ROLE_ALARM]);
	assert_int_equal(t.style[ROLE_ALARM][DEPTH_256].bg, 160); /* built in */
	free(errs);
}

static void test_errors_append_to_existing_text(void **state)
{
	struct theme t;
	char *errs = strdup("earlier\n");

	(void)state;
	assert_int_equal(parse_text("alarm = fg=rde\n", &t, &errs), 1);
	assert_string_equal(errs,
			    "earlier\nt.theme:1: unknown colour 'rde' (did you mean 'red'?)\n");
	free(errs);
	/* errs may be NULL: the count is still returned. */
	assert_int_equal(parse_text("alarm = fg=rde\nwarn = x\n", &t, NULL), 2);
}

static void test_no_suggestion_when_far(void **state)
{
	struct theme t;
	char *errs = NULL;

	(void)state;
	assert_int_equal(parse_text("zzzzzz = bold\nok = fg=purple\n", &t, &errs), 2);
	assert_contains(errs, "t.theme:1: unknown role 'zzzzzz'\n");
	assert_contains(errs, "t.theme:2: unknown colour 'purple'\n");
	free(errs);
}

static void test_missing_and_odd_files(void **state)
{
	char path[128], *errs = NULL;
	struct theme t;

	(void)state;
	assert_int_equal(theme_load(FIXTURES "nonexistent.theme", &t, &errs), 1);
	assert_contains(errs, "nonexistent.theme: No such file or directory\n");
	assert_string_equal(t.name, "builtin"); /* still a usable theme */
	free(errs);
	errs = NULL;

	/* A directory, and a FIFO (which must not block the start-up). */
	snprintf(path, sizeof(path), "%s/dir.theme", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(theme_load(path, &t, &errs), 1);
	assert_contains(errs, "dir.theme: not a regular file\n");
	free(errs);
	errs = NULL;
	snprintf(path, sizeof(path), "%s/fifo.theme", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(theme_load(path, &t, &errs), 1);
	assert_contains(errs, "fifo.theme: not a regular file\n");
	free(errs);
}

static void test_too_large_file(void **state)
{
	size_t len = 2 * 1024 * 1024;
	char path[128], *big = malloc(len), *errs = NULL;
	struct theme t;

	(void)state;
	assert_non_null(big);
	memset(big, '#', len);
	snprintf(path, sizeof(path), "%s/big.theme", tmpdir);
	write_file(path, big, len);
	free(big);
	assert_int_equal(theme_load(path, &t, &errs), 1);
	assert_contains(errs, "big.theme: too large");
	free(errs);
}

/* --- hostile input ---------------------------------------------------------------- */

static void test_hostile_bytes_are_reported(void **state)
{
	struct theme t;
	char *errs = NULL;

	(void)state;
	assert_int_equal(theme_load(FIXTURES "hostile.theme", &t, &errs), 5);
	assert_contains(errs, "hostile.theme:2: control character U+001B at column 15\n");
	assert_contains(errs, "hostile.theme:3: NUL byte at column 17\n");
	assert_contains(errs, "hostile.theme:4: invalid UTF-8 at column 11");
	assert_contains(errs, "hostile.theme:5: invalid UTF-8 at column 12");
	assert_contains(errs, "hostile.theme:6: control character U+009B at column 12\n");
	assert_printable(errs);
	assert_false(t.defined[ROLE_ALARM]);
	assert_int_equal(t.style[ROLE_NODATA][DEPTH_256].fg, 240); /* the good line */
	free(errs);
}

static void test_crlf_empty_and_bom(void **state)
{
	struct theme t;
	char *errs = NULL;

	(void)state;
	assert_int_equal(theme_load(FIXTURES "crlf.theme", &t, &errs), 0);
	assert_null(errs);
	assert_int_equal(t.style[ROLE_ALARM][DEPTH_256].fg, 196);
	assert_int_equal(t.style[ROLE_OK][DEPTH_256].fg, 46);

	assert_int_equal(theme_load(FIXTURES "empty.theme", &t, &errs), 0);
	assert_string_equal(t.name, "empty");
	assert_int_equal(t.style[ROLE_ALARM][DEPTH_256].bg, 160);

	assert_int_equal(theme_load(FIXTURES "bom.theme", &t, &errs), 0);
	assert_null(errs);
	assert_int_equal(t.style[ROLE_ALARM][DEPTH_256].fg, 196);
	assert_true(t.style[ROLE_ALARM][DEPTH_256].attrs & CELL_BOLD);
	assert_int_equal(t.style[ROLE_OK][DEPTH_256].fg, 2);

	/* A lone CR inside a line is a control character. */
	assert_int_equal(parse_text("alarm = bold\rwarn = dim\n", &t, &errs), 1);
	assert_contains(errs, "t.theme:1: control character U+000D at column 13\n");
	free(errs);
}

static void test_long_lines(void **state)
{
	size_t len = 100000;
	char *text = malloc(len + 64), *errs = NULL;
	struct theme t;
	size_t n;

	(void)state;
	assert_non_null(text);
	/* Far past the limit: reported, not truncated into something else. */
	memset(text, 'a', len);
	n = len;
	n += (size_t)sprintf(text + n, "\nalarm = fg=red\n");
	assert_int_equal(theme_parse(text, n, "t.theme", &t, &errs), 1);
	assert_contains(errs, "t.theme:1: line too long (100000 bytes; the limit is 4096)\n");
	assert_int_equal(t.style[ROLE_ALARM][DEPTH_256].fg, 1); /* line 2 still read */
	free(errs);
	errs = NULL;

	/* Under the limit, a long bad token is quoted short. */
	memcpy(text, "alarm = ", 8);
	memset(text + 8, 'x', 3000);
	text[3008] = '\n';
	assert_int_equal(theme_parse(text, 3009, "t.theme", &t, &errs), 1);
	assert_contains(errs, "unknown attribute 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'\n");
	assert_true(strlen(errs) < 200);
	free(errs);
	free(text);
}

static void test_many_errors_are_capped(void **state)
{
	char *text = malloc(1000 * 8 + 1), *errs = NULL;
	struct theme t;
	size_t i;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < 1000; i++)
		memcpy(text + i * 8, "bogus=x\n", 8);
	assert_int_equal(theme_parse(text, 1000 * 8, "t.theme", &t, &errs), 1000);
	assert_int_equal(count_lines(errs), 21);
	assert_contains(errs, "t.theme: 980 more problems not shown\n");
	free(errs);
	free(text);
}

static void test_random_bytes_never_crash(void **state)
{
	static const char alphabet[] = "alarm=fg,bg#colour1259 .8mono\t\r\n\x1b\x00\xc3\xa9\xff";
	char buf[512];
	unsigned seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		size_t len, i;
		char *errs = NULL;
		struct theme t;

		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % sizeof(buf);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (seed >> 24) & 1 ? alphabet[(seed >> 16) % (sizeof(alphabet) - 1)]
						  : (char)(seed >> 16);
		}
		theme_parse(buf, len, "fuzz\x1b.theme", &t, &errs);
		assert_printable(errs);
		free(errs);
	}
}

/* --- colours ---------------------------------------------------------------------- */

static void test_colour_syntax(void **state)
{
	struct style s;
	char err[256];

	(void)state;
	assert_int_equal(
		theme_style_parse("fg=colour196,bg=color21,bold", DEPTH_256, &s, err, sizeof(err)),
		0);
	assert_int_equal(s.fg, 196);
	assert_int_equal(s.bg, 21);
	assert_int_equal(s.attrs, CELL_BOLD);
	assert_int_equal(theme_style_parse("FG=Red BG=default,UNDERSCORE,dim reverse", DEPTH_256,
					   &s, err, sizeof(err)),
			 0);
	assert_int_equal(s.fg, 1);
	assert_int_equal(s.bg, STYLE_COLOR_DEFAULT);
	assert_int_equal(s.attrs, CELL_UNDERLINE | CELL_DIM | CELL_REVERSE);
	assert_int_equal(theme_style_parse("fg=brightcyan,bold,none,underline,nounderline,"
					   "reverse",
					   DEPTH_256, &s, err, sizeof(err)),
			 0);
	assert_int_equal(s.fg, 14);
	assert_int_equal(s.attrs, CELL_REVERSE);
	assert_int_equal(theme_style_parse("fg=red,bold,default", DEPTH_256, &s, err, sizeof(err)),
			 0);
	assert_int_equal(s.fg, STYLE_COLOR_DEFAULT);
	assert_int_equal(s.attrs, 0);
	assert_int_equal(theme_style_parse("fg=#FF0000", DEPTH_256, &s, err, sizeof(err)), 0);
	assert_int_equal(s.fg, 196);
	assert_int_equal(
		theme_style_parse("fg=colour0,bg=colour255", DEPTH_256, &s, err, sizeof(err)), 0);
	assert_int_equal(s.fg, 0);
	assert_int_equal(s.bg, 255);
	assert_int_equal(theme_style_parse("fg=colour-1", DEPTH_256, &s, err, sizeof(err)), -1);
	assert_int_equal(theme_style_parse("fg=colour1000", DEPTH_256, &s, err, sizeof(err)), -1);
	assert_int_equal(theme_style_parse("fg=", DEPTH_256, &s, err, sizeof(err)), -1);
	assert_string_equal(err, "missing colour after '='");
	assert_int_equal(theme_style_parse("fg=#gg0000", DEPTH_256, &s, err, sizeof(err)), -1);
	assert_int_equal(theme_style_parse("bg=bluee", DEPTH_256, &s, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown colour 'bluee' (did you mean 'blue'?)");
	assert_int_equal(theme_style_parse("fg=brightgrean", DEPTH_256, &s, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown colour 'brightgrean' (did you mean 'brightgreen'?)");
	/* .mono takes fg=default but no real colour. */
	assert_int_equal(theme_style_parse("fg=default,bold", DEPTH_MONO, &s, err, sizeof(err)), 0);
	assert_int_equal(theme_style_parse("bg=black", DEPTH_MONO, &s, err, sizeof(err)), -1);
}

static void test_rgb_to_256(void **state)
{
	(void)state;
	assert_int_equal(theme_rgb_to_256(255, 0, 0), 196);
	assert_int_equal(theme_rgb_to_256(0, 0, 0), 16);
	assert_int_equal(theme_rgb_to_256(255, 255, 255), 231);
	assert_int_equal(theme_rgb_to_256(128, 128, 128), 244);
	assert_int_equal(theme_rgb_to_256(8, 8, 8), 232);
	assert_int_equal(theme_rgb_to_256(238, 238, 238), 255);
	assert_int_equal(theme_rgb_to_256(0x5f, 0x87, 0xaf), 67);
	assert_int_equal(theme_rgb_to_256(0x2e, 0x34, 0x40), 237); /* nord0: a grey */
	assert_int_equal(theme_rgb_to_256(0xbf, 0x61, 0x6a), 131); /* nord11 */
	assert_int_equal(theme_rgb_to_256(0xd7, 0x00, 0x5f), 161);
	assert_int_equal(theme_rgb_to_256(300, 300, 300), 231); /* clamped */
}

static struct style st(int fg, int bg, unsigned attrs)
{
	struct style s = {(int16_t)fg, (int16_t)bg, (uint8_t)attrs};

	return s;
}

static void assert_style(struct style s, int fg, int bg, unsigned attrs)
{
	assert_int_equal(s.fg, fg);
	assert_int_equal(s.bg, bg);
	assert_int_equal(s.attrs, attrs);
}

static void test_reduce_to_8(void **state)
{
	(void)state;
	assert_style(theme_style_to_8(st(196, 21, CELL_BOLD)), 1, 4, CELL_BOLD);
	assert_style(theme_style_to_8(st(46, -1, 0)), 2, -1, 0);
	assert_style(theme_style_to_8(st(226, -1, 0)), 3, -1, 0);
	assert_style(theme_style_to_8(st(201, -1, 0)), 5, -1, 0);
	assert_style(theme_style_to_8(st(51, -1, 0)), 6, -1, 0);
	assert_style(theme_style_to_8(st(231, 16, 0)), 7, 0, 0);
	assert_style(theme_style_to_8(st(3, 5, CELL_REVERSE)), 3, 5, CELL_REVERSE);
	/* By hue: pastel green is green, orange yellow, steel blue blue. */
	assert_style(theme_style_to_8(st(114, -1, 0)), 2, -1, 0);
	assert_style(theme_style_to_8(st(214, -1, 0)), 3, -1, 0);
	assert_style(theme_style_to_8(st(67, -1, 0)), 4, -1, 0);
	assert_style(theme_style_to_8(st(81, 17, 0)), 6, 4, 0);
	/* Bright colours: the base colour, bold in the foreground only. */
	assert_style(theme_style_to_8(st(9, 12, 0)), 1, 4, CELL_BOLD);
	/* Greys: dark is black, middle is dim white, light is white. */
	assert_style(theme_style_to_8(st(233, -1, 0)), 0, -1, 0);
	assert_style(theme_style_to_8(st(244, -1, 0)), 7, -1, CELL_DIM);
	assert_style(theme_style_to_8(st(252, -1, 0)), 7, -1, 0);
	assert_style(theme_style_to_8(st(-1, 236, 0)), -1, 0, 0);
	assert_style(theme_style_to_8(st(-1, 250, 0)), -1, 7, 0);
	/* Never text in its own background's colour. */
	assert_style(theme_style_to_8(st(255, 231, 0)), 0, 7, 0);
	assert_style(theme_style_to_8(st(160, 196, 0)), 7, 1, 0);
}

static void test_fallbacks_from_the_file(void **state)
{
	struct theme t;

	(void)state;
	assert_int_equal(parse_text("alarm = fg=colour196,bg=colour21,bold\n"
				    "warn = fg=colour214\nwarn.8 = fg=magenta\n"
				    "ok.8 = fg=green,bold\n"
				    "hint = dim\n"
				    "spark = fg=red\nspark.mono = underline\n",
				    &t, NULL),
			 0);
	/* Computed .8 from the main style. */
	assert_style(t.style[ROLE_ALARM][DEPTH_8], 1, 4, CELL_BOLD);
	assert_int_equal(t.defined[ROLE_ALARM], 1u << DEPTH_256);
	/* An explicit .8 wins. */
	assert_style(t.style[ROLE_WARN][DEPTH_8], 5, -1, 0);
	/* Only .8 given: it serves 256 colours too. */
	assert_style(t.style[ROLE_OK][DEPTH_256], 2, -1, CELL_BOLD);
	/* Without colour: a colourless style stands as it is, a coloured one
	 * gets the built-in attributes, an explicit .mono wins. */
	assert_style(t.style[ROLE_HINT][DEPTH_MONO], -1, -1, CELL_DIM);
	assert_style(t.style[ROLE_ALARM][DEPTH_MONO], -1, -1, CELL_REVERSE | CELL_BOLD);
	assert_style(t.style[ROLE_SPARK][DEPTH_MONO], -1, -1, CELL_UNDERLINE);
	/* A .8 line with 256-colour values is reduced too. */
	assert_int_equal(parse_text("title.8 = fg=colour196,bg=brightblue\n", &t, NULL), 0);
	assert_style(t.style[ROLE_TITLE][DEPTH_8], 1, 4, 0);
}

/* --- finding themes ----------------------------------------------------------------- */

static void test_load_by_name_and_search_order(void **state)
{
	char dir[256], path[320], *errs = NULL;
	struct theme t;

	(void)state;
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	/* Not in the user's directory: the source tree's copy. */
	assert_int_equal(theme_load("nord", &t, &errs), 0);
	assert_string_equal(t.name, "nord");
	assert_int_equal(t.style[ROLE_OK][DEPTH_256].fg, theme_rgb_to_256(0xa3, 0xbe, 0x8c));

	/* The user's own file comes first. */
	snprintf(dir, sizeof(dir), "%s/cwtop", tmpdir);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/cwtop/themes", tmpdir);
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/nord.theme", dir);
	write_file(path, "ok = fg=colour99\n", 17);
	assert_int_equal(theme_load("nord", &t, &errs), 0);
	assert_int_equal(t.style[ROLE_OK][DEPTH_256].fg, 99);
	unlink(path);

	assert_int_equal(theme_load("builtin", &t, &errs), 0);
	assert_string_equal(t.name, "builtin");
	assert_int_equal(theme_load(NULL, &t, &errs), 0);
	assert_null(errs);

	assert_int_equal(theme_load("no-such-theme", &t, &errs), 1);
	assert_contains(errs, "no-such-theme: no such theme (looked in ");
	assert_contains(errs, tmpdir);
	free(errs);
	errs = NULL;
	assert_int_equal(theme_load("bad name\x1b", &t, &errs), 1);
	assert_contains(errs, "bad name?: not a theme name");
	assert_printable(errs);
	free(errs);
	errs = NULL;
	assert_int_equal(theme_load("", &t, &errs), 1);
	free(errs);
	unsetenv("XDG_CONFIG_HOME");
}

static void test_list_and_next(void **state)
{
	char dir[256], path[320], *next;
	char **names;
	size_t i, n;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/cwtop/themes", tmpdir);
	snprintf(path, sizeof(path), "%s/cwtop", tmpdir);
	mkdir(path, 0700);
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/aaa-mine.theme", dir);
	write_file(path, "", 0);
	snprintf(path, sizeof(path), "%s/default.theme", dir); /* shadows the shipped one */
	write_file(path, "", 0);
	snprintf(path, sizeof(path), "%s/.hidden.theme", dir);
	write_file(path, "", 0);
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	write_file(path, "", 0);
	setenv("XDG_CONFIG_HOME", tmpdir, 1);

	names = theme_list();
	for (n = 0; names[n]; n++)
		if (n)
			assert_true(strcmp(names[n - 1], names[n]) < 0); /* sorted, unique */
	for (i = 0; i < NSHIPPED; i++) {
		bool found = false;
		size_t j;

		for (j = 0; j < n; j++)
			found = found || strcmp(names[j], shipped[i]) == 0;
		if (!found)
			fail_msg("theme_list misses %s", shipped[i]);
	}
	assert_string_equal(names[0], "aaa-mine");
	for (i = 0; i < n; i++) {
		assert_string_not_equal(names[i], ".hidden");
		assert_string_not_equal(names[i], "notes");
	}

	/* The `t` key: each name leads to the next, the last to the first. */
	next = theme_next(names[0]);
	assert_string_equal(next, names[1]);
	free(next);
	next = theme_next(names[n - 1]);
	assert_string_equal(next, names[0]);
	free(next);
	next = theme_next("not-listed");
	assert_string_equal(next, names[0]);
	free(next);
	next = theme_next(NULL);
	assert_string_equal(next, names[0]);
	free(next);
	theme_list_free(names);
	unsetenv("XDG_CONFIG_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_themes_are_clean_and_complete),
		cmocka_unit_test(test_shipped_themes_start_with_a_comment),
		cmocka_unit_test(test_default_theme_matches_builtin),
		cmocka_unit_test(test_monochrome_has_no_colour),
		cmocka_unit_test(test_every_error_kind_has_file_line),
		cmocka_unit_test(test_errors_append_to_existing_text),
		cmocka_unit_test(test_no_suggestion_when_far),
		cmocka_unit_test_setup_teardown(test_missing_and_odd_files, make_tmpdir,
						remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_too_large_file, make_tmpdir, remove_tmpdir),
		cmocka_unit_test(test_hostile_bytes_are_reported),
		cmocka_unit_test(test_crlf_empty_and_bom),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_many_errors_are_capped),
		cmocka_unit_test(test_random_bytes_never_crash),
		cmocka_unit_test(test_colour_syntax),
		cmocka_unit_test(test_rgb_to_256),
		cmocka_unit_test(test_reduce_to_8),
		cmocka_unit_test(test_fallbacks_from_the_file),
		cmocka_unit_test_setup_teardown(test_load_by_name_and_search_order, make_tmpdir,
						remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_list_and_next, make_tmpdir, remove_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
