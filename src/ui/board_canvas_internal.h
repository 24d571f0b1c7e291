/*
 * board_canvas_internal.h: what board_canvas.c (gestures, keys, saving) and
 * board_canvas_draw.c (selection, tool bar, palette, style bar) share. Not for screens.
 */
#ifndef ARCHDRILL_BOARD_CANVAS_INTERNAL_H
#define ARCHDRILL_BOARD_CANVAS_INTERNAL_H

#include "ui/board_canvas.h"

#define HANDLE_PX 8.0f /* the size of a resize handle, screen pixels */

/* The single-key shortcut of each tool, lowercase. */
extern const char CANVAS_TOOL_KEYS[TOOL_COUNT];

/* An element's box (lines and strokes: the extent of their points). */
BoardRect canvas_element_box(const BoardElement *el);
/* The rectangle spanned by two corners, in either order. */
BoardRect canvas_normalised(double x0, double y0, double x1, double y1);
/* The centre of resize handle 0..7 (clockwise from the top-left) of box r. */
void canvas_handle_center(BoardRect r, int handle, double *x, double *y);

/* The board through the view, then the selection and the box being dragged out. */
void canvas_draw_board(BoardCanvas *c, UiCtx *ui);
/* The tool bar, the stencil palette (with the stencil tool), the style bar, the status. */
void canvas_draw_chrome(BoardCanvas *c, UiCtx *ui);

#endif
