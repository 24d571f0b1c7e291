/*
 * test_store.c: opening, migrating and refusing databases (core/store): WAL, mode 0600,
 * foreign keys, every earlier schema version migrated with its data intact, and newer,
 * foreign, non-database and damaged files refused without a byte changed.
 */
#include "test_support.h"

#include "core/store.h"

#include <sqlite3.h>

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

static Store *open_ok(const char *path)
{
    Store *s = NULL;
    ErrInfo err = {0};
    Err e = store_open(path, &s, &err);
    if (e)
        fail_msg("store_open(%s): %s", path, err.msg);
    return s;
}

static int64_t query(Store *s, const char *sql)
{
    int64_t v = -1;
    assert_int_equal(store_query_int(s, sql, &v), ERR_OK);
    return v;
}

static void test_new_database_is_wal_versioned_private(void **state)
{
    (void)state;
    Store *s = open_ok(db_path);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    assert_int_equal(query(s, "PRAGMA foreign_keys"), 1);
    assert_int_equal(query(s, "PRAGMA application_id"), STORE_APPLICATION_ID);
    int64_t wal = 0;
    assert_int_equal(
        store_query_int(s, "SELECT journal_mode = 'wal' FROM pragma_journal_mode", &wal), ERR_OK);
    assert_int_equal(wal, 1);
    struct stat st;
    assert_int_equal(stat(db_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    store_close(s);
}

static void test_foreign_keys_and_append_only_log(void **state)
{
    (void)state;
    Store *s = open_ok(":memory:");
    /* a card in a deck that does not exist violates the foreign key */
    assert_int_equal(store_exec(s, "INSERT INTO cards(deck_id, key, front, back, source_path,"
                                   " source_line, content_hash, created_s, modified_s)"
                                   " VALUES(42, 'k', 'f', 'b', 'p', 1, 'h', 0, 0)"),
                     ERR_DB);
    assert_int_equal(
        store_exec(s, "INSERT INTO decks(key, name, source_path, created_s, modified_s)"
                      " VALUES('d', 'D', 'p', 0, 0);"
                      "INSERT INTO cards(deck_id, key, front, back, source_path, source_line,"
                      " content_hash, created_s, modified_s) VALUES(1, 'k', 'f', 'b', 'p', 1,"
                      " 'h', 0, 0);"
                      "INSERT INTO review_log(card_id, review_ms, rating, state_before,"
                      " stability_before, difficulty_before, due_before_ms, step_before,"
                      " last_review_before_ms, state_after, stability, difficulty,"
                      " elapsed_days, scheduled_days, due_ms, step_after)"
                      " VALUES(1, 1000, 3, 0, 0, 0, 0, 0, 0, 1, 2.3, 5.0, 0, 0, 61000, 1)"),
        ERR_OK);
    assert_int_equal(store_exec(s, "UPDATE review_log SET rating = 4"), ERR_DB);
    assert_non_null(strstr(store_errmsg(s), "append-only"));
    assert_int_equal(store_exec(s, "INSERT INTO review_log(card_id, review_ms, rating,"
                                   " state_before, stability_before, difficulty_before,"
                                   " due_before_ms, step_before, last_review_before_ms,"
                                   " state_after, stability, difficulty, elapsed_days,"
                                   " scheduled_days, due_ms, step_after)"
                                   " VALUES(1, 1000, 7, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0)"),
                     ERR_DB);
    store_close(s);
}

/* Rows written at each version, to be found intact after migrating to the latest. */
static const char *const SEED[STORE_SCHEMA_VERSION + 1] = {
    NULL,
    "INSERT INTO decks(key, name, source_path, created_s, modified_s)"
    " VALUES('d1', 'Deck one', '/x/d1.md', 1, 1);"
    "INSERT INTO cards(deck_id, key, front, back, source_path, source_line, content_hash,"
    " created_s, modified_s) VALUES(1, 'c1', 'Q', 'A', '/x/d1.md', 3, 'h', 1, 1);"
    "INSERT INTO card_state(card_id, state, stability) VALUES(1, 2, 12.5);"
    "INSERT INTO settings(key, value) VALUES('theme', 'dark');",
    "INSERT INTO boards(name, created_s, modified_s) VALUES('b', 1, 1);"
    "INSERT INTO board_elements(board_id, z, kind, data) VALUES(1, 0, 'rect', '{}');",
    "INSERT INTO presets(deck_id, new_per_day, weights) VALUES(1, 5, '0.212');"
    "INSERT INTO param_sets(spec) VALUES('w=1');"
    "INSERT INTO card_tags(card_id, tag) VALUES(1, 'leech');"
    "INSERT INTO review_log(card_id, review_ms, rating, state_before, stability_before,"
    " difficulty_before, due_before_ms, step_before, last_review_before_ms, state_after,"
    " stability, difficulty, elapsed_days, scheduled_days, due_ms, step_after,"
    " elapsed_before, scheduled_before, reps_before, lapses_before, tz_offset_s,"
    " rollover_hour, param_set_id, undo_flags)"
    " VALUES(1, 1000, 3, 0, 0, 0, 0, 0, 0, 1, 2.3, 5.0, 0, 0, 61000, 1, 0, 0, 0, 0, 3600, 4,"
    " 1, 0);",
    "INSERT INTO drill_prompts(key, kind, title, body, source_path, source_line, content_hash,"
    " created_s, modified_s) VALUES('p1', 'design', 'P', 'b', '/x/p1.md', 1, 'h', 1, 1);"
    "INSERT INTO drill_attempts(prompt_id, status, started_ms, ended_ms, session, saved_ms,"
    " result) VALUES(1, 'done', 5, 9, 's', 9, 0.5);"
    "INSERT INTO drill_attempt_scores(attempt_id, dimension, score) VALUES(1, 0, 3);"
    "INSERT INTO drill_schedule VALUES(1, 2, 3.0, 5.0, 100, 9, 0, 3, 0, 1, 0);"
    "INSERT INTO drill_focus(attempt_id, tag, until_ms) VALUES(1, 'caching', 99);"
    "INSERT INTO lightning_rounds(played_ms, seed, answered, correct, score)"
    " VALUES(1, 7, 10, 8, 70);",
    "INSERT INTO boards(name, created_s, modified_s) VALUES('b5', 1, 1);"
    "INSERT INTO board_elements(board_id, eid, z, kind, data, points)"
    " VALUES(last_insert_rowid(), 7, 0, 'line', '{}', x'00000000000000000000803f0000803f');",
    /* one packed row (store_stats.h), for the log row of version 3 */
    "INSERT INTO review_pack(first_id, last_id, n, rows) VALUES(1, 1, 1, zeroblob(40));",
};

static void test_every_earlier_version_migrates(void **state)
{
    (void)state;
    for (int from = 0; from < STORE_SCHEMA_VERSION; from++) {
        char name[64];
        snprintf(name, sizeof(name), "v%d.db", from);
        char *path = path_join(dir, name);
        Store *s = NULL;
        ErrInfo err = {0};
        assert_int_equal(store_open_at_version(path, from, &s, &err), ERR_OK);
        assert_int_equal(store_schema_version(s), from);
        for (int v = 1; v <= from; v++)
            assert_int_equal(store_exec(s, SEED[v]), ERR_OK);
        store_close(s);

        s = open_ok(path);
        assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
        if (from >= 1) {
            assert_int_equal(query(s, "SELECT count(*) FROM cards WHERE key = 'c1'"), 1);
            assert_int_equal(query(s, "SELECT stability * 10 FROM card_state"), 125);
            /* version 3 copies each card's deck into card_state */
            assert_int_equal(query(s, "SELECT deck_id FROM card_state WHERE card_id = 1"), 1);
        }
        if (from >= 3)
            assert_int_equal(query(s, "SELECT new_per_day FROM presets WHERE deck_id = 1"), 5);
        /* version 5 numbers the elements of each board (those from before it) */
        if (from >= 2 && from < 5)
            assert_int_equal(query(s, "SELECT count(*) FROM board_elements WHERE eid = id"), 1);
        /* version 6 adds the review log's cache, empty (it is filled when read), and
         * the triggers that keep it from going stale */
        assert_int_equal(query(s, "SELECT count(*) FROM review_pack"), 0);
        assert_int_equal(query(s, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                                  " AND tbl_name = 'review_log' AND name LIKE 'review_pack_%'"),
                         3);
        if (from >= 3)
            assert_int_equal(query(s, "SELECT count(*) FROM review_log WHERE rating = 3"), 1);
        /* the latest version's seed fits the migrated schema */
        if (from == STORE_SCHEMA_VERSION - 1)
            assert_int_equal(store_exec(s, SEED[STORE_SCHEMA_VERSION]), ERR_OK);
        if (from >= 4 || from == STORE_SCHEMA_VERSION - 1) {
            assert_int_equal(query(s, "SELECT score FROM drill_attempt_scores"), 3);
            assert_int_equal(query(s, "SELECT max(score) FROM lightning_rounds"), 70);
        }
        /* rows inserted with only a card id get their deck from the trigger */
        assert_int_equal(
            store_exec(s, "INSERT INTO decks(key, name, source_path, created_s, modified_s)"
                          " VALUES('d9', 'D9', '/x/d9.md', 2, 2);"
                          "INSERT INTO cards(deck_id, key, front, back, source_path,"
                          " source_line, content_hash, created_s, modified_s) VALUES("
                          "(SELECT id FROM decks WHERE key = 'd9'), 'c9', 'Q', 'A',"
                          " '/x/d9.md', 3, 'h', 2, 2);"
                          "INSERT INTO card_state(card_id) VALUES(last_insert_rowid())"),
            ERR_OK);
        assert_int_equal(query(s, "SELECT count(*) FROM card_state cs JOIN cards c"
                                  " ON c.id = cs.card_id WHERE cs.deck_id = c.deck_id"
                                  " AND c.key = 'c9'"),
                         1);
        /* the latest schema's tables all exist and accept rows */
        assert_int_equal(
            store_exec(s, "INSERT INTO boards(name, created_s, modified_s) VALUES('n', 2, 2)"),
            ERR_OK);
        store_close(s);
        free(path);
    }
}

static void assert_refused(const char *path, Err expected, const char *needle)
{
    size_t before_len, after_len;
    char *before = read_file(path, &before_len);
    Store *s = NULL;
    ErrInfo err = {0};
    assert_int_equal(store_open(path, &s, &err), expected);
    assert_null(s);
    if (!strstr(err.msg, needle))
        fail_msg("expected \"%s\" in \"%s\"", needle, err.msg);
    char *after = read_file(path, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    free(before);
    free(after);
}

static void test_newer_database_is_refused_untouched(void **state)
{
    (void)state;
    Store *s = open_ok(db_path);
    char sql[64];
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", STORE_SCHEMA_VERSION + 1);
    assert_int_equal(store_exec(s, sql), ERR_OK);
    assert_int_equal(store_exec(s, "PRAGMA journal_mode = DELETE"), ERR_OK);
    store_close(s);
    assert_refused(db_path, ERR_SCHEMA, "newer than this archdrill");
}

static void test_non_database_is_refused_untouched(void **state)
{
    (void)state;
    write_file(db_path, "these are my notes, not a database\n");
    assert_refused(db_path, ERR_CORRUPT, "not an SQLite database");
}

static void test_foreign_sqlite_database_is_refused(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "CREATE TABLE photos(id); INSERT INTO photos VALUES(1)", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_refused(db_path, ERR_CORRUPT, "not an archdrill one");
}

static void test_damaged_database_is_refused_untouched(void **state)
{
    (void)state;
    Store *s = open_ok(db_path);
    assert_int_equal(store_exec(s, "PRAGMA journal_mode = DELETE"), ERR_OK);
    store_close(s);
    /* Scribble over the schema table on page 1, after the 100-byte header. */
    size_t len;
    char *bytes = read_file(db_path, &len);
    memset(bytes + 100, 0xA5, 400);
    write_bytes(db_path, bytes, len);
    free(bytes);
    assert_refused(db_path, ERR_CORRUPT, "may be damaged");
}

static void test_settings_roundtrip(void **state)
{
    (void)state;
    Store *s = open_ok(":memory:");
    Buf b = {0};
    assert_int_equal(store_setting_get(s, "missing", &b), ERR_NOT_FOUND);
    assert_int_equal(store_setting_set(s, "k", "v1"), ERR_OK);
    assert_int_equal(store_setting_set(s, "k", "v2"), ERR_OK);
    assert_int_equal(store_setting_get(s, "k", &b), ERR_OK);
    assert_string_equal(buf_str(&b), "v2");
    assert_int_equal(store_last_change_s(s), 0);
    assert_int_equal(store_mark_changed(s, 1234), ERR_OK);
    assert_int_equal(store_last_change_s(s), 1234);
    buf_free(&b);
    char **folders = NULL;
    assert_int_equal(store_folder_add(s, "/a", 1), ERR_OK);
    assert_int_equal(store_folder_add(s, "/a", 2), ERR_OK);
    assert_int_equal(store_folder_add(s, "/b", 3), ERR_OK);
    assert_int_equal(store_folder_list(s, &folders), ERR_OK);
    assert_string_equal(folders[0], "/a");
    assert_string_equal(folders[1], "/b");
    assert_null(folders[2]);
    store_strings_free(folders);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_database_is_wal_versioned_private, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_foreign_keys_and_append_only_log, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_earlier_version_migrates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_database_is_refused_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_non_database_is_refused_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_sqlite_database_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_database_is_refused_untouched, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_settings_roundtrip, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
