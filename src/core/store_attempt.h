/*
 * store_attempt.h: drill attempts in the database (drill_attempts), the spaced schedule of
 * drill prompts, the "suggested" prompt, the card tags a weak attempt puts in focus, and
 * lightning-round scores.
 *
 * An attempt row holds its whole session as text (session.h) from the start, rewritten by
 * every save (one small transaction), so an attempt in progress survives kill -9: after a
 * restart store_attempt_find_open offers it and session_parse resumes it. Finishing writes
 * the summary columns (per-phase timings, pauses, notes, scores as JSON for tools and
 * exports), one row per scored dimension for the trends, the prompt's next due time and
 * the focus tags, all in one transaction.
 *
 * Times: wall_ms is UTC milliseconds of the wall clock (scheduling, history); now_ms is the
 * app's monotonic clock, only ever passed through to session.h.
 *
 * Scheduling: each prompt has an FsrsCard (short-term steps off, maximum interval 365 days)
 * answered once per finished attempt with session_rating(): the mean self-score (or share
 * of correct estimates) < 25% Again, < 50% Hard, < 85% Good, else Easy.
 */
#ifndef ARCHDRILL_STORE_ATTEMPT_H
#define ARCHDRILL_STORE_ATTEMPT_H

#include "core/day.h"
#include "core/deck.h"
#include "core/drill.h"
#include "core/lightning.h"
#include "core/session.h"
#include "core/store.h"

#include <stdbool.h>
#include <stdint.h>

#define ATTEMPT_MAX_INTERVAL_DAYS 365
#define ATTEMPT_FOCUS_DAYS        14 /* how long a weak attempt keeps its tags in focus */

/* Loads a prompt (drill_prompts id, retired or not) and parses it: *deck and *drill are
 * new (free the drill first: drill_free, then deck_free). ERR_NOT_FOUND for an unknown id,
 * ERR_PARSE when its stored text no longer parses (store_errmsg says why). */
Err store_attempt_prompt(Store *st, int64_t prompt_id, Deck **deck, Drill **drill);

/* Creates an attempt of prompt `prompt_id` (a drill_prompts id) for session s, started at
 * wall_ms, status 'running', with the session saved. *attempt_id gets the new id.
 * ERR_NOT_FOUND for an unknown prompt, ERR_DB otherwise. */
Err store_attempt_create(Store *st, int64_t prompt_id, const Session *s, int64_t now_ms,
                         int64_t wall_ms, int64_t *attempt_id);

/* Saves the session of an unfinished attempt (status 'running' or 'paused' from the
 * session) in one transaction; call it on every transition and every few seconds.
 * ERR_NOT_FOUND when the attempt does not exist or is no longer open. */
Err store_attempt_save(Store *st, int64_t attempt_id, const Session *s, int64_t now_ms,
                       int64_t wall_ms);

/* Links the attempt's whiteboard (boards.id, or 0 for none). */
Err store_attempt_set_board(Store *st, int64_t attempt_id, int64_t board_id);

/* An attempt in progress, to offer resuming. */
typedef struct AttemptOpen {
    int64_t attempt_id;
    int64_t prompt_id;
    char *prompt_key; /* owned */
    char *title;      /* owned */
    DeckKind kind;
    int64_t started_ms; /* wall */
    int64_t saved_ms;   /* wall time of the last save */
    char *session;      /* owned: the text for session_parse */
} AttemptOpen;

/* The most recently saved open attempt ('running' or 'paused'). ERR_NOT_FOUND when none.
 * Free the fields with store_attempt_open_free. */
Err store_attempt_find_open(Store *st, AttemptOpen *out);
void store_attempt_open_free(AttemptOpen *a);

/* Finishes an attempt whose session is DONE, in one transaction: status 'done', ended_ms =
 * wall_ms, the summary columns, the score rows, the prompt's schedule (answered at wall_ms
 * in study days of `rule`) and, when session_weak_dimensions is non-zero, the prompt's key
 * concepts as focus tags for ATTEMPT_FOCUS_DAYS. ERR_PARSE when the session is not DONE,
 * ERR_NOT_FOUND for an unknown or already finished attempt, ERR_DB otherwise. */
Err store_attempt_finish(Store *st, int64_t attempt_id, const Session *s, int64_t now_ms,
                         int64_t wall_ms, const DayRule *rule);

/* Marks an open attempt 'abandoned' (kept for the record, never resumed or scheduled). */
Err store_attempt_abandon(Store *st, int64_t attempt_id, int64_t wall_ms);

/* One finished attempt, for the history and the trends. */
typedef struct AttemptSummary {
    int64_t attempt_id;
    int64_t started_ms; /* wall */
    int64_t ended_ms;   /* wall */
    DeckKind kind;
    int phase_count; /* min(phases, DRILL_PHASES) filled below */
    int64_t planned_ms[DRILL_PHASES];
    int64_t used_ms[DRILL_PHASES];
    int64_t overrun_ms[DRILL_PHASES];
    int64_t active_ms; /* all phases */
    int64_t paused_ms;
    int pauses;
    int scores[DRILL_DIMENSIONS]; /* -1 where not scored */
    double result;                /* session_result, 0..1 */
    int correct, total;           /* estimation */
} AttemptSummary;

/* The finished ('done') attempts of a prompt, oldest first: the trend is their order.
 * *out is a new array (free()) of *n. */
Err store_attempt_history(Store *st, int64_t prompt_id, AttemptSummary **out, size_t *n);

/* The mean score of each dimension over the last `last_n` finished design attempts (all
 * prompts); -1 for a dimension never scored. For the stats and the suggestion. */
Err store_attempt_dimension_means(Store *st, int last_n, double means[DRILL_DIMENSIONS]);

/* Estimation accuracy over every finished estimation attempt: answers correct and asked. */
Err store_attempt_estimation_accuracy(Store *st, int *correct, int *total);

/* A prompt's place in the spaced schedule. */
typedef struct AttemptSchedule {
    int64_t prompt_id;
    bool attempted;     /* finished at least once */
    int64_t due_ms;     /* wall; 0 when never attempted */
    double last_result; /* the last attempt's session_result, -1 when none */
} AttemptSchedule;

Err store_attempt_schedule(Store *st, int64_t prompt_id, AttemptSchedule *out);

/* The suggested prompt of `kind` at wall_ms: the most due one first, comparing study days
 * (never attempted = due today; overdue days first), ties broken by the weakest
 * dimensions: the lower a prompt's last scores in the user's two weakest dimensions
 * (store_attempt_dimension_means), the sooner; never attempted before attempted; then by
 * key. Retired prompts are left out. *prompt_id gets it; ERR_NOT_FOUND when the kind has
 * no prompt. */
Err store_attempt_suggest(Store *st, DeckKind kind, int64_t wall_ms, const DayRule *rule,
                          int64_t *prompt_id);

/* The card tags in focus at wall_ms: the key concepts of the prompts of finished attempts
 * that scored weak within the last ATTEMPT_FOCUS_DAYS, newest first, without repeats. A
 * NULL-terminated array of new strings (store_strings_free).
 *
 * How the study queue should use them: review cards carrying one of these tags whose due
 * date falls within their next interval's first half (or within 7 days) are pulled into
 * today's reviews, ahead of the others, and count against the review limit as usual; new
 * cards with these tags are introduced first among today's new cards. */
Err store_attempt_focus_tags(Store *st, int64_t wall_ms, char ***tags);

/* The focus tags one finished attempt produced (its prompt's key concepts if it scored
 * weak, else an empty list). NULL-terminated, store_strings_free. ERR_NOT_FOUND for an
 * unknown attempt. */
Err store_attempt_attempt_focus(Store *st, int64_t attempt_id, char ***tags);

/* The tags lightning rounds draw their cards from by default: patterns and anti-patterns
 * (NULL-terminated). */
extern const char *const ATTEMPT_LIGHTNING_TAGS[];

/* Fills a pool (lightning.h) with the active cards carrying any of `tags` (NULL-terminated
 * list; a card's file tags count), in card order. The pool is appended to; free it with
 * lightning_pool_free. */
Err store_attempt_lightning_pool(Store *st, const char *const *tags, LightningPool *pool);

/* Lightning rounds: a round's result, and the best score (0 when none). */
Err store_attempt_lightning_save(Store *st, int64_t wall_ms, uint64_t seed, int answered,
                                 int correct, int score);
Err store_attempt_lightning_best(Store *st, int *best);

#endif
