/*
 * test_ui_stats.c: the statistics screen and the home screen's game figures without a
 * display (ui/app): a collection with two months of answers and some drills, scripted
 * keys, wheel and mouse at scripted times, a fake text measurer, and assertions on the
 * DrawList and on the figures the core computes: `t` opens the screen, the figures
 * appear, the page scrolls, the scope switches between all decks and each deck, f switches
 * 30/90 days, Esc goes home, the figures are read once (not per frame), both themes keep
 * their text readable, and home shows the streak, rank, XP and today's goal.
 */
#include "test_support.h"

#include "core/game.h"
#include "core/store.h"
#include "core/store_stats.h"
#include "core/store_study.h"
#include "ui/app.h"

#include <math.h>

#define T0     1716120000000LL /* 2024-05-19 12:00 UTC */
#define MIN_MS 60000LL
#define W      1280.0f
#define H      800.0f

static float fake_measure(void *user, FontId font, float size, const char *text)
{
    (void)user, (void)font, (void)size;
    return 8.0f * (float)strlen(text);
}

static Store *store;
static App *app;
static DrawList dl;
static int64_t now;
static const DayRule rule = {0, 0};

static void exec(const char *sql)
{
    if (store_exec(store, sql))
        fail_msg("%s: %s", sql, store_errmsg(store));
}

static int64_t q(const char *sql)
{
    int64_t v = -1;
    if (store_query_int(store, sql, &v))
        fail_msg("%s: %s", sql, store_errmsg(store));
    return v;
}

static void add_deck(const char *key, const char *name, int cards, const char *tags)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO decks(key, name, source_path, created_s, modified_s)"
             " VALUES('%s', '%s', '/x/%s.md', 1, 1)",
             key, name, key);
    exec(sql);
    for (int i = 0; i < cards; i++) {
        snprintf(sql, sizeof(sql),
                 "INSERT INTO cards(deck_id, key, front, back, tags, source_path, source_line,"
                 " content_hash, created_s, modified_s) SELECT id, '%s-%d', 'Q', 'A', '%s', '/x',"
                 " 1, 'h', 1, 1 FROM decks WHERE key = '%s';"
                 " INSERT INTO card_state(card_id) VALUES(last_insert_rowid())",
                 key, i, tags, key);
        exec(sql);
    }
}

/* Answers what is due at `at` (Again now and then), and introduces up to `fresh` new cards. */
static void study(int64_t at, int fresh, int day)
{
    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(store_study_card_ids(store, 0, &ids, &n), ERR_OK);
    for (size_t i = 0; i < n; i++) {
        StudyCard c;
        assert_int_equal(store_study_card(store, ids[i], &c), ERR_OK);
        bool is_new = c.fsrs.state == FSRS_STATE_NEW;
        bool due = !is_new && c.fsrs.due_ms <= at;
        store_study_card_free(&c);
        if (is_new && fresh > 0)
            fresh--;
        else if (!due)
            continue;
        int rating = (ids[i] + day) % 9 == 0 ? 1 : (ids[i] + day) % 7 == 0 ? 2 : 3;
        if (store_study_answer(store, ids[i], rating, at, 6000 + (ids[i] % 5) * 1000, &rule, NULL))
            fail_msg("answer: %s", store_errmsg(store));
        at += MIN_MS / 2;
    }
    free(ids);
}

/* Two decks, two months of study (a few days skipped), and finished drills. */
static void make_history(void)
{
    add_deck("alpha", "Alpha patterns", 24, "phase/foundations");
    add_deck("beta", "Beta decisions", 12, "phase/design-practice");
    for (int d = 60; d >= 1; d--) {
        if (d % 13 == 5)
            continue; /* a day off */
        int64_t at = T0 - d * DAY_MS - 3 * 3600000LL;
        study(at, d > 40 ? 3 : 1, d);
        study(at + 15 * MIN_MS, 0, d); /* the learning steps */
    }
    exec("INSERT INTO drill_prompts(key, kind, title, body, source_path, source_line,"
         " content_hash, created_s, modified_s) VALUES('design-x', 'design', 'X', '', '/d', 1,"
         " 'h', 1, 1), ('est-x', 'estimation', 'E', '', '/d', 1, 'h', 1, 1)");
    static const int scores[3][8] = {
        {2, 2, 3, 2, 1, 2, 2, 3}, {3, 2, 3, 3, 2, 3, 3, 3}, {3, 3, 4, 3, 3, 3, 3, 4}};
    for (int a = 0; a < 3; a++) {
        char sql[1024];
        int64_t ended = T0 - (20 - 7 * a) * DAY_MS;
        snprintf(sql, sizeof(sql),
                 "INSERT INTO drill_attempts(prompt_id, status, started_ms, ended_ms, phases)"
                 " SELECT id, 'done', %lld, %lld, '[{\"planned_ms\":300000,\"used_ms\":%d},"
                 "{\"planned_ms\":240000,\"used_ms\":200000},{\"planned_ms\":300000,\"used_ms\":"
                 "300000},{\"planned_ms\":720000,\"used_ms\":800000},{\"planned_ms\":780000,"
                 "\"used_ms\":700000},{\"planned_ms\":360000,\"used_ms\":300000}]'"
                 " FROM drill_prompts WHERE key = 'design-x'",
                 (long long)(ended - 2700000), (long long)ended, 280000 + a * 20000);
        exec(sql);
        for (int d = 0; d < 8; d++) {
            snprintf(sql, sizeof(sql),
                     "INSERT INTO drill_attempt_scores(attempt_id, dimension, score)"
                     " VALUES((SELECT max(id) FROM drill_attempts), %d, %d)",
                     d, scores[a][d]);
            exec(sql);
        }
    }
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO drill_attempts(prompt_id, status, started_ms, ended_ms, phases, correct,"
             " total) SELECT id, 'done', %lld, %lld, '[{\"correct\":true},{\"correct\":true},"
             "{\"correct\":false},{\"correct\":true}]', 3, 4 FROM drill_prompts"
             " WHERE key = 'est-x'",
             (long long)(T0 - 3 * DAY_MS), (long long)(T0 - 3 * DAY_MS + 600000));
    exec(sql);
}

static int setup(void **state)
{
    (void)state;
    ErrInfo err;
    assert_int_equal(store_open(":memory:", &store, &err), ERR_OK);
    make_history();
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

static void start(Theme theme)
{
    AppConfig cfg = {
        .store = store, .host = {.measure = fake_measure}, .theme = theme, .day_rule = rule};
    app = app_create(&cfg, now);
    assert_true(app_frame(app, NULL, W, H, now, &dl));
}

static bool frame(const InputEvent *ev)
{
    now += 1500;
    return app_frame(app, ev, W, H, now, &dl);
}

static void press_key(Key k, char ch)
{
    InputEvent ev = {.type = INPUT_KEY, .key = k, .ch = ch};
    assert_true(frame(&ev));
}

static void press(char ch)
{
    press_key(KEY_CHAR, ch);
}

static const DrawCmd *find_text(const char *s)
{
    for (size_t i = 0; i < dl.count; i++)
        if (dl.cmds[i].kind == DRAW_TEXT && strstr(draw_cmd_text(&dl, &dl.cmds[i]), s))
            return &dl.cmds[i];
    return NULL;
}

static void expect_text(const char *s)
{
    if (!find_text(s))
        fail_msg("no \"%s\" on screen", s);
}

static size_t count_kind(DrawKind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < dl.count; i++)
        n += dl.cmds[i].kind == kind;
    return n;
}

/* Scrolls down a page at a time until s shows (or the end); fails if it never does. */
static const DrawCmd *scroll_to_text(const char *s)
{
    for (int i = 0; i < 40; i++) {
        const DrawCmd *c = find_text(s);
        if (c && c->rect.y > 140 && c->rect.y < H - 60)
            return c;
        press_key(KEY_PAGE_DOWN, 0);
    }
    fail_msg("scrolled to the end without seeing \"%s\"", s);
    return NULL;
}

static void fmt_int(int64_t n, char *out, size_t cap)
{
    char raw[32];
    snprintf(raw, sizeof(raw), "%lld", (long long)n);
    size_t len = strlen(raw), o = 0;
    for (size_t i = 0; i < len && o + 2 < cap; i++) {
        if (i && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = raw[i];
    }
    out[o] = '\0';
}

/* The figures as the core computes them now, for one deck or all (0). */
static void expected(int64_t deck_id, Stats *st, Game *g)
{
    assert_int_equal(store_stats_load(store, deck_id, now, &rule, st), ERR_OK);
    game_compute(st, g);
}

static void test_t_opens_the_figures_and_esc_goes_home(void **state)
{
    (void)state;
    start(theme_light());
    press('t');
    assert_int_equal(app_screen(app), APP_STATS);
    Stats st;
    Game g;
    expected(0, &st, &g);
    assert_true(st.total_answers > 200);
    assert_true(g.streak.current > 0);
    char text[160], num[32];
    expect_text("Statistics");
    expect_text("All decks");
    expect_text("Esc back");
    expect_text("Left/Right scope");
    expect_text("f 30/90 days");
    expect_text("PgUp/PgDn");
    expect_text("Progress");
    snprintf(text, sizeof(text), "%d day%s", g.streak.current, g.streak.current == 1 ? "" : "s");
    expect_text(text);
    snprintf(text, sizeof(text), "%.0f%%", g.streak.habit * 100);
    expect_text(text);
    fmt_int(g.xp.total, num, sizeof(num));
    snprintf(text, sizeof(text), "%s XP", num);
    expect_text(text);
    expect_text(game_rank_name(g.rank));
    snprintf(text, sizeof(text), "next: %s", game_rank_name(g.rank + 1));
    expect_text(text);
    snprintf(text, sizeof(text), "%s needs:", game_rank_name(g.rank + 1));
    expect_text(text);
    char lines[4][GAME_TEXT_CAP];
    assert_true(game_rank_missing(g.rank + 1, &g.evidence, lines, 4) > 0);
    expect_text(lines[0]);
    expect_text("Today's goal:");
    expect_text("You are ready when you can:");
    for (int i = 0; i < GAME_READINESS_ITEMS; i++) {
        expect_text(g.readiness[i].item);
        expect_text(g.readiness[i].evidence);
    }
    expect_text("Roadmap phases");
    expect_text("Foundations");

    /* the plots, each with its figures */
    int64_t year = 0;
    int studied = 0;
    for (int64_t d = st.today - 364; d <= st.today; d++) {
        int32_t n = stats_day_total(stats_day(&st, d));
        year += n;
        studied += n > 0;
    }
    fmt_int(year, num, sizeof(num));
    snprintf(text, sizeof(text), "%s answers on %d of the last 365 days", num, studied);
    scroll_to_text(text);
    expect_text("Mon");
    scroll_to_text("Future due: next 30 days");
    snprintf(text, sizeof(text), "due today %d (%d overdue), tomorrow %d", st.forecast[0],
             st.overdue, st.forecast[1]);
    expect_text(text);
    scroll_to_text("Reviews per day: last 30 days");
    int64_t learn = 0;
    for (int64_t d = st.today - 29; d <= st.today; d++)
        learn += stats_day(&st, d)->answers[STATS_LEARN];
    fmt_int(learn, num, sizeof(num));
    snprintf(text, sizeof(text), "Learn %s", num);
    expect_text(text);
    expect_text("Relearn");
    scroll_to_text("True retention");
    expect_text("Yesterday");
    expect_text("Last month");
    snprintf(text, sizeof(text), "%.1f%%", stats_rate(st.young[STATS_MONTH]) * 100);
    expect_text(text);
    snprintf(text, sizeof(text), "%lld of %lld", (long long)st.young[STATS_MONTH].passed,
             (long long)(st.young[STATS_MONTH].passed + st.young[STATS_MONTH].failed));
    expect_text(text);
    scroll_to_text("Card states");
    snprintf(text, sizeof(text), "%d cards in All decks", st.cards.total);
    expect_text(text);
    scroll_to_text("Stability");
    expect_text("Difficulty");
    expect_text("1mo");
    scroll_to_text("Answer buttons");
    expect_text("Hourly breakdown");
    expect_text("Again");
    scroll_to_text("Rubric scores over time");
    expect_text("Self-scores 1-4 of the last 3 design drills");
    expect_text("Communication and time");
    scroll_to_text("Time per phase");
    expect_text("Mean minutes used against the plan, 3 design drills");
    expect_text("Estimation accuracy");
    expect_text("Last 4 answers: 3 correct");
    expect_text("75.0%");
    /* plots are rectangles and triangles */
    assert_true(count_kind(DRAW_RECT) > 100);
    assert_true(count_kind(DRAW_TRIANGLES) > 10); /* the rubric trend lines */

    press_key(KEY_ESCAPE, 0);
    assert_int_equal(app_screen(app), APP_HOME);
    expect_text("Alpha patterns");
    /* back again: a fresh screen at the top */
    press('t');
    assert_int_equal(app_screen(app), APP_STATS);
    expect_text("Progress");
    stats_free(&st);
}

static float y_of(const char *s)
{
    const DrawCmd *c = find_text(s);
    if (!c)
        fail_msg("no \"%s\"", s);
    return c->rect.y;
}

static void test_scrolling(void **state)
{
    (void)state;
    start(theme_light());
    press('t');
    float top = y_of("Progress");
    press_key(KEY_DOWN, 0);
    assert_true(fabsf(y_of("Progress") - (top - 40)) < 0.01f);
    press_key(KEY_UP, 0);
    assert_true(fabsf(y_of("Progress") - top) < 0.01f);
    /* the wheel: over the page, dy < 0 scrolls down */
    InputEvent move = {.type = INPUT_MOUSE_MOVE, .x = 600, .y = 400};
    frame(&move);
    InputEvent wheel = {.type = INPUT_WHEEL, .x = 600, .y = 400, .dy = -1};
    frame(&wheel);
    assert_true(y_of("Progress") < top);
    /* PageDown moves by most of a page; the header stays */
    press_key(KEY_HOME, 0);
    press_key(KEY_PAGE_DOWN, 0);
    assert_null(find_text("Progress"));
    expect_text("Statistics");
    expect_text("Esc back");
    press_key(KEY_PAGE_UP, 0);
    assert_true(fabsf(y_of("Progress") - top) < 0.01f);
    /* End shows the last panels, and no further: End again changes nothing */
    press_key(KEY_END, 0);
    expect_text("Estimation accuracy");
    float last = y_of("Estimation accuracy");
    press_key(KEY_PAGE_DOWN, 0);
    assert_true(fabsf(y_of("Estimation accuracy") - last) < 0.01f);
    assert_null(find_text("Progress"));
    press_key(KEY_HOME, 0);
    assert_true(fabsf(y_of("Progress") - top) < 0.01f);
}

static void test_scope_switching(void **state)
{
    (void)state;
    start(theme_light());
    press('t');
    expect_text("All decks");
    expect_text("scope 1 of 3");
    Stats all, alpha, beta;
    Game g, game_all;
    expected(0, &all, &game_all);
    int64_t alpha_id = q("SELECT id FROM decks WHERE key = 'alpha'");
    int64_t beta_id = q("SELECT id FROM decks WHERE key = 'beta'");
    expected(alpha_id, &alpha, &g);
    expected(beta_id, &beta, &g);
    char text[160], xp[64], num[32];
    fmt_int(game_all.xp.total, num, sizeof(num));
    snprintf(xp, sizeof(xp), "%s XP", num);
    /* Right: the first deck (the home list is sorted by name) */
    press_key(KEY_RIGHT, 0);
    expect_text("Alpha patterns");
    expect_text("scope 2 of 3");
    /* the game stays the player's: all decks and drills */
    expect_text("Progress (all decks and drills)");
    expect_text(xp);
    scroll_to_text("Card states");
    snprintf(text, sizeof(text), "%d cards in Alpha patterns", alpha.cards.total);
    expect_text(text);
    press_key(KEY_RIGHT, 0);
    expect_text("Beta decisions");
    snprintf(text, sizeof(text), "%d cards in Beta decisions", beta.cards.total);
    scroll_to_text(text);
    assert_true(alpha.cards.total + beta.cards.total == all.cards.total);
    /* Right again wraps to all decks; Left goes back */
    press_key(KEY_RIGHT, 0);
    expect_text("scope 1 of 3");
    press_key(KEY_LEFT, 0);
    expect_text("Beta decisions");
    /* the buttons by the scope do the same */
    press_key(KEY_HOME, 0);
    const DrawCmd *next = find_text(">");
    assert_non_null(next);
    InputEvent down = {
        .type = INPUT_MOUSE_DOWN, .button = 1, .x = next->rect.x + 2, .y = next->rect.y + 4};
    InputEvent up = down;
    up.type = INPUT_MOUSE_UP;
    frame(&down);
    frame(&up);
    expect_text("scope 1 of 3");
    /* stats opened on a deck selected at home start in that deck */
    press_key(KEY_ESCAPE, 0);
    press_key(KEY_DOWN, 0);
    press('t');
    expect_text("Alpha patterns");
    expect_text("scope 2 of 3");
    stats_free(&all);
    stats_free(&alpha);
    stats_free(&beta);
}

static void test_range_toggle(void **state)
{
    (void)state;
    start(theme_light());
    press('t');
    scroll_to_text("Future due: next 30 days");
    expect_text("Reviews per day: last 30 days");
    expect_text("+29d");
    press('f');
    expect_text("Future due: next 90 days");
    expect_text("Reviews per day: last 90 days");
    expect_text("+89d");
    press('f');
    expect_text("Future due: next 30 days");
}

/* The figures are read when the screen opens and when the scope changes, not per frame. */
static void test_figures_read_once(void **state)
{
    (void)state;
    start(theme_light());
    press('t');
    Stats st;
    Game g;
    expected(0, &st, &g);
    char before[96], after[96];
    snprintf(before, sizeof(before), "(%d answered)", g.goal.answered);
    expect_text(before);
    stats_free(&st);
    /* an answer made behind the screen's back */
    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(store_study_card_ids(store, 0, &ids, &n), ERR_OK);
    assert_int_equal(store_study_answer(store, ids[0], 3, now, 1000, &rule, NULL), ERR_OK);
    free(ids);
    press_key(KEY_DOWN, 0);
    press_key(KEY_UP, 0);
    expect_text(before);
    /* a scope change reads them again */
    press_key(KEY_RIGHT, 0);
    press_key(KEY_LEFT, 0);
    snprintf(after, sizeof(after), "(%d answered)", g.goal.answered + 1);
    expect_text(after);
}

static double luminance(Color c)
{
    double ch[3] = {c.r / 255.0, c.g / 255.0, c.b / 255.0};
    for (int i = 0; i < 3; i++)
        ch[i] = ch[i] <= 0.03928 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

static double contrast(Color a, Color b)
{
    double x = luminance(a), y = luminance(b);
    return (fmax(x, y) + 0.05) / (fmin(x, y) + 0.05);
}

/* Every text on every page of the screen stands out from the panels it is drawn on. */
static void check_readable(Theme theme)
{
    start(theme);
    press('t');
    for (int page = 0; page < 12; page++) {
        for (size_t i = 0; i < dl.count; i++) {
            const DrawCmd *c = &dl.cmds[i];
            if (c->kind != DRAW_TEXT)
                continue;
            double k = fmin(contrast(c->color, theme.panel), contrast(c->color, theme.background));
            if (k < 3.0)
                fail_msg("\"%s\" has a contrast of %.2f", draw_cmd_text(&dl, c), k);
        }
        press_key(KEY_PAGE_DOWN, 0);
    }
}

static void test_readable_in_both_themes(void **state)
{
    (void)state;
    check_readable(theme_light());
    app_destroy(app);
    app = NULL;
    check_readable(theme_dark());
}

static void test_tooltip_on_a_plot(void **state)
{
    (void)state;
    start(theme_light());
    press('t');
    const DrawCmd *title = scroll_to_text("Future due: next 30 days");
    /* the first bar (today) sits at the left of the plot, some way under the title */
    float x = title->rect.x + 44 + 3, y = title->rect.y + 120;
    InputEvent move = {.type = INPUT_MOUSE_MOVE, .x = x, .y = y};
    frame(&move);
    now += 2000;
    assert_true(app_frame(app, NULL, W, H, now, &dl));
    now += 2000;
    assert_true(app_frame(app, NULL, W, H, now, &dl));
    expect_text("cards due");
}

static void test_home_shows_streak_rank_xp_and_goal(void **state)
{
    (void)state;
    start(theme_light());
    /* the first frame comes without waiting for the review log; the figures follow */
    assert_null(find_text("Streak"));
    assert_true(app_next_deadline_ms(app) > 0);
    assert_true(app_next_deadline_ms(app) <= now + 1);
    frame(NULL);
    Stats st;
    Game g;
    expected(0, &st, &g);
    char text[64], num[32];
    expect_text("Streak");
    snprintf(text, sizeof(text), "%d day%s", g.streak.current, g.streak.current == 1 ? "" : "s");
    expect_text(text);
    expect_text("Habit");
    expect_text("Rank");
    expect_text(game_rank_name(g.rank));
    expect_text("XP");
    fmt_int(g.xp.total, num, sizeof(num));
    expect_text(num);
    expect_text("Today's goal: ");
    stats_free(&st);
    /* studying everything due ticks the goal and keeps the streak going */
    for (int i = 0; i < 200 && !find_text("Today's goal: done"); i++) {
        press('s');
        if (app_screen(app) != APP_REVIEW) {
            now += 11 * MIN_MS; /* learning steps come back */
            press_key(KEY_ESCAPE, 0);
            continue;
        }
        while (app_screen(app) == APP_REVIEW) {
            press_key(KEY_SPACE, 0);
            press('4');
        }
        press_key(KEY_ESCAPE, 0);
        assert_int_equal(app_screen(app), APP_HOME);
    }
    expect_text("Today's goal: done");
    frame(NULL); /* the figures, read after the frame that showed home */
    expected(0, &st, &g);
    assert_int_equal(g.streak.today, GAME_DAY_DONE);
    snprintf(text, sizeof(text), "%d day%s", g.streak.current, g.streak.current == 1 ? "" : "s");
    expect_text(text);
    stats_free(&st);
    /* coming back to the window with nothing new asks for no second read of the log */
    InputEvent focus = {.type = INPUT_FOCUS_GAINED};
    frame(&focus);
    int64_t d = app_next_deadline_ms(app);
    assert_true(d == 0 || d > now + 1);
    /* an answer given elsewhere (another window, the command line) is counted when
     * archdrill gets the focus back */
    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(store_study_card_ids(store, 0, &ids, &n), ERR_OK);
    assert_int_equal(store_study_answer(store, ids[0], 1, now, 1000, &rule, NULL), ERR_OK);
    free(ids);
    frame(&focus);
    d = app_next_deadline_ms(app);
    assert_true(d > 0 && d <= now + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_t_opens_the_figures_and_esc_goes_home, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_scrolling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope_switching, setup, teardown),
        cmocka_unit_test_setup_teardown(test_range_toggle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_figures_read_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readable_in_both_themes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tooltip_on_a_plot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_home_shows_streak_rank_xp_and_goal, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
