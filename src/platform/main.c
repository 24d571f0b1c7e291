/*
 * main.c: the entry point. Commands run without a window (the CLI); with no command the
 * app opens its collection, syncs the decks, takes the start-up backup and runs the main
 * loop: wait for an event or the next deadline, update, record a DrawList, and render
 * only when it changed, so an idle window costs no CPU.
 */
#define _POSIX_C_SOURCE 200809L
#include "platform/platform.h"

#include "platform/chime.h"
#include "platform/geometry.h"

#include "cli/cli.h"
#include "core/collection.h"
#include "core/store_study.h"
#include "ui/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IDLE_WAKE_MS 60000 /* deck counts change as cards come due */

static double main_start_ms; /* for the UI benchmark */

static int64_t real_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The app's clock. ARCHDRILL_TIME_SCALE=N (tests only) runs it N times faster from the
 * moment the app started, so an end-to-end test can sit through a 45-minute drill. */
static double clock_scale = -1;

static int64_t wall_clock_ms(void)
{
    static int64_t origin;
    double scale = clock_scale;
    if (scale < 0) {
        const char *env = getenv("ARCHDRILL_TIME_SCALE");
        scale = env ? atof(env) : 1;
        if (!(scale >= 1 && scale <= 10000))
            scale = 1;
        origin = real_clock_ms();
        clock_scale = scale;
    }
    int64_t now = real_clock_ms();
    return scale == 1 ? now : origin + (int64_t)((double)(now - origin) * scale);
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

/* Whether to ask for a GPU renderer. Without a GPU (no DRM render node, as under Xvfb or in
 * a VM) OpenGL would run on Mesa's software rasteriser, which maps ~60 MB of LLVM to draw
 * what SDL's own software renderer draws in a few milliseconds; so the software renderer
 * is used there. ARCHDRILL_RENDERER=software|accelerated overrides the choice. */
static bool want_accelerated(void)
{
    const char *choice = getenv("ARCHDRILL_RENDERER");
    if (choice && strcmp(choice, "software") == 0)
        return false;
    if (choice && strcmp(choice, "accelerated") == 0)
        return true;
#ifdef __linux__
    return access("/dev/dri/renderD128", F_OK) == 0 || access("/dev/dri/card0", F_OK) == 0;
#else
    return true;
#endif
}

typedef struct Window {
    SDL_Window *win;
    SDL_Renderer *sdl;
    Renderer *renderer;
    WindowGeometry geometry; /* the normal geometry, kept while the window is maximized */
} Window;

/* Opens the window where it was, at its size, maximized if it was: created there, so it
 * never shows elsewhere first and jumps. */
static bool window_open(Window *w, const char *data_root, WindowGeometry g)
{
    w->geometry = g;
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    w->win = SDL_CreateWindow("archdrill", g.x, g.y, g.w, g.h,
                              flags | (g.maximized ? SDL_WINDOW_MAXIMIZED : 0));
    if (!w->win) {
        fprintf(stderr, "archdrill: cannot open a window: %s\n", SDL_GetError());
        return false;
    }
    SDL_SetWindowMinimumSize(w->win, UI_MIN_WIDTH, UI_MIN_HEIGHT);
    /* The UI benchmark times frames, so it must not wait for the display's refresh. */
    Uint32 vsync = getenv("ARCHDRILL_BENCH_UI") ? 0 : SDL_RENDERER_PRESENTVSYNC;
    if (want_accelerated())
        w->sdl = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED | vsync);
    if (!w->sdl) {
        /* Present through X11 shared memory rather than through a GL context. */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        w->sdl = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    }
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

/* The host callbacks the app calls back into. */
typedef struct Host {
    Collection *collection;
    Renderer *renderer;
    char decks[1100];
} Host;

static float host_measure(void *user, FontId font, float size, const char *text)
{
    return renderer_measure(((Host *)user)->renderer, font, size, text);
}

static void host_resync(void *user, DeckErrors *errs)
{
    Host *h = user;
    SyncReport rep = {0};
    if (collection_sync(h->collection, h->decks, wall_clock_ms() / 1000, &rep, errs))
        fprintf(stderr, "archdrill: %s\n", store_errmsg(h->collection->store));
}

static void host_open_file(void *user, const char *path, int line)
{
    (void)user;
    if (!editor_open(path, line))
        fprintf(stderr, "archdrill: could not open an editor for %s\n", path);
}

/* Window geometry is remembered in the settings table: the saved one, placed on the
 * displays there are now (needs SDL's video started). */
static WindowGeometry load_geometry(Store *s)
{
    WindowGeometry g = geometry_default(1100, 720);
    Buf b = {0};
    if (s && store_setting_get(s, "window_geometry", &b) == ERR_OK)
        geometry_parse(buf_str(&b), UI_MIN_WIDTH, UI_MIN_HEIGHT, &g);
    buf_free(&b);
    SDL_Rect displays[16];
    int n = SDL_GetNumVideoDisplays(), known = 0;
    for (int i = 0; i < n && known < 16; i++)
        if (SDL_GetDisplayBounds(i, &displays[known]) == 0)
            known++;
    return geometry_place(&g, displays, known);
}

/* Notes the window's normal geometry while it is neither maximized nor full screen. Called
 * after a batch of events that moved or resized nothing, as the size a window manager
 * gives a window it maximizes can come before the news that it did. On X11 the position
 * kept is the frame's: a window manager places a new window's frame where it was asked
 * to, so keeping the inside's would move the window down by its title bar every start. */
static void track_geometry(Window *w)
{
    if (SDL_GetWindowFlags(w->win) &
        (SDL_WINDOW_MAXIMIZED | SDL_WINDOW_FULLSCREEN | SDL_WINDOW_MINIMIZED))
        return;
    int x, y, top = 0, left = 0;
    SDL_GetWindowPosition(w->win, &x, &y);
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && strcmp(driver, "x11") == 0 &&
        SDL_GetWindowBordersSize(w->win, &top, &left, NULL, NULL) != 0)
        top = left = 0;
    w->geometry.x = x - left;
    w->geometry.y = y - top;
    SDL_GetWindowSize(w->win, &w->geometry.w, &w->geometry.h);
}

static void save_geometry(Window *w, Store *s)
{
    if (!s)
        return;
    Uint32 flags = SDL_GetWindowFlags(w->win);
    if (!(flags & (SDL_WINDOW_MAXIMIZED | SDL_WINDOW_FULLSCREEN | SDL_WINDOW_MINIMIZED)))
        track_geometry(w);
    w->geometry.maximized = (flags & SDL_WINDOW_MAXIMIZED) != 0;
    char value[64];
    geometry_format(&w->geometry, value, sizeof(value));
    store_setting_set(s, "window_geometry", value);
}

/* Runs one frame and renders it if it differs from what is on screen. */
static bool frame(Window *w, App *app, const InputEvent *ev, DrawList *dl, uint64_t *shown,
                  bool force)
{
    int lw, lh;
    renderer_set_scale(w->renderer, window_scale(w, &lw, &lh));
    bool running = app_frame(app, ev, (float)lw, (float)lh, wall_clock_ms(), dl);
    uint64_t h = draw_hash(dl);
    if (running && (force || h != *shown)) {
        renderer_draw(w->renderer, dl);
        *shown = h;
    }
    return running;
}

/* ARCHDRILL_BENCH_UI=1 (bench/ui.sh): after the first frame, print when it was presented,
 * open the review screen, time building and rendering its frames, print the memory in
 * use, and quit. The figures are printed, never asserted on. */
static void bench_ui(Window *w, App *app, DrawList *dl)
{
    printf("first_frame_wall_ms %lld\n", (long long)wall_clock_ms());
    printf("first_frame_after_main_ms %.1f\n", measure_mono_ms() - main_start_ms);
    uint64_t shown = 0;
    InputEvent study = {.type = INPUT_KEY, .key = KEY_CHAR, .ch = 's'};
    InputEvent reveal = {.type = INPUT_KEY, .key = KEY_SPACE};
    frame(w, app, &study, dl, &shown, true);
    frame(w, app, &reveal, dl, &shown, true);
    enum { FRAMES = 300 };
    static double ms[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
        double t0 = measure_mono_ms();
        frame(w, app, NULL, dl, &shown, true);
        ms[i] = measure_mono_ms() - t0;
    }
    qsort(ms, FRAMES, sizeof(ms[0]), measure_cmp_double);
    printf("review_frame_ms median %.3f p95 %.3f max %.3f (%zu draw commands)\n", ms[FRAMES / 2],
           ms[FRAMES * 95 / 100], ms[FRAMES - 1], dl->count);
    printf("rss_kb %ld peak_rss_kb %ld\n", measure_status_kb("VmRSS:"),
           measure_status_kb("VmHWM:"));
    fflush(stdout);
}

/* The start-up backup runs on its own connection in a thread once the first frame is
 * shown, so a large collection never delays the window. */
typedef struct BackupJob {
    const char *data_dir;
    int tz_offset_s;
    SDL_Thread *thread;
} BackupJob;

static int backup_thread(void *user)
{
    BackupJob *job = user;
    Collection *c = NULL;
    ErrInfo err = {0};
    if (collection_open(job->data_dir, &c, &err)) {
        fprintf(stderr, "archdrill: backup: %s: %s\n", err.file, err.msg);
        return 1;
    }
    Buf made = {0};
    if (collection_backup(c, wall_clock_ms() / 1000, job->tz_offset_s, false, &made))
        fprintf(stderr, "archdrill: backup failed: %s\n", store_errmsg(c->store));
    buf_free(&made);
    collection_close(c);
    return 0;
}

static void run_loop(Window *w, App *app, BackupJob *backup)
{
    DrawList dl = {0};
    uint64_t shown = 0;
    bool running = frame(w, app, NULL, &dl, &shown, true);
    if (getenv("ARCHDRILL_BENCH_UI")) {
        bench_ui(w, app, &dl);
        running = false;
    } else if (backup) {
        backup->thread = SDL_CreateThread(backup_thread, "backup", backup);
    }
    while (running) {
        int64_t deadline = app_next_deadline_ms(app);
        /* deadlines are on the app's clock; waits are real milliseconds */
        int64_t wait =
            deadline ? (int64_t)((double)(deadline - wall_clock_ms()) / clock_scale) : IDLE_WAKE_MS;
        if (wait < 0)
            wait = 0;
        if (wait > IDLE_WAKE_MS)
            wait = IDLE_WAKE_MS;
        SDL_Event e;
        if (!SDL_WaitEventTimeout(&e, (int)wait)) {
            running = frame(w, app, NULL, &dl, &shown, false);
            continue;
        }
        bool moved = false;
        do {
            InputEvent ev;
            moved |= e.type == SDL_WINDOWEVENT && (e.window.event == SDL_WINDOWEVENT_MOVED ||
                                                   e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED);
            bool exposed =
                e.type == SDL_WINDOWEVENT && (e.window.event == SDL_WINDOWEVENT_EXPOSED ||
                                              e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED);
            if (sdl_translate_event(&e, &ev))
                running = frame(w, app, &ev, &dl, &shown, false);
            else if (exposed)
                running = frame(w, app, NULL, &dl, &shown, true);
        } while (running && SDL_PollEvent(&e));
        if (!moved)
            track_geometry(w);
    }
    draw_free(&dl);
}

/* Opens the collection, syncs the decks, backs up, runs the window, backs up again. A
 * database that cannot be opened is shown in the window, never overwritten. */
static int run_app(const char *data_dir, const char *data_root)
{
    int64_t now_ms = wall_clock_ms();
    int tz = local_utc_offset_s();
    Host host = {0};
    snprintf(host.decks, sizeof(host.decks), "%s/decks", data_root);
    ErrInfo err = {0};
    char fatal[800] = "";
    DeckErrors errs = {0};
    if (collection_open(data_dir, &host.collection, &err)) {
        snprintf(fatal, sizeof(fatal), "%s: %s", err.file, err.msg);
        fprintf(stderr, "archdrill: %s\n", fatal);
    } else {
        host_resync(&host, &errs);
        for (size_t i = 0; i < errs.count; i++) {
            char line[1024];
            deck_error_format(&errs.items[i], line, sizeof(line));
            fprintf(stderr, "%s\n", line);
        }
    }
    Store *store = host.collection ? host.collection->store : NULL;
    BackupJob backup = {.data_dir = data_dir, .tz_offset_s = tz};

    int status = 1;
    Window w = {0};
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "archdrill: cannot start SDL: %s\n", SDL_GetError());
    } else if (window_open(&w, data_root, load_geometry(store))) {
        DayRule rule = DAY_RULE_UTC;
        if (store && store_day_rule(store, tz, &rule))
            fprintf(stderr, "archdrill: %s\n", store_errmsg(store));
        AppConfig cfg = {.store = store,
                         .host = {.user = &host,
                                  .measure = host_measure,
                                  .resync = host_resync,
                                  .open_file = host_open_file,
                                  .export_png = sdl_export_png,
                                  .chime = chime_play},
                         .theme = theme_light(),
                         .day_rule = rule,
                         .errors = &errs,
                         .fatal = fatal[0] ? fatal : NULL};
        host.renderer = w.renderer;
        App *app = app_create(&cfg, now_ms);
        run_loop(&w, app, store ? &backup : NULL);
        if (backup.thread)
            SDL_WaitThread(backup.thread, NULL);
        save_geometry(&w, store);
        app_destroy(app);
        status = fatal[0] ? 1 : 0;
    }
    deck_errors_free(&errs);
    window_close(&w);
    TTF_Quit();
    SDL_Quit();
    Buf made = {0};
    if (store && !getenv("ARCHDRILL_BENCH_UI") &&
        collection_backup(host.collection, wall_clock_ms() / 1000, tz, false, &made))
        fprintf(stderr, "archdrill: backup failed: %s\n", store_errmsg(store));
    buf_free(&made);
    collection_close(host.collection);
    return status;
}

int main(int argc, char **argv)
{
    main_start_ms = measure_mono_ms();
    char *data_root = paths_data_root();
    char *pref = SDL_GetPrefPath("", "archdrill");
    CliEnv env = {.default_data_dir = pref,
                  .data_root = data_root,
                  .now_ms = wall_clock_ms(),
                  .tz_offset_s = local_utc_offset_s(),
                  .out = stdout,
                  .err = stderr,
                  .platform = data_root,
                  .board_png = sdl_export_board_png,
                  .bench_board_render = sdl_bench_board_render};
    CliLaunch launch = {0};
    int status = cli_main(argc, argv, &env, &launch);
    if (status == CLI_OPEN_WINDOW)
        status = run_app(launch.data_dir, data_root);
    SDL_free(pref);
    free(data_root);
    return status;
}
