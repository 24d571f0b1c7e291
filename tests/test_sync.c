/*
 * test_sync.c: deck folders -> database (core/store_sync). Idempotent; unchanged files
 * skipped; an edited card keeps its id, schedule and review history; new cards added;
 * removed cards retired with history kept and restored when they return; a file with
 * errors changes nothing.
 */
#include "test_support.h"

#include "core/store.h"
#include "core/store_drill.h"
#include "core/store_sync.h"

static char *dir;
static Store *store;

static int setup(void **state)
{
    (void)state;
    dir = tmp_dir();
    ErrInfo err;
    assert_int_equal(store_open(":memory:", &store, &err), ERR_OK);
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

static void put(const char *name, const char *text)
{
    char *p = path_join(dir, name);
    write_file(p, text);
    free(p);
}

static SyncReport sync_ok(int64_t now_s, size_t expected_errors)
{
    SyncReport rep = {0};
    DeckErrors errs = {0};
    assert_int_equal(store_sync_folder(store, dir, now_s, &rep, &errs), ERR_OK);
    if (errs.count != expected_errors) {
        for (size_t i = 0; i < errs.count; i++) {
            char line[700];
            deck_error_format(&errs.items[i], line, sizeof(line));
            print_error("%s\n", line);
        }
        fail_msg("expected %zu errors, got %zu", expected_errors, errs.count);
    }
    deck_errors_free(&errs);
    return rep;
}

static int64_t q(const char *sql)
{
    int64_t v = -1;
    Err e = store_query_int(store, sql, &v);
    if (e)
        fail_msg("%s: %s", sql, store_errmsg(store));
    return v;
}

static const char NET[] = "# Networking\n<!-- deck: net -->\n"
                          "## What does DNS do?\n<!-- id: dns -->\nNames to addresses.\n"
                          "## What is a CDN?\nA cache near users.\n";
static const char DB[] = "# Databases\n<!-- deck: db -->\n"
                         "## B-tree or LSM for writes?\n<!-- id: lsm -->\nLSM.\n";

static void test_first_sync_adds_everything_then_is_idempotent(void **state)
{
    (void)state;
    put("net.md", NET);
    put("db.md", DB);
    put("README.md", "# Not a deck\nnot parsed\n");
    SyncReport r = sync_ok(100, 0);
    assert_int_equal(r.files_seen, 2);
    assert_int_equal(r.files_applied, 2);
    assert_int_equal(r.cards_added, 3);
    assert_int_equal(q("SELECT count(*) FROM card_state WHERE state = 0"), 3);
    assert_int_equal(q("SELECT count(*) FROM decks"), 2);

    r = sync_ok(200, 0);
    assert_int_equal(r.files_unchanged, 2);
    assert_int_equal(r.files_applied, 0);
    assert_int_equal(r.cards_added + r.cards_updated + r.cards_retired, 0);
    assert_int_equal(store_last_change_s(store), 100);
}

static void test_edit_keeps_id_state_and_history(void **state)
{
    (void)state;
    put("net.md", NET);
    sync_ok(100, 0);
    int64_t dns = q("SELECT id FROM cards WHERE key = 'dns'");
    int64_t cdn = q("SELECT id FROM cards WHERE key = 'what-is-a-cdn'");
    /* pretend both were reviewed */
    char sql[600];
    snprintf(sql, sizeof(sql),
             "UPDATE card_state SET state = 2, stability = 9.5, reps = 3 WHERE card_id IN "
             "(%lld, %lld);"
             "INSERT INTO review_log(card_id, review_ms, rating, state_before, stability_before,"
             " difficulty_before, due_before_ms, step_before, last_review_before_ms,"
             " state_after, stability, difficulty, elapsed_days, scheduled_days, due_ms,"
             " step_after) SELECT card_id, 1, 3, 0, 0, 0, 0, 0, 0, 2, 9.5, 5, 0, 9, 9, 0"
             " FROM card_state",
             (long long)dns, (long long)cdn);
    assert_int_equal(store_exec(store, sql), ERR_OK);

    put("net.md", "# Networking\n<!-- deck: net -->\n\n"
                  "## What does DNS do, exactly?\n<!-- id: dns -->\nNames to IP addresses.\n"
                  "## What is a  CDN?\nA cache of content near users.\n");
    SyncReport r = sync_ok(300, 0);
    assert_int_equal(r.cards_updated, 2);
    assert_int_equal(r.cards_added, 0);
    assert_int_equal(q("SELECT id FROM cards WHERE key = 'dns'"), dns);
    assert_int_equal(q("SELECT id FROM cards WHERE key = 'what-is-a-cdn'"), cdn);
    assert_int_equal(q("SELECT count(*) FROM cards WHERE front = 'What does DNS do, exactly?'"
                       " AND back = 'Names to IP addresses.'"),
                     1);
    assert_int_equal(q("SELECT count(*) FROM review_log"), 2);
    assert_int_equal(q("SELECT count(*) FROM card_state WHERE stability = 9.5 AND reps = 3"), 2);
    assert_int_equal(q("SELECT source_line FROM cards WHERE key = 'dns'"), 4);
    Buf path = {0};
    int line = 0;
    assert_int_equal(store_card_source(store, dns, &path, &line), ERR_OK);
    assert_true(str_ends_with(buf_str(&path), "/net.md"));
    assert_int_equal(line, 4);
    assert_int_equal(store_card_source(store, 99999, &path, &line), ERR_NOT_FOUND);
    buf_free(&path);
    assert_int_equal(store_last_change_s(store), 300);
}

static void test_removed_card_is_retired_and_can_return(void **state)
{
    (void)state;
    put("net.md", NET);
    sync_ok(100, 0);
    int64_t cdn = q("SELECT id FROM cards WHERE key = 'what-is-a-cdn'");
    put("net.md", "# Networking\n<!-- deck: net -->\n"
                  "## What does DNS do?\n<!-- id: dns -->\nNames to addresses.\n");
    SyncReport r = sync_ok(200, 0);
    assert_int_equal(r.cards_retired, 1);
    assert_int_equal(q("SELECT retired FROM cards WHERE key = 'what-is-a-cdn'"), 1);
    assert_int_equal(q("SELECT count(*) FROM card_state"), 2); /* state kept */

    put("net.md", NET);
    r = sync_ok(300, 0);
    assert_int_equal(r.cards_restored, 1);
    assert_int_equal(q("SELECT id FROM cards WHERE key = 'what-is-a-cdn' AND retired = 0"), cdn);
}

static void test_deleted_file_retires_its_deck(void **state)
{
    (void)state;
    put("net.md", NET);
    put("db.md", DB);
    sync_ok(100, 0);
    char *p = path_join(dir, "db.md");
    unlink(p);
    free(p);
    SyncReport r = sync_ok(200, 0);
    assert_int_equal(r.cards_retired, 1);
    assert_int_equal(q("SELECT retired FROM decks WHERE key = 'db'"), 1);
    assert_int_equal(q("SELECT count(*) FROM cards WHERE retired = 0"), 2);
    DeckSummary *list;
    size_t n;
    assert_int_equal(store_deck_summaries(store, 0, 0, &list, &n), ERR_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].key, "net");
    store_deck_summaries_free(list, n);
}

static void test_file_with_errors_changes_nothing(void **state)
{
    (void)state;
    put("net.md", NET);
    sync_ok(100, 0);
    /* an edit plus an error: the edit must not be applied */
    put("net.md", "# Networking\n<!-- deck: net -->\n"
                  "## What does DNS do?\n<!-- id: dns -->\nCHANGED.\n"
                  "## What is a CDN?\nA cache near users.\n"
                  "## New card without a back\n");
    SyncReport r = sync_ok(200, 1);
    assert_int_equal(r.files_failed, 1);
    assert_int_equal(q("SELECT count(*) FROM cards WHERE back = 'CHANGED.'"), 0);
    assert_int_equal(q("SELECT count(*) FROM cards"), 2);
    assert_int_equal(store_last_change_s(store), 100);
}

static void test_duplicate_ids_fail_the_file(void **state)
{
    (void)state;
    put("dup.md", "# D\n## One?\n<!-- id: x -->\nA\n## Two?\n<!-- id: x -->\nB\n");
    SyncReport rep = {0};
    DeckErrors errs = {0};
    assert_int_equal(store_sync_folder(store, dir, 1, &rep, &errs), ERR_OK);
    assert_int_equal(errs.count, 1);
    assert_int_equal(errs.items[0].line, 5);
    assert_non_null(strstr(errs.items[0].msg, "line 2"));
    assert_int_equal(q("SELECT count(*) FROM cards"), 0);
    deck_errors_free(&errs);
}

static void test_deck_id_clash_between_files(void **state)
{
    (void)state;
    put("a.md", NET);
    put("b.md", "# Other\n<!-- deck: net -->\n## Q?\nA\n");
    SyncReport r = sync_ok(1, 1);
    assert_int_equal(r.files_failed, 1);
    assert_int_equal(q("SELECT count(*) FROM cards"), 2);
}

static const char RISK[] = "# Risk: one database\n<!-- kind: risk; id: risk-one-db -->\n"
                           "## Design\nOne database.\n"
                           "## Reference risks\n1. **SPOF:** x\n2. **RPO:** y\n3. **Load:** z\n"
                           "## Key concepts\n- `reliability`: redundancy\n";

static void test_drill_files_sync_into_drill_prompts(void **state)
{
    (void)state;
    put("risk.md", RISK);
    SyncReport r = sync_ok(1, 0);
    assert_int_equal(r.drills_synced, 1);
    assert_int_equal(q("SELECT count(*) FROM drill_prompts WHERE key = 'risk-one-db' AND kind ="
                       " 'risk' AND retired = 0"),
                     1);
    assert_int_equal(q("SELECT count(*) FROM cards"), 0);
    /* unchanged: skipped by hash */
    r = sync_ok(2, 0);
    assert_int_equal(r.files_unchanged, 1);
    /* a drill missing a required section changes nothing */
    put("risk.md", "# Risk: one database\n<!-- kind: risk; id: risk-one-db -->\n"
                   "## Design\nChanged.\n## Key concepts\n- `reliability`: x\n");
    r = sync_ok(3, 1);
    assert_int_equal(r.files_failed, 1);
    assert_int_equal(q("SELECT count(*) FROM drill_prompts WHERE body LIKE '%Changed.%'"), 0);
    DrillSummary *list;
    size_t n;
    assert_int_equal(store_drill_list(store, &list, &n), ERR_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].key, "risk-one-db");
    assert_int_equal(list[0].kind, DECK_KIND_RISK);
    assert_int_equal(list[0].minutes, 10);
    store_drill_list_free(list, n);
    /* the file goes: the drill is retired, not deleted */
    char *p = path_join(dir, "risk.md");
    unlink(p);
    free(p);
    sync_ok(4, 0);
    assert_int_equal(q("SELECT retired FROM drill_prompts WHERE key = 'risk-one-db'"), 1);
}

static void test_missing_folder_is_an_error(void **state)
{
    (void)state;
    SyncReport rep = {0};
    DeckErrors errs = {0};
    assert_int_equal(store_sync_folder(store, "/nonexistent/decks", 1, &rep, &errs), ERR_NOT_FOUND);
    assert_int_equal(errs.count, 1);
    deck_errors_free(&errs);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_first_sync_adds_everything_then_is_idempotent),
        T(test_edit_keeps_id_state_and_history),
        T(test_removed_card_is_retired_and_can_return),
        T(test_deleted_file_retires_its_deck),
        T(test_file_with_errors_changes_nothing),
        T(test_duplicate_ids_fail_the_file),
        T(test_deck_id_clash_between_files),
        T(test_drill_files_sync_into_drill_prompts),
        T(test_missing_folder_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
