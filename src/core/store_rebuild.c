/*
 * store_rebuild.c: replaying the review log (see store_rebuild.h). The log is read once
 * in id order, which is the order answers were made and undone in, and each row is
 * applied to its card's replayed state in memory; the cards are then compared field by
 * field, doubles exactly: the same code on the same inputs gives the same bits.
 */
#include "core/store_rebuild.h"

#include "core/preset.h"
#include "core/store_internal.h"
#include "core/study.h"

#include <stdlib.h>
#include <string.h>

typedef struct Replay {
    int64_t card_id;
    FsrsCard stored;
    FsrsCard replayed;
    bool broken; /* the scheduler rejected one of its rows */
} Replay;

typedef struct ParamSet {
    int64_t id;
    bool valid;
    FsrsParams params;
} ParamSet;

static int cmp_replay(const void *a, const void *b)
{
    const Replay *x = a, *y = b;
    return (x->card_id > y->card_id) - (x->card_id < y->card_id);
}

static bool same_card(const FsrsCard *a, const FsrsCard *b)
{
    return a->state == b->state && a->due_ms == b->due_ms && a->stability == b->stability &&
           a->difficulty == b->difficulty && a->elapsed_days == b->elapsed_days &&
           a->scheduled_days == b->scheduled_days && a->learning_steps == b->learning_steps &&
           a->reps == b->reps && a->lapses == b->lapses && a->last_review_ms == b->last_review_ms;
}

static Err load_cards(Store *s, Replay **out, size_t *n)
{
    sqlite3_stmt *st = store_prepare(
        s, "SELECT card_id, state, due_ms, stability, difficulty, elapsed_days, scheduled_days,"
           " learning_step, reps, lapses, last_review_ms FROM card_state ORDER BY card_id");
    if (!st)
        return ERR_DB;
    Replay *list = NULL;
    size_t count = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? cap * 2 : 1024;
            list = xrealloc(list, cap * sizeof(*list));
        }
        Replay *r = &list[count++];
        memset(r, 0, sizeof(*r));
        r->card_id = sqlite3_column_int64(st, 0);
        r->stored.state = (FsrsState)sqlite3_column_int(st, 1);
        r->stored.due_ms = sqlite3_column_int64(st, 2);
        r->stored.stability = sqlite3_column_double(st, 3);
        r->stored.difficulty = sqlite3_column_double(st, 4);
        r->stored.elapsed_days = sqlite3_column_int(st, 5);
        r->stored.scheduled_days = sqlite3_column_int(st, 6);
        r->stored.learning_steps = sqlite3_column_int(st, 7);
        r->stored.reps = sqlite3_column_int(st, 8);
        r->stored.lapses = sqlite3_column_int(st, 9);
        r->stored.last_review_ms = sqlite3_column_int64(st, 10);
        /* A card that was never answered: the state card_state rows start with. */
        r->replayed = fsrs_card_new(0);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(list);
        return store_fail_db(s, "read card states");
    }
    *out = list;
    *n = count;
    return ERR_OK;
}

static Err load_param_sets(Store *s, ParamSet **out, size_t *n)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT id, spec FROM param_sets ORDER BY id");
    if (!st)
        return ERR_DB;
    ParamSet *list = NULL;
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        list = xrealloc(list, (count + 1) * sizeof(*list));
        ParamSet *p = &list[count++];
        p->id = sqlite3_column_int64(st, 0);
        p->valid =
            preset_spec_parse((const char *)sqlite3_column_text(st, 1), &p->params) == ERR_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(list);
        return store_fail_db(s, "read settings");
    }
    *out = list;
    *n = count;
    return ERR_OK;
}

/* The settings a row was answered with: its param set, or the defaults for rows written
 * before param sets existed. NULL when the set is unknown or damaged. */
static const FsrsParams *row_params(sqlite3_stmt *st, int col, const ParamSet *sets, size_t nsets,
                                    const FsrsParams *defaults)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return defaults;
    int64_t id = sqlite3_column_int64(st, col);
    for (size_t i = 0; i < nsets; i++)
        if (sets[i].id == id)
            return sets[i].valid ? &sets[i].params : NULL;
    return NULL;
}

/* Applies one log row to its card; false when it cannot be replayed. */
static bool replay_row(sqlite3_stmt *st, Replay *r, const FsrsParams *params, RebuildReport *rep)
{
    DayRule rule = DAY_RULE_UTC;
    if (sqlite3_column_type(st, 5) != SQLITE_NULL &&
        day_rule_make(sqlite3_column_int(st, 5), sqlite3_column_int(st, 6), &rule))
        return false;
    FsrsCard next;
    if (!params || study_next(params, &r->replayed, sqlite3_column_int64(st, 2), &rule,
                              sqlite3_column_int(st, 3), &next))
        return false;
    FsrsCard logged = next;
    logged.state = (FsrsState)sqlite3_column_int(st, 7);
    logged.due_ms = sqlite3_column_int64(st, 8);
    logged.stability = sqlite3_column_double(st, 9);
    logged.difficulty = sqlite3_column_double(st, 10);
    logged.elapsed_days = sqlite3_column_int(st, 11);
    logged.scheduled_days = sqlite3_column_int(st, 12);
    logged.learning_steps = sqlite3_column_int(st, 13);
    if (!same_card(&logged, &next))
        rep->log_mismatches++;
    r->replayed = next;
    return true;
}

static Err replay_log(Store *s, Replay *cards, size_t ncards, const ParamSet *sets, size_t nsets,
                      RebuildReport *rep)
{
    sqlite3_stmt *st = store_prepare(
        s, "SELECT id, card_id, review_ms, rating, param_set_id, tz_offset_s, rollover_hour,"
           " state_after, due_ms, stability, difficulty, elapsed_days, scheduled_days,"
           " step_after FROM review_log ORDER BY id");
    if (!st)
        return ERR_DB;
    FsrsParams defaults = fsrs_params_default();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rep->reviews++;
        Replay key = {.card_id = sqlite3_column_int64(st, 1)};
        Replay *r = bsearch(&key, cards, ncards, sizeof(*cards), cmp_replay);
        if (!r) {
            rep->log_mismatches++; /* a log row of a card without a state */
            continue;
        }
        if (r->broken)
            continue;
        if (!replay_row(st, r, row_params(st, 4, sets, nsets, &defaults), rep))
            r->broken = true;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, "read the review log");
}

static Err write_card(Store *s, sqlite3_stmt *st, const Replay *r)
{
    const FsrsCard *c = &r->replayed;
    sqlite3_bind_int(st, 1, (int)c->state);
    sqlite3_bind_int64(st, 2, c->due_ms);
    sqlite3_bind_double(st, 3, c->stability);
    sqlite3_bind_double(st, 4, c->difficulty);
    sqlite3_bind_int(st, 5, c->elapsed_days);
    sqlite3_bind_int(st, 6, c->scheduled_days);
    sqlite3_bind_int(st, 7, c->learning_steps);
    sqlite3_bind_int(st, 8, c->reps);
    sqlite3_bind_int(st, 9, c->lapses);
    sqlite3_bind_int64(st, 10, c->last_review_ms);
    sqlite3_bind_int64(st, 11, r->card_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, "rewrite a card state");
}

Err store_rebuild(Store *s, bool write, RebuildReport *rep)
{
    memset(rep, 0, sizeof(*rep));
    Replay *cards = NULL;
    ParamSet *sets = NULL;
    size_t ncards = 0, nsets = 0;
    sqlite3_stmt *update = NULL;
    Err e = store_begin(s);
    if (e)
        return e;
    e = load_cards(s, &cards, &ncards);
    if (!e)
        e = load_param_sets(s, &sets, &nsets);
    if (!e)
        e = replay_log(s, cards, ncards, sets, nsets, rep);
    if (e)
        goto fail;
    rep->cards = (int64_t)ncards;
    if (write) {
        update = store_prepare(
            s, "UPDATE card_state SET state = ?1, due_ms = ?2, stability = ?3,"
               " difficulty = ?4, elapsed_days = ?5, scheduled_days = ?6, learning_step = ?7,"
               " reps = ?8, lapses = ?9, last_review_ms = ?10 WHERE card_id = ?11");
        if (!update) {
            e = ERR_DB;
            goto fail;
        }
    }
    for (size_t i = 0; i < ncards; i++) {
        const Replay *r = &cards[i];
        bool differs = !r->broken && !same_card(&r->stored, &r->replayed);
        if (r->broken)
            rep->unreplayable++;
        if (differs)
            rep->differing++;
        if ((r->broken || differs) && !rep->first_card_id)
            rep->first_card_id = r->card_id;
        if (differs && write) {
            e = write_card(s, update, r);
            if (e)
                goto fail;
            rep->written++;
        }
    }
    sqlite3_finalize(update);
    update = NULL;
    if (write)
        e = store_commit(s);
    else
        store_rollback(s);
    if (e)
        goto fail;
    free(cards);
    free(sets);
    return ERR_OK;
fail:
    sqlite3_finalize(update);
    store_rollback(s);
    free(cards);
    free(sets);
    rep->written = 0;
    return e;
}
