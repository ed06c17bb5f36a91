/* src/app.h: not written yet. */
