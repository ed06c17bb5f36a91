/* src/retry.h: not written yet. */
