/* theme: what each UI role looks like, read from a theme file.
 *
 * A theme file has one `ROLE = STYLE` line per role and `#` comments; STYLE
 * is in tmux's syntax: `fg=colour196,bg=default,bold`. Each role has three
 * styles, one per colour depth the terminal may offer:
 *
 *   alarm      = fg=colour196,bold   256 colours (colour0..255, #rrggbb, names)
 *   alarm.8    = fg=red,bold         8 colours; computed from `alarm` if absent
 *   alarm.mono = reverse,bold        no colour; attributes only (see below)
 *
 * Anything a file does not set keeps the built-in style (widgets/style.c), so
 * a missing file or key still gives a working screen. Parsing never trusts the
 * file: every problem is reported as "FILE:LINE: message" and the line is
 * skipped; the rest of the file still applies. */
#ifndef CWTOP_THEME_H
#define CWTOP_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "widgets/canvas.h"
#include "widgets/style.h"

/* The colour depth a screen is drawn at (widgets/term.c decides which). */
enum color_depth {
	DEPTH_256,  /* 256 colours or more: the role's main style */
	DEPTH_8,    /* 8 to 255 colours: ROLE.8 */
	DEPTH_MONO, /* no colour, NO_COLOR or --no-color: ROLE.mono */
	DEPTH_COUNT
};

/* The terminal's own colour (curses' -1 after use_default_colors). */
#define STYLE_COLOR_DEFAULT (-1)

struct style {
	int16_t fg, bg; /* STYLE_COLOR_DEFAULT or 0..255 (0..7 at DEPTH_8) */
	uint8_t attrs;  /* CELL_BOLD | CELL_REVERSE | CELL_UNDERLINE | CELL_DIM */
};

#define THEME_NAME_MAX 64

struct theme {
	char name[THEME_NAME_MAX + 1]; /* "builtin", or the file's name less .theme */
	struct style style[ROLE_COUNT][DEPTH_COUNT];
	/* Bit (1 << depth) set when the file itself set the role at that depth
	 * (the rest was computed or built in). */
	uint8_t defined[ROLE_COUNT];
};

/* style_role_default: the built-in style of role r at depth d, in theme
 * syntax (the table is in widgets/style.c). Never NULL. */
const char *style_role_default(enum style_role r, enum color_depth d);

/* theme_builtin: the built-in theme (dark background), no file needed. */
void theme_builtin(struct theme *t);

/* theme_load: load a theme by name ("nord") or by path (anything with a '/'
 * or ending in ".theme"). A name is looked up as NAME.theme in
 * $XDG_CONFIG_HOME/cwtop/themes (else ~/.config/cwtop/themes), then the
 * installed themes, then the source tree's themes/. The name "builtin" is
 * theme_builtin(). t is always usable afterwards: built-in styles for
 * whatever could not be read. Each problem is appended to *errs (if errs is
 * not NULL; *errs NULL or a malloc'd string) as a "FILE:LINE: message\n"
 * line. Returns the number of problems: 0 means the file was clean. */
int theme_load(const char *name_or_path, struct theme *t, char **errs);

/* theme_parse: as theme_load, from text already in memory (len bytes, may
 * hold NULs); filename is only used in messages. Starts from theme_builtin. */
int theme_parse(const char *text, size_t len, const char *filename, struct theme *t, char **errs);

/* theme_style_parse: one STYLE (the right-hand side of a line) for depth d.
 * Returns 0, or -1 with a one-line reason in err (errlen bytes). At
 * DEPTH_8 colours above 7 are reduced as theme_style_to_8 does; at
 * DEPTH_MONO a colour is an error. */
int theme_style_parse(const char *text, enum color_depth d, struct style *out, char *err,
		      size_t errlen);

/* theme_style_to_8: the 8-colour fallback of a 256-colour style: bright
 * colours become their base colour (bold for the foreground), others the
 * nearest of the eight, mid greys white+dim; a foreground that would land on
 * its own background is made black or white instead. */
struct style theme_style_to_8(struct style s);

/* theme_rgb_to_256: the nearest colour of the xterm 6x6x6 cube or grey
 * ramp (16..255; 0..15 vary between terminals so are never chosen). */
int theme_rgb_to_256(unsigned r, unsigned g, unsigned b);

/* theme_list: the names of the themes found in the search path, sorted,
 * without duplicates; NULL-terminated, never NULL (at least "builtin" when no
 * file is found). Free with theme_list_free. */
char **theme_list(void);
void theme_list_free(char **names);

/* theme_next: the name after current in theme_list() (wrapping; the first
 * when current is not listed), for the `t` key. malloc'd. */
char *theme_next(const char *current);

#endif
