/* config_file: cwtop's INI config file, read with libinih.
 *
 * libinih splits "key = value" lines; the reader below feeds it one line
 * at a time from memory, which is what lets every error carry its line
 * number and lets all of them be listed: the reader itself checks what
 * libinih would only report as "the first bad line" (a line too long for
 * its 200-byte buffer, a NUL byte, a line that is not "key = value"), and
 * it handles the section headers so that an empty or repeated [metric]
 * section is seen too. Indentation is ignored: no line continues another. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "src/file_read.h"
#include "src/metric_def.h"
#include "src/sanitize.h"
#include "src/settings.h"
#include "src/settings_impl.h"
#include "src/suggest.h"
#include "src/text.h"
#include "src/xalloc.h"

#define CONFIG_MAX_BYTES       (1024 * 1024)
#define CONFIG_MAX_METRICS     64
#define CONFIG_MAX_KEPT_ERRORS 1000 /* kept for sorting; the rest only counted */

enum section_kind { SEC_NONE, SEC_CWTOP, SEC_METRIC, SEC_BAD };

/* A problem found, kept until the end so that the list is in line order
 * (some checks can only run once the whole file is read). */
struct file_error {
	int line;
	size_t seq;
	char *msg;
};

struct cfile {
	struct settings *s;
	const char *path; /* sanitized, for messages */
	struct file_error *ferrs;
	size_t nferrs, dropped;
	/* the input, and where the reader is */
	const char *data;
	size_t len, pos;
	int line;
	/* the section being read */
	enum section_kind sec;
	int global_seen[OPT_COUNT]; /* line a [cwtop] key was set on, 0: not yet */
	/* the [metric] sections, in file order */
	struct metric_def *fm;
	struct metric_extra *fx;
	size_t nfm;
};

static void report(void *ctx, int line, const char *msg)
{
	struct cfile *c = ctx;

	if (c->nferrs == CONFIG_MAX_KEPT_ERRORS) {
		c->dropped++;
		return;
	}
	c->ferrs = xreallocarray(c->ferrs, c->nferrs + 1, sizeof(*c->ferrs));
	c->ferrs[c->nferrs] = (struct file_error){line, c->nferrs, xstrdup(msg)};
	c->nferrs++;
}

static int by_line(const void *a, const void *b)
{
	const struct file_error *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* list_errors: the problems, in line order, into e. */
static void list_errors(struct cfile *c, struct errlist *e)
{
	size_t i;

	if (c->nferrs)
		qsort(c->ferrs, c->nferrs, sizeof(*c->ferrs), by_line);
	for (i = 0; i < c->nferrs; i++) {
		errs_add(e, "%s:%d: %s", c->path, c->ferrs[i].line, c->ferrs[i].msg);
		free(c->ferrs[i].msg);
	}
	free(c->ferrs);
	e->count += (int)c->dropped;
}

static void reportf(struct cfile *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reportf(struct cfile *c, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report(c, c->line, msg);
}

/* ---- sections ----------------------------------------------------------- */

static int find_metric(const struct metric_def *ms, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(ms[i].id, id))
			return (int)i;
	return -1;
}

static void start_metric(struct cfile *c, const char *id)
{
	char err[200];
	int dup;

	if (!metric_id_valid(id, err, sizeof(err))) {
		reportf(c, "%s", err);
		c->sec = SEC_BAD;
		return;
	}
	dup = find_metric(c->fm, c->nfm, id);
	if (dup >= 0) {
		reportf(c, "metric '%s' is defined twice (first at line %d)", id,
			c->fx[dup].section_line);
		c->sec = SEC_BAD;
		return;
	}
	if (c->nfm == CONFIG_MAX_METRICS) {
		reportf(c, "more than %d [metric] sections", CONFIG_MAX_METRICS);
		c->sec = SEC_BAD;
		return;
	}
	c->fm = xreallocarray(c->fm, c->nfm + 1, sizeof(*c->fm));
	c->fx = xreallocarray(c->fx, c->nfm + 1, sizeof(*c->fx));
	metric_blank(&c->fm[c->nfm], &c->fx[c->nfm], id);
	c->fx[c->nfm].section_line = c->line;
	c->nfm++;
	c->sec = SEC_METRIC;
}

static void unknown_section(struct cfile *c, const char *name)
{
	char sh[SHOWN_LEN], word[SUGGEST_MAX_LEN + 1];
	const char *rest = name + strcspn(name, " \t");
	struct suggest sg;

	/* "[metrics latency]" is a typo of "metric"; "[cwtp]" of "cwtop". */
	snprintf(word, sizeof(word), "%.*s", (int)(rest - name), name);
	suggest_init(&sg, word);
	suggest_consider(&sg, "metric");
	if (*rest && suggest_result(&sg)) {
		char sh2[SHOWN_LEN];

		reportf(c, "unknown section '[%s]' (did you mean '[metric%s]'?)",
			shown(sh, sizeof(sh), name), shown(sh2, sizeof(sh2), rest));
		return;
	}
	suggest_init(&sg, name);
	suggest_consider(&sg, "cwtop");
	if (suggest_result(&sg))
		reportf(c, "unknown section '[%s]' (did you mean '[cwtop]'?)",
			shown(sh, sizeof(sh), name));
	else
		reportf(c, "unknown section '[%s]' (sections are [cwtop] and [metric NAME])",
			shown(sh, sizeof(sh), name));
}

/* section_line: a "[...]" line (text starts at '['). */
static void section_line(struct cfile *c, char *text)
{
	char *close = strchr(text, ']'), *after, *name;

	c->sec = SEC_BAD;
	if (!close) {
		reportf(c, "section header has no closing ']'");
		return;
	}
	*close = '\0';
	after = text_trim(close + 1);
	if (*after && *after != '#' && *after != ';') {
		reportf(c, "unexpected text after the section header");
		return;
	}
	name = text_trim(text + 1);
	if (!strcmp(name, "cwtop")) {
		c->sec = SEC_CWTOP;
	} else if (!strcmp(name, "metric")) {
		reportf(c, "[metric] needs a name: [metric NAME]");
	} else if (!strncmp(name, "metric", 6) && (name[6] == ' ' || name[6] == '\t')) {
		start_metric(c, text_trim(name + 6));
	} else {
		unknown_section(c, name);
	}
}

/* ---- the reader libinih pulls lines from ----------------------------------- */

/* has_separator: is there a '=' or ':' before an inline comment, as
 * libinih will look for? */
static bool has_separator(const char *s)
{
	bool was_space = false;

	for (; *s; s++) {
		if (*s == '=' || *s == ':')
			return true;
		if (was_space && *s == ';')
			return false;
		was_space = *s == ' ' || *s == '\t';
	}
	return false;
}

/* give: hand libinih one line (already checked to fit). */
static char *give(char *str, const char *text, size_t len)
{
	memcpy(str, text, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	return str;
}

static char *reader(char *str, int num, void *stream)
{
	struct cfile *c = stream;
	const char *raw, *nl;
	char text[CONFIG_LINE_MAX + 1], *t;
	size_t rawlen, limit;

	if (c->pos >= c->len || num < 4)
		return NULL;
	raw = c->data + c->pos;
	nl = memchr(raw, '\n', c->len - c->pos);
	rawlen = nl ? (size_t)(nl - raw) : c->len - c->pos;
	c->pos += rawlen + (nl ? 1 : 0);
	c->line++;
	if (rawlen && raw[rawlen - 1] == '\r')
		rawlen--;
	if (c->line == 1 && rawlen >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)) {
		raw += 3; /* a UTF-8 byte order mark */
		rawlen -= 3;
	}
	limit = (size_t)num - 3 < CONFIG_LINE_MAX ? (size_t)num - 3 : CONFIG_LINE_MAX;
	if (rawlen > limit) {
		reportf(c, "line is too long (%zu characters; at most %zu)", rawlen, limit);
		return give(str, "", 0);
	}
	if (memchr(raw, '\0', rawlen)) {
		reportf(c, "line contains a NUL byte");
		return give(str, "", 0);
	}
	memcpy(text, raw, rawlen);
	text[rawlen] = '\0';
	t = text_trim(text);
	if (!*t || *t == '#' || *t == ';')
		return give(str, "", 0);
	if (*t == '[') {
		section_line(c, t);
		return give(str, "", 0);
	}
	if (!has_separator(t)) {
		reportf(c, "expected 'key = value' or a [section]");
		return give(str, "", 0);
	}
	return give(str, t, strlen(t));
}

/* ---- the handler libinih calls for each key ----------------------------------- */

/* strip_comment: libinih removes " ; comments"; cwtop also takes "#" at
 * the start of a value or after a blank (what --print-config writes). */
static char *strip_comment(char *v)
{
	char *p;

	for (p = v; *p; p++) {
		if (*p == '#' && (p == v || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	return text_trim(v);
}

/* unquote: a value in double quotes loses them ("" is an empty value,
 * "  x " keeps its blanks). Nothing is escaped inside. */
static char *unquote(char *v)
{
	size_t len = strlen(v);

	if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
		v[len - 1] = '\0';
		return v + 1;
	}
	return v;
}

static void wrong_place(struct cfile *c, const char *key, enum opt_scope scope)
{
	char sh[SHOWN_LEN];
	enum opt_scope other = scope == SCOPE_GLOBAL ? SCOPE_METRIC : SCOPE_GLOBAL;
	const char *hint;

	if (opt_find_key(key, other) >= 0) {
		reportf(c, "key '%s' belongs in %s", key,
			other == SCOPE_GLOBAL ? "[cwtop]" : "a [metric NAME] section");
		return;
	}
	hint = opt_suggest_key(key, scope);
	if (hint)
		reportf(c, "unknown key '%s' (did you mean '%s'?)", shown(sh, sizeof(sh), key),
			hint);
	else
		reportf(c, "unknown key '%s' in %s", shown(sh, sizeof(sh), key),
			scope == SCOPE_GLOBAL ? "[cwtop]" : "a [metric] section");
}

/* first_line: where key id was already set in this section, or 0. */
static int first_line(struct cfile *c, int id)
{
	if (c->sec == SEC_CWTOP)
		return c->global_seen[id];
	if (id == OPT_M_DIMENSION)
		return 0; /* repeated on purpose */
	return c->fx[c->nfm - 1].at[id].kind == ORIGIN_FILE ? c->fx[c->nfm - 1].at[id].line : 0;
}

static void record(struct cfile *c, int id, bool applied)
{
	struct metric_extra *mx;

	if (c->sec == SEC_CWTOP) {
		c->global_seen[id] = c->line;
		settings_set_origin(c->s, id, ORIGIN_FILE, c->line);
		return;
	}
	mx = &c->fx[c->nfm - 1];
	mx->at[id] = (struct origin_at){ORIGIN_FILE, c->line, id};
	if (id == OPT_M_DIMENSION && applied)
		mx->dim_line[c->fm[c->nfm - 1].ndims - 1] = c->line;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct cfile *c = user;
	char v[CONFIG_LINE_MAX + 1], err[400], sh[SHOWN_LEN];
	enum opt_scope scope = c->sec == SEC_CWTOP ? SCOPE_GLOBAL : SCOPE_METRIC;
	struct opt_target t = {c->s, NULL, NULL, {ORIGIN_FILE, c->line, 0}};
	int id, first;
	bool applied;

	(void)section; /* the reader keeps track of sections */
	if (c->sec == SEC_BAD)
		return 1; /* its header was already reported */
	if (c->sec == SEC_NONE) {
		reportf(c, "key '%s' is outside any section (global keys go under [cwtop])",
			shown(sh, sizeof(sh), name));
		return 1;
	}
	id = opt_find_key(name, scope);
	if (id < 0) {
		wrong_place(c, name, scope);
		return 1;
	}
	first = first_line(c, id);
	if (first) {
		reportf(c, "'%s' is already set at line %d", name, first);
		return 1;
	}
	if (scope == SCOPE_METRIC) {
		t.m = &c->fm[c->nfm - 1];
		t.mx = &c->fx[c->nfm - 1];
	}
	t.at.via = id;
	snprintf(v, sizeof(v), "%s", value);
	applied = opt_apply(id, &t, unquote(strip_comment(v)), err, sizeof(err)) == 0;
	if (!applied)
		reportf(c, "%s: %s", name, err);
	record(c, id, applied);
	return 1;
}

/* ---- putting the file's metrics in place --------------------------------------- */

static void free_file_metrics(struct cfile *c, size_t from)
{
	size_t i;

	for (i = from; i < c->nfm; i++) {
		metric_def_free(&c->fm[i]);
		metric_extra_free(&c->fx[i]);
	}
	free(c->fm);
	free(c->fx);
	c->fm = NULL;
	c->fx = NULL;
	c->nfm = 0;
}

/* install_metrics: the file's metrics replace the current ones, or with
 * defaults = yes come after them. */
static void install_metrics(struct cfile *c)
{
	struct settings *s = c->s;
	struct settings_priv *p = settings_priv_get(s);
	size_t i, keep = p->keep_defaults ? s->nmetrics : 0;

	for (i = 0; p->keep_defaults && i < c->nfm; i++) {
		if (find_metric(s->metrics, s->nmetrics, c->fm[i].id) >= 0)
			report(c, c->fx[i].section_line,
			       "a built-in metric has this name too (with defaults = yes, "
			       "choose another)");
	}
	for (i = keep; i < s->nmetrics; i++) {
		metric_def_free(&s->metrics[i]);
		metric_extra_free(&p->mx[i]);
	}
	s->metrics = xreallocarray(s->metrics, keep + c->nfm, sizeof(*s->metrics));
	p->mx = xreallocarray(p->mx, keep + c->nfm, sizeof(*p->mx));
	memcpy(s->metrics + keep, c->fm, c->nfm * sizeof(*c->fm));
	memcpy(p->mx + keep, c->fx, c->nfm * sizeof(*c->fx));
	s->nmetrics = keep + c->nfm;
	s->metrics_from_file = true;
	c->nfm = 0; /* moved, not freed */
	free_file_metrics(c, 0);
}

static void finish_file(struct cfile *c)
{
	struct settings *s = c->s;
	struct settings_priv *p;
	size_t i;

	for (i = 0; i < c->nfm; i++)
		metric_finish(&c->fm[i], &c->fx[i], report, c);
	if (c->nfm)
		install_metrics(c);
	p = settings_priv_get(s);
	/* The global list may come after the metrics in the file. */
	for (i = 0; i < s->nmetrics; i++)
		metric_resolve_regions(s, &s->metrics[i], &p->mx[i], true, report, c);
}

/* ---- reading the file ------------------------------------------------------------ */

static char *read_file(const char *path, const char *shown_path, struct errlist *e, size_t *len)
{
	char *data;
	int errnum;

	/* Not only regular files: /dev/null and <(...) are config files too. */
	switch (file_read(path, CONFIG_MAX_BYTES, false, &data, len, &errnum)) {
	case FILE_READ_OK:
		return data;
	case FILE_READ_DIRECTORY:
		errs_add(e, "%s: is a directory", shown_path);
		break;
	case FILE_READ_TOO_BIG:
		errs_add(e, "%s: larger than %d bytes; is it a config file?", shown_path,
			 CONFIG_MAX_BYTES);
		break;
	case FILE_READ_NOT_REGULAR: /* only with regular_only */
	case FILE_READ_CANNOT_OPEN:
	case FILE_READ_CANNOT_READ:
		errs_add(e, "%s: cannot read: %s", shown_path, strerror(errnum));
		break;
	}
	return NULL;
}

int settings_load_file(struct settings *s, const char *path, char **errs)
{
	struct settings_priv *p = settings_priv_get(s);
	struct errlist e;
	struct cfile c;
	char sh[512];
	char *data;
	size_t len = 0;
	int count;

	errs_init(&e);
	sanitize_copy(sh, sizeof(sh), path, strlen(path));
	data = read_file(path, sh, &e, &len);
	if (data) {
		memset(&c, 0, sizeof(c));
		c.s = s;
		c.path = sh;
		c.data = data;
		c.len = len;
		free(s->config_path);
		s->config_path = xstrdup(path);
		free(p->file_shown);
		p->file_shown = xstrdup(sh);
		ini_parse_stream(reader, &c, handler, &c);
		finish_file(&c);
		list_errors(&c, &e);
		free(data);
	}
	count = e.count;
	errs_flush(&e, errs);
	return count;
}
