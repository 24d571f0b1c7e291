/*
 * test_study.c: the scheduler in study days (core/study): the same results as fsrs_next
 * under the UTC rule, elapsed days counted from the rollover hour in local time, due times
 * kept in UTC, the fuzz seeded with the real review time, the four buttons' labels as Anki
 * shows them, ratings outside 1..4 and
 * non-finite states refused, and the leech rule (8 lapses, then every 4).
 */
#include "test_support.h"

#include "core/study.h"

#include <math.h>

#define BASE_MS 1710028800000LL /* 2024-03-10 00:00:00 UTC */
#define H(h)    ((int64_t)(h)*3600000LL)
#define M(m)    ((int64_t)(m)*60000LL)

static FsrsParams params(void)
{
    FsrsParams p = fsrs_params_default();
    assert_int_equal(fsrs_params_update(&p), ERR_OK);
    return p;
}

static bool same(const FsrsCard *a, const FsrsCard *b)
{
    return a->state == b->state && a->stability == b->stability && a->difficulty == b->difficulty &&
           a->due_ms == b->due_ms && a->last_review_ms == b->last_review_ms &&
           a->elapsed_days == b->elapsed_days && a->scheduled_days == b->scheduled_days &&
           a->learning_steps == b->learning_steps && a->reps == b->reps && a->lapses == b->lapses;
}

static void test_utc_rule_is_fsrs_next(void **state)
{
    (void)state;
    FsrsParams p = params();
    DayRule utc = DAY_RULE_UTC;
    FsrsCard card = fsrs_card_new(BASE_MS);
    int64_t t = BASE_MS + H(10);
    static const int RATINGS[] = {3, 3, 1, 2, 3, 4, 3, 1, 3, 3};
    for (size_t i = 0; i < sizeof(RATINGS) / sizeof(RATINGS[0]); i++) {
        FsrsCard a, b;
        assert_int_equal(study_next(&p, &card, t, &utc, RATINGS[i], &a), ERR_OK);
        assert_int_equal(fsrs_next(&p, &card, t, RATINGS[i], &b), ERR_OK);
        assert_true(same(&a, &b));
        card = a;
        t = card.due_ms + H(1);
    }
}

/* A review card last seen at 03:30 local time (UTC+2) on 10 March. */
static FsrsCard reviewed_at(int64_t last_ms)
{
    FsrsCard c = fsrs_card_new(0);
    c.state = FSRS_STATE_REVIEW;
    c.stability = 10.0;
    c.difficulty = 5.0;
    c.last_review_ms = last_ms;
    c.due_ms = last_ms + 10 * DAY_MS;
    c.reps = 5;
    c.scheduled_days = 10;
    return c;
}

static void test_elapsed_days_follow_the_rollover(void **state)
{
    (void)state;
    FsrsParams p = params();
    DayRule rule;
    assert_int_equal(day_rule_make(7200, 4, &rule), ERR_OK);
    int64_t last = BASE_MS + H(1) + M(30); /* 03:30 local, before the 04:00 rollover */
    FsrsCard c = reviewed_at(last);
    FsrsCard same, next;
    /* 03:50 local: the same study day */
    assert_int_equal(study_next(&p, &c, last + M(20), &rule, FSRS_GOOD, &same), ERR_OK);
    assert_int_equal(same.elapsed_days, 0);
    /* 04:30 local: a new study day, although the calendar day is the same */
    assert_int_equal(study_next(&p, &c, last + H(1), &rule, FSRS_GOOD, &next), ERR_OK);
    assert_int_equal(next.elapsed_days, 1);
    assert_true(next.stability > same.stability);
    /* the instants stay UTC */
    assert_int_equal(next.last_review_ms, last + H(1));
    assert_int_equal(next.due_ms, last + H(1) + (int64_t)next.scheduled_days * DAY_MS);
    /* in UTC days both answers are on the same day (01:30Z and 02:30Z) */
    DayRule utc = DAY_RULE_UTC;
    FsrsCard u;
    assert_int_equal(study_next(&p, &c, last + H(1), &utc, FSRS_GOOD, &u), ERR_OK);
    assert_int_equal(u.elapsed_days, 0);
    /* a study day before the last review's is refused */
    assert_int_equal(study_next(&p, &c, last - H(24), &rule, FSRS_GOOD, &u), ERR_PARSE);
    assert_int_equal(study_next(&p, &c, last - H(2), &rule, FSRS_GOOD, &u), ERR_OK);
}

/* The fuzz seed of an app answer names the real review time, as ts-fsrs builds it from
 * the review's Date, not the instant shifted for study days: wherever the study days and
 * the UTC days count the same elapsed days, an answer under a local rule equals the
 * reference's answer at the same instant, fuzzed intervals included. */
static void test_fuzz_seed_names_the_real_review_time(void **state)
{
    (void)state;
    FsrsParams p = params();
    p.enable_fuzz = true;
    assert_int_equal(fsrs_params_update(&p), ERR_OK);
    DayRule rule; /* UTC+2, rollover 04:00: instants are shifted by -2 h */
    assert_int_equal(day_rule_make(7200, 4, &rule), ERR_OK);
    int64_t shift = day_shift_ms(&rule);
    assert_true(shift != 0);
    int shifted_seed_differs = 0;
    for (int k = 0; k < 24; k++) {
        /* Last seen at 12:00Z, answered 30 + k days later between 06:00Z and 23:00Z: the
         * same calendar day in both counts, so only the seed could tell them apart. */
        FsrsCard c = reviewed_at(BASE_MS + H(12));
        c.stability = 60.0 + k;
        c.due_ms = c.last_review_ms + 60 * DAY_MS;
        int64_t now = c.last_review_ms + (30 + k) * DAY_MS + H(k % 17 - 6) + M(7 * k);
        assert_int_equal(day_of(&rule, now) - day_of(&rule, c.last_review_ms),
                         fsrs_elapsed_days(c.last_review_ms, now));
        char seed[64], real[32];
        fsrs_fuzz_seed(&c, now, seed, sizeof(seed));
        snprintf(real, sizeof(real), "%lld_", (long long)now);
        assert_true(strncmp(seed, real, strlen(real)) == 0);
        FsrsCard app[4], ref[4], old[4];
        assert_int_equal(study_next_all(&p, &c, now, &rule, app), ERR_OK);
        assert_int_equal(fsrs_next_all(&p, &c, now, ref), ERR_OK);
        for (int g = 0; g < 4; g++) {
            assert_true(same(&app[g], &ref[g]));
            FsrsCard one;
            assert_int_equal(study_next(&p, &c, now, &rule, g + 1, &one), ERR_OK);
            assert_true(same(&one, &ref[g]));
        }
        /* Seeding with the shifted instant instead would move the fuzzed intervals. */
        FsrsCard in = c;
        in.due_ms += shift;
        in.last_review_ms += shift;
        assert_int_equal(fsrs_next_all_seeded(&p, &in, now + shift, now + shift, old), ERR_OK);
        for (int g = 1; g < 4; g++)
            shifted_seed_differs += old[g].scheduled_days != ref[g].scheduled_days;
    }
    assert_true(shifted_seed_differs > 0);
}

static void labels_of(const FsrsCard *c, int64_t now, const char *a, const char *h, const char *g,
                      const char *e)
{
    FsrsParams p = params();
    DayRule rule = DAY_RULE_UTC;
    char labels[4][STUDY_LABEL_CAP];
    assert_int_equal(study_labels(&p, c, now, &rule, labels), ERR_OK);
    assert_string_equal(labels[0], a);
    assert_string_equal(labels[1], h);
    assert_string_equal(labels[2], g);
    assert_string_equal(labels[3], e);
}

static void test_button_labels(void **state)
{
    (void)state;
    FsrsParams p = params();
    DayRule utc = DAY_RULE_UTC;
    int64_t t = BASE_MS + H(10);
    FsrsCard c = fsrs_card_new(t);
    labels_of(&c, t, "1m", "6m", "10m", "8d");
    FsrsCard step1;
    assert_int_equal(study_next(&p, &c, t, &utc, FSRS_GOOD, &step1), ERR_OK);
    labels_of(&step1, step1.due_ms, "1m", "6m", "2d", "4d");
    /* S = 10, D = 5 reviewed on its due day: 10 min, 23 d, 32 d (1.1 months), 51 d */
    FsrsCard r = reviewed_at(t);
    labels_of(&r, r.due_ms, "10m", "23d", "1.1mo", "1.7mo");
    /* a long interval shows years */
    r.stability = 900.0;
    r.due_ms = r.last_review_ms + 900 * DAY_MS;
    char labels[4][STUDY_LABEL_CAP];
    assert_int_equal(study_labels(&p, &r, r.due_ms, &utc, labels), ERR_OK);
    assert_non_null(strstr(labels[2], "y"));
    /* an unschedulable card gives empty labels and an error */
    r.stability = NAN;
    assert_int_equal(study_labels(&p, &r, r.due_ms, &utc, labels), ERR_PARSE);
    assert_string_equal(labels[0], "");
}

static void test_bad_input_is_refused(void **state)
{
    (void)state;
    FsrsParams p = params();
    DayRule utc = DAY_RULE_UTC;
    FsrsCard c = reviewed_at(BASE_MS), out = {.reps = 777};
    static const int BAD[] = {0, 5, -1, 2147483647, -2147483647 - 1};
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
        assert_int_equal(study_next(&p, &c, BASE_MS + DAY_MS, &utc, BAD[i], &out), ERR_PARSE);
        assert_int_equal(out.reps, 777);
    }
    c.stability = NAN;
    assert_int_equal(study_next(&p, &c, BASE_MS + DAY_MS, &utc, FSRS_GOOD, &out), ERR_PARSE);
    c.stability = INFINITY;
    assert_int_equal(study_next(&p, &c, BASE_MS + DAY_MS, &utc, FSRS_GOOD, &out), ERR_PARSE);
    c = reviewed_at(BASE_MS);
    c.difficulty = -INFINITY;
    assert_int_equal(study_next(&p, &c, BASE_MS + DAY_MS, &utc, FSRS_GOOD, &out), ERR_PARSE);
    c = reviewed_at(BASE_MS);
    assert_int_equal(study_next(&p, &c, INT64_MAX, &utc, FSRS_GOOD, &out), ERR_PARSE);
    c.due_ms = INT64_MIN;
    assert_int_equal(study_next(&p, &c, BASE_MS + DAY_MS, &utc, FSRS_GOOD, &out), ERR_PARSE);
    FsrsCard all[4];
    c = reviewed_at(BASE_MS);
    c.last_review_ms = INT64_MAX;
    assert_int_equal(study_next_all(&p, &c, BASE_MS, &utc, all), ERR_PARSE);
    assert_int_equal(out.reps, 777);
}

static void test_leech_rule(void **state)
{
    (void)state;
    static const struct {
        int32_t before, after;
        bool leech;
    } CASES[] = {
        {7, 8, true},
        {8, 9, false},
        {11, 12, true},
        {12, 13, false},
        {15, 16, true},
        {0, 7, false},
        {3, 10, true},
        {8, 8, false},
        {9, 11, false},
        {0, 0, false},
        {19, 20, true},
        {8, 7, false},
        {2147483646, 2147483647, false},
    };
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++)
        if (study_is_leech(CASES[i].before, CASES[i].after) != CASES[i].leech)
            fail_msg("lapses %d -> %d", CASES[i].before, CASES[i].after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utc_rule_is_fsrs_next),
        cmocka_unit_test(test_elapsed_days_follow_the_rollover),
        cmocka_unit_test(test_fuzz_seed_names_the_real_review_time),
        cmocka_unit_test(test_button_labels),
        cmocka_unit_test(test_bad_input_is_refused),
        cmocka_unit_test(test_leech_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
