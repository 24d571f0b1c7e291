/*
 * session.c: the drill attempt's state machine (see session.h for the model): start and
 * free, the clocks, the transitions (update, next, finish, pause), the view, notes and
 * scores, the read-only queries and the result. Saving and restoring a session is in
 * session_save.c; what the two share is in session_internal.h.
 *
 * Invariants: the session clock never goes back (a smaller now_ms reads as the last one
 * seen); pauses are ordered, disjoint, and only the last may be open, only while RUNNING;
 * the phases that have begun form a prefix, each beginning where (or after) the previous
 * ended; the current phase is the only one begun and not ended, except for a revealed
 * estimation question. session_parse checks all of this, so a restored session satisfies
 * the same invariants as a live one.
 */
#include "core/session_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const STAGE_NAMES[] = {"running", "reference", "scoring", "missed", "done"};

const char *session_stage_name(SessionStage stage)
{
    return (unsigned)stage < ARRAY_LEN(STAGE_NAMES) ? STAGE_NAMES[stage] : "?";
}

/* ---- shape of each kind ------------------------------------------------------------ */

static size_t notes_for(DeckKind kind, size_t phases)
{
    return kind == DECK_KIND_RISK || kind == DECK_KIND_ADR ? 3 : phases;
}

static size_t scores_for(DeckKind kind)
{
    switch (kind) {
    case DECK_KIND_DESIGN:
        return DRILL_DIMENSIONS;
    case DECK_KIND_RISK:
    case DECK_KIND_ADR:
        return 1;
    case DECK_KIND_ESTIMATION:
    case DECK_KIND_CARDS:
        break;
    }
    return 0;
}

static void score_range(DeckKind kind, int *lo, int *hi)
{
    *lo = kind == DECK_KIND_RISK ? 0 : 1;
    *hi = kind == DECK_KIND_RISK ? 3 : 4;
}

/* Points the phases at their notes (design and estimation have one note per phase). */
void session_link_notes(Session *s)
{
    bool own = s->note_count == s->phase_count;
    for (size_t i = 0; i < s->phase_count; i++)
        s->phases[i].note = own ? s->notes[i] : "";
}

Session *session_alloc(DeckKind kind, size_t phases)
{
    Session *s = xcalloc(1, sizeof(*s));
    s->kind = kind;
    s->phase_count = phases;
    s->phases = xcalloc(phases, sizeof(*s->phases));
    for (size_t i = 0; i < phases; i++) {
        s->phases[i].begin_ms = -1;
        s->phases[i].end_ms = -1;
    }
    s->note_count = notes_for(kind, phases);
    s->notes = xcalloc(s->note_count, sizeof(*s->notes));
    for (size_t i = 0; i < s->note_count; i++)
        s->notes[i] = xstrdup("");
    s->score_count = scores_for(kind);
    for (size_t i = 0; i < SCORES_MAX; i++)
        s->scores[i] = -1;
    s->missed = xstrdup("");
    s->finished_ms = -1;
    s->curveball_ms = -1;
    s->curveball_shown_ms = -1;
    session_link_notes(s);
    return s;
}

void session_free(Session *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->note_count; i++)
        free(s->notes[i]);
    free(s->notes);
    free(s->phases);
    free(s->pauses);
    free(s->missed);
    free(s);
}

Err session_start(const Drill *drill, int64_t now_ms, int64_t grace_ms, Session **out)
{
    *out = NULL;
    if (grace_ms < SESSION_GRACE_NEVER)
        return ERR_PARSE;
    size_t phases = 0;
    switch (drill->kind) {
    case DECK_KIND_DESIGN:
        phases = DRILL_PHASES;
        break;
    case DECK_KIND_RISK:
    case DECK_KIND_ADR:
        phases = 1;
        break;
    case DECK_KIND_ESTIMATION:
        phases = drill->question_count;
        break;
    case DECK_KIND_CARDS:
        return ERR_PARSE;
    }
    if (phases == 0 || phases > SESSION_MAX_PHASES || drill->minutes <= 0)
        return ERR_PARSE;
    Session *s = session_alloc(drill->kind, phases);
    s->grace_ms = grace_ms;
    s->base_ms = now_ms;
    for (size_t i = 0; i < phases; i++) {
        int minutes = drill->minutes;
        if (drill->kind == DECK_KIND_DESIGN)
            minutes = drill->phases[i].minutes > 0 ? drill->phases[i].minutes
                                                   : DRILL_PHASE_DEFAULT_MINUTES[i];
        s->phases[i].planned_ms = (int64_t)minutes * 60000;
        if (drill->kind == DECK_KIND_ESTIMATION) {
            s->phases[i].has_reference = true;
            s->phases[i].reference = drill->questions[i].answer;
        }
    }
    if (drill->kind == DECK_KIND_DESIGN && drill->curveball && drill->curveball_minute > 0)
        s->curveball_ms = (int64_t)drill->curveball_minute * 60000;
    s->phases[0].begin_ms = 0;
    *out = s;
    return ERR_OK;
}

/* ---- clocks ------------------------------------------------------------------------ */

bool session_is_paused(const Session *s)
{
    return s->pause_count > 0 && s->pauses[s->pause_count - 1].end_ms < 0;
}

int64_t session_clock_at(const Session *s, int64_t now_ms)
{
    int64_t c = now_ms - s->base_ms;
    return c > s->clock_ms ? c : s->clock_ms;
}

static int64_t active_at(const Session *s, int64_t clock)
{
    int64_t paused = s->paused_closed_ms;
    if (session_is_paused(s))
        paused += clock - s->pauses[s->pause_count - 1].begin_ms;
    return clock - paused;
}

static int64_t active_now(const Session *s, int64_t now_ms)
{
    if (s->stage != SESSION_RUNNING)
        return s->finished_ms;
    return active_at(s, session_clock_at(s, now_ms));
}

static int64_t phase_used(const Session *s, size_t i, int64_t act)
{
    const SessionPhase *p = &s->phases[i];
    if (p->begin_ms < 0)
        return 0;
    return (p->end_ms >= 0 ? p->end_ms : act) - p->begin_ms;
}

static int64_t total_planned(const Session *s)
{
    int64_t t = 0;
    for (size_t i = 0; i < s->phase_count; i++)
        t += s->phases[i].planned_ms;
    return t;
}

static int64_t total_used(const Session *s, int64_t act)
{
    int64_t t = 0;
    for (size_t i = 0; i < s->phase_count; i++)
        t += phase_used(s, i, act);
    return t;
}

/* ---- transitions ------------------------------------------------------------------- */

void session_check_answer(SessionPhase *p)
{
    const char *a = p->note;
    while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
        a++;
    p->answered = *a != '\0';
    Quantity q;
    char why[64];
    p->parsed = p->answered && quantity_parse(a, &q, why, sizeof(why)) == ERR_OK;
    p->correct =
        p->parsed && p->has_reference && quantity_close(&q, &p->reference, SESSION_TOLERANCE);
}

static void end_timed_part(Session *s, int64_t at)
{
    s->finished_ms = at;
    s->stage = s->kind == DECK_KIND_ESTIMATION ? SESSION_DONE : SESSION_REFERENCE;
    s->revealed = false;
}

/* Ends the current phase at active time `at`; `by_time` when its grace ran out. */
static unsigned end_phase(Session *s, int64_t at, bool by_time)
{
    SessionPhase *p = &s->phases[s->current];
    p->end_ms = at;
    p->auto_advanced = by_time;
    if (p->end_ms - p->begin_ms > p->planned_ms)
        p->overran = true;
    unsigned ev = by_time ? SESSION_EV_ADVANCED : 0;
    if (s->kind == DECK_KIND_ESTIMATION) {
        session_check_answer(p);
        s->revealed = true;
        return ev | SESSION_EV_REVEALED;
    }
    if (s->current + 1 < s->phase_count) {
        s->current++;
        s->phases[s->current].begin_ms = at;
        return ev | SESSION_EV_PHASE;
    }
    end_timed_part(s, at);
    return ev | SESSION_EV_FINISHED | SESSION_EV_STAGE;
}

/* The active time of the next time-driven change, or -1 when none is pending. *what is
 * 0 for the curveball, 1 for an overrun, 2 for an automatic advance. */
static int64_t next_event(const Session *s, int *what)
{
    int64_t best = -1;
    if (s->stage != SESSION_RUNNING || session_is_paused(s))
        return -1;
    if (s->curveball_ms >= 0 && s->curveball_shown_ms < 0) {
        best = s->curveball_ms;
        *what = 0;
    }
    if (s->revealed)
        return best;
    const SessionPhase *p = &s->phases[s->current];
    int64_t due = p->begin_ms + p->planned_ms;
    if (!p->overran && (best < 0 || due < best)) {
        best = due;
        *what = 1;
    }
    if (s->grace_ms >= 0 && (best < 0 || due + s->grace_ms < best)) {
        best = due + s->grace_ms;
        *what = 2;
    }
    return best;
}

unsigned session_update(Session *s, int64_t now_ms)
{
    s->clock_ms = session_clock_at(s, now_ms);
    unsigned ev = 0;
    for (;;) {
        int what = -1;
        int64_t at = next_event(s, &what);
        if (at < 0 || at > active_at(s, s->clock_ms))
            break;
        if (what == 0) {
            s->curveball_shown_ms = s->curveball_ms;
            ev |= SESSION_EV_CURVEBALL;
        } else if (what == 1) {
            s->phases[s->current].overran = true;
            ev |= SESSION_EV_OVERRUN;
        } else {
            ev |= end_phase(s, at, true);
        }
    }
    return ev;
}

int64_t session_next_deadline_ms(const Session *s, int64_t now_ms)
{
    int what = -1;
    int64_t at = next_event(s, &what);
    if (at < 0)
        return SESSION_NO_TIME;
    int64_t act = active_at(s, session_clock_at(s, now_ms));
    return at <= act ? now_ms : now_ms + (at - act);
}

/* Time until a countdown showing whole seconds of `remaining` changes. */
static int64_t to_next_second(int64_t remaining)
{
    int64_t r = remaining % 1000;
    if (r < 0)
        r += 1000;
    return r == 0 ? 1000 : r;
}

int64_t session_next_tick_ms(const Session *s, int64_t now_ms)
{
    int64_t deadline = session_next_deadline_ms(s, now_ms);
    if (s->stage != SESSION_RUNNING || session_is_paused(s))
        return deadline;
    int64_t act = active_at(s, session_clock_at(s, now_ms));
    int64_t step = to_next_second(total_planned(s) - total_used(s, act));
    if (!s->revealed) {
        const SessionPhase *p = &s->phases[s->current];
        int64_t phase_step = to_next_second(p->begin_ms + p->planned_ms - act);
        if (phase_step < step)
            step = phase_step;
    }
    return now_ms + step < deadline ? now_ms + step : deadline;
}

void session_view(const Session *s, int64_t now_ms, SessionView *out)
{
    memset(out, 0, sizeof(*out));
    int64_t act = active_now(s, now_ms);
    out->stage = s->stage;
    out->kind = s->kind;
    out->phase_count = s->phase_count;
    out->phase = s->stage == SESSION_RUNNING ? s->current : s->phase_count;
    out->paused = session_is_paused(s);
    out->revealed = s->revealed;
    out->active_ms = act;
    out->overall_remaining_ms = total_planned(s) - total_used(s, act);
    out->advance_in_ms = -1;
    out->curveball_visible = s->curveball_shown_ms >= 0;
    if (s->stage != SESSION_RUNNING)
        return;
    const SessionPhase *p = &s->phases[s->current];
    out->phase_elapsed_ms = phase_used(s, s->current, act);
    out->phase_remaining_ms = p->planned_ms - out->phase_elapsed_ms;
    out->overrunning = !s->revealed && out->phase_remaining_ms <= 0;
    if (out->overrunning && s->grace_ms >= 0) {
        out->advance_in_ms = s->grace_ms + out->phase_remaining_ms;
        if (out->advance_in_ms < 0)
            out->advance_in_ms = 0;
    }
}

bool session_all_scored(const Session *s)
{
    for (size_t i = 0; i < s->score_count; i++)
        if (s->scores[i] < 0)
            return false;
    return true;
}

unsigned session_next(Session *s, int64_t now_ms)
{
    unsigned ev = session_update(s, now_ms);
    switch (s->stage) {
    case SESSION_RUNNING: {
        if (session_is_paused(s))
            return ev;
        int64_t act = active_at(s, s->clock_ms);
        if (!s->revealed)
            return ev | end_phase(s, act, false);
        /* estimation: from a revealed question to the next one */
        s->revealed = false;
        if (s->current + 1 < s->phase_count) {
            s->current++;
            s->phases[s->current].begin_ms = act;
            return ev | SESSION_EV_PHASE;
        }
        end_timed_part(s, act);
        return ev | SESSION_EV_FINISHED | SESSION_EV_STAGE;
    }
    case SESSION_REFERENCE:
        s->stage = s->score_count ? SESSION_SCORING : SESSION_MISSED;
        return ev | SESSION_EV_STAGE;
    case SESSION_SCORING:
        if (!session_all_scored(s))
            return ev;
        s->stage = SESSION_MISSED;
        return ev | SESSION_EV_STAGE;
    case SESSION_MISSED:
        s->stage = SESSION_DONE;
        return ev | SESSION_EV_STAGE;
    case SESSION_DONE:
        break;
    }
    return ev;
}

static void close_pause(Session *s)
{
    SessionPause *p = &s->pauses[s->pause_count - 1];
    p->end_ms = s->clock_ms;
    s->paused_closed_ms += p->end_ms - p->begin_ms;
}

unsigned session_finish(Session *s, int64_t now_ms)
{
    unsigned ev = session_update(s, now_ms);
    if (s->stage != SESSION_RUNNING)
        return ev;
    if (session_is_paused(s)) {
        close_pause(s);
        ev |= SESSION_EV_PAUSE;
    }
    int64_t act = active_at(s, s->clock_ms);
    if (!s->revealed) {
        SessionPhase *p = &s->phases[s->current];
        p->end_ms = act;
        if (p->end_ms - p->begin_ms > p->planned_ms)
            p->overran = true;
        if (s->kind == DECK_KIND_ESTIMATION)
            session_check_answer(p);
    }
    end_timed_part(s, act);
    return ev | SESSION_EV_FINISHED | SESSION_EV_STAGE;
}

unsigned session_pause(Session *s, int64_t now_ms)
{
    unsigned ev = session_update(s, now_ms);
    if (s->stage != SESSION_RUNNING || session_is_paused(s))
        return ev;
    s->pauses = xrealloc(s->pauses, (s->pause_count + 1) * sizeof(*s->pauses));
    s->pauses[s->pause_count++] = (SessionPause){s->clock_ms, -1};
    return ev | SESSION_EV_PAUSE;
}

unsigned session_resume(Session *s, int64_t now_ms)
{
    unsigned ev = session_update(s, now_ms);
    if (s->stage != SESSION_RUNNING || !session_is_paused(s))
        return ev;
    close_pause(s);
    return ev | SESSION_EV_PAUSE;
}

unsigned session_toggle_pause(Session *s, int64_t now_ms)
{
    return session_is_paused(s) ? session_resume(s, now_ms) : session_pause(s, now_ms);
}

/* ---- notes and scores -------------------------------------------------------------- */

static char *copy_capped(const char *text)
{
    size_t n = strlen(text);
    if (n > SESSION_MAX_NOTE_BYTES) {
        n = SESSION_MAX_NOTE_BYTES;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    return xstrndup(text, n);
}

bool session_set_note(Session *s, size_t i, const char *text)
{
    if (i >= s->note_count || s->stage == SESSION_DONE || !text)
        return false;
    if (s->kind == DECK_KIND_ESTIMATION &&
        (s->stage != SESSION_RUNNING || i != s->current || s->revealed))
        return false;
    free(s->notes[i]);
    s->notes[i] = copy_capped(text);
    session_link_notes(s);
    return true;
}

size_t session_note_count(const Session *s)
{
    return s->note_count;
}

const char *session_note(const Session *s, size_t i)
{
    return i < s->note_count ? s->notes[i] : "";
}

size_t session_score_count(const Session *s)
{
    return s->score_count;
}

void session_score_range(const Session *s, int *lo, int *hi)
{
    score_range(s->kind, lo, hi);
}

bool session_set_score(Session *s, size_t dimension, int score)
{
    int lo, hi;
    score_range(s->kind, &lo, &hi);
    if (s->stage != SESSION_SCORING || dimension >= s->score_count || score < lo || score > hi)
        return false;
    s->scores[dimension] = score;
    return true;
}

int session_score(const Session *s, size_t dimension)
{
    return dimension < s->score_count ? s->scores[dimension] : -1;
}

bool session_set_missed(Session *s, const char *text)
{
    if (!text || s->stage == SESSION_RUNNING || s->stage == SESSION_DONE)
        return false;
    free(s->missed);
    s->missed = copy_capped(text);
    return true;
}

const char *session_missed(const Session *s)
{
    return s->missed;
}

/* ---- read-only state --------------------------------------------------------------- */

DeckKind session_kind(const Session *s)
{
    return s->kind;
}

SessionStage session_stage(const Session *s)
{
    return s->stage;
}

int64_t session_grace_ms(const Session *s)
{
    return s->grace_ms;
}

size_t session_phase_count(const Session *s)
{
    return s->phase_count;
}

const SessionPhase *session_phase(const Session *s, size_t i)
{
    return i < s->phase_count ? &s->phases[i] : NULL;
}

size_t session_pause_count(const Session *s)
{
    return s->pause_count;
}

const SessionPause *session_pause_at(const Session *s, size_t i)
{
    return i < s->pause_count ? &s->pauses[i] : NULL;
}

int64_t session_curveball_ms(const Session *s)
{
    return s->curveball_ms;
}

int64_t session_curveball_shown_ms(const Session *s)
{
    return s->curveball_shown_ms;
}

int64_t session_phase_used_ms(const Session *s, size_t i, int64_t now_ms)
{
    return i < s->phase_count ? phase_used(s, i, active_now(s, now_ms)) : 0;
}

int64_t session_phase_overrun_ms(const Session *s, size_t i, int64_t now_ms)
{
    if (i >= s->phase_count)
        return 0;
    int64_t over = session_phase_used_ms(s, i, now_ms) - s->phases[i].planned_ms;
    return over > 0 ? over : 0;
}

void session_estimation_result(const Session *s, int *correct, int *total)
{
    *correct = 0;
    *total = 0;
    if (s->kind != DECK_KIND_ESTIMATION)
        return;
    *total = (int)s->phase_count;
    for (size_t i = 0; i < s->phase_count; i++)
        *correct += s->phases[i].correct;
}

double session_result(const Session *s)
{
    if (s->kind == DECK_KIND_ESTIMATION) {
        int correct, total;
        session_estimation_result(s, &correct, &total);
        return total > 0 ? (double)correct / total : -1;
    }
    if (s->score_count == 0 || !session_all_scored(s))
        return -1;
    double sum = 0;
    for (size_t i = 0; i < s->score_count; i++)
        sum += s->scores[i];
    double mean = sum / (double)s->score_count;
    return s->kind == DECK_KIND_RISK ? mean / 3 : (mean - 1) / 3;
}

int session_rating(const Session *s)
{
    double r = session_result(s);
    if (r < 0)
        return 0;
    if (r < 0.25)
        return 1;
    if (r < 0.5)
        return 2;
    return r < 0.85 ? 3 : 4;
}

unsigned session_weak_dimensions(const Session *s)
{
    unsigned weak = 0;
    switch (s->kind) {
    case DECK_KIND_DESIGN:
    case DECK_KIND_ADR:
        for (size_t i = 0; i < s->score_count; i++)
            if (s->scores[i] >= 0 && s->scores[i] <= 2)
                weak |= 1u << i;
        break;
    case DECK_KIND_RISK:
        if (s->scores[0] >= 0 && s->scores[0] < 2)
            weak = 1;
        break;
    case DECK_KIND_ESTIMATION: {
        int correct, total;
        session_estimation_result(s, &correct, &total);
        if (total > 0 && correct * 2 < total)
            weak = 1;
        break;
    }
    case DECK_KIND_CARDS:
        break;
    }
    return weak;
}
