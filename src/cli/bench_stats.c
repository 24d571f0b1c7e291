/*
 * bench_stats.c: `archdrill bench stats` (bench_stats.h). The collection comes from
 * bench_generate; the timed part is exactly what the stats screen and `archdrill stats`
 * run: store_stats_load for all decks, then game_compute. The first run packs the log
 * (review_pack) and is reported apart from the steady ones.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, mkdtemp */

#include "cli/bench_stats.h"

#include "core/game.h"
#include "core/store_stats.h"
#include "core/store_study.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int bench_usage(FILE *err, const char *what, const char *arg)
{
    fprintf(err,
            "archdrill: bench stats: %s '%s'\n"
            "usage: archdrill bench stats [--cards N] [--reviews N] [--runs N]\n",
            what, arg);
    return 2;
}

static bool parse_positive(const char *s, int64_t max, int64_t *out)
{
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || v < 1 || v > max)
        return false;
    *out = v;
    return true;
}

static void remove_db(const char *dir, const char *db)
{
    static const char *const SUFFIXES[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < ARRAY_LEN(SUFFIXES); i++) {
        Buf b = {0};
        buf_printf(&b, "%s%s", db, SUFFIXES[i]);
        unlink(buf_str(&b));
        buf_free(&b);
    }
    rmdir(dir);
}

/* Times `runs` computations on the open store; times[] gets each in ms. */
static Err time_runs(Store *s, int64_t now_ms, const DayRule *rule, int runs, double *times,
                     Stats *last)
{
    for (int i = 0; i < runs; i++) {
        Stats st;
        Game g;
        double t0 = mono_ms();
        Err e = store_stats_load(s, 0, now_ms, rule, &st);
        if (e)
            return e;
        game_compute(&st, &g);
        times[i] = mono_ms() - t0;
        if (i + 1 == runs)
            *last = st;
        else
            stats_free(&st);
    }
    return ERR_OK;
}

int bench_stats_main(char **args, int count, int64_t now_ms, int tz_offset_s, FILE *out, FILE *err,
                     StatsBenchResult *res)
{
    BenchConfig cfg = bench_config_default(now_ms, tz_offset_s);
    int64_t runs = 7;
    for (int i = 0; i < count; i++) {
        int64_t v = 0;
        bool cards = strcmp(args[i], "--cards") == 0, reviews = strcmp(args[i], "--reviews") == 0,
             nruns = strcmp(args[i], "--runs") == 0;
        if (!cards && !reviews && !nruns)
            return bench_usage(err, "unknown argument", args[i]);
        if (i + 1 >= count || !parse_positive(args[i + 1],
                                              cards     ? 10000000
                                              : reviews ? 100000000
                                                        : 1000,
                                              &v))
            return bench_usage(err, "needs a positive number after", args[i]);
        i++;
        if (cards)
            cfg.cards = (int32_t)v;
        else if (reviews)
            cfg.reviews = v;
        else
            runs = v;
    }
    if (cfg.decks > cfg.cards)
        cfg.decks = cfg.cards;

    const char *base = getenv("TMPDIR");
    Buf dir = {0}, db = {0};
    buf_printf(&dir, "%s/archdrill-bench-stats-XXXXXX", base && base[0] ? base : "/tmp");
    if (!mkdtemp(dir.data)) {
        fprintf(err, "archdrill: bench stats: cannot create a temporary folder\n");
        buf_free(&dir);
        return 1;
    }
    buf_printf(&db, "%s/archdrill.db", buf_str(&dir));
    int status = 1;
    Store *s = NULL;
    ErrInfo info = {0};
    DayRule rule;
    double *times = xcalloc((size_t)runs, sizeof(*times));
    Stats last;
    memset(&last, 0, sizeof(last));
    if (bench_generate(&cfg, buf_str(&db), out, err))
        goto done;
    if (store_open(buf_str(&db), &s, &info)) {
        fprintf(err, "archdrill: bench stats: %s: %s\n", info.file, info.msg);
        goto done;
    }
    if (store_day_rule(s, tz_offset_s, &rule) ||
        time_runs(s, now_ms, &rule, (int)runs, times, &last)) {
        fprintf(err, "archdrill: bench stats: %s\n", store_errmsg(s));
        goto done;
    }
    /* The first run also packs the log into review_pack (store_stats.h); the others read
     * the packed chunks: they are reported apart. */
    double first = times[0];
    double *steady = runs > 1 ? times + 1 : times;
    int64_t nsteady = runs > 1 ? runs - 1 : 1;
    qsort(steady, (size_t)nsteady, sizeof(*steady), cmp_double);
    double median =
        nsteady % 2 ? steady[nsteady / 2] : (steady[nsteady / 2 - 1] + steady[nsteady / 2]) / 2;
    int64_t chunks = 0, packed = 0, bytes = 0;
    if (store_query_int(s, "SELECT count(*) FROM review_pack", &chunks) ||
        store_query_int(s, "SELECT coalesce(sum(n), 0) FROM review_pack", &packed) ||
        store_query_int(s, "SELECT coalesce(sum(length(rows)), 0) FROM review_pack", &bytes)) {
        fprintf(err, "archdrill: bench stats: %s\n", store_errmsg(s));
        goto done;
    }
    fprintf(out,
            "stats of %lld review-log rows, %d cards: median %.1f ms, best %.1f ms over %lld "
            "steady runs (target < 200 ms: %s); first run %.1f ms (packs the log)\n",
            (long long)last.total_answers, last.cards.total, median, steady[0], (long long)nsteady,
            median < 200.0 ? "ok" : "MISSED", first);
    fprintf(out, "  packed: %lld rows in %lld chunks, %.1f MB\n", (long long)packed,
            (long long)chunks, (double)bytes / 1e6);
    fprintf(out, "  %lld days of history, %zu days kept, forecast today %d, overdue %d\n",
            (long long)(last.today - last.first_day + 1), last.day_count, last.forecast[0],
            last.overdue);
    if (res) {
        res->reviews = last.total_answers;
        res->cards = last.cards.total;
        res->median_ms = median;
        res->best_ms = steady[0];
        res->first_ms = first;
    }
    status = 0;
done:
    stats_free(&last);
    free(times);
    store_close(s);
    remove_db(buf_str(&dir), buf_str(&db));
    buf_free(&dir);
    buf_free(&db);
    return status;
}
