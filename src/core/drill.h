/*
 * drill.h: drill files (decks/drills/README.md) read into drills: the sections each kind
 * requires, the phases and their minutes, the curveball, the key concepts (card tags),
 * the rubric notes, and estimation questions with their reference answers. Pure: works on
 * a parsed Deck, no I/O.
 */
#ifndef ARCHDRILL_DRILL_H
#define ARCHDRILL_DRILL_H

#include "core/deck.h"
#include "core/quantity.h"

#define DRILL_PHASES     6
#define DRILL_DIMENSIONS 8

/* The six phases of the 45-minute drill, in order, and their default minutes. */
extern const char *const DRILL_PHASE_NAMES[DRILL_PHASES];
extern const int DRILL_PHASE_DEFAULT_MINUTES[DRILL_PHASES];
/* The eight rubric dimensions, as written in bold in the rubric notes. */
extern const char *const DRILL_DIMENSION_NAMES[DRILL_DIMENSIONS];

typedef struct DrillPhase {
    int minutes;
    const char *prompt; /* the interviewer's question (borrowed from the Deck) */
} DrillPhase;

typedef struct DrillQuestion {
    const DeckEntry *entry; /* borrowed: id, question (heading), body */
    Quantity answer;
    char answer_text[64];
    const char *derivation; /* borrowed: the body after the answer line */
} DrillQuestion;

typedef struct Drill {
    const Deck *deck; /* borrowed: must outlive the Drill */
    DeckKind kind;
    int minutes; /* the time limit (the kind's default when the file gives none) */
    /* design */
    const char *prompt;
    const char *scale;
    DrillPhase phases[DRILL_PHASES];
    int curveball_minute;
    const char *curveball;
    char *rubric[DRILL_DIMENSIONS]; /* owned: the notes of each dimension */
    const char *reference;          /* outline, reference risks or reference ADR */
    /* risk and adr */
    const char *material; /* the design to review, or the ADR scenario */
    /* all kinds */
    char **concepts; /* owned: the card tags of the key concepts */
    size_t concept_count;
    /* estimation */
    DrillQuestion *questions; /* owned array */
    size_t question_count;
} Drill;

/* Reads a parsed drill file (deck->kind is not DECK_KIND_CARDS). Returns ERR_OK and a new
 * Drill (free with drill_free), or ERR_PARSE after appending every problem to errs as
 * file:line:col. */
Err drill_from_deck(const Deck *deck, Drill **out, DeckErrors *errs);
void drill_free(Drill *d);

/* The default time of a kind in minutes (45, 10, 15, 3 per question). */
int drill_default_minutes(DeckKind kind);

#endif
