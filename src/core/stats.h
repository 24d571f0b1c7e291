/*
 * stats.h: the statistics of a collection (all decks or one) at an instant, as Anki's
 * statistics screen shows them, plus the drill figures and the per-day facts the game
 * (game.h) is computed from. store_stats.h fills a Stats from the database; the pure
 * builder below does the arithmetic, so it can be fed rows directly (tests, tools).
 *
 * Days are study days of the DayRule (day.h): local days starting at the rollover hour.
 * "today" is day_of(rule, now_ms). A review-log row is counted on the day it was made.
 *
 * Kinds of answer (Anki's): by the card's state BEFORE the answer: New or Learning =
 * learn, Relearning = relearn, Review = young when the interval it was answered from (the
 * scheduled_days of the card's previous answer) is < STATS_MATURE_DAYS, else mature.
 * A pass is a rating > 1 (Hard, Good, Easy); Again is a fail.
 *
 * True retention (Anki's table): answers of Review cards, counting only each card's first
 * answer of a study day, split young / mature as above, over today, yesterday (that day
 * alone), and the last 7, 30 and 365 days (each of these ends today and includes it).
 *
 * Due work (for the streak): a card that has been answered at least once is due at the
 * start of day D when the due time of its latest answer before D falls on D or earlier.
 * StatsDay.due counts those cards, StatsDay.missed those of them not answered on D (for
 * today: not answered yet). Cards answered on D and due again the same day (learning
 * steps) are due work of the next day if they are still not answered then. New cards are
 * never due work. Suspension, burying and retiring are not in the log: cards that are
 * suspended, buried or retired now stop being due work after their last answer (their
 * past days are counted as the log says).
 *
 * Knowledge (the XP of cards): each card keeps the highest stability a pass ever gave it,
 * starting from 1 day; a pass that raises it from P to S gains log2(S / P) "doublings".
 * Failed answers gain nothing and lose nothing, answering early gains little (the
 * stability grows little), and re-learning a forgotten card up to its old best gains
 * nothing: the total is the sum over cards of log2(best stability / 1 day), whatever the
 * number of reviews it took.
 */
#ifndef ARCHDRILL_STATS_H
#define ARCHDRILL_STATS_H

#include "core/base.h"
#include "core/day.h"
#include "core/deck.h"
#include "core/drill.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STATS_YEAR_DAYS          365 /* the heatmap, answer buttons and hourly range */
#define STATS_FORECAST_DAYS      90  /* forecast[0] is today */
#define STATS_FORECAST_SHORT     30  /* the short forecast is forecast[0..29] */
#define STATS_MATURE_DAYS        21  /* an interval of 21 days or more is mature */
#define STATS_HOURS              24
#define STATS_STABILITY_BUCKETS  12
#define STATS_DIFFICULTY_BUCKETS 10
#define STATS_ROADMAP_PHASES     4
#define STATS_PHASE_WINDOW_DAYS  90    /* the window of a roadmap phase's mature retention */
#define STATS_ESTIMATION_RECENT  20    /* the recent estimation answers (the rank rule) */
#define STATS_MAX_HISTORY_DAYS   36500 /* older review rows count on the oldest day */

/* The roadmap's phases in order, as card tags: "phase/foundations", "phase/design-practice",
 * "phase/production-skills", "phase/organisation". */
extern const char *const STATS_PHASE_TAGS[STATS_ROADMAP_PHASES];
/* Their display names: "Foundations", "Design practice", ... */
extern const char *const STATS_PHASE_NAMES[STATS_ROADMAP_PHASES];

/* Stability buckets: bucket i holds STATS_STABILITY_EDGES[i] <= S < EDGES[i + 1] days (the
 * last one is open): 0, 1, 2, 4, 7, 14, 21, 30, 60, 90, 180, 365. */
extern const double STATS_STABILITY_EDGES[STATS_STABILITY_BUCKETS];
/* Difficulty buckets: Anki's percentage (D - 1) / 9, in tenths: bucket i holds i*10% to
 * (i+1)*10% (100% in the last). */

typedef enum StatsKind {
    STATS_LEARN,   /* New or Learning before the answer */
    STATS_YOUNG,   /* Review, interval < 21 days */
    STATS_MATURE,  /* Review, interval >= 21 days */
    STATS_RELEARN, /* Relearning */
    STATS_KINDS
} StatsKind;

typedef enum StatsPeriod {
    STATS_TODAY,
    STATS_YESTERDAY, /* yesterday alone */
    STATS_WEEK,      /* the last 7 days */
    STATS_MONTH,     /* the last 30 days */
    STATS_YEAR,      /* the last 365 days */
    STATS_PERIODS
} StatsPeriod;

/* "Today", "Yesterday", "Last week", "Last month", "Last year". */
extern const char *const STATS_PERIOD_NAMES[STATS_PERIODS];

typedef struct StatsPassFail {
    int64_t passed;
    int64_t failed;
} StatsPassFail;

/* passed / (passed + failed), or -1 when there is nothing to count. */
double stats_rate(StatsPassFail pf);

/* One study day's answers and due work. */
typedef struct StatsDay {
    int32_t answers[STATS_KINDS]; /* answers by kind */
    int32_t introduced;           /* first answers of new cards (part of STATS_LEARN) */
    int32_t passed;               /* answers rated > 1 */
    int64_t duration_ms;          /* time spent answering */
    int32_t due;                  /* cards due at the day's start (see "Due work") */
    int32_t missed;               /* of those, not answered that day (today: left) */
    double knowledge;             /* doublings gained (see "Knowledge") */
} StatsDay;

/* All answers of a day (the heatmap's value). */
int32_t stats_day_total(const StatsDay *d);

/* Cards by state, as Anki's card-count pie: suspended first, then buried, then the state
 * (Review split young / mature by the current interval). Retired cards are left out. */
typedef struct StatsCardCounts {
    int32_t new_cards;
    int32_t learning;
    int32_t young;
    int32_t mature;
    int32_t relearning;
    int32_t suspended;
    int32_t buried;
    int32_t total;
} StatsCardCounts;

typedef struct StatsHour {
    int64_t answers;
    int64_t passed;
} StatsHour;

/* A roadmap phase: the active cards tagged with it, how many are mature now, and the true
 * retention of their mature answers over the last STATS_PHASE_WINDOW_DAYS. */
typedef struct StatsPhase {
    int32_t cards;
    int32_t mature;
    StatsPassFail retention;
} StatsPhase;

/* One finished drill attempt (any kind). */
typedef struct StatsAttempt {
    int64_t attempt_id;
    int64_t prompt_id;
    DeckKind kind;
    int64_t ended_ms;   /* wall, UTC ms */
    int64_t day;        /* the study day of ended_ms */
    int64_t planned_ms; /* all timed phases' plan */
    int64_t used_ms;    /* all timed phases' time used (pauses excluded) */
    bool on_time;       /* used_ms <= planned_ms */
    /* design: the 8 dimensions, 1..4; risk: [0] = reference risks found, 0..3; adr: [0] =
     * the self-score, 1..4; -1 where not scored (and for estimation) */
    int scores[DRILL_DIMENSIONS];
    int correct, total; /* estimation: answers within 20%, questions asked; else 0, 0 */
} StatsAttempt;

typedef struct StatsDrills {
    StatsAttempt *attempts; /* owned: every finished attempt, oldest first (the trends) */
    size_t count;
    /* time per phase against the plan: means over the finished design attempts */
    int32_t phase_samples; /* design attempts averaged (0: the means are 0) */
    double phase_planned_ms[DRILL_PHASES];
    double phase_used_ms[DRILL_PHASES];
    /* estimation accuracy: all answers ever, and the last STATS_ESTIMATION_RECENT answers
     * (unanswered questions of a finished round count as wrong) */
    int32_t estimation_correct, estimation_total;
    int32_t recent_correct, recent_total;
} StatsDrills;

/* Today's queue (store_study_queue) and what was answered since the day began. */
typedef struct StatsToday {
    int32_t learning_left;
    int32_t reviews_left;
    int32_t new_left;
    int32_t answered;
} StatsToday;

typedef struct Stats {
    int64_t deck_id; /* the scope: 0 for all decks */
    int64_t now_ms;
    DayRule rule;
    int64_t today;        /* day_of(rule, now_ms) */
    int32_t review_limit; /* the daily review limit the streak uses (see game.h) */
    /* every study day from the first answer (or today - 364 if later) to today:
     * days[i] is day first_day + i, days[day_count - 1] is today, day_count >= 365 */
    int64_t first_day;
    size_t day_count;
    StatsDay *days; /* owned */
    /* future due: cards (not suspended or buried) due on today + i; overdue cards and
     * learning cards due later today are in forecast[0] (also counted in overdue) */
    int32_t forecast[STATS_FORECAST_DAYS];
    int32_t overdue;                    /* due on a day before today */
    double daily_load;                  /* Anki's: sum over Review cards of 1 / max(1, interval) */
    StatsPassFail young[STATS_PERIODS]; /* true retention */
    StatsPassFail mature[STATS_PERIODS];
    StatsCardCounts cards;
    /* the memory state of active cards that have been answered (not New), suspended and
     * buried included */
    int32_t stability[STATS_STABILITY_BUCKETS];
    int32_t difficulty[STATS_DIFFICULTY_BUCKETS];
    /* the last STATS_YEAR_DAYS days: ratings 1..4 at [kind][rating - 1] with kind 0 =
     * learning (learn and relearn), 1 = young, 2 = mature; and answers by local hour */
    int64_t buttons[3][4];
    StatsHour hours[STATS_HOURS];
    StatsPhase phases[STATS_ROADMAP_PHASES];
    /* all time */
    int64_t total_answers;
    int64_t total_duration_ms;
    double knowledge;
    StatsToday queue;
    StatsDrills drills; /* drills belong to no deck: the same whatever the scope */
} Stats;

/* The day record of study day `day`, or NULL when outside days[]. */
const StatsDay *stats_day(const Stats *st, int64_t day);

/* The kind of an answer from the state before it and the interval answered from. */
StatsKind stats_kind(int state_before, int32_t interval_days);

/* The bucket of a stability (days, >= 0) and of a difficulty (1..10, clamped). */
int stats_stability_bucket(double stability);
int stats_difficulty_bucket(double difficulty);

/* The roadmap phases a card's tag list (space-separated, as deck files give it) names, as
 * bits: 1u << i for STATS_PHASE_TAGS[i]. */
unsigned stats_phases_of_tags(const char *tags);

/* Frees what a Stats owns and zeroes it; NULL is a no-op. */
void stats_free(Stats *st);

/* ---- the builder (pure) --------------------------------------------------------------
 * Feed it the cards in scope, then their review-log rows, each card's rows in the order
 * they were written (rows of cards not given are ignored), then the drill attempts; it
 * fills a Stats. Forecast, card counts, distributions and phases come from the cards;
 * everything per day from the rows. */

/* A card's current state (card_state) and its roadmap phases. */
typedef struct StatsCardRow {
    int64_t card_id;
    int state; /* CARD_NEW .. CARD_RELEARNING */
    int64_t due_ms;
    double stability;
    double difficulty;
    int32_t scheduled_days;
    bool suspended;
    int64_t buried_until_day; /* buried while today < this */
    unsigned phases;          /* bit i: tagged STATS_PHASE_TAGS[i] */
} StatsCardRow;

/* One review-log row. */
typedef struct StatsReviewRow {
    int64_t card_id;
    int64_t review_ms;
    int rating; /* 1..4 */
    int64_t duration_ms;
    int state_before;
    double stability; /* after the answer */
    int32_t scheduled_days;
    int64_t due_ms; /* after the answer */
} StatsReviewRow;

typedef struct StatsBuilder StatsBuilder;

/* Starts a Stats at now_ms under rule for scope deck_id; first_ms is the earliest review
 * time to expect (only sizes days[]; pass now_ms when unknown). Returns a new builder. */
StatsBuilder *stats_builder_new(int64_t deck_id, int64_t now_ms, const DayRule *rule,
                                int64_t first_ms);
void stats_builder_card(StatsBuilder *b, const StatsCardRow *card);
void stats_builder_review(StatsBuilder *b, const StatsReviewRow *row);
/* A finished attempt; attempts must come oldest first. The builder copies it and computes
 * day and on_time. phases: its per-phase plan and use (design: the six phases), n phases. */
void stats_builder_attempt(StatsBuilder *b, const StatsAttempt *a, const int64_t *planned_ms,
                           const int64_t *used_ms, size_t n);
/* Estimation answers, newest first, until recent_total reaches STATS_ESTIMATION_RECENT. */
void stats_builder_recent_estimate(StatsBuilder *b, bool correct);
/* Fills *out (overwritten; stats_free it) with the queue counts and the review limit given,
 * and frees the builder. queue->answered is not used: Stats.queue.answered is today's
 * answers in scope (from days[]). queue may be NULL (zeros). */
void stats_builder_finish(StatsBuilder *b, const StatsToday *queue, int32_t review_limit,
                          Stats *out);

#endif
