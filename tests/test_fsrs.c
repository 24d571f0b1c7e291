/*
 * test_fsrs.c: unit tests of core/fsrs. Expected values come from ts-fsrs 5.4.2 (the
 * reference the scheduler copies) and from ../shared/fsrs/SPEC.md: initial S/D, the
 * worked review example, retrievability, intervals and their ordering, learning steps,
 * fuzz, weight migration and clipping, step parsing, interval labels and input rejection.
 * The full conformance replay lives in test_fsrs_vectors.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/fsrs.h"

#include <math.h>
#include <string.h>

#define EPS 1e-8
/* 2024-01-01T10:00:00Z */
#define T0     1704103200000LL
#define MIN_MS 60000LL
#define DAY_MS FSRS_DAY_MS

static void assert_near(double got, double want, const char *what)
{
    if (!(fabs(got - want) <= EPS))
        fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

/* Field by field: struct padding is not part of the value. */
static void assert_card_equal(const FsrsCard *a, const FsrsCard *b)
{
    assert_int_equal(a->state, b->state);
    assert_true(a->stability == b->stability);
    assert_true(a->difficulty == b->difficulty);
    assert_int_equal(a->due_ms, b->due_ms);
    assert_int_equal(a->last_review_ms, b->last_review_ms);
    assert_int_equal(a->elapsed_days, b->elapsed_days);
    assert_int_equal(a->scheduled_days, b->scheduled_days);
    assert_int_equal(a->learning_steps, b->learning_steps);
    assert_int_equal(a->reps, b->reps);
    assert_int_equal(a->lapses, b->lapses);
}

static FsrsCard review_card(double s, double d, int64_t last_ms, int32_t reps)
{
    FsrsCard c = fsrs_card_new(last_ms);
    c.state = FSRS_STATE_REVIEW;
    c.stability = s;
    c.difficulty = d;
    c.last_review_ms = last_ms;
    c.reps = reps;
    return c;
}

static void test_defaults(void **state)
{
    (void)state;
    static const double w[21] = {0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
                                 0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
                                 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};
    FsrsParams p = fsrs_params_default();
    for (int i = 0; i < 21; i++)
        assert_true(p.w[i] == w[i]);
    assert_true(p.desired_retention == 0.9);
    assert_int_equal(p.maximum_interval_days, 36500);
    assert_int_equal(p.learning_step_count, 2);
    assert_int_equal(p.learning_steps_min[0], 1);
    assert_int_equal(p.learning_steps_min[1], 10);
    assert_int_equal(p.relearning_step_count, 1);
    assert_int_equal(p.relearning_steps_min[0], 10);
    assert_true(p.enable_short_term);
    assert_false(p.enable_fuzz);
    assert_near(p.derived.factor, 0.98034649, "factor");
    assert_near(p.derived.ivl_modifier, 1.0, "modifier");
    assert_int_equal(fsrs_params_update(&p), ERR_OK);

    FsrsCard c = fsrs_card_new(T0);
    assert_int_equal(c.state, FSRS_STATE_NEW);
    assert_true(c.stability == 0.0 && c.difficulty == 0.0);
    assert_int_equal(c.due_ms, T0);
    assert_int_equal(c.reps, 0);
    assert_int_equal(c.lapses, 0);
    assert_string_equal(fsrs_state_name(FSRS_STATE_RELEARNING), "Relearning");
    assert_string_equal(fsrs_state_name((FsrsState)7), "?");
}

/* The first rating of a new card at 10:00 (SPEC.md section 6, checked with ts-fsrs). */
static void test_first_rating(void **state)
{
    (void)state;
    static const struct {
        int rating;
        double s, d;
        FsrsState st;
        int32_t step, days;
        int64_t due_ms;
    } cases[] = {
        {1, 0.212, 6.4133, FSRS_STATE_LEARNING, 0, 0, T0 + 1 * MIN_MS},
        {2, 1.2931, 5.11217071, FSRS_STATE_LEARNING, 0, 0, T0 + 6 * MIN_MS},
        {3, 2.3065, 2.11810397, FSRS_STATE_LEARNING, 1, 0, T0 + 10 * MIN_MS},
        {4, 8.2956, 1.0, FSRS_STATE_REVIEW, 0, 8, T0 + 8 * DAY_MS},
    };
    FsrsParams p = fsrs_params_default();
    FsrsCard c = fsrs_card_new(T0);
    for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
        FsrsCard out;
        assert_int_equal(fsrs_next(&p, &c, T0, cases[k].rating, &out), ERR_OK);
        assert_near(out.stability, cases[k].s, "S0");
        assert_near(out.difficulty, cases[k].d, "D0");
        assert_int_equal(out.state, cases[k].st);
        assert_int_equal(out.learning_steps, cases[k].step);
        assert_int_equal(out.scheduled_days, cases[k].days);
        assert_int_equal(out.due_ms, cases[k].due_ms);
        assert_int_equal(out.reps, 1);
        assert_int_equal(out.lapses, 0);
        assert_int_equal(out.last_review_ms, T0);
        assert_int_equal(out.elapsed_days, 0);
    }

    /* Long-term mode: New goes straight to Review with ordered intervals (Good gets 3 d). */
    p.enable_short_term = false;
    assert_int_equal(fsrs_params_update(&p), ERR_OK);
    FsrsCard all[4];
    assert_int_equal(fsrs_next_all(&p, &c, T0, all), ERR_OK);
    static const int32_t lt_days[4] = {1, 2, 3, 8};
    for (int g = 0; g < 4; g++) {
        assert_int_equal(all[g].state, FSRS_STATE_REVIEW);
        assert_int_equal(all[g].scheduled_days, lt_days[g]);
        assert_int_equal(all[g].lapses, 0);
    }
}

/* SPEC.md section 2: S = 10, D = 5, reviewed after 10 days (R = 0.9). */
static void test_worked_review(void **state)
{
    (void)state;
    static const struct {
        double s, d;
        FsrsState st;
        int32_t days, lapses;
        int64_t due_ms;
    } want[4] = {
        {1.39198697, 8.34176237, FSRS_STATE_RELEARNING, 0, 1, T0 + 10 * DAY_MS + 10 * MIN_MS},
        {23.24687511, 6.66599536, FSRS_STATE_REVIEW, 23, 0, T0 + 33 * DAY_MS},
        {32.02672948, 4.99022837, FSRS_STATE_REVIEW, 32, 0, T0 + 42 * DAY_MS},
        {51.25386165, 3.31446137, FSRS_STATE_REVIEW, 51, 0, T0 + 61 * DAY_MS},
    };
    FsrsParams p = fsrs_params_default();
    FsrsCard c = review_card(10, 5, T0, 5);
    int64_t now = T0 + 10 * DAY_MS;
    assert_near(fsrs_retrievability(&p, &c, now), 0.9, "R(S)");
    FsrsCard all[4];
    assert_int_equal(fsrs_next_all(&p, &c, now, all), ERR_OK);
    for (int g = 0; g < 4; g++) {
        FsrsCard one;
        assert_int_equal(fsrs_next(&p, &c, now, g + 1, &one), ERR_OK);
        assert_card_equal(&one, &all[g]);
        assert_near(one.stability, want[g].s, "S");
        assert_near(one.difficulty, want[g].d, "D");
        assert_int_equal(one.state, want[g].st);
        assert_int_equal(one.scheduled_days, want[g].days);
        assert_int_equal(one.due_ms, want[g].due_ms);
        assert_int_equal(one.lapses, want[g].lapses);
        assert_int_equal(one.elapsed_days, 10);
        assert_int_equal(one.reps, 6);
    }

    /* The same review with fuzz: seed "1704967200000_6_50", checked against ts-fsrs. */
    char seed[64];
    fsrs_fuzz_seed(&c, now, seed, sizeof(seed));
    assert_string_equal(seed, "1704967200000_6_50");
    p.enable_fuzz = true;
    assert_int_equal(fsrs_next_all(&p, &c, now, all), ERR_OK);
    assert_int_equal(all[0].scheduled_days, 0);
    assert_int_equal(all[1].scheduled_days, 21);
    assert_int_equal(all[2].scheduled_days, 30);
    assert_int_equal(all[3].scheduled_days, 48);
    /* Seeded with the review time, the seeded variants are the plain ones; another seed
     * time moves only the fuzzed intervals: seed "1704967200001_6_50" gives 22, 31 and 49
     * days, as ts-fsrs does for the same review 1 ms later (still the same day). */
    FsrsCard seeded[4], moved[4];
    assert_int_equal(fsrs_next_all_seeded(&p, &c, now, now, seeded), ERR_OK);
    assert_int_equal(fsrs_next_all_seeded(&p, &c, now, now + 1, moved), ERR_OK);
    for (int g = 0; g < 4; g++) {
        assert_card_equal(&seeded[g], &all[g]);
        FsrsCard one;
        assert_int_equal(fsrs_next_seeded(&p, &c, now, now + 1, g + 1, &one), ERR_OK);
        assert_card_equal(&one, &moved[g]);
        assert_true(one.stability == all[g].stability);
        assert_true(one.difficulty == all[g].difficulty);
        assert_int_equal(one.last_review_ms, now);
        assert_int_equal(one.elapsed_days, 10);
    }
    assert_int_equal(moved[0].scheduled_days, 0);
    assert_int_equal(moved[1].scheduled_days, 22);
    assert_int_equal(moved[2].scheduled_days, 31);
    assert_int_equal(moved[3].scheduled_days, 49);
}

static void test_retrievability(void **state)
{
    (void)state;
    static const struct {
        double s;
        int days;
        double r;
    } cases[] = {
        {10, 10, 0.9},          {10, 0, 1.0},
        {0.212, 1, 0.76619573}, {2.3065, 30, 0.66752633},
        {100, 365, 0.79089699}, {1.23456789123, 3, 0.82869866},
    };
    FsrsParams p = fsrs_params_default();
    for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
        FsrsCard c = review_card(cases[k].s, 5, T0, 3);
        /* whole 24 h periods: one hour more does not change t */
        int64_t now = T0 + cases[k].days * DAY_MS + 3600000;
        assert_near(fsrs_retrievability(&p, &c, now), cases[k].r, "R");
    }
    FsrsCard c = review_card(10, 5, T0, 3);
    assert_near(fsrs_retrievability(&p, &c, T0 - DAY_MS), 1.0, "R before the review");
    FsrsCard n = fsrs_card_new(T0);
    assert_true(fsrs_retrievability(&p, &n, T0 + DAY_MS) == 0.0);
}

static void test_interval_modifier(void **state)
{
    (void)state;
    static const struct {
        double r, m;
    } cases[] = {
        {0.80, 3.3159598}, {0.85, 1.90642614}, {0.90, 1.0}, {0.95, 0.40255869}, {0.97, 0.22276844}};
    FsrsParams p = fsrs_params_default();
    for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
        p.desired_retention = cases[k].r;
        assert_int_equal(fsrs_params_update(&p), ERR_OK);
        assert_near(p.derived.ivl_modifier, cases[k].m, "M(r)");
    }
    static const double bad[] = {0.0, -0.1, 1.0000001, NAN, INFINITY};
    for (size_t k = 0; k < ARRAY_LEN(bad); k++) {
        p.desired_retention = bad[k];
        assert_int_equal(fsrs_params_update(&p), ERR_PARSE);
    }
    p = fsrs_params_default();
    p.maximum_interval_days = 0;
    assert_int_equal(fsrs_params_update(&p), ERR_PARSE);
    FsrsCard out, c = fsrs_card_new(T0);
    assert_int_equal(fsrs_next(&p, &c, T0, 3, &out), ERR_PARSE);
}

/* Reviews a card on its due date with the same rating n times; returns the last card. */
static void check_sequence(const FsrsParams *p, int rating, const int64_t *want_s, size_t n)
{
    FsrsCard c = fsrs_card_new(T0);
    int64_t now = T0;
    for (size_t k = 0; k < n; k++) {
        FsrsCard out;
        assert_int_equal(fsrs_next(p, &c, now, rating, &out), ERR_OK);
        int64_t delay_s = (out.due_ms - now) / 1000;
        if (delay_s != want_s[k])
            fail_msg("review %zu: delay %lld s, want %lld s", k, (long long)delay_s,
                     (long long)want_s[k]);
        c = out;
        now = out.due_ms;
    }
}

static void test_intervals(void **state)
{
    (void)state;
    /* SPEC.md section 6: all Good on the due date. */
    static const int64_t st[] = {600,          2 * 86400,    11 * 86400,   46 * 86400,
                                 163 * 86400,  498 * 86400,  1348 * 86400, 3299 * 86400,
                                 7415 * 86400, 15504 * 86400};
    static const int64_t lt[] = {3 * 86400, 14 * 86400, 57 * 86400, 196 * 86400, 586 * 86400};
    FsrsParams p = fsrs_params_default();
    check_sequence(&p, 3, st, ARRAY_LEN(st));
    p.enable_short_term = false;
    assert_int_equal(fsrs_params_update(&p), ERR_OK);
    check_sequence(&p, 3, lt, ARRAY_LEN(lt));

    /* The ordering runs after the maximum clamp, so Good and Easy can pass it (ts-fsrs). */
    p = fsrs_params_default();
    p.maximum_interval_days = 30;
    assert_int_equal(fsrs_params_update(&p), ERR_OK);
    FsrsCard c = review_card(400, 5, T0, 9), all[4];
    int64_t now = T0 + 400 * DAY_MS;
    assert_int_equal(fsrs_next_all(&p, &c, now, all), ERR_OK);
    assert_int_equal(all[1].scheduled_days, 30);
    assert_int_equal(all[2].scheduled_days, 31);
    assert_int_equal(all[3].scheduled_days, 32);
    assert_int_equal(all[3].due_ms, now + 32 * DAY_MS);
}

static void test_learning_steps(void **state)
{
    (void)state;
    FsrsParams p = fsrs_params_default();
    FsrsCard c = fsrs_card_new(T0), step1, all[4];
    assert_int_equal(fsrs_next(&p, &c, T0, 3, &step1), ERR_OK);
    /* At step 1, ten minutes later (SPEC.md section 6). */
    int64_t now = T0 + 10 * MIN_MS;
    assert_int_equal(fsrs_next_all(&p, &step1, now, all), ERR_OK);
    assert_int_equal(all[0].due_ms, now + 1 * MIN_MS);
    assert_int_equal(all[0].learning_steps, 0);
    assert_int_equal(all[1].due_ms, now + 6 * MIN_MS);
    assert_int_equal(all[1].learning_steps, 1);
    assert_int_equal(all[2].state, FSRS_STATE_REVIEW);
    assert_int_equal(all[2].scheduled_days, 2);
    assert_near(all[2].stability, 2.3065, "S step 1 Good");
    assert_int_equal(all[3].scheduled_days, 4);
    assert_near(all[3].stability, 3.94605407, "S step 1 Easy");

    /* One step: Hard = round(1.5 x step), 7.5 rounds up. Steps of a day or more move the
     * card to Review but keep the step index. */
    const char *one[] = {"5m"};
    const char *longer[] = {"1m", "10m", "1d", "3d"};
    const char *relearn[] = {"10m", "1h"};
    assert_int_equal(fsrs_params_set_learning_steps(&p, one, 1), ERR_OK);
    assert_int_equal(fsrs_next(&p, &c, T0, 2, &all[1]), ERR_OK);
    assert_int_equal(all[1].due_ms, T0 + 8 * MIN_MS);
    assert_int_equal(fsrs_params_set_learning_steps(&p, longer, 4), ERR_OK);
    assert_int_equal(fsrs_params_set_relearning_steps(&p, relearn, 2), ERR_OK);
    assert_int_equal(fsrs_next(&p, &step1, now, 3, &all[2]), ERR_OK);
    assert_int_equal(all[2].state, FSRS_STATE_REVIEW);
    assert_int_equal(all[2].learning_steps, 2);
    assert_int_equal(all[2].scheduled_days, 1);
    assert_int_equal(all[2].due_ms, now + DAY_MS);
    /* Again from Review at step index 2 with two relearning steps: no step left, so the
     * reference graduates the lapse straight back to Review. */
    FsrsCard lapse;
    assert_int_equal(fsrs_next(&p, &all[2], now + DAY_MS, 1, &lapse), ERR_OK);
    assert_int_equal(lapse.state, FSRS_STATE_REVIEW);
    assert_int_equal(lapse.lapses, 1);
    assert_int_equal(lapse.scheduled_days, 1);

    /* No steps: everything graduates at once. */
    assert_int_equal(fsrs_params_set_learning_steps(&p, NULL, 0), ERR_OK);
    assert_int_equal(fsrs_next_all(&p, &c, T0, all), ERR_OK);
    for (int g = 0; g < 4; g++)
        assert_int_equal(all[g].state, FSRS_STATE_REVIEW);
}

static void test_elapsed_days(void **state)
{
    (void)state;
    int64_t midnight = 1704067200000LL; /* 2024-01-01T00:00:00Z */
    assert_int_equal(fsrs_elapsed_days(midnight - MIN_MS, midnight + MIN_MS), 1);
    assert_int_equal(fsrs_elapsed_days(midnight + MIN_MS, midnight + DAY_MS - MIN_MS), 0);
    assert_int_equal(fsrs_elapsed_days(midnight, midnight - 1), -1);
    assert_int_equal(fsrs_elapsed_days(-1, 0), 1);
}

static void test_fuzz_seed(void **state)
{
    (void)state;
    static const struct {
        double s, d;
        int64_t now;
        int32_t reps;
        const char *want;
    } cases[] = {
        {0, 0, 1716084840000LL, 0, "1716084840000_1_0"},
        {0.212, 6.4133, 1722804540000LL, 1, "1722804540000_2_1.3596195999999998"},
        {10, 5, 0, 41, "0_42_50"},
        {0.001, 1, 5, 0, "5_1_0.001"},
        {36500, 10, 7, 2, "7_3_365000"},
        {0.5, 0.25, -5, 0, "-5_1_0.125"},
    };
    for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
        FsrsCard c = review_card(cases[k].s, cases[k].d, 0, cases[k].reps);
        char seed[64];
        fsrs_fuzz_seed(&c, cases[k].now, seed, sizeof(seed));
        assert_string_equal(seed, cases[k].want);
    }
    char tiny[4];
    FsrsCard c = review_card(1, 1, 0, 0);
    fsrs_fuzz_seed(&c, 123456, tiny, sizeof(tiny));
    assert_string_equal(tiny, "123");
}

static void check_weights(const double *got, const double *want)
{
    for (int i = 0; i < FSRS_WEIGHT_COUNT; i++)
        if (fabs(got[i] - want[i]) > 1e-12)
            fail_msg("w%d: got %.17g, want %.17g", i, got[i], want[i]);
}

static void test_migrations(void **state)
{
    (void)state;
    static const double w17[17] = {0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298,
                                   0.8975, 0.031,  1.6474, 0.1367,  1.0461, 2.1072,
                                   0.0793, 0.3246, 1.587,  0.2272,  2.8755};
    static const double w17_want[21] = {0.4872, 1.4003, 3.7145, 13.8206, 7.6214, 0.51510155, 1.3975,
                                        0.031,  1.6474, 0.1367, 1.0461,  2.1072, 0.0793,     0.3246,
                                        1.587,  0.2272, 2.8755, 0,       0,      0.01,       0.5};
    static const double w19[19] = {0.40255, 1.18385, 3.173,  15.69105, 7.1949, 0.5345, 1.4604,
                                   0.0046,  1.54575, 0.1192, 1.01925,  1.9395, 0.11,   0.29605,
                                   2.2698,  0.2315,  2.9898, 0.51655,  0.6621};
    static const double w19_want[21] = {0.40255, 1.18385, 3.173,  15.69105, 7.1949, 0.5345, 1.4604,
                                        0.0046,  1.54575, 0.1192, 1.01925,  1.9395, 0.11,   0.29605,
                                        2.2698,  0.2315,  2.9898, 0.51655,  0.6621, 0.01,   0.5};
    FsrsParams p = fsrs_params_default();
    assert_int_equal(fsrs_params_set_weights(&p, w17, 17), ERR_OK);
    check_weights(p.w, w17_want);
    assert_near(p.derived.ivl_modifier, 1.00000001, "FSRS-5 decay modifier");
    assert_int_equal(fsrs_params_set_weights(&p, w19, 19), ERR_OK);
    check_weights(p.w, w19_want);

    /* With short-term off, the w19 = 0 of a migrated set is kept. */
    p = fsrs_params_default();
    p.enable_short_term = false;
    assert_int_equal(fsrs_params_set_weights(&p, w19, 19), ERR_OK);
    assert_true(p.w[19] == 0.0);
    assert_int_equal(fsrs_params_set_weights(&p, w17, 17), ERR_OK);
    assert_true(p.w[19] == 0.0 && p.w[20] == 0.5);

    /* 21 weights pass through unchanged when in range. */
    p = fsrs_params_default();
    double w21[21];
    memcpy(w21, w19_want, sizeof(w21));
    w21[20] = 0.2;
    assert_int_equal(fsrs_params_set_weights(&p, w21, 21), ERR_OK);
    check_weights(p.w, w21);

    /* Other lengths, NULL and non-finite values are rejected and change nothing. */
    static const size_t bad_n[] = {0, 1, 16, 18, 20, 22};
    for (size_t k = 0; k < ARRAY_LEN(bad_n); k++)
        assert_int_equal(fsrs_params_set_weights(&p, w21, bad_n[k]), ERR_PARSE);
    assert_int_equal(fsrs_params_set_weights(&p, NULL, 21), ERR_PARSE);
    double nan_w[21];
    memcpy(nan_w, w21, sizeof(nan_w));
    nan_w[7] = NAN;
    assert_int_equal(fsrs_params_set_weights(&p, nan_w, 21), ERR_PARSE);
    nan_w[7] = INFINITY;
    assert_int_equal(fsrs_params_set_weights(&p, nan_w, 17), ERR_PARSE);
    check_weights(p.w, w21);
}

static void test_clipping(void **state)
{
    (void)state;
    static const double raw[21] = {-1, 200, 0, 1000, 0, 0,   9, 1, 5, 1,   0,
                                   9,  1,   1, 5,    2, 0.5, 3, 3, 0, 0.01};
    static const double st[21] = {0.001, 100,  0.001, 100, 1, 0.001, 4, 0.75, 4.5,  0.8, 0.001,
                                  5,     0.25, 0.9,   4,   1, 1,     2, 2,    0.01, 0.1};
    FsrsParams p = fsrs_params_default();
    assert_int_equal(fsrs_params_set_weights(&p, raw, 21), ERR_OK);
    check_weights(p.w, st);

    double lt[21];
    memcpy(lt, st, sizeof(lt));
    lt[19] = 0;
    p = fsrs_params_default();
    p.enable_short_term = false;
    assert_int_equal(fsrs_params_set_weights(&p, raw, 21), ERR_OK);
    check_weights(p.w, lt);

    /* More than one relearning step caps w17 and w18 (values from ts-fsrs). */
    const char *three[] = {"10m", "20m", "30m"};
    double rl3[21];
    memcpy(rl3, st, sizeof(rl3));
    rl3[17] = rl3[18] = 0.01;
    p = fsrs_params_default();
    assert_int_equal(fsrs_params_set_relearning_steps(&p, three, 3), ERR_OK);
    assert_int_equal(fsrs_params_set_weights(&p, raw, 21), ERR_OK);
    check_weights(p.w, rl3);

    const char *two[] = {"10m", "1h"};
    p = fsrs_params_default();
    assert_int_equal(fsrs_params_set_relearning_steps(&p, two, 2), ERR_OK);
    double big[21];
    memcpy(big, p.w, sizeof(big));
    big[17] = big[18] = 1.9;
    assert_int_equal(fsrs_params_set_weights(&p, big, 21), ERR_OK);
    assert_near(p.w[17], 0.60045935, "w17 ceiling");
    assert_near(p.w[18], 0.60045935, "w18 ceiling");
    assert_near(p.w[0], 0.212, "w0 untouched");
}

static void test_parse_step(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int32_t min;
    } good[] = {{"1m", 1},    {"10m", 10}, {"1h", 60},           {"2h", 120},
                {"1d", 1440}, {"0m", 0},   {"36500d", 52560000}, {"007m", 7}};
    for (size_t k = 0; k < ARRAY_LEN(good); k++) {
        int32_t m = -1;
        assert_int_equal(fsrs_parse_step(good[k].s, &m), ERR_OK);
        assert_int_equal(m, good[k].min);
    }
    static const char *bad[] = {"",
                                "m",
                                "1",
                                "1s",
                                "1.5m",
                                "-1m",
                                " 1m",
                                "1m ",
                                "1mm",
                                "1M",
                                "h1",
                                "36501d",
                                "99999999999999d",
                                "1 m"};
    for (size_t k = 0; k < ARRAY_LEN(bad); k++) {
        int32_t m = 42;
        if (fsrs_parse_step(bad[k], &m) != ERR_PARSE)
            fail_msg("step \"%s\" was accepted", bad[k]);
        assert_int_equal(m, 42);
    }
    int32_t m;
    assert_int_equal(fsrs_parse_step(NULL, &m), ERR_PARSE);

    FsrsParams p = fsrs_params_default();
    const char *many[FSRS_MAX_STEPS + 1];
    for (int k = 0; k <= FSRS_MAX_STEPS; k++)
        many[k] = "1m";
    assert_int_equal(fsrs_params_set_learning_steps(&p, many, FSRS_MAX_STEPS + 1), ERR_PARSE);
    const char *with_bad[] = {"1m", "x"};
    assert_int_equal(fsrs_params_set_learning_steps(&p, with_bad, 2), ERR_PARSE);
    assert_int_equal(p.learning_step_count, 2);
    assert_int_equal(p.learning_steps_min[1], 10);
    assert_int_equal(fsrs_params_set_learning_steps(&p, many, FSRS_MAX_STEPS), ERR_OK);
    assert_int_equal(p.learning_step_count, FSRS_MAX_STEPS);
}

static void test_format_interval(void **state)
{
    (void)state;
    static const struct {
        int64_t s;
        const char *want;
    } cases[] = {
        {0, "0s"},
        {30, "30s"},
        {59, "59s"},
        {60, "1m"},
        {70, "1m"},
        {90, "2m"},
        {600, "10m"},
        {3599, "60m"},
        {3600, "1h"},
        {5400, "1.5h"},
        {86399, "24h"},
        {86400, "1d"},
        {2 * 86400, "2d"},
        {11 * 86400, "11d"},
        {30 * 86400, "30d"},
        {31 * 86400, "1mo"},
        {40 * 86400, "1.3mo"},
        {45 * 86400, "1.5mo"},
        {364 * 86400, "12mo"},
        {365 * 86400, "1y"},
        {767 * 86400, "2.1y"},
        {36500LL * 86400, "100y"},
        {-600, "-10m"},
        {-1, "-1s"},
    };
    for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
        char buf[16];
        fsrs_format_interval(cases[k].s, buf, sizeof(buf));
        if (strcmp(buf, cases[k].want) != 0)
            fail_msg("%lld s: got \"%s\", want \"%s\"", (long long)cases[k].s, buf, cases[k].want);
    }
    char small[3];
    fsrs_format_interval(40 * 86400, small, sizeof(small));
    assert_string_equal(small, "1.");
}

static void test_rejects_bad_input(void **state)
{
    (void)state;
    FsrsParams p = fsrs_params_default();
    FsrsCard c = review_card(10, 5, T0, 3);
    FsrsCard out, keep;
    memset(&out, 0x5a, sizeof(out));
    keep = out;
    static const int bad_ratings[] = {0, 5, -1, 100};
    for (size_t k = 0; k < ARRAY_LEN(bad_ratings); k++)
        assert_int_equal(fsrs_next(&p, &c, T0 + DAY_MS, bad_ratings[k], &out), ERR_PARSE);

    FsrsCard bad[8];
    for (int k = 0; k < 8; k++)
        bad[k] = c;
    bad[0].stability = NAN;
    bad[1].difficulty = INFINITY;
    bad[2].stability = 0.0005;   /* below S_MIN after a review */
    bad[3].difficulty = 0.5;     /* below 1 */
    bad[4].state = (FsrsState)9; /* unknown state */
    bad[5].reps = -1;
    bad[6].learning_steps = -2;
    bad[7].last_review_ms = INT64_MAX;
    for (int k = 0; k < 8; k++)
        if (fsrs_next(&p, &bad[k], T0 + DAY_MS, 3, &out) != ERR_PARSE)
            fail_msg("bad card %d accepted", k);

    /* A review on a calendar day before the last one, or outside the Date range. */
    assert_int_equal(fsrs_next(&p, &c, T0 - DAY_MS, 3, &out), ERR_PARSE);
    assert_int_equal(fsrs_next(&p, &c, INT64_MAX, 3, &out), ERR_PARSE);
    FsrsCard all[4];
    assert_int_equal(fsrs_next_all(&p, &bad[0], T0, all), ERR_PARSE);
    /* Non-finite weights written directly are caught too. */
    p.w[9] = NAN;
    assert_int_equal(fsrs_next(&p, &c, T0 + DAY_MS, 3, &out), ERR_PARSE);
    assert_int_equal(fsrs_params_update(&p), ERR_PARSE);
    assert_card_equal(&out, &keep);

    /* The same day is fine (short-term stability). */
    p = fsrs_params_default();
    assert_int_equal(fsrs_next(&p, &c, T0 + 1000, 3, &out), ERR_OK);
    assert_int_equal(out.elapsed_days, 0);
}

/* next_all and next agree in every state, with fuzz on and in long-term mode; the card at
 * the end of the run is the one ts-fsrs computes for the same answers. */
static void test_next_all_matches_next(void **state)
{
    (void)state;
    static const struct {
        double s, d;
        int32_t days, lapses;
        int64_t due_ms;
    } want[3] = {
        {8.57440134, 9.70620299, 9, 1, 1710931260000LL},
        {8.59791595, 9.70620299, 8, 1, 1710931260000LL},
        {9.71154839, 9.70620299, 9, 3, 1716026400000LL},
    };
    for (int mode = 0; mode < 3; mode++) {
        FsrsParams p = fsrs_params_default();
        p.enable_fuzz = mode >= 1;
        p.enable_short_term = mode != 2;
        assert_int_equal(fsrs_params_update(&p), ERR_OK);
        FsrsCard c = fsrs_card_new(T0);
        int64_t now = T0;
        static const int ratings[] = {3, 1, 3, 3, 2, 4, 1, 1, 3, 3, 4, 2};
        for (size_t k = 0; k < ARRAY_LEN(ratings); k++) {
            FsrsCard all[4], one;
            assert_int_equal(fsrs_next_all(&p, &c, now, all), ERR_OK);
            for (int g = 0; g < 4; g++) {
                assert_int_equal(fsrs_next(&p, &c, now, g + 1, &one), ERR_OK);
                assert_card_equal(&one, &all[g]);
            }
            c = all[ratings[k] - 1];
            now = c.due_ms + (int64_t)(k % 3) * DAY_MS;
        }
        assert_int_equal(c.state, FSRS_STATE_REVIEW);
        assert_near(c.stability, want[mode].s, "final S");
        assert_near(c.difficulty, want[mode].d, "final D");
        assert_int_equal(c.scheduled_days, want[mode].days);
        assert_int_equal(c.due_ms, want[mode].due_ms);
        assert_int_equal(c.lapses, want[mode].lapses);
        assert_int_equal(c.reps, 12);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_first_rating),
        cmocka_unit_test(test_worked_review),
        cmocka_unit_test(test_retrievability),
        cmocka_unit_test(test_interval_modifier),
        cmocka_unit_test(test_intervals),
        cmocka_unit_test(test_learning_steps),
        cmocka_unit_test(test_elapsed_days),
        cmocka_unit_test(test_fuzz_seed),
        cmocka_unit_test(test_migrations),
        cmocka_unit_test(test_clipping),
        cmocka_unit_test(test_parse_step),
        cmocka_unit_test(test_format_interval),
        cmocka_unit_test(test_rejects_bad_input),
        cmocka_unit_test(test_next_all_matches_next),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
