/* Unit tests: widgets/term.c. Without a tty: the colour-depth decision and
 * the key table. With a pseudo-terminal (the child draws, the parent reads
 * the bytes a terminal would get): text and colours arrive, an unchanged
 * frame sends (almost) nothing, one changed cell sends little, keys and
 * resizes come back normalised, and the terminal is restored. */
#include "config.h"

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <curses.h> /* only for the KEY_* codes the key table maps */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "src/keymap.h"
#include "widgets/term.h"

/* --- without a tty ---------------------------------------------------------- */

static void test_color_depth_rules(void **state)
{
	(void)state;
	assert_int_equal(term_color_depth(256, NULL, false), DEPTH_256);
	assert_int_equal(term_color_depth(16777216, NULL, false), DEPTH_256);
	assert_int_equal(term_color_depth(88, NULL, false), DEPTH_8);
	assert_int_equal(term_color_depth(16, NULL, false), DEPTH_8);
	assert_int_equal(term_color_depth(8, NULL, false), DEPTH_8);
	assert_int_equal(term_color_depth(2, NULL, false), DEPTH_MONO);
	assert_int_equal(term_color_depth(0, NULL, false), DEPTH_MONO);
	assert_int_equal(term_color_depth(-1, NULL, false), DEPTH_MONO);
	/* NO_COLOR: any non-empty value; empty means unset. */
	assert_int_equal(term_color_depth(256, "1", false), DEPTH_MONO);
	assert_int_equal(term_color_depth(256, "0", false), DEPTH_MONO);
	assert_int_equal(term_color_depth(8, "yes", false), DEPTH_MONO);
	assert_int_equal(term_color_depth(256, "", false), DEPTH_256);
	/* --no-color */
	assert_int_equal(term_color_depth(256, NULL, true), DEPTH_MONO);
	assert_int_equal(term_color_depth(8, "", true), DEPTH_MONO);
}

static void test_codeset(void **state)
{
	(void)state;
	assert_true(term_codeset_is_utf8("UTF-8"));
	assert_true(term_codeset_is_utf8("utf-8"));
	assert_true(term_codeset_is_utf8("UTF8"));
	assert_false(term_codeset_is_utf8("ANSI_X3.4-1968"));
	assert_false(term_codeset_is_utf8("ISO-8859-1"));
	assert_false(term_codeset_is_utf8(""));
	assert_false(term_codeset_is_utf8(NULL));
}

static void test_key_table(void **state)
{
	static const struct {
		bool fn;
		unsigned code;
		int key;
	} table[] = {
		{true, KEY_UP, KEYC_UP},
		{true, KEY_DOWN, KEYC_DOWN},
		{true, KEY_LEFT, KEYC_LEFT},
		{true, KEY_RIGHT, KEYC_RIGHT},
		{true, KEY_PPAGE, KEYC_PGUP},
		{true, KEY_NPAGE, KEYC_PGDN},
		{true, KEY_HOME, KEYC_HOME},
		{true, KEY_END, KEYC_END},
		{true, KEY_A1, KEYC_HOME},
		{true, KEY_C3, KEYC_PGDN},
		{true, KEY_ENTER, KEYC_ENTER},
		{true, KEY_BTAB, KEYC_BTAB},
		{true, KEY_RESIZE, KEYC_RESIZE},
		{true, KEY_BACKSPACE, 0x7F},
		{true, KEY_F(5), KEYC_NONE},
		{true, KEY_MOUSE, KEYC_NONE},
		{false, '\r', KEYC_ENTER},
		{false, '\n', KEYC_ENTER},
		{false, '\t', KEYC_TAB},
		{false, 0x1B, KEYC_ESC},
		{false, 0x08, 0x7F},
		{false, 0x7F, 0x7F},
		{false, 0x0C, 0x0C}, /* Ctrl-L reaches the keymap as itself */
		{false, 'q', 'q'},
		{false, '+', '+'},
		{false, ' ', ' '},
		{false, 0xE9, 0xE9},       /* é */
		{false, 0x4E2D, 0x4E2D},   /* a wide character */
		{false, 0x1F600, 0x1F600}, /* outside the BMP */
		{false, 0, KEYC_NONE},
		{false, 0x9B, KEYC_NONE},     /* C1 CSI */
		{false, 0xD800, KEYC_NONE},   /* surrogate */
		{false, 0x110000, KEYC_NONE}, /* past Unicode */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		int got = term_key_normalize(table[i].fn, table[i].code);

		if (got != table[i].key)
			fail_msg("entry %zu (%s %#x): got %#x, want %#x", i,
				 table[i].fn ? "key" : "char", table[i].code, (unsigned)got,
				 (unsigned)table[i].key);
	}
}

static void test_inactive_calls_are_harmless(void **state)
{
	struct canvas c = {0};
	struct theme t;
	int w = 0, h = 0;

	(void)state;
	assert_false(term_active());
	assert_int_equal(term_read_key(), KEYC_NONE);
	term_present(&c);
	term_present(NULL);
	term_bell();
	term_redraw();
	term_resized();
	term_end();
	term_end();
	term_size(&w, &h);
	assert_true(w > 0 && h > 0);
	assert_int_equal(term_fd(), STDIN_FILENO);
	theme_builtin(&t);
	/* No terminal: no colours, whatever the theme. */
	assert_int_equal(term_apply_theme(&t, false), DEPTH_MONO);
}

static void test_init_refuses_a_non_tty(void **state)
{
	int fds[2], status;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *err = NULL;
		int devnull = open("/dev/null", O_RDWR);

		dup2(devnull, STDIN_FILENO);
		if (term_init(&err) == 0)
			_exit(1);
		if (write(fds[1], err, strlen(err)) < 0)
			_exit(2);
		_exit(0);
	}
	close(fds[1]);
	{
		char msg[256] = "";
		ssize_t n = read(fds[0], msg, sizeof(msg) - 1);

		assert_true(n > 0);
		msg[n] = '\0';
		assert_non_null(strstr(msg, "not a terminal"));
	}
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* --- a pseudo-terminal --------------------------------------------------------- */

/* The child draws; after each step it writes a byte on `up` and waits for a
 * byte on `down`, so the parent can tell which bytes each step sent. */
struct pty_run {
	pid_t pid;
	int master;
	int up, down; /* parent's ends: read steps, write go-aheads */
};

struct child_io {
	int up, down;
};

static void child_step(const struct child_io *io, const void *data, size_t len)
{
	ssize_t n;
	char go;

	/* A SIGWINCH (the resize test) may interrupt either call. */
	while ((n = write(io->up, data, len)) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)len)
		_exit(9);
	while ((n = read(io->down, &go, 1)) < 0 && errno == EINTR)
		;
	if (n != 1)
		_exit(10);
}

static struct canvas *canvas_make(int w, int h)
{
	struct canvas *c = calloc(1, sizeof(*c));
	int i;

	if (!c || !(c->cells = calloc((size_t)(w * h), sizeof(*c->cells))))
		_exit(8);
	c->w = w;
	c->h = h;
	c->utf8 = true;
	for (i = 0; i < w * h; i++)
		c->cells[i] = (struct cell){' ', ROLE_NORMAL, 0};
	return c;
}

static void canvas_puts(struct canvas *c, int x, int y, const uint32_t *s, enum style_role role)
{
	for (; *s && x < c->w; s++, x++)
		c->cells[y * c->w + x] = (struct cell){*s, (uint8_t)role, 0};
}

static const uint32_t HELLO[] = {'h', 'e', 'l', 'l', 'o', 0};
static const uint32_t WORLD[] = {'w', 0xF6, 'r', 'l', 'd', 0};

static void pty_start(struct pty_run *r, const char *termname, const char *no_color, int cols,
		      int rows, void (*child)(const struct child_io *))
{
	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	int up[2], down[2];

	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	fflush(NULL);
	r->pid = forkpty(&r->master, NULL, NULL, &ws);
	assert_true(r->pid >= 0);
	if (r->pid == 0) {
		struct child_io io = {up[1], down[0]};

		close(up[0]);
		close(down[1]);
		alarm(20); /* never outlive a stuck parent */
		setenv("TERM", termname, 1);
		unsetenv("ESCDELAY");
		if (no_color)
			setenv("NO_COLOR", no_color, 1);
		else
			unsetenv("NO_COLOR");
		setlocale(LC_ALL, "C.UTF-8");
		child(&io);
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	r->up = up[0];
	r->down = down[1];
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* pty_step: collect what the terminal receives until the child reports
 * a finished step (want bytes of report into msg) and the pty has then been
 * quiet for a while. Returns the byte count; output is NUL-terminated. */
static size_t pty_step(struct pty_run *r, char *out, size_t cap, void *msg, size_t want)
{
	size_t len = 0, got = 0;
	long deadline = now_ms() + 5000, quiet_since = -1;

	while (now_ms() < deadline) {
		struct pollfd p[2] = {{r->master, POLLIN, 0}, {r->up, POLLIN, 0}};
		int n = poll(p, 2, 20);

		if (n < 0 && errno == EINTR)
			continue;
		if (p[0].revents & POLLIN) {
			ssize_t k = read(r->master, out + len, cap - 1 - len);

			if (k > 0) {
				len += (size_t)k;
				quiet_since = -1;
			}
		}
		if (got < want && (p[1].revents & (POLLIN | POLLHUP))) {
			ssize_t k = read(r->up, (char *)msg + got, want - got);

			if (k <= 0)
				break;
			got += (size_t)k;
		}
		if (got == want && !(p[0].revents & POLLIN)) {
			if (quiet_since < 0)
				quiet_since = now_ms();
			else if (now_ms() - quiet_since >= 150)
				break;
		}
		if (p[0].revents & (POLLHUP | POLLERR) && !(p[0].revents & POLLIN))
			if (got == want)
				break;
	}
	out[len] = '\0';
	if (got != want)
		fail_msg("the child did not finish its step; the terminal got:\n%s", out);
	return len;
}

static int pty_finish(struct pty_run *r);

static void pty_go(struct pty_run *r)
{
	/* A child that died shows as a failed write, not a SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	if (write(r->down, "g", 1) != 1)
		fail_msg("the child is gone (exit status %d)", pty_finish(r));
}

static int pty_finish(struct pty_run *r)
{
	long deadline = now_ms() + 5000;
	char drain[4096];
	int status = -1;

	close(r->down);
	while (now_ms() < deadline) {
		pid_t w = waitpid(r->pid, &status, WNOHANG);

		if (w == r->pid)
			break;
		if (read(r->master, drain, sizeof(drain)) < 0 && errno != EAGAIN)
			usleep(10000);
	}
	if (now_ms() >= deadline) {
		kill(r->pid, SIGKILL);
		waitpid(r->pid, &status, 0);
	}
	close(r->master);
	close(r->up);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static bool has(const char *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle)) != NULL;
}

/* has_colour_sgr: any SGR that sets a colour (not 39/49, which reset). */
static bool has_colour_sgr(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 3 < len; i++) {
		if (s[i] != '\x1b' || s[i + 1] != '[')
			continue;
		if ((s[i + 2] == '3' || s[i + 2] == '4') && s[i + 3] >= '0' && s[i + 3] <= '8')
			return true;
	}
	return has(s, len, ";38;5;") || has(s, len, ";48;5;");
}

/* Draws "hello" as an alarm and "wörld" plain; presents the same canvas
 * again; changes one cell; ends. */
static void child_present(const struct child_io *io)
{
	struct canvas *c = canvas_make(20, 4);
	char *err = NULL;
	struct theme t;
	int depth;

	if (term_init(&err) != 0)
		_exit(3);
	theme_builtin(&t);
	depth = term_apply_theme(&t, false);
	canvas_puts(c, 2, 0, HELLO, ROLE_ALARM);
	canvas_puts(c, 2, 1, WORLD, ROLE_NORMAL);
	term_present(c);
	child_step(io, &depth, sizeof(depth));
	term_present(c);
	child_step(io, &depth, sizeof(depth));
	c->cells[2 * c->w + 5] = (struct cell){'Z', ROLE_NORMAL, 0};
	term_present(c);
	child_step(io, &depth, sizeof(depth));
	term_end();
	term_end(); /* idempotent */
	child_step(io, &depth, sizeof(depth));
}

static void test_pty_presents_only_changes(void **state)
{
	static char out[65536];
	struct pty_run r;
	size_t n;
	int depth;

	(void)state;
	pty_start(&r, "xterm-256color", NULL, 40, 8, child_present);

	n = pty_step(&r, out, sizeof(out), &depth, sizeof(depth));
	assert_int_equal(depth, DEPTH_256);
	assert_true(has(out, n, "hello"));
	assert_true(has(out, n, "w\xc3\xb6rld")); /* UTF-8 out */
	assert_true(has(out, n, "38;5;231"));     /* the alarm's colours */
	assert_true(has(out, n, "48;5;160"));
	assert_false(has(out, n, "\x1b[H\x1b[2J\x1b[H\x1b[2J")); /* not cleared twice */
	pty_go(&r);

	n = pty_step(&r, out, sizeof(out), &depth, sizeof(depth));
	if (n > 4)
		fail_msg("an unchanged frame sent %zu bytes", n);
	pty_go(&r);

	n = pty_step(&r, out, sizeof(out), &depth, sizeof(depth));
	assert_true(has(out, n, "Z"));
	assert_false(has(out, n, "hello"));
	if (n > 24)
		fail_msg("one changed cell sent %zu bytes", n);
	pty_go(&r);

	n = pty_step(&r, out, sizeof(out), &depth, sizeof(depth));
	assert_true(has(out, n, "\x1b[?25h"));   /* cursor shown again */
	assert_true(has(out, n, "\x1b[?1049l")); /* back from the alternate screen */
	pty_go(&r);
	assert_int_equal(pty_finish(&r), 0);
}

static void child_present_once(const struct child_io *io)
{
	struct canvas *c = canvas_make(20, 3);
	char *err = NULL;
	struct theme t;
	int depth;

	if (term_init(&err) != 0)
		_exit(3);
	theme_builtin(&t);
	depth = term_apply_theme(&t, false);
	canvas_puts(c, 0, 0, HELLO, ROLE_ALARM);
	term_present(c);
	child_step(io, &depth, sizeof(depth));
	term_end();
}

static void run_once(const char *termname, const char *no_color, int want_depth, char *out,
		     size_t cap, size_t *n)
{
	struct pty_run r;
	int depth;

	pty_start(&r, termname, no_color, 30, 5, child_present_once);
	*n = pty_step(&r, out, cap, &depth, sizeof(depth));
	assert_int_equal(depth, want_depth);
	assert_true(has(out, *n, "hello"));
	pty_go(&r);
	assert_int_equal(pty_finish(&r), 0);
}

static void test_pty_colour_modes(void **state)
{
	static char out[65536];
	size_t n;

	(void)state;
	/* 8 colours: the .8 style (white on red). */
	run_once("xterm", NULL, DEPTH_8, out, sizeof(out), &n);
	assert_true(has(out, n, "41m"));
	assert_false(has(out, n, "38;5;"));
	/* tmux and screen with 256 colours. */
	run_once("tmux-256color", NULL, DEPTH_256, out, sizeof(out), &n);
	assert_true(has(out, n, "48;5;160"));
	run_once("screen-256color", NULL, DEPTH_256, out, sizeof(out), &n);
	assert_true(has(out, n, "48;5;160"));
	run_once("screen", NULL, DEPTH_8, out, sizeof(out), &n);
	assert_true(has(out, n, "41m"));
	/* NO_COLOR: attributes only (the alarm in reverse). */
	run_once("xterm-256color", "1", DEPTH_MONO, out, sizeof(out), &n);
	assert_false(has_colour_sgr(out, n));
	assert_true(has(out, n, "7m") || has(out, n, ";7;"));
	/* An empty NO_COLOR does not count. */
	run_once("xterm-256color", "", DEPTH_256, out, sizeof(out), &n);
	/* A terminal without colour. */
	run_once("vt100", NULL, DEPTH_MONO, out, sizeof(out), &n);
	assert_false(has_colour_sgr(out, n));
}

/* Reports term_init's result and message. */
static void child_init_only(const struct child_io *io)
{
	char *err = NULL, msg[200] = "";

	if (term_init(&err) == 0) {
		snprintf(msg, sizeof(msg), "ok");
		term_end();
	} else {
		snprintf(msg, sizeof(msg), "%s", err);
	}
	child_step(io, msg, sizeof(msg));
}

static void test_pty_unknown_terminal(void **state)
{
	static char out[65536];
	struct pty_run r;
	char msg[200];

	(void)state;
	pty_start(&r, "no-such-term\x1b", NULL, 30, 5, child_init_only);
	pty_step(&r, out, sizeof(out), msg, sizeof(msg));
	assert_string_equal(msg, "cannot use the terminal type 'no-such-term?' (is TERM right, "
				 "and its terminfo entry installed?)");
	pty_go(&r);
	assert_int_equal(pty_finish(&r), 0);

	/* dumb cannot address the cursor: refused, and nothing drawn. */
	pty_start(&r, "dumb", NULL, 30, 5, child_init_only);
	pty_step(&r, out, sizeof(out), msg, sizeof(msg));
	assert_string_equal(msg, "the terminal type 'dumb' cannot move the cursor (try --once)");
	pty_go(&r);
	assert_int_equal(pty_finish(&r), 0);
}

/* Presents, switches theme (the `t` key), presents the same canvas. */
static void child_theme_switch(const struct child_io *io)
{
	static const char text[] = "alarm = fg=colour46,bg=colour17\n";
	struct canvas *c = canvas_make(20, 3);
	char *err = NULL;
	struct theme t;
	int depth;

	if (term_init(&err) != 0)
		_exit(3);
	theme_builtin(&t);
	depth = term_apply_theme(&t, false);
	canvas_puts(c, 0, 0, HELLO, ROLE_ALARM);
	canvas_puts(c, 0, 1, WORLD, ROLE_NORMAL);
	term_present(c);
	child_step(io, &depth, sizeof(depth));
	if (theme_parse(text, sizeof(text) - 1, "green.theme", &t, NULL) != 0)
		_exit(5);
	depth = term_apply_theme(&t, false);
	term_present(c);
	child_step(io, &depth, sizeof(depth));
	term_end();
}

static void test_pty_theme_switch_repaints(void **state)
{
	static char out[65536];
	struct pty_run r;
	int depth;
	size_t n;

	(void)state;
	pty_start(&r, "xterm-256color", NULL, 30, 5, child_theme_switch);
	pty_step(&r, out, sizeof(out), &depth, sizeof(depth));
	pty_go(&r);
	n = pty_step(&r, out, sizeof(out), &depth, sizeof(depth));
	/* The alarm cells again, in the new colours; the plain line unchanged. */
	assert_true(has(out, n, "38;5;46"));
	assert_true(has(out, n, "48;5;17"));
	assert_true(has(out, n, "hello"));
	assert_false(has(out, n, "rld"));
	pty_go(&r);
	assert_int_equal(pty_finish(&r), 0);
}

/* Reports each key as an int until 'q'; the first step says the Esc delay. */
static void child_keys(const struct child_io *io)
{
	char *err = NULL;
	int key, delay;
	long deadline;

	if (term_init(&err) != 0)
		_exit(3);
	delay = get_escdelay();
	child_step(io, &delay, sizeof(delay));
	deadline = now_ms() + 5000;
	while (now_ms() < deadline) {
		struct pollfd p = {term_fd(), POLLIN, 0};

		poll(&p, 1, 50);
		while ((key = term_read_key()) != KEYC_NONE) {
			if (write(io->up, &key, sizeof(key)) != sizeof(key))
				_exit(4);
			if (key == 'q')
				goto done;
		}
	}
done:
	term_end();
}

static int next_key(struct pty_run *r)
{
	struct pollfd p = {r->up, POLLIN, 0};
	char drain[4096];
	long deadline = now_ms() + 3000;
	int key;

	while (now_ms() < deadline) {
		struct pollfd both[2] = {p, {r->master, POLLIN, 0}};

		poll(both, 2, 20);
		if (both[1].revents & POLLIN)
			(void)!read(r->master, drain, sizeof(drain));
		if (both[0].revents & POLLIN) {
			assert_int_equal(read(r->up, &key, sizeof(key)), sizeof(key));
			return key;
		}
	}
	fail_msg("no key came back");
	return KEYC_NONE;
}

static void send(struct pty_run *r, const char *bytes)
{
	assert_int_equal(write(r->master, bytes, strlen(bytes)), (ssize_t)strlen(bytes));
}

static void test_pty_keys(void **state)
{
	static char out[65536];
	struct pty_run r;
	int delay;
	long t0;

	(void)state;
	pty_start(&r, "xterm-256color", NULL, 40, 8, child_keys);
	pty_step(&r, out, sizeof(out), &delay, sizeof(delay));
	assert_int_equal(delay, 25);
	pty_go(&r);

	send(&r, "\x1bOA"); /* Up, as sent in keypad mode */
	assert_int_equal(next_key(&r), KEYC_UP);
	send(&r, "\t");
	assert_int_equal(next_key(&r), KEYC_TAB);
	send(&r, "\x1b[Z");
	assert_int_equal(next_key(&r), KEYC_BTAB);
	send(&r, "\r");
	assert_int_equal(next_key(&r), KEYC_ENTER);
	send(&r, "\xc3\xa9"); /* é */
	assert_int_equal(next_key(&r), 0xE9);
	send(&r, "\xe4\xb8\xad"); /* a wide character */
	assert_int_equal(next_key(&r), 0x4E2D);
	send(&r, "\x1b[5~");
	assert_int_equal(next_key(&r), KEYC_PGUP);
	t0 = now_ms();
	send(&r, "\x1b"); /* Esc alone: soon, not after a second */
	assert_int_equal(next_key(&r), KEYC_ESC);
	assert_true(now_ms() - t0 < 500);
	send(&r, "\x0c");
	assert_int_equal(next_key(&r), 0x0C);
	send(&r, "q");
	assert_int_equal(next_key(&r), 'q');
	assert_int_equal(pty_finish(&r), 0);
}

/* Presents, waits for a resize (the key or term_resized), reports the new
 * size, presents a canvas of that size. */
static void child_resize(const struct child_io *io)
{
	struct canvas *c = canvas_make(20, 4);
	char *err = NULL;
	struct theme t;
	int size[2] = {0, 0}, key = KEYC_NONE;
	long deadline;

	if (term_init(&err) != 0)
		_exit(3);
	theme_builtin(&t);
	term_apply_theme(&t, false);
	canvas_puts(c, 0, 0, HELLO, ROLE_NORMAL);
	term_present(c);
	child_step(io, size, sizeof(size));
	deadline = now_ms() + 3000;
	while (key != KEYC_RESIZE && now_ms() < deadline) {
		struct pollfd p = {term_fd(), POLLIN, 0};

		poll(&p, 1, 20);
		key = term_read_key();
	}
	term_size(&size[0], &size[1]);
	free(c->cells);
	free(c);
	c = canvas_make(size[0], size[1]);
	canvas_puts(c, 0, 0, HELLO, ROLE_NORMAL);
	canvas_puts(c, size[0] - 5, size[1] - 1, WORLD, ROLE_NORMAL);
	term_present(c);
	child_step(io, size, sizeof(size));
	term_present(c); /* nothing changed since the repaint */
	child_step(io, size, sizeof(size));
	/* The app's way: SIGWINCH seen through its self-pipe, no key read. */
	term_resized();
	term_size(&size[0], &size[1]);
	free(c->cells);
	free(c);
	c = canvas_make(size[0], size[1]);
	canvas_puts(c, 0, 0, HELLO, ROLE_NORMAL);
	term_present(c);
	child_step(io, size, sizeof(size));
	term_end();
}

static void test_pty_resize_repaints_once(void **state)
{
	static char out[65536];
	struct winsize ws = {6, 30, 0, 0};
	struct pty_run r;
	int size[2];
	size_t n;

	(void)state;
	pty_start(&r, "xterm-256color", NULL, 20, 4, child_resize);
	pty_step(&r, out, sizeof(out), size, sizeof(size));
	assert_int_equal(ioctl(r.master, TIOCSWINSZ, &ws), 0); /* the kernel sends SIGWINCH */
	pty_go(&r);
	n = pty_step(&r, out, sizeof(out), size, sizeof(size));
	assert_int_equal(size[0], 30);
	assert_int_equal(size[1], 6);
	/* The whole screen again (its old contents cannot be trusted). */
	assert_true(has(out, n, "hello"));
	if (!has(out, n, "w\xc3\xb6rl"))
		fail_msg("got %zu bytes: %s", n, out);
	pty_go(&r);
	/* Once: the next identical frame sends (almost) nothing. */
	n = pty_step(&r, out, sizeof(out), size, sizeof(size));
	if (n > 4)
		fail_msg("a frame after the repaint sent %zu bytes", n);
	ws.ws_col = 40;
	ws.ws_row = 7;
	assert_int_equal(ioctl(r.master, TIOCSWINSZ, &ws), 0);
	pty_go(&r);
	n = pty_step(&r, out, sizeof(out), size, sizeof(size));
	assert_int_equal(size[0], 40);
	assert_int_equal(size[1], 7);
	assert_true(has(out, n, "hello"));
	pty_go(&r);
	assert_int_equal(pty_finish(&r), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_color_depth_rules),
		cmocka_unit_test(test_codeset),
		cmocka_unit_test(test_key_table),
		cmocka_unit_test(test_inactive_calls_are_harmless),
		cmocka_unit_test(test_init_refuses_a_non_tty),
		cmocka_unit_test(test_pty_presents_only_changes),
		cmocka_unit_test(test_pty_colour_modes),
		cmocka_unit_test(test_pty_unknown_terminal),
		cmocka_unit_test(test_pty_theme_switch_repaints),
		cmocka_unit_test(test_pty_keys),
		cmocka_unit_test(test_pty_resize_repaints_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
