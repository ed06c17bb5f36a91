/* settings: the built-in defaults, the command line, --help,
 * --print-config and --list-options, all driven by opt_table
 * (settings_opts.c). The config file is read in config_file.c. */
#include "config.h"

#include "src/settings.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "src/sanitize.h"
#include "src/settings_impl.h"
#include "src/suggest.h"
#include "src/xalloc.h"

const int64_t settings_ranges[RANGE_COUNT] = {15 * 60, 3600, 3 * 3600, 12 * 3600, 24 * 3600};
const char *const settings_range_names[RANGE_COUNT] = {"15m", "1h", "3h", "12h", "24h"};

/* With --demo the virtual clock runs this much faster unless --speed says
 * otherwise: a metric minute every three seconds keeps the demo lively. */
#define DEMO_SPEED 20

/* ---- private state ------------------------------------------------------- */

struct settings_priv *settings_priv_get(struct settings *s)
{
	if (!s->priv)
		s->priv = xcalloc(1, sizeof(*s->priv));
	return s->priv;
}

void metric_extra_free(struct metric_extra *mx)
{
	free(mx->regions);
	mx->regions = NULL;
}

void settings_set_origin(struct settings *s, int id, enum origin kind, int line)
{
	struct settings_priv *p = settings_priv_get(s);
	int via = id;

	if (id == OPT_NO_BELL)
		id = OPT_BELL; /* --no-bell is how the command line sets bell */
	if (id == OPT_NO_CW_ALARMS)
		id = OPT_CW_ALARMS;
	p->at[id] = (struct origin_at){kind, line, via};
	switch (id) {
	case OPT_REGIONS:
		s->origin_regions = kind;
		break;
	case OPT_PROFILE:
		s->origin_profile = kind;
		break;
	case OPT_REFRESH:
		s->origin_refresh = kind;
		break;
	case OPT_RANGE:
		s->origin_range = kind;
		break;
	case OPT_THEME:
		s->origin_theme = kind;
		break;
	case OPT_BELL:
		s->origin_bell = kind;
		break;
	case OPT_LAG:
		s->origin_lag = kind;
		break;
	default:
		break;
	}
}

/* ---- defaults and freeing ---------------------------------------------------- */

void settings_init_defaults(struct settings *s)
{
	struct opt_target t = {s, NULL, NULL, {ORIGIN_DEFAULT, 0, 0}};
	char err[256];
	int i;

	memset(s, 0, sizeof(*s));
	settings_priv_get(s);
	/* The defaults are the table's, parsed like any config value. */
	for (i = 0; i < OPT_COUNT; i++) {
		if (opt_table[i].scope != SCOPE_METRIC && opt_table[i].def &&
		    opt_table[i].parse(&opt_table[i], &t, opt_table[i].def, err, sizeof(err)))
			fatal("built-in default of %s: %s", opt_table[i].key, err);
	}
	s->mode = MODE_DASHBOARD;
	s->nmetrics = metric_defaults(&s->metrics);
	s->priv->mx = xcalloc(s->nmetrics ? s->nmetrics : 1, sizeof(*s->priv->mx));
}

void settings_free(struct settings *s)
{
	size_t i;

	for (i = 0; i < s->nregions; i++)
		free(s->regions[i]);
	for (i = 0; i < s->nmetrics; i++) {
		metric_def_free(&s->metrics[i]);
		if (s->priv && s->priv->mx)
			metric_extra_free(&s->priv->mx[i]);
	}
	free(s->metrics);
	free(s->profile);
	free(s->theme);
	free(s->config_path);
	free(s->endpoint);
	if (s->priv) {
		free(s->priv->mx);
		free(s->priv->file_shown);
		free(s->priv);
	}
	memset(s, 0, sizeof(*s));
}

int settings_region_index(const struct settings *s, const char *region)
{
	size_t i;

	for (i = 0; i < s->nregions; i++)
		if (!strcmp(s->regions[i], region))
			return (int)i;
	return -1;
}

/* ---- the command line --------------------------------------------------------- */

#define LONG_BASE 256 /* getopt value of a long-only option: LONG_BASE + id */

static void build_getopt(struct option *longs, char *shorts)
{
	size_t n = 0, k = 0;
	int i;

	shorts[k++] = ':'; /* report a missing argument as ':' */
	for (i = 0; i < OPT_COUNT; i++) {
		const struct opt_def *o = &opt_table[i];

		if (!o->flag)
			continue;
		longs[n].name = o->flag;
		longs[n].has_arg = o->metavar ? required_argument : no_argument;
		longs[n].flag = NULL;
		longs[n].val = o->short_flag ? o->short_flag : LONG_BASE + i;
		n++;
		if (o->short_flag) {
			shorts[k++] = (char)o->short_flag;
			if (o->metavar)
				shorts[k++] = ':';
		}
	}
	memset(&longs[n], 0, sizeof(longs[n]));
	shorts[k] = '\0';
}

static int opt_of_val(int val)
{
	int i;

	if (val >= LONG_BASE && val < LONG_BASE + OPT_COUNT)
		return val - LONG_BASE;
	for (i = 0; i < OPT_COUNT; i++)
		if (opt_table[i].short_flag && opt_table[i].short_flag == val)
			return i;
	return -1;
}

/* unknown_option: "--refersh" -> did you mean --refresh? Also says when a
 * prefix is ambiguous (getopt takes unique prefixes). */
static void unknown_option(struct errlist *e, const char *arg)
{
	char name[SUGGEST_MAX_LEN + 1], sh[SHOWN_LEN], list[256] = "";
	struct suggest sg;
	int i, matches = 0;

	if (strncmp(arg, "--", 2)) {
		errs_add(e, "cwtop: unknown option '%s'", shown(sh, sizeof(sh), arg));
		return;
	}
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg + 2, "="), arg + 2);
	suggest_init(&sg, name);
	for (i = 0; i < OPT_COUNT; i++) {
		const char *f = opt_table[i].flag;

		if (!f || opt_table[i].hidden)
			continue;
		suggest_consider(&sg, f);
		if (*name && !strncmp(f, name, strlen(name)) &&
		    strlen(list) + strlen(f) + 5 < sizeof(list)) {
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s--%s",
				 matches ? ", " : "", f);
			matches++;
		}
	}
	if (matches > 1)
		errs_add(e, "cwtop: option '--%s' is ambiguous (%s)", shown(sh, sizeof(sh), name),
			 list);
	else if (suggest_result(&sg))
		errs_add(e, "cwtop: unknown option '--%s' (did you mean --%s?)",
			 shown(sh, sizeof(sh), name), suggest_result(&sg));
	else
		errs_add(e, "cwtop: unknown option '--%s'", shown(sh, sizeof(sh), name));
}

static void flag_name(const struct opt_def *o, char *out, size_t outlen)
{
	if (o->flag)
		snprintf(out, outlen, "--%s", o->flag);
	else
		snprintf(out, outlen, "-%c", o->short_flag);
}

static void getopt_error(struct errlist *e, int rc, char **argv)
{
	int id = opt_of_val(optopt);
	char fl[64];

	if (rc == ':' && id >= 0) {
		flag_name(&opt_table[id], fl, sizeof(fl));
		errs_add(e, "cwtop: %s needs a value (%s)", fl, opt_table[id].metavar);
	} else if (id >= 0) {
		flag_name(&opt_table[id], fl, sizeof(fl));
		errs_add(e, "cwtop: %s takes no value", fl);
	} else if (optopt) {
		errs_add(e, "cwtop: unknown option '-%c'",
			 optopt > ' ' && optopt < 127 ? optopt : '?');
	} else {
		unknown_option(e, argv[optind - 1]);
	}
}

/* first_pass: find -c FILE and whether the run only prints something that
 * needs no config (--help, --version, --list-options). */
static const char *first_pass(int argc, char **argv, const struct option *longs, const char *shorts,
			      bool *no_config)
{
	const char *config = NULL;
	int rc, id;

	optind = 0; /* glibc: a full re-initialisation */
	opterr = 0;
	*no_config = false;
	while ((rc = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		id = opt_of_val(rc);
		if (id == OPT_CONFIG)
			config = optarg;
		else if (id == OPT_HELP || id == OPT_VERSION || id == OPT_LIST_OPTIONS)
			*no_config = true;
	}
	return config;
}

/* default_config_path: $XDG_CONFIG_HOME/cwtop/config, else
 * ~/.config/cwtop/config; NULL when neither can be named. */
static char *default_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	/* The XDG spec: a relative XDG_CONFIG_HOME is invalid, ignore it. */
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/cwtop/config", xdg);
	if (home && *home)
		return xasprintf("%s/.config/cwtop/config", home);
	return NULL;
}

static int load_config(struct settings *s, const char *explicit_path, char **errs)
{
	struct stat st;
	char *path;
	int n;

	if (explicit_path)
		return *explicit_path ? settings_load_file(s, explicit_path, errs) : 0;
	path = default_config_path();
	if (!path)
		return 0;
	/* The default file may be absent: the built-ins are a working config. */
	if (stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
		free(path);
		return 0;
	}
	n = settings_load_file(s, path, errs);
	free(path);
	return n;
}

static void apply_flag(struct settings *s, struct errlist *e, int id, const char *arg)
{
	struct opt_target t = {s, NULL, NULL, {ORIGIN_FLAG, 0, id}};
	char err[400], fl[64];

	if (opt_apply(id, &t, arg, err, sizeof(err))) {
		flag_name(&opt_table[id], fl, sizeof(fl));
		errs_add(e, "cwtop: %s: %s", fl, err);
		return;
	}
	settings_set_origin(s, id, ORIGIN_FLAG, 0);
}

static void second_pass(struct settings *s, struct errlist *e, int argc, char **argv,
			const struct option *longs, const char *shorts)
{
	char sh[SHOWN_LEN];
	int rc, id;

	optind = 0;
	opterr = 0;
	while ((rc = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (rc == '?' || rc == ':') {
			getopt_error(e, rc, argv);
			continue;
		}
		id = opt_of_val(rc);
		if (id >= 0)
			apply_flag(s, e, id, optarg);
	}
	for (; optind < argc; optind++)
		errs_add(e, "cwtop: unexpected argument '%s' (cwtop takes options only)",
			 shown(sh, sizeof(sh), argv[optind]));
}

static void after_flags(struct settings *s)
{
	struct settings_priv *p = settings_priv_get(s);
	const char *no_color = getenv("NO_COLOR");
	size_t i;

	/* no-color.org: set and not empty. */
	if (no_color && *no_color)
		s->no_color = true;
	if (s->demo && p->at[OPT_SPEED].kind != ORIGIN_FLAG)
		s->speed = DEMO_SPEED;
	/* --regions may narrow the list: a metric keeps the regions that are
	 * still watched, silently. */
	if (p->at[OPT_REGIONS].kind == ORIGIN_FLAG)
		for (i = 0; i < s->nmetrics; i++)
			metric_resolve_regions(s, &s->metrics[i], &p->mx[i], false, NULL, NULL);
}

int settings_parse_args(struct settings *s, int argc, char **argv, char **errs)
{
	struct option longs[OPT_COUNT + 1];
	char shorts[2 * OPT_COUNT + 2];
	struct errlist e;
	const char *config;
	bool no_config;
	int count;

	settings_priv_get(s);
	build_getopt(longs, shorts);
	config = first_pass(argc, argv, longs, shorts, &no_config);
	count = no_config ? 0 : load_config(s, config, errs);
	errs_init(&e);
	second_pass(s, &e, argc, argv, longs, shorts);
	after_flags(s);
	optind = 0;
	count += e.count;
	errs_flush(&e, errs);
	return count;
}

/* ---- --print-config --------------------------------------------------------------- */

static void origin_text(const struct settings *s, const struct origin_at *at, char *out,
			size_t outlen)
{
	const char *file = s->priv && s->priv->file_shown ? s->priv->file_shown : "config";

	switch (at->kind) {
	case ORIGIN_FILE:
		snprintf(out, outlen, "%s:%d", file, at->line);
		break;
	case ORIGIN_FLAG:
		snprintf(out, outlen, "--%s",
			 opt_table[at->via].flag ? opt_table[at->via].flag : "?");
		break;
	default:
		snprintf(out, outlen, "default");
		break;
	}
}

/* print_line: "key = value  # origin", the comment on the line above when
 * the line would be too long for cwtop to read back. */
static void print_line(FILE *out, const char *key, const char *value, const char *origin)
{
	char line[2048];
	size_t len = strlen(value);
	bool quote = !len || value[0] == ' ' || value[len - 1] == ' ' ||
		     (len >= 2 && value[0] == '"' && value[len - 1] == '"');
	int n;

	/* Quotes keep what the reader would otherwise trim or unquote. */
	n = snprintf(line, sizeof(line), quote ? "%s = \"%s\"" : "%s = %s", key, value);

	if (n + 4 + (int)strlen(origin) > CONFIG_LINE_MAX) {
		fprintf(out, "# %s\n%s\n", origin, line);
		return;
	}
	fprintf(out, "%-40s # %s\n", line, origin);
}

static void print_option(FILE *out, const struct settings *s, int id, const struct opt_target *t,
			 const struct origin_at *at, const int *lines)
{
	const struct opt_def *o = &opt_table[id];
	char value[1536], origin[600];
	size_t idx;

	for (idx = 0; o->format(o, t, idx, value, sizeof(value)); idx++) {
		struct origin_at here = *at;

		if (lines && lines[idx])
			here.line = lines[idx];
		origin_text(s, &here, origin, sizeof(origin));
		print_line(out, o->key, value, origin);
	}
	if (idx == 0 && o->scope == SCOPE_GLOBAL)
		fprintf(out, "# %s is not set\n", o->key);
}

static void print_metric(FILE *out, const struct settings *s, size_t i)
{
	static const struct metric_extra none;
	const struct metric_extra *mx = s->priv && s->priv->mx ? &s->priv->mx[i] : &none;
	struct opt_target t = {(struct settings *)s,
			       &s->metrics[i],
			       (struct metric_extra *)mx,
			       {ORIGIN_DEFAULT, 0, 0}};
	struct origin_at sec = {mx->section_line ? ORIGIN_FILE : ORIGIN_DEFAULT, mx->section_line,
				0};
	char origin[600], header[80];
	int id;

	origin_text(s, &sec, origin, sizeof(origin));
	snprintf(header, sizeof(header), "[metric %s]", s->metrics[i].id);
	fprintf(out, "\n%-40s # %s\n", header, origin);
	for (id = 0; id < OPT_COUNT; id++) {
		if (opt_table[id].scope != SCOPE_METRIC || !opt_table[id].format)
			continue;
		print_option(out, s, id, &t, &mx->at[id],
			     id == OPT_M_DIMENSION ? mx->dim_line : NULL);
	}
	if (mx->regions && !(s->metrics[i].region_mask & ((1u << s->nregions) - 1)))
		fprintf(out, "# regions: none of this metric's regions (%s) is watched\n",
			mx->regions);
}

void settings_print(const struct settings *s, FILE *out)
{
	static const struct origin_at none;
	struct opt_target t = {(struct settings *)s, NULL, NULL, {ORIGIN_DEFAULT, 0, 0}};
	size_t i;
	int id;

	fprintf(out,
		"# cwtop configuration, as `cwtop --print-config` printed it; see cwtop.conf(5).\n"
		"# After each value: where it came from (default, FILE:LINE or --flag).\n"
		"# Config file: %s\n\n[cwtop]\n",
		s->priv && s->priv->file_shown ? s->priv->file_shown : "none");
	for (id = 0; id < OPT_COUNT; id++) {
		if (opt_table[id].scope != SCOPE_GLOBAL || !opt_table[id].format)
			continue;
		if (id == OPT_DEFAULTS) {
			print_line(out, "defaults", "no", "every metric is listed below");
			continue;
		}
		print_option(out, s, id, &t, s->priv ? &s->priv->at[id] : &none, NULL);
	}
	for (i = 0; i < s->nmetrics; i++)
		print_metric(out, s, i);
}

/* ---- --help and --list-options ------------------------------------------------------ */

#define HELP_COLUMN 26

/* wrap: text from column col, wrapped at 79 columns. */
static void wrap(FILE *out, const char *text, int col, int at)
{
	const char *p = text;

	while (*p) {
		int room = 79 - col, len = (int)strlen(p);

		if (at > col) {
			fprintf(out, "%*s", at - col, "");
			col = at;
			room = 79 - col;
		}
		if (len > room) {
			len = room;
			while (len > 0 && p[len] != ' ')
				len--;
			if (len == 0)
				len = (int)strcspn(p, " ");
		}
		fprintf(out, "%.*s\n", len, p);
		p += len;
		while (*p == ' ')
			p++;
		col = 0;
	}
}

void settings_usage(FILE *out)
{
	char head[96], more[256];
	int i, n;

	fprintf(out,
		"Usage: cwtop [OPTION]...\n"
		"top for Amazon CloudWatch: a live terminal dashboard of metrics and alarms.\n\n"
		"Options:\n");
	for (i = 0; i < OPT_COUNT; i++) {
		const struct opt_def *o = &opt_table[i];

		if (!o->flag || o->hidden)
			continue;
		if (o->short_flag)
			n = snprintf(head, sizeof(head), "  -%c, --%s%s%s", o->short_flag, o->flag,
				     o->metavar ? " " : "", o->metavar ? o->metavar : "");
		else
			n = snprintf(head, sizeof(head), "      --%s%s%s", o->flag,
				     o->metavar ? " " : "", o->metavar ? o->metavar : "");
		fputs(head, out);
		if (n >= HELP_COLUMN - 1) {
			fputc('\n', out);
			n = 0;
		}
		/* The default, unless the sentence already says it. */
		if (o->def && *o->def && !strstr(o->help, "default"))
			snprintf(more, sizeof(more), "%s Default: %s.", o->help, o->def);
		else
			snprintf(more, sizeof(more), "%s", o->help);
		wrap(out, more, n, HELP_COLUMN);
	}
	fprintf(out,
		"\nThe config file is $XDG_CONFIG_HOME/cwtop/config, else ~/.config/cwtop/config;\n"
		"see cwtop.conf(5). Flags override the file. Keys: q quit, ? help; see cwtop(1).\n"
		"Exit status: 0 all OK, 1 a threshold breached (--once), 2 an error.\n");
}

void settings_list_options(FILE *out)
{
	int i;

	for (i = 0; i < OPT_COUNT; i++) {
		const struct opt_def *o = &opt_table[i];

		if (o->hidden)
			continue;
		if (o->flag)
			fprintf(out, "option --%s\n", o->flag);
		if (o->short_flag)
			fprintf(out, "option -%c\n", o->short_flag);
		if (o->key)
			fprintf(out, "%s %s\n", o->scope == SCOPE_METRIC ? "metric-key" : "key",
				o->key);
	}
}
