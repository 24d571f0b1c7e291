/*
 * board_view.c: drawing a board through a view (board_view.h). Box shapes, lines, arrows
 * and strokes are meshed once per element and level of detail and kept in a hash table
 * keyed by element id (linear probing); a frame looks each visible element up, rebuilds
 * its mesh only when its shape or the level of detail changed, and copies the triangles
 * into the DrawList with the element's position and the view applied.
 *
 * Invariants: every cached entry's meshes are in the element's local coordinates, built
 * with a pixel size of 2^lod board units; `shape` hashes everything the mesh depends on
 * (not the position), so a moved element keeps its mesh under its new rev; `bytes` is
 * the sum of the entries' mesh bytes.
 */
#include "ui/board_view.h"

#include "core/board_freehand.h"
#include "core/board_geom.h"
#include "core/board_mesh.h"
#include "core/str.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_BUDGET     (48u * 1024 * 1024)
#define TEXT_MIN_PX      3.0
#define TEXT_MAX_PX      1024.0
#define TEXT_MAX_LINE_PX 16384.0 /* the widest line drawn (a texture's limit) */
#define TEXT_LINE        1.25    /* line height in em, as board_text_estimate */
#define TEXT_BOX         1.2     /* the font's ascent + descent in em, for centring lines */
#define GRID_MIN_PX      6.0
#define LOD_MIN          (-8)
#define LOD_MAX          8
#define INK_INVERT       0.93 /* Excalidraw's dark mode: invert(93%) */

typedef struct Entry {
    int64_t id; /* 0: an empty slot */
    uint32_t rev;
    int lod;
    uint64_t shape;
    uint64_t used; /* the frame that last drew it */
    BoardMesh fill, stroke;
} Entry;

struct BoardRenderer {
    Entry *slots;
    size_t cap, count; /* cap is 0 or a power of two */
    size_t bytes;
    uint64_t builds, frame;
    const Board *board; /* the board the cache belongs to */
    uint64_t swept_at;  /* board_commit_count at the last sweep */
    BoardRefs refs;     /* scratch: the visible elements */
    BoardMesh pending;  /* scratch: the stroke in progress */
    int64_t *only;      /* scratch: the sorted ids of `only` */
    size_t only_n, only_cap;
    char *line; /* scratch: one line of text */
    size_t line_cap;
};

/* ---- the view ---------------------------------------------------------------------- */

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

void board_view_to_screen(BoardView v, Rect area, double bx, double by, float *sx, float *sy)
{
    *sx = (float)(area.x + (bx - v.x) * v.zoom);
    *sy = (float)(area.y + (by - v.y) * v.zoom);
}

void board_view_to_board(BoardView v, Rect area, float sx, float sy, double *bx, double *by)
{
    double z = v.zoom > 0 ? v.zoom : 1;
    *bx = v.x + ((double)sx - area.x) / z;
    *by = v.y + ((double)sy - area.y) / z;
}

BoardView board_view_zoom_at(BoardView v, Rect area, float sx, float sy, double zoom)
{
    double bx, by;
    board_view_to_board(v, area, sx, sy, &bx, &by);
    double z = isfinite(zoom) ? clampd(zoom, BOARD_ZOOM_MIN, BOARD_ZOOM_MAX) : v.zoom;
    return (BoardView){bx - ((double)sx - area.x) / z, by - ((double)sy - area.y) / z, z};
}

BoardView board_view_fit(BoardRect r, Rect area, float margin, double max_zoom)
{
    double w = r.x1 - r.x0, h = r.y1 - r.y0;
    if (!(w > 0) && !(h > 0))
        return (BoardView){0, 0, 1};
    double aw = area.w - 2.0 * margin, ah = area.h - 2.0 * margin;
    if (aw < 1)
        aw = area.w > 1 ? area.w : 1;
    if (ah < 1)
        ah = area.h > 1 ? area.h : 1;
    double zoom = BOARD_ZOOM_MAX;
    if (w > 0)
        zoom = fmin(zoom, aw / w);
    if (h > 0)
        zoom = fmin(zoom, ah / h);
    if (max_zoom > 0)
        zoom = fmin(zoom, max_zoom);
    zoom = clampd(zoom, BOARD_ZOOM_MIN, BOARD_ZOOM_MAX);
    double cx = (r.x0 + r.x1) / 2, cy = (r.y0 + r.y1) / 2;
    return (BoardView){cx - area.w / 2.0 / zoom, cy - area.h / 2.0 / zoom, zoom};
}

BoardRect board_view_visible(BoardView v, Rect area)
{
    double z = v.zoom > 0 ? v.zoom : 1;
    return (BoardRect){v.x, v.y, v.x + area.w / z, v.y + area.h / z};
}

/* ---- the mesh cache ---------------------------------------------------------------- */

BoardRenderer *board_renderer_new(void)
{
    return xcalloc(1, sizeof(BoardRenderer));
}

static void entry_free(Entry *e)
{
    board_mesh_free(&e->fill);
    board_mesh_free(&e->stroke);
}

void board_renderer_reset(BoardRenderer *r)
{
    for (size_t i = 0; i < r->cap; i++)
        if (r->slots[i].id)
            entry_free(&r->slots[i]);
    free(r->slots);
    r->slots = NULL;
    r->cap = r->count = r->bytes = 0;
    r->board = NULL;
}

void board_renderer_free(BoardRenderer *r)
{
    if (!r)
        return;
    board_renderer_reset(r);
    board_refs_free(&r->refs);
    board_mesh_free(&r->pending);
    free(r->only);
    free(r->line);
    free(r);
}

size_t board_renderer_bytes(const BoardRenderer *r)
{
    return r->bytes + r->cap * sizeof(Entry) + board_mesh_bytes(&r->pending);
}

uint64_t board_renderer_builds(const BoardRenderer *r)
{
    return r->builds;
}

static size_t slot_of(int64_t id, size_t cap)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (cap - 1);
}

/* Puts an entry (by value) into a table with room for it. */
static Entry *place(Entry *slots, size_t cap, const Entry *e)
{
    size_t i = slot_of(e->id, cap);
    while (slots[i].id)
        i = (i + 1) & (cap - 1);
    slots[i] = *e;
    return &slots[i];
}

typedef bool (*KeepFn)(const BoardRenderer *r, const Entry *e, const Board *b);

/* Rebuilds the table at `cap` slots keeping the entries keep() accepts (NULL: all). */
static void rehash(BoardRenderer *r, size_t cap, KeepFn keep, const Board *b)
{
    Entry *slots = xcalloc(cap, sizeof(Entry));
    size_t count = 0;
    for (size_t i = 0; i < r->cap; i++) {
        Entry *e = &r->slots[i];
        if (!e->id)
            continue;
        if (keep && !keep(r, e, b)) {
            r->bytes -= board_mesh_bytes(&e->fill) + board_mesh_bytes(&e->stroke);
            entry_free(e);
            continue;
        }
        place(slots, cap, e);
        count++;
    }
    free(r->slots);
    r->slots = slots;
    r->cap = cap;
    r->count = count;
}

static Entry *lookup(BoardRenderer *r, int64_t id)
{
    if (!r->cap)
        return NULL;
    for (size_t i = slot_of(id, r->cap);; i = (i + 1) & (r->cap - 1)) {
        if (r->slots[i].id == id)
            return &r->slots[i];
        if (!r->slots[i].id)
            return NULL;
    }
}

static Entry *insert(BoardRenderer *r, int64_t id)
{
    if ((r->count + 1) * 4 > r->cap * 3)
        rehash(r, r->cap ? r->cap * 2 : 256, NULL, NULL);
    r->count++;
    return place(r->slots, r->cap, &(Entry){.id = id});
}

static bool element_exists(const BoardRenderer *r, const Entry *e, const Board *b)
{
    (void)r;
    return board_get(b, e->id) != NULL;
}

static bool drawn_this_frame(const BoardRenderer *r, const Entry *e, const Board *b)
{
    (void)b;
    return e->used == r->frame;
}

/* After a command, the meshes of elements that are gone; past the budget, every mesh
 * this frame did not draw. */
static void sweep(BoardRenderer *r, const Board *b)
{
    uint64_t commits = board_commit_count(b);
    if (commits != r->swept_at && !board_editing(b)) {
        rehash(r, r->cap, element_exists, b);
        r->swept_at = commits;
    }
    if (r->bytes > CACHE_BUDGET)
        rehash(r, r->cap, drawn_this_frame, b);
}

/* FNV-1a over what an element's meshes depend on: not its position nor its text. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ c[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t shape_hash(const BoardElement *el)
{
    uint64_t h = 0xcbf29ce484222325ull;
    int32_t kind = (int32_t)el->kind, stencil = (int32_t)el->stencil;
    uint8_t flags[3] = {el->style.dashed, el->style.rounded, el->heads};
    h = mix(h, &kind, sizeof(kind));
    h = mix(h, &stencil, sizeof(stencil));
    h = mix(h, &el->style.stroke, sizeof(el->style.stroke));
    h = mix(h, &el->style.fill, sizeof(el->style.fill));
    h = mix(h, &el->style.width, sizeof(el->style.width));
    h = mix(h, flags, sizeof(flags));
    h = mix(h, &el->w, sizeof(el->w));
    h = mix(h, &el->h, sizeof(el->h));
    h = mix(h, &el->npoints, sizeof(el->npoints));
    if (el->npoints)
        h ^= hash_fnv1a64(el->points, el->npoints * sizeof(*el->points)) * 31u;
    return h;
}

/* The entry of el with meshes for level of detail lod, built or rebuilt as needed. */
static Entry *meshes_of(BoardRenderer *r, const BoardElement *el, int lod)
{
    Entry *e = lookup(r, el->id);
    if (e && e->rev == el->rev && e->lod == lod)
        return e;
    uint64_t shape = shape_hash(el);
    if (e && e->lod == lod && e->shape == shape) {
        e->rev = el->rev; /* moved, relabelled, regrouped: the same mesh */
        return e;
    }
    if (!e)
        e = insert(r, el->id);
    r->bytes -= board_mesh_bytes(&e->fill) + board_mesh_bytes(&e->stroke);
    board_mesh_clear(&e->fill);
    board_mesh_clear(&e->stroke);
    board_mesh_element(el, (float)ldexp(1.0, lod), &e->fill, &e->stroke);
    r->bytes += board_mesh_bytes(&e->fill) + board_mesh_bytes(&e->stroke);
    e->rev = el->rev;
    e->lod = lod;
    e->shape = shape;
    r->builds++;
    return e;
}

/* ---- colours ----------------------------------------------------------------------- */

static uint8_t invert_channel(uint8_t c)
{
    double v = c * (1 - INK_INVERT) + (255 - c) * INK_INVERT;
    return (uint8_t)lround(clampd(v, 0, 255));
}

/* 0xRRGGBBAA; in the dark theme through Excalidraw's dark-mode filter, invert(93%) then
 * hue-rotate(180deg): black ink turns light, light fills turn dark in the same hue, so a
 * label stays readable on its shape. */
static Color color_of(uint32_t rgba, bool invert)
{
    Color c = {(uint8_t)(rgba >> 24), (uint8_t)(rgba >> 16), (uint8_t)(rgba >> 8), (uint8_t)rgba};
    if (!invert)
        return c;
    double r = invert_channel(c.r), g = invert_channel(c.g), b = invert_channel(c.b);
    /* the CSS hue-rotate matrix at 180 degrees (rows sum to 1: greys stay grey) */
    c.r = (uint8_t)lround(clampd(-0.574 * r + 1.430 * g + 0.144 * b, 0, 255));
    c.g = (uint8_t)lround(clampd(0.426 * r + 0.430 * g + 0.144 * b, 0, 255));
    c.b = (uint8_t)lround(clampd(0.426 * r + 1.430 * g - 0.856 * b, 0, 255));
    return c;
}

/* ---- drawing ----------------------------------------------------------------------- */

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void only_prepare(BoardRenderer *r, const BoardIds *only)
{
    r->only_n = 0;
    if (!only)
        return;
    if (only->n > r->only_cap) {
        r->only_cap = only->n;
        r->only = xrealloc(r->only, r->only_cap * sizeof(*r->only));
    }
    if (only->n)
        memcpy(r->only, only->v, only->n * sizeof(*r->only));
    r->only_n = only->n;
    qsort(r->only, r->only_n, sizeof(*r->only), cmp_id);
}

static bool in_sorted(const int64_t *ids, size_t n, int64_t id)
{
    return id && n && bsearch(&id, ids, n, sizeof(*ids), cmp_id) != NULL;
}

static void draw_mesh(DrawList *dl, const BoardMesh *m, float ox, float oy, float scale, Color c)
{
    if (c.a && m->nidx)
        draw_triangles(dl, m->xy, m->nverts, m->idx, m->nidx, ox, oy, scale, c);
}

/* One line of el's text as a NUL-terminated string in the renderer's scratch. */
static const char *line_copy(BoardRenderer *r, const char *s, size_t n)
{
    if (n + 1 > r->line_cap) {
        r->line_cap = n + 64;
        r->line = xrealloc(r->line, r->line_cap);
    }
    memcpy(r->line, s, n);
    r->line[n] = '\0';
    return r->line;
}

static void draw_text_element(BoardRenderer *r, DrawList *dl, const BoardElement *el, Rect area,
                              BoardView v, const BoardDrawOptions *o)
{
    double size = el->font_size * v.zoom;
    if (!el->text || !o->measure || size < TEXT_MIN_PX || size > TEXT_MAX_PX)
        return;
    Color c = color_of(el->style.stroke, o->invert_ink);
    double lh = size * TEXT_LINE, left = area.x + (el->x - v.x) * v.zoom;
    double top = area.y + (el->y - v.y) * v.zoom, centre = left + el->w * v.zoom / 2;
    const char *s = el->text;
    for (int k = 0; s; k++) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        double y = top + k * lh + (lh - size * TEXT_BOX) / 2;
        if (y > area.y + area.h)
            break;
        if (n && y + lh >= area.y) {
            const char *line = line_copy(r, s, n);
            double x = left, w = -1;
            /* Labels are centred; a line that may be too wide to rasterise (a long line
             * at a large size) is measured, and left out past TEXT_MAX_LINE_PX. */
            if (el->container || (double)n * size > TEXT_MAX_LINE_PX)
                w = o->measure(o->measure_user, FONT_UI, (float)size, line);
            if (el->container)
                x = centre - w / 2.0;
            if (w <= TEXT_MAX_LINE_PX)
                draw_text(dl, (float)x, (float)y, FONT_UI, (float)size, c, line);
        }
        s = nl ? nl + 1 : NULL;
    }
}

static void draw_element(BoardRenderer *r, DrawList *dl, const BoardElement *el, Rect area,
                         BoardView v, const BoardDrawOptions *o, int lod)
{
    if (el->kind == BOARD_TEXT) {
        draw_text_element(r, dl, el, area, v, o);
        return;
    }
    Entry *e = meshes_of(r, el, lod);
    e->used = r->frame;
    float ox = (float)(area.x + (el->x - v.x) * v.zoom);
    float oy = (float)(area.y + (el->y - v.y) * v.zoom);
    float z = (float)v.zoom;
    draw_mesh(dl, &e->fill, ox, oy, z, color_of(el->style.fill, o->invert_ink));
    draw_mesh(dl, &e->stroke, ox, oy, z, color_of(el->style.stroke, o->invert_ink));
}

static void draw_grid(DrawList *dl, Rect area, BoardView v, const BoardDrawOptions *o)
{
    double step = o->grid_step, px = step * v.zoom;
    if (!o->grid || !(step > 0) || !(px >= GRID_MIN_PX) || !o->grid_color.a)
        return;
    BoardRect vis = board_view_visible(v, area);
    for (double gx = ceil(vis.x0 / step) * step; gx <= vis.x1; gx += step) {
        float sx, sy;
        board_view_to_screen(v, area, gx, vis.y0, &sx, &sy);
        draw_rect(dl, (Rect){floorf(sx), area.y, 1, area.h}, o->grid_color);
    }
    for (double gy = ceil(vis.y0 / step) * step; gy <= vis.y1; gy += step) {
        float sx, sy;
        board_view_to_screen(v, area, vis.x0, gy, &sx, &sy);
        draw_rect(dl, (Rect){area.x, floorf(sy), area.w, 1}, o->grid_color);
    }
}

/* The level of detail for a zoom: log2 of a screen pixel in board units, rounded to the
 * nearest integer, so a mesh's detail is within a factor of 1.41 of the pixel it is drawn
 * at. (Rounding down instead keeps round joins on lines under a pixel wide and up to twice
 * the samples a stroke needs: a third more triangles in zoomed-out frames, for nothing
 * the eye can see.) */
static int lod_of(double zoom)
{
    int lod = (int)lround(log2(1.0 / zoom));
    return lod < LOD_MIN ? LOD_MIN : (lod > LOD_MAX ? LOD_MAX : lod);
}

void board_renderer_draw(BoardRenderer *r, DrawList *dl, const Board *b, Rect area, BoardView v,
                         const BoardDrawOptions *o)
{
    if (!(v.zoom > 0) || !isfinite(v.zoom) || !isfinite(v.x) || !isfinite(v.y))
        v = (BoardView){isfinite(v.x) ? v.x : 0, isfinite(v.y) ? v.y : 0, 1};
    if (r->board != b) {
        board_renderer_reset(r);
        r->board = b;
        r->swept_at = board_commit_count(b);
    }
    r->frame++;
    draw_clip(dl, area);
    if (o->background.a)
        draw_rect(dl, area, o->background);
    draw_grid(dl, area, v, o);
    only_prepare(r, o->only);
    int lod = lod_of(v.zoom);
    board_visible(b, board_view_visible(v, area), &r->refs);
    for (size_t i = 0; i < r->refs.n; i++) {
        const BoardElement *el = r->refs.v[i];
        if (o->only && !in_sorted(r->only, r->only_n, el->id) &&
            !in_sorted(r->only, r->only_n, el->container))
            continue;
        draw_element(r, dl, el, area, v, o, lod);
    }
    const BoardElement *p = o->only ? NULL : board_stroke_pending(b);
    if (p && p->npoints) {
        BoardFreehandOptions fo = board_freehand_options(p->style.width, false);
        board_mesh_clear(&r->pending);
        board_freehand_mesh(p->points, p->npoints, &fo, (float)(1.0 / v.zoom), &r->pending);
        draw_mesh(dl, &r->pending, (float)(area.x + (p->x - v.x) * v.zoom),
                  (float)(area.y + (p->y - v.y) * v.zoom), (float)v.zoom,
                  color_of(p->style.stroke, o->invert_ink));
    }
    draw_unclip(dl);
    sweep(r, b);
}

/* ---- export ------------------------------------------------------------------------ */

Err board_view_export_frame(const Board *b, const BoardExportOptions *o, int *w, int *h,
                            BoardView *v, char *err, size_t err_cap)
{
    if (!(o->scale >= BOARD_ZOOM_MIN && o->scale <= BOARD_ZOOM_MAX)) {
        snprintf(err, err_cap, "the scale must be from %g to %g", BOARD_ZOOM_MIN, BOARD_ZOOM_MAX);
        return ERR_PARSE;
    }
    if (!(o->margin >= 0 && o->margin <= BOARD_COORD_MAX)) {
        snprintf(err, err_cap, "the margin must be from 0 to %g", BOARD_COORD_MAX);
        return ERR_PARSE;
    }
    int64_t *ids = NULL;
    size_t n = o->only ? o->only->n : 0;
    if (n) {
        ids = xmalloc(n * sizeof(*ids));
        memcpy(ids, o->only->v, n * sizeof(*ids));
        qsort(ids, n, sizeof(*ids), cmp_id);
    }
    BoardRect r = {0, 0, 0, 0};
    bool any = false;
    for (size_t i = 0; i < board_count(b); i++) {
        const BoardElement *el = board_at(b, i);
        if (o->only && !in_sorted(ids, n, el->id) && !in_sorted(ids, n, el->container))
            continue;
        BoardRect ink = board_geom_ink(el);
        r = any ? board_rect_union(r, ink) : ink;
        any = true;
    }
    free(ids);
    r = (BoardRect){r.x0 - o->margin, r.y0 - o->margin, r.x1 + o->margin, r.y1 + o->margin};
    double pw = ceil((r.x1 - r.x0) * o->scale), ph = ceil((r.y1 - r.y0) * o->scale);
    if (pw < 1)
        pw = 1;
    if (ph < 1)
        ph = 1;
    if (pw > BOARD_EXPORT_MAX_SIDE || ph > BOARD_EXPORT_MAX_SIDE ||
        pw * ph > BOARD_EXPORT_MAX_PIXELS) {
        snprintf(err, err_cap,
                 "the image would be %.0f x %.0f pixels, over the limit of %d a side and %d "
                 "million in all; export at a smaller scale or a selection",
                 pw, ph, BOARD_EXPORT_MAX_SIDE, BOARD_EXPORT_MAX_PIXELS / 1000000);
        return ERR_TOO_BIG;
    }
    *w = (int)pw;
    *h = (int)ph;
    *v = (BoardView){r.x0, r.y0, o->scale};
    return ERR_OK;
}

Err board_view_export(const Board *b, const BoardExportOptions *o, DrawList *dl, int *w, int *h,
                      char *err, size_t err_cap)
{
    BoardView v;
    Err e = board_view_export_frame(b, o, w, h, &v, err, err_cap);
    if (e)
        return e;
    draw_clear(dl);
    BoardRenderer *r = board_renderer_new();
    BoardDrawOptions d = {.background = o->background,
                          .only = o->only,
                          .measure = o->measure,
                          .measure_user = o->measure_user};
    board_renderer_draw(r, dl, b, (Rect){0, 0, (float)*w, (float)*h}, v, &d);
    board_renderer_free(r);
    return ERR_OK;
}
