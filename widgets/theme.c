/* theme: the built-in theme, and theme files found by name or path: the
 * search path, the list of themes and the next one for the `t` key.
 *
 * A theme file is read whole with a size cap; only a regular file is read,
 * and never with a blocking open. The syntax is widgets/theme_parse.c's. */
#include "config.h"

#include "widgets/theme.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "src/file_read.h"
#include "src/text.h"
#include "src/xalloc.h"
#include "widgets/theme_report.h"

#ifndef CWTOP_PKGDATADIR
#define CWTOP_PKGDATADIR "/usr/local/share/cwtop"
#endif
#ifndef CWTOP_SRCDIR
#define CWTOP_SRCDIR "."
#endif

#define THEME_FILE_MAX (1024 * 1024) /* a real theme is a few KiB */
#define THEME_LIST_MAX 256
#define THEME_DIRS_MAX 3

void theme_builtin(struct theme *t)
{
	char err[128];
	int r, d;

	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "builtin");
	for (r = 0; r < ROLE_COUNT; r++) {
		for (d = 0; d < DEPTH_COUNT; d++) {
			struct style *s = &t->style[r][d];

			/* The table is tested to parse; plain is the safe fallback. */
			if (theme_style_parse(
				    style_role_default((enum style_role)r, (enum color_depth)d),
				    (enum color_depth)d, s, err, sizeof(err)) != 0)
				*s = (struct style){STYLE_COLOR_DEFAULT, STYLE_COLOR_DEFAULT, 0};
		}
	}
}

/* --- Theme files ---------------------------------------------------------------- */

/* read_file: the whole file (regular, at most THEME_FILE_MAX bytes). The
 * open never blocks: a FIFO named like a theme must not hang the start. */
static char *read_file(const char *path, size_t *len, struct theme_report *rp)
{
	char *data;
	int errnum;

	switch (file_read(path, THEME_FILE_MAX, true, &data, len, &errnum)) {
	case FILE_READ_OK:
		return data;
	case FILE_READ_DIRECTORY:
	case FILE_READ_NOT_REGULAR:
		theme_report_add(rp, 0, "not a regular file");
		break;
	case FILE_READ_TOO_BIG:
		theme_report_add(rp, 0, "too large (a theme file is at most %d bytes)",
				 THEME_FILE_MAX);
		break;
	case FILE_READ_CANNOT_OPEN:
	case FILE_READ_CANNOT_READ:
		theme_report_add(rp, 0, "%s", strerror(errnum));
		break;
	}
	return NULL;
}

static int load_file(const char *path, struct theme *t, char **errs)
{
	struct theme_report rp;
	size_t len = 0;
	char *data;
	int n;

	theme_report_init(&rp, path);
	data = read_file(path, &len, &rp);
	if (!data)
		return theme_report_finish(&rp, errs);
	buf_free(&rp.out);
	n = theme_parse(data, len, path, t, errs);
	free(data);
	return n;
}

/* valid_name: a theme name is a file name without surprises. */
static bool valid_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > THEME_NAME_MAX || s[0] == '.' || s[0] == '-')
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!text_is_alnum(c) && c != '-' && c != '_' && c != '.')
			return false;
	}
	return true;
}

/* theme_dirs: the search path, first match wins. Each entry malloc'd. */
static size_t theme_dirs(char *dirs[THEME_DIRS_MAX])
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	size_t n = 0;

	/* XDG: a relative XDG_CONFIG_HOME is invalid and is ignored. */
	if (xdg && xdg[0] == '/')
		dirs[n++] = xasprintf("%s/cwtop/themes", xdg);
	else if (home && home[0] == '/')
		dirs[n++] = xasprintf("%s/.config/cwtop/themes", home);
	dirs[n++] = xstrdup(CWTOP_PKGDATADIR "/themes");
	dirs[n++] = xstrdup(CWTOP_SRCDIR "/themes");
	return n;
}

static void free_dirs(char *dirs[], size_t n)
{
	while (n)
		free(dirs[--n]);
}

static bool is_path(const char *s)
{
	size_t n = strlen(s);

	return strchr(s, '/') || (n > 6 && strcmp(s + n - 6, ".theme") == 0);
}

static int load_by_name(const char *name, struct theme *t, char **errs)
{
	char *dirs[THEME_DIRS_MAX], *path = NULL;
	struct theme_report rp;
	size_t n, i;
	struct stat st;
	int ret;

	n = theme_dirs(dirs);
	for (i = 0; i < n && !path; i++) {
		char *try = xasprintf("%s/%s.theme", dirs[i], name);

		if (stat(try, &st) == 0)
			path = try;
		else
			free(try);
	}
	if (path) {
		ret = load_file(path, t, errs);
		free(path);
	} else {
		theme_report_init(&rp, name);
		theme_report_add(&rp, 0, "no such theme (looked in %s%s%s%s%s)", dirs[0],
				 n > 1 ? ", " : "", n > 1 ? dirs[1] : "", n > 2 ? ", " : "",
				 n > 2 ? dirs[2] : "");
		ret = theme_report_finish(&rp, errs);
	}
	free_dirs(dirs, n);
	return ret;
}

int theme_load(const char *name_or_path, struct theme *t, char **errs)
{
	struct theme_report rp;

	theme_builtin(t);
	if (!name_or_path || strcmp(name_or_path, "builtin") == 0)
		return 0;
	if (is_path(name_or_path))
		return load_file(name_or_path, t, errs);
	if (!valid_name(name_or_path, strlen(name_or_path))) {
		theme_report_init(&rp, name_or_path);
		theme_report_add(&rp, 0,
				 "not a theme name (letters, digits, '.', '_', '-'; at most %d)",
				 THEME_NAME_MAX);
		return theme_report_finish(&rp, errs);
	}
	return load_by_name(name_or_path, t, errs);
}

/* --- Listing ------------------------------------------------------------------------ */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *dir, char **names, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) && *n < THEME_LIST_MAX) {
		size_t len = strlen(e->d_name), i;
		bool dup = false;

		if (len <= 6 || strcmp(e->d_name + len - 6, ".theme") != 0 ||
		    !valid_name(e->d_name, len - 6))
			continue;
		for (i = 0; i < *n && !dup; i++)
			dup = strlen(names[i]) == len - 6 && !strncmp(names[i], e->d_name, len - 6);
		if (!dup)
			names[(*n)++] = xstrndup(e->d_name, len - 6);
	}
	closedir(d);
}

char **theme_list(void)
{
	char *dirs[THEME_DIRS_MAX];
	char **names = xcalloc(THEME_LIST_MAX + 1, sizeof(*names));
	size_t n = 0, ndirs, i;

	ndirs = theme_dirs(dirs);
	for (i = 0; i < ndirs; i++)
		list_dir(dirs[i], names, &n);
	free_dirs(dirs, ndirs);
	if (n == 0)
		names[n++] = xstrdup("builtin");
	qsort(names, n, sizeof(*names), cmp_names);
	names[n] = NULL;
	return names;
}

void theme_list_free(char **names)
{
	size_t i;

	if (!names)
		return;
	for (i = 0; names[i]; i++)
		free(names[i]);
	free(names);
}

char *theme_next(const char *current)
{
	char **names = theme_list(), *next;
	size_t i;

	for (i = 0; names[i]; i++)
		if (current && strcmp(names[i], current) == 0)
			break;
	next = xstrdup(names[i] && names[i + 1] ? names[i + 1] : names[0]);
	theme_list_free(names);
	return next;
}
