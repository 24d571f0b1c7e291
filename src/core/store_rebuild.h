/*
 * store_rebuild.h: the review log is the source of truth for scheduling. Rebuilding
 * replays every card's log, in the order it was written, through the scheduler
 * (study_next with the day rule and the settings each row recorded) and compares the
 * result with the stored states; it can then rewrite the states that differ. Suspension,
 * burying and tags are not part of the log and are left alone.
 */
#ifndef ARCHDRILL_STORE_REBUILD_H
#define ARCHDRILL_STORE_REBUILD_H

#include "core/store.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct RebuildReport {
    int64_t cards;          /* cards with a scheduling state */
    int64_t reviews;        /* review-log rows replayed */
    int64_t log_mismatches; /* rows whose logged result differs from their replay */
    int64_t unreplayable;   /* cards whose log the scheduler rejects (never rewritten) */
    int64_t differing;      /* cards whose stored state differs from the replay */
    int64_t written;        /* of those, rewritten from the replay (write mode) */
    int64_t first_card_id;  /* the first card differing or unreplayable, 0 if none */
} RebuildReport;

/* Replays the whole log in one transaction. With `write`, the replayed state replaces each
 * differing stored state (a card without log rows goes back to New); without, nothing is
 * written. Returns ERR_OK whatever the comparison found (see *rep), ERR_DB on failure
 * (nothing written). */
Err store_rebuild(Store *s, bool write, RebuildReport *rep);

#endif
