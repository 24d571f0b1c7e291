/*
 * excalidraw.c: .excalidraw export and import (excalidraw.h) with cJSON.
 *
 * Export writes every field Excalidraw's restore expects (base fields, fractional
 * indices, bindings in both the v2 {elementId, mode, fixedPoint} and the legacy
 * {focus, gap} forms, boundElements on shapes). Linear elements are written with their
 * points relative to the top-left of their extent, as the model keeps them, so numbers
 * come back bit for bit; Excalidraw normalises them on load.
 *
 * Import builds every element first, then resolves references (ids are strings in the
 * file) and computes each bound arrow end's fixed point from where the end actually is,
 * so nothing moves on import.
 */
#define _POSIX_C_SOURCE 200809L /* fileno */

#include "io/excalidraw.h"

#include "core/board_geom.h"
#include "core/utf8.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- export ------------------------------------------------------------------------ */

static const char DIGITS[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* The i-th key of Excalidraw's fractional indices (the fractional-indexing library):
 * integers "a0".."az", then "b00".."bzz", "c000"... sort as the elements do. */
static void fractional_index(size_t i, char out[16])
{
    size_t digits = 1, span = 62;
    while (i >= span && digits < 12) {
        i -= span;
        digits++;
        span *= 62;
    }
    out[0] = (char)('a' + digits - 1);
    for (size_t k = digits; k > 0; k--, i /= 62)
        out[k] = DIGITS[i % 62];
    out[digits + 1] = '\0';
}

/* A number as the shortest text that reads back as the same double (cJSON's own printer
 * settles for 15 digits when they come within an epsilon). */
static cJSON *exact(double v)
{
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof(buf), "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return cJSON_CreateRaw(buf);
}

/* A float: nine significant digits always read back as the same float. */
static cJSON *exact_float(float v)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "%.9g", v);
    return cJSON_CreateRaw(buf);
}

static void add_exact(cJSON *o, const char *key, double v)
{
    cJSON_AddItemToObject(o, key, exact(v));
}

static cJSON *float_pair(float a, float b)
{
    cJSON *arr = cJSON_CreateArray();
    cJSON_AddItemToArray(arr, exact_float(a));
    cJSON_AddItemToArray(arr, exact_float(b));
    return arr;
}

static void colour_text(uint32_t rgba, char out[12])
{
    if ((rgba & 0xff) == 0xff)
        snprintf(out, 12, "#%06x", rgba >> 8);
    else
        snprintf(out, 12, "#%08x", rgba);
}

static void element_id(int64_t id, char out[24])
{
    snprintf(out, 24, "el%lld", (long long)id);
}

static const char *type_of(const BoardElement *el)
{
    switch (el->kind) {
    case BOARD_DIAMOND:
        return "diamond";
    case BOARD_ELLIPSE:
        return "ellipse";
    case BOARD_STENCIL:
        switch (board_outline_of(el)) {
        case BOARD_OUTLINE_ELLIPSE:
            return "ellipse";
        case BOARD_OUTLINE_DIAMOND:
            return "diamond";
        default:
            return "rectangle";
        }
    case BOARD_TEXT:
        return "text";
    case BOARD_LINE:
        return "line";
    case BOARD_ARROW:
        return "arrow";
    case BOARD_FREEHAND:
        return "freedraw";
    default:
        return "rectangle";
    }
}

/* What refers to a shape: (shape, referrer) pairs sorted by shape, for boundElements. */
typedef struct Ref {
    int64_t shape, other;
    bool text;
} Ref;

static int ref_cmp(const void *a, const void *b)
{
    const Ref *x = a, *y = b;
    if (x->shape != y->shape)
        return x->shape < y->shape ? -1 : 1;
    return x->other < y->other ? -1 : (x->other > y->other);
}

static Ref *collect_refs(const Board *b, size_t *n)
{
    Ref *refs = xmalloc((board_count(b) * 2 + 1) * sizeof(*refs));
    *n = 0;
    for (size_t i = 0; i < board_count(b); i++) {
        const BoardElement *el = board_at(b, i);
        if (el->container)
            refs[(*n)++] = (Ref){el->container, el->id, true};
        if (el->start.id)
            refs[(*n)++] = (Ref){el->start.id, el->id, false};
        if (el->end.id && el->end.id != el->start.id)
            refs[(*n)++] = (Ref){el->end.id, el->id, false};
    }
    qsort(refs, *n, sizeof(*refs), ref_cmp);
    return refs;
}

static cJSON *bound_elements(const Ref *refs, size_t n, int64_t shape)
{
    cJSON *arr = cJSON_CreateArray();
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (refs[mid].shape < shape)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && refs[i].shape == shape; i++) {
        char id[24];
        element_id(refs[i].other, id);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", id);
        cJSON_AddStringToObject(o, "type", refs[i].text ? "text" : "arrow");
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static void add_base(cJSON *o, const BoardElement *el, size_t index, const Ref *refs, size_t nrefs)
{
    char buf[24], key[16];
    element_id(el->id, buf);
    cJSON_AddStringToObject(o, "id", buf);
    cJSON_AddStringToObject(o, "type", type_of(el));
    add_exact(o, "x", el->x);
    add_exact(o, "y", el->y);
    add_exact(o, "width", el->w);
    add_exact(o, "height", el->h);
    cJSON_AddNumberToObject(o, "angle", 0);
    colour_text(el->style.stroke, buf);
    cJSON_AddStringToObject(o, "strokeColor", buf);
    if (el->style.fill & 0xff)
        colour_text(el->style.fill, buf);
    cJSON_AddStringToObject(o, "backgroundColor", el->style.fill & 0xff ? buf : "transparent");
    cJSON_AddStringToObject(o, "fillStyle", "solid");
    cJSON_AddItemToObject(o, "strokeWidth", exact_float(el->style.width));
    cJSON_AddStringToObject(o, "strokeStyle", el->style.dashed ? "dashed" : "solid");
    cJSON_AddNumberToObject(o, "roughness", 0);
    cJSON_AddNumberToObject(o, "opacity", 100);
    cJSON *groups = cJSON_AddArrayToObject(o, "groupIds");
    for (uint8_t g = 0; g < el->ngroups; g++) {
        snprintf(buf, sizeof(buf), "g%lld", (long long)el->groups[g]);
        cJSON_AddItemToArray(groups, cJSON_CreateString(buf));
    }
    cJSON_AddNullToObject(o, "frameId");
    fractional_index(index, key);
    cJSON_AddStringToObject(o, "index", key);
    bool round = el->style.rounded ||
                 (el->kind == BOARD_STENCIL && (board_outline_of(el) == BOARD_OUTLINE_ROUNDED ||
                                                board_outline_of(el) == BOARD_OUTLINE_CYLINDER));
    if (round && board_kind_is_box(el->kind))
        cJSON_AddItemToObject(o, "roundness", cJSON_CreateRaw("{\"type\":3}"));
    else
        cJSON_AddNullToObject(o, "roundness");
    cJSON_AddNumberToObject(o, "seed", (double)((uint64_t)el->id * 2654435761u % 2147483647u));
    cJSON_AddNumberToObject(o, "version", 1);
    cJSON_AddNumberToObject(o, "versionNonce", (double)((uint64_t)el->id * 40503u % 2147483647u));
    cJSON_AddFalseToObject(o, "isDeleted");
    cJSON_AddItemToObject(o, "boundElements", bound_elements(refs, nrefs, el->id));
    cJSON_AddNumberToObject(o, "updated", 1);
    cJSON_AddNullToObject(o, "link");
    cJSON_AddFalseToObject(o, "locked");
}

static void add_points(cJSON *o, const BoardElement *el)
{
    cJSON *pts = cJSON_AddArrayToObject(o, "points");
    for (uint32_t i = 0; i < el->npoints; i++)
        cJSON_AddItemToArray(pts, float_pair(el->points[i].x, el->points[i].y));
    cJSON_AddNullToObject(o, "lastCommittedPoint");
}

static cJSON *binding_json(const Board *b, const BoardElement *arrow, int end)
{
    BoardBinding bd = end ? arrow->end : arrow->start;
    if (!bd.id || !board_get(b, bd.id))
        return cJSON_CreateNull();
    char id[24];
    element_id(bd.id, id);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "elementId", id);
    cJSON_AddItemToObject(o, "fixedPoint", float_pair(bd.fx, bd.fy));
    cJSON_AddStringToObject(o, "mode", "orbit");
    cJSON_AddNumberToObject(o, "focus", 0); /* for Excalidraw before binding mode */
    cJSON_AddNumberToObject(o, "gap", 1);
    return o;
}

static void add_kind_fields(cJSON *o, const Board *b, const BoardElement *el)
{
    switch (el->kind) {
    case BOARD_TEXT: {
        cJSON_AddStringToObject(o, "text", el->text);
        cJSON_AddStringToObject(o, "originalText", el->text);
        cJSON_AddItemToObject(o, "fontSize", exact_float(el->font_size));
        cJSON_AddNumberToObject(o, "fontFamily", 2);
        cJSON_AddStringToObject(o, "textAlign", el->container ? "center" : "left");
        cJSON_AddStringToObject(o, "verticalAlign", el->container ? "middle" : "top");
        char id[24];
        element_id(el->container, id);
        if (el->container)
            cJSON_AddStringToObject(o, "containerId", id);
        else
            cJSON_AddNullToObject(o, "containerId");
        cJSON_AddTrueToObject(o, "autoResize");
        cJSON_AddNumberToObject(o, "lineHeight", 1.25);
        break;
    }
    case BOARD_FREEHAND:
        add_points(o, el);
        cJSON_AddArrayToObject(o, "pressures");
        cJSON_AddTrueToObject(o, "simulatePressure");
        break;
    case BOARD_LINE:
    case BOARD_ARROW:
        add_points(o, el);
        cJSON_AddItemToObject(o, "startBinding", binding_json(b, el, 0));
        cJSON_AddItemToObject(o, "endBinding", binding_json(b, el, 1));
        if (el->heads & BOARD_HEAD_START)
            cJSON_AddStringToObject(o, "startArrowhead", "arrow");
        else
            cJSON_AddNullToObject(o, "startArrowhead");
        if (el->heads & BOARD_HEAD_END)
            cJSON_AddStringToObject(o, "endArrowhead", "arrow");
        else
            cJSON_AddNullToObject(o, "endArrowhead");
        if (el->kind == BOARD_ARROW)
            cJSON_AddFalseToObject(o, "elbowed");
        else
            cJSON_AddFalseToObject(o, "polygon");
        break;
    default:
        break;
    }
    if (el->kind == BOARD_STENCIL) {
        cJSON *custom = cJSON_AddObjectToObject(o, "customData");
        cJSON *ours = cJSON_AddObjectToObject(custom, "archdrill");
        cJSON_AddStringToObject(ours, "stencil", board_stencil_info(el->stencil)->key);
        cJSON_AddBoolToObject(ours, "rounded", el->style.rounded);
    }
}

char *excalidraw_export(const Board *b)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "type", "excalidraw");
    cJSON_AddNumberToObject(doc, "version", 2);
    cJSON_AddStringToObject(doc, "source", "archdrill");
    cJSON *els = cJSON_AddArrayToObject(doc, "elements");
    size_t nrefs;
    Ref *refs = collect_refs(b, &nrefs);
    for (size_t i = 0; i < board_count(b); i++) {
        const BoardElement *el = board_at(b, i);
        cJSON *o = cJSON_CreateObject();
        add_base(o, el, i, refs, nrefs);
        add_kind_fields(o, b, el);
        cJSON_AddItemToArray(els, o);
    }
    free(refs);
    cJSON *app = cJSON_AddObjectToObject(doc, "appState");
    cJSON_AddNumberToObject(app, "gridSize", 20);
    cJSON_AddNumberToObject(app, "gridStep", 5);
    cJSON_AddFalseToObject(app, "gridModeEnabled");
    cJSON_AddStringToObject(app, "viewBackgroundColor", "#ffffff");
    cJSON_AddObjectToObject(doc, "files");
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!text)
        abort(); /* cJSON fails only when out of memory */
    char *out = xstrdup(text);
    cJSON_free(text);
    return out;
}

/* ---- import: limits before parsing ------------------------------------------------- */

static Err fail_at(ErrInfo *err, Err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static Err fail_at(ErrInfo *err, Err code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return code;
}

static void line_col(const char *s, size_t at, ErrInfo *err)
{
    err->line = 1;
    err->col = 1;
    for (size_t i = 0; i < at; i++) {
        if (s[i] == '\n')
            err->line++, err->col = 1;
        else
            err->col++;
    }
}

/* Counts nesting and values outside strings, so cJSON never sees a file that would
 * recurse deep or allocate millions of nodes. */
static Err prescan(const char *s, size_t len, ErrInfo *err)
{
    size_t depth = 0, values = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            values++;
        } else if (c == '[' || c == '{') {
            values++;
            if (++depth > EXCALIDRAW_MAX_DEPTH) {
                line_col(s, i, err);
                return fail_at(err, ERR_TOO_BIG, "nested more than %d levels deep",
                               EXCALIDRAW_MAX_DEPTH);
            }
        } else if (c == ']' || c == '}') {
            depth -= depth > 0;
        } else if (c == ',') {
            values++;
        }
        if (values > EXCALIDRAW_MAX_VALUES)
            return fail_at(err, ERR_TOO_BIG, "more than %d JSON values", EXCALIDRAW_MAX_VALUES);
    }
    return ERR_OK;
}

/* ---- import: a string map ---------------------------------------------------------- */

typedef struct StrMap {
    const char **keys; /* borrowed from the cJSON tree */
    int64_t *vals;
    size_t cap, used;
} StrMap;

static size_t str_hash(const char *s, size_t cap)
{
    return (size_t)hash_fnv1a64(s, strlen(s)) & (cap - 1);
}

static bool strmap_get(const StrMap *m, const char *key, int64_t *val)
{
    if (!m->cap || !key)
        return false;
    for (size_t i = str_hash(key, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
        if (strcmp(m->keys[i], key) == 0) {
            *val = m->vals[i];
            return true;
        }
    return false;
}

static void strmap_put(StrMap *m, const char *key, int64_t val)
{
    if ((m->used + 1) * 2 > m->cap) {
        StrMap bigger = {xcalloc(m->cap ? m->cap * 2 : 64, sizeof(char *)), NULL,
                         m->cap ? m->cap * 2 : 64, 0};
        bigger.vals = xcalloc(bigger.cap, sizeof(int64_t));
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                strmap_put(&bigger, m->keys[i], m->vals[i]);
        free(m->keys);
        free(m->vals);
        *m = bigger;
    }
    size_t i = str_hash(key, m->cap);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0)
            return; /* the first one wins */
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->used++;
}

static void strmap_free(StrMap *m)
{
    free(m->keys);
    free(m->vals);
}

/* ---- import: elements -------------------------------------------------------------- */

typedef struct Pending {
    const cJSON *node;
    BoardElement el;
    const char *start_ref, *end_ref, *container_ref; /* ids in the file, borrowed */
} Pending;

typedef struct Importer {
    ErrInfo *err;
    ExcalidrawReport *rep;
    size_t index; /* of the element being read, for messages */
    StrMap ids, groups;
    int64_t next_group;
    Pending *v;
    size_t n;
    size_t rotated, deep_groups, bad_colours, truncated;
    char skipped_names[8][24];
    size_t skipped_counts[8];
} Importer;

static bool bad(Importer *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool bad(Importer *im, const char *fmt, ...)
{
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(im->err->msg, sizeof(im->err->msg), "elements[%zu]: %s", im->index, what);
    return false;
}

static const cJSON *field(const cJSON *o, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNull(it) ? NULL : it;
}

/* A number field in [lo, hi]; absent or null gives `fallback`. */
static bool number(Importer *im, const cJSON *o, const char *key, double lo, double hi,
                   double fallback, double *out)
{
    const cJSON *it = field(o, key);
    if (!it) {
        *out = fallback;
        return true;
    }
    if (!cJSON_IsNumber(it))
        return bad(im, "%s is not a number", key);
    double v = it->valuedouble;
    if (!isfinite(v) || v < lo || v > hi)
        return bad(im, "%s = %g is out of range [%g, %g]", key, v, lo, hi);
    *out = v;
    return true;
}

static const char *string(const cJSON *o, const char *key)
{
    const cJSON *it = field(o, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "#rgb", "#rrggbb", "#rrggbbaa", "transparent" or a few names; false if unknown. */
static bool parse_colour(const char *s, uint32_t *out)
{
    static const struct {
        const char *name;
        uint32_t rgba;
    } NAMES[] = {{"transparent", 0},    {"black", 0x000000ff}, {"white", 0xffffffff},
                 {"red", 0xff0000ff},   {"green", 0x008000ff}, {"blue", 0x0000ffff},
                 {"gray", 0x808080ff},  {"grey", 0x808080ff},  {"yellow", 0xffff00ff},
                 {"orange", 0xffa500ff}};
    for (size_t i = 0; i < ARRAY_LEN(NAMES); i++)
        if (strcmp(s, NAMES[i].name) == 0) {
            *out = NAMES[i].rgba;
            return true;
        }
    size_t len = strlen(s);
    if (s[0] != '#' || (len != 4 && len != 7 && len != 9))
        return false;
    uint32_t v = 0;
    for (size_t i = 1; i < len; i++) {
        int d = hexval(s[i]);
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
        if (len == 4)
            v = v << 4 | (uint32_t)d; /* #abc is #aabbcc */
    }
    *out = len == 9 ? v : v << 8 | 0xff;
    return true;
}

static uint32_t colour(Importer *im, const cJSON *o, const char *key, uint32_t fallback)
{
    const char *s = string(o, key);
    uint32_t v;
    if (!s)
        return fallback;
    if (parse_colour(s, &v))
        return v;
    im->bad_colours++;
    return fallback;
}

static uint32_t with_opacity(uint32_t rgba, double opacity)
{
    uint32_t a = (uint32_t)lround((rgba & 0xff) * opacity / 100);
    return (rgba & 0xffffff00) | a;
}

static bool read_style(Importer *im, const cJSON *o, BoardElement *el)
{
    double width, opacity;
    if (!number(im, o, "strokeWidth", 0, 100, 2, &width) ||
        !number(im, o, "opacity", 0, 100, 100, &opacity))
        return false;
    el->style.width = width > 0 ? (float)width : 2;
    el->style.stroke = with_opacity(colour(im, o, "strokeColor", 0x1e1e1eff), opacity);
    el->style.fill = with_opacity(colour(im, o, "backgroundColor", 0), opacity);
    const char *dash = string(o, "strokeStyle");
    el->style.dashed = dash && (strcmp(dash, "dashed") == 0 || strcmp(dash, "dotted") == 0);
    el->style.rounded = cJSON_IsObject(field(o, "roundness"));
    return true;
}

static bool read_groups(Importer *im, const cJSON *o, BoardElement *el)
{
    const cJSON *groups = field(o, "groupIds");
    if (!groups)
        return true;
    if (!cJSON_IsArray(groups))
        return bad(im, "groupIds is not an array");
    const cJSON *g;
    cJSON_ArrayForEach(g, groups)
    {
        if (!cJSON_IsString(g))
            return bad(im, "groupIds holds a non-string");
        if (el->ngroups == BOARD_MAX_GROUPS) {
            im->deep_groups++;
            break; /* innermost first: the outer ones go */
        }
        int64_t id;
        if (!strmap_get(&im->groups, g->valuestring, &id))
            strmap_put(&im->groups, g->valuestring, id = ++im->next_group);
        el->groups[el->ngroups++] = id;
    }
    return true;
}

/* Absolute points of a linear element (rotated by its angle about its centre, since the
 * board has no rotation), stored relative to (el->x, el->y). */
static bool read_points(Importer *im, const cJSON *o, BoardElement *el, double angle)
{
    const cJSON *pts = field(o, "points");
    int n = cJSON_IsArray(pts) ? cJSON_GetArraySize(pts) : 0;
    if (pts && !cJSON_IsArray(pts))
        return bad(im, "points is not an array");
    if (n > BOARD_MAX_POINTS)
        return bad(im, "%d points (at most %d)", n, BOARD_MAX_POINTS);
    bool fallback = n < 2 && el->kind != BOARD_FREEHAND;
    el->npoints = fallback ? 2 : (uint32_t)(n ? n : 1);
    el->points = xcalloc(el->npoints, sizeof(BoardPoint));
    if (fallback) /* Excalidraw's own fallback: a segment across the box */
        el->points[1] = (BoardPoint){(float)el->w, (float)el->h};
    int i = 0;
    const cJSON *p, *list = fallback ? NULL : pts;
    cJSON_ArrayForEach(p, list)
    {
        const cJSON *x = cJSON_GetArrayItem(p, 0), *y = cJSON_GetArrayItem(p, 1);
        if (!cJSON_IsArray(p) || !cJSON_IsNumber(x) || !cJSON_IsNumber(y))
            return bad(im, "points[%d] is not a pair of numbers", i);
        if (!isfinite(x->valuedouble) || !isfinite(y->valuedouble) ||
            fabs(x->valuedouble) > BOARD_COORD_MAX || fabs(y->valuedouble) > BOARD_COORD_MAX)
            return bad(im, "points[%d] is out of range", i);
        el->points[i++] = (BoardPoint){(float)x->valuedouble, (float)y->valuedouble};
    }
    if (angle != 0) {
        float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
        for (uint32_t k = 0; k < el->npoints; k++) {
            x0 = fminf(x0, el->points[k].x), y0 = fminf(y0, el->points[k].y);
            x1 = fmaxf(x1, el->points[k].x), y1 = fmaxf(y1, el->points[k].y);
        }
        double cx = (x0 + x1) / 2.0, cy = (y0 + y1) / 2.0, c = cos(angle), s = sin(angle);
        for (uint32_t k = 0; k < el->npoints; k++) {
            double dx = el->points[k].x - cx, dy = el->points[k].y - cy;
            el->points[k] =
                (BoardPoint){(float)(cx + dx * c - dy * s), (float)(cy + dx * s + dy * c)};
        }
    }
    return true;
}

static bool read_text(Importer *im, const cJSON *o, Pending *p)
{
    /* Bound text keeps its source in originalText; text is it wrapped to the shape. */
    p->container_ref = string(o, "containerId");
    const char *text = p->container_ref ? string(o, "originalText") : NULL;
    if (!text)
        text = string(o, "text");
    if (!text)
        text = string(o, "originalText");
    if (!text)
        text = "";
    size_t len = strlen(text);
    if (len > BOARD_MAX_TEXT) {
        len = BOARD_MAX_TEXT;
        im->truncated++;
    }
    /* Keep valid UTF-8 only: the renderer and the database expect it. */
    Buf clean = {0};
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(text + i, len - i, &cp);
        if (n == 0) {
            buf_puts(&clean, "\xef\xbf\xbd"); /* U+FFFD */
            i++;
        } else {
            buf_append(&clean, text + i, n);
            i += n;
        }
    }
    p->el.text = buf_take(&clean);
    double size;
    if (!number(im, o, "fontSize", 0, 1000, 20, &size))
        return false;
    p->el.font_size = size > 0 ? (float)size : 20;
    return true;
}

static const char *binding_ref(const cJSON *o, const char *key)
{
    const cJSON *bd = field(o, key);
    return cJSON_IsObject(bd) ? string(bd, "elementId") : NULL;
}

/* The board kind of an Excalidraw type; false for types the board does not have. */
static bool kind_of(const char *type, BoardKind *kind)
{
    static const struct {
        const char *type;
        BoardKind kind;
    } KINDS[] = {{"rectangle", BOARD_RECT},   {"diamond", BOARD_DIAMOND},
                 {"ellipse", BOARD_ELLIPSE},  {"text", BOARD_TEXT},
                 {"line", BOARD_LINE},        {"arrow", BOARD_ARROW},
                 {"freedraw", BOARD_FREEHAND}};
    for (size_t i = 0; i < ARRAY_LEN(KINDS); i++)
        if (strcmp(type, KINDS[i].type) == 0) {
            *kind = KINDS[i].kind;
            return true;
        }
    return false;
}

static void read_stencil(const cJSON *o, BoardElement *el)
{
    const cJSON *ours = field(field(o, "customData"), "archdrill");
    const char *key = cJSON_IsObject(ours) ? string(ours, "stencil") : NULL;
    BoardStencil st;
    if (!key || !board_kind_is_box(el->kind) || !board_stencil_parse(key, &st))
        return;
    el->kind = BOARD_STENCIL;
    el->stencil = st;
    el->style.rounded = cJSON_IsTrue(field(ours, "rounded"));
}

static bool read_element(Importer *im, const cJSON *o, Pending *p)
{
    BoardElement *el = &p->el;
    double angle;
    if (!number(im, o, "x", -BOARD_COORD_MAX, BOARD_COORD_MAX, 0, &el->x) ||
        !number(im, o, "y", -BOARD_COORD_MAX, BOARD_COORD_MAX, 0, &el->y) ||
        !number(im, o, "width", -BOARD_COORD_MAX, BOARD_COORD_MAX, 0, &el->w) ||
        !number(im, o, "height", -BOARD_COORD_MAX, BOARD_COORD_MAX, 0, &el->h) ||
        !number(im, o, "angle", -1e6, 1e6, 0, &angle) || !read_style(im, o, el) ||
        !read_groups(im, o, el))
        return false;
    angle = fmod(angle, 2 * 3.14159265358979323846);
    if (fabs(angle) < 1e-9)
        angle = 0;
    if (board_kind_is_linear(el->kind)) {
        if (!read_points(im, o, el, angle))
            return false;
        angle = 0;
    }
    if (angle != 0)
        im->rotated++;
    read_stencil(o, el);
    if (el->kind == BOARD_TEXT && !read_text(im, o, p))
        return false;
    if (el->kind == BOARD_LINE || el->kind == BOARD_ARROW) {
        const char *h0 = string(o, "startArrowhead"), *h1 = string(o, "endArrowhead");
        /* Excalidraw draws an arrow's end head unless it is explicitly null. */
        bool end_default = el->kind == BOARD_ARROW && !cJSON_GetObjectItem(o, "endArrowhead");
        el->heads =
            (uint8_t)((h0 ? BOARD_HEAD_START : 0) | (h1 || end_default ? BOARD_HEAD_END : 0));
        if (el->kind == BOARD_ARROW) {
            p->start_ref = binding_ref(o, "startBinding");
            p->end_ref = binding_ref(o, "endBinding");
        }
    }
    return true;
}

static void note_skipped(Importer *im, const char *type)
{
    size_t k = 0;
    while (k < 7 && im->skipped_counts[k] && strcmp(im->skipped_names[k], type) != 0)
        k++;
    if (!im->skipped_counts[k])
        snprintf(im->skipped_names[k], sizeof(im->skipped_names[k]), "%s", k == 7 ? "other" : type);
    im->skipped_counts[k]++;
    im->rep->skipped++;
}

/* Pass 1: reads each element that is not deleted and of a kind the board has. */
static Err read_elements(Importer *im, const cJSON *elements)
{
    int count = cJSON_GetArraySize(elements);
    if (count > EXCALIDRAW_MAX_ELEMENTS)
        return fail_at(im->err, ERR_TOO_BIG, "%d elements (at most %d)", count,
                       EXCALIDRAW_MAX_ELEMENTS);
    im->v = xcalloc((size_t)count + 1, sizeof(*im->v));
    const cJSON *o;
    im->index = 0;
    cJSON_ArrayForEach(o, elements)
    {
        const char *type = string(o, "type");
        BoardKind kind;
        if (!cJSON_IsObject(o) || !type) {
            bad(im, "not an element (an object with a type)");
            return ERR_PARSE;
        }
        if (cJSON_IsTrue(field(o, "isDeleted"))) {
            im->rep->deleted++;
        } else if (!kind_of(type, &kind)) {
            note_skipped(im, type);
        } else {
            Pending *p = &im->v[im->n];
            p->node = o;
            p->el.kind = kind;
            p->el.id = (int64_t)im->n + 1;
            p->el.z = (int64_t)im->n;
            const char *id = string(o, "id");
            if (id)
                strmap_put(&im->ids, id, p->el.id);
            im->n++;
            if (!read_element(im, o, p))
                return ERR_PARSE;
        }
        im->index++;
    }
    return ERR_OK;
}

static int64_t resolve(const Importer *im, const char *ref)
{
    int64_t id = 0;
    return ref && strmap_get(&im->ids, ref, &id) ? id : 0;
}

/* Pass 2: ids in the file become element ids; each bound end gets the fixed point of
 * where it is. */
/* Text a shape lists in its boundElements but that lacks a containerId is its label
 * (as Excalidraw's restore repairs it). */
static void adopt_listed_text(Importer *im)
{
    for (size_t i = 0; i < im->n; i++) {
        const char *shape_id = string(im->v[i].node, "id");
        const cJSON *be = field(im->v[i].node, "boundElements"), *ref;
        if (!shape_id || !board_kind_is_box(im->v[i].el.kind) || !cJSON_IsArray(be))
            continue;
        cJSON_ArrayForEach(ref, be)
        {
            const char *type = cJSON_IsObject(ref) ? string(ref, "type") : NULL;
            int64_t text = resolve(im, cJSON_IsObject(ref) ? string(ref, "id") : NULL);
            if (type && strcmp(type, "text") == 0 && text &&
                im->v[text - 1].el.kind == BOARD_TEXT && !im->v[text - 1].container_ref)
                im->v[text - 1].container_ref = shape_id;
        }
    }
}

static void resolve_refs(Importer *im)
{
    adopt_listed_text(im);
    for (size_t i = 0; i < im->n; i++) {
        Pending *p = &im->v[i];
        p->el.container = resolve(im, p->container_ref);
        BoardBinding *ends[2] = {&p->el.start, &p->el.end};
        const char *refs[2] = {p->start_ref, p->end_ref};
        for (int e = 0; e < 2; e++) {
            int64_t target = resolve(im, refs[e]);
            if (!target || p->el.npoints < 2)
                continue;
            const BoardElement *shape = &im->v[target - 1].el;
            BoardPoint pt = p->el.points[e ? p->el.npoints - 1 : 0];
            ends[e]->id = target;
            double w = shape->w, h = shape->h;
            double fx = w != 0 ? (p->el.x + pt.x - shape->x) / w : 0.5;
            double fy = h != 0 ? (p->el.y + pt.y - shape->y) / h : 0.5;
            ends[e]->fx = (float)fmax(-10, fmin(11, fx));
            ends[e]->fy = (float)fmax(-10, fmin(11, fy));
        }
    }
}

static void report(Importer *im, size_t repaired)
{
    Buf *b = &im->rep->notices;
    for (size_t k = 0; k < 8 && im->skipped_counts[k]; k++)
        buf_printf(b, "skipped %zu %s element%s: the board has no such kind\n",
                   im->skipped_counts[k], im->skipped_names[k],
                   im->skipped_counts[k] == 1 ? "" : "s");
    if (im->rotated)
        buf_printf(b, "%zu rotated shape%s imported without the rotation\n", im->rotated,
                   im->rotated == 1 ? "" : "s");
    if (im->deep_groups)
        buf_printf(b, "groups nested more than %d deep: the outer ones were dropped\n",
                   BOARD_MAX_GROUPS);
    if (im->bad_colours)
        buf_printf(b, "%zu unknown colour%s replaced by the default\n", im->bad_colours,
                   im->bad_colours == 1 ? "" : "s");
    if (im->truncated)
        buf_printf(b, "%zu text%s longer than %d bytes cut short\n", im->truncated,
                   im->truncated == 1 ? "" : "s", BOARD_MAX_TEXT);
    if (repaired)
        buf_printf(b, "%zu label%s or binding%s to elements that cannot hold them dropped\n",
                   repaired, repaired == 1 ? "" : "s", repaired == 1 ? "" : "s");
}

static Err check_document(const cJSON *doc, ErrInfo *err, const cJSON **elements)
{
    if (!cJSON_IsObject(doc))
        return fail_at(err, ERR_PARSE, "not an Excalidraw file (no top-level object)");
    const char *type = string(doc, "type");
    if (!type || (strcmp(type, "excalidraw") != 0 && strcmp(type, "excalidraw/clipboard") != 0))
        return fail_at(err, ERR_PARSE, "not an Excalidraw file (type is not \"excalidraw\")");
    const cJSON *version = field(doc, "version");
    if (version && (!cJSON_IsNumber(version) || version->valuedouble > 2))
        return fail_at(err, ERR_PARSE, "Excalidraw file version %g is newer than 2",
                       cJSON_IsNumber(version) ? version->valuedouble : NAN);
    *elements = field(doc, "elements");
    if (!cJSON_IsArray(*elements))
        return fail_at(err, ERR_PARSE, "no elements array");
    return ERR_OK;
}

Err excalidraw_import(const char *data, size_t len, Board **out, ExcalidrawReport *rep,
                      ErrInfo *err)
{
    *out = NULL;
    ExcalidrawReport local = {0};
    if (!rep)
        rep = &local;
    if (len > EXCALIDRAW_MAX_BYTES)
        return fail_at(err, ERR_TOO_BIG, "%.1f MB is over the %u MB limit", (double)len / 1048576.0,
                       EXCALIDRAW_MAX_BYTES >> 20);
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        data += 3, len -= 3; /* a byte order mark */
    Err e = prescan(data, len, err);
    if (e)
        return e;
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(data, len, &end, 0);
    if (!doc) {
        line_col(data, end && end >= data ? (size_t)(end - data) : 0, err);
        return fail_at(err, ERR_PARSE, "not valid JSON (line %d, column %d)", err->line, err->col);
    }
    const cJSON *elements = NULL;
    Importer im = {.err = err, .rep = rep};
    Board *b = NULL;
    e = check_document(doc, err, &elements);
    if (!e)
        e = read_elements(&im, elements);
    if (!e) {
        resolve_refs(&im);
        b = board_new();
        for (size_t i = 0; !e && i < im.n; i++)
            if (board_load_element(b, &im.v[i].el, err))
                e = ERR_PARSE;
    }
    if (!e) {
        report(&im, board_load_finish(b));
        rep->imported = board_count(b);
        *out = b;
    } else {
        board_free(b);
    }
    for (size_t i = 0; i < im.n; i++)
        board_element_clear(&im.v[i].el);
    free(im.v);
    strmap_free(&im.ids);
    strmap_free(&im.groups);
    cJSON_Delete(doc);
    excalidraw_report_free(&local);
    return e;
}

Err excalidraw_import_file(const char *path, Board **out, ExcalidrawReport *rep, ErrInfo *err)
{
    *out = NULL;
    snprintf(err->file, sizeof(err->file), "%s", path);
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        Err e = fail_at(err, ERR_IO, "cannot read: %s", f ? "not a regular file" : strerror(errno));
        if (f)
            fclose(f);
        return e;
    }
    if ((uint64_t)st.st_size > EXCALIDRAW_MAX_BYTES) {
        fclose(f);
        return fail_at(err, ERR_TOO_BIG, "%.1f MB is over the %u MB limit",
                       (double)st.st_size / 1048576.0, EXCALIDRAW_MAX_BYTES >> 20);
    }
    size_t size = (size_t)st.st_size;
    char *data = xmalloc(size + 1);
    size_t got = fread(data, 1, size, f);
    fclose(f);
    Err e = got == size ? excalidraw_import(data, size, out, rep, err)
                        : fail_at(err, ERR_IO, "cannot read: short read");
    free(data);
    return e;
}

void excalidraw_report_free(ExcalidrawReport *rep)
{
    buf_free(&rep->notices);
}
