/*
 * screen_stats.c: the statistics screen (APP_STATS, `t` from home). Everything it shows
 * comes from store_stats_load and game_compute, run when the screen opens and when the
 * scope changes (all decks or one deck: Left/Right or the arrows by the scope), never per
 * frame: a frame only lays out and draws. The game is the player's, from all decks and
 * drills whatever the scope; the cards' figures follow the scope. The plots are drawn here
 * with rectangles and triangles: the game (streak, habit strength, XP, rank and what the
 * next rank needs, today's goal, the readiness checklist, the roadmap phases), then the
 * heatmap of the last year, the forecast and the reviews per day (30 or 90 days: f), true
 * retention, card states, stability and difficulty, answer buttons, hours, and for drills
 * the rubric trends, time per phase against the plan and estimation accuracy. The page
 * scrolls with the wheel, Up/Down, PageUp/PageDown and Home/End; Esc goes home.
 */
#include "ui/app_internal.h"

#include "core/store_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAD        16.0f   /* inside a panel */
#define GAP        16.0f   /* between panels */
#define MAX_W      1240.0f /* the page is no wider */
#define TWO_COLS_W 880.0f  /* narrower pages stack the paired panels */
#define LINE_STEP  40.0f   /* Up/Down */
#define CHART_H    150.0f  /* the plot area of a chart */
#define AXIS_W     44.0f   /* room for the y labels left of a plot */
#define TREND_MAX  20      /* design attempts in the rubric trends */

struct StatsScreen {
    int scope; /* 0: all decks; i > 0: app->decks[i - 1] */
    int64_t deck_id;
    char scope_name[160];
    bool loaded;
    char error[300];
    Stats st;
    Game game;
    bool long_range; /* 90 days instead of 30 for the forecast and the reviews */
    int32_t heat[3]; /* the heatmap's levels: the quartiles of the days with answers */
    float scroll;
    float content_h; /* of the last frame */
};

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

/* ---- drawing helpers --------------------------------------------------------------- */

typedef struct Palette {
    Color kinds[STATS_KINDS]; /* learn, young, mature, relearn */
    Color buttons[4];         /* again, hard, good, easy */
    Color heat[5];
    Color grid, border, bar, plan, over, good, faint;
} Palette;

typedef struct Page {
    App *app;
    UiCtx *ui;
    const Theme *t;
    StatsScreen *ss;
    Palette pal;
    Rect view;
} Page;

static Color blend(Color a, Color b, float t)
{
    return (Color){(uint8_t)lroundf(a.r + (b.r - a.r) * t), (uint8_t)lroundf(a.g + (b.g - a.g) * t),
                   (uint8_t)lroundf(a.b + (b.b - a.b) * t), 255};
}

static Palette palette(const Theme *t)
{
    Palette p;
    p.kinds[STATS_LEARN] = t->new_count;
    p.kinds[STATS_YOUNG] = blend(t->due_count, t->panel, 0.5f);
    p.kinds[STATS_MATURE] = t->due_count;
    p.kinds[STATS_RELEARN] = t->learning_count;
    p.buttons[0] = t->learning_count;
    p.buttons[1] = t->warning;
    p.buttons[2] = t->due_count;
    p.buttons[3] = t->new_count;
    p.heat[0] = blend(t->panel, t->text, 0.07f);
    for (int i = 1; i < 5; i++)
        p.heat[i] = blend(t->panel, t->due_count, 0.2f + 0.2f * (float)i);
    p.grid = blend(t->panel, t->text, 0.12f);
    p.border = blend(t->panel, t->text, 0.1f);
    p.bar = t->accent;
    p.plan = blend(t->panel, t->text, 0.2f);
    p.over = t->warning;
    p.good = t->due_count;
    p.faint = blend(t->panel, t->text, 0.04f);
    return p;
}

static bool visible(const Page *pg, float y, float h)
{
    return y + h >= pg->view.y && y <= pg->view.y + pg->view.h;
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

/* "92.3%", or "-" for nothing to count. */
static void fmt_rate(double rate, char *out, size_t cap)
{
    if (rate < 0)
        snprintf(out, cap, "-");
    else
        snprintf(out, cap, "%.1f%%", rate * 100.0);
}

static void date_text(int64_t day, char *out, size_t cap)
{
    int y, m, d;
    day_civil(day, &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

/* Monday = 0 .. Sunday = 6 (day 0, 1970-01-01, was a Thursday). */
static int weekday(int64_t day)
{
    int64_t r = (day + 3) % 7;
    return (int)(r < 0 ? r + 7 : r);
}

/* A segment w wide as two triangles. */
static void line(DrawList *dl, float x0, float y0, float x1, float y1, float w, Color c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (!(len > 0))
        return;
    float nx = -dy / len * w / 2, ny = dx / len * w / 2;
    const float xy[8] = {x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny};
    static const int idx[6] = {0, 1, 2, 0, 2, 3};
    draw_triangles(dl, xy, 4, idx, 6, 0, 0, 1, c);
}

/* A check mark in a box of side s at (x, y). */
static void check_box(Page *pg, float x, float y, float s, bool ticked)
{
    const Theme *t = pg->t;
    DrawList *dl = pg->ui->dl;
    if (ticked) {
        draw_rect(dl, (Rect){x, y, s, s}, pg->pal.good);
        line(dl, x + s * 0.22f, y + s * 0.52f, x + s * 0.42f, y + s * 0.72f, 2.5f, t->panel);
        line(dl, x + s * 0.42f, y + s * 0.72f, x + s * 0.8f, y + s * 0.3f, 2.5f, t->panel);
    } else {
        draw_rect(dl, (Rect){x, y, s, s}, t->muted);
        draw_rect(dl, (Rect){x + 2, y + 2, s - 4, s - 4}, t->panel);
    }
}

/* A panel's frame and title; returns the y where its content starts. */
static float panel(Page *pg, Rect r, const char *title, const char *sub)
{
    const Theme *t = pg->t;
    DrawList *dl = pg->ui->dl;
    draw_rect(dl, r, pg->pal.border);
    draw_rect(dl, (Rect){r.x + 1, r.y + 1, r.w - 2, r.h - 2}, t->panel);
    float y = r.y + PAD;
    ui_label_fit(pg->ui, r.x + PAD, y, r.w - 2 * PAD, FONT_UI_BOLD, t->text_size, t->text, title);
    y += t->text_size + 6;
    if (sub) {
        ui_label_fit(pg->ui, r.x + PAD, y, r.w - 2 * PAD, FONT_UI, t->small_size, t->muted, sub);
        y += t->small_size + 6;
    }
    return y + 8;
}

static float panel_top(const Theme *t, bool sub)
{
    return PAD + t->text_size + 6 + (sub ? t->small_size + 6 : 0) + 8;
}

/* A round upper bound for an axis: an even number up to 10, else 1, 2 or 5 times a power
 * of ten. */
static double nice_max(double v)
{
    if (!(v > 0))
        return 2;
    if (v <= 10) /* small counts: an even top, so the middle line is a whole number */
        return 2 * ceil(v / 2);
    double p = pow(10, floor(log10(v)));
    for (int i = 0; i < 3; i++) {
        double m = (i == 0 ? 1 : i == 1 ? 2 : 5) * p;
        if (v <= m)
            return m;
    }
    return 10 * p;
}

/* Grid lines at 0, half and the top of a plot for values up to max, labelled on the left,
 * and a note in the middle when there is nothing to plot. Returns the top's value. */
static double y_axis(Page *pg, Rect plot, double max)
{
    const Theme *t = pg->t;
    bool empty = !(max > 0);
    max = nice_max(max);
    for (int i = 0; i <= 2; i++) {
        float y = plot.y + plot.h - plot.h * (float)i / 2;
        draw_rect(pg->ui->dl, (Rect){plot.x, y, plot.w, 1}, pg->pal.grid);
        char label[32];
        snprintf(label, sizeof(label), "%.0f", max * i / 2);
        ui_label_right(pg->ui, plot.x - 6, y - t->small_size / 2 - 1, FONT_UI, t->small_size,
                       t->muted, label);
    }
    if (empty)
        ui_label_center(pg->ui, (Rect){plot.x, plot.y + plot.h / 8, plot.w, plot.h / 4}, FONT_UI,
                        t->small_size, t->muted, "Nothing to show yet");
    return max;
}

/* Stacked vertical bars: layer l of bar i is v[l][i]; bar i spans one n-th of the plot. */
static void stacked_bars(Page *pg, Rect plot, const double *const *v, const Color *colors,
                         int layers, int n, double max)
{
    float bw = plot.w / (float)n, gap = bw >= 6 ? (bw >= 14 ? 3 : 1) : 0;
    for (int i = 0; i < n; i++) {
        float base = plot.y + plot.h;
        for (int l = 0; l < layers; l++) {
            double x = v[l][i];
            if (!(x > 0))
                continue;
            float h = (float)(x / max) * plot.h;
            if (h < 1)
                h = 1;
            draw_rect(pg->ui->dl, (Rect){plot.x + (float)i * bw + gap / 2, base - h, bw - gap, h},
                      colors[l]);
            base -= h;
        }
    }
}

/* The bar index under the mouse in a plot of n bars, or -1. */
static int bar_at(const Page *pg, Rect plot, int n)
{
    Rect hit = {plot.x, plot.y - 8, plot.w, plot.h + 8};
    if (!ui_mouse_in(pg->ui, hit) || pg->ui->blocked)
        return -1;
    int i = (int)((pg->ui->mouse_x - plot.x) / (plot.w / (float)n));
    return i >= 0 && i < n ? i : -1;
}

/* Labels under a plot at bar indexes `at` (centred on the bar). */
static void x_labels(Page *pg, Rect plot, int n, const int *at, const char *const *text, int count)
{
    const Theme *t = pg->t;
    float bw = plot.w / (float)n;
    for (int i = 0; i < count; i++) {
        float w = ui_text_width(pg->ui, FONT_UI, t->small_size, text[i]);
        float x = plot.x + ((float)at[i] + 0.5f) * bw - w / 2;
        if (x < plot.x - AXIS_W / 2)
            x = plot.x - AXIS_W / 2;
        if (x + w > plot.x + plot.w)
            x = plot.x + plot.w - w;
        ui_label(pg->ui, x, plot.y + plot.h + 6, FONT_UI, t->small_size, t->muted, text[i]);
    }
}

/* A legend entry: a swatch and a label; returns the x after it. */
static float legend(Page *pg, float x, float y, Color c, const char *text)
{
    const Theme *t = pg->t;
    float s = t->small_size - 2;
    draw_rect(pg->ui->dl, (Rect){x, y + 2, s, s}, c);
    ui_label(pg->ui, x + s + 6, y, FONT_UI, t->small_size, t->text, text);
    return x + s + 6 + ui_text_width(pg->ui, FONT_UI, t->small_size, text) + 16;
}

/* ---- the game ---------------------------------------------------------------------- */

/* The game's four figures sit in one row on a wide page, in two rows of two otherwise. */
static int game_rows(float w)
{
    return w >= TWO_COLS_W ? 1 : 2;
}

static float figure_height(const Theme *t)
{
    return t->small_size + 8 + t->title_size + 10 + t->small_size + 8;
}

static float game_height(const Page *pg, float w)
{
    const Theme *t = pg->t;
    const Game *g = &pg->ss->game;
    int next_lines = 0;
    if (g->rank + 1 < GAME_RANKS) {
        char lines[6][GAME_TEXT_CAP];
        next_lines = (int)game_rank_missing(g->rank + 1, &g->evidence, lines, 6);
    }
    return panel_top(t, false) + (float)game_rows(w) * figure_height(t) + 2 * (t->small_size + 8) +
           (next_lines ? (float)(next_lines + 1) * (t->small_size + 8) + 8 : 0) + PAD;
}

/* One figure of the game row: a small caption, a big value, a line under it. */
static void figure(Page *pg, float x, float y, float w, const char *caption, const char *value,
                   const char *under, Color value_color)
{
    const Theme *t = pg->t;
    ui_label_fit(pg->ui, x, y, w, FONT_UI, t->small_size, t->muted, caption);
    y += t->small_size + 8;
    ui_label_fit(pg->ui, x, y, w, FONT_UI_BOLD, t->title_size, value_color, value);
    y += t->title_size + 10;
    ui_label_fit(pg->ui, x, y, w, FONT_UI, t->small_size, t->text, under);
}

static void game_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Game *g = &pg->ss->game;
    float y = panel(pg, r, "Progress (all decks and drills)", NULL);
    float x = r.x + PAD, w = r.w - 2 * PAD;
    int per_row = 4 / game_rows(r.w);
    float col = w / (float)per_row;
    /* where figure i goes */
    float fx[4], fy[4];
    for (int i = 0; i < 4; i++) {
        fx[i] = x + (float)(i % per_row) * col;
        fy[i] = y + (float)(i / per_row) * figure_height(t);
    }
    char value[64], under[160], a[32], b[32];

    snprintf(value, sizeof(value), "%d day%s", g->streak.current,
             g->streak.current == 1 ? "" : "s");
    snprintf(under, sizeof(under), "best %d; today %s", g->streak.best,
             g->streak.today == GAME_DAY_DONE      ? "done"
             : g->streak.today == GAME_DAY_PENDING ? "not done yet"
                                                   : "nothing due");
    figure(pg, fx[0], fy[0], col - 16, "Streak", value, under, t->text);

    snprintf(value, sizeof(value), "%.0f%%", g->streak.habit * 100.0);
    snprintf(under, sizeof(under), "%d days done, %d missed", g->streak.done_days,
             g->streak.missed_days);
    figure(pg, fx[1], fy[1], col - 16, "Habit strength", value, under, t->text);
    /* the habit as a bar under its value */
    float bar_y = fy[1] + t->small_size + 8 + t->title_size + 2, bar_w = col - 40;
    draw_rect(pg->ui->dl, (Rect){fx[1], bar_y, bar_w, 4}, pg->pal.heat[0]);
    draw_rect(pg->ui->dl, (Rect){fx[1], bar_y, bar_w * (float)g->streak.habit, 4}, pg->pal.good);

    fmt_int(g->xp.total, value, sizeof(value));
    strncat(value, " XP", sizeof(value) - strlen(value) - 1);
    fmt_int(g->xp.today, a, sizeof(a));
    fmt_int(g->xp.week, b, sizeof(b));
    snprintf(under, sizeof(under), "+%s today, +%s this week", a, b);
    figure(pg, fx[2], fy[2], col - 16, "XP (knowledge gained, not reviews)", value, under,
           t->accent);

    if (g->rank + 1 < GAME_RANKS)
        snprintf(under, sizeof(under), "next: %s", game_rank_name(g->rank + 1));
    else
        snprintf(under, sizeof(under), "the top of the ladder");
    figure(pg, fx[3], fy[3], col, "Rank", game_rank_name(g->rank), under, t->text);

    y += (float)game_rows(r.w) * figure_height(t);
    const GameGoal *goal = &g->goal;
    char line_text[256];
    if (goal->done)
        snprintf(line_text, sizeof(line_text), "Today's goal: done (%d answered)", goal->answered);
    else
        snprintf(line_text, sizeof(line_text),
                 "Today's goal: %d reviews, %d learning and %d new cards left (%d answered)",
                 goal->reviews_left, goal->learning_left, goal->new_left, goal->answered);
    ui_label_fit(pg->ui, x, y, w, FONT_UI_BOLD, t->small_size, goal->done ? pg->pal.good : t->text,
                 line_text);
    char xp_split[160], c1[32], c2[32], c3[32];
    fmt_int(g->xp.cards, c1, sizeof(c1));
    fmt_int(g->xp.rubric, c2, sizeof(c2));
    fmt_int(g->xp.drills, c3, sizeof(c3));
    snprintf(xp_split, sizeof(xp_split), "XP from cards %s, rubric %s, drills %s", c1, c2, c3);
    y += t->small_size + 8;
    ui_label_fit(pg->ui, x, y, w, FONT_UI, t->small_size, t->muted, xp_split);
    y += t->small_size + 8;

    if (g->rank + 1 < GAME_RANKS) {
        char lines[6][GAME_TEXT_CAP];
        size_t n = game_rank_missing(g->rank + 1, &g->evidence, lines, 6);
        if (n) {
            y += 8;
            snprintf(line_text, sizeof(line_text), "%s needs:", game_rank_name(g->rank + 1));
            ui_label(pg->ui, x, y, FONT_UI_BOLD, t->small_size, t->text, line_text);
            y += t->small_size + 8;
            for (size_t i = 0; i < n; i++) {
                draw_rect(pg->ui->dl, (Rect){x + 4, y + t->small_size / 2 - 1, 4, 4}, t->muted);
                ui_label_fit(pg->ui, x + 16, y, w - 16, FONT_UI, t->small_size, t->text, lines[i]);
                y += t->small_size + 8;
            }
        }
    }
}

static float readiness_height(const Page *pg)
{
    const Theme *t = pg->t;
    return panel_top(t, false) + GAME_READINESS_ITEMS * (t->text_size + t->small_size + 18) + PAD -
           8;
}

static void readiness_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Game *g = &pg->ss->game;
    float y = panel(pg, r, "You are ready when you can:", NULL);
    float x = r.x + PAD, w = r.w - 2 * PAD, box = t->text_size;
    for (int i = 0; i < GAME_READINESS_ITEMS; i++) {
        const GameReadiness *it = &g->readiness[i];
        check_box(pg, x, y + 1, box, it->ready);
        ui_label_fit(pg->ui, x + box + 12, y, w - box - 12, FONT_UI_BOLD, t->text_size, t->text,
                     it->item);
        y += t->text_size + 6;
        ui_label_fit(pg->ui, x + box + 12, y, w - box - 12, FONT_UI, t->small_size,
                     it->ready ? pg->pal.good : t->muted, it->evidence);
        y += t->small_size + 12;
    }
}

static float phases_height(const Page *pg)
{
    const Theme *t = pg->t;
    return panel_top(t, true) + (STATS_ROADMAP_PHASES + 1) * (t->small_size + 12) + PAD - 8;
}

static void phases_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const GameEvidence *ev = &pg->ss->game.evidence; /* all decks, as the ranks count */
    float y = panel(pg, r, "Roadmap phases", "Held: half mature, 85% retention (90 days)");
    float x = r.x + PAD, w = r.w - 2 * PAD;
    float c_cards = x + w * 0.46f, c_mature = x + w * 0.64f,
          c_ret = x + w - t->small_size - 16; /* the held box is at the right */
    ui_label(pg->ui, x, y, FONT_UI_BOLD, t->small_size, t->muted, "Phase");
    ui_label_right(pg->ui, c_cards, y, FONT_UI_BOLD, t->small_size, t->muted, "Cards");
    ui_label_right(pg->ui, c_mature, y, FONT_UI_BOLD, t->small_size, t->muted, "Mature");
    ui_label_right(pg->ui, c_ret, y, FONT_UI_BOLD, t->small_size, t->muted, "Retention");
    y += t->small_size + 12;
    for (int i = 0; i < STATS_ROADMAP_PHASES; i++) {
        const StatsPhase *p = &ev->phases[i];
        char cards[32], mature[32], rate[32];
        snprintf(cards, sizeof(cards), "%d", p->cards);
        snprintf(mature, sizeof(mature), "%d", p->mature);
        fmt_rate(stats_rate(p->retention), rate, sizeof(rate));
        ui_label_fit(pg->ui, x, y, c_cards - x - 40, FONT_UI, t->small_size, t->text,
                     STATS_PHASE_NAMES[i]);
        ui_label_right(pg->ui, c_cards, y, FONT_UI, t->small_size, t->text, cards);
        ui_label_right(pg->ui, c_mature, y, FONT_UI, t->small_size, t->text, mature);
        ui_label_right(pg->ui, c_ret, y, FONT_UI, t->small_size, t->text, rate);
        float s = t->small_size;
        check_box(pg, x + w - s, y, s, ev->phase_held[i]);
        y += t->small_size + 12;
    }
}

/* ---- the heatmap ------------------------------------------------------------------- */

/* The side of a heatmap cell in a panel w wide: 54 week columns (and the gaps between
 * cells) fit beside the day names. */
static float heat_cell(float w)
{
    float step = floorf((w - 2 * PAD - 40) / 54.0f);
    return step > 18 ? 16 : step < 6 ? 4 : step - 2;
}

static float heatmap_height(const Page *pg, float w)
{
    const Theme *t = pg->t;
    return panel_top(t, true) + t->small_size + 6 + 7 * heat_cell(w) + 12 + t->small_size + PAD;
}

static void heatmap_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Stats *st = &pg->ss->st;
    int64_t first = st->today - (STATS_YEAR_DAYS - 1), total = 0;
    int32_t studied = 0;
    for (int64_t d = first; d <= st->today; d++) {
        int32_t n = stats_day_total(stats_day(st, d));
        total += n;
        studied += n > 0;
    }
    char sub[200], tot[32];
    fmt_int(total, tot, sizeof(tot));
    snprintf(sub, sizeof(sub), "%s answers on %d of the last 365 days; %.1f a day on average", tot,
             studied, (double)total / STATS_YEAR_DAYS);
    float y = panel(pg, r, "Calendar", sub);
    float cell = heat_cell(r.w), step = cell + 2;
    float x0 = r.x + PAD + 40, y0 = y + t->small_size + 6;
    int64_t start = first - weekday(first); /* the Monday of the first week */
    static const char *const DAYS[7] = {"Mon", "", "Wed", "", "Fri", "", ""};
    for (int i = 0; i < 7; i++)
        if (DAYS[i][0])
            ui_label(pg->ui, r.x + PAD, y0 + (float)i * step + cell / 2 - t->small_size / 2 - 1,
                     FONT_UI, t->small_size, t->muted, DAYS[i]);
    static const char *const MONTHS[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int last_month = -1;
    float last_label = -1000;
    int hover = -1;
    for (int64_t d = first; d <= st->today; d++) {
        int col = (int)((d - start) / 7), row = weekday(d);
        float cx = x0 + (float)col * step, cy = y0 + (float)row * step;
        int yy, mm, dd;
        day_civil(d, &yy, &mm, &dd);
        if (mm != last_month && row == 0 && cx - last_label > 3 * step) {
            ui_label(pg->ui, cx, y, FONT_UI, t->small_size, t->muted, MONTHS[mm - 1]);
            last_month = mm;
            last_label = cx;
        } else if (last_month < 0) {
            last_month = mm;
        }
        int32_t n = stats_day_total(stats_day(st, d));
        int level = 0;
        while (n > 0 && level < 4 && (level == 0 || n > pg->ss->heat[level - 1]))
            level++;
        Rect c = {cx, cy, cell, cell};
        draw_rect(pg->ui->dl, c, pg->pal.heat[level]);
        if (d == st->today) {
            draw_rect(pg->ui->dl, (Rect){cx, cy + cell + 1, cell, 2}, t->text);
        }
        if (hover < 0 && ui_mouse_in(pg->ui, c)) {
            hover = (int)(d - first);
            char date[16], tip[96];
            date_text(d, date, sizeof(date));
            snprintf(tip, sizeof(tip), "%s: %d answer%s", date, n, n == 1 ? "" : "s");
            ui_tooltip(pg->ui, ui_id_index("stats_heat", hover), c, tip);
        }
    }
    /* legend */
    float ly = y0 + 7 * step + 10, lx = r.x + r.w - PAD - 5 * step - 80;
    ui_label(pg->ui, lx, ly, FONT_UI, t->small_size, t->muted, "Less");
    lx += ui_text_width(pg->ui, FONT_UI, t->small_size, "Less") + 6;
    for (int i = 0; i < 5; i++)
        draw_rect(pg->ui->dl, (Rect){lx + (float)i * step, ly + 1, cell, cell}, pg->pal.heat[i]);
    ui_label(pg->ui, lx + 5 * step + 4, ly, FONT_UI, t->small_size, t->muted, "More");
    ui_label(pg->ui, r.x + PAD + 40, ly, FONT_UI, t->small_size, t->muted,
             "Today is underlined. Hover a day for its count.");
}

/* ---- forecast and reviews ---------------------------------------------------------- */

static float chart_height(const Page *pg, bool legend_row)
{
    const Theme *t = pg->t;
    return panel_top(t, true) + 8 + CHART_H + t->small_size + 12 +
           (legend_row ? t->small_size + 12 : 0) + PAD - 8;
}

static void forecast_panel(Page *pg, Rect r)
{
    const Stats *st = &pg->ss->st;
    int n = pg->ss->long_range ? STATS_FORECAST_DAYS : STATS_FORECAST_SHORT;
    double v[STATS_FORECAST_DAYS], max = 0, sum = 0;
    for (int i = 0; i < n; i++) {
        v[i] = st->forecast[i];
        max = v[i] > max ? v[i] : max;
        sum += i > 0 ? v[i] : 0;
    }
    char sub[200], title[64];
    snprintf(title, sizeof(title), "Future due: next %d days", n);
    snprintf(sub, sizeof(sub), "due today %d (%d overdue), tomorrow %d; %.1f a day after today",
             st->forecast[0], st->overdue, st->forecast[1], sum / (n - 1));
    float y = panel(pg, r, title, sub) + 8;
    Rect plot = {r.x + PAD + AXIS_W, y, r.w - 2 * PAD - AXIS_W, CHART_H};
    max = y_axis(pg, plot, max);
    const double *layers[1] = {v};
    Color c[1] = {pg->pal.bar};
    stacked_bars(pg, plot, layers, c, 1, n, max);
    char mid[16], end[16];
    snprintf(mid, sizeof(mid), "+%dd", n / 2);
    snprintf(end, sizeof(end), "+%dd", n - 1);
    const int at[3] = {0, n / 2, n - 1};
    const char *const text[3] = {"today", mid, end};
    x_labels(pg, plot, n, at, text, 3);
    int i = bar_at(pg, plot, n);
    if (i >= 0) {
        char tip[96], date[16];
        date_text(st->today + i, date, sizeof(date));
        snprintf(tip, sizeof(tip), "%s: %d card%s due", date, st->forecast[i],
                 st->forecast[i] == 1 ? "" : "s");
        float bw = plot.w / (float)n;
        ui_tooltip(pg->ui, ui_id_index("stats_fc", i),
                   (Rect){plot.x + (float)i * bw, plot.y - 8, bw, plot.h + 8}, tip);
    }
}

static void reviews_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Stats *st = &pg->ss->st;
    int n = pg->ss->long_range ? 90 : 30;
    double v[STATS_KINDS][90], max = 0;
    int64_t kinds[STATS_KINDS] = {0}, total = 0, ms = 0;
    for (int i = 0; i < n; i++) {
        const StatsDay *d = stats_day(st, st->today - (n - 1) + i);
        double day = 0;
        for (int k = 0; k < STATS_KINDS; k++) {
            v[k][i] = d ? d->answers[k] : 0;
            day += v[k][i];
            kinds[k] += d ? d->answers[k] : 0;
        }
        total += (int64_t)day;
        ms += d ? d->duration_ms : 0;
        max = day > max ? day : max;
    }
    char sub[200], title[64], tot[32];
    snprintf(title, sizeof(title), "Reviews per day: last %d days", n);
    fmt_int(total, tot, sizeof(tot));
    snprintf(sub, sizeof(sub), "%s answers, %.1f a day, %.0f minutes in all", tot,
             (double)total / n, (double)ms / 60000.0);
    float y = panel(pg, r, title, sub) + 8;
    Rect plot = {r.x + PAD + AXIS_W, y, r.w - 2 * PAD - AXIS_W, CHART_H};
    max = y_axis(pg, plot, max);
    const double *layers[STATS_KINDS] = {v[STATS_LEARN], v[STATS_RELEARN], v[STATS_YOUNG],
                                         v[STATS_MATURE]};
    const Color colors[STATS_KINDS] = {pg->pal.kinds[STATS_LEARN], pg->pal.kinds[STATS_RELEARN],
                                       pg->pal.kinds[STATS_YOUNG], pg->pal.kinds[STATS_MATURE]};
    stacked_bars(pg, plot, layers, colors, STATS_KINDS, n, max);
    char first[16];
    snprintf(first, sizeof(first), "-%dd", n - 1);
    const int at[2] = {0, n - 1};
    const char *const text[2] = {first, "today"};
    x_labels(pg, plot, n, at, text, 2);
    float ly = plot.y + plot.h + t->small_size + 12, lx = plot.x;
    static const char *const NAMES[STATS_KINDS] = {"Learn", "Young", "Mature", "Relearn"};
    static const int ORDER[STATS_KINDS] = {STATS_LEARN, STATS_YOUNG, STATS_MATURE, STATS_RELEARN};
    for (int k = 0; k < STATS_KINDS; k++) {
        char label[48], num[32];
        fmt_int(kinds[ORDER[k]], num, sizeof(num));
        snprintf(label, sizeof(label), "%s %s", NAMES[k], num);
        lx = legend(pg, lx, ly, pg->pal.kinds[ORDER[k]], label);
    }
    int i = bar_at(pg, plot, n);
    if (i >= 0) {
        char tip[160], date[16];
        int64_t day = st->today - (n - 1) + i;
        date_text(day, date, sizeof(date));
        snprintf(tip, sizeof(tip), "%s: %.0f learn, %.0f young, %.0f mature, %.0f relearn", date,
                 v[STATS_LEARN][i], v[STATS_YOUNG][i], v[STATS_MATURE][i], v[STATS_RELEARN][i]);
        float bw = plot.w / (float)n;
        ui_tooltip(pg->ui, ui_id_index("stats_rev", i),
                   (Rect){plot.x + (float)i * bw, plot.y - 8, bw, plot.h + 8}, tip);
    }
}

/* ---- retention and card states ----------------------------------------------------- */

static float retention_row(const Theme *t)
{
    return t->text_size + t->small_size + 14;
}

static float retention_height(const Page *pg)
{
    const Theme *t = pg->t;
    return panel_top(t, true) + t->small_size + 12 + STATS_PERIODS * retention_row(t) + PAD - 8;
}

/* A cell: the rate, and under it passed of counted. */
static void retention_cell(Page *pg, float right, float y, StatsPassFail pf)
{
    const Theme *t = pg->t;
    char rate[32], a[32], b[32], counts[80];
    fmt_rate(stats_rate(pf), rate, sizeof(rate));
    fmt_int(pf.passed, a, sizeof(a));
    fmt_int(pf.passed + pf.failed, b, sizeof(b));
    snprintf(counts, sizeof(counts), "%s of %s", a, b);
    ui_label_right(pg->ui, right, y, FONT_UI_BOLD, t->text_size, t->text, rate);
    if (pf.passed + pf.failed > 0)
        ui_label_right(pg->ui, right, y + t->text_size + 3, FONT_UI, t->small_size, t->muted,
                       counts);
}

static void retention_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Stats *st = &pg->ss->st;
    float y = panel(pg, r, "True retention", "Review answers passed, the first of each card's day");
    float x = r.x + PAD, w = r.w - 2 * PAD;
    float c_young = x + w * 0.52f, c_mature = x + w * 0.76f, c_all = x + w;
    ui_label_right(pg->ui, c_young, y, FONT_UI_BOLD, t->small_size, t->muted, "Young");
    ui_label_right(pg->ui, c_mature, y, FONT_UI_BOLD, t->small_size, t->muted, "Mature");
    ui_label_right(pg->ui, c_all, y, FONT_UI_BOLD, t->small_size, t->muted, "Total");
    y += t->small_size + 12;
    float rh = retention_row(t);
    for (int p = 0; p < STATS_PERIODS; p++) {
        if (p % 2 == 0)
            draw_rect(pg->ui->dl, (Rect){x - 6, y - 5, w + 12, rh}, pg->pal.faint);
        ui_label(pg->ui, x, y, FONT_UI, t->text_size, t->text, STATS_PERIOD_NAMES[p]);
        StatsPassFail all = {st->young[p].passed + st->mature[p].passed,
                             st->young[p].failed + st->mature[p].failed};
        retention_cell(pg, c_young, y, st->young[p]);
        retention_cell(pg, c_mature, y, st->mature[p]);
        retention_cell(pg, c_all, y, all);
        y += rh;
    }
}

static void cards_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const StatsCardCounts *c = &pg->ss->st.cards;
    char sub[256], tot[32];
    fmt_int(c->total, tot, sizeof(tot));
    snprintf(sub, sizeof(sub), "%s cards in %s", tot, pg->ss->scope_name);
    float y = panel(pg, r, "Card states", sub);
    float x = r.x + PAD, w = r.w - 2 * PAD;
    const int32_t counts[7] = {c->new_cards, c->learning,  c->relearning, c->young,
                               c->mature,    c->suspended, c->buried};
    static const char *const NAMES[7] = {"New",    "Learning",  "Relearning", "Young",
                                         "Mature", "Suspended", "Buried"};
    const Color colors[7] = {t->new_count,
                             t->warning,
                             t->learning_count,
                             pg->pal.kinds[STATS_YOUNG],
                             pg->pal.kinds[STATS_MATURE],
                             blend(t->panel, t->text, 0.45f),
                             blend(t->panel, t->text, 0.25f)};
    float bx = x;
    draw_rect(pg->ui->dl, (Rect){x, y, w, 22}, pg->pal.heat[0]);
    for (int i = 0; i < 7 && c->total > 0; i++) {
        float bw = w * (float)counts[i] / (float)c->total;
        if (bw > 0)
            draw_rect(pg->ui->dl, (Rect){bx, y, bw, 22}, colors[i]);
        bx += bw;
    }
    y += 22 + 14;
    float col_w = w / 2;
    for (int i = 0; i < 7; i++) {
        float cx = x + (float)(i % 2) * col_w, cy = y + (float)(i / 2) * (t->small_size + 12);
        char label[64], num[32];
        fmt_int(counts[i], num, sizeof(num));
        snprintf(label, sizeof(label), "%s", NAMES[i]);
        legend(pg, cx, cy, colors[i], label);
        if (c->total > 0)
            snprintf(label, sizeof(label), "%s  (%.0f%%)", num, 100.0 * counts[i] / c->total);
        else
            snprintf(label, sizeof(label), "%s", num);
        ui_label_right(pg->ui, cx + col_w - 24, cy, FONT_UI, t->small_size, t->text, label);
    }
    /* the load and the totals under the legend */
    const Stats *st = &pg->ss->st;
    y += 4 * (t->small_size + 12) + 8;
    char line_text[200], n[32];
    snprintf(line_text, sizeof(line_text), "Daily load: about %.0f review%s a day", st->daily_load,
             lround(st->daily_load) == 1 ? "" : "s");
    ui_label_fit(pg->ui, x, y, w, FONT_UI, t->small_size, t->text, line_text);
    y += t->small_size + 10;
    fmt_int(st->total_answers, n, sizeof(n));
    snprintf(line_text, sizeof(line_text), "All time: %s answers in %.1f hours; %.0f doublings", n,
             (double)st->total_duration_ms / 3600000.0, st->knowledge);
    ui_label_fit(pg->ui, x, y, w, FONT_UI, t->small_size, t->muted, line_text);
}

/* ---- distributions, buttons and hours ---------------------------------------------- */

/* A histogram of n buckets with a label under each (every other one when crowded). */
static void histogram(Page *pg, Rect r, const char *title, const char *sub, const int32_t *counts,
                      int n, const char *const *labels, Color color, const char *id)
{
    const Theme *t = pg->t;
    float y = panel(pg, r, title, sub) + 8;
    Rect plot = {r.x + PAD + AXIS_W, y, r.w - 2 * PAD - AXIS_W, CHART_H};
    double v[16], max = 0;
    for (int i = 0; i < n; i++) {
        v[i] = counts[i];
        max = v[i] > max ? v[i] : max;
    }
    max = y_axis(pg, plot, max);
    const double *layers[1] = {v};
    stacked_bars(pg, plot, layers, &color, 1, n, max);
    float bw = plot.w / (float)n;
    int step = 1;
    for (int i = 0; i < n; i++)
        if (ui_text_width(pg->ui, FONT_UI, t->small_size, labels[i]) + 6 > bw)
            step = 2;
    for (int i = 0; i < n; i += step) {
        float w = ui_text_width(pg->ui, FONT_UI, t->small_size, labels[i]);
        ui_label(pg->ui, plot.x + ((float)i + 0.5f) * bw - w / 2, plot.y + plot.h + 6, FONT_UI,
                 t->small_size, t->muted, labels[i]);
    }
    int i = bar_at(pg, plot, n);
    if (i >= 0) {
        char tip[96];
        snprintf(tip, sizeof(tip), "%s: %d card%s", labels[i], counts[i],
                 counts[i] == 1 ? "" : "s");
        ui_tooltip(pg->ui, ui_id_index(id, i),
                   (Rect){plot.x + (float)i * bw, plot.y - 8, bw, plot.h + 8}, tip);
    }
}

static void stability_panel(Page *pg, Rect r)
{
    static const char *const LABELS[STATS_STABILITY_BUCKETS] = {
        "<1d", "1d", "2d", "4d", "1w", "2w", "3w", "1mo", "2mo", "3mo", "6mo", "1y+"};
    histogram(pg, r, "Stability", "Days until recall falls to 90%, cards studied at least once",
              pg->ss->st.stability, STATS_STABILITY_BUCKETS, LABELS, pg->pal.kinds[STATS_MATURE],
              "stats_stab");
}

static void difficulty_panel(Page *pg, Rect r)
{
    static const char *const LABELS[STATS_DIFFICULTY_BUCKETS] = {"0%",  "10%", "20%", "30%", "40%",
                                                                 "50%", "60%", "70%", "80%", "90%"};
    histogram(pg, r, "Difficulty", "FSRS difficulty from easiest (0%) to hardest (100%)",
              pg->ss->st.difficulty, STATS_DIFFICULTY_BUCKETS, LABELS, pg->t->warning,
              "stats_diff");
}

static void buttons_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Stats *st = &pg->ss->st;
    float y = panel(pg, r, "Answer buttons", "Last 365 days; correct = Hard, Good or Easy") + 8;
    Rect plot = {r.x + PAD + AXIS_W, y, r.w - 2 * PAD - AXIS_W, CHART_H};
    double max = 0;
    for (int k = 0; k < 3; k++)
        for (int b = 0; b < 4; b++)
            max = (double)st->buttons[k][b] > max ? (double)st->buttons[k][b] : max;
    max = y_axis(pg, plot, max);
    static const char *const GROUPS[3] = {"Learning", "Young", "Mature"};
    static const char *const BUTTONS[4] = {"Again", "Hard", "Good", "Easy"};
    float gw = plot.w / 3, bw = (gw - 24) / 4;
    for (int k = 0; k < 3; k++) {
        int64_t all = 0;
        for (int b = 0; b < 4; b++) {
            int64_t n = st->buttons[k][b];
            all += n;
            float h = (float)((double)n / max) * plot.h;
            Rect bar = {plot.x + (float)k * gw + 12 + (float)b * bw + 1, plot.y + plot.h - h,
                        bw - 2, h};
            if (n > 0)
                draw_rect(pg->ui->dl, (Rect){bar.x, bar.y, bar.w, h < 1 ? 1 : h},
                          pg->pal.buttons[b]);
            Rect hit = {bar.x, plot.y, bar.w, plot.h};
            if (ui_mouse_in(pg->ui, hit)) {
                char tip[96], num[32];
                fmt_int(n, num, sizeof(num));
                snprintf(tip, sizeof(tip), "%s, %s: %s", GROUPS[k], BUTTONS[b], num);
                ui_tooltip(pg->ui, ui_id_index("stats_btn", k * 4 + b), hit, tip);
            }
        }
        char label[64], rate[32];
        fmt_rate(all ? (double)(all - st->buttons[k][0]) / (double)all : -1, rate, sizeof(rate));
        snprintf(label, sizeof(label), "%s %s", GROUPS[k], rate);
        ui_label_center(pg->ui,
                        (Rect){plot.x + (float)k * gw, plot.y + plot.h + 4, gw, t->small_size + 4},
                        FONT_UI, t->small_size, t->muted, label);
    }
    float lx = plot.x, ly = plot.y + plot.h + t->small_size + 12;
    for (int b = 0; b < 4; b++)
        lx = legend(pg, lx, ly, pg->pal.buttons[b], BUTTONS[b]);
}

static void hours_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Stats *st = &pg->ss->st;
    float y = panel(pg, r, "Hourly breakdown", "Last 365 days by local hour") + 8;
    Rect plot = {r.x + PAD + AXIS_W, y, r.w - 2 * PAD - 2 * AXIS_W, CHART_H};
    double v[STATS_HOURS], max = 0;
    for (int h = 0; h < STATS_HOURS; h++) {
        v[h] = (double)st->hours[h].answers;
        max = v[h] > max ? v[h] : max;
    }
    max = y_axis(pg, plot, max);
    const double *layers[1] = {v};
    Color c = blend(t->accent, t->panel, 0.35f);
    stacked_bars(pg, plot, layers, &c, 1, STATS_HOURS, max);
    /* success rate on 0..100% of the plot's height, joined where there were answers */
    float bw = plot.w / STATS_HOURS, px = 0, py = 0;
    bool have = false;
    for (int h = 0; h < STATS_HOURS; h++) {
        if (!st->hours[h].answers) {
            have = false;
            continue;
        }
        double rate = (double)st->hours[h].passed / (double)st->hours[h].answers;
        float x = plot.x + ((float)h + 0.5f) * bw, yy = plot.y + plot.h - (float)rate * plot.h;
        if (have)
            line(pg->ui->dl, px, py, x, yy, 2, pg->pal.good);
        draw_rect(pg->ui->dl, (Rect){x - 2.5f, yy - 2.5f, 5, 5}, pg->pal.good);
        px = x, py = yy, have = true;
    }
    const int at[5] = {0, 6, 12, 18, 23};
    const char *const text[5] = {"0h", "6h", "12h", "18h", "23h"};
    x_labels(pg, plot, STATS_HOURS, at, text, 5);
    /* the rate's scale on the right */
    static const char *const RATES[3] = {"0%", "50%", "100%"};
    for (int k = 0; k < 3; k++)
        ui_label(pg->ui, plot.x + plot.w + 6,
                 plot.y + plot.h - plot.h * (float)k / 2 - t->small_size / 2 - 1, FONT_UI,
                 t->small_size, pg->pal.good, RATES[k]);
    float ly = plot.y + plot.h + t->small_size + 12, lx = plot.x;
    lx = legend(pg, lx, ly, c, "answers");
    legend(pg, lx, ly, pg->pal.good, "% correct");
    int i = bar_at(pg, plot, STATS_HOURS);
    if (i >= 0) {
        char tip[96], rate[32];
        fmt_rate(st->hours[i].answers ? (double)st->hours[i].passed / (double)st->hours[i].answers
                                      : -1,
                 rate, sizeof(rate));
        snprintf(tip, sizeof(tip), "%02d:00: %lld answers, %s correct", i,
                 (long long)st->hours[i].answers, rate);
        ui_tooltip(pg->ui, ui_id_index("stats_hour", i),
                   (Rect){plot.x + (float)i * bw, plot.y - 8, bw, plot.h + 8}, tip);
    }
}

/* ---- drills ------------------------------------------------------------------------ */

static int design_attempts(const StatsDrills *dr, const StatsAttempt **out, int cap)
{
    int n = 0;
    for (size_t i = 0; i < dr->count; i++)
        if (dr->attempts[i].kind == DECK_KIND_DESIGN) {
            if (n == cap) {
                memmove(out, out + 1, (size_t)(cap - 1) * sizeof(*out));
                n--;
            }
            out[n++] = &dr->attempts[i];
        }
    return n;
}

static float trends_height(const Page *pg, float w)
{
    const Theme *t = pg->t;
    const StatsAttempt *list[TREND_MAX];
    if (!design_attempts(&pg->ss->st.drills, list, TREND_MAX))
        return panel_top(t, true) + PAD - 8;
    int cols = w >= TWO_COLS_W ? 4 : 2;
    float mini = 70 + t->small_size + 10;
    return panel_top(t, true) + (float)(DRILL_DIMENSIONS / cols) * (mini + 14) + PAD - 8;
}

static void trends_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const StatsAttempt *list[TREND_MAX];
    int n = design_attempts(&pg->ss->st.drills, list, TREND_MAX);
    char sub[160];
    snprintf(sub, sizeof(sub), "Self-scores 1-4 of the last %d design drill%s, oldest first", n,
             n == 1 ? "" : "s");
    float y = panel(pg, r, "Rubric scores over time",
                    n ? sub : "No design drill finished yet: d on the home screen starts one");
    if (!n)
        return;
    int cols = r.w >= TWO_COLS_W ? 4 : 2;
    float x0 = r.x + PAD, cw = (r.w - 2 * PAD) / (float)cols, mini = 70;
    for (int d = 0; d < DRILL_DIMENSIONS; d++) {
        float cx = x0 + (float)(d % cols) * cw,
              cy = y + (float)(d / cols) * (mini + t->small_size + 24);
        int last = -1;
        for (int i = n - 1; i >= 0 && last < 0; i--)
            last = list[i]->scores[d];
        char head[64];
        snprintf(head, sizeof(head), "%d", last);
        ui_label_fit(pg->ui, cx, cy, cw - 50, FONT_UI, t->small_size, t->text,
                     DRILL_DIMENSION_NAMES[d]);
        if (last > 0)
            ui_label_right(pg->ui, cx + cw - 18, cy, FONT_UI_BOLD, t->small_size,
                           last >= 3 ? pg->pal.good : t->warning, head);
        Rect plot = {cx + 14, cy + t->small_size + 10, cw - 34, mini};
        for (int s = 1; s <= 4; s++) {
            float gy = plot.y + plot.h - plot.h * (float)(s - 1) / 3;
            draw_rect(pg->ui->dl, (Rect){plot.x, gy, plot.w, 1},
                      s == 3 ? blend(pg->pal.grid, pg->pal.good, 0.5f) : pg->pal.grid);
            if (s == 1 || s == 4) {
                char num[4];
                snprintf(num, sizeof(num), "%d", s);
                ui_label(pg->ui, cx, gy - t->small_size / 2 - 1, FONT_UI, t->small_size, t->muted,
                         num);
            }
        }
        float px = 0, py = 0;
        bool have = false;
        for (int i = 0; i < n; i++) {
            int s = list[i]->scores[d];
            if (s < 1)
                continue;
            float x = n > 1 ? plot.x + plot.w * (float)i / (float)(n - 1) : plot.x + plot.w / 2;
            float yy = plot.y + plot.h - plot.h * (float)(s - 1) / 3;
            if (have)
                line(pg->ui->dl, px, py, x, yy, 2, t->accent);
            draw_rect(pg->ui->dl, (Rect){x - 3, yy - 3, 6, 6}, t->accent);
            px = x, py = yy, have = true;
        }
    }
}

static float phase_time_height(const Page *pg)
{
    const Theme *t = pg->t;
    if (!pg->ss->st.drills.phase_samples && !pg->ss->st.drills.recent_total)
        return panel_top(t, true) + 2 * (t->small_size + 10) + PAD - 8;
    return panel_top(t, true) + DRILL_PHASES * (t->small_size + 16) + t->small_size + 12 + PAD - 8;
}

static void phase_time_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const StatsDrills *dr = &pg->ss->st.drills;
    char sub[128];
    snprintf(sub, sizeof(sub), "Mean minutes used against the plan, %d design drill%s",
             dr->phase_samples, dr->phase_samples == 1 ? "" : "s");
    float y =
        panel(pg, r, "Time per phase", dr->phase_samples ? sub : "No design drill finished yet");
    if (!dr->phase_samples)
        return;
    float x = r.x + PAD, w = r.w - 2 * PAD, label_w = w * 0.3f, num_w = 96;
    float bar_x = x + label_w, bar_w = w - label_w - num_w;
    double max = 1;
    for (int p = 0; p < DRILL_PHASES; p++) {
        max = dr->phase_planned_ms[p] > max ? dr->phase_planned_ms[p] : max;
        max = dr->phase_used_ms[p] > max ? dr->phase_used_ms[p] : max;
    }
    float row = t->small_size + 16;
    for (int p = 0; p < DRILL_PHASES; p++) {
        float ry = y + (float)p * row;
        ui_label_fit(pg->ui, x, ry, label_w - 8, FONT_UI, t->small_size, t->text,
                     DRILL_PHASE_NAMES[p]);
        double plan = dr->phase_planned_ms[p], used = dr->phase_used_ms[p];
        float pw = (float)(plan / max) * bar_w, uw = (float)(used / max) * bar_w;
        float by = ry + 1, bh = t->small_size;
        draw_rect(pg->ui->dl, (Rect){bar_x, by, pw, bh}, pg->pal.plan);
        draw_rect(pg->ui->dl, (Rect){bar_x, by + 3, uw < pw ? uw : pw, bh - 6}, t->accent);
        if (uw > pw)
            draw_rect(pg->ui->dl, (Rect){bar_x + pw, by + 3, uw - pw, bh - 6}, pg->pal.over);
        char num[48];
        snprintf(num, sizeof(num), "%.1f / %.1f", used / 60000.0, plan / 60000.0);
        ui_label_right(pg->ui, x + w, ry, FONT_UI, t->small_size,
                       used > plan * 1.02 ? t->warning : t->text, num);
    }
    float ly = y + DRILL_PHASES * row + 4, lx = bar_x;
    lx = legend(pg, lx, ly, pg->pal.plan, "plan");
    lx = legend(pg, lx, ly, t->accent, "used");
    legend(pg, lx, ly, pg->pal.over, "over the plan");
}

static void estimation_panel(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const StatsDrills *dr = &pg->ss->st.drills;
    float y = panel(pg, r, "Estimation accuracy", "Answers within 20% of the reference");
    float x = r.x + PAD, w = r.w - 2 * PAD;
    char line_text[160], rate[32];
    int counts[5] = {0};
    for (size_t i = 0; i < dr->count; i++)
        if (dr->attempts[i].kind >= 0 && dr->attempts[i].kind < 5)
            counts[dr->attempts[i].kind]++;
    char drills_line[160];
    snprintf(drills_line, sizeof(drills_line),
             "Drills finished: %d design, %d risk reviews, %d ADRs, %d estimation rounds",
             counts[DECK_KIND_DESIGN], counts[DECK_KIND_RISK], counts[DECK_KIND_ADR],
             counts[DECK_KIND_ESTIMATION]);
    if (!dr->recent_total) {
        ui_label_fit(pg->ui, x, y, w, FONT_UI, t->small_size, t->text,
                     "No estimation answers yet: the drills list has estimation rounds");
        ui_label_fit(pg->ui, x, y + t->small_size + 10, w, FONT_UI, t->small_size, t->muted,
                     drills_line);
        return;
    }
    double recent = dr->recent_total ? (double)dr->recent_correct / (double)dr->recent_total : -1;
    fmt_rate(recent, rate, sizeof(rate));
    snprintf(line_text, sizeof(line_text), "Last %d answers: %d correct", dr->recent_total,
             dr->recent_correct);
    ui_label(pg->ui, x, y, FONT_UI_BOLD, t->title_size, recent >= 0.8 ? pg->pal.good : t->text,
             rate);
    ui_label(pg->ui, x + ui_text_width(pg->ui, FONT_UI_BOLD, t->title_size, rate) + 12,
             y + t->title_size - t->small_size - 4, FONT_UI, t->small_size, t->text, line_text);
    y += t->title_size + 12;
    /* the share with the 80% mark the rank and readiness need */
    draw_rect(pg->ui->dl, (Rect){x, y, w, 10}, pg->pal.heat[0]);
    if (recent > 0)
        draw_rect(pg->ui->dl, (Rect){x, y, w * (float)recent, 10},
                  recent >= 0.8 ? pg->pal.good : t->accent);
    draw_rect(pg->ui->dl, (Rect){x + w * 0.8f - 1, y - 4, 2, 18}, t->text);
    ui_label(pg->ui, x + w * 0.8f - 12, y + 16, FONT_UI, t->small_size, t->muted, "80%");
    y += 16 + t->small_size + 10;
    fmt_rate(dr->estimation_total ? (double)dr->estimation_correct / dr->estimation_total : -1,
             rate, sizeof(rate));
    snprintf(line_text, sizeof(line_text), "All time: %d of %d within 20%% (%s)",
             dr->estimation_correct, dr->estimation_total, rate);
    ui_label_fit(pg->ui, x, y, w, FONT_UI, t->small_size, t->text, line_text);
    y += t->small_size + 10;
    ui_label_fit(pg->ui, x, y, w, FONT_UI, t->small_size, t->muted, drills_line);
}

/* ---- layout ------------------------------------------------------------------------ */

typedef void (*PanelFn)(Page *pg, Rect r);

/* One panel across the page, or two side by side (b may be NULL), each h high (two
 * stacked when the page is narrow). Returns the y below them. */
static float row(Page *pg, float x, float y, float w, PanelFn a, PanelFn b, float h)
{
    bool two = b && w >= TWO_COLS_W;
    if (b && !two) {
        if (visible(pg, y, h))
            a(pg, (Rect){x, y, w, h});
        y += h + GAP;
        if (visible(pg, y, h))
            b(pg, (Rect){x, y, w, h});
        return y + h + GAP;
    }
    float cw = two ? (w - GAP) / 2 : w;
    if (visible(pg, y, h)) {
        a(pg, (Rect){x, y, cw, h});
        if (two)
            b(pg, (Rect){x + cw + GAP, y, cw, h});
    }
    return y + h + GAP;
}

static float heading(Page *pg, float x, float y, const char *text)
{
    const Theme *t = pg->t;
    if (visible(pg, y, t->title_size))
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
    float h = game_height(pg, w);
    if (visible(pg, y, h))
        game_panel(pg, (Rect){x, y, w, h});
    y += h + GAP;
    if (w >= TWO_COLS_W) {
        h = max2(readiness_height(pg), phases_height(pg));
        float rw = (w - GAP) * 0.62f;
        if (visible(pg, y, h)) {
            readiness_panel(pg, (Rect){x, y, rw, h});
            phases_panel(pg, (Rect){x + rw + GAP, y, w - rw - GAP, h});
        }
        y += h + GAP;
    } else {
        y = row(pg, x, y, w, readiness_panel, NULL, readiness_height(pg));
        y = row(pg, x, y, w, phases_panel, NULL, phases_height(pg));
    }
    y = heading(pg, x, y, "Cards");
    y = row(pg, x, y, w, heatmap_panel, NULL, heatmap_height(pg, w));
    y = row(pg, x, y, w, forecast_panel, reviews_panel, chart_height(pg, true));
    y = row(pg, x, y, w, retention_panel, cards_panel, retention_height(pg));
    y = row(pg, x, y, w, stability_panel, difficulty_panel, chart_height(pg, false));
    y = row(pg, x, y, w, buttons_panel, hours_panel, chart_height(pg, true));
    y = heading(pg, x, y, "Drills");
    y = row(pg, x, y, w, trends_panel, NULL, trends_height(pg, w));
    y = row(pg, x, y, w, phase_time_panel, estimation_panel, phase_time_height(pg));
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
    draw_rect(ui->dl, (Rect){0, head_h - 1, ui->width, 1}, blend(t->background, t->text, 0.1f));
    if (!ss->loaded) {
        ui_label_fit(ui, x, head_h + 24, w, FONT_UI, t->text_size, t->warning,
                     ss->error[0] ? ss->error : "No statistics");
        return;
    }
    float top = ui_scroll_begin(ui, "stats", view, ss->content_h, &ss->scroll);
    Page pg = {app, ui, t, ss, palette(t), view};
    ss->content_h = page(&pg, x, top + GAP, w) + GAP;
    ui_scroll_end(ui, view, ss->content_h, ss->scroll);
}
