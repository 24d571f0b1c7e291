/*
 * board_edit.c: the board's commands. Each one copies the elements it changes, edits the
 * copies, and hands them to board_record inside one board_edit_begin/end pair, so it is
 * one undoable step. Commands keep the invariants of board.h: labels and bound arrows
 * follow their shapes (follow()), deleting a shape deletes its label and unbinds arrows,
 * and a label's z and groups are its shape's.
 */
#include "core/board_internal.h"

#include "core/board_geom.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How far outside a shape a moved arrow end may be and stay bound, in board units. */
#define BIND_REACH 16.0

/* ---- helpers ----------------------------------------------------------------------- */

static void commit(Board *b, BoardElement *el)
{
    board_normalize(el);
    board_record(b, el->id, el);
}

static bool in_set(const IdMap *set, int64_t id)
{
    uint32_t v;
    return idmap_get(set, id, &v);
}

static bool is_box_id(const Board *b, int64_t id)
{
    const BoardElement *el = board_get(b, id);
    return el && board_kind_is_box(el->kind);
}

/* The element an id stands for in a selection: a label stands for its shape. */
static int64_t unit_of(const Board *b, int64_t id)
{
    const BoardElement *el = board_get(b, id);
    if (!el)
        return 0;
    return board_is_label(el) ? el->container : id;
}

/* The units of ids, once each, in z-order, as a set and a list. */
static void collect_units(const Board *b, const int64_t *ids, size_t n, IdMap *set, BoardIds *list)
{
    for (size_t i = 0; i < n; i++) {
        int64_t u = unit_of(b, ids[i]);
        if (u)
            idmap_put(set, u, 1);
    }
    for (size_t i = 0; i < board_count(b) && list->n < set->used; i++) {
        const BoardElement *el = board_at(b, i);
        if (in_set(set, el->id))
            board_ids_push(list, el->id);
    }
}

/* Re-seats the labels of the shapes in `moved` and the ends of arrows bound to them
 * (arrows in `skip` moved themselves). */
static void follow(Board *b, const IdMap *moved, const IdMap *skip)
{
    BoardIds deps = {0};
    for (size_t i = 0; i < board_count(b); i++) {
        const BoardElement *el = board_at(b, i);
        if ((el->container && in_set(moved, el->container)) ||
            (el->kind == BOARD_ARROW && !(skip && in_set(skip, el->id)) &&
             (in_set(moved, el->start.id) || in_set(moved, el->end.id))))
            board_ids_push(&deps, el->id);
    }
    for (size_t i = 0; i < deps.n; i++) {
        BoardElement el;
        board_fetch(b, deps.v[i], &el);
        if (el.container)
            board_layout_label(&el, board_get(b, el.container));
        if (el.start.id && in_set(moved, el.start.id))
            board_seat_end(&el, 0, board_get(b, el.start.id));
        if (el.end.id && in_set(moved, el.end.id))
            board_seat_end(&el, 1, board_get(b, el.end.id));
        commit(b, &el);
    }
    board_ids_free(&deps);
}

static void follow_one(Board *b, int64_t id)
{
    IdMap set = {0};
    idmap_put(&set, id, 1);
    follow(b, &set, &set);
    idmap_free(&set);
}

/* After an arrow's points changed: keeps each bound end that still touches its shape
 * (with a new fixed point) and unbinds the others. */
static void rebind_ends(const Board *b, BoardElement *el)
{
    BoardBinding *ends[2] = {&el->start, &el->end};
    for (int e = 0; e < 2 && el->npoints >= 2; e++) {
        const BoardElement *shape = board_get(b, ends[e]->id);
        if (!shape)
            continue;
        BoardPoint p = el->points[e ? el->npoints - 1 : 0];
        double px = el->x + p.x, py = el->y + p.y;
        if (board_geom_inside(shape, px, py, BIND_REACH))
            board_fixed_point(shape, px, py, &ends[e]->fx, &ends[e]->fy);
        else
            *ends[e] = (BoardBinding){0, 0, 0};
    }
}

/* ---- adding ------------------------------------------------------------------------ */

int64_t board_add(Board *b, const BoardElement *proto)
{
    if (!proto || (unsigned)proto->kind >= BOARD_KIND_COUNT)
        return 0;
    if (board_kind_is_linear(proto->kind) && (proto->npoints < 1 || !proto->points))
        return 0;
    BoardElement el;
    board_element_copy(&el, proto);
    if (el.npoints > BOARD_MAX_POINTS)
        el.npoints = BOARD_MAX_POINTS;
    el.id = b->next_id++;
    el.z = board_count(b) ? board_z_max(b) + 1 : 0;
    board_normalize(&el);
    if (el.container && (!is_box_id(b, el.container) || board_label_of(b, el.container)))
        el.container = 0;
    if (el.container)
        board_layout_label(&el, board_get(b, el.container));
    BoardBinding *ends[2] = {&el.start, &el.end};
    for (int e = 0; e < 2; e++) {
        if (ends[e]->id && !is_box_id(b, ends[e]->id))
            *ends[e] = (BoardBinding){0, 0, 0};
        if (ends[e]->id)
            board_seat_end(&el, e, board_get(b, ends[e]->id));
    }
    int64_t id = el.id;
    board_record(b, id, &el);
    return id;
}

int64_t board_add_shape(Board *b, BoardKind kind, double x, double y, double w, double h)
{
    if (!board_kind_is_box(kind) || kind == BOARD_STENCIL)
        kind = BOARD_RECT;
    BoardElement proto = {.kind = kind, .style = board_style_default()};
    proto.x = x, proto.y = y, proto.w = w, proto.h = h;
    return board_add(b, &proto);
}

int64_t board_add_stencil(Board *b, BoardStencil stencil, double cx, double cy)
{
    if (stencil <= BOARD_STENCIL_NONE || stencil >= BOARD_STENCIL_COUNT)
        return 0;
    const BoardStencilInfo *info = board_stencil_info(stencil);
    BoardElement proto = {.kind = BOARD_STENCIL, .stencil = stencil};
    proto.style = board_style_default();
    proto.style.fill = info->fill;
    proto.x = cx - info->w / 2, proto.y = cy - info->h / 2, proto.w = info->w, proto.h = info->h;
    board_edit_begin(b);
    int64_t id = board_add(b, &proto);
    board_set_label(b, id, info->label);
    board_edit_end(b);
    return id;
}

int64_t board_add_text(Board *b, double x, double y, const char *text, float font_size)
{
    if (!text || !text[0])
        return 0;
    BoardElement proto = {.kind = BOARD_TEXT, .style = board_style_default()};
    proto.text = xstrdup(text);
    proto.font_size = font_size > 0 ? font_size : 20;
    proto.x = x, proto.y = y;
    board_text_estimate(text, proto.font_size, &proto.w, &proto.h);
    int64_t id = board_add(b, &proto);
    free(proto.text);
    return id;
}

/* Points relative to abs[0], in a new array. */
static BoardPoint *relative_points(const BoardPoint *abs, size_t n)
{
    BoardPoint *pts = xmalloc(n * sizeof(*pts));
    for (size_t i = 0; i < n; i++)
        pts[i] = (BoardPoint){abs[i].x - abs[0].x, abs[i].y - abs[0].y};
    return pts;
}

int64_t board_add_line(Board *b, BoardKind kind, const BoardPoint *abs, size_t n)
{
    if ((kind != BOARD_LINE && kind != BOARD_ARROW) || n < 2 || n > BOARD_MAX_POINTS)
        return 0;
    BoardElement proto = {.kind = kind, .style = board_style_default()};
    proto.x = abs[0].x, proto.y = abs[0].y;
    proto.points = relative_points(abs, n);
    proto.npoints = (uint32_t)n;
    proto.heads = kind == BOARD_ARROW ? BOARD_HEAD_END : 0;
    int64_t id = board_add(b, &proto);
    free(proto.points);
    return id;
}

/* ---- deleting and moving ------------------------------------------------------------- */

void board_delete(Board *b, const int64_t *ids, size_t n)
{
    IdMap gone = {0};
    for (size_t i = 0; i < n; i++) {
        const BoardElement *el = board_get(b, ids[i]);
        if (!el)
            continue;
        idmap_put(&gone, el->id, 1);
        const BoardElement *label = board_label_of(b, el->id);
        if (label)
            idmap_put(&gone, label->id, 1);
    }
    if (!gone.used) {
        idmap_free(&gone);
        return;
    }
    BoardIds doomed = {0}, unbind = {0};
    for (size_t i = 0; i < board_count(b); i++) {
        const BoardElement *el = board_at(b, i);
        if (in_set(&gone, el->id))
            board_ids_push(&doomed, el->id);
        else if (in_set(&gone, el->start.id) || in_set(&gone, el->end.id))
            board_ids_push(&unbind, el->id);
    }
    board_edit_begin(b);
    for (size_t i = 0; i < doomed.n; i++)
        board_record(b, doomed.v[i], NULL);
    for (size_t i = 0; i < unbind.n; i++) {
        BoardElement el;
        board_fetch(b, unbind.v[i], &el);
        if (in_set(&gone, el.start.id))
            el.start = (BoardBinding){0, 0, 0};
        if (in_set(&gone, el.end.id))
            el.end = (BoardBinding){0, 0, 0};
        commit(b, &el);
    }
    board_edit_end(b);
    board_ids_free(&doomed);
    board_ids_free(&unbind);
    idmap_free(&gone);
}

void board_move(Board *b, const int64_t *ids, size_t n, double dx, double dy)
{
    if (!isfinite(dx) || !isfinite(dy) || (dx == 0 && dy == 0))
        return;
    IdMap set = {0};
    BoardIds list = {0};
    collect_units(b, ids, n, &set, &list);
    board_edit_begin(b);
    for (size_t i = 0; i < list.n; i++) {
        BoardElement el;
        board_fetch(b, list.v[i], &el);
        el.x += dx;
        el.y += dy;
        /* A moved arrow keeps only the bindings to shapes moving with it. */
        if (el.start.id && !in_set(&set, el.start.id))
            el.start = (BoardBinding){0, 0, 0};
        if (el.end.id && !in_set(&set, el.end.id))
            el.end = (BoardBinding){0, 0, 0};
        commit(b, &el);
    }
    follow(b, &set, &set);
    board_edit_end(b);
    board_ids_free(&list);
    idmap_free(&set);
}

/* Maps a linear element's points from its bounds into box. */
static void scale_points(BoardElement *el, BoardRect box)
{
    BoardRect old = board_geom_bounds(el);
    double ow = old.x1 - old.x0, oh = old.y1 - old.y0;
    double sx = ow > 0 ? (box.x1 - box.x0) / ow : 1, sy = oh > 0 ? (box.y1 - box.y0) / oh : 1;
    for (uint32_t i = 0; i < el->npoints; i++) {
        double ax = el->x + el->points[i].x, ay = el->y + el->points[i].y;
        el->points[i].x = (float)(box.x0 + (ax - old.x0) * sx - el->x);
        el->points[i].y = (float)(box.y0 + (ay - old.y0) * sy - el->y);
    }
}

void board_resize(Board *b, int64_t id, BoardRect box)
{
    int64_t u = unit_of(b, id);
    if (!u || !isfinite(box.x0) || !isfinite(box.y0) || !isfinite(box.x1) || !isfinite(box.y1))
        return;
    if (box.x1 < box.x0 || box.y1 < box.y0)
        return;
    BoardElement el;
    board_fetch(b, u, &el);
    board_edit_begin(b);
    if (board_kind_is_linear(el.kind)) {
        scale_points(&el, box);
        rebind_ends(b, &el);
    } else {
        el.x = box.x0, el.y = box.y0, el.w = box.x1 - box.x0, el.h = box.y1 - box.y0;
    }
    commit(b, &el);
    follow_one(b, u);
    board_edit_end(b);
}

void board_set_points(Board *b, int64_t id, const BoardPoint *abs, size_t n)
{
    const BoardElement *cur = board_get(b, id);
    if (!cur || !board_kind_is_linear(cur->kind) || n < 1 || n > BOARD_MAX_POINTS ||
        (cur->kind != BOARD_FREEHAND && n < 2))
        return;
    BoardElement el;
    board_fetch(b, id, &el);
    free(el.points);
    el.x = abs[0].x, el.y = abs[0].y;
    el.points = relative_points(abs, n);
    el.npoints = (uint32_t)n;
    rebind_ends(b, &el);
    commit(b, &el);
}

void board_bind(Board *b, int64_t arrow, int end, int64_t shape)
{
    const BoardElement *cur = board_get(b, arrow);
    if (!cur || cur->kind != BOARD_ARROW || cur->npoints < 2 || (shape && !is_box_id(b, shape)))
        return;
    BoardElement el;
    board_fetch(b, arrow, &el);
    BoardBinding *bd = end ? &el.end : &el.start;
    *bd = (BoardBinding){shape, 0, 0};
    if (shape) {
        BoardPoint p = el.points[end ? el.npoints - 1 : 0];
        board_fixed_point(board_get(b, shape), el.x + p.x, el.y + p.y, &bd->fx, &bd->fy);
        board_seat_end(&el, end ? 1 : 0, board_get(b, shape));
    }
    commit(b, &el);
}

/* ---- style and text ---------------------------------------------------------------- */

void board_set_style(Board *b, const int64_t *ids, size_t n, const BoardStyle *style, unsigned mask)
{
    board_edit_begin(b);
    for (size_t i = 0; i < n; i++) {
        BoardElement el;
        if (!board_fetch(b, ids[i], &el))
            continue;
        if (mask & BOARD_STYLE_STROKE)
            el.style.stroke = style->stroke;
        if (mask & BOARD_STYLE_FILL)
            el.style.fill = style->fill;
        if (mask & BOARD_STYLE_WIDTH)
            el.style.width = style->width;
        if (mask & BOARD_STYLE_DASHED)
            el.style.dashed = style->dashed;
        if (mask & BOARD_STYLE_ROUNDED)
            el.style.rounded = style->rounded;
        commit(b, &el);
        /* A label takes its shape's stroke colour. */
        const BoardElement *label = board_label_of(b, ids[i]);
        if (label && (mask & BOARD_STYLE_STROKE)) {
            board_fetch(b, label->id, &el);
            el.style.stroke = style->stroke;
            commit(b, &el);
        }
    }
    board_edit_end(b);
}

void board_set_heads(Board *b, const int64_t *ids, size_t n, uint8_t heads)
{
    board_edit_begin(b);
    for (size_t i = 0; i < n; i++) {
        BoardElement el;
        if (!board_fetch(b, ids[i], &el))
            continue;
        el.heads = heads;
        commit(b, &el);
    }
    board_edit_end(b);
}

/* Places a text after its text or size changed: a label in its shape, free text keeps
 * its top-left corner. */
static void place_text(const Board *b, BoardElement *el)
{
    if (el->container)
        board_layout_label(el, board_get(b, el->container));
    else
        board_text_estimate(el->text, el->font_size, &el->w, &el->h);
}

void board_set_text(Board *b, int64_t id, const char *text)
{
    const BoardElement *cur = board_get(b, id);
    if (!cur || cur->kind != BOARD_TEXT)
        return;
    if (!text || !text[0]) {
        board_delete(b, &id, 1);
        return;
    }
    BoardElement el;
    board_fetch(b, id, &el);
    size_t len = strlen(text);
    if (len > BOARD_MAX_TEXT) {
        len = BOARD_MAX_TEXT;
        while (len && ((unsigned char)text[len] & 0xc0) == 0x80)
            len--; /* cut at a code point boundary */
    }
    free(el.text);
    el.text = xstrndup(text, len);
    place_text(b, &el);
    commit(b, &el);
}

void board_set_font_size(Board *b, int64_t id, float font_size)
{
    const BoardElement *cur = board_get(b, id);
    if (!cur || cur->kind != BOARD_TEXT || !isfinite(font_size) || font_size <= 0)
        return;
    BoardElement el;
    board_fetch(b, id, &el);
    el.font_size = font_size;
    board_normalize(&el);
    place_text(b, &el);
    commit(b, &el);
}

int64_t board_set_label(Board *b, int64_t shape, const char *text)
{
    if (!is_box_id(b, shape))
        return 0;
    const BoardElement *label = board_label_of(b, shape);
    if (!text || !text[0]) {
        if (label)
            board_delete(b, &label->id, 1);
        return 0;
    }
    if (label) {
        int64_t id = label->id;
        board_set_text(b, id, text);
        return id;
    }
    BoardElement proto = {.kind = BOARD_TEXT, .style = board_style_default()};
    proto.style.stroke = board_get(b, shape)->style.stroke;
    proto.text = xstrdup(text);
    proto.font_size = 20;
    proto.container = shape;
    int64_t id = board_add(b, &proto);
    free(proto.text);
    return id;
}

/* ---- z-order ----------------------------------------------------------------------- */

/* Moves selected units one step up (or down) past unselected ones, in place. */
static void step_units(int64_t *units, size_t m, bool up, bool *sel)
{
    if (m < 2)
        return;
    if (up) {
        for (size_t i = m - 1; i-- > 0;)
            if (sel[i] && !sel[i + 1]) {
                int64_t t = units[i];
                units[i] = units[i + 1], units[i + 1] = t;
                sel[i] = false, sel[i + 1] = true;
            }
    } else {
        for (size_t i = 1; i < m; i++)
            if (sel[i] && !sel[i - 1]) {
                int64_t t = units[i];
                units[i] = units[i - 1], units[i - 1] = t;
                sel[i] = false, sel[i - 1] = true;
            }
    }
}

void board_reorder(Board *b, const int64_t *ids, size_t n, BoardOrder how)
{
    IdMap set = {0};
    BoardIds chosen = {0};
    collect_units(b, ids, n, &set, &chosen);
    size_t m = 0, count = board_count(b);
    int64_t *units = xmalloc((count ? count : 1) * sizeof(*units));
    int64_t *zs = xmalloc((count ? count : 1) * sizeof(*zs));
    bool *sel = xcalloc(count ? count : 1, sizeof(*sel));
    bool unique = true;
    for (size_t i = 0; i < count; i++) {
        const BoardElement *el = board_at(b, i);
        if (board_is_label(el))
            continue;
        unique = unique && (m == 0 || el->z != zs[m - 1]);
        sel[m] = in_set(&set, el->id);
        zs[m] = el->z;
        units[m++] = el->id;
    }
    if (!unique) /* damaged data: number the units first so steps are well defined */
        for (size_t i = 0; i < m; i++)
            zs[i] = (int64_t)i;
    if (how == BOARD_FORWARD || how == BOARD_BACKWARD)
        step_units(units, m, how == BOARD_FORWARD, sel);
    IdMap moved = {0};
    board_edit_begin(b);
    for (size_t i = 0, k = 0; i < m; i++) {
        int64_t z = zs[i];
        if (how == BOARD_TO_FRONT && sel[i])
            z = zs[m - 1] + 1 + (int64_t)k++;
        else if (how == BOARD_TO_BACK && sel[i])
            z = zs[0] - (int64_t)chosen.n + (int64_t)k++;
        BoardElement el;
        board_fetch(b, units[i], &el);
        if (el.z == z) {
            board_element_clear(&el);
            continue;
        }
        el.z = z;
        idmap_put(&moved, el.id, 1);
        commit(b, &el);
    }
    follow(b, &moved, &moved);
    board_edit_end(b);
    idmap_free(&moved);
    idmap_free(&set);
    board_ids_free(&chosen);
    free(units);
    free(zs);
    free(sel);
}

/* ---- groups ------------------------------------------------------------------------ */

int64_t board_group(Board *b, const int64_t *ids, size_t n)
{
    IdMap set = {0};
    BoardIds list = {0};
    collect_units(b, ids, n, &set, &list);
    int64_t g = 0;
    if (list.n) {
        g = b->next_group++;
        board_edit_begin(b);
        for (size_t i = 0; i < list.n; i++) {
            BoardElement el;
            board_fetch(b, list.v[i], &el);
            if (el.ngroups == BOARD_MAX_GROUPS) { /* too deep: forget the innermost */
                memmove(el.groups, el.groups + 1, (BOARD_MAX_GROUPS - 1) * sizeof(int64_t));
                el.ngroups--;
            }
            el.groups[el.ngroups++] = g;
            commit(b, &el);
        }
        follow(b, &set, &set);
        board_edit_end(b);
    }
    board_ids_free(&list);
    idmap_free(&set);
    return g;
}

void board_ungroup(Board *b, const int64_t *ids, size_t n)
{
    IdMap set = {0};
    BoardIds list = {0};
    collect_units(b, ids, n, &set, &list);
    board_edit_begin(b);
    for (size_t i = 0; i < list.n; i++) {
        BoardElement el;
        board_fetch(b, list.v[i], &el);
        if (el.ngroups)
            el.groups[--el.ngroups] = 0;
        commit(b, &el);
    }
    follow(b, &set, &set);
    board_edit_end(b);
    board_ids_free(&list);
    idmap_free(&set);
}

void board_group_members(const Board *b, int64_t g, BoardIds *out)
{
    for (size_t i = 0; g > 0 && i < board_count(b); i++) {
        const BoardElement *el = board_at(b, i);
        if (board_is_label(el))
            continue;
        for (uint8_t k = 0; k < el->ngroups; k++)
            if (el->groups[k] == g) {
                board_ids_push(out, el->id);
                break;
            }
    }
}

/* ---- duplicate and paste ----------------------------------------------------------- */

static int64_t remap(IdMap *map, int64_t old, int64_t *next)
{
    uint32_t v;
    if (old <= 0)
        return 0;
    if (idmap_get(map, old, &v))
        return (int64_t)v;
    int64_t fresh = (*next)++;
    idmap_put(map, old, (uint32_t)fresh);
    return fresh;
}

void board_paste(Board *b, const BoardElement *els, size_t n, double dx, double dy, BoardIds *out)
{
    if (!n || !isfinite(dx) || !isfinite(dy))
        return;
    IdMap ids = {0}, groups = {0}, made = {0};
    for (size_t i = 0; i < n; i++)
        if (els[i].id > 0)
            idmap_put(&ids, els[i].id, (uint32_t)i);
    int64_t z = board_count(b) ? board_z_max(b) + 1 : 0;
    int64_t first = b->next_id;
    board_edit_begin(b);
    for (size_t i = 0; i < n; i++) {
        const BoardElement *src = &els[i];
        if ((unsigned)src->kind >= BOARD_KIND_COUNT ||
            (board_kind_is_linear(src->kind) && (!src->points || !src->npoints)))
            continue;
        BoardElement el;
        board_element_copy(&el, src);
        el.id = first + (int64_t)i;
        el.x += dx, el.y += dy;
        el.z = z + (int64_t)i;
        /* New groups, new ids for references inside the paste; the rest are dropped. */
        for (uint8_t g = 0; g < el.ngroups && g < BOARD_MAX_GROUPS; g++)
            el.groups[g] = remap(&groups, el.groups[g], &b->next_group);
        uint32_t at;
        el.container = idmap_get(&ids, src->container, &at) ? first + at : 0;
        el.start.id = idmap_get(&ids, src->start.id, &at) ? first + at : 0;
        el.end.id = idmap_get(&ids, src->end.id, &at) ? first + at : 0;
        idmap_put(&made, el.id, 1);
        commit(b, &el);
    }
    b->next_id = first + (int64_t)n;
    /* Drop references to pasted elements that cannot hold them, then seat the rest. */
    for (size_t i = 0; i < n; i++) {
        BoardElement el;
        if (!board_fetch(b, first + (int64_t)i, &el))
            continue;
        if (el.container && (!is_box_id(b, el.container) || !in_set(&made, el.container) ||
                             board_label_of(b, el.container)))
            el.container = 0;
        if (el.start.id && !is_box_id(b, el.start.id))
            el.start.id = 0;
        if (el.end.id && !is_box_id(b, el.end.id))
            el.end.id = 0;
        if (out && !el.container)
            board_ids_push(out, el.id);
        commit(b, &el);
    }
    follow(b, &made, NULL);
    board_edit_end(b);
    idmap_free(&ids);
    idmap_free(&groups);
    idmap_free(&made);
}

void board_duplicate(Board *b, const int64_t *ids, size_t n, double dx, double dy, BoardIds *out)
{
    IdMap set = {0};
    BoardIds list = {0};
    collect_units(b, ids, n, &set, &list);
    BoardElement *copies = xmalloc((list.n * 2 + 1) * sizeof(*copies));
    size_t k = 0;
    for (size_t i = 0; i < list.n; i++) {
        board_fetch(b, list.v[i], &copies[k++]);
        const BoardElement *label = board_label_of(b, list.v[i]);
        if (label)
            board_element_copy(&copies[k++], label);
    }
    board_paste(b, copies, k, dx, dy, out);
    for (size_t i = 0; i < k; i++)
        board_element_clear(&copies[i]);
    free(copies);
    board_ids_free(&list);
    idmap_free(&set);
}

/* ---- freehand strokes -------------------------------------------------------------- */

void board_stroke_cancel(Board *b)
{
    board_element_clear(&b->stroke);
    memset(&b->stroke, 0, sizeof(b->stroke));
    b->stroking = false;
    b->stroke_cap = 0;
}

void board_stroke_begin(Board *b, double x, double y, const BoardStyle *style)
{
    board_stroke_cancel(b);
    if (!isfinite(x) || !isfinite(y))
        return;
    b->stroke.kind = BOARD_FREEHAND;
    b->stroke.style = style ? *style : board_style_default();
    b->stroke.x = x, b->stroke.y = y;
    b->stroke_cap = 256;
    b->stroke.points = xmalloc(b->stroke_cap * sizeof(BoardPoint));
    b->stroke.points[0] = (BoardPoint){0, 0};
    b->stroke.npoints = 1;
    b->stroking = true;
}

/* Keeps the pending stroke's (x, y) at the top-left of its points when p extends them. */
static void stroke_extend(BoardElement *s, double *px, double *py)
{
    double dx = *px < 0 ? *px : 0, dy = *py < 0 ? *py : 0;
    if (dx == 0 && dy == 0)
        return;
    for (uint32_t i = 0; i < s->npoints; i++) {
        s->points[i].x -= (float)dx;
        s->points[i].y -= (float)dy;
    }
    s->x += dx, s->y += dy;
    s->w -= dx, s->h -= dy;
    *px -= dx, *py -= dy;
}

void board_stroke_add(Board *b, double x, double y)
{
    BoardElement *s = &b->stroke;
    if (!b->stroking || !isfinite(x) || !isfinite(y) || s->npoints >= BOARD_MAX_POINTS ||
        fabs(x) > BOARD_COORD_MAX || fabs(y) > BOARD_COORD_MAX)
        return;
    double px = x - s->x, py = y - s->y;
    BoardPoint last = s->points[s->npoints - 1];
    if (hypot(px - last.x, py - last.y) < 0.5)
        return;
    if (s->npoints == b->stroke_cap) {
        b->stroke_cap *= 2;
        s->points = xrealloc(s->points, b->stroke_cap * sizeof(BoardPoint));
    }
    stroke_extend(s, &px, &py);
    s->points[s->npoints++] = (BoardPoint){(float)px, (float)py};
    s->w = fmax(s->w, px);
    s->h = fmax(s->h, py);
    s->rev++;
}

const BoardElement *board_stroke_pending(const Board *b)
{
    return b->stroking ? &b->stroke : NULL;
}

int64_t board_stroke_end(Board *b)
{
    if (!b->stroking)
        return 0;
    int64_t id = board_add(b, &b->stroke);
    board_stroke_cancel(b);
    return id;
}
