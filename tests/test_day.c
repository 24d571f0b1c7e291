/*
 * test_day.c: study days (core/day): table-driven boundaries for rollover hours and
 * negative and positive offsets, instants before 1970, days always exactly 24 h long
 * (DST is only ever a different offset), the inverse day_start_ms, rejected rules, and
 * agreement with the UTC calendar days fsrs_next counts once shifted.
 */
#include "test_support.h"

#include "core/day.h"
#include "core/fsrs.h"

#define BASE_MS 1710028800000LL /* 2024-03-10 00:00:00 UTC, day 19792 of the UTC calendar */
#define H(h)    ((int64_t)(h)*3600000LL)
#define M(m)    ((int64_t)(m)*60000LL)

typedef struct DayCase {
    const char *what;
    int tz_offset_s;
    int rollover_hour;
    int64_t t_ms;
    int64_t day;
} DayCase;

static const DayCase CASES[] = {
    {"UTC midnight", 0, 0, BASE_MS, 19792},
    {"UTC last ms", 0, 0, BASE_MS + H(24) - 1, 19792},
    {"UTC previous ms", 0, 0, BASE_MS - 1, 19791},
    {"04:00 UTC starts the day", 0, 4, BASE_MS + H(4), 19792},
    {"03:59:59.999 UTC is yesterday", 0, 4, BASE_MS + H(4) - 1, 19791},
    {"next 03:59:59.999 still today", 0, 4, BASE_MS + H(28) - 1, 19792},
    {"next 04:00 is tomorrow", 0, 4, BASE_MS + H(28), 19793},
    {"UTC+2: 04:00 local = 02:00Z", 7200, 4, BASE_MS + H(2), 19792},
    {"UTC+2: 01:59:59.999Z", 7200, 4, BASE_MS + H(2) - 1, 19791},
    {"UTC-5: 04:00 local = 09:00Z", -18000, 4, BASE_MS + H(9), 19792},
    {"UTC-5: 08:59:59.999Z", -18000, 4, BASE_MS + H(9) - 1, 19791},
    {"UTC+5:30: 04:00 local = 22:30Z the day before", 19800, 4, BASE_MS - H(1) - M(30), 19792},
    {"UTC+5:30: a ms earlier", 19800, 4, BASE_MS - H(1) - M(30) - 1, 19791},
    {"UTC+14: 04:00 local = 14:00Z the day before", 50400, 4, BASE_MS - H(10), 19792},
    {"UTC+14: a ms earlier", 50400, 4, BASE_MS - H(10) - 1, 19791},
    {"UTC-12: 04:00 local = 16:00Z", -43200, 4, BASE_MS + H(16), 19792},
    {"UTC-12: a ms earlier", -43200, 4, BASE_MS + H(16) - 1, 19791},
    {"rollover 23: 23:00 starts the day", 0, 23, BASE_MS + H(23), 19792},
    {"rollover 23: 22:59:59.999", 0, 23, BASE_MS + H(23) - 1, 19791},
    /* New York switched from UTC-5 to UTC-4 on this day: the offset given decides. */
    {"08:30Z under EDT (UTC-4) is today", -14400, 4, BASE_MS + H(8) + M(30), 19792},
    {"08:30Z under EST (UTC-5) is yesterday", -18000, 4, BASE_MS + H(8) + M(30), 19791},
    {"1969-12-31 23:59:59.999Z", 0, 0, -1, -1},
    {"1969-12-31 00:00Z", 0, 0, -H(24), -1},
    {"a ms before that", 0, 0, -H(24) - 1, -2},
    {"epoch with rollover 4 is the day before", 0, 4, 0, -1},
};

static void test_day_boundaries(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        const DayCase *c = &CASES[i];
        DayRule rule;
        assert_int_equal(day_rule_make(c->tz_offset_s, c->rollover_hour, &rule), ERR_OK);
        int64_t got = day_of(&rule, c->t_ms);
        if (got != c->day)
            fail_msg("%s: day %lld, expected %lld", c->what, (long long)got, (long long)c->day);
    }
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

static void test_day_start_is_the_inverse_and_days_last_24h(void **state)
{
    (void)state;
    static const int OFFSETS[] = {-43200, -18000, -12600, 0, 3600, 19800, 34200, 50400};
    uint64_t seed = 7;
    for (size_t o = 0; o < sizeof(OFFSETS) / sizeof(OFFSETS[0]); o++) {
        for (int hour = 0; hour < 24; hour += 5) {
            DayRule rule;
            assert_int_equal(day_rule_make(OFFSETS[o], hour, &rule), ERR_OK);
            for (int k = 0; k < 200; k++) {
                /* 1900 .. 2100, both sides of the epoch */
                int64_t t = (int64_t)(lcg(&seed) % 6311390400000ULL) - 2208988800000LL;
                int64_t d = day_of(&rule, t);
                assert_true(day_start_ms(&rule, d) <= t);
                assert_true(t < day_start_ms(&rule, d + 1));
                assert_int_equal(day_start_ms(&rule, d + 1) - day_start_ms(&rule, d), DAY_MS);
                assert_int_equal(day_of(&rule, day_start_ms(&rule, d)), d);
            }
        }
    }
}

static void test_bad_rules_are_rejected(void **state)
{
    (void)state;
    DayRule rule = {123, 7};
    assert_int_equal(day_rule_make(DAY_TZ_LIMIT_S + 1, 4, &rule), ERR_PARSE);
    assert_int_equal(day_rule_make(-DAY_TZ_LIMIT_S - 1, 4, &rule), ERR_PARSE);
    assert_int_equal(day_rule_make(0, 24, &rule), ERR_PARSE);
    assert_int_equal(day_rule_make(0, -1, &rule), ERR_PARSE);
    assert_int_equal(rule.tz_offset_s, 123); /* untouched */
    assert_int_equal(rule.rollover_hour, 7);
    assert_int_equal(day_rule_make(DAY_TZ_LIMIT_S, 23, &rule), ERR_OK);
    assert_int_equal(day_rule_make(-DAY_TZ_LIMIT_S, 0, &rule), ERR_OK);
}

/* fsrs_next counts UTC calendar days; shifting both instants by day_shift_ms turns those
 * into study days. */
static void test_shift_makes_utc_days_study_days(void **state)
{
    (void)state;
    static const int64_t PAIRS[][2] = {
        {BASE_MS + H(3), BASE_MS + H(5)},       {BASE_MS + H(5), BASE_MS + H(27)},
        {BASE_MS + H(23), BASE_MS + H(25)},     {BASE_MS - H(30), BASE_MS + H(30)},
        {BASE_MS + M(1), BASE_MS + H(24) * 40}, {-H(50), H(50)},
    };
    static const int RULES[][2] = {{0, 4}, {7200, 4}, {-18000, 0}, {19800, 23}, {-43200, 4}};
    for (size_t r = 0; r < sizeof(RULES) / sizeof(RULES[0]); r++) {
        DayRule rule;
        assert_int_equal(day_rule_make(RULES[r][0], RULES[r][1], &rule), ERR_OK);
        int64_t shift = day_shift_ms(&rule);
        for (size_t i = 0; i < sizeof(PAIRS) / sizeof(PAIRS[0]); i++) {
            int64_t last = PAIRS[i][0], now = PAIRS[i][1];
            assert_int_equal(fsrs_elapsed_days(last + shift, now + shift),
                             day_of(&rule, now) - day_of(&rule, last));
        }
    }
    DayRule utc = DAY_RULE_UTC;
    assert_int_equal(day_shift_ms(&utc), 0);
}

static void test_civil_dates_round_trip(void **state)
{
    (void)state;
    const struct {
        int64_t days;
        int y, m, d;
    } cases[] = {{0, 1970, 1, 1},
                 {19862, 2024, 5, 19},
                 {11016, 2000, 2, 29},
                 {-1, 1969, 12, 31},
                 {47541, 2100, 3, 1}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int y, m, d;
        day_civil(cases[i].days, &y, &m, &d);
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        assert_int_equal(d, cases[i].d);
        assert_int_equal(day_from_civil(y, m, d), cases[i].days);
    }
    for (int64_t days = -800000; days < 800000; days += 997) {
        int y, m, d;
        day_civil(days, &y, &m, &d);
        assert_int_equal(day_from_civil(y, m, d), days);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_boundaries),
        cmocka_unit_test(test_day_start_is_the_inverse_and_days_last_24h),
        cmocka_unit_test(test_bad_rules_are_rejected),
        cmocka_unit_test(test_shift_makes_utc_days_study_days),
        cmocka_unit_test(test_civil_dates_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
