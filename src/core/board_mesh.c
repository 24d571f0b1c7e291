/*
 * board_mesh.c: triangle lists for elements. Lines are a quad per segment with a disc
 * at every vertex (round joins and caps in one rule); dashes split the polyline first.
 */
#include "core/board_mesh.h"

#include "core/board_freehand.h"
#include "core/board_geom.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI                    3.14159265358979323846
#define TINY_PX               1.5 /* elements narrower than this on screen are a quad */
#define FREEHAND_TOLERANCE_PX 0.5 /* how far a zoomed-out stroke may stray, in pixels */

void board_mesh_clear(BoardMesh *m)
{
    m->nverts = 0;
    m->nidx = 0;
}

void board_mesh_free(BoardMesh *m)
{
    free(m->xy);
    free(m->idx);
    memset(m, 0, sizeof(*m));
}

size_t board_mesh_bytes(const BoardMesh *m)
{
    return m->vcap * 2 * sizeof(float) + m->icap * sizeof(int);
}

int board_mesh_vertex(BoardMesh *m, float x, float y)
{
    if (m->nverts == m->vcap) {
        m->vcap = m->vcap ? m->vcap * 2 : 64;
        m->xy = xrealloc(m->xy, m->vcap * 2 * sizeof(*m->xy));
    }
    m->xy[2 * m->nverts] = x;
    m->xy[2 * m->nverts + 1] = y;
    return (int)m->nverts++;
}

void board_mesh_triangle(BoardMesh *m, int a, int b, int c)
{
    if (m->nidx + 3 > m->icap) {
        m->icap = m->icap ? m->icap * 2 : 192;
        m->idx = xrealloc(m->idx, m->icap * sizeof(*m->idx));
    }
    m->idx[m->nidx++] = a;
    m->idx[m->nidx++] = b;
    m->idx[m->nidx++] = c;
}

void board_mesh_disc(BoardMesh *m, float cx, float cy, float r, int segments)
{
    if (segments < 3)
        segments = 3;
    int centre = board_mesh_vertex(m, cx, cy), first = 0, prev = 0;
    for (int k = 0; k < segments; k++) {
        double a = 2 * PI * k / segments;
        int v = board_mesh_vertex(m, cx + r * (float)cos(a), cy + r * (float)sin(a));
        if (k == 0)
            first = v;
        else
            board_mesh_triangle(m, centre, prev, v);
        prev = v;
    }
    board_mesh_triangle(m, centre, prev, first);
}

void board_mesh_fan(BoardMesh *m, const BoardPoint *pts, size_t n)
{
    if (n < 3)
        return;
    int first = board_mesh_vertex(m, pts[0].x, pts[0].y);
    int prev = board_mesh_vertex(m, pts[1].x, pts[1].y);
    for (size_t i = 2; i < n; i++) {
        int v = board_mesh_vertex(m, pts[i].x, pts[i].y);
        board_mesh_triangle(m, first, prev, v);
        prev = v;
    }
}

static int disc_segments(float r, float px)
{
    double per = px > 0 ? 2 * PI * r / (3 * px) : 12;
    return per < 6 ? 6 : (per > 24 ? 24 : (int)per);
}

/* The offset hw to the left of the direction a -> b (false when a and b coincide). The
 * quads and the joins both take their corners from here, so they meet without cracks. */
static bool normal_of(BoardPoint a, BoardPoint b, float hw, float *nx, float *ny)
{
    float dx = b.x - a.x, dy = b.y - a.y, len = hypotf(dx, dy);
    if (len < 1e-6f)
        return false;
    *nx = -dy / len * hw;
    *ny = dx / len * hw;
    return true;
}

static void segment(BoardMesh *m, BoardPoint a, BoardPoint b, float hw)
{
    float nx, ny;
    if (!normal_of(a, b, hw, &nx, &ny))
        return;
    int v0 = board_mesh_vertex(m, a.x + nx, a.y + ny);
    int v1 = board_mesh_vertex(m, b.x + nx, b.y + ny);
    int v2 = board_mesh_vertex(m, b.x - nx, b.y - ny);
    int v3 = board_mesh_vertex(m, a.x - nx, a.y - ny);
    board_mesh_triangle(m, v0, v1, v2);
    board_mesh_triangle(m, v0, v2, v3);
}

/* The sector of the circle around c from offset (sx, sy) turning by `sweep` radians to
 * offset (ex, ey), cut as finely as a disc of `segments` would be (at least one
 * triangle). */
static void sector(BoardMesh *m, BoardPoint c, float sx, float sy, float ex, float ey, double sweep,
                   int segments)
{
    int k = (int)ceil(segments * fabs(sweep) / (2 * PI) - 1e-9);
    if (k < 1)
        k = 1;
    int centre = board_mesh_vertex(m, c.x, c.y);
    int prev = board_mesh_vertex(m, c.x + sx, c.y + sy);
    for (int i = 1; i <= k; i++) {
        double a = sweep * i / k;
        float x = i == k ? ex : (float)(sx * cos(a) - sy * sin(a));
        float y = i == k ? ey : (float)(sx * sin(a) + sy * cos(a));
        int v = board_mesh_vertex(m, c.x + x, c.y + y);
        board_mesh_triangle(m, centre, prev, v);
        prev = v;
    }
}

/* The round join or cap at vertex i: the points within hw of the vertex that no segment's
 * quad covers. The quads cover every point whose nearest point on the polyline lies
 * inside a segment; the rest are nearest to a vertex, in the sector between the normals
 * of its two segments on the outer side of the turn (a half disc at an open end). So a
 * polyline is its quads and these sectors, exactly as a disc at every vertex draws it. */
static void join(BoardMesh *m, const BoardPoint *p, size_t n, bool closed, size_t i, float hw,
                 int segments)
{
    bool has_in = closed || i > 0, has_out = closed || i + 1 < n;
    float ix = 0, iy = 0, ox = 0, oy = 0; /* left normals of the arriving and leaving segments */
    if (has_in && !normal_of(p[(i + n - 1) % n], p[i], hw, &ix, &iy))
        has_in = false; /* after a repeated point: a cap, which covers the sector */
    if (has_out && !normal_of(p[i], p[(i + 1) % n], hw, &ox, &oy))
        has_out = false;
    if (!has_in && !has_out) {
        board_mesh_disc(m, p[i].x, p[i].y, hw, segments);
        return;
    }
    if (!has_out) { /* the end cap: from the right side round the front to the left */
        sector(m, p[i], -ix, -iy, ix, iy, PI, segments);
        return;
    }
    if (!has_in) { /* the start cap: from the left side round the back to the right */
        sector(m, p[i], ox, oy, -ox, -oy, PI, segments);
        return;
    }
    double cross = (double)ix * oy - (double)iy * ox, dot = (double)ix * ox + (double)iy * oy;
    double turn = atan2(cross, dot); /* from the arriving direction to the leaving one */
    if (fabs(turn) < 1e-6)
        return;
    if (turn > 0) /* turning left: the outer side is the right */
        sector(m, p[i], -ix, -iy, -ox, -oy, turn, segments);
    else
        sector(m, p[i], ix, iy, ox, oy, turn, segments);
}

/* A solid polyline: quads, and round joins and caps unless thinner than a pixel. */
static void solid(BoardMesh *m, const BoardPoint *p, size_t n, bool closed, float hw, float px)
{
    size_t edges = closed ? n : n - 1;
    for (size_t i = 0; i < edges; i++)
        segment(m, p[i], p[(i + 1) % n], hw);
    if (hw * 2 < px && n > 1)
        return;
    int segs = disc_segments(hw, px);
    for (size_t i = 0; i < n; i++)
        join(m, p, n, closed, i, hw, segs);
}

/* Walks the polyline and strokes the "on" stretches of the dash pattern. */
static void dashed(BoardMesh *m, const BoardPoint *p, size_t n, bool closed, float width, float px)
{
    float on = 8, off = 8 + width, hw = width / 2, phase = 0; /* how far into the pattern */
    size_t edges = closed ? n : n - 1;
    for (size_t i = 0; i < edges; i++) {
        BoardPoint a = p[i], b = p[(i + 1) % n];
        float len = hypotf(b.x - a.x, b.y - a.y), at = 0;
        while (at < len) {
            bool drawing = phase < on;
            float left = drawing ? on - phase : on + off - phase;
            float step = fminf(left, len - at);
            if (drawing) {
                BoardPoint d[2] = {
                    {a.x + (b.x - a.x) * at / len, a.y + (b.y - a.y) * at / len},
                    {a.x + (b.x - a.x) * (at + step) / len, a.y + (b.y - a.y) * (at + step) / len}};
                solid(m, d, 2, false, hw, px);
            }
            at += step;
            phase += step;
            if (phase >= on + off - 1e-4f)
                phase = 0;
        }
    }
}

void board_mesh_polyline(BoardMesh *m, const BoardPoint *pts, size_t n, bool closed, float width,
                         bool dash, float px)
{
    if (!n || !(width > 0))
        return;
    if (n == 1) {
        board_mesh_disc(m, pts[0].x, pts[0].y, width / 2, disc_segments(width / 2, px));
        return;
    }
    if (dash)
        dashed(m, pts, n, closed, width, px);
    else
        solid(m, pts, n, closed, width / 2, px);
}

static void mesh_box(const BoardElement *el, float px, BoardMesh *fill, BoardMesh *stroke)
{
    BoardPoint outline[BOARD_GEOM_OUTLINE_MAX];
    size_t n = board_geom_outline_lod(el, px, outline, BOARD_GEOM_OUTLINE_MAX);
    if (fill && (el->style.fill & 0xff))
        board_mesh_fan(fill, outline, n);
    if (!stroke)
        return;
    board_mesh_polyline(stroke, outline, n, true, el->style.width, el->style.dashed, px);
    BoardPoint detail[BOARD_GEOM_DETAIL_MAX];
    size_t counts[4], lines = board_geom_details_lod(el, px, detail, counts), at = 0;
    for (size_t k = 0; k < lines; k++) {
        board_mesh_polyline(stroke, detail + at, counts[k], false, el->style.width, false, px);
        at += counts[k];
    }
}

/* An element under TINY_PX pixels across: one quad over its ink, at least a pixel a side,
 * in its stroke colour (its fill's when it has no stroke). */
static bool mesh_tiny(const BoardElement *el, float px, BoardMesh *fill, BoardMesh *stroke)
{
    double pad =
        el->kind == BOARD_FREEHAND ? el->style.width * BOARD_FREEHAND_REACH : el->style.width / 2.0;
    double w = el->w + 2 * pad, h = el->h + 2 * pad;
    if (!(px > 1) || fmax(w, h) >= TINY_PX * px || el->kind == BOARD_TEXT)
        return false;
    BoardMesh *m = (el->style.stroke & 0xff) || !fill ? stroke : fill;
    if (!m)
        return true;
    double cx = el->w / 2, cy = el->h / 2, hw = fmax(w, px) / 2, hh = fmax(h, px) / 2;
    BoardPoint quad[4] = {{(float)(cx - hw), (float)(cy - hh)},
                          {(float)(cx + hw), (float)(cy - hh)},
                          {(float)(cx + hw), (float)(cy + hh)},
                          {(float)(cx - hw), (float)(cy + hh)}};
    board_mesh_fan(m, quad, 4);
    return true;
}

void board_mesh_element(const BoardElement *el, float px, BoardMesh *fill, BoardMesh *stroke)
{
    if (mesh_tiny(el, px, fill, stroke))
        return;
    if (board_kind_is_box(el->kind)) {
        mesh_box(el, px, fill, stroke);
        return;
    }
    if (!stroke || !el->npoints)
        return;
    if (el->kind == BOARD_FREEHAND) {
        BoardFreehandOptions o = board_freehand_options(el->style.width, true);
        o.min_step = px;
        /* Zoomed out, a chord may stand for samples it passes within a fraction of a
         * pixel; at 100 % and closer every sample a pixel apart stays. */
        o.tolerance = px > 1 ? (float)FREEHAND_TOLERANCE_PX * px : 0;
        board_freehand_mesh(el->points, el->npoints, &o, px, stroke);
        return;
    }
    if (el->kind != BOARD_LINE && el->kind != BOARD_ARROW)
        return;
    board_mesh_polyline(stroke, el->points, el->npoints, false, el->style.width, el->style.dashed,
                        px);
    BoardPoint heads[6];
    size_t nh = board_geom_arrowheads(el, heads);
    for (size_t i = 0; i < nh; i += 3)
        board_mesh_polyline(stroke, heads + i, 3, false, el->style.width, false, px);
}
