/*
 * stats_plot.h: the drawing helpers the statistics screen's panels share: the palette,
 * what of the page is visible, number and date text, lines, check boxes, panel frames,
 * axes, stacked bars, labels and legends. Everything is drawn into pg->ui's DrawList with
 * rectangles and triangles; nothing here keeps state between calls.
 */
#ifndef ARCHDRILL_STATS_PLOT_H
#define ARCHDRILL_STATS_PLOT_H

#include "ui/stats_screen_internal.h"

/* The colour t of the way from a to b (0: a, 1: b), opaque. */
Color stats_plot_blend(Color a, Color b, float t);
/* The plots' colours for theme t. */
Palette stats_plot_palette(const Theme *t);
/* Whether anything of the band from y, h high, is in the page's view. */
bool stats_plot_visible(const Page *pg, float y, float h);

/* n with thousands separators ("12,345") into out, cut to cap bytes with its NUL. */
void stats_plot_fmt_int(int64_t n, char *out, size_t cap);
/* A rate of 0..1 as a percentage ("92.3%"), or "-" when rate < 0 (nothing counted). */
void stats_plot_fmt_rate(double rate, char *out, size_t cap);
/* The civil date of a day number ("2024-05-31"). */
void stats_plot_date_text(int64_t day, char *out, size_t cap);

/* A segment from (x0, y0) to (x1, y1), w wide; nothing when the ends coincide. */
void stats_plot_line(DrawList *dl, float x0, float y0, float x1, float y1, float w, Color c);
/* A box of side s at (x, y): filled with a check mark when ticked, else an outline. */
void stats_plot_check_box(Page *pg, float x, float y, float s, bool ticked);
/* A panel's frame, its title and its subtitle (sub may be NULL); returns the y where its
 * content starts, which is r.y + stats_plot_panel_top(pg->t, sub != NULL). */
float stats_plot_panel(Page *pg, Rect r, const char *title, const char *sub);
/* The height of a panel's frame above its content, with or without a subtitle. */
float stats_plot_panel_top(const Theme *t, bool sub);

/* Grid lines at 0, half and the top of plot for values up to max, rounded up to a round
 * number, labelled on the left; a note when max is not positive. Returns the top's value
 * (positive), the scale for stats_plot_stacked_bars. */
double stats_plot_y_axis(Page *pg, Rect plot, double max);
/* n bars across plot, each a stack of layers: layer l of bar i is v[l][i] in colors[l],
 * scaled so max fills the plot's height. Values that are not positive are skipped. */
void stats_plot_stacked_bars(Page *pg, Rect plot, const double *const *v, const Color *colors,
                             int layers, int n, double max);
/* The index of the bar under the mouse in a plot of n bars (or just above it), or -1, also
 * while the ui is blocked by a modal. */
int stats_plot_bar_at(const Page *pg, Rect plot, int n);
/* count labels under a plot of n bars, text[i] centred on bar at[i], kept inside the plot
 * (on the left, up to half the axis' room). */
void stats_plot_x_labels(Page *pg, Rect plot, int n, const int *at, const char *const *text,
                         int count);
/* A legend entry at (x, y): a swatch of c and text; returns the x for the next entry. */
float stats_plot_legend(Page *pg, float x, float y, Color c, const char *text);

#endif
