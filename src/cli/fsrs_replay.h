/*
 * fsrs_replay.h: `archdrill fsrs-replay [FILE]`, which replays golden-vector files
 * (../shared/fsrs/REPLAY.md) through the app's own scheduler and prints one JSON line per
 * step with what it computed.
 */
#ifndef ARCHDRILL_FSRS_REPLAY_H
#define ARCHDRILL_FSRS_REPLAY_H

#include <stdio.h>

/* Reads vector lines from `in` (named `name` in messages) and writes results to `out`.
 * Returns 0 on success, 1 after reporting a malformed line as "name:LINE: message" on
 * `err`. Borrows all streams. */
int fsrs_replay_run(FILE *in, const char *name, FILE *out, FILE *err);

#endif
