/*
 * bench_stats.h: `archdrill bench stats`, the statistics' benchmark. It generates the
 * scheduler benchmark's collection (bench.h: 100,000 cards, 1,000,000 review-log rows) in
 * a temporary folder, then times the whole statistics computation for all decks
 * (store_stats_load and game_compute: the log scan, the cards, today's queue, the drills)
 * several times and prints the median and best (target < 200 ms). The figures are printed,
 * never asserted on.
 */
#ifndef ARCHDRILL_BENCH_STATS_H
#define ARCHDRILL_BENCH_STATS_H

#include "cli/bench.h"

#include <stdio.h>

typedef struct StatsBenchResult {
    int64_t reviews; /* review-log rows read */
    int64_t cards;
    double median_ms;
    double best_ms;
    double first_ms; /* the first run, which also packs the log into review_pack */
} StatsBenchResult;

/* Parses `bench stats` options (--cards N, --reviews N, --runs N) after the word "stats",
 * runs it and prints the report on out. res may be NULL. Returns 0, 1 on failure, 2 on a
 * usage error (messages on err). */
int bench_stats_main(char **args, int count, int64_t now_ms, int tz_offset_s, FILE *out, FILE *err,
                     StatsBenchResult *res);

#endif
