/*
 * store_study.h: studying against the database: the day rule's rollover setting, per-deck
 * presets, today's queue, answering (one transaction: the new state and its review-log
 * row), undo of the last answer, bury, suspend and leeches.
 *
 * Invariants: every answer and every undo is one transaction; a rating outside 1..4, a
 * negative answer time or a non-finite number is rejected before anything is written; the
 * review log is only appended to, except that an undo deletes the row it reverts. Each
 * log row records the day rule and the scheduler settings it was computed with, so
 * store_rebuild (store_rebuild.h) can replay it exactly.
 */
#ifndef ARCHDRILL_STORE_STUDY_H
#define ARCHDRILL_STORE_STUDY_H

#include "core/day.h"
#include "core/fsrs.h"
#include "core/preset.h"
#include "core/queue.h"
#include "core/store.h"
#include "core/study.h"

#include <stdbool.h>
#include <stdint.h>

#define STORE_LEECH_TAG "leech"

/* The collection's day rule for a local offset: the rollover hour comes from the setting
 * "day_rollover_hour" (DAY_ROLLOVER_DEFAULT when unset or invalid). ERR_PARSE for an
 * offset outside +-DAY_TZ_LIMIT_S; ERR_DB if the setting cannot be read. */
Err store_day_rule(Store *s, int tz_offset_s, DayRule *out);

/* Stores the rollover hour (0..23, else ERR_PARSE). */
Err store_set_rollover_hour(Store *s, int hour);

/* The preset of a deck: its row, or preset_default() when it has none. ERR_CORRUPT when
 * the stored row does not parse (store_errmsg says which deck). */
Err store_preset_get(Store *s, int64_t deck_id, Preset *out);

/* Validates and saves a deck's preset (its params are refreshed). ERR_PARSE when
 * preset_validate rejects it, ERR_NOT_FOUND for an unknown deck. */
Err store_preset_set(Store *s, int64_t deck_id, Preset *p);

/* Today's queue at now_ms for one deck (deck_id > 0) or for all decks that are not retired
 * (deck_id = 0), with each deck's limits less what was studied since the day began (see
 * queue.h for the order). *out is overwritten; queue_free it. ERR_DB or ERR_CORRUPT (a
 * preset that does not parse) on failure, *out then empty. */
Err store_study_queue(Store *s, int64_t deck_id, int64_t now_ms, const DayRule *rule, Queue *out);

/* A card as the study screen shows it. front and back are owned (store_study_card_free). */
typedef struct StudyCard {
    int64_t card_id;
    int64_t deck_id;
    char *front;
    char *back;
    FsrsCard fsrs;
    bool suspended;
    int64_t buried_until_day;
    bool leech; /* tagged STORE_LEECH_TAG */
} StudyCard;

/* Loads a card. ERR_NOT_FOUND for an unknown id. */
Err store_study_card(Store *s, int64_t card_id, StudyCard *out);
void store_study_card_free(StudyCard *c);

/* The four answer buttons' delays for a card at now_ms ("1m", "10m", "2d", ...; see
 * study_labels), with its deck's preset. ERR_NOT_FOUND, ERR_CORRUPT, or ERR_PARSE when the
 * stored state cannot be scheduled. */
Err store_study_labels(Store *s, int64_t card_id, int64_t now_ms, const DayRule *rule,
                       char labels[4][STUDY_LABEL_CAP]);

/* What an answer did. */
typedef struct StudyAnswer {
    int64_t log_id;
    FsrsCard before;
    FsrsCard after;
    bool became_leech; /* this answer tagged it and suspended it */
} StudyAnswer;

/* Answers a card with `rating` (1 Again .. 4 Easy) at now_ms after duration_ms of
 * thinking (capped at STUDY_MAX_ANSWER_MS), in one transaction: the new state, its review
 * log row and, when the lapses reach the leech threshold (8, then every 4 more), the leech
 * tag and suspension. out may be NULL. Returns ERR_PARSE (nothing written) for a rating
 * outside 1..4, a negative duration, or a state the scheduler rejects (now on a study day
 * before the last review's, a non-finite number); ERR_NOT_FOUND for an unknown card;
 * ERR_CORRUPT for a deck preset that does not parse; ERR_DB otherwise. */
Err store_study_answer(Store *s, int64_t card_id, int rating, int64_t now_ms, int64_t duration_ms,
                       const DayRule *rule, StudyAnswer *out);

/* One past answer, for importing a history. */
typedef struct StudyReview {
    int64_t review_ms;
    int rating;
    int64_t duration_ms;
} StudyReview;

/* A bulk import of review histories, in one transaction (opaque). */
typedef struct StudyImport StudyImport;

/* Begins an import whose answers use `rule`. Returns a new StudyImport in *out, to be
 * ended with store_study_import_end, or ERR_DB. The store is in a transaction until then. */
Err store_study_import_begin(Store *s, const DayRule *rule, StudyImport **out);

/* Answers a card with each review in turn, writing exactly what store_study_answer would
 * (log rows, state, leeches). A card's reviews are all or nothing: on ERR_PARSE (a bad
 * rating or duration, or a review the scheduler rejects), ERR_NOT_FOUND or ERR_DB none of
 * them is kept, and the import can go on with other cards. */
Err store_study_import_card(StudyImport *im, int64_t card_id, const StudyReview *reviews, size_t n);

/* Commits (commit = true) or discards the import and frees it; NULL is a no-op. */
Err store_study_import_end(StudyImport *im, bool commit);

/* The ids of the active cards of a deck (deck_id > 0) or of all decks (0), in card order.
 * *ids is a new array (free()) of *n ids. */
Err store_study_card_ids(Store *s, int64_t deck_id, int64_t **ids, size_t *n);

/* Undoes the most recent answer in one transaction: the card's state (and a leech
 * suspension and tag that answer added) is restored and its log row deleted, leaving the
 * database as before the answer. *card_id (may be NULL) gets the card. ERR_NOT_FOUND when
 * there is no answer to undo: an empty log, a row from before schema 3, or a card changed
 * since by something else (store_errmsg says which). */
Err store_study_undo(Store *s, int64_t *card_id);

/* How many answers were given since the study day holding now_ms began. */
Err store_study_done_today(Store *s, int64_t now_ms, const DayRule *rule, int *answers);

/* Hides a card until the next study day (Anki's bury). ERR_NOT_FOUND for an unknown id. */
Err store_study_bury(Store *s, int64_t card_id, int64_t now_ms, const DayRule *rule);

/* Unburies every buried card of a deck (deck_id > 0) or of all decks (0). */
Err store_study_unbury(Store *s, int64_t deck_id);

/* Suspends (true) or unsuspends (false) a card. ERR_NOT_FOUND for an unknown id. */
Err store_study_suspend(Store *s, int64_t card_id, bool suspended);

#endif
