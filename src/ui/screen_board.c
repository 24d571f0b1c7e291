/*
 * screen_board.c: the whiteboard screens. `w` from home opens the list of boards (the
 * free ones first, then those of drill attempts); Enter opens one full screen with the
 * canvas (board_canvas.h). New, rename, delete and import an .excalidraw file from the
 * list; export PNG, SVG or .excalidraw from the board (Ctrl+Shift+E).
 */
#include "ui/app_internal.h"
#include "ui/board_canvas.h"

#include "core/files.h"
#include "core/store_board.h"
#include "io/board_svg.h"
#include "io/excalidraw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum BoardModal {
    MODAL_NONE,
    MODAL_RENAME,
    MODAL_DELETE,
    MODAL_IMPORT,
    MODAL_EXPORT
} BoardModal;

typedef enum ExportFormat { EXPORT_PNG, EXPORT_SVG, EXPORT_EXCALIDRAW } ExportFormat;

struct BoardScreen {
    /* the list */
    BoardInfo *list;
    size_t count;
    int selected; /* row 0 is "New board" */
    float scroll;
    char status[300];
    /* a dialog over the list or the board */
    BoardModal modal;
    TextField field;
    char modal_error[800];
    ExportFormat format;
    int scale;
    bool selection_only;
    /* the open board */
    BoardCanvas canvas;
    char name[STORE_BOARD_NAME_MAX + 1];
};

static BoardScreen *screen_of(App *app)
{
    if (!app->board) {
        app->board = calloc(1, sizeof(*app->board));
        if (!app->board)
            abort();
        app->board->scale = 2;
    }
    return app->board;
}

static void list_reload(App *app)
{
    BoardScreen *s = screen_of(app);
    store_board_list_free(s->list, s->count);
    s->list = NULL;
    s->count = 0;
    if (store_board_list(app->cfg.store, false, &s->list, &s->count) != ERR_OK)
        snprintf(s->status, sizeof(s->status), "Could not read the boards: %s",
                 store_errmsg(app->cfg.store));
    /* free boards first, each part most recently changed first (the store's order) */
    size_t k = 0;
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = k; i < s->count; i++)
            if ((s->list[i].attempt_id == 0) == (pass == 0)) {
                BoardInfo tmp = s->list[i];
                memmove(&s->list[k + 1], &s->list[k], (i - k) * sizeof(*s->list));
                s->list[k++] = tmp;
            }
    if (s->selected > (int)s->count)
        s->selected = (int)s->count;
}

void boards_open(App *app)
{
    list_reload(app);
    app->screen = APP_BOARDS;
}

void board_screen_free(App *app)
{
    BoardScreen *s = app->board;
    if (!s)
        return;
    board_canvas_close(&s->canvas, app->ui.now_ms);
    store_board_list_free(s->list, s->count);
    free(s);
    app->board = NULL;
}

int64_t board_deadline_ms(const App *app)
{
    return app->board && app->screen == APP_BOARD ? board_canvas_deadline_ms(&app->board->canvas)
                                                  : 0;
}

void board_open(App *app, int64_t board_id)
{
    BoardScreen *s = screen_of(app);
    board_canvas_close(&s->canvas, app->ui.now_ms);
    BoardInfo info;
    if (store_board_info(app->cfg.store, board_id, &info) != ERR_OK ||
        board_canvas_open(&s->canvas, app->cfg.store, board_id) != ERR_OK) {
        snprintf(s->status, sizeof(s->status), "This board could not be opened: %s",
                 store_errmsg(app->cfg.store));
        boards_open(app);
        return;
    }
    snprintf(s->name, sizeof(s->name), "%s", info.name);
    free(info.name);
    s->modal = MODAL_NONE;
    app->ui.focus = 0;
    app->screen = APP_BOARD;
}

/* ---- the list ---------------------------------------------------------------------- */

static void new_board(App *app)
{
    BoardScreen *s = screen_of(app);
    int y, m, d;
    int64_t local_ms = app->ui.now_ms + (int64_t)app->cfg.day_rule.tz_offset_s * 1000;
    day_civil(local_ms / DAY_MS, &y, &m, &d);
    char name[64];
    snprintf(name, sizeof(name), "Sketch %04d-%02d-%02d %02d:%02d", y, m, d,
             (int)(local_ms / 3600000 % 24), (int)(local_ms / 60000 % 60));
    int64_t id;
    if (store_board_create(app->cfg.store, name, 0, app->ui.now_ms / 1000, &id) != ERR_OK) {
        snprintf(s->status, sizeof(s->status), "Could not create a board: %s",
                 store_errmsg(app->cfg.store));
        return;
    }
    board_open(app, id);
}

static void date_text(App *app, int64_t t_s, char *out, size_t cap)
{
    int y, m, d;
    day_civil((t_s * 1000 + (int64_t)app->cfg.day_rule.tz_offset_s * 1000) / DAY_MS, &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

static void list_row(App *app, int i, Rect r, bool selected)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    BoardScreen *s = app->board;
    draw_rect(ui->dl, r, selected ? t->selection : t->panel);
    float ty = r.y + (r.h - t->text_size) / 2 - 1;
    if (i == 0) {
        ui_label(ui, r.x + 16, ty, FONT_UI_BOLD, t->text_size, t->text, "+ New board  (n)");
        return;
    }
    const BoardInfo *b = &s->list[i - 1];
    char right[120], date[16];
    date_text(app, b->modified_s, date, sizeof(date));
    snprintf(right, sizeof(right), "%s%lld element%s   %s", b->attempt_id ? "drill attempt   " : "",
             (long long)b->elements, b->elements == 1 ? "" : "s", date);
    ui_label_fit(ui, r.x + 16, ty, r.w - 360, FONT_UI, t->text_size, t->text, b->name);
    ui_label_right(ui, r.x + r.w - 16, ty + 2, FONT_UI, t->small_size, t->muted, right);
}

static void open_modal(App *app, BoardModal modal, const char *text)
{
    BoardScreen *s = app->board;
    s->modal = modal;
    s->modal_error[0] = '\0';
    text_field_set(&s->field, text);
    app->ui.focus = ui_id("board-field");
}

static const BoardInfo *selected_board(App *app)
{
    BoardScreen *s = app->board;
    return s->selected >= 1 && s->selected <= (int)s->count ? &s->list[s->selected - 1] : NULL;
}

static bool list_keys(App *app)
{
    UiCtx *ui = &app->ui;
    const BoardInfo *b = selected_board(app);
    if (ui_key(ui, KEY_ESCAPE, 0, 0)) {
        app_go_home(app);
        return true;
    }
    if (ui_key(ui, KEY_CHAR, 'n', 0)) {
        new_board(app);
        return true;
    }
    if (ui_key(ui, KEY_CHAR, 'i', 0)) {
        open_modal(app, MODAL_IMPORT, "");
        return true;
    }
    if (b && ui_key(ui, KEY_CHAR, 'r', 0)) {
        open_modal(app, MODAL_RENAME, b->name);
        return true;
    }
    if (b && ui_key(ui, KEY_DELETE, 0, 0)) {
        open_modal(app, MODAL_DELETE, "");
        return true;
    }
    return false;
}

/* The file name without folders and the .excalidraw extension: the new board's name. */
static void name_from_path(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *name = base[0] ? base : "Imported board";
    size_t n = strlen(name) < cap - 1 ? strlen(name) : cap - 1;
    memcpy(out, name, n);
    out[n] = '\0';
    char *dot = strrchr(out, '.');
    if (dot && dot != out && strcmp(dot, ".excalidraw") == 0)
        *dot = '\0';
}

static void import_file(App *app)
{
    BoardScreen *s = app->board;
    const char *path = s->field.text;
    Board *b = NULL;
    ExcalidrawReport rep = {0};
    ErrInfo err;
    if (excalidraw_import_file(path, &b, &rep, &err) != ERR_OK) {
        snprintf(s->modal_error, sizeof(s->modal_error), "%s: %s", path, err.msg);
        excalidraw_report_free(&rep);
        return;
    }
    char name[STORE_BOARD_NAME_MAX + 1];
    name_from_path(path, name, sizeof(name));
    int64_t id;
    Err e = store_board_import(app->cfg.store, name, b, app->ui.now_ms / 1000, &id);
    board_free(b);
    if (e) {
        snprintf(s->modal_error, sizeof(s->modal_error), "Not imported: %s",
                 store_errmsg(app->cfg.store));
        excalidraw_report_free(&rep);
        return;
    }
    char note[300];
    snprintf(note, sizeof(note), "Imported %zu element%s%s%s", rep.imported,
             rep.imported == 1 ? "" : "s", rep.notices.len ? "; " : "",
             rep.notices.len ? buf_str(&rep.notices) : "");
    for (char *p = note; *p; p++)
        if (*p == '\n')
            *p = ' ';
    excalidraw_report_free(&rep);
    board_open(app, id);
    board_canvas_set_status(&s->canvas, note);
}

static void list_modal(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    BoardScreen *s = app->board;
    const BoardInfo *b = selected_board(app);
    bool del = s->modal == MODAL_DELETE;
    const char *title = del                        ? "Delete this board?"
                        : s->modal == MODAL_IMPORT ? "Import an .excalidraw file"
                                                   : "Rename the board";
    Rect r = ui_modal(ui, title, 640, 210);
    if (del && b)
        ui_label_fit(ui, r.x, r.y, r.w, FONT_UI, t->text_size, t->text, b->name);
    else
        ui_text_input(ui, "board-field", (Rect){r.x, r.y, r.w, 36}, &s->field);
    ui_label_fit(ui, r.x, r.y + 48, r.w, FONT_UI, t->small_size,
                 s->modal_error[0] ? t->warning : t->muted,
                 s->modal_error[0] ? s->modal_error
                 : del             ? "Its elements go with it. Enter deletes, Esc keeps it."
                 : s->modal == MODAL_IMPORT
                     ? "The path of the file. Enter imports it as a new board, Esc cancels."
                     : "Enter renames, Esc cancels.");
    bool ok = ui_button(ui, "modal-ok", (Rect){r.x, r.y + 90, 140, 36},
                        del                        ? "Delete"
                        : s->modal == MODAL_IMPORT ? "Import"
                                                   : "Rename",
                        NULL, BUTTON_PRIMARY, "Enter");
    bool cancel = ui_button(ui, "modal-cancel", (Rect){r.x + 152, r.y + 90, 140, 36}, "Cancel",
                            NULL, BUTTON_NORMAL, "Esc");
    if (cancel || ui_key(ui, KEY_ESCAPE, 0, 0)) {
        s->modal = MODAL_NONE;
        return;
    }
    if (!ok && !ui_key(ui, KEY_ENTER, 0, 0))
        return;
    if (s->modal == MODAL_IMPORT) {
        import_file(app);
        return;
    }
    Err e = del ? store_board_delete(app->cfg.store, b->id)
                : store_board_rename(app->cfg.store, b->id, s->field.text, app->ui.now_ms / 1000);
    if (e) {
        snprintf(s->modal_error, sizeof(s->modal_error), "%s", store_errmsg(app->cfg.store));
        return;
    }
    s->modal = MODAL_NONE;
    list_reload(app);
}

void boards_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    BoardScreen *s = screen_of(app);
    bool modal = s->modal != MODAL_NONE;
    if (!modal && list_keys(app))
        return;
    ui_block(ui, modal);
    if (ui_button(ui, "back", (Rect){t->margin, t->margin - 8, 80, 30}, "Back", NULL, BUTTON_QUIET,
                  "Esc")) {
        app_go_home(app);
        return;
    }
    ui_label(ui, t->margin + 100, t->margin - 6, FONT_UI_BOLD, t->title_size - 4, t->text,
             "Whiteboards");
    float row_h = t->row_height + 2, y = t->margin + 50;
    float w = ui->width - 2 * t->margin > 900 ? 900 : ui->width - 2 * t->margin;
    Rect view = {t->margin, y, w, ui->height - y - t->margin - 40};
    int n = (int)s->count + 1;
    int chosen = ui_list(ui, "boards", view, n, row_h, &s->selected, &s->scroll, !modal);
    float top = ui_scroll_begin(ui, "boards", view, (float)n * row_h, &s->scroll);
    for (int i = 0; i < n; i++) {
        float ry = top + (float)i * row_h;
        if (ry + row_h >= view.y && ry <= view.y + view.h)
            list_row(app, i, (Rect){view.x, ry, w, t->row_height}, i == s->selected);
    }
    ui_scroll_end(ui, view, (float)n * row_h, s->scroll);
    const char *hint = s->status[0] ? s->status
                                    : "Up/Down select   Enter open   n new   r rename   "
                                      "Delete delete   i import .excalidraw   Esc back";
    ui_label_fit(ui, t->margin, ui->height - t->margin - 16, ui->width - 2 * t->margin, FONT_UI,
                 t->small_size, s->status[0] ? t->warning : t->muted, hint);
    if (modal) {
        ui_block(ui, false);
        list_modal(app);
        return;
    }
    if (chosen == 0)
        new_board(app);
    else if (chosen > 0)
        board_open(app, s->list[chosen - 1].id);
}

/* ---- export ------------------------------------------------------------------------ */

static const char *const FORMAT_EXT[] = {".png", ".svg", ".excalidraw"};

static void export_default_path(App *app)
{
    BoardScreen *s = app->board;
    const char *home = getenv("HOME");
    char name[STORE_BOARD_NAME_MAX + 1];
    snprintf(name, sizeof(name), "%s", s->name);
    for (char *p = name; *p; p++)
        if (*p == '/' || *p == ' ' || *p == ':')
            *p = '-';
    char path[UI_TEXT_MAX];
    snprintf(path, sizeof(path), "%s/%s%s", home && home[0] ? home : ".", name,
             FORMAT_EXT[s->format]);
    text_field_set(&s->field, path);
}

/* Writes the board in the chosen format; returns false with the reason in modal_error. */
static bool export_board(App *app)
{
    BoardScreen *s = app->board;
    BoardCanvas *c = &s->canvas;
    const char *path = s->field.text;
    ErrInfo err;
    bool only = s->selection_only && c->selection.n;
    if (s->format == EXPORT_PNG) {
        if (!app->cfg.host.export_png) {
            snprintf(s->modal_error, sizeof(s->modal_error), "PNG export is not available here.");
            return false;
        }
        DrawList dl = {0};
        int w, h;
        bool ok =
            board_canvas_picture(c, &dl, only, s->scale, app->cfg.host.measure, app->cfg.host.user,
                                 &w, &h, s->modal_error, sizeof(s->modal_error));
        if (ok)
            ok = app->cfg.host.export_png(app->cfg.host.user, &dl, w, h, path, s->modal_error,
                                          sizeof(s->modal_error));
        draw_free(&dl);
        return ok;
    }
    Buf text = {0};
    if (s->format == EXPORT_SVG) {
        board_svg_export(c->board, only ? c->selection.v : NULL, only ? c->selection.n : 0, 20,
                         &text);
    } else {
        char *json = excalidraw_export(c->board);
        buf_puts(&text, json);
        free(json);
    }
    Err e = files_write_atomic(path, text.data, text.len, &err);
    buf_free(&text);
    if (e)
        snprintf(s->modal_error, sizeof(s->modal_error), "%s: %s", path, err.msg);
    return !e;
}

static void export_modal(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    BoardScreen *s = app->board;
    Rect r = ui_modal(ui, "Export the board", 680, 280);
    static const char *const NAMES[] = {"PNG", "SVG", "Excalidraw"};
    for (int i = 0; i < 3; i++) {
        char id[16], key[4] = {(char)('1' + i), 0};
        snprintf(id, sizeof(id), "format%d", i);
        if (ui_button(ui, id, (Rect){r.x + (float)i * 130, r.y, 122, 34}, NAMES[i], NULL,
                      s->format == (ExportFormat)i ? BUTTON_PRIMARY : BUTTON_NORMAL, key) ||
            ui_key(ui, KEY_CHAR, (char)('1' + i), MOD_ALT)) {
            s->format = (ExportFormat)i;
            export_default_path(app);
        }
    }
    float y = r.y + 46;
    if (s->format == EXPORT_PNG)
        for (int k = 1; k <= 3; k++) {
            char id[16], label[8];
            snprintf(id, sizeof(id), "scale%d", k);
            snprintf(label, sizeof(label), "%dx", k);
            if (ui_button(ui, id, (Rect){r.x + (float)(k - 1) * 64, y, 58, 30}, label, NULL,
                          s->scale == k ? BUTTON_PRIMARY : BUTTON_QUIET, "Pixels per unit"))
                s->scale = k;
        }
    if (s->format != EXPORT_EXCALIDRAW &&
        ui_button(ui, "only", (Rect){r.x + 210, y, 190, 30},
                  s->selection_only ? "Selection only: on" : "Selection only: off", NULL,
                  s->selection_only ? BUTTON_PRIMARY : BUTTON_QUIET,
                  "Export the selected elements only"))
        s->selection_only = !s->selection_only;
    ui_text_input(ui, "board-field", (Rect){r.x, y + 44, r.w, 36}, &s->field);
    ui_label_fit(ui, r.x, y + 88, r.w, FONT_UI, t->small_size,
                 s->modal_error[0] ? t->warning : t->muted,
                 s->modal_error[0] ? s->modal_error : "Enter exports to this file, Esc cancels.");
    bool ok = ui_button(ui, "export-ok", (Rect){r.x, y + 120, 140, 36}, "Export", NULL,
                        BUTTON_PRIMARY, "Enter");
    if (ui_key(ui, KEY_ESCAPE, 0, 0)) {
        s->modal = MODAL_NONE;
        return;
    }
    if ((ok || ui_key(ui, KEY_ENTER, 0, 0)) && export_board(app)) {
        char note[300];
        snprintf(note, sizeof(note), "Exported to %s", s->field.text);
        board_canvas_set_status(&s->canvas, note);
        s->modal = MODAL_NONE;
    }
}

/* ---- the board --------------------------------------------------------------------- */

static void leave_board(App *app)
{
    BoardScreen *s = app->board;
    board_canvas_close(&s->canvas, app->ui.now_ms);
    boards_open(app);
}

void board_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    BoardScreen *s = screen_of(app);
    if (!board_canvas_is_open(&s->canvas)) {
        boards_open(app);
        return;
    }
    bool modal = s->modal != MODAL_NONE;
    if (!modal && ui_key(ui, KEY_CHAR, 'e', MOD_CTRL | MOD_SHIFT)) {
        s->modal = MODAL_EXPORT;
        s->modal_error[0] = '\0';
        export_default_path(app);
        ui->focus = ui_id("board-field");
        return;
    }
    ui_block(ui, modal);
    float bar = 44;
    Rect area = {0, bar, ui->width, ui->height - bar};
    board_canvas_frame(&s->canvas, ui, area, !modal);
    draw_rect(ui->dl, (Rect){0, 0, ui->width, bar}, t->panel);
    if (ui_button(ui, "back", (Rect){8, 6, 80, 32}, "Back", NULL, BUTTON_QUIET, "Esc")) {
        leave_board(app);
        return;
    }
    ui_label_fit(ui, 100, 12, ui->width - 420, FONT_UI_BOLD, t->text_size, t->text, s->name);
    if (ui_button(ui, "export", (Rect){ui->width - 310, 6, 110, 32}, "Export", NULL, BUTTON_NORMAL,
                  "PNG, SVG or .excalidraw (Ctrl+Shift+E)")) {
        s->modal = MODAL_EXPORT;
        s->modal_error[0] = '\0';
        export_default_path(app);
        ui->focus = ui_id("board-field");
    }
    ui_label(ui, ui->width - 190, 14, FONT_UI, t->small_size, t->muted, "Ctrl+Z undo   Esc back");
    if (modal) {
        ui_block(ui, false);
        export_modal(app);
        return;
    }
    if (!board_canvas_busy(&s->canvas) && ui_key(ui, KEY_ESCAPE, 0, 0))
        leave_board(app);
}
