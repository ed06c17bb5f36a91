/* src/keymap.h: not written yet. */
