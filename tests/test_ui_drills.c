/*
 * test_ui_drills.c: the drill screens without a display (ui/screen_drills, screen_attempt)
 * under a scripted clock: a 45-minute design drill with notes, an automatic phase change,
 * a pause, the curveball, the reference, the self-score and "what I missed"; an
 * estimation round; and resuming an attempt after the app was killed.
 */
#include "test_support.h"

#include "core/store.h"
#include "core/store_sync.h"
#include "core/str.h"
#include "ui/app.h"

#define T0  1716084840000LL
#define MIN 60000LL

static float fake_measure(void *user, FontId font, float size, const char *text)
{
    (void)user, (void)font, (void)size;
    return 8.0f * (float)strlen(text);
}

static Store *store;
static App *app;
static DrawList dl;
static int64_t now;

static int setup(void **state)
{
    (void)state;
    ErrInfo err;
    assert_int_equal(store_open(":memory:", &store, &err), ERR_OK);
    SyncReport rep = {0};
    DeckErrors errs = {0};
    assert_int_equal(
        store_sync_folder(store, ARCHDRILL_TEST_DIR "/fixtures/drills", 1, &rep, &errs), ERR_OK);
    assert_int_equal(errs.count, 0);
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

static void start_app(void)
{
    AppConfig cfg = {.store = store,
                     .host = {.measure = fake_measure},
                     .theme = theme_light(),
                     .day_rule = DAY_RULE_UTC};
    app = app_create(&cfg, now);
    assert_true(app_frame(app, NULL, 1100, 720, now, &dl));
}

static void frame_at(int64_t t, const InputEvent *ev)
{
    now = t;
    assert_true(app_frame(app, ev, 1100, 720, now, &dl));
}

static void key(Key k, char ch, int mods)
{
    InputEvent ev = {.type = INPUT_KEY, .key = k, .ch = ch, .mods = mods};
    frame_at(now + 1000, &ev);
}

static void type(const char *s)
{
    InputEvent ev = {.type = INPUT_TEXT};
    snprintf(ev.text, sizeof(ev.text), "%s", s);
    frame_at(now + 1000, &ev);
}

static bool shows(const char *s)
{
    for (size_t i = 0; i < dl.count; i++)
        if (dl.cmds[i].kind == DRAW_TEXT && strstr(draw_cmd_text(&dl, &dl.cmds[i]), s))
            return true;
    return false;
}

static int64_t q(const char *sql)
{
    int64_t v = -1;
    assert_int_equal(store_query_int(store, sql, &v), ERR_OK);
    return v;
}

/* From home, opens the drill list and starts the drill in row `row` (0 suggested). */
static void open_drill(int row)
{
    key(KEY_CHAR, 'd', 0);
    assert_int_equal(app_screen(app), APP_DRILLS);
    for (int i = 0; i < row; i++)
        key(KEY_DOWN, 0, 0);
    key(KEY_ENTER, 0, 0);
    assert_int_equal(app_screen(app), APP_ATTEMPT);
}

static void test_design_drill_end_to_end(void **state)
{
    (void)state;
    start_app();
    open_drill(0); /* suggested: the only design drill */
    int64_t t0 = now;
    assert_true(shows("Design a URL shortener"));
    assert_true(shows("Phase 5:00"));
    type("100M links a month");
    assert_true(shows("100M links a month"));
    /* time passes: the requirements phase (5 min) runs out, then 30 s of grace */
    frame_at(t0 + 5 * MIN + 1000, NULL);
    assert_true(shows("Time is up"));
    frame_at(t0 + 5 * MIN + 31000, NULL);
    assert_true(shows("Notes: Estimation"));
    /* a pause stops the clock */
    key(KEY_CHAR, 'p', MOD_CTRL);
    frame_at(now + 10 * MIN, NULL);
    assert_true(shows("Paused"));
    key(KEY_CHAR, 'p', MOD_CTRL);
    /* the phases move on by themselves; the curveball comes at minute 30 of active time */
    key(KEY_ENTER, 0, MOD_CTRL); /* estimation ends early, by key */
    assert_true(shows("Notes: Entities and API"));
    frame_at(now + 22 * MIN, NULL);
    assert_true(shows("Notes: Deep dives"));
    assert_false(shows("Curveball"));
    frame_at(now + 3 * MIN, NULL);
    assert_true(shows("Curveball"));
    key(KEY_ENTER, 0, MOD_CTRL);
    key(KEY_ENTER, 0, MOD_CTRL); /* wrap-up done: the reference */
    assert_true(shows("Reference"));
    assert_true(shows("Your notes"));
    key(KEY_ENTER, 0, 0);
    assert_true(shows("Score yourself"));
    for (int i = 0; i < 8; i++)
        key(KEY_CHAR, '4', 0);
    key(KEY_ENTER, 0, 0);
    assert_true(shows("What did you miss?"));
    type("the hot-key curveball");
    key(KEY_ENTER, 0, MOD_CTRL);
    assert_int_equal(app_screen(app), APP_DRILLS);
    assert_true(shows("Saved: Design a URL shortener, result 100%."));
    assert_int_equal(q("SELECT count(*) FROM drill_attempts WHERE status = 'done'"), 1);
    assert_int_equal(q("SELECT count(*) FROM drill_attempt_scores WHERE score = 4"), 8);
    assert_int_equal(q("SELECT count(*) FROM drill_attempts WHERE missed LIKE '%hot-key%'"), 1);
    assert_int_equal(q("SELECT count(*) FROM drill_attempts WHERE pauses >= 1"), 1);
    /* its history: the result, the eight scores, time used against the plan */
    key(KEY_DOWN, 0, 0);
    key(KEY_DOWN, 0, 0);
    key(KEY_CHAR, 'h', 0);
    assert_true(shows("100%   4 4 4 4 4 4 4 4"));
    assert_true(shows("/5:00, "));
    assert_true(shows("1 pause"));
    key(KEY_ESCAPE, 0, 0);
    assert_int_equal(app_screen(app), APP_DRILLS);
}

static void test_estimation_round(void **state)
{
    (void)state;
    start_app();
    open_drill(3); /* rows: suggested, lightning, then by kind: design, estimation */
    assert_true(shows("Question 1 of 2"));
    type("300 TB");
    key(KEY_ENTER, 0, 0); /* check */
    assert_true(shows("Within 20%: right."));
    key(KEY_ENTER, 0, 0); /* next */
    assert_true(shows("Question 2 of 2"));
    type("1k/s");
    key(KEY_ENTER, 0, 0);
    assert_true(shows("Not within 20%."));
    key(KEY_ENTER, 0, 0);
    assert_int_equal(app_screen(app), APP_DRILLS);
    assert_true(shows("1 of 2 estimates within 20%"));
}

static void test_resume_after_a_crash(void **state)
{
    (void)state;
    start_app();
    open_drill(0);
    int64_t t0 = now;
    type("some notes");
    frame_at(t0 + 2 * MIN, NULL);
    /* the app dies without closing anything: nothing but the database survives */
    app_destroy(app);
    app = NULL;
    now = t0 + 60 * MIN; /* an hour later */
    start_app();
    assert_true(shows("A drill is still in progress"));
    key(KEY_ENTER, 0, 0);
    assert_int_equal(app_screen(app), APP_ATTEMPT);
    assert_true(shows("some notes"));
    /* two minutes were used before the crash; the hour closed counts as paused */
    assert_true(shows("Phase 2:5") || shows("Phase 3:0"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_design_drill_end_to_end),
        T(test_estimation_round),
        T(test_resume_after_a_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
