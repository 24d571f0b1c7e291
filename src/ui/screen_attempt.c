/*
 * screen_attempt.c: a drill attempt in progress, every kind on one screen driven by the
 * session state machine (core/session.h). While timed: the phase timeline with the
 * phase's and the overall countdown, the prompt and the interviewer's question, the
 * curveball when its minute comes, and notes. Then the reference, the self-score and
 * "what I missed". An attempt survives a crash: every transition (phase, stage, pause, a
 * score) is saved at once, an edit (notes, an answer, "what I missed") at most
 * SAVE_AFTER_EDIT_MS after it in every stage, the clock every SAVE_EVERY_MS while it runs,
 * and everything when the screen closes (attempt_end, also when the app quits). Nothing is
 * written on a timer while nothing changes, so a paused attempt leaves the app idle.
 * Attempt.saved_ms holds when the next save falls due (0: none is pending).
 * Keys avoid plain letters, which go into the notes: Ctrl+Enter next, Ctrl+P pause, Tab
 * the next part of a risk review or ADR, Esc leave (the attempt stays open to resume).
 *
 * Design drills and risk reviews have a whiteboard of their own (made on the first frame,
 * kept with the attempt) to the right of the text and notes, behind a divider that can be
 * dragged. A click on the board gives it the keyboard (its single-key tools then work); a
 * click on the notes gives it back; Ctrl+B switches between them.
 */
#include "ui/app_internal.h"

#include "core/store_board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAVE_EVERY_MS      5000 /* while the clock runs: a crash loses at most this much */
#define SAVE_AFTER_EDIT_MS 2000 /* an edit waits at most this long to be written */

static const char *const RISK_PARTS[] = {"Risk 1", "Risk 2", "Risk 3"};
static const char *const ADR_PARTS[] = {"Context", "Decision", "Consequences"};

/* Writes the session now. The next save is then due SAVE_EVERY_MS later while the clock
 * runs, or not at all until something changes; a failed save is retried as often. */
static void save(App *app)
{
    Attempt *a = &app->attempt;
    int64_t now = app->ui.now_ms;
    SessionView v;
    session_view(a->session, now, &v);
    bool ticking = v.stage == SESSION_RUNNING && !v.paused;
    if (store_attempt_save(app->cfg.store, a->attempt_id, a->session, now, now) != ERR_OK) {
        snprintf(a->status, sizeof(a->status), "Could not save: %s", store_errmsg(app->cfg.store));
        ticking = true;
    } else {
        a->status[0] = '\0';
    }
    a->saved_ms = ticking ? now + SAVE_EVERY_MS : 0;
}

/* Something the user wrote changed: save it soon (at most SAVE_AFTER_EDIT_MS from now),
 * not on every keystroke. */
static void edited(App *app)
{
    Attempt *a = &app->attempt;
    int64_t due = app->ui.now_ms + SAVE_AFTER_EDIT_MS;
    if (!a->saved_ms || due < a->saved_ms)
        a->saved_ms = due;
}

void attempt_end(App *app)
{
    Attempt *a = &app->attempt;
    /* Whatever is not on disk yet goes now: leaving the screen and quitting the app both
     * come through here. A finished attempt was written by store_attempt_finish. */
    if (a->session && a->attempt_id && session_stage(a->session) != SESSION_DONE)
        save(app);
    if (a->board) {
        board_canvas_close(a->board, app->ui.now_ms);
        free(a->board);
    }
    session_free(a->session);
    drill_free(a->drill);
    deck_free(a->deck);
    md_layout_free(a->text);
    for (int i = 0; i < ATTEMPT_NOTES; i++)
        text_area_free(&a->notes[i]);
    text_area_free(&a->missed);
    memset(a, 0, sizeof(*a));
}

int64_t attempt_deadline_ms(const App *app)
{
    const Attempt *a = &app->attempt;
    if (app->screen != APP_ATTEMPT || !a->session)
        return 0;
    int64_t t = session_next_tick_ms(a->session, app->ui.now_ms);
    if (t == SESSION_NO_TIME)
        t = 0;
    if (a->saved_ms && (!t || a->saved_ms < t))
        t = a->saved_ms;
    int64_t b = a->board ? board_canvas_deadline_ms(a->board) : 0;
    if (b && (!t || b < t))
        t = b;
    return t;
}

static void format_clock(int64_t ms, char *out, size_t cap)
{
    bool neg = ms < 0;
    int64_t s = (neg ? -ms : ms + 999) / 1000;
    snprintf(out, cap, "%s%lld:%02lld", neg ? "+" : "", (long long)(s / 60), (long long)(s % 60));
}

/* ---- the timed part ---------------------------------------------------------------- */

static void timeline(App *app, const SessionView *v, float y)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Attempt *a = &app->attempt;
    if (v->kind != DECK_KIND_DESIGN)
        return;
    float x = t->margin, w = ui->width - 2 * t->margin, total = 0;
    for (size_t i = 0; i < v->phase_count; i++)
        total += (float)session_phase(a->session, i)->planned_ms;
    for (size_t i = 0; i < v->phase_count; i++) {
        const SessionPhase *p = session_phase(a->session, i);
        float pw = w * (float)p->planned_ms / total;
        Color future = {(uint8_t)((t->panel.r + t->muted.r) / 2),
                        (uint8_t)((t->panel.g + t->muted.g) / 2),
                        (uint8_t)((t->panel.b + t->muted.b) / 2), 255};
        Color c = i < v->phase ? t->muted : (i == v->phase ? t->accent : future);
        if (i == v->phase && v->overrunning)
            c = t->warning;
        if (p->overran && i < v->phase)
            c = t->learning_count;
        draw_rect(ui->dl, (Rect){x + 1, y, pw - 2, 8}, c);
        ui_label_fit(ui, x + 2, y + 14, pw - 4, i == v->phase ? FONT_UI_BOLD : FONT_UI,
                     t->small_size, i == v->phase ? t->text : t->muted,
                     DRILL_PHASE_NAMES[i < DRILL_PHASES ? i : 0]);
        x += pw;
    }
}

static void clocks(App *app, const SessionView *v, float y)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    char phase[32], overall[32], line[120];
    format_clock(v->phase_remaining_ms, phase, sizeof(phase));
    format_clock(v->overall_remaining_ms, overall, sizeof(overall));
    const char *label = v->kind == DECK_KIND_ESTIMATION ? "Question" : "Phase";
    snprintf(line, sizeof(line), "%s %s", label, phase);
    Color c = v->overrunning ? t->warning : t->text;
    ui_label_right(ui, ui->width - t->margin, y, FONT_UI_BOLD, t->title_size - 4, c, line);
    snprintf(line, sizeof(line), "%s%s", v->kind == DECK_KIND_DESIGN ? "Overall " : "",
             v->kind == DECK_KIND_DESIGN ? overall : "");
    if (v->paused)
        snprintf(line, sizeof(line), "Paused (Ctrl+P resumes)");
    else if (v->overrunning && v->advance_in_ms >= 0)
        snprintf(line, sizeof(line), "Time is up: moving on in %lld s",
                 (long long)((v->advance_in_ms + 999) / 1000));
    ui_label_right(ui, ui->width - t->margin, y + t->title_size + 2, FONT_UI, t->small_size,
                   v->paused || v->overrunning ? t->warning : t->muted, line);
}

/* The markdown the left pane shows for the current state; rebuilt when it changes. */
static void left_text(App *app, const SessionView *v, Buf *md)
{
    const Attempt *a = &app->attempt;
    const Drill *d = a->drill;
    if (v->stage == SESSION_REFERENCE || v->stage == SESSION_SCORING ||
        v->stage == SESSION_MISSED) {
        buf_printf(md, "## Reference\n\n%s\n\n### Key concepts\n", d->reference);
        for (size_t i = 0; i < d->concept_count; i++)
            buf_printf(md, "- `%s`\n", d->concepts[i]);
        return;
    }
    switch (d->kind) {
    case DECK_KIND_DESIGN:
        /* what changes during the drill comes first, so a short pane still shows it */
        if (v->curveball_visible)
            buf_printf(md, "> **Curveball:** %s\n\n", d->curveball);
        buf_printf(md, "%s\n\n### %s\n%s\n\n### Scale\n%s\n", d->prompt,
                   DRILL_PHASE_NAMES[v->phase < DRILL_PHASES ? v->phase : 0],
                   d->phases[v->phase < DRILL_PHASES ? v->phase : 0].prompt, d->scale);
        break;
    case DECK_KIND_RISK:
        buf_printf(md, "Name the top 3 risks of this design.\n\n%s\n", d->material);
        break;
    case DECK_KIND_ADR:
        buf_printf(md, "Write the decision record.\n\n%s\n", d->material);
        break;
    case DECK_KIND_ESTIMATION: {
        size_t q = v->phase < d->question_count ? v->phase : d->question_count - 1;
        buf_printf(md, "**Question %zu of %zu.** %s\n", q + 1, d->question_count,
                   d->questions[q].entry->heading);
        if (v->revealed) {
            const SessionPhase *p = session_phase(a->session, q);
            buf_printf(md, "\n**%s** The answer: %s.\n\n%s\n",
                       p->correct ? "Within 20%: right." : "Not within 20%.",
                       d->questions[q].answer_text, d->questions[q].derivation);
        }
        break;
    }
    case DECK_KIND_CARDS:
        break;
    }
}

static void left_pane(App *app, const SessionView *v, Rect area)
{
    UiCtx *ui = &app->ui;
    Attempt *a = &app->attempt;
    size_t key = (size_t)v->stage * 1000 + v->phase * 4 + (v->curveball_visible ? 2 : 0) +
                 (v->revealed ? 1 : 0);
    if (!a->text || a->text_width != area.w || a->text_phase != key) {
        md_layout_free(a->text);
        Buf md = {0};
        left_text(app, v, &md);
        MdStyle st = md_style_from_theme(&ui->theme);
        a->text = md_layout(buf_str(&md), area.w - 12, &st, ui->measure, ui->measure_user);
        buf_free(&md);
        a->text_width = area.w;
        a->text_phase = key;
        a->scroll = 0;
    }
    float h = md_layout_height(a->text);
    float top = ui_scroll_begin(ui, "left", area, h, &a->scroll);
    md_layout_draw(a->text, ui->dl, area.x, top, area.y, area.y + area.h);
    ui_scroll_end(ui, area, h, a->scroll);
}

/* Notes for the running phase: one area (design: per phase), or three (risk, adr). */
static void notes_pane(App *app, const SessionView *v, Rect area)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Attempt *a = &app->attempt;
    if (v->kind == DECK_KIND_DESIGN) {
        size_t i = v->phase < ATTEMPT_NOTES ? v->phase : 0;
        char label[80];
        snprintf(label, sizeof(label), "Notes: %s", DRILL_PHASE_NAMES[i]);
        ui_label(ui, area.x, area.y, FONT_UI_BOLD, t->small_size, t->muted, label);
        Rect r = {area.x, area.y + 22, area.w, area.h - 22};
        char id[16];
        snprintf(id, sizeof(id), "note%zu", i);
        if (!a->board_focus)
            ui->focus = ui_id(id); /* the keyboard's place unless the board has it */
        if (ui_text_area(ui, id, r, &a->notes[i]) &&
            session_set_note(a->session, i, text_area_text(&a->notes[i])))
            edited(app);
        return;
    }
    const char *const *parts = v->kind == DECK_KIND_RISK ? RISK_PARTS : ADR_PARTS;
    static const char *const IDS[] = {"part0", "part1", "part2"};
    /* One part has the keyboard (the first at the start); Tab and Shift+Tab move it. */
    size_t focused = 0;
    for (size_t i = 0; i < 3; i++)
        if (ui->focus == ui_id(IDS[i]))
            focused = i;
    if (!a->board_focus) {
        if (ui_key(ui, KEY_TAB, 0, 0))
            focused = (focused + 1) % 3;
        else if (ui_key(ui, KEY_TAB, 0, MOD_SHIFT))
            focused = (focused + 2) % 3;
        ui->focus = ui_id(IDS[focused]);
    }
    float h = (area.h - 3 * 22) / 3;
    for (size_t i = 0; i < 3; i++) {
        float y = area.y + (float)i * (h + 22);
        ui_label(ui, area.x, y, FONT_UI_BOLD, t->small_size, t->muted, parts[i]);
        const char *id = IDS[i];
        if (ui_text_area(ui, id, (Rect){area.x, y + 20, area.w, h - 2}, &a->notes[i]) &&
            session_set_note(a->session, i, text_area_text(&a->notes[i])))
            edited(app);
    }
}

static void answer_pane(App *app, const SessionView *v, Rect area)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Attempt *a = &app->attempt;
    ui_label(ui, area.x, area.y, FONT_UI_BOLD, t->small_size, t->muted,
             v->revealed ? "Your answer" : "Your answer (e.g. 270 TB, 2.3k/s, $4.1k)");
    if (v->revealed) {
        ui_label(ui, area.x, area.y + 28, FONT_UI, t->text_size, t->text,
                 session_note(a->session, v->phase));
        return;
    }
    ui->focus = ui_id("answer");
    if (ui_text_input(ui, "answer", (Rect){area.x, area.y + 22, area.w, 36}, &a->answer) &&
        session_set_note(a->session, v->phase, a->answer.text))
        edited(app);
}

/* ---- after the timed part ---------------------------------------------------------- */

/* Beside the reference: what the user wrote, to compare. */
static void own_notes(App *app, Rect area)
{
    UiCtx *ui = &app->ui;
    Attempt *a = &app->attempt;
    Buf md = {0};
    buf_puts(&md, "## Your notes\n\n");
    size_t n = session_note_count(a->session);
    for (size_t i = 0; i < n; i++) {
        const char *name =
            a->drill->kind == DECK_KIND_DESIGN
                ? DRILL_PHASE_NAMES[i < DRILL_PHASES ? i : 0]
                : (a->drill->kind == DECK_KIND_RISK ? RISK_PARTS[i % 3] : ADR_PARTS[i % 3]);
        const char *note = session_note(a->session, i);
        buf_printf(&md, "**%s.** %s\n\n", name, note[0] ? note : "(nothing)");
    }
    MdStyle st = md_style_from_theme(&ui->theme);
    MdLayout *l = md_layout(buf_str(&md), area.w, &st, ui->measure, ui->measure_user);
    draw_clip(ui->dl, area);
    md_layout_draw(l, ui->dl, area.x, area.y, area.y, area.y + area.h);
    draw_unclip(ui->dl);
    md_layout_free(l);
    buf_free(&md);
}

static void scoring(App *app, Rect area)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Attempt *a = &app->attempt;
    size_t n = session_score_count(a->session);
    int lo, hi;
    session_score_range(a->session, &lo, &hi);
    if (ui_key(ui, KEY_UP, 0, 0) && a->score_row > 0)
        a->score_row--;
    if (ui_key(ui, KEY_DOWN, 0, 0) && a->score_row + 1 < (int)n)
        a->score_row++;
    for (int k = lo; k <= hi; k++)
        if (ui_key(ui, KEY_CHAR, (char)('0' + k), 0)) {
            session_set_score(a->session, (size_t)a->score_row, k);
            if (a->score_row + 1 < (int)n)
                a->score_row++;
            save(app);
        }
    ui_label(ui, area.x, area.y, FONT_UI_BOLD, t->text_size, t->text,
             n > 1 ? "Score yourself, 1 (weak) to 4 (strong)"
                   : (lo == 0 ? "How many of the reference's top 3 risks did you find?"
                              : "Score your ADR, 1 (weak) to 4 (strong)"));
    float y = area.y + 36;
    for (size_t i = 0; i < n; i++) {
        const char *name = n > 1 ? DRILL_DIMENSION_NAMES[i] : (lo == 0 ? "Found" : "Score");
        Rect row = {area.x, y, area.w, 56};
        if ((int)i == a->score_row)
            draw_rect(ui->dl, row, t->selection);
        ui_label(ui, row.x + 8, y + 6, FONT_UI_BOLD, t->small_size + 1, t->text, name);
        if (n > 1 && a->drill->rubric[i])
            ui_label_fit(ui, row.x + 8, y + 28, area.w - 230, FONT_UI, t->small_size - 1, t->muted,
                         a->drill->rubric[i]);
        for (int k = lo; k <= hi; k++) {
            char id[48], label[4];
            snprintf(id, sizeof(id), "score%zu_%d", i, k);
            snprintf(label, sizeof(label), "%d", k);
            Rect b = {row.x + row.w - (float)(hi - k + 1) * 46, y + 10, 40, 36};
            bool set = session_score(a->session, i) == k;
            if (ui_button(ui, id, b, label, NULL, set ? BUTTON_PRIMARY : BUTTON_NORMAL, NULL)) {
                session_set_score(a->session, i, k);
                a->score_row = (int)i;
                save(app);
            }
        }
        y += 60;
    }
}

static void missed(App *app, Rect area)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Attempt *a = &app->attempt;
    ui_label(ui, area.x, area.y, FONT_UI_BOLD, t->text_size, t->text,
             "What did you miss? (Ctrl+Enter saves the attempt)");
    ui->focus = ui_id("missed");
    if (ui_text_area(ui, "missed", (Rect){area.x, area.y + 30, area.w, area.h - 30}, &a->missed) &&
        session_set_missed(a->session, text_area_text(&a->missed)))
        edited(app);
}

/* Saves the finished attempt and goes back to the list with a one-line result. */
static void finish(App *app)
{
    Attempt *a = &app->attempt;
    Err e = store_attempt_finish(app->cfg.store, a->attempt_id, a->session, app->ui.now_ms,
                                 app->ui.now_ms, &app->cfg.day_rule);
    char msg[256];
    if (e) {
        snprintf(msg, sizeof(msg), "Could not save the attempt: %s", store_errmsg(app->cfg.store));
    } else if (a->drill->kind == DECK_KIND_ESTIMATION) {
        int correct, total;
        session_estimation_result(a->session, &correct, &total);
        snprintf(msg, sizeof(msg), "Saved: %d of %d estimates within 20%% in %s.", correct, total,
                 a->title);
    } else {
        snprintf(msg, sizeof(msg), "Saved: %s, result %.0f%%.", a->title,
                 100 * session_result(a->session));
    }
    attempt_end(app);
    drills_open(app);
    snprintf(app->drills.status, sizeof(app->drills.status), "%s", msg);
}

/* ---- the frame --------------------------------------------------------------------- */

static bool keys(App *app, const SessionView *v)
{
    UiCtx *ui = &app->ui;
    Attempt *a = &app->attempt;
    int64_t now = ui->now_ms;
    unsigned ev = 0;
    /* Esc and Ctrl+Enter end an edit on the board first (text, a gesture, a selection). */
    bool board_owns = a->board_focus && a->board && board_canvas_wants_escape(a->board);
    if (ui_key(ui, KEY_CHAR, 'b', MOD_CTRL) && a->board) {
        a->board_focus = !a->board_focus;
        ui->focus = 0;
        return false;
    }
    if (!board_owns && ui_key(ui, KEY_ESCAPE, 0, 0)) {
        session_pause(a->session, now);
        attempt_end(app); /* saves it, paused */
        app_go_home(app);
        drills_check_resume(app);
        return true;
    }
    if (ui_key(ui, KEY_CHAR, 'p', MOD_CTRL))
        ev |= session_toggle_pause(a->session, now);
    bool board_busy = a->board_focus && a->board && board_canvas_busy(a->board);
    bool next = !board_busy && ui_key(ui, KEY_ENTER, 0, MOD_CTRL);
    if (!next && v->kind == DECK_KIND_ESTIMATION && v->stage == SESSION_RUNNING)
        next = ui_key(ui, KEY_ENTER, 0, 0);
    if (!next && !a->board_focus && (v->stage == SESSION_REFERENCE || v->stage == SESSION_SCORING))
        next = ui_key(ui, KEY_ENTER, 0, 0);
    if (next) {
        if (v->stage == SESSION_MISSED) {
            save(app); /* "what I missed" is on disk even if finishing fails */
            session_next(a->session, now);
            finish(app);
            return true;
        }
        ev |= session_next(a->session, now);
        if (v->kind == DECK_KIND_ESTIMATION && (ev & SESSION_EV_PHASE))
            text_field_set(&a->answer, "");
    }
    if (ev)
        save(app);
    if (session_stage(a->session) == SESSION_DONE) {
        finish(app);
        return true;
    }
    return false;
}

static void buttons(App *app, const SessionView *v, float y)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Attempt *a = &app->attempt;
    float x = t->margin;
    const char *next = v->stage == SESSION_RUNNING
                           ? (v->kind == DECK_KIND_ESTIMATION
                                  ? (v->revealed ? "Next question" : "Check answer")
                                  : (v->phase + 1 < v->phase_count ? "Next phase" : "Finish"))
                           : (v->stage == SESSION_MISSED ? "Save attempt" : "Continue");
    if (ui_button(ui, "next", (Rect){x, y, 170, 36}, next, NULL, BUTTON_PRIMARY, "Ctrl+Enter")) {
        InputEvent ev = {.type = INPUT_KEY, .key = KEY_ENTER, .mods = MOD_CTRL};
        const InputEvent *saved = ui->ev;
        ui->ev = &ev;
        ui->consumed = false;
        keys(app, v);
        ui->ev = saved;
        return;
    }
    if (v->stage != SESSION_RUNNING)
        return;
    x += 182;
    if (ui_button(ui, "pause", (Rect){x, y, 130, 36}, v->paused ? "Resume" : "Pause", NULL,
                  BUTTON_NORMAL, "Ctrl+P")) {
        session_toggle_pause(a->session, ui->now_ms);
        save(app);
    }
    x += 142;
    if (v->kind == DECK_KIND_DESIGN && ui_button(ui, "end", (Rect){x, y, 150, 36}, "End early",
                                                 NULL, BUTTON_QUIET, "Skip to the reference")) {
        session_finish(a->session, ui->now_ms);
        save(app);
    }
}

/* ---- the whiteboard beside the notes ----------------------------------------------- */

#define SPLIT_DEFAULT 0.42f /* the left column's share of the width */
#define SPLIT_MIN     0.25f
#define SPLIT_MAX     0.75f

static bool has_board(const Attempt *a)
{
    return a->drill->kind == DECK_KIND_DESIGN || a->drill->kind == DECK_KIND_RISK;
}

/* Opens the attempt's board, making it the first time. */
static void ensure_board(App *app)
{
    Attempt *a = &app->attempt;
    if (a->board || a->board_failed || !has_board(a) || !a->attempt_id)
        return;
    Store *s = app->cfg.store;
    int64_t id = 0;
    if (store_board_of_attempt(s, a->attempt_id, &id) != ERR_OK &&
        store_board_create(s, a->title[0] ? a->title : "Drill", a->attempt_id,
                           app->ui.now_ms / 1000, &id) != ERR_OK) {
        snprintf(a->status, sizeof(a->status), "No whiteboard: %s", store_errmsg(s));
        a->board_failed = true;
        return;
    }
    a->board = xcalloc(1, sizeof(*a->board));
    if (board_canvas_open(a->board, s, id) != ERR_OK) {
        snprintf(a->status, sizeof(a->status), "No whiteboard: %s", store_errmsg(s));
        free(a->board);
        a->board = NULL;
        a->board_failed = true;
    }
}

/* The divider between the text and the board: dragged with the mouse. Returns true when
 * it used this frame's event. */
static bool divider(App *app, Rect r, float x0, float full)
{
    UiCtx *ui = &app->ui;
    Attempt *a = &app->attempt;
    const InputEvent *ev = ui->ev;
    bool hot = ui_mouse_in(ui, r) || a->split_drag;
    Color line = hot ? ui->theme.accent : ui->theme.panel;
    draw_rect(ui->dl, (Rect){r.x + r.w / 2 - (hot ? 2 : 1), r.y, hot ? 4 : 2, r.h}, line);
    if (!ev || ui->consumed || ui->blocked)
        return false;
    if (ev->type == INPUT_MOUSE_DOWN && ev->button == 1 && ui_mouse_in(ui, r)) {
        a->split_drag = true;
    } else if (ev->type == INPUT_MOUSE_MOVE && a->split_drag) {
        float f = (ev->x - x0) / full;
        a->split = f < SPLIT_MIN ? SPLIT_MIN : f > SPLIT_MAX ? SPLIT_MAX : f;
    } else if (ev->type == INPUT_MOUSE_UP && a->split_drag) {
        a->split_drag = false;
    } else {
        return false;
    }
    ui->consumed = true;
    return true;
}

/* Who gets the keyboard: a click on the board gives it the board, a click elsewhere in
 * the panes gives it back to the notes. */
static void board_focus_follows_clicks(App *app, Rect board)
{
    UiCtx *ui = &app->ui;
    Attempt *a = &app->attempt;
    const InputEvent *ev = ui->ev;
    if (ev && ev->type == INPUT_MOUSE_DOWN && !ui->blocked && !a->split_drag)
        a->board_focus = ui_mouse_in(ui, board);
    if (a->board_focus && !board_canvas_busy(a->board))
        ui->focus = 0; /* no notes area takes the typing */
}

/* The text (top) and the notes or own notes (bottom) on the left, the board on the
 * right. */
static void panes_with_board(App *app, const SessionView *v, Rect area)
{
    UiCtx *ui = &app->ui;
    Attempt *a = &app->attempt;
    if (a->split <= 0)
        a->split = SPLIT_DEFAULT;
    float left_w = area.w * a->split;
    Rect left = {area.x, area.y, left_w - 8, area.h};
    Rect bar = {area.x + left_w - 6, area.y, 12, area.h};
    Rect board = {area.x + left_w + 6, area.y, area.w - left_w - 6, area.h};
    divider(app, bar, area.x, area.w);
    board_focus_follows_clicks(app, board);
    float text_h = v->stage == SESSION_REFERENCE ? left.h * 0.6f : left.h * 0.5f;
    left_pane(app, v, (Rect){left.x, left.y, left.w, text_h - 8});
    Rect below = {left.x, left.y + text_h + 4, left.w, left.h - text_h - 4};
    if (v->stage == SESSION_RUNNING)
        notes_pane(app, v, below);
    else
        own_notes(app, below);
    board_canvas_frame(a->board, ui, board, a->board_focus);
    if (a->board_focus) {
        Color c = ui->theme.accent;
        draw_rect(ui->dl, (Rect){board.x, board.y, board.w, 2}, c);
        draw_rect(ui->dl, (Rect){board.x, board.y + board.h - 2, board.w, 2}, c);
        draw_rect(ui->dl, (Rect){board.x, board.y, 2, board.h}, c);
        draw_rect(ui->dl, (Rect){board.x + board.w - 2, board.y, 2, board.h}, c);
    }
}

/* The optional chime when a phase runs over (Settings; off unless turned on). */
static bool overrun_sound_on(App *app)
{
    Buf v = {0};
    bool on = store_setting_get(app->cfg.store, "overrun_sound", &v) == ERR_OK &&
              strcmp(buf_str(&v), "on") == 0;
    buf_free(&v);
    return on;
}

void attempt_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Attempt *a = &app->attempt;
    if (!a->session) {
        drills_open(app);
        return;
    }
    unsigned events = session_update(a->session, ui->now_ms);
    if (events || (a->saved_ms && ui->now_ms >= a->saved_ms))
        save(app);
    if ((events & SESSION_EV_OVERRUN) && app->cfg.host.chime && overrun_sound_on(app))
        app->cfg.host.chime(app->cfg.host.user);
    SessionView v;
    session_view(a->session, ui->now_ms, &v);
    if (keys(app, &v))
        return;
    session_view(a->session, ui->now_ms, &v);
    float m = t->margin, y = m - 8;
    ui_label_fit(ui, m, y, ui->width - 2 * m - 280, FONT_UI_BOLD, t->title_size - 6, t->text,
                 a->title);
    if (v.stage == SESSION_RUNNING)
        clocks(app, &v, y);
    y += t->title_size + 26;
    if (v.stage == SESSION_RUNNING)
        timeline(app, &v, y);
    y += 44;
    float bottom = ui->height - m - 44, split = (ui->width - 2 * m) * 0.58f;
    Rect left = {m, y, split - 16, bottom - y - 8};
    Rect right = {m + split, y, ui->width - 2 * m - split, bottom - y - 8};
    if (v.stage == SESSION_RUNNING || v.stage == SESSION_REFERENCE)
        ensure_board(app);
    bool board = a->board && (v.stage == SESSION_RUNNING || v.stage == SESSION_REFERENCE);
    if (!board)
        a->board_focus = false;
    if (v.stage == SESSION_SCORING) {
        scoring(app, (Rect){m, y, ui->width - 2 * m, bottom - y});
    } else if (board) {
        panes_with_board(app, &v, (Rect){m, y, ui->width - 2 * m, bottom - y - 8});
    } else {
        left_pane(app, &v, left);
        if (v.stage == SESSION_MISSED)
            missed(app, right);
        else if (v.stage == SESSION_RUNNING && v.kind == DECK_KIND_ESTIMATION)
            answer_pane(app, &v, right);
        else if (v.stage == SESSION_RUNNING)
            notes_pane(app, &v, right);
        else if (v.stage == SESSION_REFERENCE)
            own_notes(app, right);
    }
    buttons(app, &v, bottom + 4);
    if (board)
        ui_label_right(ui, ui->width - m, bottom + 16, FONT_UI, t->small_size, t->muted,
                       a->board_focus ? "The board has the keys (Ctrl+B: the notes)"
                                      : "Click the board or Ctrl+B to draw with its keys");
    if (a->status[0])
        ui_label_fit(ui, m + 500, bottom + 14, ui->width - 2 * m - 500, FONT_UI, t->small_size,
                     t->warning, a->status);
}
