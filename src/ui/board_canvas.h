/*
 * board_canvas.h: the whiteboard as a widget: one board from the store drawn through a
 * view in a rectangle of the window, with Excalidraw's tools and keys, a stencil palette
 * and a style bar. The full-screen board and the drill attempt's board pane both use it.
 *
 * Every finished edit (a shape drawn, a drag ended, a stroke lifted, text committed) is one
 * command of the board model and is written to the store at the end of the frame it
 * finished in, so a crash loses at most the edit in progress.
 *
 * Keys (while the canvas has the keyboard): V select, R rectangle, D diamond, O ellipse,
 * A arrow, L line, P pen, T text, E eraser, H hand, K stencil; Delete, Ctrl+D duplicate,
 * Ctrl+C/X/V, Ctrl+A, Ctrl+G / Ctrl+Shift+G group / ungroup, Ctrl+] / Ctrl+[ forward /
 * backward (with Shift: to front / back), Ctrl+Z undo, Ctrl+Shift+Z or Ctrl+Y redo,
 * arrows nudge, Ctrl + / - / 0 zoom, Shift+1 fit all, Shift+2 fit the selection, G grid,
 * N snap to the grid, Enter edits the selected shape's label, Space+drag pans.
 */
#ifndef ARCHDRILL_BOARD_CANVAS_H
#define ARCHDRILL_BOARD_CANVAS_H

#include "core/board.h"
#include "core/store.h"
#include "ui/board_view.h"
#include "ui/ui.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum BoardTool {
    TOOL_SELECT,
    TOOL_RECT,
    TOOL_DIAMOND,
    TOOL_ELLIPSE,
    TOOL_ARROW,
    TOOL_LINE,
    TOOL_PEN,
    TOOL_TEXT,
    TOOL_ERASER,
    TOOL_HAND,
    TOOL_STENCIL,
    TOOL_COUNT
} BoardTool;

typedef enum CanvasDrag {
    DRAG_NONE,
    DRAG_PAN,
    DRAG_MOVE,
    DRAG_RESIZE,
    DRAG_BOX,
    DRAG_CREATE,
    DRAG_LINE,
    DRAG_PEN,
    DRAG_ERASE
} CanvasDrag;

typedef enum CanvasEdit { EDIT_NONE, EDIT_NEW_TEXT, EDIT_TEXT, EDIT_LABEL } CanvasEdit;

#define CANVAS_GRID 20.0 /* board units between grid dots, and the snap step */

typedef struct BoardCanvas {
    Store *store; /* borrowed */
    int64_t board_id;
    Board *board;
    BoardRenderer *renderer;
    BoardView view;
    Rect area;       /* where the last frame drew it */
    bool view_known; /* false until the first frame places a new board's view */
    /* tools and style */
    BoardTool tool;
    BoardStencil stencil; /* what TOOL_STENCIL places */
    BoardStyle style;     /* what new elements get */
    bool grid, snap;
    bool space_down;
    /* selection and the gesture in progress */
    BoardIds selection;
    CanvasDrag drag;
    int handle;              /* DRAG_RESIZE: 0..7 clockwise from the top-left */
    double ax, ay;           /* where the gesture started, board units */
    double moved_x, moved_y; /* DRAG_MOVE: how far the selection has been moved */
    double box_x, box_y;     /* DRAG_BOX: the corner under the pointer */
    float last_sx, last_sy;  /* DRAG_PAN: the last mouse position, screen */
    BoardRect start_box;     /* DRAG_RESIZE, DRAG_MOVE: the box it started from */
    int64_t drag_id;         /* DRAG_CREATE, DRAG_LINE, DRAG_RESIZE: the element */
    bool drag_changed;
    bool additive; /* DRAG_BOX with Shift: add to the selection */
    /* text being edited in place */
    CanvasEdit edit;
    int64_t edit_id; /* EDIT_TEXT: the text; EDIT_LABEL: the shape */
    double edit_x, edit_y;
    TextArea text;
    Rect edit_rect; /* where the text box was drawn: a click in it is the text's */
    /* clipboard: copies of elements (labels included) */
    BoardElement *clip;
    size_t nclip;
    int pastes;
    /* double clicks */
    int64_t click_ms;
    float click_x, click_y;
    /* the view is written to the store a moment after it stops changing */
    int64_t view_changed_ms;
    char status[200]; /* a save error, or what the last export did */
} BoardCanvas;

/* Loads board `board_id` from the store into c (zeroed or closed before). Returns
 * ERR_NOT_FOUND / ERR_CORRUPT / ERR_DB with the message in store_errmsg; c stays closed
 * then. */
Err board_canvas_open(BoardCanvas *c, Store *store, int64_t board_id);
/* Ends any edit in progress, writes what is unsaved (elements and view) and frees the
 * board. Safe on a closed canvas. */
void board_canvas_close(BoardCanvas *c, int64_t now_ms);
bool board_canvas_is_open(const BoardCanvas *c);

/* Runs one frame of the canvas in `area`: input (mouse inside area; keys only when
 * `keyboard` is true and the event is not consumed yet), then drawing, then saving what
 * the frame finished. Returns true when it used this frame's event. */
bool board_canvas_frame(BoardCanvas *c, UiCtx *ui, Rect area, bool keyboard);

/* True while text is edited in place or a gesture is in progress (Esc belongs to the
 * canvas then). */
bool board_canvas_busy(const BoardCanvas *c);

/* True when Esc would mean something to the canvas: an edit or gesture to end, a
 * selection to clear, a tool to put down. */
bool board_canvas_wants_escape(const BoardCanvas *c);

/* When the canvas next needs a frame without input (saving the view), or 0. */
int64_t board_canvas_deadline_ms(const BoardCanvas *c);

/* Shows a message in the canvas's status line ("" clears it). */
void board_canvas_set_status(BoardCanvas *c, const char *text);

/* Records the board (or the selection when `selection` and something is selected) into
 * dl as an image: white background, `scale` pixels per unit, 20 units of margin
 * (board_view_export). Sets *w, *h to its size in pixels. Returns false with the reason in
 * err for an empty board, a bad scale or an image over the export limits. */
bool board_canvas_picture(BoardCanvas *c, DrawList *dl, bool selection, double scale,
                          TextMeasureFn measure, void *measure_user, int *w, int *h, char *err,
                          size_t err_cap);

#endif
