/*
 * test_quantity.c: estimate answers with units (core/quantity), table-driven: scales,
 * byte units, rates, dollars, garbage, and the 20% rule.
 */
#include "test_support.h"

#include "core/quantity.h"

#include <math.h>

static void test_parses_units_and_scales(void **state)
{
    (void)state;
    struct {
        const char *text;
        double value;
        QuantityKind kind;
        QuantityRate rate;
    } cases[] = {
        {"270 TB", 270e12, QTY_BYTES, QTY_TOTAL},
        {"1.25 TB/s", 1.25e12, QTY_BYTES, QTY_PER_SECOND},
        {"2.3k/s", 2300, QTY_COUNT, QTY_PER_SECOND},
        {"12k / s", 12000, QTY_COUNT, QTY_PER_SECOND},
        {"$4.1k", 4100, QTY_DOLLARS, QTY_TOTAL},
        {"$ 1.2M", 1.2e6, QTY_DOLLARS, QTY_TOTAL},
        {"6 B", 6e9, QTY_COUNT, QTY_TOTAL},
        {"6bn", 6e9, QTY_COUNT, QTY_TOTAL},
        {"500 bytes", 500, QTY_BYTES, QTY_TOTAL},
        {"40 GB", 40e9, QTY_BYTES, QTY_TOTAL},
        {"3 PB", 3e15, QTY_BYTES, QTY_TOTAL},
        {"1,000,000", 1e6, QTY_COUNT, QTY_TOTAL},
        {"86400/day", 1, QTY_COUNT, QTY_PER_SECOND},
        {"150 GB/day", 150e9 / 86400, QTY_BYTES, QTY_PER_SECOND},
        {"  7  ", 7, QTY_COUNT, QTY_TOTAL},
        {"2 T", 2e12, QTY_COUNT, QTY_TOTAL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Quantity q;
        char why[64] = "";
        if (quantity_parse(cases[i].text, &q, why, sizeof(why)) != ERR_OK)
            fail_msg("'%s' did not parse: %s", cases[i].text, why);
        if (fabs(q.value - cases[i].value) > 1e-9 * fabs(cases[i].value) + 1e-12)
            fail_msg("'%s' = %g, expected %g", cases[i].text, q.value, cases[i].value);
        assert_int_equal(q.kind, cases[i].kind);
        assert_int_equal(q.rate, cases[i].rate);
    }
}

static void test_rejects_garbage(void **state)
{
    (void)state;
    const char *bad[] = {"",    "abc",   "12 parsecs", "$5 GB", "-3",     "1e999",
                         "nan", "12/yr", "1.2.3",      "..",    "5 MBps", "inf TB"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        Quantity q;
        char why[64] = "";
        if (quantity_parse(bad[i], &q, why, sizeof(why)) == ERR_OK)
            fail_msg("'%s' should not parse (got %g)", bad[i], q.value);
        assert_true(why[0] != '\0');
    }
}

static void test_within_twenty_percent(void **state)
{
    (void)state;
    Quantity ref, a;
    char why[64];
    assert_int_equal(quantity_parse("270 TB", &ref, why, sizeof(why)), ERR_OK);
    const struct {
        const char *answer;
        bool close;
    } cases[] = {
        {"270 TB", true},    {"300 TB", true},  {"216 TB", true}, {"0.3 PB", true},
        {"330 TB", false},   {"200 TB", false}, {"270 B", false}, /* 270 billion things */
        {"270 TB/s", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(quantity_parse(cases[i].answer, &a, why, sizeof(why)), ERR_OK);
        if (quantity_close(&a, &ref, 0.2) != cases[i].close)
            fail_msg("'%s' vs 270 TB: expected %s", cases[i].answer,
                     cases[i].close ? "close" : "not close");
    }
}

static void test_formats_for_people(void **state)
{
    (void)state;
    Quantity q = {270e12, QTY_BYTES, QTY_TOTAL};
    char out[32];
    quantity_format(&q, out, sizeof(out));
    assert_string_equal(out, "270 TB");
    q = (Quantity){2300, QTY_COUNT, QTY_PER_SECOND};
    quantity_format(&q, out, sizeof(out));
    assert_string_equal(out, "2.3 k/s");
    q = (Quantity){4100, QTY_DOLLARS, QTY_TOTAL};
    quantity_format(&q, out, sizeof(out));
    assert_string_equal(out, "$4.1 k");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parses_units_and_scales),
        cmocka_unit_test(test_rejects_garbage),
        cmocka_unit_test(test_within_twenty_percent),
        cmocka_unit_test(test_formats_for_people),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
