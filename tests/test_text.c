/*
 * test_text.c: the string buffer, hashing and UTF-8 validation (core/str, core/utf8).
 */
#include "test_support.h"

#include "core/str.h"
#include "core/utf8.h"

static void test_buf_grows_and_formats(void **state)
{
    (void)state;
    Buf b = {0};
    assert_string_equal(buf_str(&b), "");
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i);
    assert_true(str_starts_with(buf_str(&b), "0,1,2,"));
    assert_true(str_ends_with(buf_str(&b), "998,999,"));
    char *owned = buf_take(&b);
    assert_null(b.data);
    free(owned);
}

static void test_json_string_escapes(void **state)
{
    (void)state;
    Buf b = {0};
    buf_put_json_string(&b, "a\"b\\c\nd\x01");
    assert_string_equal(buf_str(&b), "\"a\\\"b\\\\c\\nd\\u0001\"");
    buf_free(&b);
}

static void test_fnv_known_values(void **state)
{
    (void)state;
    /* Published FNV-1a 64 test vectors. */
    assert_true(hash_fnv1a64("", 0) == 0xcbf29ce484222325ull);
    assert_true(hash_fnv1a64("a", 1) == 0xaf63dc4c8601ec8cull);
    char hex[17];
    hash_hex(0xaf63dc4c8601ec8cull, hex);
    assert_string_equal(hex, "af63dc4c8601ec8c");
}

static void test_utf8_valid_and_invalid(void **state)
{
    (void)state;
    struct {
        const char *s;
        size_t n;
        int ok;
        size_t bad;
    } cases[] = {
        {"plain ascii", 11, 1, 0},     {"caf\xc3\xa9", 5, 1, 0},
        {"\xe2\x82\xac", 3, 1, 0},     /* euro sign */
        {"\xf0\x9f\x98\x80", 4, 1, 0}, /* emoji */
        {"ab\xc3", 3, 0, 2},           /* truncated */
        {"\xc0\xaf", 2, 0, 0},         /* overlong slash */
        {"x\xed\xa0\x80", 4, 0, 1},    /* UTF-16 surrogate */
        {"\xf4\x90\x80\x80", 4, 0, 0}, /* above U+10FFFF */
        {"ok\xff", 3, 0, 2},           /* never valid */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t bad = 99;
        bool ok = utf8_validate(cases[i].s, cases[i].n, &bad);
        assert_int_equal(ok, cases[i].ok);
        if (!ok)
            assert_int_equal(bad, cases[i].bad);
    }
    assert_int_equal(utf8_length("caf\xc3\xa9", 5), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_grows_and_formats),
        cmocka_unit_test(test_json_string_escapes),
        cmocka_unit_test(test_fnv_known_values),
        cmocka_unit_test(test_utf8_valid_and_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
