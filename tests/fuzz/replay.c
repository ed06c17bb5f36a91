/* replay: run a fuzz target over its corpus without libFuzzer.
 *
 * Included at the end of every tests/fuzz/fuzz_NAME.c (after its
 * LLVMFuzzerTestOneInput), so the same file builds two ways:
 *  - `make check` compiles it with the normal compiler: this main() feeds
 *    every file of tests/fuzz/corpus/NAME/ to the target, each in a buffer
 *    of exactly its size (so ASan sees any overread), and the program is
 *    itself a test (exit 0 pass, 1 fail; a crash fails too);
 *  - `make fuzz` compiles it with clang -fsanitize=fuzzer and
 *    -DCWTOP_LIBFUZZER, which removes this main() in favour of libFuzzer's.
 * It is not compiled on its own, hence no config.h here (its host has it).
 *
 * Usage: fuzz_NAME [FILE|DIR]...   (default: the target's corpus folder)
 * NAME comes from the program's name: fuzz_cw_response -> cw_response. */
#ifndef CWTOP_LIBFUZZER

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

#define REPLAY_MAX_INPUT (16u * 1024 * 1024)

/* replay_file: 0 when the input ran, -1 when it could not be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *buf;
	size_t n;

	if (!f || fstat(fileno(f), &st) != 0 || st.st_size < 0 ||
	    (uint64_t)st.st_size > REPLAY_MAX_INPUT) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	/* Exactly the input's size (at least 1 byte for malloc), like libFuzzer. */
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* replay_dir: every regular file of dir, in name order (reproducible). */
static int replay_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: cannot open %s\n", dir);
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **grown = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof(*names));

			if (!grown)
				abort();
			names = grown;
		}
		names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (!names[n])
			abort();
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (replay_file(names[i]) != 0)
				rc = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static int replay_path(const char *path, size_t *count)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s does not exist\n", path);
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return replay_dir(path, count);
	if (replay_file(path) != 0)
		return -1;
	(*count)++;
	return 0;
}

/* corpus_of: CWTOP_SRCDIR/tests/fuzz/corpus/NAME for program fuzz_NAME. */
static char *corpus_of(const char *argv0)
{
	const char *base = strrchr(argv0, '/');
	char *path;

	base = base ? base + 1 : argv0;
	if (strncmp(base, "lt-", 3) == 0)
		base += 3;
	if (strncmp(base, "fuzz_", 5) == 0)
		base += 5;
	path = malloc(strlen(CWTOP_SRCDIR) + strlen(base) + 32);
	if (!path)
		abort();
	sprintf(path, "%s/tests/fuzz/corpus/%s", CWTOP_SRCDIR, base);
	return path;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int i, rc = 0;

	if (argc < 2) {
		char *dir = corpus_of(argv[0]);

		rc = replay_path(dir, &count);
		printf("replayed %zu inputs from %s\n", count, dir);
		free(dir);
		/* An empty corpus is a mistake, not a pass. */
		return rc == 0 && count > 0 ? 0 : 1;
	}
	for (i = 1; i < argc; i++)
		if (replay_path(argv[i], &count) != 0)
			rc = 1;
	printf("replayed %zu inputs\n", count);
	return rc;
}

#endif /* CWTOP_LIBFUZZER */
