/*
 * cmd_stats.c: `archdrill stats` and `archdrill export-log` (cmd_stats.h). Both open the
 * collection (stats syncs it first, so the card counts match the deck files) and read it
 * only; the figures come from store_stats_load and game_compute, the same ones the stats
 * screen draws.
 */
#include "cli/cmd_stats.h"

#include "core/collection.h"
#include "core/game.h"
#include "core/store_stats.h"
#include "core/store_study.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char STATS_USAGE[] = "usage: archdrill stats [--json] [--deck ID]\n"
                                  "       archdrill export-log --csv -o FILE [--deck ID]\n";

static int usage(const CliEnv *env, const char *cmd, const char *what, const char *arg)
{
    fprintf(env->err, "archdrill: %s: %s%s%s%s\n%s", cmd, what, arg ? " '" : "", arg ? arg : "",
            arg ? "'" : "", STATS_USAGE);
    return 2;
}

static Collection *open_collection(const char *data_dir, bool sync, const CliEnv *env)
{
    if (!data_dir) {
        fprintf(env->err, "archdrill: no data folder: pass --data-dir DIR\n");
        return NULL;
    }
    Collection *c = NULL;
    ErrInfo err = {0};
    if (collection_open(data_dir, &c, &err)) {
        fprintf(env->err, "archdrill: %s: %s\n", err.file, err.msg);
        return NULL;
    }
    if (!sync)
        return c;
    Buf decks = {0};
    buf_printf(&decks, "%s/decks", env->data_root ? env->data_root : ".");
    SyncReport rep = {0};
    DeckErrors errs = {0};
    Err e = collection_sync(c, buf_str(&decks), env->now_ms / 1000, &rep, &errs);
    char line[1024];
    for (size_t i = 0; i < errs.count; i++) {
        deck_error_format(&errs.items[i], line, sizeof(line));
        fprintf(env->err, "%s\n", line);
    }
    deck_errors_free(&errs);
    buf_free(&decks);
    if (e) {
        fprintf(env->err, "archdrill: %s\n", store_errmsg(c->store));
        collection_close(c);
        return NULL;
    }
    return c;
}

/* The id of the deck whose key (its stable id) is `key`; 0 with a message if none. */
static int64_t find_deck(Collection *c, const char *key, const CliEnv *env)
{
    DeckSummary *list = NULL;
    size_t n = 0;
    int64_t id = 0;
    if (store_deck_summaries(c->store, env->now_ms, env->tz_offset_s, &list, &n)) {
        fprintf(env->err, "archdrill: %s\n", store_errmsg(c->store));
        return 0;
    }
    for (size_t i = 0; i < n && !id; i++)
        if (strcmp(list[i].key, key) == 0)
            id = list[i].id;
    store_deck_summaries_free(list, n);
    if (!id)
        fprintf(env->err, "archdrill: no deck '%s' (see archdrill decks)\n", key);
    return id;
}

static void date_text(int64_t day, char out[16])
{
    int y, m, d;
    day_civil(day, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

static const char *day_name(GameDay g)
{
    static const char *const NAMES[] = {"free", "done", "missed", "pending"};
    return g >= 0 && g <= GAME_DAY_PENDING ? NAMES[g] : "?";
}

static const char *const PERIOD_KEYS[STATS_PERIODS] = {"today", "yesterday", "week", "month",
                                                       "year"};

/* ---- JSON -------------------------------------------------------------------------- */

static cJSON *int_array(const int32_t *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    return a;
}

static cJSON *pass_fail(StatsPassFail pf)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "passed", (double)pf.passed);
    cJSON_AddNumberToObject(o, "failed", (double)pf.failed);
    double rate = stats_rate(pf);
    if (rate < 0)
        cJSON_AddNullToObject(o, "rate");
    else
        cJSON_AddNumberToObject(o, "rate", rate);
    return o;
}

/* The last STATS_YEAR_DAYS days of one field of the day records. */
typedef int32_t (*DayField)(const StatsDay *d);
static int32_t f_total(const StatsDay *d)
{
    return stats_day_total(d);
}
static int32_t f_learn(const StatsDay *d)
{
    return d->answers[STATS_LEARN];
}
static int32_t f_young(const StatsDay *d)
{
    return d->answers[STATS_YOUNG];
}
static int32_t f_mature(const StatsDay *d)
{
    return d->answers[STATS_MATURE];
}
static int32_t f_relearn(const StatsDay *d)
{
    return d->answers[STATS_RELEARN];
}

static cJSON *year_series(const Stats *st, DayField f)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = st->day_count - STATS_YEAR_DAYS; i < st->day_count; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(f(&st->days[i])));
    return a;
}

static cJSON *drills_json(const Stats *st)
{
    const StatsDrills *dr = &st->drills;
    cJSON *o = cJSON_CreateObject();
    cJSON *design = cJSON_AddArrayToObject(o, "design");
    cJSON *kinds = cJSON_AddObjectToObject(o, "attempts");
    int counts[5] = {0};
    for (size_t i = 0; i < dr->count; i++) {
        const StatsAttempt *a = &dr->attempts[i];
        if (a->kind >= 0 && a->kind < 5)
            counts[a->kind]++;
        if (a->kind != DECK_KIND_DESIGN)
            continue;
        char date[16];
        date_text(a->day, date);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "attempt", (double)a->attempt_id);
        cJSON_AddStringToObject(e, "date", date);
        cJSON_AddBoolToObject(e, "on_time", a->on_time);
        cJSON_AddNumberToObject(e, "planned_ms", (double)a->planned_ms);
        cJSON_AddNumberToObject(e, "used_ms", (double)a->used_ms);
        cJSON *scores = cJSON_AddObjectToObject(e, "scores");
        for (int d = 0; d < DRILL_DIMENSIONS; d++)
            cJSON_AddNumberToObject(scores, DRILL_DIMENSION_NAMES[d], a->scores[d]);
        cJSON_AddItemToArray(design, e);
    }
    for (int k = DECK_KIND_DESIGN; k <= DECK_KIND_ESTIMATION; k++)
        cJSON_AddNumberToObject(kinds, deck_kind_name((DeckKind)k), counts[k]);
    cJSON *phases = cJSON_AddArrayToObject(o, "phase_means");
    for (int p = 0; p < DRILL_PHASES && dr->phase_samples > 0; p++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "phase", DRILL_PHASE_NAMES[p]);
        cJSON_AddNumberToObject(e, "planned_ms", dr->phase_planned_ms[p]);
        cJSON_AddNumberToObject(e, "used_ms", dr->phase_used_ms[p]);
        cJSON_AddItemToArray(phases, e);
    }
    cJSON_AddNumberToObject(o, "phase_samples", dr->phase_samples);
    cJSON *est = cJSON_AddObjectToObject(o, "estimation");
    cJSON_AddNumberToObject(est, "correct", dr->estimation_correct);
    cJSON_AddNumberToObject(est, "total", dr->estimation_total);
    cJSON_AddNumberToObject(est, "recent_correct", dr->recent_correct);
    cJSON_AddNumberToObject(est, "recent_total", dr->recent_total);
    return o;
}

static cJSON *stats_json(const Stats *st, const Game *g, const char *scope)
{
    char date[16];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "scope", scope);
    date_text(st->today, date);
    cJSON_AddStringToObject(o, "today", date);

    cJSON_AddNumberToObject(o, "streak", g->streak.current);
    cJSON_AddNumberToObject(o, "streak_best", g->streak.best);
    cJSON_AddStringToObject(o, "streak_today", day_name(g->streak.today));
    cJSON_AddNumberToObject(o, "habit_strength", g->streak.habit);
    cJSON_AddNumberToObject(o, "review_limit", st->review_limit);

    cJSON *xp = cJSON_AddObjectToObject(o, "xp");
    cJSON_AddNumberToObject(xp, "total", (double)g->xp.total);
    cJSON_AddNumberToObject(xp, "cards", (double)g->xp.cards);
    cJSON_AddNumberToObject(xp, "rubric", (double)g->xp.rubric);
    cJSON_AddNumberToObject(xp, "drills", (double)g->xp.drills);
    cJSON_AddNumberToObject(xp, "today", (double)g->xp.today);
    cJSON_AddNumberToObject(xp, "week", (double)g->xp.week);

    cJSON *rank = cJSON_AddObjectToObject(o, "rank");
    cJSON_AddStringToObject(rank, "name", game_rank_name(g->rank));
    cJSON_AddNumberToObject(rank, "level", g->rank);
    cJSON *missing = NULL;
    if (g->rank + 1 < GAME_RANKS) {
        cJSON_AddStringToObject(rank, "next", game_rank_name(g->rank + 1));
        char lines[8][GAME_TEXT_CAP];
        size_t n = game_rank_missing(g->rank + 1, &g->evidence, lines, 8);
        missing = cJSON_AddArrayToObject(rank, "missing");
        for (size_t i = 0; i < n; i++)
            cJSON_AddItemToArray(missing, cJSON_CreateString(lines[i]));
    } else {
        cJSON_AddNullToObject(rank, "next");
        cJSON_AddArrayToObject(rank, "missing");
    }

    cJSON *ready = cJSON_AddArrayToObject(o, "readiness");
    for (int i = 0; i < GAME_READINESS_ITEMS; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "item", g->readiness[i].item);
        cJSON_AddBoolToObject(e, "ready", g->readiness[i].ready);
        cJSON_AddStringToObject(e, "evidence", g->readiness[i].evidence);
        cJSON_AddItemToArray(ready, e);
    }

    cJSON *goal = cJSON_AddObjectToObject(o, "goal");
    cJSON_AddNumberToObject(goal, "reviews_left", g->goal.reviews_left);
    cJSON_AddNumberToObject(goal, "learning_left", g->goal.learning_left);
    cJSON_AddNumberToObject(goal, "new_left", g->goal.new_left);
    cJSON_AddNumberToObject(goal, "answered", g->goal.answered);
    cJSON_AddBoolToObject(goal, "done", g->goal.done);

    cJSON *ret = cJSON_AddObjectToObject(o, "retention");
    cJSON *young = cJSON_AddObjectToObject(ret, "young");
    cJSON *mature = cJSON_AddObjectToObject(ret, "mature");
    for (int p = 0; p < STATS_PERIODS; p++) {
        cJSON_AddItemToObject(young, PERIOD_KEYS[p], pass_fail(st->young[p]));
        cJSON_AddItemToObject(mature, PERIOD_KEYS[p], pass_fail(st->mature[p]));
    }

    cJSON *fc = cJSON_AddObjectToObject(o, "forecast");
    cJSON_AddNumberToObject(fc, "overdue", st->overdue);
    cJSON_AddNumberToObject(fc, "daily_load", st->daily_load);
    cJSON_AddItemToObject(fc, "days_30", int_array(st->forecast, STATS_FORECAST_SHORT));
    cJSON_AddItemToObject(fc, "days_90", int_array(st->forecast, STATS_FORECAST_DAYS));

    cJSON *cards = cJSON_AddObjectToObject(o, "cards");
    cJSON_AddNumberToObject(cards, "new", st->cards.new_cards);
    cJSON_AddNumberToObject(cards, "learning", st->cards.learning);
    cJSON_AddNumberToObject(cards, "young", st->cards.young);
    cJSON_AddNumberToObject(cards, "mature", st->cards.mature);
    cJSON_AddNumberToObject(cards, "relearning", st->cards.relearning);
    cJSON_AddNumberToObject(cards, "suspended", st->cards.suspended);
    cJSON_AddNumberToObject(cards, "buried", st->cards.buried);
    cJSON_AddNumberToObject(cards, "total", st->cards.total);

    date_text(st->today - (STATS_YEAR_DAYS - 1), date);
    cJSON *heat = cJSON_AddObjectToObject(o, "heatmap");
    cJSON_AddStringToObject(heat, "first_date", date);
    cJSON_AddItemToObject(heat, "answers", year_series(st, f_total));
    cJSON *rev = cJSON_AddObjectToObject(o, "reviews");
    cJSON_AddStringToObject(rev, "first_date", date);
    cJSON_AddItemToObject(rev, "learn", year_series(st, f_learn));
    cJSON_AddItemToObject(rev, "young", year_series(st, f_young));
    cJSON_AddItemToObject(rev, "mature", year_series(st, f_mature));
    cJSON_AddItemToObject(rev, "relearn", year_series(st, f_relearn));

    cJSON *buttons = cJSON_AddObjectToObject(o, "buttons");
    static const char *const BUTTON_KINDS[3] = {"learning", "young", "mature"};
    for (int k = 0; k < 3; k++) {
        cJSON *a = cJSON_AddArrayToObject(buttons, BUTTON_KINDS[k]);
        for (int r = 0; r < 4; r++)
            cJSON_AddItemToArray(a, cJSON_CreateNumber((double)st->buttons[k][r]));
    }
    cJSON *hours = cJSON_AddObjectToObject(o, "hours");
    cJSON *ha = cJSON_AddArrayToObject(hours, "answers");
    cJSON *hp = cJSON_AddArrayToObject(hours, "passed");
    for (int h = 0; h < STATS_HOURS; h++) {
        cJSON_AddItemToArray(ha, cJSON_CreateNumber((double)st->hours[h].answers));
        cJSON_AddItemToArray(hp, cJSON_CreateNumber((double)st->hours[h].passed));
    }
    cJSON *stab = cJSON_AddObjectToObject(o, "stability");
    cJSON *edges = cJSON_AddArrayToObject(stab, "from_days");
    for (int i = 0; i < STATS_STABILITY_BUCKETS; i++)
        cJSON_AddItemToArray(edges, cJSON_CreateNumber(STATS_STABILITY_EDGES[i]));
    cJSON_AddItemToObject(stab, "cards", int_array(st->stability, STATS_STABILITY_BUCKETS));
    cJSON *diff = cJSON_AddObjectToObject(o, "difficulty");
    cJSON_AddItemToObject(diff, "cards", int_array(st->difficulty, STATS_DIFFICULTY_BUCKETS));

    cJSON *phases = cJSON_AddArrayToObject(o, "phases");
    for (int i = 0; i < STATS_ROADMAP_PHASES; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "tag", STATS_PHASE_TAGS[i]);
        cJSON_AddNumberToObject(e, "cards", st->phases[i].cards);
        cJSON_AddNumberToObject(e, "mature", st->phases[i].mature);
        cJSON_AddItemToObject(e, "retention", pass_fail(st->phases[i].retention));
        cJSON_AddBoolToObject(e, "held", g->evidence.phase_held[i]);
        cJSON_AddItemToArray(phases, e);
    }

    cJSON *tot = cJSON_AddObjectToObject(o, "totals");
    cJSON_AddNumberToObject(tot, "answers", (double)st->total_answers);
    cJSON_AddNumberToObject(tot, "duration_ms", (double)st->total_duration_ms);
    cJSON_AddNumberToObject(tot, "knowledge", st->knowledge);

    cJSON_AddItemToObject(o, "drills", drills_json(st));
    return o;
}

/* ---- text -------------------------------------------------------------------------- */

static void print_rate(FILE *f, StatsPassFail pf)
{
    double rate = stats_rate(pf);
    char cell[48];
    if (rate < 0)
        snprintf(cell, sizeof(cell), "-");
    else
        snprintf(cell, sizeof(cell), "%.1f%% (%lld/%lld)", rate * 100.0, (long long)pf.passed,
                 (long long)(pf.passed + pf.failed));
    fprintf(f, "  %-22s", cell);
}

static int32_t sum_range(const int32_t *v, int from, int to)
{
    int32_t n = 0;
    for (int i = from; i < to; i++)
        n += v[i];
    return n;
}

static void print_text(FILE *f, const Stats *st, const Game *g, const char *scope)
{
    char date[16];
    date_text(st->today, date);
    fprintf(f, "Statistics of %s on %s\n\n", scope, date);
    fprintf(f, "Today: %d answered; left: %d reviews, %d learning, %d new%s\n", g->goal.answered,
            g->goal.reviews_left, g->goal.learning_left, g->goal.new_left,
            g->goal.done ? " (done)" : "");
    fprintf(f, "Streak: %d day%s (best %d; today %s); habit strength %.0f%%\n", g->streak.current,
            g->streak.current == 1 ? "" : "s", g->streak.best, day_name(g->streak.today),
            g->streak.habit * 100.0);
    fprintf(f, "XP: %lld (cards %lld, rubric %lld, drills %lld); today +%lld, this week +%lld\n",
            (long long)g->xp.total, (long long)g->xp.cards, (long long)g->xp.rubric,
            (long long)g->xp.drills, (long long)g->xp.today, (long long)g->xp.week);
    fprintf(f, "Rank: %s\n", game_rank_name(g->rank));
    if (g->rank + 1 < GAME_RANKS) {
        char lines[8][GAME_TEXT_CAP];
        size_t n = game_rank_missing(g->rank + 1, &g->evidence, lines, 8);
        fprintf(f, "  next, %s:\n", game_rank_name(g->rank + 1));
        for (size_t i = 0; i < n; i++)
            fprintf(f, "    - %s\n", lines[i]);
    }
    fprintf(f, "\nYou are ready when you can:\n");
    for (int i = 0; i < GAME_READINESS_ITEMS; i++)
        fprintf(f, "  [%c] %s\n      %s\n", g->readiness[i].ready ? 'x' : ' ', g->readiness[i].item,
                g->readiness[i].evidence);

    const StatsCardCounts *c = &st->cards;
    fprintf(f,
            "\nCards: %d (new %d, learning %d, young %d, mature %d, relearning %d, suspended %d, "
            "buried %d)\n",
            c->total, c->new_cards, c->learning, c->young, c->mature, c->relearning, c->suspended,
            c->buried);

    fprintf(f, "\nTrue retention %-10s%-24s%s\n", "", "young", "mature");
    for (int p = 0; p < STATS_PERIODS; p++) {
        fprintf(f, "  %-22s", STATS_PERIOD_NAMES[p]);
        print_rate(f, st->young[p]);
        print_rate(f, st->mature[p]);
        fprintf(f, "\n");
    }

    fprintf(f,
            "\nFuture due: %d overdue; tomorrow %d; next 7 days %d; next 30 days %d; next 90 "
            "days %d; daily load %.1f\n",
            st->overdue, st->forecast[1], sum_range(st->forecast, 1, 8),
            sum_range(st->forecast, 1, STATS_FORECAST_SHORT),
            sum_range(st->forecast, 1, STATS_FORECAST_DAYS), st->daily_load);
    fprintf(f, "  due today (with overdue): %d\n", st->forecast[0]);

    int32_t kinds[STATS_KINDS] = {0};
    int studied = 0;
    int64_t ms = 0;
    for (size_t i = st->day_count - 30; i < st->day_count; i++) {
        for (int k = 0; k < STATS_KINDS; k++)
            kinds[k] += st->days[i].answers[k];
        studied += stats_day_total(&st->days[i]) > 0;
        ms += st->days[i].duration_ms;
    }
    fprintf(f,
            "\nLast 30 days: %d answers (learn %d, young %d, mature %d, relearn %d) on %d days, "
            "%.0f minutes\n",
            sum_range(kinds, 0, STATS_KINDS), kinds[STATS_LEARN], kinds[STATS_YOUNG],
            kinds[STATS_MATURE], kinds[STATS_RELEARN], studied, (double)ms / 60000.0);
    fprintf(f, "All time: %lld answers, %.1f hours; knowledge %.1f doublings\n",
            (long long)st->total_answers, (double)st->total_duration_ms / 3600000.0, st->knowledge);

    static const char *const BUTTON_KINDS[3] = {"learning", "young", "mature"};
    fprintf(f, "\nAnswer buttons (last year)   again    hard    good    easy\n");
    for (int k = 0; k < 3; k++)
        fprintf(f, "  %-26s %7lld %7lld %7lld %7lld\n", BUTTON_KINDS[k],
                (long long)st->buttons[k][0], (long long)st->buttons[k][1],
                (long long)st->buttons[k][2], (long long)st->buttons[k][3]);

    fprintf(f, "\nHourly breakdown (last year, local hour: answers, success)\n");
    for (int h = 0; h < STATS_HOURS; h++) {
        if (!st->hours[h].answers)
            continue;
        fprintf(f, "  %02d:00 %7lld  %5.1f%%\n", h, (long long)st->hours[h].answers,
                100.0 * (double)st->hours[h].passed / (double)st->hours[h].answers);
    }

    fprintf(f, "\nStability (days from):");
    for (int i = 0; i < STATS_STABILITY_BUCKETS; i++)
        fprintf(f, " %g:%d", STATS_STABILITY_EDGES[i], st->stability[i]);
    fprintf(f, "\nDifficulty (%% from):");
    for (int i = 0; i < STATS_DIFFICULTY_BUCKETS; i++)
        fprintf(f, " %d:%d", i * 10, st->difficulty[i]);
    fprintf(f, "\n\nRoadmap phases (mature retention, last %d days)\n", STATS_PHASE_WINDOW_DAYS);
    for (int i = 0; i < STATS_ROADMAP_PHASES; i++) {
        fprintf(f, "  %-18s %5d cards %5d mature", STATS_PHASE_NAMES[i], st->phases[i].cards,
                st->phases[i].mature);
        print_rate(f, st->phases[i].retention);
        fprintf(f, "%s\n", g->evidence.phase_held[i] ? "held" : "");
    }

    const StatsDrills *dr = &st->drills;
    fprintf(f, "\nDrills: %zu finished\n", dr->count);
    if (dr->phase_samples > 0) {
        fprintf(f, "  time per phase (mean of %d design drills, minutes used / planned)\n",
                dr->phase_samples);
        for (int p = 0; p < DRILL_PHASES; p++)
            fprintf(f, "    %-20s %5.1f / %4.1f\n", DRILL_PHASE_NAMES[p],
                    dr->phase_used_ms[p] / 60000.0, dr->phase_planned_ms[p] / 60000.0);
    }
    int shown = 0;
    for (size_t i = dr->count; i-- > 0 && shown < 5;) {
        const StatsAttempt *a = &dr->attempts[i];
        if (a->kind != DECK_KIND_DESIGN)
            continue;
        if (!shown++)
            fprintf(f, "  rubric of the latest design drills (newest first)\n");
        date_text(a->day, date);
        fprintf(f, "    %s %s", date, a->on_time ? "on time " : "overran ");
        for (int d = 0; d < DRILL_DIMENSIONS; d++)
            fprintf(f, " %d", a->scores[d]);
        fprintf(f, "\n");
    }
    if (dr->estimation_total > 0)
        fprintf(f, "  estimation: %d of %d within 20%% (last %d: %d)\n", dr->estimation_correct,
                dr->estimation_total, dr->recent_total, dr->recent_correct);
}

/* ---- stats ------------------------------------------------------------------------- */

int cmd_stats_run(const char *data_dir, char **args, int count, const CliEnv *env)
{
    bool json = false;
    const char *deck = NULL;
    for (int i = 0; i < count; i++) {
        if (strcmp(args[i], "--json") == 0)
            json = true;
        else if (strcmp(args[i], "--deck") == 0 && i + 1 < count)
            deck = args[++i];
        else
            return usage(env, "stats", "unknown argument", args[i]);
    }
    Collection *c = open_collection(data_dir, true, env);
    if (!c)
        return 1;
    int status = 1;
    int64_t deck_id = deck ? find_deck(c, deck, env) : 0;
    DayRule rule;
    Stats st;
    memset(&st, 0, sizeof(st));
    if (deck && !deck_id)
        goto done;
    if (store_day_rule(c->store, env->tz_offset_s, &rule) ||
        store_stats_load(c->store, deck_id, env->now_ms, &rule, &st)) {
        fprintf(env->err, "archdrill: stats: %s\n", store_errmsg(c->store));
        goto done;
    }
    Game g;
    game_compute(&st, &g);
    const char *scope = deck ? deck : "all decks";
    if (json) {
        cJSON *o = stats_json(&st, &g, deck ? deck : "all");
        char *text = cJSON_Print(o);
        fprintf(env->out, "%s\n", text);
        cJSON_free(text);
        cJSON_Delete(o);
    } else {
        print_text(env->out, &st, &g, scope);
    }
    status = 0;
done:
    stats_free(&st);
    collection_close(c);
    return status;
}

/* ---- export-log -------------------------------------------------------------------- */

static Err write_row(void *ctx, const StatsLogRow *r)
{
    FILE *f = ctx;
    if (fprintf(f, "%lld,%lld,%d,%d,%lld\n", (long long)r->card_id, (long long)r->review_ms,
                r->rating, r->state, (long long)r->duration_ms) < 0)
        return ERR_IO;
    return ERR_OK;
}

int cmd_export_log_run(const char *data_dir, char **args, int count, const CliEnv *env)
{
    bool csv = false;
    const char *path = NULL, *deck = NULL;
    for (int i = 0; i < count; i++) {
        if (strcmp(args[i], "--csv") == 0)
            csv = true;
        else if (strcmp(args[i], "-o") == 0 && i + 1 < count)
            path = args[++i];
        else if (strcmp(args[i], "--deck") == 0 && i + 1 < count)
            deck = args[++i];
        else
            return usage(env, "export-log", "unknown argument", args[i]);
    }
    if (!csv)
        return usage(env, "export-log", "needs --csv (the one format)", NULL);
    if (!path || !path[0])
        return usage(env, "export-log", "needs -o FILE", NULL);
    Collection *c = open_collection(data_dir, false, env);
    if (!c)
        return 1;
    int status = 1;
    bool to_stdout = strcmp(path, "-") == 0;
    Buf tmp = {0};
    FILE *f = NULL;
    int64_t deck_id = 0;
    if (deck && !(deck_id = find_deck(c, deck, env)))
        goto done;
    if (to_stdout) {
        f = env->out;
    } else {
        buf_printf(&tmp, "%s.tmp", path);
        f = fopen(buf_str(&tmp), "w");
        if (!f) {
            fprintf(env->err, "archdrill: %s: %s\n", buf_str(&tmp), strerror(errno));
            goto done;
        }
    }
    fprintf(f, "%s\n", CMD_STATS_CSV_HEADER);
    Err e = store_stats_log_each(c->store, deck_id, write_row, f);
    if (e == ERR_IO || ferror(f))
        fprintf(env->err, "archdrill: %s: write failed\n", to_stdout ? "<stdout>" : path);
    else if (e)
        fprintf(env->err, "archdrill: export-log: %s\n", store_errmsg(c->store));
    bool ok = !e && !ferror(f);
    if (!to_stdout) {
        ok = fclose(f) == 0 && ok;
        if (ok && rename(buf_str(&tmp), path) != 0) {
            fprintf(env->err, "archdrill: %s: %s\n", path, strerror(errno));
            ok = false;
        }
        if (!ok)
            remove(buf_str(&tmp));
    }
    status = ok ? 0 : 1;
done:
    buf_free(&tmp);
    collection_close(c);
    return status;
}
