/*
 * board_freehand.c: the freehand pipeline of board_freehand.h, written from the
 * perfect-freehand algorithm (streamline, simulated pressure, eased radius, left and
 * right offsets along the blended direction, round caps and corners).
 *
 * Unlike perfect-freehand, every kept sample contributes a left/right pair, so the mesh
 * is a strip of quads between consecutive pairs plus discs at the caps and sharp corners:
 * no polygon triangulation, and self-crossing strokes stay correct.
 */
#include "core/board_freehand.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI           3.14159265358979323846
#define RATE         0.3 /* how fast simulated pressure follows speed */
#define CAP_STEPS    8
#define PRESSURE_AVG 10  /* samples averaged for the starting pressure */
#define THIN_PX      2.0 /* strokes narrower than this many pixels are drawn as a thin strip */

typedef struct Sample {
    double x, y;
    double vx, vy; /* unit vector towards the previous sample */
    double dist, run;
    double radius;
    bool corner;               /* the direction turns by more than a right angle here */
    double lx, ly, rx, ry;     /* left and right, for the segment arriving */
    double lx2, ly2, rx2, ry2; /* and leaving (differ only at corners) */
} Sample;

BoardFreehandOptions board_freehand_options(float width, bool complete)
{
    return (BoardFreehandOptions){.size = width * 4.25f,
                                  .thinning = 0.6f,
                                  .streamline = 0.5f,
                                  .simulate_pressure = true,
                                  .complete = complete,
                                  .min_step = 0,
                                  .tolerance = 0};
}

void board_points_free(BoardPoints *p)
{
    free(p->v);
    memset(p, 0, sizeof(*p));
}

static void points_push(BoardPoints *p, double x, double y)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
    }
    p->v[p->n++] = (BoardPoint){(float)x, (float)y};
}

/* Step 1: streamlined samples with direction, distance and running length. */
static size_t streamline(const BoardPoint *pts, size_t n, const BoardFreehandOptions *o,
                         Sample *out)
{
    double t = 1 - o->streamline / (o->simulate_pressure ? 3.0 : 2.0);
    size_t m = 0;
    out[m++] = (Sample){.x = pts[0].x, .y = pts[0].y};
    for (size_t i = 0; i < n + (n == 1); i++) {
        /* A lone point gets a partner one unit away, so it has a direction. */
        double cx = i < n ? pts[i].x : pts[0].x + 1.0, cy = i < n ? pts[i].y : pts[0].y + 1.0;
        const Sample *prev = &out[m - 1];
        bool last = i + 1 == n + (n == 1);
        double x = o->complete && last ? cx : prev->x + (cx - prev->x) * t;
        double y = o->complete && last ? cy : prev->y + (cy - prev->y) * t;
        double dx = prev->x - x, dy = prev->y - y, d = hypot(dx, dy);
        if (d < 1e-9)
            continue;
        out[m] = (Sample){.x = x, .y = y, .vx = dx / d, .vy = dy / d, .dist = d};
        out[m].run = prev->run + d;
        m++;
    }
    return m;
}

static double ease(double t)
{
    return sin(t * PI / 2); /* Excalidraw's easeOutSine */
}

static double pressure_step(double prev, double dist, double size)
{
    double sp = fmin(1, dist / size), rp = fmin(1, 1 - sp);
    return fmin(1, prev + (rp - prev) * (sp * RATE));
}

/* Step 2: simulated pressure and the radius at each sample. */
static void radii(Sample *s, size_t m, const BoardFreehandOptions *o)
{
    double size = o->size > 0 ? o->size : 1, thinning = fmax(-1, fmin(1, o->thinning));
    /* Start from the average over the first samples: strokes start slowly, and a blob at
     * the start looks wrong. */
    double prev = 0.5;
    for (size_t i = 0; i < m && i < PRESSURE_AVG; i++) {
        double p = o->simulate_pressure ? pressure_step(prev, s[i].dist, size) : 0.5;
        prev = (prev + p) / 2;
    }
    for (size_t i = 0; i < m; i++) {
        double p = 0.5;
        if (o->simulate_pressure)
            p = pressure_step(prev, s[i].dist, size);
        s[i].radius = thinning != 0 ? size * ease(0.5 - thinning * (0.5 - p)) : size / 2;
        if (s[i].radius < 0.01)
            s[i].radius = 0.01;
        prev = p;
    }
}

/* Step 3: left and right points, perpendicular to the blended direction. */
static void sides(Sample *s, size_t m)
{
    for (size_t i = 0; i < m; i++) {
        /* The first sample has no direction of its own: it takes the next one's. */
        double vx = s[i].vx, vy = s[i].vy;
        double nx = i + 1 < m ? s[i + 1].vx : vx, ny = i + 1 < m ? s[i + 1].vy : vy;
        if (i == 0)
            vx = nx, vy = ny;
        double dot = vx * nx + vy * ny, r = s[i].radius;
        s[i].corner = dot < 0;
        double ax, ay, bx, by; /* arriving and leaving offsets */
        if (s[i].corner) {
            ax = vy * r, ay = -vx * r;
            bx = ny * r, by = -nx * r;
        } else {
            double bxv = nx + (vx - nx) * dot, byv = ny + (vy - ny) * dot;
            ax = bx = byv * r;
            ay = by = -bxv * r;
        }
        s[i].lx = s[i].x - ax, s[i].ly = s[i].y - ay;
        s[i].rx = s[i].x + ax, s[i].ry = s[i].y + ay;
        s[i].lx2 = s[i].x - bx, s[i].ly2 = s[i].y - by;
        s[i].rx2 = s[i].x + bx, s[i].ry2 = s[i].y + by;
    }
}

/* Distance from sample q to the chord a-b, and how far its radius is from the chord's. */
static double off_chord(const Sample *a, const Sample *b, const Sample *q)
{
    double dx = b->x - a->x, dy = b->y - a->y, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((q->x - a->x) * dx + (q->y - a->y) * dy) / len2 : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    double d = hypot(q->x - (a->x + dx * t), q->y - (a->y + dy * t));
    double dr = fabs(q->radius - (a->radius + (b->radius - a->radius) * t));
    return d > dr ? d : dr;
}

/* Keeps the samples the level of detail needs (in place; returns how many): none nearer
 * than min_step to the last kept one, and none whose centre and radius the chord between
 * its kept neighbours follows within `tolerance`. The first and last always stay. */
static size_t thin_out(Sample *s, size_t count, double min_step, double tolerance)
{
    if (count <= 2 || (!(min_step > 0) && !(tolerance > 0)))
        return count;
    size_t kept = 1, anchor = 0; /* s[anchor] is the last kept, already at s[kept - 1] */
    Sample last = s[0];
    double since = 0;
    for (size_t i = 1; i < count; i++) {
        since += s[i].dist;
        bool end = i + 1 == count, keep = end;
        if (!keep && since >= min_step) {
            keep = true;
            /* Skip it too while the chord from the last kept sample to the next one
             * passes every sample in between within the tolerance. */
            if (tolerance > 0) {
                keep = false;
                for (size_t j = anchor + 1; j <= i && !keep; j++)
                    keep = off_chord(&last, &s[i + 1], &s[j]) > tolerance;
            }
        }
        if (!keep)
            continue;
        Sample cur = s[i];
        /* The kept sample's direction now points at the last kept one. */
        double dx = last.x - cur.x, dy = last.y - cur.y, d = hypot(dx, dy);
        if (d > 1e-9)
            cur.vx = dx / d, cur.vy = dy / d;
        cur.dist = d;
        s[kept++] = cur;
        last = s[i];
        anchor = i;
        since = 0;
    }
    return kept;
}

/* The samples of a stroke (a new array, *m of them) with radii and sides, thinned out to
 * the level of detail. A stroke narrower than THIN_PX pixels (px > 0) comes out at least
 * a pixel wide, and *thin says so: its caps and corners are below what a pixel shows. */
static Sample *build(const BoardPoint *pts, size_t n, const BoardFreehandOptions *o, float px,
                     size_t *m, bool *thin)
{
    Sample *s = xmalloc((n + 2) * sizeof(*s));
    size_t count = streamline(pts, n, o, s);
    radii(s, count, o);
    count = thin_out(s, count, o->min_step, o->tolerance);
    double widest = 0;
    for (size_t i = 0; i < count; i++)
        widest = fmax(widest, 2 * s[i].radius);
    *thin = px > 0 && widest < THIN_PX * px;
    for (size_t i = 0; *thin && i < count; i++)
        s[i].radius = fmax(s[i].radius, px / 2.0);
    sides(s, count);
    *m = count;
    return s;
}

static bool is_dot(const Sample *s, size_t m, const BoardFreehandOptions *o)
{
    return m < 2 || s[m - 1].run < o->size * 0.25;
}

/* Points on the circle around (cx, cy) from (ax, ay) to (bx, by) the way through
 * direction (fx, fy), ends excluded. */
static void cap(BoardPoints *out, double cx, double cy, double ax, double ay, double bx, double by,
                double fx, double fy)
{
    double a0 = atan2(ay - cy, ax - cx), a1 = atan2(by - cy, bx - cx);
    double r = hypot(ax - cx, ay - cy), sweep = a1 - a0;
    while (sweep <= 0)
        sweep += 2 * PI;
    double mid = a0 + sweep / 2;
    if (cos(mid) * fx + sin(mid) * fy < 0)
        sweep -= 2 * PI; /* go round the other way */
    for (int k = 1; k < CAP_STEPS; k++) {
        double a = a0 + sweep * k / CAP_STEPS;
        points_push(out, cx + r * cos(a), cy + r * sin(a));
    }
}

void board_freehand_outline(const BoardPoint *pts, size_t n, const BoardFreehandOptions *o,
                            BoardPoints *out)
{
    if (!n)
        return;
    size_t m;
    bool thin;
    Sample *s = build(pts, n, o, 0, &m, &thin);
    if (is_dot(s, m, o)) {
        double r = s[m - 1].radius;
        for (int k = 0; k < 2 * CAP_STEPS; k++)
            points_push(out, s[0].x + r * cos(k * PI / CAP_STEPS),
                        s[0].y + r * sin(k * PI / CAP_STEPS));
        free(s);
        return;
    }
    for (size_t i = 0; i < m; i++) {
        points_push(out, s[i].lx, s[i].ly);
        if (s[i].corner)
            points_push(out, s[i].lx2, s[i].ly2);
    }
    const Sample *e = &s[m - 1];
    cap(out, e->x, e->y, e->lx, e->ly, e->rx, e->ry, -e->vx, -e->vy);
    for (size_t i = m; i-- > 0;) {
        if (s[i].corner)
            points_push(out, s[i].rx2, s[i].ry2);
        points_push(out, s[i].rx, s[i].ry);
    }
    cap(out, s[0].x, s[0].y, s[0].rx, s[0].ry, s[0].lx, s[0].ly, s[1].vx, s[1].vy);
    free(s);
}

static int segments_for(double r, float px)
{
    double per_px = px > 0 ? 2 * PI * r / (4 * px) : 16;
    return per_px < 6 ? 6 : (per_px > 32 ? 32 : (int)per_px);
}

void board_freehand_mesh(const BoardPoint *pts, size_t n, const BoardFreehandOptions *o, float px,
                         BoardMesh *out)
{
    if (!n)
        return;
    size_t m;
    bool thin;
    Sample *s = build(pts, n, o, px, &m, &thin);
    if (is_dot(s, m, o)) {
        board_mesh_disc(out, (float)s[0].x, (float)s[0].y, (float)s[m - 1].radius,
                        segments_for(s[m - 1].radius, px));
        free(s);
        return;
    }
    int pl = 0, pr = 0; /* the leaving pair of the previous sample */
    for (size_t i = 0; i < m; i++) {
        int l = board_mesh_vertex(out, (float)s[i].lx, (float)s[i].ly);
        int r = board_mesh_vertex(out, (float)s[i].rx, (float)s[i].ry);
        if (i > 0) {
            board_mesh_triangle(out, pl, pr, r);
            board_mesh_triangle(out, pl, r, l);
        }
        pl = l, pr = r;
        if (s[i].corner) {
            pl = board_mesh_vertex(out, (float)s[i].lx2, (float)s[i].ly2);
            pr = board_mesh_vertex(out, (float)s[i].rx2, (float)s[i].ry2);
            if (!thin)
                board_mesh_disc(out, (float)s[i].x, (float)s[i].y, (float)s[i].radius,
                                segments_for(s[i].radius, px));
        }
    }
    if (thin) {
        free(s);
        return;
    }
    board_mesh_disc(out, (float)s[0].x, (float)s[0].y, (float)s[0].radius,
                    segments_for(s[0].radius, px));
    board_mesh_disc(out, (float)s[m - 1].x, (float)s[m - 1].y, (float)s[m - 1].radius,
                    segments_for(s[m - 1].radius, px));
    free(s);
}
