/*
 * game.h: the game layer, as pure functions over the statistics (stats.h): XP, the streak
 * and habit strength, the rank ladder, the readiness checklist and today's goal. No I/O,
 * no clock: everything is derived from a Stats, so it can be recomputed at any time and
 * never drifts from the history.
 *
 * XP comes from knowledge gained, never from the number of reviews:
 *   cards       GAME_XP_PER_DOUBLING per stability doubling (stats.h "Knowledge": the sum
 *               over cards of log2(best stability / 1 day)); reviewing more often than
 *               needed, or failing and relearning, earns nothing extra;
 *   rubric      GAME_XP_RUBRIC_POINT per point a design attempt raises a dimension above
 *               its best score in all earlier design attempts (the first attempt counts
 *               from 1, the lowest score), so each dimension pays at most 3 points;
 *   drills      finished within their time (used <= planned): design GAME_XP_DESIGN_ON_TIME;
 *               risk GAME_XP_RISK_FOUND per reference risk found; adr GAME_XP_ADR when
 *               self-scored 3 or more; and estimation GAME_XP_ESTIMATE per answer within
 *               20% (each question is timed on its own, so no overall time applies).
 *
 * The streak counts study days whose due work was done. Each day is (game_day):
 *   FREE     nothing was due at the day's start and nothing was answered: skipped, it
 *            neither extends nor breaks the streak;
 *   DONE     cards were due at its start and every one of them was answered that day, or
 *            the day's Review answers (young + mature) reached the daily review limit
 *            (a backlog larger than the limit cannot be cleared in a day); or nothing was
 *            due and something was studied anyway;
 *   MISSED   cards were due, some were left, and the limit was not reached;
 *   PENDING  today while due cards are left: not yet counted either way.
 * current = the DONE days back from today, skipping FREE and PENDING days, up to the
 * first MISSED day; best = the longest such run in the history.
 *
 * Habit strength is an exponential moving average of the days: h += GAME_HABIT_ALPHA *
 * (x - h), x = 1 for DONE and 0 for MISSED, FREE and PENDING days left out, from 0 before
 * the first day. One missed day after a long habit costs about a tenth of it.
 */
#ifndef ARCHDRILL_GAME_H
#define ARCHDRILL_GAME_H

#include "core/stats.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GAME_XP_PER_DOUBLING   10
#define GAME_XP_RUBRIC_POINT   20
#define GAME_XP_DESIGN_ON_TIME 50
#define GAME_XP_RISK_FOUND     10
#define GAME_XP_ADR            30
#define GAME_XP_ESTIMATE       5
#define GAME_HABIT_ALPHA       0.1

/* Evidence thresholds (see GAME_RANK_RULES and game_readiness). */
#define GAME_PHASE_MATURE_SHARE  0.5  /* half a phase's cards mature */
#define GAME_PHASE_RETENTION     0.85 /* its mature true retention over 90 days */
#define GAME_PHASE_MIN_REVIEWS   10   /* counted mature answers (fewer if fewer mature cards) */
#define GAME_ESTIMATION_ACCURACY 0.8  /* of the last 20 answers within 20% */
#define GAME_RECENT_ATTEMPTS     3    /* readiness looks at the last 3 attempts of a kind */
#define GAME_TEXT_CAP            160

typedef enum GameDay { GAME_DAY_FREE, GAME_DAY_DONE, GAME_DAY_MISSED, GAME_DAY_PENDING } GameDay;

/* The status of one day (see above); is_today selects PENDING over MISSED. */
GameDay game_day(const StatsDay *d, int32_t review_limit, bool is_today);

typedef struct GameStreak {
    int32_t current;
    int32_t best;
    double habit; /* 0..1 */
    int32_t done_days;
    int32_t missed_days;
    GameDay today;
} GameStreak;

/* The streak over days[0..n) where days[n - 1] is today (Stats.days). */
void game_streak(const StatsDay *days, size_t n, int32_t review_limit, GameStreak *out);

typedef struct GameXp {
    int64_t total;
    int64_t cards;  /* knowledge */
    int64_t rubric; /* rubric improvements */
    int64_t drills; /* drills finished within their time */
    int64_t today;  /* earned on today's study day */
    int64_t week;   /* earned over the last 7 days, today included */
} GameXp;

/* XP from a Stats. Cards: round(GAME_XP_PER_DOUBLING * all knowledge so far), a day
 * earning the growth of that figure over the day, so the days add up to the total. */
void game_xp(const Stats *st, GameXp *out);
/* The XP one attempt earns, given the best score of each dimension over the earlier design
 * attempts (updated for design attempts; start with all 1). rubric_xp may be NULL. */
int64_t game_attempt_xp(const StatsAttempt *a, int best[DRILL_DIMENSIONS], int64_t *rubric_xp);

/* The evidence the ranks and the readiness checklist look at. */
typedef struct GameEvidence {
    StatsPhase phases[STATS_ROADMAP_PHASES];
    bool phase_held[STATS_ROADMAP_PHASES]; /* game_phase_held */
    int32_t phases_held; /* how many phases in roadmap order are held, from the first */
    /* design: finished on time scoring >= 3 in every dimension ("qualifying") */
    int32_t design_attempts, design_qualifying;
    int32_t design_recent, design_recent_qualifying; /* of the last GAME_RECENT_ATTEMPTS */
    /* risk: found >= 2 of the 3 reference risks (time not required: the 10 minutes end
     * the review on their own) */
    int32_t risk_attempts, risk_qualifying;
    int32_t risk_recent, risk_recent_qualifying;
    /* adr: finished on time, self-scored >= 3 */
    int32_t adr_attempts, adr_qualifying;
    int32_t adr_recent, adr_recent_qualifying;
    /* estimation: the last STATS_ESTIMATION_RECENT answers */
    int32_t estimation_correct, estimation_total;
    bool estimation_ok; /* 20 answers, >= 80% within 20% */
} GameEvidence;

/* A phase is held when it has cards, at least half of them are mature, and their mature
 * true retention over STATS_PHASE_WINDOW_DAYS is >= 85% on at least
 * min(GAME_PHASE_MIN_REVIEWS, mature) counted answers. */
bool game_phase_held(const StatsPhase *p);
/* Whether one attempt qualifies for its kind (design, risk, adr; false for the others). */
bool game_attempt_qualifies(const StatsAttempt *a);
void game_evidence(const Stats *st, GameEvidence *out);

typedef enum GameRank {
    GAME_SENIOR_DEVELOPER,
    GAME_TECH_LEAD,
    GAME_STAFF_ENGINEER,
    GAME_PRINCIPAL_ENGINEER,
    GAME_ARCHITECT,
    GAME_RANKS
} GameRank;

/* "Senior Developer", "Tech Lead", "Staff Engineer", "Principal Engineer", "Architect". */
const char *game_rank_name(GameRank rank);

/* What a rank needs (each rank also needs everything the ones below need):
 *   rank               phases held  design  estimation  risk  adr
 *   Senior Developer   0            0       -           0     0
 *   Tech Lead          1            1       -           0     0
 *   Staff Engineer     2            3       yes         1     0
 *   Principal Engineer 3            5       yes         3     1
 *   Architect          4            8       yes         5     3
 * phases: the first N roadmap phases held; design / risk / adr: qualifying attempts ever;
 * estimation: estimation_ok. */
typedef struct GameRankRule {
    int32_t phases;
    int32_t design;
    bool estimation;
    int32_t risk;
    int32_t adr;
} GameRankRule;
extern const GameRankRule GAME_RANK_RULES[GAME_RANKS];

/* The highest rank whose rule (and every lower one's) the evidence meets. Ranks follow the
 * evidence: retention that decays can lower it. */
GameRank game_rank(const GameEvidence *ev);

/* What `rank` still needs, one sentence per line ("Hold the Design practice phase: 12 of
 * 40 cards mature (need 20)"), at most cap lines. Returns the number of lines (0: met). */
size_t game_rank_missing(GameRank rank, const GameEvidence *ev, char lines[][GAME_TEXT_CAP],
                         size_t cap);

/* The readiness checklist ("You are ready when you can:"):
 *   0 design a system for 10M+ users end to end in 45 minutes: 2 of the last 3 design
 *     drills finished on time scoring >= 3 in every dimension;
 *   1 identify the top 3 risks in someone else's design: 2 of the last 3 risk reviews
 *     found >= 2 of the 3 reference risks;
 *   2 estimate cost and capacity within 20%: >= 80% of the last 20 estimation answers;
 *   3 write a design decision (ADR) a team can act on: 2 of the last 3 ADR drills finished
 *     on time, self-scored >= 3. */
#define GAME_READINESS_ITEMS 4
typedef struct GameReadiness {
    const char *item;             /* the ability, static text */
    bool ready;                   /* ticked */
    char evidence[GAME_TEXT_CAP]; /* what ticks it or what is missing */
} GameReadiness;
void game_readiness(const GameEvidence *ev, GameReadiness out[GAME_READINESS_ITEMS]);

/* Today's goal: what is left of today's queue; done when nothing is. */
typedef struct GameGoal {
    int32_t reviews_left;  /* Review cards due today, within the limit */
    int32_t learning_left; /* learning and relearning cards due now */
    int32_t new_left;      /* new cards left for today */
    int32_t answered;      /* answers given today */
    bool done;
} GameGoal;
void game_goal(const Stats *st, GameGoal *out);

/* Everything at once, for the home and stats screens and `archdrill stats`. */
typedef struct Game {
    GameXp xp;
    GameStreak streak;
    GameEvidence evidence;
    GameRank rank;
    GameReadiness readiness[GAME_READINESS_ITEMS];
    GameGoal goal;
} Game;
void game_compute(const Stats *st, Game *out);

#endif
