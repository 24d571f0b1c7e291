/*
 * board_geom.c: bounds, hit predicates and outlines of single elements. Outlines are
 * convex polygons in local coordinates, so one point-in-polygon test serves every box
 * shape and the fill of any of them is a triangle fan.
 */
#include "core/board_geom.h"

#include <math.h>

#define PI             3.14159265358979323846
#define ARC_SAGITTA_PX 0.5 /* how far a chord of a round part may stray, in pixels */

/* ---- rectangles -------------------------------------------------------------------- */

bool board_rect_contains(BoardRect outer, BoardRect inner)
{
    return inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 &&
           inner.y1 <= outer.y1;
}

bool board_rect_meets(BoardRect a, BoardRect b)
{
    return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

BoardRect board_rect_union(BoardRect a, BoardRect b)
{
    return (BoardRect){fmin(a.x0, b.x0), fmin(a.y0, b.y0), fmax(a.x1, b.x1), fmax(a.y1, b.y1)};
}

static BoardRect grow(BoardRect r, double by)
{
    return (BoardRect){r.x0 - by, r.y0 - by, r.x1 + by, r.y1 + by};
}

BoardRect board_geom_bounds(const BoardElement *el)
{
    return (BoardRect){el->x, el->y, el->x + el->w, el->y + el->h};
}

BoardRect board_geom_ink(const BoardElement *el)
{
    double pad = el->style.width / 2 + 1;
    if (el->kind == BOARD_FREEHAND)
        pad = el->style.width * BOARD_FREEHAND_REACH + 1;
    else if (el->heads)
        pad += 14 + 4 * el->style.width; /* arrowheads reach past the ends */
    return grow(board_geom_bounds(el), pad);
}

/* ---- outlines ---------------------------------------------------------------------- */

static size_t put(BoardPoint *out, size_t n, size_t max, double x, double y)
{
    if (n < max)
        out[n] = (BoardPoint){(float)x, (float)y};
    return n + 1;
}

/* Points of the arc of the ellipse centred (cx, cy) with radii (rx, ry) from angle a0 to
 * a1 (radians, y down) in `steps` steps, both ends included. */
static size_t arc(BoardPoint *out, size_t n, size_t max, double cx, double cy, double rx, double ry,
                  double a0, double a1, int steps)
{
    for (int i = 0; i <= steps; i++) {
        double a = a0 + (a1 - a0) * i / steps;
        n = put(out, n, max, cx + rx * cos(a), cy + ry * sin(a));
    }
    return n;
}

static double rounded_radius(double w, double h)
{
    return fmin(fmin(w, h) * 0.25, 32);
}

static double drum_rim(double w, double h)
{
    return fmin(h * 0.15, w * 0.25);
}

/* Steps for an arc of `sweep` radians on an ellipse whose larger radius is r, at a pixel
 * of px board units: enough that no chord strays more than ARC_SAGITTA_PX pixels from the
 * curve (chords of a parametric ellipse stray at most r (1 - cos(step / 2))), at least
 * `least` and never more than `full`, the count at full detail (px <= 1). */
static int arc_steps(double r, double sweep, float px, int least, int full)
{
    if (!(px > 1) || !(r > 0))
        return full;
    double c = 1 - ARC_SAGITTA_PX * px / r;
    if (c <= -1)
        return least;
    double step = 2 * acos(c < 1 ? c : 1);
    int n = step > 0 ? (int)ceil(sweep / step) : full;
    return n < least ? least : (n > full ? full : n);
}

size_t board_geom_outline_lod(const BoardElement *el, float px, BoardPoint *out, size_t max)
{
    double w = el->w, h = el->h;
    size_t n = 0;
    switch (board_outline_of(el)) {
    case BOARD_OUTLINE_ROUNDED: {
        double r = rounded_radius(w, h);
        int k = arc_steps(r, PI / 2, px, 1, 6);
        n = arc(out, n, max, w - r, r, r, r, -PI / 2, 0, k);
        n = arc(out, n, max, w - r, h - r, r, r, 0, PI / 2, k);
        n = arc(out, n, max, r, h - r, r, r, PI / 2, PI, k);
        n = arc(out, n, max, r, r, r, r, PI, 1.5 * PI, k);
        break;
    }
    case BOARD_OUTLINE_ELLIPSE: {
        int k = arc_steps(fmax(w, h) / 2, 2 * PI, px, 8, 64);
        n = arc(out, n, max, w / 2, h / 2, w / 2, h / 2, 0, 2 * PI * (k - 1) / k, k - 1);
        break;
    }
    case BOARD_OUTLINE_DIAMOND:
        n = put(out, n, max, w / 2, 0);
        n = put(out, n, max, w, h / 2);
        n = put(out, n, max, w / 2, h);
        n = put(out, n, max, 0, h / 2);
        break;
    case BOARD_OUTLINE_HEXAGON: {
        double in = fmin(w * 0.2, h * 0.4);
        n = put(out, n, max, in, 0);
        n = put(out, n, max, w - in, 0);
        n = put(out, n, max, w, h / 2);
        n = put(out, n, max, w - in, h);
        n = put(out, n, max, in, h);
        n = put(out, n, max, 0, h / 2);
        break;
    }
    case BOARD_OUTLINE_CYLINDER: {
        double ry = drum_rim(w, h);
        int k = arc_steps(fmax(w / 2, ry), PI, px, 2, 16);
        n = arc(out, n, max, w / 2, ry, w / 2, ry, PI, 2 * PI, k);
        n = arc(out, n, max, w / 2, h - ry, w / 2, ry, 0, PI, k);
        break;
    }
    case BOARD_OUTLINE_BUCKET:
        n = put(out, n, max, 0, 0);
        n = put(out, n, max, w, 0);
        n = put(out, n, max, w * 0.85, h);
        n = put(out, n, max, w * 0.15, h);
        break;
    case BOARD_OUTLINE_RECT:
    case BOARD_OUTLINE_QUEUE:
        n = put(out, n, max, 0, 0);
        n = put(out, n, max, w, 0);
        n = put(out, n, max, w, h);
        n = put(out, n, max, 0, h);
        break;
    }
    return n < max ? n : max;
}

size_t board_geom_outline(const BoardElement *el, BoardPoint *out, size_t max)
{
    return board_geom_outline_lod(el, 0, out, max);
}

size_t board_geom_details_lod(const BoardElement *el, float px,
                              BoardPoint pts[BOARD_GEOM_DETAIL_MAX], size_t counts[4])
{
    if (!board_kind_is_box(el->kind))
        return 0;
    double w = el->w, h = el->h;
    switch (board_outline_of(el)) {
    case BOARD_OUTLINE_CYLINDER: {
        double ry = drum_rim(w, h);
        int k = arc_steps(fmax(w / 2, ry), PI, px, 2, 16);
        counts[0] = arc(pts, 0, BOARD_GEOM_DETAIL_MAX, w / 2, ry, w / 2, ry, 0, PI, k);
        return 1;
    }
    case BOARD_OUTLINE_QUEUE: {
        double step = fmin(h * 0.35, w / 5);
        for (int k = 0; k < 3; k++) {
            double x = w - step * (k + 1);
            pts[2 * k] = (BoardPoint){(float)x, 0};
            pts[2 * k + 1] = (BoardPoint){(float)x, (float)h};
            counts[k] = 2;
        }
        return 3;
    }
    default:
        return 0;
    }
}

size_t board_geom_details(const BoardElement *el, BoardPoint pts[BOARD_GEOM_DETAIL_MAX],
                          size_t counts[4])
{
    return board_geom_details_lod(el, 0, pts, counts);
}

/* ---- arrowheads -------------------------------------------------------------------- */

/* One head at points[tip], pointing away from the nearest distinct earlier point. */
static size_t head(const BoardElement *el, uint32_t tip, int step, BoardPoint *out)
{
    BoardPoint t = el->points[tip];
    for (int64_t i = (int64_t)tip - step; i >= 0 && i < (int64_t)el->npoints; i -= step) {
        BoardPoint f = el->points[i];
        double dx = t.x - f.x, dy = t.y - f.y, len = hypot(dx, dy);
        if (len < 1e-6)
            continue;
        double size = fmin(10 + 4 * el->style.width, len * 0.75), a = 25 * PI / 180;
        double ux = dx / len, uy = dy / len;
        out[0] = (BoardPoint){(float)(t.x - size * (ux * cos(a) - uy * sin(a))),
                              (float)(t.y - size * (uy * cos(a) + ux * sin(a)))};
        out[1] = t;
        out[2] = (BoardPoint){(float)(t.x - size * (ux * cos(a) + uy * sin(a))),
                              (float)(t.y - size * (uy * cos(a) - ux * sin(a)))};
        return 3;
    }
    return 0;
}

size_t board_geom_arrowheads(const BoardElement *el, BoardPoint out[6])
{
    if ((el->kind != BOARD_LINE && el->kind != BOARD_ARROW) || el->npoints < 2)
        return 0;
    size_t n = 0;
    if (el->heads & BOARD_HEAD_START)
        n += head(el, 0, -1, out + n);
    if (el->heads & BOARD_HEAD_END)
        n += head(el, el->npoints - 1, 1, out + n);
    return n;
}

/* ---- distances and containment ------------------------------------------------------- */

double board_geom_segment_distance(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    return hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/* Distance from local (lx, ly) to a closed or open polyline. */
static double polyline_distance(const BoardPoint *p, size_t n, bool closed, double lx, double ly)
{
    if (n == 1)
        return hypot(lx - p[0].x, ly - p[0].y);
    double best = INFINITY;
    size_t edges = closed ? n : n - 1;
    for (size_t i = 0; i < edges; i++) {
        const BoardPoint *a = &p[i], *b = &p[(i + 1) % n];
        double d = board_geom_segment_distance(lx, ly, a->x, a->y, b->x, b->y);
        if (d < best)
            best = d;
    }
    return best;
}

static bool polygon_contains(const BoardPoint *p, size_t n, double x, double y)
{
    bool in = false;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        if ((p[i].y > y) != (p[j].y > y) &&
            x < (p[j].x - p[i].x) * (y - p[i].y) / ((double)p[j].y - p[i].y) + p[i].x)
            in = !in;
    }
    return in;
}

bool board_geom_inside(const BoardElement *el, double x, double y, double tol)
{
    if (!board_rect_contains(grow(board_geom_bounds(el), tol), (BoardRect){x, y, x, y}))
        return false;
    if (!board_kind_is_box(el->kind))
        return el->kind == BOARD_TEXT;
    BoardPoint outline[BOARD_GEOM_OUTLINE_MAX];
    size_t n = board_geom_outline(el, outline, BOARD_GEOM_OUTLINE_MAX);
    double lx = x - el->x, ly = y - el->y;
    return polygon_contains(outline, n, lx, ly) ||
           polyline_distance(outline, n, true, lx, ly) <= tol;
}

bool board_geom_hit(const BoardElement *el, double x, double y, double tol)
{
    if (!board_rect_contains(grow(board_geom_ink(el), tol), (BoardRect){x, y, x, y}))
        return false;
    double lx = x - el->x, ly = y - el->y, reach = el->style.width / 2 + tol;
    switch (el->kind) {
    case BOARD_TEXT:
        return board_geom_inside(el, x, y, tol);
    case BOARD_LINE:
    case BOARD_ARROW:
        return polyline_distance(el->points, el->npoints, false, lx, ly) <= reach;
    case BOARD_FREEHAND:
        return polyline_distance(el->points, el->npoints, false, lx, ly) <=
               el->style.width * 3 + tol;
    default: {
        BoardPoint outline[BOARD_GEOM_OUTLINE_MAX];
        size_t n = board_geom_outline(el, outline, BOARD_GEOM_OUTLINE_MAX);
        bool solid = (el->style.fill & 0xff) != 0 || el->kind == BOARD_STENCIL;
        if (solid && polygon_contains(outline, n, lx, ly))
            return true;
        return polyline_distance(outline, n, true, lx, ly) <= reach;
    }
    }
}

/* ---- where arrows meet shapes ------------------------------------------------------ */

void board_geom_border_point(const BoardElement *shape, double px, double py, double *ox,
                             double *oy)
{
    double cx = shape->w / 2, cy = shape->h / 2;
    double dx = px - shape->x - cx, dy = py - shape->y - cy;
    *ox = shape->x + cx, *oy = shape->y + cy;
    if ((dx == 0 && dy == 0) || !isfinite(dx) || !isfinite(dy))
        return;
    BoardPoint p[BOARD_GEOM_OUTLINE_MAX];
    size_t n = board_geom_outline(shape, p, BOARD_GEOM_OUTLINE_MAX);
    double best = INFINITY;
    for (size_t i = 0; i < n; i++) {
        /* Solve c + t d = a + s (b - a) for t >= 0, 0 <= s <= 1. */
        double ax = p[i].x - cx, ay = p[i].y - cy;
        double ex = p[(i + 1) % n].x - p[i].x, ey = p[(i + 1) % n].y - p[i].y;
        double den = dx * ey - dy * ex;
        if (fabs(den) < 1e-12)
            continue;
        double t = (ax * ey - ay * ex) / den, s = (ax * dy - ay * dx) / den;
        if (t > 1e-9 && s >= -1e-9 && s <= 1 + 1e-9 && t < best)
            best = t;
    }
    if (isfinite(best))
        *ox = shape->x + cx + best * dx, *oy = shape->y + cy + best * dy;
}
