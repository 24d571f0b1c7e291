/*
 * test_store_study.c: studying on the database (core/store_study): presets and the
 * rollover setting, today's queue from the store with its limits and exclusions, the
 * home screen's counts, an answer and its undo leaving every table as it was, a write
 * failing midway in either rolling the whole change back, bad ratings
 * and non-finite states refused with nothing written, leeches at 8 lapses, bury and
 * suspend, and imported histories equal to answers made one by one.
 */
#include "test_support.h"

#include "core/store_study.h"

#include <math.h>
#include <sqlite3.h>

#define NOW_MS 1710064800000LL /* 2024-03-10 10:00:00 UTC */
#define MIN_MS 60000LL

static char *dir;
static char *db_path;
static Store *store;
static DayRule rule;

static int setup(void **state)
{
    (void)state;
    dir = tmp_dir();
    db_path = path_join(dir, "archdrill.db");
    ErrInfo err;
    assert_int_equal(store_open(db_path, &store, &err), ERR_OK);
    assert_int_equal(store_day_rule(store, 0, &rule), ERR_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(store);
    rm_rf(dir);
    free(dir);
    free(db_path);
    return 0;
}

static void exec(const char *sql)
{
    if (store_exec(store, sql))
        fail_msg("%s: %s", sql, store_errmsg(store));
}

static int64_t q(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int64_t q(const char *fmt, ...)
{
    char sql[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    int64_t v = -1;
    if (store_query_int(store, sql, &v))
        fail_msg("%s: %s", sql, store_errmsg(store));
    return v;
}

static int64_t add_deck(const char *key)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "INSERT INTO decks(key, name, source_path, created_s, modified_s)"
             " VALUES('%s', 'Deck %s', '/x/%s.md', 1, 1)",
             key, key, key);
    exec(sql);
    return q("SELECT id FROM decks WHERE key = '%s'", key);
}

static int64_t add_card(int64_t deck_id, const char *key)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO cards(deck_id, key, front, back, source_path, source_line,"
             " content_hash, created_s, modified_s) VALUES(%lld, '%s', 'Q %s', 'A', '/x', 1,"
             " 'h', 1, 1); INSERT INTO card_state(card_id) VALUES(last_insert_rowid())",
             (long long)deck_id, key, key);
    exec(sql);
    return q("SELECT id FROM cards WHERE deck_id = %lld AND key = '%s'", (long long)deck_id, key);
}

/* Makes a card a review card with stability s, last seen `ago_days` ago, due at due_ms. */
static void make_review(int64_t card, double s, int64_t ago_days, int64_t due_ms, int lapses)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "UPDATE card_state SET state = 2, stability = %.17g, difficulty = 5,"
             " last_review_ms = %lld, due_ms = %lld, reps = 5, lapses = %d,"
             " scheduled_days = %lld WHERE card_id = %lld",
             s, (long long)(NOW_MS - ago_days * DAY_MS), (long long)due_ms, lapses,
             (long long)ago_days, (long long)card);
    exec(sql);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every row of every table, as sorted text, through a second connection. */
static char *dump(void)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *tables = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                        " ORDER BY name",
                                        -1, &tables, NULL),
                     SQLITE_OK);
    Buf out = {0};
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        char sql[256];
        snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", name);
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        char **rows = NULL;
        size_t n = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            Buf row = {0};
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                switch (sqlite3_column_type(st, c)) {
                case SQLITE_INTEGER:
                    buf_printf(&row, "i%lld|", (long long)sqlite3_column_int64(st, c));
                    break;
                case SQLITE_FLOAT:
                    buf_printf(&row, "f%.17g|", sqlite3_column_double(st, c));
                    break;
                case SQLITE_NULL:
                    buf_puts(&row, "null|");
                    break;
                default:
                    buf_printf(&row, "t%s|", (const char *)sqlite3_column_text(st, c));
                }
            }
            rows = realloc(rows, (n + 1) * sizeof(*rows));
            rows[n++] = buf_take(&row);
        }
        sqlite3_finalize(st);
        if (n)
            qsort(rows, n, sizeof(*rows), cmp_str);
        buf_printf(&out, "== %s\n", name);
        for (size_t i = 0; i < n; i++) {
            buf_printf(&out, "%s\n", rows[i]);
            free(rows[i]);
        }
        free(rows);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return buf_take(&out);
}

static void assert_same_dump(const char *before)
{
    char *after = dump();
    if (strcmp(before, after) != 0)
        fail_msg("the database changed:\n--- before\n%s\n--- after\n%s", before, after);
    free(after);
}

/* ---- presets and the day rule -------------------------------------------------------- */

static void test_presets(void **state)
{
    (void)state;
    int64_t d = add_deck("d");
    Preset p;
    assert_int_equal(store_preset_get(store, d, &p), ERR_OK);
    assert_int_equal(p.new_per_day, 20);
    assert_int_equal(p.reviews_per_day, 200);
    p.new_per_day = 5;
    p.reviews_per_day = 50;
    p.params.desired_retention = 0.85;
    const char *steps[] = {"2m", "15m", "1h"};
    assert_int_equal(fsrs_params_set_learning_steps(&p.params, steps, 3), ERR_OK);
    assert_int_equal(store_preset_set(store, d, &p), ERR_OK);
    Preset back;
    assert_int_equal(store_preset_get(store, d, &back), ERR_OK);
    assert_int_equal(back.new_per_day, 5);
    assert_int_equal(back.reviews_per_day, 50);
    assert_true(back.params.desired_retention == 0.85);
    assert_int_equal(back.params.learning_step_count, 3);
    assert_int_equal(back.params.learning_steps_min[2], 60);
    assert_memory_equal(back.params.w, p.params.w, sizeof(p.params.w));

    /* rejected presets change nothing */
    char *before = dump();
    Preset bad = back;
    bad.params.desired_retention = NAN;
    assert_int_equal(store_preset_set(store, d, &bad), ERR_PARSE);
    bad = back;
    bad.new_per_day = -1;
    assert_int_equal(store_preset_set(store, d, &bad), ERR_PARSE);
    bad = back;
    bad.params.w[4] = INFINITY;
    assert_int_equal(store_preset_set(store, d, &bad), ERR_PARSE);
    assert_int_equal(store_preset_set(store, 999, &back), ERR_NOT_FOUND);
    assert_same_dump(before);
    free(before);
    assert_int_equal(store_preset_get(store, 999, &back), ERR_NOT_FOUND);

    exec("UPDATE presets SET weights = 'x'");
    assert_int_equal(store_preset_get(store, d, &back), ERR_CORRUPT);
    Queue qu;
    assert_int_equal(store_study_queue(store, 0, NOW_MS, &rule, &qu), ERR_CORRUPT);
    assert_int_equal(qu.count, 0);
}

static void test_day_rule_setting(void **state)
{
    (void)state;
    DayRule r;
    assert_int_equal(store_day_rule(store, 3600, &r), ERR_OK);
    assert_int_equal(r.rollover_hour, 4);
    assert_int_equal(r.tz_offset_s, 3600);
    assert_int_equal(store_set_rollover_hour(store, 6), ERR_OK);
    assert_int_equal(store_day_rule(store, 3600, &r), ERR_OK);
    assert_int_equal(r.rollover_hour, 6);
    assert_int_equal(store_set_rollover_hour(store, 24), ERR_PARSE);
    assert_int_equal(store_set_rollover_hour(store, -1), ERR_PARSE);
    assert_int_equal(store_setting_set(store, "day_rollover_hour", "soon"), ERR_OK);
    assert_int_equal(store_day_rule(store, 0, &r), ERR_OK);
    assert_int_equal(r.rollover_hour, 4);
    assert_int_equal(store_day_rule(store, 19 * 3600, &r), ERR_PARSE);
}

/* ---- the queue ----------------------------------------------------------------------- */

static void test_queue_from_the_store(void **state)
{
    (void)state;
    int64_t a = add_deck("a"), b = add_deck("b"), gone = add_deck("gone");
    int64_t n1 = add_card(a, "n1"), n2 = add_card(a, "n2"), n3 = add_card(a, "n3");
    int64_t r1 = add_card(a, "r1"), r2 = add_card(a, "r2"), r3 = add_card(a, "r3");
    int64_t l1 = add_card(a, "l1");
    int64_t buried = add_card(a, "buried"), susp = add_card(a, "susp"), ret = add_card(a, "ret");
    int64_t b1 = add_card(b, "b1");
    int64_t g1 = add_card(gone, "g1");
    make_review(r1, 10.0, 10, NOW_MS, 0);              /* R 0.9 */
    make_review(r2, 2.0, 30, NOW_MS - 20 * DAY_MS, 0); /* overdue: first */
    make_review(r3, 10.0, 10, NOW_MS + 2 * DAY_MS, 0); /* not due today */
    make_review(buried, 2.0, 30, NOW_MS, 0);
    make_review(susp, 2.0, 30, NOW_MS, 0);
    make_review(ret, 2.0, 30, NOW_MS, 0);
    make_review(g1, 2.0, 30, NOW_MS, 0);
    exec("UPDATE card_state SET state = 1, stability = 1, difficulty = 5, learning_step = 1");
    exec("UPDATE card_state SET state = 0, stability = 0, difficulty = 0, learning_step = 0"
         " WHERE card_id IN (SELECT id FROM cards WHERE key LIKE 'n%' OR key = 'b1')");
    /* the blanket update above made every review card learning again: redo them */
    make_review(r1, 10.0, 10, NOW_MS, 0);
    make_review(r2, 2.0, 30, NOW_MS - 20 * DAY_MS, 0);
    make_review(r3, 10.0, 10, NOW_MS + 2 * DAY_MS, 0);
    make_review(buried, 2.0, 30, NOW_MS, 0);
    make_review(susp, 2.0, 30, NOW_MS, 0);
    make_review(ret, 2.0, 30, NOW_MS, 0);
    make_review(g1, 2.0, 30, NOW_MS, 0);
    char sql[256];
    snprintf(sql, sizeof(sql),
             "UPDATE card_state SET due_ms = %lld, last_review_ms = %lld WHERE card_id = %lld",
             (long long)(NOW_MS + 5 * MIN_MS), (long long)(NOW_MS - 5 * MIN_MS), (long long)l1);
    exec(sql);
    assert_int_equal(store_study_bury(store, buried, NOW_MS, &rule), ERR_OK);
    assert_int_equal(store_study_suspend(store, susp, true), ERR_OK);
    snprintf(sql, sizeof(sql), "UPDATE cards SET retired = 1 WHERE id = %lld", (long long)ret);
    exec(sql);
    exec("UPDATE decks SET retired = 1 WHERE key = 'gone'");
    Preset p = preset_default();
    p.new_per_day = 2;
    assert_int_equal(store_preset_set(store, a, &p), ERR_OK);

    Queue qu;
    assert_int_equal(store_study_queue(store, 0, NOW_MS, &rule, &qu), ERR_OK);
    /* learning, then reviews (r2, r1) with the new cards (n1, n2 of a; b1 of b) spread */
    assert_int_equal(qu.count, 6);
    assert_int_equal(qu.items[0].card_id, l1);
    assert_int_equal(qu.items[0].kind, QUEUE_LEARNING);
    int64_t reviews[2], news[3];
    size_t nr = 0, nn = 0;
    for (size_t i = 1; i < qu.count; i++) {
        if (qu.items[i].kind == QUEUE_REVIEW)
            reviews[nr++] = qu.items[i].card_id;
        else
            news[nn++] = qu.items[i].card_id;
    }
    assert_int_equal(nr, 2);
    assert_int_equal(nn, 3);
    assert_int_equal(reviews[0], r2);
    assert_int_equal(reviews[1], r1);
    assert_int_equal(news[0], n1);
    assert_int_equal(news[1], n2);
    assert_int_equal(news[2], b1);
    assert_null(queue_counts(&qu, gone));
    queue_free(&qu);

    /* one deck only */
    assert_int_equal(store_study_queue(store, b, NOW_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.count, 1);
    assert_int_equal(qu.items[0].card_id, b1);
    queue_free(&qu);

    /* a new card studied today uses up the limit: n3 does not come in */
    assert_int_equal(store_study_answer(store, n1, FSRS_GOOD, NOW_MS, 3000, &rule, NULL), ERR_OK);
    assert_int_equal(store_study_queue(store, a, NOW_MS + 1000, &rule, &qu), ERR_OK);
    const QueueCounts *c = queue_counts(&qu, a);
    assert_int_equal(c->new_count, 1); /* n2 */
    assert_int_equal(c->learning, 2);  /* l1 and n1 (due in 10 minutes) */
    assert_int_equal(c->review, 2);
    queue_free(&qu);

    /* the home screen shows the same counts */
    DeckSummary *list = NULL;
    size_t n = 0;
    assert_int_equal(store_deck_summaries(store, NOW_MS + 1000, 0, &list, &n), ERR_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].key, "a");
    assert_int_equal(list[0].cards, 9);
    assert_int_equal(list[0].new_count, 1);
    assert_int_equal(list[0].learning, 2);
    assert_int_equal(list[0].due, 2);
    assert_int_equal(list[1].new_count, 1);
    store_deck_summaries_free(list, n);
    assert_int_equal(store_deck_summaries(store, NOW_MS, 20 * 3600, &list, &n), ERR_PARSE);

    /* tomorrow the buried card is back and the new-card limit is fresh */
    assert_int_equal(store_study_queue(store, a, NOW_MS + DAY_MS, &rule, &qu), ERR_OK);
    c = queue_counts(&qu, a);
    assert_int_equal(c->new_count, 2); /* n2, n3 */
    bool seen_buried = false, seen_r3 = false;
    for (size_t i = 0; i < qu.count; i++) {
        seen_buried |= qu.items[i].card_id == buried;
        seen_r3 |= qu.items[i].card_id == r3;
    }
    assert_true(seen_buried);
    assert_false(seen_r3);
    queue_free(&qu);
    (void)n3;
}

static void test_review_limit(void **state)
{
    (void)state;
    int64_t a = add_deck("a");
    Preset p = preset_default();
    p.reviews_per_day = 3;
    assert_int_equal(store_preset_set(store, a, &p), ERR_OK);
    int64_t ids[6];
    for (int i = 0; i < 6; i++) {
        char key[8];
        snprintf(key, sizeof(key), "r%d", i);
        ids[i] = add_card(a, key);
        make_review(ids[i], 1.0 + i, 10, NOW_MS - DAY_MS, 0);
    }
    Queue qu;
    assert_int_equal(store_study_queue(store, a, NOW_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.count, 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(qu.items[i].card_id, ids[i]); /* lowest stability: least retrievable */
    queue_free(&qu);
    assert_int_equal(store_study_answer(store, ids[0], FSRS_GOOD, NOW_MS, 0, &rule, NULL), ERR_OK);
    assert_int_equal(store_study_queue(store, a, NOW_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.count, 2);
    queue_free(&qu);
}

/* ---- answering and undo -------------------------------------------------------------- */

static void test_answer_then_undo_leaves_everything_as_it_was(void **state)
{
    (void)state;
    int64_t a = add_deck("a");
    int64_t c1 = add_card(a, "c1"), c2 = add_card(a, "c2");
    make_review(c2, 12.0, 9, NOW_MS, 2);
    char *before = dump();

    /* the very first answer also records the settings it used */
    StudyAnswer ans;
    assert_int_equal(store_study_answer(store, c1, FSRS_GOOD, NOW_MS, 4000, &rule, &ans), ERR_OK);
    assert_int_equal(ans.before.state, FSRS_STATE_NEW);
    assert_int_equal(ans.after.state, FSRS_STATE_LEARNING);
    assert_int_equal(ans.after.due_ms, NOW_MS + 10 * MIN_MS);
    assert_int_equal(q("SELECT count(*) FROM review_log"), 1);
    assert_int_equal(q("SELECT count(*) FROM param_sets"), 1);
    assert_int_equal(q("SELECT state FROM card_state WHERE card_id = %lld", (long long)c1), 1);
    assert_int_equal(q("SELECT rollover_hour FROM review_log"), 4);
    int64_t undone = 0;
    assert_int_equal(store_study_undo(store, &undone), ERR_OK);
    assert_int_equal(undone, c1);
    assert_same_dump(before);
    free(before);

    /* with some history: answer, answer, undo, undo */
    assert_int_equal(store_study_answer(store, c1, FSRS_GOOD, NOW_MS, 4000, &rule, NULL), ERR_OK);
    assert_int_equal(
        store_study_answer(store, c1, FSRS_GOOD, NOW_MS + 10 * MIN_MS, 90000, &rule, NULL), ERR_OK);
    assert_int_equal(q("SELECT max(duration_ms) FROM review_log"), STUDY_MAX_ANSWER_MS);
    before = dump();
    assert_int_equal(
        store_study_answer(store, c2, FSRS_HARD, NOW_MS + 11 * MIN_MS, 2000, &rule, NULL), ERR_OK);
    assert_int_equal(
        store_study_answer(store, c1, FSRS_AGAIN, NOW_MS + 2 * DAY_MS, 2000, &rule, NULL), ERR_OK);
    assert_int_equal(store_study_undo(store, NULL), ERR_OK);
    assert_int_equal(store_study_undo(store, NULL), ERR_OK);
    assert_same_dump(before);
    free(before);

    /* undo until the log is empty, then there is nothing to undo */
    assert_int_equal(store_study_undo(store, NULL), ERR_OK);
    assert_int_equal(store_study_undo(store, NULL), ERR_OK);
    assert_int_equal(store_study_undo(store, NULL), ERR_NOT_FOUND);
    assert_int_equal(q("SELECT count(*) FROM param_sets"), 0);
}

/* A write that fails midway leaves nothing behind: a trigger refuses the last write of an
 * answer (the card's new state, after its log row, leech tag and suspension) and of an
 * undo (the log row's removal, after the state, the tag and the suspension are put back,
 * or the param set's removal after that), and every table must be as it was before. */
static void test_a_failing_write_rolls_back_everything(void **state)
{
    (void)state;
    int64_t a = add_deck("a");
    int64_t c1 = add_card(a, "c1"), c2 = add_card(a, "c2");
    make_review(c2, 5.0, 5, NOW_MS, 7); /* the next Again makes it a leech */

    /* the first answer: param set, log row, then the state update fails */
    exec("CREATE TRIGGER fail_state BEFORE UPDATE OF due_ms ON card_state"
         " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    char *before = dump();
    assert_int_equal(store_study_answer(store, c1, FSRS_GOOD, NOW_MS, 1000, &rule, NULL), ERR_DB);
    assert_non_null(strstr(store_errmsg(store), "injected failure"));
    assert_same_dump(before);
    /* a leech answer: tag, suspension, log row, then the state update fails */
    assert_int_equal(store_study_answer(store, c2, FSRS_AGAIN, NOW_MS, 1000, &rule, NULL), ERR_DB);
    assert_same_dump(before);
    free(before);
    exec("DROP TRIGGER fail_state");

    /* the same answers go through once nothing stands in the way */
    StudyAnswer ans;
    assert_int_equal(store_study_answer(store, c1, FSRS_GOOD, NOW_MS, 1000, &rule, NULL), ERR_OK);
    assert_int_equal(store_study_answer(store, c2, FSRS_AGAIN, NOW_MS, 1000, &rule, &ans), ERR_OK);
    assert_true(ans.became_leech);

    /* undo of the leech answer: state, unsuspend, untag, then the log row's removal fails */
    exec("CREATE TRIGGER fail_log BEFORE DELETE ON review_log"
         " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    before = dump();
    int64_t undone = 0;
    assert_int_equal(store_study_undo(store, &undone), ERR_DB);
    assert_int_equal(undone, 0);
    assert_same_dump(before);
    free(before);
    exec("DROP TRIGGER fail_log");
    assert_int_equal(store_study_undo(store, &undone), ERR_OK);
    assert_int_equal(undone, c2);

    /* undo of the first answer: everything else, then the param set's removal fails */
    exec("CREATE TRIGGER fail_params BEFORE DELETE ON param_sets"
         " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    before = dump();
    assert_int_equal(store_study_undo(store, NULL), ERR_DB);
    assert_same_dump(before);
    free(before);
    exec("DROP TRIGGER fail_params");
    assert_int_equal(store_study_undo(store, NULL), ERR_OK);
    assert_int_equal(q("SELECT count(*) FROM review_log"), 0);
    assert_int_equal(q("SELECT count(*) FROM param_sets"), 0);
}

static void test_undo_refuses_a_card_changed_since(void **state)
{
    (void)state;
    int64_t a = add_deck("a");
    int64_t c1 = add_card(a, "c1");
    assert_int_equal(store_study_answer(store, c1, FSRS_GOOD, NOW_MS, 0, &rule, NULL), ERR_OK);
    exec("UPDATE card_state SET due_ms = due_ms + 1");
    char *before = dump();
    assert_int_equal(store_study_undo(store, NULL), ERR_NOT_FOUND);
    assert_non_null(strstr(store_errmsg(store), "changed"));
    assert_same_dump(before);
    free(before);
    /* a row from before schema 3 (no *_before counters) cannot be undone either */
    exec("UPDATE card_state SET due_ms = due_ms - 1");
    exec("INSERT INTO review_log(card_id, review_ms, rating, state_before, stability_before,"
         " difficulty_before, due_before_ms, step_before, last_review_before_ms, state_after,"
         " stability, difficulty, elapsed_days, scheduled_days, due_ms, step_after)"
         " SELECT card_id, review_ms + 1, 3, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0"
         " FROM review_log");
    assert_int_equal(store_study_undo(store, NULL), ERR_NOT_FOUND);
    assert_non_null(strstr(store_errmsg(store), "older version"));
}

static void test_bad_answers_write_nothing(void **state)
{
    (void)state;
    int64_t a = add_deck("a");
    int64_t c1 = add_card(a, "c1"), c2 = add_card(a, "c2");
    make_review(c2, 5.0, 3, NOW_MS, 0);
    assert_int_equal(store_study_answer(store, c2, FSRS_GOOD, NOW_MS, 0, &rule, NULL), ERR_OK);
    char *before = dump();
    static const int BAD[] = {0, 5, -1, 100, 2147483647};
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++)
        assert_int_equal(store_study_answer(store, c1, BAD[i], NOW_MS, 0, &rule, NULL), ERR_PARSE);
    assert_int_equal(store_study_answer(store, c1, FSRS_GOOD, NOW_MS, -1, &rule, NULL), ERR_PARSE);
    assert_int_equal(store_study_answer(store, 999, FSRS_GOOD, NOW_MS, 0, &rule, NULL),
                     ERR_NOT_FOUND);
    /* a study day before the card's last review */
    assert_int_equal(store_study_answer(store, c2, FSRS_GOOD, NOW_MS - 2 * DAY_MS, 0, &rule, NULL),
                     ERR_PARSE);
    assert_same_dump(before);
    free(before);
    /* an infinite stability (SQLite stores it; NaN would be NULL) never gets scheduled */
    exec("UPDATE card_state SET stability = 1e999 WHERE state = 2");
    before = dump();
    assert_int_equal(store_study_answer(store, c2, FSRS_GOOD, NOW_MS + DAY_MS, 0, &rule, NULL),
                     ERR_PARSE);
    char labels[4][STUDY_LABEL_CAP];
    assert_int_equal(store_study_labels(store, c2, NOW_MS + DAY_MS, &rule, labels), ERR_PARSE);
    assert_same_dump(before);
    free(before);
    /* the log refuses a bad rating even from raw SQL */
    assert_int_equal(store_exec(store, "UPDATE review_log SET rating = 9"), ERR_DB);
}

static void test_leech_at_eight_lapses(void **state)
{
    (void)state;
    int64_t a = add_deck("a");
    int64_t c = add_card(a, "c");
    make_review(c, 5.0, 5, NOW_MS, 6);
    StudyAnswer ans;
    assert_int_equal(store_study_answer(store, c, FSRS_AGAIN, NOW_MS, 0, &rule, &ans), ERR_OK);
    assert_int_equal(ans.after.lapses, 7);
    assert_false(ans.became_leech);
    /* relearn, then graduate again */
    assert_int_equal(store_study_answer(store, c, FSRS_GOOD, NOW_MS + 10 * MIN_MS, 0, &rule, &ans),
                     ERR_OK);
    assert_int_equal(ans.after.state, FSRS_STATE_REVIEW);
    int64_t t = ans.after.due_ms;
    char *before = dump();
    assert_int_equal(store_study_answer(store, c, FSRS_AGAIN, t, 0, &rule, &ans), ERR_OK);
    assert_int_equal(ans.after.lapses, 8);
    assert_true(ans.became_leech);
    StudyCard sc;
    assert_int_equal(store_study_card(store, c, &sc), ERR_OK);
    assert_true(sc.suspended);
    assert_true(sc.leech);
    store_study_card_free(&sc);
    Queue qu;
    assert_int_equal(store_study_queue(store, 0, t + MIN_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.count, 0);
    queue_free(&qu);
    /* undo takes the tag and the suspension back */
    assert_int_equal(store_study_undo(store, NULL), ERR_OK);
    assert_same_dump(before);
    free(before);
    /* again, then unsuspended by the user, it lapses on to 12: suspended again, tag kept */
    assert_int_equal(store_study_answer(store, c, FSRS_AGAIN, t, 0, &rule, &ans), ERR_OK);
    assert_int_equal(store_study_suspend(store, c, false), ERR_OK);
    exec("UPDATE card_state SET lapses = 11, state = 2");
    assert_int_equal(store_study_answer(store, c, FSRS_AGAIN, t + DAY_MS, 0, &rule, &ans), ERR_OK);
    assert_true(ans.became_leech);
    assert_int_equal(q("SELECT suspended FROM card_state WHERE card_id = %lld", (long long)c), 1);
    assert_int_equal(q("SELECT count(*) FROM card_tags"), 1);
    assert_int_equal(q("SELECT undo_flags FROM review_log ORDER BY id DESC LIMIT 1"), 1);
}

static void test_bury_and_suspend(void **state)
{
    (void)state;
    int64_t a = add_deck("a");
    int64_t c = add_card(a, "c");
    Queue qu;
    assert_int_equal(store_study_bury(store, c, NOW_MS, &rule), ERR_OK);
    assert_int_equal(store_study_queue(store, 0, NOW_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.count, 0);
    queue_free(&qu);
    /* 03:59 the next morning is still today; 04:00 is tomorrow */
    int64_t next_day = day_start_ms(&rule, day_of(&rule, NOW_MS) + 1);
    assert_int_equal(store_study_queue(store, 0, next_day - 1, &rule, &qu), ERR_OK);
    assert_int_equal(qu.count, 0);
    queue_free(&qu);
    assert_int_equal(store_study_queue(store, 0, next_day, &rule, &qu), ERR_OK);
    assert_int_equal(qu.count, 1);
    queue_free(&qu);
    assert_int_equal(store_study_unbury(store, a), ERR_OK);
    assert_int_equal(store_study_queue(store, 0, NOW_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.count, 1);
    queue_free(&qu);
    assert_int_equal(store_study_suspend(store, c, true), ERR_OK);
    assert_int_equal(store_study_queue(store, 0, NOW_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.count, 0);
    queue_free(&qu);
    assert_int_equal(store_study_suspend(store, c, false), ERR_OK);
    assert_int_equal(store_study_queue(store, 0, NOW_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.count, 1);
    queue_free(&qu);
    assert_int_equal(store_study_bury(store, 999, NOW_MS, &rule), ERR_NOT_FOUND);
    assert_int_equal(store_study_suspend(store, 999, true), ERR_NOT_FOUND);
}

static void test_labels_and_card(void **state)
{
    (void)state;
    int64_t a = add_deck("a");
    int64_t c = add_card(a, "c");
    char labels[4][STUDY_LABEL_CAP];
    assert_int_equal(store_study_labels(store, c, NOW_MS, &rule, labels), ERR_OK);
    assert_string_equal(labels[0], "1m");
    assert_string_equal(labels[1], "6m");
    assert_string_equal(labels[2], "10m");
    assert_string_equal(labels[3], "8d");
    StudyCard sc;
    assert_int_equal(store_study_card(store, c, &sc), ERR_OK);
    assert_string_equal(sc.front, "Q c");
    assert_int_equal(sc.deck_id, a);
    store_study_card_free(&sc);
    assert_int_equal(store_study_card(store, 999, &sc), ERR_NOT_FOUND);
    assert_int_equal(store_study_labels(store, 999, NOW_MS, &rule, labels), ERR_NOT_FOUND);
}

/* ---- importing ----------------------------------------------------------------------- */

static void test_import_equals_answers(void **state)
{
    (void)state;
    int64_t a = add_deck("a");
    int64_t c1 = add_card(a, "c1"), c2 = add_card(a, "c2"), c3 = add_card(a, "c3");
    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(store_study_card_ids(store, 0, &ids, &n), ERR_OK);
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], c1);
    free(ids);
    static const StudyReview H[] = {
        {NOW_MS, 3, 1000},
        {NOW_MS + 10 * MIN_MS, 3, 1000},
        {NOW_MS + 3 * DAY_MS, 1, 1000},
        {NOW_MS + 3 * DAY_MS + 10 * MIN_MS, 3, 1000},
        {NOW_MS + 9 * DAY_MS, 4, 1000},
    };
    /* c1 answered one by one; c2 imported; c3's bad history leaves it untouched */
    for (size_t i = 0; i < ARRAY_LEN(H); i++)
        assert_int_equal(store_study_answer(store, c1, H[i].rating, H[i].review_ms,
                                            H[i].duration_ms, &rule, NULL),
                         ERR_OK);
    StudyImport *im = NULL;
    assert_int_equal(store_study_import_begin(store, &rule, &im), ERR_OK);
    assert_int_equal(store_study_import_card(im, c2, H, ARRAY_LEN(H)), ERR_OK);
    StudyReview bad[] = {{NOW_MS, 3, 0}, {NOW_MS + MIN_MS, 5, 0}};
    assert_int_equal(store_study_import_card(im, c3, bad, 2), ERR_PARSE);
    StudyReview early[] = {{NOW_MS, 3, 0}, {NOW_MS - 3 * DAY_MS, 3, 0}};
    assert_int_equal(store_study_import_card(im, c3, early, 2), ERR_PARSE);
    assert_int_equal(store_study_import_card(im, 999, H, 1), ERR_NOT_FOUND);
    assert_int_equal(store_study_import_end(im, true), ERR_OK);
    assert_int_equal(store_study_import_end(NULL, true), ERR_OK);

    assert_int_equal(q("SELECT count(*) FROM review_log WHERE card_id = %lld", (long long)c3), 0);
    assert_int_equal(q("SELECT state FROM card_state WHERE card_id = %lld", (long long)c3), 0);
    StudyCard x, y;
    assert_int_equal(store_study_card(store, c1, &x), ERR_OK);
    assert_int_equal(store_study_card(store, c2, &y), ERR_OK);
    assert_true(x.fsrs.stability == y.fsrs.stability);
    assert_true(x.fsrs.difficulty == y.fsrs.difficulty);
    assert_int_equal(x.fsrs.due_ms, y.fsrs.due_ms);
    assert_int_equal(x.fsrs.reps, 5);
    assert_int_equal(y.fsrs.reps, 5);
    assert_int_equal(x.fsrs.lapses, y.fsrs.lapses);
    store_study_card_free(&x);
    store_study_card_free(&y);
    /* the logs match column for column, apart from the card and the row ids */
    assert_int_equal(q("SELECT count(*) FROM (SELECT review_ms, rating, duration_ms,"
                       " state_before, stability_before, difficulty_before, due_before_ms,"
                       " step_before, last_review_before_ms, state_after, stability, difficulty,"
                       " elapsed_days, scheduled_days, due_ms, step_after, elapsed_before,"
                       " scheduled_before, reps_before, lapses_before, tz_offset_s,"
                       " rollover_hour, param_set_id FROM review_log"
                       " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,"
                       " 18, 19, 20, 21, 22, 23 HAVING count(*) = 2)"),
                     5);
}

/* A weak drill puts tags in focus: their review cards due within a week come first
 * today, and their new cards are introduced first. */
static void test_focus_pulls_cards_forward(void **state)
{
    (void)state;
    int64_t d = add_deck("focus");
    int64_t plain = add_card(d, "plain"), tagged = add_card(d, "tagged");
    int64_t later = add_card(d, "later"), fresh = add_card(d, "fresh-a");
    int64_t fresh_tagged = add_card(d, "fresh-b");
    exec("UPDATE cards SET tags = 'caching phase/foundations' WHERE key IN ('tagged', 'later',"
         " 'fresh-b')");
    make_review(plain, 10, 10, NOW_MS - DAY_MS, 0);    /* due yesterday */
    make_review(tagged, 10, 10, NOW_MS - 3600000, 0);  /* due an hour ago */
    make_review(later, 30, 5, NOW_MS + 3 * DAY_MS, 0); /* due in three days */
    Queue qu;
    assert_int_equal(store_study_queue(store, d, NOW_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.decks[0].review, 2); /* no focus yet: the later card waits */
    for (size_t i = 0; i < qu.count; i++)
        if (qu.items[i].kind == QUEUE_REVIEW) {
            assert_int_equal(qu.items[i].card_id, plain); /* the most forgotten first */
            break;
        }
    queue_free(&qu);

    exec("INSERT INTO drill_prompts(key, kind, title, body, source_path, source_line,"
         " content_hash, created_s, modified_s) VALUES('p', 'design', 'P', '', '/p', 1, 'h', 1,"
         " 1);"
         "INSERT INTO drill_attempts(prompt_id, status, started_ms) VALUES(1, 'done', 1);");
    char sql[256];
    snprintf(sql, sizeof(sql),
             "INSERT INTO drill_focus(attempt_id, tag, until_ms) VALUES(1, 'caching', %lld)",
             (long long)(NOW_MS + 14 * DAY_MS));
    exec(sql);
    assert_int_equal(store_study_queue(store, d, NOW_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.decks[0].review, 3);
    /* learning none; reviews: the focus cards first (tagged, later), then plain */
    size_t reviews = 0, news = 0;
    int64_t review_order[3] = {0}, new_order[2] = {0};
    for (size_t i = 0; i < qu.count; i++) {
        if (qu.items[i].kind == QUEUE_REVIEW)
            review_order[reviews++] = qu.items[i].card_id;
        else if (qu.items[i].kind == QUEUE_NEW && news < 2)
            new_order[news++] = qu.items[i].card_id;
    }
    assert_int_equal(review_order[2], plain);
    assert_true(review_order[0] == tagged || review_order[0] == later);
    assert_int_equal(new_order[0], fresh_tagged);
    assert_int_equal(new_order[1], fresh);
    queue_free(&qu);
    /* the focus ends: back to normal */
    snprintf(sql, sizeof(sql), "UPDATE drill_focus SET until_ms = %lld", (long long)NOW_MS);
    exec(sql);
    assert_int_equal(store_study_queue(store, d, NOW_MS, &rule, &qu), ERR_OK);
    assert_int_equal(qu.decks[0].review, 2);
    queue_free(&qu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_presets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_focus_pulls_cards_forward, setup, teardown),
        cmocka_unit_test_setup_teardown(test_day_rule_setting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_from_the_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_answer_then_undo_leaves_everything_as_it_was, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_failing_write_rolls_back_everything, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_undo_refuses_a_card_changed_since, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_answers_write_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leech_at_eight_lapses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bury_and_suspend, setup, teardown),
        cmocka_unit_test_setup_teardown(test_labels_and_card, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_equals_answers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
