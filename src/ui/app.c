/*
 * app.c: the screen controller and the home screen: the decks with Anki's New / Learning
 * / Due columns, a keyboard-driven selection, and the keys that work shown at the bottom.
 */
#include "ui/app.h"

#include "core/base.h"
#include "core/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct App {
    AppConfig cfg;
    DeckSummary *decks;
    size_t deck_count;
    int selected;
    int64_t loaded_ms;
    char status[256];
};

static void load_decks(App *app, int64_t now_ms)
{
    store_deck_summaries_free(app->decks, app->deck_count);
    app->decks = NULL;
    app->deck_count = 0;
    /* UTC days until AppConfig carries the platform's local offset. */
    if (store_deck_summaries(app->cfg.store, now_ms, 0, &app->decks, &app->deck_count))
        snprintf(app->status, sizeof(app->status), "Could not read the decks: %s",
                 store_errmsg(app->cfg.store));
    app->loaded_ms = now_ms;
    if (app->selected >= (int)app->deck_count)
        app->selected = app->deck_count ? (int)app->deck_count - 1 : 0;
}

App *app_create(const AppConfig *config, int64_t now_ms)
{
    App *app = xcalloc(1, sizeof(*app));
    app->cfg = *config;
    if (config->deck_files_with_errors)
        snprintf(app->status, sizeof(app->status),
                 "%d deck file%s could not be loaded: run 'archdrill check' to see why",
                 config->deck_files_with_errors, config->deck_files_with_errors == 1 ? "" : "s");
    load_decks(app, now_ms);
    return app;
}

void app_destroy(App *app)
{
    if (!app)
        return;
    store_deck_summaries_free(app->decks, app->deck_count);
    free(app);
}

int app_home_selection(const App *app)
{
    return app->selected;
}

static void move_selection(App *app, int delta)
{
    if (!app->deck_count)
        return;
    int n = (int)app->deck_count;
    app->selected = (app->selected + delta + n) % n;
}

bool app_handle(App *app, const InputEvent *ev, int64_t now_ms)
{
    if (ev->type == INPUT_QUIT)
        return false;
    if (ev->type != INPUT_KEY)
        return true;
    if (ev->key == KEY_CHAR && ev->ch == 'q' && (ev->mods & MOD_CTRL))
        return false;
    switch (ev->key) {
    case KEY_UP:
        move_selection(app, -1);
        break;
    case KEY_DOWN:
        move_selection(app, 1);
        break;
    case KEY_HOME:
        app->selected = 0;
        break;
    case KEY_END:
        app->selected = app->deck_count ? (int)app->deck_count - 1 : 0;
        break;
    default:
        break;
    }
    /* Counts change as learning cards come due; refresh at most once a minute. */
    if (now_ms - app->loaded_ms > 60000)
        load_decks(app, now_ms);
    return true;
}

/* ---- drawing ----------------------------------------------------------------------- */

static float measure(const App *app, FontId f, float size, const char *s)
{
    return app->cfg.measure(app->cfg.measure_user, f, size, s);
}

static void text_right(App *app, DrawList *dl, float right, float y, FontId f, float size,
                       Color c, const char *s)
{
    draw_text(dl, right - measure(app, f, size, s), y, f, size, c, s);
}

static void draw_count(App *app, DrawList *dl, float right, float y, int n, Color c)
{
    const Theme *t = &app->cfg.theme;
    char num[16];
    snprintf(num, sizeof(num), "%d", n);
    text_right(app, dl, right, y, n ? FONT_UI_BOLD : FONT_UI, t->text_size, n ? c : t->muted,
               num);
}

/* Fits `s` into `width` by cutting it at a UTF-8 boundary and adding an ellipsis. */
static void draw_text_fit(App *app, DrawList *dl, float x, float y, float width, FontId f,
                          float size, Color c, const char *s)
{
    if (measure(app, f, size, s) <= width) {
        draw_text(dl, x, y, f, size, c, s);
        return;
    }
    Buf b = {0};
    size_t n = strlen(s);
    while (n > 0) {
        do
            n--;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80);
        buf_clear(&b);
        buf_append(&b, s, n);
        buf_puts(&b, "\xe2\x80\xa6");
        if (measure(app, f, size, buf_str(&b)) <= width)
            break;
    }
    draw_text(dl, x, y, f, size, c, buf_str(&b));
    buf_free(&b);
}

static void draw_home(App *app, DrawList *dl, float w, float h)
{
    const Theme *t = &app->cfg.theme;
    float m = t->margin, y = m;
    draw_text(dl, m, y, FONT_UI_BOLD, t->title_size, t->text, "archdrill");
    int due = 0, fresh = 0, learning = 0;
    for (size_t i = 0; i < app->deck_count; i++) {
        due += app->decks[i].due;
        fresh += app->decks[i].new_count;
        learning += app->decks[i].learning;
    }
    char line[160];
    snprintf(line, sizeof(line), "Today: %d due, %d learning, %d new", due, learning, fresh);
    y += t->title_size + 12;
    draw_text(dl, m, y, FONT_UI, t->text_size, t->muted, line);
    y += t->text_size + 28;

    float table_w = w - 2 * m;
    if (table_w > 760)
        table_w = 760;
    float right = m + table_w, col_due = right - 16, col_learn = col_due - 96,
          col_new = col_learn - 96;
    draw_text(dl, m + 16, y, FONT_UI_BOLD, t->small_size, t->muted, "Deck");
    text_right(app, dl, col_new, y, FONT_UI_BOLD, t->small_size, t->muted, "New");
    text_right(app, dl, col_learn, y, FONT_UI_BOLD, t->small_size, t->muted, "Learning");
    text_right(app, dl, col_due, y, FONT_UI_BOLD, t->small_size, t->muted, "Due");
    y += t->small_size + 10;

    float footer = h - m - t->small_size;
    if (app->deck_count == 0) {
        draw_text(dl, m + 16, y + 8, FONT_UI, t->text_size, t->muted,
                  "No decks yet. Add a folder of your own with: archdrill add-decks DIR");
    }
    for (size_t i = 0; i < app->deck_count && y + t->row_height < footer - 24; i++) {
        const DeckSummary *d = &app->decks[i];
        Rect row = {m, y, table_w, t->row_height};
        draw_rect(dl, row, (int)i == app->selected ? t->selection : t->panel);
        float ty = y + (t->row_height - t->text_size) / 2 - 1;
        draw_text_fit(app, dl, m + 16, ty, col_new - 96 - (m + 16), FONT_UI, t->text_size,
                      t->text, d->name);
        draw_count(app, dl, col_new, ty, d->new_count, t->new_count);
        draw_count(app, dl, col_learn, ty, d->learning, t->learning_count);
        draw_count(app, dl, col_due, ty, d->due, t->due_count);
        y += t->row_height + 2;
    }
    if (app->status[0])
        draw_text(dl, m, footer - 28, FONT_UI, t->small_size, t->warning, app->status);
    draw_text(dl, m, footer, FONT_UI, t->small_size, t->muted,
              "Up/Down select     Home/End first/last     Ctrl+Q quit");
}

void app_draw(App *app, DrawList *dl, float w, float h, int64_t now_ms)
{
    (void)now_ms;
    draw_clear(dl);
    draw_rect(dl, (Rect){0, 0, w, h}, app->cfg.theme.background);
    draw_home(app, dl, w, h);
}
