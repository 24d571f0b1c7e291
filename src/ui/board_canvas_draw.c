/*
 * board_canvas_draw.c: what the whiteboard widget draws besides the board's elements: the
 * selection frames and handles, the box being dragged out, the tool bar, the stencil
 * palette, the style bar (which restyles the selection) and the status line.
 */
#include "ui/board_canvas.h"
#include "ui/board_canvas_internal.h"

#include <math.h>
#include <stdio.h>

static const char *const TOOL_NAMES[TOOL_COUNT] = {"Select", "Rectangle", "Diamond", "Ellipse",
                                                   "Arrow",  "Line",      "Pen",     "Text",
                                                   "Eraser", "Hand",      "Stencil"};
static const char *const TOOL_SHORT[TOOL_COUNT] = {"Select", "Rect", "Diamond", "Ellipse",
                                                   "Arrow",  "Line", "Pen",     "Text",
                                                   "Eraser", "Hand", "Stencil"};

#define STYLE_SWATCH 24.0f
#define STYLE_BAR_W  (5 * STYLE_SWATCH * 2 + 3 * 30 + 70 + 60) /* its width, margins aside */

static const uint32_t STROKES[] = {0x1e1e1eff, 0xe03131ff, 0x2f9e44ff, 0x1971c2ff, 0xf08c00ff};
static const uint32_t FILLS[] = {0, 0xffc9c9ff, 0xb2f2bbff, 0xa5d8ffff, 0xffec99ff};
static const float WIDTHS[] = {1, 2, 4};

static Color color_of(uint32_t rgba)
{
    return (Color){(uint8_t)(rgba >> 24), (uint8_t)(rgba >> 16), (uint8_t)(rgba >> 8),
                   (uint8_t)rgba};
}

/* ---- drawing ----------------------------------------------------------------------- */

static Rect screen_box(const BoardCanvas *c, BoardRect r)
{
    float x0, y0, x1, y1;
    board_view_to_screen(c->view, c->area, r.x0, r.y0, &x0, &y0);
    board_view_to_screen(c->view, c->area, r.x1, r.y1, &x1, &y1);
    return (Rect){x0, y0, x1 - x0, y1 - y0};
}

static void outline(DrawList *dl, Rect r, Color col)
{
    draw_rect(dl, (Rect){r.x, r.y, r.w, 1}, col);
    draw_rect(dl, (Rect){r.x, r.y + r.h - 1, r.w, 1}, col);
    draw_rect(dl, (Rect){r.x, r.y, 1, r.h}, col);
    draw_rect(dl, (Rect){r.x + r.w - 1, r.y, 1, r.h}, col);
}

static void draw_selection(const BoardCanvas *c, UiCtx *ui)
{
    Color accent = ui->theme.accent;
    for (size_t i = 0; i < c->selection.n; i++) {
        const BoardElement *el = board_get(c->board, c->selection.v[i]);
        if (!el)
            continue;
        Rect r = screen_box(c, canvas_element_box(el));
        outline(ui->dl, (Rect){r.x - 4, r.y - 4, r.w + 8, r.h + 8}, accent);
    }
    if (c->selection.n != 1 || c->drag == DRAG_MOVE)
        return;
    const BoardElement *el = board_get(c->board, c->selection.v[0]);
    if (!el)
        return;
    for (int h = 0; h < 8; h++) {
        double bx, by;
        float sx, sy;
        canvas_handle_center(canvas_element_box(el), h, &bx, &by);
        board_view_to_screen(c->view, c->area, bx, by, &sx, &sy);
        Rect hr = {sx - HANDLE_PX / 2, sy - HANDLE_PX / 2, HANDLE_PX, HANDLE_PX};
        draw_rect(ui->dl, hr, ui->theme.panel);
        outline(ui->dl, hr, accent);
    }
}

static void draw_box_select(const BoardCanvas *c, UiCtx *ui)
{
    if (c->drag != DRAG_BOX)
        return;
    Rect r = screen_box(c, canvas_normalised(c->ax, c->ay, c->box_x, c->box_y));
    Color fill = ui->theme.accent;
    fill.a = 30;
    draw_rect(ui->dl, r, fill);
    outline(ui->dl, r, ui->theme.accent);
}

static bool dark_theme(const Theme *t)
{
    return t->background.r + t->background.g + t->background.b < 3 * 128;
}

void canvas_draw_board(BoardCanvas *c, UiCtx *ui)
{
    const Theme *t = &ui->theme;
    Color grid = t->muted;
    grid.a = 90;
    BoardDrawOptions o = {
        .background = dark_theme(t) ? (Color){0x1e, 0x1e, 0x22, 255} : (Color){255, 255, 255, 255},
        .grid = c->grid,
        .grid_step = CANVAS_GRID,
        .grid_color = grid,
        .invert_ink = dark_theme(t),
        .measure = ui->measure,
        .measure_user = ui->measure_user,
    };
    board_renderer_draw(c->renderer, ui->dl, c->board, c->area, c->view, &o);
    draw_clip(ui->dl, c->area);
    draw_selection(c, ui);
    draw_box_select(c, ui);
    draw_unclip(ui->dl);
}

/* ---- the tool bar, the stencil palette and the style bar ---------------------------- */

/* The tools in a row across the top: each button shows its name with its key above it,
 * in the small size so that the row fits a narrow board pane too. */
static void toolbar(BoardCanvas *c, UiCtx *ui)
{
    const Theme *t = &ui->theme;
    float bw = fminf(64, (c->area.w - 16) / TOOL_COUNT), bh = 40;
    float x = c->area.x + (c->area.w - bw * TOOL_COUNT) / 2, y = c->area.y + 8;
    draw_rect(ui->dl, (Rect){x - 4, y - 4, bw * TOOL_COUNT + 8, bh + 8}, t->panel);
    for (int i = 0; i < TOOL_COUNT; i++) {
        char key[4] = {(char)(CANVAS_TOOL_KEYS[i] - 'a' + 'A'), 0}, tip[64];
        snprintf(tip, sizeof(tip), "%s (%s)", TOOL_NAMES[i], key);
        Rect r = {x + bw * (float)i, y, bw - 2, bh};
        bool on = c->tool == (BoardTool)i;
        if (ui_button(ui, TOOL_SHORT[i], r, "", NULL, on ? BUTTON_PRIMARY : BUTTON_QUIET, tip)) {
            c->tool = (BoardTool)i;
            if (i != TOOL_SELECT)
                c->selection.n = 0;
        }
        Color fg = on ? t->panel : t->text;
        ui_label_center(ui, (Rect){r.x, r.y + 3, r.w, bh / 2 - 2}, FONT_UI, t->small_size - 1,
                        on ? t->panel : t->muted, key);
        ui_label_center(ui, (Rect){r.x, r.y + bh / 2 - 1, r.w, bh / 2 - 2}, FONT_UI_BOLD,
                        t->small_size, fg, TOOL_SHORT[i]);
    }
}

static void palette(BoardCanvas *c, UiCtx *ui)
{
    if (c->tool != TOOL_STENCIL)
        return;
    const Theme *t = &ui->theme;
    float w = 150, h = 28, x = c->area.x + 8, y = c->area.y + 88; /* under the tool bar */
    int n = BOARD_STENCIL_COUNT - 1;
    if (y + (float)n * h + 40 > c->area.y + c->area.h)
        h = fmaxf(18, (c->area.h - 140) / (float)n);
    draw_rect(ui->dl, (Rect){x - 4, y - 28, w + 8, (float)n * h + 36}, t->panel);
    ui_label(ui, x + 4, y - 22, FONT_UI_BOLD, t->small_size, t->muted, "Stencils: click to place");
    for (int s = 1; s <= n; s++) {
        const BoardStencilInfo *info = board_stencil_info((BoardStencil)s);
        Rect r = {x, y + (float)(s - 1) * h, w, h - 2};
        if (ui_button(ui, info->key, r, info->label, NULL,
                      c->stencil == (BoardStencil)s ? BUTTON_PRIMARY : BUTTON_QUIET, NULL))
            c->stencil = (BoardStencil)s;
    }
}

static void apply_style(BoardCanvas *c, unsigned mask)
{
    if (c->selection.n)
        board_set_style(c->board, c->selection.v, c->selection.n, &c->style, mask);
}

static bool swatch(UiCtx *ui, const char *id, int i, Rect r, uint32_t rgba, bool on)
{
    char name[48];
    snprintf(name, sizeof(name), "%s%d", id, i);
    bool hit = ui_button(ui, name, r, "", NULL, BUTTON_QUIET, NULL);
    if (on)
        draw_rect(ui->dl, r, ui->theme.accent);
    Rect in = {r.x + 3, r.y + 3, r.w - 6, r.h - 6};
    if (rgba & 0xff)
        draw_rect(ui->dl, in, color_of(rgba));
    else {
        draw_rect(ui->dl, in, ui->theme.background);
        draw_rect(ui->dl, (Rect){in.x, in.y + in.h / 2, in.w, 1}, ui->theme.muted);
    }
    return hit;
}

static void style_bar(BoardCanvas *c, UiCtx *ui)
{
    const Theme *t = &ui->theme;
    float s = STYLE_SWATCH, y = c->area.y + c->area.h - s - 10, x = c->area.x + 10;
    float w = STYLE_BAR_W;
    if (w > c->area.w - 20)
        return;
    draw_rect(ui->dl, (Rect){x - 6, y - 6, w + 12, s + 12}, t->panel);
    for (int i = 0; i < 5; i++)
        if (swatch(ui, "stroke", i, (Rect){x + (float)i * s, y, s, s}, STROKES[i],
                   c->style.stroke == STROKES[i])) {
            c->style.stroke = STROKES[i];
            apply_style(c, BOARD_STYLE_STROKE);
        }
    x += 5 * s + 12;
    for (int i = 0; i < 5; i++)
        if (swatch(ui, "fill", i, (Rect){x + (float)i * s, y, s, s}, FILLS[i],
                   c->style.fill == FILLS[i])) {
            c->style.fill = FILLS[i];
            apply_style(c, BOARD_STYLE_FILL);
        }
    x += 5 * s + 12;
    static const char *const WIDTH_NAMES[] = {"S", "M", "L"};
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof(id), "width%d", i);
        if (ui_button(ui, id, (Rect){x + (float)i * 30, y, 28, s}, WIDTH_NAMES[i], NULL,
                      c->style.width == WIDTHS[i] ? BUTTON_PRIMARY : BUTTON_QUIET,
                      "Stroke width")) {
            c->style.width = WIDTHS[i];
            apply_style(c, BOARD_STYLE_WIDTH);
        }
    }
    x += 3 * 30 + 8;
    if (ui_button(ui, "dashed", (Rect){x, y, 70, s}, "Dashed", NULL,
                  c->style.dashed ? BUTTON_PRIMARY : BUTTON_QUIET, "Dashed strokes")) {
        c->style.dashed = !c->style.dashed;
        apply_style(c, BOARD_STYLE_DASHED);
    }
}

static void status_line(BoardCanvas *c, UiCtx *ui)
{
    const Theme *t = &ui->theme;
    char line[320];
    size_t n = 0; /* labels are part of their shapes */
    for (size_t i = 0; i < board_count(c->board); i++) {
        const BoardElement *el = board_at(c->board, i);
        n += !(el->kind == BOARD_TEXT && el->container);
    }
    snprintf(line, sizeof(line), "%s%s%.0f%%   grid %s (G)   snap %s (N)   %zu element%s",
             c->status, c->status[0] ? "   " : "", c->view.zoom * 100, c->grid ? "on" : "off",
             c->snap ? "on" : "off", n, n == 1 ? "" : "s");
    float w = ui_text_width(ui, FONT_UI, t->small_size, line);
    float x = c->area.x + c->area.w - w - 12, y = c->area.y + c->area.h - t->small_size - 14;
    bool bar = STYLE_BAR_W <= c->area.w - 20;
    if (x < c->area.x + (bar ? STYLE_BAR_W + 28 : 8)) /* above the style bar, at the left */
        x = c->area.x + 8, y -= 40;
    ui_label(ui, x, y, FONT_UI, t->small_size, c->status[0] ? t->warning : t->muted, line);
}

void canvas_draw_chrome(BoardCanvas *c, UiCtx *ui)
{
    toolbar(c, ui);
    palette(c, ui);
    style_bar(c, ui);
    status_line(c, ui);
}
