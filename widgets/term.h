/* widgets/term.h: not written yet. */
