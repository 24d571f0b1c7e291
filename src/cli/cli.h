/*
 * cli.h: the command line. `archdrill` with no command opens the window; commands do one
 * job and exit. The CLI never touches SDL: the platform layer passes in what it knows
 * (default data folder, where the shipped data lives, the clock).
 */
#ifndef ARCHDRILL_CLI_H
#define ARCHDRILL_CLI_H

#include "core/board.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct CliEnv {
    const char *default_data_dir; /* the platform's choice (XDG data dir); may be NULL */
    const char *data_root;        /* the folder holding decks/ and assets/ */
    int64_t now_ms;               /* wall clock, UTC milliseconds */
    int tz_offset_s;              /* local time minus UTC */
    FILE *out;
    FILE *err;
    /* What the platform draws for commands; NULL where there is no renderer (the CLI's
     * own tests): png export is then refused and the render benchmark skipped. */
    void *platform; /* passed to the two callbacks */
    /* Writes the elements `only` of board b (and their labels; NULL: the whole board) as a
     * PNG file at path ("-": standard output), `scale` pixels per board unit, on white
     * with a 20-unit margin as the SVG export has. Returns false with a message in err
     * (err_cap bytes): a scale out of range, an image too large, a file not written. */
    bool (*board_png)(void *platform, const Board *b, const BoardIds *only, double scale,
                      const char *path, char *err, size_t err_cap);
    /* Times drawing board b at 1600 x 1000 with the software renderer, from a view at zoom
     * 1 centred on (cx, cy): `frames` pan frames, as many zoom frames, and frames zoomed
     * all the way out; prints the figures on out. Returns 0, or 1 with a message on err. */
    int (*bench_board_render)(void *platform, const Board *b, double cx, double cy, int frames,
                              FILE *out, FILE *err);
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
