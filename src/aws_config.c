/* aws_config: the AWS CLI's shared config and credentials files.
 *
 * libinih does the line-by-line INI walk, but three of its limits would
 * make it read these files differently from the CLI (Python's configparser):
 * lines longer than 200 bytes (every STS session token is), section names
 * longer than 49 bytes (long SSO profile names), and inline " ;" comments
 * (configparser keeps them in the value, and a credential_process may
 * contain one). So our reader hands inih each line in a short form it
 * cannot misread (the full section name and the raw key and value stay
 * with us), and the handler takes them from there. inih still decides what
 * is a syntax error, and because the reader hands it exactly one physical
 * line per call, its error line numbers are the file's. */
#include "config.h"

#include "src/aws_config.h"

#include <errno.h>
#include <ini.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "src/sanitize.h"
#include "src/say.h"
#include "src/secret.h"
#include "src/utf8.h"
#include "src/xalloc.h"

#define MAX_LINE_BYTES        (64 * 1024)
#define MAX_FILE_BYTES        (4 * 1024 * 1024)
#define DEFAULT_PROFILE       "default"
#define CONFIGPARSER_DEFAULTS "DEFAULT"

/* --- Small helpers -------------------------------------------------------- */

bool aws_is_true(const char *s)
{
	return s && strcasecmp(s, "true") == 0;
}

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v && v[0] ? v : NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* trim_span: the [*s, *s + *n) span without surrounding whitespace. */
static void trim_span(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static void set_str(char **dst, const char *value)
{
	secret_free(dst);
	*dst = xstrdup(value);
}

/* --- shlex ------------------------------------------------------------------ */

struct words {
	char **v;
	size_t n, cap;
};

static void words_push(struct words *w, char *s)
{
	if (w->n + 2 > w->cap) {
		w->cap = w->cap ? 2 * w->cap : 8;
		w->v = xreallocarray(w->v, w->cap, sizeof(*w->v));
	}
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
}

void aws_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		secret_free(p);
	free(argv);
}

char **aws_shlex_split(const char *s, size_t max_words, char *err, size_t errlen)
{
	struct words w = {0};
	size_t len = s ? strlen(s) : 0;
	char *cur = xmalloc(len + 1);
	size_t o = 0;
	bool in_word = false;
	const char *why = NULL;

	for (size_t i = 0; i < len && !why; i++) {
		char c = s[i];

		if (is_space(c)) {
			if (in_word) {
				cur[o] = '\0';
				words_push(&w, xstrdup(cur));
				o = 0;
				in_word = false;
			}
		} else if (c == '\\') {
			if (i + 1 >= len)
				why = "no character after a backslash";
			else
				cur[o++] = s[++i];
			in_word = true;
		} else if (c == '\'' || c == '"') {
			size_t j = i + 1;

			for (; j < len && s[j] != c; j++) {
				/* In "...", a backslash escapes only " and \. */
				if (c == '"' && s[j] == '\\' && j + 1 < len &&
				    (s[j + 1] == '"' || s[j + 1] == '\\'))
					j++;
				cur[o++] = s[j];
			}
			if (j >= len)
				why = "no closing quotation";
			i = j;
			in_word = true;
		} else {
			cur[o++] = c;
			in_word = true;
		}
		if (!why && w.n >= max_words)
			why = "too many words";
	}
	if (!why && in_word) {
		cur[o] = '\0';
		words_push(&w, xstrdup(cur));
		if (w.n > max_words)
			why = "too many words";
	}
	if (!why && w.n == 0)
		why = "empty command";
	OPENSSL_cleanse(cur, len + 1);
	free(cur);
	if (why) {
		if (err && errlen)
			say(err, errlen, "%s", why);
		if (w.v)
			aws_argv_free(w.v);
		return NULL;
	}
	return w.v;
}

/* --- A set of names ---------------------------------------------------------------- */

/* The sections of a file, the keys of a section: configparser refuses a
 * file that repeats one, so we must find repeats. A file may hold a few
 * hundred thousand of them (4 MiB of "[a]" lines), hence a hash table. */
struct name_set {
	struct name_entry {
		char *name; /* NULL: a free slot */
		long line;
	} * slot;
	size_t used, cap; /* cap: 0 or a power of two */
};

static uint64_t name_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct name_entry *name_set_slot(struct name_set *set, const char *name)
{
	size_t i = (size_t)name_hash(name) & (set->cap - 1);

	while (set->slot[i].name && strcmp(set->slot[i].name, name) != 0)
		i = (i + 1) & (set->cap - 1);
	return &set->slot[i];
}

static void name_set_grow(struct name_set *set)
{
	struct name_set bigger = {NULL, set->used, set->cap ? 2 * set->cap : 64};

	bigger.slot = xcalloc(bigger.cap, sizeof(*bigger.slot));
	for (size_t i = 0; i < set->cap; i++)
		if (set->slot[i].name)
			*name_set_slot(&bigger, set->slot[i].name) = set->slot[i];
	free(set->slot);
	*set = bigger;
}

/* name_set_add: 0 when name is new (now added at line), else the line
 * where it was first seen. */
static long name_set_add(struct name_set *set, const char *name, long line)
{
	struct name_entry *e;

	if (2 * (set->used + 1) > set->cap)
		name_set_grow(set);
	e = name_set_slot(set, name);
	if (e->name)
		return e->line;
	e->name = xstrdup(name);
	e->line = line;
	set->used++;
	return 0;
}

static void name_set_clear(struct name_set *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i].name);
	free(set->slot);
	memset(set, 0, sizeof(*set));
}

/* --- Reading one file ------------------------------------------------------------ */

enum file_kind { CONFIG_FILE, CREDENTIALS_FILE };

/* Keys of one profile as found in one file. */
struct file_values {
	bool found;
	char *region, *endpoint_url, *credential_process;
	char *access_key_id, *secret_access_key, *session_token;
	char *ignore_endpoints;
	/* Kept even when empty (see struct aws_profile). */
	char *role_arn, *web_identity_token_file;
	char *sso_session, *sso_account_id, *sso_role_name, *login_session;
};

struct parse_ctx {
	FILE *f;
	const char *path;
	enum file_kind kind;
	const char *profile;
	struct file_values *vals;
	/* configparser's [DEFAULT]: its keys are every section's defaults. */
	struct file_values defaults;
	bool in_defaults;
	/* State the reader keeps for the handler. */
	long lineno;
	size_t total;
	char *section;                  /* the full name of the current section, or NULL */
	bool in_profile;                /* the current section is our profile */
	bool after_key;                 /* the previous content line was key = value */
	char *key, *value;              /* the current key line, raw */
	char *line;                     /* the physical line being read */
	struct name_set sections, keys; /* the file's sections, the section's keys */
	/* Failure found by the reader or the handler. */
	long err_line;
	const char *err_why;
	char err_buf[160]; /* err_why when it names a section or key */
};

/* section_names_profile: does section (as written between the brackets)
 * name the profile in this kind of file? The config file uses "default"
 * and "profile NAME": botocore takes any section that starts with
 * "profile" and splits into exactly two words as shlex splits them, and
 * the second word is the name (so "[profile \"my prof\"]" names "my prof",
 * "[profile my prof]" names nothing, and "[profiles x]" names x). The
 * credentials file uses NAME. */
static bool section_names_profile(const struct parse_ctx *c, const char *section)
{
	char **w;
	bool match;

	if (c->kind == CREDENTIALS_FILE)
		return strcmp(section, c->profile) == 0;
	if (strcmp(section, DEFAULT_PROFILE) == 0)
		return strcmp(c->profile, DEFAULT_PROFILE) == 0;
	if (strncmp(section, "profile", 7) != 0)
		return false;
	w = aws_shlex_split(section, 3, NULL, 0);
	match = w && w[1] && !w[2] && strcmp(w[1], c->profile) == 0;
	aws_argv_free(w);
	return match;
}

static void reader_fail(struct parse_ctx *c, const char *why)
{
	if (!c->err_why) {
		c->err_line = c->lineno;
		c->err_why = why;
	}
}

/* fail_repeated: name (a section or key name, never a value) was seen
 * before at line first. */
static void fail_repeated(struct parse_ctx *c, const char *what, const char *name, long first)
{
	char safe[64];

	if (c->err_why)
		return;
	sanitize_copy(safe, sizeof(safe), name, strlen(name));
	say(c->err_buf, sizeof(c->err_buf), "%s%s%s appears twice (first at line %ld)", what, safe,
	    strchr(what, '[') ? "]" : "", first);
	reader_fail(c, c->err_buf);
}

/* read_physical_line: the next line without its end of line (LF, CRLF),
 * into c->line. 0, or -1 at the end of the file or on a failure. */
static int read_physical_line(struct parse_ctx *c)
{
	size_t n = 0, cap = 256;
	int ch;

	secret_free(&c->line);
	ch = getc(c->f);
	if (ch == EOF)
		return -1;
	c->lineno++;
	c->line = xcalloc(1, cap);
	for (; ch != EOF && ch != '\n'; ch = getc(c->f)) {
		if (ch == '\0') {
			reader_fail(c, "NUL byte in the file");
			return -1;
		}
		if (n + 1 >= MAX_LINE_BYTES) {
			reader_fail(c, "line longer than 64 KiB");
			return -1;
		}
		if (n + 2 > cap) {
			/* Grow by hand so that no copy of a secret is left in
			 * freed memory. */
			char *bigger = xcalloc(1, cap * 2);

			memcpy(bigger, c->line, n);
			OPENSSL_cleanse(c->line, cap);
			free(c->line);
			c->line = bigger;
			cap *= 2;
		}
		c->line[n++] = (char)ch;
	}
	c->total += n + 1;
	if (c->total > MAX_FILE_BYTES) {
		reader_fail(c, "file larger than 4 MiB");
		return -1;
	}
	if (n && c->line[n - 1] == '\r')
		n--;
	c->line[n] = '\0';
	/* A UTF-8 byte order mark, as editors on Windows write. */
	if (c->lineno == 1 && strncmp(c->line, "\xEF\xBB\xBF", 3) == 0)
		memmove(c->line, c->line + 3, n - 2);
	return 0;
}

static void give(char *str, int num, const char *s)
{
	snprintf(str, (size_t)num, "%s\n", s);
}

/* classify_key_line: "name = value" (or "name: value", as configparser
 * also allows): keep both raw, give inih a short stand-in. */
static void classify_key_line(struct parse_ctx *c, const char *text, char *str, int num)
{
	const char *sep = strpbrk(text, "=:");
	const char *k = text, *v;
	size_t klen, vlen;

	secret_free(&c->key);
	secret_free(&c->value);
	if (!sep) {
		/* inih reports this line as malformed; we say why. */
		reader_fail(c, "not a [section], key = value, or comment line");
		give(str, num, "?");
		c->after_key = false;
		return;
	}
	klen = (size_t)(sep - text);
	v = sep + 1;
	vlen = strlen(v);
	trim_span(&k, &klen);
	trim_span(&v, &vlen);
	c->key = xstrndup(k, klen);
	for (char *p = c->key; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	c->value = xstrndup(v, vlen);
	c->after_key = true;
	give(str, num, "k=v");
	if (c->section && c->key[0]) {
		long first = name_set_add(&c->keys, c->key, c->lineno);

		if (first)
			fail_repeated(c, "key ", c->key, first);
	}
}

static void file_values_free(struct file_values *v);

/* enter_section: a [section] line. A repeated section is an error; a later
 * section naming our profile replaces what an earlier one said. */
static void enter_section(struct parse_ctx *c, char *section)
{
	long first;

	c->section = section;
	name_set_clear(&c->keys);
	/* Python's configparser (botocore's reader) takes [DEFAULT] as the
	 * defaults of every section, however often it appears. */
	c->in_defaults = strcmp(section, CONFIGPARSER_DEFAULTS) == 0;
	if (c->in_defaults) {
		c->in_profile = false;
		return;
	}
	first = name_set_add(&c->sections, section, c->lineno);
	if (first)
		fail_repeated(c, "section [", section, first);
	c->in_profile = section_names_profile(c, c->section);
	if (c->in_profile) {
		file_values_free(c->vals);
		c->vals->found = true;
	}
}

/* ini_line_reader: inih's fgets-like reader. */
static char *ini_line_reader(char *str, int num, void *stream)
{
	struct parse_ctx *c = stream;
	const char *t;

	if (num < 8 || read_physical_line(c) < 0)
		return NULL;
	t = c->line;
	while (is_space(*t))
		t++;
	if (*t == '\0' || *t == '#' || *t == ';') {
		give(str, num, ""); /* blank or comment: nothing for inih */
	} else if (t != c->line && c->after_key) {
		/* An indented line continues the previous value; the CLI reads
		 * it as a nested block (s3 = ...), which cwtop does not use. */
		give(str, num, "");
	} else if (*t == '[') {
		const char *end = strrchr(t, ']'); /* configparser: the last one */

		free(c->section);
		c->section = NULL;
		c->in_profile = false;
		c->after_key = false;
		if (!end) {
			reader_fail(c, "[section] header without a closing ']'");
			give(str, num, "[");
		} else {
			enter_section(c, xstrndup(t + 1, (size_t)(end - t - 1)));
			give(str, num, "[s]");
		}
	} else {
		classify_key_line(c, t, str, num);
	}
	return str;
}

#define FIELD(key, member, keep_empty)                                                             \
	{                                                                                          \
		key, offsetof(struct file_values, member), keep_empty                              \
	}

/* field_for_key: where key's value goes; *keep_empty says whether an
 * empty value is kept (a key whose presence matters) or means unset. */
static char **field_for_key(struct file_values *v, const char *key, bool *keep_empty)
{
	static const struct {
		const char *key;
		size_t offset;
		bool keep_empty;
	} fields[] = {
		FIELD("region", region, false),
		FIELD("endpoint_url", endpoint_url, false),
		FIELD("credential_process", credential_process, false),
		FIELD("aws_access_key_id", access_key_id, false),
		FIELD("aws_secret_access_key", secret_access_key, false),
		FIELD("aws_session_token", session_token, false),
		FIELD("ignore_configured_endpoint_urls", ignore_endpoints, false),
		FIELD("role_arn", role_arn, true),
		FIELD("web_identity_token_file", web_identity_token_file, true),
		FIELD("sso_session", sso_session, true),
		FIELD("sso_account_id", sso_account_id, true),
		FIELD("sso_role_name", sso_role_name, true),
		FIELD("login_session", login_session, true),
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strcmp(key, fields[i].key) == 0) {
			*keep_empty = fields[i].keep_empty;
			return (char **)((char *)v + fields[i].offset);
		}
	}
	return NULL;
}

static int ini_handler_cb(void *user, const char *section, const char *name, const char *value)
{
	struct parse_ctx *c = user;
	bool keep_empty = false;
	char **field;

	(void)section;
	(void)name;
	(void)value;
	if (!c->section) {
		reader_fail(c, "key = value before any [section]");
		return 0;
	}
	if (!c->key || !c->key[0]) {
		reader_fail(c, "empty key name");
		return 0;
	}
	if (!c->in_profile && !c->in_defaults)
		return 1;
	field = field_for_key(c->in_profile ? c->vals : &c->defaults, c->key, &keep_empty);
	if (field) {
		/* An empty value means unset, as it does to the CLI. */
		if (c->value[0] || keep_empty)
			set_str(field, c->value);
		else
			secret_free(field);
	}
	return 1;
}

/* merge_defaults: what the profile's section did not set, [DEFAULT] did
 * (moved, not copied: defaults is freed afterwards). */
static void merge_defaults(struct file_values *v, struct file_values *d)
{
	static const size_t slots[] = {
		offsetof(struct file_values, region),
		offsetof(struct file_values, endpoint_url),
		offsetof(struct file_values, credential_process),
		offsetof(struct file_values, access_key_id),
		offsetof(struct file_values, secret_access_key),
		offsetof(struct file_values, session_token),
		offsetof(struct file_values, ignore_endpoints),
		offsetof(struct file_values, role_arn),
		offsetof(struct file_values, web_identity_token_file),
		offsetof(struct file_values, sso_session),
		offsetof(struct file_values, sso_account_id),
		offsetof(struct file_values, sso_role_name),
		offsetof(struct file_values, login_session),
	};

	for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
		char **mine = (char **)((char *)v + slots[i]);
		char **deflt = (char **)((char *)d + slots[i]);

		if (!*mine && *deflt) {
			*mine = *deflt;
			*deflt = NULL;
		}
	}
}

static void file_values_free(struct file_values *v)
{
	secret_free(&v->region);
	secret_free(&v->endpoint_url);
	secret_free(&v->credential_process);
	secret_free(&v->access_key_id);
	secret_free(&v->secret_access_key);
	secret_free(&v->session_token);
	secret_free(&v->ignore_endpoints);
	secret_free(&v->role_arn);
	secret_free(&v->web_identity_token_file);
	secret_free(&v->sso_session);
	secret_free(&v->sso_account_id);
	secret_free(&v->sso_role_name);
	secret_free(&v->login_session);
}

/* parse_file: read path for profile into vals. A missing file is empty. */
static int parse_file(const char *path, enum file_kind kind, const char *profile,
		      struct file_values *vals, char *err, size_t errlen)
{
	struct parse_ctx c = {0};
	char safe_path[512];
	struct stat st;
	char iobuf[4096];
	int rc;

	sanitize_copy(safe_path, sizeof(safe_path), path, strlen(path));
	c.f = fopen(path, "r");
	if (!c.f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		say(err, errlen, "%s: cannot read: %s", safe_path, strerror(errno));
		return -1;
	}
	/* A directory is no file, as the CLI sees it: skip it. */
	if (fstat(fileno(c.f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(c.f);
		return 0;
	}
	/* Our own stdio buffer, wiped afterwards: it holds the file's secrets. */
	setvbuf(c.f, iobuf, _IOFBF, sizeof(iobuf));
	c.path = path;
	c.kind = kind;
	c.profile = profile;
	c.vals = vals;
	rc = ini_parse_stream(ini_line_reader, &c, ini_handler_cb, &c);
	if (vals->found)
		merge_defaults(vals, &c.defaults);
	file_values_free(&c.defaults);
	if (!c.err_why && ferror(c.f)) {
		c.err_line = c.lineno;
		c.err_why = "read error";
	}
	fclose(c.f);
	OPENSSL_cleanse(iobuf, sizeof(iobuf));
	free(c.section);
	name_set_clear(&c.sections);
	name_set_clear(&c.keys);
	secret_free(&c.key);
	secret_free(&c.value);
	secret_free(&c.line);
	if (c.err_why && (rc <= 0 || c.err_line <= rc)) {
		say(err, errlen, "%s:%ld: %s", safe_path, c.err_line, c.err_why);
		return -1;
	}
	if (rc > 0) {
		say(err, errlen, "%s:%d: not a [section], key = value, or comment line", safe_path,
		    rc);
		return -1;
	}
	if (rc < 0) {
		say(err, errlen, "%s: cannot parse (inih error %d)", safe_path, rc);
		return -1;
	}
	return 0;
}

/* --- Paths ------------------------------------------------------------------------- */

static char *home_dir(void)
{
	const char *home = env_nonempty("HOME");
	struct passwd *pw;

	if (home)
		return xstrdup(home);
	pw = getpwuid(getuid());
	return xstrdup(pw && pw->pw_dir ? pw->pw_dir : "/");
}

/* file_path: the env variable's path (a leading "~/" expanded, as the CLI
 * does), else ~/.aws/NAME. */
static char *file_path(const char *env, const char *name)
{
	const char *v = env_nonempty(env);
	char *home, *path;

	if (v && !(v[0] == '~' && (v[1] == '/' || v[1] == '\0')))
		return xstrdup(v);
	home = home_dir();
	path = v ? xasprintf("%s%s", home, v + 1) : xasprintf("%s/.aws/%s", home, name);
	free(home);
	return path;
}

/* --- Profiles ------------------------------------------------------------------------ */

const char *aws_profile_name(const char *explicit_profile)
{
	const char *v;

	if (explicit_profile && explicit_profile[0])
		return explicit_profile;
	if ((v = env_nonempty("AWS_PROFILE")))
		return v;
	if ((v = env_nonempty("AWS_DEFAULT_PROFILE")))
		return v;
	return DEFAULT_PROFILE;
}

bool aws_profile_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	uint32_t cp;

	if (n == 0 || n > AWS_PROFILE_NAME_MAX)
		return false;
	for (size_t i = 0, len; i < n; i += len) {
		len = utf8_decode((const unsigned char *)name + i, n - i, &cp);
		if (len == 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return false;
	}
	return true;
}

static char *take(char **p)
{
	char *v = *p;

	*p = NULL;
	return v;
}

/* pick: the credentials file's value if it has one, else the config's. */
static char *pick(char **cred, char **conf)
{
	return *cred ? take(cred) : take(conf);
}

static void merge(struct aws_profile *out, struct file_values *cred, struct file_values *conf)
{
	struct file_values *keys = NULL;
	char *ign;

	out->found = cred->found || conf->found;
	out->region = pick(&cred->region, &conf->region);
	out->endpoint_url = pick(&cred->endpoint_url, &conf->endpoint_url);
	out->credential_process = pick(&cred->credential_process, &conf->credential_process);
	out->role_arn = pick(&cred->role_arn, &conf->role_arn);
	out->web_identity_token_file =
		pick(&cred->web_identity_token_file, &conf->web_identity_token_file);
	out->sso_session = pick(&cred->sso_session, &conf->sso_session);
	out->sso_account_id = pick(&cred->sso_account_id, &conf->sso_account_id);
	out->sso_role_name = pick(&cred->sso_role_name, &conf->sso_role_name);
	out->login_session = pick(&cred->login_session, &conf->login_session);
	ign = pick(&cred->ignore_endpoints, &conf->ignore_endpoints);
	out->ignore_configured_endpoint_urls = ign ? aws_is_true(ign) : -1;
	free(ign);
	if (cred->access_key_id) {
		keys = cred;
		out->keys_from_credentials_file = true;
		out->source = xasprintf("shared credentials file (%s)", out->credentials_file);
	} else if (conf->access_key_id) {
		keys = conf;
		out->source = xasprintf("config file (%s)", out->config_file);
	}
	if (keys) {
		out->access_key_id = take(&keys->access_key_id);
		out->secret_access_key = take(&keys->secret_access_key);
		out->session_token = take(&keys->session_token);
	}
}

int aws_profile_load(const char *name, struct aws_profile *out, char *err, size_t errlen)
{
	struct file_values cred = {0}, conf = {0};
	char scratch[8];
	int rc = -1;

	if (!err || !errlen) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	err[0] = '\0';
	memset(out, 0, sizeof(*out));
	out->name = xstrdup(name && name[0] ? name : DEFAULT_PROFILE);
	out->ignore_configured_endpoint_urls = -1;
	out->config_file = file_path("AWS_CONFIG_FILE", "config");
	out->credentials_file = file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
	if (parse_file(out->config_file, CONFIG_FILE, out->name, &conf, err, errlen) < 0 ||
	    parse_file(out->credentials_file, CREDENTIALS_FILE, out->name, &cred, err, errlen) < 0)
		goto out;
	merge(out, &cred, &conf);
	rc = 0;
out:
	file_values_free(&cred);
	file_values_free(&conf);
	return rc;
}

void aws_profile_free(struct aws_profile *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->region);
	free(p->endpoint_url);
	secret_free(&p->access_key_id);
	secret_free(&p->secret_access_key);
	secret_free(&p->session_token);
	secret_free(&p->credential_process);
	free(p->source);
	free(p->role_arn);
	free(p->web_identity_token_file);
	free(p->sso_session);
	free(p->sso_account_id);
	free(p->sso_role_name);
	free(p->login_session);
	free(p->config_file);
	free(p->credentials_file);
	memset(p, 0, sizeof(*p));
}

/* --- Endpoints and regions --------------------------------------------------------------- */

static bool ignore_configured_endpoints(const struct aws_profile *p)
{
	const char *v = env_nonempty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

	/* The environment variable, when set, decides over the profile. */
	if (v)
		return aws_is_true(v);
	return p && p->ignore_configured_endpoint_urls == 1;
}

bool aws_region_name_ok(const char *r)
{
	size_t n = r ? strlen(r) : 0;

	if (n == 0 || n > 63)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((r[i] >= 'a' && r[i] <= 'z') || (r[i] >= '0' && r[i] <= '9') || r[i] == '-'))
			return false;
	return true;
}

char *aws_endpoint_for(const char *region, const struct aws_profile *profile)
{
	const char *v;

	if (!ignore_configured_endpoints(profile)) {
		if ((v = env_nonempty("AWS_ENDPOINT_URL_CLOUDWATCH")))
			return xstrdup(v);
		if ((v = env_nonempty("AWS_ENDPOINT_URL")))
			return xstrdup(v);
		if (profile && profile->endpoint_url && profile->endpoint_url[0])
			return xstrdup(profile->endpoint_url);
	}
	if (!aws_region_name_ok(region))
		region = "invalid-region";
	return xasprintf("https://monitoring.%s.amazonaws.com%s", region,
			 strncmp(region, "cn-", 3) == 0 ? ".cn" : "");
}

const char *aws_region_default(const struct aws_profile *profile)
{
	const char *v;

	if ((v = env_nonempty("AWS_REGION")))
		return v;
	if ((v = env_nonempty("AWS_DEFAULT_REGION")))
		return v;
	return profile && profile->region && profile->region[0] ? profile->region : NULL;
}
