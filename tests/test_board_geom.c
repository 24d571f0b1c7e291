/*
 * test_board_geom.c: geometry of the whiteboard: hit-testing, box selection and view
 * queries through the spatial index against brute force on a large random board; the
 * freehand outline and mesh (they cover the stroke, stay finite, make dots of single
 * points); shape meshes, outlines and where arrows meet shapes.
 */
#include "board_support.h"

#include "core/board_freehand.h"
#include "core/board_mesh.h"

/* A board of n random elements over a 4000 x 4000 area, some of them huge. */
static Board *random_board(Rng *r, int n)
{
    Board *b = board_new();
    for (int i = 0; i < n; i++) {
        double x = rng_range(r, -2000, 2000), y = rng_range(r, -2000, 2000);
        int kind = rng_int(r, 8);
        if (kind < 3) {
            double size = rng_int(r, 50) == 0 ? 5000 : 150; /* a few span many cells */
            int64_t id = board_add_shape(b, (BoardKind)kind, x, y, rng_range(r, 1, size),
                                         rng_range(r, 1, size));
            if (rng_int(r, 3) == 0) {
                BoardStyle st = board_style_default();
                st.fill = 0xffffffff;
                board_set_style(b, &id, 1, &st, BOARD_STYLE_FILL);
            }
        } else if (kind == 3) {
            board_add_stencil(b, (BoardStencil)(1 + rng_int(r, BOARD_STENCIL_COUNT - 1)), x, y);
        } else if (kind == 4) {
            board_add_text(b, x, y, "some text", 20);
        } else if (kind == 5) {
            BoardPoint pts[3] = {{(float)x, (float)y},
                                 {(float)(x + rng_range(r, -400, 400)), (float)y},
                                 {(float)x, (float)(y + rng_range(r, -400, 400))}};
            board_add_line(b, BOARD_ARROW, pts, 3);
        } else {
            board_stroke_begin(b, x, y, NULL);
            double px = x, py = y;
            for (int k = 0; k < 60; k++) {
                px += rng_range(r, -8, 12), py += rng_range(r, -10, 10);
                board_stroke_add(b, px, py);
            }
            board_stroke_end(b);
        }
    }
    return b;
}

static void test_hit_test_matches_brute_force(void **state)
{
    (void)state;
    Rng r = {42};
    Board *b = random_board(&r, 3000);
    int hits = 0;
    for (int i = 0; i < 20000; i++) {
        double x = rng_range(&r, -2200, 2200), y = rng_range(&r, -2200, 2200);
        double tol = rng_int(&r, 4) ? rng_range(&r, 0, 6) : 0;
        int64_t want = brute_hit(b, x, y, tol), got = board_hit_test(b, x, y, tol);
        if (want != got)
            fail_msg("hit at (%g, %g) tol %g: index %lld, brute force %lld", x, y, tol,
                     (long long)got, (long long)want);
        hits += want != 0;
    }
    assert_true(hits > 2000); /* the test hits things, not only empty space */
    board_free(b);
}

static void test_box_selection_and_view_match_brute_force(void **state)
{
    (void)state;
    Rng r = {7};
    Board *b = random_board(&r, 2000);
    BoardIds got = {0};
    BoardRefs view = {0};
    for (int i = 0; i < 300; i++) {
        double x = rng_range(&r, -2500, 2500), y = rng_range(&r, -2500, 2500);
        double size = rng_int(&r, 10) == 0 ? 20000 : rng_range(&r, 10, 1600);
        BoardRect box = {x, y, x + size, y + size * 0.6};
        got.n = 0;
        board_select_box(b, box, &got);
        size_t k = 0;
        for (size_t j = 0; j < board_count(b); j++) {
            const BoardElement *el = board_at(b, j);
            if (el->container || !board_rect_contains(box, board_geom_bounds(el)))
                continue;
            assert_true(k < got.n);
            assert_int_equal(got.v[k++], el->id); /* the same ones, in z-order */
        }
        assert_int_equal(k, got.n);
        board_visible(b, box, &view);
        k = 0;
        for (size_t j = 0; j < board_count(b); j++) {
            const BoardElement *el = board_at(b, j);
            if (!board_rect_meets(box, board_geom_ink(el)))
                continue;
            assert_true(k < view.n);
            assert_ptr_equal(view.v[k++], el);
        }
        assert_int_equal(k, view.n);
    }
    board_ids_free(&got);
    board_refs_free(&view);
    board_free(b);
}

static void test_shape_at_and_border_points(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t e = board_add_shape(b, BOARD_ELLIPSE, 0, 0, 200, 100);
    int64_t d = board_add_stencil(b, BOARD_STENCIL_DATABASE, 500, 50);
    assert_int_equal(board_shape_at(b, 100, 50, 0, 0), e);
    assert_int_equal(board_shape_at(b, 100, 50, 0, e), 0);
    assert_int_equal(board_shape_at(b, 2, 2, 0, 0), 0); /* outside the ellipse, inside its box */
    assert_int_equal(board_shape_at(b, 500, 50, 0, 0), d);
    /* hollow shapes are hit on their outline only; stencils anywhere inside */
    assert_int_equal(board_hit_test(b, 100, 50, 2), 0);
    assert_int_equal(board_hit_test(b, 100, 1, 2), e);
    const BoardElement *shapes[2] = {board_get(b, e), board_get(b, d)};
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < 36; k++) {
            double a = k * 10 * 3.14159265 / 180, ox, oy;
            const BoardElement *el = shapes[s];
            board_geom_border_point(el, el->x + el->w / 2 + 1000 * cos(a),
                                    el->y + el->h / 2 + 1000 * sin(a), &ox, &oy);
            assert_true(board_geom_inside(el, ox, oy, 0.01));
            /* a little further out along the same ray is outside */
            double fx = ox + (ox - el->x - el->w / 2) * 0.02,
                   fy = oy + (oy - el->y - el->h / 2) * 0.02;
            assert_false(board_geom_inside(el, fx, fy, 0));
        }
    board_free(b);
}

/* True when (x, y) lies in one of the mesh's triangles (or within eps of one). */
static bool mesh_covers(const BoardMesh *m, double x, double y, double eps)
{
    for (size_t t = 0; t < m->nidx; t += 3) {
        const float *a = &m->xy[2 * m->idx[t]], *b = &m->xy[2 * m->idx[t + 1]],
                    *c = &m->xy[2 * m->idx[t + 2]];
        double d1 = (x - b[0]) * (a[1] - b[1]) - (a[0] - b[0]) * (y - b[1]);
        double d2 = (x - c[0]) * (b[1] - c[1]) - (b[0] - c[0]) * (y - c[1]);
        double d3 = (x - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (y - a[1]);
        bool neg = d1 < -eps || d2 < -eps || d3<-eps, pos = d1> eps || d2 > eps || d3 > eps;
        if (!(neg && pos))
            return true;
    }
    return false;
}

/* The winding number of the polygon around (x, y): nonzero inside, as SVG fills it. */
static int winding(const BoardPoints *p, double x, double y)
{
    int w = 0;
    for (size_t i = 0; i < p->n; i++) {
        const BoardPoint *a = &p->v[i], *b = &p->v[(i + 1) % p->n];
        double cross = (b->x - a->x) * (y - a->y) - (x - a->x) * (b->y - a->y);
        if (a->y <= y && b->y > y && cross > 0)
            w++;
        else if (a->y > y && b->y <= y && cross < 0)
            w--;
    }
    return w;
}

static void test_freehand_outline_and_mesh_cover_the_stroke(void **state)
{
    (void)state;
    Rng r = {3};
    for (int trial = 0; trial < 200; trial++) {
        size_t n = (size_t)(1 + rng_int(&r, 300));
        BoardPoint *pts = xmalloc(n * sizeof(*pts));
        double x = 0, y = 0, heading = 0;
        for (size_t i = 0; i < n; i++) {
            heading += rng_range(&r, -0.6, 0.6);
            if (rng_int(&r, 30) == 0)
                heading += 3; /* a sharp turn */
            double step = rng_range(&r, 0.5, 15);
            x += step * cos(heading), y += step * sin(heading);
            pts[i] = (BoardPoint){(float)x, (float)y};
        }
        BoardFreehandOptions o = board_freehand_options((float)rng_range(&r, 1, 6), true);
        BoardMesh m = {0};
        board_freehand_mesh(pts, n, &o, 1, &m);
        BoardPoints outline = {0};
        board_freehand_outline(pts, n, &o, &outline);
        assert_true(m.nidx >= 3 && m.nidx % 3 == 0);
        assert_true(outline.n >= 3);
        for (size_t i = 0; i < m.nverts * 2; i++)
            assert_true(isfinite(m.xy[i]));
        for (size_t i = 0; i < m.nidx; i++)
            assert_true(m.idx[i] >= 0 && (size_t)m.idx[i] < m.nverts);
        /* The last point is kept exactly (the stroke is complete) and covered; the mesh
         * covers the whole streamlined path near every input point. */
        assert_true(mesh_covers(&m, pts[n - 1].x, pts[n - 1].y, 1e-3));
        assert_true(mesh_covers(&m, pts[0].x, pts[0].y, 1e-3));
        assert_true(winding(&outline, pts[n - 1].x, pts[n - 1].y) != 0);
        /* The level of detail makes fewer triangles, never more. */
        BoardMesh coarse = {0};
        o.min_step = 20;
        board_freehand_mesh(pts, n, &o, 20, &coarse);
        assert_true(coarse.nidx <= m.nidx);
        board_mesh_free(&coarse);
        board_mesh_free(&m);
        board_points_free(&outline);
        free(pts);
    }
}

static void test_freehand_dot_and_pressure(void **state)
{
    (void)state;
    BoardPoint one = {10, 10};
    BoardFreehandOptions o = board_freehand_options(2, true);
    BoardMesh m = {0};
    board_freehand_mesh(&one, 1, &o, 1, &m);
    assert_true(mesh_covers(&m, 10, 10, 0));
    assert_false(mesh_covers(&m, 10 + o.size * 1.5, 10, 0));
    /* a fast stroke is thinner than a slow one over the same path */
    BoardPoint slow[200], fast[20];
    for (int i = 0; i < 200; i++)
        slow[i] = (BoardPoint){(float)i, 0};
    for (int i = 0; i < 20; i++)
        fast[i] = (BoardPoint){(float)(i * 10), 0};
    BoardPoints a = {0}, b = {0};
    board_freehand_outline(slow, 200, &o, &a);
    board_freehand_outline(fast, 20, &o, &b);
    float wa = 0, wb = 0;
    for (size_t i = 0; i < a.n; i++)
        if (a.v[i].x > 90 && a.v[i].x < 110)
            wa = fmaxf(wa, fabsf(a.v[i].y));
    for (size_t i = 0; i < b.n; i++)
        if (b.v[i].x > 90 && b.v[i].x < 110)
            wb = fmaxf(wb, fabsf(b.v[i].y));
    assert_true(wa > wb && wb > 0);
    board_points_free(&a);
    board_points_free(&b);
    board_mesh_free(&m);
}

/* Distance from (x, y) to the polyline p[0..n) (closed: with the edge back to p[0]). */
static double polyline_dist(const BoardPoint *p, size_t n, bool closed, double x, double y)
{
    double best = hypot(x - p[0].x, y - p[0].y);
    for (size_t i = 0; i + 1 < n + (closed ? 1 : 0); i++) {
        const BoardPoint *a = &p[i], *b = &p[(i + 1) % n];
        best = fmin(best, board_geom_segment_distance(x, y, a->x, a->y, b->x, b->y));
    }
    return best;
}

/* The joins and caps are sectors, not discs, yet a polyline covers what a disc at every
 * vertex did: every point within the width of the centre line (less the chords' inset),
 * nothing beyond it. */
static void test_polyline_covers_its_width(void **state)
{
    (void)state;
    Rng r = {11};
    for (int trial = 0; trial < 60; trial++) {
        size_t n = (size_t)(1 + rng_int(&r, 7));
        BoardPoint p[8];
        for (size_t i = 0; i < n; i++)
            p[i] = (BoardPoint){(float)rng_range(&r, 0, 60), (float)rng_range(&r, 0, 60)};
        if (rng_int(&r, 5) == 0 && n > 2)
            p[1] = p[0]; /* a repeated point */
        bool closed = n > 2 && rng_int(&r, 2);
        float width = (float)rng_range(&r, 2, 16), hw = width / 2;
        BoardMesh m = {0};
        board_mesh_polyline(&m, p, n, closed, width, false, 1);
        double inset = hw * (1 - cos(3.14159265358979 / 6)) + 1e-3; /* 6 segments at least */
        for (int k = 0; k < 400; k++) {
            double x = rng_range(&r, -10, 70), y = rng_range(&r, -10, 70);
            double d = polyline_dist(p, n, closed, x, y);
            if (d < hw - inset)
                assert_true(mesh_covers(&m, x, y, 1e-4));
            else if (d > hw + 1e-3)
                assert_false(mesh_covers(&m, x, y, -1e-4));
        }
        board_mesh_free(&m);
    }
}

static size_t triangles_at(const BoardElement *el, float px)
{
    BoardMesh fill = {0}, stroke = {0};
    board_mesh_element(el, px, &fill, &stroke);
    size_t n = (el->style.fill & 0xff ? fill.nidx : 0) / 3 + stroke.nidx / 3;
    board_mesh_free(&fill);
    board_mesh_free(&stroke);
    return n;
}

/* The level of detail: at 100 % and closer, round parts have their full count of points;
 * zoomed out, fewer triangles and never more; an element a pixel wide still draws. */
static void test_level_of_detail(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t ids[8];
    ids[0] = board_add_shape(b, BOARD_ELLIPSE, 0, 0, 200, 120);
    ids[1] = board_add_shape(b, BOARD_RECT, 0, 0, 160, 90);
    ids[2] = board_add_stencil(b, BOARD_STENCIL_DATABASE, 0, 0);
    ids[3] = board_add_stencil(b, BOARD_STENCIL_SERVICE, 0, 0);
    BoardPoint pts[3] = {{0, 0}, {150, 40}, {30, 160}};
    ids[4] = board_add_line(b, BOARD_ARROW, pts, 3);
    board_stroke_begin(b, 0, 0, NULL);
    double x = 0, y = 0, heading = 0;
    for (int k = 0; k < 200; k++) {
        heading += sin(k * 0.37) * 0.3;
        x += 2.7 * cos(heading), y += 2.7 * sin(heading);
        board_stroke_add(b, x, y);
    }
    ids[5] = board_stroke_end(b);
    ids[6] = board_add_shape(b, BOARD_ELLIPSE, 0, 0, 6, 4);
    BoardStyle st = board_style_default();
    st.rounded = true;
    st.fill = 0xa5d8ffff;
    board_set_style(b, &ids[1], 1, &st, BOARD_STYLE_ROUNDED | BOARD_STYLE_FILL);
    board_set_style(b, &ids[0], 1, &st, BOARD_STYLE_FILL);
    for (int i = 0; i < 7; i++) {
        const BoardElement *el = board_get(b, ids[i]);
        BoardPoint full[BOARD_GEOM_OUTLINE_MAX], lod[BOARD_GEOM_OUTLINE_MAX];
        size_t nf = board_geom_outline(el, full, BOARD_GEOM_OUTLINE_MAX);
        for (float px = 0.125f; px <= 1; px *= 2) {
            size_t nl = board_geom_outline_lod(el, px, lod, BOARD_GEOM_OUTLINE_MAX);
            assert_int_equal(nl, nf);
            assert_memory_equal(lod, full, nf * sizeof(*full));
        }
        size_t near = triangles_at(el, 1), prev = near;
        assert_true(near > 0);
        for (float px = 2; px <= 64; px *= 2) {
            size_t n = triangles_at(el, px);
            assert_true(n > 0);     /* something is drawn however small */
            assert_true(n <= prev); /* coarser never costs more */
            prev = n;
            if (board_kind_is_box(el->kind))
                assert_true(board_geom_outline_lod(el, px, lod, BOARD_GEOM_OUTLINE_MAX) <= nf);
        }
        if (i < 6) /* zoomed out to 12.5 %, the big ones cost far less */
            assert_true(triangles_at(el, 8) * 2 < near);
    }
    /* the 6 x 4 ellipse at 1/64: a quad at least a pixel wide over where it is */
    BoardMesh fill = {0}, stroke = {0};
    const BoardElement *dot = board_get(b, ids[6]);
    board_mesh_element(dot, 64, &fill, &stroke);
    assert_int_equal(stroke.nidx, 6);
    assert_true(mesh_covers(&stroke, 3, 2, 0));
    assert_true(mesh_covers(&stroke, 3 + 31, 2, 1e-3));
    board_mesh_free(&fill);
    board_mesh_free(&stroke);
    board_free(b);
}

/* A stroke under a pixel and a half wide is a strip at least a pixel wide, without its
 * caps: fewer triangles, still covering its ends. */
static void test_thin_freehand(void **state)
{
    (void)state;
    BoardPoint pts[100];
    for (int k = 0; k < 100; k++)
        pts[k] = (BoardPoint){(float)(k * 3), (float)(20 * sin(k * 0.1))};
    BoardFreehandOptions o = board_freehand_options(1, true);
    BoardMesh wide = {0}, thin = {0};
    board_freehand_mesh(pts, 100, &o, 1, &wide);
    o.min_step = 16;
    o.tolerance = 8;
    board_freehand_mesh(pts, 100, &o, 16, &thin);
    assert_true(thin.nidx * 4 < wide.nidx);
    assert_true(mesh_covers(&thin, pts[99].x, pts[99].y, 1e-3));
    assert_true(mesh_covers(&thin, pts[50].x, pts[50].y + 7.5, 1e-3)); /* a pixel wide */
    board_mesh_free(&wide);
    board_mesh_free(&thin);
}

static void test_element_meshes(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t ids[4];
    ids[0] = board_add_stencil(b, BOARD_STENCIL_QUEUE, 0, 0);
    ids[1] = board_add_shape(b, BOARD_DIAMOND, 0, 0, 100, 80);
    BoardPoint pts[2] = {{0, 0}, {100, 50}};
    ids[2] = board_add_line(b, BOARD_ARROW, pts, 2);
    ids[3] = board_add_text(b, 0, 0, "no mesh", 12);
    BoardStyle st = board_style_default();
    st.dashed = true;
    board_set_style(b, &ids[1], 1, &st, BOARD_STYLE_DASHED);
    BoardMesh fill = {0}, stroke = {0};
    for (int i = 0; i < 4; i++) {
        board_mesh_clear(&fill);
        board_mesh_clear(&stroke);
        const BoardElement *el = board_get(b, ids[i]);
        board_mesh_element(el, 1, &fill, &stroke);
        if (i == 0) {
            assert_int_equal(fill.nidx, 3 * 2); /* a box: two triangles */
            assert_true(mesh_covers(&fill, el->w / 2, el->h / 2, 0));
        }
        if (i == 2) { /* the arrowhead's wings are drawn */
            double len = hypot(100, 50), ux = 100 / len, uy = 50 / len, size = 18;
            double a = 25 * 3.14159265358979 / 180;
            assert_true(mesh_covers(&stroke, 100 - size * (ux * cos(a) - uy * sin(a)),
                                    50 - size * (uy * cos(a) + ux * sin(a)), 1e-3));
            assert_true(mesh_covers(&stroke, 100 - size * (ux * cos(a) + uy * sin(a)),
                                    50 - size * (uy * cos(a) - ux * sin(a)), 1e-3));
        }
        if (i == 3)
            assert_int_equal(stroke.nidx + fill.nidx, 0);
        else
            assert_true(stroke.nidx > 0);
    }
    board_mesh_free(&fill);
    board_mesh_free(&stroke);
    board_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hit_test_matches_brute_force),
        cmocka_unit_test(test_box_selection_and_view_match_brute_force),
        cmocka_unit_test(test_shape_at_and_border_points),
        cmocka_unit_test(test_freehand_outline_and_mesh_cover_the_stroke),
        cmocka_unit_test(test_freehand_dot_and_pressure),
        cmocka_unit_test(test_element_meshes),
        cmocka_unit_test(test_polyline_covers_its_width),
        cmocka_unit_test(test_level_of_detail),
        cmocka_unit_test(test_thin_freehand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
