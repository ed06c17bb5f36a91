/* main: parse the command line and hand over to the mode asked for. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "src/app.h"
#include "src/once.h"
#include "src/settings.h"

int main(int argc, char **argv)
{
	struct settings settings;
	char *errs = NULL;
	int status;

	setlocale(LC_ALL, "");
	settings_init_defaults(&settings);
	if (settings_parse_args(&settings, argc, argv, &errs) != 0) {
		fputs(errs ? errs : "cwtop: bad arguments\n", stderr);
		fputs("cwtop: see 'cwtop --help'\n", stderr);
		free(errs);
		settings_free(&settings);
		return EXIT_TROUBLE;
	}
	free(errs);

	switch (settings.mode) {
	case MODE_HELP:
		settings_usage(stdout);
		status = EXIT_ALL_OK;
		break;
	case MODE_VERSION:
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		status = EXIT_ALL_OK;
		break;
	case MODE_PRINT_CONFIG:
		settings_print(&settings, stdout);
		status = EXIT_ALL_OK;
		break;
	case MODE_LIST_OPTIONS:
		settings_list_options(stdout);
		status = EXIT_ALL_OK;
		break;
	case MODE_ONCE:
		status = once_run(&settings);
		break;
	case MODE_DASHBOARD:
	default:
		status = app_run(&settings);
		break;
	}
	settings_free(&settings);
	return status;
}
