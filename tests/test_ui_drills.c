/*
 * test_ui_drills.c: the drill screens without a display (ui/screen_drills, screen_attempt)
 * under a scripted clock: a 45-minute design drill with notes, an automatic phase change,
 * a pause, the curveball, the reference, the self-score and "what I missed"; an
 * estimation round and its accuracy in the history; a risk review, an ADR drill and
 * lightning rounds; saving notes in every stage and when the app quits; resuming an
 * attempt after the app was killed, and a resume that fails.
 */
#include "test_support.h"

#include "core/store.h"
#include "core/store_sync.h"
#include "core/str.h"
#include "ui/app.h"
#include "ui/app_internal.h" /* the lightning round's questions, to answer them */

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
static char *dir, *db_path;

/* A risk review, an ADR drill and a small deck of pattern cards for lightning rounds, in a
 * folder of their own (the fixtures' folder has a design and an estimation drill). With
 * them the drill list reads: suggested, lightning, then by kind: adr, design, estimation,
 * risk. */
#define ROW_ADR        2
#define ROW_DESIGN     3
#define ROW_ESTIMATION 4
#define ROW_RISK       5

static const char RISK_MD[] =
    "# Risk review: one database for everything\n"
    "<!-- kind: risk; id: risk-one-db; minutes: 10 -->\n\n"
    "## Design\nEvery service reads and writes one PostgreSQL primary, without a replica.\n\n"
    "## Reference risks\n"
    "1. **A single point of failure:** the primary dies and everything stops.\n"
    "2. **Restores never tested:** the backups may not restore.\n"
    "3. **Coupled schemas:** one migration can break every service.\n\n"
    "## Key concepts\n- `reliability`: failover and backups\n";

static const char ADR_MD[] = "# ADR: a broker for order events\n"
                             "<!-- kind: adr; id: adr-broker; minutes: 15 -->\n\n"
                             "## Scenario\nOrders are written by one service and read by five.\n\n"
                             "## Reference ADR\n"
                             "### Context\nFive consumers need every order event.\n"
                             "### Decision\nUse Kafka keyed by order id.\n"
                             "### Consequences\nA cluster to run; consumers must be idempotent.\n\n"
                             "## Key concepts\n- `messaging`: partitions and ordering\n";

static const char PATTERNS_MD[] =
    "# Test patterns\n<!-- deck: test-patterns; tags: patterns -->\n\n"
    "## Saga\n<!-- id: saga -->\nA chain of local transactions undone by compensations.\n\n"
    "## Outbox\n<!-- id: outbox -->\nAn event written in the data's own transaction.\n\n"
    "## Circuit breaker\n<!-- id: breaker -->\nStops calling a failing dependency for a "
    "while.\n\n"
    "## Bulkhead\n<!-- id: bulkhead -->\nSeparate pools so one overload cannot sink all.\n\n"
    "## Strangler fig\n<!-- id: strangler -->\nReplaces a legacy system route by route.\n\n"
    "## CQRS\n<!-- id: cqrs -->\nSeparate models for writes and for reads.\n";

static void add_short_drills(void)
{
    char *extra = path_join(dir, "extra");
    assert_int_equal(mkdir(extra, 0700), 0);
    const char *const names[] = {"risk.md", "adr.md", "patterns.md"};
    const char *const texts[] = {RISK_MD, ADR_MD, PATTERNS_MD};
    for (int i = 0; i < 3; i++) {
        char *p = path_join(extra, names[i]);
        write_file(p, texts[i]);
        free(p);
    }
    SyncReport rep = {0};
    DeckErrors errs = {0};
    assert_int_equal(store_sync_folder(store, extra, 1, &rep, &errs), ERR_OK);
    if (errs.count)
        fail_msg("%s:%d: %s", errs.items[0].file, errs.items[0].line, errs.items[0].msg);
    free(extra);
}

static int setup(void **state)
{
    (void)state;
    ErrInfo err;
    dir = tmp_dir();
    db_path = path_join(dir, "archdrill.db");
    assert_int_equal(store_open(db_path, &store, &err), ERR_OK);
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
    store = NULL;
    rm_rf(dir);
    free(dir);
    free(db_path);
    return 0;
}

static int chimes; /* overrun chimes the app asked the host for */

static void fake_chime(void *user)
{
    (void)user;
    chimes++;
}

static void start_app(void)
{
    chimes = 0;
    AppConfig cfg = {.store = store,
                     .host = {.measure = fake_measure, .chime = fake_chime},
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
    /* the pause, parsed from its JSON: one, from Ctrl+P to Ctrl+P (ten minutes and the
     * second of the key press) */
    assert_int_equal(q("SELECT json_array_length(pauses) FROM drill_attempts"), 1);
    assert_int_equal(
        q("SELECT json_extract(pauses, '$[0][1]') - json_extract(pauses, '$[0][0]') FROM"
          " drill_attempts"),
        10 * MIN + 1000);
    /* the six phases each took time, the first its 5 minutes and 30 s of grace */
    assert_int_equal(q("SELECT json_array_length(phases) FROM drill_attempts"), 6);
    assert_int_equal(q("SELECT count(*) FROM drill_attempts, json_each(phases)"
                       " WHERE json_extract(value, '$.used_ms') > 0"),
                     6);
    assert_int_equal(q("SELECT json_extract(phases, '$[0].used_ms') FROM drill_attempts"),
                     5 * MIN + 30000);
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
    /* its history shows the accuracy: the share of answers within 20% */
    key(KEY_CHAR, 'h', 0);
    assert_true(shows("Accuracy: 1 of 2 within 20% (50%)"));
    assert_true(shows("1 of 2 within 20%"));
    key(KEY_ESCAPE, 0, 0);
}

/* The session text of the only attempt contains `text`, as another process would read it
 * from the file (so a write the app has not committed does not count). */
static bool saved_has(const char *text)
{
    char sql[300];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM drill_attempts WHERE instr(session, '%s') > 0",
             text);
    Store *other = NULL;
    ErrInfo err;
    assert_int_equal(store_open(db_path, &other, &err), ERR_OK);
    int64_t n = -1;
    assert_int_equal(store_query_int(other, sql, &n), ERR_OK);
    store_close(other);
    return n == 1;
}

static void test_estimation_answer_survives_a_resume(void **state)
{
    (void)state;
    start_app();
    open_drill(3);
    type("300 TB");
    /* the app quits with the answer typed but not checked */
    app_destroy(app);
    app = NULL;
    assert_true(saved_has("300 TB"));
    now += 60 * MIN;
    start_app();
    assert_true(shows("A drill is still in progress"));
    key(KEY_ENTER, 0, 0);
    assert_int_equal(app_screen(app), APP_ATTEMPT);
    assert_true(shows("Question 1 of 2"));
    assert_true(shows("300 TB"));
    /* the box holds the answer: editing it edits that answer */
    key(KEY_BACKSPACE, 0, 0);
    key(KEY_BACKSPACE, 0, 0);
    type("TB");
    key(KEY_ENTER, 0, 0);
    assert_true(shows("Within 20%: right."));
}

static void test_failed_resume_is_told_on_home(void **state)
{
    (void)state;
    start_app();
    open_drill(0);
    app_destroy(app);
    app = NULL;
    assert_int_equal(store_exec(store, "UPDATE drill_attempts SET session = 'damaged'"), ERR_OK);
    start_app();
    assert_true(shows("A drill is still in progress"));
    key(KEY_ENTER, 0, 0);
    assert_int_equal(app_screen(app), APP_HOME);
    assert_false(shows("A drill is still in progress"));
    assert_true(shows("Could not resume \"Design a URL shortener\": its saved state does not"
                      " read back"));
    /* the attempt is kept, and the drill list has no stale message */
    assert_int_equal(q("SELECT count(*) FROM drill_attempts WHERE status = 'running'"), 1);
    key(KEY_CHAR, 'd', 0);
    assert_true(shows("Enter start"));
}

/* Notes typed while paused, and "what I missed", reach the database a little after the
 * typing (without any other input), and whatever is newer when the app quits. */
static void test_notes_saved_in_every_stage(void **state)
{
    (void)state;
    start_app();
    open_drill(0);
    key(KEY_CHAR, 'p', MOD_CTRL);
    assert_true(shows("Paused"));
    assert_int_equal(q("SELECT status = 'paused' FROM drill_attempts"), 1);
    type("paused thoughts");
    assert_false(saved_has("paused thoughts")); /* not on every keystroke */
    int64_t due = app_next_deadline_ms(app);
    assert_true(due > now && due <= now + 2000);
    frame_at(due, NULL);
    assert_true(saved_has("paused thoughts"));
    assert_int_equal(app_next_deadline_ms(app), 0); /* paused, all saved: idle */
    key(KEY_CHAR, 'p', MOD_CTRL);
    for (int i = 0; i < 6; i++)
        key(KEY_ENTER, 0, MOD_CTRL);
    assert_true(shows("Reference"));
    assert_true(saved_has("stage reference")); /* each stage change is saved at once */
    key(KEY_ENTER, 0, 0);
    for (int i = 0; i < 8; i++)
        key(KEY_CHAR, '3', 0);
    assert_true(saved_has("scores 8 3 3 3 3 3 3 3 3"));
    key(KEY_ENTER, 0, 0);
    assert_true(saved_has("stage missed"));
    type("the cache");
    due = app_next_deadline_ms(app);
    assert_true(due > now && due <= now + 2000);
    frame_at(due, NULL);
    assert_true(saved_has("missed the cache"));
    assert_int_equal(app_next_deadline_ms(app), 0);
    /* typed just before quitting: saved by the quit */
    type(" and the queue");
    assert_false(saved_has("the cache and the queue"));
    app_destroy(app);
    app = NULL;
    store_close(store);
    ErrInfo err;
    assert_int_equal(store_open(db_path, &store, &err), ERR_OK);
    assert_true(saved_has("paused thoughts"));
    assert_true(saved_has("missed the cache and the queue"));
    assert_int_equal(q("SELECT count(*) FROM drill_attempts WHERE status IN ('running', 'paused')"),
                     1);
}

static void test_risk_review(void **state)
{
    (void)state;
    add_short_drills();
    start_app();
    open_drill(ROW_RISK);
    int64_t t0 = now;
    assert_true(shows("Risk review: one database for everything"));
    assert_true(shows("Phase 10:00"));
    assert_true(shows("Name the top 3 risks"));
    type("the primary is a SPOF");
    key(KEY_TAB, 0, 0);
    type("restores never tried");
    key(KEY_TAB, 0, 0);
    type("retry storms");
    /* ten minutes run out, then 30 s of grace end the review */
    frame_at(t0 + 10 * MIN + 1000, NULL);
    assert_true(shows("Time is up"));
    frame_at(t0 + 10 * MIN + 30000, NULL);
    assert_true(shows("Reference"));
    assert_true(shows("single point of failure"));
    assert_true(shows("retry storms")); /* own notes beside the reference */
    key(KEY_ENTER, 0, 0);
    assert_true(shows("How many of the reference's top 3 risks did you find?"));
    key(KEY_CHAR, '2', 0);
    key(KEY_ENTER, 0, 0);
    assert_true(shows("What did you miss?"));
    type("coupled schemas");
    key(KEY_ENTER, 0, MOD_CTRL);
    assert_int_equal(app_screen(app), APP_DRILLS);
    assert_true(shows("Saved: Risk review: one database for everything, result 67%."));
    assert_int_equal(q("SELECT count(*) FROM drill_attempts WHERE status = 'done'"), 1);
    assert_int_equal(q("SELECT score FROM drill_attempt_scores"), 2);
    assert_int_equal(q("SELECT json_extract(phases, '$[0].planned_ms') FROM drill_attempts"),
                     10 * MIN);
    assert_int_equal(q("SELECT json_extract(phases, '$[0].used_ms') FROM drill_attempts"),
                     10 * MIN + 30000);
    assert_int_equal(q("SELECT json_extract(notes, '$.\"Risk 1\"') = 'the primary is a SPOF'"
                       " AND json_extract(notes, '$.\"Risk 2\"') = 'restores never tried'"
                       " AND json_extract(notes, '$.\"Risk 3\"') = 'retry storms'"
                       " FROM drill_attempts"),
                     1);
    assert_int_equal(q("SELECT missed = 'coupled schemas' FROM drill_attempts"), 1);
}

static void test_adr_drill(void **state)
{
    (void)state;
    add_short_drills();
    start_app();
    open_drill(ROW_ADR);
    assert_true(shows("ADR: a broker for order events"));
    assert_true(shows("Phase 15:00"));
    assert_true(shows("Write the decision record"));
    type("five consumers");
    key(KEY_TAB, 0, 0);
    type("use Kafka");
    key(KEY_TAB, 0, 0);
    type("a cluster to run");
    key(KEY_TAB, 0, MOD_SHIFT); /* back to the decision */
    type(" by order id");
    frame_at(now + 9 * MIN, NULL);
    key(KEY_ENTER, 0, MOD_CTRL); /* finished early */
    assert_true(shows("Reference"));
    assert_true(shows("Use Kafka keyed by order id."));
    key(KEY_ENTER, 0, 0);
    assert_true(shows("Score your ADR"));
    key(KEY_CHAR, '3', 0);
    key(KEY_ENTER, 0, 0);
    key(KEY_ENTER, 0, MOD_CTRL);
    assert_int_equal(app_screen(app), APP_DRILLS);
    assert_true(shows("Saved: ADR: a broker for order events, result 67%."));
    assert_int_equal(q("SELECT score FROM drill_attempt_scores"), 3);
    assert_int_equal(q("SELECT json_extract(notes, '$.Context') = 'five consumers'"
                       " AND json_extract(notes, '$.Decision') = 'use Kafka by order id'"
                       " AND json_extract(notes, '$.Consequences') = 'a cluster to run'"
                       " FROM drill_attempts"),
                     1);
    assert_int_equal(q("SELECT json_extract(phases, '$[0].planned_ms') FROM drill_attempts"),
                     15 * MIN);
    int64_t used = q("SELECT json_extract(phases, '$[0].used_ms') FROM drill_attempts");
    assert_true(used > 9 * MIN && used < 10 * MIN);
}

/* Answers the lightning round's current question, rightly or not. */
static void lightning_pick(bool right)
{
    const LightningQuestion *qn = lightning_question(app->lightning.round, now);
    assert_non_null(qn);
    int option = right ? qn->correct : (qn->correct + 1) % LIGHTNING_OPTIONS;
    key(KEY_CHAR, (char)('1' + option), 0);
}

static void test_lightning_rounds(void **state)
{
    (void)state;
    add_short_drills();
    start_app();
    key(KEY_CHAR, 'd', 0);
    key(KEY_DOWN, 0, 0);
    key(KEY_ENTER, 0, 0);
    assert_int_equal(app_screen(app), APP_LIGHTNING);
    int64_t t0 = now;
    assert_true(shows("90 s"));
    lightning_pick(true);
    assert_true(shows("Right:"));
    lightning_pick(true);
    lightning_pick(false);
    assert_true(shows("No, it was:"));
    lightning_pick(true);
    frame_at(t0 + 90000, NULL);
    assert_true(shows("Time!"));
    assert_true(shows("3 right of 4 answered: score 25 (best 25)"));
    frame_at(now + 1000, NULL); /* saved once, not per frame */
    assert_int_equal(q("SELECT count(*) FROM lightning_rounds"), 1);
    assert_int_equal(q("SELECT score = 25 AND answered = 4 AND correct = 3 FROM lightning_rounds"),
                     1);
    /* a worse round keeps the best score */
    key(KEY_ENTER, 0, 0);
    int64_t t1 = now;
    lightning_pick(false);
    frame_at(t1 + 90000, NULL);
    assert_true(shows("0 right of 1 answered: score 0 (best 25)"));
    assert_int_equal(q("SELECT count(*) FROM lightning_rounds"), 2);
    assert_int_equal(q("SELECT max(score) FROM lightning_rounds"), 25);
    key(KEY_ESCAPE, 0, 0);
    assert_int_equal(app_screen(app), APP_DRILLS);
    assert_true(shows("best 25"));
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

/* The overrun chime sounds once when a phase runs over, only when turned on in Settings. */
static void test_overrun_chime_is_optional(void **state)
{
    (void)state;
    start_app();
    open_drill(0);
    int64_t t0 = now;
    frame_at(t0 + 5 * MIN + 1000, NULL);
    assert_true(shows("Time is up"));
    assert_int_equal(chimes, 0); /* off unless turned on */
    key(KEY_ESCAPE, 0, 0);       /* leave it; home offers to resume: Esc abandons it */
    key(KEY_ESCAPE, 0, 0);
    key(KEY_CHAR, 'o', 0); /* the chime is turned on in Settings */
    assert_true(shows("Overrun chime"));
    const DrawCmd *on = NULL;
    for (size_t i = 0; i < dl.count; i++)
        if (dl.cmds[i].kind == DRAW_TEXT && strcmp(draw_cmd_text(&dl, &dl.cmds[i]), "On") == 0)
            on = &dl.cmds[i];
    assert_non_null(on);
    InputEvent down = {
        .type = INPUT_MOUSE_DOWN, .x = on->rect.x + 4, .y = on->rect.y + 6, .button = 1};
    InputEvent up = down;
    up.type = INPUT_MOUSE_UP;
    frame_at(now + 100, &down);
    frame_at(now + 100, &up);
    key(KEY_ESCAPE, 0, 0);
    Buf v = {0};
    assert_int_equal(store_setting_get(store, "overrun_sound", &v), ERR_OK);
    assert_string_equal(buf_str(&v), "on");
    buf_free(&v);
    /* a new attempt: its first phase runs over, one chime; the next frames add none */
    open_drill(0);
    t0 = now;
    frame_at(t0 + 5 * MIN + 1000, NULL);
    assert_int_equal(chimes, 1);
    frame_at(t0 + 5 * MIN + 2000, NULL);
    assert_int_equal(chimes, 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_design_drill_end_to_end),
        T(test_estimation_round),
        T(test_resume_after_a_crash),
        T(test_estimation_answer_survives_a_resume),
        T(test_failed_resume_is_told_on_home),
        T(test_notes_saved_in_every_stage),
        T(test_risk_review),
        T(test_adr_drill),
        T(test_lightning_rounds),
        T(test_overrun_chime_is_optional),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
