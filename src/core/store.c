/*
 * store.c: opening, validating and migrating the database, plus settings, deck folders
 * and the deck summaries of the home screen. A file is checked (header, application id,
 * schema version, readable schema) before the first write, so a database we cannot use
 * is never modified.
 */
#include "core/store_internal.h"

#include "core/store_study.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Migration N takes the schema from version N to N + 1. Append; never edit a shipped one. */
static const char *const MIGRATIONS[STORE_SCHEMA_VERSION] = {
    /* 0 -> 1: content and scheduling */
    "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE deck_folders(path TEXT PRIMARY KEY, added_s INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE decks("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  source_path TEXT NOT NULL,"
    "  file_hash TEXT NOT NULL DEFAULT '',"
    "  retired INTEGER NOT NULL DEFAULT 0,"
    "  created_s INTEGER NOT NULL,"
    "  modified_s INTEGER NOT NULL);"
    "CREATE INDEX decks_source ON decks(source_path);"
    "CREATE TABLE cards("
    "  id INTEGER PRIMARY KEY,"
    "  deck_id INTEGER NOT NULL REFERENCES decks(id),"
    "  key TEXT NOT NULL,"
    "  front TEXT NOT NULL,"
    "  back TEXT NOT NULL,"
    "  tags TEXT NOT NULL DEFAULT '',"
    "  source_path TEXT NOT NULL,"
    "  source_line INTEGER NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    "  retired INTEGER NOT NULL DEFAULT 0,"
    "  created_s INTEGER NOT NULL,"
    "  modified_s INTEGER NOT NULL,"
    "  UNIQUE(deck_id, key));"
    "CREATE TABLE card_state("
    "  card_id INTEGER PRIMARY KEY REFERENCES cards(id),"
    "  state INTEGER NOT NULL DEFAULT 0 CHECK(state BETWEEN 0 AND 3),"
    "  due_ms INTEGER NOT NULL DEFAULT 0,"
    "  stability REAL NOT NULL DEFAULT 0,"
    "  difficulty REAL NOT NULL DEFAULT 0,"
    "  elapsed_days INTEGER NOT NULL DEFAULT 0,"
    "  scheduled_days INTEGER NOT NULL DEFAULT 0,"
    "  learning_step INTEGER NOT NULL DEFAULT 0,"
    "  reps INTEGER NOT NULL DEFAULT 0,"
    "  lapses INTEGER NOT NULL DEFAULT 0,"
    "  last_review_ms INTEGER NOT NULL DEFAULT 0,"
    "  suspended INTEGER NOT NULL DEFAULT 0,"
    "  buried_until_day INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX card_state_due ON card_state(state, due_ms);"
    /* The review log is append-only: the source of truth for every card's state. Undo of
     * the last answer is the one deletion, done in the same transaction as the restore. */
    "CREATE TABLE review_log("
    "  id INTEGER PRIMARY KEY,"
    "  card_id INTEGER NOT NULL REFERENCES cards(id),"
    "  review_ms INTEGER NOT NULL,"
    "  rating INTEGER NOT NULL CHECK(rating BETWEEN 1 AND 4),"
    "  duration_ms INTEGER NOT NULL DEFAULT 0,"
    "  state_before INTEGER NOT NULL,"
    "  stability_before REAL NOT NULL,"
    "  difficulty_before REAL NOT NULL,"
    "  due_before_ms INTEGER NOT NULL,"
    "  step_before INTEGER NOT NULL,"
    "  last_review_before_ms INTEGER NOT NULL,"
    "  state_after INTEGER NOT NULL,"
    "  stability REAL NOT NULL,"
    "  difficulty REAL NOT NULL,"
    "  elapsed_days INTEGER NOT NULL,"
    "  scheduled_days INTEGER NOT NULL,"
    "  due_ms INTEGER NOT NULL,"
    "  step_after INTEGER NOT NULL);"
    "CREATE INDEX review_log_card ON review_log(card_id, review_ms);"
    "CREATE INDEX review_log_time ON review_log(review_ms);"
    "CREATE TRIGGER review_log_append_only BEFORE UPDATE ON review_log "
    "BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;",

    /* 1 -> 2: drills and whiteboards */
    "CREATE TABLE drill_prompts("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  source_path TEXT NOT NULL,"
    "  source_line INTEGER NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    "  retired INTEGER NOT NULL DEFAULT 0,"
    "  created_s INTEGER NOT NULL,"
    "  modified_s INTEGER NOT NULL);"
    "CREATE TABLE boards("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  view_x REAL NOT NULL DEFAULT 0,"
    "  view_y REAL NOT NULL DEFAULT 0,"
    "  zoom REAL NOT NULL DEFAULT 1,"
    "  created_s INTEGER NOT NULL,"
    "  modified_s INTEGER NOT NULL);"
    "CREATE TABLE board_elements("
    "  id INTEGER PRIMARY KEY,"
    "  board_id INTEGER NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
    "  z INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  data TEXT NOT NULL);"
    "CREATE INDEX board_elements_board ON board_elements(board_id, z);"
    "CREATE TABLE drill_attempts("
    "  id INTEGER PRIMARY KEY,"
    "  prompt_id INTEGER NOT NULL REFERENCES drill_prompts(id),"
    "  status TEXT NOT NULL CHECK(status IN ('running', 'paused', 'done', 'abandoned')),"
    "  started_ms INTEGER NOT NULL,"
    "  ended_ms INTEGER,"
    "  phases TEXT NOT NULL DEFAULT '[]',"
    "  notes TEXT NOT NULL DEFAULT '{}',"
    "  scores TEXT NOT NULL DEFAULT '{}',"
    "  missed TEXT NOT NULL DEFAULT '',"
    "  board_id INTEGER REFERENCES boards(id));"
    "CREATE INDEX drill_attempts_prompt ON drill_attempts(prompt_id, started_ms);",

    /* 2 -> 3: the study queue, presets, undo and leeches */
    /* A card never changes deck (cards are keyed by deck and id), so card_state keeps a
     * copy of its deck for the queue's per-deck new-card index; the trigger fills it for
     * rows inserted with only a card_id. */
    "ALTER TABLE card_state ADD COLUMN deck_id INTEGER;"
    "UPDATE card_state SET deck_id = (SELECT deck_id FROM cards WHERE cards.id = card_id);"
    "CREATE TRIGGER card_state_deck AFTER INSERT ON card_state WHEN NEW.deck_id IS NULL "
    "BEGIN UPDATE card_state SET deck_id = (SELECT deck_id FROM cards WHERE id = NEW.card_id)"
    " WHERE card_id = NEW.card_id; END;"
    "CREATE INDEX card_state_new ON card_state(deck_id) WHERE state = 0;"
    /* The queue reads due cards from the index alone: it replaces (state, due_ms). */
    "DROP INDEX card_state_due;"
    "CREATE INDEX card_state_queue ON card_state(state, due_ms, suspended, buried_until_day,"
    " deck_id, stability, last_review_ms);"
    /* Retired cards are few: the queue leaves them out by id. */
    "CREATE INDEX cards_retired ON cards(id) WHERE retired != 0;"
    /* Today's answers per kind, for the daily limits, from the index alone. */
    "DROP INDEX review_log_time;"
    "CREATE INDEX review_log_day ON review_log(review_ms, state_before, card_id);"
    /* Per-deck study options; a deck without a row uses the defaults (preset.h). */
    "CREATE TABLE presets("
    "  deck_id INTEGER PRIMARY KEY REFERENCES decks(id),"
    "  new_per_day INTEGER NOT NULL DEFAULT 20 CHECK(new_per_day BETWEEN 0 AND 99999),"
    "  reviews_per_day INTEGER NOT NULL DEFAULT 200 CHECK(reviews_per_day BETWEEN 0 AND 99999),"
    "  desired_retention REAL NOT NULL DEFAULT 0.9"
    "    CHECK(desired_retention > 0 AND desired_retention <= 1),"
    "  learning_steps TEXT NOT NULL DEFAULT '1m 10m',"
    "  relearning_steps TEXT NOT NULL DEFAULT '10m',"
    "  maximum_interval INTEGER NOT NULL DEFAULT 36500"
    "    CHECK(maximum_interval BETWEEN 1 AND 36500),"
    "  weights TEXT NOT NULL,"
    "  fuzz INTEGER NOT NULL DEFAULT 0 CHECK(fuzz IN (0, 1)));"
    /* Every distinct scheduler configuration an answer used (preset_spec text), so the
     * log replays exactly after the options change. */
    "CREATE TABLE param_sets(id INTEGER PRIMARY KEY, spec TEXT NOT NULL UNIQUE);"
    /* Tags the app adds (leech), apart from the deck files' tags that a sync rewrites. */
    "CREATE TABLE card_tags("
    "  card_id INTEGER NOT NULL REFERENCES cards(id),"
    "  tag TEXT NOT NULL,"
    "  PRIMARY KEY(card_id, tag)) WITHOUT ROWID;"
    /* What an undo restores beyond the *_before columns, and what replaying needs: the
     * day rule and the settings of each answer. NULL in rows written before version 3. */
    "ALTER TABLE review_log ADD COLUMN elapsed_before INTEGER;"
    "ALTER TABLE review_log ADD COLUMN scheduled_before INTEGER;"
    "ALTER TABLE review_log ADD COLUMN reps_before INTEGER;"
    "ALTER TABLE review_log ADD COLUMN lapses_before INTEGER;"
    "ALTER TABLE review_log ADD COLUMN tz_offset_s INTEGER;"
    "ALTER TABLE review_log ADD COLUMN rollover_hour INTEGER;"
    "ALTER TABLE review_log ADD COLUMN param_set_id INTEGER REFERENCES param_sets(id);"
    /* bit 0: the answer suspended the card (leech); bit 1: it added the leech tag;
     * bit 2: it created its param_sets row. */
    "ALTER TABLE review_log ADD COLUMN undo_flags INTEGER NOT NULL DEFAULT 0;",

    /* 3 -> 4: drill attempts in progress and finished, the prompts' schedule, focus tags
     * and lightning rounds */
    /* An open attempt keeps its whole session (session.h text), rewritten by every save;
     * saved_ms is the wall time of that save. The other columns summarise a finished one. */
    "ALTER TABLE drill_attempts ADD COLUMN session TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE drill_attempts ADD COLUMN saved_ms INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE drill_attempts ADD COLUMN pauses TEXT NOT NULL DEFAULT '[]';"
    "ALTER TABLE drill_attempts ADD COLUMN result REAL;"
    "ALTER TABLE drill_attempts ADD COLUMN correct INTEGER;"
    "ALTER TABLE drill_attempts ADD COLUMN total INTEGER;"
    "CREATE INDEX drill_attempts_open ON drill_attempts(saved_ms)"
    " WHERE status IN ('running', 'paused');"
    /* One row per self-scored dimension of a finished attempt, for the trends. */
    "CREATE TABLE drill_attempt_scores("
    "  attempt_id INTEGER NOT NULL REFERENCES drill_attempts(id),"
    "  dimension INTEGER NOT NULL CHECK(dimension BETWEEN 0 AND 7),"
    "  score INTEGER NOT NULL CHECK(score BETWEEN 0 AND 4),"
    "  PRIMARY KEY(attempt_id, dimension)) WITHOUT ROWID;"
    /* Each prompt's FSRS state, answered once per finished attempt; it can be rebuilt by
     * replaying the finished attempts' results in order. */
    "CREATE TABLE drill_schedule("
    "  prompt_id INTEGER PRIMARY KEY REFERENCES drill_prompts(id),"
    "  state INTEGER NOT NULL CHECK(state BETWEEN 0 AND 3),"
    "  stability REAL NOT NULL,"
    "  difficulty REAL NOT NULL,"
    "  due_ms INTEGER NOT NULL,"
    "  last_review_ms INTEGER NOT NULL,"
    "  elapsed_days INTEGER NOT NULL,"
    "  scheduled_days INTEGER NOT NULL,"
    "  learning_step INTEGER NOT NULL,"
    "  reps INTEGER NOT NULL,"
    "  lapses INTEGER NOT NULL);"
    /* The card tags a weak attempt puts in focus, until until_ms. */
    "CREATE TABLE drill_focus("
    "  attempt_id INTEGER NOT NULL REFERENCES drill_attempts(id),"
    "  tag TEXT NOT NULL,"
    "  until_ms INTEGER NOT NULL,"
    "  PRIMARY KEY(attempt_id, tag)) WITHOUT ROWID;"
    "CREATE INDEX drill_focus_until ON drill_focus(until_ms);"
    "CREATE TABLE lightning_rounds("
    "  id INTEGER PRIMARY KEY,"
    "  played_ms INTEGER NOT NULL,"
    "  seed INTEGER NOT NULL,"
    "  answered INTEGER NOT NULL CHECK(answered >= 0),"
    "  correct INTEGER NOT NULL CHECK(correct BETWEEN 0 AND answered),"
    "  score INTEGER NOT NULL CHECK(score >= 0));",

    /* 4 -> 5: whiteboards saved element by element (store_board.c) */
    /* The model's element id, unique within its board (rows from before keep their row
     * id), so each command rewrites only the rows it changed. */
    "ALTER TABLE board_elements ADD COLUMN eid INTEGER;"
    "UPDATE board_elements SET eid = id;"
    "CREATE UNIQUE INDEX board_elements_eid ON board_elements(board_id, eid);"
    /* The points of lines, arrows and strokes: little-endian float32 x, y pairs. */
    "ALTER TABLE board_elements ADD COLUMN points BLOB;"
    /* Free boards are those no attempt refers to. */
    "CREATE INDEX drill_attempts_board ON drill_attempts(board_id) WHERE board_id IS NOT NULL;",

    /* 5 -> 6: a derived cache of the review log's statistics columns (store_stats.h has
     * the record format). Nothing reads it but the statistics, which never depend on it
     * existing; it is filled lazily. A change to the log deletes every chunk at or after
     * the changed row, so a chunk never outlives the rows it was packed from. */
    "CREATE TABLE review_pack("
    "  first_id INTEGER PRIMARY KEY,"
    "  last_id INTEGER NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  rows BLOB NOT NULL);"
    "CREATE INDEX review_pack_last ON review_pack(last_id);"
    "CREATE TRIGGER review_pack_delete AFTER DELETE ON review_log "
    "BEGIN DELETE FROM review_pack WHERE last_id >= OLD.id; END;"
    "CREATE TRIGGER review_pack_update AFTER UPDATE ON review_log "
    "BEGIN DELETE FROM review_pack WHERE last_id >= min(OLD.id, NEW.id); END;"
    /* Appends get a new largest id and leave the chunks alone; a row inserted into a
     * packed range (never done by the app) drops the chunks it would make stale. */
    "CREATE TRIGGER review_pack_insert AFTER INSERT ON review_log"
    " WHEN NEW.id <= (SELECT max(last_id) FROM review_pack) "
    "BEGIN DELETE FROM review_pack WHERE last_id >= NEW.id; END;",
};

/* ---- errors ------------------------------------------------------------------------ */

Err store_fail(Store *s, Err err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
    va_end(ap);
    return err;
}

Err store_fail_db(Store *s, const char *what)
{
    return store_fail(s, ERR_DB, "%s: %s", what, sqlite3_errmsg(s->db));
}

sqlite3_stmt *store_prepare(Store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        store_fail_db(s, "prepare");
        return NULL;
    }
    return st;
}

const char *store_errmsg(const Store *s)
{
    return s->errmsg;
}

const char *store_path(const Store *s)
{
    return s->path;
}

/* ---- opening ----------------------------------------------------------------------- */

static void set_err(ErrInfo *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(ErrInfo *err, const char *path, const char *fmt, ...)
{
    memset(err, 0, sizeof(*err));
    snprintf(err->file, sizeof(err->file), "%s", path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
}

/* Checks the first bytes of an existing file for SQLite's magic header; creates a missing
 * file with mode 0600 so that SQLite (and its -wal/-shm files, which copy the mode) never
 * make it readable by others. */
static Err prepare_file(const char *path, ErrInfo *err)
{
    /* Only stat() here, never open() and close(): closing any descriptor of a file drops
     * the POSIX locks this process holds on it through other descriptors, such as those
     * of a connection already open (SQLite's "How To Corrupt", 2.2). The header is checked
     * through SQLite itself (validate: a non-database is SQLITE_NOTADB). */
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT) {
            set_err(err, path, "cannot open: %s", strerror(errno));
            return ERR_IO;
        }
        return ERR_OK; /* a new collection */
    }
    if (!S_ISREG(st.st_mode)) {
        set_err(err, path, "not an SQLite database (not a regular file); refusing to touch it");
        return ERR_CORRUPT;
    }
    if (st.st_size > 0 && st.st_size < 100) { /* shorter than SQLite's header */
        set_err(err, path, "not an SQLite database; refusing to touch it");
        return ERR_CORRUPT;
    }
    return ERR_OK;
}

static Err query_int(Store *s, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_NOTFOUND;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? ERR_OK : (rc == SQLITE_NOTFOUND ? ERR_NOT_FOUND : ERR_DB);
}

/* Reads the version and identity of the database without writing anything. */
static Err validate(Store *s, int64_t *version, ErrInfo *err)
{
    int64_t app_id = 0, tables = 0;
    if (query_int(s, "PRAGMA application_id", &app_id) ||
        query_int(s, "PRAGMA user_version", version) ||
        query_int(s, "SELECT count(*) FROM sqlite_schema", &tables)) {
        int code = sqlite3_errcode(s->db);
        if (code == SQLITE_NOTADB) {
            set_err(err, s->path, "not an SQLite database; refusing to touch it");
            return ERR_CORRUPT;
        }
        set_err(err, s->path,
                "cannot read the database (%s); it may be damaged: restore a "
                "backup with 'archdrill restore FILE'",
                sqlite3_errmsg(s->db));
        return code == SQLITE_BUSY || code == SQLITE_LOCKED ? ERR_DB : ERR_CORRUPT;
    }
    bool ours = app_id == STORE_APPLICATION_ID;
    if ((app_id != 0 && !ours) || (!ours && (tables > 0 || *version > 0))) {
        set_err(err, s->path,
                "an SQLite database, but not an archdrill one; refusing to "
                "touch it");
        return ERR_CORRUPT;
    }
    if (*version > STORE_SCHEMA_VERSION) {
        set_err(err, s->path,
                "database schema version %lld is newer than this archdrill understands "
                "(%d); use a newer archdrill",
                (long long)*version, STORE_SCHEMA_VERSION);
        return ERR_SCHEMA;
    }
    return ERR_OK;
}

static Err migrate(Store *s, int64_t from, int to, ErrInfo *err)
{
    for (int64_t v = from; v < to; v++) {
        char *msg = NULL;
        char sql[96];
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %lld; PRAGMA application_id = %d;",
                 (long long)v + 1, STORE_APPLICATION_ID);
        if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(s->db, MIGRATIONS[v], NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(s->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
            set_err(err, s->path, "migration to schema version %lld failed: %s", (long long)v + 1,
                    msg ? msg : "unknown error");
            sqlite3_free(msg);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return ERR_DB;
        }
    }
    return ERR_OK;
}

Err store_open_at_version(const char *path, int version, Store **out, ErrInfo *err)
{
    *out = NULL;
    bool memory = strcmp(path, ":memory:") == 0;
    Err e = memory ? ERR_OK : prepare_file(path, err);
    if (e)
        return e;
    Store *s = xcalloc(1, sizeof(*s));
    s->path = xstrdup(path);
    int64_t current = 0;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        set_err(err, path, "cannot open: %s", s->db ? sqlite3_errmsg(s->db) : "out of memory");
        e = ERR_IO;
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    e = validate(s, &current, err);
    if (e)
        goto fail;
    if (!memory)
        chmod(path, 0600); /* the collection is private (its -wal and -shm follow its mode) */
    /* Only now, with a database we understand, do we write anything. An 8 MB page cache
     * (SQLite's default is 2 MB) keeps the study queue's index pages between builds. */
    if (sqlite3_exec(s->db,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                     "PRAGMA foreign_keys = ON; PRAGMA cache_size = -8000;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        set_err(err, path, "cannot configure the database: %s", sqlite3_errmsg(s->db));
        e = ERR_DB;
        goto fail;
    }
    if (current < version) {
        e = migrate(s, current, version, err);
        if (e)
            goto fail;
    }
    *out = s;
    return ERR_OK;
fail:
    store_close(s);
    return e;
}

Err store_open(const char *path, Store **out, ErrInfo *err)
{
    return store_open_at_version(path, STORE_SCHEMA_VERSION, out, err);
}

void store_close(Store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

int store_schema_version(Store *s)
{
    int64_t v = 0;
    query_int(s, "PRAGMA user_version", &v);
    return (int)v;
}

/* ---- statements -------------------------------------------------------------------- */

Err store_exec(Store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        store_fail(s, ERR_DB, "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return ERR_DB;
    }
    return ERR_OK;
}

Err store_query_int(Store *s, const char *sql, int64_t *out)
{
    Err e = query_int(s, sql, out);
    if (e == ERR_DB)
        store_fail_db(s, "query");
    return e;
}

Err store_begin(Store *s)
{
    return store_exec(s, "BEGIN IMMEDIATE");
}

Err store_commit(Store *s)
{
    return store_exec(s, "COMMIT");
}

void store_rollback(Store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- settings ---------------------------------------------------------------------- */

Err store_setting_get(Store *s, const char *key, Buf *out)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT value FROM settings WHERE key = ?");
    if (!st)
        return ERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    Err e = ERR_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        buf_clear(out);
        buf_puts(out, (const char *)sqlite3_column_text(st, 0));
    } else {
        e = rc == SQLITE_DONE ? ERR_NOT_FOUND : store_fail_db(s, "read setting");
    }
    sqlite3_finalize(st);
    return e;
}

Err store_setting_set(Store *s, const char *key, const char *value)
{
    sqlite3_stmt *st = store_prepare(s, "INSERT INTO settings(key, value) VALUES(?, ?) "
                                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!st)
        return ERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    Err e = sqlite3_step(st) == SQLITE_DONE ? ERR_OK : store_fail_db(s, "write setting");
    sqlite3_finalize(st);
    return e;
}

Err store_mark_changed(Store *s, int64_t now_s)
{
    char value[32];
    snprintf(value, sizeof(value), "%lld", (long long)now_s);
    return store_setting_set(s, "last_change_s", value);
}

int64_t store_last_change_s(Store *s)
{
    Buf b = {0};
    int64_t t = 0;
    if (store_setting_get(s, "last_change_s", &b) == ERR_OK)
        t = strtoll(buf_str(&b), NULL, 10);
    buf_free(&b);
    return t;
}

/* ---- deck folders ------------------------------------------------------------------ */

Err store_folder_add(Store *s, const char *path, int64_t now_s)
{
    sqlite3_stmt *st =
        store_prepare(s, "INSERT OR IGNORE INTO deck_folders(path, added_s) VALUES(?, ?)");
    if (!st)
        return ERR_DB;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now_s);
    Err e = sqlite3_step(st) == SQLITE_DONE ? ERR_OK : store_fail_db(s, "add folder");
    sqlite3_finalize(st);
    return e;
}

Err store_folder_list(Store *s, char ***out)
{
    *out = NULL;
    sqlite3_stmt *st = store_prepare(s, "SELECT path FROM deck_folders ORDER BY added_s, path");
    if (!st)
        return ERR_DB;
    char **list = xcalloc(1, sizeof(*list));
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        list = xrealloc(list, (n + 2) * sizeof(*list));
        list[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
        list[n] = NULL;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        store_strings_free(list);
        return store_fail_db(s, "list folders");
    }
    *out = list;
    return ERR_OK;
}

void store_strings_free(char **strings)
{
    if (!strings)
        return;
    for (char **p = strings; *p; p++)
        free(*p);
    free(strings);
}

/* ---- summaries --------------------------------------------------------------------- */

Err store_deck_summaries(Store *s, int64_t now_ms, int tz_offset_s, DeckSummary **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DayRule rule;
    Err e = store_day_rule(s, tz_offset_s, &rule);
    if (e)
        return e;
    sqlite3_stmt *st = store_prepare(
        s, "SELECT d.id, d.key, d.name, count(c.id)"
           " FROM decks d JOIN cards c ON c.deck_id = d.id AND c.retired = 0"
           " WHERE d.retired = 0 GROUP BY d.id ORDER BY d.name COLLATE NOCASE, d.key");
    if (!st)
        return ERR_DB;
    DeckSummary *list = NULL;
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        list = xrealloc(list, (count + 1) * sizeof(*list));
        DeckSummary *d = &list[count++];
        memset(d, 0, sizeof(*d));
        d->id = sqlite3_column_int64(st, 0);
        d->key = xstrdup((const char *)sqlite3_column_text(st, 1));
        d->name = xstrdup((const char *)sqlite3_column_text(st, 2));
        d->cards = sqlite3_column_int(st, 3);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        e = store_fail_db(s, "deck summaries");
    /* The counts are the queue's, so the home screen shows what a study session gets. */
    Queue q = {0};
    if (!e && count)
        e = store_study_queue(s, 0, now_ms, &rule, &q);
    for (size_t i = 0; !e && i < count; i++) {
        const QueueCounts *qc = queue_counts(&q, list[i].id);
        if (qc) {
            list[i].new_count = qc->new_count;
            list[i].learning = qc->learning;
            list[i].due = qc->review;
        }
    }
    queue_free(&q);
    if (e) {
        store_deck_summaries_free(list, count);
        return e;
    }
    *out = list;
    *n = count;
    return ERR_OK;
}

void store_deck_summaries_free(DeckSummary *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].key);
        free(list[i].name);
    }
    free(list);
}
