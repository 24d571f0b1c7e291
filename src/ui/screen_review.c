/*
 * screen_review.c: studying. The front first; Space or Enter shows the back; 1-4 answer
 * Again / Hard / Good / Easy, each button showing where it leads ("10m", "2d"); u undoes
 * the last answer, b buries, s suspends, e opens the card's file at its line and re-reads
 * the decks when the window regains focus; Esc goes home. Every action is also a button.
 * The session ends with a summary.
 */
#include "ui/app_internal.h"

#include "core/store_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLASH_MS       2500
#define CARD_MAX_WIDTH 760.0f

static const char *const RATING_NAMES[4] = {"Again", "Hard", "Good", "Easy"};

static void flash(App *app, const char *msg)
{
    size_t n = strlen(msg);
    if (n >= sizeof(app->review.flash))
        n = sizeof(app->review.flash) - 1;
    memcpy(app->review.flash, msg, n);
    app->review.flash[n] = '\0';
    app->review.flash_until_ms = app->ui.now_ms + FLASH_MS;
}

static void drop_layouts(Review *r)
{
    md_layout_free(r->front);
    md_layout_free(r->back);
    r->front = r->back = NULL;
    r->layout_width = 0;
}

static void drop_card(Review *r)
{
    if (r->has_card)
        store_study_card_free(&r->card);
    r->has_card = false;
    drop_layouts(r);
}

void review_end(App *app)
{
    drop_card(&app->review);
    queue_free(&app->review.queue);
}

/* The next card: a learning card that is due now, else the first review or new card, else a
 * learning card within the learn-ahead window (so a card failed a minute ago does not come
 * straight back while others wait). */
static const QueueItem *pick_next(const Queue *q, int64_t now_ms)
{
    const QueueItem *first_other = NULL, *first_ahead = NULL;
    for (size_t i = 0; i < q->count; i++) {
        const QueueItem *it = &q->items[i];
        if (it->kind == QUEUE_LEARNING && it->due_ms <= now_ms)
            return it;
        if (it->kind != QUEUE_LEARNING && !first_other)
            first_other = it;
        if (it->kind == QUEUE_LEARNING && !first_ahead)
            first_ahead = it;
    }
    return first_other ? first_other : first_ahead;
}

static bool show_card(App *app, int64_t card_id, QueueKind kind)
{
    Review *r = &app->review;
    drop_card(r);
    if (store_study_card(app->cfg.store, card_id, &r->card) != ERR_OK)
        return false;
    r->has_card = true;
    r->kind = kind;
    r->revealed = false;
    r->scroll = 0;
    r->shown_ms = app->ui.now_ms;
    if (store_study_labels(app->cfg.store, card_id, app->ui.now_ms, &app->cfg.day_rule,
                           r->labels) != ERR_OK)
        memset(r->labels, 0, sizeof(r->labels));
    return true;
}

/* Rebuilds today's queue and moves to its next card, or to the summary. */
static void advance(App *app)
{
    Review *r = &app->review;
    queue_free(&r->queue);
    if (store_study_queue(app->cfg.store, r->deck_id, app->ui.now_ms, &app->cfg.day_rule,
                          &r->queue) != ERR_OK) {
        snprintf(app->status, sizeof(app->status), "Could not build the queue: %s",
                 store_errmsg(app->cfg.store));
        app_go_home(app);
        return;
    }
    const QueueItem *next = pick_next(&r->queue, app->ui.now_ms);
    if (!next || !show_card(app, next->card_id, next->kind)) {
        drop_card(r);
        app->screen = r->studied ? APP_SUMMARY : APP_HOME;
        if (!r->studied) {
            home_load(app, app->ui.now_ms);
            snprintf(app->status, sizeof(app->status), "Nothing to study in %s right now.",
                     r->title);
        }
    }
}

void review_start(App *app, int64_t deck_id, const char *title)
{
    Review *r = &app->review;
    review_end(app);
    memset(r, 0, sizeof(*r));
    r->deck_id = deck_id;
    snprintf(r->title, sizeof(r->title), "%s", title);
    r->started_ms = app->ui.now_ms;
    app->screen = APP_REVIEW;
    advance(app);
}

/* ---- actions ----------------------------------------------------------------------- */

static void answer(App *app, int rating)
{
    Review *r = &app->review;
    int64_t took = app->ui.now_ms - r->shown_ms;
    Err e = store_study_answer(app->cfg.store, r->card.card_id, rating, app->ui.now_ms,
                               took < 0 ? 0 : took, &app->cfg.day_rule, NULL);
    if (e) {
        flash(app, store_errmsg(app->cfg.store));
        return;
    }
    r->studied++;
    r->again += rating == 1;
    advance(app);
}

static void undo(App *app)
{
    Review *r = &app->review;
    int64_t card_id = 0;
    if (store_study_undo(app->cfg.store, &card_id) != ERR_OK) {
        flash(app, "Nothing to undo.");
        return;
    }
    if (r->studied > 0)
        r->studied--;
    queue_free(&r->queue);
    store_study_queue(app->cfg.store, r->deck_id, app->ui.now_ms, &app->cfg.day_rule, &r->queue);
    app->screen = APP_REVIEW;
    show_card(app, card_id, QUEUE_REVIEW);
    for (size_t i = 0; i < r->queue.count; i++)
        if (r->queue.items[i].card_id == card_id)
            r->kind = r->queue.items[i].kind;
    flash(app, "Undone: the card is back.");
}

static void bury_or_suspend(App *app, bool suspend)
{
    Review *r = &app->review;
    Err e = suspend ? store_study_suspend(app->cfg.store, r->card.card_id, true)
                    : store_study_bury(app->cfg.store, r->card.card_id, app->ui.now_ms,
                                       &app->cfg.day_rule);
    if (e) {
        flash(app, store_errmsg(app->cfg.store));
        return;
    }
    advance(app);
    flash(app, suspend ? "Suspended." : "Buried until tomorrow.");
}

static void edit(App *app)
{
    Review *r = &app->review;
    Buf path = {0};
    int line = 0;
    if (!app->cfg.host.open_file ||
        store_card_source(app->cfg.store, r->card.card_id, &path, &line) != ERR_OK) {
        flash(app, "This card's file cannot be opened.");
    } else {
        app->cfg.host.open_file(app->cfg.host.user, buf_str(&path), line);
        r->resync_on_focus = true;
        flash(app, "Opened in your editor; changes load when you come back.");
    }
    buf_free(&path);
}

/* Back from the editor: re-read the decks and show the card's new text. */
static void resync(App *app)
{
    Review *r = &app->review;
    r->resync_on_focus = false;
    if (!app->cfg.host.resync)
        return;
    DeckErrors errs = {0};
    app->cfg.host.resync(app->cfg.host.user, &errs);
    deck_errors_clear(&app->errors);
    for (size_t i = 0; i < errs.count; i++)
        deck_errors_add(&app->errors, errs.items[i].file, errs.items[i].line, errs.items[i].col,
                        "%s", errs.items[i].msg);
    if (errs.count) {
        char first[1024];
        deck_error_format(&errs.items[0], first, sizeof(first));
        flash(app, first);
    }
    deck_errors_free(&errs);
    if (r->has_card) {
        bool revealed = r->revealed;
        int64_t shown = r->shown_ms;
        show_card(app, r->card.card_id, r->kind);
        r->revealed = revealed;
        r->shown_ms = shown;
    }
}

/* ---- drawing ----------------------------------------------------------------------- */

static void counts(App *app, float right, float y)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    int n[3] = {0, 0, 0};
    for (size_t i = 0; i < app->review.queue.deck_count; i++) {
        n[0] += app->review.queue.decks[i].new_count;
        n[1] += app->review.queue.decks[i].learning;
        n[2] += app->review.queue.decks[i].review;
    }
    Color colors[3] = {t->new_count, t->learning_count, t->due_count};
    QueueKind kinds[3] = {QUEUE_NEW, QUEUE_LEARNING, QUEUE_REVIEW};
    float x = right;
    for (int i = 2; i >= 0; i--) {
        char num[16];
        snprintf(num, sizeof(num), "%d", n[i]);
        float w = ui_text_width(ui, FONT_UI_BOLD, t->text_size, num);
        x -= w;
        ui_label(ui, x, y, FONT_UI_BOLD, t->text_size, colors[i], num);
        if (app->review.kind == kinds[i])
            draw_rect(ui->dl, (Rect){x, y + t->text_size + 4, w, 2}, colors[i]);
        x -= 18;
    }
}

static void ensure_layouts(App *app, float width)
{
    Review *r = &app->review;
    if (r->front && r->layout_width == width)
        return;
    drop_layouts(r);
    MdStyle front = md_style_from_theme(&app->ui.theme);
    front.size += 5;
    MdStyle back = md_style_from_theme(&app->ui.theme);
    back.size += 1;
    r->front = md_layout(r->card.front, width, &front, app->ui.measure, app->ui.measure_user);
    r->back = md_layout(r->card.back, width, &back, app->ui.measure, app->ui.measure_user);
    r->layout_width = width;
}

static void card_area(App *app, Rect area)
{
    UiCtx *ui = &app->ui;
    Review *r = &app->review;
    float width = area.w > CARD_MAX_WIDTH ? CARD_MAX_WIDTH : area.w;
    ensure_layouts(app, width);
    float gap = 28;
    float content = md_layout_height(r->front);
    if (r->revealed)
        content += 2 * gap + 1 + md_layout_height(r->back);
    if (ui_key(ui, KEY_DOWN, 0, 0))
        r->scroll += 40;
    if (ui_key(ui, KEY_UP, 0, 0))
        r->scroll -= 40;
    float top = ui_scroll_begin(ui, "card", area, content, &r->scroll);
    float x = area.x + (area.w - width) / 2;
    md_layout_draw(r->front, ui->dl, x, top, area.y, area.y + area.h);
    if (r->revealed) {
        float y = top + md_layout_height(r->front) + gap;
        draw_rect(ui->dl, (Rect){x, y, width, 1}, ui->theme.muted);
        md_layout_draw(r->back, ui->dl, x, y + 1 + gap, area.y, area.y + area.h);
    }
    ui_scroll_end(ui, area, content, r->scroll);
}

/* Show-answer or the four answer buttons; returns a rating clicked (1-4) or 0. */
static int answer_bar(App *app, float y)
{
    UiCtx *ui = &app->ui;
    Review *r = &app->review;
    float bw = 130, bh = 52, gap = 12;
    if (!r->revealed) {
        Rect b = {(ui->width - 220) / 2, y, 220, bh};
        if (ui_button(ui, "show", b, "Show answer", NULL, BUTTON_PRIMARY, "Space or Enter"))
            r->revealed = true;
        return 0;
    }
    float x = (ui->width - (4 * bw + 3 * gap)) / 2;
    int clicked = 0;
    for (int i = 0; i < 4; i++) {
        char id[16], tip[32];
        snprintf(id, sizeof(id), "answer%d", i + 1);
        snprintf(tip, sizeof(tip), "Key %d", i + 1);
        if (ui_button(ui, id, (Rect){x, y, bw, bh}, RATING_NAMES[i], r->labels[i],
                      i == 2 ? BUTTON_PRIMARY : BUTTON_NORMAL, tip))
            clicked = i + 1;
        x += bw + gap;
    }
    return clicked;
}

/* The small buttons along the top; returns true if the screen changed. */
static bool toolbar(App *app, float y)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    float x = t->margin;
    if (ui_button(ui, "back", (Rect){x, y, 80, 30}, "Back", NULL, BUTTON_QUIET, "Esc")) {
        app_go_home(app);
        return true;
    }
    x += 92;
    const char *names[] = {"Undo", "Bury", "Suspend", "Edit"};
    const char *tips[] = {"Undo the last answer (u)", "Hide until tomorrow (b)",
                          "Take out of study (s)", "Open its file in your editor (e)"};
    for (int i = 0; i < 4; i++) {
        if (ui_button(ui, names[i], (Rect){x, y, 84, 30}, names[i], NULL, BUTTON_QUIET, tips[i])) {
            if (i == 0)
                undo(app);
            else if (i == 1)
                bury_or_suspend(app, false);
            else if (i == 2)
                bury_or_suspend(app, true);
            else
                edit(app);
            return app->screen != APP_REVIEW;
        }
        x += 90;
    }
    return false;
}

/* Keys; returns true when the screen changed. */
static bool review_keys(App *app)
{
    UiCtx *ui = &app->ui;
    Review *r = &app->review;
    if (ui_key(ui, KEY_ESCAPE, 0, 0)) {
        app_go_home(app);
        return true;
    }
    if (ui_key(ui, KEY_CHAR, 'u', 0)) {
        undo(app);
        return app->screen != APP_REVIEW;
    }
    if (!r->revealed && (ui_key(ui, KEY_SPACE, 0, 0) || ui_key(ui, KEY_ENTER, 0, 0))) {
        r->revealed = true;
        return false;
    }
    if (r->revealed) {
        for (int i = 1; i <= 4; i++)
            if (ui_key(ui, KEY_CHAR, (char)('0' + i), 0)) {
                answer(app, i);
                return app->screen != APP_REVIEW;
            }
        /* Space and Enter answer Good once the back shows, as in Anki. */
        if (ui_key(ui, KEY_SPACE, 0, 0) || ui_key(ui, KEY_ENTER, 0, 0)) {
            answer(app, 3);
            return app->screen != APP_REVIEW;
        }
    }
    if (ui_key(ui, KEY_CHAR, 'b', 0)) {
        bury_or_suspend(app, false);
        return app->screen != APP_REVIEW;
    }
    if (ui_key(ui, KEY_CHAR, 's', 0)) {
        bury_or_suspend(app, true);
        return app->screen != APP_REVIEW;
    }
    if (ui_key(ui, KEY_CHAR, 'e', 0))
        edit(app);
    return false;
}

void review_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Review *r = &app->review;
    if (ui->ev && ui->ev->type == INPUT_FOCUS_GAINED && r->resync_on_focus)
        resync(app);
    if (review_keys(app) || !r->has_card)
        return;
    float y = t->margin - 8;
    if (toolbar(app, y) || !r->has_card)
        return;
    ui_label(ui, t->margin + 470, y + 7, FONT_UI, t->small_size, t->muted, r->title);
    counts(app, ui->width - t->margin, y + 5);
    float bar_y = ui->height - t->margin - 52;
    Rect area = {t->margin, y + 56, ui->width - 2 * t->margin, bar_y - 24 - (y + 56)};
    card_area(app, area);
    int rating = answer_bar(app, bar_y);
    if (rating) {
        answer(app, rating);
        return;
    }
    if (r->flash_until_ms > ui->now_ms)
        ui_label_fit(ui, t->margin, bar_y + 18, (ui->width - 4 * 142) / 2 - t->margin - 8, FONT_UI,
                     t->small_size, t->muted, r->flash);
}

void summary_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Review *r = &app->review;
    float m = t->margin, y = m + 40;
    ui_label(ui, m, y, FONT_UI_BOLD, t->title_size, t->text, "Session complete");
    y += t->title_size + 24;
    int64_t secs = (ui->now_ms - r->started_ms) / 1000;
    char line[200];
    snprintf(line, sizeof(line), "%d card%s in %lld min %02lld s", r->studied,
             r->studied == 1 ? "" : "s", (long long)(secs / 60), (long long)(secs % 60));
    ui_label(ui, m, y, FONT_UI, t->text_size + 2, t->text, line);
    y += t->text_size + 16;
    snprintf(line, sizeof(line), "Again rate: %d%%  (%d of %d)",
             r->studied ? (100 * r->again + r->studied / 2) / r->studied : 0, r->again, r->studied);
    ui_label(ui, m, y, FONT_UI, t->text_size + 2, t->text, line);
    y += t->text_size + 40;
    bool home = ui_button(ui, "home", (Rect){m, y, 160, 38}, "Back to decks", NULL, BUTTON_PRIMARY,
                          "Enter or Esc");
    if (home || ui_key(ui, KEY_ENTER, 0, 0) || ui_key(ui, KEY_ESCAPE, 0, 0))
        app_go_home(app);
}
