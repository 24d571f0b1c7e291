/*
 * test_session.c: the drill attempt's state machine (core/session) under scripted time:
 * overrun and automatic advance, next by key, pause and resume, the curveball's minute of
 * active time, the stages after the timed part, the short drills (risk, ADR, estimation
 * rounds with their answers checked within 20%), resuming after a simulated crash with the
 * gap counted as paused, the text form's round trip, and garbage text rejected.
 */
#include "test_support.h"

#include "core/drill.h"
#include "core/session.h"
#include "core/str.h"

#define MIN 60000LL
#define T0  123456789LL /* the app clock's origin is arbitrary */

typedef struct Fixture {
    Deck *deck;
    Drill *drill;
} Fixture;

static Fixture load(const char *text)
{
    Fixture f = {0};
    DeckErrors errs = {0};
    assert_int_equal(deck_parse("d.md", text, strlen(text), &f.deck, &errs), ERR_OK);
    if (drill_from_deck(f.deck, &f.drill, &errs) != ERR_OK) {
        char line[600];
        deck_error_format(&errs.items[0], line, sizeof(line));
        fail_msg("%s", line);
    }
    deck_errors_free(&errs);
    return f;
}

static void unload(Fixture *f)
{
    drill_free(f->drill);
    deck_free(f->deck);
}

static char *design_text(void)
{
    Buf b = {0};
    buf_puts(&b, "# Design X\n<!-- kind: design; id: x -->\n## Prompt\nDesign X.\n"
                 "## Scale\n- 1 M users\n");
    for (int i = 0; i < DRILL_PHASES; i++)
        buf_printf(&b, "## %s (%d min)\nAsk %d.\n", DRILL_PHASE_NAMES[i],
                   DRILL_PHASE_DEFAULT_MINUTES[i], i);
    buf_puts(&b, "## Curveball (minute 30)\nTraffic x10.\n"
                 "## Key concepts\n- `caching`: hot reads\n## Rubric notes\n");
    for (int i = 0; i < DRILL_DIMENSIONS; i++)
        buf_printf(&b, "- **%s:** note %d\n", DRILL_DIMENSION_NAMES[i], i);
    buf_puts(&b, "## Reference outline\nThe outline.\n");
    return buf_take(&b);
}

static const char RISK[] = "# Risk\n<!-- kind: risk; id: r -->\n## Design\nOne database.\n"
                           "## Reference risks\n1. **A:** a\n2. **B:** b\n3. **C:** c\n"
                           "## Key concepts\n- `reliability`: spof\n";
static const char ADR[] = "# ADR\n<!-- kind: adr; id: a -->\n## Scenario\nPick a broker.\n"
                          "## Reference ADR\n### Context\nc\n### Decision\nd\n"
                          "### Consequences\ne\n## Key concepts\n- `messaging`: m\n";
static const char ESTIMATION[] = "# Estimation\n<!-- kind: estimation; id: e; minutes: 2 -->\n"
                                 "## Storage?\n<!-- id: q1 -->\n**Answer:** 270 TB\n\nBecause.\n"
                                 "## Rate?\n<!-- id: q2 -->\n**Answer:** 2.3k/s\n\nDivide.\n"
                                 "## Cost?\n<!-- id: q3 -->\n**Answer:** $12k\n\nMultiply.\n";

static Session *start(const Fixture *f, int64_t grace)
{
    Session *s = NULL;
    assert_int_equal(session_start(f->drill, T0, grace, &s), ERR_OK);
    return s;
}

static SessionView view(const Session *s, int64_t t)
{
    SessionView v;
    session_view(s, t, &v);
    return v;
}

static char *serialize(const Session *s, int64_t now, int64_t wall)
{
    Buf b = {0};
    session_serialize(s, now, wall, &b);
    return buf_take(&b);
}

/* ---- the 45-minute drill ----------------------------------------------------------- */

static void test_design_overrun_and_auto_advance(void **state)
{
    (void)state;
    char *text = design_text();
    Fixture f = load(text);
    Session *s = start(&f, SESSION_GRACE_DEFAULT_MS);
    SessionView v = view(s, T0);
    assert_int_equal(v.stage, SESSION_RUNNING);
    assert_int_equal(v.phase, 0);
    assert_int_equal(v.phase_count, DRILL_PHASES);
    assert_int_equal(v.phase_remaining_ms, 5 * MIN);
    assert_int_equal(v.overall_remaining_ms, 45 * MIN);
    assert_false(v.overrunning);
    assert_int_equal(session_next_deadline_ms(s, T0), T0 + 5 * MIN);

    assert_int_equal(session_update(s, T0 + 5 * MIN - 1), 0);
    assert_int_equal(session_update(s, T0 + 5 * MIN), SESSION_EV_OVERRUN);
    v = view(s, T0 + 5 * MIN + 10000);
    assert_true(v.overrunning);
    assert_int_equal(v.phase_remaining_ms, -10000);
    assert_int_equal(v.advance_in_ms, 20000);
    assert_int_equal(session_next_deadline_ms(s, T0 + 5 * MIN + 10000), T0 + 5 * MIN + 30000);
    assert_int_equal(session_update(s, T0 + 5 * MIN + 29999), 0);
    assert_int_equal(session_update(s, T0 + 5 * MIN + 30000),
                     SESSION_EV_ADVANCED | SESSION_EV_PHASE);
    const SessionPhase *p0 = session_phase(s, 0);
    assert_true(p0->overran);
    assert_true(p0->auto_advanced);
    assert_int_equal(p0->end_ms, 5 * MIN + 30000);
    assert_int_equal(session_phase_used_ms(s, 0, T0 + 6 * MIN), 5 * MIN + 30000);
    assert_int_equal(session_phase_overrun_ms(s, 0, T0 + 6 * MIN), 30000);
    v = view(s, T0 + 6 * MIN);
    assert_int_equal(v.phase, 1);
    assert_int_equal(v.phase_remaining_ms, 4 * MIN - 30000);
    assert_int_equal(v.overall_remaining_ms, 39 * MIN);

    /* next by key, early: no overrun recorded */
    assert_int_equal(session_next(s, T0 + 6 * MIN), SESSION_EV_PHASE);
    const SessionPhase *p1 = session_phase(s, 1);
    assert_int_equal(p1->end_ms - p1->begin_ms, 30000);
    assert_false(p1->overran);
    assert_false(p1->auto_advanced);
    assert_int_equal(session_phase_overrun_ms(s, 1, T0 + 6 * MIN), 0);
    assert_int_equal(view(s, T0 + 6 * MIN).phase, 2);
    assert_int_equal(session_phase(s, 2)->begin_ms, 6 * MIN);
    session_free(s);
    unload(&f);
    free(text);
}

static void test_design_pause_curveball_and_stages(void **state)
{
    (void)state;
    char *text = design_text();
    Fixture f = load(text);
    Session *s = start(&f, SESSION_GRACE_DEFAULT_MS);
    assert_int_equal(session_curveball_ms(s), 30 * MIN);

    /* ten minutes of pause at minute 2 */
    assert_int_equal(session_pause(s, T0 + 2 * MIN), SESSION_EV_PAUSE);
    assert_int_equal(session_pause(s, T0 + 3 * MIN), 0);
    assert_int_equal(session_next_deadline_ms(s, T0 + 3 * MIN), SESSION_NO_TIME);
    assert_int_equal(session_next_tick_ms(s, T0 + 3 * MIN), SESSION_NO_TIME);
    assert_int_equal(session_next(s, T0 + 3 * MIN), 0); /* ignored while paused */
    SessionView v = view(s, T0 + 11 * MIN);
    assert_true(v.paused);
    assert_int_equal(v.active_ms, 2 * MIN);
    assert_int_equal(v.phase_remaining_ms, 3 * MIN);
    assert_int_equal(session_update(s, T0 + 12 * MIN), 0);
    assert_int_equal(session_toggle_pause(s, T0 + 12 * MIN), SESSION_EV_PAUSE);
    assert_int_equal(session_pause_count(s), 1);
    assert_int_equal(session_pause_at(s, 0)->begin_ms, 2 * MIN);
    assert_int_equal(session_pause_at(s, 0)->end_ms, 12 * MIN);
    assert_int_equal(view(s, T0 + 12 * MIN).active_ms, 2 * MIN);

    /* key through the first four phases quickly: the curveball still waits for its
     * minute of active time */
    for (int i = 0; i < 4; i++)
        assert_true(session_next(s, T0 + 13 * MIN) & SESSION_EV_PHASE);
    assert_int_equal(view(s, T0 + 13 * MIN).phase, 4);
    int64_t cb = T0 + 10 * MIN + 30 * MIN; /* 30 min active + the 10 min pause */
    /* deep dives (13 min) began at active 3 min: due at 16 (clock 26), advance at 16:30 */
    assert_int_equal(session_next_deadline_ms(s, T0 + 14 * MIN), T0 + 26 * MIN);
    assert_int_equal(session_update(s, T0 + 26 * MIN), SESSION_EV_OVERRUN);
    assert_int_equal(session_update(s, T0 + 26 * MIN + 30000),
                     SESSION_EV_ADVANCED | SESSION_EV_PHASE);
    assert_int_equal(view(s, T0 + 27 * MIN).phase, 5);
    assert_false(view(s, cb - 1).curveball_visible);
    assert_int_equal(session_next_deadline_ms(s, T0 + 27 * MIN), T0 + 32 * MIN + 30000);
    assert_int_equal(session_next(s, T0 + 28 * MIN), SESSION_EV_FINISHED | SESSION_EV_STAGE);
    assert_int_equal(session_stage(s), SESSION_REFERENCE);
    assert_int_equal(session_curveball_shown_ms(s), -1); /* finished before its minute */
    assert_int_equal(session_next_deadline_ms(s, cb), SESSION_NO_TIME);

    /* reference -> scoring: all eight scores needed */
    assert_false(session_set_score(s, 0, 3)); /* not yet scoring */
    assert_true(session_set_missed(s, "the cache stampede"));
    assert_int_equal(session_next(s, T0 + 19 * MIN), SESSION_EV_STAGE);
    assert_int_equal(session_stage(s), SESSION_SCORING);
    assert_int_equal(session_score_count(s), DRILL_DIMENSIONS);
    assert_false(session_set_score(s, 0, 0));
    assert_false(session_set_score(s, 0, 5));
    assert_false(session_set_score(s, DRILL_DIMENSIONS, 3));
    for (size_t i = 0; i < DRILL_DIMENSIONS - 1; i++)
        assert_true(session_set_score(s, i, i < 2 ? 2 : 4));
    assert_int_equal(session_next(s, T0 + 19 * MIN), 0);
    assert_true(session_result(s) == -1);
    assert_true(session_set_score(s, DRILL_DIMENSIONS - 1, 4));
    assert_int_equal(session_next(s, T0 + 19 * MIN), SESSION_EV_STAGE);
    assert_int_equal(session_stage(s), SESSION_MISSED);
    assert_int_equal(session_next(s, T0 + 19 * MIN), SESSION_EV_STAGE);
    assert_int_equal(session_stage(s), SESSION_DONE);
    assert_false(session_set_missed(s, "late"));
    assert_false(session_set_note(s, 0, "late"));
    assert_string_equal(session_missed(s), "the cache stampede");
    /* mean (2+2+4*6)/8 = 3.5 -> (3.5-1)/3 = 0.833: Good; dimensions 0 and 1 weak */
    assert_true(session_result(s) > 0.83 && session_result(s) < 0.84);
    assert_int_equal(session_rating(s), 3);
    assert_int_equal(session_weak_dimensions(s), 3u);
    session_free(s);
    unload(&f);
    free(text);
}

static void test_curveball_at_its_minute(void **state)
{
    (void)state;
    char *text = design_text();
    Fixture f = load(text);
    Session *s = start(&f, SESSION_GRACE_NEVER);
    assert_int_equal(session_pause(s, T0 + MIN), SESSION_EV_PAUSE);
    assert_int_equal(session_resume(s, T0 + 3 * MIN), SESSION_EV_PAUSE);
    for (int i = 0; i < 4; i++)
        session_next(s, T0 + 4 * MIN); /* into deep dives at active 2 min */
    int64_t cb = T0 + 32 * MIN;        /* active 30 min */
    /* the deep dive's own overrun (13 min from active 2) comes first: active 15 */
    assert_int_equal(session_next_deadline_ms(s, T0 + 4 * MIN), T0 + 17 * MIN);
    assert_int_equal(session_update(s, T0 + 17 * MIN), SESSION_EV_OVERRUN);
    /* no grace: it never advances on its own; the next change is the curveball */
    assert_int_equal(session_next_deadline_ms(s, T0 + 20 * MIN), cb);
    assert_false(view(s, cb - 1).curveball_visible);
    assert_int_equal(session_update(s, cb - 1), 0);
    assert_int_equal(session_update(s, cb), SESSION_EV_CURVEBALL);
    assert_true(view(s, cb).curveball_visible);
    assert_int_equal(session_curveball_shown_ms(s), 30 * MIN);
    assert_int_equal(session_next_deadline_ms(s, cb), SESSION_NO_TIME);
    assert_int_equal(view(s, cb).advance_in_ms, -1);
    assert_int_equal(view(s, cb).phase, 4);
    session_free(s);
    unload(&f);
    free(text);
}

/* A late update lands every change at its exact time: the same session as one updated
 * every second. */
static void test_late_update_matches_frame_by_frame(void **state)
{
    (void)state;
    char *text = design_text();
    Fixture f = load(text);
    Session *a = start(&f, 15000);
    Session *b = start(&f, 15000);
    unsigned all = 0;
    for (int64_t t = T0; t <= T0 + 50 * MIN; t += 1000)
        all |= session_update(a, t);
    unsigned once = session_update(b, T0 + 50 * MIN);
    assert_int_equal(all, once);
    assert_true(once & SESSION_EV_CURVEBALL);
    assert_true(once & SESSION_EV_FINISHED);
    assert_int_equal(session_stage(b), SESSION_REFERENCE);
    char *sa = serialize(a, T0 + 50 * MIN, 0), *sb = serialize(b, T0 + 50 * MIN, 0);
    assert_string_equal(sa, sb);
    /* every phase took its plan plus the grace */
    for (size_t i = 0; i < DRILL_PHASES; i++) {
        const SessionPhase *p = session_phase(b, i);
        assert_int_equal(p->end_ms - p->begin_ms, p->planned_ms + 15000);
        assert_true(p->auto_advanced);
    }
    assert_int_equal(view(b, T0 + 60 * MIN).active_ms, 45 * MIN + 6 * 15000);
    assert_int_equal(view(b, T0 + 60 * MIN).overall_remaining_ms, -6 * 15000);
    free(sa);
    free(sb);
    session_free(a);
    session_free(b);
    unload(&f);
    free(text);
}

static void test_ticks_follow_the_displayed_seconds(void **state)
{
    (void)state;
    char *text = design_text();
    Fixture f = load(text);
    Session *s = start(&f, SESSION_GRACE_DEFAULT_MS);
    assert_int_equal(session_next_tick_ms(s, T0), T0 + 1000);
    assert_int_equal(session_next_tick_ms(s, T0 + 250), T0 + 1000);
    assert_int_equal(session_next_tick_ms(s, T0 + 5 * MIN - 10), T0 + 5 * MIN);
    session_update(s, T0 + 5 * MIN);
    assert_int_equal(session_next_tick_ms(s, T0 + 5 * MIN + 30000 - 1), T0 + 5 * MIN + 30000);
    /* key to the next phase at an odd millisecond: both countdowns are ticked */
    session_update(s, T0 + 5 * MIN + 30000);
    session_next(s, T0 + 5 * MIN + 30500);
    assert_int_equal(session_next_tick_ms(s, T0 + 5 * MIN + 30600), T0 + 5 * MIN + 31000);
    assert_int_equal(session_next_tick_ms(s, T0 + 5 * MIN + 31000), T0 + 5 * MIN + 31500);
    session_free(s);
    unload(&f);
    free(text);
}

static void test_notes(void **state)
{
    (void)state;
    char *text = design_text();
    Fixture f = load(text);
    Session *s = start(&f, SESSION_GRACE_DEFAULT_MS);
    assert_int_equal(session_note_count(s), DRILL_PHASES);
    assert_true(session_set_note(s, 3, "LB -> app -> cache"));
    assert_string_equal(session_note(s, 3), "LB -> app -> cache");
    assert_string_equal(session_phase(s, 3)->note, "LB -> app -> cache");
    assert_string_equal(session_note(s, 0), "");
    assert_false(session_set_note(s, DRILL_PHASES, "x"));
    assert_string_equal(session_note(s, 99), "");
    /* a long note is cut on a UTF-8 boundary */
    size_t n = SESSION_MAX_NOTE_BYTES + 10;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i += 2)
        memcpy(big + i, "\xc3\xa9", 2); /* e-acute, two bytes each */
    big[n] = '\0';
    memcpy(big + SESSION_MAX_NOTE_BYTES - 1, "\xc3\xa9", 2); /* straddles the limit */
    assert_true(session_set_note(s, 0, big));
    assert_int_equal(strlen(session_note(s, 0)), SESSION_MAX_NOTE_BYTES - 1);
    free(big);
    session_free(s);
    unload(&f);
    free(text);
}

/* ---- the short drills -------------------------------------------------------------- */

static void test_risk_review(void **state)
{
    (void)state;
    Fixture f = load(RISK);
    Session *s = start(&f, SESSION_GRACE_DEFAULT_MS);
    assert_int_equal(session_phase_count(s), 1);
    assert_int_equal(session_note_count(s), 3);
    assert_int_equal(view(s, T0).overall_remaining_ms, 10 * MIN);
    assert_true(session_set_note(s, 0, "single database"));
    assert_true(session_set_note(s, 2, "friday deploys"));
    assert_string_equal(session_phase(s, 0)->note, "");
    assert_int_equal(session_update(s, T0 + 10 * MIN), SESSION_EV_OVERRUN);
    assert_int_equal(session_update(s, T0 + 10 * MIN + 30000),
                     SESSION_EV_ADVANCED | SESSION_EV_FINISHED | SESSION_EV_STAGE);
    assert_int_equal(session_stage(s), SESSION_REFERENCE);
    session_next(s, T0 + 11 * MIN);
    assert_int_equal(session_score_count(s), 1);
    int lo, hi;
    session_score_range(s, &lo, &hi);
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 3);
    assert_false(session_set_score(s, 0, 4));
    assert_true(session_set_score(s, 0, 1));
    assert_int_equal(session_weak_dimensions(s), 1u);
    assert_int_equal(session_rating(s), 2);
    assert_true(session_set_score(s, 0, 3));
    assert_int_equal(session_weak_dimensions(s), 0u);
    assert_int_equal(session_rating(s), 4);
    assert_true(session_set_score(s, 0, 0));
    assert_int_equal(session_rating(s), 1);
    session_next(s, T0 + 11 * MIN);
    session_next(s, T0 + 11 * MIN);
    assert_int_equal(session_stage(s), SESSION_DONE);
    assert_string_equal(session_note(s, 2), "friday deploys");
    session_free(s);
    unload(&f);
}

static void test_adr_finished_early(void **state)
{
    (void)state;
    Fixture f = load(ADR);
    Session *s = start(&f, SESSION_GRACE_DEFAULT_MS);
    assert_int_equal(session_note_count(s), 3);
    assert_int_equal(view(s, T0).phase_remaining_ms, 15 * MIN);
    session_set_note(s, 0, "Context");
    session_set_note(s, 1, "Decision");
    session_set_note(s, 2, "Consequences");
    assert_int_equal(session_pause(s, T0 + 5 * MIN), SESSION_EV_PAUSE);
    /* finishing while paused closes the pause */
    assert_int_equal(session_finish(s, T0 + 7 * MIN),
                     SESSION_EV_PAUSE | SESSION_EV_FINISHED | SESSION_EV_STAGE);
    assert_int_equal(session_pause_at(s, 0)->end_ms, 7 * MIN);
    assert_int_equal(session_phase_used_ms(s, 0, T0 + 9 * MIN), 5 * MIN);
    assert_int_equal(session_finish(s, T0 + 8 * MIN), 0);
    assert_int_equal(session_pause(s, T0 + 8 * MIN), 0);
    session_next(s, T0 + 8 * MIN);
    int lo, hi;
    session_score_range(s, &lo, &hi);
    assert_int_equal(lo, 1);
    assert_int_equal(hi, 4);
    assert_false(session_set_score(s, 0, 0));
    assert_true(session_set_score(s, 0, 2));
    assert_int_equal(session_rating(s), 2); /* (2-1)/3 = 0.33 */
    assert_int_equal(session_weak_dimensions(s), 1u);
    session_free(s);
    unload(&f);
}

typedef struct AnswerCase {
    const char *typed;
    bool answered, parsed, correct;
} AnswerCase;

static void test_estimation_answers_table(void **state)
{
    (void)state;
    /* against the first question's 270 TB */
    static const AnswerCase cases[] = {
        {"270 TB", true, true, true},    {"270TB", true, true, true},
        {"  300 TB ", true, true, true},                                /* +11% */
        {"324 TB", true, true, true},                                   /* +20%: the edge counts */
        {"330 TB", true, true, false},                                  /* +22% */
        {"216 TB", true, true, true},                                   /* -20% */
        {"200 TB", true, true, false},                                  /* -26% */
        {"0.27 PB", true, true, true},                                  /* another unit */
        {"270000 GB", true, true, true}, {"270 GB", true, true, false}, /* off by 1000 */
        {"270 TB/s", true, true, false},                                /* a rate, not a total */
        {"$270T", true, true, false},                                   /* dollars, not bytes */
        {"270", true, true, false},                                     /* a plain count */
        {"lots", true, false, false},    {"27O TB", true, false, false},
        {"-270 TB", true, false, false}, {"nan TB", true, false, false},
        {"", false, false, false},       {"   ", false, false, false},
    };
    Fixture f = load(ESTIMATION);
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        Session *s = start(&f, SESSION_GRACE_DEFAULT_MS);
        assert_true(session_set_note(s, 0, cases[i].typed));
        assert_int_equal(session_next(s, T0 + 1000), SESSION_EV_REVEALED);
        const SessionPhase *p = session_phase(s, 0);
        if (p->answered != cases[i].answered || p->parsed != cases[i].parsed ||
            p->correct != cases[i].correct)
            fail_msg("'%s': answered %d parsed %d correct %d", cases[i].typed, p->answered,
                     p->parsed, p->correct);
        session_free(s);
    }
    unload(&f);
}

static void test_estimation_round(void **state)
{
    (void)state;
    Fixture f = load(ESTIMATION);
    Session *s = start(&f, 10000);
    assert_int_equal(session_phase_count(s), 3);
    assert_int_equal(session_score_count(s), 0);
    assert_int_equal(view(s, T0).overall_remaining_ms, 6 * MIN);
    /* q1: answered in 40 s */
    assert_true(session_set_note(s, 0, "250 TB"));
    assert_false(session_set_note(s, 1, "early")); /* only the current question */
    assert_int_equal(session_next(s, T0 + 40000), SESSION_EV_REVEALED);
    SessionView v = view(s, T0 + 100000);
    assert_true(v.revealed);
    assert_false(v.overrunning);
    assert_int_equal(v.phase, 0);
    assert_int_equal(v.overall_remaining_ms, 6 * MIN - 40000); /* reading is not counted */
    assert_int_equal(session_next_deadline_ms(s, T0 + 100000), SESSION_NO_TIME);
    assert_false(session_set_note(s, 0, "changed my mind"));
    assert_true(session_phase(s, 0)->correct);
    /* q2 begins when the user moves on; its time runs out and it is revealed on its own */
    assert_int_equal(session_next(s, T0 + 100000), SESSION_EV_PHASE);
    assert_true(session_set_note(s, 1, "5k/s"));
    assert_int_equal(session_next_deadline_ms(s, T0 + 100000), T0 + 100000 + 2 * MIN);
    assert_int_equal(session_update(s, T0 + 100000 + 2 * MIN + 10000),
                     SESSION_EV_OVERRUN | SESSION_EV_ADVANCED | SESSION_EV_REVEALED);
    const SessionPhase *p1 = session_phase(s, 1);
    assert_true(p1->answered);
    assert_false(p1->correct);
    assert_true(p1->auto_advanced);
    assert_int_equal(p1->end_ms - p1->begin_ms, 2 * MIN + 10000);
    /* q3 skipped by finishing: unanswered */
    session_next(s, T0 + 5 * MIN);
    assert_int_equal(session_finish(s, T0 + 5 * MIN + 1000),
                     SESSION_EV_FINISHED | SESSION_EV_STAGE);
    assert_int_equal(session_stage(s), SESSION_DONE);
    int correct, total;
    session_estimation_result(s, &correct, &total);
    assert_int_equal(correct, 1);
    assert_int_equal(total, 3);
    assert_int_equal(session_weak_dimensions(s), 1u);
    assert_int_equal(session_rating(s), 2); /* 1/3 */
    session_free(s);

    /* all three right, keyed through to the end */
    s = start(&f, 10000);
    const char *answers[] = {"0.27 PB", "2,300/s", "$11k"};
    for (size_t i = 0; i < 3; i++) {
        assert_true(session_set_note(s, i, answers[i]));
        assert_int_equal(session_next(s, T0 + (int64_t)i * 1000), SESSION_EV_REVEALED);
        unsigned ev = session_next(s, T0 + (int64_t)i * 1000 + 500);
        assert_int_equal(ev, i < 2 ? SESSION_EV_PHASE : SESSION_EV_FINISHED | SESSION_EV_STAGE);
    }
    session_estimation_result(s, &correct, &total);
    if (correct != 3)
        for (size_t i = 0; i < 3; i++)
            print_message("answer %zu parsed %d correct %d\n", i, session_phase(s, i)->parsed,
                          session_phase(s, i)->correct);
    assert_int_equal(correct, 3);
    assert_int_equal(session_rating(s), 4);
    assert_int_equal(session_weak_dimensions(s), 0u);
    session_free(s);
    unload(&f);
}

static void test_start_rejects(void **state)
{
    (void)state;
    Fixture f = load(RISK);
    Session *s = (Session *)1;
    assert_int_equal(session_start(f.drill, T0, -2, &s), ERR_PARSE);
    assert_null(s);
    DeckKind kind = f.drill->kind;
    f.drill->kind = DECK_KIND_CARDS;
    assert_int_equal(session_start(f.drill, T0, 0, &s), ERR_PARSE);
    f.drill->kind = kind;
    session_free(NULL);
    unload(&f);
}

/* ---- crash safety and the text form ------------------------------------------------ */

static void test_resume_after_crash_counts_the_gap_as_paused(void **state)
{
    (void)state;
    char *text = design_text();
    Fixture f = load(text);
    Session *s = start(&f, SESSION_GRACE_DEFAULT_MS);
    session_set_note(s, 0, "reads 100:1\nwrites: 40/s \\ peak");
    session_next(s, T0 + 4 * MIN);
    session_pause(s, T0 + 5 * MIN);
    session_resume(s, T0 + 6 * MIN);
    /* the last save, 7 minutes in (6 active), then kill -9 */
    int64_t wall = 1700000000000LL;
    char *saved = serialize(s, T0 + 7 * MIN, wall);
    SessionView before = view(s, T0 + 7 * MIN);
    session_free(s);

    /* a new process: its clock starts near 0; the app was closed for an hour */
    char why[128];
    int64_t now = 5000;
    assert_int_equal(
        session_parse(saved, strlen(saved), now, wall + 60 * MIN, &s, why, sizeof(why)), ERR_OK);
    SessionView v = view(s, now);
    assert_true(v.paused);
    assert_int_equal(v.active_ms, before.active_ms);
    assert_int_equal(v.phase, 1);
    assert_int_equal(v.phase_remaining_ms, before.phase_remaining_ms);
    assert_int_equal(session_next_deadline_ms(s, now), SESSION_NO_TIME);
    assert_int_equal(session_update(s, now + 10 * MIN), 0); /* the offer to resume waits */
    assert_string_equal(session_note(s, 0), "reads 100:1\nwrites: 40/s \\ peak");
    assert_int_equal(session_resume(s, now + 10 * MIN + 2000), SESSION_EV_PAUSE);
    assert_int_equal(session_pause_count(s), 2);
    const SessionPause *gap = session_pause_at(s, 1);
    assert_int_equal(gap->begin_ms, 7 * MIN);
    assert_int_equal(gap->end_ms, 7 * MIN + 60 * MIN + 10 * MIN + 2000);
    assert_int_equal(view(s, now + 10 * MIN + 2000).active_ms, before.active_ms);
    assert_int_equal(view(s, now + 10 * MIN + 3000).active_ms, before.active_ms + 1000);
    /* and time-driven changes resume where they were */
    int64_t due = now + 10 * MIN + 2000 + before.phase_remaining_ms;
    assert_int_equal(session_next_deadline_ms(s, now + 11 * MIN), due);
    session_free(s);

    /* a wall clock that went back counts no gap; the session is still paused */
    assert_int_equal(session_parse(saved, strlen(saved), now, wall - 1000, &s, why, sizeof(why)),
                     ERR_OK);
    assert_int_equal(session_resume(s, now + 1000), SESSION_EV_PAUSE);
    assert_int_equal(session_pause_at(s, 1)->end_ms, 7 * MIN + 1000);
    session_free(s);
    free(saved);
    unload(&f);
    free(text);
}

/* Serializing a parsed session (paused, so parsing adds nothing) gives the same text. */
static void round_trip(const Session *s, int64_t now)
{
    char *a = serialize(s, now, 42);
    Session *back = NULL;
    char why[128];
    Err e = session_parse(a, strlen(a), now, 42, &back, why, sizeof(why));
    if (e)
        fail_msg("parse: %s\n%s", why, a);
    char *b = serialize(back, now, 42);
    assert_string_equal(a, b);
    session_free(back);
    free(a);
    free(b);
}

static void test_round_trip_every_stage(void **state)
{
    (void)state;
    char *text = design_text();
    Fixture f = load(text);
    Session *s = start(&f, 20000);
    session_set_note(s, 0, "tab\there, cr\r, bell\a, del\x7f, utf-8 \xe2\x86\x92 ok");
    session_update(s, T0 + 6 * MIN);
    session_pause(s, T0 + 6 * MIN);
    round_trip(s, T0 + 7 * MIN);
    session_resume(s, T0 + 8 * MIN);
    session_update(s, T0 + 40 * MIN);
    session_pause(s, T0 + 40 * MIN);
    round_trip(s, T0 + 40 * MIN);
    session_finish(s, T0 + 41 * MIN);
    round_trip(s, T0 + 41 * MIN);
    session_next(s, T0 + 41 * MIN);
    session_set_score(s, 3, 2);
    round_trip(s, T0 + 41 * MIN);
    for (size_t i = 0; i < DRILL_DIMENSIONS; i++)
        session_set_score(s, i, 1 + (int)(i % 4));
    session_next(s, T0 + 41 * MIN);
    session_set_missed(s, "missed\nthings");
    round_trip(s, T0 + 41 * MIN);
    session_next(s, T0 + 41 * MIN);
    round_trip(s, T0 + 99 * MIN);
    double result = session_result(s);
    char *saved = serialize(s, T0, 0);
    Session *back = NULL;
    char why[128];
    assert_int_equal(session_parse(saved, strlen(saved), 0, 0, &back, why, sizeof(why)), ERR_OK);
    assert_true(session_result(back) == result);
    assert_int_equal(session_stage(back), SESSION_DONE);
    assert_string_equal(session_missed(back), "missed\nthings");
    session_free(back);
    free(saved);
    session_free(s);
    unload(&f);
    free(text);

    f = load(ESTIMATION);
    s = start(&f, 0);
    session_set_note(s, 0, "270 TB");
    session_next(s, T0 + 1000);
    session_pause(s, T0 + 2000);
    round_trip(s, T0 + 3000);
    session_resume(s, T0 + 4000);
    session_next(s, T0 + 4000);
    session_pause(s, T0 + 5000);
    round_trip(s, T0 + 5000);
    saved = serialize(s, T0 + 5000, 0);
    assert_int_equal(session_parse(saved, strlen(saved), 0, 0, &back, why, sizeof(why)), ERR_OK);
    assert_true(session_phase(back, 0)->correct);
    assert_true(session_phase(back, 0)->reference.value == session_phase(s, 0)->reference.value);
    session_free(back);
    free(saved);
    session_free(s);
    unload(&f);
}

static void expect_rejected(const char *text, size_t len)
{
    Session *s = (Session *)1;
    char why[128];
    Err e = session_parse(text, len, 0, 0, &s, why, sizeof(why));
    if (e != ERR_PARSE)
        fail_msg("accepted:\n%.*s", (int)len, text);
    assert_null(s);
    assert_true(why[0] != '\0');
}

/* Parses anything; when accepted, the session must be usable. */
static void parse_any(const char *text, size_t len)
{
    Session *s = NULL;
    char why[128];
    if (session_parse(text, len, 1000, 0, &s, why, sizeof(why)) != ERR_OK) {
        assert_null(s);
        return;
    }
    session_resume(s, 2000);
    session_update(s, 1000000000);
    session_next(s, 1000000000);
    SessionView v;
    session_view(s, 1000000000, &v);
    assert_true(v.phase <= v.phase_count);
    char *again = serialize(s, 1000000001, 0);
    Session *t = NULL;
    assert_int_equal(session_parse(again, strlen(again), 0, 0, &t, why, sizeof(why)), ERR_OK);
    session_free(t);
    free(again);
    session_free(s);
}

static void test_garbage_rejected(void **state)
{
    (void)state;
    expect_rejected("", 0);
    expect_rejected("hello\n", 6);
    expect_rejected("archdrill-session 2\n", 20);
    char *text = design_text();
    Fixture f = load(text);
    Session *s = start(&f, 30000);
    session_set_note(s, 2, "a note\nwith lines");
    session_update(s, T0 + 20 * MIN);
    session_pause(s, T0 + 21 * MIN);
    char *good = serialize(s, T0 + 22 * MIN, 5);
    size_t len = strlen(good);
    /* every truncation */
    for (size_t n = 0; n < len; n++)
        expect_rejected(good, n);
    /* targeted edits */
    static const char *const edits[][2] = {
        {"kind design", "kind cards"},  {"stage running", "stage nope"},
        {"phases 6", "phases 5"},       {"notes 6", "notes 3"},
        {"scores 8", "scores 1 -1"},    {"current 3 0", "current 9 0"},
        {"current 3 0", "current 3 1"}, {"pauses 1", "pauses 2"},
        {"grace 30000", "grace -5"},    {"clock 1320000", "clock 1"},
        {"finished -1", "finished 5"},  {"curveball 1800000 -1", "curveball 1800000 5"},
        {"end\n", "end\nmore\n"},       {"clock 1320000", "clock 99999999999999999999"},
        {"missed ", "missed \\q"},      {"missed ", "missed \\x00"},
        {"missed ", "missed \\"},       {"phase 300000 0", "phase 300000 -1"},
    };
    for (size_t i = 0; i < ARRAY_LEN(edits); i++) {
        const char *at = strstr(good, edits[i][0]);
        if (!at)
            fail_msg("edit %zu: '%s' not in\n%s", i, edits[i][0], good);
        Buf b = {0};
        buf_append(&b, good, (size_t)(at - good));
        buf_puts(&b, edits[i][1]);
        buf_puts(&b, at + strlen(edits[i][0]));
        expect_rejected(b.data, b.len);
        buf_free(&b);
    }
    /* a NUL inside */
    char *nul = strdup(good);
    nul[30] = '\0';
    expect_rejected(nul, len);
    free(nul);
    /* every byte replaced by a few others: accepted or rejected, never a crash */
    static const char swaps[] = {'0', '9', '-', ' ', '\n', 'x', '\\', (char)0xff};
    char *copy = malloc(len);
    for (size_t i = 0; i < len; i++) {
        for (size_t k = 0; k < sizeof(swaps); k++) {
            memcpy(copy, good, len);
            copy[i] = swaps[k];
            parse_any(copy, len);
        }
    }
    /* random bytes and random lines */
    uint64_t x = 88172645463325252ULL;
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 300);
        char buf[300];
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf[i] = (char)(x & 0xff);
        }
        parse_any(buf, n);
        /* and the good text with a random line swapped for the next one */
    }
    free(copy);
    free(good);
    session_free(s);
    unload(&f);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design_overrun_and_auto_advance),
        cmocka_unit_test(test_design_pause_curveball_and_stages),
        cmocka_unit_test(test_curveball_at_its_minute),
        cmocka_unit_test(test_late_update_matches_frame_by_frame),
        cmocka_unit_test(test_ticks_follow_the_displayed_seconds),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_risk_review),
        cmocka_unit_test(test_adr_finished_early),
        cmocka_unit_test(test_estimation_answers_table),
        cmocka_unit_test(test_estimation_round),
        cmocka_unit_test(test_start_rejects),
        cmocka_unit_test(test_resume_after_crash_counts_the_gap_as_paused),
        cmocka_unit_test(test_round_trip_every_stage),
        cmocka_unit_test(test_garbage_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
