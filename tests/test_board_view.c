/*
 * test_board_view.c: drawing a board through a view (ui/board_view) with a fake text
 * measurer: screen and board coordinates round trip, zooming keeps the point under the
 * cursor, fitting centres a rectangle, shapes become triangles in their colours inside
 * the canvas, labels are centred and free text left-aligned, the `only` filter, the mesh
 * cache (kept across pans, rebuilt after an edit or a change of detail, emptied of
 * deleted elements), culling, the dark theme's ink, the grid, the stroke in progress and
 * the export frame with its size limits.
 */
#include "board_support.h"

#include "ui/board_view.h"

#define CHAR_W 7.0f /* the fake measurer: 7 px a byte at any size */

static float fake_measure(void *user, FontId font, float size, const char *text)
{
    (void)user, (void)font, (void)size;
    return CHAR_W * (float)strlen(text);
}

static const Rect AREA = {100, 50, 800, 600};

static BoardDrawOptions options(void)
{
    return (BoardDrawOptions){.background = {255, 255, 255, 255},
                              .grid_step = 20,
                              .grid_color = {230, 230, 230, 255},
                              .measure = fake_measure};
}

static bool color_is(Color c, uint32_t rgba)
{
    return c.r == (uint8_t)(rgba >> 24) && c.g == (uint8_t)(rgba >> 16) &&
           c.b == (uint8_t)(rgba >> 8) && c.a == (uint8_t)rgba;
}

static size_t count_kind(const DrawList *dl, DrawKind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < dl->count; i++)
        n += dl->cmds[i].kind == kind;
    return n;
}

/* The i-th TRIANGLES command, or NULL. */
static const DrawCmd *triangles(const DrawList *dl, size_t i)
{
    for (size_t k = 0; k < dl->count; k++)
        if (dl->cmds[k].kind == DRAW_TRIANGLES && i-- == 0)
            return &dl->cmds[k];
    return NULL;
}

/* The bounding box of a TRIANGLES command's vertices. */
static Rect bounds_of(const DrawList *dl, const DrawCmd *c)
{
    float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < c->vertex_count; i++) {
        float x = dl->verts[2 * (c->first_vertex + i)],
              y = dl->verts[2 * (c->first_vertex + i) + 1];
        x0 = fminf(x0, x), y0 = fminf(y0, y), x1 = fmaxf(x1, x), y1 = fmaxf(y1, y);
    }
    return (Rect){x0, y0, x1 - x0, y1 - y0};
}

static const DrawCmd *find_text(const DrawList *dl, const char *s)
{
    for (size_t i = 0; i < dl->count; i++)
        if (dl->cmds[i].kind == DRAW_TEXT && strcmp(draw_cmd_text(dl, &dl->cmds[i]), s) == 0)
            return &dl->cmds[i];
    return NULL;
}

/* ---- the view ------------------------------------------------------------------------ */

static void test_coordinates_round_trip(void **state)
{
    (void)state;
    BoardView v = {-30.5, 12.25, 2.5};
    float sx, sy;
    board_view_to_screen(v, AREA, -30.5, 12.25, &sx, &sy);
    assert_float_equal(sx, AREA.x, 1e-4);
    assert_float_equal(sy, AREA.y, 1e-4);
    board_view_to_screen(v, AREA, 10, 20, &sx, &sy);
    assert_float_equal(sx, AREA.x + 40.5f * 2.5f, 1e-3);
    assert_float_equal(sy, AREA.y + 7.75f * 2.5f, 1e-3);
    Rng r = {12345};
    for (int i = 0; i < 1000; i++) {
        BoardView w = {rng_range(&r, -1e5, 1e5), rng_range(&r, -1e5, 1e5),
                       rng_range(&r, BOARD_ZOOM_MIN, BOARD_ZOOM_MAX)};
        double bx = w.x + rng_range(&r, 0, 800 / w.zoom), by = w.y + rng_range(&r, 0, 600 / w.zoom);
        double back_x, back_y;
        board_view_to_screen(w, AREA, bx, by, &sx, &sy);
        board_view_to_board(w, AREA, sx, sy, &back_x, &back_y);
        /* floats on screen: within a hundredth of a pixel */
        assert_true(fabs(back_x - bx) * w.zoom < 0.01 + 1e-7 * fabs(bx) * w.zoom);
        assert_true(fabs(back_y - by) * w.zoom < 0.01 + 1e-7 * fabs(by) * w.zoom);
    }
    BoardRect vis = board_view_visible(v, AREA);
    assert_float_equal(vis.x0, -30.5, 1e-9);
    assert_float_equal(vis.y0, 12.25, 1e-9);
    assert_float_equal(vis.x1, -30.5 + 800 / 2.5, 1e-9);
    assert_float_equal(vis.y1, 12.25 + 600 / 2.5, 1e-9);
}

static void test_zoom_at_keeps_the_point_under_the_cursor(void **state)
{
    (void)state;
    BoardView v = {100, -40, 1};
    float cx = 437, cy = 291;
    double bx, by;
    board_view_to_board(v, AREA, cx, cy, &bx, &by);
    double zooms[] = {1.1, 2, 7.5, 0.5, 0.1, 30};
    for (size_t i = 0; i < ARRAY_LEN(zooms); i++) {
        v = board_view_zoom_at(v, AREA, cx, cy, zooms[i]);
        assert_float_equal(v.zoom, zooms[i], 1e-12);
        double ax, ay;
        board_view_to_board(v, AREA, cx, cy, &ax, &ay);
        assert_float_equal(ax, bx, 1e-9);
        assert_float_equal(ay, by, 1e-9);
    }
    /* clamped into range, still about the cursor */
    v = board_view_zoom_at(v, AREA, cx, cy, 1000);
    assert_float_equal(v.zoom, BOARD_ZOOM_MAX, 1e-12);
    v = board_view_zoom_at(v, AREA, cx, cy, 0.001);
    assert_float_equal(v.zoom, BOARD_ZOOM_MIN, 1e-12);
    double ax, ay;
    board_view_to_board(v, AREA, cx, cy, &ax, &ay);
    assert_float_equal(ax, bx, 1e-9);
    assert_float_equal(ay, by, 1e-9);
    v = board_view_zoom_at(v, AREA, cx, cy, NAN);
    assert_float_equal(v.zoom, BOARD_ZOOM_MIN, 1e-12);
}

static void test_fit_centres_the_rectangle(void **state)
{
    (void)state;
    BoardRect r = {1000, 2000, 1400, 2100}; /* 400 x 100: the width decides */
    BoardView v = board_view_fit(r, AREA, 20, 10);
    assert_float_equal(v.zoom, 760.0 / 400, 1e-9);
    float x0, y0, x1, y1;
    board_view_to_screen(v, AREA, r.x0, r.y0, &x0, &y0);
    board_view_to_screen(v, AREA, r.x1, r.y1, &x1, &y1);
    assert_float_equal(x0, AREA.x + 20, 1e-3);
    assert_float_equal(x1, AREA.x + AREA.w - 20, 1e-3);
    assert_float_equal((y0 + y1) / 2, AREA.y + AREA.h / 2, 1e-3);
    /* a small rectangle is not blown up past max_zoom */
    v = board_view_fit((BoardRect){0, 0, 10, 10}, AREA, 20, 2);
    assert_float_equal(v.zoom, 2, 1e-12);
    board_view_to_screen(v, AREA, 5, 5, &x0, &y0);
    assert_float_equal(x0, AREA.x + AREA.w / 2, 1e-3);
    assert_float_equal(y0, AREA.y + AREA.h / 2, 1e-3);
    /* a huge one stops at the smallest zoom */
    v = board_view_fit((BoardRect){0, 0, 1e7, 1e7}, AREA, 20, 2);
    assert_float_equal(v.zoom, BOARD_ZOOM_MIN, 1e-12);
    /* a horizontal line fits by its width alone */
    v = board_view_fit((BoardRect){0, 50, 200, 50}, AREA, 0, 100);
    assert_float_equal(v.zoom, 4, 1e-12);
    /* an empty rectangle: zoom 1 at the origin */
    v = board_view_fit((BoardRect){5, 5, 5, 5}, AREA, 20, 4);
    assert_float_equal(v.zoom, 1, 0);
    assert_float_equal(v.x, 0, 0);
    assert_float_equal(v.y, 0, 0);
}

/* ---- drawing ------------------------------------------------------------------------- */

static void test_rectangle_is_triangles_in_its_colours(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t id = board_add_shape(b, BOARD_RECT, 100, 100, 200, 80);
    BoardStyle st = {.stroke = 0x1971c2ff, .fill = 0xffec99ff, .width = 4};
    board_set_style(b, &id, 1, &st, BOARD_STYLE_ALL);
    BoardRenderer *r = board_renderer_new();
    DrawList dl = {0};
    BoardDrawOptions o = options();
    BoardView v = {50, 50, 2};
    board_renderer_draw(r, &dl, b, AREA, v, &o);

    /* clip to the canvas, background, the fill, the stroke, clip off */
    assert_int_equal(dl.cmds[0].kind, DRAW_CLIP);
    assert_memory_equal(&dl.cmds[0].rect, &AREA, sizeof(Rect));
    assert_int_equal(dl.cmds[1].kind, DRAW_RECT);
    assert_true(color_is(dl.cmds[1].color, 0xffffffff));
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 2);
    const DrawCmd *fill = triangles(&dl, 0), *stroke = triangles(&dl, 1);
    assert_true(color_is(fill->color, 0xffec99ff));
    assert_true(color_is(stroke->color, 0x1971c2ff));
    assert_int_equal(fill->index_count % 3, 0);
    assert_true(fill->index_count >= 6);
    assert_int_equal(dl.cmds[dl.count - 1].kind, DRAW_CLIP);
    assert_true(dl.cmds[dl.count - 1].rect.w < 0);

    /* the rectangle (100..300, 100..180) at zoom 2 from (50, 50): screen 200..600 x
     * 150..310, plus the area's offset; the stroke reaches half its width beyond */
    Rect f = bounds_of(&dl, fill), s = bounds_of(&dl, stroke);
    assert_float_equal(f.x, AREA.x + 100, 1e-3);
    assert_float_equal(f.y, AREA.y + 100, 1e-3);
    assert_float_equal(f.w, 400, 1e-3);
    assert_float_equal(f.h, 160, 1e-3);
    assert_float_equal(s.x, AREA.x + 100 - 4, 1e-2);
    assert_float_equal(s.w, 400 + 8, 1e-2);
    assert_true(s.x >= AREA.x && s.y >= AREA.y && s.x + s.w <= AREA.x + AREA.w &&
                s.y + s.h <= AREA.y + AREA.h);
    for (size_t i = 0; i < stroke->index_count; i++)
        assert_true(dl.indices[stroke->first_index + i] >= 0 &&
                    (size_t)dl.indices[stroke->first_index + i] < stroke->vertex_count);

    /* no fill, no fill triangles */
    st.fill = 0xffec9900;
    board_set_style(b, &id, 1, &st, BOARD_STYLE_FILL);
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 1);
    assert_true(color_is(triangles(&dl, 0)->color, 0x1971c2ff));

    draw_free(&dl);
    board_renderer_free(r);
    board_free(b);
}

static void test_label_centred_free_text_left(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t shape = board_add_shape(b, BOARD_RECT, 0, 0, 300, 100);
    board_set_label(b, shape, "cache\nredis cluster");
    board_add_text(b, 40, 200, "free text", 20);
    BoardRenderer *r = board_renderer_new();
    DrawList dl = {0};
    BoardDrawOptions o = options();
    BoardView v = {-10, -10, 1.5};
    board_renderer_draw(r, &dl, b, AREA, v, &o);

    const BoardElement *label = board_label_of(b, shape);
    assert_non_null(label);
    const DrawCmd *l1 = find_text(&dl, "cache"), *l2 = find_text(&dl, "redis cluster");
    assert_non_null(l1);
    assert_non_null(l2);
    float cx, cy;
    board_view_to_screen(v, AREA, 150, 50, &cx, &cy); /* the shape's centre */
    assert_float_equal(l1->rect.x + CHAR_W * 5 / 2, cx, 1e-2);
    assert_float_equal(l2->rect.x + CHAR_W * 13 / 2, cx, 1e-2);
    assert_int_equal(l1->font, FONT_UI);
    assert_float_equal(l1->size, label->font_size * 1.5f, 1e-4);
    assert_float_equal(l2->rect.y - l1->rect.y, label->font_size * 1.5f * 1.25f, 1e-3);
    /* the two lines sit around the shape's middle */
    assert_true(l1->rect.y < cy && l2->rect.y + l2->size > cy);

    const DrawCmd *t = find_text(&dl, "free text");
    assert_non_null(t);
    float tx, ty;
    board_view_to_screen(v, AREA, 40, 200, &tx, &ty);
    assert_float_equal(t->rect.x, tx, 1e-3);
    assert_true(t->rect.y >= ty - 1 && t->rect.y < ty + 5);
    assert_float_equal(t->size, 30, 1e-4);

    /* a line too long to rasterise (3000 bytes, 21000 px by the fake measurer) is left
     * out, the short line under it is not */
    char *long_text = malloc(3010);
    memset(long_text, 'x', 3000);
    strcpy(long_text + 3000, "\nshort");
    board_add_text(b, 40, 300, long_text, 20);
    free(long_text);
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    assert_non_null(find_text(&dl, "short"));
    for (size_t i = 0; i < dl.count; i++)
        if (dl.cmds[i].kind == DRAW_TEXT)
            assert_true(strlen(draw_cmd_text(&dl, &dl.cmds[i])) < 3000);

    /* at 10 % the 20-unit text is 2 px: not drawn */
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-10, -10, 0.1}, &o);
    assert_int_equal(count_kind(&dl, DRAW_TEXT), 0);
    /* no measurer, no text (and no crash) */
    o.measure = NULL;
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    assert_int_equal(count_kind(&dl, DRAW_TEXT), 0);

    draw_free(&dl);
    board_renderer_free(r);
    board_free(b);
}

static void test_only_draws_the_chosen_elements(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t a = board_add_shape(b, BOARD_RECT, 0, 0, 100, 50);
    int64_t c = board_add_shape(b, BOARD_ELLIPSE, 200, 0, 100, 50);
    board_set_label(b, a, "api");
    board_set_label(b, c, "db");
    BoardStyle st = board_style_default();
    st.stroke = 0xe03131ff;
    board_set_style(b, &c, 1, &st, BOARD_STYLE_STROKE);
    BoardIds only = {0};
    board_ids_push(&only, c);
    BoardRenderer *r = board_renderer_new();
    DrawList dl = {0};
    BoardDrawOptions o = options();
    o.only = &only;
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-20, -20, 1}, &o);
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 1);
    assert_true(color_is(triangles(&dl, 0)->color, 0xe03131ff));
    assert_non_null(find_text(&dl, "db")); /* the label goes with its shape */
    assert_null(find_text(&dl, "api"));
    /* an empty selection draws nothing; NULL draws everything */
    only.n = 0;
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-20, -20, 1}, &o);
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES) + count_kind(&dl, DRAW_TEXT), 0);
    o.only = NULL;
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-20, -20, 1}, &o);
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 2);
    assert_int_equal(count_kind(&dl, DRAW_TEXT), 2);
    board_ids_free(&only);
    draw_free(&dl);
    board_renderer_free(r);
    board_free(b);
}

static void test_mesh_cache_kept_across_pans_rebuilt_after_edits(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t ids[40];
    for (int i = 0; i < 40; i++)
        ids[i] = board_add_shape(b, (BoardKind)(i % 3), (i % 8) * 90, (i / 8) * 90, 60, 40);
    BoardPoint pts[50];
    for (int k = 0; k < 50; k++)
        pts[k] = (BoardPoint){(float)(10 + k * 3), (float)(500 + 20 * sin(k * 0.3))};
    board_stroke_begin(b, pts[0].x, pts[0].y, NULL);
    for (int k = 1; k < 50; k++)
        board_stroke_add(b, pts[k].x, pts[k].y);
    int64_t stroke = board_stroke_end(b);
    assert_true(stroke > 0);

    BoardRenderer *r = board_renderer_new();
    DrawList dl = {0};
    BoardDrawOptions o = options();
    BoardView v = {-50, -50, 1};
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    uint64_t built = board_renderer_builds(r);
    size_t bytes = board_renderer_bytes(r);
    assert_int_equal(built, 41);
    assert_true(bytes > 0);

    /* panning: the same meshes, the same triangles moved */
    for (int i = 1; i <= 20; i++) {
        v.x -= 3, v.y -= 2;
        draw_clear(&dl);
        board_renderer_draw(r, &dl, b, AREA, v, &o);
        assert_int_equal(board_renderer_builds(r), built);
        assert_int_equal(board_renderer_bytes(r), bytes);
    }
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 41);

    /* zooming within the level of detail (zoom from 0.71 to 1.41) keeps them too */
    v = board_view_zoom_at(v, AREA, 400, 300, 0.8);
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    assert_int_equal(board_renderer_builds(r), built);
    /* zooming in past it rebuilds what is on screen */
    v = board_view_zoom_at(v, AREA, 400, 300, 1.5);
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    assert_true(board_renderer_builds(r) > built);
    v = (BoardView){-50, -50, 1};
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    built = board_renderer_builds(r);

    /* a move keeps the mesh; a resize rebuilds that one mesh */
    board_move(b, &ids[3], 1, 7, 5);
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    assert_int_equal(board_renderer_builds(r), built);
    board_resize(b, ids[3], (BoardRect){0, 0, 70, 70});
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    assert_int_equal(board_renderer_builds(r), built + 1);
    built++;
    BoardStyle st = board_style_default();
    st.width = 6;
    board_set_style(b, &stroke, 1, &st, BOARD_STYLE_WIDTH);
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    assert_int_equal(board_renderer_builds(r), built + 1);

    /* deleting evicts: the cache shrinks, and undo brings the element back */
    bytes = board_renderer_bytes(r);
    board_delete(b, ids, 20);
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    assert_true(board_renderer_bytes(r) < bytes);
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 21);
    board_undo(b);
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, v, &o);
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 41);

    /* another board: the cache starts over */
    Board *other = board_new();
    board_add_shape(other, BOARD_RECT, 0, 0, 10, 10);
    draw_clear(&dl);
    board_renderer_draw(r, &dl, other, AREA, v, &o);
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 1);
    print_message("cache %zu bytes for 41 elements, %zu for one\n", bytes, board_renderer_bytes(r));
    assert_true(board_renderer_bytes(r) < bytes / 4);
    board_free(other);

    draw_free(&dl);
    board_renderer_free(r);
    board_free(b);
}

static void test_elements_off_screen_are_not_drawn(void **state)
{
    (void)state;
    Board *b = board_new();
    board_add_shape(b, BOARD_RECT, 0, 0, 100, 100);
    board_add_shape(b, BOARD_RECT, 5000, 5000, 100, 100);
    board_add_text(b, -3000, 0, "far away", 20);
    BoardPoint line[2] = {{10, 10}, {90, 90}};
    board_add_line(b, BOARD_ARROW, line, 2);
    BoardRenderer *r = board_renderer_new();
    DrawList dl = {0};
    BoardDrawOptions o = options();
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-10, -10, 1}, &o);
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 2); /* the near rect and the arrow */
    assert_int_equal(count_kind(&dl, DRAW_TEXT), 0);
    assert_int_equal(board_renderer_builds(r), 2);
    for (size_t i = 0; i < 2; i++) {
        Rect bb = bounds_of(&dl, triangles(&dl, i));
        assert_true(bb.x >= AREA.x && bb.y >= AREA.y && bb.x + bb.w <= AREA.x + AREA.w &&
                    bb.y + bb.h <= AREA.y + AREA.h);
    }
    /* partly on screen: drawn (the clip cuts it) */
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, (BoardView){50, 50, 1}, &o);
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 2);
    draw_free(&dl);
    board_renderer_free(r);
    board_free(b);
}

static void test_dark_ink_grid_and_stroke_in_progress(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t id = board_add_shape(b, BOARD_RECT, 0, 0, 100, 100);
    BoardStyle st = {.stroke = 0x1e1e1eff, .fill = 0xffffffff, .width = 2};
    board_set_style(b, &id, 1, &st, BOARD_STYLE_ALL);
    int64_t red = board_add_shape(b, BOARD_RECT, 200, 0, 100, 100);
    st = (BoardStyle){.stroke = 0xe03131ff, .fill = 0x228be6ff, .width = 2};
    board_set_style(b, &red, 1, &st, BOARD_STYLE_ALL);
    BoardRenderer *r = board_renderer_new();
    DrawList dl = {0};
    BoardDrawOptions o = options();
    o.invert_ink = true;
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-10, -10, 1}, &o);
    const DrawCmd *fill = triangles(&dl, 0), *ink = triangles(&dl, 1);
    assert_true(fill->color.r < 40 && fill->color.r == fill->color.g); /* white -> dark grey */
    assert_true(ink->color.r > 200 && ink->color.r == ink->color.b);   /* black -> light */
    /* colours keep their hue (Excalidraw's invert + hue-rotate): blue stays blue, red red */
    Color blue = triangles(&dl, 2)->color, reddish = triangles(&dl, 3)->color;
    assert_true(blue.b > blue.r && blue.b > blue.g);
    assert_true(reddish.r > reddish.g && reddish.r > reddish.b);

    /* grid lines every 20 units at zoom 1: 800 / 20 + 600 / 20 lines, give or take one */
    o.invert_ink = false;
    o.grid = true;
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-10, -10, 1}, &o);
    size_t lines = count_kind(&dl, DRAW_RECT) - 1;
    assert_true(lines >= 68 && lines <= 72);
    /* at 0.25 the lines would be 5 px apart: none */
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-10, -10, 0.25}, &o);
    assert_int_equal(count_kind(&dl, DRAW_RECT), 1);

    /* the stroke in progress comes last, in its colour */
    BoardStyle pen = board_style_default();
    pen.stroke = 0x2f9e44ff;
    board_stroke_begin(b, 50, 300, &pen);
    for (int k = 1; k < 30; k++)
        board_stroke_add(b, 50 + k * 4, 300 + k * 2);
    o.grid = false;
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-10, -10, 1}, &o);
    const DrawCmd *last = &dl.cmds[dl.count - 2]; /* before the unclip */
    assert_int_equal(last->kind, DRAW_TRIANGLES);
    assert_true(color_is(last->color, 0x2f9e44ff));
    Rect bb = bounds_of(&dl, last);
    assert_true(bb.x < AREA.x + 70 && bb.x + bb.w > AREA.x + 160);
    board_stroke_cancel(b);

    draw_free(&dl);
    board_renderer_free(r);
    board_free(b);
}

static size_t triangle_count(const DrawList *dl)
{
    size_t n = 0;
    for (size_t i = 0; i < dl->count; i++)
        if (dl->cmds[i].kind == DRAW_TRIANGLES)
            n += dl->cmds[i].index_count / 3;
    return n;
}

/* Zoomed out, the same board costs far fewer triangles; an element under a pixel still
 * draws, in its colour, where it is. */
static void test_level_of_detail_zoomed_out(void **state)
{
    (void)state;
    Board *b = board_new();
    for (int i = 0; i < 12; i++)
        board_add_shape(b, (BoardKind)(i % 3), (i % 4) * 250, (i / 4) * 200, 200, 120);
    board_stroke_begin(b, 0, 700, NULL);
    for (int k = 1; k < 200; k++)
        board_stroke_add(b, k * 3, 700 + 30 * sin(k * 0.05));
    board_stroke_end(b);
    int64_t dot = board_add_shape(b, BOARD_ELLIPSE, 1200, 300, 4, 4);
    BoardRenderer *r = board_renderer_new();
    DrawList dl = {0};
    BoardDrawOptions o = options();
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-50, -50, 1}, &o);
    size_t near = triangle_count(&dl);
    draw_clear(&dl);
    board_renderer_draw(r, &dl, b, AREA, (BoardView){-50, -50, 0.1}, &o);
    size_t far = triangle_count(&dl);
    print_message("triangles at 100 %%: %zu, at 10 %%: %zu\n", near, far);
    assert_true(far * 4 < near);
    /* the 4 x 4 ellipse is a quad at (1200 + 50) x 0.1 px right of the canvas's left */
    const DrawCmd *last = triangles(&dl, count_kind(&dl, DRAW_TRIANGLES) - 1);
    assert_int_equal(last->index_count, 6);
    assert_true(color_is(last->color, board_get(b, dot)->style.stroke));
    Rect q = bounds_of(&dl, last);
    assert_true(q.w >= 0.79f && q.h >= 0.79f && q.w < 2);
    assert_float_equal(q.x + q.w / 2, AREA.x + 125.2f, 1e-3);
    draw_free(&dl);
    board_renderer_free(r);
    board_free(b);
}

static void test_export_frame_and_limits(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t a = board_add_shape(b, BOARD_RECT, 0, 0, 100, 50);
    BoardStyle st = {.stroke = 0x1e1e1eff, .fill = 0xff0000ff, .width = 2};
    board_set_style(b, &a, 1, &st, BOARD_STYLE_ALL);
    board_add_shape(b, BOARD_RECT, 1000, 1000, 100, 50);
    BoardExportOptions o = {
        .scale = 2, .margin = 20, .background = {255, 255, 255, 255}, .measure = fake_measure};
    int w = 0, h = 0;
    BoardView v;
    char err[256] = "";
    assert_int_equal(board_view_export_frame(b, &o, &w, &h, &v, err, sizeof(err)), ERR_OK);
    /* ink bounds (half the stroke width and a unit: (-2, -2)-(1102, 1052)) grown by the
     * margin, times the scale */
    assert_int_equal(w, 2 * (1104 + 40));
    assert_int_equal(h, 2 * (1054 + 40));
    assert_float_equal(v.zoom, 2, 0);
    BoardIds only = {0};
    board_ids_push(&only, a);
    o.only = &only;
    DrawList dl = {0};
    assert_int_equal(board_view_export(b, &o, &dl, &w, &h, err, sizeof(err)), ERR_OK);
    assert_int_equal(w, 2 * (104 + 40));
    assert_int_equal(h, 2 * (54 + 40));
    assert_int_equal(count_kind(&dl, DRAW_TRIANGLES), 2);
    Rect f = bounds_of(&dl, triangles(&dl, 0));
    assert_float_equal(f.x, 44, 1e-3); /* (margin + ink pad) x 2 */
    assert_float_equal(f.w, 200, 1e-3);
    assert_true(color_is(dl.cmds[1].color, 0xffffffff));
    assert_float_equal(dl.cmds[1].rect.w, (float)w, 0);

    /* hostile sizes and scales are refused with a message */
    o.only = NULL;
    board_add_shape(b, BOARD_RECT, 9e6, 0, 10, 10);
    err[0] = '\0';
    assert_int_equal(board_view_export_frame(b, &o, &w, &h, &v, err, sizeof(err)), ERR_TOO_BIG);
    assert_non_null(strstr(err, "over the limit"));
    o.only = &only;
    o.scale = 30;
    assert_int_equal(board_view_export_frame(b, &o, &w, &h, &v, err, sizeof(err)), ERR_OK);
    o.scale = 0;
    assert_int_equal(board_view_export_frame(b, &o, &w, &h, &v, err, sizeof(err)), ERR_PARSE);
    assert_non_null(strstr(err, "scale"));
    o.scale = NAN;
    assert_int_equal(board_view_export_frame(b, &o, &w, &h, &v, err, sizeof(err)), ERR_PARSE);
    o.scale = 1;
    o.margin = -1;
    assert_int_equal(board_view_export_frame(b, &o, &w, &h, &v, err, sizeof(err)), ERR_PARSE);
    /* 12000 x 9000 is under 16384 a side but over 100 million pixels */
    Board *big = board_new();
    board_add_shape(big, BOARD_RECT, 0, 0, 6000, 4500);
    o = (BoardExportOptions){.scale = 2, .measure = fake_measure};
    assert_int_equal(board_view_export_frame(big, &o, &w, &h, &v, err, sizeof(err)), ERR_TOO_BIG);
    /* an empty board: the margin alone */
    Board *empty = board_new();
    o.margin = 10;
    assert_int_equal(board_view_export_frame(empty, &o, &w, &h, &v, err, sizeof(err)), ERR_OK);
    assert_int_equal(w, 40);
    assert_int_equal(h, 40);
    board_free(empty);
    board_free(big);
    board_ids_free(&only);
    draw_free(&dl);
    board_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coordinates_round_trip),
        cmocka_unit_test(test_zoom_at_keeps_the_point_under_the_cursor),
        cmocka_unit_test(test_fit_centres_the_rectangle),
        cmocka_unit_test(test_rectangle_is_triangles_in_its_colours),
        cmocka_unit_test(test_label_centred_free_text_left),
        cmocka_unit_test(test_only_draws_the_chosen_elements),
        cmocka_unit_test(test_mesh_cache_kept_across_pans_rebuilt_after_edits),
        cmocka_unit_test(test_elements_off_screen_are_not_drawn),
        cmocka_unit_test(test_dark_ink_grid_and_stroke_in_progress),
        cmocka_unit_test(test_level_of_detail_zoomed_out),
        cmocka_unit_test(test_export_frame_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
