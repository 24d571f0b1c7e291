/*
 * cmd_stats.h: `archdrill stats` and `archdrill export-log`, the statistics and the game
 * (core/stats.h, core/game.h) on the command line, and the review log for the FSRS
 * optimizer.
 *
 *   stats [--json] [--deck ID]     the figures of the stats screen, as text or one JSON
 *                                  object (streak, habit_strength, retention, forecast,
 *                                  xp, rank, readiness, goal, cards, heatmap, ...)
 *   export-log --csv -o FILE [--deck ID]
 *                                  the review log as CSV with the header
 *                                  card_id,review_time,review_rating,review_state,review_duration
 *                                  (times and durations in ms, the state before the
 *                                  answer: 0 new, 1 learning, 2 review, 3 relearning);
 *                                  "-o -" writes to standard output
 */
#ifndef ARCHDRILL_CMD_STATS_H
#define ARCHDRILL_CMD_STATS_H

#include "cli/cli.h"

/* The CSV header line export-log writes (without the newline). */
#define CMD_STATS_CSV_HEADER "card_id,review_time,review_rating,review_state,review_duration"

/* Runs `stats ARGS...` on the collection in data_dir (NULL: an error), synced first with
 * the shipped decks under env->data_root. Returns 0, 1 on failure (message on env->err),
 * 2 on a usage error. */
int cmd_stats_run(const char *data_dir, char **args, int count, const CliEnv *env);

/* Runs `export-log ARGS...` likewise. The file is written as FILE.tmp and renamed. */
int cmd_export_log_run(const char *data_dir, char **args, int count, const CliEnv *env);

#endif
