/*
 * bench.h: `archdrill bench sched`, the scheduler's benchmark. It generates a collection
 * (deck files synced into a temporary database in WAL mode with synchronous=NORMAL, and
 * random review histories imported through the scheduler), then measures and prints:
 * next-state computations per second on one core (target >= 5 M/s), building today's
 * queue for all decks (target < 20 ms) and answering a card with its transaction
 * committed (median target < 2 ms), and checks that a rebuild reproduces every state.
 * The figures are printed, never asserted on.
 */
#ifndef ARCHDRILL_BENCH_H
#define ARCHDRILL_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct BenchConfig {
    int32_t cards;       /* cards in the collection */
    int64_t reviews;     /* review-log rows to generate */
    int32_t decks;       /* decks the cards are spread over */
    int64_t next_calls;  /* next-state computations timed */
    int32_t queue_runs;  /* queue builds timed */
    int32_t answers;     /* answers timed */
    uint64_t seed;       /* of the generator's PRNG */
    int64_t now_ms;      /* the bench's "now", UTC ms */
    int tz_offset_s;     /* local time minus UTC */
    const char *tmp_dir; /* where the temporary database goes; NULL: $TMPDIR or /tmp */
} BenchConfig;

/* What one run found (for tests and callers; the report is printed too). */
typedef struct BenchResult {
    int64_t cards;
    int64_t reviews; /* review-log rows generated */
    double generate_s;
    double next_per_s;
    double queue_median_ms;
    double queue_best_ms;
    size_t queue_len;
    size_t queue_learning, queue_review, queue_new;
    int32_t answers; /* answers made and timed */
    double answer_median_ms;
    double answer_p95_ms;
    int64_t rebuild_differing;  /* states the rebuild check found different */
    int64_t rebuild_mismatches; /* log rows whose replay differs */
    int64_t rebuild_unreplayable;
} BenchResult;

/* 100,000 cards in 50 decks, 1,000,000 reviews, 5 M next-state calls, 30 queue builds,
 * 1000 answers, seed 42, at now_ms with the given offset. */
BenchConfig bench_config_default(int64_t now_ms, int tz_offset_s);

/* Runs the benchmark, printing the report on `out` and problems on `err`; the temporary
 * database is removed afterwards. res may be NULL. Returns 0, or 1 when something failed
 * (the message is on err). */
int bench_sched_run(const BenchConfig *cfg, FILE *out, FILE *err, BenchResult *res);

/* Generates the benchmark's collection (cfg->cards cards in cfg->decks decks with
 * cfg->reviews review-log rows) into a new database at db_path, and keeps it: the UI
 * benchmark opens it as a user's collection. Fails if db_path exists. Returns 0 or 1 (the
 * message is on err). */
int bench_generate(const BenchConfig *cfg, const char *db_path, FILE *out, FILE *err);

#endif
