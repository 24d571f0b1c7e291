/*
 * cli.h: the command line. `archdrill` with no command opens the window; commands do one
 * job and exit. The CLI never touches SDL: the platform layer passes in what it knows
 * (default data folder, where the shipped data lives, the clock).
 */
#ifndef ARCHDRILL_CLI_H
#define ARCHDRILL_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct CliEnv {
    const char *default_data_dir; /* the platform's choice (XDG data dir); may be NULL */
    const char *data_root;        /* the folder holding decks/ and assets/ */
    int64_t now_ms;               /* wall clock, UTC milliseconds */
    int tz_offset_s;              /* local time minus UTC */
    FILE *out;
    FILE *err;
} CliEnv;

/* What the caller should do after cli_main returns CLI_OPEN_WINDOW. */
typedef struct CliLaunch {
    char data_dir[1024]; /* resolved: --data-dir, ARCHDRILL_DATA_DIR, or the default */
} CliLaunch;

#define CLI_OPEN_WINDOW (-1)

/* Parses argv and runs the command. Returns the process exit status (0 ok, 1 failure,
 * 2 usage error), or CLI_OPEN_WINDOW with *launch filled when no command was given. */
int cli_main(int argc, char **argv, const CliEnv *env, CliLaunch *launch);

#endif
