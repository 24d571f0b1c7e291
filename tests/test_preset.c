/*
 * test_preset.c: study options (core/preset): Anki's defaults, limits and scheduler
 * settings validated, steps and weights written and read back exactly, NaN and infinities
 * refused, and specs that reproduce the settings bit for bit.
 */
#include "test_support.h"

#include "core/preset.h"

#include <math.h>

static void test_defaults_are_ankis(void **state)
{
    (void)state;
    Preset p = preset_default();
    assert_int_equal(p.new_per_day, 20);
    assert_int_equal(p.reviews_per_day, 200);
    assert_float_equal(p.params.desired_retention, 0.90, 0);
    assert_int_equal(p.params.maximum_interval_days, 36500);
    assert_int_equal(p.params.learning_step_count, 2);
    assert_int_equal(p.params.learning_steps_min[0], 1);
    assert_int_equal(p.params.learning_steps_min[1], 10);
    assert_int_equal(p.params.relearning_step_count, 1);
    assert_int_equal(p.params.relearning_steps_min[0], 10);
    assert_float_equal(p.params.w[0], 0.212, 0);
    assert_float_equal(p.params.w[20], 0.1542, 0);
    assert_int_equal(preset_validate(&p), ERR_OK);
}

static void test_limits_and_settings_are_validated(void **state)
{
    (void)state;
    Preset p = preset_default();
    p.new_per_day = -1;
    assert_int_equal(preset_validate(&p), ERR_PARSE);
    p = preset_default();
    p.reviews_per_day = PRESET_PER_DAY_MAX + 1;
    assert_int_equal(preset_validate(&p), ERR_PARSE);
    p = preset_default();
    p.params.desired_retention = NAN;
    assert_int_equal(preset_validate(&p), ERR_PARSE);
    p = preset_default();
    p.params.desired_retention = 1.5;
    assert_int_equal(preset_validate(&p), ERR_PARSE);
    p = preset_default();
    p.params.maximum_interval_days = 0;
    assert_int_equal(preset_validate(&p), ERR_PARSE);
    p = preset_default();
    p.params.w[3] = INFINITY;
    assert_int_equal(preset_validate(&p), ERR_PARSE);
}

static void test_steps_round_trip(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
        size_t n;
    } CASES[] = {
        {"1m 10m", "1m 10m", 2},        {"", "", 0},
        {"  15m  ", "15m", 1},          {"60m 1d", "1h 1d", 2},
        {"1h 2h 1440m", "1h 2h 1d", 3}, {"0m", "0m", 1},
    };
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        int32_t steps[FSRS_MAX_STEPS];
        size_t n = 99;
        assert_int_equal(preset_parse_steps(CASES[i].in, steps, &n), ERR_OK);
        assert_int_equal(n, CASES[i].n);
        Buf b = {0};
        preset_format_steps(steps, n, &b);
        assert_string_equal(buf_str(&b), CASES[i].out);
        buf_free(&b);
    }
    static const char *const BAD[] = {
        "10",     "1x",           "-1m",
        "1m,10m", "99999999999m", "1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m 1m"};
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
        int32_t steps[FSRS_MAX_STEPS];
        size_t n = 0;
        if (preset_parse_steps(BAD[i], steps, &n) != ERR_PARSE)
            fail_msg("accepted steps \"%s\"", BAD[i]);
    }
}

static void test_weights_round_trip_exactly(void **state)
{
    (void)state;
    FsrsParams d = fsrs_params_default();
    double w[FSRS_WEIGHT_COUNT];
    memcpy(w, d.w, sizeof(w));
    w[5] = 0.1 + 0.2; /* needs all 17 digits */
    w[7] = 1.0 / 3.0;
    Buf b = {0};
    preset_format_weights(w, FSRS_WEIGHT_COUNT, &b);
    assert_non_null(strstr(buf_str(&b), "0.212 1.2931 2.3065"));
    double back[FSRS_WEIGHT_COUNT];
    size_t n = 0;
    assert_int_equal(preset_parse_weights(buf_str(&b), back, &n), ERR_OK);
    assert_int_equal(n, FSRS_WEIGHT_COUNT);
    assert_memory_equal(w, back, sizeof(w));
    buf_free(&b);
    assert_int_equal(preset_parse_weights("1, 2,3", back, &n), ERR_OK);
    assert_int_equal(n, 3);
    static const char *const BAD[] = {"nan", "1 inf", "0x1p3", "1e999", "1 2x", "-", "1;2"};
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++)
        if (preset_parse_weights(BAD[i], back, &n) != ERR_PARSE)
            fail_msg("accepted weights \"%s\"", BAD[i]);
    char many[256] = "";
    for (int i = 0; i < FSRS_WEIGHT_COUNT + 1; i++)
        strcat(many, "1 ");
    assert_int_equal(preset_parse_weights(many, back, &n), ERR_PARSE);
}

static void test_spec_reproduces_the_settings(void **state)
{
    (void)state;
    FsrsParams p = fsrs_params_default();
    Buf b = {0};
    preset_spec(&p, &b);
    assert_string_equal(buf_str(&b),
                        "w=0.212 1.2931 2.3065 8.2956 6.4133 0.8334 3.0194 0.001 1.8722 0.1666 "
                        "0.796 1.4835 0.0614 0.2629 1.6483 0.6014 1.8729 0.5425 0.0912 0.0658 "
                        "0.1542;r=0.9;max=36500;learn=1m 10m;relearn=10m;short=1;fuzz=0");
    FsrsParams q;
    assert_int_equal(preset_spec_parse(buf_str(&b), &q), ERR_OK);
    assert_memory_equal(p.w, q.w, sizeof(p.w));
    assert_true(p.desired_retention == q.desired_retention);

    /* other settings survive too */
    p.desired_retention = 0.87;
    p.maximum_interval_days = 365;
    p.enable_fuzz = true;
    p.learning_step_count = 0;
    p.relearning_steps_min[0] = 1440;
    assert_int_equal(fsrs_params_update(&p), ERR_OK);
    buf_clear(&b);
    preset_spec(&p, &b);
    assert_int_equal(preset_spec_parse(buf_str(&b), &q), ERR_OK);
    Buf c = {0};
    preset_spec(&q, &c);
    assert_string_equal(buf_str(&b), buf_str(&c));
    assert_true(q.enable_fuzz);
    assert_int_equal(q.learning_step_count, 0);
    assert_int_equal(q.relearning_steps_min[0], 1440);
    buf_free(&c);
    buf_free(&b);

    static const char *const BAD[] = {
        "",
        "w=1 2 3;r=0.9;max=36500;learn=;relearn=;short=1;fuzz=0",
        "w=0.212 1.2931 2.3065 8.2956 6.4133 0.8334 3.0194 0.001 1.8722 0.1666 0.796 1.4835 "
        "0.0614 0.2629 1.6483 0.6014 1.8729 0.5425 0.0912 0.0658 0.1542;r=nan;max=36500;"
        "learn=;relearn=;short=1;fuzz=0",
        "w=0.212 1.2931 2.3065 8.2956 6.4133 0.8334 3.0194 0.001 1.8722 0.1666 0.796 1.4835 "
        "0.0614 0.2629 1.6483 0.6014 1.8729 0.5425 0.0912 0.0658 0.1542;r=0.9;max=0;"
        "learn=;relearn=;short=1;fuzz=0",
        "w=0.212 1.2931 2.3065 8.2956 6.4133 0.8334 3.0194 0.001 1.8722 0.1666 0.796 1.4835 "
        "0.0614 0.2629 1.6483 0.6014 1.8729 0.5425 0.0912 0.0658 0.1542;r=0.9;max=10;"
        "learn=;relearn=;short=2;fuzz=0",
    };
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
        FsrsParams x;
        if (preset_spec_parse(BAD[i], &x) != ERR_PARSE)
            fail_msg("accepted spec %zu", i);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_ankis),
        cmocka_unit_test(test_limits_and_settings_are_validated),
        cmocka_unit_test(test_steps_round_trip),
        cmocka_unit_test(test_weights_round_trip_exactly),
        cmocka_unit_test(test_spec_reproduces_the_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
