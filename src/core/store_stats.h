/*
 * store_stats.h: the statistics (stats.h) read from the database, and the review log as
 * the FSRS optimizer reads it. The only write is to review_pack, a derived cache.
 *
 * Speed: the review log is read once, in the order it was written (no sort), and
 * aggregated in memory per card; the cards, today's queue and the drill attempts are small
 * queries beside it (today's queue computed by a helper thread on a read-only connection
 * of its own while the log is read; store_stats_load returns when it has finished). About
 * 1,000,000 rows in under 200 ms is the goal (`archdrill bench stats`). Decoding the
 * log's wide rows is what costs, so its statistics columns are also kept packed in
 * review_pack (schema version 6), which store_stats_load reads first.
 *
 * review_pack(first_id, last_id, n, rows): one chunk of the log, the n rows with
 * first_id <= id <= last_id, as n records of STATS_PACK_RECORD_BYTES in id order, each
 * little-endian: card_id, review_ms, due_ms (int64), stability (the double's 64 bits,
 * exact), duration_ms (int32), then rating + 8 * state_before + 32 * scheduled_days
 * (int32). Chunks hold STATS_PACK_ROWS rows and chain: the first starts at or before the
 * log's first id, each next one at the last one's last_id + 1.
 * Invariants: the review log stays the source of truth and the figures never depend on
 * the cache (they are the same without it). Triggers on review_log delete every chunk with
 * last_id >= the id of a row deleted, updated or inserted below the packed boundary, so a
 * chunk never outlives its rows (an undo drops at most the newest chunk). A chunk that
 * does not check out (length, ids) is ignored and deleted. store_stats_load packs the
 * whole chunks of the rest of the log but its newest STATS_PACK_KEEP rows, in one short
 * transaction, skipped when the database is read-only, busy, or in a caller's transaction.
 * A row that does not fit a record (|duration_ms| >= 2^31, |scheduled_days| >= 2^26) and
 * every row after it stay unpacked.
 */
#ifndef ARCHDRILL_STORE_STATS_H
#define ARCHDRILL_STORE_STATS_H

#include "core/day.h"
#include "core/stats.h"
#include "core/store.h"

#include <stdint.h>

#define STATS_PACK_RECORD_BYTES 40
#define STATS_PACK_ROWS         4096 /* rows per chunk */
#define STATS_PACK_KEEP         4096 /* the newest rows, left unpacked */

/* Computes the statistics of one deck (deck_id > 0) or all decks (0) at now_ms under rule
 * (from store_day_rule). Retired cards and their log rows are left out. review_limit is
 * the deck's reviews/day (all decks: the smallest of the decks' presets). *out is
 * overwritten; free it with stats_free. ERR_NOT_FOUND for an unknown deck, ERR_CORRUPT
 * for a preset that does not parse, ERR_DB otherwise (then *out is empty). Outside a
 * transaction, it may also write review_pack chunks (see above); their failure is silent. */
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
