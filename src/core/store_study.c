/*
 * store_study.c: presets, today's queue, answers, undo, bury, suspend and leeches on the
 * database (see store_study.h). The scheduling itself is study.c and the ordering
 * queue.c; this file fetches their inputs and writes their results, each change in one
 * transaction.
 */
#include "core/store_study.h"

#include "core/store_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROLLOVER_KEY "day_rollover_hour"

enum { UNDO_UNSUSPEND = 1, UNDO_UNTAG = 2, UNDO_DROP_PARAMS = 4 };

/* ---- day rule ---------------------------------------------------------------------- */

Err store_day_rule(Store *s, int tz_offset_s, DayRule *out)
{
    DayRule rule;
    if (day_rule_make(tz_offset_s, DAY_ROLLOVER_DEFAULT, &rule))
        return store_fail(s, ERR_PARSE, "time zone offset %d s is out of range", tz_offset_s);
    Buf b = {0};
    Err e = store_setting_get(s, ROLLOVER_KEY, &b);
    if (e == ERR_OK) {
        char *end = NULL;
        long h = strtol(buf_str(&b), &end, 10);
        /* A damaged setting must not stop anyone studying: keep the default. */
        if (end != buf_str(&b) && !*end && h >= 0 && h <= 23)
            rule.rollover_hour = (int32_t)h;
    }
    buf_free(&b);
    if (e != ERR_OK && e != ERR_NOT_FOUND)
        return e;
    *out = rule;
    return ERR_OK;
}

Err store_set_rollover_hour(Store *s, int hour)
{
    if (hour < 0 || hour > 23)
        return store_fail(s, ERR_PARSE, "the day rollover hour must be 0..23, not %d", hour);
    char value[8];
    snprintf(value, sizeof(value), "%d", hour);
    return store_setting_set(s, ROLLOVER_KEY, value);
}

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

/* ---- reading cards ----------------------------------------------------------------- */

#define CARD_COLS                                                                                  \
    "cs.state, cs.due_ms, cs.stability, cs.difficulty, cs.elapsed_days, cs.scheduled_days,"        \
    " cs.learning_step, cs.reps, cs.lapses, cs.last_review_ms"

/* The scheduling state in the 10 CARD_COLS columns from `col`. */
static FsrsCard card_from_row(sqlite3_stmt *st, int col)
{
    FsrsCard c;
    memset(&c, 0, sizeof(c));
    c.state = (FsrsState)sqlite3_column_int(st, col);
    c.due_ms = sqlite3_column_int64(st, col + 1);
    c.stability = sqlite3_column_double(st, col + 2);
    c.difficulty = sqlite3_column_double(st, col + 3);
    c.elapsed_days = sqlite3_column_int(st, col + 4);
    c.scheduled_days = sqlite3_column_int(st, col + 5);
    c.learning_steps = sqlite3_column_int(st, col + 6);
    c.reps = sqlite3_column_int(st, col + 7);
    c.lapses = sqlite3_column_int(st, col + 8);
    c.last_review_ms = sqlite3_column_int64(st, col + 9);
    return c;
}

Err store_study_card(Store *s, int64_t card_id, StudyCard *out)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = store_prepare(
        s, "SELECT c.deck_id, c.front, c.back, cs.suspended, cs.buried_until_day,"
           " EXISTS(SELECT 1 FROM card_tags t WHERE t.card_id = c.id AND t.tag = ?2), " CARD_COLS
           " FROM cards c JOIN card_state cs ON cs.card_id = c.id WHERE c.id = ?1");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, card_id);
    sqlite3_bind_text(st, 2, STORE_LEECH_TAG, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    Err e = ERR_OK;
    if (rc == SQLITE_ROW) {
        out->card_id = card_id;
        out->deck_id = sqlite3_column_int64(st, 0);
        out->front = xstrdup((const char *)sqlite3_column_text(st, 1));
        out->back = xstrdup((const char *)sqlite3_column_text(st, 2));
        out->suspended = sqlite3_column_int(st, 3) != 0;
        out->buried_until_day = sqlite3_column_int64(st, 4);
        out->leech = sqlite3_column_int(st, 5) != 0;
        out->fsrs = card_from_row(st, 6);
    } else if (rc == SQLITE_DONE) {
        e = store_fail(s, ERR_NOT_FOUND, "no card %lld", (long long)card_id);
    } else {
        e = store_fail_db(s, "read card");
    }
    sqlite3_finalize(st);
    return e;
}

void store_study_card_free(StudyCard *c)
{
    if (!c)
        return;
    free(c->front);
    free(c->back);
    c->front = c->back = NULL;
}

Err store_study_labels(Store *s, int64_t card_id, int64_t now_ms, const DayRule *rule,
                       char labels[4][STUDY_LABEL_CAP])
{
    for (int i = 0; i < 4; i++)
        labels[i][0] = '\0';
    StudyCard c;
    Preset p;
    Err e = store_study_card(s, card_id, &c);
    if (!e)
        e = store_preset_get(s, c.deck_id, &p);
    if (!e && study_labels(&p.params, &c.fsrs, now_ms, rule, labels))
        e = store_fail(s, ERR_PARSE, "card %lld cannot be scheduled at this time",
                       (long long)card_id);
    store_study_card_free(&c);
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

/* ---- answering --------------------------------------------------------------------- */

/* The id of the param_sets row for these settings, inserting it if new (*created). */
static Err param_set_id(Store *s, const FsrsParams *params, int64_t *id, bool *created)
{
    Buf spec = {0};
    preset_spec(params, &spec);
    *created = false;
    Err e = ERR_OK;
    sqlite3_stmt *st = store_prepare(s, "SELECT id FROM param_sets WHERE spec = ?");
    if (!st) {
        e = ERR_DB;
        goto done;
    }
    sqlite3_bind_text(st, 1, buf_str(&spec), -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        goto done;
    if (rc != SQLITE_DONE) {
        e = store_fail_db(s, "find settings");
        goto done;
    }
    st = store_prepare(s, "INSERT INTO param_sets(spec) VALUES(?)");
    if (!st) {
        e = ERR_DB;
        goto done;
    }
    sqlite3_bind_text(st, 1, buf_str(&spec), -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_DONE) {
        *id = sqlite3_last_insert_rowid(s->db);
        *created = true;
    } else {
        e = store_fail_db(s, "save settings");
    }
    sqlite3_finalize(st);
done:
    buf_free(&spec);
    return e;
}

/* Runs a one-off statement with ?1 = a, ?2 = b, ?3 = text (binding a parameter the
 * statement lacks is a harmless SQLITE_RANGE); *changes gets the rows changed. */
static Err exec_ids(Store *s, const char *sql, int64_t a, int64_t b, const char *text, int *changes)
{
    sqlite3_stmt *st = store_prepare(s, sql);
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    if (text)
        sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
    Err e = sqlite3_step(st) == SQLITE_DONE ? ERR_OK : store_fail_db(s, "update card");
    sqlite3_finalize(st);
    if (changes)
        *changes = e ? 0 : sqlite3_changes(s->db);
    return e;
}

/* Steps a prepared statement that returns no rows and readies it for the next use. */
static Err run(Store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    Err e = rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, what);
    sqlite3_reset(st);
    return e;
}

/* What an answer writes, prepared once per answer or once per import. */
typedef struct AnswerStmts {
    sqlite3_stmt *state, *log, *tag, *suspend;
} AnswerStmts;

static void answer_stmts_finalize(AnswerStmts *q)
{
    sqlite3_finalize(q->state);
    sqlite3_finalize(q->log);
    sqlite3_finalize(q->tag);
    sqlite3_finalize(q->suspend);
    memset(q, 0, sizeof(*q));
}

static Err answer_stmts_prepare(Store *s, AnswerStmts *q)
{
    q->state = store_prepare(
        s, "UPDATE card_state SET state = ?1, due_ms = ?2, stability = ?3, difficulty = ?4,"
           " elapsed_days = ?5, scheduled_days = ?6, learning_step = ?7, reps = ?8,"
           " lapses = ?9, last_review_ms = ?10 WHERE card_id = ?11");
    q->log = store_prepare(
        s, "INSERT INTO review_log(card_id, review_ms, rating, duration_ms,"
           " state_before, due_before_ms, stability_before, difficulty_before, elapsed_before,"
           " scheduled_before, step_before, reps_before, lapses_before, last_review_before_ms,"
           " state_after, due_ms, stability, difficulty, elapsed_days, scheduled_days,"
           " step_after, tz_offset_s, rollover_hour, param_set_id, undo_flags)"
           " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
           " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)");
    q->tag = store_prepare(s, "INSERT OR IGNORE INTO card_tags(card_id, tag) VALUES(?, ?)");
    q->suspend = store_prepare(s, "UPDATE card_state SET suspended = 1 WHERE card_id = ?");
    if (!q->state || !q->log || !q->tag || !q->suspend) {
        answer_stmts_finalize(q);
        return ERR_DB;
    }
    return ERR_OK;
}

static void bind_card(sqlite3_stmt *st, int col, const FsrsCard *c)
{
    sqlite3_bind_int(st, col, (int)c->state);
    sqlite3_bind_int64(st, col + 1, c->due_ms);
    sqlite3_bind_double(st, col + 2, c->stability);
    sqlite3_bind_double(st, col + 3, c->difficulty);
    sqlite3_bind_int(st, col + 4, c->elapsed_days);
    sqlite3_bind_int(st, col + 5, c->scheduled_days);
    sqlite3_bind_int(st, col + 6, c->learning_steps);
    sqlite3_bind_int(st, col + 7, c->reps);
    sqlite3_bind_int(st, col + 8, c->lapses);
    sqlite3_bind_int64(st, col + 9, c->last_review_ms);
}

/* Writes the scheduling columns of a card. */
static Err write_state(Store *s, sqlite3_stmt *st, int64_t card_id, const FsrsCard *c)
{
    bind_card(st, 1, c);
    sqlite3_bind_int64(st, 11, card_id);
    return run(s, st, "save card state");
}

static bool card_finite(const FsrsCard *c)
{
    return isfinite(c->stability) && isfinite(c->difficulty);
}

static Err check_answer(Store *s, int rating, int64_t duration_ms)
{
    if (rating < FSRS_AGAIN || rating > FSRS_EASY)
        return store_fail(s, ERR_PARSE, "rating %d is not one of 1 (Again) .. 4 (Easy)", rating);
    if (duration_ms < 0)
        return store_fail(s, ERR_PARSE, "negative answer time");
    return ERR_OK;
}

/* A card being answered: its state as the answers change it, and its deck's settings. */
typedef struct Answering {
    int64_t card_id;
    FsrsCard card;
    bool suspended;
    const FsrsParams *params;
    int64_t set_id;
    bool set_created; /* the param set is new and no log row uses it yet */
} Answering;

/* Schedules one answer and writes its log row, and the leech tag and suspension when it
 * makes the card a leech. The new state is left in a->card; the caller writes it. */
static Err answer_apply(Store *s, AnswerStmts *q, Answering *a, int rating, int64_t now_ms,
                        int64_t duration_ms, const DayRule *rule, StudyAnswer *out)
{
    FsrsCard after;
    if (!card_finite(&a->card) || study_next(a->params, &a->card, now_ms, rule, rating, &after) ||
        !card_finite(&after))
        return store_fail(s, ERR_PARSE, "card %lld cannot be answered at this time",
                          (long long)a->card_id);
    if (duration_ms > STUDY_MAX_ANSWER_MS)
        duration_ms = STUDY_MAX_ANSWER_MS;
    int flags = 0;
    if (a->set_created)
        flags |= UNDO_DROP_PARAMS;
    bool leech = study_is_leech(a->card.lapses, after.lapses);
    Err e = ERR_OK;
    if (leech) {
        sqlite3_bind_int64(q->tag, 1, a->card_id);
        sqlite3_bind_text(q->tag, 2, STORE_LEECH_TAG, -1, SQLITE_STATIC);
        e = run(s, q->tag, "tag a leech");
        if (!e && sqlite3_changes(s->db) > 0)
            flags |= UNDO_UNTAG;
        if (!e && !a->suspended) {
            sqlite3_bind_int64(q->suspend, 1, a->card_id);
            e = run(s, q->suspend, "suspend a leech");
            flags |= UNDO_UNSUSPEND;
        }
        if (e)
            return e;
    }
    sqlite3_stmt *st = q->log;
    sqlite3_bind_int64(st, 1, a->card_id);
    sqlite3_bind_int64(st, 2, now_ms);
    sqlite3_bind_int(st, 3, rating);
    sqlite3_bind_int64(st, 4, duration_ms);
    bind_card(st, 5, &a->card); /* the *_before columns, in CARD_COLS order */
    sqlite3_bind_int(st, 15, (int)after.state);
    sqlite3_bind_int64(st, 16, after.due_ms);
    sqlite3_bind_double(st, 17, after.stability);
    sqlite3_bind_double(st, 18, after.difficulty);
    sqlite3_bind_int(st, 19, after.elapsed_days);
    sqlite3_bind_int(st, 20, after.scheduled_days);
    sqlite3_bind_int(st, 21, after.learning_steps);
    sqlite3_bind_int(st, 22, rule->tz_offset_s);
    sqlite3_bind_int(st, 23, rule->rollover_hour);
    sqlite3_bind_int64(st, 24, a->set_id);
    sqlite3_bind_int(st, 25, flags);
    e = run(s, st, "log the answer");
    if (e)
        return e;
    if (out) {
        out->log_id = sqlite3_last_insert_rowid(s->db);
        out->before = a->card;
        out->after = after;
        out->became_leech = leech;
    }
    a->card = after;
    a->suspended = a->suspended || leech;
    a->set_created = false;
    return ERR_OK;
}

Err store_study_answer(Store *s, int64_t card_id, int rating, int64_t now_ms, int64_t duration_ms,
                       const DayRule *rule, StudyAnswer *out)
{
    Err e = check_answer(s, rating, duration_ms);
    if (e)
        return e;
    e = store_begin(s);
    if (e)
        return e;
    AnswerStmts q = {0};
    StudyCard card = {0};
    Preset preset;
    Answering a = {.card_id = card_id};
    e = answer_stmts_prepare(s, &q);
    if (!e)
        e = store_study_card(s, card_id, &card);
    if (!e)
        e = store_preset_get(s, card.deck_id, &preset);
    if (!e)
        e = param_set_id(s, &preset.params, &a.set_id, &a.set_created);
    if (e)
        goto fail;
    a.card = card.fsrs;
    a.suspended = card.suspended;
    a.params = &preset.params;
    e = answer_apply(s, &q, &a, rating, now_ms, duration_ms, rule, out);
    if (!e)
        e = write_state(s, q.state, card_id, &a.card);
    if (!e)
        e = store_commit(s);
    if (e)
        goto fail;
    answer_stmts_finalize(&q);
    store_study_card_free(&card);
    return ERR_OK;
fail:
    answer_stmts_finalize(&q);
    store_rollback(s);
    store_study_card_free(&card);
    return e;
}

/* ---- importing histories ----------------------------------------------------------- */

typedef struct ImportDeck {
    int64_t deck_id;
    Preset preset;
    int64_t set_id;
    bool set_unused; /* this import created the param set and no row uses it yet */
} ImportDeck;

struct StudyImport {
    Store *s;
    DayRule rule;
    AnswerStmts q;
    sqlite3_stmt *card;
    ImportDeck *decks;
    size_t deck_count;
};

Err store_study_import_begin(Store *s, const DayRule *rule, StudyImport **out)
{
    *out = NULL;
    Err e = store_begin(s);
    if (e)
        return e;
    StudyImport *im = xcalloc(1, sizeof(*im));
    im->s = s;
    im->rule = *rule;
    e = answer_stmts_prepare(s, &im->q);
    if (!e) {
        im->card = store_prepare(s, "SELECT c.deck_id, cs.suspended, " CARD_COLS
                                    " FROM cards c JOIN card_state cs ON cs.card_id = c.id"
                                    " WHERE c.id = ?");
        if (!im->card)
            e = ERR_DB;
    }
    if (e) {
        store_study_import_end(im, false);
        return e;
    }
    *out = im;
    return ERR_OK;
}

/* The settings of a deck, looked up once per import. */
static Err import_deck(StudyImport *im, int64_t deck_id, ImportDeck **out)
{
    for (size_t i = 0; i < im->deck_count; i++) {
        if (im->decks[i].deck_id == deck_id) {
            *out = &im->decks[i];
            return ERR_OK;
        }
    }
    ImportDeck d = {.deck_id = deck_id};
    Err e = store_preset_get(im->s, deck_id, &d.preset);
    if (!e)
        e = param_set_id(im->s, &d.preset.params, &d.set_id, &d.set_unused);
    if (e)
        return e;
    im->decks = xrealloc(im->decks, (im->deck_count + 1) * sizeof(*im->decks));
    im->decks[im->deck_count] = d;
    *out = &im->decks[im->deck_count++];
    return ERR_OK;
}

Err store_study_import_card(StudyImport *im, int64_t card_id, const StudyReview *reviews, size_t n)
{
    Store *s = im->s;
    for (size_t i = 0; i < n; i++) {
        Err e = check_answer(s, reviews[i].rating, reviews[i].duration_ms);
        if (e)
            return e;
    }
    sqlite3_bind_int64(im->card, 1, card_id);
    int rc = sqlite3_step(im->card);
    Answering a = {.card_id = card_id};
    int64_t deck_id = 0;
    if (rc == SQLITE_ROW) {
        deck_id = sqlite3_column_int64(im->card, 0);
        a.suspended = sqlite3_column_int(im->card, 1) != 0;
        a.card = card_from_row(im->card, 2);
    }
    sqlite3_reset(im->card);
    if (rc == SQLITE_DONE)
        return store_fail(s, ERR_NOT_FOUND, "no card %lld", (long long)card_id);
    if (rc != SQLITE_ROW)
        return store_fail_db(s, "read card");
    /* Outside the card's savepoint: a param set, once saved, stays for the next cards. */
    ImportDeck *d = NULL;
    Err e = import_deck(im, deck_id, &d);
    if (e)
        return e;
    a.params = &d->preset.params; /* im->decks does not move until the next card */
    a.set_id = d->set_id;
    a.set_created = d->set_unused;
    e = store_exec(s, "SAVEPOINT import_card");
    if (e)
        return e;
    for (size_t i = 0; !e && i < n; i++)
        e = answer_apply(s, &im->q, &a, reviews[i].rating, reviews[i].review_ms,
                         reviews[i].duration_ms, &im->rule, NULL);
    if (!e && n)
        e = write_state(s, im->q.state, card_id, &a.card);
    if (e) {
        /* Keep the message: the rollback must not replace it. */
        char msg[sizeof(s->errmsg)];
        memcpy(msg, s->errmsg, sizeof(msg));
        store_exec(s, "ROLLBACK TO import_card; RELEASE import_card");
        memcpy(s->errmsg, msg, sizeof(msg));
        return e;
    }
    d->set_unused = a.set_created;
    return store_exec(s, "RELEASE import_card");
}

Err store_study_import_end(StudyImport *im, bool commit)
{
    if (!im)
        return ERR_OK;
    Store *s = im->s;
    answer_stmts_finalize(&im->q);
    sqlite3_finalize(im->card);
    free(im->decks);
    free(im);
    if (commit)
        return store_commit(s);
    store_rollback(s);
    return ERR_OK;
}

Err store_study_card_ids(Store *s, int64_t deck_id, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = store_prepare(s, "SELECT id FROM cards WHERE retired = 0"
                                        " AND (?1 = 0 OR deck_id = ?1) ORDER BY id");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, deck_id);
    int64_t *list = NULL;
    size_t count = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? cap * 2 : 256;
            list = xrealloc(list, cap * sizeof(*list));
        }
        list[count++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(list);
        return store_fail_db(s, "list cards");
    }
    *ids = list;
    *n = count;
    return ERR_OK;
}

/* ---- undo, bury, suspend ----------------------------------------------------------- */

Err store_study_undo(Store *s, int64_t *card_id)
{
    Err e = store_begin(s);
    if (e)
        return e;
    StudyCard card = {0};
    AnswerStmts q = {0};
    sqlite3_stmt *st = store_prepare(
        s, "SELECT r.id, r.card_id, r.review_ms, r.state_before, r.due_before_ms,"
           " r.stability_before, r.difficulty_before, r.elapsed_before, r.scheduled_before,"
           " r.step_before, r.reps_before, r.lapses_before, r.last_review_before_ms,"
           " r.state_after, r.due_ms, r.stability, r.difficulty, r.elapsed_days,"
           " r.scheduled_days, r.step_after, r.param_set_id, r.undo_flags"
           " FROM review_log r ORDER BY r.id DESC LIMIT 1");
    if (!st) {
        e = ERR_DB;
        goto fail;
    }
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        e = rc == SQLITE_DONE ? store_fail(s, ERR_NOT_FOUND, "nothing to undo")
                              : store_fail_db(s, "read the last answer");
        goto fail;
    }
    int64_t log_id = sqlite3_column_int64(st, 0);
    int64_t id = sqlite3_column_int64(st, 1);
    int64_t review_ms = sqlite3_column_int64(st, 2);
    if (sqlite3_column_type(st, 10) == SQLITE_NULL) {
        e = store_fail(s, ERR_NOT_FOUND,
                       "the last answer was made by an older version of "
                       "archdrill and cannot be undone");
        goto fail;
    }
    FsrsCard before = card_from_row(st, 3);
    FsrsCard after = before;
    after.state = (FsrsState)sqlite3_column_int(st, 13);
    after.due_ms = sqlite3_column_int64(st, 14);
    after.stability = sqlite3_column_double(st, 15);
    after.difficulty = sqlite3_column_double(st, 16);
    after.elapsed_days = sqlite3_column_int(st, 17);
    after.scheduled_days = sqlite3_column_int(st, 18);
    after.learning_steps = sqlite3_column_int(st, 19);
    after.last_review_ms = review_ms;
    int64_t set_id = sqlite3_column_int64(st, 20);
    int flags = sqlite3_column_int(st, 21);
    sqlite3_finalize(st);
    st = NULL;

    e = store_study_card(s, id, &card);
    if (e)
        goto fail;
    const FsrsCard *now = &card.fsrs;
    /* Only the card as the answer left it may be put back; anything else changed it. */
    if (now->state != after.state || now->due_ms != after.due_ms ||
        now->stability != after.stability || now->difficulty != after.difficulty ||
        now->elapsed_days != after.elapsed_days || now->scheduled_days != after.scheduled_days ||
        now->learning_steps != after.learning_steps ||
        now->last_review_ms != after.last_review_ms || now->reps != before.reps + 1) {
        e = store_fail(s, ERR_NOT_FOUND,
                       "card %lld changed after its last answer; that answer cannot be undone",
                       (long long)id);
        goto fail;
    }
    e = answer_stmts_prepare(s, &q);
    if (!e)
        e = write_state(s, q.state, id, &before);
    if (!e && (flags & UNDO_UNSUSPEND))
        e = exec_ids(s, "UPDATE card_state SET suspended = 0 WHERE card_id = ?1", id, 0, NULL,
                     NULL);
    if (!e && (flags & UNDO_UNTAG))
        e = exec_ids(s, "DELETE FROM card_tags WHERE card_id = ?1 AND tag = ?3", id, 0,
                     STORE_LEECH_TAG, NULL);
    if (!e)
        e = exec_ids(s, "DELETE FROM review_log WHERE id = ?1", log_id, 0, NULL, NULL);
    if (!e && (flags & UNDO_DROP_PARAMS))
        e = exec_ids(s, "DELETE FROM param_sets WHERE id = ?1", set_id, 0, NULL, NULL);
    if (!e)
        e = store_commit(s);
    if (e)
        goto fail;
    answer_stmts_finalize(&q);
    store_study_card_free(&card);
    if (card_id)
        *card_id = id;
    return ERR_OK;
fail:
    sqlite3_finalize(st);
    answer_stmts_finalize(&q);
    store_rollback(s);
    store_study_card_free(&card);
    return e;
}

/* Runs a one-card update and maps "no such card" to ERR_NOT_FOUND. */
static Err update_card(Store *s, const char *sql, int64_t card_id, int64_t value)
{
    int changed = 0;
    Err e = exec_ids(s, sql, card_id, value, NULL, &changed);
    if (!e && !changed)
        e = store_fail(s, ERR_NOT_FOUND, "no card %lld", (long long)card_id);
    return e;
}

Err store_study_bury(Store *s, int64_t card_id, int64_t now_ms, const DayRule *rule)
{
    return update_card(s, "UPDATE card_state SET buried_until_day = ?2 WHERE card_id = ?1", card_id,
                       day_of(rule, now_ms) + 1);
}

Err store_study_unbury(Store *s, int64_t deck_id)
{
    return exec_ids(s,
                    "UPDATE card_state SET buried_until_day = 0"
                    " WHERE buried_until_day != 0 AND (?1 = 0 OR deck_id = ?1)",
                    deck_id, 0, NULL, NULL);
}

Err store_study_suspend(Store *s, int64_t card_id, bool suspended)
{
    return update_card(s, "UPDATE card_state SET suspended = ?2 WHERE card_id = ?1", card_id,
                       suspended ? 1 : 0);
}

Err store_study_done_today(Store *s, int64_t now_ms, const DayRule *rule, int *answers)
{
    *answers = 0;
    sqlite3_stmt *st = store_prepare(s, "SELECT count(*) FROM review_log WHERE review_ms >= ?");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, day_start_ms(rule, day_of(rule, now_ms)));
    Err e = ERR_OK;
    if (sqlite3_step(st) == SQLITE_ROW)
        *answers = sqlite3_column_int(st, 0);
    else
        e = store_fail_db(s, "answers today");
    sqlite3_finalize(st);
    return e;
}
