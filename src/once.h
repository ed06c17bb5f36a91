/* src/once.h: not written yet. */
