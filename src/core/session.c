/*
 * session.c: the drill attempt's state machine (see session.h for the model).
 *
 * Invariants: the session clock never goes back (a smaller now_ms reads as the last one
 * seen); pauses are ordered, disjoint, and only the last may be open, only while RUNNING;
 * the phases that have begun form a prefix, each beginning where (or after) the previous
 * ended; the current phase is the only one begun and not ended, except for a revealed
 * estimation question. session_parse checks all of this, so a restored session satisfies
 * the same invariants as a live one.
 */
#include "core/session.h"

#include "core/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLOCK_MS   10000000000000LL /* about 317 years: bounds parsed times */
#define MAX_PLANNED_MS (24LL * 3600 * 1000)
#define SCORES_MAX     DRILL_DIMENSIONS

struct Session {
    DeckKind kind;
    SessionStage stage;
    int64_t grace_ms;
    int64_t base_ms;  /* session clock = now_ms - base_ms */
    int64_t clock_ms; /* the latest session clock seen by a change */
    SessionPhase *phases;
    size_t phase_count;
    size_t current;
    bool revealed;       /* estimation: the current question has been revealed */
    int64_t finished_ms; /* active ms when the timed part ended; -1 while RUNNING */
    char **notes;
    size_t note_count;
    SessionPause *pauses;
    size_t pause_count;
    int64_t paused_closed_ms; /* the total of the closed pauses */
    int64_t curveball_ms;
    int64_t curveball_shown_ms;
    int scores[SCORES_MAX];
    size_t score_count;
    char *missed;
};

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
static void link_notes(Session *s)
{
    bool own = s->note_count == s->phase_count;
    for (size_t i = 0; i < s->phase_count; i++)
        s->phases[i].note = own ? s->notes[i] : "";
}

static Session *session_alloc(DeckKind kind, size_t phases)
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
    link_notes(s);
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

static bool is_paused(const Session *s)
{
    return s->pause_count > 0 && s->pauses[s->pause_count - 1].end_ms < 0;
}

static int64_t clock_at(const Session *s, int64_t now_ms)
{
    int64_t c = now_ms - s->base_ms;
    return c > s->clock_ms ? c : s->clock_ms;
}

static int64_t active_at(const Session *s, int64_t clock)
{
    int64_t paused = s->paused_closed_ms;
    if (is_paused(s))
        paused += clock - s->pauses[s->pause_count - 1].begin_ms;
    return clock - paused;
}

static int64_t active_now(const Session *s, int64_t now_ms)
{
    if (s->stage != SESSION_RUNNING)
        return s->finished_ms;
    return active_at(s, clock_at(s, now_ms));
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

static void check_answer(SessionPhase *p)
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
        check_answer(p);
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
    if (s->stage != SESSION_RUNNING || is_paused(s))
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
    s->clock_ms = clock_at(s, now_ms);
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
    int64_t act = active_at(s, clock_at(s, now_ms));
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
    if (s->stage != SESSION_RUNNING || is_paused(s))
        return deadline;
    int64_t act = active_at(s, clock_at(s, now_ms));
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
    out->paused = is_paused(s);
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

static bool all_scored(const Session *s)
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
        if (is_paused(s))
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
        if (!all_scored(s))
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
    if (is_paused(s)) {
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
            check_answer(p);
    }
    end_timed_part(s, act);
    return ev | SESSION_EV_FINISHED | SESSION_EV_STAGE;
}

unsigned session_pause(Session *s, int64_t now_ms)
{
    unsigned ev = session_update(s, now_ms);
    if (s->stage != SESSION_RUNNING || is_paused(s))
        return ev;
    s->pauses = xrealloc(s->pauses, (s->pause_count + 1) * sizeof(*s->pauses));
    s->pauses[s->pause_count++] = (SessionPause){s->clock_ms, -1};
    return ev | SESSION_EV_PAUSE;
}

unsigned session_resume(Session *s, int64_t now_ms)
{
    unsigned ev = session_update(s, now_ms);
    if (s->stage != SESSION_RUNNING || !is_paused(s))
        return ev;
    close_pause(s);
    return ev | SESSION_EV_PAUSE;
}

unsigned session_toggle_pause(Session *s, int64_t now_ms)
{
    return is_paused(s) ? session_resume(s, now_ms) : session_pause(s, now_ms);
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
    link_notes(s);
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
    if (s->score_count == 0 || !all_scored(s))
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

/* ---- serialization ----------------------------------------------------------------- */

#define FORMAT_MAGIC "archdrill-session 1"

static void put_escaped(Buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\\')
            buf_puts(b, "\\\\");
        else if (*p == '\n')
            buf_puts(b, "\\n");
        else if (*p == '\r')
            buf_puts(b, "\\r");
        else if (*p == '\t')
            buf_puts(b, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            buf_printf(b, "\\x%02x", *p);
        else
            buf_putc(b, (char)*p);
    }
}

void session_serialize(const Session *s, int64_t now_ms, int64_t wall_ms, Buf *out)
{
    int64_t clock = clock_at(s, now_ms);
    buf_puts(out, FORMAT_MAGIC "\n");
    buf_printf(out, "kind %s\n", deck_kind_name(s->kind));
    buf_printf(out, "stage %s\n", session_stage_name(s->stage));
    buf_printf(out, "grace %lld\n", (long long)s->grace_ms);
    buf_printf(out, "clock %lld\n", (long long)clock);
    buf_printf(out, "wall %lld\n", (long long)(wall_ms > 0 ? wall_ms : 0));
    buf_printf(out, "current %zu %d\n", s->current, s->revealed ? 1 : 0);
    buf_printf(out, "finished %lld\n", (long long)s->finished_ms);
    buf_printf(out, "curveball %lld %lld\n", (long long)s->curveball_ms,
               (long long)s->curveball_shown_ms);
    buf_printf(out, "phases %zu\n", s->phase_count);
    for (size_t i = 0; i < s->phase_count; i++) {
        const SessionPhase *p = &s->phases[i];
        buf_printf(out, "phase %lld %lld %lld %d %d", (long long)p->planned_ms,
                   (long long)p->begin_ms, (long long)p->end_ms, p->overran ? 1 : 0,
                   p->auto_advanced ? 1 : 0);
        if (p->has_reference)
            buf_printf(out, " %.17g %d %d", p->reference.value, (int)p->reference.kind,
                       (int)p->reference.rate);
        buf_putc(out, '\n');
    }
    buf_printf(out, "notes %zu\n", s->note_count);
    for (size_t i = 0; i < s->note_count; i++) {
        buf_puts(out, "note ");
        put_escaped(out, s->notes[i]);
        buf_putc(out, '\n');
    }
    buf_printf(out, "pauses %zu\n", s->pause_count);
    for (size_t i = 0; i < s->pause_count; i++)
        buf_printf(out, "pause %lld %lld\n", (long long)s->pauses[i].begin_ms,
                   (long long)s->pauses[i].end_ms);
    buf_printf(out, "scores %zu", s->score_count);
    for (size_t i = 0; i < s->score_count; i++)
        buf_printf(out, " %d", s->scores[i]);
    buf_puts(out, "\nmissed ");
    put_escaped(out, s->missed);
    buf_puts(out, "\nend\n");
}

/* A cursor over the text being parsed; `why` gets the first problem. */
typedef struct Parser {
    const char *p, *end;
    const char *line; /* the current line's fields (after its key) */
    size_t line_len;
    int line_no;
    char *why;
    size_t cap;
    bool failed;
} Parser;

static bool fail(Parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(Parser *ps, const char *fmt, ...)
{
    if (!ps->failed && ps->cap > 0) {
        char msg[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        snprintf(ps->why, ps->cap, "line %d: %s", ps->line_no, msg);
    }
    ps->failed = true;
    return false;
}

/* Reads the next line and checks that it starts with `key` (then a space or its end). */
static bool expect(Parser *ps, const char *key)
{
    if (ps->failed)
        return false;
    ps->line_no++;
    if (ps->p >= ps->end)
        return fail(ps, "missing '%s'", key);
    const char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
    if (!nl)
        return fail(ps, "unterminated line");
    size_t n = (size_t)(nl - ps->p), k = strlen(key);
    if (n < k || memcmp(ps->p, key, k) != 0 || (n > k && ps->p[k] != ' ') || memchr(ps->p, '\0', n))
        return fail(ps, "expected '%s'", key);
    ps->line = ps->p + k + (n > k ? 1 : 0);
    ps->line_len = n - k - (n > k ? 1 : 0);
    ps->p = nl + 1;
    return true;
}

/* The next space-separated field of the current line into tok[cap]. */
static bool field(Parser *ps, char *tok, size_t cap)
{
    if (ps->failed)
        return false;
    size_t n = 0;
    while (n < ps->line_len && ps->line[n] != ' ')
        n++;
    if (n == 0 || n >= cap)
        return fail(ps, "bad or missing field");
    memcpy(tok, ps->line, n);
    tok[n] = '\0';
    ps->line += n;
    ps->line_len -= n;
    if (ps->line_len > 0) {
        ps->line++;
        ps->line_len--;
        if (ps->line_len == 0)
            return fail(ps, "trailing space");
    }
    return true;
}

static bool line_done(Parser *ps)
{
    if (ps->failed)
        return false;
    return ps->line_len == 0 ? true : fail(ps, "unexpected fields");
}

static bool int_field(Parser *ps, int64_t lo, int64_t hi, int64_t *out)
{
    char tok[32];
    if (!field(ps, tok, sizeof(tok)))
        return false;
    char *endp = NULL;
    errno = 0;
    long long v = strtoll(tok, &endp, 10);
    if (errno || *endp || endp == tok || v < lo || v > hi)
        return fail(ps, "bad number '%s'", tok);
    *out = v;
    return true;
}

static bool double_field(Parser *ps, double *out)
{
    char tok[40];
    if (!field(ps, tok, sizeof(tok)))
        return false;
    char *endp = NULL;
    errno = 0;
    double v = strtod(tok, &endp);
    if (errno || *endp || endp == tok || !isfinite(v) || v < 0)
        return fail(ps, "bad number '%s'", tok);
    *out = v;
    return true;
}

/* The rest of the line, unescaped, as a new string. */
static char *text_rest(Parser *ps)
{
    if (ps->failed)
        return NULL;
    if (ps->line_len > 4 * SESSION_MAX_NOTE_BYTES) {
        fail(ps, "text too long");
        return NULL;
    }
    Buf b = {0};
    for (size_t i = 0; i < ps->line_len; i++) {
        char c = ps->line[i];
        if ((unsigned char)c < 0x20 || c == 0x7f) {
            fail(ps, "control character in text");
            break;
        }
        if (c != '\\') {
            buf_putc(&b, c);
            continue;
        }
        if (++i >= ps->line_len) {
            fail(ps, "bad escape");
            break;
        }
        c = ps->line[i];
        if (c == '\\' || c == 'n' || c == 'r' || c == 't') {
            buf_putc(&b, c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : '\\');
            continue;
        }
        unsigned v = 0;
        bool ok = c == 'x' && i + 2 < ps->line_len;
        for (size_t k = 1; ok && k <= 2; k++) {
            char h = ps->line[i + k];
            unsigned d = h >= '0' && h <= '9'   ? (unsigned)(h - '0')
                         : h >= 'a' && h <= 'f' ? (unsigned)(h - 'a' + 10)
                                                : 16u;
            ok = d < 16;
            v = v * 16 + d;
        }
        if (!ok || v == 0) {
            fail(ps, "bad escape");
            break;
        }
        buf_putc(&b, (char)v);
        i += 2;
    }
    if (!ps->failed && b.len > SESSION_MAX_NOTE_BYTES)
        fail(ps, "text too long");
    if (!ps->failed && !utf8_validate(buf_str(&b), b.len, NULL))
        fail(ps, "text is not UTF-8");
    if (ps->failed) {
        buf_free(&b);
        return NULL;
    }
    ps->line_len = 0;
    return buf_take(&b);
}

static int word_index(const char *word, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(word, words[i]) == 0)
            return (int)i;
    return -1;
}

static bool parse_kind(Parser *ps, DeckKind *kind)
{
    static const DeckKind kinds[] = {DECK_KIND_DESIGN, DECK_KIND_RISK, DECK_KIND_ADR,
                                     DECK_KIND_ESTIMATION};
    char tok[32];
    if (!expect(ps, "kind") || !field(ps, tok, sizeof(tok)) || !line_done(ps))
        return false;
    for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
        if (strcmp(tok, deck_kind_name(kinds[i])) == 0) {
            *kind = kinds[i];
            return true;
        }
    }
    return fail(ps, "unknown kind '%s'", tok);
}

/* Checks the phases' times against the stage, current phase and active time. */
static bool check_phases(Parser *ps, const Session *s, int64_t act)
{
    bool running = s->stage == SESSION_RUNNING;
    int64_t prev_end = 0;
    bool begun_prefix = true;
    for (size_t i = 0; i < s->phase_count; i++) {
        const SessionPhase *p = &s->phases[i];
        bool begun = p->begin_ms >= 0;
        if (!begun) {
            if (p->end_ms != -1 || p->overran || p->auto_advanced || p->answered)
                return fail(ps, "phase %zu: times of a phase not begun", i);
            if (i == 0 || (running && i <= s->current))
                return fail(ps, "phase %zu: not begun", i);
            begun_prefix = false;
            continue;
        }
        if (!begun_prefix || (running && i > s->current))
            return fail(ps, "phase %zu: begun out of order", i);
        if (p->begin_ms < prev_end || p->begin_ms > act)
            return fail(ps, "phase %zu: bad begin time", i);
        bool open = running && i == s->current && !s->revealed;
        if (open ? p->end_ms != -1 : (p->end_ms < p->begin_ms || p->end_ms > act))
            return fail(ps, "phase %zu: bad end time", i);
        if (p->auto_advanced && !p->overran)
            return fail(ps, "phase %zu: advanced without overrunning", i);
        prev_end = p->end_ms >= 0 ? p->end_ms : act;
    }
    return true;
}

static bool check_session(Parser *ps, Session *s, int64_t clock)
{
    if (ps->failed)
        return false;
    bool running = s->stage == SESSION_RUNNING;
    if (s->kind == DECK_KIND_ESTIMATION && s->stage != SESSION_RUNNING && s->stage != SESSION_DONE)
        return fail(ps, "estimation has no stage '%s'", session_stage_name(s->stage));
    if (running ? s->current >= s->phase_count : s->current > s->phase_count)
        return fail(ps, "bad current phase");
    if (s->revealed && (!running || s->kind != DECK_KIND_ESTIMATION))
        return fail(ps, "revealed outside an estimation question");
    int64_t paused = 0, last = 0;
    for (size_t i = 0; i < s->pause_count; i++) {
        const SessionPause *p = &s->pauses[i];
        bool open = p->end_ms == -1;
        if (p->begin_ms < last || p->begin_ms > clock ||
            (open ? !running || i + 1 != s->pause_count
                  : p->end_ms < p->begin_ms || p->end_ms > clock))
            return fail(ps, "pause %zu: bad times", i);
        paused += (open ? clock : p->end_ms) - p->begin_ms;
        last = open ? clock : p->end_ms;
    }
    int64_t act = clock - paused;
    if (running ? s->finished_ms != -1 : s->finished_ms < 0 || s->finished_ms > act)
        return fail(ps, "bad finish time");
    if (!running)
        act = s->finished_ms;
    if (!check_phases(ps, s, act))
        return false;
    if (s->kind != DECK_KIND_DESIGN && s->curveball_ms != -1)
        return fail(ps, "a curveball outside a design drill");
    if (s->curveball_shown_ms != -1 &&
        (s->curveball_shown_ms != s->curveball_ms || s->curveball_shown_ms > act))
        return fail(ps, "bad curveball time");
    int lo, hi;
    score_range(s->kind, &lo, &hi);
    for (size_t i = 0; i < s->score_count; i++)
        if (s->scores[i] != -1 && (s->scores[i] < lo || s->scores[i] > hi))
            return fail(ps, "score %zu out of range", i);
    if ((s->stage == SESSION_MISSED || s->stage == SESSION_DONE) &&
        s->kind != DECK_KIND_ESTIMATION && !all_scored(s))
        return fail(ps, "scores missing past the scoring stage");
    return true;
}

static bool parse_phase(Parser *ps, Session *s, size_t i)
{
    SessionPhase *p = &s->phases[i];
    int64_t v[5];
    if (!expect(ps, "phase") || !int_field(ps, 1, MAX_PLANNED_MS, &v[0]) ||
        !int_field(ps, -1, MAX_CLOCK_MS, &v[1]) || !int_field(ps, -1, MAX_CLOCK_MS, &v[2]) ||
        !int_field(ps, 0, 1, &v[3]) || !int_field(ps, 0, 1, &v[4]))
        return false;
    p->planned_ms = v[0];
    p->begin_ms = v[1];
    p->end_ms = v[2];
    p->overran = v[3] != 0;
    p->auto_advanced = v[4] != 0;
    if (s->kind == DECK_KIND_ESTIMATION) {
        int64_t kind, rate;
        if (!double_field(ps, &p->reference.value) || !int_field(ps, 0, QTY_DOLLARS, &kind) ||
            !int_field(ps, 0, QTY_PER_SECOND, &rate))
            return false;
        p->has_reference = true;
        p->reference.kind = (QuantityKind)kind;
        p->reference.rate = (QuantityRate)rate;
    }
    return line_done(ps);
}

Err session_parse(const char *text, size_t len, int64_t now_ms, int64_t wall_ms, Session **out,
                  char *why, size_t cap)
{
    *out = NULL;
    if (cap > 0)
        why[0] = '\0';
    Parser ps = {.p = text, .end = text + len, .why = why, .cap = cap};
    Session *s = NULL;
    DeckKind kind = DECK_KIND_DESIGN;
    int64_t v = 0, grace = 0, clock = 0, saved_wall = 0, current = 0, revealed = 0;
    int64_t finished = 0, curveball = 0, shown = 0, phases = 0;
    char tok[32];
    if (!expect(&ps, FORMAT_MAGIC) || !line_done(&ps) || !parse_kind(&ps, &kind) ||
        !expect(&ps, "stage") || !field(&ps, tok, sizeof(tok)) || !line_done(&ps))
        goto fail;
    int stage = word_index(tok, STAGE_NAMES, ARRAY_LEN(STAGE_NAMES));
    if (stage < 0) {
        fail(&ps, "unknown stage '%s'", tok);
        goto fail;
    }
    if (!expect(&ps, "grace") || !int_field(&ps, -1, MAX_PLANNED_MS, &grace) || !line_done(&ps) ||
        !expect(&ps, "clock") || !int_field(&ps, 0, MAX_CLOCK_MS, &clock) || !line_done(&ps) ||
        !expect(&ps, "wall") || !int_field(&ps, 0, INT64_MAX, &saved_wall) || !line_done(&ps) ||
        !expect(&ps, "current") || !int_field(&ps, 0, SESSION_MAX_PHASES, &current) ||
        !int_field(&ps, 0, 1, &revealed) || !line_done(&ps) || !expect(&ps, "finished") ||
        !int_field(&ps, -1, MAX_CLOCK_MS, &finished) || !line_done(&ps) ||
        !expect(&ps, "curveball") || !int_field(&ps, -1, MAX_CLOCK_MS, &curveball) ||
        !int_field(&ps, -1, MAX_CLOCK_MS, &shown) || !line_done(&ps) || !expect(&ps, "phases") ||
        !int_field(&ps, 1, SESSION_MAX_PHASES, &phases) || !line_done(&ps))
        goto fail;
    if ((kind == DECK_KIND_DESIGN && phases != DRILL_PHASES) ||
        ((kind == DECK_KIND_RISK || kind == DECK_KIND_ADR) && phases != 1)) {
        fail(&ps, "%lld phases for a %s drill", (long long)phases, deck_kind_name(kind));
        goto fail;
    }
    s = session_alloc(kind, (size_t)phases);
    s->stage = (SessionStage)stage;
    s->grace_ms = grace;
    s->current = (size_t)current;
    s->revealed = revealed != 0;
    s->finished_ms = finished;
    s->curveball_ms = curveball;
    s->curveball_shown_ms = shown;
    for (size_t i = 0; i < s->phase_count; i++)
        if (!parse_phase(&ps, s, i))
            goto fail;
    if (!expect(&ps, "notes") || !int_field(&ps, 0, SESSION_MAX_PHASES, &v) || !line_done(&ps))
        goto fail;
    if ((size_t)v != s->note_count) {
        fail(&ps, "wrong number of notes");
        goto fail;
    }
    for (size_t i = 0; i < s->note_count; i++) {
        char *note = expect(&ps, "note") ? text_rest(&ps) : NULL;
        if (!note)
            goto fail;
        free(s->notes[i]);
        s->notes[i] = note;
    }
    link_notes(s);
    if (!expect(&ps, "pauses") || !int_field(&ps, 0, 100000, &v) || !line_done(&ps))
        goto fail;
    s->pause_count = (size_t)v;
    s->pauses = xcalloc(s->pause_count ? s->pause_count : 1, sizeof(*s->pauses));
    for (size_t i = 0; i < s->pause_count; i++) {
        if (!expect(&ps, "pause") || !int_field(&ps, 0, MAX_CLOCK_MS, &s->pauses[i].begin_ms) ||
            !int_field(&ps, -1, MAX_CLOCK_MS, &s->pauses[i].end_ms) || !line_done(&ps))
            goto fail;
    }
    if (!expect(&ps, "scores") || !int_field(&ps, 0, SCORES_MAX, &v))
        goto fail;
    if ((size_t)v != s->score_count) {
        fail(&ps, "wrong number of scores");
        goto fail;
    }
    for (size_t i = 0; i < s->score_count; i++) {
        if (!int_field(&ps, -1, 4, &v))
            goto fail;
        s->scores[i] = (int)v;
    }
    if (!line_done(&ps) || !expect(&ps, "missed"))
        goto fail;
    char *missed = text_rest(&ps);
    if (!missed)
        goto fail;
    free(s->missed);
    s->missed = missed;
    if (!expect(&ps, "end") || !line_done(&ps))
        goto fail;
    if (ps.p != ps.end) {
        fail(&ps, "text after the end");
        goto fail;
    }
    if (!check_session(&ps, s, clock))
        goto fail;
    for (size_t i = 0; i < s->phase_count; i++)
        if (s->kind == DECK_KIND_ESTIMATION && s->phases[i].end_ms >= 0)
            check_answer(&s->phases[i]);
    for (size_t i = 0; i < s->pause_count; i++)
        if (s->pauses[i].end_ms >= 0)
            s->paused_closed_ms += s->pauses[i].end_ms - s->pauses[i].begin_ms;

    /* The time the app was closed: paused from the save on, so nothing runs until the user
     * resumes. The wall clock measures the gap; the session clock goes on from there. */
    int64_t gap = wall_ms > saved_wall ? wall_ms - saved_wall : 0;
    if (gap > MAX_CLOCK_MS)
        gap = MAX_CLOCK_MS;
    if (s->stage == SESSION_RUNNING && !is_paused(s)) {
        s->pauses = xrealloc(s->pauses, (s->pause_count + 1) * sizeof(*s->pauses));
        s->pauses[s->pause_count++] = (SessionPause){clock, -1};
    }
    s->clock_ms = clock + gap;
    s->base_ms = now_ms - s->clock_ms;
    *out = s;
    return ERR_OK;

fail:
    if (!ps.failed)
        fail(&ps, "malformed");
    session_free(s);
    return ERR_PARSE;
}
