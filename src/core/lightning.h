/*
 * lightning.h: lightning rounds, 90 seconds of rapid recognition built from the decks.
 * Each question shows one card's description (the first paragraph of its back) and offers
 * four fronts, one right; a reverse question shows a front and offers four descriptions.
 *
 * Invariants: the questions are a pure function of the pool and the seed (same seed, same
 * round); the four options of a question are four different texts (cards whose text is
 * the same as the answer's are never offered beside it); the answer's position is spread
 * evenly. Time is a parameter (now_ms, the app's monotonic clock), as everywhere in core.
 *
 * Scoring: 10 points per right answer, 5 off per wrong one, never below 0, so guessing
 * (one in four) does not pay.
 */
#ifndef ARCHDRILL_LIGHTNING_H
#define ARCHDRILL_LIGHTNING_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LIGHTNING_ROUND_MS      90000
#define LIGHTNING_OPTIONS       4
#define LIGHTNING_MAX_QUESTIONS 200 /* more than anyone answers in a round */
#define LIGHTNING_DESC_BYTES    240 /* a description is cut (on a word) near this length */

/* A card as the round uses it. */
typedef struct LightningCard {
    char *front;       /* owned: the card's front */
    char *description; /* owned: lightning_describe of its back */
} LightningCard;

typedef struct LightningPool {
    LightningCard *cards; /* owned array */
    size_t count;
} LightningPool;

/* Adds a card to the pool (copies front and lightning_describe(back)). Cards with an empty
 * front or description are skipped; returns whether it was added. */
bool lightning_pool_add(LightningPool *pool, const char *front, const char *back);
void lightning_pool_free(LightningPool *pool); /* leaves an empty pool */

/* The first paragraph of a Markdown back as plain text: markup (emphasis, code ticks,
 * links' targets, list and heading marks) dropped, whitespace collapsed, cut on a word
 * boundary near LIGHTNING_DESC_BYTES with "...". Returns a new string ("" for none). */
char *lightning_describe(const char *back);

typedef struct LightningQuestion {
    bool reverse;       /* false: prompt = description, options = fronts; true: reverse */
    size_t card;        /* the pool index of the card asked about */
    const char *prompt; /* borrowed from the pool */
    const char *options[LIGHTNING_OPTIONS]; /* borrowed from the pool, all different */
    size_t option_cards[LIGHTNING_OPTIONS]; /* their pool indexes */
    int correct;                            /* the right option, 0..3 */
} LightningQuestion;

/* Builds `count` questions from the pool with `seed` into out[count]: cards are asked in a
 * shuffled order (each once before any repeats), every third question reversed. The pool
 * must outlive the questions. Returns ERR_NOT_FOUND (out untouched) when the pool has
 * fewer than LIGHTNING_OPTIONS different fronts or descriptions to offer. */
Err lightning_build(const LightningPool *pool, uint64_t seed, size_t count, LightningQuestion *out);

/* A round: its questions and answers and its clock. */
typedef struct LightningRound LightningRound;

/* Starts a round of duration_ms (LIGHTNING_ROUND_MS normally) at now_ms. The pool is
 * borrowed and must outlive the round. Same failures as lightning_build. */
Err lightning_start(const LightningPool *pool, uint64_t seed, int64_t now_ms, int64_t duration_ms,
                    LightningRound **out);
void lightning_free(LightningRound *r);

/* The question to answer, or NULL once the round is over at now_ms (time up, or every
 * built question answered). */
const LightningQuestion *lightning_question(const LightningRound *r, int64_t now_ms);

/* Answers the current question with option 0..3 at now_ms and moves on. Returns 1 when it
 * was right, 0 when wrong, -1 when not applied (round over, bad option). */
int lightning_answer(LightningRound *r, int option, int64_t now_ms);

/* The last answer given (for the feedback flash): its question, the option chosen, or
 * NULL / -1 before the first answer. */
const LightningQuestion *lightning_last(const LightningRound *r, int *chosen);

int64_t lightning_remaining_ms(const LightningRound *r, int64_t now_ms); /* >= 0 */
bool lightning_over(const LightningRound *r, int64_t now_ms);
/* When the displayed second changes or the round ends; INT64_MAX once it is over. */
int64_t lightning_next_tick_ms(const LightningRound *r, int64_t now_ms);

/* Answers given, right, and the score (see the file comment). */
void lightning_result(const LightningRound *r, int *answered, int *correct, int *score);
uint64_t lightning_seed(const LightningRound *r);

#endif
