/*
 * study.c: fsrs_next in study days, the answer buttons' labels and the leech rule (see
 * study.h).
 */
#include "core/study.h"

#include <string.h>

/* The card as fsrs.c must see it for study days: its instants shifted by `shift`. */
static FsrsCard shifted(const FsrsCard *card, int64_t shift)
{
    FsrsCard c = *card;
    c.due_ms += shift;
    c.last_review_ms += shift;
    return c;
}

/* Instants beyond fsrs.c's range are rejected before shifting so the sums cannot wrap. */
static bool in_range(const FsrsCard *card, int64_t now_ms)
{
    const int64_t lim = FSRS_TIME_LIMIT_MS;
    return now_ms >= -lim && now_ms <= lim && card->due_ms >= -lim && card->due_ms <= lim &&
           card->last_review_ms >= -lim && card->last_review_ms <= lim;
}

Err study_next(const FsrsParams *params, const FsrsCard *card, int64_t now_ms, const DayRule *rule,
               int rating, FsrsCard *out)
{
    if (!in_range(card, now_ms))
        return ERR_PARSE;
    int64_t shift = day_shift_ms(rule);
    FsrsCard in = shifted(card, shift), res;
    /* Only the day arithmetic is shifted: the fuzz seed names the real review time. */
    Err e = fsrs_next_seeded(params, &in, now_ms + shift, now_ms, rating, &res);
    if (e)
        return e;
    *out = shifted(&res, -shift);
    return ERR_OK;
}

Err study_next_all(const FsrsParams *params, const FsrsCard *card, int64_t now_ms,
                   const DayRule *rule, FsrsCard out[4])
{
    if (!in_range(card, now_ms))
        return ERR_PARSE;
    int64_t shift = day_shift_ms(rule);
    FsrsCard in = shifted(card, shift), res[4];
    Err e = fsrs_next_all_seeded(params, &in, now_ms + shift, now_ms, res);
    if (e)
        return e;
    for (int i = 0; i < 4; i++)
        out[i] = shifted(&res[i], -shift);
    return ERR_OK;
}

Err study_labels(const FsrsParams *params, const FsrsCard *card, int64_t now_ms,
                 const DayRule *rule, char labels[4][STUDY_LABEL_CAP])
{
    for (int i = 0; i < 4; i++)
        labels[i][0] = '\0';
    FsrsCard next[4];
    Err e = study_next_all(params, card, now_ms, rule, next);
    if (e)
        return e;
    for (int i = 0; i < 4; i++) {
        /* Delays are whole minutes or whole days, so the division is exact. */
        int64_t seconds = (next[i].due_ms - now_ms) / 1000;
        fsrs_format_interval(seconds, labels[i], STUDY_LABEL_CAP);
    }
    return ERR_OK;
}

bool study_is_leech(int32_t lapses_before, int32_t lapses_after)
{
    const int64_t t = STUDY_LEECH_THRESHOLD, half = STUDY_LEECH_THRESHOLD / 2;
    if (lapses_after < t || lapses_after <= lapses_before)
        return false;
    int64_t first = (int64_t)lapses_before + 1 > t ? (int64_t)lapses_before + 1 : t;
    /* The first threshold crossing at or after `first`. */
    int64_t hit = t + (first - t + half - 1) / half * half;
    return hit <= lapses_after;
}
