/*
 * store_drill.h: drill files in the database (table drill_prompts): synced from decks/
 * like cards, keyed by the file's stable id, retired (never deleted) when the file goes,
 * so attempts keep their prompt. The text is stored whole and re-read with drill.h.
 */
#ifndef ARCHDRILL_STORE_DRILL_H
#define ARCHDRILL_STORE_DRILL_H

#include "core/deck.h"
#include "core/store.h"

/* Adds or updates the drill parsed as `deck` from `path` (its raw text `text`) in one
 * transaction. A drill id already used by another existing file is an error appended to
 * errs (ERR_PARSE). *changed is set when a row was written. */
Err store_drill_sync(Store *s, const Deck *deck, const char *path, const char *text, int64_t now_s,
                     bool *changed, DeckErrors *errs);

/* True when the drill last synced from `path` had exactly this file hash. */
bool store_drill_unchanged(Store *s, const char *path, const char *file_hash);

/* Retires the drills whose file is under `root` (or is `root`) and is not listed in the
 * temp table temp.sync_files (filled by the deck sync). Adds the count to *retired. */
Err store_drill_retire_missing(Store *s, const char *root, int64_t now_s, int *retired);

typedef struct DrillSummary {
    int64_t id;
    char *key; /* the file's stable id */
    char *title;
    DeckKind kind;
    int minutes;   /* the time limit (per question for estimation) */
    int questions; /* estimation: the number of questions; 0 for the other kinds */
} DrillSummary;

/* The active drills, by kind then title. *out is a new array (store_drill_list_free). */
Err store_drill_list(Store *s, DrillSummary **out, size_t *n);
void store_drill_list_free(DrillSummary *list, size_t n);

#endif
