/*
 * board_mesh.h: triangle lists for drawing board elements with SDL_RenderGeometry (or any
 * triangle rasteriser): fills of box shapes, strokes of outlines and lines with round
 * joins, dashes, arrowheads and freehand strokes. Pure geometry, no colours: the platform
 * draws `fill` with the style's fill colour and `stroke` with its stroke colour.
 *
 * Positions are in the element's local coordinates (relative to el->x, el->y); the
 * renderer adds the element's position and applies the view, so a cached mesh survives a
 * move. Triangles may overlap (joins, caps): draw them opaque, or into a layer when the
 * colour is translucent.
 */
#ifndef ARCHDRILL_BOARD_MESH_H
#define ARCHDRILL_BOARD_MESH_H

#include "core/board.h"

typedef struct BoardMesh {
    float *xy; /* vertex positions: x0, y0, x1, y1, ... */
    size_t nverts, vcap;
    int *idx; /* three vertex indices per triangle (SDL_RenderGeometry's `indices`) */
    size_t nidx, icap;
} BoardMesh;

/* Empties a mesh, keeping its memory for the next use. */
void board_mesh_clear(BoardMesh *m);
void board_mesh_free(BoardMesh *m);
size_t board_mesh_bytes(const BoardMesh *m);

/* Appends a vertex; returns its index. */
int board_mesh_vertex(BoardMesh *m, float x, float y);
void board_mesh_triangle(BoardMesh *m, int a, int b, int c);
/* A filled disc of radius r in `segments` (>= 3) segments. */
void board_mesh_disc(BoardMesh *m, float cx, float cy, float r, int segments);
/* The fill of a convex polygon (a fan). */
void board_mesh_fan(BoardMesh *m, const BoardPoint *pts, size_t n);
/* A polyline `width` wide with round joins and caps; dashed as Excalidraw dashes (8 on,
 * 8 + width off). `px` is the size of a screen pixel in board units (1 / zoom): it sets
 * how finely round parts are cut and drops joins thinner than a pixel. */
void board_mesh_polyline(BoardMesh *m, const BoardPoint *pts, size_t n, bool closed, float width,
                         bool dashed, float px);

/* Appends what element el draws: a box shape's fill to `fill`; its outline and inner
 * lines, a line with its arrowheads, or a freehand stroke (board_freehand_mesh) to
 * `stroke`. Text adds nothing (the platform draws it with its font). */
void board_mesh_element(const BoardElement *el, float px, BoardMesh *fill, BoardMesh *stroke);

#endif
