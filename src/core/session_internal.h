/*
 * session_internal.h: what the session's own files (session*.c) share: the Session struct
 * and the helpers that both the state machine (session.c) and saving and restoring
 * (session_save.c) need. Not for other modules.
 */
#ifndef ARCHDRILL_SESSION_INTERNAL_H
#define ARCHDRILL_SESSION_INTERNAL_H

#include "core/session.h"

#define SCORES_MAX DRILL_DIMENSIONS

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

/* A new session of `kind` with `phases` phases (1..SESSION_MAX_PHASES), all not begun, its
 * notes empty, scores unset, no curveball, stage RUNNING at session clock 0. The caller
 * owns it (session_free). */
Session *session_alloc(DeckKind kind, size_t phases);
/* Points the phases at their notes (design and estimation have one note per phase); call
 * it after replacing any of s->notes. */
void session_link_notes(Session *s);
/* Whether the last pause is still open. */
bool session_is_paused(const Session *s);
/* The session clock at now_ms: never before the latest one seen (s->clock_ms). */
int64_t session_clock_at(const Session *s, int64_t now_ms);
/* Estimation: sets answered, parsed and correct of a phase from its note. */
void session_check_answer(SessionPhase *p);
/* Whether every score is set (true when the kind has none). */
bool session_all_scored(const Session *s);

#endif
