/* keymap: the one table of keys. It drives both the dispatch in src/app.c
 * and the help overlay and hint line, so they cannot disagree. */
#ifndef CWTOP_KEYMAP_H
#define CWTOP_KEYMAP_H

#include <stddef.h>

#include "widgets/dashboard.h"

/* Key codes: a printable key is its Unicode code point; the special keys
 * sit above the Unicode range. widgets/term.c translates curses' codes. */
enum {
	KEYC_NONE = -1,
	KEYC_SPECIAL = 0x110000,
	KEYC_UP,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_ENTER,
	KEYC_ESC,
	KEYC_TAB,
	KEYC_BTAB,
	KEYC_RESIZE,
	KEYC_PGUP,
	KEYC_PGDN,
	KEYC_HOME,
	KEYC_END,
};

enum key_action {
	ACT_NONE,
	ACT_QUIT,
	ACT_REFRESH,
	ACT_PAUSE,
	ACT_FOCUS_UP,
	ACT_FOCUS_DOWN,
	ACT_FOCUS_LEFT,
	ACT_FOCUS_RIGHT,
	ACT_FOCUS_NEXT,
	ACT_FOCUS_PREV,
	ACT_ZOOM,
	ACT_BACK,
	ACT_RANGE_WIDER,
	ACT_RANGE_NARROWER,
	ACT_STAT,
	ACT_THEME,
	ACT_HELP,
};

struct key_binding {
	int keys[4]; /* up to four key codes, 0-terminated */
	enum key_action action;
	const char *label; /* how the keys are written: "hjkl/arrows" */
	const char *help;  /* one sentence for the help overlay */
	int hint;          /* shown on the one-line hint: its order, 0 = not */
};

extern const struct key_binding keymap[];
extern const size_t keymap_len;

/* keymap_lookup: the action bound to key, or ACT_NONE. */
enum key_action keymap_lookup(int key);

/* keymap_hints: fill out[] (at least keymap_len entries) with the bindings
 * in help order; *nhints gets the count. hint_out gets the short hint-line
 * subset, in hint order. */
void keymap_help(struct key_hint *out, size_t *n);
void keymap_hints(struct key_hint *out, size_t *n);

#endif
