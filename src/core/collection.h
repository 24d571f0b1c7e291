/*
 * collection.h: the user's collection as the app and the CLI open it: the database in the
 * data directory, synced with the shipped decks and the user's registered deck folders,
 * with the automatic backups taken at open and at close.
 */
#ifndef ARCHDRILL_COLLECTION_H
#define ARCHDRILL_COLLECTION_H

#include "core/deck.h"
#include "core/store.h"
#include "core/store_sync.h"

typedef struct Collection {
    Store *store;
    char *data_dir;   /* owns: the folder holding archdrill.db and backups/ */
    char *db_path;    /* owns: data_dir/archdrill.db */
    char *backup_dir; /* owns: data_dir/backups */
} Collection;

/* Creates data_dir (mode 0700) if needed and opens data_dir/archdrill.db. Returns a new
 * Collection in *out (close with collection_close) or an Err with err->msg set. */
Err collection_open(const char *data_dir, Collection **out, ErrInfo *err);

/* Syncs the shipped decks folder (may be NULL) and every registered folder. Errors in deck
 * files are appended to errs; they never stop the other files. Returns ERR_DB only when the
 * database failed. */
Err collection_sync(Collection *c, const char *shipped_decks, int64_t now_s, SyncReport *rep,
                    DeckErrors *errs);

/* The automatic backup (Anki's policy; see store_backup.h). *made gets the new file's path
 * or stays empty. */
Err collection_backup(Collection *c, int64_t now_s, int tz_offset_s, bool force, Buf *made);

/* Closes the database; NULL is a no-op. Call collection_backup first at exit. */
void collection_close(Collection *c);

#endif
