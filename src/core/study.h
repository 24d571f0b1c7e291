/*
 * study.h: the scheduler as the app runs it: fsrs_next counting study days (local days
 * with the rollover hour, see day.h) instead of UTC days, the four answer buttons' labels,
 * and Anki's leech rule. Pure: no clock, no I/O. With DAY_RULE_UTC these are exactly
 * fsrs_next and fsrs_next_all.
 */
#ifndef ARCHDRILL_STUDY_H
#define ARCHDRILL_STUDY_H

#include "core/base.h"
#include "core/day.h"
#include "core/fsrs.h"

#include <stdbool.h>
#include <stdint.h>

#define STUDY_LEECH_THRESHOLD 8 /* lapses; then again every half threshold: 12, 16, ... */
#define STUDY_LABEL_CAP       16
#define STUDY_MAX_ANSWER_MS   60000 /* Anki's "maximum answer seconds" */

/* fsrs_next with elapsed days counted in study days under `rule`: the instants are shifted
 * by day_shift_ms() on the way in and back on the way out, so due_ms and last_review_ms
 * stay UTC. The fuzz seed string names the real review time now_ms (fsrs_fuzz_seed(card,
 * now_ms)), never the shifted one, as ts-fsrs seeds it: when study days and UTC days count
 * the same elapsed days, the result is fsrs_next's, fuzz included. Same failures as
 * fsrs_next (ERR_PARSE for a rating outside 1..4, invalid params or card, or now_ms on a
 * study day before the last review's). */
Err study_next(const FsrsParams *params, const FsrsCard *card, int64_t now_ms, const DayRule *rule,
               int rating, FsrsCard *out);

/* All four outcomes, out[0] = Again .. out[3] = Easy; each equals study_next's. */
Err study_next_all(const FsrsParams *params, const FsrsCard *card, int64_t now_ms,
                   const DayRule *rule, FsrsCard out[4]);

/* The delays the four buttons lead to, formatted like Anki ("1m", "10m", "2d", "1.3mo",
 * "2.1y"): labels[0] = Again .. labels[3] = Easy. Same failures as study_next_all; the
 * labels are then empty strings. */
Err study_labels(const FsrsParams *params, const FsrsCard *card, int64_t now_ms,
                 const DayRule *rule, char labels[4][STUDY_LABEL_CAP]);

/* True when an answer taking the lapse count from lapses_before to lapses_after makes the
 * card a leech: it reaches STUDY_LEECH_THRESHOLD, or a further multiple of half of it. */
bool study_is_leech(int32_t lapses_before, int32_t lapses_after);

#endif
