/*
 * queue.h: today's study queue, as pure logic over candidate cards (the store fetches
 * them; see store_study.h). The order follows Anki with FSRS:
 *   1. learning and relearning cards due within the learn-ahead limit (20 min), earliest
 *      first;
 *   2. review cards due by the end of the study day, by ascending retrievability (the
 *      most forgotten first), at most the deck's reviews left for today;
 *   3. new cards, in card order (the order of the deck files), at most the deck's new
 *      cards left for today, spread evenly between the reviews.
 * Suspended, buried (until a later day), retired cards and cards of decks not listed are
 * left out. No clock: now_ms and the day rule are inputs.
 */
#ifndef ARCHDRILL_QUEUE_H
#define ARCHDRILL_QUEUE_H

#include "core/day.h"
#include "core/fsrs.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QUEUE_LEARN_AHEAD_MS (20 * 60 * 1000)
/* Focus: a review card carrying a tag a weak drill put in focus is pulled forward when it
 * falls due within this many days after today, and focus cards come first among the
 * reviews and among the new cards, within the usual daily limits. */
#define QUEUE_FOCUS_AHEAD_DAYS 7

typedef enum QueueKind { QUEUE_LEARNING = 1, QUEUE_REVIEW = 2, QUEUE_NEW = 3 } QueueKind;

/* A card that may be studied today. */
typedef struct QueueCard {
    int64_t card_id;
    int64_t deck_id;
    FsrsCard fsrs;            /* its scheduling state */
    int64_t buried_until_day; /* hidden while day_of(now) < this; 0: not buried */
    bool suspended;
    bool retired;
    bool focus; /* carries a tag a weak drill put in focus (see store_attempt.h) */
} QueueCard;

/* A deck taking part, with what is left of its daily limits (see queue_left) and the
 * scheduler settings retrievability is computed with (borrowed). */
typedef struct QueueDeck {
    int64_t deck_id;
    int32_t new_left;
    int32_t reviews_left;
    const FsrsParams *params;
} QueueDeck;

typedef struct QueueItem {
    int64_t card_id;
    int64_t deck_id;
    size_t deck_index; /* of its deck in the decks given to queue_build */
    QueueKind kind;
    int64_t due_ms;
    double retrievability; /* at now_ms; reviews only, 0 for the others */
    bool focus;            /* pulled forward by a weak drill */
} QueueItem;

/* How many cards of each kind one deck has in the queue. */
typedef struct QueueCounts {
    int64_t deck_id;
    int32_t learning;
    int32_t review;
    int32_t new_count;
} QueueCounts;

/* The queue in study order, and the counts of each deck passed in (in the order given,
 * zeros included). Owns its arrays; free with queue_free. */
typedef struct Queue {
    QueueItem *items;
    size_t count;
    QueueCounts *decks;
    size_t deck_count;
} Queue;

/* What is left of a daily limit after `done` cards today: max(0, per_day - done). */
int32_t queue_left(int32_t per_day, int64_t done);

/* Builds the queue at now_ms from n candidate cards (any order; copied, not kept) and
 * ndecks decks (deck ids distinct). *out is overwritten: queue_free it afterwards. */
void queue_build(const QueueCard *cards, size_t n, const QueueDeck *decks, size_t ndecks,
                 int64_t now_ms, const DayRule *rule, Queue *out);

/* The counts of deck_id in q, or NULL when the deck was not part of it. */
const QueueCounts *queue_counts(const Queue *q, int64_t deck_id);

/* Releases the arrays and leaves an empty queue; NULL is a no-op. */
void queue_free(Queue *q);

#endif
