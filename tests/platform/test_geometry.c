/*
 * test_geometry.c: the remembered window geometry (platform/geometry): the saved value
 * read back (with the older four-number form), and a window placed on the displays there
 * are now, never out of sight on one that is gone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "platform/geometry.h"

#include <string.h>

#define C SDL_WINDOWPOS_CENTERED

static void assert_geometry(WindowGeometry g, int x, int y, int w, int h, bool maximized)
{
    assert_int_equal(g.x, x);
    assert_int_equal(g.y, y);
    assert_int_equal(g.w, w);
    assert_int_equal(g.h, h);
    assert_int_equal(g.maximized, maximized);
}

static void test_parse_and_format(void **state)
{
    (void)state;
    WindowGeometry g = geometry_default(1100, 720);
    assert_geometry(g, C, C, 1100, 720, false);
    assert_true(geometry_parse("10 20 900 600 1", 760, 400, &g));
    assert_geometry(g, 10, 20, 900, 600, true);
    char text[64];
    geometry_format(&g, text, sizeof(text));
    assert_string_equal(text, "10 20 900 600 1");
    WindowGeometry back;
    assert_true(geometry_parse(text, 760, 400, &back));
    assert_geometry(back, g.x, g.y, g.w, g.h, g.maximized); /* field by field: padding differs */
    /* the value saved before the maximized state was remembered */
    assert_true(geometry_parse("-1900 40 1200 800", 760, 400, &g));
    assert_geometry(g, -1900, 40, 1200, 800, false);
    /* a size under the minimum is raised to it */
    assert_true(geometry_parse("0 0 560 300 0", 760, 400, &g));
    assert_geometry(g, 0, 0, 760, 400, false);
    /* opened maximized and never restored: centred, and maximized again */
    g = geometry_default(1100, 720);
    g.maximized = true;
    geometry_format(&g, text, sizeof(text));
    assert_true(geometry_parse(text, 760, 400, &back));
    assert_geometry(back, C, C, 1100, 720, true);
    /* trailing blanks are fine */
    assert_true(geometry_parse("1 2 900 600 1 \n", 760, 400, &g));
    assert_geometry(g, 1, 2, 900, 600, true);
    /* refused, *out untouched */
    const char *bad[] = {"",
                         "1 2 3",
                         "a b c d",
                         "1 2 3 4 5 6",
                         "1 2 3 4 x",
                         "1 2 0 600",
                         "1 2 900 -5",
                         "1 2 20000 600",
                         "1 2 900 600 2",
                         "99999 0 900 600",
                         "1 2 900 600 1 x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        WindowGeometry keep = {1, 2, 3, 4, true};
        if (geometry_parse(bad[i], 760, 400, &keep))
            fail_msg("\"%s\" was accepted", bad[i]);
        assert_geometry(keep, 1, 2, 3, 4, true);
    }
    assert_false(geometry_parse(NULL, 760, 400, &g));
}

static void test_place_on_the_displays_there_are(void **state)
{
    (void)state;
    SDL_Rect two[] = {{0, 0, 1920, 1080}, {1920, 0, 1280, 1024}};
    SDL_Rect one[] = {{0, 0, 1280, 800}};
    WindowGeometry on_second = {2000, 100, 1000, 700, false};
    /* on the second display: kept */
    assert_geometry(geometry_place(&on_second, two, 2), 2000, 100, 1000, 700, false);
    /* that display is gone: centred on the first, cut to its size */
    WindowGeometry big = {2000, 100, 1600, 900, true};
    assert_geometry(geometry_place(&big, one, 1), C, C, 1280, 800, true);
    assert_geometry(geometry_place(&on_second, one, 1), C, C, 1000, 700, false);
    /* partly off the edge, with enough of its top showing: kept */
    WindowGeometry edge = {1200, 760, 900, 600, false};
    assert_geometry(geometry_place(&edge, one, 1), 1200, 760, 900, 600, false);
    /* only a sliver showing, or its top above every display: moved */
    WindowGeometry sliver = {1250, 100, 900, 600, false};
    assert_geometry(geometry_place(&sliver, one, 1), C, C, 900, 600, false);
    WindowGeometry above = {100, -700, 900, 600, false};
    assert_geometry(geometry_place(&above, one, 1), C, C, 900, 600, false);
    /* a display left of the primary one has negative coordinates */
    SDL_Rect left[] = {{0, 0, 1920, 1080}, {-1280, 0, 1280, 1024}};
    WindowGeometry neg = {-1200, 50, 900, 600, false};
    assert_geometry(geometry_place(&neg, left, 2), -1200, 50, 900, 600, false);
    /* centred already, or displays unknown: kept */
    WindowGeometry centred = geometry_default(1100, 720);
    assert_geometry(geometry_place(&centred, one, 1), C, C, 1100, 720, false);
    assert_geometry(geometry_place(&sliver, NULL, 0), 1250, 100, 900, 600, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_format),
        cmocka_unit_test(test_place_on_the_displays_there_are),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
