/* style: the one table of UI roles, their names in theme files and their
 * built-in styles.
 *
 * The built-in styles are written in theme syntax so this table reads like
 * themes/default.theme (a test keeps the two equal). The .mono column is
 * what a screen without colour shows, so it alone must keep the roles apart:
 * an alarm has to stand out with attributes only. */
#include "config.h"

#include "widgets/style.h"

#include <string.h>
#include <strings.h>

#include "widgets/theme.h"

struct role_info {
	const char *name;
	const char *style[DEPTH_COUNT]; /* 256 colours, 8 colours, none */
};

static const struct role_info roles[ROLE_COUNT] = {
	[ROLE_NORMAL] = {"normal", {"default", "default", "default"}},
	[ROLE_TITLE] = {"title", {"fg=colour253,bold", "fg=white,bold", "bold"}},
	[ROLE_BORDER] = {"border", {"fg=colour240", "fg=blue", "default"}},
	[ROLE_HEADER] = {"header",
			 {"fg=colour231,bg=colour24,bold", "fg=white,bg=blue,bold",
			  "reverse,bold"}},
	[ROLE_STATUS] = {"status", {"fg=colour252,bg=colour236", "fg=black,bg=white", "reverse"}},
	[ROLE_HINT] = {"hint", {"fg=colour245", "fg=cyan", "dim"}},
	[ROLE_OK] = {"ok", {"fg=colour114", "fg=green", "default"}},
	[ROLE_WARN] = {"warn", {"fg=colour214,bold", "fg=yellow,bold", "bold,underline"}},
	[ROLE_ALARM] = {"alarm",
			{"fg=colour231,bg=colour160,bold", "fg=white,bg=red,bold", "reverse,bold"}},
	[ROLE_STALE] = {"stale", {"fg=colour137", "fg=yellow", "dim"}},
	[ROLE_ERROR] = {"error", {"fg=colour203,bold", "fg=red,bold", "bold,underline"}},
	[ROLE_NODATA] = {"nodata", {"fg=colour242", "fg=white,dim", "dim"}},
	[ROLE_SPARK] = {"spark", {"fg=colour75", "fg=cyan", "default"}},
	[ROLE_SPARK_ALARM] = {"spark_alarm", {"fg=colour196,bold", "fg=red,bold", "bold"}},
	[ROLE_SPARK_PROVISIONAL] = {"spark_provisional", {"fg=colour67", "fg=blue", "dim"}},
	[ROLE_THRESHOLD] = {"threshold", {"fg=colour214", "fg=yellow", "bold"}},
	[ROLE_FOCUS] = {"focus", {"fg=colour81,bold", "fg=cyan,bold", "reverse"}},
	[ROLE_BANNER] = {"banner",
			 {"fg=colour231,bg=colour124,bold", "fg=white,bg=red,bold",
			  "reverse,bold"}},
	[ROLE_AXIS] = {"axis", {"fg=colour244", "fg=white", "dim"}},
};

const char *style_role_name(enum style_role r)
{
	if ((unsigned)r >= ROLE_COUNT)
		return "?";
	return roles[r].name;
}

int style_role_from_name(const char *name)
{
	int r;

	if (!name)
		return -1;
	/* Theme files are case-insensitive, like tmux's colour names. */
	for (r = 0; r < ROLE_COUNT; r++)
		if (strcasecmp(roles[r].name, name) == 0)
			return r;
	return -1;
}

const char *style_role_default(enum style_role r, enum color_depth d)
{
	if ((unsigned)r >= ROLE_COUNT || (unsigned)d >= DEPTH_COUNT)
		return "default";
	return roles[r].style[d];
}
