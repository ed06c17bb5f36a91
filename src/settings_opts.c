/* settings_opts: the one table of options and the parsers of its values.
 *
 * Every option cwtop has is a row of opt_table: its config key and/or
 * flag, type, default, range and help sentence. The config file, the
 * command line, --help, --print-config and the man-page check all read
 * this table, so none of them can forget an option. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/aws_config.h"
#include "src/metric_def.h"
#include "src/sanitize.h"
#include "src/settings.h"
#include "src/settings_impl.h"
#include "src/suggest.h"
#include "src/text.h"
#include "src/xalloc.h"

/* ---- errors and numbers ------------------------------------------------ */

void errs_init(struct errlist *e)
{
	buf_init(&e->b, 0);
	e->count = 0;
}

void errs_add(struct errlist *e, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	e->count++;
	if (e->count > ERRS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	buf_printf(&e->b, "%s\n", line);
}

void errs_flush(struct errlist *e, char **out)
{
	char *joined;

	if (e->count > ERRS_MAX)
		buf_printf(&e->b, "... and %d more errors\n", e->count - ERRS_MAX);
	if (e->b.len) {
		joined = xasprintf("%s%s", *out ? *out : "", e->b.data);
		free(*out);
		*out = joined;
	}
	buf_free(&e->b);
}

const char *shown(char *out, size_t outlen, const char *text)
{
	size_t len = strlen(text);

	sanitize_copy(out, outlen, text, len > 60 ? 60 : len);
	if (len > 60 && strlen(out) + 4 <= outlen)
		strcat(out, "...");
	return out;
}

/* The C locale for numbers: "0.8" means the same under de_DE. */
static locale_t c_locale(void)
{
	static locale_t c;

	if (!c)
		c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return c;
}

int num_parse(const char *text, double *out)
{
	char *end;
	locale_t old;
	double v;

	if (!*text || strlen(text) > 40)
		return -1;
	/* strtod would also take "inf", "nan" and hex floats; a config
	 * value is a plain decimal number. */
	if (strspn(text, "+-0123456789.eE") != strlen(text))
		return -1;
	old = uselocale(c_locale());
	errno = 0;
	v = strtod(text, &end);
	uselocale(old);
	if (*end || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

void num_format(double v, char *out, size_t outlen)
{
	locale_t old = uselocale(c_locale());

	/* The shortest form that reads back as the same double. */
	snprintf(out, outlen, "%.15g", v);
	if (strtod(out, NULL) != v)
		snprintf(out, outlen, "%.17g", v);
	uselocale(old);
}

/* ---- small validators ---------------------------------------------------- */

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_lower(c) || is_digit(c) || (c >= 'A' && c <= 'Z');
}

/* region_name_valid: [a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]{1,2} */
static bool region_name_valid(const char *r)
{
	const char *p = r, *w;
	size_t n;

	if (strlen(r) > 32 || !is_lower(p[0]) || !is_lower(p[1]) || p[2] != '-')
		return false;
	p += 3;
	for (w = p; is_lower(*p); p++)
		;
	if (p == w || *p++ != '-')
		return false;
	if ((p - w == 4 && !strncmp(w, "gov", 3)) || !strncmp(w, "iso", 3)) {
		for (w = p; is_lower(*p); p++)
			;
		if (p == w || *p++ != '-')
			return false;
	}
	for (n = 0; is_digit(p[n]); n++)
		;
	return n >= 1 && n <= 2 && !p[n];
}

/* split_list: comma-separated items, trimmed, into out (at most max);
 * returns the count or -1 with err set. */
static int split_list(const char *text, char *copy, size_t copylen, char **out, size_t max,
		      const char *what, char *err, size_t errlen)
{
	char *p, *item, *save = NULL;
	size_t n = 0;

	snprintf(copy, copylen, "%s", text);
	if (!*text_trim(copy)) {
		snprintf(err, errlen, "the list of %s is empty", what);
		return -1;
	}
	if (copy[strlen(copy) - 1] == ',' || text_trim(copy)[0] == ',' || strstr(copy, ",,")) {
		snprintf(err, errlen, "empty item in the list of %s", what);
		return -1;
	}
	for (p = copy; (item = strtok_r(p, ",", &save)); p = NULL) {
		item = text_trim(item);
		if (!*item) {
			snprintf(err, errlen, "empty item in the list of %s", what);
			return -1;
		}
		if (n == max) {
			snprintf(err, errlen, "more than %zu %s", max, what);
			return -1;
		}
		out[n++] = item;
	}
	return (int)n;
}

/* parse_regions: a list of region names, checked, no duplicates. */
static int parse_regions(const char *text, char **names, size_t *n, char *copy, size_t copylen,
			 char *err, size_t errlen)
{
	char sh[SHOWN_LEN];
	int count = split_list(text, copy, copylen, names, MAX_REGIONS, "regions", err, errlen);
	int i, j;

	if (count < 0)
		return -1;
	for (i = 0; i < count; i++) {
		if (!region_name_valid(names[i])) {
			snprintf(err, errlen, "'%s' is not a region name (like us-east-1)",
				 shown(sh, sizeof(sh), names[i]));
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(names[i], names[j])) {
				snprintf(err, errlen, "region '%s' is listed twice", names[i]);
				return -1;
			}
		}
	}
	*n = (size_t)count;
	return 0;
}

/* ---- statistics ------------------------------------------------------------ */

static const char *const plain_stats[] = {"Average", "Sum",         "Minimum",
					  "Maximum", "SampleCount", "IQM"};
#define NPLAIN (sizeof(plain_stats) / sizeof(plain_stats[0]))

/* percent_valid: a number 0..100 with at most 10 decimals, as CloudWatch
 * takes in p99.9 and TM(2%:98%). */
static bool percent_valid(const char *s, size_t len)
{
	char tmp[32];
	const char *dot;
	double v;

	if (!len || len >= sizeof(tmp))
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (strspn(tmp, "0123456789.") != len || tmp[0] == '.')
		return false;
	dot = strchr(tmp, '.');
	if (dot && (strchr(dot + 1, '.') || !dot[1] || strlen(dot + 1) > 10))
		return false;
	return num_parse(tmp, &v) == 0 && v >= 0 && v <= 100;
}

/* bound_valid: one bound of TM(a:b): "" (open), "N%" or an absolute N. */
static bool bound_valid(const char *s, size_t len, int *percent)
{
	char tmp[48];
	double v;

	if (!len) {
		*percent = -1;
		return true;
	}
	if (s[len - 1] == '%') {
		*percent = 1;
		return percent_valid(s, len - 1);
	}
	*percent = 0;
	if (len >= sizeof(tmp))
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return num_parse(tmp, &v) == 0;
}

static bool prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* stat_canonical: CloudWatch's spelling of statistic s into out, or false
 * when s is not a statistic CloudWatch knows. */
static bool stat_canonical(const char *s, char *out, size_t outlen)
{
	static const char *const shorthand[] = {"p", "tm", "wm", "tc", "ts"};
	static const char *const ranged[] = {"TM", "WM", "PR", "TC", "TS"};
	size_t i, len = strlen(s);

	for (i = 0; i < NPLAIN; i++) {
		if (!strcasecmp(s, plain_stats[i])) {
			snprintf(out, outlen, "%s", plain_stats[i]);
			return true;
		}
	}
	if (len > 40)
		return false;
	for (i = 0; i < sizeof(ranged) / sizeof(ranged[0]); i++) {
		const char *open = s + 2, *colon, *close = s + len - 1;
		int pa, pb;

		if (!prefix_ci(s, ranged[i]) || *open != '(' || *close != ')')
			continue;
		colon = memchr(open, ':', (size_t)(close - open));
		if (!colon || !bound_valid(open + 1, (size_t)(colon - open - 1), &pa) ||
		    !bound_valid(colon + 1, (size_t)(close - colon - 1), &pb))
			return false;
		if ((pa < 0 && pb < 0) || (pa >= 0 && pb >= 0 && pa != pb))
			return false;
		snprintf(out, outlen, "%s%s", ranged[i], s + 2);
		return true;
	}
	for (i = 0; i < sizeof(shorthand) / sizeof(shorthand[0]); i++) {
		size_t pl = strlen(shorthand[i]);

		if (prefix_ci(s, shorthand[i]) && percent_valid(s + pl, len - pl)) {
			snprintf(out, outlen, "%s%s", shorthand[i], s + pl);
			return true;
		}
	}
	return false;
}

/* What people write for CloudWatch's statistics elsewhere. */
static const struct {
	const char *alias, *stat;
} stat_aliases[] = {
	{"avg", "Average"},       {"mean", "Average"}, {"min", "Minimum"}, {"max", "Maximum"},
	{"count", "SampleCount"}, {"total", "Sum"},    {"median", "p50"},
};

static void stat_error(const char *stat, char *err, size_t errlen)
{
	char sh[SHOWN_LEN];
	const char *hint = NULL;
	struct suggest sg;
	size_t i;

	suggest_init(&sg, stat);
	for (i = 0; i < NPLAIN; i++)
		suggest_consider(&sg, plain_stats[i]);
	hint = suggest_result(&sg);
	for (i = 0; i < sizeof(stat_aliases) / sizeof(stat_aliases[0]); i++)
		if (!strcasecmp(stat, stat_aliases[i].alias))
			hint = stat_aliases[i].stat;
	if (hint)
		snprintf(err, errlen, "unknown statistic '%s' (did you mean '%s'?)",
			 shown(sh, sizeof(sh), stat), hint);
	else
		snprintf(err, errlen,
			 "unknown statistic '%s' (Average, Sum, Minimum, Maximum, SampleCount, "
			 "IQM, pNN.NN, tmNN, TM(a%%:b%%), ...)",
			 shown(sh, sizeof(sh), stat));
}

/* ---- generic parsers and formatters ---------------------------------------- */

static void *field(const struct opt_def *o, const struct opt_target *t)
{
	char *base = o->scope == SCOPE_METRIC ? (char *)t->m : (char *)t->s;

	return base + o->off;
}

static int range_error(const struct opt_def *o, const char *text, char *err, size_t errlen)
{
	char sh[SHOWN_LEN];

	snprintf(err, errlen, "%s is out of range (%s)", shown(sh, sizeof(sh), text), o->range);
	return -1;
}

static int type_error(const struct opt_def *o, const char *text, char *err, size_t errlen)
{
	char sh[SHOWN_LEN];

	snprintf(err, errlen, "'%s' is not %s", shown(sh, sizeof(sh), text), o->type);
	return -1;
}

static int parse_long(const struct opt_def *o, const char *text, long *out, char *err,
		      size_t errlen)
{
	char *end;
	long v;

	if (!*text || strspn(text, "+-0123456789") != strlen(text))
		return type_error(o, text, err, errlen);
	errno = 0;
	v = strtol(text, &end, 10);
	if (*end)
		return type_error(o, text, err, errlen);
	if (errno == ERANGE || v < o->min || v > o->max)
		return range_error(o, text, err, errlen);
	*out = v;
	return 0;
}

static int p_int(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		 size_t errlen)
{
	long v;

	if (parse_long(o, text, &v, err, errlen))
		return -1;
	*(int *)field(o, t) = (int)v;
	return 0;
}

static int p_num(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		 size_t errlen)
{
	double v;

	if (num_parse(text, &v))
		return type_error(o, text, err, errlen);
	if (v < o->min || v > o->max)
		return range_error(o, text, err, errlen);
	*(double *)field(o, t) = v;
	return 0;
}

static int parse_bool(const struct opt_def *o, const char *text, bool *out, char *err,
		      size_t errlen)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(text, yes[i]) || !strcasecmp(text, no[i])) {
			*out = !strcasecmp(text, yes[i]);
			return 0;
		}
	}
	return type_error(o, text, err, errlen);
}

static int p_bool(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		  size_t errlen)
{
	return parse_bool(o, text, (bool *)field(o, t), err, errlen);
}

/* p_set / p_clear: a flag without argument sets its bool true / false. */
static int p_set(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		 size_t errlen)
{
	(void)text, (void)err, (void)errlen;
	*(bool *)field(o, t) = true;
	return 0;
}

static int p_clear(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		   size_t errlen)
{
	(void)text, (void)err, (void)errlen;
	*(bool *)field(o, t) = false;
	return 0;
}

static void set_string(char **slot, const char *text)
{
	free(*slot);
	*slot = xstrdup(text);
}

/* check_len: a string value between min and max bytes. */
static int check_len(const struct opt_def *o, const char *text, char *err, size_t errlen)
{
	size_t len = strlen(text);

	if (len < o->min || len > o->max) {
		if (!len)
			snprintf(err, errlen, "the value is empty");
		else
			snprintf(err, errlen, "the value is %zu characters long (%s)", len,
				 o->range);
		return -1;
	}
	return 0;
}

static int p_str(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		 size_t errlen)
{
	if (check_len(o, text, err, errlen))
		return -1;
	set_string((char **)field(o, t), text);
	return 0;
}

/* p_word: a name from a small alphabet (themes): no spaces, and nothing a
 * config file would read as a comment or a section. */
static int p_word(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		  size_t errlen)
{
	const char *p;

	if (check_len(o, text, err, errlen))
		return -1;
	for (p = text; *p; p++) {
		if (!is_alnum(*p) && !strchr("_-.@+/", *p))
			return type_error(o, text, err, errlen);
	}
	if (text[0] == '.' || text[0] == '-' || strstr(text, ".."))
		return type_error(o, text, err, errlen);
	set_string((char **)field(o, t), text);
	return 0;
}

/* p_profile: an AWS profile name, any the AWS CLI takes ("my prof" too, as
 * AWS_PROFILE may say), but no control characters. */
static int p_profile(const struct opt_def *o, const struct opt_target *t, const char *text,
		     char *err, size_t errlen)
{
	if (check_len(o, text, err, errlen))
		return -1;
	if (!aws_profile_name_valid(text))
		return type_error(o, text, err, errlen);
	set_string((char **)field(o, t), text);
	return 0;
}

static bool f_int(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		  size_t outlen)
{
	snprintf(out, outlen, "%d", *(int *)field(o, t));
	return idx == 0;
}

static bool f_num(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		  size_t outlen)
{
	num_format(*(double *)field(o, t), out, outlen);
	return idx == 0;
}

static bool f_bool(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		   size_t outlen)
{
	snprintf(out, outlen, "%s", *(bool *)field(o, t) ? "yes" : "no");
	return idx == 0;
}

static bool f_str(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		  size_t outlen)
{
	const char *v = *(char **)field(o, t);

	if (!v || idx)
		return false;
	snprintf(out, outlen, "%s", v);
	return true;
}

/* ---- global and command-line options ----------------------------------------- */

static int p_regions(const struct opt_def *o, const struct opt_target *t, const char *text,
		     char *err, size_t errlen)
{
	char copy[1024], *names[MAX_REGIONS];
	size_t n, i;

	(void)o;
	if (parse_regions(text, names, &n, copy, sizeof(copy), err, errlen))
		return -1;
	for (i = 0; i < t->s->nregions; i++)
		free(t->s->regions[i]);
	for (i = 0; i < n; i++)
		t->s->regions[i] = xstrdup(names[i]);
	t->s->nregions = n;
	return 0;
}

static void join_list(char *const *names, size_t n, char *out, size_t outlen)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n && len < outlen; i++)
		len += (size_t)snprintf(out + len, outlen - len, "%s%s", i ? ", " : "", names[i]);
}

static bool f_regions(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		      size_t outlen)
{
	(void)o;
	join_list(t->s->regions, t->s->nregions, out, outlen);
	return idx == 0;
}

static int p_range(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		   size_t errlen)
{
	char sh[SHOWN_LEN];
	int i;

	(void)o;
	for (i = 0; i < RANGE_COUNT; i++) {
		if (!strcasecmp(text, settings_range_names[i])) {
			t->s->range_index = i;
			return 0;
		}
	}
	snprintf(err, errlen, "'%s' is not a time range (15m, 1h, 3h, 12h or 24h)",
		 shown(sh, sizeof(sh), text));
	return -1;
}

static bool f_range(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		    size_t outlen)
{
	int i = t->s->range_index;

	(void)o;
	snprintf(out, outlen, "%s", settings_range_names[i >= 0 && i < RANGE_COUNT ? i : 1]);
	return idx == 0;
}

static int p_defaults(const struct opt_def *o, const struct opt_target *t, const char *text,
		      char *err, size_t errlen)
{
	return parse_bool(o, text, &settings_priv_get(t->s)->keep_defaults, err, errlen);
}

/* --print-config lists every metric, so the printed file never needs the
 * built-ins added back. */
static bool f_defaults(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		       size_t outlen)
{
	(void)o, (void)t;
	snprintf(out, outlen, "no");
	return idx == 0;
}

/* The run mode: the strongest flag wins (--help over --version over
 * --print-config over --once), whatever their order. */
static void set_mode(struct settings *s, enum run_mode mode)
{
	static const int rank[] = {
		[MODE_DASHBOARD] = 0,    [MODE_ONCE] = 1,    [MODE_PRINT_CONFIG] = 2,
		[MODE_LIST_OPTIONS] = 3, [MODE_VERSION] = 4, [MODE_HELP] = 5,
	};

	if (rank[mode] > rank[s->mode])
		s->mode = mode;
}

static int p_mode(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		  size_t errlen)
{
	(void)text, (void)err, (void)errlen;
	set_mode(t->s, (enum run_mode)o->off);
	return 0;
}

static int p_json(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		  size_t errlen)
{
	(void)o, (void)text, (void)err, (void)errlen;
	t->s->json = true;
	set_mode(t->s, MODE_ONCE);
	return 0;
}

static int p_endpoint(const struct opt_def *o, const struct opt_target *t, const char *text,
		      char *err, size_t errlen)
{
	char sh[SHOWN_LEN];

	if ((strncmp(text, "http://", 7) && strncmp(text, "https://", 8)) || strchr(text, ' ')) {
		snprintf(err, errlen, "'%s' is not an http:// or https:// URL",
			 shown(sh, sizeof(sh), text));
		return -1;
	}
	return p_str(o, t, text, err, errlen);
}

/* ---- metric options --------------------------------------------------------------- */

static int p_namespace(const struct opt_def *o, const struct opt_target *t, const char *text,
		       char *err, size_t errlen)
{
	/* CloudWatch's namespace alphabet. */
	if (strspn(text, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._-/#: ") !=
	    strlen(text))
		return type_error(o, text, err, errlen);
	return p_str(o, t, text, err, errlen);
}

static int p_dimension(const struct opt_def *o, const struct opt_target *t, const char *text,
		       char *err, size_t errlen)
{
	struct metric_def *m = t->m;
	char copy[1024], sh[SHOWN_LEN], *eq, *name, *value;
	size_t i;

	(void)o;
	snprintf(copy, sizeof(copy), "%s", text);
	eq = strchr(copy, '=');
	if (eq)
		*eq = '\0';
	name = text_trim(copy);
	value = eq ? text_trim(eq + 1) : "";
	if (!*name) {
		snprintf(err, errlen, "'%s' has no name (write Name=Value)",
			 shown(sh, sizeof(sh), text));
		return -1;
	}
	if (!*value) {
		snprintf(err, errlen, "'%s' has no value (write %s=Value)",
			 shown(sh, sizeof(sh), name), sh);
		return -1;
	}
	if (strlen(name) > 255 || strlen(value) > 1024) {
		snprintf(err, errlen, "'%s' is too long (name at most 255, value 1024)",
			 shown(sh, sizeof(sh), name));
		return -1;
	}
	for (i = 0; i < m->ndims; i++) {
		if (!strcmp(m->dims[i].name, name)) {
			snprintf(err, errlen, "'%s' is given twice", shown(sh, sizeof(sh), name));
			return -1;
		}
	}
	if (m->ndims == METRIC_MAX_DIMS) {
		snprintf(err, errlen, "more than %d dimensions", METRIC_MAX_DIMS);
		return -1;
	}
	m->dims[m->ndims].name = xstrdup(name);
	m->dims[m->ndims].value = xstrdup(value);
	m->ndims++;
	return 0;
}

static bool f_dimension(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
			size_t outlen)
{
	(void)o;
	if (t->m->expression || idx >= t->m->ndims)
		return false;
	snprintf(out, outlen, "%s=%s", t->m->dims[idx].name, t->m->dims[idx].value);
	return true;
}

/* Namespace and metric are printed for plain metrics, expression for
 * expressions: a config never has both. */
static bool f_plain_str(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
			size_t outlen)
{
	return !t->m->expression && f_str(o, t, idx, out, outlen);
}

static int p_stats(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		   size_t errlen)
{
	char copy[1024], *items[METRIC_MAX_STATS], canon[METRIC_MAX_STATS][64];
	struct metric_def *m = t->m;
	int n, i, j;

	(void)o;
	n = split_list(text, copy, sizeof(copy), items, METRIC_MAX_STATS, "statistics", err,
		       errlen);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!stat_canonical(items[i], canon[i], sizeof(canon[i]))) {
			stat_error(items[i], err, errlen);
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(canon[i], canon[j])) {
				snprintf(err, errlen, "statistic '%s' is listed twice", canon[i]);
				return -1;
			}
		}
	}
	for (i = 0; i < (int)m->nstats; i++) {
		free(m->stats[i]);
		m->stats[i] = NULL;
	}
	for (i = 0; i < n; i++)
		m->stats[i] = xstrdup(canon[i]);
	m->nstats = (size_t)n;
	m->stat_index = 0;
	return 0;
}

static bool f_stats(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		    size_t outlen)
{
	(void)o;
	join_list(t->m->stats, t->m->nstats, out, outlen);
	return idx == 0 && !t->m->expression && t->m->nstats;
}

static int p_period(const struct opt_def *o, const struct opt_target *t, const char *text,
		    char *err, size_t errlen)
{
	long v;

	if (parse_long(o, text, &v, err, errlen))
		return -1;
	if (v != 1 && v != 5 && v != 10 && v != 30 && v % 60) {
		snprintf(err, errlen, "%ld is not 1, 5, 10, 30 or a multiple of 60", v);
		return -1;
	}
	t->m->period = (int)v;
	return 0;
}

static int p_threshold(const struct opt_def *o, const struct opt_target *t, const char *text,
		       char *err, size_t errlen)
{
	if (p_num(o, t, text, err, errlen))
		return -1;
	t->m->rule.enabled = true;
	return 0;
}

static int p_fill(const struct opt_def *o, const struct opt_target *t, const char *text, char *err,
		  size_t errlen)
{
	if (p_num(o, t, text, err, errlen))
		return -1;
	t->m->has_fill = true;
	return 0;
}

static bool f_fill(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		   size_t outlen)
{
	return t->m->has_fill && f_num(o, t, idx, out, outlen);
}

/* Rule keys are printed only for a metric that has an alarm rule. */
static bool f_rule_num(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		       size_t outlen)
{
	return t->m->rule.enabled && f_num(o, t, idx, out, outlen);
}

static bool f_rule_int(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		       size_t outlen)
{
	return t->m->rule.enabled && f_int(o, t, idx, out, outlen);
}

static const struct {
	const char *op, *name;
	enum cmp_op cmp;
} comparisons[] = {
	{">", "GreaterThanThreshold", CMP_GT},
	{">=", "GreaterThanOrEqualToThreshold", CMP_GE},
	{"<", "LessThanThreshold", CMP_LT},
	{"<=", "LessThanOrEqualToThreshold", CMP_LE},
};

static int p_comparison(const struct opt_def *o, const struct opt_target *t, const char *text,
			char *err, size_t errlen)
{
	char sh[SHOWN_LEN];
	struct suggest sg;
	size_t i;

	(void)o;
	suggest_init(&sg, text);
	for (i = 0; i < 4; i++) {
		if (!strcmp(text, comparisons[i].op) || !strcmp(text, comparisons[i].name)) {
			t->m->rule.cmp = comparisons[i].cmp;
			return 0;
		}
		suggest_consider(&sg, comparisons[i].name);
	}
	if (suggest_result(&sg))
		snprintf(err, errlen, "unknown comparison '%s' (did you mean '%s'?)",
			 shown(sh, sizeof(sh), text), suggest_result(&sg));
	else
		snprintf(err, errlen, "unknown comparison '%s' (>, >=, <, <= or CloudWatch's name)",
			 shown(sh, sizeof(sh), text));
	return -1;
}

static bool f_comparison(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
			 size_t outlen)
{
	size_t i;

	(void)o;
	for (i = 0; i < 4; i++)
		if (comparisons[i].cmp == t->m->rule.cmp)
			snprintf(out, outlen, "%s", comparisons[i].op);
	return idx == 0 && t->m->rule.enabled;
}

/* datapoints: "M", or "M of N" which sets periods too. */
static int p_datapoints(const struct opt_def *o, const struct opt_target *t, const char *text,
			char *err, size_t errlen)
{
	char copy[64], *of;
	long m, n;

	snprintf(copy, sizeof(copy), "%s", text);
	of = strstr(copy, " of ");
	if (of)
		*of = '\0';
	if (parse_long(o, text_trim(copy), &m, err, errlen))
		return -1;
	if (of) {
		if (parse_long(&opt_table[OPT_M_PERIODS], text_trim(of + 4), &n, err, errlen))
			return -1;
		t->m->rule.periods = (int)n;
		t->mx->at[OPT_M_PERIODS] = t->at;
	}
	t->m->rule.datapoints = (int)m;
	return 0;
}

static int p_metric_regions(const struct opt_def *o, const struct opt_target *t, const char *text,
			    char *err, size_t errlen)
{
	char copy[1024], *names[MAX_REGIONS], joined[1024];
	size_t n;

	(void)o;
	if (parse_regions(text, names, &n, copy, sizeof(copy), err, errlen))
		return -1;
	join_list(names, n, joined, sizeof(joined));
	set_string(&t->mx->regions, joined);
	return 0;
}

static bool f_metric_regions(const struct opt_def *o, const struct opt_target *t, size_t idx,
			     char *out, size_t outlen)
{
	char *names[MAX_REGIONS];
	size_t i, n = 0;

	(void)o;
	if (!t->mx->regions || idx)
		return false;
	/* The regions it is watched in now (--regions may have left some
	 * out), so the printed file reads back without errors. */
	for (i = 0; i < t->s->nregions && i < 32; i++)
		if (t->m->region_mask & (1u << i))
			names[n++] = t->s->regions[i];
	join_list(names, n, out, outlen);
	return n > 0;
}

/* ---- the table ----------------------------------------------------------------- */

#define S_OFF(f) offsetof(struct settings, f)
#define M_OFF(f) offsetof(struct metric_def, f)

const struct opt_def opt_table[OPT_COUNT] = {
	[OPT_REGIONS] = {.key = "regions",
			 .flag = "regions",
			 .scope = SCOPE_GLOBAL,
			 .metavar = "LIST",
			 .type = "a list of regions",
			 .def = "us-east-1, eu-west-1, ap-south-1",
			 .range = "1 to 16 region names",
			 .help = "The AWS regions to watch, comma-separated, in display order.",
			 .parse = p_regions,
			 .format = f_regions},
	[OPT_PROFILE] =
		{.key = "profile",
		 .flag = "profile",
		 .scope = SCOPE_GLOBAL,
		 .metavar = "NAME",
		 .type = "a profile name",
		 .range = "1 to 128 bytes, no control characters",
		 .help = "The AWS profile to use (default: AWS_PROFILE, else AWS_DEFAULT_PROFILE, "
			 "else default).",
		 .off = S_OFF(profile),
		 .min = 1,
		 .max = 128,
		 .parse = p_profile,
		 .format = f_str},
	[OPT_REFRESH] =
		{.key = "refresh",
		 .flag = "refresh",
		 .scope = SCOPE_GLOBAL,
		 .metavar = "SECONDS",
		 .type = "a number of seconds",
		 .def = "0",
		 .range = "0 to 3600",
		 .help = "Seconds between polls, 0 to 3600; 0 polls once per metric period.",
		 .off = S_OFF(refresh),
		 .max = 3600,
		 .parse = p_int,
		 .format = f_int},
	[OPT_RANGE] = {.key = "range",
		       .flag = "range",
		       .scope = SCOPE_GLOBAL,
		       .metavar = "RANGE",
		       .type = "a time range",
		       .def = "1h",
		       .range = "15m, 1h, 3h, 12h or 24h",
		       .help = "The time range the charts show at start: 15m, 1h, 3h, 12h or 24h.",
		       .parse = p_range,
		       .format = f_range},
	[OPT_THEME] = {.key = "theme",
		       .flag = "theme",
		       .scope = SCOPE_GLOBAL,
		       .metavar = "NAME",
		       .type = "a theme name",
		       .def = "default",
		       .range = "1 to 64 letters, digits, '_', '-' or '.'",
		       .help = "The color theme, read from NAME.theme.",
		       .off = S_OFF(theme),
		       .min = 1,
		       .max = 64,
		       .parse = p_word,
		       .format = f_str},
	[OPT_BELL] = {.key = "bell",
		      .scope = SCOPE_GLOBAL,
		      .type = "yes or no",
		      .def = "yes",
		      .range = "yes or no",
		      .help = "Ring the terminal bell when a metric goes into ALARM.",
		      .off = S_OFF(bell),
		      .parse = p_bool,
		      .format = f_bool},
	[OPT_LAG] = {.key = "lag",
		     .scope = SCOPE_GLOBAL,
		     .type = "a number of seconds",
		     .def = "60",
		     .range = "0 to 900",
		     .help = "Seconds CloudWatch takes to publish a period; older data is STALE.",
		     .off = S_OFF(lag),
		     .max = 900,
		     .parse = p_int,
		     .format = f_int},
	[OPT_CW_ALARMS] = {.key = "cloudwatch_alarms",
			   .scope = SCOPE_GLOBAL,
			   .type = "yes or no",
			   .def = "yes",
			   .range = "yes or no",
			   .help = "Show CloudWatch's own alarms (DescribeAlarms, every 5 minutes) "
				   "beside the panes they watch.",
			   .off = S_OFF(cloudwatch_alarms),
			   .parse = p_bool,
			   .format = f_bool},
	[OPT_DEFAULTS] =
		{.key = "defaults",
		 .scope = SCOPE_GLOBAL,
		 .type = "yes or no",
		 .def = "no",
		 .range = "yes or no",
		 .help = "Keep the built-in metrics and add the file's [metric] sections to them.",
		 .parse = p_defaults,
		 .format = f_defaults},

	[OPT_CONFIG] = {.flag = "config",
			.short_flag = 'c',
			.scope = SCOPE_RUN,
			.metavar = "FILE",
			.type = "a file name",
			.help = "Read the configuration from FILE instead of the default file.",
			.off = S_OFF(config_path),
			.min = 1,
			.max = 4096,
			.parse = p_str},
	[OPT_NO_BELL] = {.flag = "no-bell",
			 .scope = SCOPE_RUN,
			 .help = "Never ring the terminal bell (sets bell = no).",
			 .off = S_OFF(bell),
			 .parse = p_clear},
	[OPT_NO_CW_ALARMS] = {.flag = "no-cloudwatch-alarms",
			      .scope = SCOPE_RUN,
			      .help = "Never call DescribeAlarms (sets cloudwatch_alarms = no).",
			      .off = S_OFF(cloudwatch_alarms),
			      .parse = p_clear},
	[OPT_NO_COLOR] = {.flag = "no-color",
			  .scope = SCOPE_RUN,
			  .help = "Draw without colors, as when NO_COLOR is set.",
			  .off = S_OFF(no_color),
			  .parse = p_set},
	[OPT_ONCE] =
		{.flag = "once",
		 .scope = SCOPE_RUN,
		 .help = "Poll every region once, print the values and alarm states, and exit.",
		 .off = MODE_ONCE,
		 .parse = p_mode},
	[OPT_JSON] = {.flag = "json",
		      .scope = SCOPE_RUN,
		      .help = "With --once, print JSON instead of a table (implies --once).",
		      .parse = p_json},
	[OPT_DEMO] =
		{.flag = "demo",
		 .scope = SCOPE_RUN,
		 .help = "Watch a simulated deployment served in-process; no AWS account needed.",
		 .off = S_OFF(demo),
		 .parse = p_set},
	[OPT_SPEED] = {.flag = "speed",
		       .scope = SCOPE_RUN,
		       .metavar = "X",
		       .type = "a number",
		       .def = "1",
		       .range = "0.01 to 1000",
		       .help = "Run the clock X times faster than real time (default: 1; 20 with "
			       "--demo).",
		       .off = S_OFF(speed),
		       .min = 0.01,
		       .max = 1000,
		       .parse = p_num},
	[OPT_EPOCH] = {.flag = "epoch",
		       .scope = SCOPE_RUN,
		       .metavar = "T",
		       .type = "a number",
		       .def = "0",
		       .range = "0 to 4000000000",
		       .help = "Anchor the faster clock at epoch second T (default: now), so "
			       "cwtop and cwtop-sim agree on the time.",
		       .off = S_OFF(epoch),
		       .max = 4000000000.0,
		       .parse = p_num},
	[OPT_ENDPOINT] =
		{.flag = "endpoint",
		 .scope = SCOPE_RUN,
		 .metavar = "URL",
		 .type = "a URL",
		 .range = "an http:// or https:// URL",
		 .help = "Send every CloudWatch request to URL instead of the region's endpoint.",
		 .off = S_OFF(endpoint),
		 .min = 1,
		 .max = 1024,
		 .parse = p_endpoint},
	[OPT_MAX_POLLS] = {.flag = "max-polls",
			   .scope = SCOPE_RUN,
			   .metavar = "N",
			   .type = "a whole number",
			   .def = "0",
			   .range = "0 to 1000000",
			   .help = "Exit after N polls of every region; 0 never exits.",
			   .off = S_OFF(max_polls),
			   .max = 1000000,
			   .parse = p_int},
	[OPT_PRINT_CONFIG] =
		{.flag = "print-config",
		 .scope = SCOPE_RUN,
		 .help = "Print the effective configuration, with where each value came "
			 "from, and exit.",
		 .off =
			 MODE_PRINT_CONFIG,
		 .parse = p_mode},
	[OPT_HELP] = {.flag = "help",
		      .short_flag = 'h',
		      .scope = SCOPE_RUN,
		      .help = "Print this help and exit.",
		      .off = MODE_HELP,
		      .parse = p_mode},
	[OPT_VERSION] = {.flag = "version",
			 .short_flag = 'V',
			 .scope = SCOPE_RUN,
			 .help = "Print the version and exit.",
			 .off = MODE_VERSION,
			 .parse = p_mode},
	[OPT_LIST_OPTIONS] = {.flag = "list-options",
			      .scope = SCOPE_RUN,
			      .help = "List every option and config key, for the man-page check.",
			      .hidden = true,
			      .off = MODE_LIST_OPTIONS,
			      .parse = p_mode},

	[OPT_M_LABEL] = {.key = "label",
			 .scope = SCOPE_METRIC,
			 .type = "a label",
			 .range = "1 to 64 characters",
			 .help = "The pane's title (default: the section's NAME).",
			 .off = M_OFF(label),
			 .min = 1,
			 .max = 64,
			 .parse = p_str,
			 .format = f_str},
	[OPT_M_NAMESPACE] = {.key = "namespace",
			     .scope = SCOPE_METRIC,
			     .type = "a CloudWatch namespace",
			     .range = "1 to 255 characters",
			     .help = "The metric's CloudWatch namespace, like AWS/Lambda.",
			     .off = M_OFF(namespace_),
			     .min = 1,
			     .max = 255,
			     .parse = p_namespace,
			     .format = f_plain_str},
	[OPT_M_METRIC] = {.key = "metric",
			  .scope = SCOPE_METRIC,
			  .type = "a metric name",
			  .range = "1 to 255 characters",
			  .help = "The metric's name, like Latency.",
			  .off = M_OFF(metric_name),
			  .min = 1,
			  .max = 255,
			  .parse = p_str,
			  .format = f_plain_str},
	[OPT_M_DIMENSION] = {.key = "dimension",
			     .scope = SCOPE_METRIC,
			     .type = "Name=Value",
			     .range = "at most 30 per metric",
			     .help = "One dimension of the metric, as Name=Value; repeat for more.",
			     .parse = p_dimension,
			     .format = f_dimension},
	[OPT_M_EXPRESSION] =
		{
			.key = "expression",
			.scope = SCOPE_METRIC,
			.type = "an expression",
			.range = "1 to 1024 characters",
			.help = "A metric math or SEARCH expression, instead of namespace, metric "
				"and dimension.",
			.off = M_OFF(expression),
			.min = 1,
			.max = 1024,
			.parse = p_str,
			.format = f_str},
	[OPT_M_STATS] =
		{.key = "stats",
		 .scope = SCOPE_METRIC,
		 .type = "a list of statistics",
		 .def =
			 "Average",
		 .range = "1 to 4 statistics",
		 .help = "The statistics the s key cycles through; the first is shown at start.",
		 .parse = p_stats,
		 .format = f_stats},
	[OPT_M_PERIOD] = {.key = "period",
			  .scope = SCOPE_METRIC,
			  .type = "a number of seconds",
			  .def = "60",
			  .range = "1, 5, 10, 30 or a multiple of 60 up to 86400",
			  .help = "The length of one datapoint, in seconds.",
			  .off = M_OFF(period),
			  .min = 1,
			  .max = 86400,
			  .parse = p_period,
			  .format = f_int},
	[OPT_M_UNIT] = {.key = "unit",
			.scope = SCOPE_METRIC,
			.type = "a unit",
			.def = "",
			.range = "0 to 16 characters",
			.help = "The unit values are shown in: ms, /s, %, s, or empty for a count.",
			.off = M_OFF(unit),
			.max = 16,
			.parse = p_str,
			.format = f_str},
	[OPT_M_SCALE] = {.key = "scale",
			 .scope = SCOPE_METRIC,
			 .type = "a number",
			 .def = "1",
			 .range = "more than 0, at most 1e12",
			 .help = "Multiply CloudWatch's values by this before showing them.",
			 .off = M_OFF(scale),
			 .min = 1e-12,
			 .max = 1e12,
			 .parse = p_num,
			 .format = f_num},
	[OPT_M_FILL] = {.key = "fill",
			.scope = SCOPE_METRIC,
			.type = "a number",
			.range = "any number",
			.help = "Count a period CloudWatch returned nothing for as this value "
				"(as metric math's FILL; 0 for sparse counts such as throttles).",
			.off = M_OFF(fill),
			.min = -1e300,
			.max = 1e300,
			.parse = p_fill,
			.format = f_fill},
	[OPT_M_PER_SECOND] = {.key = "per_second",
			      .scope = SCOPE_METRIC,
			      .type = "yes or no",
			      .def = "no",
			      .range = "yes or no",
			      .help = "Divide each value by the period: a Sum becomes a rate.",
			      .off = M_OFF(per_second),
			      .parse = p_bool,
			      .format = f_bool},
	[OPT_M_THRESHOLD] = {.key = "threshold",
			     .scope = SCOPE_METRIC,
			     .type = "a number",
			     .range = "any number",
			     .help = "The alarm threshold, in display units; without it, no alarm.",
			     .off = M_OFF(rule.threshold),
			     .min = -1e300,
			     .max = 1e300,
			     .parse = p_threshold,
			     .format = f_rule_num},
	[OPT_M_COMPARISON] = {.key = "comparison",
			      .scope = SCOPE_METRIC,
			      .type = "a comparison",
			      .def = ">",
			      .range = ">, >=, <, <= or GreaterThanThreshold, ...",
			      .help = "How a value is compared with the threshold.",
			      .parse = p_comparison,
			      .format = f_comparison},
	[OPT_M_DATAPOINTS] =
		{
			.key = "datapoints",
			.scope = SCOPE_METRIC,
			.type = "a whole number",
			.range = "1 to periods; or M of N",
			.help = "How many of the last periods must breach for ALARM (M of N).",
			.off = M_OFF(rule.datapoints),
			.min = 1,
			.max = 1440,
			.parse = p_datapoints,
			.format = f_rule_int},
	[OPT_M_PERIODS] = {.key = "periods",
			   .scope = SCOPE_METRIC,
			   .type = "a whole number",
			   .def = "1",
			   .range = "1 to 1440; periods x period at most 86400",
			   .help = "How many of the newest periods the alarm looks at (N).",
			   .off = M_OFF(rule.periods),
			   .min = 1,
			   .max = 1440,
			   .parse = p_int,
			   .format = f_rule_int},
	[OPT_M_WARN_RATIO] = {.key = "warn_ratio",
			      .scope = SCOPE_METRIC,
			      .type = "a number",
			      .def = "0.8",
			      .range = "0 to 1",
			      .help = "WARN when the value is past this share of the threshold.",
			      .off = M_OFF(rule.warn_ratio),
			      .max = 1,
			      .parse = p_num,
			      .format = f_rule_num},
	[OPT_M_REGIONS] = {.key = "regions",
			   .scope = SCOPE_METRIC,
			   .type = "a list of regions",
			   .range = "regions of the global list",
			   .help = "Watch this metric in these regions only (default: all).",
			   .parse = p_metric_regions,
			   .format = f_metric_regions},
};

/* ---- lookups ------------------------------------------------------------------ */

int opt_find_key(const char *key, enum opt_scope scope)
{
	int i;

	for (i = 0; i < OPT_COUNT; i++)
		if (opt_table[i].key && opt_table[i].scope == scope &&
		    !strcmp(opt_table[i].key, key))
			return i;
	return -1;
}

const char *opt_suggest_key(const char *key, enum opt_scope scope)
{
	struct suggest sg;
	int i;

	suggest_init(&sg, key);
	for (i = 0; i < OPT_COUNT; i++)
		if (opt_table[i].key && opt_table[i].scope == scope)
			suggest_consider(&sg, opt_table[i].key);
	return suggest_result(&sg);
}

/* text_clean: printable UTF-8 only; what sanitize would change is not. */
static bool text_clean(const char *text)
{
	char out[2048];
	size_t len = strlen(text);

	if (len >= sizeof(out))
		return false;
	sanitize_copy(out, sizeof(out), text, len);
	return strcmp(out, text) == 0;
}

int opt_apply(int id, const struct opt_target *t, const char *text, char *err, size_t errlen)
{
	if (text && !text_clean(text)) {
		char sh[SHOWN_LEN];

		snprintf(err, errlen, "'%s' has control characters or is not valid UTF-8",
			 shown(sh, sizeof(sh), text));
		return -1;
	}
	return opt_table[id].parse(&opt_table[id], t, text, err, errlen);
}

/* ---- metrics -------------------------------------------------------------------- */

bool metric_id_valid(const char *id, char *err, size_t errlen)
{
	char sh[SHOWN_LEN];
	const char *p;

	for (p = id; *p && (is_alnum(*p) || *p == '_' || *p == '-'); p++)
		;
	if (!*id || *p || !(is_lower(id[0]) || (id[0] >= 'A' && id[0] <= 'Z')) || strlen(id) > 40) {
		snprintf(err, errlen,
			 "'%s' is not a metric name (a letter, then letters, digits, '_' or "
			 "'-'; at most 40)",
			 shown(sh, sizeof(sh), id));
		return false;
	}
	return true;
}

void metric_blank(struct metric_def *m, struct metric_extra *mx, const char *id)
{
	struct opt_target t = {NULL, m, mx, {ORIGIN_DEFAULT, 0, 0}};
	char err[256];
	int i;

	memset(m, 0, sizeof(*m));
	memset(mx, 0, sizeof(*mx));
	m->id = xstrdup(id);
	m->label = xstrdup(id);
	m->region_mask = UINT32_MAX;
	for (i = 0; i < OPT_COUNT; i++) {
		if (opt_table[i].scope == SCOPE_METRIC && opt_table[i].def)
			opt_table[i].parse(&opt_table[i], &t, opt_table[i].def, err, sizeof(err));
	}
}

static bool key_set(const struct metric_extra *mx, int id)
{
	return mx->at[id].kind == ORIGIN_FILE;
}

/* report_at: a problem on the line of key id, or the section's line. */
static void report_at(const struct metric_extra *mx, int id,
		      void (*report)(void *, int, const char *), void *ctx, const char *msg)
{
	report(ctx, id >= 0 && key_set(mx, id) ? mx->at[id].line : mx->section_line, msg);
}

static int finish_expression(struct metric_def *m, struct metric_extra *mx,
			     void (*report)(void *, int, const char *), void *ctx)
{
	static const int plain_only[] = {OPT_M_NAMESPACE, OPT_M_METRIC, OPT_M_DIMENSION,
					 OPT_M_STATS};
	char msg[160];
	size_t i;
	int errs = 0;

	for (i = 0; i < sizeof(plain_only) / sizeof(plain_only[0]); i++) {
		if (!key_set(mx, plain_only[i]))
			continue;
		snprintf(msg, sizeof(msg), "'%s' cannot be used with 'expression'%s",
			 opt_table[plain_only[i]].key,
			 plain_only[i] == OPT_M_STATS ? " (the expression names its statistic)"
						      : "");
		report_at(mx, plain_only[i], report, ctx, msg);
		errs++;
	}
	/* An expression names its own statistic: nothing for `s` to cycle. */
	for (i = 0; i < m->nstats; i++) {
		free(m->stats[i]);
		m->stats[i] = NULL;
	}
	m->nstats = 0;
	return errs;
}

static int finish_plain(struct metric_def *m, struct metric_extra *mx,
			void (*report)(void *, int, const char *), void *ctx)
{
	char msg[200];

	if (m->namespace_ && m->metric_name)
		return 0;
	snprintf(msg, sizeof(msg),
		 "[metric %s] has no %s: give namespace and metric, or expression", m->id,
		 !m->namespace_ && !m->metric_name ? "namespace and metric"
		 : !m->namespace_                  ? "namespace"
						   : "metric");
	report(ctx, mx->section_line, msg);
	return 1;
}

static int finish_rule(struct metric_def *m, struct metric_extra *mx,
		       void (*report)(void *, int, const char *), void *ctx)
{
	static const int rule_keys[] = {OPT_M_COMPARISON, OPT_M_DATAPOINTS, OPT_M_PERIODS,
					OPT_M_WARN_RATIO};
	struct alarm_rule *r = &m->rule;
	char msg[200];
	size_t i;
	int errs = 0;

	if (!r->enabled) {
		for (i = 0; i < sizeof(rule_keys) / sizeof(rule_keys[0]); i++) {
			if (!key_set(mx, rule_keys[i]))
				continue;
			snprintf(msg, sizeof(msg), "'%s' needs a threshold",
				 opt_table[rule_keys[i]].key);
			report_at(mx, rule_keys[i], report, ctx, msg);
			errs++;
		}
		memset(r, 0, sizeof(*r));
		return errs;
	}
	/* As CloudWatch: DatapointsToAlarm defaults to EvaluationPeriods. */
	if (!key_set(mx, OPT_M_PERIODS) && key_set(mx, OPT_M_DATAPOINTS))
		r->periods = r->datapoints;
	if (!key_set(mx, OPT_M_DATAPOINTS))
		r->datapoints = r->periods;
	if (r->datapoints > r->periods) {
		snprintf(msg, sizeof(msg),
			 "datapoints (%d) is more than periods (%d): M of N needs M <= N",
			 r->datapoints, r->periods);
		report_at(mx, OPT_M_DATAPOINTS, report, ctx, msg);
		errs++;
	}
	if ((long)r->periods * m->period > 86400) {
		snprintf(msg, sizeof(msg), "periods x period is %ld seconds; at most 86400 (a day)",
			 (long)r->periods * m->period);
		report_at(mx, OPT_M_PERIODS, report, ctx, msg);
		errs++;
	}
	return errs;
}

int metric_finish(struct metric_def *m, struct metric_extra *mx,
		  void (*report)(void *ctx, int line, const char *msg), void *ctx)
{
	int errs;

	if (m->expression)
		errs = finish_expression(m, mx, report, ctx);
	else
		errs = finish_plain(m, mx, report, ctx);
	return errs + finish_rule(m, mx, report, ctx);
}

int metric_resolve_regions(const struct settings *s, struct metric_def *m,
			   const struct metric_extra *mx, bool strict,
			   void (*report)(void *ctx, int line, const char *msg), void *ctx)
{
	char copy[1024], *names[MAX_REGIONS], err[200], msg[800], list[600];
	size_t n, i;
	int idx, errs = 0;

	if (!mx->regions) {
		m->region_mask = UINT32_MAX;
		return 0;
	}
	m->region_mask = 0;
	if (parse_regions(mx->regions, names, &n, copy, sizeof(copy), err, sizeof(err)))
		return 0; /* checked when it was read */
	join_list(s->regions, s->nregions, list, sizeof(list));
	for (i = 0; i < n; i++) {
		idx = settings_region_index(s, names[i]);
		if (idx >= 0) {
			m->region_mask |= 1u << idx;
		} else if (strict) {
			snprintf(msg, sizeof(msg),
				 "region '%s' of [metric %s] is not in regions (%s)", names[i],
				 m->id, list);
			report(ctx, mx->at[OPT_M_REGIONS].line, msg);
			errs++;
		}
	}
	return errs;
}
