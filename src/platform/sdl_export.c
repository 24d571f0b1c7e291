/*
 * sdl_export.c: drawing offscreen (platform.h): a DrawList executed by the app's own
 * Renderer on SDL's software renderer into an RGBA surface, then written as a PNG with
 * libpng; boards exported as PNG for the CLI through ui/board_view; and the board render
 * benchmark, which times recording and executing a canvas's frames separately.
 *
 * No window is needed, so the CLI can call this without SDL_Init; SDL_ttf is started here
 * only when nobody has, and stopped again. A PNG is written to PATH.tmp and renamed, so a
 * failure never leaves half a file under the name asked for.
 */
#define _POSIX_C_SOURCE 200809L
#include "platform/platform.h"

#include "core/str.h"
#include "ui/board_view.h"

#include <errno.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXPORT_MARGIN 20 /* board units, as the SVG export */
/* Exports draw on ARGB8888, which SDL's blitters and blenders have fast paths for (RGBA32
 * has none: blending onto it goes pixel by pixel through SDL_MapRGBA) and which libpng
 * reads as is, in its byte order. */
#define EXPORT_FORMAT SDL_PIXELFORMAT_ARGB8888
#if SDL_BYTEORDER == SDL_LIL_ENDIAN
#define EXPORT_PNG_FORMAT PNG_FORMAT_BGRA
#else
#define EXPORT_PNG_FORMAT PNG_FORMAT_ARGB
#endif
/* The benchmark draws on what an X11 window surface is: 32-bit pixels without alpha. */
#define BENCH_FORMAT SDL_PIXELFORMAT_RGB888
#define BENCH_W      1600
#define BENCH_H      1000

typedef struct Offscreen {
    SDL_Surface *surf;
    SDL_Renderer *sdl;
    Renderer *r;
    bool ttf_started; /* this started SDL_ttf, and stops it */
} Offscreen;

static void offscreen_close(Offscreen *o)
{
    renderer_destroy(o->r);
    if (o->sdl)
        SDL_DestroyRenderer(o->sdl);
    if (o->surf)
        SDL_FreeSurface(o->surf);
    if (o->ttf_started)
        TTF_Quit();
    memset(o, 0, sizeof(*o));
}

static bool size_ok(int w, int h, char *err, size_t err_cap)
{
    if (w < 1 || h < 1 || w > BOARD_EXPORT_MAX_SIDE || h > BOARD_EXPORT_MAX_SIDE ||
        (double)w * h > BOARD_EXPORT_MAX_PIXELS) {
        snprintf(err, err_cap,
                 "an image of %d x %d pixels is refused: at most %d a side and %d million in all",
                 w, h, BOARD_EXPORT_MAX_SIDE, BOARD_EXPORT_MAX_PIXELS / 1000000);
        return false;
    }
    return true;
}

/* A w x h surface of `format` (transparent black) with a software renderer and the
 * bundled fonts. */
static bool offscreen_open(Offscreen *o, int w, int h, Uint32 format, const char *data_root,
                           char *err, size_t err_cap)
{
    memset(o, 0, sizeof(*o));
    char *root = NULL;
    Buf assets = {0};
    if (!size_ok(w, h, err, err_cap))
        return false;
    if (!TTF_WasInit()) {
        if (TTF_Init() != 0) {
            snprintf(err, err_cap, "cannot start SDL_ttf: %s", TTF_GetError());
            return false;
        }
        o->ttf_started = true;
    }
    o->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, format);
    if (!o->surf) {
        snprintf(err, err_cap, "cannot make a %d x %d image: %s", w, h, SDL_GetError());
        goto fail;
    }
    o->sdl = SDL_CreateSoftwareRenderer(o->surf);
    if (!o->sdl) {
        snprintf(err, err_cap, "cannot make a software renderer: %s", SDL_GetError());
        goto fail;
    }
    if (!data_root)
        data_root = root = paths_data_root();
    buf_printf(&assets, "%s/assets", data_root);
    o->r = renderer_create(o->sdl, buf_str(&assets));
    if (!o->r)
        snprintf(err, err_cap, "the fonts in %s/fonts are missing", buf_str(&assets));
fail:
    buf_free(&assets);
    free(root);
    if (!o->r)
        offscreen_close(o);
    return o->r != NULL;
}

/* Writes the surface (EXPORT_FORMAT, unlocked) as a PNG file, or to standard output for
 * "-". */
static bool write_png(SDL_Surface *s, const char *path, char *err, size_t err_cap)
{
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)s->w;
    img.height = (png_uint_32)s->h;
    img.format = EXPORT_PNG_FORMAT;
    if (strcmp(path, "-") == 0) {
        bool ok = png_image_write_to_stdio(&img, stdout, 0, s->pixels, s->pitch, NULL) != 0;
        ok = fflush(stdout) == 0 && ok;
        if (!ok)
            snprintf(err, err_cap, "cannot write the PNG to standard output: %s",
                     img.message[0] ? img.message : strerror(errno));
        png_image_free(&img);
        return ok;
    }
    Buf tmp = {0};
    buf_printf(&tmp, "%s.tmp", path);
    FILE *f = fopen(buf_str(&tmp), "wb");
    bool ok = false;
    if (!f) {
        snprintf(err, err_cap, "%s: cannot write: %s", path, strerror(errno));
        goto done;
    }
    ok = png_image_write_to_stdio(&img, f, 0, s->pixels, s->pitch, NULL) != 0;
    if (!ok)
        snprintf(err, err_cap, "%s: cannot write the PNG: %s", path, img.message);
    if (fclose(f) != 0 && ok) {
        snprintf(err, err_cap, "%s: cannot write: %s", path, strerror(errno));
        ok = false;
    }
    if (ok && rename(buf_str(&tmp), path) != 0) {
        snprintf(err, err_cap, "%s: cannot write: %s", path, strerror(errno));
        ok = false;
    }
    if (!ok)
        remove(buf_str(&tmp));
done:
    png_image_free(&img);
    buf_free(&tmp);
    return ok;
}

bool sdl_export_png_at(const char *data_root, const DrawList *dl, int w, int h, const char *path,
                       char *err, size_t err_cap)
{
    Offscreen o;
    if (!offscreen_open(&o, w, h, EXPORT_FORMAT, data_root, err, err_cap))
        return false;
    renderer_draw(o.r, dl);
    bool ok = write_png(o.surf, path, err, err_cap);
    offscreen_close(&o);
    return ok;
}

bool sdl_export_png(void *user, const DrawList *dl, int w, int h, const char *path, char *err,
                    size_t err_cap)
{
    (void)user;
    return sdl_export_png_at(NULL, dl, w, h, path, err, err_cap);
}

bool sdl_export_board_png(void *data_root, const Board *b, const BoardIds *only, double scale,
                          const char *path, char *err, size_t err_cap)
{
    BoardExportOptions eo = {.scale = scale,
                             .margin = EXPORT_MARGIN,
                             .background = {255, 255, 255, 255},
                             .only = only,
                             .measure = renderer_measure};
    int w, h;
    BoardView v;
    if (board_view_export_frame(b, &eo, &w, &h, &v, err, err_cap))
        return false;
    Offscreen o;
    if (!offscreen_open(&o, w, h, EXPORT_FORMAT, data_root, err, err_cap))
        return false;
    /* The measurer is the renderer that draws the text, so labels centre exactly. */
    eo.measure_user = o.r;
    DrawList dl = {0};
    bool ok = board_view_export(b, &eo, &dl, &w, &h, err, err_cap) == ERR_OK;
    if (ok) {
        renderer_draw(o.r, &dl);
        ok = write_png(o.surf, path, err, err_cap);
    }
    draw_free(&dl);
    offscreen_close(&o);
    return ok;
}

/* ---- the render benchmark ---------------------------------------------------------- */

/* Timings of one series of frames. */
typedef struct Series {
    double *record, *render, *total;
    int n;
    size_t cmds, triangles;  /* summed over the frames */
    uint64_t builds;         /* meshes built during the series */
    double zoom_lo, zoom_hi; /* zooms the frames showed */
} Series;

typedef struct Bench {
    Offscreen o;
    BoardRenderer *br;
    DrawList dl;
    const Board *b;
    BoardDrawOptions opt;
    Rect area;
} Bench;

static void frame(Bench *k, BoardView v, Series *s)
{
    double t0 = measure_mono_ms();
    draw_clear(&k->dl);
    board_renderer_draw(k->br, &k->dl, k->b, k->area, v, &k->opt);
    double t1 = measure_mono_ms();
    renderer_draw(k->o.r, &k->dl);
    double t2 = measure_mono_ms();
    s->record[s->n] = t1 - t0;
    s->render[s->n] = t2 - t1;
    s->total[s->n] = t2 - t0;
    s->n++;
    s->cmds += k->dl.count;
    s->triangles += k->dl.indices_len / 3;
    if (s->n == 1 || v.zoom < s->zoom_lo)
        s->zoom_lo = v.zoom;
    if (s->n == 1 || v.zoom > s->zoom_hi)
        s->zoom_hi = v.zoom;
}

static void series_init(Series *s, int frames)
{
    memset(s, 0, sizeof(*s));
    s->record = xmalloc((size_t)frames * sizeof(double));
    s->render = xmalloc((size_t)frames * sizeof(double));
    s->total = xmalloc((size_t)frames * sizeof(double));
}

static void series_free(Series *s)
{
    free(s->record);
    free(s->render);
    free(s->total);
}

static void print_stat(FILE *out, const char *what, double *ms, int n)
{
    qsort(ms, (size_t)n, sizeof(*ms), measure_cmp_double);
    fprintf(out, " %s median %.2f p95 %.2f max %.2f;", what, ms[n / 2], ms[n * 95 / 100],
            ms[n - 1]);
}

static void report(FILE *out, const char *name, Series *s)
{
    if (!s->n)
        return;
    fprintf(out, "  %s (%d frames, zoom %.0f%%..%.0f%%): ms", name, s->n, s->zoom_lo * 100,
            s->zoom_hi * 100);
    print_stat(out, "record", s->record, s->n);
    print_stat(out, "render", s->render, s->n);
    print_stat(out, "total", s->total, s->n);
    fprintf(out, " %zu commands and %zu triangles a frame, %llu meshes built\n",
            s->cmds / (size_t)s->n, s->triangles / (size_t)s->n, (unsigned long long)s->builds);
}

int sdl_bench_board_render(void *data_root, const Board *b, double cx, double cy, int frames,
                           FILE *out, FILE *err)
{
    char msg[256];
    Bench k = {.b = b, .area = {0, 0, BENCH_W, BENCH_H}};
    if (frames < 1)
        frames = 1;
    if (!offscreen_open(&k.o, BENCH_W, BENCH_H, BENCH_FORMAT, data_root, msg, sizeof(msg))) {
        fprintf(err, "archdrill: bench: %s\n", msg);
        return 1;
    }
    k.br = board_renderer_new();
    k.opt = (BoardDrawOptions){.background = {255, 255, 255, 255},
                               .grid = true,
                               .grid_step = 20,
                               .grid_color = {240, 240, 240, 255},
                               .measure = renderer_measure,
                               .measure_user = k.o.r};
    SDL_RendererInfo info = {0};
    SDL_GetRendererInfo(k.o.sdl, &info);
    SDL_version sdl_v;
    SDL_GetVersion(&sdl_v);

    BoardView v = {cx - BENCH_W / 2.0, cy - BENCH_H / 2.0, 1};
    Series first, pan, zoom, far;
    series_init(&first, 1);
    series_init(&pan, frames);
    series_init(&zoom, frames);
    series_init(&far, frames);
    frame(&k, v, &first);
    first.builds = board_renderer_builds(k.br);

    /* Panning at 100 %: a few pixels a frame, as a drag does. */
    uint64_t built = board_renderer_builds(k.br);
    for (int i = 0; i < frames; i++) {
        v.x += 9 / v.zoom, v.y += 5 / v.zoom;
        frame(&k, v, &pan);
    }
    pan.builds = board_renderer_builds(k.br) - built;

    /* Zooming about the centre in wheel steps of 10 %, out to 25 % and in to 400 %. */
    built = board_renderer_builds(k.br);
    double step = 1 / 1.1;
    for (int i = 0; i < frames; i++) {
        double z = v.zoom * step;
        if (z < 0.25 || z > 4) {
            step = 1 / step;
            z = v.zoom * step;
        }
        v = board_view_zoom_at(v, k.area, BENCH_W / 2.0f, BENCH_H / 2.0f, z);
        frame(&k, v, &zoom);
    }
    zoom.builds = board_renderer_builds(k.br) - built;

    /* All the way out (10 %): the most elements a frame can show, panned. */
    v = board_view_zoom_at(v, k.area, BENCH_W / 2.0f, BENCH_H / 2.0f, BOARD_ZOOM_MIN);
    built = board_renderer_builds(k.br);
    int far_frames = frames / 4 > 0 ? frames / 4 : 1;
    for (int i = 0; i < far_frames; i++) {
        v.x += 9 / v.zoom, v.y += 5 / v.zoom;
        frame(&k, v, &far);
    }
    far.builds = board_renderer_builds(k.br) - built;

    fprintf(out,
            "render at %d x %d with the %s renderer (SDL %d.%d.%d), recording the draw list "
            "and executing it timed apart (target < 8 ms a pan or zoom frame):\n",
            BENCH_W, BENCH_H, info.name ? info.name : "?", sdl_v.major, sdl_v.minor, sdl_v.patch);
    fprintf(out, "  first frame, empty mesh cache: record %.2f ms, render %.2f ms, %llu meshes\n",
            first.record[0], first.render[0], (unsigned long long)first.builds);
    report(out, "pan", &pan);
    report(out, "zoom", &zoom);
    report(out, "zoomed out, pan", &far);
    fprintf(out,
            "  memory: mesh cache %.1f MB; process RSS %.1f MB, peak %.1f MB (the whole "
            "process so far: the board with its undo history, the renderer, the %d x %d "
            "surface; target < 100 MB)\n",
            (double)board_renderer_bytes(k.br) / (1024.0 * 1024.0),
            (double)measure_status_kb("VmRSS:") / 1024.0,
            (double)measure_status_kb("VmHWM:") / 1024.0, BENCH_W, BENCH_H);

    series_free(&first);
    series_free(&pan);
    series_free(&zoom);
    series_free(&far);
    draw_free(&k.dl);
    board_renderer_free(k.br);
    offscreen_close(&k.o);
    return 0;
}
