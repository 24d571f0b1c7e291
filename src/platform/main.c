/*
 * main.c: the entry point. Commands run without a window (the CLI); with no command the
 * app opens its collection, syncs the decks, takes the start-up backup and runs the main
 * loop: wait for an event or the next deadline, update, record a DrawList, and render
 * only when it changed, so an idle window costs no CPU.
 */
#define _POSIX_C_SOURCE 200809L
#include "platform/platform.h"

#include "cli/cli.h"
#include "core/collection.h"
#include "ui/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define IDLE_WAKE_MS 60000 /* deck counts change as cards come due */

static int64_t wall_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int local_utc_offset_s(void)
{
    time_t now = time(NULL);
    struct tm local, utc;
    localtime_r(&now, &local);
    gmtime_r(&now, &utc);
    local.tm_isdst = 0;
    return (int)difftime(mktime(&local), mktime(&utc));
}

typedef struct Window {
    SDL_Window *win;
    SDL_Renderer *sdl;
    Renderer *renderer;
} Window;

static bool window_open(Window *w, const char *data_root)
{
    w->win = SDL_CreateWindow("archdrill", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1100,
                              720, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!w->win) {
        fprintf(stderr, "archdrill: cannot open a window: %s\n", SDL_GetError());
        return false;
    }
    SDL_SetWindowMinimumSize(w->win, 560, 400);
    w->sdl = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!w->sdl)
        w->sdl = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    if (!w->sdl) {
        fprintf(stderr, "archdrill: cannot create a renderer: %s\n", SDL_GetError());
        return false;
    }
    char assets[1100];
    snprintf(assets, sizeof(assets), "%s/assets", data_root);
    w->renderer = renderer_create(w->sdl, assets);
    return w->renderer != NULL;
}

static void window_close(Window *w)
{
    renderer_destroy(w->renderer);
    if (w->sdl)
        SDL_DestroyRenderer(w->sdl);
    if (w->win)
        SDL_DestroyWindow(w->win);
}

/* Logical size and the HiDPI scale (drawable pixels per window unit). */
static float window_scale(Window *w, int *lw, int *lh)
{
    int pw = 0, ph = 0;
    SDL_GetWindowSize(w->win, lw, lh);
    SDL_GetRendererOutputSize(w->sdl, &pw, &ph);
    return *lw > 0 ? (float)pw / (float)*lw : 1.0f;
}

static void run_loop(Window *w, App *app)
{
    DrawList dl = {0};
    uint64_t last_hash = 0;
    bool running = true, dirty = true;
    while (running) {
        SDL_Event e;
        int got = SDL_WaitEventTimeout(&e, IDLE_WAKE_MS);
        int64_t now_ms = wall_clock_ms();
        while (got) {
            InputEvent ev;
            if (e.type == SDL_WINDOWEVENT)
                dirty = true;
            else if (sdl_translate_event(&e, &ev) && !app_handle(app, &ev, now_ms))
                running = false;
            got = SDL_PollEvent(&e);
        }
        int lw, lh;
        renderer_set_scale(w->renderer, window_scale(w, &lw, &lh));
        app_draw(app, &dl, (float)lw, (float)lh, now_ms);
        uint64_t h = draw_hash(&dl);
        if (dirty || h != last_hash) {
            renderer_draw(w->renderer, &dl);
            last_hash = h;
            dirty = false;
        }
    }
    draw_free(&dl);
}

/* Opens the collection, syncs the decks, backs up, runs the window, backs up again. */
static int run_app(const char *data_dir, const char *data_root)
{
    int64_t now_ms = wall_clock_ms();
    int tz = local_utc_offset_s();
    Collection *c = NULL;
    ErrInfo err = {0};
    if (collection_open(data_dir, &c, &err)) {
        fprintf(stderr, "archdrill: %s: %s\n", err.file, err.msg);
        return 1;
    }
    char decks[1100];
    snprintf(decks, sizeof(decks), "%s/decks", data_root);
    SyncReport rep = {0};
    DeckErrors errs = {0};
    if (collection_sync(c, decks, now_ms / 1000, &rep, &errs))
        fprintf(stderr, "archdrill: %s\n", store_errmsg(c->store));
    for (size_t i = 0; i < errs.count; i++) {
        char line[1024];
        deck_error_format(&errs.items[i], line, sizeof(line));
        fprintf(stderr, "%s\n", line);
    }
    deck_errors_free(&errs);
    Buf made = {0};
    if (collection_backup(c, now_ms / 1000, tz, false, &made))
        fprintf(stderr, "archdrill: backup failed: %s\n", store_errmsg(c->store));

    int status = 1;
    Window w = {0};
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "archdrill: cannot start SDL: %s\n", SDL_GetError());
    } else if (window_open(&w, data_root)) {
        AppConfig cfg = {.store = c->store,
                         .measure = renderer_measure,
                         .measure_user = w.renderer,
                         .theme = theme_light(),
                         .deck_files_with_errors = rep.files_failed};
        App *app = app_create(&cfg, now_ms);
        run_loop(&w, app);
        app_destroy(app);
        status = 0;
    }
    window_close(&w);
    TTF_Quit();
    SDL_Quit();
    if (collection_backup(c, wall_clock_ms() / 1000, tz, false, &made))
        fprintf(stderr, "archdrill: backup failed: %s\n", store_errmsg(c->store));
    buf_free(&made);
    collection_close(c);
    return status;
}

int main(int argc, char **argv)
{
    char *data_root = paths_data_root();
    char *pref = SDL_GetPrefPath("", "archdrill");
    CliEnv env = {.default_data_dir = pref,
                  .data_root = data_root,
                  .now_ms = wall_clock_ms(),
                  .tz_offset_s = local_utc_offset_s(),
                  .out = stdout,
                  .err = stderr};
    CliLaunch launch = {0};
    int status = cli_main(argc, argv, &env, &launch);
    if (status == CLI_OPEN_WINDOW)
        status = run_app(launch.data_dir, data_root);
    SDL_free(pref);
    free(data_root);
    return status;
}
