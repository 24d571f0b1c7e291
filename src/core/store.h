/*
 * store.h: the one SQLite database that holds everything the deck files cannot: decks and
 * cards as last synced, scheduling state, the append-only review log, drills, boards and
 * settings. Only store*.c include sqlite3.h; the rest of the app sees this API.
 *
 * Invariants: the schema version is PRAGMA user_version and only moves forward, one
 * transaction per migration; a database this build cannot read (newer, foreign, corrupt)
 * is refused before anything is written to it; new files get mode 0600.
 */
#ifndef ARCHDRILL_STORE_H
#define ARCHDRILL_STORE_H

#include "core/base.h"
#include "core/str.h"

#include <stdbool.h>
#include <stdint.h>

#define STORE_SCHEMA_VERSION 6
#define STORE_APPLICATION_ID 0x41524348 /* "ARCH" in the database header */

typedef struct Store Store;

/* Card scheduling states, as stored. */
enum { CARD_NEW = 0, CARD_LEARNING = 1, CARD_REVIEW = 2, CARD_RELEARNING = 3 };

/* Opens (creating if missing) the database at `path`, or an in-memory one for ":memory:",
 * and migrates it to STORE_SCHEMA_VERSION. WAL, synchronous=NORMAL, foreign keys on,
 * 5 s busy timeout. Returns ERR_OK and a new Store in *out (close with store_close), or:
 * ERR_SCHEMA for a database from a newer archdrill, ERR_CORRUPT for a file that is not an
 * archdrill database or is damaged, ERR_IO/ERR_DB otherwise; then *out is NULL, err->msg
 * says why and the file is untouched. */
Err store_open(const char *path, Store **out, ErrInfo *err);

/* As store_open but stops migrating at `version` (0..STORE_SCHEMA_VERSION). For tests of
 * the migrations. */
Err store_open_at_version(const char *path, int version, Store **out, ErrInfo *err);

/* Closes the database; NULL is a no-op. */
void store_close(Store *s);

/* The message of the last failed call on this store ("" if none). Valid until the next call. */
const char *store_errmsg(const Store *s);

/* The schema version of the open database. */
int store_schema_version(Store *s);

/* The file the store was opened on (":memory:" for an in-memory store). */
const char *store_path(const Store *s);

/* Transactions. begin is IMMEDIATE so a writer never upgrades a read lock mid-way. */
Err store_begin(Store *s);
Err store_commit(Store *s);
void store_rollback(Store *s);

/* Runs one or more SQL statements with no results (schema work, tests). */
Err store_exec(Store *s, const char *sql);

/* Runs a query returning one integer (the first column of the first row) in *out.
 * ERR_NOT_FOUND when there is no row. For counts in tools and tests. */
Err store_query_int(Store *s, const char *sql, int64_t *out);

/* Settings: a small key/value table. get copies the value into *out (ERR_NOT_FOUND if
 * absent). */
Err store_setting_get(Store *s, const char *key, Buf *out);
Err store_setting_set(Store *s, const char *key, const char *value);
/* Records that the collection changed at now_s (drives the backup policy). */
Err store_mark_changed(Store *s, int64_t now_s);
/* The last change time, 0 if never changed. */
int64_t store_last_change_s(Store *s);

/* Folders of the user's own decks, synced at start. add is idempotent. `path` should be
 * absolute. list returns a NULL-terminated array of new strings (free with
 * store_strings_free). */
Err store_folder_add(Store *s, const char *path, int64_t now_s);
Err store_folder_list(Store *s, char ***out);
void store_strings_free(char **strings);

/* One line of the home screen: a deck and what today's queue holds of it. */
typedef struct DeckSummary {
    int64_t id;
    char *key;     /* the deck's stable id */
    char *name;    /* its title */
    int cards;     /* active cards (not retired) */
    int new_count; /* new cards left for today (new/day less those introduced today) */
    int learning;  /* learning or relearning, due within the 20-minute learn-ahead */
    int due;       /* review cards due by the end of the study day, within reviews/day */
} DeckSummary;

/* Lists the decks that have at least one active card, by name, with the counts of the
 * study queue at now_ms (store_study_queue) in local days for tz_offset_s (local time
 * minus UTC) and the collection's rollover hour. *out is a new array of *n summaries (free
 * with store_deck_summaries_free). ERR_PARSE for an offset out of range, ERR_CORRUPT for a
 * damaged preset, ERR_DB otherwise. */
Err store_deck_summaries(Store *s, int64_t now_ms, int tz_offset_s, DeckSummary **out, size_t *n);
void store_deck_summaries_free(DeckSummary *list, size_t n);

#endif
