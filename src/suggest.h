/* suggest: "did you mean ...?" for a mistyped name.
 *
 * Feed the candidates one by one; the closest one within a small edit
 * distance (case-insensitive, a swap of two neighbours counts as one edit)
 * is the suggestion. Used for config keys, sections, flags and statistics. */
#ifndef CWTOP_SUGGEST_H
#define CWTOP_SUGGEST_H

#include <stddef.h>

struct suggest {
	const char *word;
	const char *best; /* NULL until a close enough candidate was seen */
	size_t best_dist;
};

void suggest_init(struct suggest *sg, const char *word);
/* suggest_consider: remember candidate if it is the closest so far. An exact
 * (case-insensitive) match is never suggested: that is not a typo. */
void suggest_consider(struct suggest *sg, const char *candidate);
/* suggest_result: the best candidate, or NULL. */
const char *suggest_result(const struct suggest *sg);

/* suggest_distance: edit distance between a and b (optimal string
 * alignment, case-insensitive); words longer than SUGGEST_MAX_LEN count
 * as infinitely far (SIZE_MAX). */
#define SUGGEST_MAX_LEN 64
size_t suggest_distance(const char *a, const char *b);

#endif
