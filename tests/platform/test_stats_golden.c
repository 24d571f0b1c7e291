/*
 * test_stats_golden.c: a golden image of the statistics screen. A collection with two
 * months of answers and a few drills, built the same way every run, is opened in the app
 * at a fixed clock; `t` opens the statistics and the page is scrolled to the plots. The
 * frame is measured and drawn with the bundled fonts by SDL's software renderer under the
 * dummy video driver and compared with tests/golden/stats.bmp within a tolerance.
 * ARCHDRILL_UPDATE_GOLDEN=1 rewrites the image after an intended change (look at it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/store.h"
#include "core/store_study.h"
#include "platform/platform.h"
#include "ui/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W      1000
#define H      820
#define T0     1716120000000LL /* 2024-05-19 12:00 UTC */
#define MIN_MS 60000LL

static const DayRule rule = {0, 0};

static void exec(Store *s, const char *sql)
{
    if (store_exec(s, sql))
        fail_msg("%s: %s", sql, store_errmsg(s));
}

static void add_deck(Store *s, const char *key, const char *name, int cards, const char *tags)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO decks(key, name, source_path, created_s, modified_s)"
             " VALUES('%s', '%s', '/x/%s.md', 1, 1)",
             key, name, key);
    exec(s, sql);
    for (int i = 0; i < cards; i++) {
        snprintf(sql, sizeof(sql),
                 "INSERT INTO cards(deck_id, key, front, back, tags, source_path, source_line,"
                 " content_hash, created_s, modified_s) SELECT id, '%s-%d', 'Q', 'A', '%s', '/x',"
                 " 1, 'h', 1, 1 FROM decks WHERE key = '%s';"
                 " INSERT INTO card_state(card_id) VALUES(last_insert_rowid())",
                 key, i, tags, key);
        exec(s, sql);
    }
}

/* Answers what is due at `at` and introduces up to `fresh` new cards. */
static void study(Store *s, int64_t at, int fresh, int day)
{
    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(store_study_card_ids(s, 0, &ids, &n), ERR_OK);
    for (size_t i = 0; i < n; i++) {
        StudyCard c;
        assert_int_equal(store_study_card(s, ids[i], &c), ERR_OK);
        bool is_new = c.fsrs.state == FSRS_STATE_NEW;
        bool due = !is_new && c.fsrs.due_ms <= at;
        store_study_card_free(&c);
        if (is_new && fresh > 0)
            fresh--;
        else if (!due)
            continue;
        int rating = (ids[i] + day) % 9 == 0 ? 1 : (ids[i] + day) % 7 == 0 ? 2 : 3;
        assert_int_equal(
            store_study_answer(s, ids[i], rating, at, 6000 + (ids[i] % 5) * 1000, &rule, NULL),
            ERR_OK);
        at += MIN_MS / 2;
    }
    free(ids);
}

static void make_history(Store *s)
{
    add_deck(s, "alpha", "Alpha patterns", 24, "phase/foundations");
    add_deck(s, "beta", "Beta decisions", 12, "phase/design-practice");
    for (int d = 60; d >= 1; d--) {
        if (d % 13 == 5)
            continue;
        int64_t at = T0 - d * DAY_MS - 3 * 3600000LL;
        study(s, at, d > 40 ? 3 : 1, d);
        study(s, at + 15 * MIN_MS, 0, d);
    }
    study(s, T0 - 2 * 3600000LL, 0, 0); /* some of today's work */
}

static Uint8 *pixel(SDL_Surface *s, int x, int y)
{
    return (Uint8 *)s->pixels + y * s->pitch + x * 4;
}

/* Renders the statistics screen as the app draws it at T0. */
static SDL_Surface *render_stats(void)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_RGBA32);
    assert_non_null(surf);
    SDL_Renderer *sdl = SDL_CreateSoftwareRenderer(surf);
    assert_non_null(sdl);
    Renderer *r = renderer_create(sdl, ARCHDRILL_SOURCE_DIR "/assets");
    assert_non_null(r);
    Store *store = NULL;
    ErrInfo err;
    assert_int_equal(store_open(":memory:", &store, &err), ERR_OK);
    make_history(store);
    AppConfig cfg = {.store = store,
                     .host = {.user = r, .measure = renderer_measure},
                     .theme = theme_light(),
                     .day_rule = rule};
    int64_t now = T0;
    App *app = app_create(&cfg, now);
    DrawList dl = {0};
    InputEvent t = {.type = INPUT_KEY, .key = KEY_CHAR, .ch = 't'};
    assert_true(app_frame(app, &t, W, H, now += 1000, &dl));
    assert_int_equal(app_screen(app), APP_STATS);
    /* down to the plots: the heatmap, the forecast and the reviews per day */
    InputEvent down = {.type = INPUT_KEY, .key = KEY_DOWN};
    for (int i = 0; i < 13; i++)
        assert_true(app_frame(app, &down, W, H, now += 1000, &dl));
    assert_true(app_frame(app, NULL, W, H, now += 1000, &dl));
    renderer_draw(r, &dl);
    draw_free(&dl);
    app_destroy(app);
    store_close(store);
    renderer_destroy(r);
    SDL_DestroyRenderer(sdl);
    return surf;
}

/* Share of pixels whose channels differ by more than 24 from the golden image. */
static double compare_golden(SDL_Surface *got, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/golden/%s", ARCHDRILL_TEST_DIR, name);
    if (getenv("ARCHDRILL_UPDATE_GOLDEN")) {
        /* 24 bits a pixel: the image is opaque */
        SDL_Surface *rgb = SDL_ConvertSurfaceFormat(got, SDL_PIXELFORMAT_BGR24, 0);
        assert_int_equal(SDL_SaveBMP(rgb, path), 0);
        SDL_FreeSurface(rgb);
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

static long count_color(SDL_Surface *s, Color c)
{
    long n = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            Uint8 *p = pixel(s, x, y);
            n += p[0] == c.r && p[1] == c.g && p[2] == c.b;
        }
    return n;
}

static void test_stats_screen_matches_golden(void **state)
{
    (void)state;
    SDL_Surface *s = render_stats();
    Theme t = theme_light();
    /* the plots are there in their colours: forecast bars (accent), mature reviews and the
     * heatmap's greens, the learn part of the reviews per day */
    assert_true(count_color(s, t.accent) > 2000);
    assert_true(count_color(s, t.due_count) > 300);
    assert_true(count_color(s, t.new_count) > 200);
    assert_true(count_color(s, t.panel) > W * H / 4);
    double diff = compare_golden(s, "stats.bmp");
    if (diff > 0.005)
        fail_msg("%.2f%% of pixels differ from golden/stats.bmp", diff * 100);
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
        cmocka_unit_test(test_stats_screen_matches_golden),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
