/*
 * fsrs.h: the FSRS-6 memory model and scheduler, computing what ts-fsrs 5.4.2 computes
 * (8-decimal quantisation, JavaScript rounding, learning steps, the Alea-based fuzz and its
 * seed string), so the golden vectors in tests/vectors replay with no mismatch.
 * Pure and allocation-free: no clock (every call takes now_ms, UTC milliseconds), no I/O.
 * Days are UTC calendar days for scheduling; retrievability counts whole 24 h periods, as
 * the reference does. Its quirks are kept on purpose: the Hard < Good < Easy ordering runs
 * after the maximum-interval clamp (Good/Easy can get max + 1 / max + 2 days), and Hard in
 * learning always averages the first two steps. See ../shared/fsrs/SPEC.md.
 */
#ifndef ARCHDRILL_FSRS_H
#define ARCHDRILL_FSRS_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FSRS_WEIGHT_COUNT 21
#define FSRS_MAX_STEPS    16
/* Bounds of the memory state and of the configurable values. */
#define FSRS_S_MIN         0.001
#define FSRS_S_MAX         36500.0
#define FSRS_MAX_INTERVAL  36500
#define FSRS_MAX_STEP_MIN  (36500 * 1440)
#define FSRS_DAY_MS        86400000LL
#define FSRS_TIME_LIMIT_MS 8640000000000000LL /* the range of a JavaScript Date */

typedef enum FsrsState {
    FSRS_STATE_NEW = 0,
    FSRS_STATE_LEARNING = 1,
    FSRS_STATE_REVIEW = 2,
    FSRS_STATE_RELEARNING = 3
} FsrsState;

typedef enum FsrsRating { FSRS_AGAIN = 1, FSRS_HARD = 2, FSRS_GOOD = 3, FSRS_EASY = 4 } FsrsRating;

/* Constants derived from the parameters; private to fsrs.c, refreshed by
 * fsrs_params_update(). The key fields record the inputs they were computed (and the
 * weights validated) from, so edits made without an update are noticed. */
typedef struct FsrsDerived {
    double key_w[FSRS_WEIGHT_COUNT];
    double key_retention;
    size_t key_relearning_count;
    bool key_short_term;
    bool valid;
    double decay;        /* -w20 */
    double factor;       /* 0.9^(1/decay) - 1, rounded to 8 decimals */
    double ivl_modifier; /* I(r, S) / S, rounded to 8 decimals */
    double exp_w8;
    double d0[5];      /* unclamped, rounded initial difficulty, indexed by rating */
    double st_gain[5]; /* e^(w17 (G - 3 + w18)), indexed by rating */
    double lapse_div;  /* e^(w17 w18) with short-term on, else 1 */
} FsrsDerived;

/* Scheduler settings. Start from fsrs_params_default() and change them with the setters
 * below, or edit fields and call fsrs_params_update(). */
typedef struct FsrsParams {
    double w[FSRS_WEIGHT_COUNT];
    double desired_retention;      /* (0, 1] */
    int32_t maximum_interval_days; /* [1, FSRS_MAX_INTERVAL] */
    int32_t learning_steps_min[FSRS_MAX_STEPS];
    size_t learning_step_count;
    int32_t relearning_steps_min[FSRS_MAX_STEPS];
    size_t relearning_step_count;
    bool enable_short_term; /* off: steps ignored, every answer goes to Review */
    bool enable_fuzz;
    FsrsDerived derived;
} FsrsParams;

typedef struct FsrsCard {
    FsrsState state;
    double stability;       /* days; 0 while New */
    double difficulty;      /* [1, 10]; 0 while New */
    int64_t due_ms;         /* UTC milliseconds */
    int64_t last_review_ms; /* meaningless while New */
    int32_t elapsed_days;   /* calendar days between the last two reviews */
    int32_t scheduled_days;
    int32_t learning_steps; /* index into the current (re)learning step list */
    int32_t reps;
    int32_t lapses;
} FsrsCard;

/* The FSRS-6 defaults: the 21 default weights, retention 0.9, maximum interval 36500 days,
 * learning steps 1m 10m, relearning steps 10m, short-term on, fuzz off. */
FsrsParams fsrs_params_default(void);

/* Sets the weights from n = 17 (FSRS-4.5), 19 (FSRS-5) or 21 (FSRS-6) values, migrating
 * the older sets and clipping every weight to its range. The ranges depend on
 * enable_short_term and the relearning step count, so set those first. Returns ERR_PARSE
 * (params unchanged) for another length, a NULL w or a non-finite value. */
Err fsrs_params_set_weights(FsrsParams *params, const double *w, size_t n);

/* Parses a step such as "1m", "10m", "1h" or "2d" (a non-negative integer and m/h/d) into
 * minutes. Returns ERR_PARSE for anything else or a step over FSRS_MAX_STEP_MIN. */
Err fsrs_parse_step(const char *step, int32_t *out_minutes);

/* Replace the learning / relearning steps with n parsed steps (n <= FSRS_MAX_STEPS); steps
 * may be NULL when n = 0. More than one relearning step can lower the w17/w18 ceiling, and
 * those weights are clipped to it. Returns ERR_PARSE (params unchanged) on a bad step or too
 * many steps, or fsrs_params_update()'s error. */
Err fsrs_params_set_learning_steps(FsrsParams *params, const char *const *steps, size_t n);
Err fsrs_params_set_relearning_steps(FsrsParams *params, const char *const *steps, size_t n);

/* Validates the fields and recomputes the cached constants; call it after editing fields
 * directly (the setters above call it). Returns ERR_PARSE if the retention is outside
 * (0, 1], the maximum interval outside [1, FSRS_MAX_INTERVAL], a step count or step out of
 * range or a weight non-finite or outside its range. Stale caches are never used:
 * fsrs_next() recomputes them on the fly (slower) when fields changed since. */
Err fsrs_params_update(FsrsParams *params);

/* A card that has never been reviewed, due at now_ms. */
FsrsCard fsrs_card_new(int64_t now_ms);

/* The card after answering `rating` (1 Again .. 4 Easy) at now_ms, written to *out.
 * Returns ERR_PARSE, leaving *out untouched, for a rating outside 1..4, invalid params,
 * a non-finite or out-of-range card field (S < 0.001 or D < 1 after the first review, a
 * negative counter, an unknown state), now_ms before the last review's calendar day or
 * outside +-FSRS_TIME_LIMIT_MS. */
Err fsrs_next(const FsrsParams *params, const FsrsCard *card, int64_t now_ms, int rating,
              FsrsCard *out);

/* All four outcomes at once, out[0] = Again .. out[3] = Easy (for the answer buttons);
 * each equals what fsrs_next() gives for that rating. Same failures as fsrs_next(). */
Err fsrs_next_all(const FsrsParams *params, const FsrsCard *card, int64_t now_ms, FsrsCard out[4]);

/* fsrs_next and fsrs_next_all with the fuzz seed string naming seed_ms instead of now_ms;
 * everything else, the elapsed days included, comes from now_ms as before. For callers
 * that shift now_ms and the card's instants to count days other than UTC ones (study.c)
 * while the seed must keep the real review time, as ts-fsrs builds it from the review's
 * Date. fsrs_next(p, c, t, g, o) is fsrs_next_seeded(p, c, t, t, g, o). Same failures as
 * fsrs_next; seed_ms itself is never refused. */
Err fsrs_next_seeded(const FsrsParams *params, const FsrsCard *card, int64_t now_ms,
                     int64_t seed_ms, int rating, FsrsCard *out);
Err fsrs_next_all_seeded(const FsrsParams *params, const FsrsCard *card, int64_t now_ms,
                         int64_t seed_ms, FsrsCard out[4]);

/* Probability of recall at now_ms: 0 for a New card, else R(t, S) with t the whole 24 h
 * periods since the last review (0 if now is earlier), as ts-fsrs get_retrievability.
 * Returns 0 for a card without a valid stability and for invalid params. */
double fsrs_retrievability(const FsrsParams *params, const FsrsCard *card, int64_t now_ms);

/* Calendar days (UTC) from last_ms to now_ms; negative if now is on an earlier day. */
int64_t fsrs_elapsed_days(int64_t last_ms, int64_t now_ms);

/* Writes the fuzz seed string of a review of `card` at now_ms,
 * "<now_ms>_<reps after the review>_<D*S as JavaScript prints it>", into out (always
 * NUL-terminated when cap > 0; truncated if cap is too small, 64 bytes always suffice). */
void fsrs_fuzz_seed(const FsrsCard *card, int64_t now_ms, char *out, size_t cap);

/* Formats a delay like Anki's answer buttons: "45s", "10m", "1.5h", "11d", "1.3mo", "2.1y"
 * (months are 365/12 days, years 365 days; hours, months and years get one decimal, with
 * ".0" dropped; the others are rounded to integers). Negative delays get a '-'. */
void fsrs_format_interval(int64_t seconds, char *out, size_t cap);

/* "New", "Learning", "Review", "Relearning"; "?" for anything else. */
const char *fsrs_state_name(FsrsState state);

#endif
