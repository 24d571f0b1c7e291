/*
 * test_board.c: the whiteboard model (core/board): commands and their undo/redo under
 * random command sequences (seeded), with the invariants checked after every step; arrows
 * and labels following their shapes; deletion, z-order, groups, duplication, freehand
 * strokes, edit grouping and the save journal.
 */
#include "board_support.h"

static int64_t rect(Board *b, double x, double y, double w, double h)
{
    return board_add_shape(b, BOARD_RECT, x, y, w, h);
}

static int64_t arrow_between(Board *b, int64_t from, int64_t to)
{
    const BoardElement *a = board_get(b, from), *c = board_get(b, to);
    BoardPoint pts[2] = {{(float)(a->x + a->w), (float)(a->y + a->h / 2)},
                         {(float)c->x, (float)(c->y + c->h / 2)}};
    board_edit_begin(b);
    int64_t id = board_add_line(b, BOARD_ARROW, pts, 2);
    board_bind(b, id, 0, from);
    board_bind(b, id, 1, to);
    board_edit_end(b);
    return id;
}

static BoardPoint end_of(const Board *b, int64_t arrow, int end)
{
    const BoardElement *a = board_get(b, arrow);
    BoardPoint p = a->points[end ? a->npoints - 1 : 0];
    return (BoardPoint){(float)(a->x + p.x), (float)(a->y + p.y)};
}

static void test_add_and_order(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t r = rect(b, 0, 0, 100, 50);
    int64_t e = board_add_shape(b, BOARD_ELLIPSE, 10, 10, -40, -20); /* a negative size flips */
    assert_int_equal(board_count(b), 2);
    assert_ptr_equal(board_at(b, 0), board_get(b, r));
    assert_ptr_equal(board_at(b, 1), board_get(b, e));
    const BoardElement *el = board_get(b, e);
    assert_true(el->x == -30 && el->y == -10 && el->w == 40 && el->h == 20);
    assert_null(board_get(b, 999));
    BoardRect ext;
    assert_true(board_extent(b, &ext));
    assert_true(ext.x0 == -30 && ext.y0 == -10 && ext.x1 == 100 && ext.y1 == 50);
    check_invariants(b);
    board_free(b);
}

static void test_arrows_follow_their_shapes(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t a = rect(b, 0, 0, 100, 60), c = rect(b, 300, 200, 100, 60);
    int64_t arr = arrow_between(b, a, c);
    const BoardElement *el = board_get(b, arr);
    assert_int_equal(el->start.id, a);
    assert_int_equal(el->end.id, c);
    assert_true(near(el->start.fx, 1, 1e-6) && near(el->start.fy, 0.5, 1e-6));

    board_move(b, &a, 1, 50, -20);
    BoardPoint s = end_of(b, arr, 0);
    assert_true(near(s.x, 150, 1e-5) && near(s.y, 10, 1e-5));
    BoardRect box = {300, 200, 500, 400};
    board_resize(b, c, box);
    BoardPoint t = end_of(b, arr, 1);
    assert_true(near(t.x, 300, 1e-5) && near(t.y, 300, 1e-5));
    check_invariants(b);

    /* moving the arrow alone unbinds it; moving it with both shapes keeps it bound */
    int64_t both[3] = {a, c, arr};
    board_move(b, both, 3, 10, 10);
    assert_int_equal(board_get(b, arr)->start.id, a);
    board_move(b, &arr, 1, 5, 5);
    assert_int_equal(board_get(b, arr)->start.id, 0);
    assert_int_equal(board_get(b, arr)->end.id, 0);
    assert_true(board_undo(b));
    assert_int_equal(board_get(b, arr)->start.id, a);

    /* deleting a shape unbinds the arrow; undo binds it again */
    board_delete(b, &c, 1);
    assert_null(board_get(b, c));
    assert_int_equal(board_get(b, arr)->end.id, 0);
    check_invariants(b);
    assert_true(board_undo(b));
    assert_int_equal(board_get(b, arr)->end.id, c);
    check_invariants(b);
    board_free(b);
}

static void test_labels_sit_in_their_shapes(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t db = board_add_stencil(b, BOARD_STENCIL_DATABASE, 500, 300);
    const BoardElement *label = board_label_of(b, db);
    assert_non_null(label);
    assert_string_equal(label->text, "Database");
    assert_int_equal(board_get(b, db)->style.fill,
                     board_stencil_info(BOARD_STENCIL_DATABASE)->fill);
    /* adding the stencil and its label is one command */
    assert_true(board_undo(b));
    assert_int_equal(board_count(b), 0);
    assert_true(board_redo(b));
    assert_int_equal(board_count(b), 2);

    int64_t label_id = board_label_of(b, db)->id;
    board_move(b, &label_id, 1, 100, 0); /* a label moves its shape */
    assert_true(near(board_get(b, db)->x, 500 - 65 + 100, 1e-9));
    board_set_label(b, db, "Orders DB\nprimary");
    assert_string_equal(board_label_of(b, db)->text, "Orders DB\nprimary");
    check_invariants(b);
    /* hitting the label selects the shape */
    const BoardElement *l = board_label_of(b, db);
    assert_int_equal(board_hit_test(b, l->x + l->w / 2, l->y + l->h / 2, 0), db);
    board_set_label(b, db, "");
    assert_null(board_label_of(b, db));
    board_delete(b, &db, 1);
    assert_int_equal(board_count(b), 0);
    assert_true(board_undo(b));
    assert_true(board_undo(b));
    assert_non_null(board_label_of(b, db));
    check_invariants(b);
    board_free(b);
}

static void test_reorder(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t id[4];
    for (int i = 0; i < 4; i++)
        id[i] = rect(b, i * 10, 0, 50, 50);
    int64_t sel[2] = {id[0], id[1]};
    board_reorder(b, sel, 2, BOARD_FORWARD); /* 0 1 2 3 -> 2 0 1 3 */
    int64_t want1[4] = {id[2], id[0], id[1], id[3]};
    for (int i = 0; i < 4; i++)
        assert_int_equal(board_at(b, (size_t)i)->id, want1[i]);
    board_reorder(b, &id[3], 1, BOARD_TO_BACK); /* -> 3 2 0 1 */
    assert_int_equal(board_at(b, 0)->id, id[3]);
    board_reorder(b, &id[3], 1, BOARD_TO_FRONT); /* -> 2 0 1 3 */
    assert_int_equal(board_at(b, 3)->id, id[3]);
    board_reorder(b, &id[1], 1, BOARD_BACKWARD); /* -> 2 1 0 3 */
    int64_t want2[4] = {id[2], id[1], id[0], id[3]};
    for (int i = 0; i < 4; i++)
        assert_int_equal(board_at(b, (size_t)i)->id, want2[i]);
    /* a stencil's label keeps its z */
    int64_t s = board_add_stencil(b, BOARD_STENCIL_CACHE, 0, 0);
    board_reorder(b, &s, 1, BOARD_TO_BACK);
    assert_int_equal(board_at(b, 0)->id, s);
    assert_int_equal(board_at(b, 1)->container, s);
    check_invariants(b);
    board_free(b);
}

static void test_groups_and_duplicates(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t a = rect(b, 0, 0, 100, 60), c = board_add_stencil(b, BOARD_STENCIL_QUEUE, 400, 30);
    int64_t arr = arrow_between(b, a, c);
    int64_t all[3] = {a, c, arr};
    int64_t g = board_group(b, all, 3);
    assert_true(g > 0);
    BoardIds members = {0};
    board_group_members(b, g, &members);
    assert_int_equal(members.n, 3);
    assert_int_equal(board_label_of(b, c)->groups[0], g);
    board_ids_free(&members);

    BoardIds made = {0};
    board_duplicate(b, all, 3, 0, 200, &made);
    assert_int_equal(made.n, 3);
    assert_int_equal(board_count(b), 8); /* 3 + label, twice */
    const BoardElement *copy = board_get(b, made.v[2]);
    assert_int_equal(copy->kind, BOARD_ARROW);
    assert_int_equal(copy->start.id, made.v[0]); /* bound to the copies */
    assert_int_equal(copy->end.id, made.v[1]);
    assert_true(copy->ngroups == 1 && copy->groups[0] != g);
    assert_non_null(board_label_of(b, made.v[1]));
    check_invariants(b);
    /* moving a copied shape moves the copied arrow's end, not the original's */
    BoardPoint before = end_of(b, arr, 0);
    board_move(b, &made.v[0], 1, -30, 0);
    BoardPoint after = end_of(b, arr, 0);
    assert_true(before.x == after.x && before.y == after.y);
    board_ungroup(b, all, 3);
    assert_int_equal(board_get(b, a)->ngroups, 0);
    board_ids_free(&made);
    check_invariants(b);
    board_free(b);
}

static void test_strokes(void **state)
{
    (void)state;
    Board *b = board_new();
    BoardStyle st = board_style_default();
    board_stroke_begin(b, 100, 100, &st);
    for (int i = 1; i <= 50; i++)
        board_stroke_add(b, 100 - i * 2, 100 + 10 * sin(i * 0.3));
    board_stroke_add(b, 0, 100.1);
    const BoardElement *p = board_stroke_pending(b);
    assert_non_null(p);
    assert_true(p->x <= 0 && p->w >= 100);
    assert_int_equal(board_count(b), 0); /* not on the board until it ends */
    int64_t id = board_stroke_end(b);
    assert_true(id > 0);
    assert_null(board_stroke_pending(b));
    const BoardElement *el = board_get(b, id);
    assert_int_equal(el->kind, BOARD_FREEHAND);
    assert_true(el->npoints >= 50);
    check_invariants(b);
    board_stroke_begin(b, 0, 0, NULL);
    board_stroke_add(b, 5, 5);
    board_stroke_cancel(b);
    assert_int_equal(board_count(b), 1);
    assert_true(board_undo(b));
    assert_int_equal(board_count(b), 0);
    board_free(b);
}

static void test_edit_groups_and_journal(void **state)
{
    (void)state;
    Board *b = board_new();
    int64_t a = rect(b, 0, 0, 10, 10);
    assert_int_equal(board_journal_count(b), 1);
    board_edit_begin(b);
    for (int i = 0; i < 30; i++)
        board_move(b, &a, 1, 1, 0);  /* a drag */
    assert_false(board_can_undo(b)); /* not while a command is open */
    board_edit_end(b);
    assert_int_equal(board_journal_count(b), 2);
    BoardJournalEntry e = board_journal_entry(b, 1);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.ids[0], a);
    assert_true(board_get(b, a)->x == 30);
    assert_true(board_undo(b));
    assert_true(board_get(b, a)->x == 0);
    assert_int_equal(board_journal_count(b), 3);
    board_journal_drop(b, 2);
    assert_int_equal(board_journal_count(b), 1);
    assert_int_equal(board_journal_entry(b, 0).ids[0], a);
    /* a command that changes nothing is no command */
    board_move(b, &a, 1, 0, 0);
    board_set_heads(b, &a, 1, 0);
    assert_int_equal(board_journal_count(b), 1);
    board_free(b);
}

/* ---- random sequences ---------------------------------------------------------------- */

static int64_t random_id(Rng *r, const Board *b)
{
    size_t n = board_count(b);
    return n ? board_at(b, (size_t)rng_int(r, (int)n))->id : 0;
}

static void random_ids(Rng *r, const Board *b, int64_t *ids, size_t *n)
{
    *n = (size_t)rng_int(r, 4) + 1;
    for (size_t i = 0; i < *n; i++)
        ids[i] = rng_int(r, 20) == 0 ? 99999 : random_id(r, b); /* now and then a bad id */
}

static void random_add(Rng *r, Board *b)
{
    double x = rng_range(r, -500, 500), y = rng_range(r, -500, 500);
    switch (rng_int(r, 5)) {
    case 0:
        board_add_shape(b, (BoardKind)rng_int(r, 3), x, y, rng_range(r, -80, 200),
                        rng_range(r, -80, 200));
        break;
    case 1:
        board_add_stencil(b, (BoardStencil)(1 + rng_int(r, BOARD_STENCIL_COUNT - 1)), x, y);
        break;
    case 2:
        board_add_text(b, x, y, rng_int(r, 2) ? "hello" : "two\nlines", 16);
        break;
    case 3: {
        BoardPoint pts[3] = {{(float)x, (float)y},
                             {(float)(x + rng_range(r, -300, 300)), (float)y},
                             {(float)(x + 40), (float)(y + rng_range(r, -300, 300))}};
        int64_t id = board_add_line(b, rng_int(r, 3) ? BOARD_ARROW : BOARD_LINE, pts,
                                    (size_t)(2 + rng_int(r, 2)));
        board_bind(b, id, rng_int(r, 2), random_id(r, b));
        break;
    }
    default: {
        board_stroke_begin(b, x, y, NULL);
        for (int i = 0; i < 20; i++)
            board_stroke_add(b, x + rng_range(r, -50, 50), y + rng_range(r, -50, 50));
        board_stroke_end(b);
    }
    }
}

static void random_edit(Rng *r, Board *b)
{
    int64_t ids[4];
    size_t n;
    random_ids(r, b, ids, &n);
    BoardStyle st = {(uint32_t)rng_next(r), (uint32_t)rng_next(r), (float)rng_range(r, 1, 8),
                     rng_int(r, 2) == 1, rng_int(r, 2) == 1};
    switch (rng_int(r, 12)) {
    case 0:
        board_delete(b, ids, n);
        break;
    case 1:
        board_move(b, ids, n, rng_range(r, -100, 100), rng_range(r, -100, 100));
        break;
    case 2: {
        double x = rng_range(r, -400, 400), y = rng_range(r, -400, 400);
        board_resize(b, ids[0],
                     (BoardRect){x, y, x + rng_range(r, 0, 300), y + rng_range(r, 0, 300)});
        break;
    }
    case 3:
        board_set_style(b, ids, n, &st, (unsigned)rng_int(r, BOARD_STYLE_ALL + 1));
        break;
    case 4:
        board_set_label(b, ids[0], rng_int(r, 3) ? "label" : "");
        break;
    case 5:
        board_reorder(b, ids, n, (BoardOrder)rng_int(r, 4));
        break;
    case 6:
        if (rng_int(r, 2))
            board_group(b, ids, n);
        else
            board_ungroup(b, ids, n);
        break;
    case 7:
        board_duplicate(b, ids, n, 20, 20, NULL);
        break;
    case 8:
        board_bind(b, ids[0], rng_int(r, 2), rng_int(r, 4) ? random_id(r, b) : 0);
        break;
    case 9: {
        BoardPoint pts[2] = {{(float)rng_range(r, -300, 300), (float)rng_range(r, -300, 300)},
                             {(float)rng_range(r, -300, 300), (float)rng_range(r, -300, 300)}};
        board_set_points(b, ids[0], pts, 2);
        break;
    }
    case 10:
        board_set_text(b, ids[0], rng_int(r, 4) ? "edited" : "");
        break;
    default:
        board_set_heads(b, ids, n, (uint8_t)rng_int(r, 4));
    }
}

static void check_index(Rng *r, const Board *b)
{
    for (int k = 0; k < 20; k++) {
        double x = rng_range(r, -700, 700), y = rng_range(r, -700, 700), tol = rng_range(r, 0, 8);
        assert_int_equal(board_hit_test(b, x, y, tol), brute_hit(b, x, y, tol));
    }
}

/* Runs `steps` random commands (some inside edit groups, some undos and redos), checking
 * the invariants after each, and that undoing and redoing everything gives the same
 * states, in both directions. */
static void run_random(uint64_t seed, int steps)
{
    Rng r = {seed};
    Board *b = board_new();
    Snapshot *history = xcalloc((size_t)steps + 1, sizeof(*history));
    size_t depth = 0; /* commands on the undo stack, as history[0..depth] */
    size_t reach = 0; /* and how far redo goes */
    history[0] = snapshot_take(b);
    for (int i = 0; i < steps; i++) {
        int what = rng_int(&r, 10);
        uint64_t before = board_commit_count(b);
        if (what == 0 && depth > 0) {
            assert_true(board_undo(b));
            depth--;
            assert_snapshot(&history[depth], b);
            continue;
        }
        if (what == 1 && board_can_redo(b)) {
            assert_true(board_redo(b));
            depth++;
            assert_snapshot(&history[depth], b);
            continue;
        }
        board_edit_begin(b); /* some steps are more than one command */
        if (what == 2) {
            random_add(&r, b);
            random_edit(&r, b);
        } else if (what < 6) {
            random_add(&r, b);
        } else {
            random_edit(&r, b);
        }
        board_edit_end(b);
        check_invariants(b);
        if (board_commit_count(b) == before) {
            assert_snapshot(&history[depth], b); /* nothing changed */
            continue;
        }
        assert_false(board_can_redo(b));
        depth++;
        for (size_t k = depth; k <= (size_t)steps && history[k].v; k++)
            snapshot_free(&history[k]);
        history[depth] = snapshot_take(b);
        reach = depth;
        if (i % 16 == 0)
            check_index(&r, b);
    }
    while (board_undo(b)) {
        depth--;
        check_invariants(b);
        assert_snapshot(&history[depth], b);
    }
    assert_int_equal(depth, 0);
    assert_int_equal(board_count(b), 0);
    while (board_redo(b)) {
        depth++;
        assert_snapshot(&history[depth], b);
    }
    assert_int_equal(depth, reach);
    check_index(&r, b);
    for (int k = 0; k <= steps; k++)
        snapshot_free(&history[k]);
    free(history);
    board_free(b);
}

static void test_random_commands_undo_and_redo_exactly(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 24; seed++)
        run_random(seed * 0x9e3779b97f4a7c15ULL, 600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_and_order),
        cmocka_unit_test(test_arrows_follow_their_shapes),
        cmocka_unit_test(test_labels_sit_in_their_shapes),
        cmocka_unit_test(test_reorder),
        cmocka_unit_test(test_groups_and_duplicates),
        cmocka_unit_test(test_strokes),
        cmocka_unit_test(test_edit_groups_and_journal),
        cmocka_unit_test(test_random_commands_undo_and_redo_exactly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
