/* suggest: "did you mean ...?" for a mistyped name. */
#include "config.h"

#include "src/suggest.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

static int same_char(char a, char b)
{
	return tolower((unsigned char)a) == tolower((unsigned char)b);
}

size_t suggest_distance(const char *a, const char *b)
{
	/* Three rows of the dynamic programming table are enough for the
	 * optimal string alignment distance (one transposition look-back). */
	size_t rows[3][SUGGEST_MAX_LEN + 1];
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = same_char(a[i - 1], b[j - 1]) ? 0 : 1;

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && same_char(a[i - 1], b[j - 2]) &&
			    same_char(a[i - 2], b[j - 1]) && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

/* max_edits: how far a word may be from a candidate and still be taken for
 * a typo of it: one edit for short names, a third of the length for long
 * ones (so "treshold" finds "threshold" but "foo" does not find "lag"). */
static size_t max_edits(size_t len)
{
	if (len <= 4)
		return 1;
	return len / 3 < 2 ? 2 : len / 3;
}

void suggest_init(struct suggest *sg, const char *word)
{
	sg->word = word;
	sg->best = NULL;
	sg->best_dist = SIZE_MAX;
}

void suggest_consider(struct suggest *sg, const char *candidate)
{
	size_t d;

	if (!sg->word || !candidate)
		return;
	d = suggest_distance(sg->word, candidate);
	if (d == 0 || d == SIZE_MAX || d > max_edits(strlen(candidate)))
		return;
	if (d < sg->best_dist) {
		sg->best = candidate;
		sg->best_dist = d;
	}
}

const char *suggest_result(const struct suggest *sg)
{
	return sg->best;
}
