/*
 * test_stats.c: the statistics (core/stats, core/store_stats) on fixed synthetic histories
 * whose figures were worked out by hand: answers per day by kind, due work, true retention
 * (first answer of a day only, yesterday alone), forecast, card states, stability and
 * difficulty buckets, answer buttons, hours, knowledge, roadmap phases and drills; then the
 * same read from a database (scope, retirement, suspension, attempts, a large log read
 * with an empty, full, partial or damaged review_pack cache, an undo dropping the chunk
 * it touches, the cache built after a migration: always the figures of the log alone), and
 * `archdrill stats --json` and `export-log --csv` through cli_main.
 */
#include "test_support.h"
#include "cli_support.h"

#include "cli/bench_stats.h"
#include "cli/cli.h"
#include "cli/cmd_stats.h"
#include "core/game.h"
#include "core/stats.h"
#include "core/store_stats.h"
#include "core/store_study.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sqlite3.h>

#define TODAY  20000LL /* 2024-10-04 (UTC study days: day 0 is 1970-01-01) */
#define HOUR   3600000LL
#define MINUTE 60000LL
#define NOW_MS (TODAY * DAY_MS + 12 * HOUR)

static int64_t at(int64_t day, int hour, int minute)
{
    return day * DAY_MS + hour * HOUR + minute * MINUTE;
}

/* ---- the synthetic history --------------------------------------------------------- */

/* Cards A..H (ids 10..80); see each row's comment for what it makes them. */
static const StatsCardRow CARDS[] = {
    /* A: mature (interval 30), due in 10 days, foundations */
    {10, CARD_REVIEW, 20010 * DAY_MS + 11 * HOUR, 40.0, 5.8, 30, false, 0, 1u << 0},
    /* B: young, due tomorrow, design practice */
    {20, CARD_REVIEW, 20001 * DAY_MS + 16 * HOUR + 5 * MINUTE, 3.2, 3.0, 2, false, 0, 1u << 1},
    /* C: lapsed today, young again, both phases */
    {30, CARD_REVIEW, 20001 * DAY_MS + 9 * HOUR + 10 * MINUTE, 6.0, 8.5, 1, false, 0, 3u},
    /* D: overdue since day 19992 */
    {40, CARD_REVIEW, 19992 * DAY_MS + 7 * HOUR, 2.5, 5.0, 2, false, 0, 0},
    /* E: suspended */
    {50, CARD_REVIEW, 19998 * DAY_MS + 12 * HOUR, 3.0, 1.0, 3, true, 0, 0},
    /* F: new, foundations */
    {60, CARD_NEW, 0, 0, 0, 0, false, 0, 1u << 0},
    /* G: learning, buried until tomorrow */
    {70, CARD_LEARNING, TODAY *DAY_MS + 11 * HOUR + MINUTE, 0.4, 7.0, 0, false, TODAY + 1, 0},
    /* H: learning, due later today */
    {80, CARD_LEARNING, TODAY *DAY_MS + 13 * HOUR, 1.2, 6.0, 0, false, 0, 0},
};

typedef struct Row {
    int64_t card;
    int64_t day;
    int hour, minute;
    int rating;
    int state_before;
    double stability;
    int32_t sched;
    int64_t due_day;
    int due_hour, due_minute;
} Row;

/* The log in the order it was written. Duration of row n (from 1) is n seconds. */
static const Row ROWS[] = {
    {10, 19900, 8, 0, 3, CARD_NEW, 3.0, 3, 19903, 8, 0},            /* 1 A learn */
    {10, 19903, 9, 0, 3, CARD_REVIEW, 10.0, 10, 19913, 9, 0},       /* 2 A young */
    {10, 19913, 10, 0, 4, CARD_REVIEW, 25.0, 25, 19938, 10, 0},     /* 3 A young, easy */
    {10, 19940, 11, 0, 3, CARD_REVIEW, 35.0, 40, 19980, 11, 0},     /* 4 A mature, 2 late */
    {30, 19950, 20, 0, 4, CARD_NEW, 25.0, 25, 19975, 20, 0},        /* 5 C learn */
    {30, 19975, 20, 0, 3, CARD_REVIEW, 45.0, 25, 20000, 20, 0},     /* 6 C mature */
    {10, 19980, 11, 0, 2, CARD_REVIEW, 40.0, 30, 20010, 11, 0},     /* 7 A mature, hard */
    {40, 19990, 7, 0, 3, CARD_NEW, 2.5, 2, 19992, 7, 0},            /* 8 D learn */
    {50, 19995, 12, 0, 3, CARD_NEW, 3.0, 3, 19998, 12, 0},          /* 9 E learn */
    {20, 19997, 14, 0, 1, CARD_NEW, 0.5, 0, 19997, 14, 1},          /* 10 B learn, again */
    {20, 19997, 14, 1, 3, CARD_LEARNING, 0.8, 0, 19997, 14, 11},    /* 11 B learn */
    {20, 19997, 14, 11, 3, CARD_LEARNING, 2.0, 1, 19998, 14, 11},   /* 12 B learn */
    {20, 19998, 15, 0, 1, CARD_REVIEW, 1.5, 0, 19998, 15, 10},      /* 13 B young, lapse */
    {20, 19998, 15, 10, 3, CARD_RELEARNING, 1.8, 1, 19999, 15, 10}, /* 14 B relearn */
    {20, 19999, 16, 0, 3, CARD_REVIEW, 3.0, 2, 20001, 16, 0},       /* 15 B young */
    {20, 19999, 16, 5, 3, CARD_REVIEW, 3.2, 2, 20001, 16, 5},       /* 16 B again that day */
    {30, TODAY, 9, 0, 1, CARD_REVIEW, 5.0, 0, TODAY, 9, 10},        /* 17 C mature, lapse */
    {30, TODAY, 9, 10, 3, CARD_RELEARNING, 6.0, 1, 20001, 9, 10},   /* 18 C relearn */
    {70, TODAY, 11, 0, 1, CARD_NEW, 0.4, 0, TODAY, 11, 1},          /* 19 G learn, again */
    {80, TODAY, 11, 30, 3, CARD_NEW, 1.2, 0, TODAY, 13, 0},         /* 20 H learn */
    {999, TODAY, 11, 45, 3, CARD_NEW, 9.0, 9, TODAY + 9, 11, 45},   /* not in scope */
};

static StatsReviewRow review_row(const Row *r, int64_t n)
{
    return (StatsReviewRow){.card_id = r->card,
                            .review_ms = at(r->day, r->hour, r->minute),
                            .rating = r->rating,
                            .duration_ms = n * 1000,
                            .state_before = r->state_before,
                            .stability = r->stability,
                            .scheduled_days = r->sched,
                            .due_ms = at(r->due_day, r->due_hour, r->due_minute)};
}

static void build(Stats *st, int32_t review_limit)
{
    DayRule utc = DAY_RULE_UTC;
    StatsBuilder *b = stats_builder_new(0, NOW_MS, &utc, at(19900, 8, 0));
    for (size_t i = 0; i < ARRAY_LEN(CARDS); i++)
        stats_builder_card(b, &CARDS[i]);
    for (size_t i = 0; i < ARRAY_LEN(ROWS); i++) {
        StatsReviewRow r = review_row(&ROWS[i], (int64_t)i + 1);
        stats_builder_review(b, &r);
    }
    StatsToday queue = {.learning_left = 1, .reviews_left = 2, .new_left = 5, .answered = 99};
    stats_builder_finish(b, &queue, review_limit, st);
}

typedef struct DayFacts {
    int64_t day;
    int32_t learn, young, mature, relearn, introduced, passed, due, missed;
} DayFacts;

/* Every day with answers or due work; all other days are zero. */
static const DayFacts DAYS[] = {
    {19900, 1, 0, 0, 0, 1, 1, 0, 0}, {19903, 0, 1, 0, 0, 0, 1, 1, 0},
    {19913, 0, 1, 0, 0, 0, 1, 1, 0}, {19938, 0, 0, 0, 0, 0, 0, 1, 1},
    {19939, 0, 0, 0, 0, 0, 0, 1, 1}, {19940, 0, 0, 1, 0, 0, 1, 1, 0},
    {19950, 1, 0, 0, 0, 1, 1, 0, 0}, {19975, 0, 0, 1, 0, 0, 1, 1, 0},
    {19980, 0, 0, 1, 0, 0, 1, 1, 0}, {19990, 1, 0, 0, 0, 1, 1, 0, 0},
    {19992, 0, 0, 0, 0, 0, 0, 1, 1}, {19993, 0, 0, 0, 0, 0, 0, 1, 1},
    {19994, 0, 0, 0, 0, 0, 0, 1, 1}, {19995, 1, 0, 0, 0, 1, 1, 1, 1},
    {19996, 0, 0, 0, 0, 0, 0, 1, 1}, {19997, 3, 0, 0, 0, 1, 2, 1, 1},
    {19998, 0, 1, 0, 1, 0, 1, 2, 1}, {19999, 0, 2, 0, 0, 0, 2, 2, 1},
    {20000, 2, 0, 1, 1, 2, 2, 2, 1},
};

static void test_days_by_kind_and_due_work(void **state)
{
    (void)state;
    Stats st;
    build(&st, 200);
    assert_int_equal(st.today, TODAY);
    assert_int_equal(st.first_day, TODAY - 364); /* a year at least */
    assert_int_equal(st.day_count, 365);
    size_t k = 0;
    int64_t heat = 0;
    for (int64_t day = st.first_day; day <= TODAY; day++) {
        const StatsDay *d = stats_day(&st, day);
        assert_non_null(d);
        DayFacts want = {day, 0, 0, 0, 0, 0, 0, 0, 0};
        if (k < ARRAY_LEN(DAYS) && DAYS[k].day == day)
            want = DAYS[k++];
        if (d->answers[STATS_LEARN] != want.learn || d->answers[STATS_YOUNG] != want.young ||
            d->answers[STATS_MATURE] != want.mature || d->answers[STATS_RELEARN] != want.relearn ||
            d->introduced != want.introduced || d->passed != want.passed || d->due != want.due ||
            d->missed != want.missed)
            fail_msg("day %lld: answers %d %d %d %d intro %d passed %d due %d missed %d",
                     (long long)day, d->answers[0], d->answers[1], d->answers[2], d->answers[3],
                     d->introduced, d->passed, d->due, d->missed);
        heat += stats_day_total(d);
    }
    assert_int_equal(k, ARRAY_LEN(DAYS));
    assert_null(stats_day(&st, TODAY + 1));
    assert_null(stats_day(&st, st.first_day - 1));
    /* the heatmap's counts: everything but the card out of scope */
    assert_int_equal(heat, 20);
    assert_int_equal(st.total_answers, 20);
    assert_int_equal(stats_day_total(stats_day(&st, 19997)), 3);
    assert_int_equal(st.total_duration_ms, 210000); /* 1 + 2 + ... + 20 seconds */
    assert_int_equal(stats_day(&st, TODAY)->duration_ms, (17 + 18 + 19 + 20) * 1000);
    assert_int_equal(st.queue.answered, 4); /* today's answers, not the caller's figure */
    assert_int_equal(st.queue.reviews_left, 2);
    assert_int_equal(st.review_limit, 200);
    stats_free(&st);
    stats_free(&st); /* zeroed: a second free is harmless */
    stats_free(NULL);
}

static void assert_pf(StatsPassFail pf, int64_t passed, int64_t failed, const char *what)
{
    if (pf.passed != passed || pf.failed != failed)
        fail_msg("%s: %lld passed %lld failed, want %lld %lld", what, (long long)pf.passed,
                 (long long)pf.failed, (long long)passed, (long long)failed);
}

static void test_true_retention_first_answer_of_the_day(void **state)
{
    (void)state;
    Stats st;
    build(&st, 200);
    /* young: A on days 19903 and 19913 (passed), B's lapse on 19998 and its pass on 19999;
     * B's second answer of 19999 is not counted */
    static const int64_t young[STATS_PERIODS][2] = {{0, 0}, {1, 0}, {1, 1}, {1, 1}, {3, 1}};
    /* mature: A on 19940 and 19980 (Hard is a pass), C on 19975, C's lapse today */
    static const int64_t mature[STATS_PERIODS][2] = {{0, 1}, {0, 0}, {0, 1}, {2, 1}, {3, 1}};
    for (int p = 0; p < STATS_PERIODS; p++) {
        assert_pf(st.young[p], young[p][0], young[p][1], STATS_PERIOD_NAMES[p]);
        assert_pf(st.mature[p], mature[p][0], mature[p][1], STATS_PERIOD_NAMES[p]);
    }
    assert_true(fabs(stats_rate(st.young[STATS_YEAR]) - 0.75) < 1e-12);
    assert_true(stats_rate(st.young[STATS_TODAY]) < 0);
    assert_string_equal(STATS_PERIOD_NAMES[STATS_YESTERDAY], "Yesterday");
    stats_free(&st);
}

static void test_forecast_cards_and_distributions(void **state)
{
    (void)state;
    Stats st;
    build(&st, 200);
    /* D overdue and H later today; B and C tomorrow; A in 10 days; E, F, G left out */
    for (int i = 0; i < STATS_FORECAST_DAYS; i++) {
        int want = i == 0 ? 2 : i == 1 ? 2 : i == 10 ? 1 : 0;
        if (st.forecast[i] != want)
            fail_msg("forecast[%d] = %d, want %d", i, st.forecast[i], want);
    }
    assert_int_equal(st.overdue, 1);
    assert_true(fabs(st.daily_load - (1.0 / 30 + 1.0 / 2 + 1.0 + 1.0 / 2)) < 1e-12);

    const StatsCardCounts *c = &st.cards;
    assert_int_equal(c->new_cards, 1);
    assert_int_equal(c->learning, 1);
    assert_int_equal(c->young, 3);
    assert_int_equal(c->mature, 1);
    assert_int_equal(c->relearning, 0);
    assert_int_equal(c->suspended, 1);
    assert_int_equal(c->buried, 1);
    assert_int_equal(c->total, 8);

    /* stability 40, 3.2, 6, 2.5, 3, 0.4, 1.2 days; difficulty 5.8, 3, 8.5, 5, 1, 7, 6 */
    static const int32_t stab[STATS_STABILITY_BUCKETS] = {1, 1, 3, 1, 0, 0, 0, 1, 0, 0, 0, 0};
    static const int32_t diff[STATS_DIFFICULTY_BUCKETS] = {1, 0, 1, 0, 1, 2, 1, 0, 1, 0};
    assert_memory_equal(st.stability, stab, sizeof(stab));
    assert_memory_equal(st.difficulty, diff, sizeof(diff));

    /* phases: foundations = A, C, F (A mature); design practice = B, C */
    assert_int_equal(st.phases[0].cards, 3);
    assert_int_equal(st.phases[0].mature, 1);
    assert_pf(st.phases[0].retention, 3, 1, "foundations");
    assert_int_equal(st.phases[1].cards, 2);
    assert_int_equal(st.phases[1].mature, 0);
    assert_pf(st.phases[1].retention, 1, 1, "design practice");
    assert_int_equal(st.phases[2].cards, 0);
    assert_int_equal(st.phases[3].cards, 0);
    stats_free(&st);
}

static void test_buttons_hours_and_knowledge(void **state)
{
    (void)state;
    Stats st;
    build(&st, 200);
    static const int64_t buttons[3][4] = {{2, 0, 8, 1}, {1, 0, 3, 1}, {1, 1, 2, 0}};
    assert_memory_equal(st.buttons, buttons, sizeof(buttons));
    static const int64_t answers[STATS_HOURS] = {[7] = 1,  [8] = 1,  [9] = 3,  [10] = 1, [11] = 4,
                                                 [12] = 1, [14] = 3, [15] = 2, [16] = 2, [20] = 2};
    static const int64_t passed[STATS_HOURS] = {[7] = 1,  [8] = 1,  [9] = 2,  [10] = 1, [11] = 3,
                                                [12] = 1, [14] = 2, [15] = 1, [16] = 2, [20] = 2};
    for (int h = 0; h < STATS_HOURS; h++) {
        assert_int_equal(st.hours[h].answers, answers[h]);
        assert_int_equal(st.hours[h].passed, passed[h]);
    }
    /* each card's best stability: A 40, B 3.2, C 45, D 2.5, E 3, H 1.2 (G only failed) */
    double want = log2(40.0 * 3.2 * 45.0 * 2.5 * 3.0 * 1.2);
    assert_true(fabs(st.knowledge - want) < 1e-9);
    assert_true(fabs(stats_day(&st, 19997)->knowledge - 1.0) < 1e-12); /* B: 1 -> 2 */
    assert_true(fabs(stats_day(&st, 19998)->knowledge) < 1e-12);       /* relearning: 0 */
    assert_true(fabs(stats_day(&st, 19999)->knowledge - log2(1.6)) < 1e-12);
    assert_true(fabs(stats_day(&st, TODAY)->knowledge - log2(1.2)) < 1e-12);
    stats_free(&st);
}

/* Local days and hours: UTC+2 with the day starting at 04:00 local. */
static void test_local_days_and_hours(void **state)
{
    (void)state;
    DayRule rule;
    assert_int_equal(day_rule_make(2 * 3600, 4, &rule), ERR_OK);
    /* now: day TODAY 12:00 local = 10:00 UTC */
    int64_t now = TODAY * DAY_MS + 10 * HOUR;
    StatsBuilder *b = stats_builder_new(0, now, &rule, now);
    StatsCardRow card = {1, CARD_REVIEW, now + 5 * DAY_MS, 10, 5, 5, false, 0, 0};
    stats_builder_card(b, &card);
    /* 01:30 UTC today = 03:30 local: still the previous study day, local hour 3 */
    StatsReviewRow r1 = {1, TODAY * DAY_MS + HOUR + 30 * MINUTE, 3, 0, CARD_NEW, 2, 1, 0};
    r1.due_ms = r1.review_ms + DAY_MS;
    /* 02:30 UTC = 04:30 local: today, hour 4 */
    StatsReviewRow r2 = {1, TODAY * DAY_MS + 2 * HOUR + 30 * MINUTE, 3, 0, CARD_LEARNING, 3, 1, 0};
    r2.due_ms = now + 5 * DAY_MS;
    stats_builder_review(b, &r1);
    stats_builder_review(b, &r2);
    Stats st;
    stats_builder_finish(b, NULL, 100, &st);
    assert_int_equal(st.today, day_of(&rule, now));
    assert_int_equal(stats_day_total(stats_day(&st, st.today - 1)), 1);
    assert_int_equal(stats_day_total(stats_day(&st, st.today)), 1);
    assert_int_equal(st.hours[3].answers, 1);
    assert_int_equal(st.hours[4].answers, 1);
    assert_int_equal(st.forecast[5], 1);
    assert_int_equal(st.queue.learning_left, 0);
    stats_free(&st);
}

static void test_buckets_and_tags(void **state)
{
    (void)state;
    static const struct {
        double s;
        int bucket;
    } stab[] = {{0, 0},   {0.99, 0}, {1, 1},    {1.5, 1},  {2, 2},     {6.99, 3},
                {7, 4},   {20.9, 5}, {21, 6},   {59, 7},   {60, 8},    {90, 9},
                {179, 9}, {180, 10}, {364, 10}, {365, 11}, {36500, 11}};
    for (size_t i = 0; i < ARRAY_LEN(stab); i++)
        if (stats_stability_bucket(stab[i].s) != stab[i].bucket)
            fail_msg("stability %g: bucket %d", stab[i].s, stats_stability_bucket(stab[i].s));
    static const struct {
        double d;
        int bucket;
    } diff[] = {{1, 0}, {0, 0}, {NAN, 0}, {1.9, 0}, {2, 1}, {5.5, 5}, {9.99, 9}, {10, 9}, {12, 9}};
    for (size_t i = 0; i < ARRAY_LEN(diff); i++)
        if (stats_difficulty_bucket(diff[i].d) != diff[i].bucket)
            fail_msg("difficulty %g: bucket %d", diff[i].d, stats_difficulty_bucket(diff[i].d));
    assert_int_equal(stats_phases_of_tags(NULL), 0);
    assert_int_equal(stats_phases_of_tags(""), 0);
    assert_int_equal(stats_phases_of_tags("phase/foundations"), 1);
    assert_int_equal(stats_phases_of_tags("x phase/organisation,phase/design-practice"), 10);
    assert_int_equal(stats_phases_of_tags("phase/foundationsx phase/foundation"), 0);
    assert_int_equal(stats_kind(CARD_NEW, 0), STATS_LEARN);
    assert_int_equal(stats_kind(CARD_LEARNING, 40), STATS_LEARN);
    assert_int_equal(stats_kind(CARD_REVIEW, 20), STATS_YOUNG);
    assert_int_equal(stats_kind(CARD_REVIEW, 21), STATS_MATURE);
    assert_int_equal(stats_kind(CARD_RELEARNING, 40), STATS_RELEARN);
}

/* ---- drills in the builder --------------------------------------------------------- */

static StatsAttempt attempt(DeckKind kind, int64_t day, const int *scores, int correct, int total)
{
    StatsAttempt a = {.attempt_id = day, .prompt_id = 1, .kind = kind, .ended_ms = at(day, 18, 0)};
    for (int d = 0; d < DRILL_DIMENSIONS; d++)
        a.scores[d] = scores && (kind == DECK_KIND_DESIGN || d == 0) ? scores[d] : -1;
    a.correct = correct;
    a.total = total;
    return a;
}

static void test_drill_figures(void **state)
{
    (void)state;
    DayRule utc = DAY_RULE_UTC;
    StatsBuilder *b = stats_builder_new(0, NOW_MS, &utc, NOW_MS);
    static const int threes[DRILL_DIMENSIONS] = {3, 3, 3, 3, 3, 3, 3, 3};
    static const int64_t plan[DRILL_PHASES] = {300000, 240000, 300000, 720000, 720000, 300000};
    int64_t used1[DRILL_PHASES] = {240000, 240000, 360000, 600000, 720000, 300000}; /* 41 min */
    int64_t used2[DRILL_PHASES] = {360000, 300000, 300000, 900000, 840000, 300000}; /* 50 min */
    StatsAttempt d1 = attempt(DECK_KIND_DESIGN, 19990, threes, 0, 0);
    StatsAttempt d2 = attempt(DECK_KIND_DESIGN, 19995, threes, 0, 0);
    StatsAttempt est = attempt(DECK_KIND_ESTIMATION, 19996, NULL, 3, 5);
    int64_t eplan[5] = {120000, 120000, 120000, 120000, 120000}, eused[5] = {0};
    stats_builder_attempt(b, &d1, plan, used1, DRILL_PHASES);
    stats_builder_attempt(b, &est, eplan, eused, 5);
    stats_builder_attempt(b, &d2, plan, used2, DRILL_PHASES);
    for (int i = 0; i < 25; i++) /* newest first; only 20 are kept */
        stats_builder_recent_estimate(b, i % 4 != 0);
    Stats st;
    stats_builder_finish(b, NULL, 200, &st);
    const StatsDrills *dr = &st.drills;
    assert_int_equal(dr->count, 3);
    assert_int_equal(dr->attempts[0].day, 19990);
    assert_true(dr->attempts[0].on_time);
    assert_int_equal(dr->attempts[0].planned_ms, 2580000);
    assert_int_equal(dr->attempts[0].used_ms, 2460000);
    assert_false(dr->attempts[2].on_time);
    assert_int_equal(dr->phase_samples, 2);
    for (int p = 0; p < DRILL_PHASES; p++) {
        assert_true(fabs(dr->phase_planned_ms[p] - (double)plan[p]) < 1e-6);
        assert_true(fabs(dr->phase_used_ms[p] - (double)(used1[p] + used2[p]) / 2) < 1e-6);
    }
    assert_int_equal(dr->estimation_correct, 3);
    assert_int_equal(dr->estimation_total, 5);
    assert_int_equal(dr->recent_total, 20);
    assert_int_equal(dr->recent_correct, 15); /* i = 0, 4, 8, 12, 16 wrong */
    stats_free(&st);
}

/* ---- from the database ------------------------------------------------------------- */

static char *dir;
static Store *store;
static DayRule rule;

static int setup(void **state)
{
    (void)state;
    dir = tmp_dir();
    char *db = path_join(dir, "archdrill.db");
    ErrInfo err;
    assert_int_equal(store_open(db, &store, &err), ERR_OK);
    free(db);
    assert_int_equal(store_day_rule(store, 0, &rule), ERR_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(store);
    rm_rf(dir);
    free(dir);
    return 0;
}

static void exec(const char *sql)
{
    if (store_exec(store, sql))
        fail_msg("%s: %s", sql, store_errmsg(store));
}

static int64_t q(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int64_t q(const char *fmt, ...)
{
    char sql[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    int64_t v = -1;
    if (store_query_int(store, sql, &v))
        fail_msg("%s: %s", sql, store_errmsg(store));
    return v;
}

static int64_t add_deck(const char *key)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "INSERT INTO decks(key, name, source_path, created_s, modified_s)"
             " VALUES('%s', 'Deck %s', '/x/%s.md', 1, 1)",
             key, key, key);
    exec(sql);
    return q("SELECT id FROM decks WHERE key = '%s'", key);
}

static int64_t add_card(int64_t deck_id, const char *key, const char *tags)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO cards(deck_id, key, front, back, tags, source_path, source_line,"
             " content_hash, created_s, modified_s) VALUES(%lld, '%s', 'Q %s', 'A', '%s', '/x',"
             " 1, 'h', 1, 1); INSERT INTO card_state(card_id) VALUES(last_insert_rowid())",
             (long long)deck_id, key, key, tags);
    exec(sql);
    return q("SELECT id FROM cards WHERE deck_id = %lld AND key = '%s'", (long long)deck_id, key);
}

static void answer(int64_t card, int rating, int64_t when_ms)
{
    if (store_study_answer(store, card, rating, when_ms, 4000, &rule, NULL))
        fail_msg("answer card %lld: %s", (long long)card, store_errmsg(store));
}

/* The day rule's study day of a UTC instant (the default rollover is 04:00). */
static int64_t study_day(int64_t ms)
{
    return day_of(&rule, ms);
}

static void test_store_scope_and_exclusions(void **state)
{
    (void)state;
    int64_t d1 = add_deck("one"), d2 = add_deck("two");
    int64_t a = add_card(d1, "a", "phase/foundations"), b = add_card(d1, "b", "");
    int64_t c = add_card(d2, "c", ""), gone = add_card(d2, "gone", ""),
            fresh = add_card(d2, "n", "");
    (void)fresh;
    int64_t t0 = NOW_MS - 10 * DAY_MS;
    answer(a, 3, t0); /* learn */
    answer(a, 3, t0 + 10 * MINUTE);
    answer(b, 1, t0 + 20 * MINUTE);
    answer(c, 4, t0 + 30 * MINUTE);
    answer(gone, 3, t0 + 40 * MINUTE);
    answer(a, 3, NOW_MS - HOUR); /* today */
    exec("UPDATE cards SET retired = 1 WHERE key = 'gone'");
    assert_int_equal(store_study_suspend(store, b, true), ERR_OK);

    Stats st;
    assert_int_equal(store_stats_load(store, 0, NOW_MS, &rule, &st), ERR_OK);
    assert_int_equal(st.deck_id, 0);
    assert_int_equal(st.total_answers, 5); /* the retired card's answer is left out */
    assert_int_equal(st.cards.total, 4);
    assert_int_equal(st.cards.new_cards, 1);
    assert_int_equal(st.cards.suspended, 1);
    assert_int_equal(stats_day(&st, study_day(t0))->answers[STATS_LEARN], 4);
    assert_int_equal(stats_day(&st, study_day(t0))->introduced, 3);
    assert_int_equal(stats_day_total(stats_day(&st, st.today)), 1);
    assert_int_equal(st.queue.answered, 1);
    assert_int_equal(st.review_limit, PRESET_REVIEWS_PER_DAY_DEFAULT);
    assert_int_equal(st.phases[0].cards, 1);
    /* the forecast holds what card_state says of the active cards a and c */
    int32_t sum = 0;
    for (int i = 0; i < STATS_FORECAST_DAYS; i++)
        sum += st.forecast[i];
    int64_t due_a =
        study_day(q("SELECT due_ms FROM card_state WHERE card_id = %lld", (long long)a));
    int64_t due_c =
        study_day(q("SELECT due_ms FROM card_state WHERE card_id = %lld", (long long)c));
    assert_int_equal(sum, (due_a - st.today < 90) + (due_c - st.today < 90));
    assert_true(st.forecast[due_a - st.today] >= 1);
    /* the log's durations */
    assert_int_equal(st.total_duration_ms, 5 * 4000);
    stats_free(&st);

    /* one deck */
    assert_int_equal(store_stats_load(store, d2, NOW_MS, &rule, &st), ERR_OK);
    assert_int_equal(st.deck_id, d2);
    assert_int_equal(st.total_answers, 1);
    assert_int_equal(st.cards.total, 2);
    stats_free(&st);

    /* the review limit of all decks is the smallest preset's */
    Preset p;
    assert_int_equal(store_preset_get(store, d2, &p), ERR_OK);
    p.reviews_per_day = 50;
    assert_int_equal(store_preset_set(store, d2, &p), ERR_OK);
    assert_int_equal(store_stats_load(store, 0, NOW_MS, &rule, &st), ERR_OK);
    assert_int_equal(st.review_limit, 50);
    stats_free(&st);
    assert_int_equal(store_stats_load(store, d1, NOW_MS, &rule, &st), ERR_OK);
    assert_int_equal(st.review_limit, PRESET_REVIEWS_PER_DAY_DEFAULT);
    stats_free(&st);

    assert_int_equal(store_stats_load(store, 9999, NOW_MS, &rule, &st), ERR_NOT_FOUND);
    assert_null(st.days);
}

static void test_store_empty_collection(void **state)
{
    (void)state;
    Stats st;
    assert_int_equal(store_stats_load(store, 0, NOW_MS, &rule, &st), ERR_OK);
    assert_int_equal(st.day_count, STATS_YEAR_DAYS);
    assert_int_equal(st.total_answers, 0);
    assert_int_equal(st.cards.total, 0);
    assert_int_equal(st.drills.count, 0);
    Game g;
    game_compute(&st, &g);
    assert_int_equal(g.streak.current, 0);
    assert_int_equal(g.xp.total, 0);
    assert_int_equal(g.rank, GAME_SENIOR_DEVELOPER);
    assert_true(g.goal.done);
    stats_free(&st);
}

static int64_t add_prompt(const char *key, const char *kind)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO drill_prompts(key, kind, title, body, source_path, source_line,"
             " content_hash, created_s, modified_s) VALUES('%s', '%s', 'T', '', '/d', 1, 'h', 1,"
             " 1)",
             key, kind);
    exec(sql);
    return q("SELECT id FROM drill_prompts WHERE key = '%s'", key);
}

/* A finished attempt with its phases (JSON) and scores. */
static int64_t add_attempt(int64_t prompt, const char *status, int64_t ended_ms, const char *phases,
                           const int *scores, int nscores, int correct, int total)
{
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "INSERT INTO drill_attempts(prompt_id, status, started_ms, ended_ms, phases, correct,"
             " total) VALUES(%lld, '%s', %lld, %lld, '%s', %d, %d)",
             (long long)prompt, status, (long long)(ended_ms - HOUR), (long long)ended_ms, phases,
             correct, total);
    exec(sql);
    int64_t id = q("SELECT max(id) FROM drill_attempts");
    for (int d = 0; d < nscores; d++) {
        snprintf(sql, sizeof(sql),
                 "INSERT INTO drill_attempt_scores(attempt_id, dimension, score)"
                 " VALUES(%lld, %d, %d)",
                 (long long)id, d, scores[d]);
        exec(sql);
    }
    return id;
}

static const char DESIGN_PHASES[] =
    "[{\"name\":\"Requirements\",\"planned_ms\":300000,\"used_ms\":240000},"
    "{\"name\":\"Estimation\",\"planned_ms\":240000,\"used_ms\":300000},"
    "{\"name\":\"Entities and API\",\"planned_ms\":300000,\"used_ms\":300000},"
    "{\"name\":\"High-level design\",\"planned_ms\":720000,\"used_ms\":600000},"
    "{\"name\":\"Deep dives\",\"planned_ms\":720000,\"used_ms\":720000},"
    "{\"name\":\"Wrap-up\",\"planned_ms\":300000,\"used_ms\":240000}]";

static void test_store_drill_attempts(void **state)
{
    (void)state;
    int64_t design = add_prompt("url-shortener", "design");
    int64_t est = add_prompt("est-1", "estimation");
    int64_t risk = add_prompt("risk-1", "risk");
    static const int s1[8] = {3, 3, 3, 4, 3, 3, 3, 3}, s2[8] = {2, 3, 3, 3, 3, 3, 3, 3};
    static const int found[1] = {2};
    add_attempt(design, "done", NOW_MS - 5 * DAY_MS, DESIGN_PHASES, s2, 8, 0, 0);
    add_attempt(design, "done", NOW_MS - 2 * DAY_MS, DESIGN_PHASES, s1, 8, 0, 0);
    add_attempt(design, "abandoned", NOW_MS - DAY_MS, DESIGN_PHASES, s1, 0, 0, 0);
    add_attempt(risk, "done", NOW_MS - 3 * DAY_MS,
                "[{\"name\":\"Risks\",\"planned_ms\":600000,\"used_ms\":600000}]", found, 1, 0, 0);
    add_attempt(est, "done", NOW_MS - 4 * DAY_MS,
                "[{\"planned_ms\":120000,\"used_ms\":60000,\"correct\":true},"
                "{\"planned_ms\":120000,\"used_ms\":60000,\"correct\":false},"
                "{\"planned_ms\":120000,\"used_ms\":60000,\"correct\":true}]",
                NULL, 0, 2, 3);
    add_attempt(est, "done", NOW_MS - HOUR, "not json", NULL, 0, 1, 1);

    Stats st;
    assert_int_equal(store_stats_load(store, 0, NOW_MS, &rule, &st), ERR_OK);
    const StatsDrills *dr = &st.drills;
    assert_int_equal(dr->count, 5); /* the abandoned one is not finished */
    assert_int_equal(dr->attempts[0].kind, DECK_KIND_DESIGN);
    assert_int_equal(dr->attempts[0].scores[0], 2);
    assert_int_equal(dr->attempts[0].planned_ms, 2580000);
    assert_int_equal(dr->attempts[0].used_ms, 2400000);
    assert_true(dr->attempts[0].on_time);
    assert_int_equal(dr->attempts[1].kind, DECK_KIND_ESTIMATION);
    assert_int_equal(dr->attempts[1].correct, 2);
    assert_int_equal(dr->attempts[1].total, 3);
    assert_int_equal(dr->attempts[2].kind, DECK_KIND_RISK);
    assert_int_equal(dr->attempts[2].scores[0], 2);
    assert_int_equal(dr->attempts[2].scores[1], -1);
    assert_int_equal(dr->attempts[3].kind, DECK_KIND_DESIGN);
    assert_int_equal(dr->attempts[3].scores[3], 4);
    assert_int_equal(dr->attempts[4].planned_ms, 0); /* damaged phases: none */
    assert_false(dr->attempts[4].on_time);
    assert_int_equal(dr->phase_samples, 2);
    assert_true(fabs(dr->phase_used_ms[1] - 300000) < 1e-6);
    assert_true(fabs(dr->phase_planned_ms[3] - 720000) < 1e-6);
    assert_int_equal(dr->estimation_correct, 3);
    assert_int_equal(dr->estimation_total, 4);
    assert_int_equal(dr->recent_total, 3); /* the damaged attempt has no answers to read */
    assert_int_equal(dr->recent_correct, 2);
    stats_free(&st);
}

/* Fills the log with n rows for `cards` cards (straight SQL: fast, not FSRS-exact). */
static void fill_log(int64_t deck, int cards, int n)
{
    for (int i = 0; i < cards; i++) {
        char key[32];
        snprintf(key, sizeof(key), "k%d", i);
        add_card(deck, key, i % 3 ? "" : "phase/foundations");
    }
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i + 1 < %d)"
             " INSERT INTO review_log(card_id, review_ms, rating, duration_ms, state_before,"
             " stability_before, difficulty_before, due_before_ms, step_before,"
             " last_review_before_ms, state_after, stability, difficulty, elapsed_days,"
             " scheduled_days, due_ms, step_after)"
             " SELECT c.id, %lld + r.i * 600000 + c.id, 1 + (r.i * 7 + c.id) %% 4, 1000 + r.i %% 9,"
             " min(r.i * %d / %d, 3) * ((r.i + c.id) %% 2), 0, 0, 0, 0, 0, 2,"
             " 1.0 + (r.i %% 50), 5, 0, r.i %% 40, %lld + r.i * 600000 + (r.i %% 40) * 86400000, 0"
             " FROM r JOIN cards c ON c.deck_id = %lld AND c.id %% %d = r.i %% %d",
             n, (long long)(NOW_MS - 800 * DAY_MS), cards, n, (long long)(NOW_MS - 800 * DAY_MS),
             (long long)deck, cards, cards);
    exec(sql);
    exec("UPDATE card_state SET state = 2, stability = 10, difficulty = 5, scheduled_days = 10,"
         " due_ms = due_ms + 1000000 WHERE card_id % 2 = 0");
}

static void assert_stats_equal(const Stats *a, const Stats *b)
{
    assert_int_equal(a->day_count, b->day_count);
    assert_int_equal(a->first_day, b->first_day);
    assert_memory_equal(a->days, b->days, a->day_count * sizeof(*a->days));
    assert_memory_equal(a->forecast, b->forecast, sizeof(a->forecast));
    assert_memory_equal(a->young, b->young, sizeof(a->young));
    assert_memory_equal(a->mature, b->mature, sizeof(a->mature));
    assert_memory_equal(&a->cards, &b->cards, sizeof(a->cards));
    assert_memory_equal(a->buttons, b->buttons, sizeof(a->buttons));
    assert_memory_equal(a->hours, b->hours, sizeof(a->hours));
    assert_memory_equal(a->phases, b->phases, sizeof(a->phases));
    assert_int_equal(a->total_answers, b->total_answers);
    assert_int_equal(a->total_duration_ms, b->total_duration_ms);
    assert_true(a->knowledge == b->knowledge);
}

/* The figures computed with no cache (inside a transaction nothing is packed), as the
 * reference the cached loads must match exactly. */
static void load_uncached(Stats *st)
{
    exec("BEGIN");
    assert_int_equal(store_stats_load(store, 0, NOW_MS, &rule, st), ERR_OK);
    exec("ROLLBACK");
}

static void assert_load_equals(const Stats *want)
{
    Stats st;
    assert_int_equal(store_stats_load(store, 0, NOW_MS, &rule, &st), ERR_OK);
    assert_stats_equal(&st, want);
    stats_free(&st);
}

/* The chunks are whole, chained, and leave the newest rows unpacked. */
static void assert_pack_sound(void)
{
    assert_int_equal(q("SELECT count(*) FROM review_pack WHERE n != %d OR length(rows) != n * %d",
                       STATS_PACK_ROWS, STATS_PACK_RECORD_BYTES),
                     0);
    assert_int_equal(q("SELECT count(*) FROM review_pack p WHERE p.n != (SELECT count(*) FROM"
                       " review_log r WHERE r.id BETWEEN p.first_id AND p.last_id)"),
                     0);
    assert_true(q("SELECT count(*) FROM review_log WHERE id > (SELECT coalesce(max(last_id), 0)"
                  " FROM review_pack)") >= STATS_PACK_KEEP);
}

/* A large log, read with no cache, a full one and a partial one, on a file (and inside a
 * transaction, which reads alone and writes nothing): the figures are the same. */
static void test_store_large_log_cached(void **state)
{
    (void)state;
    int64_t deck = add_deck("big");
    fill_log(deck, 500, 120000);
    assert_int_equal(q("SELECT count(*) FROM review_log"), 120000);
    Stats ref;
    load_uncached(&ref);
    assert_int_equal(ref.total_answers, 120000);
    assert_int_equal(q("SELECT count(*) FROM review_pack"), 0);
    int64_t chunks = (120000 - STATS_PACK_KEEP) / STATS_PACK_ROWS;
    assert_load_equals(&ref); /* packs */
    assert_int_equal(q("SELECT count(*) FROM review_pack"), chunks);
    assert_pack_sound();
    assert_load_equals(&ref); /* reads the chunks */
    assert_int_equal(q("SELECT count(*) FROM review_pack"), chunks);
    /* partial: the newer half of the chunks gone */
    exec("DELETE FROM review_pack WHERE first_id >= (SELECT first_id FROM review_pack"
         " ORDER BY first_id LIMIT 1 OFFSET 14)");
    Stats part;
    load_uncached(&part);
    assert_stats_equal(&part, &ref);
    stats_free(&part);
    assert_int_equal(q("SELECT count(*) FROM review_pack"), 14);
    assert_load_equals(&ref); /* packs the rest again */
    assert_int_equal(q("SELECT count(*) FROM review_pack"), chunks);
    assert_pack_sound();
    /* one deck of a large log */
    int64_t other = add_deck("other");
    int64_t lone = add_card(other, "lone", "");
    answer(lone, 3, NOW_MS - HOUR);
    Stats st;
    assert_int_equal(store_stats_load(store, other, NOW_MS, &rule, &st), ERR_OK);
    assert_int_equal(st.total_answers, 1);
    stats_free(&st);
    stats_free(&ref);
}

/* A chunk that does not check out is ignored, deleted and packed again. */
static void test_store_damaged_chunks(void **state)
{
    (void)state;
    int64_t deck = add_deck("big");
    fill_log(deck, 300, 40000);
    Stats ref;
    load_uncached(&ref);
    assert_load_equals(&ref);
    int64_t chunks = (40000 - STATS_PACK_KEEP) / STATS_PACK_ROWS;
    assert_int_equal(q("SELECT count(*) FROM review_pack"), chunks);
    static const char *const DAMAGE[] = {
        "rows = substr(rows, 1, 100)", /* wrong length */
        "rows = rows || x'00'",        "n = n - 1",
        "first_id = first_id + 1", /* ids that do not line up */
        "last_id = last_id + 100000",
    };
    for (size_t i = 0; i < ARRAY_LEN(DAMAGE); i++) {
        int64_t victim = q("SELECT first_id FROM review_pack ORDER BY first_id LIMIT 1 OFFSET 3");
        char sql[256];
        snprintf(sql, sizeof(sql), "UPDATE review_pack SET %s WHERE first_id = %lld", DAMAGE[i],
                 (long long)victim);
        exec(sql);
        Stats st;
        load_uncached(&st); /* ignored, but a caller's transaction is not written to */
        assert_stats_equal(&st, &ref);
        stats_free(&st);
        assert_load_equals(&ref); /* ignored, deleted and packed again */
        assert_int_equal(q("SELECT count(*) FROM review_pack"), chunks);
        assert_pack_sound();
    }
    stats_free(&ref);
}

/* An undo of a packed row drops its chunk (and only the chunks at or after it); the
 * figures follow the log. */
static void test_store_undo_drops_chunk(void **state)
{
    (void)state;
    int64_t deck = add_deck("big");
    fill_log(deck, 300, 2 * STATS_PACK_ROWS - 1);
    int64_t u = add_card(deck, "u", "");
    answer(u, 1, NOW_MS - 2 * HOUR);
    int64_t last = q("SELECT max(id) FROM review_log");
    assert_int_equal(last, 2 * STATS_PACK_ROWS);
    /* newer rows, so that the answer gets packed */
    exec("INSERT INTO review_log(card_id, review_ms, rating, duration_ms, state_before,"
         " stability_before, difficulty_before, due_before_ms, step_before,"
         " last_review_before_ms, state_after, stability, difficulty, elapsed_days,"
         " scheduled_days, due_ms, step_after) SELECT card_id, review_ms, rating, duration_ms,"
         " state_before, stability_before, difficulty_before, due_before_ms, step_before,"
         " last_review_before_ms, state_after, stability, difficulty, elapsed_days,"
         " scheduled_days, due_ms, step_after FROM review_log WHERE id <= 4200");
    Stats st;
    assert_int_equal(store_stats_load(store, 0, NOW_MS, &rule, &st), ERR_OK);
    stats_free(&st);
    assert_int_equal(q("SELECT count(*) FROM review_pack"), 2);
    assert_int_equal(q("SELECT max(last_id) FROM review_pack"), last);
    /* removing rows after the packed ones leaves the chunks alone */
    char sql[128];
    snprintf(sql, sizeof(sql), "DELETE FROM review_log WHERE id > %lld", (long long)last);
    exec(sql);
    assert_int_equal(q("SELECT count(*) FROM review_pack"), 2);
    Stats ref;
    load_uncached(&ref);
    assert_load_equals(&ref);
    assert_int_equal(ref.total_answers, last);
    /* the undo deletes the last row, which the newer chunk holds */
    int64_t card = 0;
    assert_int_equal(store_study_undo(store, &card), ERR_OK);
    assert_int_equal(card, u);
    assert_int_equal(q("SELECT count(*) FROM review_pack"), 1);
    assert_int_equal(q("SELECT max(last_id) FROM review_pack"), STATS_PACK_ROWS);
    stats_free(&ref);
    load_uncached(&ref);
    assert_int_equal(ref.total_answers, last - 1);
    assert_load_equals(&ref);
    assert_int_equal(q("SELECT count(*) FROM review_pack"), 1); /* 4095 rows after it: kept */
    /* a new answer takes the freed id; the figures still follow the log */
    answer(u, 3, NOW_MS - HOUR);
    stats_free(&ref);
    load_uncached(&ref);
    assert_int_equal(ref.total_answers, last);
    assert_load_equals(&ref);
    /* a row put back below the packed boundary drops the chunks it would make stale */
    exec("DELETE FROM review_log WHERE id = 100");
    assert_int_equal(q("SELECT count(*) FROM review_pack"), 0);
    stats_free(&ref);
    load_uncached(&ref);
    assert_int_equal(ref.total_answers, last - 1);
    assert_load_equals(&ref); /* fewer rows than a chunk beside the newest: nothing packed */
    assert_int_equal(q("SELECT count(*) FROM review_pack"), 0);
    stats_free(&ref);
}

/* A collection from schema version 5 keeps its log and gets its cache on the first load. */
static void test_store_cache_after_migration(void **state)
{
    (void)state;
    char *path = xstrdup(store_path(store));
    store_close(store);
    unlink(path);
    ErrInfo err;
    assert_int_equal(store_open_at_version(path, 5, &store, &err), ERR_OK);
    int64_t deck = add_deck("old");
    fill_log(deck, 200, 30000);
    store_close(store);
    assert_int_equal(store_open(path, &store, &err), ERR_OK);
    assert_int_equal(store_schema_version(store), STORE_SCHEMA_VERSION);
    assert_int_equal(q("SELECT count(*) FROM review_log"), 30000);
    assert_int_equal(q("SELECT count(*) FROM review_pack"), 0);
    Stats ref;
    load_uncached(&ref);
    assert_int_equal(ref.total_answers, 30000);
    assert_load_equals(&ref);
    assert_int_equal(q("SELECT count(*) FROM review_pack"),
                     (30000 - STATS_PACK_KEEP) / STATS_PACK_ROWS);
    assert_pack_sound();
    assert_load_equals(&ref);
    stats_free(&ref);
    free(path);
}

/* ---- the command line -------------------------------------------------------------- */

typedef CliRun Run;

static Run run(const char *first, ...)
{
    CliEnv env = {.data_root = ARCHDRILL_TEST_DIR "/fixtures/root", .now_ms = NOW_MS};
    va_list ap;
    va_start(ap, first);
    Run r = cli_run_v(env, NULL, first, ap);
    va_end(ap);
    return r;
}

/* Answers every card of the synced collection in `data` twice: Easy three days ago (so
 * they are review cards), then today, the first card Again and the others Good. */
static void study_collection(const char *data)
{
    Run r = run("--data-dir", data, "decks", NULL); /* creates and syncs it */
    assert_int_equal(r.status, 0);
    cli_run_free(&r);
    char *db = path_join(data, "archdrill.db");
    Store *s;
    ErrInfo err;
    assert_int_equal(store_open(db, &s, &err), ERR_OK);
    free(db);
    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(store_study_card_ids(s, 0, &ids, &n), ERR_OK);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(store_study_answer(s, ids[i], 4, NOW_MS - 3 * DAY_MS + (int64_t)i * 1000,
                                            2500, &rule, NULL),
                         ERR_OK);
        assert_int_equal(store_study_answer(s, ids[i], i ? 3 : 1, NOW_MS - HOUR, 1500, &rule, NULL),
                         ERR_OK);
    }
    free(ids);
    store_close(s);
}

static void test_cli_export_log_csv(void **state)
{
    (void)state;
    char *data = path_join(dir, "data");
    char *csv = path_join(dir, "log.csv");
    study_collection(data);
    Run r = run("--data-dir", data, "export-log", "--csv", "-o", csv, NULL);
    assert_int_equal(r.status, 0);
    cli_run_free(&r);
    char *text = read_file(csv, NULL);
    assert_true(strncmp(text, CMD_STATS_CSV_HEADER "\n", strlen(CMD_STATS_CSV_HEADER) + 1) == 0);
    assert_string_equal(CMD_STATS_CSV_HEADER,
                        "card_id,review_time,review_rating,review_state,review_duration");
    /* the rows in the order they were written: first answers (state 0), then reviews */
    char *line = strchr(text, '\n') + 1;
    long long card, time_ms;
    int rating, st, rows = 0, firsts = 0, fails = 0;
    long long dur;
    while (*line) {
        assert_int_equal(sscanf(line, "%lld,%lld,%d,%d,%lld", &card, &time_ms, &rating, &st, &dur),
                         5);
        assert_true(card > 0);
        if (time_ms < NOW_MS - 2 * DAY_MS) {
            assert_int_equal(st, 0);
            assert_int_equal(rating, 4);
            assert_int_equal(dur, 2500);
            firsts++;
        } else {
            assert_int_equal(time_ms, NOW_MS - HOUR);
            assert_int_equal(dur, 1500);
            fails += rating == 1;
        }
        rows++;
        line = strchr(line, '\n') + 1;
    }
    assert_int_equal(rows, 2 * firsts);
    assert_int_equal(fails, 1);
    free(text);

    r = run("--data-dir", data, "export-log", "--csv", "-o", "-", NULL);
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, CMD_STATS_CSV_HEADER "\n", strlen(CMD_STATS_CSV_HEADER) + 1) == 0);
    cli_run_free(&r);
    r = run("--data-dir", data, "export-log", "-o", csv, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--csv"));
    cli_run_free(&r);
    r = run("--data-dir", data, "export-log", "--csv", NULL);
    assert_int_equal(r.status, 2);
    cli_run_free(&r);
    r = run("--data-dir", data, "export-log", "--csv", "-o", csv, "--deck", "nope", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no deck 'nope'"));
    cli_run_free(&r);
    free(data);
    free(csv);
}

static void test_cli_stats_json(void **state)
{
    (void)state;
    char *data = path_join(dir, "data");
    study_collection(data);
    Run r = run("--data-dir", data, "stats", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *o = cJSON_Parse(r.out);
    assert_non_null(o);
    static const char *const KEYS[] = {"streak", "habit_strength", "retention", "forecast",
                                       "xp",     "rank",           "readiness", "goal",
                                       "cards",  "heatmap",        "reviews",   "drills"};
    for (size_t i = 0; i < ARRAY_LEN(KEYS); i++)
        if (!cJSON_GetObjectItemCaseSensitive(o, KEYS[i]))
            fail_msg("no \"%s\" in %s", KEYS[i], r.out);
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "streak")));
    double habit = cJSON_GetObjectItem(o, "habit_strength")->valuedouble;
    assert_true(habit > 0 && habit < 1);
    cJSON *xp = cJSON_GetObjectItem(o, "xp");
    assert_true(cJSON_GetObjectItem(xp, "total")->valuedouble > 0);
    cJSON *rank = cJSON_GetObjectItem(o, "rank");
    assert_string_equal(cJSON_GetObjectItem(rank, "name")->valuestring, "Senior Developer");
    assert_string_equal(cJSON_GetObjectItem(rank, "next")->valuestring, "Tech Lead");
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(rank, "missing")) > 0);
    cJSON *ready = cJSON_GetObjectItem(o, "readiness");
    assert_int_equal(cJSON_GetArraySize(ready), GAME_READINESS_ITEMS);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(ready, 0), "ready")));
    assert_non_null(cJSON_GetObjectItem(cJSON_GetArrayItem(ready, 2), "evidence")->valuestring);
    cJSON *ret = cJSON_GetObjectItem(o, "retention");
    cJSON *young_today = cJSON_GetObjectItem(cJSON_GetObjectItem(ret, "young"), "today");
    /* today every card was a young review; the first one failed */
    double passed = cJSON_GetObjectItem(young_today, "passed")->valuedouble;
    double failed = cJSON_GetObjectItem(young_today, "failed")->valuedouble;
    assert_true(failed == 1 && passed >= 1);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(ret, "mature"), "today"), "rate")));
    cJSON *fc = cJSON_GetObjectItem(o, "forecast");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(fc, "days_30")), 30);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(fc, "days_90")), 90);
    cJSON *heat = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "heatmap"), "answers");
    assert_int_equal(cJSON_GetArraySize(heat), STATS_YEAR_DAYS);
    int cards = (int)(passed + failed);
    assert_int_equal(cJSON_GetArrayItem(heat, STATS_YEAR_DAYS - 1)->valueint, cards);
    assert_int_equal(cJSON_GetArrayItem(heat, STATS_YEAR_DAYS - 4)->valueint, cards);
    cJSON_Delete(o);
    cli_run_free(&r);

    r = run("--data-dir", data, "stats", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Streak: "));
    assert_non_null(strstr(r.out, "Rank: Senior Developer"));
    assert_non_null(strstr(r.out, "You are ready when you can:"));
    cli_run_free(&r);
    r = run("--data-dir", data, "stats", "--yaml", NULL);
    assert_int_equal(r.status, 2);
    cli_run_free(&r);
    r = run("--data-dir", data, "stats", "--deck", "nope", NULL);
    assert_int_equal(r.status, 1);
    cli_run_free(&r);
    free(data);
}

/* `archdrill bench stats` on a small generated collection, large enough for the log to be
 * packed: it reads every row it generated and reports its times. */
static void test_bench_stats(void **state)
{
    (void)state;
    char a0[] = "--cards", a1[] = "2000", a2[] = "--reviews", a3[] = "70000", a4[] = "--runs",
         a5[] = "2", b1[] = "0";
    char *args[] = {a0, a1, a2, a3, a4, a5};
    FILE *out = tmpfile(), *err = tmpfile();
    StatsBenchResult res;
    memset(&res, 0, sizeof(res));
    assert_int_equal(bench_stats_main(args, 6, NOW_MS, 0, out, err, &res), 0);
    assert_int_equal(res.reviews, 70000);
    assert_true(res.cards >= 2000);
    assert_true(res.best_ms > 0 && res.best_ms <= res.median_ms);
    char *text = slurp(out);
    assert_non_null(strstr(text, "stats of 70000 review-log rows"));
    assert_non_null(strstr(text, "first run"));
    assert_non_null(strstr(text, "packed: 65536 rows in 16 chunks"));
    free(text);
    free(slurp(err));
    char *bad[] = {a4, b1};
    out = tmpfile(), err = tmpfile();
    assert_int_equal(bench_stats_main(bad, 2, NOW_MS, 0, out, err, NULL), 2);
    text = slurp(err);
    assert_non_null(strstr(text, "usage: archdrill bench stats"));
    free(text);
    free(slurp(out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_by_kind_and_due_work),
        cmocka_unit_test(test_true_retention_first_answer_of_the_day),
        cmocka_unit_test(test_forecast_cards_and_distributions),
        cmocka_unit_test(test_buttons_hours_and_knowledge),
        cmocka_unit_test(test_local_days_and_hours),
        cmocka_unit_test(test_buckets_and_tags),
        cmocka_unit_test(test_drill_figures),
        cmocka_unit_test_setup_teardown(test_store_scope_and_exclusions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_empty_collection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_drill_attempts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_large_log_cached, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_damaged_chunks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_undo_drops_chunk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_cache_after_migration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_export_log_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_stats_json, setup, teardown),
        cmocka_unit_test(test_bench_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
