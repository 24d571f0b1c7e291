/*
 * store_stats.c: the statistics read from the database (see store_stats.h). The review log
 * is scanned once in row-id order, which is the order it was written and needs neither an
 * index nor a sort (on a large log, in two ranges read at once: see "the review log"); the
 * rows go to the stats builder in that order, which keeps what it needs per card. The drill
 * figures come from the finished attempts' summary columns (phases is JSON, read with
 * SQLite's JSON functions).
 */
#include "core/store_stats.h"

#include "core/preset.h"
#include "core/store_internal.h"
#include "core/store_study.h"

#include <stdlib.h>
#include <string.h>

/* C11 threads where the C library has them (glibc 2.28+); one scan otherwise. */
#if !defined(__STDC_NO_THREADS__) && defined(__has_include)
#if __has_include(<threads.h>)
#include <threads.h>
#define ARCHDRILL_STATS_THREADS 1
#endif
#endif
#ifndef ARCHDRILL_STATS_THREADS
#define ARCHDRILL_STATS_THREADS 0
#endif

/* The reviews/day the streak uses: the deck's, or the smallest of the active decks'. */
static Err review_limit(Store *s, int64_t deck_id, int32_t *out)
{
    *out = PRESET_REVIEWS_PER_DAY_DEFAULT;
    sqlite3_stmt *q = store_prepare(s, "SELECT id FROM decks WHERE retired = 0 AND"
                                       " (?1 = 0 OR id = ?1) ORDER BY id");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, deck_id);
    int64_t *ids = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        ids = xrealloc(ids, (n + 1) * sizeof(*ids));
        ids[n++] = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
    Err e = rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, "list decks");
    for (size_t i = 0; !e && i < n; i++) {
        Preset p;
        e = store_preset_get(s, ids[i], &p);
        if (!e && (i == 0 || p.reviews_per_day < *out))
            *out = p.reviews_per_day;
    }
    free(ids);
    return e;
}

static Err deck_known(Store *s, int64_t deck_id)
{
    if (deck_id <= 0)
        return ERR_OK;
    sqlite3_stmt *q = store_prepare(s, "SELECT 1 FROM decks WHERE id = ?");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, deck_id);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return ERR_OK;
    if (rc == SQLITE_DONE)
        return store_fail(s, ERR_NOT_FOUND, "no deck %lld", (long long)deck_id);
    return store_fail_db(s, "find deck");
}

static Err load_cards(Store *s, int64_t deck_id, StatsBuilder *b)
{
    /* A card without a card_state row reads as new: SQLite's NULLs read as 0. */
    sqlite3_stmt *q = store_prepare(s, "SELECT c.id, c.tags, cs.state, cs.due_ms, cs.stability,"
                                       " cs.difficulty, cs.scheduled_days, cs.suspended,"
                                       " cs.buried_until_day"
                                       " FROM cards c LEFT JOIN card_state cs ON cs.card_id = c.id"
                                       " WHERE c.retired = 0 AND (?1 = 0 OR c.deck_id = ?1)");
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, deck_id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        StatsCardRow c = {
            .card_id = sqlite3_column_int64(q, 0),
            .phases = stats_phases_of_tags((const char *)sqlite3_column_text(q, 1)),
            .state = sqlite3_column_int(q, 2),
            .due_ms = sqlite3_column_int64(q, 3),
            .stability = sqlite3_column_double(q, 4),
            .difficulty = sqlite3_column_double(q, 5),
            .scheduled_days = sqlite3_column_int(q, 6),
            .suspended = sqlite3_column_int(q, 7) != 0,
            .buried_until_day = sqlite3_column_int64(q, 8),
        };
        stats_builder_card(b, &c);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, "read cards");
}

/* ---- the review log ----------------------------------------------------------------
 * Row-id order is the order of writing: a plain scan of the table, in id ranges. On a
 * large log kept in a file, a helper thread decodes the upper part of the range into an
 * array while this thread reads the lower part straight into the builder, then feeds the
 * builder the helper's rows as they come (published in batches under a mutex), so the rows
 * still arrive in row-id order and the figures are exactly those of one scan. Decoding
 * the rows is most of the time, and it splits in two. Both parts are read on read-only
 * connections of their own, which take no mutex per column. Without threads, on a
 * database in memory, inside a transaction (whose changes another connection cannot see)
 * or when a connection fails, the store's connection reads what is left. */

/* The small numbers come packed in one column (fewer calls per row): rating (1..4, as the
 * table checks) in bits 0-2, the state before in bits 3-4, scheduled_days above. */
static const char REVIEWS_SQL[] =
    "SELECT card_id, review_ms, rating + 8 * (state_before & 3) + 32 * scheduled_days,"
    " duration_ms, stability, due_ms FROM review_log WHERE id > ?1 AND id <= ?2 ORDER BY id"
    " LIMIT -1 OFFSET ?3";

#define PARALLEL_MIN_ROWS 65536 /* below this, a second connection is not worth opening */
#define HELPER_SHARE      0.67  /* of the rows, for the helper (this thread reads the cards) */
#define HELPER_BATCH      2048  /* rows the helper publishes at a time */

/* A row as the helper keeps it (48 bytes; StatsReviewRow has padding). */
typedef struct PackedRow {
    int64_t card_id, review_ms, due_ms, duration_ms;
    double stability;
    int32_t scheduled_days;
    int8_t rating, state_before;
} PackedRow;

enum { HELPER_RUNNING, HELPER_DONE, HELPER_FAILED };

typedef struct Helper {
    char *path; /* owned: the database file */
    int64_t from, to;
    PackedRow *rows; /* owned: room for every id of the range, never moved */
    size_t count, cap;
#if ARCHDRILL_STATS_THREADS
    mtx_t lock;   /* guards ready and state */
    cnd_t more;   /* signalled when either changes */
    size_t ready; /* rows[0..ready) are written */
    int state;
    thrd_t thread;
#endif
    bool started;
} Helper;

static int8_t small_int(int v)
{
    return (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);
}

#if ARCHDRILL_STATS_THREADS
/* Makes the rows written so far (and the state) visible to the reading thread. */
static void publish(Helper *h, int state)
{
    mtx_lock(&h->lock);
    h->ready = h->count;
    h->state = state;
    cnd_signal(&h->more);
    mtx_unlock(&h->lock);
}
#endif

/* Reads the rows with from < id <= to after the first `skip` on db, each into the builder
 * b, or when b is NULL into h's array. Returns SQLite's last code: SQLITE_DONE when all
 * were read. */
static int scan(sqlite3 *db, int64_t from, int64_t to, int64_t skip, StatsBuilder *b, Helper *h)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db, REVIEWS_SQL, -1, &q, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_int64(q, 1, from);
    sqlite3_bind_int64(q, 2, to);
    sqlite3_bind_int64(q, 3, skip);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t small = sqlite3_column_int64(q, 2);
        StatsReviewRow r = {
            .card_id = sqlite3_column_int64(q, 0),
            .review_ms = sqlite3_column_int64(q, 1),
            .rating = (int)(small & 7),
            .duration_ms = sqlite3_column_int64(q, 3),
            .state_before = (int)((small >> 3) & 3),
            .stability = sqlite3_column_double(q, 4),
            .scheduled_days = (int32_t)((small - (small & 31)) / 32), /* exact, any sign */
            .due_ms = sqlite3_column_int64(q, 5),
        };
        if (b) {
            stats_builder_review(b, &r);
            continue;
        }
        if (h->count == h->cap) { /* ids are unique: cannot happen */
            rc = SQLITE_ERROR;
            break;
        }
        h->rows[h->count++] = (PackedRow){r.card_id,
                                          r.review_ms,
                                          r.due_ms,
                                          r.duration_ms,
                                          r.stability,
                                          r.scheduled_days,
                                          small_int(r.rating),
                                          small_int(r.state_before)};
#if ARCHDRILL_STATS_THREADS
        if (h->count % HELPER_BATCH == 0)
            publish(h, HELPER_RUNNING);
#endif
    }
    sqlite3_finalize(q);
    return rc;
}

/* A read-only connection of our own on the file at path, or NULL. */
static sqlite3 *open_reader(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* Feeds the rows with from < id <= to, after the first `skip`, into the builder: on a
 * connection of our own when there is a file to open, else on the store's. */
static Err load_reviews(Store *s, StatsBuilder *b, const char *path, int64_t from, int64_t to,
                        int64_t skip)
{
    if (from >= to)
        return ERR_OK;
    sqlite3 *own = path ? open_reader(path) : NULL;
    int rc = scan(own ? own : s->db, from, to, skip, b, NULL);
    sqlite3_close(own);
    if (rc == SQLITE_DONE)
        return ERR_OK;
    return own ? store_fail(s, ERR_DB, "read the review log: %s", sqlite3_errstr(rc))
               : store_fail_db(s, "read the review log");
}

#if ARCHDRILL_STATS_THREADS
/* The helper thread. */
static int helper_run(void *arg)
{
    Helper *h = arg;
    sqlite3 *db = open_reader(h->path);
    bool ok = db && scan(db, h->from, h->to, 0, NULL, h) == SQLITE_DONE;
    sqlite3_close(db);
    publish(h, ok ? HELPER_DONE : HELPER_FAILED);
    return 0;
}
#endif

/* Starts the helper on (from, to] when it can run; h->started says whether it did. */
static void helper_start(Store *s, Helper *h, int64_t from, int64_t to)
{
    memset(h, 0, sizeof(*h));
#if ARCHDRILL_STATS_THREADS
    const char *path = sqlite3_db_filename(s->db, "main");
    if (!path || !path[0] || !sqlite3_threadsafe() || !sqlite3_get_autocommit(s->db))
        return;
    h->path = xstrdup(path);
    h->from = from;
    h->to = to;
    h->cap = (size_t)(to - from);
    h->rows = xmalloc(h->cap * sizeof(*h->rows));
    h->state = HELPER_RUNNING;
    if (mtx_init(&h->lock, mtx_plain) != thrd_success)
        return;
    if (cnd_init(&h->more) != thrd_success) {
        mtx_destroy(&h->lock);
        return;
    }
    h->started = thrd_create(&h->thread, helper_run, h) == thrd_success;
    if (!h->started) {
        cnd_destroy(&h->more);
        mtx_destroy(&h->lock);
    }
#else
    (void)s, (void)from, (void)to;
#endif
}

/* Feeds the helper's rows to the builder as they are published, then waits for it; when
 * it failed, reads what it could not here. */
static Err helper_finish(Store *s, Helper *h, StatsBuilder *b, Err e)
{
#if ARCHDRILL_STATS_THREADS
    size_t fed = 0;
    int state = HELPER_FAILED;
    while (h->started && !e) {
        mtx_lock(&h->lock);
        while (h->ready == fed && h->state == HELPER_RUNNING)
            cnd_wait(&h->more, &h->lock);
        size_t ready = h->ready;
        state = h->state;
        mtx_unlock(&h->lock);
        for (; fed < ready; fed++) {
            const PackedRow *p = &h->rows[fed];
            StatsReviewRow r = {p->card_id,      p->review_ms, p->rating,         p->duration_ms,
                                p->state_before, p->stability, p->scheduled_days, p->due_ms};
            stats_builder_review(b, &r);
        }
        if (state != HELPER_RUNNING)
            break;
    }
    if (h->started) {
        thrd_join(h->thread, NULL);
        cnd_destroy(&h->more);
        mtx_destroy(&h->lock);
    }
    if (!e && h->started && state == HELPER_FAILED)
        e = load_reviews(s, b, NULL, h->from, h->to, (int64_t)fed);
#else
    (void)s, (void)b;
#endif
    free(h->rows);
    free(h->path);
    memset(h, 0, sizeof(*h));
    return e;
}

static bool kind_of(const char *name, DeckKind *out)
{
    static const DeckKind kinds[] = {DECK_KIND_DESIGN, DECK_KIND_RISK, DECK_KIND_ADR,
                                     DECK_KIND_ESTIMATION};
    for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
        if (name && strcmp(name, deck_kind_name(kinds[i])) == 0) {
            *out = kinds[i];
            return true;
        }
    }
    return false;
}

#define DONE_ATTEMPTS                                                                              \
    " FROM drill_attempts a JOIN drill_prompts p ON p.id = a.prompt_id"                            \
    " WHERE a.status = 'done'"

/* Phase timings of all finished attempts, in the attempts' order (a damaged JSON text
 * counts as no phases). */
static const char PHASES_SQL[] =
    "SELECT a.id, coalesce(json_extract(j.value, '$.planned_ms'), 0),"
    " coalesce(json_extract(j.value, '$.used_ms'), 0)"
    " FROM drill_attempts a, json_each(CASE WHEN json_valid(a.phases) THEN a.phases"
    " ELSE '[]' END) j WHERE a.status = 'done'"
    " ORDER BY a.ended_ms, a.id, CAST(j.key AS INTEGER)";

/* A finished attempt and its phase timings, collected before it goes to the builder. */
typedef struct AttemptRow {
    StatsAttempt a;
    int64_t *planned, *used;
    size_t n;
} AttemptRow;

static void attempt_rows_free(AttemptRow *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].planned);
        free(rows[i].used);
    }
    free(rows);
}

/* The index of attempt id in rows (few rows: a linear search from a moving hint). */
static AttemptRow *attempt_find(AttemptRow *rows, size_t n, int64_t id, size_t *hint)
{
    for (size_t k = 0; k < n; k++) {
        size_t i = (*hint + k) % n;
        if (rows[i].a.attempt_id == id) {
            *hint = i;
            return &rows[i];
        }
    }
    return NULL;
}

static Err load_attempts(Store *s, StatsBuilder *b)
{
    AttemptRow *rows = NULL;
    size_t n = 0, hint = 0;
    int rc;
    Err e = ERR_OK;
    sqlite3_stmt *q = store_prepare(s, "SELECT a.id, a.prompt_id, p.kind, a.ended_ms,"
                                       " coalesce(a.correct, 0), coalesce(a.total, 0)" DONE_ATTEMPTS
                                       " ORDER BY a.ended_ms, a.id");
    if (!q)
        return ERR_DB;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        DeckKind kind;
        if (!kind_of((const char *)sqlite3_column_text(q, 2), &kind))
            continue;
        rows = xrealloc(rows, (n + 1) * sizeof(*rows));
        AttemptRow *r = &rows[n++];
        memset(r, 0, sizeof(*r));
        r->a.attempt_id = sqlite3_column_int64(q, 0);
        r->a.prompt_id = sqlite3_column_int64(q, 1);
        r->a.kind = kind;
        r->a.ended_ms = sqlite3_column_int64(q, 3);
        r->a.correct = sqlite3_column_int(q, 4);
        r->a.total = sqlite3_column_int(q, 5);
        for (int d = 0; d < DRILL_DIMENSIONS; d++)
            r->a.scores[d] = -1;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        e = store_fail_db(s, "read drill attempts");
        goto fail;
    }
    if (n == 0)
        goto fail;

    q = store_prepare(s, "SELECT s.attempt_id, s.dimension, s.score FROM drill_attempt_scores s"
                         " JOIN drill_attempts a ON a.id = s.attempt_id WHERE a.status = 'done'"
                         " ORDER BY a.ended_ms, a.id");
    if (!q) {
        e = ERR_DB;
        goto fail;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        AttemptRow *r = attempt_find(rows, n, sqlite3_column_int64(q, 0), &hint);
        int dim = sqlite3_column_int(q, 1);
        if (r && dim >= 0 && dim < DRILL_DIMENSIONS)
            r->a.scores[dim] = sqlite3_column_int(q, 2);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        e = store_fail_db(s, "read drill scores");
        goto fail;
    }

    q = store_prepare(s, PHASES_SQL);
    if (!q) {
        e = ERR_DB;
        goto fail;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        AttemptRow *r = attempt_find(rows, n, sqlite3_column_int64(q, 0), &hint);
        if (!r)
            continue;
        r->planned = xrealloc(r->planned, (r->n + 1) * sizeof(*r->planned));
        r->used = xrealloc(r->used, (r->n + 1) * sizeof(*r->used));
        r->planned[r->n] = sqlite3_column_int64(q, 1);
        r->used[r->n] = sqlite3_column_int64(q, 2);
        r->n++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        e = store_fail_db(s, "read drill phases");
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        stats_builder_attempt(b, &rows[i].a, rows[i].planned, rows[i].used, rows[i].n);

    /* The latest estimation answers, newest first. */
    q = store_prepare(s, "SELECT coalesce(json_extract(j.value, '$.correct'), 0)"
                         " FROM drill_attempts a JOIN drill_prompts p ON p.id = a.prompt_id,"
                         " json_each(CASE WHEN json_valid(a.phases) THEN a.phases ELSE '[]' END) j"
                         " WHERE a.status = 'done' AND p.kind = 'estimation'"
                         " ORDER BY a.ended_ms DESC, a.id DESC, CAST(j.key AS INTEGER) DESC"
                         " LIMIT ?");
    if (!q) {
        e = ERR_DB;
        goto fail;
    }
    sqlite3_bind_int(q, 1, STATS_ESTIMATION_RECENT);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        stats_builder_recent_estimate(b, sqlite3_column_int(q, 0) != 0);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        e = store_fail_db(s, "read estimation answers");
fail:
    attempt_rows_free(rows, n);
    return e;
}

static Err load_queue(Store *s, int64_t deck_id, int64_t now_ms, const DayRule *rule,
                      StatsToday *out)
{
    memset(out, 0, sizeof(*out));
    Queue q;
    Err e = store_study_queue(s, deck_id, now_ms, rule, &q);
    if (e)
        return e;
    for (size_t i = 0; i < q.deck_count; i++) {
        out->learning_left += q.decks[i].learning;
        out->reviews_left += q.decks[i].review;
        out->new_left += q.decks[i].new_count;
    }
    queue_free(&q);
    return ERR_OK;
}

Err store_stats_load(Store *s, int64_t deck_id, int64_t now_ms, const DayRule *rule, Stats *out)
{
    memset(out, 0, sizeof(*out));
    int32_t limit = 0;
    /* An empty log has no first review: INT64_MAX makes the builder start at now. */
    int64_t first_ms = now_ms, lo_id = 0, hi_id = 0;
    StatsToday queue;
    Err e = deck_known(s, deck_id);
    if (!e)
        e = review_limit(s, deck_id, &limit);
    if (!e && (store_query_int(s,
                               "SELECT coalesce(min(review_ms), 9223372036854775807)"
                               " FROM review_log",
                               &first_ms) ||
               store_query_int(s, "SELECT coalesce(min(id), 1) - 1 FROM review_log", &lo_id) ||
               store_query_int(s, "SELECT coalesce(max(id), 0) FROM review_log", &hi_id)))
        e = store_fail_db(s, "size the review log");
    if (e)
        return e;
    /* The helper starts first, so that its scan overlaps the queue and the cards. */
    Helper helper;
    int64_t split = hi_id;
    if (hi_id - lo_id >= PARALLEL_MIN_ROWS)
        split = lo_id + (int64_t)((double)(hi_id - lo_id) * (1.0 - HELPER_SHARE));
    memset(&helper, 0, sizeof(helper));
    if (split < hi_id)
        helper_start(s, &helper, split, hi_id);
    if (!helper.started)
        split = hi_id;
    StatsBuilder *b = stats_builder_new(deck_id, now_ms, rule, first_ms);
    e = load_queue(s, deck_id, now_ms, rule, &queue);
    if (!e)
        e = load_cards(s, deck_id, b);
    if (!e)
        e = load_reviews(s, b, helper.started ? helper.path : NULL, lo_id, split, 0);
    e = helper_finish(s, &helper, b, e);
    if (!e)
        e = load_attempts(s, b);
    stats_builder_finish(b, e ? NULL : &queue, limit, out);
    if (e)
        stats_free(out);
    return e;
}

/* ---- the log as the optimizer reads it --------------------------------------------- */

Err store_stats_log_each(Store *s, int64_t deck_id, StatsLogFn fn, void *ctx)
{
    sqlite3_stmt *q =
        store_prepare(s, deck_id > 0 ? "SELECT r.card_id, r.review_ms, r.rating, r.state_before,"
                                       " r.duration_ms FROM review_log r JOIN cards c"
                                       " ON c.id = r.card_id WHERE c.deck_id = ?1 ORDER BY r.id"
                                     : "SELECT card_id, review_ms, rating, state_before,"
                                       " duration_ms FROM review_log ORDER BY id");
    if (!q)
        return ERR_DB;
    if (deck_id > 0)
        sqlite3_bind_int64(q, 1, deck_id);
    Err e = ERR_OK;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        StatsLogRow row = {
            .card_id = sqlite3_column_int64(q, 0),
            .review_ms = sqlite3_column_int64(q, 1),
            .rating = sqlite3_column_int(q, 2),
            .state = sqlite3_column_int(q, 3),
            .duration_ms = sqlite3_column_int64(q, 4),
        };
        e = fn(ctx, &row);
        if (e)
            break;
    }
    sqlite3_finalize(q);
    if (!e && rc != SQLITE_DONE)
        e = store_fail_db(s, "read the review log");
    return e;
}

Err store_stats_signature(Store *s, int64_t *out)
{
    /* The last log row (its id and time: an undo followed by a new answer can reuse the
     * id), the attempts and when they ended (a small table), and the newest card. */
    static const char *const SQL[] = {
        "SELECT coalesce(max(id), 0) FROM review_log",
        "SELECT coalesce((SELECT review_ms FROM review_log ORDER BY id DESC LIMIT 1), 0)",
        "SELECT count(*) * 1000003 + coalesce(sum(ended_ms % 1000003), 0) FROM drill_attempts",
        "SELECT coalesce(max(id), 0) FROM cards",
    };
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < sizeof(SQL) / sizeof(SQL[0]); i++) {
        int64_t v = 0;
        Err e = store_query_int(s, SQL[i], &v);
        if (e)
            return e;
        h = (h ^ (uint64_t)v) * 1099511628211ull;
    }
    *out = (int64_t)(h >> 1);
    return ERR_OK;
}
