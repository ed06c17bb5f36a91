/* src/sim_story.h: not written yet. */
