/*
 * stats_plot.c: the drawing helpers of the statistics screen's panels. Plots are made of
 * rectangles and of segments drawn as two triangles; an axis rounds its top up to a round
 * number so its grid lines are labelled with whole numbers. See stats_plot.h.
 */
#include "ui/stats_plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

Color stats_plot_blend(Color a, Color b, float t)
{
    return (Color){(uint8_t)lroundf(a.r + (b.r - a.r) * t), (uint8_t)lroundf(a.g + (b.g - a.g) * t),
                   (uint8_t)lroundf(a.b + (b.b - a.b) * t), 255};
}

Palette stats_plot_palette(const Theme *t)
{
    Palette p;
    p.kinds[STATS_LEARN] = t->new_count;
    p.kinds[STATS_YOUNG] = stats_plot_blend(t->due_count, t->panel, 0.5f);
    p.kinds[STATS_MATURE] = t->due_count;
    p.kinds[STATS_RELEARN] = t->learning_count;
    p.buttons[0] = t->learning_count;
    p.buttons[1] = t->warning;
    p.buttons[2] = t->due_count;
    p.buttons[3] = t->new_count;
    p.heat[0] = stats_plot_blend(t->panel, t->text, 0.07f);
    for (int i = 1; i < 5; i++)
        p.heat[i] = stats_plot_blend(t->panel, t->due_count, 0.2f + 0.2f * (float)i);
    p.grid = stats_plot_blend(t->panel, t->text, 0.12f);
    p.border = stats_plot_blend(t->panel, t->text, 0.1f);
    p.bar = t->accent;
    p.plan = stats_plot_blend(t->panel, t->text, 0.2f);
    p.over = t->warning;
    p.good = t->due_count;
    p.faint = stats_plot_blend(t->panel, t->text, 0.04f);
    return p;
}

bool stats_plot_visible(const Page *pg, float y, float h)
{
    return y + h >= pg->view.y && y <= pg->view.y + pg->view.h;
}

/* "12,345" */
void stats_plot_fmt_int(int64_t n, char *out, size_t cap)
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
void stats_plot_fmt_rate(double rate, char *out, size_t cap)
{
    if (rate < 0)
        snprintf(out, cap, "-");
    else
        snprintf(out, cap, "%.1f%%", rate * 100.0);
}

void stats_plot_date_text(int64_t day, char *out, size_t cap)
{
    int y, m, d;
    day_civil(day, &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

/* A segment w wide as two triangles. */
void stats_plot_line(DrawList *dl, float x0, float y0, float x1, float y1, float w, Color c)
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
void stats_plot_check_box(Page *pg, float x, float y, float s, bool ticked)
{
    const Theme *t = pg->t;
    DrawList *dl = pg->ui->dl;
    if (ticked) {
        draw_rect(dl, (Rect){x, y, s, s}, pg->pal.good);
        stats_plot_line(dl, x + s * 0.22f, y + s * 0.52f, x + s * 0.42f, y + s * 0.72f, 2.5f,
                        t->panel);
        stats_plot_line(dl, x + s * 0.42f, y + s * 0.72f, x + s * 0.8f, y + s * 0.3f, 2.5f,
                        t->panel);
    } else {
        draw_rect(dl, (Rect){x, y, s, s}, t->muted);
        draw_rect(dl, (Rect){x + 2, y + 2, s - 4, s - 4}, t->panel);
    }
}

/* A panel's frame and title; returns the y where its content starts. */
float stats_plot_panel(Page *pg, Rect r, const char *title, const char *sub)
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

float stats_plot_panel_top(const Theme *t, bool sub)
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
double stats_plot_y_axis(Page *pg, Rect plot, double max)
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
void stats_plot_stacked_bars(Page *pg, Rect plot, const double *const *v, const Color *colors,
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
int stats_plot_bar_at(const Page *pg, Rect plot, int n)
{
    Rect hit = {plot.x, plot.y - 8, plot.w, plot.h + 8};
    if (!ui_mouse_in(pg->ui, hit) || pg->ui->blocked)
        return -1;
    int i = (int)((pg->ui->mouse_x - plot.x) / (plot.w / (float)n));
    return i >= 0 && i < n ? i : -1;
}

/* Labels under a plot at bar indexes `at` (centred on the bar). */
void stats_plot_x_labels(Page *pg, Rect plot, int n, const int *at, const char *const *text,
                         int count)
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
float stats_plot_legend(Page *pg, float x, float y, Color c, const char *text)
{
    const Theme *t = pg->t;
    float s = t->small_size - 2;
    draw_rect(pg->ui->dl, (Rect){x, y + 2, s, s}, c);
    ui_label(pg->ui, x + s + 6, y, FONT_UI, t->small_size, t->text, text);
    return x + s + 6 + ui_text_width(pg->ui, FONT_UI, t->small_size, text) + 16;
}
