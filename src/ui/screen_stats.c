/*
 * screen_stats.c: the statistics screen (APP_STATS, `t` from home). Everything it shows
 * comes from store_stats_load and game_compute, run when the screen opens and when the
 * scope changes (all decks or one deck: Left/Right or the arrows by the scope), never per
 * frame: a frame only lays out and draws. The game is the player's, from all decks and
 * drills whatever the scope; the cards' figures follow the scope. This file loads, lays
 * the page out and handles keys; the panels are stats_progress (the game, the readiness
 * checklist, the roadmap phases; the drills: rubric trends, time per phase, estimation)
 * and stats_cards (the heatmap of the last year, the forecast and the reviews per day, 30
 * or 90 days: f, true retention, card states, stability and difficulty, answer buttons,
 * hours), drawn with stats_plot. The page scrolls with the wheel, Up/Down, PageUp/PageDown
 * and Home/End; Esc goes home.
 */
#include "ui/stats_cards.h"
#include "ui/stats_plot.h"
#include "ui/stats_progress.h"
#include "ui/stats_screen_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GAP       16.0f   /* between panels */
#define MAX_W     1240.0f /* the page is no wider */
#define LINE_STEP 40.0f   /* Up/Down */

/* ---- loading ----------------------------------------------------------------------- */

static int cmp_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The heatmap's colour steps: a day with answers is level 1 up to the first quartile of
 * the days with answers of the last year, 2 to the median, 3 to the third quartile, else
 * 4, so a few very long days do not leave every other day in the palest colour. */
static void heat_levels(StatsScreen *ss)
{
    int32_t v[STATS_YEAR_DAYS];
    int n = 0;
    for (int64_t d = ss->st.today - (STATS_YEAR_DAYS - 1); d <= ss->st.today; d++) {
        int32_t a = stats_day_total(stats_day(&ss->st, d));
        if (a > 0)
            v[n++] = a;
    }
    qsort(v, (size_t)n, sizeof(v[0]), cmp_int32);
    for (int i = 0; i < 3; i++)
        ss->heat[i] = n ? v[(n - 1) * (i + 1) / 4] : 0;
}

/* Reads the statistics of a scope. The game is the player's, not a deck's: it comes from
 * all decks, read again whenever all decks are (and once on opening in a deck). */
static void load(App *app, int scope, bool with_game)
{
    StatsScreen *ss = app->stats;
    stats_free(&ss->st);
    ss->loaded = false;
    ss->error[0] = '\0';
    if (scope < 0 || scope > (int)app->deck_count)
        scope = 0;
    ss->scope = scope;
    ss->deck_id = scope > 0 ? app->decks[scope - 1].id : 0;
    snprintf(ss->scope_name, sizeof(ss->scope_name), "%s",
             scope > 0 ? app->decks[scope - 1].name : "All decks");
    Store *store = app->cfg.store;
    const DayRule *rule = &app->cfg.day_rule;
    int64_t now = app->ui.now_ms;
    if (with_game && scope > 0) {
        Stats all;
        if (store_stats_load(store, 0, now, rule, &all) == ERR_OK)
            game_compute(&all, &ss->game);
        stats_free(&all);
    }
    if (store_stats_load(store, ss->deck_id, now, rule, &ss->st)) {
        snprintf(ss->error, sizeof(ss->error), "Could not read the statistics: %s",
                 store_errmsg(store));
        return;
    }
    if (scope == 0)
        game_compute(&ss->st, &ss->game);
    heat_levels(ss);
    ss->loaded = true;
}

void stats_screen_open(App *app)
{
    if (!app->stats)
        app->stats = xcalloc(1, sizeof(*app->stats));
    app->stats->scroll = 0;
    memset(&app->stats->game, 0, sizeof(app->stats->game));
    load(app, app->selected, true); /* the deck selected at home, or all decks */
    app->screen = APP_STATS;
}

void stats_screen_free(App *app)
{
    if (!app->stats)
        return;
    stats_free(&app->stats->st);
    free(app->stats);
    app->stats = NULL;
}

/* ---- layout ------------------------------------------------------------------------ */

typedef void (*PanelFn)(Page *pg, Rect r);

/* One panel across the page, or two side by side (b may be NULL), each h high (two
 * stacked when the page is narrow). Returns the y below them. */
static float row(Page *pg, float x, float y, float w, PanelFn a, PanelFn b, float h)
{
    bool two = b && w >= TWO_COLS_W;
    if (b && !two) {
        if (stats_plot_visible(pg, y, h))
            a(pg, (Rect){x, y, w, h});
        y += h + GAP;
        if (stats_plot_visible(pg, y, h))
            b(pg, (Rect){x, y, w, h});
        return y + h + GAP;
    }
    float cw = two ? (w - GAP) / 2 : w;
    if (stats_plot_visible(pg, y, h)) {
        a(pg, (Rect){x, y, cw, h});
        if (two)
            b(pg, (Rect){x + cw + GAP, y, cw, h});
    }
    return y + h + GAP;
}

static float heading(Page *pg, float x, float y, const char *text)
{
    const Theme *t = pg->t;
    if (stats_plot_visible(pg, y, t->title_size))
        ui_label(pg->ui, x, y + 6, FONT_UI_BOLD, t->text_size + 4, t->text, text);
    return y + t->text_size + 4 + 18;
}

static float max2(float a, float b)
{
    return a > b ? a : b;
}

/* Lays out and draws the page from y; returns its height. */
static float page(Page *pg, float x, float y, float w)
{
    float top = y;
    float h = stats_progress_game_height(pg, w);
    if (stats_plot_visible(pg, y, h))
        stats_progress_game(pg, (Rect){x, y, w, h});
    y += h + GAP;
    if (w >= TWO_COLS_W) {
        h = max2(stats_progress_readiness_height(pg), stats_progress_phases_height(pg));
        float rw = (w - GAP) * 0.62f;
        if (stats_plot_visible(pg, y, h)) {
            stats_progress_readiness(pg, (Rect){x, y, rw, h});
            stats_progress_phases(pg, (Rect){x + rw + GAP, y, w - rw - GAP, h});
        }
        y += h + GAP;
    } else {
        y = row(pg, x, y, w, stats_progress_readiness, NULL, stats_progress_readiness_height(pg));
        y = row(pg, x, y, w, stats_progress_phases, NULL, stats_progress_phases_height(pg));
    }
    y = heading(pg, x, y, "Cards");
    y = row(pg, x, y, w, stats_cards_heatmap, NULL, stats_cards_heatmap_height(pg, w));
    y = row(pg, x, y, w, stats_cards_forecast, stats_cards_reviews,
            stats_cards_chart_height(pg, true));
    y = row(pg, x, y, w, stats_cards_retention, stats_cards_states,
            stats_cards_retention_height(pg));
    y = row(pg, x, y, w, stats_cards_stability, stats_cards_difficulty,
            stats_cards_chart_height(pg, false));
    y = row(pg, x, y, w, stats_cards_buttons, stats_cards_hours,
            stats_cards_chart_height(pg, true));
    y = heading(pg, x, y, "Drills");
    y = row(pg, x, y, w, stats_progress_trends, NULL, stats_progress_trends_height(pg, w));
    y = row(pg, x, y, w, stats_progress_phase_time, stats_progress_estimation,
            stats_progress_phase_time_height(pg));
    return y - top;
}

/* ---- the frame --------------------------------------------------------------------- */

static void set_scope(App *app, int scope)
{
    int n = (int)app->deck_count + 1;
    load(app, ((scope % n) + n) % n, false);
}

/* Keys; returns true when the screen was left. */
static bool keys(App *app, float view_h)
{
    UiCtx *ui = &app->ui;
    StatsScreen *ss = app->stats;
    if (ui_key(ui, KEY_ESCAPE, 0, 0)) {
        stats_screen_free(app);
        app_go_home(app);
        return true;
    }
    if (ui_key(ui, KEY_LEFT, 0, 0))
        set_scope(app, ss->scope - 1);
    else if (ui_key(ui, KEY_RIGHT, 0, 0))
        set_scope(app, ss->scope + 1);
    else if (ui_key(ui, KEY_CHAR, 'f', 0))
        ss->long_range = !ss->long_range;
    else if (ui_key(ui, KEY_UP, 0, 0))
        ss->scroll -= LINE_STEP;
    else if (ui_key(ui, KEY_DOWN, 0, 0))
        ss->scroll += LINE_STEP;
    else if (ui_key(ui, KEY_PAGE_UP, 0, 0) || ui_key(ui, KEY_SPACE, 0, MOD_SHIFT))
        ss->scroll -= view_h - LINE_STEP;
    else if (ui_key(ui, KEY_PAGE_DOWN, 0, 0) || ui_key(ui, KEY_SPACE, 0, 0))
        ss->scroll += view_h - LINE_STEP;
    else if (ui_key(ui, KEY_HOME, 0, 0))
        ss->scroll = 0;
    else if (ui_key(ui, KEY_END, 0, 0))
        ss->scroll = ss->content_h;
    return false;
}

/* The title, the scope selector and the keys; returns the y below them. */
static float header(App *app, float x, float w, bool *left)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    StatsScreen *ss = app->stats;
    float y = t->margin * 0.75f;
    *left = false;
    if (ui_button(ui, "stats_back", (Rect){x, y, 80, 34}, "Back", NULL, BUTTON_NORMAL, "Esc")) {
        stats_screen_free(app);
        app_go_home(app);
        *left = true;
        return y;
    }
    ui_label(ui, x + 96, y + 34 / 2 - t->title_size / 2 - 1, FONT_UI_BOLD, t->title_size, t->text,
             "Statistics");
    /* the scope: < name > on the right */
    float name_w = ui_text_width(ui, FONT_UI_BOLD, t->text_size, ss->scope_name);
    float max_name = w * 0.4f;
    name_w = name_w > max_name ? max_name : name_w < 120 ? 120 : name_w;
    float right = x + w;
    Rect next = {right - 34, y, 34, 34};
    Rect name = {next.x - 12 - name_w, y, name_w, 34};
    Rect prev = {name.x - 12 - 34, y, 34, 34};
    int n = (int)app->deck_count + 1;
    if (ui_button(ui, "stats_prev", prev, "<", NULL, BUTTON_NORMAL, "Previous scope (Left)"))
        set_scope(app, ss->scope - 1);
    if (ui_button(ui, "stats_next", next, ">", NULL, BUTTON_NORMAL, "Next scope (Right)"))
        set_scope(app, ss->scope + 1);
    float ty = y + 34 / 2 - t->text_size / 2 - 1;
    float nw = ui_text_width(ui, FONT_UI_BOLD, t->text_size, ss->scope_name);
    ui_label_fit(ui, name.x + (nw < name_w ? (name_w - nw) / 2 : 0), ty, name_w, FONT_UI_BOLD,
                 t->text_size, t->text, ss->scope_name);
    char pos[48];
    snprintf(pos, sizeof(pos), "scope %d of %d", ss->scope + 1, n);
    ui_label_right(ui, prev.x - 12, ty + (t->text_size - t->small_size) / 2, FONT_UI, t->small_size,
                   t->muted, pos);
    y += 34 + 12;
    ui_label_fit(ui, x, y, w, FONT_UI, t->small_size, t->muted,
                 "Esc back   Left/Right scope (all decks or one)   f 30/90 days   "
                 "Up/Down, PgUp/PgDn, Home/End, wheel scroll   hover a plot for its figures");
    return y + t->small_size + 12;
}

void stats_screen_frame(App *app)
{
    UiCtx *ui = &app->ui;
    StatsScreen *ss = app->stats;
    if (!ss) {
        app_go_home(app);
        return;
    }
    const Theme *t = &ui->theme;
    float w = ui->width - 2 * t->margin;
    w = w > MAX_W ? MAX_W : w;
    float x = (ui->width - w) / 2;
    float head_h = t->margin * 0.75f + 34 + 12 + t->small_size + 12;
    Rect view = {0, head_h, ui->width, ui->height - head_h};
    if (keys(app, view.h))
        return;
    bool left;
    header(app, x, w, &left);
    if (left)
        return;
    ss = app->stats;
    draw_rect(ui->dl, (Rect){0, head_h - 1, ui->width, 1},
              stats_plot_blend(t->background, t->text, 0.1f));
    if (!ss->loaded) {
        ui_label_fit(ui, x, head_h + 24, w, FONT_UI, t->text_size, t->warning,
                     ss->error[0] ? ss->error : "No statistics");
        return;
    }
    float top = ui_scroll_begin(ui, "stats", view, ss->content_h, &ss->scroll);
    Page pg = {app, ui, t, ss, stats_plot_palette(t), view};
    ss->content_h = page(&pg, x, top + GAP, w) + GAP;
    ui_scroll_end(ui, view, ss->content_h, ss->scroll);
}
