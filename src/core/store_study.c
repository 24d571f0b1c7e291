/*
 * store_study.c: the day rule's setting, reading cards, answers, history imports, undo,
 * bury, suspend and leeches on the database (see store_study.h). The scheduling itself is
 * study.c; this file fetches its inputs and writes its results, each change in one
 * transaction. Presets and today's queue are store_study_queue.c.
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
