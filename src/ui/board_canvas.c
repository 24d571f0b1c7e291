/*
 * board_canvas.c: the whiteboard widget: gestures and keys turned into board commands,
 * the board drawn through its view, the selection with its handles, the tool bar, the
 * stencil palette and the style bar, text edited in place, and saving after each command.
 *
 * A gesture (a drag, a shape being drawn, an eraser pass) runs between board_edit_begin
 * and board_edit_end, so the whole gesture is one undoable command and nothing of it is
 * written until it ends.
 */
#include "ui/board_canvas.h"
#include "ui/board_canvas_internal.h"

#include "core/store_board.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HIT_PX          6.0 /* how near the pointer must be to an element, screen pixels */
#define DOUBLE_CLICK_MS 450
#define VIEW_SAVE_MS    1000
#define NUDGE           1.0
#define PASTE_STEP      20.0
#define ZOOM_STEP       1.25

const char CANVAS_TOOL_KEYS[TOOL_COUNT] = {'v', 'r', 'd', 'o', 'a', 'l', 'p', 't', 'e', 'h', 'k'};

/* ---- small helpers ------------------------------------------------------------------ */

static double snapped(const BoardCanvas *c, double v)
{
    return c->snap ? round(v / CANVAS_GRID) * CANVAS_GRID : v;
}

static double tolerance(const BoardCanvas *c)
{
    return HIT_PX / c->view.zoom;
}

static bool ids_has(const BoardIds *ids, int64_t id)
{
    for (size_t i = 0; i < ids->n; i++)
        if (ids->v[i] == id)
            return true;
    return false;
}

static void ids_remove(BoardIds *ids, int64_t id)
{
    size_t k = 0;
    for (size_t i = 0; i < ids->n; i++)
        if (ids->v[i] != id)
            ids->v[k++] = ids->v[i];
    ids->n = k;
}

static void select_only(BoardCanvas *c, int64_t id)
{
    c->selection.n = 0;
    if (id)
        board_ids_push(&c->selection, id);
}

/* Drops selected ids that are gone (after undo, redo, delete). */
static void prune_selection(BoardCanvas *c)
{
    size_t k = 0;
    for (size_t i = 0; i < c->selection.n; i++)
        if (board_get(c->board, c->selection.v[i]))
            c->selection.v[k++] = c->selection.v[i];
    c->selection.n = k;
}

static bool is_label(const BoardElement *el)
{
    return el->kind == BOARD_TEXT && el->container;
}

/* The element and, when it is grouped, every member of its outermost group (labels left
 * out: they go with their shapes). */
static void with_group(const Board *b, int64_t id, BoardIds *out)
{
    const BoardElement *el = board_get(b, id);
    if (!el)
        return;
    if (!el->ngroups) {
        board_ids_push(out, id);
        return;
    }
    BoardIds members = {0};
    board_group_members(b, el->groups[el->ngroups - 1], &members);
    for (size_t i = 0; i < members.n; i++) {
        const BoardElement *m = board_get(b, members.v[i]);
        if (m && !is_label(m) && !ids_has(out, m->id))
            board_ids_push(out, m->id);
    }
    board_ids_free(&members);
}

BoardRect canvas_element_box(const BoardElement *el)
{
    return (BoardRect){el->x, el->y, el->x + el->w, el->y + el->h};
}

static bool selection_bounds(const BoardCanvas *c, BoardRect *out)
{
    bool any = false;
    for (size_t i = 0; i < c->selection.n; i++) {
        const BoardElement *el = board_get(c->board, c->selection.v[i]);
        if (!el)
            continue;
        BoardRect r = canvas_element_box(el);
        if (!any)
            *out = r;
        else {
            out->x0 = fmin(out->x0, r.x0), out->y0 = fmin(out->y0, r.y0);
            out->x1 = fmax(out->x1, r.x1), out->y1 = fmax(out->y1, r.y1);
        }
        any = true;
    }
    return any;
}

static void view_changed(BoardCanvas *c, int64_t now_ms)
{
    c->view_changed_ms = now_ms ? now_ms : 1;
}

void board_canvas_set_status(BoardCanvas *c, const char *text)
{
    snprintf(c->status, sizeof(c->status), "%s", text);
}

/* ---- opening, closing, saving ----------------------------------------------------- */

Err board_canvas_open(BoardCanvas *c, Store *store, int64_t board_id)
{
    memset(c, 0, sizeof(*c));
    BoardInfo info;
    Err e = store_board_info(store, board_id, &info);
    if (e)
        return e;
    free(info.name);
    e = store_board_load(store, board_id, &c->board);
    if (e)
        return e;
    c->store = store;
    c->board_id = board_id;
    c->renderer = board_renderer_new();
    c->style = board_style_default();
    c->tool = TOOL_SELECT;
    c->stencil = BOARD_STENCIL_SERVICE;
    c->view = (BoardView){info.view_x, info.view_y, info.zoom};
    /* A board never looked at has the store's default view (0, 0, 1): the first frame
     * fits its elements, or centres the origin of an empty one. */
    c->view_known = info.zoom >= BOARD_ZOOM_MIN && info.zoom <= BOARD_ZOOM_MAX &&
                    (info.view_x != 0 || info.view_y != 0 || info.zoom != 1);
    return ERR_OK;
}

bool board_canvas_is_open(const BoardCanvas *c)
{
    return c->board != NULL;
}

static void save_now(BoardCanvas *c, int64_t now_ms)
{
    if (board_editing(c->board) || !board_journal_count(c->board))
        return;
    if (store_board_save(c->store, c->board_id, c->board, now_ms / 1000) != ERR_OK)
        snprintf(c->status, sizeof(c->status), "Not saved: %s", store_errmsg(c->store));
    else if (strncmp(c->status, "Not saved", 9) == 0)
        c->status[0] = '\0';
}

static void save_view(BoardCanvas *c)
{
    if (c->view_changed_ms &&
        store_board_set_view(c->store, c->board_id, c->view.x, c->view.y, c->view.zoom) == ERR_OK)
        c->view_changed_ms = 0;
}

static void commit_text(BoardCanvas *c);
static void end_drag(BoardCanvas *c, bool cancel);

void board_canvas_close(BoardCanvas *c, int64_t now_ms)
{
    if (!c->board)
        return;
    commit_text(c);
    end_drag(c, false);
    save_now(c, now_ms);
    save_view(c);
    board_renderer_free(c->renderer);
    board_free(c->board);
    board_ids_free(&c->selection);
    for (size_t i = 0; i < c->nclip; i++)
        board_element_clear(&c->clip[i]);
    free(c->clip);
    text_area_free(&c->text);
    memset(c, 0, sizeof(*c));
}

bool board_canvas_busy(const BoardCanvas *c)
{
    return c->board && (c->edit != EDIT_NONE || c->drag != DRAG_NONE);
}

bool board_canvas_wants_escape(const BoardCanvas *c)
{
    return board_canvas_busy(c) || (c->board && (c->selection.n || c->tool != TOOL_SELECT));
}

int64_t board_canvas_deadline_ms(const BoardCanvas *c)
{
    return c->board && c->view_changed_ms ? c->view_changed_ms + VIEW_SAVE_MS : 0;
}

/* ---- text edited in place --------------------------------------------------------- */

static void begin_text(BoardCanvas *c, UiCtx *ui, CanvasEdit kind, int64_t id, double x, double y)
{
    c->edit = kind;
    c->edit_id = id;
    c->edit_x = x, c->edit_y = y;
    const BoardElement *el = NULL;
    if (kind == EDIT_TEXT)
        el = board_get(c->board, id);
    else if (kind == EDIT_LABEL)
        el = board_label_of(c->board, id);
    text_area_set(&c->text, el && el->text ? el->text : "");
    c->text.cursor = c->text.anchor = c->text.len;
    ui->focus = ui_id("board-text");
}

static void commit_text(BoardCanvas *c)
{
    if (c->edit == EDIT_NONE)
        return;
    const char *text = text_area_text(&c->text);
    if (c->edit == EDIT_NEW_TEXT && text[0]) {
        board_edit_begin(c->board);
        int64_t id = board_add_text(c->board, c->edit_x, c->edit_y, text, 20);
        BoardStyle s = c->style;
        board_set_style(c->board, &id, 1, &s, BOARD_STYLE_STROKE);
        board_edit_end(c->board);
        select_only(c, id);
    } else if (c->edit == EDIT_TEXT) {
        board_set_text(c->board, c->edit_id, text);
    } else if (c->edit == EDIT_LABEL) {
        board_set_label(c->board, c->edit_id, text);
    }
    c->edit = EDIT_NONE;
    text_area_set(&c->text, "");
    prune_selection(c);
}

/* Starts editing what is at (x, y): a shape's label, a text, or a new text there. */
static void edit_at(BoardCanvas *c, UiCtx *ui, int64_t hit, double x, double y)
{
    const BoardElement *el = hit ? board_get(c->board, hit) : NULL;
    if (el && board_kind_is_box(el->kind))
        begin_text(c, ui, EDIT_LABEL, el->id, el->x + el->w / 2, el->y + el->h / 2);
    else if (el && el->kind == BOARD_TEXT)
        begin_text(c, ui, EDIT_TEXT, el->id, el->x, el->y);
    else
        begin_text(c, ui, EDIT_NEW_TEXT, 0, snapped(c, x), snapped(c, y));
}

/* ---- gestures ---------------------------------------------------------------------- */

void canvas_handle_center(BoardRect r, int handle, double *x, double *y)
{
    double mx = (r.x0 + r.x1) / 2, my = (r.y0 + r.y1) / 2;
    static const int X[8] = {0, 1, 2, 2, 2, 1, 0, 0}, Y[8] = {0, 0, 0, 1, 2, 2, 2, 1};
    *x = X[handle] == 0 ? r.x0 : X[handle] == 1 ? mx : r.x1;
    *y = Y[handle] == 0 ? r.y0 : Y[handle] == 1 ? my : r.y1;
}

/* The resize handle of the single selected element under screen point (sx, sy), or -1. */
static int handle_at(const BoardCanvas *c, Rect area, float sx, float sy)
{
    if (c->selection.n != 1)
        return -1;
    const BoardElement *el = board_get(c->board, c->selection.v[0]);
    if (!el)
        return -1;
    for (int h = 0; h < 8; h++) {
        double bx, by;
        float hx, hy;
        canvas_handle_center(canvas_element_box(el), h, &bx, &by);
        board_view_to_screen(c->view, area, bx, by, &hx, &hy);
        if (fabsf(hx - sx) <= HANDLE_PX && fabsf(hy - sy) <= HANDLE_PX)
            return h;
    }
    return -1;
}

BoardRect canvas_normalised(double x0, double y0, double x1, double y1)
{
    return (BoardRect){fmin(x0, x1), fmin(y0, y1), fmax(x0, x1), fmax(y0, y1)};
}

static void erase_at(BoardCanvas *c, double x, double y)
{
    int64_t id = board_hit_test(c->board, x, y, tolerance(c));
    if (!id)
        return;
    board_delete(c->board, &id, 1);
    ids_remove(&c->selection, id);
    c->drag_changed = true;
}

static void start_drag(BoardCanvas *c, CanvasDrag drag, double x, double y)
{
    c->drag = drag;
    c->ax = x, c->ay = y;
    c->drag_id = 0;
    c->drag_changed = false;
    c->moved_x = c->moved_y = 0;
    if (drag != DRAG_PAN && drag != DRAG_BOX && drag != DRAG_PEN)
        board_edit_begin(c->board);
}

static void press_select(BoardCanvas *c, UiCtx *ui, double x, double y, bool shift, bool twice)
{
    int handle = handle_at(c, c->area, ui->ev->x, ui->ev->y);
    if (handle >= 0 && !twice) {
        const BoardElement *el = board_get(c->board, c->selection.v[0]);
        start_drag(c, DRAG_RESIZE, x, y);
        c->handle = handle;
        c->drag_id = el->id;
        c->start_box = canvas_element_box(el);
        return;
    }
    int64_t hit = board_hit_test(c->board, x, y, tolerance(c));
    if (twice) {
        edit_at(c, ui, hit, x, y);
        return;
    }
    BoardRect sel;
    if (!hit && !shift && selection_bounds(c, &sel) && x >= sel.x0 && x <= sel.x1 && y >= sel.y0 &&
        y <= sel.y1) {
        /* inside the selection's frame: drag it, as Excalidraw does */
        start_drag(c, DRAG_MOVE, x, y);
        c->start_box = sel;
        return;
    }
    if (!hit) {
        if (!shift)
            c->selection.n = 0;
        start_drag(c, DRAG_BOX, x, y);
        c->additive = shift;
        c->box_x = x, c->box_y = y;
        return;
    }
    BoardIds group = {0};
    with_group(c->board, hit, &group);
    if (shift && ids_has(&c->selection, hit)) {
        for (size_t i = 0; i < group.n; i++)
            ids_remove(&c->selection, group.v[i]);
        board_ids_free(&group);
        return;
    }
    if (!shift && !ids_has(&c->selection, hit))
        c->selection.n = 0;
    for (size_t i = 0; i < group.n; i++)
        if (!ids_has(&c->selection, group.v[i]))
            board_ids_push(&c->selection, group.v[i]);
    board_ids_free(&group);
    start_drag(c, DRAG_MOVE, x, y);
    selection_bounds(c, &c->start_box);
}

static void press(BoardCanvas *c, UiCtx *ui, double x, double y, int mods)
{
    const InputEvent *ev = ui->ev;
    bool twice = ui->now_ms - c->click_ms < DOUBLE_CLICK_MS && fabsf(ev->x - c->click_x) < 5 &&
                 fabsf(ev->y - c->click_y) < 5;
    /* a double click is two presses of the select tool: a press that placed something
     * (a stencil, a shape) never makes the next press a double click */
    c->click_ms = twice || c->tool != TOOL_SELECT ? 0 : ui->now_ms;
    c->click_x = ev->x, c->click_y = ev->y;
    int64_t hit;
    switch (c->tool) {
    case TOOL_SELECT:
        press_select(c, ui, x, y, mods & MOD_SHIFT, twice);
        break;
    case TOOL_RECT:
    case TOOL_DIAMOND:
    case TOOL_ELLIPSE:
        start_drag(c, DRAG_CREATE, snapped(c, x), snapped(c, y));
        break;
    case TOOL_ARROW:
    case TOOL_LINE:
        start_drag(c, DRAG_LINE, snapped(c, x), snapped(c, y));
        break;
    case TOOL_PEN:
        start_drag(c, DRAG_PEN, x, y);
        board_stroke_begin(c->board, x, y, &c->style);
        break;
    case TOOL_TEXT:
        hit = board_hit_test(c->board, x, y, tolerance(c));
        edit_at(c, ui, hit, x, y);
        c->tool = TOOL_SELECT;
        break;
    case TOOL_ERASER:
        start_drag(c, DRAG_ERASE, x, y);
        erase_at(c, x, y);
        break;
    case TOOL_STENCIL:
        select_only(c, board_add_stencil(c->board, c->stencil, snapped(c, x), snapped(c, y)));
        c->tool = TOOL_SELECT;
        break;
    case TOOL_HAND:
    case TOOL_COUNT:
        break;
    }
}

static BoardKind shape_kind(BoardTool tool)
{
    return tool == TOOL_DIAMOND ? BOARD_DIAMOND : tool == TOOL_ELLIPSE ? BOARD_ELLIPSE : BOARD_RECT;
}

static void style_new(BoardCanvas *c, int64_t id, bool fill)
{
    unsigned mask = BOARD_STYLE_STROKE | BOARD_STYLE_WIDTH | BOARD_STYLE_DASHED;
    board_set_style(c->board, &id, 1, &c->style, fill ? mask | BOARD_STYLE_FILL : mask);
}

static void drag_create(BoardCanvas *c, double x, double y, bool square)
{
    double w = snapped(c, x) - c->ax, h = snapped(c, y) - c->ay;
    if (square) {
        double s = fmax(fabs(w), fabs(h));
        w = w < 0 ? -s : s, h = h < 0 ? -s : s;
    }
    BoardRect r = canvas_normalised(c->ax, c->ay, c->ax + w, c->ay + h);
    if (!c->drag_id) {
        c->drag_id =
            board_add_shape(c->board, shape_kind(c->tool), r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
        style_new(c, c->drag_id, true);
    } else {
        board_resize(c->board, c->drag_id, r);
    }
}

static void drag_line(BoardCanvas *c, double x, double y)
{
    BoardPoint pts[2] = {{(float)c->ax, (float)c->ay},
                         {(float)snapped(c, x), (float)snapped(c, y)}};
    if (!c->drag_id) {
        BoardKind kind = c->tool == TOOL_ARROW ? BOARD_ARROW : BOARD_LINE;
        c->drag_id = board_add_line(c->board, kind, pts, 2);
        style_new(c, c->drag_id, false);
    } else {
        board_set_points(c->board, c->drag_id, pts, 2);
    }
}

static void drag_resize(BoardCanvas *c, double x, double y)
{
    BoardRect r = c->start_box;
    x = snapped(c, x), y = snapped(c, y);
    int h = c->handle;
    if (h == 0 || h == 6 || h == 7)
        r.x0 = x;
    if (h == 2 || h == 3 || h == 4)
        r.x1 = x;
    if (h == 0 || h == 1 || h == 2)
        r.y0 = y;
    if (h == 4 || h == 5 || h == 6)
        r.y1 = y;
    board_resize(c->board, c->drag_id, canvas_normalised(r.x0, r.y0, r.x1, r.y1));
    c->drag_changed = true;
}

static void drag_move(BoardCanvas *c, double x, double y)
{
    double tx = x - c->ax, ty = y - c->ay;
    if (c->snap) {
        tx = snapped(c, c->start_box.x0 + tx) - c->start_box.x0;
        ty = snapped(c, c->start_box.y0 + ty) - c->start_box.y0;
    }
    double dx = tx - c->moved_x, dy = ty - c->moved_y;
    if (dx == 0 && dy == 0)
        return;
    board_move(c->board, c->selection.v, c->selection.n, dx, dy);
    c->moved_x = tx, c->moved_y = ty;
    c->drag_changed = true;
}

static void drag_to(BoardCanvas *c, UiCtx *ui, double x, double y)
{
    const InputEvent *ev = ui->ev;
    switch (c->drag) {
    case DRAG_PAN:
        c->view.x -= (ev->x - c->last_sx) / c->view.zoom;
        c->view.y -= (ev->y - c->last_sy) / c->view.zoom;
        c->last_sx = ev->x, c->last_sy = ev->y;
        view_changed(c, ui->now_ms);
        break;
    case DRAG_MOVE:
        drag_move(c, x, y);
        break;
    case DRAG_RESIZE:
        drag_resize(c, x, y);
        break;
    case DRAG_BOX:
        c->box_x = x, c->box_y = y;
        break;
    case DRAG_CREATE:
        drag_create(c, x, y, ev->mods & MOD_SHIFT);
        break;
    case DRAG_LINE:
        drag_line(c, x, y);
        break;
    case DRAG_PEN:
        board_stroke_add(c->board, x, y);
        break;
    case DRAG_ERASE:
        erase_at(c, x, y);
        break;
    case DRAG_NONE:
        break;
    }
}

/* Where a line from the centre of `shape` towards (tx, ty) leaves the shape's outline (its
 * box, ellipse or diamond): the end of an arrow bound to it. */
static BoardPoint edge_towards(const BoardElement *shape, double tx, double ty)
{
    double cx = shape->x + shape->w / 2, cy = shape->y + shape->h / 2;
    double dx = tx - cx, dy = ty - cy, hw = shape->w / 2, hh = shape->h / 2;
    if ((dx == 0 && dy == 0) || hw <= 0 || hh <= 0)
        return (BoardPoint){(float)cx, (float)cy};
    double t;
    BoardOutline o = board_outline_of(shape);
    if (o == BOARD_OUTLINE_ELLIPSE)
        t = 1 / sqrt(dx * dx / (hw * hw) + dy * dy / (hh * hh));
    else if (o == BOARD_OUTLINE_DIAMOND)
        t = 1 / (fabs(dx) / hw + fabs(dy) / hh);
    else
        t = fmin(dx != 0 ? hw / fabs(dx) : INFINITY, dy != 0 ? hh / fabs(dy) : INFINITY);
    return (BoardPoint){(float)(cx + dx * t), (float)(cy + dy * t)};
}

/* Binds the ends of a new arrow to the shapes they were drawn on, each end seated on its
 * shape's outline facing the other end, as Excalidraw draws them. */
static void bind_arrow(BoardCanvas *c, int64_t arrow)
{
    const BoardElement *el = board_get(c->board, arrow);
    if (!el || el->kind != BOARD_ARROW || el->npoints < 2)
        return;
    double tol = tolerance(c);
    BoardPoint p[2] = {{(float)(el->x + el->points[0].x), (float)(el->y + el->points[0].y)},
                       {(float)(el->x + el->points[el->npoints - 1].x),
                        (float)(el->y + el->points[el->npoints - 1].y)}};
    int64_t shape[2];
    for (int end = 0; end < 2; end++)
        shape[end] = board_shape_at(c->board, p[end].x, p[end].y, tol, arrow);
    if (shape[0] && shape[0] == shape[1])
        shape[1] = 0;
    if (!shape[0] && !shape[1])
        return;
    BoardPoint aim[2] = {p[0], p[1]}; /* what each end faces: the other end or its shape */
    for (int end = 0; end < 2; end++)
        if (shape[end]) {
            const BoardElement *s = board_get(c->board, shape[end]);
            aim[end] = (BoardPoint){(float)(s->x + s->w / 2), (float)(s->y + s->h / 2)};
        }
    for (int end = 0; end < 2; end++)
        if (shape[end])
            p[end] = edge_towards(board_get(c->board, shape[end]), aim[1 - end].x, aim[1 - end].y);
    board_set_points(c->board, arrow, p, 2);
    for (int end = 0; end < 2; end++)
        if (shape[end])
            board_bind(c->board, arrow, end, shape[end]);
}

static void end_drag(BoardCanvas *c, bool cancel)
{
    CanvasDrag drag = c->drag;
    c->drag = DRAG_NONE;
    switch (drag) {
    case DRAG_NONE:
    case DRAG_PAN:
        return;
    case DRAG_BOX:
        if (!cancel) {
            BoardIds found = {0};
            board_select_box(c->board, canvas_normalised(c->ax, c->ay, c->box_x, c->box_y), &found);
            if (!c->additive)
                c->selection.n = 0;
            for (size_t i = 0; i < found.n; i++)
                if (!ids_has(&c->selection, found.v[i]))
                    board_ids_push(&c->selection, found.v[i]);
            board_ids_free(&found);
        }
        return;
    case DRAG_PEN:
        if (cancel)
            board_stroke_cancel(c->board);
        else
            board_stroke_end(c->board);
        return;
    case DRAG_CREATE:
        if (!cancel && !c->drag_id) {
            /* a click: a shape of the usual size centred there */
            BoardRect r = {c->ax - 70, c->ay - 40, c->ax + 70, c->ay + 40};
            c->drag_id = board_add_shape(c->board, shape_kind(c->tool), r.x0, r.y0, 140, 80);
            style_new(c, c->drag_id, true);
        }
        if (c->drag_id)
            c->drag_changed = true;
        break;
    case DRAG_LINE:
        if (!cancel && c->drag_id)
            bind_arrow(c, c->drag_id);
        if (c->drag_id)
            c->drag_changed = true;
        break;
    case DRAG_MOVE:
    case DRAG_RESIZE:
    case DRAG_ERASE:
        break;
    }
    board_edit_end(c->board);
    if (cancel && c->drag_changed)
        board_undo(c->board);
    if (!cancel && (drag == DRAG_CREATE || drag == DRAG_LINE) && c->drag_id) {
        select_only(c, c->drag_id);
        c->tool = TOOL_SELECT;
    }
    prune_selection(c);
}

/* ---- the view ---------------------------------------------------------------------- */

static void zoom_by(BoardCanvas *c, double factor, float sx, float sy, int64_t now_ms)
{
    c->view = board_view_zoom_at(c->view, c->area, sx, sy, c->view.zoom * factor);
    view_changed(c, now_ms);
}

static void zoom_to_rect(BoardCanvas *c, BoardRect r, int64_t now_ms)
{
    c->view = board_view_fit(r, c->area, 60, 2.0);
    view_changed(c, now_ms);
}

static void fit_all(BoardCanvas *c, int64_t now_ms)
{
    BoardRect r;
    if (board_extent(c->board, &r))
        zoom_to_rect(c, r, now_ms);
}

static void wheel(BoardCanvas *c, UiCtx *ui)
{
    const InputEvent *ev = ui->ev;
    if (ev->mods & MOD_CTRL) {
        zoom_by(c, pow(1.1, ev->dy), ui->mouse_x, ui->mouse_y, ui->now_ms);
        return;
    }
    double dx = ev->dx, dy = ev->dy;
    if (ev->mods & MOD_SHIFT)
        dx = -dy, dy = 0;
    c->view.x += dx * 50 / c->view.zoom;
    c->view.y -= dy * 50 / c->view.zoom;
    view_changed(c, ui->now_ms);
}

/* ---- mouse ------------------------------------------------------------------------- */

static bool canvas_mouse(BoardCanvas *c, UiCtx *ui)
{
    const InputEvent *ev = ui->ev;
    if (!ev || ui->consumed || ui->blocked)
        return false;
    bool inside = ui_mouse_in(ui, c->area);
    double x, y;
    board_view_to_board(c->view, c->area, ev->x, ev->y, &x, &y);
    switch (ev->type) {
    case INPUT_WHEEL:
        if (!inside)
            return false;
        wheel(c, ui);
        return true;
    case INPUT_MOUSE_DOWN:
        if (!inside || c->drag != DRAG_NONE)
            return false;
        if (c->edit != EDIT_NONE) {
            Rect e = c->edit_rect;
            if (ev->x >= e.x && ev->x < e.x + e.w && ev->y >= e.y && ev->y < e.y + e.h)
                return false;
            commit_text(c); /* a click outside the text ends the edit, nothing more */
            return true;
        }
        if (ev->button == 2 || (ev->button == 1 && (c->tool == TOOL_HAND || c->space_down))) {
            start_drag(c, DRAG_PAN, x, y);
            c->last_sx = ev->x, c->last_sy = ev->y;
        } else if (ev->button == 1) {
            press(c, ui, x, y, ev->mods);
        } else {
            return false;
        }
        return true;
    case INPUT_MOUSE_MOVE:
        if (c->drag == DRAG_NONE)
            return false;
        drag_to(c, ui, x, y);
        return true;
    case INPUT_MOUSE_UP:
        if (c->drag == DRAG_NONE)
            return false;
        drag_to(c, ui, x, y);
        end_drag(c, false);
        return true;
    default:
        return false;
    }
}

/* ---- keys -------------------------------------------------------------------------- */

static void copy_selection(BoardCanvas *c)
{
    for (size_t i = 0; i < c->nclip; i++)
        board_element_clear(&c->clip[i]);
    free(c->clip);
    c->clip = NULL;
    c->nclip = 0;
    if (!c->selection.n)
        return;
    c->clip = calloc(2 * c->selection.n, sizeof(*c->clip));
    if (!c->clip)
        abort();
    for (size_t i = 0; i < c->selection.n; i++) {
        const BoardElement *el = board_get(c->board, c->selection.v[i]);
        if (!el)
            continue;
        board_element_copy(&c->clip[c->nclip++], el);
        const BoardElement *label = board_label_of(c->board, el->id);
        if (label)
            board_element_copy(&c->clip[c->nclip++], label);
    }
    c->pastes = 0;
}

static void paste(BoardCanvas *c)
{
    if (!c->nclip)
        return;
    c->pastes++;
    BoardIds made = {0};
    double d = PASTE_STEP * c->pastes;
    board_paste(c->board, c->clip, c->nclip, d, d, &made);
    c->selection.n = 0;
    for (size_t i = 0; i < made.n; i++) {
        const BoardElement *el = board_get(c->board, made.v[i]);
        if (el && !is_label(el))
            board_ids_push(&c->selection, made.v[i]);
    }
    board_ids_free(&made);
}

static void duplicate(BoardCanvas *c)
{
    if (!c->selection.n)
        return;
    BoardIds made = {0};
    board_duplicate(c->board, c->selection.v, c->selection.n, PASTE_STEP, PASTE_STEP, &made);
    c->selection.n = 0;
    for (size_t i = 0; i < made.n; i++)
        board_ids_push(&c->selection, made.v[i]);
    board_ids_free(&made);
}

static void select_all(BoardCanvas *c)
{
    c->selection.n = 0;
    for (size_t i = 0; i < board_count(c->board); i++) {
        const BoardElement *el = board_at(c->board, i);
        if (!is_label(el))
            board_ids_push(&c->selection, el->id);
    }
}

static bool edit_keys(BoardCanvas *c, UiCtx *ui)
{
    Board *b = c->board;
    int64_t *ids = c->selection.v;
    size_t n = c->selection.n;
    if (ui_key(ui, KEY_DELETE, 0, 0) || ui_key(ui, KEY_BACKSPACE, 0, 0))
        board_delete(b, ids, n);
    else if (ui_key(ui, KEY_CHAR, 'd', MOD_CTRL))
        duplicate(c);
    else if (ui_key(ui, KEY_CHAR, 'c', MOD_CTRL))
        copy_selection(c);
    else if (ui_key(ui, KEY_CHAR, 'x', MOD_CTRL)) {
        copy_selection(c);
        board_delete(b, ids, n);
    } else if (ui_key(ui, KEY_CHAR, 'v', MOD_CTRL))
        paste(c);
    else if (ui_key(ui, KEY_CHAR, 'a', MOD_CTRL))
        select_all(c);
    else if (ui_key(ui, KEY_CHAR, 'g', MOD_CTRL) && n > 1)
        board_group(b, ids, n);
    else if (ui_key(ui, KEY_CHAR, 'g', MOD_CTRL | MOD_SHIFT))
        board_ungroup(b, ids, n);
    else if (ui_key(ui, KEY_CHAR, ']', MOD_CTRL))
        board_reorder(b, ids, n, BOARD_FORWARD);
    else if (ui_key(ui, KEY_CHAR, '[', MOD_CTRL))
        board_reorder(b, ids, n, BOARD_BACKWARD);
    else if (ui_key(ui, KEY_CHAR, ']', MOD_CTRL | MOD_SHIFT))
        board_reorder(b, ids, n, BOARD_TO_FRONT);
    else if (ui_key(ui, KEY_CHAR, '[', MOD_CTRL | MOD_SHIFT))
        board_reorder(b, ids, n, BOARD_TO_BACK);
    else if (ui_key(ui, KEY_CHAR, 'z', MOD_CTRL))
        board_undo(b);
    else if (ui_key(ui, KEY_CHAR, 'z', MOD_CTRL | MOD_SHIFT) || ui_key(ui, KEY_CHAR, 'y', MOD_CTRL))
        board_redo(b);
    else
        return false;
    prune_selection(c);
    return true;
}

static bool nudge_keys(BoardCanvas *c, UiCtx *ui)
{
    static const Key KEYS[4] = {KEY_LEFT, KEY_RIGHT, KEY_UP, KEY_DOWN};
    static const int DX[4] = {-1, 1, 0, 0}, DY[4] = {0, 0, -1, 1};
    for (int i = 0; i < 4; i++)
        for (int shift = 0; shift < 2; shift++)
            if (ui_key(ui, KEYS[i], 0, shift ? MOD_SHIFT : 0)) {
                double step = c->snap ? CANVAS_GRID : shift ? 10 * NUDGE : NUDGE;
                board_move(c->board, c->selection.v, c->selection.n, DX[i] * step, DY[i] * step);
                return true;
            }
    return false;
}

static bool view_keys(BoardCanvas *c, UiCtx *ui)
{
    float cx = c->area.x + c->area.w / 2, cy = c->area.y + c->area.h / 2;
    if (ui_key(ui, KEY_CHAR, '=', MOD_CTRL) || ui_key(ui, KEY_CHAR, '=', MOD_CTRL | MOD_SHIFT) ||
        ui_key(ui, KEY_CHAR, '+', MOD_CTRL))
        zoom_by(c, ZOOM_STEP, cx, cy, ui->now_ms);
    else if (ui_key(ui, KEY_CHAR, '-', MOD_CTRL))
        zoom_by(c, 1 / ZOOM_STEP, cx, cy, ui->now_ms);
    else if (ui_key(ui, KEY_CHAR, '0', MOD_CTRL))
        zoom_by(c, 1 / c->view.zoom, cx, cy, ui->now_ms);
    else if (ui_key(ui, KEY_CHAR, '1', MOD_SHIFT) || ui_key(ui, KEY_CHAR, '!', MOD_SHIFT))
        fit_all(c, ui->now_ms);
    else if (ui_key(ui, KEY_CHAR, '2', MOD_SHIFT) || ui_key(ui, KEY_CHAR, '@', MOD_SHIFT)) {
        BoardRect r;
        if (selection_bounds(c, &r))
            zoom_to_rect(c, r, ui->now_ms);
    } else if (ui_key(ui, KEY_CHAR, 'g', 0))
        c->grid = !c->grid;
    else if (ui_key(ui, KEY_CHAR, 'n', 0))
        c->snap = !c->snap;
    else
        return false;
    return true;
}

static bool tool_keys(BoardCanvas *c, UiCtx *ui)
{
    for (int t = 0; t < TOOL_COUNT; t++)
        if (ui_key(ui, KEY_CHAR, CANVAS_TOOL_KEYS[t], 0)) {
            c->tool = (BoardTool)t;
            if (t != TOOL_SELECT)
                c->selection.n = 0;
            return true;
        }
    return false;
}

static bool canvas_keys(BoardCanvas *c, UiCtx *ui)
{
    const InputEvent *ev = ui->ev;
    if (!ev || ui->consumed)
        return false;
    if (ev->type == INPUT_KEY_UP && ev->key == KEY_SPACE) {
        c->space_down = false;
        return false;
    }
    if (ev->type != INPUT_KEY)
        return false;
    if (ev->key == KEY_SPACE && !ev->mods) {
        c->space_down = true;
        ui->consumed = true;
        return true;
    }
    if (ev->key == KEY_ESCAPE && c->drag != DRAG_NONE) {
        ui->consumed = true;
        end_drag(c, true);
        return true;
    }
    if (c->drag != DRAG_NONE)
        return false;
    if (ev->key == KEY_ESCAPE && (c->selection.n || c->tool != TOOL_SELECT)) {
        ui->consumed = true;
        c->selection.n = 0;
        c->tool = TOOL_SELECT;
        return true;
    }
    if (ui_key(ui, KEY_ENTER, 0, 0)) {
        if (c->selection.n == 1) {
            const BoardElement *el = board_get(c->board, c->selection.v[0]);
            edit_at(c, ui, el->id, el->x + el->w / 2, el->y + el->h / 2);
        }
        return true;
    }
    return edit_keys(c, ui) || nudge_keys(c, ui) || view_keys(c, ui) || tool_keys(c, ui);
}

/* The text being edited, drawn over the board where it will stand. */
static void text_editor(BoardCanvas *c, UiCtx *ui)
{
    if (c->edit == EDIT_NONE)
        return;
    if (ui_key(ui, KEY_ESCAPE, 0, 0) || ui_key(ui, KEY_ENTER, 0, MOD_CTRL)) {
        commit_text(c);
        return;
    }
    float sx, sy;
    board_view_to_screen(c->view, c->area, c->edit_x, c->edit_y, &sx, &sy);
    float w = 260, h = ui->theme.text_size * 4 + 24;
    if (c->edit == EDIT_LABEL)
        sx -= w / 2, sy -= h / 2;
    c->edit_rect = (Rect){sx, sy, w, h};
    ui_text_area(ui, "board-text", c->edit_rect, &c->text);
    ui_label(ui, sx, sy + h + 4, FONT_UI, ui->theme.small_size, ui->theme.muted,
             "Esc or Ctrl+Enter: done");
}

/* ---- the frame --------------------------------------------------------------------- */

static void place_view(BoardCanvas *c)
{
    BoardRect r;
    if (board_extent(c->board, &r))
        c->view = board_view_fit(r, c->area, 60, 1.0);
    else
        c->view = (BoardView){-c->area.w / 2, -c->area.h / 2, 1.0};
    c->view_known = true;
}

bool board_canvas_frame(BoardCanvas *c, UiCtx *ui, Rect area, bool keyboard)
{
    c->area = area;
    if (!c->view_known)
        place_view(c);
    bool used = false;
    if (c->edit == EDIT_NONE && keyboard)
        used = canvas_keys(c, ui);
    else if (ui->ev && ui->ev->type == INPUT_KEY_UP && ui->ev->key == KEY_SPACE)
        c->space_down = false;
    canvas_draw_board(c, ui);
    canvas_draw_chrome(c, ui);
    if (!used && canvas_mouse(c, ui)) {
        ui->consumed = true;
        used = true;
    }
    text_editor(c, ui);
    save_now(c, ui->now_ms);
    if (c->view_changed_ms && ui->now_ms - c->view_changed_ms >= VIEW_SAVE_MS)
        save_view(c);
    return used;
}

bool board_canvas_picture(BoardCanvas *c, DrawList *dl, bool selection, double scale,
                          TextMeasureFn measure, void *measure_user, int *w, int *h, char *err,
                          size_t err_cap)
{
    if (!board_count(c->board)) {
        snprintf(err, err_cap, "The board is empty.");
        return false;
    }
    BoardExportOptions o = {.scale = scale,
                            .margin = 20,
                            .background = {255, 255, 255, 255},
                            .only = selection && c->selection.n ? &c->selection : NULL,
                            .measure = measure,
                            .measure_user = measure_user};
    return board_view_export(c->board, &o, dl, w, h, err, err_cap) == ERR_OK;
}
