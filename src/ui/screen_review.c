/*
 * screen_review.c: studying. The front first; Space or Enter shows the back; 1-4 answer
 * Again / Hard / Good / Easy, each button showing where it leads ("10m", "2d"); u undoes
 * the last answer, b buries, s suspends, e opens the card's file at its line and re-reads
 * the decks when the window regains focus; Esc goes home. Every action is also a button.
 * A held key's auto-repeat never answers: one press, one card. The session ends with a
 * summary whose time stops when it appears.
 */
#include "ui/app_internal.h"

#include "core/store_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLASH_MS       2500
#define CARD_MAX_WIDTH 760.0f
#define BAR_H          30.0f /* the top bar's buttons */
#define ANSWER_H       52.0f /* the answer buttons */
#define ANSWER_MAX_W   130.0f
#define TITLE_MIN_W    120.0f /* narrower than this, the deck title gets a line of its own */

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
    free(app->review.answers);
    app->review.answers = NULL;
    app->review.answer_count = app->review.answer_cap = 0;
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
        r->ended_ms = app->ui.now_ms;
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
    if (r->answer_count == r->answer_cap) {
        r->answer_cap = r->answer_cap ? 2 * r->answer_cap : 64;
        r->answers = xrealloc(r->answers, r->answer_cap * sizeof(*r->answers));
    }
    r->answers[r->answer_count++] = (ReviewAnswer){r->card.card_id, rating};
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
    /* Only an answer of this session comes off its counts (the log's last answer may be
     * older than the session). */
    if (r->answer_count && r->answers[r->answer_count - 1].card_id == card_id) {
        r->answer_count--;
        r->studied--;
        r->again -= r->answers[r->answer_count].rating == 1;
    }
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
        app->resync_on_focus = true;
        flash(app, "Opened in your editor; changes load when you come back.");
    }
    buf_free(&path);
}

static bool in_queue(const Queue *q, int64_t card_id)
{
    for (size_t i = 0; i < q->count; i++)
        if (q->items[i].card_id == card_id)
            return true;
    return false;
}

void review_resync(App *app)
{
    Review *r = &app->review;
    app->resync_on_focus = false;
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
    if (app->screen != APP_REVIEW || !r->has_card)
        return;
    /* The card under review was in today's queue; an edit that took it out of its file
     * (retired) or suspended it leaves it out of the rebuilt one: move on. The rebuilt
     * queue also brings the counts up to date. */
    queue_free(&r->queue);
    if (store_study_queue(app->cfg.store, r->deck_id, app->ui.now_ms, &app->cfg.day_rule,
                          &r->queue) != ERR_OK ||
        !in_queue(&r->queue, r->card.card_id)) {
        advance(app);
        if (app->screen == APP_REVIEW)
            flash(app, "That card left the study queue; here is the next.");
        return;
    }
    bool revealed = r->revealed;
    int64_t shown = r->shown_ms;
    if (!show_card(app, r->card.card_id, r->kind)) {
        advance(app);
        return;
    }
    r->revealed = revealed;
    r->shown_ms = shown;
}

/* ---- drawing ----------------------------------------------------------------------- */

/* The remaining New / Learning / Due counts, right-aligned at `right`, the kind of the card
 * shown underlined. Returns their left edge; draws only when `draw`. */
static float counts(App *app, float right, float y, bool draw)
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
    UiRow row = ui_row_right(right, y, t->text_size, 18);
    for (int i = 2; i >= 0; i--) {
        char num[16];
        snprintf(num, sizeof(num), "%d", n[i]);
        Rect c = ui_row_next(&row, ui_text_width(ui, FONT_UI_BOLD, t->text_size, num));
        if (!draw)
            continue;
        ui_label(ui, c.x, c.y, FONT_UI_BOLD, t->text_size, colors[i], num);
        if (app->review.kind == kinds[i])
            draw_rect(ui->dl, (Rect){c.x, c.y + t->text_size + 4, c.w, 2}, colors[i]);
    }
    return ui_row_edge(&row);
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
    float gap = 12, room = ui->width - 2 * ui->theme.margin;
    if (!r->revealed) {
        float w = room < 220 ? room : 220;
        Rect b = {(ui->width - w) / 2, y, w, ANSWER_H};
        if (ui_button(ui, "show", b, "Show answer", NULL, BUTTON_PRIMARY, "Space or Enter"))
            r->revealed = true;
        return 0;
    }
    /* Four buttons, narrower in a narrow window, centred. */
    float bw = (room - 3 * gap) / 4;
    if (bw > ANSWER_MAX_W)
        bw = ANSWER_MAX_W;
    UiRow row = ui_row((ui->width - (4 * bw + 3 * gap)) / 2, y, ANSWER_H, gap);
    int clicked = 0;
    for (int i = 0; i < 4; i++) {
        char id[16], tip[32];
        snprintf(id, sizeof(id), "answer%d", i + 1);
        snprintf(tip, sizeof(tip), "Key %d", i + 1);
        if (ui_button(ui, id, ui_row_next(&row, bw), RATING_NAMES[i], r->labels[i],
                      i == 2 ? BUTTON_PRIMARY : BUTTON_NORMAL, tip))
            clicked = i + 1;
    }
    return clicked;
}

/* The top bar: Back and the actions from the left, the remaining counts on the right,
 * and the deck's title between them; where the title has no room there (a narrow window,
 * large text) it goes on a line of its own under the bar, with the counts if they do not
 * fit either. Sets *below to the y under what was drawn; returns true if the screen
 * changed. */
static bool top_bar(App *app, float y, float *below)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Review *r = &app->review;
    UiRow row = ui_row(t->margin, y, BAR_H, 6);
    if (ui_button(ui, "back", ui_row_next(&row, ui_button_width(ui, "Back")), "Back", NULL,
                  BUTTON_QUIET, "Esc")) {
        app_go_home(app);
        return true;
    }
    ui_row_next(&row, 0); /* an empty cell: a double gap after Back */
    const char *names[] = {"Undo", "Bury", "Suspend", "Edit"};
    const char *tips[] = {"Undo the last answer (u)", "Hide until tomorrow (b)",
                          "Take out of study (s)", "Open its file in your editor (e)"};
    for (int i = 0; i < 4; i++) {
        Rect b = ui_row_next(&row, ui_button_width(ui, names[i]));
        if (ui_button(ui, names[i], b, names[i], NULL, BUTTON_QUIET, tips[i])) {
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
    }
    float right = ui->width - t->margin, gap = 18;
    float line2 = y + BAR_H + 8; /* the second line, when needed */
    float title_y = y + (BAR_H - t->small_size) / 2;
    float counts_y = y + (BAR_H - t->text_size) / 2 - 2;
    float counts_left = counts(app, right, counts_y, false);
    bool counts_below = counts_left - gap < ui_row_edge(&row);
    if (counts_below) {
        counts_y = line2;
        counts_left = counts(app, right, counts_y, false);
    }
    float room = (counts_below ? right : counts_left - gap) - (ui_row_edge(&row) + gap);
    bool title_below = counts_below || (room < TITLE_MIN_W &&
                                        room < ui_text_width(ui, FONT_UI, t->small_size, r->title));
    if (title_below) {
        title_y = line2 + (t->text_size - t->small_size) / 2;
        room = (counts_below ? counts_left - gap : right) - t->margin;
        ui_label_fit(ui, t->margin, title_y, room, FONT_UI, t->small_size, t->muted, r->title);
    } else {
        ui_label_fit(ui, ui_row_edge(&row) + gap, title_y, room, FONT_UI, t->small_size, t->muted,
                     r->title);
    }
    counts(app, right, counts_y, true);
    *below = title_below ? line2 + t->text_size + 8 : y + BAR_H;
    return false;
}

/* Keys; returns true when the screen changed. */
static bool review_keys(App *app)
{
    UiCtx *ui = &app->ui;
    Review *r = &app->review;
    /* A held key repeats: only scrolling may, so one press answers one card and never
     * shows the back and then answers it. */
    const InputEvent *ev = ui->ev;
    if (ev && ev->type == INPUT_KEY && ev->repeat && ev->key != KEY_UP && ev->key != KEY_DOWN)
        return false;
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
    if (review_keys(app) || !r->has_card)
        return;
    float y = t->margin - 8, below = y;
    if (top_bar(app, y, &below) || !r->has_card)
        return;
    float bar_y = ui->height - t->margin - ANSWER_H;
    Rect area = {t->margin, below + 26, ui->width - 2 * t->margin, bar_y - 24 - (below + 26)};
    card_area(app, area);
    int rating = answer_bar(app, bar_y);
    if (rating) {
        answer(app, rating);
        return;
    }
    /* A short message, centred in the gap between the card and the buttons. */
    if (r->flash_until_ms > ui->now_ms) {
        float w = ui_text_width(ui, FONT_UI, t->small_size, r->flash), room = area.w;
        ui_label_fit(ui, area.x + (w < room ? (room - w) / 2 : 0), bar_y - t->small_size - 6, room,
                     FONT_UI, t->small_size, t->muted, r->flash);
    }
}

void summary_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Review *r = &app->review;
    float m = t->margin, y = m + 40;
    ui_label(ui, m, y, FONT_UI_BOLD, t->title_size, t->text, "Session complete");
    y += t->title_size + 24;
    int64_t secs = ((r->ended_ms ? r->ended_ms : ui->now_ms) - r->started_ms) / 1000;
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
    /* Enter held through the last answer must not leave the summary unseen. */
    bool held = ui->ev && ui->ev->type == INPUT_KEY && ui->ev->repeat;
    if (home || (!held && (ui_key(ui, KEY_ENTER, 0, 0) || ui_key(ui, KEY_ESCAPE, 0, 0))))
        app_go_home(app);
}
