/*
 * store_sync.c: deck files -> decks and cards tables. Cards are matched by (deck, id);
 * content changes update the text in place so scheduling state and the review log,
 * which reference the card's row id, are untouched.
 */
#include "core/store_sync.h"

#include "core/drill.h"
#include "core/files.h"
#include "core/store_drill.h"
#include "core/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct CardRow {
    int64_t id;
    char hash[17];
    int retired;
    int line;
} CardRow;

static Err find_deck(Store *s, const char *key, int64_t *id, Buf *source)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT id, source_path FROM decks WHERE key = ?");
    if (!st)
        return ERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    Err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        buf_clear(source);
        buf_puts(source, (const char *)sqlite3_column_text(st, 1));
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = store_fail_db(s, "find deck");
    }
    sqlite3_finalize(st);
    return e;
}

static Err upsert_deck(Store *s, const Deck *deck, const char *source_path, int64_t now_s,
                       int64_t *deck_id)
{
    sqlite3_stmt *st = store_prepare(
        s, "INSERT INTO decks(key, name, description, source_path, file_hash, retired,"
           " created_s, modified_s) VALUES(?1, ?2, ?3, ?4, ?5, 0, ?6, ?6)"
           " ON CONFLICT(key) DO UPDATE SET name = ?2, description = ?3, source_path = ?4,"
           " file_hash = ?5, retired = 0, modified_s = ?6 RETURNING id");
    if (!st)
        return ERR_DB;
    sqlite3_bind_text(st, 1, deck->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, deck->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, deck->description, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, source_path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, deck->file_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, now_s);
    Err e = ERR_OK;
    if (sqlite3_step(st) == SQLITE_ROW)
        *deck_id = sqlite3_column_int64(st, 0);
    else
        e = store_fail_db(s, "save deck");
    sqlite3_finalize(st);
    return e;
}

typedef struct Stmts {
    sqlite3_stmt *find, *insert, *insert_state, *update, *update_line, *seen;
} Stmts;

static void stmts_finalize(Stmts *q)
{
    sqlite3_finalize(q->find);
    sqlite3_finalize(q->insert);
    sqlite3_finalize(q->insert_state);
    sqlite3_finalize(q->update);
    sqlite3_finalize(q->update_line);
    sqlite3_finalize(q->seen);
}

static Err stmts_prepare(Store *s, Stmts *q)
{
    memset(q, 0, sizeof(*q));
    q->find = store_prepare(s, "SELECT id, content_hash, retired, source_line FROM cards"
                               " WHERE deck_id = ? AND key = ?");
    q->insert = store_prepare(
        s, "INSERT INTO cards(deck_id, key, front, back, tags, source_path, source_line,"
           " content_hash, retired, created_s, modified_s)"
           " VALUES(?, ?, ?, ?, ?, ?, ?, ?, 0, ?10, ?10)");
    q->insert_state = store_prepare(s, "INSERT INTO card_state(card_id) VALUES(?)");
    q->update = store_prepare(s, "UPDATE cards SET front = ?, back = ?, tags = ?,"
                                 " source_path = ?, source_line = ?, content_hash = ?,"
                                 " retired = 0, modified_s = ? WHERE id = ?");
    q->update_line =
        store_prepare(s, "UPDATE cards SET source_path = ?, source_line = ? WHERE id = ?");
    q->seen = store_prepare(s, "INSERT OR IGNORE INTO temp.sync_keys(key) VALUES(?)");
    if (!q->find || !q->insert || !q->insert_state || !q->update || !q->update_line || !q->seen) {
        stmts_finalize(q);
        return ERR_DB;
    }
    return ERR_OK;
}

static int step_reset(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

static Err sync_entry(Store *s, Stmts *q, int64_t deck_id, const DeckEntry *e, const char *path,
                      int64_t now_s, SyncReport *rep)
{
    sqlite3_bind_text(q->seen, 1, e->id, -1, SQLITE_STATIC);
    if (step_reset(q->seen) != SQLITE_DONE)
        return store_fail_db(s, "sync");

    sqlite3_bind_int64(q->find, 1, deck_id);
    sqlite3_bind_text(q->find, 2, e->id, -1, SQLITE_STATIC);
    CardRow row = {0};
    int rc = sqlite3_step(q->find);
    bool found = rc == SQLITE_ROW;
    if (found) {
        row.id = sqlite3_column_int64(q->find, 0);
        snprintf(row.hash, sizeof(row.hash), "%s", (const char *)sqlite3_column_text(q->find, 1));
        row.retired = sqlite3_column_int(q->find, 2);
        row.line = sqlite3_column_int(q->find, 3);
    }
    sqlite3_reset(q->find);
    sqlite3_clear_bindings(q->find);
    if (!found && rc != SQLITE_DONE)
        return store_fail_db(s, "find card");

    if (!found) {
        sqlite3_stmt *st = q->insert;
        sqlite3_bind_int64(st, 1, deck_id);
        sqlite3_bind_text(st, 2, e->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, e->heading, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, e->body, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, e->tags, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, path, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 7, e->line);
        sqlite3_bind_text(st, 8, e->hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 10, now_s);
        if (step_reset(st) != SQLITE_DONE)
            return store_fail_db(s, "add card");
        sqlite3_bind_int64(q->insert_state, 1, sqlite3_last_insert_rowid(s->db));
        if (step_reset(q->insert_state) != SQLITE_DONE)
            return store_fail_db(s, "add card state");
        rep->cards_added++;
        return ERR_OK;
    }
    if (strcmp(row.hash, e->hash) != 0 || row.retired) {
        sqlite3_stmt *st = q->update;
        sqlite3_bind_text(st, 1, e->heading, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, e->body, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, e->tags, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, path, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, e->line);
        sqlite3_bind_text(st, 6, e->hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 7, now_s);
        sqlite3_bind_int64(st, 8, row.id);
        if (step_reset(st) != SQLITE_DONE)
            return store_fail_db(s, "update card");
        if (row.retired)
            rep->cards_restored++;
        else
            rep->cards_updated++;
    } else if (row.line != e->line) {
        sqlite3_bind_text(q->update_line, 1, path, -1, SQLITE_STATIC);
        sqlite3_bind_int(q->update_line, 2, e->line);
        sqlite3_bind_int64(q->update_line, 3, row.id);
        if (step_reset(q->update_line) != SQLITE_DONE)
            return store_fail_db(s, "update card");
    }
    return ERR_OK;
}

static Err retire_unseen(Store *s, int64_t deck_id, int64_t now_s, SyncReport *rep)
{
    sqlite3_stmt *st =
        store_prepare(s, "UPDATE cards SET retired = 1, modified_s = ? WHERE deck_id = ?"
                         " AND retired = 0 AND key NOT IN (SELECT key FROM temp.sync_keys)");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, now_s);
    sqlite3_bind_int64(st, 2, deck_id);
    Err e = sqlite3_step(st) == SQLITE_DONE ? ERR_OK : store_fail_db(s, "retire cards");
    rep->cards_retired += sqlite3_changes(s->db);
    sqlite3_finalize(st);
    return e;
}

static Err apply_deck(Store *s, const Deck *deck, const char *path, int64_t now_s, SyncReport *rep)
{
    int64_t deck_id = 0;
    Err e = upsert_deck(s, deck, path, now_s, &deck_id);
    if (e)
        return e;
    e = store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS sync_keys(key TEXT PRIMARY KEY);"
                      "DELETE FROM temp.sync_keys;");
    if (e)
        return e;
    Stmts q;
    if (stmts_prepare(s, &q))
        return ERR_DB;
    for (size_t i = 0; i < deck->entry_count && !e; i++)
        e = sync_entry(s, &q, deck_id, &deck->entries[i], path, now_s, rep);
    stmts_finalize(&q);
    if (!e)
        e = retire_unseen(s, deck_id, now_s, rep);
    return e;
}

Err store_sync_deck(Store *s, const Deck *deck, const char *source_path, int64_t now_s,
                    SyncReport *report, DeckErrors *errs)
{
    int64_t existing_id = 0;
    Buf existing_path = {0};
    Err e = find_deck(s, deck->id, &existing_id, &existing_path);
    if (e == ERR_OK && strcmp(buf_str(&existing_path), source_path) != 0 &&
        files_is_file(buf_str(&existing_path))) {
        deck_errors_add(errs, source_path, 1, 1, "deck id '%s' is already used by %s", deck->id,
                        buf_str(&existing_path));
        buf_free(&existing_path);
        report->files_failed++;
        return ERR_PARSE;
    }
    buf_free(&existing_path);
    if (e != ERR_OK && e != ERR_NOT_FOUND)
        return e;

    SyncReport before = *report;
    e = store_begin(s);
    if (e)
        return e;
    e = apply_deck(s, deck, source_path, now_s, report);
    if (!e)
        e = store_mark_changed(s, now_s);
    if (!e)
        e = store_commit(s);
    if (e) {
        store_rollback(s);
        *report = before;
        return e;
    }
    report->files_applied++;
    return ERR_OK;
}

/* True when the file's bytes match what was last applied from it. */
static bool unchanged(Store *s, const char *path, const char *hash)
{
    sqlite3_stmt *st = store_prepare(
        s, "SELECT 1 FROM decks WHERE source_path = ? AND file_hash = ? AND retired = 0");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
    bool same = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return same;
}

/* A drill file: validated as a drill first, so a broken drill changes nothing. */
static Err sync_drill(Store *s, const Deck *deck, const char *path, const char *text, int64_t now_s,
                      SyncReport *rep, DeckErrors *errs)
{
    Drill *drill = NULL;
    if (drill_from_deck(deck, &drill, errs) != ERR_OK) {
        rep->files_failed++;
        return ERR_OK;
    }
    drill_free(drill);
    bool changed = false;
    Err e = store_drill_sync(s, deck, path, text, now_s, &changed, errs);
    if (e == ERR_PARSE) {
        rep->files_failed++;
        return ERR_OK;
    }
    if (!e) {
        rep->files_applied++;
        rep->drills_synced++;
    }
    return e;
}

static Err sync_file(Store *s, const char *path, int64_t now_s, SyncReport *rep, DeckErrors *errs)
{
    char *data = NULL;
    size_t len = 0;
    ErrInfo info;
    rep->files_seen++;
    if (files_read(path, DECK_MAX_FILE_BYTES, &data, &len, &info)) {
        deck_errors_add(errs, path, 0, 0, "%s", info.msg);
        rep->files_failed++;
        return ERR_OK;
    }
    char hash[17];
    hash_hex(hash_fnv1a64(data, len), hash);
    Err e = ERR_OK;
    if (unchanged(s, path, hash) || store_drill_unchanged(s, path, hash)) {
        rep->files_unchanged++;
    } else {
        Deck *deck = NULL;
        if (deck_parse(path, data, len, &deck, errs) != ERR_OK) {
            rep->files_failed++;
        } else if (deck->kind != DECK_KIND_CARDS) {
            e = sync_drill(s, deck, path, data, now_s, rep, errs);
        } else {
            e = store_sync_deck(s, deck, path, now_s, rep, errs);
            if (e == ERR_PARSE)
                e = ERR_OK; /* reported in errs and counted as failed */
        }
        deck_free(deck);
    }
    free(data);
    return e;
}

/* Retires decks (and their cards) whose file under `root` was not found this time. */
static Err retire_missing_files(Store *s, const char *root, char **seen, int64_t now_s,
                                SyncReport *rep)
{
    Err e = store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS sync_files(path TEXT PRIMARY KEY);"
                          "DELETE FROM temp.sync_files;");
    sqlite3_stmt *ins = e ? NULL
                          : store_prepare(s, "INSERT OR IGNORE INTO temp.sync_files"
                                             " VALUES(?)");
    if (!ins)
        return ERR_DB;
    for (char **p = seen; *p; p++) {
        sqlite3_bind_text(ins, 1, *p, -1, SQLITE_STATIC);
        step_reset(ins);
    }
    sqlite3_finalize(ins);
    const char *sql =
        "UPDATE cards SET retired = 1, modified_s = ?3 WHERE retired = 0 AND deck_id IN"
        " (SELECT id FROM decks WHERE retired = 0 AND (source_path = ?1 OR"
        "  substr(source_path, 1, length(?2)) = ?2)"
        "  AND source_path NOT IN (SELECT path FROM temp.sync_files));"
        "UPDATE decks SET retired = 1, modified_s = ?3 WHERE retired = 0 AND"
        " (source_path = ?1 OR substr(source_path, 1, length(?2)) = ?2)"
        " AND source_path NOT IN (SELECT path FROM temp.sync_files)";
    Buf prefix = {0};
    buf_printf(&prefix, "%s/", root);
    if (store_begin(s)) {
        buf_free(&prefix);
        return ERR_DB;
    }
    const char *tail = sql;
    int statements = 0, rows_changed = 0;
    while (!e && tail && *tail) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(s->db, tail, -1, &st, &tail) != SQLITE_OK) {
            e = store_fail_db(s, "retire decks");
            break;
        }
        if (!st)
            break;
        sqlite3_bind_text(st, 1, root, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, buf_str(&prefix), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, now_s);
        if (sqlite3_step(st) != SQLITE_DONE)
            e = store_fail_db(s, "retire decks");
        if (statements++ == 0)
            rep->cards_retired += sqlite3_changes(s->db);
        rows_changed += sqlite3_changes(s->db);
        sqlite3_finalize(st);
    }
    buf_free(&prefix);
    int drills_retired = 0;
    if (!e)
        e = store_drill_retire_missing(s, root, now_s, &drills_retired);
    rows_changed += drills_retired;
    if (!e && rows_changed)
        e = store_mark_changed(s, now_s);
    if (!e)
        e = store_commit(s);
    if (e)
        store_rollback(s);
    return e;
}

Err store_sync_folder(Store *s, const char *root, int64_t now_s, SyncReport *report,
                      DeckErrors *errs)
{
    char *real = files_realpath(root);
    if (!real) {
        deck_errors_add(errs, root, 0, 0, "no such file or folder");
        return ERR_NOT_FOUND;
    }
    char **paths = NULL;
    ErrInfo info;
    Err e = files_list_decks(real, &paths, &info);
    if (e) {
        deck_errors_add(errs, info.file, 0, 0, "%s", info.msg);
        free(real);
        return e;
    }
    for (char **p = paths; *p && !e; p++)
        e = sync_file(s, *p, now_s, report, errs);
    if (!e)
        e = retire_missing_files(s, real, paths, now_s, report);
    files_list_free(paths);
    free(real);
    return e;
}

Err store_card_source(Store *s, int64_t card_id, Buf *path, int *line)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT source_path, source_line FROM cards WHERE id = ?");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, card_id);
    int rc = sqlite3_step(st);
    Err e = ERR_OK;
    if (rc == SQLITE_ROW) {
        buf_clear(path);
        buf_puts(path, (const char *)sqlite3_column_text(st, 0));
        *line = sqlite3_column_int(st, 1);
    } else {
        e = rc == SQLITE_DONE ? ERR_NOT_FOUND : store_fail_db(s, "card source");
    }
    sqlite3_finalize(st);
    return e;
}
