/* src/sim_server.h: not written yet. */
