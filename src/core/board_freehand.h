/*
 * board_freehand.h: smooth freehand strokes, the perfect-freehand way (as Excalidraw draws
 * its freedraw elements): the input points are streamlined (each one pulled towards the
 * previous), pressure is simulated from speed (fast strokes come out thinner), the radius
 * at each point follows the eased pressure, and the stroke is a filled shape around its
 * centre line with round caps and round sharp corners.
 *
 * Two outputs from the same samples: the outline polygon (left side, end cap, right side
 * back, start cap) for SVG, and a triangle mesh for SDL_RenderGeometry. Pure functions.
 */
#ifndef ARCHDRILL_BOARD_FREEHAND_H
#define ARCHDRILL_BOARD_FREEHAND_H

#include "core/board.h"
#include "core/board_mesh.h"

typedef struct BoardFreehandOptions {
    float size;             /* base diameter: 4.25 x the stroke width */
    float thinning;         /* how much pressure changes the size, -1..1: 0.6 */
    float streamline;       /* how much each point is pulled to the previous, 0..1: 0.5 */
    bool simulate_pressure; /* from speed (true for mouse input) */
    bool complete;          /* the stroke has ended: its last input point is used as is */
    float min_step;         /* samples nearer than this to the last kept one are skipped: a level
                               of detail (one screen pixel in board units); 0 keeps them all */
    float tolerance;        /* samples the chord between their kept neighbours passes within this
                               (centre and radius) are skipped too: a level of detail; 0: none */
} BoardFreehandOptions;

/* Excalidraw's settings for a stroke `width` wide (size 4.25 x width, thinning 0.6,
 * streamline 0.5, simulated pressure). */
BoardFreehandOptions board_freehand_options(float width, bool complete);

typedef struct BoardPoints {
    BoardPoint *v;
    size_t n, cap;
} BoardPoints;

void board_points_free(BoardPoints *p);

/* The outline polygon of the stroke through pts[0..n) (appended to out; n >= 1). */
void board_freehand_outline(const BoardPoint *pts, size_t n, const BoardFreehandOptions *o,
                            BoardPoints *out);
/* The stroke as triangles (appended to out); px is a screen pixel in board units, for
 * how finely caps are cut. A stroke narrower than 1.5 px on screen is drawn as a strip at
 * least a pixel wide without its round caps and corners (px 0: never). */
void board_freehand_mesh(const BoardPoint *pts, size_t n, const BoardFreehandOptions *o, float px,
                         BoardMesh *out);

#endif
