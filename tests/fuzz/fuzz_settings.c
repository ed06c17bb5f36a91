/* fuzz_settings: settings_load_file, the reader of cwtop's own config file
 * (~/.config/cwtop/config or -c FILE), and settings_print, which writes
 * the effective settings back as a config file (--print-config).
 *
 * The input is the file. settings_load_file reads only paths, so the input
 * is written to a memfd read as /proc/self/fd/N (one per process).
 *
 * Every error line is printable and starts with the file's name (the last
 * may be the "... and N more errors" summary). A file that loads cleanly
 * must round-trip: what settings_print writes loads back with no error
 * into the same settings. */
#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "src/settings.h"
#include "tests/fuzz/fuzz.h"

struct memfile {
	int fd;
	char path[64];
};

static void memfile_open(struct memfile *m)
{
	m->fd = memfd_create("cwtop-fuzz-settings", MFD_CLOEXEC);
	if (m->fd < 0)
		abort();
	snprintf(m->path, sizeof(m->path), "/proc/self/fd/%d", m->fd);
}

static void memfile_write(const struct memfile *m, const void *data, size_t size)
{
	if (ftruncate(m->fd, 0) != 0 || (size && pwrite(m->fd, data, size, 0) != (ssize_t)size))
		abort();
}

static char *print_settings(const struct settings *s, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f)
		abort();
	settings_print(s, f);
	if (fclose(f) != 0)
		abort();
	return text;
}

/* check_same: what a config file can say is the same after the round trip. */
static void check_same(const struct settings *a, const struct settings *b)
{
	size_t i;

	FUZZ_CHECK(a->nregions == b->nregions);
	for (i = 0; i < a->nregions; i++)
		FUZZ_CHECK(strcmp(a->regions[i], b->regions[i]) == 0);
	FUZZ_CHECK(!a->profile == !b->profile);
	FUZZ_CHECK(!a->profile || strcmp(a->profile, b->profile) == 0);
	FUZZ_CHECK(a->refresh == b->refresh && a->range_index == b->range_index);
	FUZZ_CHECK(a->bell == b->bell && a->lag == b->lag);
	FUZZ_CHECK(!a->theme == !b->theme);
	FUZZ_CHECK(!a->theme || strcmp(a->theme, b->theme) == 0);
	FUZZ_CHECK(a->nmetrics == b->nmetrics);
}

static void round_trip(const struct settings *s, const struct memfile *m)
{
	struct settings back;
	char *text, *errs = NULL;
	size_t len = 0;
	int n;

	text = print_settings(s, &len);
	memfile_write(m, text, len);
	settings_init_defaults(&back);
	n = settings_load_file(&back, m->path, &errs);
	if (n != 0) {
		fprintf(stderr, "settings_print wrote:\n%s\nwhich loads back with:\n%s", text,
			errs ? errs : "(no text)\n");
	}
	FUZZ_CHECK(n == 0 && !errs);
	check_same(s, &back);
	free(errs);
	free(text);
	settings_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct memfile file;
	struct settings s;
	char *errs = NULL;
	int n;

	if (!file.path[0])
		memfile_open(&file);
	memfile_write(&file, data, size);
	settings_init_defaults(&s);
	n = settings_load_file(&s, file.path, &errs);
	FUZZ_CHECK(n >= 0);
	fuzz_check_error_lines(errs, n, n, file.path, 1);
	if (n == 0)
		round_trip(&s, &file);
	free(errs);
	settings_free(&s);
	return 0;
}

#include "tests/fuzz/replay.c"
