/* settings: cwtop's effective configuration and where each value came from.
 *
 * One declarative table of options (settings.c) drives the config-file
 * parser, the command-line parser, --help, --print-config and the man-page
 * check. Precedence: built-in default < config file < command line. */
#ifndef CWTOP_SETTINGS_H
#define CWTOP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "src/metric_def.h"

enum origin {
	ORIGIN_DEFAULT,
	ORIGIN_FILE,
	ORIGIN_FLAG,
};

/* The time ranges `+`/`-` step through, seconds. */
#define RANGE_COUNT 5
extern const int64_t settings_ranges[RANGE_COUNT];          /* 15m 1h 3h 12h 24h */
extern const char *const settings_range_names[RANGE_COUNT]; /* "15m", "1h", ... */

enum run_mode {
	MODE_DASHBOARD,
	MODE_ONCE,
	MODE_PRINT_CONFIG,
	MODE_HELP,
	MODE_VERSION,
	MODE_LIST_OPTIONS, /* hidden --list-options: settings_list_options() */
};

struct settings {
	/* Global settings (each has an origin for --print-config). */
	char *regions[MAX_REGIONS];
	size_t nregions;
	char *profile;   /* NULL: the CLI's resolution (AWS_PROFILE, default) */
	int refresh;     /* seconds between polls; 0: one per period */
	int range_index; /* into settings_ranges */
	char *theme;     /* theme name */
	bool bell;
	int lag;                /* publishing lag, seconds (default 60) */
	bool cloudwatch_alarms; /* ask CloudWatch for its own alarms (DescribeAlarms) */
	enum origin origin_regions, origin_profile, origin_refresh, origin_range, origin_theme,
		origin_bell, origin_lag;

	/* The metrics, in display order. */
	struct metric_def *metrics;
	size_t nmetrics;
	bool metrics_from_file; /* any [metric] section replaces the defaults */

	/* Command-line only. */
	enum run_mode mode;
	bool json;         /* --once --json */
	bool demo;         /* --demo: in-process endpoint */
	double speed;      /* --speed: virtual clock speed (demo, tests) */
	double epoch;      /* --epoch: where the virtual clock is anchored; 0: now */
	char *config_path; /* -c FILE, or the XDG path that was read, or NULL */
	bool no_color;     /* --no-color or NO_COLOR */
	int max_polls;     /* --max-polls N: exit after N polls per region (tests) */
	char *endpoint;    /* --endpoint URL (overrides every other source) */

	/* Private to settings: where each value came from, per line. */
	struct settings_priv *priv;
};

/* settings_init_defaults: the built-in defaults (the default config). */
void settings_init_defaults(struct settings *s);
void settings_free(struct settings *s);

/* settings_load_file: read an INI config file into s. Every problem is
 * appended to errs as "file:line: message" lines; returns the number of
 * errors (0 = fine). A missing file given with -c is an error; the XDG
 * default path may be absent. */
int settings_load_file(struct settings *s, const char *path, char **errs);

/* settings_parse_args: parse argv into s (flags override the file). The
 * config file named by -c or found at $XDG_CONFIG_HOME/cwtop/config (else
 * ~/.config/cwtop/config) is loaded first. Returns 0, or the number of
 * errors with each written to errs (one per line). */
int settings_parse_args(struct settings *s, int argc, char **argv, char **errs);

/* settings_print: the effective config as an INI file, each value with a
 * comment naming where it came from (--print-config). */
void settings_print(const struct settings *s, FILE *out);
/* settings_usage: --help text. */
void settings_usage(FILE *out);

/* settings_list_options: every command-line option and config key of the
 * table, one per line ("option --regions", "key regions", "metric-key
 * threshold"), for the man-page check (hidden flag --list-options). */
void settings_list_options(FILE *out);

/* settings_region_index: index of region name, or -1. */
int settings_region_index(const struct settings *s, const char *region);

#endif
