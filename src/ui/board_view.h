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
    bool grid;        /* light lines every grid_step board units (none closer than 6 px) */
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

/* A renderer with an empty mesh cache (free with board_renderer_free; NULL is a no-op).
 * A renderer draws one board: drawing another Board drops the cache, and a caller that
 * frees a board and loads another calls board_renderer_reset (ids and revs repeat across
 * boards). */
BoardRenderer *board_renderer_new(void);
void board_renderer_free(BoardRenderer *r);
/* Forgets every cached mesh. */
void board_renderer_reset(BoardRenderer *r);

/* Records the part of board b that `area` shows through view v into dl, clipped to area:
 * background, grid, the elements in z-order, then the stroke in progress
 * (board_stroke_pending). Meshes are cached by element id and rev, rebuilt when the zoom
 * changes their level of detail (a screen pixel in board units, rounded to the nearest
 * power of two) or the element's shape; a moved element keeps its mesh. Elements no longer on
 * the board are evicted after each command, and when the cache passes 48 MB the meshes
 * this frame did not draw go. Text is FONT_UI at font_size x zoom, lines 1.25 em apart;
 * text under 3 px or over 1024 px on screen, and a line over 16384 px long, is not
 * drawn. The clip is off afterwards. */
void board_renderer_draw(BoardRenderer *r, DrawList *dl, const Board *b, Rect area, BoardView v,
                         const BoardDrawOptions *o);

/* Bytes the renderer's cache holds. */
size_t board_renderer_bytes(const BoardRenderer *r);
/* Meshes built since the renderer was made (tests and benchmarks look at it). */
uint64_t board_renderer_builds(const BoardRenderer *r);

/* ---- export ------------------------------------------------------------------------ */

#define BOARD_EXPORT_MAX_SIDE   16384     /* pixels a side */
#define BOARD_EXPORT_MAX_PIXELS 100000000 /* pixels in all */

typedef struct BoardExportOptions {
    double scale;         /* image pixels per board unit, in [BOARD_ZOOM_MIN, BOARD_ZOOM_MAX] */
    double margin;        /* board units of background around the drawing, >= 0 */
    Color background;     /* alpha 0: transparent */
    const BoardIds *only; /* these elements (and their labels); NULL: the whole board */
    TextMeasureFn measure;
    void *measure_user;
} BoardExportOptions;

/* The image an export makes: the ink bounds of the chosen elements grown by the margin,
 * at the scale, in whole pixels (w x h), and the view that draws it. Nothing chosen (an
 * empty board) gives an image of the margin alone. Fails with ERR_PARSE for a scale or
 * margin out of range and ERR_TOO_BIG past BOARD_EXPORT_MAX_SIDE a side or
 * BOARD_EXPORT_MAX_PIXELS in all, with a message in err (err_cap bytes). */
Err board_view_export_frame(const Board *b, const BoardExportOptions *o, int *w, int *h,
                            BoardView *v, char *err, size_t err_cap);
/* Records that image into dl (cleared first) for a w x h canvas at (0, 0), as
 * board_view_export_frame sizes it; o->measure is required. Fails as it does. */
Err board_view_export(const Board *b, const BoardExportOptions *o, DrawList *dl, int *w, int *h,
                      char *err, size_t err_cap);

#endif
