/*
 * geometry.h: the window's remembered geometry: its position and size when not maximized
 * (the "normal" geometry, which a maximized window keeps for when it is restored) and
 * whether it was maximized, saved as one settings value "x y w h maximized". The rules
 * for placing a window from it take the displays as input, so they are tested without
 * one.
 */
#ifndef ARCHDRILL_GEOMETRY_H
#define ARCHDRILL_GEOMETRY_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct WindowGeometry {
    int x, y, w, h; /* the normal position and size; x, y may be SDL_WINDOWPOS_CENTERED */
    bool maximized;
} WindowGeometry;

/* The geometry of a first start: w x h, centred, not maximized. */
WindowGeometry geometry_default(int w, int h);

/* Parses a saved value: "x y w h maximized", or "x y w h" as saved before maximized was
 * remembered; x and y may be SDL_WINDOWPOS_CENTERED (a window opened maximized and never
 * restored). A size under min_w x min_h is raised to it. Returns false, *out untouched,
 * for anything else (garbage, a size or coordinate of 16384 or more). */
bool geometry_parse(const char *text, int min_w, int min_h, WindowGeometry *out);

/* Writes g as geometry_parse reads it into out (cap bytes, at least 64). */
void geometry_format(const WindowGeometry *g, char *out, size_t cap);

/* Where to open a window of geometry g on the displays whose bounds are given: g itself
 * when at least 64 x 32 pixels of its top part (where the title bar is) are on one of
 * them; else centred (SDL_WINDOWPOS_CENTERED) with its size cut to the first display's,
 * so a position saved on a display that is gone no longer opens the window out of sight.
 * n == 0 (displays unknown) keeps g. */
WindowGeometry geometry_place(const WindowGeometry *g, const SDL_Rect *displays, int n);

#endif
