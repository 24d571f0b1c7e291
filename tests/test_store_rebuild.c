/*
 * test_store_rebuild.c: the review log as the source of truth (core/store_rebuild): a
 * random history (seeded PRNG) over several decks, with preset changes, fuzz, time-zone
 * and rollover changes, undos, burying and suspending, replays to exactly the stored
 * states; damaged states are found and rewritten; `archdrill rebuild` reports, backs up
 * and fixes.
 */
#include "test_support.h"
#include "cli_support.h"

#include "cli/cli.h"
#include "core/store_rebuild.h"
#include "core/store_study.h"

#define NOW_MS 1710064800000LL /* 2024-03-10 10:00:00 UTC */
#define MIN_MS 60000LL

static char *dir;
static Store *store;

static int setup(void **state)
{
    (void)state;
    dir = tmp_dir();
    char *path = path_join(dir, "archdrill.db");
    ErrInfo err;
    assert_int_equal(store_open(path, &store, &err), ERR_OK);
    free(path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(store);
    rm_rf(dir);
    free(dir);
    return 0;
}

static void exec(const char *sql)
{
    if (store_exec(store, sql))
        fail_msg("%s: %s", sql, store_errmsg(store));
}

static int64_t q(const char *sql)
{
    int64_t v = -1;
    if (store_query_int(store, sql, &v))
        fail_msg("%s: %s", sql, store_errmsg(store));
    return v;
}

static uint64_t rng_state;

static uint64_t rnd(uint64_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (rng_state >> 33) % n;
}

/* Three decks of 40 cards; deck 2 with its own preset (fuzz, other steps, retention). */
static void make_collection(void)
{
    for (int d = 1; d <= 3; d++) {
        char sql[512];
        snprintf(sql, sizeof(sql),
                 "INSERT INTO decks(key, name, source_path, created_s, modified_s)"
                 " VALUES('d%d', 'Deck %d', '/x/d%d.md', 1, 1)",
                 d, d, d);
        exec(sql);
        for (int c = 0; c < 40; c++) {
            snprintf(sql, sizeof(sql),
                     "INSERT INTO cards(deck_id, key, front, back, source_path, source_line,"
                     " content_hash, created_s, modified_s) VALUES(%d, 'c%d', 'Q', 'A', '/x',"
                     " 1, 'h', 1, 1); INSERT INTO card_state(card_id)"
                     " VALUES(last_insert_rowid())",
                     d, c);
            exec(sql);
        }
    }
    Preset p = preset_default();
    p.params.enable_fuzz = true;
    p.params.desired_retention = 0.85;
    const char *steps[] = {"5m", "30m", "2h"};
    assert_int_equal(fsrs_params_set_learning_steps(&p.params, steps, 3), ERR_OK);
    assert_int_equal(store_preset_set(store, 2, &p), ERR_OK);
}

/* Over a thousand answers in 90 days, some undone, with the day rule and a preset changing. */
static int64_t random_history(uint64_t seed)
{
    rng_state = seed;
    int64_t now = NOW_MS;
    int64_t answers = 0;
    static const int OFFSETS[] = {3600, 7200, -18000, -14400, 19800, 0};
    for (int day = 0; day < 90; day++) {
        DayRule rule;
        /* DST, travel and a changed rollover hour all happen along the way */
        int tz = OFFSETS[(day / 15) % 6];
        if (day == 40)
            assert_int_equal(store_set_rollover_hour(store, 2), ERR_OK);
        assert_int_equal(store_day_rule(store, tz, &rule), ERR_OK);
        if (day == 30) {
            Preset p;
            assert_int_equal(store_preset_get(store, 1, &p), ERR_OK);
            p.params.desired_retention = 0.93;
            p.params.maximum_interval_days = 60;
            assert_int_equal(store_preset_set(store, 1, &p), ERR_OK);
        }
        int64_t t = now + (int64_t)rnd(3) * 3600000;
        Queue qu;
        assert_int_equal(store_study_queue(store, 0, t, &rule, &qu), ERR_OK);
        size_t n = qu.count < 25 ? qu.count : 25;
        for (size_t i = 0; i < n; i++) {
            int64_t card = qu.items[i].card_id;
            uint64_t roll = rnd(100);
            int rating = roll < 15 ? 1 : roll < 25 ? 2 : roll < 90 ? 3 : 4;
            t += (int64_t)rnd(90) * 1000;
            Err e = store_study_answer(store, card, rating, t, 5000, &rule, NULL);
            if (e)
                fail_msg("answer: %s", store_errmsg(store));
            answers++;
            if (rnd(10) == 0) {
                assert_int_equal(store_study_undo(store, NULL), ERR_OK);
                answers--;
            }
            if (rnd(40) == 0)
                assert_int_equal(store_study_bury(store, card, t, &rule), ERR_OK);
            if (rnd(80) == 0)
                assert_int_equal(store_study_suspend(store, card, rnd(2) == 0), ERR_OK);
        }
        queue_free(&qu);
        /* learning steps come back within the day */
        Queue later;
        int64_t t2 = t + 40 * MIN_MS;
        assert_int_equal(store_study_queue(store, 0, t2, &rule, &later), ERR_OK);
        for (size_t i = 0; i < later.count && i < 6; i++) {
            if (later.items[i].kind != QUEUE_LEARNING)
                continue;
            assert_int_equal(
                store_study_answer(store, later.items[i].card_id, FSRS_GOOD, t2, 3000, &rule, NULL),
                ERR_OK);
            answers++;
            t2 += 1000;
        }
        queue_free(&later);
        now += DAY_MS;
    }
    return answers;
}

static void test_random_history_replays_exactly(void **state)
{
    (void)state;
    make_collection();
    int64_t answers = random_history(20240310);
    if (answers < 500)
        fail_msg("only %lld answers", (long long)answers);
    assert_int_equal(q("SELECT count(*) FROM review_log"), answers);
    assert_true(q("SELECT count(*) FROM param_sets") >= 3); /* defaults, deck 2, deck 1 later */
    assert_true(q("SELECT count(DISTINCT tz_offset_s) FROM review_log") >= 4);
    RebuildReport rep;
    assert_int_equal(store_rebuild(store, false, &rep), ERR_OK);
    assert_int_equal(rep.cards, 120);
    assert_int_equal(rep.reviews, answers);
    assert_int_equal(rep.log_mismatches, 0);
    assert_int_equal(rep.unreplayable, 0);
    assert_int_equal(rep.differing, 0);
    assert_int_equal(rep.first_card_id, 0);
    /* writing when nothing differs writes nothing */
    assert_int_equal(store_rebuild(store, true, &rep), ERR_OK);
    assert_int_equal(rep.written, 0);
}

static void test_damaged_states_are_found_and_rewritten(void **state)
{
    (void)state;
    make_collection();
    random_history(7);
    int64_t card = q("SELECT card_id FROM card_state WHERE reps > 2 ORDER BY card_id LIMIT 1");
    int64_t due = q("SELECT due_ms FROM card_state WHERE reps > 2 ORDER BY card_id LIMIT 1");
    exec("UPDATE card_state SET stability = stability + 1e-9, due_ms = due_ms + 1"
         " WHERE card_id = (SELECT card_id FROM card_state WHERE reps > 2 ORDER BY card_id"
         " LIMIT 1)");
    /* a card with no log that claims to have been reviewed */
    exec("INSERT INTO cards(deck_id, key, front, back, source_path, source_line, content_hash,"
         " created_s, modified_s) VALUES(1, 'odd', 'Q', 'A', '/x', 1, 'h', 1, 1);"
         "INSERT INTO card_state(card_id, state, stability, difficulty, due_ms)"
         " VALUES(last_insert_rowid(), 2, 3, 4, 5)");
    RebuildReport rep;
    assert_int_equal(store_rebuild(store, false, &rep), ERR_OK);
    assert_int_equal(rep.differing, 2);
    assert_int_equal(rep.first_card_id, card);
    assert_int_equal(rep.written, 0);
    assert_int_equal(store_rebuild(store, true, &rep), ERR_OK);
    assert_int_equal(rep.written, 2);
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT due_ms FROM card_state WHERE card_id = %lld",
             (long long)card);
    assert_int_equal(q(sql), due);
    assert_int_equal(q("SELECT count(*) FROM card_state WHERE reps = 0 AND state != 0"), 0);
    assert_int_equal(store_rebuild(store, false, &rep), ERR_OK);
    assert_int_equal(rep.differing, 0);
    /* a log the scheduler rejects (a review on an earlier day than the one before it) */
    exec("DROP TRIGGER review_log_append_only;"
         "UPDATE review_log SET review_ms = review_ms - 400 * 86400000"
         " WHERE id = (SELECT max(id) FROM review_log)");
    assert_int_equal(store_rebuild(store, true, &rep), ERR_OK);
    assert_int_equal(rep.unreplayable, 1);
    assert_int_equal(rep.written, 0);
}

/* ---- the command --------------------------------------------------------------------- */

typedef CliRun Run;

/* Runs `archdrill --data-dir DIR a1 [a2]` (a2 may be NULL). */
static Run run(const char *a1, const char *a2)
{
    CliEnv env = {.data_root = ARCHDRILL_TEST_DIR "/fixtures/root", .now_ms = NOW_MS};
    return cli_run(env, dir, a1, a2, (const char *)NULL);
}

static void test_rebuild_command(void **state)
{
    (void)state;
    store_close(store);
    store = NULL;
    Run r = run("rebuild", "--check");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "0 states differ"));
    cli_run_free(&r);
    /* answer a card of the synced collection, then damage its state */
    char *path = path_join(dir, "archdrill.db");
    ErrInfo err;
    assert_int_equal(store_open(path, &store, &err), ERR_OK);
    DayRule rule = DAY_RULE_UTC;
    int64_t card = q("SELECT min(id) FROM cards");
    assert_int_equal(store_study_answer(store, card, FSRS_GOOD, NOW_MS, 0, &rule, NULL), ERR_OK);
    exec("UPDATE card_state SET reps = 7 WHERE reps = 1");
    store_close(store);
    store = NULL;
    r = run("rebuild", "--check");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "1 review of "));
    assert_non_null(strstr(r.out, "1 state differs"));
    cli_run_free(&r);
    r = run("rebuild", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1 rewritten (backup: "));
    cli_run_free(&r);
    r = run("rebuild", "--check");
    assert_int_equal(r.status, 0);
    cli_run_free(&r);
    r = run("rebuild", "--now");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown argument"));
    cli_run_free(&r);
    assert_int_equal(store_open(path, &store, &err), ERR_OK);
    assert_int_equal(q("SELECT reps FROM card_state WHERE reps > 0"), 1);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_random_history_replays_exactly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_states_are_found_and_rewritten, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rebuild_command, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
