/*
 * store_drill.c: drill_prompts rows. Listing re-parses each stored text, which is cheap
 * (a few dozen files) and keeps one source of truth for a drill's structure: the file.
 */
#include "core/store_drill.h"

#include "core/drill.h"
#include "core/files.h"
#include "core/store_internal.h"

#include <stdlib.h>
#include <string.h>

bool store_drill_unchanged(Store *s, const char *path, const char *file_hash)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT 1 FROM drill_prompts WHERE source_path = ?"
                                        " AND content_hash = ? AND retired = 0");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, file_hash, -1, SQLITE_STATIC);
    bool same = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return same;
}

/* The file another drill row with this key came from, if that file still exists. */
static bool key_taken(Store *s, const char *key, const char *path, Buf *other)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT source_path FROM drill_prompts WHERE key = ?");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    bool taken = false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(st, 0);
        taken = strcmp(p, path) != 0 && files_is_file(p);
        buf_clear(other);
        buf_puts(other, p);
    }
    sqlite3_finalize(st);
    return taken;
}

Err store_drill_sync(Store *s, const Deck *deck, const char *path, const char *text, int64_t now_s,
                     bool *changed, DeckErrors *errs)
{
    *changed = false;
    Buf other = {0};
    if (key_taken(s, deck->id, path, &other)) {
        deck_errors_add(errs, path, 1, 1, "drill id '%s' is already used by %s", deck->id,
                        buf_str(&other));
        buf_free(&other);
        return ERR_PARSE;
    }
    buf_free(&other);
    sqlite3_stmt *st = store_prepare(
        s, "INSERT INTO drill_prompts(key, kind, title, body, source_path, source_line,"
           " content_hash, retired, created_s, modified_s) VALUES(?1, ?2, ?3, ?4, ?5, 1, ?6, 0,"
           " ?7, ?7) ON CONFLICT(key) DO UPDATE SET kind = ?2, title = ?3, body = ?4,"
           " source_path = ?5, content_hash = ?6, retired = 0, modified_s = ?7");
    if (!st)
        return ERR_DB;
    sqlite3_bind_text(st, 1, deck->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, deck_kind_name(deck->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, deck->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, deck->file_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now_s);
    Err e = ERR_OK;
    if (store_begin(s)) {
        sqlite3_finalize(st);
        return ERR_DB;
    }
    if (sqlite3_step(st) != SQLITE_DONE)
        e = store_fail_db(s, "save drill");
    sqlite3_finalize(st);
    if (!e)
        e = store_mark_changed(s, now_s);
    if (!e)
        e = store_commit(s);
    if (e)
        store_rollback(s);
    else
        *changed = true;
    return e;
}

Err store_drill_retire_missing(Store *s, const char *root, int64_t now_s, int *retired)
{
    sqlite3_stmt *st = store_prepare(
        s, "UPDATE drill_prompts SET retired = 1, modified_s = ?3 WHERE retired = 0 AND"
           " (source_path = ?1 OR substr(source_path, 1, length(?2)) = ?2)"
           " AND source_path NOT IN (SELECT path FROM temp.sync_files)");
    if (!st)
        return ERR_DB;
    Buf prefix = {0};
    buf_printf(&prefix, "%s/", root);
    sqlite3_bind_text(st, 1, root, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, buf_str(&prefix), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now_s);
    Err e = sqlite3_step(st) == SQLITE_DONE ? ERR_OK : store_fail_db(s, "retire drills");
    *retired += sqlite3_changes(s->db);
    sqlite3_finalize(st);
    buf_free(&prefix);
    return e;
}

static void summarize(DrillSummary *d, const char *text)
{
    DeckErrors errs = {0};
    Deck *deck = NULL;
    Drill *drill = NULL;
    if (deck_parse("drill", text, strlen(text), &deck, &errs) == ERR_OK &&
        drill_from_deck(deck, &drill, &errs) == ERR_OK) {
        d->kind = deck->kind;
        d->minutes = drill->minutes;
        d->questions = (int)drill->question_count;
    }
    drill_free(drill);
    deck_free(deck);
    deck_errors_free(&errs);
}

Err store_drill_list(Store *s, DrillSummary **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_prepare(s, "SELECT id, key, title, body FROM drill_prompts WHERE"
                                        " retired = 0 ORDER BY kind, title COLLATE NOCASE");
    if (!st)
        return ERR_DB;
    DrillSummary *list = NULL;
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        list = xrealloc(list, (count + 1) * sizeof(*list));
        DrillSummary *d = &list[count++];
        memset(d, 0, sizeof(*d));
        d->id = sqlite3_column_int64(st, 0);
        d->key = xstrdup((const char *)sqlite3_column_text(st, 1));
        d->title = xstrdup((const char *)sqlite3_column_text(st, 2));
        summarize(d, (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        store_drill_list_free(list, count);
        return store_fail_db(s, "list drills");
    }
    *out = list;
    *n = count;
    return ERR_OK;
}

void store_drill_list_free(DrillSummary *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].key);
        free(list[i].title);
    }
    free(list);
}
