/*
 * store_study_queue.c: the study side's reading of decks (see store_study.h): per-deck
 * presets (read, validate, save) and today's queue. The queue is fetched through the
 * card_state indexes (due learning and review cards, the first new cards of each deck,
 * focus cards a weak drill asked for) and ordered by queue_build (queue.c); nothing here
 * writes a card. Answering, undo, bury and suspend are store_study.c.
 */
#include "core/store_study.h"

#include "core/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- presets ----------------------------------------------------------------------- */

#define PRESET_COLS                                                                                \
    "p.new_per_day, p.reviews_per_day, p.desired_retention, p.learning_steps,"                     \
    " p.relearning_steps, p.maximum_interval, p.weights, p.fuzz"

/* The preset in the 8 PRESET_COLS columns from `col`; NULLs (no row) give the defaults. */
static Err preset_from_row(Store *s, sqlite3_stmt *st, int col, int64_t deck_id, Preset *out)
{
    Preset p = preset_default();
    if (sqlite3_column_type(st, col) != SQLITE_NULL) {
        p.new_per_day = sqlite3_column_int(st, col);
        p.reviews_per_day = sqlite3_column_int(st, col + 1);
        p.params.desired_retention = sqlite3_column_double(st, col + 2);
        p.params.maximum_interval_days = sqlite3_column_int(st, col + 5);
        p.params.enable_fuzz = sqlite3_column_int(st, col + 7) != 0;
        const char *learn = (const char *)sqlite3_column_text(st, col + 3);
        const char *relearn = (const char *)sqlite3_column_text(st, col + 4);
        const char *weights = (const char *)sqlite3_column_text(st, col + 6);
        double w[FSRS_WEIGHT_COUNT];
        size_t nw = 0;
        /* Steps first: the weights' ranges depend on the relearning step count. */
        if (!learn || !relearn || !weights ||
            preset_parse_steps(learn, p.params.learning_steps_min, &p.params.learning_step_count) ||
            preset_parse_steps(relearn, p.params.relearning_steps_min,
                               &p.params.relearning_step_count) ||
            preset_parse_weights(weights, w, &nw) || fsrs_params_set_weights(&p.params, w, nw))
            return store_fail(s, ERR_CORRUPT, "the preset of deck %lld is damaged",
                              (long long)deck_id);
    }
    if (preset_validate(&p))
        return store_fail(s, ERR_CORRUPT, "the preset of deck %lld is out of range",
                          (long long)deck_id);
    *out = p;
    return ERR_OK;
}

Err store_preset_get(Store *s, int64_t deck_id, Preset *out)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT d.id, " PRESET_COLS " FROM decks d"
                                        " LEFT JOIN presets p ON p.deck_id = d.id"
                                        " WHERE d.id = ?");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, deck_id);
    int rc = sqlite3_step(st);
    Err e;
    if (rc == SQLITE_ROW)
        e = preset_from_row(s, st, 1, deck_id, out);
    else if (rc == SQLITE_DONE)
        e = store_fail(s, ERR_NOT_FOUND, "no deck %lld", (long long)deck_id);
    else
        e = store_fail_db(s, "read preset");
    sqlite3_finalize(st);
    return e;
}

Err store_preset_set(Store *s, int64_t deck_id, Preset *p)
{
    if (preset_validate(p))
        return store_fail(s, ERR_PARSE, "preset out of range");
    int64_t exists = 0;
    char sql[80];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM decks WHERE id = %lld", (long long)deck_id);
    Err e = store_query_int(s, sql, &exists);
    if (e)
        return e;
    if (!exists)
        return store_fail(s, ERR_NOT_FOUND, "no deck %lld", (long long)deck_id);
    Buf learn = {0}, relearn = {0}, weights = {0};
    const FsrsParams *fp = &p->params;
    preset_format_steps(fp->learning_steps_min, fp->learning_step_count, &learn);
    preset_format_steps(fp->relearning_steps_min, fp->relearning_step_count, &relearn);
    preset_format_weights(fp->w, FSRS_WEIGHT_COUNT, &weights);
    sqlite3_stmt *st = store_prepare(
        s, "INSERT INTO presets(deck_id, new_per_day, reviews_per_day, desired_retention,"
           " learning_steps, relearning_steps, maximum_interval, weights, fuzz)"
           " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(deck_id) DO UPDATE SET"
           " new_per_day = ?2, reviews_per_day = ?3, desired_retention = ?4,"
           " learning_steps = ?5, relearning_steps = ?6, maximum_interval = ?7,"
           " weights = ?8, fuzz = ?9");
    if (st) {
        sqlite3_bind_int64(st, 1, deck_id);
        sqlite3_bind_int(st, 2, p->new_per_day);
        sqlite3_bind_int(st, 3, p->reviews_per_day);
        sqlite3_bind_double(st, 4, fp->desired_retention);
        sqlite3_bind_text(st, 5, buf_str(&learn), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, buf_str(&relearn), -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 7, fp->maximum_interval_days);
        sqlite3_bind_text(st, 8, buf_str(&weights), -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 9, fp->enable_fuzz ? 1 : 0);
        e = sqlite3_step(st) == SQLITE_DONE ? ERR_OK : store_fail_db(s, "save preset");
        sqlite3_finalize(st);
    } else {
        e = ERR_DB;
    }
    buf_free(&learn);
    buf_free(&relearn);
    buf_free(&weights);
    return e;
}

/* ---- the queue --------------------------------------------------------------------- */

typedef struct DeckSet {
    QueueDeck *decks;
    Preset *presets;
    size_t count;
} DeckSet;

static void deck_set_free(DeckSet *d)
{
    free(d->decks);
    free(d->presets);
    memset(d, 0, sizeof(*d));
}

/* The decks taking part, with their presets and what their limits leave for today. */
static Err load_decks(Store *s, int64_t deck_id, int64_t day_begin_ms, DeckSet *out)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = store_prepare(s, "SELECT d.id, " PRESET_COLS " FROM decks d"
                                        " LEFT JOIN presets p ON p.deck_id = d.id"
                                        " WHERE d.retired = 0 AND (?1 = 0 OR d.id = ?1)"
                                        " ORDER BY d.id");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, deck_id);
    Err e = ERR_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t n = out->count;
        out->decks = xrealloc(out->decks, (n + 1) * sizeof(*out->decks));
        out->presets = xrealloc(out->presets, (n + 1) * sizeof(*out->presets));
        int64_t id = sqlite3_column_int64(st, 0);
        e = preset_from_row(s, st, 1, id, &out->presets[n]);
        if (e)
            break;
        out->decks[n] =
            (QueueDeck){id, out->presets[n].new_per_day, out->presets[n].reviews_per_day, NULL};
        out->count++;
    }
    sqlite3_finalize(st);
    if (!e && rc != SQLITE_DONE)
        e = store_fail_db(s, "list decks");
    /* The presets array is final now: point each deck at its params. */
    for (size_t i = 0; i < out->count; i++)
        out->decks[i].params = &out->presets[i].params;
    if (e || out->count == 0)
        goto done;

    /* New cards introduced and review cards answered since the day began. */
    st = store_prepare(s, "SELECT cs.deck_id, sum(r.state_before = 0), sum(r.state_before = 2)"
                          " FROM review_log r JOIN card_state cs ON cs.card_id = r.card_id"
                          " WHERE r.review_ms >= ?1 GROUP BY cs.deck_id");
    if (!st) {
        e = ERR_DB;
        goto done;
    }
    sqlite3_bind_int64(st, 1, day_begin_ms);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        for (size_t i = 0; i < out->count; i++) {
            if (out->decks[i].deck_id != id)
                continue;
            out->decks[i].new_left =
                queue_left(out->presets[i].new_per_day, sqlite3_column_int64(st, 1));
            out->decks[i].reviews_left =
                queue_left(out->presets[i].reviews_per_day, sqlite3_column_int64(st, 2));
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        e = store_fail_db(s, "count today's reviews");
done:
    if (e)
        deck_set_free(out);
    return e;
}

typedef struct CardList {
    QueueCard *items;
    size_t count, cap;
} CardList;

static QueueCard *card_push(CardList *l)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->items = xrealloc(l->items, l->cap * sizeof(*l->items));
    }
    QueueCard *c = &l->items[l->count++];
    memset(c, 0, sizeof(*c));
    return c;
}

/* The ids of the retired cards, sorted, through the partial index (there are few). */
static Err fetch_retired(Store *s, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = store_prepare(s, "SELECT id FROM cards WHERE retired != 0 ORDER BY id");
    if (!st)
        return ERR_DB;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *ids = xrealloc(*ids, cap * sizeof(**ids));
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, "list retired cards");
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static bool is_retired(const int64_t *retired, size_t n, int64_t id)
{
    return n && bsearch(&id, retired, n, sizeof(*retired), cmp_id) != NULL;
}

static Err read_due(Store *s, sqlite3_stmt *st, const int64_t *retired, size_t nretired,
                    CardList *out);

/* Fills temp.focus_cards with the active cards carrying a tag that a weak drill put in
 * focus (drill_focus rows still in force at now_ms). *any is set when there is one. */
static Err load_focus(Store *s, int64_t now_ms, bool *any)
{
    *any = false;
    /* Most of the time nothing is in focus: one indexed probe, no temp table work. */
    sqlite3_stmt *probe = store_prepare(s, "SELECT 1 FROM drill_focus WHERE until_ms > ? LIMIT 1");
    if (!probe)
        return ERR_DB;
    sqlite3_bind_int64(probe, 1, now_ms);
    int rc = sqlite3_step(probe);
    sqlite3_finalize(probe);
    if (rc == SQLITE_DONE)
        return ERR_OK;
    if (rc != SQLITE_ROW)
        return store_fail_db(s, "focus tags");
    Err e =
        store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS focus_cards(card_id INTEGER PRIMARY KEY);"
                      "DELETE FROM temp.focus_cards;");
    sqlite3_stmt *st =
        e ? NULL
          : store_prepare(s, "INSERT OR IGNORE INTO temp.focus_cards"
                             " SELECT c.id FROM cards c, (SELECT DISTINCT tag FROM"
                             " drill_focus WHERE until_ms > ?1) f"
                             " WHERE c.retired = 0 AND"
                             " instr(' ' || c.tags || ' ', ' ' || f.tag || ' ') > 0");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, now_ms);
    e = sqlite3_step(st) == SQLITE_DONE ? ERR_OK : store_fail_db(s, "focus cards");
    *any = sqlite3_changes(s->db) > 0;
    sqlite3_finalize(st);
    return e;
}

/* Learning cards due by `until_ms` and review cards due by the end of the day, read from
 * the card_state_queue index alone. queue_build applies the exact cut-offs. */
static Err fetch_due(Store *s, int64_t deck_id, int64_t until_ms, int64_t today,
                     const int64_t *retired, size_t nretired, CardList *out)
{
    sqlite3_stmt *st = store_prepare(
        s, "SELECT card_id, deck_id, buried_until_day, state, due_ms, stability, last_review_ms, 0"
           " FROM card_state WHERE state IN (1, 2, 3) AND due_ms < ?1 AND suspended = 0"
           " AND (buried_until_day = 0 OR buried_until_day <= ?2) AND (?3 = 0 OR deck_id = ?3)");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, until_ms);
    sqlite3_bind_int64(st, 2, today);
    sqlite3_bind_int64(st, 3, deck_id);
    return read_due(s, st, retired, nretired, out);
}

/* Focus review cards due within QUEUE_FOCUS_AHEAD_DAYS after today (from..until). */
static Err fetch_focus_due(Store *s, int64_t deck_id, int64_t from_ms, int64_t until_ms,
                           int64_t today, const int64_t *retired, size_t nretired, CardList *out)
{
    sqlite3_stmt *st = store_prepare(
        s, "SELECT card_id, deck_id, buried_until_day, state, due_ms, stability, last_review_ms, 1"
           " FROM card_state WHERE state = 2 AND due_ms >= ?4 AND due_ms < ?1 AND suspended = 0"
           " AND (buried_until_day = 0 OR buried_until_day <= ?2) AND (?3 = 0 OR deck_id = ?3)"
           " AND card_id IN (SELECT card_id FROM temp.focus_cards)");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, until_ms);
    sqlite3_bind_int64(st, 2, today);
    sqlite3_bind_int64(st, 3, deck_id);
    sqlite3_bind_int64(st, 4, from_ms);
    return read_due(s, st, retired, nretired, out);
}

/* Marks the cards of `out` from index `from` on that are in temp.focus_cards. */
static Err mark_focus(Store *s, CardList *out, size_t from)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT 1 FROM temp.focus_cards WHERE card_id = ?");
    if (!st)
        return ERR_DB;
    for (size_t i = from; i < out->count; i++) {
        sqlite3_bind_int64(st, 1, out->items[i].card_id);
        out->items[i].focus = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return ERR_OK;
}

static Err read_due(Store *s, sqlite3_stmt *st, const int64_t *retired, size_t nretired,
                    CardList *out)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        QueueCard *c = card_push(out);
        c->card_id = sqlite3_column_int64(st, 0);
        c->deck_id = sqlite3_column_int64(st, 1);
        c->buried_until_day = sqlite3_column_int64(st, 2);
        c->fsrs.state = (FsrsState)sqlite3_column_int(st, 3);
        c->fsrs.due_ms = sqlite3_column_int64(st, 4);
        c->fsrs.stability = sqlite3_column_double(st, 5);
        c->fsrs.last_review_ms = sqlite3_column_int64(st, 6);
        c->focus = sqlite3_column_int(st, 7) != 0;
        c->retired = is_retired(retired, nretired, c->card_id);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, "read due cards");
}

/* The first `limit` new cards of a deck in card order, through the partial index; as many
 * more as there are retired cards, since queue_build drops those before counting. */
static Err fetch_new(Store *s, sqlite3_stmt *st, int64_t deck_id, int64_t limit, int64_t today,
                     const int64_t *retired, size_t nretired, CardList *out)
{
    sqlite3_bind_int64(st, 1, deck_id);
    sqlite3_bind_int64(st, 2, today);
    sqlite3_bind_int64(st, 3, limit + (int64_t)nretired);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        QueueCard *c = card_push(out);
        c->card_id = sqlite3_column_int64(st, 0);
        c->deck_id = deck_id;
        c->buried_until_day = sqlite3_column_int64(st, 1);
        c->fsrs = fsrs_card_new(0);
        c->retired = is_retired(retired, nretired, c->card_id);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, "read new cards");
}

Err store_study_queue(Store *s, int64_t deck_id, int64_t now_ms, const DayRule *rule, Queue *out)
{
    memset(out, 0, sizeof(*out));
    int64_t today = day_of(rule, now_ms);
    int64_t day_end_ms = day_start_ms(rule, today + 1);
    int64_t learn_until_ms = now_ms + QUEUE_LEARN_AHEAD_MS + 1;
    DeckSet decks;
    CardList cards = {0};
    int64_t *retired = NULL;
    size_t nretired = 0;
    sqlite3_stmt *st = NULL;
    bool focus = false;
    Err e = load_decks(s, deck_id, day_start_ms(rule, today), &decks);
    if (e)
        return e;
    e = fetch_retired(s, &retired, &nretired);
    if (!e)
        e = load_focus(s, now_ms, &focus);
    int64_t due_until_ms = learn_until_ms > day_end_ms ? learn_until_ms : day_end_ms;
    if (!e)
        e = fetch_due(s, deck_id, due_until_ms, today, retired, nretired, &cards);
    if (!e && focus)
        e = mark_focus(s, &cards, 0);
    if (!e && focus)
        e = fetch_focus_due(s, deck_id, due_until_ms,
                            day_start_ms(rule, today + 1 + QUEUE_FOCUS_AHEAD_DAYS), today, retired,
                            nretired, &cards);
    if (!e) {
        /* The deck file's order, focus cards first when there are any (without focus the
         * plain order lets SQLite walk the index and stop at the limit). */
        st = store_prepare(s, focus ? "SELECT card_id, buried_until_day FROM card_state"
                                      " WHERE deck_id = ?1 AND state = 0 AND suspended = 0"
                                      " AND (buried_until_day = 0 OR buried_until_day <= ?2)"
                                      " ORDER BY card_id IN (SELECT card_id FROM"
                                      " temp.focus_cards) DESC, card_id LIMIT ?3"
                                    : "SELECT card_id, buried_until_day FROM card_state"
                                      " WHERE deck_id = ?1 AND state = 0 AND suspended = 0"
                                      " AND (buried_until_day = 0 OR buried_until_day <= ?2)"
                                      " ORDER BY card_id LIMIT ?3");
        if (!st)
            e = ERR_DB;
    }
    size_t new_from = cards.count;
    for (size_t i = 0; !e && i < decks.count; i++)
        if (decks.decks[i].new_left > 0)
            e = fetch_new(s, st, decks.decks[i].deck_id, decks.decks[i].new_left, today, retired,
                          nretired, &cards);
    sqlite3_finalize(st);
    if (!e && focus)
        e = mark_focus(s, &cards, new_from);
    if (!e)
        queue_build(cards.items, cards.count, decks.decks, decks.count, now_ms, rule, out);
    free(cards.items);
    free(retired);
    deck_set_free(&decks);
    return e;
}
