/* settings_impl: what settings.c, settings_opts.c and config_file.c share.
 * Private to the settings module: nothing outside these three files
 * includes it. */
#ifndef CWTOP_SETTINGS_IMPL_H
#define CWTOP_SETTINGS_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "src/buf.h"
#include "src/metric_def.h"
#include "src/settings.h"

/* The longest config line: libinih's buffer (200 bytes in Debian's
 * build) less the line end and the NUL. */
#define CONFIG_LINE_MAX 197

/* Where an option applies. */
enum opt_scope {
	SCOPE_GLOBAL, /* [cwtop] key, maybe also a flag */
	SCOPE_RUN,    /* command line only */
	SCOPE_METRIC, /* [metric NAME] key */
};

/* The options, in the order --help, --print-config and the man pages use. */
enum opt_id {
	/* command line only: first in --help */
	OPT_CONFIG,
	/* [cwtop] */
	OPT_REGIONS,
	OPT_PROFILE,
	OPT_REFRESH,
	OPT_RANGE,
	OPT_THEME,
	OPT_BELL,
	OPT_LAG,
	OPT_CW_ALARMS,
	OPT_DEFAULTS,
	/* command line only */
	OPT_NO_BELL,
	OPT_NO_CW_ALARMS,
	OPT_NO_COLOR,
	OPT_ONCE,
	OPT_JSON,
	OPT_DEMO,
	OPT_SPEED,
	OPT_EPOCH,
	OPT_ENDPOINT,
	OPT_MAX_POLLS,
	OPT_PRINT_CONFIG,
	OPT_HELP,
	OPT_VERSION,
	OPT_LIST_OPTIONS,
	/* [metric NAME] */
	OPT_M_LABEL,
	OPT_M_NAMESPACE,
	OPT_M_METRIC,
	OPT_M_DIMENSION,
	OPT_M_EXPRESSION,
	OPT_M_STATS,
	OPT_M_PERIOD,
	OPT_M_UNIT,
	OPT_M_SCALE,
	OPT_M_FILL,
	OPT_M_PER_SECOND,
	OPT_M_THRESHOLD,
	OPT_M_COMPARISON,
	OPT_M_DATAPOINTS,
	OPT_M_PERIODS,
	OPT_M_WARN_RATIO,
	OPT_M_REGIONS,
	OPT_COUNT
};

/* Where one value came from: kind, and the line for ORIGIN_FILE. */
struct origin_at {
	enum origin kind;
	int line; /* ORIGIN_FILE: the line */
	int via;  /* ORIGIN_FLAG: the option used (--no-bell sets bell) */
};

/* What settings keeps about each metric besides its metric_def (a parallel
 * array: metric_def belongs to another module). */
struct metric_extra {
	struct origin_at at[OPT_COUNT]; /* per metric key; ORIGIN_DEFAULT if unset */
	int section_line;               /* [metric NAME] line; 0 for a built-in */
	int dim_line[METRIC_MAX_DIMS];  /* the line of each dimension key */
	char *regions;                  /* the regions key as written; NULL: all */
};

/* settings_priv: hangs off struct settings.priv. */
struct settings_priv {
	struct origin_at at[OPT_COUNT]; /* global and command-line options */
	bool keep_defaults;             /* defaults = yes */
	struct metric_extra *mx;        /* parallel to settings.metrics */
	char *file_shown;               /* config path, sanitized, for comments */
};

/* The target an option is applied to. */
struct opt_target {
	struct settings *s;
	struct metric_def *m;    /* SCOPE_METRIC */
	struct metric_extra *mx; /* SCOPE_METRIC */
	struct origin_at at;     /* where the value being applied comes from */
};

struct opt_def {
	const char *key;  /* config key; NULL: command line only */
	const char *flag; /* long option without "--"; NULL: file only */
	int short_flag;   /* 'c', 'h', 'V' or 0 */
	enum opt_scope scope;
	const char *metavar; /* argument name in --help; NULL: a flag without one */
	const char *type;    /* for people: "integer", "list of regions", ... */
	const char *def;     /* the default, as a config value; NULL: none */
	const char *range;   /* allowed values, for people; NULL: any */
	const char *help;    /* one sentence */
	bool hidden;         /* not in --help (the man-page check flag) */
	size_t off;          /* field in struct settings / metric_def (generic
			      * types); for p_mode, the run mode */
	double min, max;     /* numbers: the allowed range */
	/* parse: apply text; 0, or -1 with a message in err. For a flag
	 * without an argument text is NULL. */
	int (*parse)(const struct opt_def *o, const struct opt_target *t, const char *text,
		     char *err, size_t errlen);
	/* format: the idx-th value as config text into out; false when there
	 * is no idx-th value (or nothing to print). NULL: not printed. */
	bool (*format)(const struct opt_def *o, const struct opt_target *t, size_t idx, char *out,
		       size_t outlen);
};

extern const struct opt_def opt_table[OPT_COUNT];

/* opt_apply: check that text is clean (no control characters, valid
 * UTF-8) and hand it to the option's parser. */
int opt_apply(int id, const struct opt_target *t, const char *text, char *err, size_t errlen);

/* opt_find_key: the option with config key in scope, or -1. */
int opt_find_key(const char *key, enum opt_scope scope);
/* opt_suggest_key: the closest key in scope to a mistyped one, or NULL. */
const char *opt_suggest_key(const char *key, enum opt_scope scope);

/* metric_blank: a metric with every metric key at its default and id as
 * its name and label. */
void metric_blank(struct metric_def *m, struct metric_extra *mx, const char *id);
/* metric_finish: the checks that need the whole section (namespace or
 * expression, datapoints <= periods, ...). Each problem is passed to
 * report(ctx, line, message); returns the number of problems. */
int metric_finish(struct metric_def *m, struct metric_extra *mx,
		  void (*report)(void *ctx, int line, const char *msg), void *ctx);
/* metric_resolve_regions: set region_mask from mx->regions against the
 * global list. Unknown names are reported when strict, else dropped. */
int metric_resolve_regions(const struct settings *s, struct metric_def *m,
			   const struct metric_extra *mx, bool strict,
			   void (*report)(void *ctx, int line, const char *msg), void *ctx);
/* metric_id_valid: a [metric NAME] name cwtop accepts. */
bool metric_id_valid(const char *id, char *err, size_t errlen);

/* settings_priv_get: s->priv, created on first use. */
struct settings_priv *settings_priv_get(struct settings *s);
/* metric_extra_free: release one parallel record. */
void metric_extra_free(struct metric_extra *mx);
/* settings_set_origin: record where option id's value came from. */
void settings_set_origin(struct settings *s, int id, enum origin kind, int line);

/* shown: untrusted text made safe for an error message (at most 60
 * characters, "..." when cut), in out. */
const char *shown(char *out, size_t outlen, const char *text);
#define SHOWN_LEN 96

/* Errors, collected and listed together; the first ERRS_MAX are kept. */
#define ERRS_MAX 50
struct errlist {
	struct buf b;
	int count;
};
void errs_init(struct errlist *e);
void errs_add(struct errlist *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* errs_flush: append the listed errors to *out (a malloc'd string). */
void errs_flush(struct errlist *e, char **out);

/* Locale-independent numbers (a config file means the same in every
 * locale): 0 on success. */
int num_parse(const char *text, double *out);
void num_format(double v, char *out, size_t outlen);

#endif
