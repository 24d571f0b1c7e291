/*
 * test_store_board.c: boards in the database (core/store_board): creating, listing (free
 * boards and attempts' boards), renaming, deleting; every command saved in its own
 * transaction and loaded back identical, undo and redo included; damaged rows refused;
 * and a child process killed with SIGKILL in the middle of a stroke, after which the
 * parent finds every committed command intact.
 */
#include "board_support.h"

#include "core/store.h"
#include "core/store_board.h"

#include <signal.h>
#include <time.h>
#include <sys/wait.h>

static char *dir;
static char *db_path;

static int setup(void **state)
{
    (void)state;
    dir = tmp_dir();
    db_path = path_join(dir, "archdrill.db");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    free(db_path);
    return 0;
}

static Store *open_db(const char *path)
{
    Store *s = NULL;
    ErrInfo err = {0};
    if (store_open(path, &s, &err))
        fail_msg("store_open: %s", err.msg);
    return s;
}

static void add_attempt(Store *s)
{
    assert_int_equal(store_exec(s, "INSERT INTO drill_prompts(key, kind, title, body, source_path,"
                                   " source_line, content_hash, created_s, modified_s)"
                                   " VALUES('p', 'design', 'P', 'b', '/p.md', 1, 'h', 1, 1);"
                                   "INSERT INTO drill_attempts(prompt_id, status, started_ms)"
                                   " VALUES(1, 'running', 5)"),
                     ERR_OK);
}

static void test_boards_are_created_listed_and_deleted(void **state)
{
    (void)state;
    Store *s = open_db(":memory:");
    add_attempt(s);
    int64_t free_id, drill_id, other;
    assert_int_equal(store_board_create(s, "Sketch", 0, 100, &free_id), ERR_OK);
    assert_int_equal(store_board_create(s, "Drill board", 1, 200, &drill_id), ERR_OK);
    assert_int_equal(store_board_create(s, "", 0, 1, &other), ERR_PARSE);
    assert_int_equal(store_board_create(s, "x", 42, 1, &other), ERR_NOT_FOUND);
    int64_t count = 0;
    assert_int_equal(store_query_int(s, "SELECT count(*) FROM boards", &count), ERR_OK);
    assert_int_equal(count, 2); /* the failed creates left nothing behind */

    BoardInfo *list = NULL;
    size_t n = 0;
    assert_int_equal(store_board_list(s, false, &list, &n), ERR_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].name, "Drill board"); /* most recent first */
    assert_int_equal(list[0].attempt_id, 1);
    assert_int_equal(list[1].attempt_id, 0);
    store_board_list_free(list, n);
    assert_int_equal(store_board_list(s, true, &list, &n), ERR_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].name, "Sketch");
    store_board_list_free(list, n);

    int64_t found = 0;
    assert_int_equal(store_board_of_attempt(s, 1, &found), ERR_OK);
    assert_int_equal(found, drill_id);
    assert_int_equal(store_board_rename(s, free_id, "Renamed", 300), ERR_OK);
    assert_int_equal(store_board_rename(s, 99, "x", 300), ERR_NOT_FOUND);
    assert_int_equal(store_board_set_view(s, free_id, 10, -20, 2), ERR_OK);
    assert_int_equal(store_board_set_view(s, free_id, NAN, 0, 1), ERR_PARSE);
    BoardInfo info;
    assert_int_equal(store_board_info(s, free_id, &info), ERR_OK);
    assert_string_equal(info.name, "Renamed");
    assert_true(info.view_x == 10 && info.view_y == -20 && info.zoom == 2);
    assert_int_equal(info.modified_s, 300);
    free(info.name);

    assert_int_equal(store_board_delete(s, drill_id), ERR_OK);
    assert_int_equal(store_board_of_attempt(s, 1, &found), ERR_NOT_FOUND);
    assert_int_equal(store_board_delete(s, drill_id), ERR_NOT_FOUND);
    assert_int_equal(store_board_info(s, drill_id, &info), ERR_NOT_FOUND);
    store_close(s);
}

/* A few commands of every kind, the board saved after each one (some after a few).
 * Returns the first failure: it runs in a forked child too, where cmocka cannot. */
static Err draw_things(Store *s, int64_t id, Board *b, Rng *r, int rounds)
{
    Err e = ERR_OK;
    for (int i = 0; !e && i < rounds; i++) {
        double x = rng_range(r, -800, 800), y = rng_range(r, -800, 800);
        int64_t a =
            board_add_stencil(b, (BoardStencil)(1 + rng_int(r, BOARD_STENCIL_COUNT - 1)), x, y);
        e = store_board_save(s, id, b, 1000 + i);
        int64_t c = board_add_shape(b, (BoardKind)rng_int(r, 3), x + 300, y, 120, 60);
        e = e ? e : store_board_save(s, id, b, 1000 + i);
        BoardPoint pts[2] = {{(float)x, (float)y}, {(float)x + 300, (float)y + 10}};
        int64_t arrow = board_add_line(b, BOARD_ARROW, pts, 2);
        board_bind(b, arrow, 0, a);
        board_bind(b, arrow, 1, c);
        e = e ? e : store_board_save(s, id, b, 1000 + i);
        board_stroke_begin(b, x, y + 200, NULL);
        for (int k = 0; k < 80; k++)
            board_stroke_add(b, x + k * 3, y + 200 + 20 * sin(k * 0.2));
        board_stroke_end(b);
        board_add_text(b, x, y - 100, "a note \"quoted\"\n\u00fcn\u00efcode", 18);
        int64_t both[2] = {a, c};
        board_group(b, both, 2);
        board_move(b, &a, 1, 15, 25);
        BoardStyle st = {0x123456ff, 0xabcdef80, 3.5f, true, true};
        board_set_style(b, &c, 1, &st, BOARD_STYLE_ALL);
        if (rng_int(r, 3) == 0)
            board_delete(b, &c, 1);
        if (rng_int(r, 3) == 0)
            board_undo(b);
        e = e ? e : store_board_save(s, id, b, 1000 + i);
        if (!e && board_journal_count(b) != 0)
            e = ERR_DB;
    }
    return e;
}

static void assert_saved(Store *s, int64_t id, const Board *b)
{
    Board *loaded = NULL;
    assert_int_equal(store_board_load(s, id, &loaded), ERR_OK);
    Snapshot want = snapshot_take(b);
    assert_snapshot(&want, loaded);
    snapshot_free(&want);
    check_invariants(loaded);
    board_free(loaded);
}

static void test_every_command_is_saved_and_loads_back(void **state)
{
    (void)state;
    Store *s = open_db(db_path);
    int64_t id;
    assert_int_equal(store_board_create(s, "b", 0, 1, &id), ERR_OK);
    Board *b = board_new();
    Rng r = {11};
    assert_int_equal(draw_things(s, id, b, &r, 20), ERR_OK);
    assert_saved(s, id, b);
    /* undo and redo are saved too */
    for (int i = 0; i < 7; i++)
        board_undo(b);
    store_board_save(s, id, b, 2000);
    assert_saved(s, id, b);
    board_redo(b);
    store_board_save(s, id, b, 2001);
    assert_saved(s, id, b);
    /* nothing is written while a command is open */
    int64_t first = board_at(b, 0)->id;
    board_edit_begin(b);
    board_move(b, &first, 1, 500, 0);
    assert_int_equal(store_board_save(s, id, b, 2002), ERR_OK);
    board_edit_end(b);
    assert_int_equal(board_journal_count(b), 1);
    store_board_save(s, id, b, 2002);
    assert_saved(s, id, b);
    BoardInfo info;
    store_board_info(s, id, &info);
    assert_int_equal(info.modified_s, 2002);
    assert_int_equal(info.elements, (int64_t)board_count(b));
    free(info.name);
    /* an import writes a whole board at once */
    int64_t copy;
    assert_int_equal(store_board_import(s, "copy", b, 3000, &copy), ERR_OK);
    assert_saved(s, copy, b);
    board_free(b);
    store_close(s);
}

static void test_damaged_rows_are_refused(void **state)
{
    (void)state;
    static const char *const BAD[] = {
        "'rect', '{\"x\": 1e999}', NULL",                    /* infinite */
        "'rect', '{\"x\": \"ten\"}', NULL",                  /* not a number */
        "'blob', '{}', NULL",                                /* unknown kind */
        "'rect', '{\"stroke\": \"#12\"}', NULL",             /* bad colour */
        "'line', '{}', x'00000000000000'",                   /* 7 bytes of points */
        "'line', '{}', NULL",                                /* a line without points */
        "'rect', '{not json', NULL",                         /* malformed */
        "'rect', '{\"groups\": [1,2,3,4,5,6,7,8,9]}', NULL", /* too deep */
        "'stencil', '{\"stencil\": \"toaster\"}', NULL",
        "'rect', '{\"w\": 1e300}', NULL", /* out of range */
    };
    Store *s = open_db(":memory:");
    for (size_t i = 0; i < ARRAY_LEN(BAD); i++) {
        int64_t id;
        assert_int_equal(store_board_create(s, "b", 0, 1, &id), ERR_OK);
        Buf sql = {0};
        buf_printf(&sql,
                   "INSERT INTO board_elements(board_id, eid, z, kind, data, points)"
                   " VALUES(%lld, 1, 0, %s)",
                   (long long)id, BAD[i]);
        assert_int_equal(store_exec(s, buf_str(&sql)), ERR_OK);
        buf_free(&sql);
        Board *b = NULL;
        Err e = store_board_load(s, id, &b);
        if (e != ERR_CORRUPT)
            fail_msg("row %zu (%s): got %d, not ERR_CORRUPT", i, BAD[i], e);
        assert_null(b);
        assert_non_null(strstr(store_errmsg(s), "board"));
    }
    /* a label whose shape is gone loads as free text */
    int64_t id;
    store_board_create(s, "b", 0, 1, &id);
    Buf sql = {0};
    buf_printf(&sql,
               "INSERT INTO board_elements(board_id, eid, z, kind, data)"
               " VALUES(%lld, 1, 0, 'text', '{\"text\": \"hi\", \"container\": 9}')",
               (long long)id);
    assert_int_equal(store_exec(s, buf_str(&sql)), ERR_OK);
    buf_free(&sql);
    Board *b = NULL;
    assert_int_equal(store_board_load(s, id, &b), ERR_OK);
    assert_int_equal(board_get(b, 1)->container, 0);
    board_free(b);
    store_close(s);
}

/* The child: draws and saves `rounds` rounds, then starts a stroke and is killed. */
static void crashing_child(const char *path, int rounds)
{
    Store *s = NULL;
    ErrInfo err = {0};
    if (store_open(path, &s, &err))
        _exit(3);
    int64_t id;
    if (store_board_create(s, "crash", 0, 1, &id))
        _exit(4);
    Board *b = board_new();
    Rng r = {99};
    if (draw_things(s, id, b, &r, rounds))
        _exit(6);
    board_stroke_begin(b, 0, 0, NULL);
    for (int k = 0; k < 50; k++)
        board_stroke_add(b, k, k * 2);
    raise(SIGKILL);
    _exit(5); /* not reached */
}

static void test_sigkill_mid_stroke_keeps_committed_work(void **state)
{
    (void)state;
    const int rounds = 12;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        crashing_child(db_path, rounds);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGKILL);

    /* The same commands, replayed here without a database, give the expected board. */
    Store *mem = open_db(":memory:");
    int64_t mem_id;
    store_board_create(mem, "expected", 0, 1, &mem_id);
    Board *expected = board_new();
    Rng r = {99};
    assert_int_equal(draw_things(mem, mem_id, expected, &r, rounds), ERR_OK);
    store_close(mem);

    Store *s = open_db(db_path);
    BoardInfo *list = NULL;
    size_t n = 0;
    assert_int_equal(store_board_list(s, false, &list, &n), ERR_OK);
    assert_int_equal(n, 1);
    Board *got = NULL;
    assert_int_equal(store_board_load(s, list[0].id, &got), ERR_OK);
    Snapshot want = snapshot_take(expected);
    assert_snapshot(&want, got); /* everything but the stroke in progress */
    assert_true(board_count(got) > 50);
    snapshot_free(&want);
    store_board_list_free(list, n);
    board_free(got);
    board_free(expected);
    store_close(s);
}

/* Command number i of a deterministic session (one command each). */
static void session_step(Board *b, Rng *r)
{
    int64_t any = board_count(b) ? board_at(b, (size_t)rng_int(r, (int)board_count(b)))->id : 0;
    double x = rng_range(r, -1000, 1000), y = rng_range(r, -1000, 1000);
    switch (rng_int(r, 6)) {
    case 0:
        board_add_stencil(b, (BoardStencil)(1 + rng_int(r, BOARD_STENCIL_COUNT - 1)), x, y);
        break;
    case 1: {
        board_stroke_begin(b, x, y, NULL);
        for (int k = 0; k < 40; k++)
            board_stroke_add(b, x + k * 2, y + rng_range(r, -5, 5));
        board_stroke_end(b);
        break;
    }
    case 2:
        board_move(b, &any, 1, rng_range(r, -50, 50), rng_range(r, -50, 50));
        break;
    case 3:
        if (!board_undo(b))
            board_add_shape(b, BOARD_RECT, x, y, 50, 50);
        break;
    case 4: {
        BoardPoint pts[2] = {{(float)x, (float)y}, {(float)x + 100, (float)y}};
        board_edit_begin(b);
        int64_t a = board_add_line(b, BOARD_ARROW, pts, 2);
        board_bind(b, a, 1, any);
        board_edit_end(b);
        break;
    }
    default:
        board_delete(b, &any, 1);
    }
}

static void test_sigkill_at_any_moment_leaves_a_saved_prefix(void **state)
{
    (void)state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        Store *s = NULL;
        ErrInfo err = {0};
        int64_t id;
        if (store_open(db_path, &s, &err) || store_board_create(s, "session", 0, 1, &id))
            _exit(3);
        Board *b = board_new();
        Rng r = {5};
        for (int i = 0; i < 20000; i++) {
            session_step(b, &r);
            if (store_board_save(s, id, b, i))
                _exit(4);
        }
        _exit(0);
    }
    nanosleep(&(struct timespec){0, 150 * 1000 * 1000}, NULL);
    kill(pid, SIGKILL);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0));

    Store *s = open_db(db_path);
    BoardInfo *list = NULL;
    size_t n = 0;
    assert_int_equal(store_board_list(s, false, &list, &n), ERR_OK);
    assert_int_equal(n, 1);
    Board *got = NULL;
    assert_int_equal(store_board_load(s, list[0].id, &got), ERR_OK);
    store_board_list_free(list, n);
    /* Replay the session until the board matches what was saved: it must, exactly, after
     * some command. */
    Board *replay = board_new();
    Rng r = {5};
    int steps = 0;
    Snapshot saved = snapshot_take(got);
    while (!snapshot_matches(&saved, replay) && steps < 20000) {
        session_step(replay, &r);
        steps++;
    }
    print_message("killed after %d saved commands, %zu elements\n", steps, board_count(got));
    assert_true(steps < 20000);
    assert_true(steps > 0);
    snapshot_free(&saved);
    board_free(replay);
    board_free(got);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_boards_are_created_listed_and_deleted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_every_command_is_saved_and_loads_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_damaged_rows_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sigkill_mid_stroke_keeps_committed_work, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sigkill_at_any_moment_leaves_a_saved_prefix, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
