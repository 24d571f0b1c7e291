/*
 * game.c: XP, streak, habit strength, ranks, readiness and today's goal as pure functions
 * of a Stats (see game.h for the rules). Nothing is stored: the game is recomputed from
 * the history every time, so it cannot drift from it or be edited into shape.
 */
#include "core/game.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const GameRankRule GAME_RANK_RULES[GAME_RANKS] = {
    [GAME_SENIOR_DEVELOPER] = {0, 0, false, 0, 0}, [GAME_TECH_LEAD] = {1, 1, false, 0, 0},
    [GAME_STAFF_ENGINEER] = {2, 3, true, 1, 0},    [GAME_PRINCIPAL_ENGINEER] = {3, 5, true, 3, 1},
    [GAME_ARCHITECT] = {4, 8, true, 5, 3},
};

static const char *const RANK_NAMES[GAME_RANKS] = {
    "Senior Developer", "Tech Lead", "Staff Engineer", "Principal Engineer", "Architect"};

const char *game_rank_name(GameRank rank)
{
    return rank >= 0 && rank < GAME_RANKS ? RANK_NAMES[rank] : "?";
}

/* ---- streak and habit -------------------------------------------------------------- */

GameDay game_day(const StatsDay *d, int32_t review_limit, bool is_today)
{
    if (d->due == 0)
        return stats_day_total(d) > 0 ? GAME_DAY_DONE : GAME_DAY_FREE;
    if (d->missed == 0)
        return GAME_DAY_DONE;
    if (d->answers[STATS_YOUNG] + d->answers[STATS_MATURE] >= review_limit)
        return GAME_DAY_DONE;
    return is_today ? GAME_DAY_PENDING : GAME_DAY_MISSED;
}

void game_streak(const StatsDay *days, size_t n, int32_t review_limit, GameStreak *out)
{
    memset(out, 0, sizeof(*out));
    out->today = GAME_DAY_FREE;
    int32_t run = 0;
    for (size_t i = 0; i < n; i++) {
        GameDay g = game_day(&days[i], review_limit, i + 1 == n);
        if (g == GAME_DAY_DONE) {
            out->done_days++;
            run++;
            if (run > out->best)
                out->best = run;
            out->habit += GAME_HABIT_ALPHA * (1.0 - out->habit);
        } else if (g == GAME_DAY_MISSED) {
            out->missed_days++;
            run = 0;
            out->habit += GAME_HABIT_ALPHA * (0.0 - out->habit);
        }
        if (i + 1 == n)
            out->today = g;
    }
    out->current = run;
}

/* ---- XP ---------------------------------------------------------------------------- */

int64_t game_attempt_xp(const StatsAttempt *a, int best[DRILL_DIMENSIONS], int64_t *rubric_xp)
{
    int64_t rubric = 0, xp = 0;
    switch (a->kind) {
    case DECK_KIND_DESIGN:
        for (int d = 0; d < DRILL_DIMENSIONS; d++) {
            if (a->scores[d] > best[d]) {
                rubric += (int64_t)(a->scores[d] - best[d]) * GAME_XP_RUBRIC_POINT;
                best[d] = a->scores[d];
            }
        }
        if (a->on_time)
            xp += GAME_XP_DESIGN_ON_TIME;
        break;
    case DECK_KIND_RISK:
        if (a->on_time && a->scores[0] > 0)
            xp += (int64_t)a->scores[0] * GAME_XP_RISK_FOUND;
        break;
    case DECK_KIND_ADR:
        if (a->on_time && a->scores[0] >= 3)
            xp += GAME_XP_ADR;
        break;
    case DECK_KIND_ESTIMATION:
        if (a->correct > 0)
            xp += (int64_t)a->correct * GAME_XP_ESTIMATE;
        break;
    case DECK_KIND_CARDS:
        break;
    }
    if (rubric_xp)
        *rubric_xp = rubric;
    return xp + rubric;
}

void game_xp(const Stats *st, GameXp *out)
{
    memset(out, 0, sizeof(*out));
    /* Rounded on the running total, so the days add up to round(10 x all knowledge): how
     * the gains are spread over days (many small reviews or a few big ones) cannot change
     * the total by rounding. */
    double sum = 0;
    int64_t before = 0;
    for (size_t i = 0; i < st->day_count; i++) {
        sum += st->days[i].knowledge;
        int64_t upto = llround(GAME_XP_PER_DOUBLING * sum);
        int64_t xp = upto - before;
        before = upto;
        int64_t day = st->first_day + (int64_t)i;
        out->cards += xp;
        if (day == st->today)
            out->today += xp;
        if (day > st->today - 7)
            out->week += xp;
    }
    int best[DRILL_DIMENSIONS];
    for (int d = 0; d < DRILL_DIMENSIONS; d++)
        best[d] = 1;
    for (size_t i = 0; i < st->drills.count; i++) {
        const StatsAttempt *a = &st->drills.attempts[i];
        int64_t rubric = 0;
        int64_t xp = game_attempt_xp(a, best, &rubric);
        out->rubric += rubric;
        out->drills += xp - rubric;
        if (a->day == st->today)
            out->today += xp;
        if (a->day > st->today - 7 && a->day <= st->today)
            out->week += xp;
    }
    out->total = out->cards + out->rubric + out->drills;
}

/* ---- evidence and ranks ------------------------------------------------------------ */

static int32_t phase_min_reviews(const StatsPhase *p)
{
    return p->mature < GAME_PHASE_MIN_REVIEWS ? p->mature : GAME_PHASE_MIN_REVIEWS;
}

bool game_phase_held(const StatsPhase *p)
{
    if (p->cards <= 0 || p->mature <= 0 || (double)p->mature < GAME_PHASE_MATURE_SHARE * p->cards)
        return false;
    int64_t counted = p->retention.passed + p->retention.failed;
    return counted > 0 && counted >= phase_min_reviews(p) &&
           stats_rate(p->retention) >= GAME_PHASE_RETENTION;
}

bool game_attempt_qualifies(const StatsAttempt *a)
{
    switch (a->kind) {
    case DECK_KIND_DESIGN:
        if (!a->on_time)
            return false;
        for (int d = 0; d < DRILL_DIMENSIONS; d++)
            if (a->scores[d] < 3)
                return false;
        return true;
    case DECK_KIND_RISK:
        return a->scores[0] >= 2;
    case DECK_KIND_ADR:
        return a->on_time && a->scores[0] >= 3;
    default:
        return false;
    }
}

/* Counts the attempts of a kind, those qualifying, and the same over the last few. */
static void count_kind(const StatsDrills *dr, DeckKind kind, int32_t *all, int32_t *good,
                       int32_t *recent, int32_t *recent_good)
{
    *all = *good = *recent = *recent_good = 0;
    for (size_t i = dr->count; i-- > 0;) {
        const StatsAttempt *a = &dr->attempts[i];
        if (a->kind != kind)
            continue;
        bool q = game_attempt_qualifies(a);
        (*all)++;
        *good += q;
        if (*recent < GAME_RECENT_ATTEMPTS) {
            (*recent)++;
            *recent_good += q;
        }
    }
}

void game_evidence(const Stats *st, GameEvidence *out)
{
    memset(out, 0, sizeof(*out));
    bool in_order = true;
    for (int i = 0; i < STATS_ROADMAP_PHASES; i++) {
        out->phases[i] = st->phases[i];
        out->phase_held[i] = game_phase_held(&st->phases[i]);
        in_order = in_order && out->phase_held[i];
        if (in_order)
            out->phases_held++;
    }
    const StatsDrills *dr = &st->drills;
    count_kind(dr, DECK_KIND_DESIGN, &out->design_attempts, &out->design_qualifying,
               &out->design_recent, &out->design_recent_qualifying);
    count_kind(dr, DECK_KIND_RISK, &out->risk_attempts, &out->risk_qualifying, &out->risk_recent,
               &out->risk_recent_qualifying);
    count_kind(dr, DECK_KIND_ADR, &out->adr_attempts, &out->adr_qualifying, &out->adr_recent,
               &out->adr_recent_qualifying);
    out->estimation_correct = dr->recent_correct;
    out->estimation_total = dr->recent_total;
    out->estimation_ok = dr->recent_total >= STATS_ESTIMATION_RECENT &&
                         dr->recent_correct >= GAME_ESTIMATION_ACCURACY * dr->recent_total;
}

static bool rule_met(const GameRankRule *r, const GameEvidence *ev)
{
    return ev->phases_held >= r->phases && ev->design_qualifying >= r->design &&
           (!r->estimation || ev->estimation_ok) && ev->risk_qualifying >= r->risk &&
           ev->adr_qualifying >= r->adr;
}

GameRank game_rank(const GameEvidence *ev)
{
    GameRank rank = GAME_SENIOR_DEVELOPER;
    for (int r = GAME_TECH_LEAD; r < GAME_RANKS; r++) {
        if (!rule_met(&GAME_RANK_RULES[r], ev))
            break;
        rank = (GameRank)r;
    }
    return rank;
}

size_t game_rank_missing(GameRank rank, const GameEvidence *ev, char lines[][GAME_TEXT_CAP],
                         size_t cap)
{
    if (rank < 0 || rank >= GAME_RANKS)
        return 0;
    /* The thresholds grow with the rank, so the highest rule up to `rank` covers them. */
    GameRankRule need = {0, 0, false, 0, 0};
    for (int r = 0; r <= (int)rank; r++) {
        const GameRankRule *g = &GAME_RANK_RULES[r];
        need.phases = g->phases > need.phases ? g->phases : need.phases;
        need.design = g->design > need.design ? g->design : need.design;
        need.estimation = need.estimation || g->estimation;
        need.risk = g->risk > need.risk ? g->risk : need.risk;
        need.adr = g->adr > need.adr ? g->adr : need.adr;
    }
    size_t n = 0;
    for (int i = 0; i < need.phases && i < STATS_ROADMAP_PHASES && n < cap; i++) {
        const StatsPhase *p = &ev->phases[i];
        if (ev->phase_held[i])
            continue;
        int32_t want = (int32_t)ceil(GAME_PHASE_MATURE_SHARE * p->cards);
        double rate = stats_rate(p->retention);
        if (p->cards == 0) {
            snprintf(lines[n++], GAME_TEXT_CAP, "Hold %s: no cards are tagged %s yet",
                     STATS_PHASE_NAMES[i], STATS_PHASE_TAGS[i]);
            continue;
        }
        snprintf(lines[n++], GAME_TEXT_CAP,
                 "Hold %s: %d of %d cards mature (need %d), mature retention %.0f%% on %lld "
                 "answers (need 85%% on %d)",
                 STATS_PHASE_NAMES[i], p->mature, p->cards, want > 0 ? want : 1,
                 rate < 0 ? 0.0 : rate * 100.0,
                 (long long)(p->retention.passed + p->retention.failed),
                 phase_min_reviews(p) > 0 ? phase_min_reviews(p) : 1);
    }
    if (ev->design_qualifying < need.design && n < cap)
        snprintf(lines[n++], GAME_TEXT_CAP,
                 "Finish 45-minute design drills on time scoring 3+ in every dimension: %d of %d",
                 ev->design_qualifying, need.design);
    if (need.estimation && !ev->estimation_ok && n < cap)
        snprintf(lines[n++], GAME_TEXT_CAP,
                 "Estimate within 20%% on 80%% of the last %d answers: %d of %d correct",
                 STATS_ESTIMATION_RECENT, ev->estimation_correct, ev->estimation_total);
    if (ev->risk_qualifying < need.risk && n < cap)
        snprintf(lines[n++], GAME_TEXT_CAP, "Find 2 of the top 3 risks in risk reviews: %d of %d",
                 ev->risk_qualifying, need.risk);
    if (ev->adr_qualifying < need.adr && n < cap)
        snprintf(lines[n++], GAME_TEXT_CAP, "Write ADRs on time, self-scored 3+: %d of %d",
                 ev->adr_qualifying, need.adr);
    return n;
}

/* ---- readiness and goal ------------------------------------------------------------ */

static void recent_item(GameReadiness *r, const char *item, int32_t recent, int32_t good,
                        const char *noun, const char *test)
{
    r->item = item;
    r->ready = good >= 2;
    if (recent == 0)
        snprintf(r->evidence, GAME_TEXT_CAP, "no %s finished yet", noun);
    else
        snprintf(r->evidence, GAME_TEXT_CAP, "%d of the last %d %s%s: %s (need 2 of 3)", good,
                 recent, noun, recent == 1 ? "" : "s", test);
}

void game_readiness(const GameEvidence *ev, GameReadiness out[GAME_READINESS_ITEMS])
{
    memset(out, 0, GAME_READINESS_ITEMS * sizeof(*out));
    recent_item(&out[0], "Design a system for 10M+ users end to end in 45 minutes",
                ev->design_recent, ev->design_recent_qualifying, "design drill",
                "on time, 3+ in every dimension");
    recent_item(&out[1], "Identify the top 3 risks in someone else's design", ev->risk_recent,
                ev->risk_recent_qualifying, "risk review", "2+ of the top 3 risks found");
    out[2].item = "Estimate cost and capacity within 20%";
    out[2].ready = ev->estimation_ok;
    if (ev->estimation_total == 0)
        snprintf(out[2].evidence, GAME_TEXT_CAP, "no estimation answers yet");
    else
        snprintf(out[2].evidence, GAME_TEXT_CAP,
                 "%d of the last %d answers within 20%% (need 80%% of %d)", ev->estimation_correct,
                 ev->estimation_total, STATS_ESTIMATION_RECENT);
    recent_item(&out[3], "Write a design decision (ADR) a team can act on", ev->adr_recent,
                ev->adr_recent_qualifying, "ADR drill", "on time, self-scored 3+");
}

void game_goal(const Stats *st, GameGoal *out)
{
    out->reviews_left = st->queue.reviews_left;
    out->learning_left = st->queue.learning_left;
    out->new_left = st->queue.new_left;
    out->answered = st->queue.answered;
    out->done = out->reviews_left == 0 && out->learning_left == 0 && out->new_left == 0;
}

void game_compute(const Stats *st, Game *out)
{
    memset(out, 0, sizeof(*out));
    game_xp(st, &out->xp);
    game_streak(st->days, st->day_count, st->review_limit, &out->streak);
    game_evidence(st, &out->evidence);
    out->rank = game_rank(&out->evidence);
    game_readiness(&out->evidence, out->readiness);
    game_goal(st, &out->goal);
}
