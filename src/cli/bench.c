/*
 * bench.c: `archdrill bench sched` (see bench.h). The generated histories come from a
 * seeded PRNG: each card's reviews are simulated at their due times (plus a little
 * lateness) from an arbitrary origin, then moved by whole days so that "now" falls
 * somewhere in the last interval (a tenth of the cards overdue). Moving by whole days
 * keeps every study day, so the states are the ones the simulation computed.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli/bench.h"

#include "core/deck.h"
#include "core/preset.h"
#include "core/store_rebuild.h"
#include "core/store_study.h"
#include "core/store_sync.h"
#include "core/str.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* splitmix64: small, fast and the same everywhere. */
typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double rng_unit(Rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(Rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* Again 12 %, Hard 8 %, Good 72 %, Easy 8 %. */
static int rng_rating(Rng *r)
{
    double u = rng_unit(r);
    return u < 0.12 ? FSRS_AGAIN : u < 0.20 ? FSRS_HARD : u < 0.92 ? FSRS_GOOD : FSRS_EASY;
}

BenchConfig bench_config_default(int64_t now_ms, int tz_offset_s)
{
    BenchConfig c = {.cards = 100000,
                     .reviews = 1000000,
                     .decks = 50,
                     .next_calls = 5000000,
                     .queue_runs = 30,
                     .answers = 1000,
                     .seed = 42,
                     .now_ms = now_ms,
                     .tz_offset_s = tz_offset_s,
                     .tmp_dir = NULL};
    return c;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of n sorted values (nearest rank). */
static double quantile(const double *sorted, size_t n, double q)
{
    if (n == 0)
        return 0.0;
    size_t i = (size_t)ceil(q * (double)n);
    return sorted[i ? i - 1 : 0];
}

/* ---- generating ---------------------------------------------------------------------- */

static Err make_decks(Store *s, const BenchConfig *cfg, FILE *err)
{
    Err e = ERR_OK;
    for (int32_t d = 0; !e && d < cfg->decks; d++) {
        int32_t n = cfg->cards / cfg->decks + (d < cfg->cards % cfg->decks ? 1 : 0);
        Buf text = {0};
        buf_printf(&text, "# Bench deck %d\n<!-- deck: bench-%03d -->\n\nGenerated.\n\n", d, d);
        for (int32_t c = 0; c < n; c++)
            buf_printf(&text, "## Bench question %d.%d?\n<!-- id: q%d -->\n\nAnswer %d.\n\n", d, c,
                       c, c);
        char path[64];
        snprintf(path, sizeof(path), "bench-%03d.md", d);
        Deck *deck = NULL;
        DeckErrors errs = {0};
        SyncReport rep = {0};
        e = deck_parse(path, buf_str(&text), text.len, &deck, &errs);
        if (!e)
            e = store_sync_deck(s, deck, path, cfg->now_ms / 1000, &rep, &errs);
        if (errs.count) {
            char line[700];
            deck_error_format(&errs.items[0], line, sizeof(line));
            fprintf(err, "archdrill: bench: %s\n", line);
            if (!e)
                e = ERR_PARSE;
        } else if (e) {
            fprintf(err, "archdrill: bench: %s\n", store_errmsg(s));
        }
        deck_errors_free(&errs);
        deck_free(deck);
        buf_free(&text);
    }
    return e;
}

/* Simulates k to max_k reviews of one card (out has room for max_k) and moves them so that
 * they end before now_ms. *made gets the count, *final the last state. Returns false if
 * the scheduler refused (a bug). */
static bool simulate(Rng *rng, const FsrsParams *params, const DayRule *rule, int64_t now_ms,
                     int64_t k, int64_t max_k, StudyReview *out, FsrsCard *final, int64_t *made)
{
    int64_t t = 0; /* any origin: the history is moved by whole days below */
    FsrsCard card = fsrs_card_new(t);
    /* Learning is mostly finished the day it starts: 99 % of the cards still in
     * (re)learning after k reviews get Good answers until they graduate, within max_k. */
    bool finish = rng_unit(rng) < 0.99;
    int64_t j = 0;
    for (; j < max_k; j++) {
        bool learning = card.state == FSRS_STATE_LEARNING || card.state == FSRS_STATE_RELEARNING;
        if (j >= k && !(finish && learning))
            break;
        int rating = j >= k ? FSRS_GOOD : rng_rating(rng);
        out[j] = (StudyReview){t, rating, rng_range(rng, 2000, 20000)};
        FsrsCard next;
        if (study_next(params, &card, t, rule, out[j].rating, &next))
            return false;
        card = next;
        int64_t wait = card.due_ms - t;
        /* A little late: up to 10 minutes in learning, up to a fifth of the interval after. */
        int64_t late = wait < DAY_MS ? rng_range(rng, 0, 600000) : rng_range(rng, 0, wait / 5);
        t = card.due_ms + late;
    }
    /* "Now" lands in the last interval, or for a tenth of the cards up to half an
     * interval past it (a backlog). */
    int64_t last = card.last_review_ms;
    int64_t span = card.due_ms - last;
    double at = rng_unit(rng) < 0.1 ? 1.0 + 0.5 * rng_unit(rng) : rng_unit(rng);
    int64_t now_rel = last + (int64_t)(at * (double)span);
    int64_t shift = now_ms - now_rel;
    shift -= ((shift % DAY_MS) + DAY_MS) % DAY_MS; /* whole days, never past now */
    for (int64_t i = 0; i < j; i++)
        out[i].review_ms += shift;
    card.due_ms += shift;
    card.last_review_ms += shift;
    *final = card;
    *made = j;
    return true;
}

/* Imports histories for 85 % of each deck's cards (the rest stay new), cfg->reviews
 * answers in all. Final states of the studied cards go to states[]. */
static Err make_histories(Store *s, const BenchConfig *cfg, const DayRule *rule, Rng *rng,
                          FsrsCard *states, size_t *nstates, int64_t *made, FILE *err)
{
    int64_t *ids = NULL;
    size_t n = 0;
    *made = 0;
    *nstates = 0;
    Err e = store_study_card_ids(s, 0, &ids, &n);
    if (e) {
        fprintf(err, "archdrill: bench: %s\n", store_errmsg(s));
        return e;
    }
    /* Studied cards are the first 85 % of each deck, as if studied in file order. */
    int32_t per_deck = cfg->cards / cfg->decks;
    size_t studied = 0;
    int64_t *chosen = xmalloc((n ? n : 1) * sizeof(*chosen));
    for (size_t i = 0; i < n; i++)
        if ((int64_t)(i % (size_t)(per_deck ? per_deck : 1)) < (int64_t)per_deck * 85 / 100 + 1)
            chosen[studied++] = ids[i];
    if ((int64_t)studied > cfg->reviews)
        studied = (size_t)cfg->reviews;
    Preset preset = preset_default(); /* the bench decks have no preset of their own */
    StudyImport *im = NULL;
    e = store_study_import_begin(s, rule, &im);
    int64_t left = cfg->reviews;
    size_t cap = 64;
    StudyReview *buf = xmalloc(cap * sizeof(*buf));
    for (size_t i = 0; !e && i < studied && left > 0; i++) {
        /* Random counts averaging what is left per card; the last card takes the rest. */
        int64_t m = (int64_t)(studied - i);
        int64_t avg = left / m;
        int64_t k = m == 1 ? left : rng_range(rng, 1, avg > 1 ? 2 * avg - 1 : 1);
        int64_t max_k = m == 1 ? left : (k + 8 < left ? k + 8 : left);
        if ((size_t)max_k > cap) {
            cap = (size_t)max_k;
            buf = xrealloc(buf, cap * sizeof(*buf));
        }
        if (!simulate(rng, &preset.params, rule, cfg->now_ms, k, max_k, buf, &states[*nstates],
                      &k)) {
            fprintf(err, "archdrill: bench: the scheduler refused a generated review\n");
            e = ERR_PARSE;
            break;
        }
        (*nstates)++;
        e = store_study_import_card(im, chosen[i], buf, (size_t)k);
        if (e)
            fprintf(err, "archdrill: bench: %s\n", store_errmsg(s));
        left -= k;
        *made += k;
    }
    Err end = store_study_import_end(im, !e);
    if (!e && end) {
        fprintf(err, "archdrill: bench: %s\n", store_errmsg(s));
        e = end;
    }
    free(buf);
    free(chosen);
    free(ids);
    return e;
}

/* ---- measuring ----------------------------------------------------------------------- */

static double measure_next(const BenchConfig *cfg, const DayRule *rule, const FsrsCard *states,
                           size_t n)
{
    if (n == 0 || cfg->next_calls <= 0)
        return 0.0;
    FsrsParams params = fsrs_params_default();
    double sink = 0.0;
    double t0 = mono_s();
    for (int64_t i = 0; i < cfg->next_calls; i++) {
        FsrsCard out;
        if (study_next(&params, &states[(size_t)i % n], cfg->now_ms, rule, 1 + (int)(i & 3),
                       &out) == ERR_OK)
            sink += out.stability;
    }
    double dt = mono_s() - t0;
    /* Keeps the loop from being optimised away. */
    if (sink == -1.0)
        fputs("", stderr);
    return dt > 0 ? (double)cfg->next_calls / dt : 0.0;
}

static Err measure_queue(Store *s, const BenchConfig *cfg, const DayRule *rule, BenchResult *res,
                         Queue *kept)
{
    int32_t runs = cfg->queue_runs > 0 ? cfg->queue_runs : 1;
    double *ms = xmalloc((size_t)runs * sizeof(*ms));
    Err e = store_study_queue(s, 0, cfg->now_ms, rule, kept); /* warm-up, kept for answers */
    for (int32_t i = 0; !e && i < runs; i++) {
        Queue q;
        double t0 = mono_s();
        e = store_study_queue(s, 0, cfg->now_ms, rule, &q);
        ms[i] = (mono_s() - t0) * 1000.0;
        queue_free(&q);
    }
    if (!e) {
        qsort(ms, (size_t)runs, sizeof(*ms), cmp_double);
        res->queue_median_ms = quantile(ms, (size_t)runs, 0.5);
        res->queue_best_ms = ms[0];
        res->queue_len = kept->count;
        for (size_t i = 0; i < kept->count; i++) {
            QueueKind k = kept->items[i].kind;
            res->queue_learning += k == QUEUE_LEARNING;
            res->queue_review += k == QUEUE_REVIEW;
            res->queue_new += k == QUEUE_NEW;
        }
    }
    free(ms);
    return e;
}

static Err measure_answers(Store *s, const BenchConfig *cfg, const DayRule *rule, const Queue *q,
                           Rng *rng, BenchResult *res)
{
    int32_t n = cfg->answers;
    if (n <= 0 || q->count == 0)
        return ERR_OK;
    if ((size_t)n > q->count)
        n = (int32_t)q->count;
    double *ms = xmalloc((size_t)n * sizeof(*ms));
    Err e = ERR_OK;
    for (int32_t i = 0; !e && i < n; i++) {
        int rating = rng_rating(rng);
        double t0 = mono_s();
        e = store_study_answer(s, q->items[i].card_id, rating, cfg->now_ms + (int64_t)i * 1000,
                               rng_range(rng, 2000, 20000), rule, NULL);
        ms[i] = (mono_s() - t0) * 1000.0;
    }
    if (!e) {
        qsort(ms, (size_t)n, sizeof(*ms), cmp_double);
        res->answers = n;
        res->answer_median_ms = quantile(ms, (size_t)n, 0.5);
        res->answer_p95_ms = quantile(ms, (size_t)n, 0.95);
    }
    free(ms);
    return e;
}

/* ---- the run ------------------------------------------------------------------------- */

static char *make_tmp_dir(const BenchConfig *cfg)
{
    const char *base = cfg->tmp_dir;
    if (!base || !base[0])
        base = getenv("TMPDIR");
    if (!base || !base[0])
        base = "/tmp";
    Buf b = {0};
    buf_printf(&b, "%s/archdrill-bench-XXXXXX", base);
    char *dir = buf_take(&b);
    if (!mkdtemp(dir)) {
        free(dir);
        return NULL;
    }
    return dir;
}

static void remove_tmp(const char *dir, const char *db)
{
    static const char *const SUFFIXES[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(SUFFIXES) / sizeof(SUFFIXES[0]); i++) {
        Buf b = {0};
        buf_printf(&b, "%s%s", db, SUFFIXES[i]);
        unlink(buf_str(&b));
        buf_free(&b);
    }
    rmdir(dir);
}

static const char *verdict(bool ok)
{
    return ok ? "ok" : "MISSED";
}

int bench_sched_run(const BenchConfig *cfg, FILE *out, FILE *err, BenchResult *res)
{
    BenchResult local;
    if (!res)
        res = &local;
    memset(res, 0, sizeof(*res));
    if (cfg->cards < 1 || cfg->decks < 1 || cfg->decks > cfg->cards || cfg->reviews < 0) {
        fprintf(err, "archdrill: bench: needs at least one card per deck\n");
        return 1;
    }
    char *dir = make_tmp_dir(cfg);
    if (!dir) {
        fprintf(err, "archdrill: bench: cannot create a temporary folder\n");
        return 1;
    }
    Buf db = {0};
    buf_printf(&db, "%s/bench.db", dir);
    Store *s = NULL;
    ErrInfo info = {0};
    Rng rng = {cfg->seed};
    FsrsCard *states = xmalloc((size_t)cfg->cards * sizeof(*states));
    size_t nstates = 0;
    Queue q = {0};
    DayRule rule;
    int status = 1;
    if (store_open(buf_str(&db), &s, &info)) {
        fprintf(err, "archdrill: bench: %s: %s\n", info.file, info.msg);
        goto done;
    }
    if (store_day_rule(s, cfg->tz_offset_s, &rule)) {
        fprintf(err, "archdrill: bench: %s\n", store_errmsg(s));
        goto done;
    }
    fprintf(out, "archdrill bench sched: database %s (WAL, synchronous=NORMAL)\n", buf_str(&db));
    double t0 = mono_s();
    if (make_decks(s, cfg, err) ||
        make_histories(s, cfg, &rule, &rng, states, &nstates, &res->reviews, err))
        goto done;
    res->cards = cfg->cards;
    res->generate_s = mono_s() - t0;
    fprintf(out, "collection: %lld cards in %d decks, %lld review-log rows (generated in %.1f s)\n",
            (long long)res->cards, cfg->decks, (long long)res->reviews, res->generate_s);
    fflush(out);

    res->next_per_s = measure_next(cfg, &rule, states, nstates);
    fprintf(out, "next-state computations: %.2f M/s on one core (target >= 5 M/s: %s)\n",
            res->next_per_s / 1e6, verdict(res->next_per_s >= 5e6));
    fflush(out);

    if (measure_queue(s, cfg, &rule, res, &q)) {
        fprintf(err, "archdrill: bench: %s\n", store_errmsg(s));
        goto done;
    }
    fprintf(out,
            "today's queue, all decks: %.2f ms median, %.2f ms best of %d; %zu cards (%zu "
            "learning, %zu review, %zu new) (target < 20 ms: %s)\n",
            res->queue_median_ms, res->queue_best_ms, cfg->queue_runs > 0 ? cfg->queue_runs : 1,
            res->queue_len, res->queue_learning, res->queue_review, res->queue_new,
            verdict(res->queue_median_ms < 20.0));
    fflush(out);

    if (measure_answers(s, cfg, &rule, &q, &rng, res)) {
        fprintf(err, "archdrill: bench: %s\n", store_errmsg(s));
        goto done;
    }
    fprintf(out,
            "answering a card, committed: %.3f ms median, %.3f ms p95 over %d answers (target "
            "median < 2 ms: %s)\n",
            res->answer_median_ms, res->answer_p95_ms, res->answers,
            verdict(res->answers > 0 && res->answer_median_ms < 2.0));
    fflush(out);

    RebuildReport rep;
    t0 = mono_s();
    if (store_rebuild(s, false, &rep)) {
        fprintf(err, "archdrill: bench: %s\n", store_errmsg(s));
        goto done;
    }
    res->rebuild_differing = rep.differing;
    res->rebuild_mismatches = rep.log_mismatches;
    res->rebuild_unreplayable = rep.unreplayable;
    fprintf(out,
            "rebuild check: %lld reviews replayed over %lld cards in %.1f s: %lld states "
            "differ, %lld log rows differ, %lld cards unreplayable\n",
            (long long)rep.reviews, (long long)rep.cards, mono_s() - t0, (long long)rep.differing,
            (long long)rep.log_mismatches, (long long)rep.unreplayable);
    status = 0;
done:
    queue_free(&q);
    store_close(s);
    remove_tmp(dir, buf_str(&db));
    buf_free(&db);
    free(states);
    free(dir);
    return status;
}

int bench_generate(const BenchConfig *cfg, const char *db_path, FILE *out, FILE *err)
{
    if (access(db_path, F_OK) == 0) {
        fprintf(err, "archdrill: bench: %s already exists; choose a new folder\n", db_path);
        return 1;
    }
    if (cfg->cards < 1 || cfg->decks < 1 || cfg->decks > cfg->cards || cfg->reviews < 0) {
        fprintf(err, "archdrill: bench: needs at least one card per deck\n");
        return 1;
    }
    Store *s = NULL;
    ErrInfo info = {0};
    DayRule rule;
    Rng rng = {cfg->seed};
    FsrsCard *states = xmalloc((size_t)cfg->cards * sizeof(*states));
    size_t nstates = 0;
    int64_t reviews = 0;
    int status = 1;
    double t0 = mono_s();
    if (store_open(db_path, &s, &info)) {
        fprintf(err, "archdrill: bench: %s: %s\n", info.file, info.msg);
    } else if (store_day_rule(s, cfg->tz_offset_s, &rule)) {
        fprintf(err, "archdrill: bench: %s\n", store_errmsg(s));
    } else if (!make_decks(s, cfg, err) &&
               !make_histories(s, cfg, &rule, &rng, states, &nstates, &reviews, err)) {
        fprintf(out, "collection %s: %d cards in %d decks, %lld review-log rows (%.1f s)\n",
                db_path, cfg->cards, cfg->decks, (long long)reviews, mono_s() - t0);
        status = 0;
    }
    store_close(s);
    free(states);
    return status;
}
