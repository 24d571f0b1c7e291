/*
 * stats_screen_internal.h: what the statistics screen's files share (screen_stats.c,
 * stats_plot.c, stats_cards.c, stats_progress.c) and nothing else includes: the screen's
 * state, the Page a frame draws on and its Palette, and the panels' measures. The state is
 * filled when the screen opens or the scope changes; a frame only reads it (the scroll and
 * the content height aside).
 */
#ifndef ARCHDRILL_STATS_SCREEN_INTERNAL_H
#define ARCHDRILL_STATS_SCREEN_INTERNAL_H

#include "ui/app_internal.h"

#include "core/store_stats.h"

#define PAD        16.0f  /* inside a panel */
#define TWO_COLS_W 880.0f /* narrower pages stack the paired panels */
#define CHART_H    150.0f /* the plot area of a chart */
#define AXIS_W     44.0f  /* room for the y labels left of a plot */

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

/* The plots' colours, derived from the theme once per frame. */
typedef struct Palette {
    Color kinds[STATS_KINDS]; /* learn, young, mature, relearn */
    Color buttons[4];         /* again, hard, good, easy */
    Color heat[5];
    Color grid, border, bar, plan, over, good, faint;
} Palette;

/* What every panel draws with during one frame; view is the visible part of the page. */
typedef struct Page {
    App *app;
    UiCtx *ui;
    const Theme *t;
    StatsScreen *ss;
    Palette pal;
    Rect view;
} Page;

#endif
