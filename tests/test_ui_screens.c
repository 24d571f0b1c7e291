/*
 * test_ui_screens.c: the app's screens without a display (ui/app): scripted events at
 * scripted times, a fake text measurer, and assertions on the DrawList and on the store
 * (review-log rows, buried and suspended cards), in wide and narrow windows.
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

static float win_w = W, win_h = H; /* the window of the next frames */

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
    const char *deck_dir; /* when set, a resync syncs this folder */
    int64_t suspend_id;   /* when set, a resync suspends this card (as another tool might) */
} HostLog;

static Store *store;

static void fake_resync(void *user, DeckErrors *errs)
{
    HostLog *h = user;
    h->resyncs++;
    SyncReport rep = {0};
    if (h->deck_dir)
        assert_int_equal(store_sync_folder(store, h->deck_dir, T0 / 1000, &rep, errs), ERR_OK);
    if (h->suspend_id)
        assert_int_equal(store_study_suspend(store, h->suspend_id, true), ERR_OK);
}

static void fake_open(void *user, const char *path, int line)
{
    HostLog *h = user;
    h->opens++;
    snprintf(h->path, sizeof(h->path), "%s", path);
    h->line = line;
}

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
    win_w = W;
    win_h = H;
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
    assert_true(app_frame(app, NULL, win_w, win_h, now, &dl));
}

static bool frame(const InputEvent *ev)
{
    now += 1500; /* a person takes a moment between actions */
    return app_frame(app, ev, win_w, win_h, now, &dl);
}

/* A key held down: SDL's auto-repeat of it. */
static void hold_key(Key k, char ch)
{
    InputEvent ev = {.type = INPUT_KEY, .key = k, .ch = ch, .repeat = true};
    assert_true(frame(&ev));
}

static void focus_back(void)
{
    InputEvent focus = {.type = INPUT_FOCUS_GAINED};
    assert_true(frame(&focus));
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

static void test_held_keys_answer_one_card_per_press(void **state)
{
    (void)state;
    start(NULL, NULL);
    press('s');
    assert_int_equal(app_screen(app), APP_REVIEW);
    hold_key(KEY_SPACE, 0); /* Space held since home: a repeat does not reveal */
    assert_null(find_text("unhealthy"));
    assert_true(press_key(KEY_SPACE, 0, 0));
    assert_non_null(find_text("unhealthy"));
    hold_key(KEY_SPACE, 0); /* ...nor answer Good */
    hold_key(KEY_ENTER, 0);
    for (char k = '1'; k <= '4'; k++)
        hold_key(KEY_CHAR, k);
    const char others[] = "ubse";
    for (int i = 0; others[i]; i++)
        hold_key(KEY_CHAR, others[i]);
    assert_int_equal(q("SELECT count(*) FROM review_log"), 0);
    assert_int_equal(q("SELECT count(*) FROM card_state WHERE suspended OR buried_until_day > 0"),
                     0);
    assert_int_equal(host_log.opens, 0);
    assert_non_null(find_text("unhealthy"));
    /* scrolling may repeat */
    hold_key(KEY_DOWN, 0);
    assert_int_equal(app_screen(app), APP_REVIEW);
    /* Enter held through the last answer stays on the summary */
    press('3');
    assert_int_equal(q("SELECT count(*) FROM review_log"), 1);
    assert_true(press_key(KEY_ENTER, 0, 0)); /* reveal the second card */
    assert_true(press_key(KEY_ENTER, 0, 0)); /* answer it Good */
    assert_int_equal(q("SELECT count(*) FROM review_log"), 2);
    while (app_screen(app) == APP_REVIEW) { /* learning cards come back after a while */
        now += 10 * 60 * 1000;
        assert_true(press_key(KEY_ENTER, 0, 0));
        assert_true(press_key(KEY_CHAR, '4', 0));
    }
    assert_int_equal(app_screen(app), APP_SUMMARY);
    hold_key(KEY_ENTER, 0);
    hold_key(KEY_ESCAPE, 0);
    assert_int_equal(app_screen(app), APP_SUMMARY);
    assert_true(press_key(KEY_ENTER, 0, 0));
    assert_int_equal(app_screen(app), APP_HOME);
}

static void test_summary_time_stops_when_it_appears(void **state)
{
    (void)state;
    start(NULL, NULL);
    press('s');
    for (int i = 0; i < 2; i++) {
        assert_true(press_key(KEY_SPACE, 0, 0));
        press('4');
    }
    assert_int_equal(app_screen(app), APP_SUMMARY);
    /* s, then Space and 4 twice: four actions 1.5 s apart after the session began */
    assert_non_null(find_text("2 cards in 0 min 06 s"));
    now += 10 * 60 * 1000; /* the summary is left on screen */
    assert_true(frame(NULL));
    assert_non_null(find_text("2 cards in 0 min 06 s"));
}

static void test_undo_of_again_takes_it_off_the_again_count(void **state)
{
    (void)state;
    start(NULL, NULL);
    press('s');
    assert_true(press_key(KEY_SPACE, 0, 0));
    press('1'); /* Again */
    assert_int_equal(q("SELECT count(*) FROM review_log WHERE rating = 1"), 1);
    press('u');
    assert_int_equal(q("SELECT count(*) FROM review_log"), 0);
    for (int i = 0; i < 2; i++) {
        assert_true(press_key(KEY_SPACE, 0, 0));
        press('4');
    }
    assert_int_equal(app_screen(app), APP_SUMMARY);
    assert_non_null(find_text("2 cards"));
    assert_non_null(find_text("Again rate: 0%  (0 of 2)"));
}

/* A deck folder of the test's own in a new store, for tests that edit the file. */
static char *own_decks(char **file)
{
    char *dir = tmp_dir();
    *file = path_join(dir, "sample.md");
    char *text = read_file(ARCHDRILL_TEST_DIR "/fixtures/decks-good/sample.md", NULL);
    write_file(*file, text);
    free(text);
    store_close(store); /* a store with this folder's deck only */
    ErrInfo err;
    assert_int_equal(store_open(":memory:", &store, &err), ERR_OK);
    SyncReport rep = {0};
    DeckErrors errs = {0};
    assert_int_equal(store_sync_folder(store, dir, T0 / 1000, &rep, &errs), ERR_OK);
    assert_int_equal(errs.count, 0);
    deck_errors_free(&errs);
    host_log.deck_dir = dir;
    return dir;
}

static const char ONE_CARD_DECK[] =
    "# Sample deck\n<!-- deck: sample; tags: phase/foundations -->\n"
    "\n## What is a cache hit ratio?\n<!-- id: cache-hit-ratio -->\n"
    "\nThe share of reads served from the cache.\n";

static void test_edit_that_removes_the_card_moves_on(void **state)
{
    (void)state;
    char *file = NULL, *dir = own_decks(&file);
    start(NULL, NULL);
    press('s');
    assert_non_null(find_text("load balancer"));
    press('e');
    assert_int_equal(host_log.opens, 1);
    write_file(file, ONE_CARD_DECK); /* the user deletes the card in the editor */
    focus_back();
    assert_int_equal(host_log.resyncs, 1);
    assert_int_equal(app_screen(app), APP_REVIEW);
    assert_null(find_text("load balancer"));
    assert_non_null(find_text("cache hit ratio"));
    assert_non_null(find_text("left the study queue"));
    /* the last card suspended meanwhile (by another tool): nothing answered, home */
    press('e');
    host_log.suspend_id = q("SELECT id FROM cards WHERE key = 'cache-hit-ratio'");
    focus_back();
    assert_int_equal(host_log.resyncs, 2);
    assert_int_equal(app_screen(app), APP_HOME);
    assert_non_null(find_text("left: 0 due, 0 learning, 0 new"));
    rm_rf(dir);
    free(dir);
    free(file);
}

static void test_edit_resyncs_after_esc_too(void **state)
{
    (void)state;
    char *file = NULL, *dir = own_decks(&file);
    start(NULL, NULL);
    press('s');
    press('e');
    assert_true(press_key(KEY_ESCAPE, 0, 0)); /* home before the editor is closed */
    assert_int_equal(app_screen(app), APP_HOME);
    write_file(file, ONE_CARD_DECK);
    focus_back();
    assert_int_equal(host_log.resyncs, 1);
    assert_non_null(find_text("Today: 0 reviewed; left: 0 due, 0 learning, 1 new"));
    focus_back(); /* once per edit */
    assert_int_equal(host_log.resyncs, 1);
    rm_rf(dir);
    free(dir);
    free(file);
}

/* Fails when two text runs of the frame overlap, or one of them or a rectangle (a button)
 * leaves the window. */
static void assert_no_text_overlaps(void)
{
    for (size_t i = 0; i < dl.count; i++) {
        const DrawCmd *a = &dl.cmds[i];
        if (a->kind == DRAW_RECT && (a->rect.x < 0 || a->rect.x + a->rect.w > win_w + 0.01f ||
                                     a->rect.y < 0 || a->rect.y + a->rect.h > win_h + 0.01f))
            fail_msg("a rectangle at %.0f,%.0f %.0f x %.0f leaves the %.0f x %.0f window",
                     a->rect.x, a->rect.y, a->rect.w, a->rect.h, win_w, win_h);
        if (a->kind != DRAW_TEXT)
            continue;
        const char *ta = draw_cmd_text(&dl, a);
        float aw = fake_measure(NULL, a->font, a->size, ta);
        if (a->rect.x < 0 || a->rect.x + aw > win_w || a->rect.y < 0 || a->rect.y + a->size > win_h)
            fail_msg("\"%s\" at %.0f,%.0f leaves the %.0f x %.0f window", ta, a->rect.x, a->rect.y,
                     win_w, win_h);
        for (size_t j = i + 1; j < dl.count; j++) {
            const DrawCmd *b = &dl.cmds[j];
            if (b->kind != DRAW_TEXT)
                continue;
            const char *tb = draw_cmd_text(&dl, b);
            float bw = fake_measure(NULL, b->font, b->size, tb);
            if (a->rect.x < b->rect.x + bw && b->rect.x < a->rect.x + aw &&
                a->rect.y < b->rect.y + b->size && b->rect.y < a->rect.y + a->size)
                fail_msg("\"%s\" overlaps \"%s\"", ta, tb);
        }
    }
}

static void test_narrow_window_nothing_overlaps(void **state)
{
    (void)state;
    win_w = 560;
    start(NULL, NULL);
    press('s');
    assert_non_null(find_text("All decks")); /* the title, on a line of its own */
    assert_non_null(find_text("Suspend"));
    assert_no_text_overlaps();
    assert_true(press_key(KEY_SPACE, 0, 0));
    assert_non_null(find_text("Easy"));
    assert_no_text_overlaps();
    press('u'); /* a message over the buttons */
    assert_no_text_overlaps();
    /* a wide window keeps the title in the top bar */
    win_w = 1000;
    assert_true(frame(NULL));
    float title_y = find_text("All decks")->rect.y;
    assert_true(title_y < find_text("Suspend")->rect.y + 30);
    assert_no_text_overlaps();
}

static void test_smallest_window_fits_home(void **state)
{
    (void)state;
    win_w = UI_MIN_WIDTH;
    win_h = UI_MIN_HEIGHT;
    start(NULL, NULL);
    assert_no_text_overlaps();
    assert_non_null(find_text("Settings  (o)")); /* the last of the action row */
    press('s');
    assert_no_text_overlaps();
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

/* d, w and t leave home (for the drills, the whiteboard and the stats, built or not) and
 * Esc comes back. */
static void test_home_keys_leave_and_esc_returns(void **state)
{
    (void)state;
    start(NULL, NULL);
    const char keys[] = "dwt";
    for (int i = 0; keys[i]; i++) {
        press(keys[i]);
        assert_int_not_equal(app_screen(app), APP_HOME);
        assert_true(press_key(KEY_ESCAPE, 0, 0));
        assert_int_equal(app_screen(app), APP_HOME);
    }
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
        T(test_home_lists_decks_with_counts),
        T(test_study_answer_undo_and_summary),
        T(test_bury_suspend_edit_and_resync),
        T(test_deck_errors_are_shown_in_the_window),
        T(test_refused_database_shows_why),
        T(test_home_keys_leave_and_esc_returns),
        T(test_settings_save_a_valid_preset_only),
        T(test_held_keys_answer_one_card_per_press),
        T(test_summary_time_stops_when_it_appears),
        T(test_undo_of_again_takes_it_off_the_again_count),
        T(test_edit_that_removes_the_card_moves_on),
        T(test_edit_resyncs_after_esc_too),
        T(test_narrow_window_nothing_overlaps),
        T(test_smallest_window_fits_home),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
