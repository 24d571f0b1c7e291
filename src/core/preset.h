/*
 * preset.h: a deck's study options (Anki's "preset"): daily limits and the scheduler's
 * settings, with Anki's defaults, and their text forms as stored in the database. Pure:
 * no I/O. A "spec" is the canonical text of every setting fsrs_next reads; the review log
 * records which spec each answer used, so replaying the log reproduces it exactly even
 * after the options change.
 */
#ifndef ARCHDRILL_PRESET_H
#define ARCHDRILL_PRESET_H

#include "core/base.h"
#include "core/fsrs.h"
#include "core/str.h"

#include <stddef.h>
#include <stdint.h>

#define PRESET_NEW_PER_DAY_DEFAULT     20
#define PRESET_REVIEWS_PER_DAY_DEFAULT 200
#define PRESET_PER_DAY_MAX             99999

typedef struct Preset {
    int32_t new_per_day;     /* [0, PRESET_PER_DAY_MAX] */
    int32_t reviews_per_day; /* [0, PRESET_PER_DAY_MAX] */
    /* The 21 weights, desired retention, maximum interval, learning and relearning steps,
     * short-term and fuzz; kept valid (fsrs_params_update) by preset_validate. */
    FsrsParams params;
} Preset;

/* New 20/day, reviews 200/day, and fsrs_params_default(): retention 0.90, steps 1m 10m,
 * relearning 10m, maximum interval 36500 d, the FSRS-6 weights, fuzz off (as ts-fsrs). */
Preset preset_default(void);

/* Checks the limits and the scheduler settings and refreshes the params' caches. Returns
 * ERR_PARSE for a limit out of range or what fsrs_params_update rejects (non-finite or
 * out-of-range numbers among them). */
Err preset_validate(Preset *p);

/* Appends steps as "1m 10m" (whole hours as "1h", whole days as "2d"; "" for none). */
void preset_format_steps(const int32_t *minutes, size_t n, Buf *out);

/* Parses space-separated steps ("1m 10m", "" for none) into out; *n gets the count.
 * ERR_PARSE for a bad step or more than FSRS_MAX_STEPS. */
Err preset_parse_steps(const char *text, int32_t out[FSRS_MAX_STEPS], size_t *n);

/* Appends the weights as space-separated shortest round-trip decimals. */
void preset_format_weights(const double *w, size_t n, Buf *out);

/* Parses up to FSRS_WEIGHT_COUNT space- or comma-separated finite numbers. ERR_PARSE for
 * anything else (NaN and infinities included) or more than FSRS_WEIGHT_COUNT values. */
Err preset_parse_weights(const char *text, double out[FSRS_WEIGHT_COUNT], size_t *n);

/* Appends the canonical text of the scheduler settings params holds, e.g.
 * "w=0.212 1.2931 ...;r=0.9;max=36500;learn=1m 10m;relearn=10m;short=1;fuzz=0".
 * Equal settings give equal text. */
void preset_spec(const FsrsParams *params, Buf *out);

/* Reads a spec back into *out (validated, caches fresh). ERR_PARSE for malformed text or
 * settings fsrs_params_update rejects; *out is then unspecified. */
Err preset_spec_parse(const char *spec, FsrsParams *out);

#endif
