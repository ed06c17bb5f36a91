/* term: the terminal, through ncursesw. The only file that includes curses.
 *
 * The canvas is the whole truth of what should be on screen. term_present
 * keeps a shadow copy of the canvas it last showed and hands curses only the
 * cells that differ; curses then sends only what differs from the terminal.
 * A resize, a theme change or Ctrl-L repaints every cell once. */
#include "config.h"

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1 /* get_wch, cchar_t, mvwadd_wch */
#endif

#include "widgets/term.h"

#include <curses.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "src/keymap.h"
#include "src/sanitize.h"
#include "src/xalloc.h"

/* Esc alone must feel instant, even over SSH; an escape sequence arrives
 * in one write, so 25 ms is plenty to tell the two apart. */
#define ESC_DELAY_MS 25

static struct {
	SCREEN *screen;
	bool active;
	bool full;           /* repaint every cell at the next present */
	bool default_colors; /* use_default_colors() worked: -1 is allowed */
	bool utf8;
	struct cell *shadow; /* what the screen shows, canvas-sized */
	int sw, sh;
	attr_t attr[ROLE_COUNT];
	short pair[ROLE_COUNT];
	bool keep_reverse[ROLE_COUNT]; /* see term_apply_theme */
} T;

bool term_codeset_is_utf8(const char *codeset)
{
	return codeset && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "UTF8") == 0);
}

bool term_utf8(void)
{
	return term_codeset_is_utf8(nl_langinfo(CODESET));
}

int term_fd(void)
{
	return STDIN_FILENO;
}

bool term_active(void)
{
	return T.active;
}

static void setup_modes(void)
{
	cbreak();
	noecho();
	nonl(); /* lets curses move the cursor with CR; Enter then reads as '\r' */
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE); /* read only when the loop says input is waiting */
	leaveok(stdscr, TRUE); /* the cursor is hidden: do not spend moves on it */
	typeahead(-1);         /* finish every frame even when keys are pending */
	curs_set(0);
	if (!getenv("ESCDELAY")) /* the user's own choice wins */
		set_escdelay(ESC_DELAY_MS);
	if (has_colors()) {
		start_color();
		T.default_colors = use_default_colors() == OK;
	}
}

static bool can_address_cursor(void)
{
	const char *cup = tigetstr("cup");

	return cup && cup != (const char *)-1;
}

/* term_name: $TERM, safe to quote in a message. */
static char *term_name(char *out, size_t len)
{
	const char *name = getenv("TERM");

	name = name ? name : "";
	return sanitize_copy(out, len, name, strlen(name));
}

int term_init(char **err)
{
	struct theme builtin;
	char name[64];

	if (T.active)
		return 0;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*err = xstrdup("not a terminal (the dashboard needs a tty; try --once)");
		return -1;
	}
	T.screen = newterm(NULL, stdout, stdin);
	if (!T.screen) {
		*err = xasprintf("cannot use the terminal type '%s' (is TERM right, and its "
				 "terminfo entry installed?)",
				 term_name(name, sizeof(name)));
		return -1;
	}
	set_term(T.screen);
	if (!can_address_cursor()) { /* "dumb": curses would scroll out garbage */
		endwin();
		delscreen(T.screen);
		T.screen = NULL;
		*err = xasprintf("the terminal type '%s' cannot move the cursor (try --once)",
				 term_name(name, sizeof(name)));
		return -1;
	}
	T.active = true;
	T.utf8 = term_utf8();
	setup_modes();
	/* Whatever the app does next, a present must not come out unstyled. */
	theme_builtin(&builtin);
	term_apply_theme(&builtin, false);
	T.full = true;
	return 0;
}

void term_end(void)
{
	if (!T.active)
		return;
	/* Cleared first: a fatal hook re-entering must not run this twice. */
	T.active = false;
	curs_set(1);
	endwin();
	fflush(stdout);
	delscreen(T.screen);
	T.screen = NULL;
	free(T.shadow);
	T.shadow = NULL;
	T.sw = T.sh = 0;
}

void term_size(int *w, int *h)
{
	struct winsize ws;

	if (T.active) {
		getmaxyx(stdscr, *h, *w);
		return;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row) {
		*w = ws.ws_col;
		*h = ws.ws_row;
		return;
	}
	*w = 80;
	*h = 24;
}

void term_redraw(void)
{
	if (!T.active)
		return;
	T.full = true;
	clearok(curscr, TRUE); /* the terminal's contents are not to be trusted */
}

void term_resized(void)
{
	struct winsize ws;

	if (!T.active)
		return;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row &&
	    is_term_resized(ws.ws_row, ws.ws_col))
		resizeterm(ws.ws_row, ws.ws_col);
	/* The terminal may have reflowed or dropped what it showed. */
	term_redraw();
}

enum color_depth term_color_depth(int colors, const char *no_color_env, bool no_color_flag)
{
	if (no_color_flag || (no_color_env && no_color_env[0]))
		return DEPTH_MONO;
	if (colors >= 256)
		return DEPTH_256;
	if (colors >= 8)
		return DEPTH_8;
	return DEPTH_MONO;
}

static attr_t curses_attrs(unsigned cell_attrs)
{
	attr_t a = A_NORMAL;

	if (cell_attrs & CELL_BOLD)
		a |= A_BOLD;
	if (cell_attrs & CELL_REVERSE)
		a |= A_REVERSE;
	if (cell_attrs & CELL_UNDERLINE)
		a |= A_UNDERLINE;
	if (cell_attrs & CELL_DIM)
		a |= A_DIM;
	return a;
}

/* role_pair: the colour pair for s, or 0 (the terminal's colours). */
static short role_pair(int role, struct style s)
{
	short fg = s.fg, bg = s.bg;
	int pair = role + 1;

	if (fg == STYLE_COLOR_DEFAULT && bg == STYLE_COLOR_DEFAULT)
		return 0;
	if (pair >= COLOR_PAIRS || fg >= COLORS || bg >= COLORS)
		return 0;
	/* Without default-colour support, -1 is refused: assume white on black. */
	if (!T.default_colors) {
		fg = fg < 0 ? COLOR_WHITE : fg;
		bg = bg < 0 ? COLOR_BLACK : bg;
	}
	if (init_pair((short)pair, fg, bg) != OK)
		return 0;
	return (short)pair;
}

enum color_depth term_apply_theme(const struct theme *t, bool no_color)
{
	int colors = T.active && has_colors() ? COLORS : 0;
	enum color_depth d = term_color_depth(colors, getenv("NO_COLOR"), no_color);
	int r;

	for (r = 0; r < ROLE_COUNT; r++) {
		struct style s = t->style[r][d];

		T.attr[r] = curses_attrs(s.attrs);
		T.pair[r] = d == DEPTH_MONO ? 0 : role_pair(r, s);
		/* A widget asks for reverse video to make a cell stand out without
		 * colour. A role whose style already paints its own background
		 * (alarm = white on red) stands out as it is: reversing it would
		 * turn it into red on white. */
		T.keep_reverse[r] = !(T.pair[r] && s.bg != STYLE_COLOR_DEFAULT);
	}
	T.full = true;
	return d;
}

/* glyph: the character to show for a cell; '?' for anything that would
 * not take exactly one column (or would act as a control). */
static wchar_t glyph(uint32_t ch)
{
	if (ch == 0)
		return L' ';
	if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch < 0xA0))
		return L'?';
	if (ch < 0x80)
		return (wchar_t)ch;
	if (!T.utf8 || ch > 0x10FFFF || (ch >= 0xD800 && ch <= 0xDFFF))
		return L'?';
	if (wcwidth((wchar_t)ch) != 1)
		return L'?';
	return (wchar_t)ch;
}

static void draw_cell(int x, int y, struct cell c)
{
	unsigned role = c.role < ROLE_COUNT ? c.role : ROLE_NORMAL;
	unsigned attrs = T.keep_reverse[role] ? c.attrs : c.attrs & ~CELL_REVERSE;
	wchar_t wc[2] = {glyph(c.ch), L'\0'};
	cchar_t cc;

	if (setcchar(&cc, wc, T.attr[role] | curses_attrs(attrs), T.pair[role], NULL) != OK)
		return;
	/* The bottom-right cell reports ERR (the cursor cannot wrap) but is drawn. */
	mvwadd_wch(stdscr, y, x, &cc);
}

static bool same_cell(const struct cell *a, const struct cell *b)
{
	return a->ch == b->ch && a->role == b->role && a->attrs == b->attrs;
}

static void fit_shadow(const struct canvas *c)
{
	size_t n = (size_t)c->w * (size_t)c->h;

	if (T.shadow && T.sw == c->w && T.sh == c->h)
		return;
	free(T.shadow);
	T.shadow = xcalloc(n ? n : 1, sizeof(*T.shadow));
	T.sw = c->w;
	T.sh = c->h;
	T.full = true;
}

void term_present(const struct canvas *c)
{
	int w, h, x, y;

	if (!T.active || !c || !c->cells || c->w <= 0 || c->h <= 0)
		return;
	fit_shadow(c);
	getmaxyx(stdscr, h, w);
	w = w < c->w ? w : c->w;
	h = h < c->h ? h : c->h;
	if (T.full)
		werase(stdscr); /* blanks what the canvas does not cover; no clear */
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			size_t i = (size_t)y * (size_t)c->w + (size_t)x;

			if (!T.full && same_cell(&c->cells[i], &T.shadow[i]))
				continue;
			draw_cell(x, y, c->cells[i]);
			T.shadow[i] = c->cells[i];
		}
	}
	T.full = false;
	wnoutrefresh(stdscr);
	doupdate();
}

static int function_key(unsigned code)
{
	switch (code) {
	case KEY_UP:
		return KEYC_UP;
	case KEY_DOWN:
		return KEYC_DOWN;
	case KEY_LEFT:
		return KEYC_LEFT;
	case KEY_RIGHT:
		return KEYC_RIGHT;
	case KEY_PPAGE:
	case KEY_A3:
		return KEYC_PGUP;
	case KEY_NPAGE:
	case KEY_C3:
		return KEYC_PGDN;
	case KEY_HOME:
	case KEY_A1:
		return KEYC_HOME;
	case KEY_END:
	case KEY_C1:
		return KEYC_END;
	case KEY_ENTER:
		return KEYC_ENTER;
	case KEY_BTAB:
		return KEYC_BTAB;
	case KEY_RESIZE:
		return KEYC_RESIZE;
	case KEY_BACKSPACE:
		return 0x7F;
	default:
		return KEYC_NONE;
	}
}

int term_key_normalize(bool is_function_key, unsigned code)
{
	if (is_function_key)
		return function_key(code);
	switch (code) {
	case '\r':
	case '\n':
		return KEYC_ENTER;
	case '\t':
		return KEYC_TAB;
	case 0x1B:
		return KEYC_ESC;
	case 0x08: /* ^H: what some terminals send for Backspace */
	case 0x7F:
		return 0x7F;
	default:
		break;
	}
	if (code == 0 || (code >= 0x80 && code < 0xA0) || code > 0x10FFFF ||
	    (code >= 0xD800 && code <= 0xDFFF))
		return KEYC_NONE;
	return (int)code;
}

int term_read_key(void)
{
	wint_t wch;
	int ret, key;

	if (!T.active)
		return KEYC_NONE;
	ret = wget_wch(stdscr, &wch);
	if (ret == ERR)
		return KEYC_NONE;
	key = term_key_normalize(ret == KEY_CODE_YES, (unsigned)wch);
	if (key == KEYC_RESIZE) /* curses has already taken the new size */
		term_redraw();
	return key;
}

void term_bell(void)
{
	if (T.active)
		beep();
}
