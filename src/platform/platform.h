/*
 * platform.h: the SDL side of the app, shared by the platform's own files: translating
 * events, rendering a DrawList with cached text textures, finding data files.
 */
#ifndef ARCHDRILL_PLATFORM_H
#define ARCHDRILL_PLATFORM_H

#include "core/board.h"
#include "ui/draw.h"
#include "ui/input.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Translates one SDL event; returns false for events the app does not use. */
bool sdl_translate_event(const SDL_Event *e, InputEvent *out);

typedef struct Renderer Renderer;

/* Loads the bundled fonts from assets_dir/fonts. NULL (with a message on stderr) on
 * failure. */
Renderer *renderer_create(SDL_Renderer *sdl, const char *assets_dir);
void renderer_destroy(Renderer *r);
/* Sets the logical-to-physical pixel scale (HiDPI). Clears the text cache on change. */
void renderer_set_scale(Renderer *r, float scale);
/* Measures text in logical pixels; matches app.h's TextMeasureFn. */
float renderer_measure(void *r, FontId font, float size, const char *text);
/* Executes a draw list and presents it. */
void renderer_draw(Renderer *r, const DrawList *dl);

/* Opens `path` at `line` in the user's editor ($VISUAL, else $EDITOR in a terminal, else
 * the desktop's default application), without waiting. Returns false if nothing could be
 * started. */
bool editor_open(const char *path, int line);

/* ---- offscreen drawing (sdl_export.c) ------------------------------------------------ *
 * With SDL's software renderer on a surface: no window and no SDL_Init needed (SDL_ttf is
 * started and stopped when nobody else has). `data_root` is the folder with assets/fonts;
 * NULL finds it with paths_data_root. */

/* Renders dl, recorded for a w x h pixel canvas, and writes it as an RGBA PNG at path
 * ("-": standard output) through path.tmp and a rename. Returns false with a message in
 * err (err_cap bytes): sizes over 16384 a side or 100 million pixels, no fonts, a file not
 * written. */
bool sdl_export_png_at(const char *data_root, const DrawList *dl, int w, int h, const char *path,
                       char *err, size_t err_cap);
/* The same as an AppHost export_png callback: `user` is ignored. */
bool sdl_export_png(void *user, const DrawList *dl, int w, int h, const char *path, char *err,
                    size_t err_cap);
/* CliEnv's board_png: board b (or the elements `only`) on white with a 20-unit margin, at
 * `scale` pixels per board unit; `data_root` is a const char * or NULL. */
bool sdl_export_board_png(void *data_root, const Board *b, const BoardIds *only, double scale,
                          const char *path, char *err, size_t err_cap);
/* CliEnv's bench_board_render: prints the timings of recording and rendering pan and zoom
 * frames of b at 1600 x 1000, and the peak memory. Returns 0, or 1 (message on err). */
int sdl_bench_board_render(void *data_root, const Board *b, double cx, double cy, int frames,
                           FILE *out, FILE *err);

/* Finds the folder with decks/ and assets/: ../share/archdrill next to the binary when
 * installed, else the source tree (development builds). Returns a new string. */
char *paths_data_root(void);

/* ---- measuring (the benchmarks built into the binary) -------------------------------- */

/* Milliseconds of CLOCK_MONOTONIC. */
double measure_mono_ms(void);
/* A "Name:" field of /proc/self/status in kB (VmRSS, VmHWM), or -1 where there is none. */
long measure_status_kb(const char *field);
/* qsort's comparison of doubles, ascending. */
int measure_cmp_double(const void *a, const void *b);

#endif
