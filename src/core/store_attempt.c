/*
 * store_attempt.c: drill attempts, the prompts' schedule, focus tags and lightning scores
 * on the database (see store_attempt.h). The session text is the one source of truth of
 * an attempt: the history re-reads it, and the summary columns written at the end are a
 * convenience for queries and tools.
 */
#include "core/store_attempt.h"

#include "core/store_internal.h"
#include "core/study.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ATTEMPT_LIGHTNING_TAGS[] = {"patterns", "anti-patterns", NULL};

#define OPEN_STATUS "status IN ('running', 'paused')"

static const char *status_of(const Session *s)
{
    SessionView v;
    session_view(s, 0, &v);
    return v.paused ? "paused" : "running";
}

static bool kind_from_name(const char *name, DeckKind *out)
{
    static const DeckKind kinds[] = {DECK_KIND_CARDS, DECK_KIND_DESIGN, DECK_KIND_RISK,
                                     DECK_KIND_ADR, DECK_KIND_ESTIMATION};
    for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
        if (name && strcmp(name, deck_kind_name(kinds[i])) == 0) {
            *out = kinds[i];
            return true;
        }
    }
    return false;
}

static char *column_dup(sqlite3_stmt *st, int col)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    return xstrdup(t ? t : "");
}

/* Runs a statement expected to finish without rows. */
static Err step_done(Store *st, sqlite3_stmt *stmt, const char *what)
{
    Err e = sqlite3_step(stmt) == SQLITE_DONE ? ERR_OK : store_fail_db(st, what);
    sqlite3_finalize(stmt);
    return e;
}

static bool prompt_exists(Store *st, int64_t prompt_id)
{
    sqlite3_stmt *q = store_prepare(st, "SELECT 1 FROM drill_prompts WHERE id = ?");
    if (!q)
        return false;
    sqlite3_bind_int64(q, 1, prompt_id);
    bool found = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    return found;
}

/* ---- attempts in progress ---------------------------------------------------------- */

Err store_attempt_create(Store *st, int64_t prompt_id, const Session *s, int64_t now_ms,
                         int64_t wall_ms, int64_t *attempt_id)
{
    *attempt_id = 0;
    if (!prompt_exists(st, prompt_id))
        return store_fail(st, ERR_NOT_FOUND, "no drill prompt %lld", (long long)prompt_id);
    Buf text = {0};
    session_serialize(s, now_ms, wall_ms, &text);
    sqlite3_stmt *q = store_prepare(st, "INSERT INTO drill_attempts(prompt_id, status,"
                                        " started_ms, session, saved_ms) VALUES(?, ?, ?, ?, ?)");
    Err e = ERR_DB;
    if (q) {
        sqlite3_bind_int64(q, 1, prompt_id);
        sqlite3_bind_text(q, 2, status_of(s), -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, wall_ms);
        sqlite3_bind_text(q, 4, buf_str(&text), -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 5, wall_ms);
        e = step_done(st, q, "create attempt");
    }
    if (!e)
        *attempt_id = sqlite3_last_insert_rowid(st->db);
    buf_free(&text);
    return e;
}

Err store_attempt_save(Store *st, int64_t attempt_id, const Session *s, int64_t now_ms,
                       int64_t wall_ms)
{
    Buf text = {0};
    session_serialize(s, now_ms, wall_ms, &text);
    sqlite3_stmt *q = store_prepare(st, "UPDATE drill_attempts SET session = ?, saved_ms = ?,"
                                        " status = ? WHERE id = ? AND " OPEN_STATUS);
    Err e = ERR_DB;
    if (q) {
        sqlite3_bind_text(q, 1, buf_str(&text), -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, wall_ms);
        sqlite3_bind_text(q, 3, status_of(s), -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 4, attempt_id);
        e = step_done(st, q, "save attempt");
    }
    buf_free(&text);
    if (!e && sqlite3_changes(st->db) == 0)
        e = store_fail(st, ERR_NOT_FOUND, "no open attempt %lld", (long long)attempt_id);
    return e;
}

Err store_attempt_set_board(Store *st, int64_t attempt_id, int64_t board_id)
{
    sqlite3_stmt *q =
        store_prepare(st, "UPDATE drill_attempts SET board_id = nullif(?, 0) WHERE id = ?");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, board_id);
    sqlite3_bind_int64(q, 2, attempt_id);
    Err e = step_done(st, q, "link board");
    if (!e && sqlite3_changes(st->db) == 0)
        e = store_fail(st, ERR_NOT_FOUND, "no attempt %lld", (long long)attempt_id);
    return e;
}

Err store_attempt_find_open(Store *st, AttemptOpen *out)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *q = store_prepare(
        st, "SELECT a.id, a.prompt_id, p.key, p.title, p.kind, a.started_ms, a.saved_ms,"
            " a.session FROM drill_attempts a JOIN drill_prompts p ON p.id = a.prompt_id"
            " WHERE a." OPEN_STATUS " ORDER BY a.saved_ms DESC, a.id DESC LIMIT 1");
    if (!q)
        return ERR_DB;
    int rc = sqlite3_step(q);
    Err e = ERR_OK;
    if (rc == SQLITE_ROW) {
        out->attempt_id = sqlite3_column_int64(q, 0);
        out->prompt_id = sqlite3_column_int64(q, 1);
        out->prompt_key = column_dup(q, 2);
        out->title = column_dup(q, 3);
        if (!kind_from_name((const char *)sqlite3_column_text(q, 4), &out->kind))
            out->kind = DECK_KIND_DESIGN;
        out->started_ms = sqlite3_column_int64(q, 5);
        out->saved_ms = sqlite3_column_int64(q, 6);
        out->session = column_dup(q, 7);
    } else if (rc == SQLITE_DONE) {
        e = ERR_NOT_FOUND;
    } else {
        e = store_fail_db(st, "find open attempt");
    }
    sqlite3_finalize(q);
    return e;
}

void store_attempt_open_free(AttemptOpen *a)
{
    free(a->prompt_key);
    free(a->title);
    free(a->session);
    memset(a, 0, sizeof(*a));
}

Err store_attempt_abandon(Store *st, int64_t attempt_id, int64_t wall_ms)
{
    sqlite3_stmt *q = store_prepare(st, "UPDATE drill_attempts SET status = 'abandoned',"
                                        " ended_ms = ? WHERE id = ? AND " OPEN_STATUS);
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, wall_ms);
    sqlite3_bind_int64(q, 2, attempt_id);
    Err e = step_done(st, q, "abandon attempt");
    if (!e && sqlite3_changes(st->db) == 0)
        e = store_fail(st, ERR_NOT_FOUND, "no open attempt %lld", (long long)attempt_id);
    return e;
}

/* ---- finishing --------------------------------------------------------------------- */

static const char *const RISK_NOTES[] = {"Risk 1", "Risk 2", "Risk 3"};
static const char *const ADR_NOTES[] = {"Context", "Decision", "Consequences"};

/* The name of phase or note i in the summary JSON. */
static void item_name(DeckKind kind, size_t i, bool note, char *out, size_t cap)
{
    if (kind == DECK_KIND_DESIGN && i < DRILL_PHASES)
        snprintf(out, cap, "%s", DRILL_PHASE_NAMES[i]);
    else if (note && kind == DECK_KIND_RISK && i < 3)
        snprintf(out, cap, "%s", RISK_NOTES[i]);
    else if (note && kind == DECK_KIND_ADR && i < 3)
        snprintf(out, cap, "%s", ADR_NOTES[i]);
    else if (kind == DECK_KIND_ESTIMATION)
        snprintf(out, cap, "Question %zu", i + 1);
    else
        snprintf(out, cap, "%s", kind == DECK_KIND_RISK ? "Risk review" : "ADR");
}

static void summary_json(const Session *s, int64_t now_ms, Buf *phases, Buf *notes, Buf *scores,
                         Buf *pauses)
{
    DeckKind kind = session_kind(s);
    char name[64];
    buf_putc(phases, '[');
    for (size_t i = 0; i < session_phase_count(s); i++) {
        const SessionPhase *p = session_phase(s, i);
        item_name(kind, i, false, name, sizeof(name));
        buf_puts(phases, i ? ",{\"name\":" : "{\"name\":");
        buf_put_json_string(phases, name);
        buf_printf(phases,
                   ",\"planned_ms\":%lld,\"used_ms\":%lld,\"overrun_ms\":%lld,"
                   "\"auto_advanced\":%s",
                   (long long)p->planned_ms, (long long)session_phase_used_ms(s, i, now_ms),
                   (long long)session_phase_overrun_ms(s, i, now_ms),
                   p->auto_advanced ? "true" : "false");
        if (kind == DECK_KIND_ESTIMATION)
            buf_printf(phases, ",\"answered\":%s,\"correct\":%s", p->answered ? "true" : "false",
                       p->correct ? "true" : "false");
        buf_putc(phases, '}');
    }
    buf_putc(phases, ']');
    buf_putc(notes, '{');
    for (size_t i = 0; i < session_note_count(s); i++) {
        item_name(kind, i, true, name, sizeof(name));
        if (i)
            buf_putc(notes, ',');
        buf_put_json_string(notes, name);
        buf_putc(notes, ':');
        buf_put_json_string(notes, session_note(s, i));
    }
    buf_putc(notes, '}');
    buf_putc(scores, '{');
    for (size_t i = 0; i < session_score_count(s); i++) {
        const char *dim = kind == DECK_KIND_DESIGN && i < DRILL_DIMENSIONS
                              ? DRILL_DIMENSION_NAMES[i]
                              : (kind == DECK_KIND_RISK ? "Reference risks found" : "Self-score");
        if (i)
            buf_putc(scores, ',');
        buf_put_json_string(scores, dim);
        buf_printf(scores, ":%d", session_score(s, i));
    }
    buf_putc(scores, '}');
    buf_putc(pauses, '[');
    for (size_t i = 0; i < session_pause_count(s); i++) {
        const SessionPause *p = session_pause_at(s, i);
        buf_printf(pauses, "%s[%lld,%lld]", i ? "," : "", (long long)p->begin_ms,
                   (long long)p->end_ms);
    }
    buf_putc(pauses, ']');
}

/* The scheduler settings for prompts: no short-term steps (a drill a day is plenty), a
 * year at most between two attempts of the same prompt. */
static FsrsParams prompt_params(void)
{
    FsrsParams p = fsrs_params_default();
    p.enable_short_term = false;
    p.maximum_interval_days = ATTEMPT_MAX_INTERVAL_DAYS;
    fsrs_params_update(&p);
    return p;
}

static Err load_schedule(Store *st, int64_t prompt_id, FsrsCard *card, bool *found)
{
    *found = false;
    sqlite3_stmt *q = store_prepare(
        st, "SELECT state, stability, difficulty, due_ms, last_review_ms, elapsed_days,"
            " scheduled_days, learning_step, reps, lapses FROM drill_schedule"
            " WHERE prompt_id = ?");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, prompt_id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = true;
        card->state = (FsrsState)sqlite3_column_int(q, 0);
        card->stability = sqlite3_column_double(q, 1);
        card->difficulty = sqlite3_column_double(q, 2);
        card->due_ms = sqlite3_column_int64(q, 3);
        card->last_review_ms = sqlite3_column_int64(q, 4);
        card->elapsed_days = sqlite3_column_int(q, 5);
        card->scheduled_days = sqlite3_column_int(q, 6);
        card->learning_steps = sqlite3_column_int(q, 7);
        card->reps = sqlite3_column_int(q, 8);
        card->lapses = sqlite3_column_int(q, 9);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? ERR_OK : store_fail_db(st, "read schedule");
}

/* Answers the prompt's card with the attempt's rating. A rating the scheduler rejects (a
 * wall clock set back before the last attempt's day) leaves the schedule as it was: the
 * attempt itself is still kept. */
static Err schedule_prompt(Store *st, int64_t prompt_id, int rating, int64_t wall_ms,
                           const DayRule *rule)
{
    if (rating < 1)
        return ERR_OK;
    FsrsCard card;
    bool found = false;
    Err e = load_schedule(st, prompt_id, &card, &found);
    if (e)
        return e;
    if (!found)
        card = fsrs_card_new(wall_ms);
    FsrsParams params = prompt_params();
    FsrsCard next;
    if (study_next(&params, &card, wall_ms, rule, rating, &next) != ERR_OK)
        return ERR_OK;
    sqlite3_stmt *q = store_prepare(
        st, "INSERT OR REPLACE INTO drill_schedule(prompt_id, state, stability, difficulty,"
            " due_ms, last_review_ms, elapsed_days, scheduled_days, learning_step, reps, lapses)"
            " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, prompt_id);
    sqlite3_bind_int(q, 2, (int)next.state);
    sqlite3_bind_double(q, 3, next.stability);
    sqlite3_bind_double(q, 4, next.difficulty);
    sqlite3_bind_int64(q, 5, next.due_ms);
    sqlite3_bind_int64(q, 6, next.last_review_ms);
    sqlite3_bind_int(q, 7, next.elapsed_days);
    sqlite3_bind_int(q, 8, next.scheduled_days);
    sqlite3_bind_int(q, 9, next.learning_steps);
    sqlite3_bind_int(q, 10, next.reps);
    sqlite3_bind_int(q, 11, next.lapses);
    return step_done(st, q, "schedule prompt");
}

Err store_attempt_prompt(Store *st, int64_t prompt_id, Deck **deck, Drill **drill)
{
    *deck = NULL;
    *drill = NULL;
    sqlite3_stmt *q = store_prepare(st, "SELECT body FROM drill_prompts WHERE id = ?");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, prompt_id);
    int rc = sqlite3_step(q);
    Err e = ERR_OK;
    if (rc == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(q, 0);
        DeckErrors errs = {0};
        e = deck_parse("drill", text ? text : "", text ? strlen(text) : 0, deck, &errs);
        if (!e)
            e = drill_from_deck(*deck, drill, &errs);
        if (e) {
            char msg[300] = "";
            if (errs.count)
                deck_error_format(&errs.items[0], msg, sizeof(msg));
            deck_free(*deck);
            *deck = NULL;
            e = store_fail(st, ERR_PARSE, "drill prompt %lld: %s", (long long)prompt_id, msg);
        }
        deck_errors_free(&errs);
    } else if (rc == SQLITE_DONE) {
        e = store_fail(st, ERR_NOT_FOUND, "no drill prompt %lld", (long long)prompt_id);
    } else {
        e = store_fail_db(st, "read prompt");
    }
    sqlite3_finalize(q);
    return e;
}

/* The key concepts (card tags) of a prompt, re-read from its stored text. A prompt that
 * no longer parses has none. */
static Err prompt_concepts(Store *st, int64_t prompt_id, char ***out)
{
    *out = xcalloc(1, sizeof(**out));
    Deck *deck = NULL;
    Drill *drill = NULL;
    Err e = store_attempt_prompt(st, prompt_id, &deck, &drill);
    if (e == ERR_OK) {
        *out = xrealloc(*out, (drill->concept_count + 1) * sizeof(**out));
        for (size_t i = 0; i < drill->concept_count; i++)
            (*out)[i] = xstrdup(drill->concepts[i]);
        (*out)[drill->concept_count] = NULL;
    }
    drill_free(drill);
    deck_free(deck);
    return e == ERR_PARSE || e == ERR_NOT_FOUND ? ERR_OK : e;
}

static Err add_focus(Store *st, int64_t attempt_id, int64_t prompt_id, int64_t wall_ms)
{
    char **tags = NULL;
    Err e = prompt_concepts(st, prompt_id, &tags);
    for (char **t = tags; !e && *t; t++) {
        sqlite3_stmt *q = store_prepare(st, "INSERT OR IGNORE INTO drill_focus(attempt_id, tag,"
                                            " until_ms) VALUES(?, ?, ?)");
        if (!q) {
            e = ERR_DB;
            break;
        }
        sqlite3_bind_int64(q, 1, attempt_id);
        sqlite3_bind_text(q, 2, *t, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, wall_ms + ATTEMPT_FOCUS_DAYS * DAY_MS);
        e = step_done(st, q, "add focus tag");
    }
    store_strings_free(tags);
    return e;
}

static Err write_scores(Store *st, int64_t attempt_id, const Session *s)
{
    Err e = ERR_OK;
    for (size_t i = 0; !e && i < session_score_count(s); i++) {
        sqlite3_stmt *q = store_prepare(st, "INSERT OR REPLACE INTO drill_attempt_scores("
                                            "attempt_id, dimension, score) VALUES(?, ?, ?)");
        if (!q)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, attempt_id);
        sqlite3_bind_int(q, 2, (int)i);
        sqlite3_bind_int(q, 3, session_score(s, i));
        e = step_done(st, q, "write scores");
    }
    return e;
}

static Err open_attempt_prompt(Store *st, int64_t attempt_id, int64_t *prompt_id)
{
    sqlite3_stmt *q =
        store_prepare(st, "SELECT prompt_id FROM drill_attempts WHERE id = ? AND " OPEN_STATUS);
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, attempt_id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *prompt_id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return ERR_OK;
    if (rc == SQLITE_DONE)
        return store_fail(st, ERR_NOT_FOUND, "no open attempt %lld", (long long)attempt_id);
    return store_fail_db(st, "read attempt");
}

Err store_attempt_finish(Store *st, int64_t attempt_id, const Session *s, int64_t now_ms,
                         int64_t wall_ms, const DayRule *rule)
{
    if (session_stage(s) != SESSION_DONE)
        return store_fail(st, ERR_PARSE, "the attempt is not done (stage %s)",
                          session_stage_name(session_stage(s)));
    Buf text = {0}, phases = {0}, notes = {0}, scores = {0}, pauses = {0};
    session_serialize(s, now_ms, wall_ms, &text);
    summary_json(s, now_ms, &phases, &notes, &scores, &pauses);
    int correct = 0, total = 0;
    session_estimation_result(s, &correct, &total);
    double result = session_result(s);
    int64_t prompt_id = 0;
    sqlite3_stmt *q = NULL;
    Err e = store_begin(st);
    if (e)
        goto fail;
    e = open_attempt_prompt(st, attempt_id, &prompt_id);
    if (e)
        goto fail;
    q = store_prepare(st, "UPDATE drill_attempts SET status = 'done', ended_ms = ?1,"
                          " saved_ms = ?1, session = ?2, phases = ?3, notes = ?4, scores = ?5,"
                          " missed = ?6, pauses = ?7, result = ?8, correct = ?9, total = ?10"
                          " WHERE id = ?11");
    if (!q) {
        e = ERR_DB;
        goto fail;
    }
    sqlite3_bind_int64(q, 1, wall_ms);
    sqlite3_bind_text(q, 2, buf_str(&text), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, buf_str(&phases), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, buf_str(&notes), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, buf_str(&scores), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, session_missed(s), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, buf_str(&pauses), -1, SQLITE_STATIC);
    if (result >= 0)
        sqlite3_bind_double(q, 8, result);
    if (session_kind(s) == DECK_KIND_ESTIMATION) {
        sqlite3_bind_int(q, 9, correct);
        sqlite3_bind_int(q, 10, total);
    }
    sqlite3_bind_int64(q, 11, attempt_id);
    e = step_done(st, q, "finish attempt");
    if (!e)
        e = write_scores(st, attempt_id, s);
    if (!e)
        e = schedule_prompt(st, prompt_id, session_rating(s), wall_ms, rule);
    if (!e && session_weak_dimensions(s))
        e = add_focus(st, attempt_id, prompt_id, wall_ms);
    if (!e)
        e = store_mark_changed(st, wall_ms / 1000);
    if (!e)
        e = store_commit(st);
fail:
    if (e)
        store_rollback(st);
    buf_free(&text);
    buf_free(&phases);
    buf_free(&notes);
    buf_free(&scores);
    buf_free(&pauses);
    return e;
}

/* ---- history ----------------------------------------------------------------------- */

static void summarize(AttemptSummary *a, const Session *s)
{
    a->kind = session_kind(s);
    size_t n = session_phase_count(s);
    a->phase_count = (int)(n < DRILL_PHASES ? n : DRILL_PHASES);
    for (size_t i = 0; i < n; i++) {
        int64_t used = session_phase_used_ms(s, i, 0);
        a->active_ms += used;
        if (i < DRILL_PHASES) {
            a->planned_ms[i] = session_phase(s, i)->planned_ms;
            a->used_ms[i] = used;
            a->overrun_ms[i] = session_phase_overrun_ms(s, i, 0);
        }
    }
    a->pauses = (int)session_pause_count(s);
    for (size_t i = 0; i < session_pause_count(s); i++) {
        const SessionPause *p = session_pause_at(s, i);
        a->paused_ms += p->end_ms - p->begin_ms; /* closed: the session is done */
    }
    for (size_t i = 0; i < DRILL_DIMENSIONS; i++)
        a->scores[i] = session_score(s, i);
    a->result = session_result(s);
    session_estimation_result(s, &a->correct, &a->total);
}

Err store_attempt_history(Store *st, int64_t prompt_id, AttemptSummary **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *q = store_prepare(st, "SELECT id, started_ms, ended_ms, session FROM"
                                        " drill_attempts WHERE prompt_id = ? AND status = 'done'"
                                        " ORDER BY started_ms, id");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, prompt_id);
    AttemptSummary *list = NULL;
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(q, 3);
        Session *s = NULL;
        char why[128];
        /* A session that does not read back (damaged by hand) is left out of the trend. */
        if (!text || session_parse(text, strlen(text), 0, 0, &s, why, sizeof(why)) != ERR_OK)
            continue;
        list = xrealloc(list, (count + 1) * sizeof(*list));
        AttemptSummary *a = &list[count++];
        memset(a, 0, sizeof(*a));
        a->attempt_id = sqlite3_column_int64(q, 0);
        a->started_ms = sqlite3_column_int64(q, 1);
        a->ended_ms = sqlite3_column_int64(q, 2);
        summarize(a, s);
        session_free(s);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        free(list);
        return store_fail_db(st, "attempt history");
    }
    *out = list;
    *n = count;
    return ERR_OK;
}

Err store_attempt_dimension_means(Store *st, int last_n, double means[DRILL_DIMENSIONS])
{
    for (int i = 0; i < DRILL_DIMENSIONS; i++)
        means[i] = -1;
    sqlite3_stmt *q = store_prepare(
        st, "SELECT dimension, avg(score) FROM drill_attempt_scores WHERE attempt_id IN"
            " (SELECT a.id FROM drill_attempts a JOIN drill_prompts p ON p.id = a.prompt_id"
            "  WHERE a.status = 'done' AND p.kind = 'design'"
            "  ORDER BY a.ended_ms DESC, a.id DESC LIMIT ?) GROUP BY dimension");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int(q, 1, last_n);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int dim = sqlite3_column_int(q, 0);
        if (dim >= 0 && dim < DRILL_DIMENSIONS)
            means[dim] = sqlite3_column_double(q, 1);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(st, "dimension means");
}

Err store_attempt_estimation_accuracy(Store *st, int *correct, int *total)
{
    *correct = 0;
    *total = 0;
    sqlite3_stmt *q = store_prepare(st, "SELECT coalesce(sum(correct), 0), coalesce(sum(total),"
                                        " 0) FROM drill_attempts WHERE status = 'done'"
                                        " AND total IS NOT NULL");
    if (!q)
        return ERR_DB;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *correct = sqlite3_column_int(q, 0);
        *total = sqlite3_column_int(q, 1);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? ERR_OK : store_fail_db(st, "estimation accuracy");
}

/* ---- schedule and suggestion ------------------------------------------------------- */

/* The last finished attempt of a prompt: its id and result (-1, -1 when none). */
static Err last_attempt(Store *st, int64_t prompt_id, int64_t *id, double *result)
{
    *id = -1;
    *result = -1;
    sqlite3_stmt *q = store_prepare(st, "SELECT id, coalesce(result, -1) FROM drill_attempts"
                                        " WHERE prompt_id = ? AND status = 'done'"
                                        " ORDER BY ended_ms DESC, id DESC LIMIT 1");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, prompt_id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        *result = sqlite3_column_double(q, 1);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? ERR_OK : store_fail_db(st, "last attempt");
}

Err store_attempt_schedule(Store *st, int64_t prompt_id, AttemptSchedule *out)
{
    memset(out, 0, sizeof(*out));
    out->prompt_id = prompt_id;
    out->last_result = -1;
    if (!prompt_exists(st, prompt_id))
        return store_fail(st, ERR_NOT_FOUND, "no drill prompt %lld", (long long)prompt_id);
    FsrsCard card;
    bool found = false;
    Err e = load_schedule(st, prompt_id, &card, &found);
    if (e)
        return e;
    int64_t last_id;
    e = last_attempt(st, prompt_id, &last_id, &out->last_result);
    out->attempted = last_id >= 0;
    out->due_ms = found ? card.due_ms : 0;
    return e;
}

typedef struct Candidate {
    int64_t id;
    char *key;
    int64_t due_day;
    double weakness; /* lower is weaker; -1 never attempted */
} Candidate;

static int candidate_cmp(const void *a, const void *b)
{
    const Candidate *x = a, *y = b;
    if (x->due_day != y->due_day)
        return x->due_day < y->due_day ? -1 : 1;
    if (x->weakness != y->weakness)
        return x->weakness < y->weakness ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* The two dimensions with the lowest means, as bits (none when nothing was scored). */
static unsigned weakest_dimensions(const double means[DRILL_DIMENSIONS])
{
    unsigned bits = 0;
    for (int k = 0; k < 2; k++) {
        int best = -1;
        for (int i = 0; i < DRILL_DIMENSIONS; i++)
            if (means[i] >= 0 && !(bits & (1u << i)) && (best < 0 || means[i] < means[best]))
                best = i;
        if (best >= 0)
            bits |= 1u << best;
    }
    return bits;
}

/* How weak a prompt's last attempt was: the mean of its scores in the weak dimensions
 * (design, 1..4), else its result on the same scale (1 + 3 x result). */
static Err weakness_of(Store *st, int64_t attempt_id, double result, unsigned weak_dims,
                       double *out)
{
    *out = 1 + 3 * result;
    if (!weak_dims)
        return ERR_OK;
    sqlite3_stmt *q = store_prepare(st, "SELECT dimension, score FROM drill_attempt_scores"
                                        " WHERE attempt_id = ?");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, attempt_id);
    double sum = 0;
    int n = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int dim = sqlite3_column_int(q, 0);
        if (dim >= 0 && dim < DRILL_DIMENSIONS && (weak_dims & (1u << dim))) {
            sum += sqlite3_column_int(q, 1);
            n++;
        }
    }
    sqlite3_finalize(q);
    if (n > 0)
        *out = sum / n;
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(st, "weakness");
}

Err store_attempt_suggest(Store *st, DeckKind kind, int64_t wall_ms, const DayRule *rule,
                          int64_t *prompt_id)
{
    *prompt_id = 0;
    unsigned weak_dims = 0;
    if (kind == DECK_KIND_DESIGN) {
        double means[DRILL_DIMENSIONS];
        Err e = store_attempt_dimension_means(st, 10, means);
        if (e)
            return e;
        weak_dims = weakest_dimensions(means);
    }
    sqlite3_stmt *q = store_prepare(st, "SELECT p.id, p.key, s.due_ms FROM drill_prompts p"
                                        " LEFT JOIN drill_schedule s ON s.prompt_id = p.id"
                                        " WHERE p.retired = 0 AND p.kind = ?");
    if (!q)
        return ERR_DB;
    sqlite3_bind_text(q, 1, deck_kind_name(kind), -1, SQLITE_STATIC);
    Candidate *list = NULL;
    size_t n = 0;
    int64_t today = day_of(rule, wall_ms);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        list = xrealloc(list, (n + 1) * sizeof(*list));
        Candidate *c = &list[n++];
        c->id = sqlite3_column_int64(q, 0);
        c->key = column_dup(q, 1);
        c->due_day = sqlite3_column_type(q, 2) == SQLITE_NULL
                         ? today
                         : day_of(rule, sqlite3_column_int64(q, 2));
        c->weakness = -1;
    }
    sqlite3_finalize(q);
    Err e = rc == SQLITE_DONE ? ERR_OK : store_fail_db(st, "suggest");
    for (size_t i = 0; !e && i < n; i++) {
        int64_t last_id;
        double result;
        e = last_attempt(st, list[i].id, &last_id, &result);
        if (!e && last_id >= 0)
            e = weakness_of(st, last_id, result < 0 ? 0 : result, weak_dims, &list[i].weakness);
    }
    if (!e && n == 0)
        e = store_fail(st, ERR_NOT_FOUND, "no %s drills", deck_kind_name(kind));
    if (!e) {
        qsort(list, n, sizeof(*list), candidate_cmp);
        *prompt_id = list[0].id;
    }
    for (size_t i = 0; i < n; i++)
        free(list[i].key);
    free(list);
    return e;
}

/* ---- focus tags -------------------------------------------------------------------- */

static Err collect_strings(Store *st, sqlite3_stmt *q, char ***out, const char *what)
{
    char **list = xcalloc(1, sizeof(*list));
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        list = xrealloc(list, (n + 2) * sizeof(*list));
        list[n++] = column_dup(q, 0);
        list[n] = NULL;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        store_strings_free(list);
        return store_fail_db(st, what);
    }
    *out = list;
    return ERR_OK;
}

Err store_attempt_focus_tags(Store *st, int64_t wall_ms, char ***tags)
{
    *tags = NULL;
    sqlite3_stmt *q = store_prepare(
        st, "SELECT f.tag FROM drill_focus f JOIN drill_attempts a ON a.id = f.attempt_id"
            " WHERE f.until_ms > ?1 GROUP BY f.tag"
            " ORDER BY max(a.ended_ms) DESC, f.tag");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, wall_ms);
    return collect_strings(st, q, tags, "focus tags");
}

Err store_attempt_attempt_focus(Store *st, int64_t attempt_id, char ***tags)
{
    *tags = NULL;
    sqlite3_stmt *q = store_prepare(st, "SELECT 1 FROM drill_attempts WHERE id = ?");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, attempt_id);
    bool found = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    if (!found)
        return store_fail(st, ERR_NOT_FOUND, "no attempt %lld", (long long)attempt_id);
    q = store_prepare(st, "SELECT tag FROM drill_focus WHERE attempt_id = ? ORDER BY tag");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, attempt_id);
    return collect_strings(st, q, tags, "attempt focus");
}

/* ---- lightning --------------------------------------------------------------------- */

/* True when the space-separated `tags` holds one of `wanted`. */
static bool has_any_tag(const char *tags, const char *const *wanted)
{
    for (const char *const *w = wanted; *w; w++) {
        size_t n = strlen(*w);
        for (const char *p = tags; n && (p = strstr(p, *w)) != NULL; p += n) {
            bool start = p == tags || p[-1] == ' ';
            bool end = p[n] == '\0' || p[n] == ' ';
            if (start && end)
                return true;
        }
    }
    return false;
}

Err store_attempt_lightning_pool(Store *st, const char *const *tags, LightningPool *pool)
{
    sqlite3_stmt *q = store_prepare(st, "SELECT c.front, c.back, c.tags FROM cards c JOIN decks d"
                                        " ON d.id = c.deck_id WHERE c.retired = 0 AND"
                                        " d.retired = 0 ORDER BY c.id");
    if (!q)
        return ERR_DB;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *card_tags = (const char *)sqlite3_column_text(q, 2);
        if (card_tags && has_any_tag(card_tags, tags))
            lightning_pool_add(pool, (const char *)sqlite3_column_text(q, 0),
                               (const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(st, "lightning pool");
}

Err store_attempt_lightning_save(Store *st, int64_t wall_ms, uint64_t seed, int answered,
                                 int correct, int score)
{
    if (answered < 0 || correct < 0 || correct > answered || score < 0)
        return store_fail(st, ERR_PARSE, "bad lightning result %d/%d, %d", correct, answered,
                          score);
    sqlite3_stmt *q = store_prepare(st, "INSERT INTO lightning_rounds(played_ms, seed, answered,"
                                        " correct, score) VALUES(?, ?, ?, ?, ?)");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, wall_ms);
    int64_t stored_seed; /* SQLite integers are signed: keep the 64 bits as they are */
    memcpy(&stored_seed, &seed, sizeof(stored_seed));
    sqlite3_bind_int64(q, 2, stored_seed);
    sqlite3_bind_int(q, 3, answered);
    sqlite3_bind_int(q, 4, correct);
    sqlite3_bind_int(q, 5, score);
    return step_done(st, q, "save lightning round");
}

Err store_attempt_lightning_best(Store *st, int *best)
{
    *best = 0;
    sqlite3_stmt *q = store_prepare(st, "SELECT coalesce(max(score), 0) FROM lightning_rounds");
    if (!q)
        return ERR_DB;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *best = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? ERR_OK : store_fail_db(st, "lightning best");
}
