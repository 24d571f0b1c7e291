/*
 * test_ui_screens.c: the app's screens without a display (ui/app): scripted events at
 * scripted times, a fake text measurer, and assertions on the DrawList and on the store
 * (review-log rows, buried and suspended cards).
 */
#include "test_support.h"

#include "core/store.h"
#include "core/store_study.h"
#include "core/store_sync.h"
#include "core/str.h"
#include "ui/app.h"

#define T0 1716084840000LL /* 2024-05-19 02:14 UTC */
#define W  1000.0f
#define H  700.0f

static float fake_measure(void *user, FontId font, float size, const char *text)
{
    (void)user, (void)font, (void)size;
    return 8.0f * (float)strlen(text);
}

typedef struct HostLog {
    int resyncs;
    int opens;
    char path[512];
    int line;
} HostLog;

static void fake_resync(void *user, DeckErrors *errs)
{
    (void)errs;
    ((HostLog *)user)->resyncs++;
}

static void fake_open(void *user, const char *path, int line)
{
    HostLog *h = user;
    h->opens++;
    snprintf(h->path, sizeof(h->path), "%s", path);
    h->line = line;
}

static Store *store;
static App *app;
static DrawList dl;
static HostLog host_log;
static int64_t now;

static int setup(void **state)
{
    (void)state;
    ErrInfo err;
    assert_int_equal(store_open(":memory:", &store, &err), ERR_OK);
    SyncReport rep = {0};
    DeckErrors errs = {0};
    assert_int_equal(
        store_sync_folder(store, ARCHDRILL_TEST_DIR "/fixtures/decks-good", 1, &rep, &errs),
        ERR_OK);
    assert_int_equal(errs.count, 0);
    memset(&host_log, 0, sizeof(host_log));
    memset(&dl, 0, sizeof(dl));
    now = T0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    app_destroy(app);
    app = NULL;
    draw_free(&dl);
    store_close(store);
    return 0;
}

static void start(const DeckErrors *errors, const char *fatal)
{
    AppConfig cfg = {.store = fatal ? NULL : store,
                     .host = {.user = &host_log,
                              .measure = fake_measure,
                              .resync = fake_resync,
                              .open_file = fake_open},
                     .theme = theme_light(),
                     .day_rule = DAY_RULE_UTC,
                     .errors = errors,
                     .fatal = fatal};
    app = app_create(&cfg, now);
    assert_true(app_frame(app, NULL, W, H, now, &dl));
}

static bool frame(const InputEvent *ev)
{
    now += 1500; /* a person takes a moment between actions */
    return app_frame(app, ev, W, H, now, &dl);
}

static bool press_key(Key k, char ch, int mods)
{
    InputEvent ev = {.type = INPUT_KEY, .key = k, .ch = ch, .mods = mods};
    return frame(&ev);
}

static void press(char ch)
{
    assert_true(press_key(KEY_CHAR, ch, 0));
}

/* Finds a TEXT command containing s; returns it or NULL. */
static const DrawCmd *find_text(const char *s)
{
    for (size_t i = 0; i < dl.count; i++)
        if (dl.cmds[i].kind == DRAW_TEXT && strstr(draw_cmd_text(&dl, &dl.cmds[i]), s))
            return &dl.cmds[i];
    return NULL;
}

static void click_text(const char *label)
{
    const DrawCmd *c = find_text(label);
    if (!c)
        fail_msg("no \"%s\" on screen", label);
    InputEvent down = {
        .type = INPUT_MOUSE_DOWN, .button = 1, .x = c->rect.x + 2, .y = c->rect.y + 4};
    InputEvent up = down;
    up.type = INPUT_MOUSE_UP;
    frame(&down);
    frame(&up);
}

static int64_t q(const char *sql)
{
    int64_t v = -1;
    assert_int_equal(store_query_int(store, sql, &v), ERR_OK);
    return v;
}

static void test_home_lists_decks_with_counts(void **state)
{
    (void)state;
    start(NULL, NULL);
    assert_int_equal(app_screen(app), APP_HOME);
    assert_non_null(find_text("Sample deck"));
    assert_non_null(find_text("All decks"));
    assert_non_null(find_text("Today: 0 reviewed; left: 0 due, 0 learning, 2 new"));
    assert_true(press_key(KEY_DOWN, 0, 0));
    assert_int_equal(app_home_selection(app), 1);
    assert_true(press_key(KEY_UP, 0, 0));
    assert_int_equal(app_home_selection(app), 0);
    assert_false(press_key(KEY_CHAR, 'q', MOD_CTRL));
    InputEvent quit = {.type = INPUT_QUIT};
    assert_false(frame(&quit));
}

static void test_study_answer_undo_and_summary(void **state)
{
    (void)state;
    start(NULL, NULL);
    press('s');
    assert_int_equal(app_screen(app), APP_REVIEW);
    assert_non_null(find_text("load"));  /* the first card's front: "What does a load..." */
    assert_null(find_text("unhealthy")); /* its back is hidden */
    assert_null(find_text("Again"));
    assert_true(press_key(KEY_SPACE, 0, 0));
    assert_non_null(find_text("unhealthy"));
    assert_non_null(find_text("Again"));
    assert_non_null(find_text("1m")); /* Again's next interval */
    assert_non_null(find_text("10m"));
    press('3');
    assert_int_equal(q("SELECT count(*) FROM review_log"), 1);
    assert_int_equal(q("SELECT rating FROM review_log"), 3);
    assert_true(q("SELECT duration_ms FROM review_log") >= 1500);
    press('u');
    assert_int_equal(q("SELECT count(*) FROM review_log"), 0);
    assert_non_null(find_text("Undone"));
    /* answer both new cards with the mouse: Show answer, then Easy */
    for (int i = 0; i < 2; i++) {
        click_text("Show answer");
        click_text("Easy");
    }
    assert_int_equal(q("SELECT count(*) FROM review_log WHERE rating = 4"), 2);
    assert_int_equal(app_screen(app), APP_SUMMARY);
    assert_non_null(find_text("Session complete"));
    assert_non_null(find_text("2 cards"));
    assert_non_null(find_text("Again rate: 0%"));
    assert_true(press_key(KEY_ESCAPE, 0, 0));
    assert_int_equal(app_screen(app), APP_HOME);
    assert_non_null(find_text("Today: 2 reviewed"));
}

static void test_bury_suspend_edit_and_resync(void **state)
{
    (void)state;
    start(NULL, NULL);
    assert_true(press_key(KEY_ENTER, 0, 0)); /* row 0, "All decks" */
    assert_int_equal(app_screen(app), APP_REVIEW);
    press('e');
    assert_int_equal(host_log.opens, 1);
    assert_true(str_ends_with(host_log.path, "decks-good/sample.md"));
    assert_int_equal(host_log.line, 6);
    InputEvent focus = {.type = INPUT_FOCUS_GAINED};
    frame(&focus);
    assert_int_equal(host_log.resyncs, 1);
    press('b');
    assert_int_equal(q("SELECT count(*) FROM card_state WHERE buried_until_day > 0"), 1);
    press('s');
    assert_int_equal(q("SELECT count(*) FROM card_state WHERE suspended = 1"), 1);
    /* nothing answered: back home with a message */
    assert_int_equal(app_screen(app), APP_HOME);
    assert_non_null(find_text("Nothing to study"));
}

static void test_deck_errors_are_shown_in_the_window(void **state)
{
    (void)state;
    DeckErrors errs = {0};
    deck_errors_add(&errs, "/decks/broken.md", 12, 3, "duplicate id 'x': line 4 has the same id");
    start(&errs, NULL);
    deck_errors_free(&errs);
    assert_non_null(find_text("/decks/broken.md:12:3: duplicate id"));
    press('x');
    assert_non_null(find_text("Deck files with errors"));
    assert_true(press_key(KEY_ESCAPE, 0, 0));
    assert_null(find_text("Deck files with errors"));
}

static void test_refused_database_shows_why(void **state)
{
    (void)state;
    start(NULL, "/home/u/.local/share/archdrill/archdrill.db: database schema version 9 is "
                "newer than this archdrill understands (3)");
    assert_int_equal(app_screen(app), APP_FATAL);
    assert_non_null(find_text("cannot open your collection"));
    assert_non_null(find_text("schema version 9"));
    assert_non_null(find_text("archdrill restore FILE"));
}

static void test_placeholders_go_back(void **state)
{
    (void)state;
    start(NULL, NULL);
    press('w');
    assert_int_equal(app_screen(app), APP_PLACEHOLDER);
    assert_non_null(find_text("Whiteboard"));
    assert_true(press_key(KEY_ESCAPE, 0, 0));
    assert_int_equal(app_screen(app), APP_HOME);
}

static void type_text(const char *s)
{
    InputEvent ev = {.type = INPUT_TEXT};
    snprintf(ev.text, sizeof(ev.text), "%s", s);
    frame(&ev);
}

static void test_settings_save_a_valid_preset_only(void **state)
{
    (void)state;
    start(NULL, NULL);
    assert_true(press_key(KEY_DOWN, 0, 0)); /* the Sample deck */
    press('o');
    assert_int_equal(app_screen(app), APP_SETTINGS);
    assert_non_null(find_text("Sample deck"));
    assert_true(press_key(KEY_TAB, 0, 0)); /* New cards a day, all selected */
    type_text("5");
    assert_true(press_key(KEY_ENTER, 0, 0));
    assert_non_null(find_text("Saved."));
    assert_int_equal(q("SELECT count(*) FROM presets"), 1);
    Preset p;
    assert_int_equal(store_preset_get(store, q("SELECT id FROM decks WHERE key = 'sample'"), &p),
                     ERR_OK);
    assert_int_equal(p.new_per_day, 5);
    /* a bad retention is named and nothing changes */
    assert_true(press_key(KEY_TAB, 0, 0));
    assert_true(press_key(KEY_TAB, 0, 0)); /* Desired retention */
    type_text("2");
    assert_true(press_key(KEY_ENTER, 0, 0));
    assert_non_null(find_text("Desired retention: a number from 0.70 to 0.99"));
    assert_int_equal(store_preset_get(store, q("SELECT id FROM decks WHERE key = 'sample'"), &p),
                     ERR_OK);
    assert_true(p.params.desired_retention > 0.89 && p.params.desired_retention < 0.91);
    /* the theme is saved and applied */
    click_text("Dark");
    Buf b = {0};
    assert_int_equal(store_setting_get(store, "theme", &b), ERR_OK);
    assert_string_equal(buf_str(&b), "dark");
    buf_free(&b);
    assert_true(dl.cmds[0].color.r < 128); /* the background is now dark */
    assert_true(press_key(KEY_ESCAPE, 0, 0));
    assert_int_equal(app_screen(app), APP_HOME);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_home_lists_decks_with_counts),      T(test_study_answer_undo_and_summary),
        T(test_bury_suspend_edit_and_resync),      T(test_deck_errors_are_shown_in_the_window),
        T(test_refused_database_shows_why),        T(test_placeholders_go_back),
        T(test_settings_save_a_valid_preset_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
