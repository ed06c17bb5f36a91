/* keymap: the one table of keys. */
#include "config.h"

#include "src/keymap.h"

#include <stdlib.h>

/* One binding per line reads better than the formatter's layout. */
/* clang-format off */
const struct key_binding keymap[] = {
	{{'q', 'Q'}, ACT_QUIT, "q", "quit (the terminal is restored)", 1},
	{{'r'}, ACT_REFRESH, "r", "refresh now: poll every region at once", 2},
	{{'p', ' '}, ACT_PAUSE, "p", "pause or resume polling", 3},
	{{KEYC_UP, 'k'}, ACT_FOCUS_UP, "k/Up", "move the focus to the metric above", 0},
	{{KEYC_DOWN, 'j'}, ACT_FOCUS_DOWN, "j/Down", "move the focus to the metric below", 0},
	{{KEYC_LEFT, 'h'}, ACT_FOCUS_LEFT, "h/Left", "move the focus to the region on the left", 0},
	{{KEYC_RIGHT, 'l'}, ACT_FOCUS_RIGHT, "l/Right", "move the focus to the region on the right", 0},
	{{KEYC_TAB}, ACT_FOCUS_NEXT, "Tab", "move the focus to the next pane", 0},
	{{KEYC_BTAB}, ACT_FOCUS_PREV, "S-Tab", "move the focus to the previous pane", 0},
	{{KEYC_ENTER, 'z'}, ACT_ZOOM, "Enter", "zoom the focused pane to full screen", 4},
	{{KEYC_ESC}, ACT_BACK, "Esc", "leave the zoom or the help", 0},
	{{'+', '='}, ACT_RANGE_WIDER, "+", "widen the time range (15m 1h 3h 12h 24h)", 5},
	{{'-', '_'}, ACT_RANGE_NARROWER, "-", "narrow the time range", 6},
	{{'s'}, ACT_STAT, "s", "cycle the focused metric's statistic (Average, p99, Maximum)", 7},
	{{'t'}, ACT_THEME, "t", "cycle the colour theme", 8},
	{{'?'}, ACT_HELP, "?", "show or hide this help", 9},
};
/* clang-format on */

const size_t keymap_len = sizeof(keymap) / sizeof(keymap[0]);

enum key_action keymap_lookup(int key)
{
	size_t i, k;

	for (i = 0; i < keymap_len; i++)
		for (k = 0; k < 4 && keymap[i].keys[k] > 0; k++)
			if (keymap[i].keys[k] == key)
				return keymap[i].action;
	return ACT_NONE;
}

/* Short words for the hint line; the help overlay has the full sentences. */
static const char *hint_word(enum key_action a)
{
	switch (a) {
	case ACT_QUIT:
		return "quit";
	case ACT_REFRESH:
		return "refresh";
	case ACT_PAUSE:
		return "pause";
	case ACT_ZOOM:
		return "zoom";
	case ACT_RANGE_WIDER:
		return "range+";
	case ACT_RANGE_NARROWER:
		return "range-";
	case ACT_STAT:
		return "stat";
	case ACT_THEME:
		return "theme";
	case ACT_HELP:
		return "help";
	default:
		return "";
	}
}

void keymap_help(struct key_hint *out, size_t *n)
{
	size_t i;

	for (i = 0; i < keymap_len; i++) {
		out[i].key = keymap[i].label;
		out[i].help = keymap[i].help;
	}
	*n = keymap_len;
}

void keymap_hints(struct key_hint *out, size_t *n)
{
	size_t i, count = 0;
	int order;

	for (order = 1; order <= (int)keymap_len; order++)
		for (i = 0; i < keymap_len; i++)
			if (keymap[i].hint == order) {
				out[count].key = keymap[i].label;
				out[count].help = hint_word(keymap[i].action);
				count++;
			}
	*n = count;
}
