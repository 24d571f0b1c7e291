/*
 * board_support.h: helpers the board tests share: a seeded generator, the board's
 * invariants (board.h) checked from outside, snapshots of a board compared element by
 * element, and random boards. Header-only, like test_support.h.
 */
#ifndef ARCHDRILL_BOARD_SUPPORT_H
#define ARCHDRILL_BOARD_SUPPORT_H

#include "test_support.h"

#include "core/board.h"
#include "core/board_geom.h"

#include <math.h>

typedef struct Rng {
    uint64_t s;
} Rng;

static inline uint64_t rng_next(Rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

static inline int rng_int(Rng *r, int n)
{
    return (int)(rng_next(r) % (uint64_t)n);
}

static inline double rng_range(Rng *r, double lo, double hi)
{
    return lo + (hi - lo) * (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

/* ---- snapshots ----------------------------------------------------------------------- */

typedef struct Snapshot {
    BoardElement *v; /* deep copies in z-order */
    size_t n;
} Snapshot;

static inline Snapshot snapshot_take(const Board *b)
{
    Snapshot s = {xcalloc(board_count(b) + 1, sizeof(BoardElement)), board_count(b)};
    for (size_t i = 0; i < s.n; i++)
        board_element_copy(&s.v[i], board_at(b, i));
    return s;
}

static inline void snapshot_free(Snapshot *s)
{
    for (size_t i = 0; i < s->n; i++)
        board_element_clear(&s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

/* True when the board holds exactly the snapshot's elements; otherwise why not, in why. */
static inline bool snapshot_diff(const Snapshot *s, const Board *b, char *why, size_t size)
{
    if (s->n != board_count(b)) {
        snprintf(why, size, "snapshot has %zu elements, the board %zu", s->n, board_count(b));
        return false;
    }
    for (size_t i = 0; i < s->n; i++) {
        const BoardElement *a = &s->v[i], *c = board_at(b, i);
        if (!board_element_equal(a, c)) {
            snprintf(why, size,
                     "element %zu differs: id %lld/%lld kind %d/%d z %lld/%lld x %g/%g y %g/%g "
                     "w %g/%g h %g/%g",
                     i, (long long)a->id, (long long)c->id, a->kind, c->kind, (long long)a->z,
                     (long long)c->z, a->x, c->x, a->y, c->y, a->w, c->w, a->h, c->h);
            return false;
        }
    }
    return true;
}

static inline bool snapshot_matches(const Snapshot *s, const Board *b)
{
    char why[256];
    return snapshot_diff(s, b, why, sizeof(why));
}

/* Fails the test, saying where, unless the board holds exactly the snapshot. */
#define assert_snapshot(snap, board)                                                               \
    do {                                                                                           \
        char why_[256];                                                                            \
        if (!snapshot_diff((snap), (board), why_, sizeof(why_)))                                   \
            fail_msg("%s", why_);                                                                  \
    } while (0)

/* ---- invariants ---------------------------------------------------------------------- */

static inline bool near(double a, double b, double tol)
{
    return fabs(a - b) <= tol * (1 + fabs(a) + fabs(b));
}

/* Checks board.h's invariants; fails the test with the first broken one. */
static inline void check_invariants(const Board *b)
{
    size_t n = board_count(b);
    for (size_t i = 0; i < n; i++) {
        const BoardElement *el = board_at(b, i);
        if (i && board_at(b, i - 1)->z > el->z)
            fail_msg("element %lld out of z-order", (long long)el->id);
        if (board_get(b, el->id) != el)
            fail_msg("element %lld not found by id", (long long)el->id);
        if (!(el->w >= 0 && el->h >= 0) || !isfinite(el->x) || !isfinite(el->y))
            fail_msg("element %lld has a bad box", (long long)el->id);
        if (el->kind == BOARD_TEXT && !el->text)
            fail_msg("text %lld without text", (long long)el->id);
        if (el->container) {
            const BoardElement *c = board_get(b, el->container);
            if (!c || !board_kind_is_box(c->kind))
                fail_msg("label %lld has no shape", (long long)el->id);
            if (board_label_of(b, c->id) != el)
                fail_msg("shape %lld has another label than %lld", (long long)c->id,
                         (long long)el->id);
            if (el->z != c->z || el->ngroups != c->ngroups ||
                memcmp(el->groups, c->groups, sizeof(el->groups)) != 0)
                fail_msg("label %lld differs from its shape in z or groups", (long long)el->id);
            if (!near(el->x + el->w / 2, c->x + c->w / 2, 1e-6) ||
                !near(el->y + el->h / 2, c->y + c->h / 2, 1e-6))
                fail_msg("label %lld not centred", (long long)el->id);
        }
        if (board_kind_is_linear(el->kind)) {
            float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
            for (uint32_t k = 0; k < el->npoints; k++) {
                x0 = fminf(x0, el->points[k].x), y0 = fminf(y0, el->points[k].y);
                x1 = fmaxf(x1, el->points[k].x), y1 = fmaxf(y1, el->points[k].y);
            }
            if (el->npoints < 1 || x0 != 0 || y0 != 0 || !near(x1, el->w, 1e-5) ||
                !near(y1, el->h, 1e-5))
                fail_msg("line %lld: points not from the top-left of w x h", (long long)el->id);
        }
        const BoardBinding *ends[2] = {&el->start, &el->end};
        for (int e = 0; e < 2; e++) {
            if (!ends[e]->id)
                continue;
            const BoardElement *s = board_get(b, ends[e]->id);
            if (el->kind != BOARD_ARROW || !s || !board_kind_is_box(s->kind))
                fail_msg("element %lld bound to a missing shape", (long long)el->id);
            BoardPoint p = el->points[e ? el->npoints - 1 : 0];
            double px = el->x + p.x, py = el->y + p.y;
            double want_x = s->x + ends[e]->fx * s->w, want_y = s->y + ends[e]->fy * s->h;
            if (fabs(px - want_x) > 0.01 + 1e-5 * fabs(want_x) ||
                fabs(py - want_y) > 0.01 + 1e-5 * fabs(want_y))
                fail_msg("arrow %lld end %d at (%g, %g), its binding says (%g, %g)",
                         (long long)el->id, e, px, py, want_x, want_y);
        }
    }
}

/* ---- brute force ------------------------------------------------------------------- */

static inline int64_t brute_hit(const Board *b, double x, double y, double tol)
{
    for (size_t i = board_count(b); i-- > 0;) {
        const BoardElement *el = board_at(b, i);
        if (board_geom_hit(el, x, y, tol))
            return el->container ? el->container : el->id;
    }
    return 0;
}

#endif
