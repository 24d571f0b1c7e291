/*
 * fsrs_replay.c: placeholder until the scheduler lands; reports that replay is missing.
 */
#include "cli/fsrs_replay.h"

int fsrs_replay_run(FILE *in, const char *name, FILE *out, FILE *err)
{
    (void)in;
    (void)out;
    fprintf(err, "%s: fsrs-replay is not available in this build\n", name);
    return 1;
}
