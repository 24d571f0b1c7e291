/*
 * cmd_board.c: `archdrill board list|import|export` (cmd_board.h). Boards live in the
 * collection's database; the files are read and written through io/ (excalidraw,
 * board_svg) or, for PNG, drawn by the platform through the CliEnv's board_png (the CLI
 * itself never draws). An export is written to FILE.tmp and renamed, so a failed write
 * never leaves half a file under the name asked for.
 */
#include "cli/cmd_board.h"

#include "core/collection.h"
#include "core/store_board.h"
#include "io/board_svg.h"
#include "io/excalidraw.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char BOARD_USAGE[] =
    "usage: archdrill board list [--json]\n"
    "       archdrill board import FILE [--name NAME]\n"
    "       archdrill board export ID --format svg|excalidraw|png [--scale S] -o FILE\n";

static int usage(const CliEnv *env, const char *what, const char *arg)
{
    fprintf(env->err, "archdrill: board: %s%s%s%s\n%s", what, arg ? " '" : "", arg ? arg : "",
            arg ? "'" : "", BOARD_USAGE);
    return 2;
}

static Collection *open_collection(const char *data_dir, const CliEnv *env)
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
    return c;
}

/* ---- list -------------------------------------------------------------------------- */

/* "YYYY-MM-DD HH:MM" in local time (UTC plus the offset). */
static void local_time(int64_t s, int tz_offset_s, char out[32])
{
    time_t t = (time_t)(s + tz_offset_s);
    struct tm *tm = gmtime(&t);
    if (!tm || !strftime(out, 32, "%Y-%m-%d %H:%M", tm))
        snprintf(out, 32, "%lld", (long long)s);
}

static void print_json(const CliEnv *env, const BoardInfo *list, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "id", (double)list[i].id);
        cJSON_AddStringToObject(o, "name", list[i].name);
        cJSON_AddNumberToObject(o, "elements", (double)list[i].elements);
        if (list[i].attempt_id)
            cJSON_AddNumberToObject(o, "attempt", (double)list[i].attempt_id);
        else
            cJSON_AddNullToObject(o, "attempt");
        cJSON_AddNumberToObject(o, "created_s", (double)list[i].created_s);
        cJSON_AddNumberToObject(o, "modified_s", (double)list[i].modified_s);
        cJSON_AddItemToArray(arr, o);
    }
    char *text = cJSON_Print(arr);
    fprintf(env->out, "%s\n", text);
    cJSON_free(text);
    cJSON_Delete(arr);
}

static int list(Collection *c, char **args, int count, const CliEnv *env)
{
    bool json = false;
    for (int i = 0; i < count; i++) {
        if (strcmp(args[i], "--json") != 0)
            return usage(env, "list: unknown argument", args[i]);
        json = true;
    }
    BoardInfo *boards = NULL;
    size_t n = 0;
    if (store_board_list(c->store, false, &boards, &n)) {
        fprintf(env->err, "archdrill: %s\n", store_errmsg(c->store));
        return 1;
    }
    if (json) {
        print_json(env, boards, n);
    } else {
        fprintf(env->out, "%6s  %-32s %8s  %-8s %s\n", "id", "name", "elements", "drill",
                "modified");
        for (size_t i = 0; i < n; i++) {
            char when[32], drill[24] = "-";
            local_time(boards[i].modified_s, env->tz_offset_s, when);
            if (boards[i].attempt_id)
                snprintf(drill, sizeof(drill), "#%lld", (long long)boards[i].attempt_id);
            fprintf(env->out, "%6lld  %-32.32s %8lld  %-8s %s\n", (long long)boards[i].id,
                    boards[i].name, (long long)boards[i].elements, drill, when);
        }
    }
    store_board_list_free(boards, n);
    return 0;
}

/* ---- import ------------------------------------------------------------------------ */

/* The file's name without its folder and its .excalidraw or .json extension. */
static char *name_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    static const char *const EXTS[] = {".excalidraw", ".json"};
    for (size_t i = 0; i < ARRAY_LEN(EXTS); i++)
        if (n > strlen(EXTS[i]) && str_ends_with(base, EXTS[i])) {
            n -= strlen(EXTS[i]);
            break;
        }
    if (n > STORE_BOARD_NAME_MAX) {
        n = STORE_BOARD_NAME_MAX;
        while (n && ((unsigned char)base[n] & 0xc0) == 0x80)
            n--; /* cut at a code point boundary */
    }
    return n ? xstrndup(base, n) : xstrdup("Imported board");
}

static void print_notices(const CliEnv *env, const char *path, const char *notices)
{
    while (*notices) {
        const char *nl = strchr(notices, '\n');
        size_t n = nl ? (size_t)(nl - notices) : strlen(notices);
        fprintf(env->err, "archdrill: %s: %.*s\n", path, (int)n, notices);
        notices += n + (nl != NULL);
    }
}

static int import(Collection *c, char **args, int count, const CliEnv *env)
{
    const char *path = NULL, *name = NULL;
    for (int i = 0; i < count; i++) {
        if (strcmp(args[i], "--name") == 0 && i + 1 < count)
            name = args[++i];
        else if (args[i][0] == '-' || path)
            return usage(env, "import: unexpected argument", args[i]);
        else
            path = args[i];
    }
    if (!path)
        return usage(env, "import needs a file", NULL);
    Board *b = NULL;
    ExcalidrawReport rep = {0};
    ErrInfo err = {0};
    if (excalidraw_import_file(path, &b, &rep, &err)) {
        fprintf(env->err, "archdrill: %s: %s; nothing was imported\n", path, err.msg);
        excalidraw_report_free(&rep);
        return 1;
    }
    print_notices(env, path, buf_str(&rep.notices));
    char *fallback = name_from_path(path);
    int64_t id = 0;
    int status = 0;
    if (store_board_import(c->store, name ? name : fallback, b, env->now_ms / 1000, &id)) {
        fprintf(env->err, "archdrill: %s\n", store_errmsg(c->store));
        status = 1;
    } else {
        fprintf(env->out, "imported %zu element%s from %s as board \"%s\"\n%lld\n", rep.imported,
                rep.imported == 1 ? "" : "s", path, name ? name : fallback, (long long)id);
    }
    free(fallback);
    excalidraw_report_free(&rep);
    board_free(b);
    return status;
}

/* ---- export ------------------------------------------------------------------------ */

/* Writes text to path through path.tmp and a rename ("-" is standard output). */
static bool write_out(const char *path, const char *text, size_t len, const CliEnv *env)
{
    if (strcmp(path, "-") == 0)
        return fwrite(text, 1, len, env->out) == len;
    Buf tmp = {0};
    buf_printf(&tmp, "%s.tmp", path);
    FILE *f = fopen(buf_str(&tmp), "wb");
    bool ok = f && fwrite(text, 1, len, f) == len;
    ok = f && fclose(f) == 0 && ok;
    ok = ok && rename(buf_str(&tmp), path) == 0;
    if (!ok) {
        fprintf(env->err, "archdrill: %s: cannot write: %s\n", path, strerror(errno));
        remove(buf_str(&tmp));
    }
    buf_free(&tmp);
    return ok;
}

#define PNG_SCALE_MIN     0.1
#define PNG_SCALE_MAX     30.0
#define PNG_SCALE_DEFAULT 2.0

static int export_png(const Board *b, long long id, double scale, const char *out,
                      const CliEnv *env)
{
    char err[512] = "";
    if (!env->board_png(env->platform, b, NULL, scale, out, err, sizeof(err))) {
        fprintf(env->err, "archdrill: board %lld: png export failed: %s\n", id, err);
        return 1;
    }
    if (strcmp(out, "-") != 0)
        fprintf(env->out, "exported board %lld (%zu elements) to %s\n", id, board_count(b), out);
    return 0;
}

static int export_board(Collection *c, char **args, int count, const CliEnv *env)
{
    const char *format = NULL, *out = NULL, *id_text = NULL, *scale_text = NULL;
    for (int i = 0; i < count; i++) {
        if (strcmp(args[i], "--format") == 0 && i + 1 < count)
            format = args[++i];
        else if (strcmp(args[i], "--scale") == 0 && i + 1 < count)
            scale_text = args[++i];
        else if (strcmp(args[i], "-o") == 0 && i + 1 < count)
            out = args[++i];
        else if (args[i][0] == '-' || id_text)
            return usage(env, "export: unexpected argument", args[i]);
        else
            id_text = args[i];
    }
    char *end = NULL;
    long long id = id_text ? strtoll(id_text, &end, 10) : 0;
    if (!id_text || *end || id < 1)
        return usage(env, "export needs a board id", id_text);
    if (!format && out) {
        static const char *const EXTS[] = {"svg", "excalidraw", "png"};
        for (size_t i = 0; i < ARRAY_LEN(EXTS); i++) {
            size_t n = strlen(out), e = strlen(EXTS[i]);
            if (n > e + 1 && out[n - e - 1] == '.' && strcmp(out + n - e, EXTS[i]) == 0)
                format = EXTS[i];
        }
    }
    if (!format || !out)
        return usage(env, "export needs --format and -o FILE", NULL);
    bool png = strcmp(format, "png") == 0;
    if (!png && strcmp(format, "svg") != 0 && strcmp(format, "excalidraw") != 0)
        return usage(env, "unknown format", format);
    double scale = PNG_SCALE_DEFAULT;
    if (scale_text) {
        char *stop = NULL;
        scale = strtod(scale_text, &stop);
        if (!png)
            return usage(env, "--scale is for png only, not", format);
        if (stop == scale_text || *stop || !(scale >= PNG_SCALE_MIN && scale <= PNG_SCALE_MAX)) {
            fprintf(env->err, "archdrill: board: --scale needs a number from %g to %g, not '%s'\n",
                    PNG_SCALE_MIN, PNG_SCALE_MAX, scale_text);
            return 2;
        }
    }
    if (png && !env->board_png) {
        fprintf(env->err, "archdrill: png export needs the app's renderer; export svg or "
                          "excalidraw here, or PNG from the board screen\n");
        return 1;
    }
    Board *b = NULL;
    if (store_board_load(c->store, id, &b)) {
        fprintf(env->err, "archdrill: %s\n", store_errmsg(c->store));
        return 1;
    }
    if (png) {
        int status = export_png(b, id, scale, out, env);
        board_free(b);
        return status;
    }
    Buf text = {0};
    if (strcmp(format, "svg") == 0) {
        board_svg_export(b, NULL, 0, 20, &text);
    } else {
        char *json = excalidraw_export(b);
        buf_puts(&text, json);
        buf_putc(&text, '\n');
        free(json);
    }
    bool ok = write_out(out, buf_str(&text), text.len, env);
    if (ok && strcmp(out, "-") != 0)
        fprintf(env->out, "exported board %lld (%zu elements) to %s\n", id, board_count(b), out);
    buf_free(&text);
    board_free(b);
    return ok ? 0 : 1;
}

int cmd_board_run(const char *data_dir, char **args, int count, const CliEnv *env)
{
    if (count < 1)
        return usage(env, "which command?", NULL);
    int (*run)(Collection *, char **, int, const CliEnv *) = NULL;
    if (strcmp(args[0], "list") == 0)
        run = list;
    else if (strcmp(args[0], "import") == 0)
        run = import;
    else if (strcmp(args[0], "export") == 0)
        run = export_board;
    else
        return usage(env, "unknown command", args[0]);
    Collection *c = open_collection(data_dir, env);
    if (!c)
        return 1;
    int status = run(c, args + 1, count - 1, env);
    collection_close(c);
    return status;
}
