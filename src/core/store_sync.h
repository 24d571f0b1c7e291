/*
 * store_sync.h: bringing deck files into the database. Idempotent and keyed by stable
 * ids: an edited card keeps its id, schedule and history; a new card is added; a card
 * gone from its file is retired (history kept) and restored if it comes back. Each file
 * is applied in one transaction, and a file with any error changes nothing.
 */
#ifndef ARCHDRILL_STORE_SYNC_H
#define ARCHDRILL_STORE_SYNC_H

#include "core/deck.h"
#include "core/store.h"

typedef struct SyncReport {
    int files_seen;
    int files_unchanged; /* skipped: same bytes as last time */
    int files_applied;
    int files_failed;  /* had errors; nothing written from them */
    int drills_synced; /* drill files added or updated */
    int cards_added;
    int cards_updated;
    int cards_retired;
    int cards_restored;
} SyncReport;

/* Syncs every deck file under `root` (a folder or one file) at now_s. Files that have not
 * changed since the last sync are skipped by hash. Decks whose files disappeared from
 * `root` are retired. Errors of each file are appended to errs (file:line:col). Returns
 * ERR_OK even when some files failed (see report->files_failed), or ERR_NOT_FOUND/ERR_IO
 * when root cannot be read, or ERR_DB (store_errmsg says why). */
Err store_sync_folder(Store *s, const char *root, int64_t now_s, SyncReport *report,
                      DeckErrors *errs);

/* Applies one parsed deck read from `source_path` in a single transaction. A deck id
 * already used by another existing file is an error appended to errs (ERR_PARSE). */
Err store_sync_deck(Store *s, const Deck *deck, const char *source_path, int64_t now_s,
                    SyncReport *report, DeckErrors *errs);

/* Where a card came from: its deck file (copied into *path) and the line of its heading.
 * ERR_NOT_FOUND for an unknown card. */
Err store_card_source(Store *s, int64_t card_id, Buf *path, int *line);

#endif
