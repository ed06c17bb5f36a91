/* term: the terminal. The only file that includes curses.
 *
 * Widgets draw into a canvas; term_present copies to the screen only the
 * cells that changed since the previous present, then lets curses send the
 * difference (never a clear per frame). Input is read only when the event
 * loop says term_fd() is readable; term_read_key never blocks. */
#ifndef CWTOP_TERM_H
#define CWTOP_TERM_H

#include <stdbool.h>

#include "widgets/canvas.h"
#include "widgets/theme.h"

/* term_utf8: whether the locale's codeset is UTF-8 (setlocale(LC_ALL, "")
 * must have run); use it for canvas_new's utf8 flag. */
bool term_utf8(void);
/* term_codeset_is_utf8: "UTF-8", "utf8"... (pure; for tests). */
bool term_codeset_is_utf8(const char *codeset);

/* term_init: take over the terminal on stdin/stdout (cbreak, no echo,
 * keypad, non-blocking reads, hidden cursor, the terminal's default colours,
 * a short Esc delay). Returns 0, or -1 with a malloc'd one-line reason in
 * *err (not a terminal, unknown TERM). Apply a theme before presenting. */
int term_init(char **err);
/* term_end: restore the terminal. Idempotent; safe from a fatal hook. */
void term_end(void);
/* term_active: between a successful term_init and term_end. */
bool term_active(void);

/* term_fd: the descriptor to poll for input (STDIN_FILENO). */
int term_fd(void);
/* term_size: the screen's size in cells. */
void term_size(int *w, int *h);
/* term_resized: call after SIGWINCH (e.g. seen through the app's self-pipe):
 * reads the new size from the tty and repaints everything at the next
 * present. term_read_key returning KEYC_RESIZE does the same. */
void term_resized(void);
/* term_redraw: repaint the whole screen at the next present (Ctrl-L). */
void term_redraw(void);

/* term_color_depth: the depth to draw at (pure; for tests). colors is
 * curses' COLORS (0 without colour); no_color_env is getenv("NO_COLOR"):
 * any non-empty value means no colour (https://no-color.org), as does
 * no_color_flag (--no-color). >= 256 colours: DEPTH_256; >= 8: DEPTH_8;
 * else DEPTH_MONO. */
enum color_depth term_color_depth(int colors, const char *no_color_env, bool no_color_flag);
/* term_apply_theme: set up the colour pairs and attributes of every role
 * from t at the depth the terminal allows; the next present repaints all.
 * Returns the depth used. */
enum color_depth term_apply_theme(const struct theme *t, bool no_color);

/* term_present: show c (clipped to the screen). */
void term_present(const struct canvas *c);

/* term_read_key: the next key, or KEYC_NONE when none is waiting. Codes
 * are src/keymap.h's: a printable key (wide ones too) is its code point,
 * the special keys are KEYC_*; other control characters are returned as
 * their C0 code (Ctrl-L is 0x0c), Backspace as 0x7f. */
int term_read_key(void);
/* term_key_normalize: the mapping term_read_key applies to what get_wch
 * gave: function_key says get_wch returned KEY_CODE_YES (pure; for tests). */
int term_key_normalize(bool function_key, unsigned code);

/* term_bell: ring the terminal bell (or flash). */
void term_bell(void);

#endif
