/*
 * geometry.c: parsing, saving and placing the remembered window geometry (geometry.h).
 * No SDL calls: the displays come in as rectangles.
 */
#include "platform/geometry.h"

#include <stdio.h>

#define GEOMETRY_MAX 16384
#define VISIBLE_W    64 /* how much of a window's top must be on a display */
#define VISIBLE_H    32

WindowGeometry geometry_default(int w, int h)
{
    return (WindowGeometry){SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, false};
}

static bool coordinate(int v)
{
    return (v > -GEOMETRY_MAX && v < GEOMETRY_MAX) || v == (int)SDL_WINDOWPOS_CENTERED;
}

bool geometry_parse(const char *text, int min_w, int min_h, WindowGeometry *out)
{
    int x, y, w, h, maximized = 0, end = 0;
    int n = text ? sscanf(text, "%d %d %d %d %n%d %n", &x, &y, &w, &h, &end, &maximized, &end) : 0;
    /* four numbers (an older value) or five, and nothing after them; a window that was
     * never shown unmaximized has no position of its own, only "centred" */
    if (n < 4 || text[end] != '\0' || w <= 0 || h <= 0 || w >= GEOMETRY_MAX || h >= GEOMETRY_MAX ||
        (maximized != 0 && maximized != 1) || !coordinate(x) || !coordinate(y))
        return false;
    *out = (WindowGeometry){x, y, w < min_w ? min_w : w, h < min_h ? min_h : h, maximized == 1};
    return true;
}

void geometry_format(const WindowGeometry *g, char *out, size_t cap)
{
    snprintf(out, cap, "%d %d %d %d %d", g->x, g->y, g->w, g->h, g->maximized ? 1 : 0);
}

/* How far [a0, a1) and [b0, b1) overlap. */
static long overlap(long a0, long a1, long b0, long b1)
{
    long lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi > lo ? hi - lo : 0;
}

WindowGeometry geometry_place(const WindowGeometry *g, const SDL_Rect *displays, int n)
{
    WindowGeometry out = *g;
    if (n <= 0 || g->x == SDL_WINDOWPOS_CENTERED || g->y == SDL_WINDOWPOS_CENTERED)
        return out;
    long need_w = g->w < VISIBLE_W ? g->w : VISIBLE_W;
    for (int i = 0; i < n; i++) {
        const SDL_Rect *d = &displays[i];
        if (overlap(g->x, (long)g->x + g->w, d->x, (long)d->x + d->w) >= need_w &&
            overlap(g->y, (long)g->y + VISIBLE_H, d->y, (long)d->y + d->h) >= VISIBLE_H)
            return out;
    }
    out.x = out.y = SDL_WINDOWPOS_CENTERED;
    if (out.w > displays[0].w && displays[0].w > 0)
        out.w = displays[0].w;
    if (out.h > displays[0].h && displays[0].h > 0)
        out.h = displays[0].h;
    return out;
}
