/*
 * board_view.h: drawing a whiteboard (core/board.h) into a DrawList through a view (a pan
 * offset and a zoom). Shapes, lines, arrows and freehand strokes become triangle meshes
 * (core/board_mesh.h) cached per element and level of detail, so a pan or zoom frame only
 * copies cached triangles; text is drawn with the UI font, measured through the host.
 *
 * Coordinates: a board point (bx, by) appears on screen at
 *   (area.x + (bx - view.x) * view.zoom, area.y + (by - view.y) * view.zoom)
 * so (view.x, view.y) is the board point at the canvas's top-left corner.
 */
#ifndef ARCHDRILL_BOARD_VIEW_H
#define ARCHDRILL_BOARD_VIEW_H

#include "core/board.h"
#include "ui/draw.h"
#include "ui/ui.h"

#include <stdbool.h>

#define BOARD_ZOOM_MIN 0.1
#define BOARD_ZOOM_MAX 30.0

typedef struct BoardView {
    double x, y; /* the board point at the canvas's top-left */
    double zoom; /* screen pixels per board unit, in [BOARD_ZOOM_MIN, BOARD_ZOOM_MAX] */
} BoardView;

/* Board point -> screen point, and back, for a canvas drawn in `area`. */
void board_view_to_screen(BoardView v, Rect area, double bx, double by, float *sx, float *sy);
void board_view_to_board(BoardView v, Rect area, float sx, float sy, double *bx, double *by);
/* Zooms to `zoom` (clamped) keeping the board point under screen point (sx, sy) in place. */
BoardView board_view_zoom_at(BoardView v, Rect area, float sx, float sy, double zoom);
/* The view that shows board rectangle r whole and centred in `area`, with `margin` screen
 * pixels around it and a zoom of at most max_zoom. An empty r gives zoom 1 at the origin. */
BoardView board_view_fit(BoardRect r, Rect area, float margin, double max_zoom);
/* The board rectangle the canvas shows. */
BoardRect board_view_visible(BoardView v, Rect area);

typedef struct BoardDrawOptions {
    Color background; /* the canvas; alpha 0 draws none */
    bool grid;        /* dots every grid_step board units (skipped when too dense) */
    double grid_step;
    Color grid_color;
    /* Dark theme: the default near-black ink and white fills are drawn light on dark, as
     * Excalidraw's dark mode does; stored colours never change. */
    bool invert_ink;
    /* Only these elements (and their labels); NULL draws the whole board. */
    const BoardIds *only;
    TextMeasureFn measure; /* required for text */
    void *measure_user;
} BoardDrawOptions;

typedef struct BoardRenderer BoardRenderer;

/* A renderer with an empty mesh cache (free with board_renderer_free; NULL is a no-op). */
BoardRenderer *board_renderer_new(void);
void board_renderer_free(BoardRenderer *r);

/* Records the part of board b that `area` shows through view v into dl, clipped to area:
 * background, grid, the elements in z-order, then the stroke in progress
 * (board_stroke_pending). Meshes are cached by element id and rev, rebuilt when the zoom
 * changes their level of detail; elements no longer on the board are evicted. */
void board_renderer_draw(BoardRenderer *r, DrawList *dl, const Board *b, Rect area, BoardView v,
                         const BoardDrawOptions *o);

/* Bytes the renderer's cache holds. */
size_t board_renderer_bytes(const BoardRenderer *r);

#endif
