/*
 * lint.h: the content lint of the shipped decks, beyond the format: a front asks one thing
 * in at most 25 words, a back answers in at most 120, no two fronts alike across decks,
 * every card has exactly one roadmap-phase tag, a design drill's reference outline has at
 * least 300 words, and every key concept of a drill names a tag some card carries. Pure.
 */
#ifndef ARCHDRILL_LINT_H
#define ARCHDRILL_LINT_H

#include "core/deck.h"
#include "core/drill.h"

#define LINT_FRONT_MAX_WORDS   25
#define LINT_BACK_MAX_WORDS    120
#define LINT_OUTLINE_MIN_WORDS 300

/* Words in Markdown text: whitespace-separated tokens with a letter or digit in them (so
 * table pipes and list markers do not count). */
size_t lint_word_count(const char *text);

/* Lints the card decks among decks[0..n) (kind cards): lengths, phase tags, duplicate
 * fronts (compared on letters and digits only, naming both places). Appends findings. */
void lint_cards(const Deck *const *decks, size_t n, DeckErrors *out);

/* Lints a drill: the design outline's length. Appends findings. */
void lint_drill(const Drill *drill, DeckErrors *out);

/* Checks that every key concept of the drill is a tag carried by some card of
 * decks[0..n); appends an error for each that is not. */
void lint_concept_tags(const Drill *drill, const Deck *const *decks, size_t n, DeckErrors *out);

#endif
