/*
 * test_store_attempt.c: drill attempts on the database (core/store_attempt): created,
 * saved, found again after the store is closed mid-attempt (kill -9), abandoned, finished
 * with their summary, score rows and history; the prompts' spaced schedule and the
 * suggestion's order; focus tags from weak attempts; estimation accuracy; lightning pools
 * and best scores.
 */
#include "test_support.h"

#include "core/store_attempt.h"
#include "core/store_drill.h"
#include "core/str.h"

#include <signal.h>
#include <sys/wait.h>

#define MIN  60000LL
#define DAY  86400000LL
#define WALL 1700000000000LL /* 2023-11-14 22:13:20 UTC */

static char *dir;
static Store *store;
static DayRule rule;

static int setup(void **state)
{
    (void)state;
    dir = tmp_dir();
    char *path = path_join(dir, "archdrill.db");
    ErrInfo err = {0};
    assert_int_equal(store_open(path, &store, &err), ERR_OK);
    free(path);
    rule = DAY_RULE_UTC;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(store);
    rm_rf(dir);
    free(dir);
    return 0;
}

static int64_t q(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int64_t q(const char *fmt, ...)
{
    char sql[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    int64_t v = -1;
    if (store_query_int(store, sql, &v))
        fail_msg("%s: %s", sql, store_errmsg(store));
    return v;
}

static char *design_text(const char *id)
{
    Buf b = {0};
    buf_printf(&b,
               "# Design %s\n<!-- kind: design; id: %s -->\n## Prompt\nDesign it.\n"
               "## Scale\n- 1 M users\n",
               id, id);
    for (int i = 0; i < DRILL_PHASES; i++)
        buf_printf(&b, "## %s (%d min)\nAsk %d.\n", DRILL_PHASE_NAMES[i],
                   DRILL_PHASE_DEFAULT_MINUTES[i], i);
    buf_puts(&b, "## Curveball (minute 30)\nTraffic x10.\n## Key concepts\n"
                 "- `caching`: hot reads\n- `partitioning`: shards\n## Rubric notes\n");
    for (int i = 0; i < DRILL_DIMENSIONS; i++)
        buf_printf(&b, "- **%s:** note %d\n", DRILL_DIMENSION_NAMES[i], i);
    buf_puts(&b, "## Reference outline\nThe outline.\n");
    return buf_take(&b);
}

static const char ESTIMATION[] = "# Estimation\n<!-- kind: estimation; id: est; minutes: 2 -->\n"
                                 "## Storage?\n<!-- id: q1 -->\n**Answer:** 270 TB\n\nBecause.\n"
                                 "## Rate?\n<!-- id: q2 -->\n**Answer:** 2.3k/s\n\nDivide.\n"
                                 "## Cost?\n<!-- id: q3 -->\n**Answer:** $12k\n\nMultiply.\n";

typedef struct Prompt {
    int64_t id;
    Deck *deck;
    Drill *drill;
    char *text;
} Prompt;

/* Syncs a drill text into the store and keeps it parsed. */
static Prompt add_prompt(char *text)
{
    Prompt p = {0};
    p.text = text;
    DeckErrors errs = {0};
    assert_int_equal(deck_parse("d.md", text, strlen(text), &p.deck, &errs), ERR_OK);
    assert_int_equal(drill_from_deck(p.deck, &p.drill, &errs), ERR_OK);
    char path[128];
    snprintf(path, sizeof(path), "/drills/%s.md", p.deck->id);
    bool changed = false;
    assert_int_equal(store_drill_sync(store, p.deck, path, text, 1, &changed, &errs), ERR_OK);
    deck_errors_free(&errs);
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT id FROM drill_prompts WHERE key = '%s'", p.deck->id);
    p.id = q("%s", sql);
    return p;
}

static void free_prompt(Prompt *p)
{
    drill_free(p->drill);
    deck_free(p->deck);
    free(p->text);
}

/* A design session taken to DONE with scores[i] on each dimension. */
static Session *done_design(const Prompt *p, const int scores[DRILL_DIMENSIONS])
{
    Session *s = NULL;
    assert_int_equal(session_start(p->drill, 0, SESSION_GRACE_DEFAULT_MS, &s), ERR_OK);
    session_set_note(s, 0, "needs \"quotes\" and\nlines");
    session_update(s, 6 * MIN);
    session_next(s, 8 * MIN);
    session_pause(s, 9 * MIN);
    session_resume(s, 10 * MIN);
    session_finish(s, 20 * MIN);
    session_next(s, 20 * MIN);
    for (size_t i = 0; i < DRILL_DIMENSIONS; i++)
        assert_true(session_set_score(s, i, scores[i]));
    session_next(s, 20 * MIN);
    session_set_missed(s, "sharding the counters");
    session_next(s, 20 * MIN);
    assert_int_equal(session_stage(s), SESSION_DONE);
    return s;
}

static int64_t finish_design(const Prompt *p, const int scores[DRILL_DIMENSIONS], int64_t wall)
{
    Session *s = done_design(p, scores);
    int64_t id = 0;
    assert_int_equal(store_attempt_create(store, p->id, s, 20 * MIN, wall - 20 * MIN, &id), ERR_OK);
    assert_int_equal(store_attempt_finish(store, id, s, 20 * MIN, wall, &rule), ERR_OK);
    session_free(s);
    return id;
}

static const int ALL2[DRILL_DIMENSIONS] = {2, 2, 2, 2, 2, 2, 2, 2};
static const int ALL4[DRILL_DIMENSIONS] = {4, 4, 4, 4, 4, 4, 4, 4};

/* ---- attempts in progress ---------------------------------------------------------- */

static void test_create_save_find_abandon(void **state)
{
    (void)state;
    Prompt p = add_prompt(design_text("url"));
    Session *s = NULL;
    assert_int_equal(session_start(p.drill, 1000, SESSION_GRACE_DEFAULT_MS, &s), ERR_OK);
    int64_t id = 0;
    assert_int_equal(store_attempt_create(store, 999, s, 1000, WALL, &id), ERR_NOT_FOUND);
    assert_int_equal(store_attempt_create(store, p.id, s, 1000, WALL, &id), ERR_OK);
    assert_true(id > 0);
    assert_int_equal(q("SELECT count(*) FROM drill_attempts WHERE status = 'running'"
                       " AND started_ms = %lld",
                       WALL),
                     1);
    session_set_note(s, 0, "functional: shorten, redirect");
    session_pause(s, 2000);
    assert_int_equal(store_attempt_save(store, id, s, 3000, WALL + 2000), ERR_OK);
    assert_int_equal(
        q("SELECT status = 'paused' FROM drill_attempts WHERE id = %lld", (long long)id), 1);

    AttemptOpen open;
    assert_int_equal(store_attempt_find_open(store, &open), ERR_OK);
    assert_int_equal(open.attempt_id, id);
    assert_int_equal(open.prompt_id, p.id);
    assert_string_equal(open.prompt_key, "url");
    assert_string_equal(open.title, "Design url");
    assert_int_equal(open.kind, DECK_KIND_DESIGN);
    assert_int_equal(open.started_ms, WALL);
    assert_int_equal(open.saved_ms, WALL + 2000);
    Session *back = NULL;
    char why[128];
    assert_int_equal(
        session_parse(open.session, strlen(open.session), 50, WALL + 9000, &back, why, sizeof(why)),
        ERR_OK);
    assert_string_equal(session_note(back, 0), "functional: shorten, redirect");
    session_free(back);
    store_attempt_open_free(&open);

    /* the most recently saved open attempt is offered */
    Session *s2 = NULL;
    assert_int_equal(session_start(p.drill, 0, 0, &s2), ERR_OK);
    int64_t id2 = 0;
    assert_int_equal(store_attempt_create(store, p.id, s2, 0, WALL + 5000, &id2), ERR_OK);
    assert_int_equal(store_attempt_find_open(store, &open), ERR_OK);
    assert_int_equal(open.attempt_id, id2);
    store_attempt_open_free(&open);

    assert_int_equal(store_attempt_abandon(store, id2, WALL + 6000), ERR_OK);
    assert_int_equal(store_attempt_abandon(store, id2, WALL + 6000), ERR_NOT_FOUND);
    assert_int_equal(store_attempt_save(store, id2, s2, 0, WALL + 7000), ERR_NOT_FOUND);
    assert_int_equal(store_attempt_find_open(store, &open), ERR_OK);
    assert_int_equal(open.attempt_id, id);
    store_attempt_open_free(&open);
    assert_int_equal(store_attempt_abandon(store, id, WALL + 8000), ERR_OK);
    assert_int_equal(store_attempt_find_open(store, &open), ERR_NOT_FOUND);
    assert_null(open.session);
    store_attempt_open_free(&open);

    /* the prompt comes back parsed, for the screens and for resuming */
    Deck *deck = NULL;
    Drill *drill = NULL;
    assert_int_equal(store_attempt_prompt(store, p.id, &deck, &drill), ERR_OK);
    assert_int_equal(drill->kind, DECK_KIND_DESIGN);
    assert_int_equal(drill->curveball_minute, 30);
    assert_int_equal(drill->concept_count, 2);
    drill_free(drill);
    deck_free(deck);
    assert_int_equal(store_attempt_prompt(store, 999, &deck, &drill), ERR_NOT_FOUND);
    assert_null(deck);
    assert_null(drill);
    assert_int_equal(store_exec(store, "UPDATE drill_prompts SET body = '# broken'"), ERR_OK);
    assert_int_equal(store_attempt_prompt(store, p.id, &deck, &drill), ERR_PARSE);
    assert_null(deck);
    assert_null(drill);

    /* boards link by id; 0 unlinks */
    assert_int_equal(store_exec(store, "INSERT INTO boards(name, created_s, modified_s)"
                                       " VALUES('b', 1, 1)"),
                     ERR_OK);
    assert_int_equal(store_attempt_set_board(store, id, 1), ERR_OK);
    assert_int_equal(q("SELECT board_id FROM drill_attempts WHERE id = %lld", (long long)id), 1);
    assert_int_equal(store_attempt_set_board(store, id, 0), ERR_OK);
    assert_int_equal(
        q("SELECT board_id IS NULL FROM drill_attempts WHERE id = %lld", (long long)id), 1);
    assert_int_equal(store_attempt_set_board(store, 12345, 1), ERR_NOT_FOUND);
    assert_int_equal(store_attempt_set_board(store, id, 777), ERR_DB); /* no such board */
    session_free(s);
    session_free(s2);
    free_prompt(&p);
}

/* The app is killed (SIGKILL) mid-drill: the last save is what a new process finds. */
static void test_resume_after_kill(void **state)
{
    (void)state;
    Prompt p = add_prompt(design_text("chat"));
    char *path = strdup(store_path(store));
    store_close(store);
    store = NULL;
    int64_t active_at_save = 0;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        Store *child = NULL;
        ErrInfo err = {0};
        Session *s = NULL;
        int64_t id = 0;
        if (store_open(path, &child, &err) || session_start(p.drill, 500, 30000, &s) ||
            store_attempt_create(child, p.id, s, 500, WALL, &id))
            _exit(1);
        session_next(s, 500 + 3 * MIN);
        session_set_note(s, 1, "100k QPS");
        if (store_attempt_save(child, id, s, 500 + 4 * MIN, WALL + 4 * MIN))
            _exit(2);
        kill(getpid(), SIGKILL);
        _exit(3);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    active_at_save = 4 * MIN;

    ErrInfo err = {0};
    assert_int_equal(store_open(path, &store, &err), ERR_OK);
    free(path);
    AttemptOpen open;
    assert_int_equal(store_attempt_find_open(store, &open), ERR_OK);
    Session *s = NULL;
    char why[128];
    /* restarted 20 minutes later; the new process's clock reads 70 ms */
    assert_int_equal(session_parse(open.session, strlen(open.session), 70, WALL + 24 * MIN, &s, why,
                                   sizeof(why)),
                     ERR_OK);
    int64_t id = open.attempt_id;
    store_attempt_open_free(&open);
    SessionView v;
    session_view(s, 70, &v);
    assert_true(v.paused);
    assert_int_equal(v.phase, 1);
    assert_int_equal(v.active_ms, active_at_save);
    assert_int_equal(v.phase_remaining_ms, 4 * MIN - MIN);
    assert_string_equal(session_note(s, 1), "100k QPS");
    session_resume(s, 1070);
    assert_int_equal(session_pause_at(s, 0)->end_ms - session_pause_at(s, 0)->begin_ms,
                     20 * MIN + 1000);
    assert_int_equal(store_attempt_save(store, id, s, 1070, WALL + 24 * MIN + 1000), ERR_OK);
    assert_int_equal(
        q("SELECT status = 'running' FROM drill_attempts WHERE id = %lld", (long long)id), 1);
    session_free(s);
    free_prompt(&p);
}

/* ---- finishing and history --------------------------------------------------------- */

static void test_finish_and_history(void **state)
{
    (void)state;
    Prompt p = add_prompt(design_text("feed"));
    Session *s = NULL;
    assert_int_equal(session_start(p.drill, 0, SESSION_GRACE_DEFAULT_MS, &s), ERR_OK);
    int64_t id = 0;
    assert_int_equal(store_attempt_create(store, p.id, s, 0, WALL, &id), ERR_OK);
    assert_int_equal(store_attempt_finish(store, id, s, 0, WALL, &rule), ERR_PARSE);
    session_free(s);

    const int scores[DRILL_DIMENSIONS] = {3, 2, 4, 3, 3, 2, 3, 4};
    s = done_design(&p, scores);
    assert_int_equal(store_attempt_finish(store, id, s, 20 * MIN, WALL + 25 * MIN, &rule), ERR_OK);
    assert_int_equal(store_attempt_finish(store, id, s, 20 * MIN, WALL + 25 * MIN, &rule),
                     ERR_NOT_FOUND);
    assert_int_equal(q("SELECT count(*) FROM drill_attempts WHERE id = %lld AND status = 'done'"
                       " AND ended_ms = %lld",
                       (long long)id, WALL + 25 * MIN),
                     1);
    assert_int_equal(
        q("SELECT sum(score) FROM drill_attempt_scores WHERE attempt_id = %lld", (long long)id),
        24);
    /* the summary columns are JSON that SQLite reads */
    assert_int_equal(q("SELECT json_extract(scores, '$.\"Deep dive\"') FROM drill_attempts"
                       " WHERE id = %lld",
                       (long long)id),
                     3);
    assert_int_equal(q("SELECT json_extract(phases, '$[0].used_ms') FROM drill_attempts"
                       " WHERE id = %lld",
                       (long long)id),
                     5 * MIN + 30000);
    assert_int_equal(q("SELECT json_extract(notes, '$.Requirements') = 'needs \"quotes\" and"
                       "\nlines' FROM drill_attempts WHERE id = %lld",
                       (long long)id),
                     1);
    assert_int_equal(
        q("SELECT json_array_length(pauses) FROM drill_attempts WHERE id = %lld", (long long)id),
        1);
    assert_int_equal(q("SELECT missed = 'sharding the counters' FROM drill_attempts"
                       " WHERE id = %lld",
                       (long long)id),
                     1);
    session_free(s);

    /* a second, better attempt: the trend is oldest first */
    finish_design(&p, ALL4, WALL + 3 * DAY);
    AttemptSummary *h = NULL;
    size_t n = 0;
    assert_int_equal(store_attempt_history(store, p.id, &h, &n), ERR_OK);
    assert_int_equal(n, 2);
    assert_int_equal(h[0].attempt_id, id);
    assert_int_equal(h[0].kind, DECK_KIND_DESIGN);
    assert_int_equal(h[0].phase_count, DRILL_PHASES);
    assert_int_equal(h[0].planned_ms[0], 5 * MIN);
    assert_int_equal(h[0].used_ms[0], 5 * MIN + 30000);
    assert_int_equal(h[0].overrun_ms[0], 30000);
    assert_int_equal(h[0].used_ms[1], 2 * MIN + 30000);
    assert_int_equal(h[0].pauses, 1);
    assert_int_equal(h[0].paused_ms, MIN);
    assert_int_equal(h[0].active_ms, 19 * MIN);
    assert_int_equal(h[0].scores[1], 2);
    assert_true(h[0].result > 0.66 && h[0].result < 0.67); /* mean 3 */
    assert_true(h[1].result == 1.0);
    assert_true(h[1].started_ms > h[0].started_ms);
    free(h);
    assert_int_equal(store_attempt_history(store, 999, &h, &n), ERR_OK);
    assert_int_equal(n, 0);
    free(h);

    double means[DRILL_DIMENSIONS];
    assert_int_equal(store_attempt_dimension_means(store, 10, means), ERR_OK);
    assert_true(means[1] == 3.0);
    assert_true(means[2] == 4.0);
    assert_int_equal(store_attempt_dimension_means(store, 1, means), ERR_OK);
    assert_true(means[1] == 4.0); /* the last attempt only */
    free_prompt(&p);
}

static void test_schedule_from_scores(void **state)
{
    (void)state;
    Prompt good = add_prompt(design_text("good"));
    Prompt weak = add_prompt(design_text("weak"));
    AttemptSchedule sc;
    assert_int_equal(store_attempt_schedule(store, good.id, &sc), ERR_OK);
    assert_false(sc.attempted);
    assert_int_equal(sc.due_ms, 0);
    assert_true(sc.last_result == -1);
    assert_int_equal(store_attempt_schedule(store, 999, &sc), ERR_NOT_FOUND);

    finish_design(&good, ALL4, WALL);
    const int ones[DRILL_DIMENSIONS] = {1, 1, 1, 1, 1, 1, 1, 1};
    finish_design(&weak, ones, WALL);
    AttemptSchedule g, w;
    assert_int_equal(store_attempt_schedule(store, good.id, &g), ERR_OK);
    assert_int_equal(store_attempt_schedule(store, weak.id, &w), ERR_OK);
    assert_true(g.attempted && w.attempted);
    assert_true(g.last_result == 1.0);
    assert_true(w.last_result == 0.0);
    /* Easy waits days, Again comes back the next day */
    assert_true(g.due_ms >= WALL + 5 * DAY);
    assert_true(w.due_ms > WALL && w.due_ms <= WALL + 2 * DAY);
    assert_true(g.due_ms <= WALL + (int64_t)ATTEMPT_MAX_INTERVAL_DAYS * DAY);
    free_prompt(&good);
    free_prompt(&weak);
}

/* ---- suggestion -------------------------------------------------------------------- */

static void test_suggest_most_due_first(void **state)
{
    (void)state;
    int64_t id = 0;
    assert_int_equal(store_attempt_suggest(store, DECK_KIND_DESIGN, WALL, &rule, &id),
                     ERR_NOT_FOUND);
    Prompt b = add_prompt(design_text("b-strong"));
    Prompt c = add_prompt(design_text("c-weak"));
    Prompt a = add_prompt(design_text("a-new"));
    /* nothing attempted: all due today, by key */
    assert_int_equal(store_attempt_suggest(store, DECK_KIND_DESIGN, WALL, &rule, &id), ERR_OK);
    assert_int_equal(id, a.id);
    const int ones[DRILL_DIMENSIONS] = {1, 1, 1, 1, 1, 1, 1, 1};
    finish_design(&b, ALL4, WALL);
    finish_design(&c, ones, WALL);
    finish_design(&a, ALL4, WALL);
    Prompt d = add_prompt(design_text("d-new"));
    /* the same day: only the new prompt is due */
    assert_int_equal(store_attempt_suggest(store, DECK_KIND_DESIGN, WALL + MIN, &rule, &id),
                     ERR_OK);
    assert_int_equal(id, d.id);
    /* two days on: the weak one is overdue, ahead of the new one due today */
    assert_int_equal(store_attempt_suggest(store, DECK_KIND_DESIGN, WALL + 2 * DAY, &rule, &id),
                     ERR_OK);
    assert_int_equal(id, c.id);
    /* retired prompts are never suggested */
    assert_int_equal(store_exec(store, "UPDATE drill_prompts SET retired = 1 WHERE key = 'c-weak'"),
                     ERR_OK);
    assert_int_equal(store_attempt_suggest(store, DECK_KIND_DESIGN, WALL + 2 * DAY, &rule, &id),
                     ERR_OK);
    assert_int_equal(id, d.id);
    /* other kinds are apart */
    assert_int_equal(store_attempt_suggest(store, DECK_KIND_RISK, WALL, &rule, &id), ERR_NOT_FOUND);
    free_prompt(&a);
    free_prompt(&b);
    free_prompt(&c);
    free_prompt(&d);
}

/* Two prompts due the same day: the one weaker in the user's weakest dimensions first. */
static void test_suggest_ties_by_weakest_dimensions(void **state)
{
    (void)state;
    Prompt four = add_prompt(design_text("z-four"));
    Prompt five = add_prompt(design_text("a-five"));
    const int low01[DRILL_DIMENSIONS] = {2, 2, 3, 3, 3, 3, 3, 3};
    const int low67[DRILL_DIMENSIONS] = {3, 3, 3, 3, 3, 3, 2, 2};
    finish_design(&four, low01, WALL);
    finish_design(&five, low67, WALL);
    AttemptSchedule s4, s5;
    store_attempt_schedule(store, four.id, &s4);
    store_attempt_schedule(store, five.id, &s5);
    assert_int_equal(s4.due_ms, s5.due_ms); /* the same rating at the same time */
    int64_t later = WALL + 60 * DAY, id = 0;
    /* the weakest dimensions tie; the first two (0 and 1) count: z-four is weaker there */
    assert_int_equal(store_attempt_suggest(store, DECK_KIND_DESIGN, later, &rule, &id), ERR_OK);
    assert_int_equal(id, four.id);
    /* another prompt makes 6 and 7 the weakest overall: now a-five goes first */
    Prompt six = add_prompt(design_text("m-six"));
    const int worst67[DRILL_DIMENSIONS] = {4, 4, 4, 4, 4, 4, 1, 1};
    finish_design(&six, worst67, WALL);
    assert_int_equal(store_exec(store, "UPDATE drill_prompts SET retired = 1 WHERE key = 'm-six'"),
                     ERR_OK);
    assert_int_equal(store_attempt_suggest(store, DECK_KIND_DESIGN, later, &rule, &id), ERR_OK);
    assert_int_equal(id, five.id);
    free_prompt(&four);
    free_prompt(&five);
    free_prompt(&six);
}

/* ---- focus tags and estimation ----------------------------------------------------- */

static void test_focus_tags_from_weak_attempts(void **state)
{
    (void)state;
    Prompt p = add_prompt(design_text("focus"));
    int64_t strong = finish_design(&p, ALL4, WALL);
    char **tags = NULL;
    assert_int_equal(store_attempt_attempt_focus(store, strong, &tags), ERR_OK);
    assert_null(tags[0]);
    store_strings_free(tags);
    assert_int_equal(store_attempt_focus_tags(store, WALL, &tags), ERR_OK);
    assert_null(tags[0]);
    store_strings_free(tags);

    int64_t weak = finish_design(&p, ALL2, WALL + DAY);
    assert_int_equal(store_attempt_attempt_focus(store, weak, &tags), ERR_OK);
    assert_string_equal(tags[0], "caching");
    assert_string_equal(tags[1], "partitioning");
    assert_null(tags[2]);
    store_strings_free(tags);
    assert_int_equal(store_attempt_attempt_focus(store, 999, &tags), ERR_NOT_FOUND);
    assert_null(tags);
    assert_int_equal(store_attempt_focus_tags(store, WALL + 2 * DAY, &tags), ERR_OK);
    assert_string_equal(tags[0], "caching");
    assert_string_equal(tags[1], "partitioning");
    assert_null(tags[2]);
    store_strings_free(tags);
    /* focus ends ATTEMPT_FOCUS_DAYS after the attempt */
    assert_int_equal(store_attempt_focus_tags(store, WALL + DAY + ATTEMPT_FOCUS_DAYS * DAY, &tags),
                     ERR_OK);
    assert_null(tags[0]);
    store_strings_free(tags);
    free_prompt(&p);
}

static int64_t finish_estimation(const Prompt *p, const char *const answers[3], int64_t wall)
{
    Session *s = NULL;
    assert_int_equal(session_start(p->drill, 0, 0, &s), ERR_OK);
    int64_t id = 0;
    assert_int_equal(store_attempt_create(store, p->id, s, 0, wall, &id), ERR_OK);
    for (size_t i = 0; i < 3; i++) {
        session_set_note(s, i, answers[i]);
        session_next(s, (int64_t)i * 1000);
        session_next(s, (int64_t)i * 1000 + 500);
    }
    assert_int_equal(session_stage(s), SESSION_DONE);
    assert_int_equal(store_attempt_finish(store, id, s, 3000, wall + 3000, &rule), ERR_OK);
    session_free(s);
    return id;
}

static void test_estimation_accuracy(void **state)
{
    (void)state;
    int correct = -1, total = -1;
    assert_int_equal(store_attempt_estimation_accuracy(store, &correct, &total), ERR_OK);
    assert_int_equal(correct, 0);
    assert_int_equal(total, 0);
    Prompt p = add_prompt(strdup(ESTIMATION));
    const char *const bad[3] = {"270 TB", "9k/s", ""};
    const char *const good[3] = {"0.3 PB", "2300/s", "$12,000"};
    int64_t first = finish_estimation(&p, bad, WALL);
    finish_estimation(&p, good, WALL + DAY);
    assert_int_equal(store_attempt_estimation_accuracy(store, &correct, &total), ERR_OK);
    assert_int_equal(total, 6);
    assert_int_equal(correct, 4);
    char **tags = NULL;
    assert_int_equal(store_attempt_attempt_focus(store, first, &tags), ERR_OK);
    assert_null(tags[0]); /* the file names no key concepts */
    store_strings_free(tags);
    assert_int_equal(q("SELECT json_extract(phases, '$[0].correct') FROM drill_attempts"
                       " WHERE id = %lld",
                       (long long)first),
                     1);
    AttemptSummary *h = NULL;
    size_t n = 0;
    assert_int_equal(store_attempt_history(store, p.id, &h, &n), ERR_OK);
    assert_int_equal(n, 2);
    assert_int_equal(h[0].correct, 1);
    assert_int_equal(h[0].total, 3);
    assert_int_equal(h[0].scores[0], -1);
    free(h);
    free_prompt(&p);
}

/* ---- lightning --------------------------------------------------------------------- */

static void test_lightning_pool_and_best(void **state)
{
    (void)state;
    assert_int_equal(
        store_exec(store,
                   "INSERT INTO decks(key, name, source_path, created_s, modified_s)"
                   " VALUES('p', 'P', '/p.md', 1, 1), ('old', 'Old', '/o.md', 1, 1);"
                   "UPDATE decks SET retired = 1 WHERE key = 'old';"
                   "INSERT INTO cards(deck_id, key, front, back, tags, source_path, source_line,"
                   " content_hash, created_s, modified_s, retired) VALUES"
                   "(1, 'a', 'Saga?', 'Local transactions.', 'patterns', '/p.md', 1, 'h', 1, 1, 0),"
                   "(1, 'b', 'Outbox?', 'Same transaction.', 'x anti-patterns', '/p.md', 2, 'h',"
                   " 1, 1, 0),"
                   "(1, 'c', 'CQRS?', 'Split models.', 'patterns2 anti', '/p.md', 3, 'h', 1, 1, 0),"
                   "(1, 'd', 'Gone?', 'Retired.', 'patterns', '/p.md', 4, 'h', 1, 1, 1),"
                   "(2, 'e', 'Old deck?', 'Retired deck.', 'patterns', '/o.md', 1, 'h', 1, 1, 0),"
                   "(1, 'f', 'Bulkhead?', 'Isolation.', 'a patterns b', '/p.md', 5, 'h', 1, 1, 0)"),
        ERR_OK);
    LightningPool pool = {0};
    assert_int_equal(store_attempt_lightning_pool(store, ATTEMPT_LIGHTNING_TAGS, &pool), ERR_OK);
    assert_int_equal(pool.count, 3);
    assert_string_equal(pool.cards[0].front, "Saga?");
    assert_string_equal(pool.cards[1].front, "Outbox?");
    assert_string_equal(pool.cards[2].front, "Bulkhead?");
    assert_string_equal(pool.cards[2].description, "Isolation.");
    lightning_pool_free(&pool);

    int best = -1;
    assert_int_equal(store_attempt_lightning_best(store, &best), ERR_OK);
    assert_int_equal(best, 0);
    assert_int_equal(store_attempt_lightning_save(store, WALL, 7, 10, 8, 70), ERR_OK);
    assert_int_equal(store_attempt_lightning_save(store, WALL, UINT64_MAX, 12, 11, 105), ERR_OK);
    assert_int_equal(store_attempt_lightning_save(store, WALL, 1, 5, 1, 0), ERR_OK);
    assert_int_equal(store_attempt_lightning_save(store, WALL, 1, 5, 6, 0), ERR_PARSE);
    assert_int_equal(store_attempt_lightning_save(store, WALL, 1, -1, 0, 0), ERR_PARSE);
    assert_int_equal(store_attempt_lightning_save(store, WALL, 1, 1, 1, -5), ERR_PARSE);
    assert_int_equal(store_attempt_lightning_best(store, &best), ERR_OK);
    assert_int_equal(best, 105);
    assert_int_equal(q("SELECT seed FROM lightning_rounds WHERE score = 105"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_save_find_abandon, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_after_kill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finish_and_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schedule_from_scores, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_most_due_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_ties_by_weakest_dimensions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_focus_tags_from_weak_attempts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_estimation_accuracy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lightning_pool_and_best, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
