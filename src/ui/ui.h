/*
 * ui.h: immediate-mode widgets over a DrawList (in the spirit of microui). A screen calls
 * ui_begin with at most one input event, describes its widgets, and ui_end finishes the
 * frame (tooltip, deadline). Widgets are identified by a string id hashed per frame; the
 * context remembers only which widget is hot, active (pressed) and focused, plus the
 * mouse. No widget keeps state of its own: lists, scroll offsets and text fields live in
 * the caller's structs.
 */
#ifndef ARCHDRILL_UI_H
#define ARCHDRILL_UI_H

#include "ui/draw.h"
#include "ui/input.h"
#include "ui/theme.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The smallest window, in logical pixels, the screens are laid out for: the home screen's
 * row of action buttons (688 px of buttons and gaps, plus the margins) is the widest fixed
 * row. The platform makes it the window's minimum size. */
#define UI_MIN_WIDTH  760
#define UI_MIN_HEIGHT 400

/* Returns the width in logical pixels of `text` drawn in `font` at `size`. */
typedef float (*TextMeasureFn)(void *user, FontId font, float size, const char *text);

typedef struct UiCtx {
    DrawList *dl;
    Theme theme;
    TextMeasureFn measure;
    void *measure_user;
    float width, height;
    int64_t now_ms;
    /* this frame's input */
    const InputEvent *ev; /* NULL when the frame has no event */
    bool pressed, released;
    bool consumed; /* a widget used the event; screens then skip their own handling */
    /* persistent */
    float mouse_x, mouse_y;
    bool mouse_down;
    uint64_t hot, active, focus;
    bool blocked; /* a modal is open: widgets under it ignore input */
    uint64_t hover_id;
    int64_t hover_since_ms;
    char tooltip[256];
    float tooltip_x, tooltip_y;
    int64_t next_deadline_ms; /* when the UI needs a frame without input (0: never) */
} UiCtx;

/* Sets up a context; measure is required. */
void ui_init(UiCtx *ctx, const Theme *theme, TextMeasureFn measure, void *measure_user);

/* Starts a frame of w x h logical pixels with at most one event (may be NULL). */
void ui_begin(UiCtx *ctx, DrawList *dl, float w, float h, const InputEvent *ev, int64_t now_ms);
/* Ends the frame: draws a pending tooltip over everything. */
void ui_end(UiCtx *ctx);

/* Widget ids: hash of a string, optionally with an index (for rows). */
uint64_t ui_id(const char *name);
uint64_t ui_id_index(const char *name, int index);

/* The key event of this frame, or NULL; marks it consumed when `key` (and `ch` for
 * KEY_CHAR, 0 = any) match and the modifiers equal `mods`. */
bool ui_key(UiCtx *ctx, Key key, char ch, int mods);

/* Text helpers. */
float ui_text_width(const UiCtx *ctx, FontId font, float size, const char *text);
void ui_label(UiCtx *ctx, float x, float y, FontId font, float size, Color c, const char *text);
/* Draws text cut to fit `width` with an ellipsis; draws nothing when not even the
 * ellipsis fits. */
void ui_label_fit(UiCtx *ctx, float x, float y, float width, FontId font, float size, Color c,
                  const char *text);
void ui_label_right(UiCtx *ctx, float right, float y, FontId font, float size, Color c,
                    const char *text);
void ui_label_center(UiCtx *ctx, Rect r, FontId font, float size, Color c, const char *text);

bool ui_mouse_in(const UiCtx *ctx, Rect r);

/* Rows: cells placed one after another at y, h high, `gap` apart, left to right from x
 * (ui_row) or right to left from `right` (ui_row_right), so a screen lays out a bar
 * without adding up coordinates by hand:
 *     UiRow row = ui_row(x, y, 30, 8);
 *     Rect back = ui_row_next(&row, 80), undo = ui_row_next(&row, 84);
 *     UiRow counts = ui_row_right(width - margin, y, 30, 18);
 *     float between = ui_row_edge(&counts) - ui_row_edge(&row);
 * A row is a plain value; nothing is drawn and the context is not involved. */
typedef struct UiRow {
    float start; /* where the row began */
    float edge;  /* past the last cell: its right side (left rows) or left side (right rows) */
    float y, h, gap;
    int count;  /* cells placed */
    bool right; /* placed right to left */
} UiRow;

UiRow ui_row(float x, float y, float h, float gap);
UiRow ui_row_right(float right, float y, float h, float gap);
/* The next cell, w wide (negative widths count as 0). */
Rect ui_row_next(UiRow *row, float w);
/* Where the placed cells end: the right side of the last one in a left row, the left side
 * of the last one in a right row; the start while the row is empty. */
float ui_row_edge(const UiRow *row);
/* The widest next cell that does not pass `limit` (an x to the right of a left row, to the
 * left of a right row), counting the gap before it; 0 when there is no room. */
float ui_row_room(const UiRow *row, float limit);

typedef enum ButtonKind { BUTTON_NORMAL, BUTTON_PRIMARY, BUTTON_QUIET } ButtonKind;

/* A button; returns true when clicked (pressed and released inside it). `hint`, when not
 * NULL, is a small line above the label (e.g. the next interval). `tooltip` may be NULL. */
bool ui_button(UiCtx *ctx, const char *id, Rect r, const char *label, const char *hint,
               ButtonKind kind, const char *tooltip);
/* The width of a button that fits `label` with the theme's padding on both sides. */
float ui_button_width(const UiCtx *ctx, const char *label);

/* Shows `text` near the mouse after it rests on r for a moment. */
void ui_tooltip(UiCtx *ctx, uint64_t id, Rect r, const char *text);

/* Vertical scrolling. begin clips to `view` and returns the y to draw content at; end
 * draws the scroll bar. *offset is clamped to [0, content_h - view.h]. */
float ui_scroll_begin(UiCtx *ctx, const char *id, Rect view, float content_h, float *offset);
void ui_scroll_end(UiCtx *ctx, Rect view, float content_h, float offset);
/* Adjusts *offset so that [top, top + h) (content coordinates) is visible. */
void ui_scroll_to(float *offset, float view_h, float top, float h);

/* A list with keyboard selection. Draws nothing itself: call it to handle input, then draw
 * rows. Up/Down/Home/End/PageUp/PageDown move *selected when `keys` is true; a click on a
 * row selects it. Returns the index of a row activated (Enter, or click) or -1. */
int ui_list(UiCtx *ctx, const char *id, Rect view, int count, float row_h, int *selected,
            float *offset, bool keys);

/* A one-line text field with UTF-8 editing and selection. The caller owns the struct. */
#define UI_TEXT_MAX 256
typedef struct TextField {
    char text[UI_TEXT_MAX]; /* NUL-terminated UTF-8 */
    size_t cursor;          /* byte offsets, on code point boundaries */
    size_t anchor;          /* selection is [min(cursor, anchor), max(...)) */
} TextField;

void text_field_set(TextField *f, const char *text);
/* Applies one event (typing, Backspace, Delete, arrows with Shift, Home/End, Ctrl+A).
 * Returns true when the text changed. Pure: no drawing, no focus. */
bool text_field_apply(TextField *f, const InputEvent *ev);

/* Draws a field and, when focused, feeds it this frame's event. A click focuses it.
 * Returns true when the text changed. */
bool ui_text_input(UiCtx *ctx, const char *id, Rect r, TextField *f);

/* A multi-line text area (notes, ADRs) with UTF-8 editing, selection and word wrap. The
 * caller owns the struct; text_area_free releases its text. */
typedef struct TextArea {
    char *text; /* NUL-terminated UTF-8, owned; NULL until set or typed into */
    size_t len, cap;
    size_t cursor, anchor; /* byte offsets on code point boundaries */
    float scroll;
} TextArea;

#define UI_TEXT_AREA_MAX (64 * 1024) /* bytes; typing stops there */

void text_area_set(TextArea *a, const char *text);
void text_area_free(TextArea *a);
/* The text, "" when empty. */
const char *text_area_text(const TextArea *a);
/* Applies one event (typing, Enter, Backspace, Delete, arrows by code point and line,
 * Home/End of the line, Shift to select, Ctrl+A). Returns true when the text changed. */
bool text_area_apply(TextArea *a, const InputEvent *ev);
/* Draws the area with wrapped lines and, when focused, feeds it this frame's event. A
 * click focuses it. Returns true when the text changed. */
bool ui_text_area(UiCtx *ctx, const char *id, Rect r, TextArea *a);

/* A modal dialog: dims the screen, draws a panel of w x h with a title, and returns the
 * content rectangle. Draw the modal after the screen under it; while it is open call
 * ui_block(ctx, true) before drawing what is under it. */
Rect ui_modal(UiCtx *ctx, const char *title, float w, float h);
void ui_block(UiCtx *ctx, bool blocked);

#endif
