/* widgets/theme.h: not written yet. */
