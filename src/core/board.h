/*
 * board.h: the whiteboard's model. A Board is a set of elements (shapes, system-design
 * stencils, text, lines, arrows, freehand strokes) in z-order, edited only through
 * commands with unlimited undo and redo, with a spatial index for hit-testing and box
 * selection. Pure C: no SDL, no clock, no I/O (store_board.h saves it; io/ reads and
 * writes files). The functions of board*.c share the board_ prefix.
 *
 * Invariants, true after every command, undo and redo:
 * - ids are unique and > 0; a label (a text with a container) refers to a box shape (rect,
 *   diamond, ellipse or stencil) that exists, and a shape has at most one label, centred
 *   in it, with the shape's z and groups;
 * - an arrow binding refers to a box shape that exists, and the arrow's end sits at the
 *   binding's fixed point (fx, fy in the shape's box), so it follows the shape;
 * - box sizes are >= 0; the points of lines, arrows and strokes are relative to (x, y),
 *   the top-left of their extent w x h (so every point is >= 0); every number is finite
 *   and within BOARD_COORD_MAX.
 */
#ifndef ARCHDRILL_BOARD_H
#define ARCHDRILL_BOARD_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOARD_COORD_MAX  1e7    /* |x|, |y|, w, h and point offsets */
#define BOARD_MAX_GROUPS 8      /* nesting depth of groups */
#define BOARD_MAX_POINTS 100000 /* points of one line or stroke */
#define BOARD_MAX_TEXT   65536  /* bytes of one text */

typedef enum BoardKind {
    BOARD_RECT,
    BOARD_DIAMOND,
    BOARD_ELLIPSE,
    BOARD_STENCIL, /* a box shape typed by its stencil */
    BOARD_TEXT,
    BOARD_LINE,
    BOARD_ARROW,
    BOARD_FREEHAND,
    BOARD_KIND_COUNT
} BoardKind;

typedef enum BoardStencil {
    BOARD_STENCIL_NONE,
    BOARD_STENCIL_CLIENT,
    BOARD_STENCIL_LOAD_BALANCER,
    BOARD_STENCIL_API_GATEWAY,
    BOARD_STENCIL_SERVICE,
    BOARD_STENCIL_DATABASE,
    BOARD_STENCIL_CACHE,
    BOARD_STENCIL_QUEUE, /* queue or stream */
    BOARD_STENCIL_CDN,
    BOARD_STENCIL_OBJECT_STORE,
    BOARD_STENCIL_DNS,
    BOARD_STENCIL_WORKER,
    BOARD_STENCIL_SEARCH_INDEX,
    BOARD_STENCIL_COUNT
} BoardStencil;

/* The outline a box shape is drawn and hit-tested with. */
typedef enum BoardOutline {
    BOARD_OUTLINE_RECT,
    BOARD_OUTLINE_ROUNDED,
    BOARD_OUTLINE_ELLIPSE,
    BOARD_OUTLINE_DIAMOND,
    BOARD_OUTLINE_HEXAGON,
    BOARD_OUTLINE_CYLINDER, /* a drum: an elliptic top rim drawn inside */
    BOARD_OUTLINE_BUCKET,   /* wider at the top */
    BOARD_OUTLINE_QUEUE     /* a box with slots drawn inside */
} BoardOutline;

typedef struct BoardStencilInfo {
    const char *key;   /* stable name in files: "load_balancer" */
    const char *label; /* default label: "Load balancer" */
    BoardOutline outline;
    float w, h;    /* default size */
    uint32_t fill; /* default fill, 0xRRGGBBAA */
} BoardStencilInfo;

typedef struct BoardPoint {
    float x, y;
} BoardPoint;

typedef struct BoardStyle {
    uint32_t stroke; /* 0xRRGGBBAA */
    uint32_t fill;   /* 0xRRGGBBAA; alpha 0 is no fill */
    float width;     /* stroke width in board units, (0, 100] */
    bool dashed;
    bool rounded; /* rectangles: rounded corners */
} BoardStyle;

/* An arrow end bound to a box shape: the end is at (x + fx * w, y + fy * h) of the shape. */
typedef struct BoardBinding {
    int64_t id; /* 0: not bound */
    float fx, fy;
} BoardBinding;

enum { BOARD_HEAD_START = 1, BOARD_HEAD_END = 2 };

typedef struct BoardElement {
    int64_t id;
    int64_t z; /* draw order, lowest first; a label has its container's z */
    BoardKind kind;
    BoardStencil stencil; /* BOARD_STENCIL: which one; NONE otherwise */
    BoardStyle style;
    /* Box shapes and text: the box. Lines, arrows, strokes: the extent of the points. */
    double x, y, w, h;
    BoardPoint *points; /* lines, arrows, strokes: relative to (x, y), >= 0; owned */
    uint32_t npoints;
    uint8_t heads;                    /* lines and arrows: BOARD_HEAD_* bits */
    uint8_t ngroups;                  /* how many of groups[] are used */
    BoardBinding start, end;          /* arrows */
    char *text;                       /* text: UTF-8, owned; NULL for other kinds */
    float font_size;                  /* text */
    int64_t container;                /* text: the shape it labels, 0 for free text */
    int64_t groups[BOARD_MAX_GROUPS]; /* innermost first */
    uint32_t rev; /* changes whenever the element does: a key for render caches */
} BoardElement;

typedef struct Board Board;

/* A growable list of element ids (selections, query results); free with board_ids_free. */
typedef struct BoardIds {
    int64_t *v;
    size_t n, cap;
} BoardIds;

void board_ids_push(BoardIds *ids, int64_t id);
void board_ids_free(BoardIds *ids);

/* A growable list of element pointers (what a view draws); free with board_refs_free. */
typedef struct BoardRefs {
    const BoardElement **v;
    size_t n, cap;
} BoardRefs;

void board_refs_free(BoardRefs *refs);

typedef struct BoardRect {
    double x0, y0, x1, y1; /* x0 <= x1, y0 <= y1 */
} BoardRect;

/* ---- kinds, stencils and styles ---------------------------------------------------- */

/* The name of a kind in files ("rect", "freehand", ...) and back; false if unknown. */
const char *board_kind_name(BoardKind kind);
bool board_kind_parse(const char *name, BoardKind *out);
/* True for the kinds arrows bind to and labels sit in: rect, diamond, ellipse, stencil. */
bool board_kind_is_box(BoardKind kind);
/* True for lines, arrows and freehand strokes (elements with points). */
bool board_kind_is_linear(BoardKind kind);
/* The stencil's description; NONE gives a plain rectangle's. */
const BoardStencilInfo *board_stencil_info(BoardStencil stencil);
/* Looks a stencil up by key; false if unknown. */
bool board_stencil_parse(const char *key, BoardStencil *out);
/* The outline a box element is drawn with (from its kind, stencil and style). */
BoardOutline board_outline_of(const BoardElement *el);
/* The default style: near-black 2-unit strokes, no fill. */
BoardStyle board_style_default(void);

/* ---- the board --------------------------------------------------------------------- */

/* A new empty board (free with board_free; NULL is a no-op). */
Board *board_new(void);
void board_free(Board *b);

/* Elements in z-order, i from 0 (bottom) to board_count - 1 (top). Pointers stay valid
 * until the next change to the board. */
size_t board_count(const Board *b);
const BoardElement *board_at(const Board *b, size_t i);
/* The element with this id, or NULL. */
const BoardElement *board_get(const Board *b, int64_t id);
/* The label of a box shape, or NULL. */
const BoardElement *board_label_of(const Board *b, int64_t shape_id);
/* The bounding box of all elements; false for an empty board. */
bool board_extent(const Board *b, BoardRect *out);
/* Bytes the board holds: elements, points, text, indexes and the undo history. */
size_t board_memory_bytes(const Board *b);

/* Loading (store_board, importers): adds an element as it is, with its id and z, outside
 * the history and the save journal. The element is copied. Fails with ERR_PARSE (message
 * in err) for an id already used, bad numbers or a kind/field mismatch. References to
 * missing elements are repaired by board_load_finish. */
Err board_load_element(Board *b, const BoardElement *el, ErrInfo *err);
/* Ends loading: drops bindings and containers that refer to missing or unsuitable
 * elements, re-seats labels and bound arrow ends. Returns how many were repaired. */
size_t board_load_finish(Board *b);

/* ---- commands ---------------------------------------------------------------------- *
 * Each call below is one undoable command, unless it runs between board_edit_begin and
 * board_edit_end, which make everything in between one command (a drag, typing a
 * label). Ids that do not exist are ignored. Returns of new ids are 0 when nothing was
 * made. */

void board_edit_begin(Board *b);
/* Ends the command; one that changed nothing is dropped. Begin/end pairs nest. */
void board_edit_end(Board *b);
bool board_editing(const Board *b);

/* Adds a copy of `proto` (its id and z are ignored: a new id, on top) and returns its id.
 * Numbers are clamped into range; a proto of a linear kind needs >= 1 point. */
int64_t board_add(Board *b, const BoardElement *proto);
/* Adds a box shape of `kind` with the default style. */
int64_t board_add_shape(Board *b, BoardKind kind, double x, double y, double w, double h);
/* Adds a stencil centred at (cx, cy) with its default size, fill and label. */
int64_t board_add_stencil(Board *b, BoardStencil stencil, double cx, double cy);
/* Adds free text with its top-left at (x, y), sized by board_text_estimate. */
int64_t board_add_text(Board *b, double x, double y, const char *text, float font_size);
/* Adds a line or arrow through n >= 2 absolute points. */
int64_t board_add_line(Board *b, BoardKind kind, const BoardPoint *abs, size_t n);

/* Deletes elements, the labels of deleted shapes, and unbinds arrows from them. */
void board_delete(Board *b, const int64_t *ids, size_t n);
/* Moves elements (and their labels) by (dx, dy). Bound arrows not moved follow their
 * shapes; a moved arrow is unbound from shapes that stay. */
void board_move(Board *b, const int64_t *ids, size_t n, double dx, double dy);
/* Gives an element a new box (w, h >= 0); linear elements are scaled into it (a label
 * stands for its shape). Labels and bound arrows follow. */
void board_resize(Board *b, int64_t id, BoardRect box);
/* Replaces a line's, arrow's (n >= 2) or stroke's (n >= 1) points, absolute. A bound end
 * still within 16 units of its shape keeps its binding (with a new fixed point); the
 * others are unbound. */
void board_set_points(Board *b, int64_t id, const BoardPoint *abs, size_t n);
/* Binds an arrow's start (end == 0) or end (end == 1) to a box shape at the arrow end's
 * current position (as a fraction of the shape's box); shape 0 unbinds. */
void board_bind(Board *b, int64_t arrow, int end, int64_t shape);

enum {
    BOARD_STYLE_STROKE = 1,
    BOARD_STYLE_FILL = 2,
    BOARD_STYLE_WIDTH = 4,
    BOARD_STYLE_DASHED = 8,
    BOARD_STYLE_ROUNDED = 16,
    BOARD_STYLE_ALL = 31
};
/* Sets the style fields in `mask` on every element. */
void board_set_style(Board *b, const int64_t *ids, size_t n, const BoardStyle *style,
                     unsigned mask);
/* Sets the arrowheads of lines and arrows. */
void board_set_heads(Board *b, const int64_t *ids, size_t n, uint8_t heads);
/* Sets a text's text (a label is re-centred in its shape). Empty text deletes it. */
void board_set_text(Board *b, int64_t id, const char *text);
void board_set_font_size(Board *b, int64_t id, float font_size);
/* Sets a box shape's label: creates, changes or (for "") deletes it. Returns the
 * label's id, 0 when there is none. */
int64_t board_set_label(Board *b, int64_t shape, const char *text);

typedef enum BoardOrder { BOARD_TO_FRONT, BOARD_FORWARD, BOARD_BACKWARD, BOARD_TO_BACK } BoardOrder;
/* Changes the z-order of the elements (labels go with their shapes). */
void board_reorder(Board *b, const int64_t *ids, size_t n, BoardOrder how);

/* Puts the elements (and their labels) in a new outermost group; returns its id. */
int64_t board_group(Board *b, const int64_t *ids, size_t n);
/* Removes each element's outermost group. */
void board_ungroup(Board *b, const int64_t *ids, size_t n);
/* The members of group g (the ids of every element with g in its groups). */
void board_group_members(const Board *b, int64_t g, BoardIds *out);

/* Copies of the elements (with their labels), offset by (dx, dy), on top, with new ids
 * and groups; a copied arrow stays bound to copied shapes and is unbound from the
 * others. The new ids (labels aside) go to out (may be NULL). */
void board_duplicate(Board *b, const int64_t *ids, size_t n, double dx, double dy, BoardIds *out);
/* Inserts copies of n elements from elsewhere (a clipboard), as board_duplicate does. */
void board_paste(Board *b, const BoardElement *els, size_t n, double dx, double dy, BoardIds *out);

/* Unlimited undo and redo of whole commands. Not while a command is open. */
bool board_can_undo(const Board *b);
bool board_can_redo(const Board *b);
bool board_undo(Board *b);
bool board_redo(Board *b);
/* Commands done since the board was made or loaded (grows with undo and redo too). */
uint64_t board_commit_count(const Board *b);

/* ---- freehand strokes -------------------------------------------------------------- *
 * A stroke in progress lives outside the board's elements until it ends: it is not saved,
 * so a crash loses only it. */

void board_stroke_begin(Board *b, double x, double y, const BoardStyle *style);
/* Adds an input point (ignored when within 0.5 units of the last or past the limit). */
void board_stroke_add(Board *b, double x, double y);
/* The stroke in progress (for drawing: board_freehand_mesh with complete = false), or
 * NULL. Valid until the next stroke call. */
const BoardElement *board_stroke_pending(const Board *b);
/* Ends the stroke as one command; returns the new element's id. */
int64_t board_stroke_end(Board *b);
void board_stroke_cancel(Board *b);

/* ---- queries through the spatial index ------------------------------------------- */

/* The topmost element under (x, y) within tol units (board_geom_hit), or 0. A label hit
 * gives its shape (board_label_of gives the label back, for editing). */
int64_t board_hit_test(const Board *b, double x, double y, double tol);
/* The topmost box shape under (x, y) within tol (arrow targets), ignoring `except`. */
int64_t board_shape_at(const Board *b, double x, double y, double tol, int64_t except);
/* The elements whose bounds lie wholly inside r, in z-order, labels left out (they go
 * with their shapes); appended to out. */
void board_select_box(const Board *b, BoardRect r, BoardIds *out);
/* The elements whose bounds meet r, in z-order: what a view of r draws. out is cleared
 * first; its pointers are valid until the next change. */
void board_visible(const Board *b, BoardRect r, BoardRefs *out);

/* ---- saving ------------------------------------------------------------------------ *
 * Every command, undo and redo appends the ids it changed to the board's save journal as
 * one entry; store_board_save writes each entry in its own transaction. */

typedef struct BoardJournalEntry {
    const int64_t *ids;
    size_t n;
} BoardJournalEntry;

size_t board_journal_count(const Board *b);
BoardJournalEntry board_journal_entry(const Board *b, size_t i);
/* Forgets the first n entries (written). A board that is never saved can drop them all
 * now and then: each entry holds the ids of one command. */
void board_journal_drop(Board *b, size_t n);

/* ---- helpers ----------------------------------------------------------------------- */

/* A deep copy of el into *dst (free with board_element_clear). */
void board_element_copy(BoardElement *dst, const BoardElement *el);
void board_element_clear(BoardElement *el);
/* True when two elements have the same content (rev ignored). */
bool board_element_equal(const BoardElement *a, const BoardElement *b);
/* A rough size of text in the app's sans font: 0.6 em per character, 1.25 em a line. */
void board_text_estimate(const char *text, float font_size, double *w, double *h);

#endif
