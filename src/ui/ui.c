/*
 * ui.c: the immediate-mode widgets. Each frame sees at most one input event, so a click
 * is a press in one frame and a release in a later one, exactly as the user made it.
 */
#include "ui/ui.h"

#include "core/base.h"
#include "core/str.h"
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOOLTIP_DELAY_MS 600
#define WHEEL_STEP       48.0f
#define BUTTON_PAD       14.0f /* each side of a label that sizes its button */

void ui_init(UiCtx *ctx, const Theme *theme, TextMeasureFn measure, void *measure_user)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->theme = *theme;
    ctx->measure = measure;
    ctx->measure_user = measure_user;
    ctx->mouse_x = ctx->mouse_y = -1;
}

void ui_begin(UiCtx *ctx, DrawList *dl, float w, float h, const InputEvent *ev, int64_t now_ms)
{
    ctx->dl = dl;
    ctx->width = w;
    ctx->height = h;
    ctx->now_ms = now_ms;
    ctx->ev = ev;
    ctx->pressed = ctx->released = ctx->consumed = false;
    ctx->blocked = false;
    ctx->tooltip[0] = '\0';
    ctx->next_deadline_ms = 0;
    ctx->hot = 0;
    if (ev && (ev->type == INPUT_MOUSE_MOVE || ev->type == INPUT_MOUSE_DOWN ||
               ev->type == INPUT_MOUSE_UP)) {
        ctx->mouse_x = ev->x;
        ctx->mouse_y = ev->y;
    }
    if (ev && ev->type == INPUT_MOUSE_DOWN && ev->button == 1) {
        ctx->pressed = true;
        ctx->mouse_down = true;
    }
    if (ev && ev->type == INPUT_MOUSE_UP && ev->button == 1) {
        ctx->released = true;
        ctx->mouse_down = false;
    }
    draw_clear(dl);
}

void ui_end(UiCtx *ctx)
{
    if (ctx->released)
        ctx->active = 0;
    if (!ctx->tooltip[0])
        return;
    const Theme *t = &ctx->theme;
    float w = ui_text_width(ctx, FONT_UI, t->small_size, ctx->tooltip) + 16;
    float h = t->small_size + 12;
    float x = ctx->tooltip_x, y = ctx->tooltip_y;
    if (x + w > ctx->width - 4)
        x = ctx->width - 4 - w;
    if (y + h > ctx->height - 4)
        y = ctx->height - 4 - h;
    draw_rect(ctx->dl, (Rect){x, y, w, h}, t->text);
    draw_text(ctx->dl, x + 8, y + 5, FONT_UI, t->small_size, t->background, ctx->tooltip);
}

uint64_t ui_id(const char *name)
{
    return hash_fnv1a64(name, strlen(name)) | 1u;
}

uint64_t ui_id_index(const char *name, int index)
{
    uint64_t h = ui_id(name);
    return (h ^ ((uint64_t)(unsigned)index * 0x9e3779b97f4a7c15ull)) | 1u;
}

bool ui_key(UiCtx *ctx, Key key, char ch, int mods)
{
    const InputEvent *ev = ctx->ev;
    if (!ev || ctx->consumed || ev->type != INPUT_KEY || ev->key != key || ev->mods != mods)
        return false;
    if (key == KEY_CHAR && ch && ev->ch != ch)
        return false;
    ctx->consumed = true;
    return true;
}

/* ---- text -------------------------------------------------------------------------- */

float ui_text_width(const UiCtx *ctx, FontId font, float size, const char *text)
{
    return ctx->measure(ctx->measure_user, font, size, text);
}

void ui_label(UiCtx *ctx, float x, float y, FontId font, float size, Color c, const char *text)
{
    draw_text(ctx->dl, x, y, font, size, c, text);
}

void ui_label_fit(UiCtx *ctx, float x, float y, float width, FontId font, float size, Color c,
                  const char *text)
{
    if (ui_text_width(ctx, font, size, text) <= width) {
        draw_text(ctx->dl, x, y, font, size, c, text);
        return;
    }
    if (ui_text_width(ctx, font, size, "\xe2\x80\xa6") > width)
        return;
    Buf b = {0};
    size_t n = strlen(text);
    while (n > 0) {
        do
            n--;
        while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80);
        buf_clear(&b);
        buf_append(&b, text, n);
        buf_puts(&b, "\xe2\x80\xa6");
        if (ui_text_width(ctx, font, size, buf_str(&b)) <= width)
            break;
    }
    draw_text(ctx->dl, x, y, font, size, c, buf_str(&b));
    buf_free(&b);
}

void ui_label_right(UiCtx *ctx, float right, float y, FontId font, float size, Color c,
                    const char *text)
{
    draw_text(ctx->dl, right - ui_text_width(ctx, font, size, text), y, font, size, c, text);
}

void ui_label_center(UiCtx *ctx, Rect r, FontId font, float size, Color c, const char *text)
{
    float w = ui_text_width(ctx, font, size, text);
    draw_text(ctx->dl, r.x + (r.w - w) / 2, r.y + (r.h - size) / 2 - 1, font, size, c, text);
}

bool ui_mouse_in(const UiCtx *ctx, Rect r)
{
    return ctx->mouse_x >= r.x && ctx->mouse_x < r.x + r.w && ctx->mouse_y >= r.y &&
           ctx->mouse_y < r.y + r.h;
}

/* ---- rows -------------------------------------------------------------------------- */

UiRow ui_row(float x, float y, float h, float gap)
{
    return (UiRow){.start = x, .edge = x, .y = y, .h = h, .gap = gap};
}

UiRow ui_row_right(float right, float y, float h, float gap)
{
    UiRow row = ui_row(right, y, h, gap);
    row.right = true;
    return row;
}

Rect ui_row_next(UiRow *row, float w)
{
    if (!(w > 0))
        w = 0;
    float gap = row->count ? row->gap : 0;
    Rect r = {row->right ? row->edge - gap - w : row->edge + gap, row->y, w, row->h};
    row->edge = row->right ? r.x : r.x + w;
    row->count++;
    return r;
}

float ui_row_edge(const UiRow *row)
{
    return row->edge;
}

float ui_row_room(const UiRow *row, float limit)
{
    float gap = row->count ? row->gap : 0;
    float room = row->right ? row->edge - gap - limit : limit - row->edge - gap;
    return room > 0 ? room : 0;
}

/* ---- buttons and tooltips ---------------------------------------------------------- */

/* Hover, press and click logic shared by clickable widgets. Returns true on a click. */
static bool clickable(UiCtx *ctx, uint64_t id, Rect r)
{
    if (ctx->blocked)
        return false;
    bool inside = ui_mouse_in(ctx, r);
    if (inside)
        ctx->hot = id;
    if (inside && ctx->pressed) {
        ctx->active = id;
        ctx->consumed = true;
    }
    if (ctx->released && ctx->active == id) {
        ctx->consumed = true;
        return inside;
    }
    return false;
}

static Color mix(Color a, Color b, float t)
{
    return (Color){(uint8_t)(a.r + (b.r - a.r) * t), (uint8_t)(a.g + (b.g - a.g) * t),
                   (uint8_t)(a.b + (b.b - a.b) * t), 255};
}

bool ui_button(UiCtx *ctx, const char *name, Rect r, const char *label, const char *hint,
               ButtonKind kind, const char *tooltip)
{
    const Theme *t = &ctx->theme;
    uint64_t id = ui_id(name);
    bool clicked = clickable(ctx, id, r);
    bool hot = ctx->hot == id, down = ctx->active == id && ctx->mouse_down;
    Color bg =
        kind == BUTTON_PRIMARY ? t->accent : (kind == BUTTON_QUIET ? t->background : t->panel);
    Color fg = kind == BUTTON_PRIMARY ? t->panel : t->text;
    if (down)
        bg = mix(bg, t->text, 0.18f);
    else if (hot)
        bg = mix(bg, t->text, 0.07f);
    if (kind != BUTTON_QUIET || hot)
        draw_rect(ctx->dl, r, bg);
    if (kind == BUTTON_NORMAL) {
        Color line = mix(t->panel, t->text, 0.15f);
        draw_rect(ctx->dl, (Rect){r.x, r.y + r.h - 1, r.w, 1}, line);
    }
    if (hint) {
        Rect top = {r.x, r.y + 4, r.w, r.h / 2 - 2};
        Rect bottom = {r.x, r.y + r.h / 2, r.w, r.h / 2 - 4};
        ui_label_center(ctx, top, FONT_UI, t->small_size, kind == BUTTON_PRIMARY ? fg : t->muted,
                        hint);
        ui_label_center(ctx, bottom, FONT_UI_BOLD, t->text_size, fg, label);
    } else {
        ui_label_center(ctx, r, FONT_UI_BOLD, t->text_size, fg, label);
    }
    if (tooltip)
        ui_tooltip(ctx, id, r, tooltip);
    return clicked;
}

float ui_button_width(const UiCtx *ctx, const char *label)
{
    const Theme *t = &ctx->theme;
    return ui_text_width(ctx, FONT_UI_BOLD, t->text_size, label) + 2 * BUTTON_PAD;
}

void ui_tooltip(UiCtx *ctx, uint64_t id, Rect r, const char *text)
{
    if (!ui_mouse_in(ctx, r) || ctx->blocked) {
        if (ctx->hover_id == id)
            ctx->hover_id = 0;
        return;
    }
    if (ctx->hover_id != id) {
        ctx->hover_id = id;
        ctx->hover_since_ms = ctx->now_ms;
    }
    int64_t show_at = ctx->hover_since_ms + TOOLTIP_DELAY_MS;
    if (ctx->now_ms >= show_at && !ctx->mouse_down) {
        snprintf(ctx->tooltip, sizeof(ctx->tooltip), "%s", text);
        ctx->tooltip_x = ctx->mouse_x + 12;
        ctx->tooltip_y = ctx->mouse_y + 18;
    } else if (!ctx->next_deadline_ms || show_at < ctx->next_deadline_ms) {
        ctx->next_deadline_ms = show_at;
    }
}

/* ---- scrolling and lists ----------------------------------------------------------- */

static float clamp_offset(float offset, float view_h, float content_h)
{
    float max = content_h > view_h ? content_h - view_h : 0;
    return offset < 0 ? 0 : (offset > max ? max : offset);
}

float ui_scroll_begin(UiCtx *ctx, const char *id, Rect view, float content_h, float *offset)
{
    (void)id;
    const InputEvent *ev = ctx->ev;
    if (ev && ev->type == INPUT_WHEEL && !ctx->blocked && ui_mouse_in(ctx, view)) {
        *offset -= ev->dy * WHEEL_STEP;
        ctx->consumed = true;
    }
    *offset = clamp_offset(*offset, view.h, content_h);
    draw_clip(ctx->dl, view);
    return view.y - *offset;
}

void ui_scroll_end(UiCtx *ctx, Rect view, float content_h, float offset)
{
    draw_unclip(ctx->dl);
    if (content_h <= view.h)
        return;
    float bar_h = view.h * view.h / content_h;
    if (bar_h < 24)
        bar_h = 24;
    float y = view.y + (view.h - bar_h) * (offset / (content_h - view.h));
    draw_rect(ctx->dl, (Rect){view.x + view.w - 5, y, 4, bar_h},
              mix(ctx->theme.background, ctx->theme.text, 0.3f));
}

void ui_scroll_to(float *offset, float view_h, float top, float h)
{
    if (top < *offset)
        *offset = top;
    else if (top + h > *offset + view_h)
        *offset = top + h - view_h;
}

int ui_list(UiCtx *ctx, const char *id, Rect view, int count, float row_h, int *selected,
            float *offset, bool keys)
{
    int activated = -1;
    if (count <= 0) {
        *selected = 0;
        return -1;
    }
    int page = (int)(view.h / row_h);
    if (page < 1)
        page = 1;
    int sel = *selected;
    if (keys && !ctx->blocked) {
        if (ui_key(ctx, KEY_UP, 0, 0))
            sel = sel > 0 ? sel - 1 : count - 1;
        else if (ui_key(ctx, KEY_DOWN, 0, 0))
            sel = sel < count - 1 ? sel + 1 : 0;
        else if (ui_key(ctx, KEY_HOME, 0, 0))
            sel = 0;
        else if (ui_key(ctx, KEY_END, 0, 0))
            sel = count - 1;
        else if (ui_key(ctx, KEY_PAGE_UP, 0, 0))
            sel = sel - page < 0 ? 0 : sel - page;
        else if (ui_key(ctx, KEY_PAGE_DOWN, 0, 0))
            sel = sel + page >= count ? count - 1 : sel + page;
        else if (ui_key(ctx, KEY_ENTER, 0, 0))
            activated = sel;
    }
    if (sel != *selected)
        ui_scroll_to(offset, view.h, (float)sel * row_h, row_h);
    /* Rows take clicks inside the visible part of the view only. */
    if (ui_mouse_in(ctx, view)) {
        int row = (int)((ctx->mouse_y - view.y + *offset) / row_h);
        if (row >= 0 && row < count && clickable(ctx, ui_id_index(id, row), view)) {
            sel = row;
            activated = row;
        }
    }
    *selected = sel < 0 ? 0 : (sel >= count ? count - 1 : sel);
    *offset = clamp_offset(*offset, view.h, (float)count * row_h);
    return activated;
}

/* ---- text fields ------------------------------------------------------------------- */

void text_field_set(TextField *f, const char *text)
{
    snprintf(f->text, sizeof(f->text), "%s", text);
    size_t n = strlen(f->text);
    while (n > 0 && !utf8_validate(f->text, n, NULL))
        f->text[--n] = '\0'; /* never keep half a code point after truncation */
    f->cursor = f->anchor = n;
}

static size_t prev_boundary(const char *s, size_t i)
{
    while (i > 0) {
        i--;
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            break;
    }
    return i;
}

static size_t next_boundary(const char *s, size_t i)
{
    size_t n = strlen(s);
    if (i >= n)
        return n;
    i++;
    while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
        i++;
    return i;
}

static bool delete_selection(TextField *f)
{
    size_t a = f->cursor < f->anchor ? f->cursor : f->anchor;
    size_t b = f->cursor < f->anchor ? f->anchor : f->cursor;
    if (a == b)
        return false;
    memmove(f->text + a, f->text + b, strlen(f->text + b) + 1);
    f->cursor = f->anchor = a;
    return true;
}

static bool insert_text(TextField *f, const char *s)
{
    size_t n = strlen(s);
    if (!n || !utf8_validate(s, n, NULL))
        return false;
    bool changed = delete_selection(f);
    size_t len = strlen(f->text);
    if (len + n >= sizeof(f->text))
        return changed;
    memmove(f->text + f->cursor + n, f->text + f->cursor, len - f->cursor + 1);
    memcpy(f->text + f->cursor, s, n);
    f->cursor += n;
    f->anchor = f->cursor;
    return true;
}

static void move_cursor(TextField *f, size_t to, bool extend)
{
    f->cursor = to;
    if (!extend)
        f->anchor = to;
}

bool text_field_apply(TextField *f, const InputEvent *ev)
{
    if (ev->type == INPUT_TEXT)
        return insert_text(f, ev->text);
    if (ev->type != INPUT_KEY)
        return false;
    bool shift = ev->mods & MOD_SHIFT;
    size_t len = strlen(f->text);
    switch (ev->key) {
    case KEY_BACKSPACE:
        if (delete_selection(f))
            return true;
        if (f->cursor == 0)
            return false;
        f->anchor = prev_boundary(f->text, f->cursor);
        return delete_selection(f);
    case KEY_DELETE:
        if (delete_selection(f))
            return true;
        if (f->cursor >= len)
            return false;
        f->anchor = next_boundary(f->text, f->cursor);
        return delete_selection(f);
    case KEY_LEFT:
        if (!shift && f->cursor != f->anchor)
            move_cursor(f, f->cursor < f->anchor ? f->cursor : f->anchor, false);
        else
            move_cursor(f, prev_boundary(f->text, f->cursor), shift);
        return false;
    case KEY_RIGHT:
        if (!shift && f->cursor != f->anchor)
            move_cursor(f, f->cursor > f->anchor ? f->cursor : f->anchor, false);
        else
            move_cursor(f, next_boundary(f->text, f->cursor), shift);
        return false;
    case KEY_HOME:
        move_cursor(f, 0, shift);
        return false;
    case KEY_END:
        move_cursor(f, len, shift);
        return false;
    case KEY_CHAR:
        if (ev->ch == 'a' && (ev->mods & MOD_CTRL)) {
            f->anchor = 0;
            f->cursor = len;
        }
        return false;
    default:
        return false;
    }
}

/* Width of the first n bytes of the field's text. */
static float prefix_width(UiCtx *ctx, const TextField *f, size_t n, float size)
{
    char buf[UI_TEXT_MAX];
    memcpy(buf, f->text, n);
    buf[n] = '\0';
    return ui_text_width(ctx, FONT_UI, size, buf);
}

bool ui_text_input(UiCtx *ctx, const char *name, Rect r, TextField *f)
{
    const Theme *t = &ctx->theme;
    uint64_t id = ui_id(name);
    float size = t->text_size, pad = 8;
    if (!ctx->blocked && ctx->pressed && ui_mouse_in(ctx, r)) {
        ctx->focus = id;
        ctx->consumed = true;
        /* place the cursor at the clicked character */
        size_t best = 0, i = 0;
        float x = ctx->mouse_x - (r.x + pad);
        while (i <= strlen(f->text)) {
            if (prefix_width(ctx, f, i, size) <= x + 2)
                best = i;
            if (i == strlen(f->text))
                break;
            i = next_boundary(f->text, i);
        }
        f->cursor = f->anchor = best;
    }
    bool focused = ctx->focus == id;
    bool changed = false;
    if (focused && ctx->ev && !ctx->consumed && !ctx->blocked &&
        (ctx->ev->type == INPUT_TEXT ||
         (ctx->ev->type == INPUT_KEY && ctx->ev->key != KEY_ESCAPE && ctx->ev->key != KEY_ENTER &&
          ctx->ev->key != KEY_TAB && (ctx->ev->key != KEY_CHAR || (ctx->ev->mods & MOD_CTRL))))) {
        changed = text_field_apply(f, ctx->ev);
        ctx->consumed = true;
    }
    draw_rect(ctx->dl, r, focused ? t->accent : mix(t->panel, t->text, 0.25f));
    draw_rect(ctx->dl, (Rect){r.x + 1, r.y + 1, r.w - 2, r.h - 2}, t->panel);
    float ty = r.y + (r.h - size) / 2 - 1;
    draw_clip(ctx->dl, (Rect){r.x + 2, r.y + 2, r.w - 4, r.h - 4});
    if (focused && f->cursor != f->anchor) {
        size_t a = f->cursor < f->anchor ? f->cursor : f->anchor;
        size_t b = f->cursor < f->anchor ? f->anchor : f->cursor;
        float xa = prefix_width(ctx, f, a, size), xb = prefix_width(ctx, f, b, size);
        draw_rect(ctx->dl, (Rect){r.x + pad + xa, ty, xb - xa, size + 4}, t->selection);
    }
    draw_text(ctx->dl, r.x + pad, ty, FONT_UI, size, t->text, f->text);
    if (focused) {
        float xc = prefix_width(ctx, f, f->cursor, size);
        draw_rect(ctx->dl, (Rect){r.x + pad + xc, ty, 1.5f, size + 4}, t->text);
    }
    draw_unclip(ctx->dl);
    return changed;
}

/* ---- modal ------------------------------------------------------------------------- */

void ui_block(UiCtx *ctx, bool blocked)
{
    ctx->blocked = blocked;
}

Rect ui_modal(UiCtx *ctx, const char *title, float w, float h)
{
    const Theme *t = &ctx->theme;
    ctx->blocked = false;
    Color dim = t->text;
    dim.a = 90;
    draw_rect(ctx->dl, (Rect){0, 0, ctx->width, ctx->height}, dim);
    if (w > ctx->width - 40)
        w = ctx->width - 40;
    if (h > ctx->height - 40)
        h = ctx->height - 40;
    Rect panel = {(ctx->width - w) / 2, (ctx->height - h) / 2, w, h};
    draw_rect(ctx->dl, panel, t->panel);
    draw_text(ctx->dl, panel.x + 24, panel.y + 20, FONT_UI_BOLD, t->text_size + 2, t->text, title);
    return (Rect){panel.x + 24, panel.y + 56, w - 48, h - 80};
}

/* ---- text areas -------------------------------------------------------------------- */

void text_area_set(TextArea *a, const char *text)
{
    size_t n = strlen(text);
    if (n > UI_TEXT_AREA_MAX)
        n = UI_TEXT_AREA_MAX;
    while (n > 0 && !utf8_validate(text, n, NULL))
        n--;
    if (n + 1 > a->cap) {
        a->cap = n + 64;
        a->text = xrealloc(a->text, a->cap);
    }
    memcpy(a->text, text, n);
    a->text[n] = '\0';
    a->len = n;
    a->cursor = a->anchor = n;
    a->scroll = 0;
}

void text_area_free(TextArea *a)
{
    free(a->text);
    memset(a, 0, sizeof(*a));
}

const char *text_area_text(const TextArea *a)
{
    return a->text ? a->text : "";
}

static bool area_delete_selection(TextArea *a)
{
    size_t lo = a->cursor < a->anchor ? a->cursor : a->anchor;
    size_t hi = a->cursor < a->anchor ? a->anchor : a->cursor;
    if (lo == hi)
        return false;
    memmove(a->text + lo, a->text + hi, a->len - hi + 1);
    a->len -= hi - lo;
    a->cursor = a->anchor = lo;
    return true;
}

static bool area_insert(TextArea *a, const char *s)
{
    size_t n = strlen(s);
    if (!n || !utf8_validate(s, n, NULL))
        return false;
    if (!a->text)
        text_area_set(a, "");
    bool changed = area_delete_selection(a);
    if (a->len + n > UI_TEXT_AREA_MAX)
        return changed;
    if (a->len + n + 1 > a->cap) {
        a->cap = (a->len + n + 1) * 2;
        a->text = xrealloc(a->text, a->cap);
    }
    memmove(a->text + a->cursor + n, a->text + a->cursor, a->len - a->cursor + 1);
    memcpy(a->text + a->cursor, s, n);
    a->len += n;
    a->cursor += n;
    a->anchor = a->cursor;
    return true;
}

static size_t line_start(const char *s, size_t i)
{
    while (i > 0 && s[i - 1] != '\n')
        i--;
    return i;
}

static size_t line_end(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] != '\n')
        i++;
    return i;
}

/* Moves to the previous or next logical line, keeping the column in code points. */
static size_t vertical(const TextArea *a, int dir)
{
    const char *s = a->text;
    size_t start = line_start(s, a->cursor);
    size_t col = utf8_length(s + start, a->cursor - start);
    size_t target;
    if (dir < 0) {
        if (start == 0)
            return 0;
        target = line_start(s, start - 1);
    } else {
        size_t end = line_end(s, a->len, a->cursor);
        if (end >= a->len)
            return a->len;
        target = end + 1;
    }
    size_t end = line_end(s, a->len, target), i = target;
    while (col-- > 0 && i < end)
        i = next_boundary(s, i);
    return i;
}

bool text_area_apply(TextArea *a, const InputEvent *ev)
{
    if (!a->text)
        text_area_set(a, "");
    if (ev->type == INPUT_TEXT)
        return area_insert(a, ev->text);
    if (ev->type != INPUT_KEY)
        return false;
    bool shift = ev->mods & MOD_SHIFT;
    size_t to = a->cursor;
    switch (ev->key) {
    case KEY_ENTER:
        return area_insert(a, "\n");
    case KEY_BACKSPACE:
        if (area_delete_selection(a))
            return true;
        if (a->cursor == 0)
            return false;
        a->anchor = prev_boundary(a->text, a->cursor);
        return area_delete_selection(a);
    case KEY_DELETE:
        if (area_delete_selection(a))
            return true;
        if (a->cursor >= a->len)
            return false;
        a->anchor = next_boundary(a->text, a->cursor);
        return area_delete_selection(a);
    case KEY_LEFT:
        to = prev_boundary(a->text, a->cursor);
        break;
    case KEY_RIGHT:
        to = next_boundary(a->text, a->cursor);
        break;
    case KEY_UP:
        to = vertical(a, -1);
        break;
    case KEY_DOWN:
        to = vertical(a, 1);
        break;
    case KEY_HOME:
        to = line_start(a->text, a->cursor);
        break;
    case KEY_END:
        to = line_end(a->text, a->len, a->cursor);
        break;
    case KEY_CHAR:
        if (ev->ch == 'a' && (ev->mods & MOD_CTRL)) {
            a->anchor = 0;
            a->cursor = a->len;
        }
        return false;
    default:
        return false;
    }
    a->cursor = to;
    if (!shift)
        a->anchor = to;
    return false;
}

/* A visual line: text[start, end) drawn at row `row`. */
typedef struct VisualLine {
    size_t start, end;
} VisualLine;

/* Wraps the text at spaces to `width`; a word wider than the line breaks between code
 * points. Returns the number of lines written to out (at most max). */
static size_t wrap_lines(UiCtx *ctx, const char *s, size_t len, float width, float size,
                         VisualLine *out, size_t max)
{
    size_t n = 0, i = 0;
    char buf[1024];
    while (i <= len && n < max) {
        size_t end = line_end(s, len, i), start = i, fit = i;
        /* grow the line word by word, then code point by code point */
        while (fit < end) {
            size_t next = fit;
            while (next < end && s[next] == ' ')
                next++;
            while (next < end && s[next] != ' ')
                next = next_boundary(s, next);
            size_t w = next - start < sizeof(buf) - 1 ? next - start : sizeof(buf) - 1;
            memcpy(buf, s + start, w);
            buf[w] = '\0';
            if (ui_text_width(ctx, FONT_UI, size, buf) > width && fit > start)
                break;
            if (ui_text_width(ctx, FONT_UI, size, buf) > width) {
                /* one long word: take as many code points as fit, at least one */
                next = next_boundary(s, fit);
                while (next < end) {
                    size_t k = next_boundary(s, next);
                    w = k - start < sizeof(buf) - 1 ? k - start : sizeof(buf) - 1;
                    memcpy(buf, s + start, w);
                    buf[w] = '\0';
                    if (ui_text_width(ctx, FONT_UI, size, buf) > width)
                        break;
                    next = k;
                }
                fit = next;
                break;
            }
            fit = next;
        }
        out[n++] = (VisualLine){start, fit};
        if (fit >= end) {
            if (end >= len)
                break;
            i = end + 1;
        } else {
            i = fit;
            while (i < end && s[i] == ' ')
                i++;
        }
    }
    return n;
}

static float width_of(UiCtx *ctx, const char *s, size_t from, size_t to, float size)
{
    char buf[1024];
    size_t n = to - from < sizeof(buf) - 1 ? to - from : sizeof(buf) - 1;
    memcpy(buf, s + from, n);
    buf[n] = '\0';
    return ui_text_width(ctx, FONT_UI, size, buf);
}

bool ui_text_area(UiCtx *ctx, const char *name, Rect r, TextArea *a)
{
    const Theme *t = &ctx->theme;
    uint64_t id = ui_id(name);
    float size = t->text_size, pad = 8, line_h = size + 6;
    if (!a->text)
        text_area_set(a, "");
    if (!ctx->blocked && ctx->pressed && ui_mouse_in(ctx, r)) {
        ctx->focus = id;
        ctx->consumed = true;
    }
    bool focused = ctx->focus == id, changed = false;
    const InputEvent *ev = ctx->ev;
    if (focused && ev && !ctx->consumed && !ctx->blocked &&
        (ev->type == INPUT_TEXT ||
         (ev->type == INPUT_KEY && ev->key != KEY_ESCAPE && ev->key != KEY_TAB &&
          !(ev->key == KEY_ENTER && (ev->mods & MOD_CTRL)) &&
          (ev->key != KEY_CHAR || (ev->mods & MOD_CTRL))))) {
        changed = text_area_apply(a, ev);
        ctx->consumed = true;
    }
    enum { MAX_LINES = 2048 };
    static VisualLine lines[MAX_LINES];
    size_t n = wrap_lines(ctx, a->text, a->len, r.w - 2 * pad, size, lines, MAX_LINES);
    /* keep the caret's line in view */
    size_t caret_line = 0;
    for (size_t i = 0; i < n; i++)
        if (a->cursor >= lines[i].start)
            caret_line = i;
    float view_h = r.h - 2 * pad;
    if (focused)
        ui_scroll_to(&a->scroll, view_h, (float)caret_line * line_h, line_h);
    if (!ctx->blocked && ev && ev->type == INPUT_WHEEL && ui_mouse_in(ctx, r)) {
        a->scroll -= ev->dy * 48;
        ctx->consumed = true;
    }
    float max = (float)n * line_h - view_h;
    a->scroll = a->scroll > max ? max : a->scroll;
    a->scroll = a->scroll < 0 ? 0 : a->scroll;

    draw_rect(ctx->dl, r, focused ? t->accent : mix(t->panel, t->text, 0.25f));
    draw_rect(ctx->dl, (Rect){r.x + 1, r.y + 1, r.w - 2, r.h - 2}, t->panel);
    draw_clip(ctx->dl, (Rect){r.x + 2, r.y + 2, r.w - 4, r.h - 4});
    size_t lo = a->cursor < a->anchor ? a->cursor : a->anchor;
    size_t hi = a->cursor < a->anchor ? a->anchor : a->cursor;
    for (size_t i = 0; i < n; i++) {
        float y = r.y + pad + (float)i * line_h - a->scroll;
        if (y + line_h < r.y || y > r.y + r.h)
            continue;
        const VisualLine *l = &lines[i];
        if (focused && hi > lo && hi > l->start && lo <= l->end) {
            size_t s0 = lo > l->start ? lo : l->start, s1 = hi < l->end ? hi : l->end;
            float x0 = width_of(ctx, a->text, l->start, s0, size);
            float x1 = width_of(ctx, a->text, l->start, s1, size);
            draw_rect(ctx->dl, (Rect){r.x + pad + x0, y, x1 - x0 + 4, line_h}, t->selection);
        }
        char buf[1024];
        size_t len = l->end - l->start < sizeof(buf) - 1 ? l->end - l->start : sizeof(buf) - 1;
        memcpy(buf, a->text + l->start, len);
        buf[len] = '\0';
        draw_text(ctx->dl, r.x + pad, y + 2, FONT_UI, size, t->text, buf);
        if (focused && i == caret_line) {
            float xc = width_of(ctx, a->text, l->start, a->cursor, size);
            draw_rect(ctx->dl, (Rect){r.x + pad + xc, y + 1, 1.5f, line_h - 2}, t->text);
        }
    }
    draw_unclip(ctx->dl);
    return changed;
}
