/*
 * app.h: the app's screens as one controller. The platform feeds it InputEvents and a
 * clock, asks it to draw into a DrawList, and measures text for it through a callback.
 * It reads and writes the collection through core; it never sees SDL.
 */
#ifndef ARCHDRILL_APP_H
#define ARCHDRILL_APP_H

#include "core/store.h"
#include "ui/draw.h"
#include "ui/input.h"
#include "ui/theme.h"
#include "ui/ui.h"

#include <stdbool.h>

typedef struct App App;

typedef struct AppConfig {
    Store *store;          /* borrowed; must outlive the App */
    TextMeasureFn measure; /* required */
    void *measure_user;
    Theme theme;
    int deck_files_with_errors; /* from the start-up sync, shown as a warning */
} AppConfig;

/* Creates the app on the home screen, loading the deck counts at now_ms. */
App *app_create(const AppConfig *config, int64_t now_ms);
void app_destroy(App *app);

/* Handles one event. Returns false when the app should quit. */
bool app_handle(App *app, const InputEvent *ev, int64_t now_ms);

/* Records the current frame for a window of w x h logical pixels. */
void app_draw(App *app, DrawList *dl, float w, float h, int64_t now_ms);

/* Index of the selected deck row on the home screen (for tests). */
int app_home_selection(const App *app);

#endif
