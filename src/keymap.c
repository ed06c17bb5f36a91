/* src/keymap.c: not written yet. */
#include "config.h"

extern int cwtop_stub_keymap;
