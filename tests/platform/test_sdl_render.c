/*
 * test_sdl_render.c: golden-pixel tests of the SDL executor (platform/sdl_render). A fixed
 * DrawList is rendered with SDL's software renderer onto a surface under the dummy video
 * driver, with the bundled fonts, and compared with a stored image within a tolerance.
 * Set ARCHDRILL_UPDATE_GOLDEN=1 to rewrite the stored images after an intended change.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "platform/platform.h"

#include <stdio.h>
#include <stdlib.h>

#define W 360
#define H 120

static SDL_Surface *render(void (*record)(DrawList *dl), float scale)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, (int)(W * scale), (int)(H * scale), 32,
                                                       SDL_PIXELFORMAT_RGBA32);
    assert_non_null(surf);
    SDL_Renderer *sdl = SDL_CreateSoftwareRenderer(surf);
    assert_non_null(sdl);
    Renderer *r = renderer_create(sdl, ARCHDRILL_SOURCE_DIR "/assets");
    assert_non_null(r);
    renderer_set_scale(r, scale);
    DrawList dl = {0};
    record(&dl);
    renderer_draw(r, &dl);
    draw_free(&dl);
    renderer_destroy(r);
    SDL_DestroyRenderer(sdl);
    return surf;
}

static void record_basic(DrawList *dl)
{
    draw_rect(dl, (Rect){0, 0, W, H}, (Color){250, 250, 249, 255});
    draw_rect(dl, (Rect){10, 10, 100, 40}, (Color){37, 99, 235, 255});
    draw_text(dl, 120, 12, FONT_UI, 16, (Color){28, 30, 33, 255}, "Again 1m");
    draw_text(dl, 120, 36, FONT_UI_BOLD, 16, (Color){28, 30, 33, 255}, "Good 2d");
    draw_text(dl, 230, 12, FONT_UI_ITALIC, 16, (Color){28, 30, 33, 255}, "caf\xc3\xa9");
    draw_text(dl, 230, 36, FONT_MONO, 14, (Color){220, 38, 38, 255}, "x = 42;");
    draw_clip(dl, (Rect){10, 70, 50, 30});
    draw_rect(dl, (Rect){0, 60, W, 60}, (Color){22, 163, 74, 255}); /* clipped to 50 x 30 */
    draw_unclip(dl);
}

static Uint8 *pixel(SDL_Surface *s, int x, int y)
{
    return (Uint8 *)s->pixels + y * s->pitch + x * 4;
}

static void assert_pixel(SDL_Surface *s, int x, int y, Uint8 r, Uint8 g, Uint8 b)
{
    Uint8 *p = pixel(s, x, y);
    if (p[0] != r || p[1] != g || p[2] != b)
        fail_msg("pixel (%d,%d) is %d,%d,%d, expected %d,%d,%d", x, y, p[0], p[1], p[2], r, g, b);
}

/* Share of pixels whose channels differ by more than 24 from the golden image. */
static double compare_golden(SDL_Surface *got, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/golden/%s", ARCHDRILL_TEST_DIR, name);
    if (getenv("ARCHDRILL_UPDATE_GOLDEN")) {
        assert_int_equal(SDL_SaveBMP(got, path), 0);
        return 0;
    }
    SDL_Surface *raw = SDL_LoadBMP(path);
    if (!raw)
        fail_msg("cannot load %s: %s (ARCHDRILL_UPDATE_GOLDEN=1 writes it)", path, SDL_GetError());
    SDL_Surface *want = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGBA32, 0);
    SDL_FreeSurface(raw);
    assert_int_equal(want->w, got->w);
    assert_int_equal(want->h, got->h);
    long bad = 0;
    for (int y = 0; y < got->h; y++)
        for (int x = 0; x < got->w; x++) {
            Uint8 *a = pixel(got, x, y), *b = pixel(want, x, y);
            for (int c = 0; c < 3; c++)
                if (abs(a[c] - b[c]) > 24) {
                    bad++;
                    break;
                }
        }
    SDL_FreeSurface(want);
    return (double)bad / (got->w * got->h);
}

static void test_basic_frame_matches_golden(void **state)
{
    (void)state;
    SDL_Surface *s = render(record_basic, 1.0f);
    assert_pixel(s, 60, 30, 37, 99, 235);    /* inside the blue rectangle */
    assert_pixel(s, 5, 5, 250, 250, 249);    /* background */
    assert_pixel(s, 30, 85, 22, 163, 74);    /* the clipped green rectangle is drawn... */
    assert_pixel(s, 100, 85, 250, 250, 249); /* ...only inside its clip */
    /* text put dark pixels where it was drawn */
    int dark = 0;
    for (int y = 12; y < 30; y++)
        for (int x = 120; x < 200; x++)
            dark += pixel(s, x, y)[0] < 128;
    assert_true(dark > 40);
    double diff = compare_golden(s, "basic.bmp");
    if (diff > 0.005)
        fail_msg("%.2f%% of pixels differ from golden/basic.bmp", diff * 100);
    SDL_FreeSurface(s);
}

static void test_hidpi_scale_doubles_geometry(void **state)
{
    (void)state;
    SDL_Surface *s = render(record_basic, 2.0f);
    assert_int_equal(s->w, 2 * W);
    assert_pixel(s, 215, 95, 37, 99, 235);   /* (10..110)x(10..50) at 2x */
    assert_pixel(s, 225, 95, 250, 250, 249); /* just right of it */
    double diff = compare_golden(s, "basic@2x.bmp");
    if (diff > 0.005)
        fail_msg("%.2f%% of pixels differ from golden/basic@2x.bmp", diff * 100);
    SDL_FreeSurface(s);
}

static void record_triangles(DrawList *dl)
{
    draw_rect(dl, (Rect){0, 0, W, H}, (Color){250, 250, 249, 255});
    /* one right triangle, half of a 100 x 100 square, drawn at (200, 10) twice the size */
    const float xy[] = {0, 0, 50, 0, 0, 50};
    const int idx[] = {0, 1, 2};
    draw_triangles(dl, xy, 3, idx, 3, 200, 10, 2, (Color){220, 38, 38, 255});
}

static void test_triangles_are_filled(void **state)
{
    (void)state;
    SDL_Surface *s = render(record_triangles, 1.0f);
    assert_pixel(s, 210, 20, 220, 38, 38);    /* inside, near the right angle */
    assert_pixel(s, 290, 100, 250, 250, 249); /* beyond the hypotenuse */
    assert_pixel(s, 199, 20, 250, 250, 249);  /* left of it */
    SDL_FreeSurface(s);
}

static int setup(void **state)
{
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    TTF_Quit();
    SDL_Quit();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_frame_matches_golden),
        cmocka_unit_test(test_hidpi_scale_doubles_geometry),
        cmocka_unit_test(test_triangles_are_filled),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
