/* Unit tests: settings (src/settings.c, src/settings_opts.c,
 * src/config_file.c): the defaults, the config file, the command line,
 * --print-config, --help, and the man pages against the option table. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <locale.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "src/metric_def.h"
#include "src/settings.h"

#define DATA CWTOP_SRCDIR "/tests/data/config/"

/* ---- helpers ---------------------------------------------------------------- */

static char tmpdir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cwtop-settings-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	/* No stray config of the machine's user. */
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	unsetenv("NO_COLOR");
	return 0;
}

static int teardown_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* write_tmp: bytes into a file under tmpdir; returns its path (static). */
static const char *write_tmp(const char *name, const void *data, size_t len)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

static const char *write_conf(const char *text)
{
	return write_tmp("test.conf", text, strlen(text));
}

/* load: defaults, then text as a config file; returns the error count. */
static int load(struct settings *s, const char *text, char **errs)
{
	settings_init_defaults(s);
	*errs = NULL;
	return settings_load_file(s, write_conf(text), errs);
}

static int parse(struct settings *s, char **errs, int argc, ...)
{
	char *argv[32];
	va_list ap;
	int i;

	assert_true(argc < 31);
	va_start(ap, argc);
	argv[0] = "cwtop";
	for (i = 1; i <= argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc + 1] = NULL;
	settings_init_defaults(s);
	*errs = NULL;
	return settings_parse_args(s, argc + 1, argv, errs);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static char *print_to_string(const struct settings *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	settings_print(s, f);
	fclose(f);
	return text;
}

static void assert_same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_same_metric(const struct metric_def *a, const struct metric_def *b,
			       size_t nregions)
{
	uint32_t all = (uint32_t)((1u << nregions) - 1);
	size_t i;

	assert_string_equal(a->id, b->id);
	assert_same_str(a->label, b->label);
	assert_same_str(a->namespace_, b->namespace_);
	assert_same_str(a->metric_name, b->metric_name);
	assert_same_str(a->expression, b->expression);
	assert_int_equal(a->ndims, b->ndims);
	for (i = 0; i < a->ndims; i++) {
		assert_string_equal(a->dims[i].name, b->dims[i].name);
		assert_string_equal(a->dims[i].value, b->dims[i].value);
	}
	assert_int_equal(a->nstats, b->nstats);
	for (i = 0; i < a->nstats; i++)
		assert_string_equal(a->stats[i], b->stats[i]);
	assert_int_equal(a->stat_index, b->stat_index);
	assert_int_equal(a->period, b->period);
	assert_same_str(a->unit, b->unit);
	assert_true(a->scale == b->scale);
	assert_int_equal(a->per_second, b->per_second);
	assert_int_equal(a->rule.enabled, b->rule.enabled);
	assert_true(a->rule.threshold == b->rule.threshold);
	assert_int_equal(a->rule.cmp, b->rule.cmp);
	assert_int_equal(a->rule.datapoints, b->rule.datapoints);
	assert_int_equal(a->rule.periods, b->rule.periods);
	assert_true(a->rule.warn_ratio == b->rule.warn_ratio);
	assert_int_equal(a->region_mask & all, b->region_mask & all);
}

/* assert_same_settings: same effective configuration (not origins). */
static void assert_same_settings(const struct settings *a, const struct settings *b)
{
	size_t i;

	assert_int_equal(a->nregions, b->nregions);
	for (i = 0; i < a->nregions; i++)
		assert_string_equal(a->regions[i], b->regions[i]);
	assert_same_str(a->profile, b->profile);
	assert_int_equal(a->refresh, b->refresh);
	assert_int_equal(a->range_index, b->range_index);
	assert_same_str(a->theme, b->theme);
	assert_int_equal(a->bell, b->bell);
	assert_int_equal(a->lag, b->lag);
	assert_int_equal(a->nmetrics, b->nmetrics);
	for (i = 0; i < a->nmetrics; i++)
		assert_same_metric(&a->metrics[i], &b->metrics[i], a->nregions);
}

static const struct metric_def *find(const struct settings *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nmetrics; i++)
		if (!strcmp(s->metrics[i].id, id))
			return &s->metrics[i];
	fail_msg("no metric %s", id);
	return NULL;
}

/* assert_clean_text: no control characters but newlines, valid UTF-8 as
 * far as bytes >= 0x80 go (errors are shown on a terminal). */
static void assert_clean_text(const char *text)
{
	const char *t;

	for (t = text; *t; t++) {
		unsigned char c = (unsigned char)*t;

		if (c != '\n' && (c < 0x20 || c == 0x7f))
			fail_msg("control character 0x%02x at %zu in: %s", c, (size_t)(t - text),
				 text);
	}
}

/* ---- the built-in defaults ---------------------------------------------------- */

static void test_defaults(void **state)
{
	static const char *const ids[] = {
		"latency",         "latency_p99",         "requests",
		"errors_5xx",      "concurrency",         "lambda_throttles",
		"ddb_read_feeds",  "ddb_read_likes",      "ddb_write_feeds",
		"ddb_write_likes", "ddb_throttled_feeds", "ddb_throttled_likes"};
	struct settings s;
	const struct metric_def *m;
	size_t i;

	(void)state;
	settings_init_defaults(&s);
	assert_int_equal(s.nregions, 3);
	assert_string_equal(s.regions[0], "us-east-1");
	assert_string_equal(s.regions[1], "eu-west-1");
	assert_string_equal(s.regions[2], "ap-south-1");
	assert_null(s.profile);
	assert_int_equal(s.refresh, 0);
	assert_int_equal(settings_ranges[s.range_index], 3600);
	assert_string_equal(s.theme, "default");
	assert_true(s.bell);
	assert_int_equal(s.lag, 60);
	assert_int_equal(s.mode, MODE_DASHBOARD);
	assert_true(s.speed == 1.0);
	assert_int_equal(s.max_polls, 0);
	assert_false(s.metrics_from_file);
	assert_int_equal(s.origin_regions, ORIGIN_DEFAULT);
	assert_int_equal(s.nmetrics, 12);
	for (i = 0; i < 12; i++) {
		assert_string_equal(s.metrics[i].id, ids[i]);
		assert_int_equal(s.metrics[i].period, 60);
		assert_true(s.metrics[i].scale == 1.0);
		assert_int_equal(s.metrics[i].region_mask, UINT32_MAX);
	}
	m = find(&s, "latency");
	assert_string_equal(m->label, "API latency");
	assert_int_equal(m->ndims, 2);
	assert_string_equal(m->dims[1].value, "staging");
	assert_int_equal(m->nstats, 3);
	assert_string_equal(m->stats[1], "p99");
	assert_true(m->rule.enabled);
	assert_true(m->rule.threshold == 500);
	assert_int_equal(m->rule.cmp, CMP_GT);
	assert_int_equal(m->rule.datapoints, 3);
	assert_int_equal(m->rule.periods, 3);
	assert_true(m->rule.warn_ratio == 0.8);
	m = find(&s, "concurrency");
	assert_int_equal(m->ndims, 0);
	assert_true(m->rule.threshold == 18000);
	assert_int_equal(m->rule.datapoints, 2);
	m = find(&s, "requests");
	assert_true(m->per_second);
	assert_string_equal(m->unit, "/s");
	m = find(&s, "ddb_throttled_likes");
	assert_null(m->namespace_);
	assert_int_equal(m->nstats, 0);
	assert_non_null(strstr(m->expression, "TableName=\"smuppy-likes-staging\""));
	assert_false(m->rule.enabled);
	settings_free(&s);
}

static void test_example_is_the_defaults(void **state)
{
	struct settings builtin, file;
	char *errs = NULL;

	(void)state;
	settings_init_defaults(&builtin);
	settings_init_defaults(&file);
	assert_int_equal(settings_load_file(&file, CWTOP_SRCDIR "/cwtop.conf.example", &errs), 0);
	assert_null(errs);
	assert_true(file.metrics_from_file);
	assert_same_settings(&builtin, &file);
	settings_free(&builtin);
	settings_free(&file);
}

/* ---- every key -------------------------------------------------------------------- */

/* Profile names: any the AWS CLI takes, spaces and quotes included (the
 * AWS config file says [profile "my prof"]), from the file or the flag;
 * and whether it came from the flag, which is what makes the credential
 * chain skip the environment. */
static void test_profile_names(void **state)
{
	static const char *const good[] = {"my prof", "quoted \"x\" 'y'", "caf\xc3\xa9", "a;b#c",
					   "[x]"};
	char long_name[130];
	struct settings s;
	char *errs;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(parse(&s, &errs, 2, "--profile", good[i]), 0);
		assert_null(errs);
		assert_string_equal(s.profile, good[i]);
		assert_int_equal(s.origin_profile, ORIGIN_FLAG);
		settings_free(&s);
	}
	assert_int_equal(load(&s, "[cwtop]\nprofile = my prof\n", &errs), 0);
	assert_string_equal(s.profile, "my prof");
	assert_int_equal(s.origin_profile, ORIGIN_FILE);
	settings_free(&s);
	assert_int_equal(load(&s, "[cwtop]\nprofile = \"two words\"\n", &errs), 0);
	assert_string_equal(s.profile, "two words");
	settings_free(&s);

	/* No profile at all: none from the flag either. */
	assert_int_equal(parse(&s, &errs, 1, "--once"), 0);
	assert_null(s.profile);
	assert_int_not_equal(s.origin_profile, ORIGIN_FLAG);
	settings_free(&s);

	/* Control characters (C0, DEL, C1) are refused. */
	assert_int_equal(parse(&s, &errs, 2, "--profile", "a\tb"), 1);
	assert_non_null(strstr(errs, "--profile: "));
	assert_clean_text(errs);
	free(errs);
	settings_free(&s);
	assert_int_equal(parse(&s, &errs, 2, "--profile", "a\x7f"), 1);
	free(errs);
	settings_free(&s);
	assert_int_equal(parse(&s, &errs, 2, "--profile",
			       "a\xc2\x85"
			       "b"),
			 1);
	free(errs);
	settings_free(&s);
	memset(long_name, 'p', 129);
	long_name[129] = '\0';
	assert_int_equal(parse(&s, &errs, 2, "--profile", long_name), 1);
	assert_non_null(strstr(errs, "129 characters long"));
	free(errs);
	settings_free(&s);
	long_name[128] = '\0';
	assert_int_equal(parse(&s, &errs, 2, "--profile", long_name), 0);
	settings_free(&s);
}

static void test_every_key(void **state)
{
	struct settings s;
	const struct metric_def *m;
	char *errs = NULL;

	(void)state;
	settings_init_defaults(&s);
	assert_int_equal(settings_load_file(&s, DATA "all-keys.conf", &errs), 0);
	assert_null(errs);
	assert_int_equal(s.nregions, 4);
	assert_string_equal(s.regions[2], "us-isob-east-1");
	assert_string_equal(s.profile, "noc.readonly@acme");
	assert_int_equal(s.refresh, 15);
	assert_int_equal(settings_ranges[s.range_index], 3 * 3600);
	assert_string_equal(s.theme, "high-contrast");
	assert_false(s.bell);
	assert_int_equal(s.lag, 120);
	assert_int_equal(s.origin_lag, ORIGIN_FILE);
	assert_int_equal(s.origin_profile, ORIGIN_FILE);
	/* defaults = yes: the built-ins stay, the file's come after. */
	assert_int_equal(s.nmetrics, 14);
	assert_string_equal(s.metrics[0].id, "latency");
	m = &s.metrics[12];
	assert_string_equal(m->id, "orders");
	assert_string_equal(m->label, "Orders / min");
	assert_string_equal(m->namespace_, "Shop#Prod");
	assert_string_equal(m->metric_name, "OrdersPlaced");
	assert_int_equal(m->ndims, 2);
	assert_string_equal(m->dims[1].name, "Filter");
	assert_string_equal(m->dims[1].value, "a=b, c=d");
	assert_int_equal(m->nstats, 4);
	assert_string_equal(m->stats[0], "p99.9");
	assert_string_equal(m->stats[1], "tm90");
	assert_string_equal(m->stats[2], "TM(10%:90%)");
	assert_string_equal(m->stats[3], "SampleCount");
	assert_int_equal(m->period, 300);
	assert_string_equal(m->unit, "req/s");
	assert_true(m->scale == 0.5);
	assert_true(m->per_second);
	assert_true(m->rule.enabled);
	assert_true(m->rule.threshold == 0.25);
	assert_int_equal(m->rule.cmp, CMP_LE);
	assert_int_equal(m->rule.datapoints, 2);
	assert_int_equal(m->rule.periods, 4);
	assert_true(m->rule.warn_ratio == 0.5);
	assert_int_equal(m->region_mask, (1u << 0) | (1u << 3));
	m = &s.metrics[13];
	assert_string_equal(m->id, "search");
	assert_non_null(m->expression);
	assert_null(m->namespace_);
	assert_int_equal(m->nstats, 0);
	assert_string_equal(m->label, "Messages sent");
	assert_string_equal(m->unit, "");
	assert_int_equal(m->period, 10);
	assert_false(m->rule.enabled);
	assert_int_equal(m->region_mask, UINT32_MAX);
	settings_free(&s);
}

static void test_metric_key_defaults(void **state)
{
	struct settings s;
	const struct metric_def *m;
	char *errs;

	(void)state;
	assert_int_equal(load(&s,
			      "[metric q]\nnamespace = AWS/SQS\nmetric = X\n"
			      "threshold = 3\nperiods = 5\n",
			      &errs),
			 0);
	assert_int_equal(s.nmetrics, 1); /* the file replaces the built-ins */
	assert_true(s.metrics_from_file);
	m = &s.metrics[0];
	assert_string_equal(m->label, "q");
	assert_int_equal(m->nstats, 1);
	assert_string_equal(m->stats[0], "Average");
	assert_int_equal(m->period, 60);
	assert_string_equal(m->unit, "");
	assert_true(m->scale == 1);
	assert_false(m->per_second);
	assert_int_equal(m->rule.cmp, CMP_GT);
	assert_int_equal(m->rule.periods, 5);
	assert_int_equal(m->rule.datapoints, 5); /* as CloudWatch: M defaults to N */
	assert_true(m->rule.warn_ratio == 0.8);
	settings_free(&s);

	/* Only datapoints: N follows M. */
	assert_int_equal(load(&s,
			      "[metric q]\nnamespace = N\nmetric = X\nthreshold = 3\n"
			      "datapoints = 2\n",
			      &errs),
			 0);
	assert_int_equal(s.metrics[0].rule.periods, 2);
	settings_free(&s);
}

static void test_sqs_example(void **state)
{
	struct settings s;
	const struct metric_def *m;
	char *errs = NULL;

	(void)state;
	settings_init_defaults(&s);
	assert_int_equal(settings_load_file(&s, DATA "sqs.conf", &errs), 0);
	assert_null(errs);
	assert_int_equal(s.nmetrics, 3);
	m = find(&s, "queue_age");
	assert_string_equal(m->namespace_, "AWS/SQS");
	assert_string_equal(m->metric_name, "ApproximateAgeOfOldestMessage");
	assert_string_equal(m->dims[0].name, "QueueName");
	assert_string_equal(m->dims[0].value, "smuppy-jobs-staging");
	assert_string_equal(m->stats[0], "Maximum");
	assert_string_equal(m->unit, "s");
	assert_true(m->rule.threshold == 300);
	assert_int_equal(m->rule.cmp, CMP_GT);
	assert_int_equal(m->rule.datapoints, 2);
	assert_int_equal(m->rule.periods, 3);
	assert_int_equal(m->region_mask, 1u); /* us-east-1 only */
	m = find(&s, "latency");
	assert_int_equal(m->rule.datapoints, 3); /* "3 of 3" */
	assert_int_equal(m->rule.periods, 3);
	settings_free(&s);
}

/* The man page's example is the fixture, line for line. */
static void test_man_example_is_the_fixture(void **state)
{
	char *man = read_all(CWTOP_SRCDIR "/man/cwtop.conf.5");
	char *conf = read_all(DATA "sqs.conf");
	char *line, *save = NULL;

	(void)state;
	for (line = strtok_r(conf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char want[256];
		size_t o = 0;
		const char *p;

		if (line[0] == '#')
			continue;
		/* In the man source, '-' is written '\-'. */
		for (p = line; *p && o + 3 < sizeof(want); p++) {
			if (*p == '-')
				want[o++] = '\\';
			want[o++] = *p;
		}
		want[o] = '\0';
		if (!strstr(man, want))
			fail_msg("cwtop.conf(5) example lacks: %s", line);
	}
	free(man);
	free(conf);
}

static void test_crlf(void **state)
{
	struct settings lf, crlf;
	char *errs = NULL;

	(void)state;
	settings_init_defaults(&lf);
	settings_init_defaults(&crlf);
	assert_int_equal(settings_load_file(&lf, DATA "sqs.conf", &errs), 0);
	assert_int_equal(settings_load_file(&crlf, DATA "sqs-crlf.conf", &errs), 0);
	assert_null(errs);
	assert_same_settings(&lf, &crlf);
	settings_free(&lf);
	settings_free(&crlf);
}

static void test_comments_quotes_bom(void **state)
{
	struct settings s;
	char *errs;

	(void)state;
	assert_int_equal(load(&s,
			      "\xEF\xBB\xBF# comment\n; comment\n[cwtop]  ; c\n"
			      "  theme = nord # trailing\n"
			      "[metric m] # c\n"
			      "namespace = Shop#Prod\nmetric = M\n"
			      "label = \"  spaced  \"\n"
			      "unit = \"\"\n",
			      &errs),
			 0);
	assert_string_equal(s.theme, "nord");
	/* '#' not after a blank is not a comment. */
	assert_string_equal(s.metrics[0].namespace_, "Shop#Prod");
	assert_string_equal(s.metrics[0].label, "  spaced  ");
	assert_string_equal(s.metrics[0].unit, "");
	settings_free(&s);
}

/* ---- errors -------------------------------------------------------------------------- */

/* Each kind of mistake, and what cwtop says about it. */
static void test_each_error(void **state)
{
	static const struct {
		const char *conf, *want;
	} cases[] = {
		{"[cwtop]\nrefesh = 1\n", ":2: unknown key 'refesh' (did you mean 'refresh'?)"},
		{"[metric a]\nnamespace = N\nmetric = M\ntreshold = 1\n",
		 ":4: unknown key 'treshold' (did you mean 'threshold'?)"},
		{"[metric a]\nnamespace = N\nmetric = M\nper second = yes\n",
		 ":4: unknown key 'per second' (did you mean 'per_second'?)"},
		{"[cwtop]\ncolour = red\n", ":2: unknown key 'colour' in [cwtop]"},
		{"[cwtop]\nrefresh = 4000\n", ":2: refresh: 4000 is out of range (0 to 3600)"},
		{"[cwtop]\nlag = -1\n", ":2: lag: -1 is out of range (0 to 900)"},
		{"[cwtop]\nrefresh = 1.5\n", ":2: refresh: '1.5' is not a number of seconds"},
		{"[metric a]\nnamespace = N\nmetric = M\nwarn_ratio = 2\n",
		 ":4: warn_ratio: 2 is out of range (0 to 1)"},
		{"[metric a]\nnamespace = N\nmetric = M\nscale = 0\n",
		 ":4: scale: 0 is out of range (more than 0, at most 1e12)"},
		{"[metric a]\nnamespace = N\nmetric = M\nthreshold = nan\n",
		 ":4: threshold: 'nan' is not a number"},
		{"[metric a]\nnamespace = N\nmetric = M\nstats = Average, Mean\n",
		 ":4: stats: unknown statistic 'Mean' (did you mean 'Average'?)"},
		{"[metric a]\nnamespace = N\nmetric = M\nstats = Maximun\n",
		 ":4: stats: unknown statistic 'Maximun' (did you mean 'Maximum'?)"},
		{"[metric a]\nnamespace = N\nmetric = M\nstats = p101\n",
		 ":4: stats: unknown statistic 'p101'"},
		{"[metric a]\nnamespace = N\nmetric = M\nstats = Sum, Sum\n",
		 ":4: stats: statistic 'Sum' is listed twice"},
		{"[metric a]\nnamespace = N\nmetric = M\nstats = a,b,c,d,e\n",
		 ":4: stats: more than 4 statistics"},
		{"[metric a]\nnamespace = N\nmetric = M\ndimension = Stage\n",
		 ":4: dimension: 'Stage' has no value (write Stage=Value)"},
		{"[metric a]\nnamespace = N\nmetric = M\ndimension = Stage=\n",
		 ":4: dimension: 'Stage' has no value"},
		{"[metric a]\nnamespace = N\nmetric = M\ndimension = =x\n",
		 ":4: dimension: '=x' has no name"},
		{"[metric a]\nnamespace = N\nmetric = M\ndimension = A=1\ndimension = A=2\n",
		 ":5: dimension: 'A' is given twice"},
		{"[metric a]\nlabel = x\n",
		 ":1: [metric a] has no namespace and metric: give namespace and metric, or "
		 "expression"},
		{"[metric a]\nnamespace = N\n", ":1: [metric a] has no metric"},
		{"[metric a]\nmetric = M\n", ":1: [metric a] has no namespace"},
		{"[metric a]\nexpression = SUM(x)\nmetric = M\n",
		 ":3: 'metric' cannot be used with 'expression'"},
		{"[metric a]\nexpression = SUM(x)\ndimension = A=b\n",
		 ":3: 'dimension' cannot be used with 'expression'"},
		{"[cwtop]\nregions = us-east-1\n[metric a]\nnamespace = N\nmetric = M\n"
		 "regions = eu-west-1\n",
		 ":6: region 'eu-west-1' of [metric a] is not in regions (us-east-1)"},
		{"[metric a]\nnamespace = N\nmetric = M\nregions = eu-west-1\n[cwtop]\n"
		 "regions = us-east-1\n",
		 ":4: region 'eu-west-1' of [metric a] is not in regions (us-east-1)"},
		{"[cwtop]\nregions = us-east-1, moon-base-1\n",
		 ":2: regions: 'moon-base-1' is not a region name (like us-east-1)"},
		{"[cwtop]\nregions = us-east-1,,eu-west-1\n",
		 ":2: regions: empty item in the list of regions"},
		{"[cwtop]\nregions = us-east-1, us-east-1\n",
		 ":2: regions: region 'us-east-1' is listed twice"},
		{"[metric a]\nnamespace = N\nmetric = M\nthreshold = 1\ndatapoints = 3\nperiods = "
		 "2\n",
		 ":5: datapoints (3) is more than periods (2): M of N needs M <= N"},
		{"[metric a]\nnamespace = N\nmetric = M\nthreshold = 1\ndatapoints = 3 of 2\n",
		 ":5: datapoints (3) is more than periods (2)"},
		{"[metric a]\nnamespace = N\nmetric = M\ndatapoints = 1\n",
		 ":4: 'datapoints' needs a threshold"},
		{"[metric a]\nnamespace = N\nmetric = M\nthreshold = 1\nperiod = 3600\nperiods = "
		 "25\n",
		 ":6: periods x period is 90000 seconds; at most 86400 (a day)"},
		{"[metric a]\nnamespace = N\nmetric = M\ncomparison = GreaterThanTreshold\n",
		 ":4: comparison: unknown comparison 'GreaterThanTreshold' (did you mean "
		 "'GreaterThanThreshold'?)"},
		{"[metric a]\nnamespace = N\nmetric = M\nperiod = 90\n",
		 ":4: period: 90 is not 1, 5, 10, 30 or a multiple of 60"},
		{"[metric a]\nnamespace = N\nmetric = M\n[metric a]\nnamespace = N\nmetric = M\n",
		 ":4: metric 'a' is defined twice (first at line 1)"},
		{"[cwtop]\ndefaults = yes\n[metric latency]\nnamespace = N\nmetric = M\n",
		 ":3: a built-in metric has this name too (with defaults = yes, choose another)"},
		{"[cwtop]\ntheme = a\ntheme = b\n", ":3: 'theme' is already set at line 2"},
		{"theme = a\n",
		 ":1: key 'theme' is outside any section (global keys go under [cwtop])"},
		{"[cwtop]\nnamespace = x\n",
		 ":2: key 'namespace' belongs in a [metric NAME] section"},
		{"[metric a]\nrefresh = 1\n", ":2: key 'refresh' belongs in [cwtop]"},
		{"[cwtop\n", ":1: section header has no closing ']'"},
		{"[cwtop] x\n", ":1: unexpected text after the section header"},
		{"[metric]\n", ":1: [metric] needs a name: [metric NAME]"},
		{"[metric a.b]\n", ":1: 'a.b' is not a metric name"},
		{"[metric _a]\n", ":1: '_a' is not a metric name"},
		{"[metrc a]\n", ":1: unknown section '[metrc a]' (did you mean '[metric a]'?)"},
		{"[global]\n",
		 ":1: unknown section '[global]' (sections are [cwtop] and [metric NAME])"},
		{"[cwtop]\njust words\n", ":2: expected 'key = value' or a [section]"},
		{"[cwtop]\nprofile = a\xc2\x85"
		 "b\n",
		 ":2: profile: "},
		{"[cwtop]\ntheme = ../../etc/passwd\n",
		 ":2: theme: '../../etc/passwd' is not a theme name"},
		{"[cwtop]\nbell = sometimes\n", ":2: bell: 'sometimes' is not yes or no"},
		{"[cwtop]\nrange = 2h\n",
		 ":2: range: '2h' is not a time range (15m, 1h, 3h, 12h or 24h)"},
		{"[metric a]\nnamespace = N\nmetric = M\nlabel =\n",
		 ":4: label: the value is empty"},
		{"[metric a]\nnamespace = AWS/X!\nmetric = M\n",
		 ":2: namespace: 'AWS/X!' is not a CloudWatch namespace"},
		{"[metric a]\nnamespace = N\nmetric = M\nunit = 12345678901234567\n",
		 ":4: unit: the value is 17 characters long (0 to 16 characters)"},
	};
	struct settings s;
	char *errs;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = load(&s, cases[i].conf, &errs);

		if (n < 1 || !errs || !strstr(errs, cases[i].want))
			fail_msg("case %zu: want \"%s\"\ngot %d: %s", i, cases[i].want, n,
				 errs ? errs : "(none)");
		/* Every message names the file. */
		assert_non_null(strstr(errs, tmpdir));
		free(errs);
		settings_free(&s);
	}
}

/* All the errors of a file are listed, in line order, exactly so. */
static void test_all_errors_listed(void **state)
{
	struct settings s;
	char *errs = NULL, *want = read_all(DATA "errors.expected"), *got, *p;
	const char *path = DATA "errors.conf";
	size_t plen = strlen(path);
	int n;

	(void)state;
	settings_init_defaults(&s);
	n = settings_load_file(&s, path, &errs);
	assert_non_null(errs);
	/* The path -> FILE, as in the expected text. */
	got = calloc(1, strlen(errs) + 1);
	assert_non_null(got);
	for (p = errs; *p;) {
		if (!strncmp(p, path, plen)) {
			strcat(got, "FILE");
			p += plen;
		} else {
			strncat(got, p++, 1);
		}
	}
	assert_string_equal(got, want);
	assert_int_equal(n, 24);
	free(got);
	free(want);
	free(errs);
	settings_free(&s);
}

static void test_error_list_is_capped(void **state)
{
	struct settings s;
	char *errs, text[8000] = "[cwtop]\n";
	int i, n, lines = 0;

	(void)state;
	for (i = 0; i < 200; i++)
		strcat(text, "nonsense = 1\n");
	n = load(&s, text, &errs);
	assert_int_equal(n, 200);
	for (i = 0; errs[i]; i++)
		lines += errs[i] == '\n';
	assert_int_equal(lines, 51);
	assert_non_null(strstr(errs, "... and 150 more errors\n"));
	free(errs);
	settings_free(&s);
}

static void test_missing_and_unreadable_files(void **state)
{
	struct settings s;
	char *errs = NULL;

	(void)state;
	settings_init_defaults(&s);
	assert_int_equal(settings_load_file(&s, "/nonexistent/cwtop.conf", &errs), 1);
	assert_non_null(strstr(errs, "/nonexistent/cwtop.conf: cannot read: No such file"));
	free(errs);
	errs = NULL;
	assert_int_equal(settings_load_file(&s, tmpdir, &errs), 1);
	assert_non_null(strstr(errs, ": is a directory"));
	free(errs);
	settings_free(&s);
}

/* ---- hostile input ---------------------------------------------------------------------- */

static void test_hostile_lines(void **state)
{
	static const char conf[] =
		"[cwtop]\n"
		"theme = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
		"refresh = 1\0002\n"
		"profile = caf\xe9\n"
		"theme = a\x1b[31mred\n"
		"[metric m]\n"
		"namespace = N\nmetric = M\n"
		"label = bell\x07here\n"
		"unit = \xc2\xb5s\n"
		"\xff\xfe = 3\n"
		"key\x1b]0;title\x07 = 3\n"
		"lag = 5\n";
	struct settings s;
	char *errs = NULL;
	const char *path = write_tmp("hostile.conf", conf, sizeof(conf) - 1);

	(void)state;
	settings_init_defaults(&s);
	assert_int_equal(settings_load_file(&s, path, &errs), 8);
	assert_non_null(strstr(errs, ":2: line is too long ("));
	assert_non_null(strstr(errs, ":3: line contains a NUL byte"));
	assert_non_null(
		strstr(errs, ":4: profile: 'caf?' has control characters or is not valid UTF-8"));
	assert_non_null(strstr(errs, ":5: theme: 'a?[31mred' has control characters"));
	assert_non_null(strstr(errs, ":9: label: 'bell?here' has control characters"));
	assert_non_null(strstr(errs, ":11: unknown key '?"
				     "?'"));
	assert_non_null(strstr(errs, ":12: unknown key 'key?]0;title?'"));
	assert_non_null(strstr(errs, ":13: key 'lag' belongs in [cwtop]"));
	assert_clean_text(errs);
	/* Valid UTF-8 is fine. */
	assert_string_equal(s.metrics[0].unit, "\xc2\xb5s");
	free(errs);
	settings_free(&s);
}

/* Random bytes and mangled configs: never a crash, a hang or a dirty message. */
static void test_garbage_never_crashes(void **state)
{
	char *example = read_all(CWTOP_SRCDIR "/cwtop.conf.example");
	size_t len = strlen(example), i, k;
	unsigned seed = 12345;
	struct settings s;
	char *errs;
	char buf[4096];

	(void)state;
	for (i = 0; i < 200; i++) {
		const char *path;

		if (i % 2) {
			size_t n = 1 + (i * 37) % sizeof(buf);

			for (k = 0; k < n; k++) {
				seed = seed * 1103515245u + 12345u;
				buf[k] = (char)(seed >> 16);
			}
			path = write_tmp("garbage.conf", buf, n);
		} else {
			char *copy = malloc(len);

			assert_non_null(copy);
			memcpy(copy, example, len);
			for (k = 0; k < 20; k++) {
				seed = seed * 1103515245u + 12345u;
				copy[(seed >> 8) % len] = (char)(seed >> 20);
			}
			path = write_tmp("garbage.conf", copy, len);
			free(copy);
		}
		settings_init_defaults(&s);
		errs = NULL;
		settings_load_file(&s, path, &errs);
		if (errs)
			assert_clean_text(errs);
		free(errs);
		settings_free(&s);
	}
	free(example);
}

static void test_huge_file_refused(void **state)
{
	struct settings s;
	char *errs = NULL, *big = malloc(1024 * 1024 + 10);
	const char *path;

	(void)state;
	assert_non_null(big);
	memset(big, '#', 1024 * 1024 + 10);
	path = write_tmp("big.conf", big, 1024 * 1024 + 10);
	free(big);
	settings_init_defaults(&s);
	assert_int_equal(settings_load_file(&s, path, &errs), 1);
	assert_non_null(strstr(errs, "larger than"));
	free(errs);
	settings_free(&s);
}

/* ---- statistics and regions --------------------------------------------------------------- */

static void test_statistics(void **state)
{
	static const char *const good[][2] = {
		{"Average", "Average"},
		{"average", "Average"},
		{"SUM", "Sum"},
		{"minimum", "Minimum"},
		{"Maximum", "Maximum"},
		{"samplecount", "SampleCount"},
		{"iqm", "IQM"},
		{"p99", "p99"},
		{"P99.9", "p99.9"},
		{"p0", "p0"},
		{"p100", "p100"},
		{"p99.1234567891", "p99.1234567891"},
		{"tm90", "tm90"},
		{"WM98", "wm98"},
		{"tc90", "tc90"},
		{"ts99.5", "ts99.5"},
		{"TM(10%:90%)", "TM(10%:90%)"},
		{"tm(2%:98%)", "TM(2%:98%)"},
		{"TM(150:1000)", "TM(150:1000)"},
		{"TS(80%:)", "TS(80%:)"},
		{"PR(:300)", "PR(:300)"},
		{"TC(0.005:0.030)", "TC(0.005:0.030)"},
	};
	static const char *const bad[] = {"Avg",        "p",    "p100.1",          "p-1",
					  "p99.",       "p.5",  "p99.12345678901", "tm",
					  "tm101",      "TM()", "TM(:)",           "TM(10%:90)",
					  "TM(10%90%)", "PR",   "XX(1:2)",         "p99 9",
					  "TM(a:b)",    "p1e2"};
	struct settings s;
	char conf[256], *errs;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(conf, sizeof(conf), "[metric a]\nnamespace = N\nmetric = M\nstats = %s\n",
			 good[i][0]);
		if (load(&s, conf, &errs))
			fail_msg("%s: %s", good[i][0], errs);
		assert_string_equal(s.metrics[0].stats[0], good[i][1]);
		settings_free(&s);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(conf, sizeof(conf), "[metric a]\nnamespace = N\nmetric = M\nstats = %s\n",
			 bad[i]);
		if (load(&s, conf, &errs) != 1)
			fail_msg("%s was accepted", bad[i]);
		assert_non_null(strstr(errs, "unknown statistic"));
		free(errs);
		settings_free(&s);
	}
}

static void test_region_names(void **state)
{
	static const char *const good[] = {"us-east-1",      "ap-southeast-4", "us-gov-west-1",
					   "us-iso-east-1",  "us-isob-east-1", "eu-isoe-west-1",
					   "cn-northwest-1", "il-central-1",   "ap-south-12"};
	static const char *const bad[] = {"US-EAST-1",  "us-east",    "useast1",    "us-east-100",
					  "u-east-1",   "us--1",      "us-gov-1",   "us-east-1 x",
					  "us-east-1a", "usa-east-1", "-us-east-1", ""};
	struct settings s;
	char *errs;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (parse(&s, &errs, 2, "--regions", good[i]))
			fail_msg("%s: %s", good[i], errs);
		assert_string_equal(s.regions[0], good[i]);
		settings_free(&s);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char arg[64];

		snprintf(arg, sizeof(arg), "us-west-2,%s", bad[i]);
		if (parse(&s, &errs, 2, "--regions", arg) != 1)
			fail_msg("%s was accepted", bad[i]);
		free(errs);
		settings_free(&s);
	}
	/* 16 at most. */
	assert_int_equal(
		parse(&s, &errs, 2, "--regions",
		      "us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-west-2,"
		      "eu-west-3,eu-central-1,eu-north-1,ap-south-1,ap-east-1,ap-northeast-1,"
		      "ap-northeast-2,ap-northeast-3,ap-southeast-1,ap-southeast-2,sa-east-1"),
		1);
	assert_non_null(strstr(errs, "more than 16 regions"));
	free(errs);
	settings_free(&s);
}

/* ---- the command line ------------------------------------------------------------------------ */

static void test_flags_override_file(void **state)
{
	struct settings s;
	char *errs;
	const char *path = write_conf("[cwtop]\nrefresh = 30\ntheme = nord\nbell = yes\n"
				      "regions = us-east-1, eu-west-1\n");
	char cpath[300];

	(void)state;
	snprintf(cpath, sizeof(cpath), "%s", path);
	assert_int_equal(parse(&s, &errs, 7, "--refresh=5", "-c", cpath, "--no-bell", "--range",
			       "24h", "--profile=ops"),
			 0);
	assert_null(errs);
	assert_int_equal(s.refresh, 5);
	assert_int_equal(s.origin_refresh, ORIGIN_FLAG);
	assert_string_equal(s.theme, "nord");
	assert_int_equal(s.origin_theme, ORIGIN_FILE);
	assert_false(s.bell);
	assert_int_equal(s.origin_bell, ORIGIN_FLAG);
	assert_int_equal(settings_ranges[s.range_index], 24 * 3600);
	assert_string_equal(s.profile, "ops");
	assert_int_equal(s.nregions, 2);
	assert_int_equal(s.origin_regions, ORIGIN_FILE);
	assert_int_equal(s.origin_lag, ORIGIN_DEFAULT);
	assert_string_equal(s.config_path, cpath);
	settings_free(&s);
}

static void test_run_flags(void **state)
{
	struct settings s;
	char *errs;

	(void)state;
	assert_int_equal(parse(&s, &errs, 7, "--once", "--demo", "--no-color", "--endpoint",
			       "http://127.0.0.1:9/", "--max-polls", "3"),
			 0);
	assert_int_equal(s.mode, MODE_ONCE);
	assert_false(s.json);
	assert_true(s.demo);
	assert_true(s.speed == 20); /* the demo's default */
	assert_true(s.no_color);
	assert_string_equal(s.endpoint, "http://127.0.0.1:9/");
	assert_int_equal(s.max_polls, 3);
	settings_free(&s);

	assert_int_equal(parse(&s, &errs, 4, "--speed", "2.5", "--demo", "--json"), 0);
	assert_true(s.speed == 2.5);         /* --speed wins over the demo's default */
	assert_int_equal(s.mode, MODE_ONCE); /* --json implies --once */
	assert_true(s.json);
	settings_free(&s);

	/* The strongest mode wins, whatever the order. */
	assert_int_equal(parse(&s, &errs, 4, "--once", "-V", "--print-config", "-h"), 0);
	assert_int_equal(s.mode, MODE_HELP);
	settings_free(&s);
	assert_int_equal(parse(&s, &errs, 2, "--print-config", "--once"), 0);
	assert_int_equal(s.mode, MODE_PRINT_CONFIG);
	settings_free(&s);
	assert_int_equal(parse(&s, &errs, 1, "--list-options"), 0);
	assert_int_equal(s.mode, MODE_LIST_OPTIONS);
	settings_free(&s);
	assert_int_equal(parse(&s, &errs, 1, "--vers"), 0); /* a unique prefix */
	assert_int_equal(s.mode, MODE_VERSION);
	settings_free(&s);

	setenv("NO_COLOR", "1", 1);
	assert_int_equal(parse(&s, &errs, 0), 0);
	assert_true(s.no_color);
	settings_free(&s);
	setenv("NO_COLOR", "", 1); /* no-color.org: empty means unset */
	assert_int_equal(parse(&s, &errs, 0), 0);
	assert_false(s.no_color);
	settings_free(&s);
	unsetenv("NO_COLOR");
}

static void test_flag_errors(void **state)
{
	struct settings s;
	char *errs;

	(void)state;
	assert_int_equal(parse(&s, &errs, 10, "--refresh", "abc", "--refesh=3", "--bogus", "--re",
			       "--once=yes", "-x", "--speed", "0", "stray"),
			 8);
	assert_non_null(strstr(errs, "cwtop: --refresh: 'abc' is not a number of seconds\n"));
	assert_non_null(
		strstr(errs, "cwtop: unknown option '--refesh' (did you mean --refresh?)\n"));
	assert_non_null(strstr(errs, "cwtop: unknown option '--bogus'\n"));
	assert_non_null(strstr(errs, "cwtop: option '--re' is ambiguous (--regions, --refresh)\n"));
	assert_non_null(strstr(errs, "cwtop: --once takes no value\n"));
	assert_non_null(strstr(errs, "cwtop: unknown option '-x'\n"));
	assert_non_null(strstr(errs, "cwtop: --speed: 0 is out of range (0.01 to 1000)\n"));
	free(errs);
	settings_free(&s);

	assert_int_equal(parse(&s, &errs, 1, "--range"), 1);
	assert_string_equal(errs, "cwtop: --range needs a value (RANGE)\n");
	free(errs);
	settings_free(&s);

	assert_int_equal(parse(&s, &errs, 2, "--endpoint", "ftp://x"), 1);
	assert_non_null(strstr(errs, "is not an http:// or https:// URL"));
	free(errs);
	settings_free(&s);

	assert_int_equal(parse(&s, &errs, 2, "--theme", "\x1b[2J"), 1);
	assert_clean_text(errs);
	free(errs);
	settings_free(&s);

	assert_int_equal(parse(&s, &errs, 2, "extra", "args"), 2);
	assert_non_null(
		strstr(errs, "cwtop: unexpected argument 'extra' (cwtop takes options only)"));
	free(errs);
	settings_free(&s);
}

/* File and flag errors come together. */
static void test_file_and_flag_errors_together(void **state)
{
	struct settings s;
	char *errs;
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s", write_conf("[cwtop]\nrefresh = x\n"));
	assert_int_equal(parse(&s, &errs, 4, "-c", path, "--lag", "3"), 3);
	assert_non_null(strstr(errs, ":2: refresh: 'x' is not a number of seconds\n"));
	assert_non_null(strstr(errs, "cwtop: unknown option '--lag'"));
	free(errs);
	settings_free(&s);
}

static void test_config_file_lookup(void **state)
{
	struct settings s;
	char *errs, dir[300];

	(void)state;
	/* -c with a missing file is an error; the default path may be absent. */
	assert_int_equal(parse(&s, &errs, 2, "-c", "/nonexistent/x.conf"), 1);
	assert_non_null(strstr(errs, "/nonexistent/x.conf: cannot read"));
	free(errs);
	settings_free(&s);
	assert_int_equal(parse(&s, &errs, 0), 0);
	assert_null(s.config_path);
	settings_free(&s);
	/* --help needs no config, even a broken one. */
	assert_int_equal(parse(&s, &errs, 3, "-c", "/nonexistent/x.conf", "--help"), 0);
	assert_int_equal(s.mode, MODE_HELP);
	settings_free(&s);

	/* $XDG_CONFIG_HOME/cwtop/config */
	snprintf(dir, sizeof(dir), "%s/cwtop", tmpdir);
	mkdir(dir, 0700);
	write_tmp("cwtop/config", "[cwtop]\nlag = 7\n", 16);
	assert_int_equal(parse(&s, &errs, 0), 0);
	assert_int_equal(s.lag, 7);
	assert_non_null(strstr(s.config_path, "/cwtop/config"));
	settings_free(&s);

	/* else ~/.config/cwtop/config */
	setenv("HOME", tmpdir, 1);
	setenv("XDG_CONFIG_HOME", "relative/is/ignored", 1);
	snprintf(dir, sizeof(dir), "%s/.config", tmpdir);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/.config/cwtop", tmpdir);
	mkdir(dir, 0700);
	write_tmp(".config/cwtop/config", "[cwtop]\nlag = 9\n", 16);
	assert_int_equal(parse(&s, &errs, 0), 0);
	assert_int_equal(s.lag, 9);
	settings_free(&s);
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
}

static void test_flag_regions_narrow_metrics(void **state)
{
	struct settings s, back;
	char *errs, *text, path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s",
		 write_conf(
			 "[metric a]\nnamespace = N\nmetric = M\nregions = eu-west-1, ap-south-1\n"
			 "[metric b]\nnamespace = N\nmetric = M\n"));
	assert_int_equal(parse(&s, &errs, 4, "-c", path, "--regions", "us-east-1,eu-west-1"), 0);
	assert_int_equal(s.metrics[0].region_mask, 1u << 1);
	assert_int_equal(s.metrics[1].region_mask, UINT32_MAX);
	/* What is printed reads back the same. */
	text = print_to_string(&s);
	assert_non_null(strstr(text, "regions = us-east-1, eu-west-1"));
	assert_non_null(strstr(text, "# --regions"));
	settings_init_defaults(&back);
	assert_int_equal(settings_load_file(&back, write_conf(text), &errs), 0);
	assert_same_settings(&s, &back);
	free(text);
	settings_free(&s);
	settings_free(&back);
}

/* ---- --print-config -------------------------------------------------------------------------- */

static void roundtrip(struct settings *s)
{
	struct settings back;
	char *text = print_to_string(s), *errs = NULL;
	int n;

	settings_init_defaults(&back);
	n = settings_load_file(&back, write_tmp("printed.conf", text, strlen(text)), &errs);
	if (n)
		fail_msg("printed config does not read back:\n%s\n---\n%s", errs, text);
	assert_same_settings(s, &back);
	/* And it prints the same again, origins aside. */
	free(text);
	settings_free(&back);
}

static void test_print_roundtrip(void **state)
{
	static const char *const files[] = {"sqs.conf", "all-keys.conf", "sqs-crlf.conf"};
	struct settings s;
	char *errs, path[300];
	size_t i;

	(void)state;
	settings_init_defaults(&s);
	roundtrip(&s);
	settings_free(&s);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), DATA "%s", files[i]);
		assert_int_equal(parse(&s, &errs, 2, "-c", path), 0);
		roundtrip(&s);
		settings_free(&s);
	}
	/* Flags, odd numbers and awkward values. */
	snprintf(path, sizeof(path), "%s",
		 write_conf("[metric a]\nnamespace = N\nmetric = M\nscale = 0.001\n"
			    "threshold = -1e-7\nwarn_ratio = 0.3333333333333333\n"
			    "label = \"quoted\"\nunit = \"\"\n"));
	assert_int_equal(parse(&s, &errs, 8, "-c", path, "--refresh", "7", "--theme", "light",
			       "--no-bell", "--profile=x"),
			 0);
	assert_string_equal(s.metrics[0].label, "quoted");
	roundtrip(&s);
	settings_free(&s);
}

static void test_print_origins(void **state)
{
	struct settings s;
	char *errs, *text, path[300], want[400];

	(void)state;
	snprintf(path, sizeof(path), "%s",
		 write_conf("[cwtop]\nlag = 30\n\n[metric a]\nnamespace = N\nmetric = M\n"
			    "dimension = A=1\ndimension = B=2\n"));
	assert_int_equal(parse(&s, &errs, 5, "-c", path, "--refresh", "9", "--no-bell"), 0);
	text = print_to_string(&s);
	assert_non_null(strstr(text, "\nrefresh = 9                              # --refresh\n"));
	assert_non_null(strstr(text, "\nbell = no                                # --no-bell\n"));
	assert_non_null(strstr(text, "\ntheme = default                          # default\n"));
	snprintf(want, sizeof(want), "\nlag = 30                                 # %s:2\n", path);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof(want), "\ndimension = B=2                          # %s:8\n", path);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof(want), "\n[metric a]                               # %s:4\n", path);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "\nperiod = 60                              # default\n"));
	assert_non_null(strstr(text, "# profile is not set\n"));
	free(text);
	settings_free(&s);
}

/* ---- --help, --list-options and the man pages -------------------------------------------------
 */

static char *capture(void (*fn)(FILE *))
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	fn(f);
	fclose(f);
	return text;
}

/* for_each_listed: call fn(kind, name) for each line of --list-options. */
static void for_each_listed(void (*fn)(const char *kind, const char *name, void *ctx), void *ctx)
{
	char *list = capture(settings_list_options), *line, *save = NULL;

	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');

		assert_non_null(sp);
		*sp = '\0';
		fn(line, sp + 1, ctx);
	}
	free(list);
}

static void check_usage(const char *kind, const char *name, void *ctx)
{
	const char *usage = ctx;
	char want[80];

	if (strcmp(kind, "option"))
		return;
	snprintf(want, sizeof(want), "%s%s", name, name[1] == '-' ? "" : ",");
	if (!strstr(usage, want))
		fail_msg("--help lacks %s", name);
}

static void test_usage_and_list(void **state)
{
	char *usage = capture(settings_usage), *list = capture(settings_list_options);
	const char *p;
	size_t width = 0;

	(void)state;
	for_each_listed(check_usage, usage);
	assert_null(strstr(usage, "--list-options")); /* hidden */
	assert_non_null(strstr(list, "option --regions\n"));
	assert_non_null(strstr(list, "option -c\n"));
	assert_non_null(strstr(list, "key regions\n"));
	assert_non_null(strstr(list, "key defaults\n"));
	assert_non_null(strstr(list, "metric-key regions\n"));
	assert_non_null(strstr(list, "metric-key warn_ratio\n"));
	assert_null(strstr(list, "list-options"));
	for (p = usage; *p; p++) {
		width = *p == '\n' ? 0 : width + 1;
		assert_true(width <= 80);
	}
	free(usage);
	free(list);
}

/* man_normalized: the man source with "\-" written "-". */
static char *man_normalized(const char *path)
{
	char *text = read_all(path), *o = text;
	const char *p;

	for (p = text; *p; p++) {
		if (p[0] == '\\' && p[1] == '-')
			continue;
		*o++ = *p;
	}
	*o = '\0';
	return text;
}

struct man_pages {
	char *page1, *page5;
};

/* tagged: does a ".TP" paragraph of page have name as a word of its tag? */
static bool tagged(const char *page, const char *name)
{
	const char *p = page;
	size_t len = strlen(name);

	while ((p = strstr(p, "\n.TP\n"))) {
		const char *tag = p + 5, *end = strchr(tag, '\n'), *q = tag;

		if (!end)
			break;
		while ((q = strstr(q, name)) && q < end) {
			char after = q[len];

			if ((q[-1] == ' ' || q[-1] == '"') &&
			    !((after >= 'a' && after <= 'z') || after == '-' || after == '_'))
				return true;
			q += len;
		}
		p = end;
	}
	return false;
}

static void check_man(const char *kind, const char *name, void *ctx)
{
	const struct man_pages *m = ctx;
	char want[80];

	if (!strcmp(kind, "option")) {
		/* Each option is the tag of a paragraph in cwtop(1). */
		if (!tagged(m->page1, name))
			fail_msg("cwtop(1) does not document %s", name);
	} else {
		/* Each key is a tagged paragraph ".BI "key = " type" of cwtop.conf(5). */
		snprintf(want, sizeof(want), "\n.TP\n.BI \"%s = \"", name);
		if (!strstr(m->page5, want))
			fail_msg("cwtop.conf(5) does not document %s %s", kind, name);
	}
}

static void test_man_pages_cover_the_table(void **state)
{
	struct man_pages m;

	(void)state;
	m.page1 = man_normalized(CWTOP_SRCDIR "/man/cwtop.1");
	m.page5 = man_normalized(CWTOP_SRCDIR "/man/cwtop.conf.5");
	for_each_listed(check_man, &m);
	free(m.page1);
	free(m.page5);
}

/* ---- numbers in any locale ----------------------------------------------------------------------
 */

static void test_numbers_ignore_locale(void **state)
{
	static const char *const locales[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", "C.UTF-8"};
	struct settings s;
	char *errs, *text;
	size_t i;

	(void)state;
	for (i = 0; i < 4 && !setlocale(LC_NUMERIC, locales[i]); i++)
		;
	if (i == 4)
		skip();
	assert_int_equal(load(&s,
			      "[metric a]\nnamespace = N\nmetric = M\nthreshold = 0.5\n"
			      "warn_ratio = 0.75\n",
			      &errs),
			 0);
	assert_true(s.metrics[0].rule.threshold == 0.5);
	text = print_to_string(&s);
	assert_non_null(strstr(text, "threshold = 0.5 "));
	assert_non_null(strstr(text, "warn_ratio = 0.75 "));
	free(text);
	settings_free(&s);
	setlocale(LC_NUMERIC, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_example_is_the_defaults),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_profile_names),
		cmocka_unit_test(test_metric_key_defaults),
		cmocka_unit_test(test_sqs_example),
		cmocka_unit_test(test_man_example_is_the_fixture),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_comments_quotes_bom),
		cmocka_unit_test(test_each_error),
		cmocka_unit_test(test_all_errors_listed),
		cmocka_unit_test(test_error_list_is_capped),
		cmocka_unit_test(test_missing_and_unreadable_files),
		cmocka_unit_test(test_hostile_lines),
		cmocka_unit_test(test_garbage_never_crashes),
		cmocka_unit_test(test_huge_file_refused),
		cmocka_unit_test(test_statistics),
		cmocka_unit_test(test_region_names),
		cmocka_unit_test(test_flags_override_file),
		cmocka_unit_test(test_run_flags),
		cmocka_unit_test(test_flag_errors),
		cmocka_unit_test(test_file_and_flag_errors_together),
		cmocka_unit_test(test_config_file_lookup),
		cmocka_unit_test(test_flag_regions_narrow_metrics),
		cmocka_unit_test(test_print_roundtrip),
		cmocka_unit_test(test_print_origins),
		cmocka_unit_test(test_usage_and_list),
		cmocka_unit_test(test_man_pages_cover_the_table),
		cmocka_unit_test(test_numbers_ignore_locale),
	};

	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
