/*
 * bench_board.h: `archdrill bench board`, the whiteboard model's benchmark. It draws a
 * board through the model's commands (10,000 elements, 2,000 of them freehand strokes of
 * 200 points, the rest stencils with labels, shapes, bound arrows, lines and text), then
 * times and prints: hit-tests (target < 0.1 ms), box selections and view queries through
 * the spatial index, building the freehand meshes and outlines, a point added to a stroke
 * in progress, a move with undo and redo, saving and loading through SQLite, the
 * .excalidraw and SVG exports, and the model's memory (target < 100 MB). Then, when the
 * platform provides CliEnv.bench_board_render, drawing it: pan and zoom frames at 1600 x
 * 1000 with the software renderer (target < 8 ms a frame) and the peak memory. The figures
 * are printed, never asserted on.
 */
#ifndef ARCHDRILL_BENCH_BOARD_H
#define ARCHDRILL_BENCH_BOARD_H

#include "cli/cli.h"
#include "core/board.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct BoardBenchConfig {
    int elements;        /* on the board, strokes included */
    int strokes;         /* freehand strokes among them */
    int points;          /* input points per stroke */
    int queries;         /* hit-tests timed */
    uint64_t seed;       /* of the generator */
    const char *tmp_dir; /* for the temporary database; NULL: $TMPDIR or /tmp */
    int frames;          /* pan frames and zoom frames of the render benchmark */
    const CliEnv *env;   /* its bench_board_render draws; NULL: no render benchmark */
} BoardBenchConfig;

typedef struct BoardBenchResult {
    size_t elements;
    double build_ms;
    double hit_mean_us, hit_p99_us, hit_max_us;
    double box_mean_ms, view_mean_ms, view_all_ms;
    double mesh_all_ms, outline_all_ms;
    size_t mesh_triangles;
    double mesh_far_ms; /* the meshes at 10 % zoom, with the level of detail */
    size_t mesh_far_triangles;
    double stroke_point_us; /* adding a point and remeshing the stroke in progress */
    double undo_ms;         /* undo of moving 100 elements (their arrows and labels too) */
    double save_ms, load_ms, save_command_ms;
    double export_ms, import_ms, svg_ms;
    size_t export_bytes, svg_bytes;
    size_t model_bytes;  /* as drawn: with the undo history of every command */
    size_t loaded_bytes; /* as loaded from the database: no history */
    size_t mesh_bytes;
} BoardBenchResult;

/* 10,000 elements, 2,000 strokes of 200 points, 100,000 hit-tests, 200 frames, seed 42,
 * no render benchmark. */
BoardBenchConfig bench_board_default(void);

/* Draws the benchmark's board through the model's commands (the same board for the same
 * config) and gives the side of the square it covers, from (0, 0). Free with board_free. */
Board *bench_board_generate(const BoardBenchConfig *cfg, double *side);

/* Runs the benchmark, printing the report on `out` and problems on `err`; res may be NULL.
 * Returns 0, or 1 when something failed. */
int bench_board_run(const BoardBenchConfig *cfg, FILE *out, FILE *err, BoardBenchResult *res);

/* `bench board [--elements N] [--strokes N] [--points N] [--frames N]`: parses the options
 * (args after "board") and runs, with env's render benchmark when it has one. Returns the
 * exit status (2 for a usage error). */
int bench_board_main(char **args, int count, const CliEnv *env);

#endif
