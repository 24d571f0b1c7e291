/*
 * screen_drills.c: the drill list (`d` from home): a suggested design drill (the most due,
 * then the weakest), a lightning round, then every drill by kind with when it is next due;
 * Enter starts the selected one. Also the offer to resume an attempt left open when the
 * app last closed, and the 90-second lightning round.
 */
#include "ui/app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void drills_free(App *app)
{
    store_drill_list_free(app->drills.items, app->drills.count);
    app->drills.items = NULL;
    app->drills.count = 0;
    store_attempt_open_free(&app->resume);
    memset(&app->resume, 0, sizeof(app->resume));
    lightning_end(app);
    lightning_pool_free(&app->lightning.pool);
}

void drills_open(App *app)
{
    DrillList *l = &app->drills;
    store_drill_list_free(l->items, l->count);
    l->items = NULL;
    l->count = 0;
    if (store_drill_list(app->cfg.store, &l->items, &l->count))
        snprintf(l->status, sizeof(l->status), "Could not read the drills: %s",
                 store_errmsg(app->cfg.store));
    if (l->selected > (int)l->count + 1)
        l->selected = 0;
    app->screen = APP_DRILLS;
}

/* Loads the drill text, parses it and starts a new attempt, or restores attempt
 * `attempt_id` from its saved session text `saved`. On failure the app stays where it is
 * and why[cap] says what went wrong. */
static bool attempt_load(App *app, int64_t prompt_id, int64_t attempt_id, const char *saved,
                         char *why, size_t cap)
{
    Attempt *a = &app->attempt;
    attempt_end(app);
    int64_t now = app->ui.now_ms;
    why[0] = '\0';
    if (store_attempt_prompt(app->cfg.store, prompt_id, &a->deck, &a->drill) != ERR_OK) {
        snprintf(why, cap, "%s", store_errmsg(app->cfg.store));
    } else if (saved) {
        char parse_why[160];
        if (session_parse(saved, strlen(saved), now, now, &a->session, parse_why,
                          sizeof(parse_why)) != ERR_OK)
            snprintf(why, cap, "its saved state does not read back (%s)", parse_why);
        else if (session_kind(a->session) != a->drill->kind)
            snprintf(why, cap, "its saved state is not a %s drill", deck_kind_name(a->drill->kind));
        else
            a->attempt_id = attempt_id;
    } else if (session_start(a->drill, now, SESSION_GRACE_DEFAULT_MS, &a->session) != ERR_OK) {
        snprintf(why, cap, "it has nothing to time");
    } else if (store_attempt_create(app->cfg.store, prompt_id, a->session, now, now,
                                    &a->attempt_id) != ERR_OK) {
        snprintf(why, cap, "%s", store_errmsg(app->cfg.store));
    }
    if (why[0]) {
        a->attempt_id = 0; /* nothing of this attempt is saved by attempt_end */
        attempt_end(app);
        return false;
    }
    if (saved)
        session_resume(a->session, now);
    a->prompt_id = prompt_id;
    snprintf(a->title, sizeof(a->title), "%s", a->deck->title);
    for (size_t i = 0; i < session_note_count(a->session) && i < ATTEMPT_NOTES; i++)
        text_area_set(&a->notes[i], session_note(a->session, i));
    text_area_set(&a->missed, session_missed(a->session));
    /* estimation: the answer being typed to the current question, if it was not checked */
    SessionView v;
    session_view(a->session, now, &v);
    if (v.stage == SESSION_RUNNING && !v.revealed)
        text_field_set(&a->answer, session_note(a->session, v.phase));
    a->saved_ms = now; /* a save is due at once: the attempt is running (again) */
    app->ui.focus = 0;
    app->screen = APP_ATTEMPT;
    return true;
}

static void start_selected(App *app)
{
    DrillList *l = &app->drills;
    if (l->selected == 1) {
        app->screen = APP_LIGHTNING;
        return;
    }
    int64_t prompt_id = 0;
    if (l->selected == 0) {
        if (store_attempt_suggest(app->cfg.store, DECK_KIND_DESIGN, app->ui.now_ms,
                                  &app->cfg.day_rule, &prompt_id) != ERR_OK) {
            snprintf(l->status, sizeof(l->status), "No design drill to suggest yet.");
            return;
        }
    } else {
        prompt_id = l->items[l->selected - 2].id;
    }
    char why[200];
    if (!attempt_load(app, prompt_id, 0, NULL, why, sizeof(why)))
        snprintf(l->status, sizeof(l->status), "This drill could not be started: %s", why);
}

static void due_text(App *app, int64_t prompt_id, char *out, size_t cap)
{
    AttemptSchedule sch;
    if (store_attempt_schedule(app->cfg.store, prompt_id, &sch) != ERR_OK || !sch.attempted) {
        snprintf(out, cap, "new");
        return;
    }
    int64_t days = (sch.due_ms - app->ui.now_ms) / DAY_MS;
    if (sch.due_ms <= app->ui.now_ms)
        snprintf(out, cap, "due (last %.0f%%)", 100 * sch.last_result);
    else
        snprintf(out, cap, "in %lld d (last %.0f%%)", (long long)(days + 1), 100 * sch.last_result);
}

static void row(App *app, int i, Rect r, bool selected)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    draw_rect(ui->dl, r, selected ? t->selection : t->panel);
    float ty = r.y + (r.h - t->text_size) / 2 - 1;
    if (i == 0) {
        ui_label(ui, r.x + 16, ty, FONT_UI_BOLD, t->text_size, t->text,
                 "Suggested: the design drill most due, or your weakest");
        return;
    }
    if (i == 1) {
        char best[64];
        snprintf(best, sizeof(best), "best %d", app->lightning.best);
        ui_label(ui, r.x + 16, ty, FONT_UI_BOLD, t->text_size, t->text,
                 "Lightning round: 90 seconds of pattern recognition");
        ui_label_right(ui, r.x + r.w - 16, ty, FONT_UI, t->small_size, t->muted, best);
        return;
    }
    const DrillSummary *d = &app->drills.items[i - 2];
    char kind[48], due[64];
    if (d->kind == DECK_KIND_ESTIMATION)
        snprintf(kind, sizeof(kind), "estimation, %d questions", d->questions);
    else
        snprintf(kind, sizeof(kind), "%s, %d min", deck_kind_name(d->kind), d->minutes);
    due_text(app, d->id, due, sizeof(due));
    ui_label_fit(ui, r.x + 16, ty, r.w - 420, FONT_UI, t->text_size, t->text, d->title);
    ui_label(ui, r.x + r.w - 390, ty + 2, FONT_UI, t->small_size, t->muted, kind);
    ui_label_right(ui, r.x + r.w - 16, ty + 2, FONT_UI, t->small_size, t->muted, due);
}

static void format_minutes(int64_t ms, char *out, size_t cap)
{
    snprintf(out, cap, "%lld:%02lld", (long long)(ms / 60000), (long long)(ms / 1000 % 60));
}

/* One line per finished attempt, oldest first: the date, the result, then the scores per
 * dimension (design) or right answers (estimation), and the time used against the plan. */
static void history_line(const AttemptSummary *h, const DayRule *rule, Buf *out)
{
    int y, m, d;
    day_civil((h->started_ms + (int64_t)rule->tz_offset_s * 1000) / DAY_MS, &y, &m, &d);
    buf_printf(out, "%04d-%02d-%02d   %3.0f%%   ", y, m, d, 100 * h->result);
    if (h->kind == DECK_KIND_ESTIMATION) {
        buf_printf(out, "%d of %d within 20%%", h->correct, h->total);
        return;
    }
    for (int i = 0; i < DRILL_DIMENSIONS; i++)
        if (h->scores[i] >= 0)
            buf_printf(out, "%d ", h->scores[i]);
    buf_puts(out, "  ");
    for (int i = 0; i < h->phase_count; i++) {
        char used[32], plan[32];
        format_minutes(h->used_ms[i], used, sizeof(used));
        format_minutes(h->planned_ms[i], plan, sizeof(plan));
        buf_printf(out, "%s%s/%s", i ? ", " : "", used, plan);
    }
    if (h->pauses)
        buf_printf(out, "   %d pause%s", h->pauses, h->pauses == 1 ? "" : "s");
}

/* Estimation accuracy (the share of answers within 20%): this drill's attempts (hist[n]),
 * then every estimation round's, as one line. */
static void accuracy_line(App *app, const AttemptSummary *hist, size_t n, Buf *out)
{
    int correct = 0, total = 0, all_correct = 0, all_total = 0;
    for (size_t i = 0; i < n; i++) {
        correct += hist[i].correct;
        total += hist[i].total;
    }
    buf_printf(out, "Accuracy: %d of %d within 20%% (%.0f%%)", correct, total,
               total ? 100.0 * correct / total : 0.0);
    if (store_attempt_estimation_accuracy(app->cfg.store, &all_correct, &all_total) == ERR_OK &&
        all_total > total)
        buf_printf(out, "; all estimation rounds: %d of %d (%.0f%%)", all_correct, all_total,
                   100.0 * all_correct / all_total);
}

static void history_modal(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    DrillList *l = &app->drills;
    const DrillSummary *d = &l->items[l->selected - 2];
    Rect r = ui_modal(ui, d->title, 980, 520);
    AttemptSummary *hist = NULL;
    size_t n = 0;
    float y = r.y;
    if (store_attempt_history(app->cfg.store, d->id, &hist, &n) != ERR_OK || n == 0) {
        ui_label(ui, r.x, y, FONT_UI, t->text_size, t->muted, "No finished attempts yet.");
    } else {
        if (d->kind == DECK_KIND_ESTIMATION) {
            Buf acc = {0};
            accuracy_line(app, hist, n, &acc);
            ui_label_fit(ui, r.x, y, r.w, FONT_UI_BOLD, t->text_size, t->text, buf_str(&acc));
            buf_free(&acc);
            y += t->text_size + 14;
        }
        ui_label(ui, r.x, y, FONT_UI_BOLD, t->small_size, t->muted,
                 d->kind == DECK_KIND_DESIGN
                     ? "Result, scores by dimension (scoping ... communication), time used/planned"
                     : "Result and details");
        y += 26;
        for (size_t i = n > 14 ? n - 14 : 0; i < n; i++) {
            Buf line = {0};
            history_line(&hist[i], &app->cfg.day_rule, &line);
            ui_label_fit(ui, r.x, y, r.w, FONT_MONO, t->small_size, t->text, buf_str(&line));
            buf_free(&line);
            y += t->small_size + 12;
        }
    }
    free(hist);
    ui_label(ui, r.x, r.y + r.h - 20, FONT_UI, t->small_size, t->muted, "Esc closes.");
    if (ui_key(ui, KEY_ESCAPE, 0, 0) || ui_key(ui, KEY_CHAR, 'h', 0))
        l->show_history = false;
}

void drills_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    DrillList *l = &app->drills;
    if (l->show_history) {
        ui_block(ui, true);
    } else if (ui_key(ui, KEY_CHAR, 'h', 0) && l->selected >= 2) {
        l->show_history = true;
        ui_block(ui, true);
    } else if (ui_key(ui, KEY_ESCAPE, 0, 0) ||
               ui_button(ui, "back", (Rect){t->margin, t->margin - 8, 80, 30}, "Back", NULL,
                         BUTTON_QUIET, "Esc")) {
        app_go_home(app);
        return;
    }
    ui_label(ui, t->margin + 100, t->margin - 6, FONT_UI_BOLD, t->title_size - 4, t->text,
             "Drills");
    store_attempt_lightning_best(app->cfg.store, &app->lightning.best);
    float row_h = t->row_height + 2, y = t->margin + 50;
    float w = ui->width - 2 * t->margin > 900 ? 900 : ui->width - 2 * t->margin;
    Rect view = {t->margin, y, w, ui->height - y - t->margin - 40};
    int n = (int)l->count + 2;
    int chosen = ui_list(ui, "drills", view, n, row_h, &l->selected, &l->scroll, !l->show_history);
    float top = ui_scroll_begin(ui, "drills", view, (float)n * row_h, &l->scroll);
    for (int i = 0; i < n; i++) {
        float ry = top + (float)i * row_h;
        if (ry + row_h >= view.y && ry <= view.y + view.h)
            row(app, i, (Rect){view.x, ry, w, t->row_height}, i == l->selected);
    }
    ui_scroll_end(ui, view, (float)n * row_h, l->scroll);
    const char *hint =
        l->status[0] ? l->status : "Up/Down select   Enter start   h history   Esc back";
    ui_label_fit(ui, t->margin, ui->height - t->margin - 16, w, FONT_UI, t->small_size,
                 l->status[0] ? t->warning : t->muted, hint);
    if (l->show_history) {
        history_modal(app);
        return;
    }
    if (chosen >= 0) {
        l->status[0] = '\0';
        start_selected(app);
    }
}

/* ---- resuming ---------------------------------------------------------------------- */

void drills_check_resume(App *app)
{
    store_attempt_open_free(&app->resume);
    memset(&app->resume, 0, sizeof(app->resume));
    if (store_attempt_find_open(app->cfg.store, &app->resume) != ERR_OK)
        memset(&app->resume, 0, sizeof(app->resume));
}

bool drills_resume_modal(App *app)
{
    if (!app->resume.attempt_id)
        return false;
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Rect r = ui_modal(ui, "A drill is still in progress", 620, 230);
    char line[300];
    snprintf(line, sizeof(line), "%s", app->resume.title);
    ui_label_fit(ui, r.x, r.y, r.w, FONT_UI_BOLD, t->text_size, t->text, line);
    ui_label_fit(ui, r.x, r.y + 32, r.w, FONT_UI, t->small_size, t->muted,
                 "Its timers stopped when archdrill closed; they resume when you do.");
    bool resume = ui_button(ui, "resume", (Rect){r.x, r.y + 80, 160, 36}, "Resume", NULL,
                            BUTTON_PRIMARY, "Enter");
    bool abandon = ui_button(ui, "abandon", (Rect){r.x + 172, r.y + 80, 160, 36}, "Abandon", NULL,
                             BUTTON_NORMAL, "Esc");
    if (resume || ui_key(ui, KEY_ENTER, 0, 0)) {
        AttemptOpen open = app->resume;
        memset(&app->resume, 0, sizeof(app->resume));
        char why[200];
        /* A failure is told where the user is: on home, whose status line shows it. The
         * attempt stays saved and is offered again at the next start (to abandon it). */
        if (!attempt_load(app, open.prompt_id, open.attempt_id, open.session, why, sizeof(why)))
            snprintf(app->status, sizeof(app->status), "Could not resume \"%s\": %s.", open.title,
                     why);
        store_attempt_open_free(&open);
    } else if (abandon || ui_key(ui, KEY_ESCAPE, 0, 0)) {
        store_attempt_abandon(app->cfg.store, app->resume.attempt_id, ui->now_ms);
        store_attempt_open_free(&app->resume);
        memset(&app->resume, 0, sizeof(app->resume));
    }
    return true;
}

/* ---- the lightning round ----------------------------------------------------------- */

void lightning_end(App *app)
{
    lightning_free(app->lightning.round);
    app->lightning.round = NULL;
    app->lightning.saved = false;
}

static bool lightning_begin(App *app)
{
    Lightning *lt = &app->lightning;
    lightning_end(app);
    if (!lt->pool.count &&
        store_attempt_lightning_pool(app->cfg.store, ATTEMPT_LIGHTNING_TAGS, &lt->pool) != ERR_OK)
        return false;
    return lightning_start(&lt->pool, (uint64_t)app->ui.now_ms, app->ui.now_ms, LIGHTNING_ROUND_MS,
                           &lt->round) == ERR_OK;
}

static void lightning_finished(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Lightning *lt = &app->lightning;
    int answered, correct, score;
    lightning_result(lt->round, &answered, &correct, &score);
    if (!lt->saved) {
        store_attempt_lightning_save(app->cfg.store, ui->now_ms, (uint64_t)ui->now_ms, answered,
                                     correct, score);
        lt->saved = true;
    }
    store_attempt_lightning_best(app->cfg.store, &lt->best);
    char line[160];
    float y = t->margin + 80;
    ui_label(ui, t->margin, y, FONT_UI_BOLD, t->title_size, t->text, "Time!");
    snprintf(line, sizeof(line), "%d right of %d answered: score %d (best %d)", correct, answered,
             score, lt->best);
    ui_label(ui, t->margin, y + 56, FONT_UI, t->text_size + 2, t->text, line);
    if (ui_button(ui, "again", (Rect){t->margin, y + 110, 150, 36}, "Play again", NULL,
                  BUTTON_PRIMARY, "Enter") ||
        ui_key(ui, KEY_ENTER, 0, 0))
        lightning_begin(app);
}

void lightning_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Lightning *lt = &app->lightning;
    if (ui_key(ui, KEY_ESCAPE, 0, 0)) {
        lightning_end(app);
        drills_open(app);
        return;
    }
    if (!lt->round && !lightning_begin(app)) {
        snprintf(app->drills.status, sizeof(app->drills.status),
                 "Not enough pattern cards for a lightning round.");
        drills_open(app);
        return;
    }
    int64_t left = lightning_remaining_ms(lt->round, ui->now_ms);
    char clock[32];
    snprintf(clock, sizeof(clock), "%lld s", (long long)((left + 999) / 1000));
    ui_label(ui, t->margin, t->margin - 6, FONT_UI_BOLD, t->title_size - 4, t->text,
             "Lightning round");
    ui_label_right(ui, ui->width - t->margin, t->margin - 6, FONT_UI_BOLD, t->title_size - 4,
                   left < 10000 ? t->warning : t->accent, clock);
    if (lightning_over(lt->round, ui->now_ms)) {
        lightning_finished(app);
        return;
    }
    const LightningQuestion *q = lightning_question(lt->round, ui->now_ms);
    if (!q)
        return;
    float w = ui->width - 2 * t->margin;
    ui_label(ui, t->margin, t->margin + 50, FONT_UI, t->small_size, t->muted,
             q->reverse ? "Which description fits?" : "Which pattern or idea is this?");
    MdStyle st = md_style_from_theme(t);
    st.size += 2;
    MdLayout *md = md_layout(q->prompt, w, &st, ui->measure, ui->measure_user);
    md_layout_draw(md, ui->dl, t->margin, t->margin + 80, 0, ui->height);
    float y = t->margin + 100 + md_layout_height(md);
    md_layout_free(md);
    int picked = -1;
    for (int i = 0; i < LIGHTNING_OPTIONS; i++) {
        char id[16], label[400];
        snprintf(id, sizeof(id), "opt%d", i);
        snprintf(label, sizeof(label), "%d  %.380s", i + 1, q->options[i]);
        Rect r = {t->margin, y, w, 40};
        if (ui_button(ui, id, r, "", NULL, BUTTON_NORMAL, NULL))
            picked = i;
        ui_label_fit(ui, r.x + 14, r.y + 11, r.w - 28, FONT_UI, t->text_size, t->text, label);
        if (ui_key(ui, KEY_CHAR, (char)('1' + i), 0))
            picked = i;
        y += 48;
    }
    int chosen = -1;
    const LightningQuestion *last = lightning_last(lt->round, &chosen);
    if (last) {
        bool right = chosen == last->correct;
        char fb[420];
        snprintf(fb, sizeof(fb), "%s %.380s",
                 right ? "Right:" : "No, it was:", last->options[last->correct]);
        ui_label_fit(ui, t->margin, y + 8, w, FONT_UI, t->small_size,
                     right ? t->due_count : t->learning_count, fb);
    }
    if (picked >= 0)
        lightning_answer(lt->round, picked, ui->now_ms);
}
