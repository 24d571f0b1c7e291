/*
 * session.h: one drill attempt as a pure state machine; time is always a parameter.
 *
 * Every kind of drill runs the same machine: timed phases, then (depending on the kind)
 * the reference, the self-score and "what I missed", then done.
 *
 *   kind        phases (timed)                        notes              scores
 *   design      the six DRILL_PHASE_NAMES             one per phase      8 dimensions, 1..4
 *   risk        one (10 min)                          the 3 risks        1: reference risks found,
 * 0..3 adr         one (15 min)                          Context, Decision, 1: self-score, 1..4
 *                                                     Consequences
 *   estimation  one per question (minutes each)       the typed answer   none: computed
 *
 * Stages: RUNNING -> REFERENCE -> SCORING -> MISSED -> DONE for design, risk and adr;
 * RUNNING -> DONE for estimation, where each question is asked (timed) and then revealed
 * (the derivation is shown, untimed) before the next.
 *
 * Clocks. `now_ms` is the app's monotonic clock (any origin). The session keeps its own
 * clock, "session ms" (0 at the start), and "active ms": session ms less the paused time.
 * Phase timings, the curveball and the countdowns are all in active ms, so a pause freezes
 * them. A phase whose time is up is "overrunning" (a soft warning) and ends on its own
 * grace_ms later (SESSION_GRACE_NEVER: never), or earlier by session_next. Time-driven
 * changes are applied by session_update at the exact active time they fall due, however
 * late it is called, so the result does not depend on the frame rate.
 *
 * Crash safety: session_serialize writes the whole session as versioned lines of text;
 * session_parse reads it back at a later now_ms of a new process and leaves it paused from
 * the moment of the save, so the time the app was closed counts as paused (the wall clock
 * given to both measures it). Parsing never trusts its input.
 */
#ifndef ARCHDRILL_SESSION_H
#define ARCHDRILL_SESSION_H

#include "core/base.h"
#include "core/drill.h"
#include "core/quantity.h"
#include "core/str.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SESSION_GRACE_DEFAULT_MS 30000
#define SESSION_GRACE_NEVER      (-1)
#define SESSION_MAX_PHASES       256 /* estimation questions in one round */
#define SESSION_MAX_NOTE_BYTES   (64u * 1024u)
#define SESSION_NO_TIME          INT64_MAX /* "no deadline" from the *_ms queries */
#define SESSION_TOLERANCE        0.2       /* an estimate within 20% is correct */

typedef enum SessionStage {
    SESSION_RUNNING,   /* the timed phases */
    SESSION_REFERENCE, /* the reference outline, risks or ADR and the key concepts */
    SESSION_SCORING,   /* the self-score */
    SESSION_MISSED,    /* "what I missed" */
    SESSION_DONE
} SessionStage;

/* What session_update (and the transitions) did, as bits, so the UI can chime and save. */
enum {
    SESSION_EV_OVERRUN = 1u << 0,   /* the current phase's time ran out */
    SESSION_EV_ADVANCED = 1u << 1,  /* a phase ended on its own (grace over) */
    SESSION_EV_CURVEBALL = 1u << 2, /* the curveball became visible */
    SESSION_EV_FINISHED = 1u << 3,  /* the timed part ended (stage left RUNNING) */
    SESSION_EV_REVEALED = 1u << 4,  /* estimation: a question was revealed */
    SESSION_EV_PHASE = 1u << 5,     /* the current phase changed (by time or by key) */
    SESSION_EV_STAGE = 1u << 6,     /* the stage changed */
    SESSION_EV_PAUSE = 1u << 7      /* paused or resumed */
};

typedef struct Session Session;

/* One timed phase (a design phase, the single phase of risk/adr, an estimation question).
 * Times are active ms; -1 means "not yet". */
typedef struct SessionPhase {
    int64_t planned_ms;
    int64_t begin_ms;   /* when it became current */
    int64_t end_ms;     /* when it ended (next key, grace over, finish, reveal) */
    bool overran;       /* its time ran out while it was current */
    bool auto_advanced; /* it ended on its own, grace_ms after its time ran out */
    const char *note;   /* design and estimation: session_note(i); "" for risk and adr */
    /* estimation only */
    bool has_reference;
    Quantity reference;
    bool answered; /* revealed with a non-empty answer */
    bool parsed;   /* the answer parsed as a quantity */
    bool correct;  /* parsed and within SESSION_TOLERANCE of the reference */
} SessionPhase;

/* A recorded pause, in session ms; end_ms is -1 while it lasts. */
typedef struct SessionPause {
    int64_t begin_ms;
    int64_t end_ms;
} SessionPause;

/* Everything a frame needs, at one now_ms (session_view). */
typedef struct SessionView {
    SessionStage stage;
    DeckKind kind;
    size_t phase; /* the current phase (RUNNING); the phase count after */
    size_t phase_count;
    bool paused;
    bool revealed;              /* estimation: the current question is answered */
    bool overrunning;           /* the current phase's time is up */
    int64_t phase_remaining_ms; /* negative while overrunning */
    int64_t phase_elapsed_ms;
    int64_t overall_remaining_ms; /* plan total less the time used; negative past it */
    int64_t active_ms;            /* time used so far, pauses excluded */
    int64_t advance_in_ms;        /* overrunning: time to the automatic advance, else -1 */
    bool curveball_visible;
} SessionView;

/* Starts an attempt of `drill` at now_ms, in the first phase, running. The plan (phase
 * minutes, curveball minute, estimation answers) is copied: the drill may be freed after.
 * grace_ms >= 0, or SESSION_GRACE_NEVER. Returns ERR_OK and a new Session (session_free),
 * or ERR_PARSE for a drill kind that has no session (cards), no phases (an estimation
 * drill without questions), more than SESSION_MAX_PHASES questions, or a bad grace. */
Err session_start(const Drill *drill, int64_t now_ms, int64_t grace_ms, Session **out);
void session_free(Session *s);

/* Applies what time did by now_ms: overrun marks, automatic advances (an estimation
 * question is revealed instead), the curveball, the end of the last phase. Returns the
 * SESSION_EV_* bits of what happened (0: nothing). Call it every frame before drawing. */
unsigned session_update(Session *s, int64_t now_ms);

/* The earliest now_ms at which session_update would change something without input
 * (overrun, advance, curveball), or SESSION_NO_TIME (paused, not running, revealed).
 * session_next_tick_ms is the same or earlier: also when a countdown's displayed second
 * changes (the whole seconds of phase_remaining_ms). The UI sleeps until the tick. */
int64_t session_next_deadline_ms(const Session *s, int64_t now_ms);
int64_t session_next_tick_ms(const Session *s, int64_t now_ms);

/* The state at now_ms (after session_update(now_ms): the view does not apply changes). */
void session_view(const Session *s, int64_t now_ms, SessionView *out);

/* Input. Each returns the SESSION_EV_* bits of what changed; 0 when the input does not
 * apply in the current stage (nothing is changed then). They call session_update first.
 *
 * next, RUNNING: ends the current phase now and starts the next (after the last one:
 * finishes); estimation: reveals the current question (checking its answer), and on a
 * revealed one moves to the next question (after the last: DONE). REFERENCE -> SCORING;
 * SCORING -> MISSED once every score is set; MISSED -> DONE. Ignored while paused. */
unsigned session_next(Session *s, int64_t now_ms);
/* Ends the timed part now from any phase (the rest keep begin_ms/end_ms -1):
 * design/risk/adr -> REFERENCE; estimation -> DONE (unanswered questions count wrong). */
unsigned session_finish(Session *s, int64_t now_ms);
/* Pause / resume (RUNNING only); a pause is recorded as an interval. toggle does either. */
unsigned session_pause(Session *s, int64_t now_ms);
unsigned session_resume(Session *s, int64_t now_ms);
unsigned session_toggle_pause(Session *s, int64_t now_ms);

/* Sets note i (0 <= i < session_note_count) to a copy of text, cut at
 * SESSION_MAX_NOTE_BYTES on a UTF-8 boundary. Any stage but DONE; for estimation only the
 * current question's answer, while it is asked (frozen once revealed). Returns false when
 * not applied. The UI sets the whole text after each edit (it is cheap). */
bool session_set_note(Session *s, size_t i, const char *text);
size_t session_note_count(const Session *s);
const char *session_note(const Session *s, size_t i); /* "" when out of range */

/* Scores (SCORING only). session_score_count: 8 (design), 1 (risk, adr), 0 (estimation).
 * Valid values: design and adr 1..4, risk 0..3 (reference risks found). Returns false for
 * a bad index or value or another stage. session_score returns -1 while unset. */
size_t session_score_count(const Session *s);
bool session_set_score(Session *s, size_t dimension, int score);
int session_score(const Session *s, size_t dimension);
/* The self-score's lowest and highest values for the session's kind (1..4 or 0..3). */
void session_score_range(const Session *s, int *lo, int *hi);

/* "What I missed" (REFERENCE, SCORING or MISSED); a copy is kept. */
bool session_set_missed(Session *s, const char *text);
const char *session_missed(const Session *s); /* never NULL */

/* Read-only state. */
DeckKind session_kind(const Session *s);
SessionStage session_stage(const Session *s);
int64_t session_grace_ms(const Session *s);
size_t session_phase_count(const Session *s);
const SessionPhase *session_phase(const Session *s, size_t i); /* NULL when out of range */
size_t session_pause_count(const Session *s);
const SessionPause *session_pause_at(const Session *s, size_t i); /* NULL when out of range */
/* The curveball's time in active ms (-1: none), and when it was shown (-1: not yet). */
int64_t session_curveball_ms(const Session *s);
int64_t session_curveball_shown_ms(const Session *s);
/* Phase i's time used (end - begin; up to now for the current one; 0 if never begun) and
 * overrun (time used past the plan, >= 0). */
int64_t session_phase_used_ms(const Session *s, size_t i, int64_t now_ms);
int64_t session_phase_overrun_ms(const Session *s, size_t i, int64_t now_ms);
/* Estimation: answers counted correct, and questions asked in all. */
void session_estimation_result(const Session *s, int *correct, int *total);
/* The mean self-score mapped to 0..1 (design: the 8 scores' mean, (m - 1) / 3; risk:
 * found / 3; adr: (score - 1) / 3; estimation: correct / total), or -1 when unscored. */
double session_result(const Session *s);
/* The FSRS rating (1 Again .. 4 Easy) for scheduling the prompt again from
 * session_result: < 0.25 Again, < 0.5 Hard, < 0.85 Good, else Easy; 0 when unscored. */
int session_rating(const Session *s);
/* The dimensions that scored weak (design: a score <= 2; risk: fewer than 2 found; adr: a
 * score <= 2 — bit 0; estimation: fewer than half correct — bit 0), as bits 1u << dim. */
unsigned session_weak_dimensions(const Session *s);

/* Appends the session to out as text ("archdrill-session 1" then one field per line, notes
 * escaped) with the time of the save: now_ms (app clock) and wall_ms (UTC ms of the wall
 * clock, used only to measure the time until it is parsed again). */
void session_serialize(const Session *s, int64_t now_ms, int64_t wall_ms, Buf *out);

/* Reads a serialized session in a process whose clock now reads now_ms (wall clock
 * wall_ms). A session that was RUNNING comes back paused from the session time of the
 * save, so nothing runs until session_resume, and the time between the save and wall_ms
 * (0 if the wall clock went back) is part of that pause. Returns ERR_OK and a new
 * Session, or ERR_PARSE (with a reason in why[cap]) for anything malformed, inconsistent
 * or from another version: *out is then NULL. Never asserts on its input. */
Err session_parse(const char *text, size_t len, int64_t now_ms, int64_t wall_ms, Session **out,
                  char *why, size_t cap);

/* Names for the UI and the history: "running", "reference", "scoring", "missed", "done". */
const char *session_stage_name(SessionStage stage);

#endif
