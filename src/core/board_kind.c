/*
 * board_kind.c: what the element kinds and stencils are, the default style, the shape
 * invariants every stored element satisfies (board_normalize), label and arrow-end
 * placement, and loading elements from outside (the store, importers) with validation:
 * a bad database row or file is an error, never an assert.
 */
#include "core/board_internal.h"

#include "core/board_geom.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How far outside its shape's box a bound arrow end may sit, as a fraction of the box. */
#define BIND_SLACK 10.0f

static const char *const KIND_NAMES[BOARD_KIND_COUNT] = {
    "rect", "diamond", "ellipse", "stencil", "text", "line", "arrow", "freehand",
};

/* Fills from Excalidraw's light palette, so exported boards look at home there. */
static const BoardStencilInfo STENCILS[BOARD_STENCIL_COUNT] = {
    {"", "", BOARD_OUTLINE_RECT, 160, 80, 0},
    {"client", "Client", BOARD_OUTLINE_ROUNDED, 140, 70, 0xa5d8ffff},
    {"load_balancer", "Load balancer", BOARD_OUTLINE_HEXAGON, 170, 70, 0xd0bfffff},
    {"api_gateway", "API gateway", BOARD_OUTLINE_RECT, 160, 70, 0xeebefaff},
    {"service", "Service", BOARD_OUTLINE_ROUNDED, 150, 80, 0xb2f2bbff},
    {"database", "Database", BOARD_OUTLINE_CYLINDER, 130, 110, 0xffec99ff},
    {"cache", "Cache", BOARD_OUTLINE_RECT, 130, 70, 0xffc9c9ff},
    {"queue", "Queue", BOARD_OUTLINE_QUEUE, 180, 60, 0xffd8a8ff},
    {"cdn", "CDN", BOARD_OUTLINE_ELLIPSE, 140, 80, 0x99e9f2ff},
    {"object_store", "Object store", BOARD_OUTLINE_BUCKET, 140, 100, 0xc3fae8ff},
    {"dns", "DNS", BOARD_OUTLINE_ELLIPSE, 110, 70, 0xe9ecefff},
    {"worker", "Worker", BOARD_OUTLINE_RECT, 140, 70, 0xd8f5a2ff},
    {"search_index", "Search index", BOARD_OUTLINE_DIAMOND, 170, 100, 0xffe8ccff},
};

const char *board_kind_name(BoardKind kind)
{
    return (unsigned)kind < BOARD_KIND_COUNT ? KIND_NAMES[kind] : "?";
}

bool board_kind_parse(const char *name, BoardKind *out)
{
    for (int k = 0; k < BOARD_KIND_COUNT; k++)
        if (strcmp(name, KIND_NAMES[k]) == 0) {
            *out = (BoardKind)k;
            return true;
        }
    return false;
}

bool board_kind_is_box(BoardKind kind)
{
    return kind == BOARD_RECT || kind == BOARD_DIAMOND || kind == BOARD_ELLIPSE ||
           kind == BOARD_STENCIL;
}

bool board_kind_is_linear(BoardKind kind)
{
    return kind == BOARD_LINE || kind == BOARD_ARROW || kind == BOARD_FREEHAND;
}

const BoardStencilInfo *board_stencil_info(BoardStencil stencil)
{
    return &STENCILS[(unsigned)stencil < BOARD_STENCIL_COUNT ? stencil : BOARD_STENCIL_NONE];
}

bool board_stencil_parse(const char *key, BoardStencil *out)
{
    for (int k = 1; k < BOARD_STENCIL_COUNT; k++)
        if (strcmp(key, STENCILS[k].key) == 0) {
            *out = (BoardStencil)k;
            return true;
        }
    return false;
}

BoardOutline board_outline_of(const BoardElement *el)
{
    switch (el->kind) {
    case BOARD_DIAMOND:
        return BOARD_OUTLINE_DIAMOND;
    case BOARD_ELLIPSE:
        return BOARD_OUTLINE_ELLIPSE;
    case BOARD_STENCIL:
        return board_stencil_info(el->stencil)->outline;
    case BOARD_RECT:
        return el->style.rounded ? BOARD_OUTLINE_ROUNDED : BOARD_OUTLINE_RECT;
    default:
        return BOARD_OUTLINE_RECT;
    }
}

BoardStyle board_style_default(void)
{
    return (BoardStyle){.stroke = 0x1e1e1eff, .fill = 0, .width = 2, .dashed = false};
}

void board_text_estimate(const char *text, float font_size, double *w, double *h)
{
    size_t lines = 1, chars = 0, widest = 0;
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == '\n') {
            lines++;
            chars = 0;
        } else if (((unsigned char)*p & 0xc0) != 0x80) {
            chars++; /* count code points, not bytes */
        }
        if (chars > widest)
            widest = chars;
    }
    *w = (double)widest * 0.6 * font_size;
    *h = (double)lines * 1.25 * font_size;
}

/* ---- invariants -------------------------------------------------------------------- */

static double clampd(double v, double lo, double hi)
{
    if (!isfinite(v))
        return 0;
    return v < lo ? lo : (v > hi ? hi : v);
}

static float clampf(float v, float lo, float hi)
{
    if (!isfinite(v))
        return 0;
    return v < lo ? lo : (v > hi ? hi : v);
}

/* Puts (x, y) at the top-left of the points' extent, every point at >= 0 from it. */
static void normalize_points(BoardElement *el)
{
    const float max = (float)BOARD_COORD_MAX;
    float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (uint32_t i = 0; i < el->npoints; i++) {
        BoardPoint *p = &el->points[i];
        p->x = clampf(p->x, -max, max);
        p->y = clampf(p->y, -max, max);
        x0 = fminf(x0, p->x), y0 = fminf(y0, p->y);
        x1 = fmaxf(x1, p->x), y1 = fmaxf(y1, p->y);
    }
    for (uint32_t i = 0; i < el->npoints; i++) {
        el->points[i].x -= x0;
        el->points[i].y -= y0;
    }
    el->x = clampd(el->x + x0, -BOARD_COORD_MAX, BOARD_COORD_MAX);
    el->y = clampd(el->y + y0, -BOARD_COORD_MAX, BOARD_COORD_MAX);
    el->w = (double)x1 - x0;
    el->h = (double)y1 - y0;
}

/* Drops the fields a kind does not use. */
static void normalize_fields(BoardElement *el)
{
    if (!board_kind_is_linear(el->kind)) {
        free(el->points);
        el->points = NULL;
        el->npoints = 0;
    }
    if (el->kind != BOARD_LINE && el->kind != BOARD_ARROW)
        el->heads = 0;
    if (el->kind != BOARD_ARROW)
        el->start.id = el->end.id = 0;
    if (el->kind != BOARD_TEXT) {
        free(el->text);
        el->text = NULL;
        el->container = 0;
        el->font_size = 0;
    } else if (!el->text) {
        el->text = xstrdup("");
    }
    if (el->kind != BOARD_STENCIL)
        el->stencil = BOARD_STENCIL_NONE;
    else if (el->stencil <= BOARD_STENCIL_NONE || el->stencil >= BOARD_STENCIL_COUNT)
        el->kind = BOARD_RECT, el->stencil = BOARD_STENCIL_NONE;
}

void board_normalize(BoardElement *el)
{
    normalize_fields(el);
    el->style.width = el->style.width > 0 ? clampf(el->style.width, 0.1f, 100) : 2;
    el->heads &= BOARD_HEAD_START | BOARD_HEAD_END;
    if (el->kind == BOARD_TEXT)
        el->font_size = el->font_size > 0 ? clampf(el->font_size, 1, 1000) : 20;
    el->x = clampd(el->x, -BOARD_COORD_MAX, BOARD_COORD_MAX);
    el->y = clampd(el->y, -BOARD_COORD_MAX, BOARD_COORD_MAX);
    el->w = clampd(el->w, -BOARD_COORD_MAX, BOARD_COORD_MAX);
    el->h = clampd(el->h, -BOARD_COORD_MAX, BOARD_COORD_MAX);
    if (el->w < 0)
        el->x += el->w, el->w = -el->w;
    if (el->h < 0)
        el->y += el->h, el->h = -el->h;
    if (el->npoints)
        normalize_points(el);
    BoardBinding *ends[2] = {&el->start, &el->end};
    for (int i = 0; i < 2; i++) {
        if (ends[i]->id <= 0)
            *ends[i] = (BoardBinding){0, 0, 0};
        ends[i]->fx = clampf(ends[i]->fx, -BIND_SLACK, 1 + BIND_SLACK);
        ends[i]->fy = clampf(ends[i]->fy, -BIND_SLACK, 1 + BIND_SLACK);
    }
    if (el->container < 0)
        el->container = 0;
    uint8_t kept = 0;
    for (uint8_t g = 0; g < el->ngroups && g < BOARD_MAX_GROUPS; g++)
        if (el->groups[g] > 0)
            el->groups[kept++] = el->groups[g];
    el->ngroups = kept;
    memset(el->groups + kept, 0, (BOARD_MAX_GROUPS - kept) * sizeof(int64_t));
}

/* ---- labels and arrow ends ----------------------------------------------------------- */

void board_layout_label(BoardElement *label, const BoardElement *shape)
{
    double w, h;
    board_text_estimate(label->text, label->font_size, &w, &h);
    if (w > shape->w)
        w = shape->w; /* the renderer wraps it */
    label->x = shape->x + (shape->w - w) / 2;
    label->y = shape->y + (shape->h - h) / 2;
    label->w = w;
    label->h = h;
    label->z = shape->z;
    label->ngroups = shape->ngroups;
    memcpy(label->groups, shape->groups, sizeof(label->groups));
}

void board_fixed_point(const BoardElement *shape, double px, double py, float *fx, float *fy)
{
    *fx = shape->w > 0 ? (float)((px - shape->x) / shape->w) : 0.5f;
    *fy = shape->h > 0 ? (float)((py - shape->y) / shape->h) : 0.5f;
    *fx = clampf(*fx, -BIND_SLACK, 1 + BIND_SLACK);
    *fy = clampf(*fy, -BIND_SLACK, 1 + BIND_SLACK);
}

void board_seat_end(BoardElement *arrow, int end, const BoardElement *shape)
{
    if (arrow->npoints < 2)
        return;
    const BoardBinding *bd = end ? &arrow->end : &arrow->start;
    double px = shape->x + bd->fx * shape->w, py = shape->y + bd->fy * shape->h;
    BoardPoint *p = &arrow->points[end ? arrow->npoints - 1 : 0];
    p->x = (float)(px - arrow->x);
    p->y = (float)(py - arrow->y);
    board_normalize(arrow);
}

/* True when an arrow's bound end is not where its binding puts it (beyond float
 * rounding): stored boards are seated already, and re-seating them would only move their
 * points by rounding. */
static bool end_off(const BoardElement *arrow, int end, const BoardElement *shape)
{
    const BoardBinding *bd = end ? &arrow->end : &arrow->start;
    BoardPoint p = arrow->points[end ? arrow->npoints - 1 : 0];
    double px = shape->x + bd->fx * shape->w, py = shape->y + bd->fy * shape->h;
    return fabs(arrow->x + p.x - px) > 0.01 || fabs(arrow->y + p.y - py) > 0.01;
}

/* ---- loading ----------------------------------------------------------------------- */

static bool finite_in(double v, double lim)
{
    return isfinite(v) && fabs(v) <= lim;
}

/* Checks what normalizing would silently change in data from outside; NULL if fine. */
static const char *check_element(const BoardElement *el)
{
    if (el->id <= 0)
        return "id must be positive";
    if ((unsigned)el->kind >= BOARD_KIND_COUNT)
        return "unknown kind";
    if ((unsigned)el->stencil >= BOARD_STENCIL_COUNT)
        return "unknown stencil";
    if (!finite_in(el->x, BOARD_COORD_MAX) || !finite_in(el->y, BOARD_COORD_MAX) ||
        !finite_in(el->w, BOARD_COORD_MAX) || !finite_in(el->h, BOARD_COORD_MAX))
        return "position or size out of range";
    if (!isfinite(el->style.width) || el->style.width < 0 || el->style.width > 100)
        return "stroke width out of range";
    if (!isfinite(el->font_size) || el->font_size < 0 || el->font_size > 1000)
        return "font size out of range";
    if (board_kind_is_linear(el->kind) && (el->npoints < 1 || el->npoints > BOARD_MAX_POINTS))
        return "a line needs 1 to 100000 points";
    for (uint32_t i = 0; i < el->npoints; i++)
        if (!finite_in(el->points[i].x, BOARD_COORD_MAX) ||
            !finite_in(el->points[i].y, BOARD_COORD_MAX))
            return "point out of range";
    if (el->text && strlen(el->text) > BOARD_MAX_TEXT)
        return "text too long";
    if (el->ngroups > BOARD_MAX_GROUPS)
        return "groups nested too deep";
    const BoardBinding *ends[2] = {&el->start, &el->end};
    for (int i = 0; i < 2; i++)
        if (!isfinite(ends[i]->fx) || !isfinite(ends[i]->fy))
            return "binding out of range";
    return NULL;
}

Err board_load_element(Board *b, const BoardElement *el, ErrInfo *err)
{
    const char *why = check_element(el);
    if (!why && board_get(b, el->id))
        why = "id used twice";
    if (why) {
        snprintf(err->msg, sizeof(err->msg), "element %lld: %s", (long long)el->id, why);
        return ERR_PARSE;
    }
    BoardElement copy;
    board_element_copy(&copy, el);
    board_normalize(&copy);
    board_apply(b, copy.id, &copy, true);
    return ERR_OK;
}

static bool is_box(const Board *b, int64_t id)
{
    const BoardElement *el = board_get(b, id);
    return el && board_kind_is_box(el->kind);
}

/* Applies an edited copy without recording, if it differs from the element. */
static void put_if_changed(Board *b, BoardElement *el)
{
    if (board_element_equal(el, board_get(b, el->id)))
        board_element_clear(el);
    else
        board_apply(b, el->id, el, true);
}

size_t board_load_finish(Board *b)
{
    size_t n = b->count, repaired = 0;
    int64_t *ids = xmalloc((n ? n : 1) * sizeof(*ids));
    for (size_t i = 0; i < n; i++)
        ids[i] = board_at(b, i)->id;
    IdMap labelled = {0};
    for (size_t i = 0; i < n; i++) {
        BoardElement el;
        board_fetch(b, ids[i], &el);
        uint32_t other;
        if (el.container &&
            (!is_box(b, el.container) || idmap_get(&labelled, el.container, &other)))
            el.container = 0;
        if (el.container)
            idmap_put(&labelled, el.container, 1);
        if (el.start.id && !is_box(b, el.start.id))
            el.start.id = 0;
        if (el.end.id && !is_box(b, el.end.id))
            el.end.id = 0;
        repaired += !board_element_equal(&el, board_get(b, el.id));
        put_if_changed(b, &el);
    }
    /* Now every reference is sound: seat labels and arrow ends. */
    for (size_t i = 0; i < n; i++) {
        const BoardElement *cur = board_get(b, ids[i]);
        if (!cur->container && !cur->start.id && !cur->end.id)
            continue;
        BoardElement el;
        board_fetch(b, ids[i], &el);
        if (el.container)
            board_layout_label(&el, board_get(b, el.container));
        if (el.start.id && end_off(&el, 0, board_get(b, el.start.id)))
            board_seat_end(&el, 0, board_get(b, el.start.id));
        if (el.end.id && end_off(&el, 1, board_get(b, el.end.id)))
            board_seat_end(&el, 1, board_get(b, el.end.id));
        put_if_changed(b, &el);
    }
    idmap_free(&labelled);
    free(ids);
    return repaired;
}
