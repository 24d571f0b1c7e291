/*
 * stats_progress.c: the statistics screen's panels on the player's progress: the game's
 * figures, the readiness checklist and the roadmap phases (the player's, from all decks and
 * drills whatever the scope), then the drills: the rubric trends of the last design
 * drills, the time per phase against the plan and the estimation accuracy (the scope's).
 * Each draws with stats_plot.
 */
#include "ui/stats_progress.h"

#include "ui/stats_plot.h"

#include <stdio.h>
#include <string.h>

#define TREND_MAX 20 /* design attempts in the rubric trends */

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

float stats_progress_game_height(const Page *pg, float w)
{
    const Theme *t = pg->t;
    const Game *g = &pg->ss->game;
    int next_lines = 0;
    if (g->rank + 1 < GAME_RANKS) {
        char lines[6][GAME_TEXT_CAP];
        next_lines = (int)game_rank_missing(g->rank + 1, &g->evidence, lines, 6);
    }
    return stats_plot_panel_top(t, false) + (float)game_rows(w) * figure_height(t) +
           2 * (t->small_size + 8) +
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

void stats_progress_game(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Game *g = &pg->ss->game;
    float y = stats_plot_panel(pg, r, "Progress (all decks and drills)", NULL);
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
    snprintf(under, sizeof(under), "%d day%s done, %d missed", g->streak.done_days,
             g->streak.done_days == 1 ? "" : "s", g->streak.missed_days);
    figure(pg, fx[1], fy[1], col - 16, "Habit strength", value, under, t->text);
    /* the habit as a bar under its value */
    float bar_y = fy[1] + t->small_size + 8 + t->title_size + 2, bar_w = col - 40;
    draw_rect(pg->ui->dl, (Rect){fx[1], bar_y, bar_w, 4}, pg->pal.heat[0]);
    draw_rect(pg->ui->dl, (Rect){fx[1], bar_y, bar_w * (float)g->streak.habit, 4}, pg->pal.good);

    stats_plot_fmt_int(g->xp.total, value, sizeof(value));
    strncat(value, " XP", sizeof(value) - strlen(value) - 1);
    stats_plot_fmt_int(g->xp.today, a, sizeof(a));
    stats_plot_fmt_int(g->xp.week, b, sizeof(b));
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
    stats_plot_fmt_int(g->xp.cards, c1, sizeof(c1));
    stats_plot_fmt_int(g->xp.rubric, c2, sizeof(c2));
    stats_plot_fmt_int(g->xp.drills, c3, sizeof(c3));
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

float stats_progress_readiness_height(const Page *pg)
{
    const Theme *t = pg->t;
    return stats_plot_panel_top(t, false) +
           GAME_READINESS_ITEMS * (t->text_size + t->small_size + 18) + PAD - 8;
}

void stats_progress_readiness(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const Game *g = &pg->ss->game;
    float y = stats_plot_panel(pg, r, "You are ready when you can:", NULL);
    float x = r.x + PAD, w = r.w - 2 * PAD, box = t->text_size;
    for (int i = 0; i < GAME_READINESS_ITEMS; i++) {
        const GameReadiness *it = &g->readiness[i];
        stats_plot_check_box(pg, x, y + 1, box, it->ready);
        ui_label_fit(pg->ui, x + box + 12, y, w - box - 12, FONT_UI_BOLD, t->text_size, t->text,
                     it->item);
        y += t->text_size + 6;
        ui_label_fit(pg->ui, x + box + 12, y, w - box - 12, FONT_UI, t->small_size,
                     it->ready ? pg->pal.good : t->muted, it->evidence);
        y += t->small_size + 12;
    }
}

float stats_progress_phases_height(const Page *pg)
{
    const Theme *t = pg->t;
    return stats_plot_panel_top(t, true) + (STATS_ROADMAP_PHASES + 1) * (t->small_size + 12) + PAD -
           8;
}

void stats_progress_phases(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const GameEvidence *ev = &pg->ss->game.evidence; /* all decks, as the ranks count */
    float y =
        stats_plot_panel(pg, r, "Roadmap phases", "Held: half mature, 85% retention (90 days)");
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
        stats_plot_fmt_rate(stats_rate(p->retention), rate, sizeof(rate));
        ui_label_fit(pg->ui, x, y, c_cards - x - 40, FONT_UI, t->small_size, t->text,
                     STATS_PHASE_NAMES[i]);
        ui_label_right(pg->ui, c_cards, y, FONT_UI, t->small_size, t->text, cards);
        ui_label_right(pg->ui, c_mature, y, FONT_UI, t->small_size, t->text, mature);
        ui_label_right(pg->ui, c_ret, y, FONT_UI, t->small_size, t->text, rate);
        float s = t->small_size;
        stats_plot_check_box(pg, x + w - s, y, s, ev->phase_held[i]);
        y += t->small_size + 12;
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

float stats_progress_trends_height(const Page *pg, float w)
{
    const Theme *t = pg->t;
    const StatsAttempt *list[TREND_MAX];
    if (!design_attempts(&pg->ss->st.drills, list, TREND_MAX))
        return stats_plot_panel_top(t, true) + PAD - 8;
    int cols = w >= TWO_COLS_W ? 4 : 2;
    float mini = 70 + t->small_size + 10;
    return stats_plot_panel_top(t, true) + (float)(DRILL_DIMENSIONS / cols) * (mini + 14) + PAD - 8;
}

void stats_progress_trends(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const StatsAttempt *list[TREND_MAX];
    int n = design_attempts(&pg->ss->st.drills, list, TREND_MAX);
    char sub[160];
    snprintf(sub, sizeof(sub), "Self-scores 1-4 of the last %d design drill%s, oldest first", n,
             n == 1 ? "" : "s");
    float y =
        stats_plot_panel(pg, r, "Rubric scores over time",
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
                      s == 3 ? stats_plot_blend(pg->pal.grid, pg->pal.good, 0.5f) : pg->pal.grid);
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
                stats_plot_line(pg->ui->dl, px, py, x, yy, 2, t->accent);
            draw_rect(pg->ui->dl, (Rect){x - 3, yy - 3, 6, 6}, t->accent);
            px = x, py = yy, have = true;
        }
    }
}

float stats_progress_phase_time_height(const Page *pg)
{
    const Theme *t = pg->t;
    if (!pg->ss->st.drills.phase_samples && !pg->ss->st.drills.recent_total)
        return stats_plot_panel_top(t, true) + 2 * (t->small_size + 10) + PAD - 8;
    return stats_plot_panel_top(t, true) + DRILL_PHASES * (t->small_size + 16) + t->small_size +
           12 + PAD - 8;
}

void stats_progress_phase_time(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const StatsDrills *dr = &pg->ss->st.drills;
    char sub[128];
    snprintf(sub, sizeof(sub), "Mean minutes used against the plan, %d design drill%s",
             dr->phase_samples, dr->phase_samples == 1 ? "" : "s");
    float y = stats_plot_panel(pg, r, "Time per phase",
                               dr->phase_samples ? sub : "No design drill finished yet");
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
    lx = stats_plot_legend(pg, lx, ly, pg->pal.plan, "plan");
    lx = stats_plot_legend(pg, lx, ly, t->accent, "used");
    stats_plot_legend(pg, lx, ly, pg->pal.over, "over the plan");
}

void stats_progress_estimation(Page *pg, Rect r)
{
    const Theme *t = pg->t;
    const StatsDrills *dr = &pg->ss->st.drills;
    float y = stats_plot_panel(pg, r, "Estimation accuracy", "Answers within 20% of the reference");
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
    stats_plot_fmt_rate(recent, rate, sizeof(rate));
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
    stats_plot_fmt_rate(dr->estimation_total ? (double)dr->estimation_correct / dr->estimation_total
                                             : -1,
                        rate, sizeof(rate));
    snprintf(line_text, sizeof(line_text), "All time: %d of %d within 20%% (%s)",
             dr->estimation_correct, dr->estimation_total, rate);
    ui_label_fit(pg->ui, x, y, w, FONT_UI, t->small_size, t->text, line_text);
    y += t->small_size + 10;
    ui_label_fit(pg->ui, x, y, w, FONT_UI, t->small_size, t->muted, drills_line);
}
