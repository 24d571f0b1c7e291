/*
 * app.h: the app's screens as one controller. The platform feeds it one InputEvent per
 * frame (or none, at a deadline) with the clock; the app records the frame into a
 * DrawList, measures text through the host's callback, and reads and writes the
 * collection through core. It never sees SDL.
 */
#ifndef ARCHDRILL_APP_H
#define ARCHDRILL_APP_H

#include "core/day.h"
#include "core/deck.h"
#include "core/store.h"
#include "ui/draw.h"
#include "ui/input.h"
#include "ui/theme.h"
#include "ui/ui.h"

#include <stdbool.h>

/* What the app asks of the platform. */
typedef struct AppHost {
    void *user;
    TextMeasureFn measure; /* required */
    /* Re-reads the deck files into the store (after an edit); appends file errors to errs.
     * May be NULL. */
    void (*resync)(void *user, DeckErrors *errs);
    /* Opens a deck file at a line in the user's editor. May be NULL. */
    void (*open_file)(void *user, const char *path, int line);
    /* Writes dl, recorded for a w x h pixel canvas, as a PNG file at path. Returns false
     * with a message in err (err_cap bytes) on failure. May be NULL (no PNG export). */
    bool (*export_png)(void *user, const DrawList *dl, int w, int h, const char *path, char *err,
                       size_t err_cap);
    /* Plays a short, soft tone (a drill phase ran over its time). May be NULL; it is only
     * called when the "overrun_sound" setting is "on". */
    void (*chime)(void *user);
} AppHost;

typedef struct AppConfig {
    Store *store; /* borrowed; must outlive the App. NULL: the app only shows `fatal` */
    AppHost host;
    Theme theme;
    DayRule day_rule;         /* local offset and rollover hour */
    const DeckErrors *errors; /* deck file errors from the start-up sync (copied); may be NULL */
    const char *fatal;        /* a problem that stops the app (a refused database); may be NULL */
} AppConfig;

typedef struct App App;

/* Creates the app on the home screen (or on the error screen when cfg->fatal is set). */
App *app_create(const AppConfig *config, int64_t now_ms);
void app_destroy(App *app);

/* Runs one frame with at most one event (NULL at a deadline) for a w x h window and
 * records it into dl. Returns false when the app should quit. */
bool app_frame(App *app, const InputEvent *ev, float w, float h, int64_t now_ms, DrawList *dl);

/* When the app next needs a frame without input (a tooltip, a refresh), or 0. */
int64_t app_next_deadline_ms(const App *app);

/* What tests look at. */
typedef enum AppScreen {
    APP_HOME,
    APP_REVIEW,
    APP_SUMMARY,
    APP_SETTINGS,
    APP_DRILLS,
    APP_ATTEMPT,
    APP_LIGHTNING,
    APP_BOARDS, /* the list of free whiteboards */
    APP_BOARD,  /* one whiteboard */
    APP_STATS,
    APP_FATAL
} AppScreen;
AppScreen app_screen(const App *app);
int app_home_selection(const App *app);

#endif
