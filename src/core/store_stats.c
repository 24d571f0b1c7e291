/*
 * store_stats.c: the statistics read from the database (see store_stats.h). The review log
 * is read once in row-id order, which is the order it was written and needs neither an
 * index nor a sort: its older rows from the review_pack cache, the rest from the log (see
 * "the review log"); the rows go to the stats builder in that order, which keeps what it
 * needs per card. The drill figures come from the finished attempts' summary columns
 * (phases is JSON, read with SQLite's JSON functions). */
#include "core/store_stats.h"

#include "core/preset.h"
#include "core/store_internal.h"
#include "core/store_study.h"

#include <stdlib.h>
#include <string.h>

/* C11 threads where the C library has them (glibc 2.28+); everything on one otherwise. */
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
 * Row-id order is the order of writing. The rows up to the packed boundary come from the
 * review_pack chunks (store_stats.h: fixed-size records, decoded with memcpy, about a
 * tenth of the cost of SQLite decoding the log's wide rows); the rows after it from the
 * log itself. Both are read in one read transaction, so they are one snapshot of the log.
 * Afterwards, the whole chunks of that tail that are not among the newest rows are
 * written back, in the same transaction when it can still become a write (nobody wrote
 * since the snapshot: otherwise SQLite refuses and the packing waits for the next load).
 * A chunk that does not check out breaks the chain: it and every later one are ignored
 * and deleted. The figures are the same with or without chunks, by construction: a
 * record holds exactly the values the log's query decodes to, and rows that do not fit a
 * record are never packed. */

/* The small numbers come packed in one column (fewer calls per row): rating (1..4, as the
 * table checks) in bits 0-2, the state before in bits 3-4, scheduled_days above. */
static const char REVIEWS_SQL[] =
    "SELECT id, card_id, review_ms, rating + 8 * (state_before & 3) + 32 * scheduled_days,"
    " duration_ms, stability, due_ms FROM review_log WHERE id > ?1 ORDER BY id";

/* A record (store_stats.h): card_id, review_ms, due_ms, stability's bits (8 bytes each),
 * duration_ms (int32), then rating | state_before << 3 | scheduled_days * 32 (int32). */
#define REC_BYTES        STATS_PACK_RECORD_BYTES
#define SMALL_DAYS_LIMIT (INT32_C(1) << 26) /* scheduled_days in [-limit, limit) fit */
#define BUSY_TIMEOUT_MS  5000               /* the store's own (store.c), restored */

/* Records are little-endian: swapped on a big-endian host. */
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__)
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define PACK_SWAP 1
#endif
#endif
#ifndef PACK_SWAP
#define PACK_SWAP 0
#endif

static uint64_t load_le64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
#if PACK_SWAP
    v = __builtin_bswap64(v);
#endif
    return v;
}

static uint32_t load_le32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
#if PACK_SWAP
    v = __builtin_bswap32(v);
#endif
    return v;
}

static void store_le64(unsigned char *p, uint64_t v)
{
#if PACK_SWAP
    v = __builtin_bswap64(v);
#endif
    memcpy(p, &v, sizeof(v));
}

static void store_le32(unsigned char *p, uint32_t v)
{
#if PACK_SWAP
    v = __builtin_bswap32(v);
#endif
    memcpy(p, &v, sizeof(v));
}

/* Writes r as a record; false (and nothing written) when it does not fit one. */
static bool rec_encode(const StatsReviewRow *r, unsigned char *p)
{
    if (r->duration_ms < INT32_MIN || r->duration_ms > INT32_MAX || r->rating < 0 ||
        r->rating > 7 || r->state_before < 0 || r->state_before > 3 ||
        r->scheduled_days < -SMALL_DAYS_LIMIT || r->scheduled_days >= SMALL_DAYS_LIMIT)
        return false;
    uint64_t bits;
    memcpy(&bits, &r->stability, sizeof(bits));
    int32_t small = r->rating + 8 * r->state_before + 32 * r->scheduled_days;
    store_le64(p, (uint64_t)r->card_id);
    store_le64(p + 8, (uint64_t)r->review_ms);
    store_le64(p + 16, (uint64_t)r->due_ms);
    store_le64(p + 24, bits);
    store_le32(p + 32, (uint32_t)(int32_t)r->duration_ms);
    store_le32(p + 36, (uint32_t)small);
    return true;
}

static void rec_decode(const unsigned char *p, StatsReviewRow *r)
{
    uint64_t bits = load_le64(p + 24);
    int32_t small = (int32_t)load_le32(p + 36);
    r->card_id = (int64_t)load_le64(p);
    r->review_ms = (int64_t)load_le64(p + 8);
    r->due_ms = (int64_t)load_le64(p + 16);
    memcpy(&r->stability, &bits, sizeof(bits));
    r->duration_ms = (int32_t)load_le32(p + 32);
    r->rating = small & 7;
    r->state_before = (small >> 3) & 3;
    r->scheduled_days = (small - (small & 31)) / 32; /* exact, any sign */
}

/* The tail of the log as read, kept as records for packing (when there may be enough). */
typedef struct Tail {
    bool keep;           /* records are kept */
    unsigned char *recs; /* owned: records of rows [0, packable) */
    size_t count;        /* rows read */
    size_t packable;     /* rows before the first that does not fit a record */
    int64_t *ends;       /* owned: the id of every STATS_PACK_ROWS-th kept row */
    size_t cap;          /* rows recs has room for */
} Tail;

static void tail_add(Tail *t, int64_t id, const StatsReviewRow *r)
{
    size_t i = t->count++;
    if (!t->keep || t->packable != i)
        return;
    if (i == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16 * STATS_PACK_ROWS;
        t->recs = xrealloc(t->recs, t->cap * REC_BYTES);
        t->ends = xrealloc(t->ends, (t->cap / STATS_PACK_ROWS + 1) * sizeof(*t->ends));
    }
    if (!rec_encode(r, t->recs + i * REC_BYTES))
        return;
    t->packable++;
    if (t->packable % STATS_PACK_ROWS == 0)
        t->ends[t->packable / STATS_PACK_ROWS - 1] = id;
}

/* Feeds the log's rows with id > from into the builder (and t). */
static Err read_tail(Store *s, int64_t from, StatsBuilder *b, Tail *t)
{
    sqlite3_stmt *q = store_prepare(s, REVIEWS_SQL);
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, from);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t small = sqlite3_column_int64(q, 3);
        StatsReviewRow r = {
            .card_id = sqlite3_column_int64(q, 1),
            .review_ms = sqlite3_column_int64(q, 2),
            .rating = (int)(small & 7),
            .duration_ms = sqlite3_column_int64(q, 4),
            .state_before = (int)((small >> 3) & 3),
            .stability = sqlite3_column_double(q, 5),
            .scheduled_days = (int32_t)((small - (small & 31)) / 32), /* exact, any sign */
            .due_ms = sqlite3_column_int64(q, 6),
        };
        stats_builder_review(b, &r);
        tail_add(t, sqlite3_column_int64(q, 0), &r);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, "read the review log");
}

/* Feeds the rows of the valid chunks into the builder, in order. *boundary becomes the
 * last id they cover (min_id - 1 when none does); *bad the first_id of the first chunk
 * that did not check out (INT64_MAX when none). */
static Err read_chunks(Store *s, int64_t min_id, int64_t max_id, StatsBuilder *b, int64_t *boundary,
                       int64_t *bad)
{
    *boundary = min_id - 1;
    *bad = INT64_MAX;
    sqlite3_stmt *q =
        store_prepare(s, "SELECT first_id, last_id, n, rows FROM review_pack ORDER BY first_id");
    if (!q)
        return ERR_DB;
    bool first = true;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t first_id = sqlite3_column_int64(q, 0), last_id = sqlite3_column_int64(q, 1),
                n = sqlite3_column_int64(q, 2);
        const unsigned char *p = sqlite3_column_blob(q, 3);
        int64_t bytes = sqlite3_column_bytes(q, 3);
        /* The first chunk starts at or before the log's first row, each next one right
         * after the one before; n rows fit its id range, the log has its last id. */
        bool ok =
            (first ? first_id <= min_id : *boundary < INT64_MAX && first_id == *boundary + 1) &&
            last_id >= first_id && last_id <= max_id && n >= 1 && n <= bytes / REC_BYTES &&
            bytes == n * REC_BYTES && (uint64_t)(n - 1) <= (uint64_t)last_id - (uint64_t)first_id &&
            p;
        if (!ok) {
            *bad = first_id;
            rc = SQLITE_DONE;
            break;
        }
        for (int64_t i = 0; i < n; i++) {
            StatsReviewRow r;
            rec_decode(p + i * REC_BYTES, &r);
            stats_builder_review(b, &r);
        }
        *boundary = last_id;
        first = false;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, "read the review log's chunks");
}

/* Inside the open read transaction: deletes the chunks from first_id `bad` on and packs
 * `chunks` chunks of t after `boundary`, then commits. Any failure (read-only, busy, a
 * write since the snapshot) rolls back: the cache is only ever an optimization. */
static void write_chunks(Store *s, int64_t boundary, int64_t bad, const Tail *t, size_t chunks)
{
    sqlite3_busy_timeout(s->db, 0); /* never wait for another writer: skip */
    sqlite3_stmt *del = NULL, *ins = NULL;
    bool ok = sqlite3_prepare_v2(s->db, "DELETE FROM review_pack WHERE first_id >= ?", -1, &del,
                                 NULL) == SQLITE_OK &&
              sqlite3_prepare_v2(s->db,
                                 "INSERT INTO review_pack(first_id, last_id, n, rows)"
                                 " VALUES(?, ?, ?, ?)",
                                 -1, &ins, NULL) == SQLITE_OK;
    if (ok && bad != INT64_MAX) {
        sqlite3_bind_int64(del, 1, bad);
        ok = sqlite3_step(del) == SQLITE_DONE;
    }
    int64_t from = chunks > 0 ? boundary + 1 : 0; /* boundary < max id - STATS_PACK_KEEP */
    for (size_t c = 0; ok && c < chunks; c++) {
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, from);
        sqlite3_bind_int64(ins, 2, t->ends[c]);
        sqlite3_bind_int64(ins, 3, STATS_PACK_ROWS);
        sqlite3_bind_blob(ins, 4, t->recs + c * STATS_PACK_ROWS * REC_BYTES,
                          STATS_PACK_ROWS * REC_BYTES, SQLITE_STATIC);
        ok = sqlite3_step(ins) == SQLITE_DONE;
        from = t->ends[c] + 1;
    }
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    if (!ok || sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
}

/* Feeds the whole log into the builder in row-id order: chunks, then the rest; then packs
 * what it can (only when no transaction of the caller's is open). */
static Err load_reviews(Store *s, StatsBuilder *b)
{
    bool own = sqlite3_get_autocommit(s->db) != 0;
    if (own && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return store_fail_db(s, "read the review log");
    int64_t min_id = 0, max_id = 0, boundary = 0, bad = INT64_MAX;
    Tail t = {0};
    Err e = ERR_OK;
    if (store_query_int(s, "SELECT coalesce(min(id), 1) FROM review_log", &min_id) ||
        store_query_int(s, "SELECT coalesce(max(id), 0) FROM review_log", &max_id))
        e = store_fail_db(s, "size the review log");
    if (!e && min_id == INT64_MIN) /* ids start at 1; no chunk before such an id */
        boundary = INT64_MIN;
    else if (!e)
        e = read_chunks(s, min_id, max_id, b, &boundary, &bad);
    t.keep = own && boundary > INT64_MIN && max_id >= boundary &&
             (uint64_t)max_id - (uint64_t)boundary >= STATS_PACK_ROWS + STATS_PACK_KEEP;
    if (!e)
        e = read_tail(s, boundary, b, &t);
    size_t packable = t.count > STATS_PACK_KEEP ? t.count - STATS_PACK_KEEP : 0;
    if (packable > t.packable)
        packable = t.packable;
    size_t chunks = t.keep ? packable / STATS_PACK_ROWS : 0;
    if (own && !e && (chunks > 0 || bad != INT64_MAX) && sqlite3_db_readonly(s->db, "main") == 0)
        write_chunks(s, boundary, bad, &t, chunks);
    else if (own)
        sqlite3_exec(s->db, e ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
    free(t.recs);
    free(t.ends);
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

/* ---- today's queue, beside the rest ------------------------------------------------
 * The queue is independent of the builder and about a quarter of the time: on a database
 * in a file, outside a transaction (whose changes another connection could not see), a
 * helper thread computes it on a read-only connection of its own while this thread reads
 * the cards and the log. When it cannot, or fails, this thread computes it. */
typedef struct QueueJob {
    char *path; /* owned */
    int64_t deck_id, now_ms;
    DayRule rule;
    StatsToday out;
    Err e;
    bool started;
#if ARCHDRILL_STATS_THREADS
    thrd_t thread;
#endif
} QueueJob;

#if ARCHDRILL_STATS_THREADS
static int queue_run(void *arg)
{
    QueueJob *j = arg;
    Store own;
    memset(&own, 0, sizeof(own));
    own.path = j->path;
    j->e = ERR_DB;
    if (sqlite3_open_v2(j->path, &own.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) ==
        SQLITE_OK) {
        sqlite3_busy_timeout(own.db, BUSY_TIMEOUT_MS);
        j->e = load_queue(&own, j->deck_id, j->now_ms, &j->rule, &j->out);
    }
    sqlite3_close(own.db);
    return 0;
}
#endif

static void queue_start(Store *s, QueueJob *j, int64_t deck_id, int64_t now_ms, const DayRule *rule)
{
    memset(j, 0, sizeof(*j));
#if ARCHDRILL_STATS_THREADS
    const char *path = sqlite3_db_filename(s->db, "main");
    if (!path || !path[0] || !sqlite3_threadsafe() || !sqlite3_get_autocommit(s->db))
        return;
    j->path = xstrdup(path);
    j->deck_id = deck_id;
    j->now_ms = now_ms;
    j->rule = *rule;
    j->started = thrd_create(&j->thread, queue_run, j) == thrd_success;
#else
    (void)s, (void)deck_id, (void)now_ms, (void)rule;
#endif
}

/* Waits for the helper; computes the queue here when it did not. */
static Err queue_finish(Store *s, QueueJob *j, int64_t deck_id, int64_t now_ms, const DayRule *rule,
                        StatsToday *out)
{
#if ARCHDRILL_STATS_THREADS
    if (j->started)
        thrd_join(j->thread, NULL);
#endif
    free(j->path);
    if (j->started && !j->e) {
        *out = j->out;
        return ERR_OK;
    }
    return load_queue(s, deck_id, now_ms, rule, out);
}

Err store_stats_load(Store *s, int64_t deck_id, int64_t now_ms, const DayRule *rule, Stats *out)
{
    memset(out, 0, sizeof(*out));
    int32_t limit = 0;
    /* An empty log has no first review: INT64_MAX makes the builder start at now. */
    int64_t first_ms = now_ms;
    StatsToday queue;
    Err e = deck_known(s, deck_id);
    if (!e)
        e = review_limit(s, deck_id, &limit);
    if (!e && store_query_int(s,
                              "SELECT coalesce(min(review_ms), 9223372036854775807)"
                              " FROM review_log",
                              &first_ms))
        e = store_fail_db(s, "size the review log");
    if (e)
        return e;
    QueueJob job;
    queue_start(s, &job, deck_id, now_ms, rule);
    StatsBuilder *b = stats_builder_new(deck_id, now_ms, rule, first_ms);
    e = load_cards(s, deck_id, b);
    if (!e)
        e = load_reviews(s, b);
    Err qe = queue_finish(s, &job, deck_id, now_ms, rule, &queue);
    if (!e)
        e = qe;
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
