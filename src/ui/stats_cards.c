/*
 * stats_cards.c: the statistics screen's panels on the scope's cards: the calendar of the
 * last year, the forecast and the reviews per day (30 or 90 days), true retention, card
 * states, the stability and difficulty histograms, answer buttons and hours. Each reads
 * pg->ss->st, loaded when the screen opened or the scope changed, and draws with
 * stats_plot; hovering a day, a bar or a button shows its figures in a tooltip.
 */
#include "ui/stats_cards.h"

#include "ui/stats_plot.h"

#include <math.h>
#include <stdio.h>

/* ---- the heatmap ------------------------------------------------------------------- */

/* Monday = 0 .. Sunday = 6 (day 0, 1970-01-01, was a Thursday). */
static int weekday(int64_t day)
{
    int64_t r = (day + 3) % 7;
    return (int)(r < 0 ? r + 7 : r);
}

/* The side of a heatmap cell in a panel w wide: 54 week columns (and the gaps between
 * cells) fit beside the day names. */
static float heat_cell(float w)
{
    float step = floorf((w - 2 * PAD - 40) / 54.0f);
    return step > 18 ? 16 : step < 6 ? 4 : step - 2;
}

float stats_cards_heatmap_height(const Page *pg, float w)
{
    const Theme *t = pg->t;
    return stats_plot_panel_top(t, true) + t->small_size + 6 + 7 * heat_cell(w) + 12 +
           t->small_size + PAD;
}

void stats_cards_heatmap(Page *pg, Rect r)
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
    stats_plot_fmt_int(total, tot, sizeof(tot));
    snprintf(sub, sizeof(sub), "%s answers on %d of the last 365 days; %.1f a day on average", tot,
             studied, (double)total / STATS_YEAR_DAYS);
    float y = stats_plot_panel(pg, r, "Calendar", sub);
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
            stats_plot_date_text(d, date, sizeof(date));
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

float stats_cards_chart_height(const Page *pg, bool legend_row)
{
    const Theme *t = pg->t;
    return stats_plot_panel_top(t, true) + 8 + CHART_H + t->small_size + 12 +
           (legend_row ? t->small_size + 12 : 0) + PAD - 8;
}

void stats_cards_forecast(Page *pg, Rect r)
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
    float y = stats_plot_panel(pg, r, title, sub) + 8;
    Rect plot = {r.x + PAD + AXIS_W, y, r.w - 2 * PAD - AXIS_W, CHART_H};
    max = stats_plot_y_axis(pg, plot, max);
    const double *layers[1] = {v};
    Color c[1] = {pg->pal.bar};
    stats_plot_stacked_bars(pg, plot, layers, c, 1, n, max);
    char mid[16], end[16];
    snprintf(mid, sizeof(mid), "+%dd", n / 2);
    snprintf(end, sizeof(end), "+%dd", n - 1);
    const int at[3] = {0, n / 2, n - 1};
    const char *const text[3] = {"today", mid, end};
    stats_plot_x_labels(pg, plot, n, at, text, 3);
    int i = stats_plot_bar_at(pg, plot, n);
    if (i >= 0) {
        char tip[96], date[16];
        stats_plot_date_text(st->today + i, date, sizeof(date));
        snprintf(tip, sizeof(tip), "%s: %d card%s due", date, st->forecast[i],
                 st->forecast[i] == 1 ? "" : "s");
        float bw = plot.w / (float)n;
        ui_tooltip(pg->ui, ui_id_index("stats_fc", i),
                   (Rect){plot.x + (float)i * bw, plot.y - 8, bw, plot.h + 8}, tip);
    }
}

void stats_cards_reviews(Page *pg, Rect r)
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
    stats_plot_fmt_int(total, tot, sizeof(tot));
    snprintf(sub, sizeof(sub), "%s answers, %.1f a day, %.0f minutes in all", tot,
             (double)total / n, (double)ms / 60000.0);
    float y = stats_plot_panel(pg, r, title, sub) + 8;
    Rect plot = {r.x + PAD + AXIS_W, y, r.w - 2 * PAD - AXIS_W, CHART_H};
    max = stats_plot_y_axis(pg, plot, max);
    const double *layers[STATS_KINDS] = {v[STATS_LEARN], v[STATS_RELEARN], v[STATS_YOUNG],
                                         v[STATS_MATURE]};
    const Color colors[STATS_KINDS] = {pg->pal.kinds[STATS_LEARN], pg->pal.kinds[STATS_RELEARN],
                                       pg->pal.kinds[STATS_YOUNG], pg->pal.kinds[STATS_MATURE]};
    stats_plot_stacked_bars(pg, plot, layers, colors, STATS_KINDS, n, max);
    char first[16];
    snprintf(first, sizeof(first), "-%dd", n - 1);
    const int at[2] = {0, n - 1};
    const char *const text[2] = {first, "today"};
    stats_plot_x_labels(pg, plot, n, at, text, 2);
    float ly = plot.y + plot.h + t->small_size + 12, lx = plot.x;
    static const char *const NAMES[STATS_KINDS] = {"Learn", "Young", "Mature", "Relearn"};
    static const int ORDER[STATS_KINDS] = {STATS_LEARN, STATS_YOUNG, STATS_MATURE, STATS_RELEARN};
    for (int k = 0; k < STATS_KINDS; k++) {
        char label[48], num[32];
        stats_plot_fmt_int(kinds[ORDER[k]], num, sizeof(num));
        snprintf(label, sizeof(label), "%s %s", NAMES[k], num);
        lx = stats_plot_legend(pg, lx, ly, pg->pal.kinds[ORDER[k]], label);
    }
    int i = stats_plot_bar_at(pg, plot, n);
    if (i >= 0) {
        char tip[160], date[16];
        int64_t day = st->today - (n - 1) + i;
        stats_plot_date_text(day, date, sizeof(date));
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

float stats_cards_retention_height(const Page *pg)
{
    const Theme *t = pg->t;
    return stats_plot_panel_top(t, true) + t->small_size + 12 + STATS_PERIODS * retention_row(t) +
           PAD - 8;
}

/* A cell: the rate, and under it passed of counted. */
static void retention_cell(Page *pg, float right, float y, StatsPassFail pf)
{
    const Theme *t = pg->t;
    char rate[32], a[32], b[32], counts[80];
    stats_plot_fmt_rate(stats_rate(pf), rate, sizeof(rate));
    stats_plot_fmt_int(pf.passed, a, sizeof(a));
    stats_plot_fmt_int(pf.passed + pf.failed, b, sizeof(b));
    snprintf(counts, sizeof(counts), "%s of %s", a, b);
    ui_label_right(pg->ui, right, y, FONT_UI_BOLD, t->text_size, t->text, rate);
    if (pf.passed + pf.failed > 0)
        ui_label_right(pg->ui, right, y + t->text_size + 3, FONT_UI, t->small_size, t->muted,
                       counts);
}

void stats_cards_retention(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Stats *st = &pg->ss->st;
    float y = stats_plot_panel(pg, r, "True retention",
                               "Review answers passed, the first of each card's day");
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

void stats_cards_states(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const StatsCardCounts *c = &pg->ss->st.cards;
    char sub[256], tot[32];
    stats_plot_fmt_int(c->total, tot, sizeof(tot));
    snprintf(sub, sizeof(sub), "%s cards in %s", tot, pg->ss->scope_name);
    float y = stats_plot_panel(pg, r, "Card states", sub);
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
                             stats_plot_blend(t->panel, t->text, 0.45f),
                             stats_plot_blend(t->panel, t->text, 0.25f)};
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
        stats_plot_fmt_int(counts[i], num, sizeof(num));
        snprintf(label, sizeof(label), "%s", NAMES[i]);
        stats_plot_legend(pg, cx, cy, colors[i], label);
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
    stats_plot_fmt_int(st->total_answers, n, sizeof(n));
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
    float y = stats_plot_panel(pg, r, title, sub) + 8;
    Rect plot = {r.x + PAD + AXIS_W, y, r.w - 2 * PAD - AXIS_W, CHART_H};
    double v[16], max = 0;
    for (int i = 0; i < n; i++) {
        v[i] = counts[i];
        max = v[i] > max ? v[i] : max;
    }
    max = stats_plot_y_axis(pg, plot, max);
    const double *layers[1] = {v};
    stats_plot_stacked_bars(pg, plot, layers, &color, 1, n, max);
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
    int i = stats_plot_bar_at(pg, plot, n);
    if (i >= 0) {
        char tip[96];
        snprintf(tip, sizeof(tip), "%s: %d card%s", labels[i], counts[i],
                 counts[i] == 1 ? "" : "s");
        ui_tooltip(pg->ui, ui_id_index(id, i),
                   (Rect){plot.x + (float)i * bw, plot.y - 8, bw, plot.h + 8}, tip);
    }
}

void stats_cards_stability(Page *pg, Rect r)
{
    static const char *const LABELS[STATS_STABILITY_BUCKETS] = {
        "<1d", "1d", "2d", "4d", "1w", "2w", "3w", "1mo", "2mo", "3mo", "6mo", "1y+"};
    histogram(pg, r, "Stability", "Days until recall falls to 90%, cards studied at least once",
              pg->ss->st.stability, STATS_STABILITY_BUCKETS, LABELS, pg->pal.kinds[STATS_MATURE],
              "stats_stab");
}

void stats_cards_difficulty(Page *pg, Rect r)
{
    static const char *const LABELS[STATS_DIFFICULTY_BUCKETS] = {"0%",  "10%", "20%", "30%", "40%",
                                                                 "50%", "60%", "70%", "80%", "90%"};
    histogram(pg, r, "Difficulty", "FSRS difficulty from easiest (0%) to hardest (100%)",
              pg->ss->st.difficulty, STATS_DIFFICULTY_BUCKETS, LABELS, pg->t->warning,
              "stats_diff");
}

void stats_cards_buttons(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Stats *st = &pg->ss->st;
    float y =
        stats_plot_panel(pg, r, "Answer buttons", "Last 365 days; correct = Hard, Good or Easy") +
        8;
    Rect plot = {r.x + PAD + AXIS_W, y, r.w - 2 * PAD - AXIS_W, CHART_H};
    double max = 0;
    for (int k = 0; k < 3; k++)
        for (int b = 0; b < 4; b++)
            max = (double)st->buttons[k][b] > max ? (double)st->buttons[k][b] : max;
    max = stats_plot_y_axis(pg, plot, max);
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
                stats_plot_fmt_int(n, num, sizeof(num));
                snprintf(tip, sizeof(tip), "%s, %s: %s", GROUPS[k], BUTTONS[b], num);
                ui_tooltip(pg->ui, ui_id_index("stats_btn", k * 4 + b), hit, tip);
            }
        }
        char label[64], rate[32];
        stats_plot_fmt_rate(all ? (double)(all - st->buttons[k][0]) / (double)all : -1, rate,
                            sizeof(rate));
        snprintf(label, sizeof(label), "%s %s", GROUPS[k], rate);
        ui_label_center(pg->ui,
                        (Rect){plot.x + (float)k * gw, plot.y + plot.h + 4, gw, t->small_size + 4},
                        FONT_UI, t->small_size, t->muted, label);
    }
    float lx = plot.x, ly = plot.y + plot.h + t->small_size + 12;
    for (int b = 0; b < 4; b++)
        lx = stats_plot_legend(pg, lx, ly, pg->pal.buttons[b], BUTTONS[b]);
}

void stats_cards_hours(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Stats *st = &pg->ss->st;
    float y = stats_plot_panel(pg, r, "Hourly breakdown", "Last 365 days by local hour") + 8;
    Rect plot = {r.x + PAD + AXIS_W, y, r.w - 2 * PAD - 2 * AXIS_W, CHART_H};
    double v[STATS_HOURS], max = 0;
    for (int h = 0; h < STATS_HOURS; h++) {
        v[h] = (double)st->hours[h].answers;
        max = v[h] > max ? v[h] : max;
    }
    max = stats_plot_y_axis(pg, plot, max);
    const double *layers[1] = {v};
    Color c = stats_plot_blend(t->accent, t->panel, 0.35f);
    stats_plot_stacked_bars(pg, plot, layers, &c, 1, STATS_HOURS, max);
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
            stats_plot_line(pg->ui->dl, px, py, x, yy, 2, pg->pal.good);
        draw_rect(pg->ui->dl, (Rect){x - 2.5f, yy - 2.5f, 5, 5}, pg->pal.good);
        px = x, py = yy, have = true;
    }
    const int at[5] = {0, 6, 12, 18, 23};
    const char *const text[5] = {"0h", "6h", "12h", "18h", "23h"};
    stats_plot_x_labels(pg, plot, STATS_HOURS, at, text, 5);
    /* the rate's scale on the right */
    static const char *const RATES[3] = {"0%", "50%", "100%"};
    for (int k = 0; k < 3; k++)
        ui_label(pg->ui, plot.x + plot.w + 6,
                 plot.y + plot.h - plot.h * (float)k / 2 - t->small_size / 2 - 1, FONT_UI,
                 t->small_size, pg->pal.good, RATES[k]);
    float ly = plot.y + plot.h + t->small_size + 12, lx = plot.x;
    lx = stats_plot_legend(pg, lx, ly, c, "answers");
    stats_plot_legend(pg, lx, ly, pg->pal.good, "% correct");
    int i = stats_plot_bar_at(pg, plot, STATS_HOURS);
    if (i >= 0) {
        char tip[96], rate[32];
        stats_plot_fmt_rate(
            st->hours[i].answers ? (double)st->hours[i].passed / (double)st->hours[i].answers : -1,
            rate, sizeof(rate));
        snprintf(tip, sizeof(tip), "%02d:00: %lld answers, %s correct", i,
                 (long long)st->hours[i].answers, rate);
        ui_tooltip(pg->ui, ui_id_index("stats_hour", i),
                   (Rect){plot.x + (float)i * bw, plot.y - 8, bw, plot.h + 8}, tip);
    }
}
