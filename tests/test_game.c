/*
 * test_game.c: the game layer (core/game) as tables: the status of a day, the streak and
 * habit strength over day sequences, XP (knowledge gained, never the number of reviews;
 * rubric improvements; drills on time), roadmap phases held, qualifying attempts, the rank
 * ladder with what the next rank needs, the readiness checklist and today's goal.
 */
#include "test_support.h"

#include "core/game.h"
#include "core/stats.h"
#include "core/store.h"

#include <math.h>

#define TODAY  20000LL
#define HOUR   3600000LL
#define NOW_MS (TODAY * DAY_MS + 12 * HOUR)

/* ---- days and streaks -------------------------------------------------------------- */

/* A day from a letter: F nothing due, nothing done; S nothing due, studied anyway; D due
 * work done; L due work left but the review limit reached; M due work left (missed, or
 * pending when it is today). */
static StatsDay day_of_letter(char c, int32_t limit)
{
    StatsDay d;
    memset(&d, 0, sizeof(d));
    switch (c) {
    case 'S':
        d.answers[STATS_LEARN] = 3;
        break;
    case 'D':
        d.due = 5;
        d.answers[STATS_YOUNG] = 5;
        break;
    case 'L':
        d.due = limit + 30;
        d.missed = 30;
        d.answers[STATS_YOUNG] = limit / 2;
        d.answers[STATS_MATURE] = limit - limit / 2;
        break;
    case 'M':
        d.due = 4;
        d.missed = 3;
        d.answers[STATS_YOUNG] = 1;
        d.answers[STATS_LEARN] = 40; /* new cards do not clear due work */
        break;
    default:
        break;
    }
    return d;
}

static void test_day_status(void **state)
{
    (void)state;
    static const struct {
        char letter;
        bool today;
        GameDay want;
    } cases[] = {
        {'F', false, GAME_DAY_FREE},   {'F', true, GAME_DAY_FREE},    {'S', false, GAME_DAY_DONE},
        {'D', false, GAME_DAY_DONE},   {'D', true, GAME_DAY_DONE},    {'L', false, GAME_DAY_DONE},
        {'M', false, GAME_DAY_MISSED}, {'M', true, GAME_DAY_PENDING},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        StatsDay d = day_of_letter(cases[i].letter, 100);
        if (game_day(&d, 100, cases[i].today) != cases[i].want)
            fail_msg("case %zu (%c): %d", i, cases[i].letter, game_day(&d, 100, cases[i].today));
    }
    /* one review short of the limit is not enough */
    StatsDay d = day_of_letter('L', 100);
    d.answers[STATS_MATURE]--;
    assert_int_equal(game_day(&d, 100, false), GAME_DAY_MISSED);
}

static void streak_of(const char *days, GameStreak *out)
{
    size_t n = strlen(days);
    StatsDay *d = calloc(n ? n : 1, sizeof(*d));
    for (size_t i = 0; i < n; i++)
        d[i] = day_of_letter(days[i], 100);
    game_streak(d, n, 100, out);
    free(d);
}

static void test_streak_table(void **state)
{
    (void)state;
    /* the last letter is today */
    static const struct {
        const char *days;
        int32_t current, best, done, missed;
        GameDay today;
    } cases[] = {
        {"", 0, 0, 0, 0, GAME_DAY_FREE},
        {"FFFF", 0, 0, 0, 0, GAME_DAY_FREE},
        {"DDD", 3, 3, 3, 0, GAME_DAY_DONE},
        {"DDDM", 3, 3, 3, 0, GAME_DAY_PENDING},     /* today is not over */
        {"DFFDFD", 3, 3, 3, 0, GAME_DAY_DONE},      /* days with nothing due never break it */
        {"DDFFFFFFFFF", 2, 2, 2, 0, GAME_DAY_FREE}, /* a holiday with nothing due */
        {"DDMDD", 2, 2, 4, 1, GAME_DAY_DONE},
        {"DDDDMD", 1, 4, 5, 1, GAME_DAY_DONE},
        {"DDDMF", 0, 3, 3, 1, GAME_DAY_FREE},
        {"DSDLD", 5, 5, 5, 0, GAME_DAY_DONE}, /* studied anyway; a backlog over the limit */
        {"MMMM", 0, 0, 0, 3, GAME_DAY_PENDING},
        {"DDMFFFM", 0, 2, 2, 1, GAME_DAY_PENDING},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        GameStreak s;
        streak_of(cases[i].days, &s);
        if (s.current != cases[i].current || s.best != cases[i].best ||
            s.done_days != cases[i].done || s.missed_days != cases[i].missed ||
            s.today != cases[i].today)
            fail_msg("\"%s\": current %d best %d done %d missed %d today %d", cases[i].days,
                     s.current, s.best, s.done_days, s.missed_days, s.today);
    }
}

static void test_habit_strength(void **state)
{
    (void)state;
    /* h += 0.1 (x - h) over DONE (1) and MISSED (0) days; FREE and PENDING left out */
    static const struct {
        const char *days;
        double want;
    } cases[] = {
        {"", 0.0},     {"D", 0.1},      {"DD", 0.19},    {"DFD", 0.19},
        {"DMF", 0.09}, {"DDMF", 0.171}, {"DDDM", 0.271}, /* today pending: not counted */
        {"MD", 0.1},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        GameStreak s;
        streak_of(cases[i].days, &s);
        if (fabs(s.habit - cases[i].want) > 1e-12)
            fail_msg("\"%s\": habit %.15f, want %.15f", cases[i].days, s.habit, cases[i].want);
    }
    /* a long habit survives one missed day: it loses a tenth, the streak restarts */
    char days[64];
    memset(days, 'D', 60);
    days[60] = '\0';
    GameStreak before, after;
    streak_of(days, &before);
    days[58] = 'M';
    streak_of(days, &after);
    assert_true(before.habit > 0.99);
    assert_true(after.habit > 0.88);
    assert_true(after.habit < before.habit);
    assert_int_equal(after.current, 1);
    /* and comes back within a few days */
    memset(days, 'D', 60);
    days[50] = 'M';
    streak_of(days, &after);
    assert_true(after.habit > 0.95);
}

/* ---- XP ---------------------------------------------------------------------------- */

typedef struct Answer {
    int64_t day;
    int rating;
    int state_before;
    double stability;
} Answer;

/* Stats of one card answered as given (the day's answers an hour apart). */
static void one_card(const Answer *a, size_t n, Stats *st)
{
    DayRule utc = DAY_RULE_UTC;
    StatsBuilder *b = stats_builder_new(0, NOW_MS, &utc, NOW_MS - 400 * DAY_MS);
    StatsCardRow card = {7, CARD_REVIEW, NOW_MS + DAY_MS, 1, 5, 1, false, 0, 0};
    stats_builder_card(b, &card);
    for (size_t i = 0; i < n; i++) {
        StatsReviewRow r = {7,
                            a[i].day * DAY_MS + (int64_t)(i % 20 + 1) * HOUR,
                            a[i].rating,
                            1000,
                            a[i].state_before,
                            a[i].stability,
                            (int32_t)a[i].stability,
                            NOW_MS + DAY_MS};
        stats_builder_review(b, &r);
    }
    stats_builder_finish(b, NULL, 200, st);
}

static int64_t xp_of(const Answer *a, size_t n)
{
    Stats st;
    one_card(a, n, &st);
    GameXp xp;
    game_xp(&st, &xp);
    assert_int_equal(xp.total, xp.cards);
    stats_free(&st);
    return xp.total;
}

static void test_xp_is_knowledge_not_review_count(void **state)
{
    (void)state;
    /* three reviews to reach 32 days of stability, or nine with early ones, lapses and
     * relearning: five doublings either way */
    static const Answer few[] = {{TODAY - 100, 3, CARD_NEW, 2},
                                 {TODAY - 98, 3, CARD_REVIEW, 8},
                                 {TODAY - 90, 3, CARD_REVIEW, 32}};
    static const Answer many[] = {
        {TODAY - 100, 1, CARD_NEW, 0.5},   {TODAY - 100, 3, CARD_LEARNING, 1.5},
        {TODAY - 99, 3, CARD_REVIEW, 2.5}, {TODAY - 98, 3, CARD_REVIEW, 4},
        {TODAY - 97, 1, CARD_REVIEW, 1.2}, {TODAY - 97, 3, CARD_RELEARNING, 2},
        {TODAY - 96, 3, CARD_REVIEW, 5},   {TODAY - 95, 4, CARD_REVIEW, 16},
        {TODAY - 80, 3, CARD_REVIEW, 32},
    };
    int64_t xp_few = xp_of(few, ARRAY_LEN(few)), xp_many = xp_of(many, ARRAY_LEN(many));
    assert_int_equal(xp_few, 5 * GAME_XP_PER_DOUBLING);
    assert_int_equal(xp_many, xp_few);

    /* gains that do not fall on whole doublings, spread over many days or made at once */
    Answer slow[40], fast[2] = {{TODAY - 50, 3, CARD_NEW, 1.0}, {TODAY - 10, 3, CARD_REVIEW, 0}};
    double s = 1.0;
    for (int i = 0; i < 40; i++) {
        s *= 1.07; /* ~0.098 doublings a day: each day alone would round to 1 XP */
        slow[i] = (Answer){TODAY - 50 + i, 3, i ? CARD_REVIEW : CARD_NEW, s};
    }
    fast[1].stability = s;
    assert_int_equal(xp_of(slow, 40), xp_of(fast, 2));
    assert_int_equal(xp_of(fast, 2), llround(GAME_XP_PER_DOUBLING * log2(s)));

    /* failing gains nothing and loses nothing; relearning up to the old best gains nothing */
    static const Answer lapse[] = {{TODAY - 30, 3, CARD_NEW, 4},
                                   {TODAY - 20, 1, CARD_REVIEW, 1.5},
                                   {TODAY - 20, 3, CARD_RELEARNING, 2},
                                   {TODAY - 18, 3, CARD_REVIEW, 4}};
    assert_int_equal(xp_of(lapse, ARRAY_LEN(lapse)), 2 * GAME_XP_PER_DOUBLING);
    static const Answer fails[] = {{TODAY - 30, 1, CARD_NEW, 8}, {TODAY - 29, 1, CARD_LEARNING, 9}};
    assert_int_equal(xp_of(fails, ARRAY_LEN(fails)), 0);
}

static void test_xp_today_and_week(void **state)
{
    (void)state;
    static const Answer a[] = {
        {TODAY - 20, 3, CARD_NEW, 2}, {TODAY - 6, 3, CARD_REVIEW, 8}, {TODAY, 3, CARD_REVIEW, 16}};
    Stats st;
    one_card(a, ARRAY_LEN(a), &st);
    GameXp xp;
    game_xp(&st, &xp);
    assert_int_equal(xp.total, 40);
    assert_int_equal(xp.today, 10);
    assert_int_equal(xp.week, 30);
    stats_free(&st);
}

static StatsAttempt attempt(DeckKind kind, bool on_time, int s0, int rest, int correct, int64_t day)
{
    StatsAttempt a;
    memset(&a, 0, sizeof(a));
    a.kind = kind;
    a.on_time = on_time;
    a.day = day;
    for (int d = 0; d < DRILL_DIMENSIONS; d++)
        a.scores[d] = kind == DECK_KIND_DESIGN ? (d ? rest : s0) : d ? -1 : s0;
    a.correct = correct;
    a.total = kind == DECK_KIND_ESTIMATION ? 5 : 0;
    return a;
}

static void test_attempt_xp_table(void **state)
{
    (void)state;
    /* rubric XP: points above the best of the earlier design attempts (from 1) */
    static const struct {
        DeckKind kind;
        bool on_time;
        int s0, rest, correct;
        int64_t xp, rubric;
    } cases[] = {
        /* first design: every dimension from 1 to 2 (8 x 1 point) and not on time */
        {DECK_KIND_DESIGN, false, 2, 2, 0, 8 * 20, 8 * 20},
        /* the same again: no improvement, on time */
        {DECK_KIND_DESIGN, true, 2, 2, 0, 50, 0},
        /* dimension 0 up to 4 (2 points), the others down: nothing for them */
        {DECK_KIND_DESIGN, true, 4, 1, 0, 50 + 40, 40},
        /* the others up to 3 (7 x 1 point) */
        {DECK_KIND_DESIGN, false, 4, 3, 0, 7 * 20, 7 * 20},
        {DECK_KIND_RISK, true, 3, 0, 0, 30, 0},
        {DECK_KIND_RISK, false, 3, 0, 0, 0, 0},
        {DECK_KIND_RISK, true, 0, 0, 0, 0, 0},
        {DECK_KIND_ADR, true, 3, 0, 0, 30, 0},
        {DECK_KIND_ADR, true, 2, 0, 0, 0, 0},
        {DECK_KIND_ADR, false, 4, 0, 0, 0, 0},
        {DECK_KIND_ESTIMATION, false, 0, 0, 4, 20, 0},
        {DECK_KIND_ESTIMATION, true, 0, 0, 0, 0, 0},
    };
    int best[DRILL_DIMENSIONS];
    for (int d = 0; d < DRILL_DIMENSIONS; d++)
        best[d] = 1;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        StatsAttempt a = attempt(cases[i].kind, cases[i].on_time, cases[i].s0, cases[i].rest,
                                 cases[i].correct, 0);
        int64_t rubric = -1;
        int64_t xp = game_attempt_xp(&a, best, &rubric);
        if (xp != cases[i].xp || rubric != cases[i].rubric)
            fail_msg("case %zu: xp %lld rubric %lld", i, (long long)xp, (long long)rubric);
    }
    assert_int_equal(best[0], 4);
    assert_int_equal(best[1], 3);
    StatsAttempt a = attempt(DECK_KIND_DESIGN, true, 4, 4, 0, 0);
    assert_int_equal(game_attempt_xp(&a, best, NULL), 50 + 7 * 20);
}

static void test_xp_from_drills_in_stats(void **state)
{
    (void)state;
    Stats st;
    one_card(NULL, 0, &st);
    StatsAttempt list[] = {
        attempt(DECK_KIND_DESIGN, true, 3, 3, 0, TODAY - 10),    /* 8 x 2 x 20 + 50 */
        attempt(DECK_KIND_ESTIMATION, true, 0, 0, 3, TODAY - 3), /* 15 */
        attempt(DECK_KIND_RISK, true, 2, 0, 0, TODAY),           /* 20 */
    };
    st.drills.attempts = malloc(sizeof(list));
    memcpy(st.drills.attempts, list, sizeof(list));
    st.drills.count = ARRAY_LEN(list);
    GameXp xp;
    game_xp(&st, &xp);
    assert_int_equal(xp.cards, 0);
    assert_int_equal(xp.rubric, 320);
    assert_int_equal(xp.drills, 50 + 15 + 20);
    assert_int_equal(xp.total, 320 + 85);
    assert_int_equal(xp.today, 20);
    assert_int_equal(xp.week, 35);
    stats_free(&st);
}

/* ---- evidence, ranks, readiness ---------------------------------------------------- */

static void test_phase_held_table(void **state)
{
    (void)state;
    static const struct {
        int32_t cards, mature;
        int64_t passed, failed;
        bool held;
    } cases[] = {
        {0, 0, 0, 0, false},   {10, 4, 9, 0, false},   /* under half mature */
        {10, 5, 5, 0, true},   {10, 5, 4, 0, false},   /* 4 answers for 5 mature cards */
        {40, 30, 17, 3, true}, {40, 30, 16, 4, false}, /* 85% vs 80% */
        {40, 30, 9, 0, false}, {40, 30, 10, 0, true},  /* 10 answers at most are needed */
        {2, 1, 1, 0, true},    {40, 20, 0, 0, false},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        StatsPhase p = {cases[i].cards, cases[i].mature, {cases[i].passed, cases[i].failed}};
        if (game_phase_held(&p) != cases[i].held)
            fail_msg("case %zu: held %d", i, game_phase_held(&p));
    }
}

static void test_attempt_qualifies_table(void **state)
{
    (void)state;
    static const struct {
        DeckKind kind;
        bool on_time;
        int s0, rest;
        bool ok;
    } cases[] = {
        {DECK_KIND_DESIGN, true, 3, 3, true},      {DECK_KIND_DESIGN, true, 4, 3, true},
        {DECK_KIND_DESIGN, false, 4, 4, false},    {DECK_KIND_DESIGN, true, 2, 4, false},
        {DECK_KIND_DESIGN, true, 4, 2, false},     {DECK_KIND_RISK, false, 2, 0, true},
        {DECK_KIND_RISK, true, 1, 0, false},       {DECK_KIND_ADR, true, 3, 0, true},
        {DECK_KIND_ADR, false, 4, 0, false},       {DECK_KIND_ADR, true, 2, 0, false},
        {DECK_KIND_ESTIMATION, true, 4, 4, false},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        StatsAttempt a = attempt(cases[i].kind, cases[i].on_time, cases[i].s0, cases[i].rest, 0, 0);
        if (game_attempt_qualifies(&a) != cases[i].ok)
            fail_msg("case %zu", i);
    }
}

/* Evidence meeting a rank's rule exactly. */
static GameEvidence evidence_for(GameRank rank)
{
    GameEvidence ev;
    memset(&ev, 0, sizeof(ev));
    const GameRankRule *r = &GAME_RANK_RULES[rank];
    for (int i = 0; i < STATS_ROADMAP_PHASES; i++) {
        ev.phases[i] = (StatsPhase){40, 10, {3, 7}};
        if (i < r->phases) {
            ev.phases[i] = (StatsPhase){40, 25, {19, 1}};
            ev.phase_held[i] = true;
        }
    }
    ev.phases_held = r->phases;
    ev.design_qualifying = ev.design_attempts = r->design;
    ev.risk_qualifying = ev.risk_attempts = r->risk;
    ev.adr_qualifying = ev.adr_attempts = r->adr;
    ev.estimation_total = 20;
    ev.estimation_correct = r->estimation ? 16 : 10;
    ev.estimation_ok = r->estimation;
    return ev;
}

static void test_rank_ladder(void **state)
{
    (void)state;
    assert_string_equal(game_rank_name(GAME_SENIOR_DEVELOPER), "Senior Developer");
    assert_string_equal(game_rank_name(GAME_TECH_LEAD), "Tech Lead");
    assert_string_equal(game_rank_name(GAME_STAFF_ENGINEER), "Staff Engineer");
    assert_string_equal(game_rank_name(GAME_PRINCIPAL_ENGINEER), "Principal Engineer");
    assert_string_equal(game_rank_name(GAME_ARCHITECT), "Architect");
    assert_string_equal(game_rank_name(GAME_RANKS), "?");
    /* the rules grow with the rank */
    for (int r = 1; r < GAME_RANKS; r++) {
        const GameRankRule *a = &GAME_RANK_RULES[r - 1], *b = &GAME_RANK_RULES[r];
        assert_true(b->phases >= a->phases && b->design >= a->design && b->risk >= a->risk &&
                    b->adr >= a->adr && (b->estimation || !a->estimation));
    }
    for (int r = 0; r < GAME_RANKS; r++) {
        GameEvidence ev = evidence_for((GameRank)r);
        assert_int_equal(game_rank(&ev), r);
        char lines[8][GAME_TEXT_CAP];
        assert_int_equal(game_rank_missing((GameRank)r, &ev, lines, 8), 0);
        if (r + 1 < GAME_RANKS)
            assert_true(game_rank_missing((GameRank)(r + 1), &ev, lines, 8) > 0);
    }
    /* one item short of a rank drops to the rank below */
    static const struct {
        GameRank rank;
        char what; /* p phase, d design, e estimation, r risk, a adr */
    } short_of[] = {
        {GAME_TECH_LEAD, 'p'},          {GAME_TECH_LEAD, 'd'},      {GAME_STAFF_ENGINEER, 'e'},
        {GAME_STAFF_ENGINEER, 'r'},     {GAME_STAFF_ENGINEER, 'p'}, {GAME_PRINCIPAL_ENGINEER, 'a'},
        {GAME_PRINCIPAL_ENGINEER, 'd'}, {GAME_ARCHITECT, 'r'},      {GAME_ARCHITECT, 'p'},
        {GAME_ARCHITECT, 'a'},
    };
    for (size_t i = 0; i < ARRAY_LEN(short_of); i++) {
        GameEvidence ev = evidence_for(short_of[i].rank);
        const char *needle = NULL;
        switch (short_of[i].what) {
        case 'p':
            ev.phases_held--;
            ev.phase_held[ev.phases_held] = false;
            ev.phases[ev.phases_held].retention = (StatsPassFail){15, 5};
            needle = "mature retention 75% on 20 answers";
            break;
        case 'd':
            ev.design_qualifying--;
            needle = "design drills";
            break;
        case 'e':
            ev.estimation_ok = false;
            ev.estimation_correct = 15;
            needle = "15 of 20 correct";
            break;
        case 'r':
            ev.risk_qualifying--;
            needle = "risk reviews";
            break;
        default:
            ev.adr_qualifying--;
            needle = "ADRs";
            break;
        }
        assert_int_equal(game_rank(&ev), short_of[i].rank - 1);
        char lines[8][GAME_TEXT_CAP];
        size_t n = game_rank_missing(short_of[i].rank, &ev, lines, 8);
        assert_int_equal(n, 1);
        if (!strstr(lines[0], needle))
            fail_msg("case %zu: \"%s\" has no \"%s\"", i, lines[0], needle);
    }
    /* the cap on lines */
    GameEvidence ev = evidence_for(GAME_SENIOR_DEVELOPER);
    char lines[2][GAME_TEXT_CAP];
    assert_int_equal(game_rank_missing(GAME_ARCHITECT, &ev, lines, 2), 2);
    assert_non_null(strstr(lines[0], "Hold Foundations: 10 of 40 cards mature (need 20)"));
    /* a phase no card is tagged with says so */
    ev.phases[0] = (StatsPhase){0, 0, {0, 0}};
    assert_int_equal(game_rank_missing(GAME_TECH_LEAD, &ev, lines, 2), 2);
    assert_string_equal(lines[0], "Hold Foundations: no cards are tagged phase/foundations yet");
}

static void test_evidence_from_attempts(void **state)
{
    (void)state;
    Stats st;
    one_card(NULL, 0, &st);
    StatsAttempt list[] = {
        attempt(DECK_KIND_DESIGN, true, 3, 3, 0, 1), attempt(DECK_KIND_DESIGN, false, 4, 4, 0, 2),
        attempt(DECK_KIND_RISK, false, 3, 0, 0, 3),  attempt(DECK_KIND_DESIGN, true, 4, 3, 0, 4),
        attempt(DECK_KIND_DESIGN, true, 2, 3, 0, 5), attempt(DECK_KIND_ADR, true, 3, 0, 0, 6),
    };
    st.drills.attempts = malloc(sizeof(list));
    memcpy(st.drills.attempts, list, sizeof(list));
    st.drills.count = ARRAY_LEN(list);
    st.drills.recent_correct = 16;
    st.drills.recent_total = 20;
    st.phases[0] = (StatsPhase){10, 6, {9, 1}};
    GameEvidence ev;
    game_evidence(&st, &ev);
    assert_int_equal(ev.design_attempts, 4);
    assert_int_equal(ev.design_qualifying, 2);
    assert_int_equal(ev.design_recent, 3); /* the last three: 2 (late), 4, 5 (a 2) */
    assert_int_equal(ev.design_recent_qualifying, 1);
    assert_int_equal(ev.risk_qualifying, 1);
    assert_int_equal(ev.adr_recent_qualifying, 1);
    assert_true(ev.estimation_ok);
    assert_int_equal(ev.phases_held, 1);
    assert_int_equal(game_rank(&ev), GAME_TECH_LEAD);
    Game g;
    st.review_limit = 200;
    game_compute(&st, &g);
    assert_int_equal(g.rank, GAME_TECH_LEAD);
    assert_true(g.readiness[2].ready);
    assert_false(g.readiness[0].ready);
    /* the phases count in roadmap order: the second held without the first is none */
    st.phases[1] = st.phases[0];
    st.phases[0].retention = (StatsPassFail){5, 5};
    game_evidence(&st, &ev);
    assert_false(ev.phase_held[0]);
    assert_true(ev.phase_held[1]);
    assert_int_equal(ev.phases_held, 0);
    assert_int_equal(game_rank(&ev), GAME_SENIOR_DEVELOPER);
    stats_free(&st);
}

static void test_readiness_items(void **state)
{
    (void)state;
    GameEvidence ev;
    memset(&ev, 0, sizeof(ev));
    GameReadiness r[GAME_READINESS_ITEMS];
    game_readiness(&ev, r);
    assert_string_equal(r[0].item, "Design a system for 10M+ users end to end in 45 minutes");
    assert_string_equal(r[1].item, "Identify the top 3 risks in someone else's design");
    assert_string_equal(r[2].item, "Estimate cost and capacity within 20%");
    assert_string_equal(r[3].item, "Write a design decision (ADR) a team can act on");
    for (int i = 0; i < GAME_READINESS_ITEMS; i++)
        assert_false(r[i].ready);
    assert_string_equal(r[0].evidence, "no design drill finished yet");
    assert_string_equal(r[2].evidence, "no estimation answers yet");

    static const struct {
        int32_t recent, good;
        bool ready;
        const char *evidence;
    } design[] = {
        {1, 1, false, "1 of the last 1 design drill: on time, 3+ in every dimension (need 2 of 3)"},
        {2, 2, true, "2 of the last 2 design drills: on time, 3+ in every dimension (need 2 of 3)"},
        {3, 1, false,
         "1 of the last 3 design drills: on time, 3+ in every dimension (need 2 of 3)"},
        {3, 3, true, "3 of the last 3 design drills: on time, 3+ in every dimension (need 2 of 3)"},
    };
    for (size_t i = 0; i < ARRAY_LEN(design); i++) {
        ev.design_recent = design[i].recent;
        ev.design_recent_qualifying = design[i].good;
        game_readiness(&ev, r);
        assert_int_equal(r[0].ready, design[i].ready);
        assert_string_equal(r[0].evidence, design[i].evidence);
    }
    ev.risk_recent = 3;
    ev.risk_recent_qualifying = 2;
    ev.adr_recent = 2;
    ev.adr_recent_qualifying = 1;
    ev.estimation_correct = 17;
    ev.estimation_total = 20;
    ev.estimation_ok = true;
    game_readiness(&ev, r);
    assert_true(r[1].ready);
    assert_string_equal(r[1].evidence,
                        "2 of the last 3 risk reviews: 2+ of the top 3 risks found (need 2 of 3)");
    assert_true(r[2].ready);
    assert_string_equal(r[2].evidence, "17 of the last 20 answers within 20% (need 80% of 20)");
    assert_false(r[3].ready);
}

static void test_goal(void **state)
{
    (void)state;
    Stats st;
    memset(&st, 0, sizeof(st));
    st.queue = (StatsToday){.learning_left = 2, .reviews_left = 0, .new_left = 0, .answered = 7};
    GameGoal g;
    game_goal(&st, &g);
    assert_false(g.done);
    assert_int_equal(g.learning_left, 2);
    assert_int_equal(g.answered, 7);
    st.queue.learning_left = 0;
    game_goal(&st, &g);
    assert_true(g.done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_status),
        cmocka_unit_test(test_streak_table),
        cmocka_unit_test(test_habit_strength),
        cmocka_unit_test(test_xp_is_knowledge_not_review_count),
        cmocka_unit_test(test_xp_today_and_week),
        cmocka_unit_test(test_attempt_xp_table),
        cmocka_unit_test(test_xp_from_drills_in_stats),
        cmocka_unit_test(test_phase_held_table),
        cmocka_unit_test(test_attempt_qualifies_table),
        cmocka_unit_test(test_rank_ladder),
        cmocka_unit_test(test_evidence_from_attempts),
        cmocka_unit_test(test_readiness_items),
        cmocka_unit_test(test_goal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
