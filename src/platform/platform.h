/*
 * platform.h: the SDL side of the app, shared by the platform's own files: translating
 * events, rendering a DrawList with cached text textures, finding data files.
 */
#ifndef ARCHDRILL_PLATFORM_H
#define ARCHDRILL_PLATFORM_H

#include "ui/draw.h"
#include "ui/input.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>

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

/* Finds the folder with decks/ and assets/: ../share/archdrill next to the binary when
 * installed, else the source tree (development builds). Returns a new string. */
char *paths_data_root(void);

#endif
