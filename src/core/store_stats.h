/*
 * store_stats.h: the statistics (stats.h) read from the database, and the review log as
 * the FSRS optimizer reads it. Read-only: nothing here writes.
 *
 * Speed: the review log is read once, in the order it was written (a sequential scan, no
 * sort), and aggregated in memory per card; the cards, today's queue and the drill
 * attempts are small queries beside it. A large log in a file is decoded in two id ranges
 * at once, by a helper thread on a read-only connection of its own (store_stats_load
 * returns only when it has finished). About 1,000,000 rows in under 200 ms is the goal
 * (`archdrill bench stats`).
 */
#ifndef ARCHDRILL_STORE_STATS_H
#define ARCHDRILL_STORE_STATS_H

#include "core/day.h"
#include "core/stats.h"
#include "core/store.h"

#include <stdint.h>

/* Computes the statistics of one deck (deck_id > 0) or all decks (0) at now_ms under rule
 * (from store_day_rule). Retired cards and their log rows are left out. review_limit is
 * the deck's reviews/day (all decks: the smallest of the decks' presets). *out is
 * overwritten; free it with stats_free. ERR_NOT_FOUND for an unknown deck, ERR_CORRUPT
 * for a preset that does not parse, ERR_DB otherwise (then *out is empty). */
Err store_stats_load(Store *s, int64_t deck_id, int64_t now_ms, const DayRule *rule, Stats *out);

/* A number that changes whenever what the statistics are computed from changes: an
 * answer given or undone, a drill attempt finished, a deck synced. Cheap (indexed lookups
 * only), so a screen can ask it often and reload the statistics only when it moved. */
Err store_stats_signature(Store *s, int64_t *out);

/* One review-log row as the FSRS optimizer's CSV has it. */
typedef struct StatsLogRow {
    int64_t card_id;
    int64_t review_ms;   /* review_time: UTC milliseconds */
    int rating;          /* review_rating: 1..4 */
    int state;           /* review_state: the state BEFORE the answer, 0 new .. 3 relearning */
    int64_t duration_ms; /* review_duration */
} StatsLogRow;

/* Called for each row; a non-zero return stops the walk and is returned. */
typedef Err (*StatsLogFn)(void *ctx, const StatsLogRow *row);

/* Walks the review log of one deck (deck_id > 0) or all decks (0), retired cards
 * included, in the order it was written (by row id). Returns ERR_OK, fn's error, or
 * ERR_DB. */
Err store_stats_log_each(Store *s, int64_t deck_id, StatsLogFn fn, void *ctx);

#endif
