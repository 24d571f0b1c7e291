/*
 * screen_home.c: the decks with Anki's New / Learning / Due columns, today's totals and
 * goal, the game figures (streak, habit strength, rank, XP: read in home_load, not every
 * frame), and the ways on: Enter or `s` studies everything due, a click or the arrows +
 * Enter one deck; `d`, `w`, `t` open the drills, whiteboard and stats. Deck file errors
 * from the start-up sync are shown in the window with their file:line.
 */
#include "ui/app_internal.h"

#include "core/store_stats.h"

#include <stdio.h>
#include <string.h>

#define REFRESH_MS 60000 /* counts change as learning cards come due */

/* The game figures of the header, from the statistics of all decks: a full read of the
 * review log, so on entering home (home_load) and on a new day, never every frame; and
 * on the frame after the one that shows home, so a large log never delays it (the figures
 * shown until then are the last ones read). */
static void load_game(App *app, int64_t now_ms)
{
    Stats st;
    app->game_ok = false;
    app->game_day = day_of(&app->cfg.day_rule, now_ms);
    if (store_stats_signature(app->cfg.store, &app->game_signature) != ERR_OK)
        app->game_signature = 0;
    if (store_stats_load(app->cfg.store, 0, now_ms, &app->cfg.day_rule, &st) == ERR_OK) {
        game_compute(&st, &app->game);
        app->game_ok = true;
    }
    stats_free(&st);
}

static void load_decks(App *app, int64_t now_ms)
{
    store_deck_summaries_free(app->decks, app->deck_count);
    app->decks = NULL;
    app->deck_count = 0;
    app->status[0] = '\0';
    if (store_deck_summaries(app->cfg.store, now_ms, app->cfg.day_rule.tz_offset_s, &app->decks,
                             &app->deck_count))
        snprintf(app->status, sizeof(app->status), "Could not read the decks: %s",
                 store_errmsg(app->cfg.store));
    store_study_done_today(app->cfg.store, now_ms, &app->cfg.day_rule, &app->done_today);
    app->loaded_ms = now_ms;
    if (app->selected > (int)app->deck_count)
        app->selected = (int)app->deck_count; /* row 0 is "All decks" */
}

void home_load(App *app, int64_t now_ms)
{
    load_decks(app, now_ms);
    /* the full read only when something it counts has changed, or on a new day: coming
     * back to the window or home after browsing costs two indexed lookups */
    int64_t sig = 0;
    bool same = app->game_ok && store_stats_signature(app->cfg.store, &sig) == ERR_OK &&
                sig == app->game_signature && day_of(&app->cfg.day_rule, now_ms) == app->game_day;
    if (!same)
        app->game_wait = 1;
}

/* Reads the game figures home_load asked for, one frame later (see load_game). */
static void game_when_due(App *app)
{
    UiCtx *ui = &app->ui;
    if (app->game_wait == 1) {
        app->game_wait = 2;
        if (!ui->next_deadline_ms || ui->next_deadline_ms > ui->now_ms + 1)
            ui->next_deadline_ms = ui->now_ms + 1;
    } else if (app->game_wait == 2) {
        app->game_wait = 0;
        load_game(app, ui->now_ms);
    }
}

static void draw_count(UiCtx *ui, float right, float y, int n, Color c)
{
    const Theme *t = &ui->theme;
    char num[16];
    snprintf(num, sizeof(num), "%d", n);
    ui_label_right(ui, right, y, n ? FONT_UI_BOLD : FONT_UI, t->text_size, n ? c : t->muted, num);
}

/* The modal listing every deck file error, file:line:col first. */
static void errors_modal(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Rect r = ui_modal(ui, "Deck files with errors (nothing was loaded from them)", 900, 520);
    float y = r.y;
    char line[1024];
    for (size_t i = 0; i < app->errors.count && y < r.y + r.h - 60; i++) {
        deck_error_format(&app->errors.items[i], line, sizeof(line));
        ui_label_fit(ui, r.x, y, r.w, FONT_MONO, t->small_size, t->text, line);
        y += t->small_size + 8;
    }
    ui_label(ui, r.x, r.y + r.h - 24, FONT_UI, t->small_size, t->muted,
             "Fix the files, then restart archdrill or run 'archdrill check'.   Esc closes.");
    if (ui_key(ui, KEY_ESCAPE, 0, 0) || ui_key(ui, KEY_ENTER, 0, 0))
        app->show_errors = false;
}

/* "12,345" */
static void fmt_int(int64_t n, char *out, size_t cap)
{
    char raw[32];
    snprintf(raw, sizeof(raw), "%lld", (long long)(n < 0 ? -n : n));
    size_t len = strlen(raw), o = 0;
    if (n < 0 && o + 1 < cap)
        out[o++] = '-';
    for (size_t i = 0; i < len && o + 1 < cap; i++) {
        if (i && (len - i) % 3 == 0 && o + 2 < cap)
            out[o++] = ',';
        out[o++] = raw[i];
    }
    out[o] = '\0';
}

/* The game figures right-aligned at `right` on the title's row: streak, habit strength,
 * rank and XP, each a small caption and a bold value; in a narrow window the habit and
 * then the rank give way so the strip ends before `left`. Returns the x where it begins. */
static float game_strip(App *app, float left, float right, float y)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    if (!app->game_ok)
        return right;
    const Game *g = &app->game;
    char streak[32], habit[16], xp[48];
    snprintf(streak, sizeof(streak), "%d day%s", g->streak.current,
             g->streak.current == 1 ? "" : "s");
    snprintf(habit, sizeof(habit), "%.0f%%", g->streak.habit * 100.0);
    fmt_int(g->xp.total, xp, sizeof(xp));
    const struct {
        const char *caption, *value;
        Color color;
    } items[] = {{"Streak", streak, t->text},
                 {"Habit", habit, t->text},
                 {"Rank", game_rank_name(g->rank), t->text},
                 {"XP", xp, t->accent}};
    float w[ARRAY_LEN(items)], total = 0;
    for (size_t i = 0; i < ARRAY_LEN(items); i++) {
        w[i] = ui_text_width(ui, FONT_UI_BOLD, t->text_size, items[i].value) + 6 +
               ui_text_width(ui, FONT_UI, t->small_size, items[i].caption) + 24;
        total += w[i];
    }
    bool show[ARRAY_LEN(items)] = {true, true, true, true};
    static const int GIVE_WAY[] = {1, 2, 0}; /* habit, rank, streak; XP stays */
    for (size_t k = 0; k < ARRAY_LEN(GIVE_WAY) && right - total < left; k++) {
        show[GIVE_WAY[k]] = false;
        total -= w[GIVE_WAY[k]];
    }
    float x = right, value_y = y + (t->title_size - t->text_size) / 2;
    for (size_t i = ARRAY_LEN(items); i-- > 0;) {
        if (!show[i])
            continue;
        float vw = ui_text_width(ui, FONT_UI_BOLD, t->text_size, items[i].value);
        float cw = ui_text_width(ui, FONT_UI, t->small_size, items[i].caption);
        x -= vw;
        ui_label(ui, x, value_y, FONT_UI_BOLD, t->text_size, items[i].color, items[i].value);
        x -= cw + 6;
        ui_label(ui, x, value_y + (t->text_size - t->small_size) - 1, FONT_UI, t->small_size,
                 t->muted, items[i].caption);
        x -= 24;
    }
    Rect strip = {x, y, right - x, t->title_size};
    ui_tooltip(ui, ui_id("home_game"), strip,
               "Streak: days the due work was done (days with nothing due never break it). "
               "XP comes from knowledge gained. t shows the statistics.");
    return x;
}

static void header(App *app, float *y)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    float m = t->margin, right = ui->width - m;
    ui_label(ui, m, *y, FONT_UI_BOLD, t->title_size, t->text, "archdrill");
    game_strip(app, m + ui_text_width(ui, FONT_UI_BOLD, t->title_size, "archdrill") + 24, right,
               *y);
    int due = 0, fresh = 0, learning = 0;
    for (size_t i = 0; i < app->deck_count; i++) {
        due += app->decks[i].due;
        fresh += app->decks[i].new_count;
        learning += app->decks[i].learning;
    }
    char line[160], goal[96];
    snprintf(line, sizeof(line), "Today: %d reviewed; left: %d due, %d learning, %d new",
             app->done_today, due, learning, fresh);
    *y += t->title_size + 12;
    /* today's goal: clear today's queue */
    int left = due + learning + fresh;
    if (left == 0)
        snprintf(goal, sizeof(goal), "Today's goal: done");
    else {
        char num[32];
        fmt_int(left, num, sizeof(num));
        snprintf(goal, sizeof(goal), "Today's goal: %s to go", num);
    }
    float goal_w = ui_text_width(ui, FONT_UI_BOLD, t->text_size, goal);
    ui_label(ui, right - goal_w, *y, FONT_UI_BOLD, t->text_size, left ? t->text : t->due_count,
             goal);
    ui_label_fit(ui, m, *y, right - goal_w - 24 - m, FONT_UI, t->text_size, t->muted, line);
    *y += t->text_size + 28;
}

/* The deck table; returns the deck to study when one was activated, else -1. */
static int deck_table(App *app, float y, float bottom)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    float m = t->margin;
    float table_w = ui->width - 2 * m > 760 ? 760 : ui->width - 2 * m;
    float right = m + table_w, col_due = right - 16, col_learn = col_due - 96,
          col_new = col_learn - 96;
    ui_label(ui, m + 16, y, FONT_UI_BOLD, t->small_size, t->muted, "Deck");
    ui_label_right(ui, col_new, y, FONT_UI_BOLD, t->small_size, t->muted, "New");
    ui_label_right(ui, col_learn, y, FONT_UI_BOLD, t->small_size, t->muted, "Learning");
    ui_label_right(ui, col_due, y, FONT_UI_BOLD, t->small_size, t->muted, "Due");
    y += t->small_size + 10;
    if (app->deck_count == 0) {
        ui_label(ui, m + 16, y + 8, FONT_UI, t->text_size, t->muted,
                 "No decks yet. Add a folder of your own with: archdrill add-decks DIR");
        return -1;
    }
    /* Row 0 is "All decks", so Enter right away studies everything due. */
    float row_h = t->row_height + 2;
    Rect view = {m, y, table_w, bottom - y};
    int n = (int)app->deck_count + 1;
    int activated =
        ui_list(ui, "decks", view, n, row_h, &app->selected, &app->scroll, !app->show_errors);
    float top = ui_scroll_begin(ui, "decks", view, (float)n * row_h, &app->scroll);
    char all_name[] = "All decks";
    DeckSummary all = {.name = all_name};
    for (size_t i = 0; i < app->deck_count; i++) {
        all.new_count += app->decks[i].new_count;
        all.learning += app->decks[i].learning;
        all.due += app->decks[i].due;
    }
    for (int i = 0; i < n; i++) {
        float ry = top + (float)i * row_h;
        if (ry + row_h < view.y || ry > view.y + view.h)
            continue;
        const DeckSummary *d = i == 0 ? &all : &app->decks[i - 1];
        draw_rect(ui->dl, (Rect){m, ry, table_w, t->row_height},
                  i == app->selected ? t->selection : t->panel);
        float ty = ry + (t->row_height - t->text_size) / 2 - 1;
        ui_label_fit(ui, m + 16, ty, col_new - 96 - (m + 16), i == 0 ? FONT_UI_BOLD : FONT_UI,
                     t->text_size, t->text, d->name);
        draw_count(ui, col_new, ty, d->new_count, t->new_count);
        draw_count(ui, col_learn, ty, d->learning, t->learning_count);
        draw_count(ui, col_due, ty, d->due, t->due_count);
    }
    ui_scroll_end(ui, view, (float)n * row_h, app->scroll);
    return activated;
}

/* The row of actions at the bottom, each a button with its key. */
static void actions(App *app, float y)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    float x = t->margin, h = 34;
    struct {
        const char *id, *label, *tip;
        float w;
    } b[] = {
        {"study", "Study all  (s)", "Study everything due today (Enter or s)", 150},
        {"drills", "Drills  (d)", "Timed design drills", 110},
        {"board", "Whiteboard  (w)", "Sketch a design", 150},
        {"stats", "Stats  (t)", "Progress and statistics", 100},
        {"settings", "Settings  (o)", "Theme, text size, deck presets", 130},
    };
    for (size_t i = 0; i < ARRAY_LEN(b); i++) {
        if (ui_button(ui, b[i].id, (Rect){x, y, b[i].w, h}, b[i].label, NULL,
                      i == 0 ? BUTTON_PRIMARY : BUTTON_NORMAL, b[i].tip)) {
            if (i == 0)
                review_start(app, 0, "All decks");
            else if (i == 4)
                settings_open(app, app->selected - 1);
            else if (i == 1)
                drills_open(app);
            else if (i == 2)
                boards_open(app);
            else
                stats_screen_open(app);
            return;
        }
        x += b[i].w + 12;
    }
    ui_label_fit(ui, x + 8, y + 10, ui->width - x - 8 - t->margin, FONT_UI, t->small_size, t->muted,
                 "Up/Down select   Enter study   Ctrl+Q quit");
}

static bool home_keys(App *app)
{
    UiCtx *ui = &app->ui;
    if (ui_key(ui, KEY_CHAR, 's', 0)) {
        review_start(app, 0, "All decks");
        return true;
    }
    if (ui_key(ui, KEY_CHAR, 'd', 0)) {
        drills_open(app);
        return true;
    }
    if (ui_key(ui, KEY_CHAR, 'w', 0)) {
        boards_open(app);
        return true;
    }
    if (ui_key(ui, KEY_CHAR, 't', 0)) {
        stats_screen_open(app);
        return true;
    }
    if (ui_key(ui, KEY_CHAR, 'o', 0)) {
        settings_open(app, app->selected - 1); /* row 0 is "All decks" */
        return true;
    }
    if (app->errors.count && ui_key(ui, KEY_CHAR, 'x', 0))
        app->show_errors = true;
    return false;
}

void home_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    if (ui->now_ms - app->loaded_ms > REFRESH_MS) {
        /* the counts change as learning cards come due; the game only with a new day */
        bool new_day =
            day_of(&app->cfg.day_rule, ui->now_ms) != day_of(&app->cfg.day_rule, app->loaded_ms);
        load_decks(app, ui->now_ms);
        if (new_day)
            load_game(app, ui->now_ms);
    }
    if (ui->ev && ui->ev->type == INPUT_FOCUS_GAINED)
        home_load(app, ui->now_ms);
    game_when_due(app); /* after home_load, so what it asks for gets its frame */
    bool modal = app->show_errors || app->resume.attempt_id;
    if (!modal && home_keys(app))
        return;
    ui_block(ui, modal);
    float y = t->margin;
    header(app, &y);
    float footer = ui->height - t->margin - 34;
    float notes = footer - (app->errors.count || app->status[0] ? 36 : 12);
    int chosen = deck_table(app, y, notes);
    if (chosen == 0) {
        review_start(app, 0, "All decks");
        return;
    }
    if (chosen > 0) {
        review_start(app, app->decks[chosen - 1].id, app->decks[chosen - 1].name);
        return;
    }
    if (app->status[0]) {
        ui_label(ui, t->margin, notes + 8, FONT_UI, t->small_size, t->warning, app->status);
    } else if (app->errors.count) {
        char line[1200], first[1024];
        deck_error_format(&app->errors.items[0], first, sizeof(first));
        snprintf(line, sizeof(line), "%zu deck file error%s (x shows all): %s", app->errors.count,
                 app->errors.count == 1 ? "" : "s", first);
        ui_label_fit(ui, t->margin, notes + 8, ui->width - 2 * t->margin, FONT_UI, t->small_size,
                     t->warning, line);
    }
    actions(app, footer);
    if (app->show_errors)
        errors_modal(app);
    else
        drills_resume_modal(app);
}
