/*
 * bench_board.c: `archdrill bench board` (bench_board.h). The board is drawn with a
 * seeded generator over a square that gives about one element per 220 x 220 units, so a
 * 1600 x 1000 view at zoom 1 holds a few dozen elements, as a real sketch does; strokes
 * are random walks with a pen's pace. Timings use the monotonic clock; each figure is the
 * mean over many runs unless said otherwise.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli/bench_board.h"

#include "core/board.h"
#include "core/board_freehand.h"
#include "core/board_mesh.h"
#include "core/store.h"
#include "core/store_board.h"
#include "io/board_svg.h"
#include "io/excalidraw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

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

static double uniform(Rng *r, double lo, double hi)
{
    return lo + (hi - lo) * (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static size_t rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}

static double mb(size_t bytes)
{
    return (double)bytes / (1024.0 * 1024.0);
}

BoardBenchConfig bench_board_default(void)
{
    return (BoardBenchConfig){.elements = 10000,
                              .strokes = 2000,
                              .points = 200,
                              .queries = 100000,
                              .seed = 42,
                              .frames = 200};
}

/* ---- drawing the board ------------------------------------------------------------- */

static void add_stroke(Board *b, Rng *r, double side, int points)
{
    double x = uniform(r, 0, side), y = uniform(r, 0, side), heading = uniform(r, 0, 6.283);
    board_stroke_begin(b, x, y, NULL);
    for (int k = 1; k < points; k++) {
        heading += uniform(r, -0.35, 0.35);
        double step = uniform(r, 1.5, 4);
        x += step * cos(heading), y += step * sin(heading);
        board_stroke_add(b, x, y);
    }
    board_stroke_end(b);
}

/* One element or two (a stencil and its label), chosen at random. */
static void add_other(Board *b, Rng *r, double side, bool room_for_two, int64_t *last_shape)
{
    double x = uniform(r, 0, side), y = uniform(r, 0, side), pick = uniform(r, 0, 1);
    if (pick < 0.3 && room_for_two) {
        int s = 1 + (int)(rng_next(r) % (BOARD_STENCIL_COUNT - 1));
        *last_shape = board_add_stencil(b, (BoardStencil)s, x, y);
    } else if (pick < 0.55) {
        *last_shape = board_add_shape(b, (BoardKind)(rng_next(r) % 3), x, y, uniform(r, 60, 200),
                                      uniform(r, 40, 120));
    } else if (pick < 0.8 && *last_shape) {
        /* an arrow from the last shape to a point nearby, bound at its start */
        const BoardElement *s = board_get(b, *last_shape);
        BoardPoint pts[2] = {
            {(float)(s->x + s->w), (float)(s->y + s->h / 2)},
            {(float)(s->x + s->w + uniform(r, 50, 300)), (float)(s->y + uniform(r, -150, 150))}};
        board_edit_begin(b);
        int64_t a = board_add_line(b, BOARD_ARROW, pts, 2);
        board_bind(b, a, 0, *last_shape);
        board_edit_end(b);
    } else if (pick < 0.9) {
        BoardPoint pts[3] = {{(float)x, (float)y},
                             {(float)(x + uniform(r, -200, 200)), (float)(y + uniform(r, -50, 50))},
                             {(float)(x + uniform(r, -200, 200)), (float)(y + uniform(r, 0, 200))}};
        board_add_line(b, BOARD_LINE, pts, 3);
    } else {
        board_add_text(b, x, y, "p99 latency < 200 ms\nwrites: 5k/s", 16);
    }
}

static double side_of(const BoardBenchConfig *cfg)
{
    return sqrt((double)cfg->elements) * 220 + 2000;
}

static Board *draw(const BoardBenchConfig *cfg, double side)
{
    Board *b = board_new();
    Rng r = {cfg->seed};
    int strokes = 0;
    int64_t last_shape = 0;
    while ((int)board_count(b) < cfg->elements) {
        int left = cfg->elements - (int)board_count(b), strokes_left = cfg->strokes - strokes;
        if (strokes_left > 0 && uniform(&r, 0, 1) * left < strokes_left) {
            add_stroke(b, &r, side, cfg->points);
            strokes++;
        } else {
            add_other(b, &r, side, left - strokes_left >= 2, &last_shape);
        }
    }
    return b;
}

/* ---- measurements ------------------------------------------------------------------ */

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void time_hits(const Board *b, const BoardBenchConfig *cfg, double side,
                      BoardBenchResult *res)
{
    Rng r = {cfg->seed + 1};
    double *t = malloc((size_t)cfg->queries * sizeof(*t)), total = 0;
    size_t hits = 0;
    for (int i = 0; i < cfg->queries; i++) {
        double x = uniform(&r, 0, side), y = uniform(&r, 0, side);
        double start = now_ms();
        hits += board_hit_test(b, x, y, 4) != 0;
        t[i] = (now_ms() - start) * 1e3;
        total += t[i];
    }
    qsort(t, (size_t)cfg->queries, sizeof(*t), by_double);
    res->hit_mean_us = total / cfg->queries;
    res->hit_p99_us = t[(size_t)(cfg->queries * 0.99)];
    res->hit_max_us = t[cfg->queries - 1];
    (void)hits;
    free(t);
}

static void time_boxes(const Board *b, const BoardBenchConfig *cfg, double side,
                       BoardBenchResult *res, size_t *visible)
{
    Rng r = {cfg->seed + 2};
    BoardIds ids = {0};
    BoardRefs refs = {0};
    const int runs = 1000;
    double box = 0, view = 0;
    *visible = 0;
    for (int i = 0; i < runs; i++) {
        double x = uniform(&r, 0, side - 1600), y = uniform(&r, 0, side - 1000);
        BoardRect rect = {x, y, x + 1600, y + 1000};
        double start = now_ms();
        ids.n = 0;
        board_select_box(b, rect, &ids);
        box += now_ms() - start;
        start = now_ms();
        board_visible(b, rect, &refs);
        view += now_ms() - start;
        *visible += refs.n;
    }
    *visible /= (size_t)runs;
    res->box_mean_ms = box / runs;
    res->view_mean_ms = view / runs;
    double start = now_ms();
    board_visible(b, (BoardRect){-1e6, -1e6, 1e6, 1e6}, &refs);
    res->view_all_ms = now_ms() - start;
    board_ids_free(&ids);
    board_refs_free(&refs);
}

static void time_freehand(const Board *b, BoardBenchResult *res)
{
    BoardMesh m = {0};
    BoardPoints outline = {0};
    size_t bytes = 0;
    double mesh = 0, poly = 0;
    for (size_t i = 0; i < board_count(b); i++) {
        const BoardElement *el = board_at(b, i);
        if (el->kind != BOARD_FREEHAND)
            continue;
        BoardFreehandOptions o = board_freehand_options(el->style.width, true);
        board_mesh_clear(&m);
        double start = now_ms();
        board_freehand_mesh(el->points, el->npoints, &o, 1, &m);
        mesh += now_ms() - start;
        res->mesh_triangles += m.nidx / 3;
        bytes += m.nverts * 2 * sizeof(float) + m.nidx * sizeof(int);
        outline.n = 0;
        start = now_ms();
        board_freehand_outline(el->points, el->npoints, &o, &outline);
        poly += now_ms() - start;
        /* Zoomed out to 10 %, a screen pixel is 10 units: the level of detail, as
         * board_mesh_element sets it (samples a pixel apart, chords within half a pixel). */
        o.min_step = 10;
        o.tolerance = 5;
        board_mesh_clear(&m);
        start = now_ms();
        board_freehand_mesh(el->points, el->npoints, &o, 10, &m);
        res->mesh_far_ms += now_ms() - start;
        res->mesh_far_triangles += m.nidx / 3;
    }
    res->mesh_all_ms = mesh;
    res->outline_all_ms = poly;
    res->mesh_bytes = bytes;
    board_mesh_free(&m);
    board_points_free(&outline);
}

/* A stroke drawn point by point, its mesh rebuilt after each point as a frame would. */
static void time_stroke_in_progress(Board *b, const BoardBenchConfig *cfg, BoardBenchResult *res)
{
    Rng r = {cfg->seed + 3};
    BoardMesh m = {0};
    double x = 100, y = 100, total = 0;
    board_stroke_begin(b, x, y, NULL);
    for (int k = 1; k < cfg->points; k++) {
        x += uniform(&r, 1, 4), y += uniform(&r, -2, 2);
        double start = now_ms();
        board_stroke_add(b, x, y);
        const BoardElement *p = board_stroke_pending(b);
        BoardFreehandOptions o = board_freehand_options(p->style.width, false);
        board_mesh_clear(&m);
        board_freehand_mesh(p->points, p->npoints, &o, 1, &m);
        total += now_ms() - start;
    }
    board_stroke_cancel(b);
    res->stroke_point_us = total * 1e3 / (cfg->points - 1);
    board_mesh_free(&m);
}

static void time_undo(Board *b, BoardBenchResult *res)
{
    int64_t ids[100];
    for (size_t i = 0; i < 100; i++)
        ids[i] = board_at(b, i * (board_count(b) / 100))->id;
    board_move(b, ids, 100, 25, 10);
    double start = now_ms();
    board_undo(b);
    board_redo(b);
    board_undo(b);
    res->undo_ms = (now_ms() - start) / 3;
}

/* ---- persistence and files --------------------------------------------------------- */

static int time_store(Board *b, const BoardBenchConfig *cfg, FILE *err, BoardBenchResult *res)
{
    const char *tmp = cfg->tmp_dir ? cfg->tmp_dir : getenv("TMPDIR");
    char dir[512], db[600];
    snprintf(dir, sizeof(dir), "%s/archdrill-bench-board-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        fprintf(err, "archdrill: bench: cannot make a folder in %s\n", tmp ? tmp : "/tmp");
        return 1;
    }
    snprintf(db, sizeof(db), "%s/bench.db", dir);
    Store *s = NULL;
    ErrInfo info = {0};
    int64_t id = 0;
    int status = 1;
    Board *loaded = NULL;
    if (store_open(db, &s, &info)) {
        fprintf(err, "archdrill: bench: %s\n", info.msg);
        goto done;
    }
    double start = now_ms();
    if (store_board_import(s, "bench", b, 0, &id))
        goto fail;
    res->save_ms = now_ms() - start;
    start = now_ms();
    if (store_board_load(s, id, &loaded))
        goto fail;
    res->load_ms = now_ms() - start;
    res->loaded_bytes = board_memory_bytes(loaded);
    /* Commands on the loaded board, each saved as the screen would. */
    const int runs = 200;
    start = now_ms();
    for (int i = 0; i < runs; i++) {
        int64_t el = board_at(loaded, (size_t)i * 37 % board_count(loaded))->id;
        board_move(loaded, &el, 1, 3, 2);
        if (store_board_save(s, id, loaded, i))
            goto fail;
    }
    res->save_command_ms = (now_ms() - start) / runs;
    status = 0;
fail:
    if (status)
        fprintf(err, "archdrill: bench: %s\n", store_errmsg(s));
done:
    board_free(loaded);
    store_close(s);
    static const char *const SUFFIXES[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(SUFFIXES) / sizeof(SUFFIXES[0]); i++) {
        char f[640];
        snprintf(f, sizeof(f), "%s%s", db, SUFFIXES[i]);
        remove(f);
    }
    rmdir(dir);
    return status;
}

static int time_files(const Board *b, FILE *err, BoardBenchResult *res)
{
    double start = now_ms();
    char *json = excalidraw_export(b);
    res->export_ms = now_ms() - start;
    res->export_bytes = strlen(json);
    Board *back = NULL;
    ErrInfo info = {0};
    start = now_ms();
    Err e = excalidraw_import(json, res->export_bytes, &back, NULL, &info);
    res->import_ms = now_ms() - start;
    if (e)
        fprintf(err, "archdrill: bench: importing the export failed: %s\n", info.msg);
    board_free(back);
    free(json);
    Buf svg = {0};
    start = now_ms();
    board_svg_export(b, NULL, 0, 20, &svg);
    res->svg_ms = now_ms() - start;
    res->svg_bytes = svg.len;
    buf_free(&svg);
    return e ? 1 : 0;
}

/* ---- the report -------------------------------------------------------------------- */

static void report(FILE *out, const BoardBenchConfig *cfg, const BoardBenchResult *r,
                   size_t visible, size_t rss_delta)
{
    fprintf(out,
            "board: %zu elements (%d freehand strokes of %d points), drawn through the "
            "model's commands in %.0f ms\n",
            r->elements, cfg->strokes, cfg->points, r->build_ms);
    fprintf(out,
            "hit-test (%d random points, 4-unit tolerance): mean %.2f us, p99 %.2f us, "
            "max %.1f us (target < 100 us)\n",
            cfg->queries, r->hit_mean_us, r->hit_p99_us, r->hit_max_us);
    fprintf(out,
            "box selection of a 1600 x 1000 area: %.3f ms; the elements a 1600 x 1000 "
            "view draws (%zu on average): %.3f ms; all of them: %.2f ms\n",
            r->box_mean_ms, visible, r->view_mean_ms, r->view_all_ms);
    fprintf(out,
            "freehand meshes for all %d strokes: %.1f ms (%.1f us a stroke, %zu "
            "triangles, %.1f MB); outlines for SVG: %.1f ms\n",
            cfg->strokes, r->mesh_all_ms, r->mesh_all_ms * 1e3 / (cfg->strokes ? cfg->strokes : 1),
            r->mesh_triangles, mb(r->mesh_bytes), r->outline_all_ms);
    fprintf(out,
            "the same zoomed out to 10%% (one pixel = 10 units of detail): %.1f ms, %zu "
            "triangles\n",
            r->mesh_far_ms, r->mesh_far_triangles);
    fprintf(out, "a point added to a stroke in progress, with its mesh rebuilt: %.1f us\n",
            r->stroke_point_us);
    fprintf(out, "undo (or redo) of moving 100 elements: %.3f ms\n", r->undo_ms);
    fprintf(out,
            "SQLite: whole board written in %.0f ms, loaded in %.0f ms; a command saved "
            "in its own transaction: %.3f ms\n",
            r->save_ms, r->load_ms, r->save_command_ms);
    fprintf(out,
            "files: .excalidraw export %.0f ms (%.1f MB), import %.0f ms; SVG %.0f ms "
            "(%.1f MB)\n",
            r->export_ms, mb(r->export_bytes), r->import_ms, r->svg_ms, mb(r->svg_bytes));
    fprintf(out,
            "memory: the model %.1f MB as drawn (with the undo history of every command), "
            "%.1f MB as loaded (no history); process RSS grew %.1f MB while drawing "
            "(target < 100 MB)\n",
            mb(r->model_bytes), mb(r->loaded_bytes), mb(rss_delta));
}

Board *bench_board_generate(const BoardBenchConfig *cfg, double *side)
{
    *side = side_of(cfg);
    return draw(cfg, *side);
}

int bench_board_run(const BoardBenchConfig *cfg, FILE *out, FILE *err, BoardBenchResult *res)
{
    BoardBenchResult local = {0};
    if (!res)
        res = &local;
    memset(res, 0, sizeof(*res));
    double side = side_of(cfg);
    size_t rss0 = rss_bytes();
    double start = now_ms();
    Board *b = draw(cfg, side);
    res->build_ms = now_ms() - start;
    res->elements = board_count(b);
    size_t rss_delta = rss_bytes() - rss0;
    res->model_bytes = board_memory_bytes(b);
    /* Drawing is timed first, so the peak memory it reports is the board's and the
     * renderer's, before the exports below allocate their megabytes; its report is kept
     * until the model's is printed. */
    char *drawn = NULL;
    size_t drawn_len = 0;
    int status = 0;
    if (cfg->env && cfg->env->bench_board_render) {
        FILE *mem = open_memstream(&drawn, &drawn_len);
        status |= cfg->env->bench_board_render(cfg->env->platform, b, side / 2, side / 2,
                                               cfg->frames, mem ? mem : out, err);
        if (mem)
            fclose(mem);
    }
    time_hits(b, cfg, side, res);
    size_t visible = 0;
    time_boxes(b, cfg, side, res, &visible);
    time_freehand(b, res);
    time_stroke_in_progress(b, cfg, res);
    time_undo(b, res);
    status |= time_store(b, cfg, err, res);
    status |= time_files(b, err, res);
    report(out, cfg, res, visible, rss_delta);
    if (drawn)
        fwrite(drawn, 1, drawn_len, out);
    free(drawn);
    board_free(b);
    return status;
}

int bench_board_main(char **args, int count, const CliEnv *env)
{
    BoardBenchConfig cfg = bench_board_default();
    FILE *out = env->out, *err = env->err;
    cfg.env = env;
    for (int i = 0; i < count; i += 2) {
        int *field = strcmp(args[i], "--elements") == 0  ? &cfg.elements
                     : strcmp(args[i], "--strokes") == 0 ? &cfg.strokes
                     : strcmp(args[i], "--points") == 0  ? &cfg.points
                     : strcmp(args[i], "--frames") == 0  ? &cfg.frames
                                                         : NULL;
        char *end = NULL;
        long v = i + 1 < count ? strtol(args[i + 1], &end, 10) : 0;
        if (!field || !end || *end || v < 1 || v > 1000000) {
            fprintf(err,
                    "archdrill: bench board: %s needs a number from 1 to 1000000\n"
                    "usage: archdrill bench board [--elements N] [--strokes N] "
                    "[--points N] [--frames N]\n",
                    args[i]);
            return 2;
        }
        *field = (int)v;
    }
    if (cfg.strokes > cfg.elements)
        cfg.strokes = cfg.elements;
    if (cfg.points < 2)
        cfg.points = 2;
    return bench_board_run(&cfg, out, err, NULL);
}
