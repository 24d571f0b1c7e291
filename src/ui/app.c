/*
 * app.c: the screen controller. Routes each frame to the current screen after the global
 * keys (Ctrl+Q quits from anywhere), and shows a refused database as an error screen.
 */
#include "ui/app_internal.h"

#include "core/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

App *app_create(const AppConfig *config, int64_t now_ms)
{
    App *app = xcalloc(1, sizeof(*app));
    app->cfg = *config;
    ui_init(&app->ui, &config->theme, config->host.measure, config->host.user);
    if (config->errors)
        for (size_t i = 0; i < config->errors->count; i++) {
            const ErrInfo *e = &config->errors->items[i];
            deck_errors_add(&app->errors, e->file, e->line, e->col, "%s", e->msg);
        }
    if (config->fatal || !config->store) {
        snprintf(app->fatal, sizeof(app->fatal), "%s",
                 config->fatal ? config->fatal : "No collection is open.");
        app->screen = APP_FATAL;
        return app;
    }
    app->screen = APP_HOME;
    app_apply_theme(app);
    home_load(app, now_ms);
    drills_check_resume(app);
    return app;
}

void app_destroy(App *app)
{
    if (!app)
        return;
    review_end(app);
    attempt_end(app);
    drills_free(app);
    board_screen_free(app);
    stats_screen_free(app);
    store_deck_summaries_free(app->decks, app->deck_count);
    deck_errors_free(&app->errors);
    free(app);
}

AppScreen app_screen(const App *app)
{
    return app->screen;
}

int app_home_selection(const App *app)
{
    return app->selected;
}

int64_t app_next_deadline_ms(const App *app)
{
    int64_t d = app->ui.next_deadline_ms;
    if (app->screen == APP_REVIEW && app->review.flash_until_ms &&
        (!d || app->review.flash_until_ms < d))
        d = app->review.flash_until_ms;
    int64_t board = board_deadline_ms(app);
    if (board && (!d || board < d))
        d = board;
    int64_t attempt = attempt_deadline_ms(app);
    if (attempt && (!d || attempt < d))
        d = attempt;
    if (app->screen == APP_LIGHTNING && app->lightning.round) {
        int64_t l = lightning_next_tick_ms(app->lightning.round, app->ui.now_ms);
        if (l != INT64_MAX && (!d || l < d))
            d = l;
    }
    return d;
}

void app_apply_theme(App *app)
{
    Buf name = {0}, size = {0};
    store_setting_get(app->cfg.store, "theme", &name);
    float text = app->cfg.theme.text_size;
    if (store_setting_get(app->cfg.store, "text_size", &size) == ERR_OK)
        text = (float)atof(buf_str(&size));
    const char *base =
        name.len ? buf_str(&name) : (app->cfg.theme.background.r < 128 ? "dark" : "light");
    app->ui.theme = theme_named(base, text);
    buf_free(&name);
    buf_free(&size);
}

void app_go_home(App *app)
{
    review_end(app);
    app->screen = APP_HOME;
    home_load(app, app->ui.now_ms);
}

static void fatal_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    ui_label(ui, t->margin, t->margin, FONT_UI_BOLD, t->title_size, t->text,
             "archdrill cannot open your collection");
    ui_label_fit(ui, t->margin, t->margin + 56, ui->width - 2 * t->margin, FONT_UI, t->text_size,
                 t->warning, app->fatal);
    ui_label(ui, t->margin, t->margin + 96, FONT_UI, t->text_size, t->muted,
             "Nothing was changed. Restore a backup with: archdrill restore FILE");
    ui_label(ui, t->margin, t->margin + 124, FONT_UI, t->text_size, t->muted, "Ctrl+Q quits.");
}

static void run_screen(App *app)
{
    switch (app->screen) {
    case APP_HOME:
        home_frame(app);
        break;
    case APP_REVIEW:
        review_frame(app);
        break;
    case APP_SUMMARY:
        summary_frame(app);
        break;
    case APP_SETTINGS:
        settings_frame(app);
        break;
    case APP_DRILLS:
        drills_frame(app);
        break;
    case APP_ATTEMPT:
        attempt_frame(app);
        break;
    case APP_LIGHTNING:
        lightning_frame(app);
        break;
    case APP_BOARDS:
        boards_frame(app);
        break;
    case APP_BOARD:
        board_frame(app);
        break;
    case APP_STATS:
        stats_screen_frame(app);
        break;
    case APP_FATAL:
        fatal_frame(app);
        break;
    }
}

bool app_frame(App *app, const InputEvent *ev, float w, float h, int64_t now_ms, DrawList *dl)
{
    UiCtx *ui = &app->ui;
    if (ev && ev->type == INPUT_QUIT)
        return false;
    ui_begin(ui, dl, w, h, ev, now_ms);
    if (ui_key(ui, KEY_CHAR, 'q', MOD_CTRL))
        return false;
    /* Back from an editor, whichever screen the user went to meanwhile. */
    if (ev && ev->type == INPUT_FOCUS_GAINED && app->resync_on_focus)
        review_resync(app);
    /* Widgets act on an event after they are drawn, so a frame whose event changed
     * something is followed by a fresh one without the event: what is recorded always
     * shows the state after the event, on the current screen. */
    for (int pass = 0; pass < 3; pass++) {
        AppScreen before = app->screen;
        draw_rect(dl, (Rect){0, 0, w, h}, ui->theme.background);
        run_screen(app);
        bool changed = app->screen != before || (pass == 0 && ev && ui->consumed);
        if (!changed)
            break;
        ui_end(ui);
        ui_begin(ui, dl, w, h, NULL, now_ms);
    }
    ui_end(ui);
    return true;
}
