/*
 * cli.c: argument parsing and the subcommands. Every command reports problems on stderr
 * in the file:line:col form of the deck parser, and nothing is written to the database
 * by `check`.
 */
#include "cli/cli.h"

#include "cli/bench.h"
#include "cli/bench_board.h"
#include "cli/bench_stats.h"
#include "cli/check.h"
#include "cli/cmd_board.h"
#include "cli/cmd_stats.h"
#include "cli/fsrs_replay.h"
#include "core/collection.h"
#include "core/files.h"
#include "core/lightning.h"
#include "core/store_drill.h"
#include "core/store_backup.h"
#include "core/store_rebuild.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#ifndef ARCHDRILL_VERSION
#define ARCHDRILL_VERSION "0.0.0"
#endif

typedef struct Args {
    const char *data_dir;
    const char *command;
    char **rest; /* the command's own arguments */
    int rest_count;
} Args;

static const char USAGE[] =
    "usage: archdrill [--data-dir DIR] [COMMAND [ARGS]]\n"
    "\n"
    "With no command, opens the app.\n"
    "\n"
    "commands:\n"
    "  check [--strict] [PATH...]\n"
    "                        validate deck and drill files and folders (default: the\n"
    "                        shipped decks); --strict makes content warnings errors\n"
    "  decks [--json]        list the decks with their card counts\n"
    "  drills [--json]       list the drills (design, risk, adr, estimation)\n"
    "  add-decks DIR         register a folder of your own decks (synced at every start)\n"
    "  backup                make a backup of the collection now\n"
    "  restore FILE          replace the collection with a backup (the current one is\n"
    "                        saved first)\n"
    "  fsrs-replay [FILE]    replay FSRS golden vectors (stdin without FILE)\n"
    "  rebuild [--check]     replay the review log and rewrite the scheduling states that\n"
    "                        differ from it (a backup is made first); --check only reports\n"
    "                        (exit status 1 if any differ)\n"
    "  bench sched [--cards N] [--reviews N]\n"
    "                        benchmark the scheduler, the study queue and answering on a\n"
    "                        generated collection (100000 cards, 1000000 reviews)\n"
    "  bench collection DIR [--cards N] [--reviews N]\n"
    "                        write that generated collection to DIR/archdrill.db (for\n"
    "                        bench/ui.sh, the app's start-up and frame benchmark)\n"
    "  bench board [--elements N] [--strokes N] [--points N] [--frames N]\n"
    "                        benchmark the whiteboard: hit-tests, selection, freehand\n"
    "                        meshes, saving, memory (10000 elements, 2000 strokes), and\n"
    "                        N pan and N zoom frames drawn at 1600x1000 (default 200)\n"
    "  bench stats [--cards N] [--reviews N] [--runs N]\n"
    "                        benchmark the statistics on that generated collection\n"
    "  stats [--json] [--deck ID]\n"
    "                        progress: streak, XP, rank, readiness, retention, forecast\n"
    "  export-log --csv -o FILE [--deck ID]\n"
    "                        write the review log as CSV for the FSRS optimizer\n"
    "  board list [--json]   list the whiteboards\n"
    "  board import FILE [--name NAME]\n"
    "                        import an .excalidraw file as a new board (prints its id last)\n"
    "  board export ID --format svg|excalidraw|png [--scale S] -o FILE\n"
    "                        export a board (-o - for standard output); png at S pixels\n"
    "                        per unit (0.1 to 30, default 2)\n"
    "\n"
    "options:\n"
    "  --data-dir DIR        where the collection lives (also ARCHDRILL_DATA_DIR)\n"
    "  -h, --help            show this help\n"
    "  --version             show the version\n";

static int usage_error(const CliEnv *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int usage_error(const CliEnv *env, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(env->err, "archdrill: ");
    vfprintf(env->err, fmt, ap);
    fprintf(env->err, "\n\n%s", USAGE);
    va_end(ap);
    return 2;
}

static void print_errors(const CliEnv *env, const DeckErrors *errs)
{
    char line[1024];
    for (size_t i = 0; i < errs->count; i++) {
        deck_error_format(&errs->items[i], line, sizeof(line));
        fprintf(env->err, "%s\n", line);
    }
}

static const char *resolve_data_dir(const Args *a, const CliEnv *env)
{
    if (a->data_dir)
        return a->data_dir;
    const char *from_env = getenv("ARCHDRILL_DATA_DIR");
    if (from_env && from_env[0])
        return from_env;
    return env->default_data_dir;
}

static char *shipped_decks(const CliEnv *env)
{
    Buf b = {0};
    buf_printf(&b, "%s/decks", env->data_root ? env->data_root : ".");
    return buf_take(&b);
}

/* ---- check ------------------------------------------------------------------------- */

static int cmd_check(const Args *a, const CliEnv *env)
{
    char *shipped = shipped_decks(env);
    bool strict = false;
    char **paths = xcalloc((size_t)a->rest_count + 1, sizeof(*paths));
    int count = 0;
    for (int i = 0; i < a->rest_count; i++) {
        if (strcmp(a->rest[i], "--strict") == 0)
            strict = true;
        else
            paths[count++] = a->rest[i];
    }
    if (count == 0)
        paths[count++] = shipped;
    int status = check_run(paths, count, shipped, strict, env->out, env->err);
    free(paths);
    free(shipped);
    return status;
}

/* ---- commands on the collection ---------------------------------------------------- */

/* Opens and syncs the collection, reporting deck errors as warnings. */
static Collection *open_synced(const Args *a, const CliEnv *env)
{
    const char *dir = resolve_data_dir(a, env);
    if (!dir) {
        fprintf(env->err, "archdrill: no data folder: pass --data-dir DIR\n");
        return NULL;
    }
    Collection *c = NULL;
    ErrInfo err = {0};
    if (collection_open(dir, &c, &err)) {
        fprintf(env->err, "archdrill: %s: %s\n", err.file, err.msg);
        return NULL;
    }
    char *decks = shipped_decks(env);
    SyncReport rep = {0};
    DeckErrors errs = {0};
    Err e = collection_sync(c, decks, env->now_ms / 1000, &rep, &errs);
    print_errors(env, &errs);
    if (errs.count)
        fprintf(env->err, "archdrill: %d deck file%s not synced because of the errors above\n",
                rep.files_failed, rep.files_failed == 1 ? "" : "s");
    deck_errors_free(&errs);
    free(decks);
    if (e) {
        fprintf(env->err, "archdrill: %s\n", store_errmsg(c->store));
        collection_close(c);
        return NULL;
    }
    return c;
}

static void print_decks_json(const CliEnv *env, const DeckSummary *list, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", list[i].key);
        cJSON_AddStringToObject(o, "name", list[i].name);
        cJSON_AddNumberToObject(o, "cards", list[i].cards);
        cJSON_AddNumberToObject(o, "new", list[i].new_count);
        cJSON_AddNumberToObject(o, "learning", list[i].learning);
        cJSON_AddNumberToObject(o, "due", list[i].due);
        cJSON_AddItemToArray(arr, o);
    }
    char *text = cJSON_Print(arr);
    fprintf(env->out, "%s\n", text);
    cJSON_free(text);
    cJSON_Delete(arr);
}

static int cmd_decks(const Args *a, const CliEnv *env)
{
    bool json = false;
    for (int i = 0; i < a->rest_count; i++) {
        if (strcmp(a->rest[i], "--json") == 0)
            json = true;
        else
            return usage_error(env, "decks: unknown argument '%s'", a->rest[i]);
    }
    Collection *c = open_synced(a, env);
    if (!c)
        return 1;
    DeckSummary *list = NULL;
    size_t n = 0;
    if (store_deck_summaries(c->store, env->now_ms, env->tz_offset_s, &list, &n)) {
        fprintf(env->err, "archdrill: %s\n", store_errmsg(c->store));
        collection_close(c);
        return 1;
    }
    if (json) {
        print_decks_json(env, list, n);
    } else {
        fprintf(env->out, "%-40s %6s %6s %8s %6s\n", "deck", "cards", "new", "learning", "due");
        for (size_t i = 0; i < n; i++)
            fprintf(env->out, "%-40.40s %6d %6d %8d %6d\n", list[i].name, list[i].cards,
                    list[i].new_count, list[i].learning, list[i].due);
    }
    store_deck_summaries_free(list, n);
    collection_close(c);
    return 0;
}

static int cmd_drills(const Args *a, const CliEnv *env)
{
    bool json = false;
    for (int i = 0; i < a->rest_count; i++) {
        if (strcmp(a->rest[i], "--json") == 0)
            json = true;
        else
            return usage_error(env, "drills: unknown argument '%s'", a->rest[i]);
    }
    Collection *c = open_synced(a, env);
    if (!c)
        return 1;
    DrillSummary *list = NULL;
    size_t n = 0;
    if (store_drill_list(c->store, &list, &n)) {
        fprintf(env->err, "archdrill: %s\n", store_errmsg(c->store));
        collection_close(c);
        return 1;
    }
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    if (!json)
        fprintf(env->out, "%-36s %-11s %7s  %s\n", "id", "kind", "minutes", "title");
    for (size_t i = 0; i < n; i++) {
        const DrillSummary *d = &list[i];
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", d->key);
            cJSON_AddStringToObject(o, "title", d->title);
            cJSON_AddStringToObject(o, "kind", deck_kind_name(d->kind));
            cJSON_AddNumberToObject(o, "minutes", d->minutes);
            if (d->kind == DECK_KIND_ESTIMATION)
                cJSON_AddNumberToObject(o, "questions", d->questions);
            cJSON_AddItemToArray(arr, o);
        } else {
            fprintf(env->out, "%-36.36s %-11s %7d  %s\n", d->key, deck_kind_name(d->kind),
                    d->minutes, d->title);
        }
    }
    /* The lightning round is built from the pattern cards, not from a drill file, but it
     * is a drill like the others: one entry, with its fixed 90 seconds. */
    double lightning_minutes = LIGHTNING_ROUND_MS / 60000.0;
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", "lightning");
        cJSON_AddStringToObject(o, "title", "Lightning round");
        cJSON_AddStringToObject(o, "kind", "lightning");
        cJSON_AddNumberToObject(o, "minutes", lightning_minutes);
        cJSON_AddItemToArray(arr, o);
    } else {
        fprintf(env->out, "%-36s %-11s %7.1f  %s\n", "lightning", "lightning", lightning_minutes,
                "Lightning round");
    }
    if (json) {
        char *text = cJSON_Print(arr);
        fprintf(env->out, "%s\n", text);
        cJSON_free(text);
        cJSON_Delete(arr);
    }
    store_drill_list_free(list, n);
    collection_close(c);
    return 0;
}

static int cmd_add_decks(const Args *a, const CliEnv *env)
{
    if (a->rest_count != 1)
        return usage_error(env, "add-decks takes one folder");
    char *real = files_realpath(a->rest[0]);
    if (!real || !files_is_dir(real)) {
        fprintf(env->err, "archdrill: %s: not a folder\n", a->rest[0]);
        free(real);
        return 1;
    }
    Collection *c = open_synced(a, env);
    int status = 1;
    if (c && store_folder_add(c->store, real, env->now_ms / 1000) == ERR_OK) {
        SyncReport rep = {0};
        DeckErrors errs = {0};
        Err e = store_sync_folder(c->store, real, env->now_ms / 1000, &rep, &errs);
        print_errors(env, &errs);
        fprintf(env->out, "added %s: %d deck file%s, %d new cards%s\n", real,
                rep.files_applied + rep.files_unchanged,
                rep.files_applied + rep.files_unchanged == 1 ? "" : "s", rep.cards_added,
                rep.files_failed ? " (fix the errors above; the folder syncs at every start)" : "");
        status = e == ERR_DB ? 1 : 0;
    } else if (c) {
        fprintf(env->err, "archdrill: %s\n", store_errmsg(c->store));
    }
    collection_close(c);
    free(real);
    return status;
}

static int cmd_backup(const Args *a, const CliEnv *env)
{
    if (a->rest_count)
        return usage_error(env, "backup: unknown argument '%s'", a->rest[0]);
    Collection *c = open_synced(a, env);
    if (!c)
        return 1;
    Buf made = {0};
    Err e = collection_backup(c, env->now_ms / 1000, env->tz_offset_s, true, &made);
    if (e)
        fprintf(env->err, "archdrill: backup failed: %s\n", store_errmsg(c->store));
    else
        fprintf(env->out, "backup written: %s\n", buf_str(&made));
    buf_free(&made);
    collection_close(c);
    return e ? 1 : 0;
}

static int cmd_restore(const Args *a, const CliEnv *env)
{
    if (a->rest_count != 1)
        return usage_error(env, "restore takes one backup file");
    ErrInfo err = {0};
    if (store_verify_file(a->rest[0], &err)) {
        fprintf(env->err, "archdrill: %s: %s; nothing was changed\n", err.file, err.msg);
        return 1;
    }
    const char *dir = resolve_data_dir(a, env);
    Collection *c = NULL;
    if (!dir || collection_open(dir, &c, &err)) {
        fprintf(env->err, "archdrill: %s: %s\n", err.file, dir ? err.msg : "no data folder");
        return 1;
    }
    Buf safety = {0};
    Err e = store_restore(c->store, a->rest[0], c->backup_dir, env->now_ms / 1000, &safety);
    if (e)
        fprintf(env->err, "archdrill: restore failed: %s\n", store_errmsg(c->store));
    else
        fprintf(env->out, "restored %s (the previous collection was saved as %s)\n", a->rest[0],
                buf_str(&safety));
    buf_free(&safety);
    char *data_dir = xstrdup(c->data_dir);
    collection_close(c);
    /* Reopening migrates a restored older schema straight away. */
    if (!e && collection_open(data_dir, &c, &err) == ERR_OK)
        collection_close(c);
    free(data_dir);
    return e ? 1 : 0;
}

static int cmd_fsrs_replay(const Args *a, const CliEnv *env)
{
    if (a->rest_count > 1)
        return usage_error(env, "fsrs-replay takes at most one file");
    if (a->rest_count == 0)
        return fsrs_replay_run(stdin, "<stdin>", env->out, env->err);
    FILE *in = fopen(a->rest[0], "rb");
    if (!in) {
        fprintf(env->err, "archdrill: %s: cannot open\n", a->rest[0]);
        return 1;
    }
    int status = fsrs_replay_run(in, a->rest[0], env->out, env->err);
    fclose(in);
    return status;
}

static int cmd_rebuild(const Args *a, const CliEnv *env)
{
    bool check = false;
    for (int i = 0; i < a->rest_count; i++) {
        if (strcmp(a->rest[i], "--check") == 0)
            check = true;
        else
            return usage_error(env, "rebuild: unknown argument '%s'", a->rest[i]);
    }
    Collection *c = open_synced(a, env);
    if (!c)
        return 1;
    RebuildReport rep;
    Err e = store_rebuild(c->store, false, &rep);
    Buf made = {0};
    if (!e && !check && rep.differing) {
        /* Rewriting states is the one thing rebuild changes: keep the old ones. */
        e = collection_backup(c, env->now_ms / 1000, env->tz_offset_s, true, &made);
        if (!e)
            e = store_rebuild(c->store, true, &rep);
    }
    if (e) {
        fprintf(env->err, "archdrill: rebuild failed: %s\n", store_errmsg(c->store));
    } else {
        fprintf(env->out,
                "replayed %lld review%s of %lld card%s: %lld state%s differ%s from the log",
                (long long)rep.reviews, rep.reviews == 1 ? "" : "s", (long long)rep.cards,
                rep.cards == 1 ? "" : "s", (long long)rep.differing, rep.differing == 1 ? "" : "s",
                rep.differing == 1 ? "s" : "");
        if (rep.written)
            fprintf(env->out, "; %lld rewritten (backup: %s)", (long long)rep.written,
                    buf_str(&made));
        fprintf(env->out, "\n");
        if (rep.first_card_id)
            fprintf(env->out, "first card concerned: %lld\n", (long long)rep.first_card_id);
        if (rep.log_mismatches)
            fprintf(env->err,
                    "archdrill: review-log rows whose replay gives another result: %lld\n",
                    (long long)rep.log_mismatches);
        if (rep.unreplayable)
            fprintf(env->err,
                    "archdrill: cards whose log the scheduler rejects (left as they are): %lld\n",
                    (long long)rep.unreplayable);
    }
    buf_free(&made);
    collection_close(c);
    if (e)
        return 1;
    return check && (rep.differing || rep.unreplayable || rep.log_mismatches) ? 1 : 0;
}

/* Parses a positive integer option value; false if it is not one. */
static bool parse_count(const char *s, int64_t max, int64_t *out)
{
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || v < 1 || v > max)
        return false;
    *out = v;
    return true;
}

static int cmd_bench(const Args *a, const CliEnv *env)
{
    if (a->rest_count >= 1 && strcmp(a->rest[0], "board") == 0)
        return bench_board_main(a->rest + 1, a->rest_count - 1, env);
    if (a->rest_count >= 1 && strcmp(a->rest[0], "stats") == 0)
        return bench_stats_main(a->rest + 1, a->rest_count - 1, env->now_ms, env->tz_offset_s,
                                env->out, env->err, NULL);
    bool generate = a->rest_count >= 2 && strcmp(a->rest[0], "collection") == 0;
    if (!generate && (a->rest_count < 1 || strcmp(a->rest[0], "sched") != 0))
        return usage_error(env, "bench takes sched, board, stats, or collection DIR");
    BenchConfig cfg = bench_config_default(env->now_ms, env->tz_offset_s);
    for (int i = generate ? 2 : 1; i < a->rest_count; i++) {
        const char *opt = a->rest[i];
        int64_t v = 0;
        bool cards = strcmp(opt, "--cards") == 0, reviews = strcmp(opt, "--reviews") == 0;
        if (!cards && !reviews)
            return usage_error(env, "bench sched: unknown argument '%s'", opt);
        if (i + 1 >= a->rest_count ||
            !parse_count(a->rest[i + 1], cards ? 10000000 : 100000000, &v))
            return usage_error(env, "bench sched: %s needs a positive number", opt);
        i++;
        if (cards)
            cfg.cards = (int32_t)v;
        else
            cfg.reviews = v;
    }
    if (cfg.decks > cfg.cards)
        cfg.decks = cfg.cards;
    if (generate) {
        if (files_mkdir_p(a->rest[1], 0700)) {
            fprintf(env->err, "archdrill: %s: cannot create the folder\n", a->rest[1]);
            return 1;
        }
        Buf db = {0};
        buf_printf(&db, "%s/archdrill.db", a->rest[1]);
        int status = bench_generate(&cfg, buf_str(&db), env->out, env->err);
        buf_free(&db);
        return status;
    }
    return bench_sched_run(&cfg, env->out, env->err, NULL);
}

/* ---- dispatch ---------------------------------------------------------------------- */

typedef struct Command {
    const char *name;
    int (*run)(const Args *a, const CliEnv *env);
} Command;

/* `board ...` lives in cmd_board.c; it needs only the data folder from here. */
static int cmd_board(const Args *a, const CliEnv *env)
{
    return cmd_board_run(resolve_data_dir(a, env), a->rest, a->rest_count, env);
}

/* `stats` and `export-log` live in cmd_stats.c. */
static int cmd_stats(const Args *a, const CliEnv *env)
{
    return cmd_stats_run(resolve_data_dir(a, env), a->rest, a->rest_count, env);
}

static int cmd_export_log(const Args *a, const CliEnv *env)
{
    return cmd_export_log_run(resolve_data_dir(a, env), a->rest, a->rest_count, env);
}

static const Command COMMANDS[] = {
    {"drills", cmd_drills},
    {"check", cmd_check},
    {"decks", cmd_decks},
    {"add-decks", cmd_add_decks},
    {"backup", cmd_backup},
    {"restore", cmd_restore},
    {"fsrs-replay", cmd_fsrs_replay},
    {"rebuild", cmd_rebuild},
    {"bench", cmd_bench},
    {"board", cmd_board},
    {"stats", cmd_stats},
    {"export-log", cmd_export_log},
};

int cli_main(int argc, char **argv, const CliEnv *env, CliLaunch *launch)
{
    Args a = {0};
    int i = 1;
    for (; i < argc && !a.command; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(USAGE, env->out);
            return 0;
        } else if (strcmp(arg, "--version") == 0) {
            fprintf(env->out, "archdrill %s\n", ARCHDRILL_VERSION);
            return 0;
        } else if (strcmp(arg, "--data-dir") == 0) {
            if (i + 1 >= argc || !argv[i + 1][0])
                return usage_error(env, "--data-dir needs a folder");
            a.data_dir = argv[++i];
        } else if (strncmp(arg, "--data-dir=", 11) == 0 && arg[11]) {
            a.data_dir = arg + 11;
        } else if (arg[0] == '-') {
            return usage_error(env, "unknown option '%s'", arg);
        } else {
            a.command = arg;
        }
    }
    a.rest = argv + i;
    a.rest_count = argc - i;
    for (int k = 0; k < a.rest_count; k++)
        if (strcmp(a.rest[k], "--help") == 0 || strcmp(a.rest[k], "-h") == 0) {
            fputs(USAGE, env->out);
            return 0;
        }
    if (!a.command) {
        const char *dir = resolve_data_dir(&a, env);
        if (!dir) {
            fprintf(env->err, "archdrill: no data folder: pass --data-dir DIR\n");
            return 1;
        }
        snprintf(launch->data_dir, sizeof(launch->data_dir), "%s", dir);
        return CLI_OPEN_WINDOW;
    }
    for (size_t k = 0; k < ARRAY_LEN(COMMANDS); k++)
        if (strcmp(a.command, COMMANDS[k].name) == 0)
            return COMMANDS[k].run(&a, env);
    return usage_error(env, "unknown command '%s'", a.command);
}
