/*
 * test_ui_widgets.c: the immediate-mode widgets (ui/ui) driven by scripted events:
 * buttons click only on press and release inside, lists follow the keyboard and the
 * mouse, text fields edit UTF-8 by code point with selection, modals block what is
 * under them, tooltips wait before showing, rows lay out cells, labels fit their room.
 */
#include "test_support.h"

#include "core/str.h"
#include "ui/ui.h"

static float fake_measure(void *user, FontId font, float size, const char *text)
{
    (void)user, (void)font, (void)size;
    return 8.0f * (float)strlen(text);
}

static UiCtx ctx;
static DrawList dl;

static int setup(void **state)
{
    (void)state;
    Theme t = theme_light();
    ui_init(&ctx, &t, fake_measure, NULL);
    memset(&dl, 0, sizeof(dl));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    draw_free(&dl);
    return 0;
}

static InputEvent mouse(InputType type, float x, float y)
{
    return (InputEvent){.type = type, .x = x, .y = y, .button = 1};
}

static InputEvent key(Key k, int mods)
{
    return (InputEvent){.type = INPUT_KEY, .key = k, .mods = mods};
}

/* One frame with one button at (10, 10, 100, 40); returns whether it was clicked. */
static bool button_frame(const InputEvent *ev, int64_t now)
{
    ui_begin(&ctx, &dl, 800, 600, ev, now);
    bool clicked =
        ui_button(&ctx, "ok", (Rect){10, 10, 100, 40}, "OK", NULL, BUTTON_PRIMARY, "Confirm");
    ui_end(&ctx);
    return clicked;
}

static void test_button_clicks_on_release_inside_only(void **state)
{
    (void)state;
    InputEvent down = mouse(INPUT_MOUSE_DOWN, 50, 30), up = mouse(INPUT_MOUSE_UP, 60, 30);
    assert_false(button_frame(&down, 0));
    assert_true(button_frame(&up, 10));
    /* pressed inside, released outside: no click */
    InputEvent away = mouse(INPUT_MOUSE_UP, 500, 500);
    assert_false(button_frame(&down, 20));
    assert_false(button_frame(&away, 30));
    /* pressed outside, released inside: no click */
    InputEvent down_out = mouse(INPUT_MOUSE_DOWN, 500, 500);
    assert_false(button_frame(&down_out, 40));
    assert_false(button_frame(&up, 50));
}

static bool has_text(const char *s)
{
    for (size_t i = 0; i < dl.count; i++)
        if (dl.cmds[i].kind == DRAW_TEXT && strcmp(draw_cmd_text(&dl, &dl.cmds[i]), s) == 0)
            return true;
    return false;
}

static void test_tooltip_waits_then_shows(void **state)
{
    (void)state;
    InputEvent move = mouse(INPUT_MOUSE_MOVE, 50, 30);
    button_frame(&move, 1000);
    assert_false(has_text("Confirm"));
    assert_int_equal(ctx.next_deadline_ms, 1600); /* the platform wakes us then */
    button_frame(NULL, 1300);
    assert_false(has_text("Confirm"));
    button_frame(NULL, 1600);
    assert_true(has_text("Confirm"));
    InputEvent leave = mouse(INPUT_MOUSE_MOVE, 400, 400);
    button_frame(&leave, 1700);
    assert_false(has_text("Confirm"));
}

static int list_frame(const InputEvent *ev, int *sel, float *off)
{
    ui_begin(&ctx, &dl, 800, 600, ev, 0);
    int a = ui_list(&ctx, "decks", (Rect){0, 100, 400, 100}, 10, 20, sel, off, true);
    ui_end(&ctx);
    return a;
}

static void test_list_keyboard_and_mouse(void **state)
{
    (void)state;
    int sel = 0;
    float off = 0;
    InputEvent down = key(KEY_DOWN, 0), end = key(KEY_END, 0), enter = key(KEY_ENTER, 0);
    assert_int_equal(list_frame(&down, &sel, &off), -1);
    assert_int_equal(sel, 1);
    list_frame(&end, &sel, &off);
    assert_int_equal(sel, 9);
    assert_float_equal(off, 100, 0.01); /* scrolled so row 9 (180..200) is visible */
    assert_int_equal(list_frame(&enter, &sel, &off), 9);
    InputEvent up = key(KEY_UP, 0);
    list_frame(&up, &sel, &off);
    assert_int_equal(sel, 8);
    /* a click on the second visible row (row 6 with offset 100) activates it */
    InputEvent press = mouse(INPUT_MOUSE_DOWN, 50, 125), release = mouse(INPUT_MOUSE_UP, 50, 125);
    assert_int_equal(list_frame(&press, &sel, &off), -1);
    assert_int_equal(list_frame(&release, &sel, &off), 6);
    assert_int_equal(sel, 6);
}

static void apply_text(TextField *f, const char *s)
{
    InputEvent ev = {.type = INPUT_TEXT};
    snprintf(ev.text, sizeof(ev.text), "%s", s);
    text_field_apply(f, &ev);
}

static void test_text_field_edits_by_code_point(void **state)
{
    (void)state;
    TextField f;
    text_field_set(&f, "caf");
    apply_text(&f, "\xc3\xa9"); /* é */
    assert_string_equal(f.text, "caf\xc3\xa9");
    InputEvent left = key(KEY_LEFT, 0), bs = key(KEY_BACKSPACE, 0), del = key(KEY_DELETE, 0);
    text_field_apply(&f, &left);
    assert_int_equal(f.cursor, 3); /* before é, not inside it */
    text_field_apply(&f, &del);
    assert_string_equal(f.text, "caf");
    apply_text(&f, "\xf0\x9f\x98\x80"); /* an emoji */
    text_field_apply(&f, &bs);
    assert_string_equal(f.text, "caf");
    /* shift-selection then typing replaces it */
    InputEvent home_shift = key(KEY_HOME, MOD_SHIFT);
    text_field_apply(&f, &home_shift);
    apply_text(&f, "tea");
    assert_string_equal(f.text, "tea");
    /* Ctrl+A then Backspace clears */
    InputEvent all = {.type = INPUT_KEY, .key = KEY_CHAR, .ch = 'a', .mods = MOD_CTRL};
    text_field_apply(&f, &all);
    assert_true(text_field_apply(&f, &bs));
    assert_string_equal(f.text, "");
    /* invalid UTF-8 is never inserted */
    apply_text(&f, "\xff");
    assert_string_equal(f.text, "");
    /* truncation never leaves half a code point */
    char long_text[400];
    memset(long_text, 'x', sizeof(long_text));
    strcpy(long_text + UI_TEXT_MAX - 2, "\xc3\xa9");
    text_field_set(&f, long_text);
    assert_true(strlen(f.text) < UI_TEXT_MAX);
    assert_int_equal((unsigned char)f.text[strlen(f.text) - 1], 'x');
}

static void test_text_input_takes_focus_and_typing(void **state)
{
    (void)state;
    TextField f;
    text_field_set(&f, "");
    InputEvent click = mouse(INPUT_MOUSE_DOWN, 20, 20);
    ui_begin(&ctx, &dl, 800, 600, &click, 0);
    ui_text_input(&ctx, "name", (Rect){10, 10, 200, 30}, &f);
    ui_end(&ctx);
    InputEvent typed = {.type = INPUT_TEXT, .text = "hi"};
    ui_begin(&ctx, &dl, 800, 600, &typed, 0);
    assert_true(ui_text_input(&ctx, "name", (Rect){10, 10, 200, 30}, &f));
    ui_end(&ctx);
    assert_string_equal(f.text, "hi");
    assert_true(ctx.consumed);
}

static void area_type(TextArea *a, const char *s)
{
    InputEvent ev = {.type = INPUT_TEXT};
    snprintf(ev.text, sizeof(ev.text), "%s", s);
    text_area_apply(a, &ev);
}

static void test_text_area_edits_lines(void **state)
{
    (void)state;
    TextArea a = {0};
    assert_string_equal(text_area_text(&a), "");
    area_type(&a, "first");
    InputEvent enter = key(KEY_ENTER, 0), up = key(KEY_UP, 0), down = key(KEY_DOWN, 0),
               end = key(KEY_END, 0), home = key(KEY_HOME, 0), bs = key(KEY_BACKSPACE, 0);
    assert_true(text_area_apply(&a, &enter));
    area_type(&a, "s\xc3\xa9"
                  "cond");
    assert_string_equal(text_area_text(&a), "first\ns\xc3\xa9"
                                            "cond");
    text_area_apply(&a, &home);
    assert_int_equal(a.cursor, 6);
    InputEvent right = key(KEY_RIGHT, 0);
    text_area_apply(&a, &right);
    text_area_apply(&a, &right); /* after "s\xc3\xa9": column 2 */
    assert_int_equal(a.cursor, 9);
    text_area_apply(&a, &up); /* same column on the first line */
    assert_int_equal(a.cursor, 2);
    text_area_apply(&a, &down);
    assert_int_equal(a.cursor, 9);
    text_area_apply(&a, &bs); /* removes the whole é */
    assert_string_equal(text_area_text(&a), "first\nscond");
    text_area_apply(&a, &end);
    InputEvent sel = key(KEY_HOME, MOD_SHIFT);
    text_area_apply(&a, &sel);
    area_type(&a, "2nd");
    assert_string_equal(text_area_text(&a), "first\n2nd");
    text_area_set(&a, "reset");
    assert_int_equal(a.cursor, 5);
    text_area_free(&a);
    assert_null(a.text);
}

static void test_text_area_wraps_and_takes_focus(void **state)
{
    (void)state;
    TextArea a = {0};
    text_area_set(&a, "one two three four five six seven eight nine ten");
    /* 8 px a character, 120 px wide less 16 px padding: 13 characters a line */
    InputEvent click = mouse(INPUT_MOUSE_DOWN, 20, 20);
    ui_begin(&ctx, &dl, 800, 600, &click, 0);
    ui_text_area(&ctx, "notes", (Rect){10, 10, 120, 300}, &a);
    ui_end(&ctx);
    int lines = 0;
    for (size_t i = 0; i < dl.count; i++)
        if (dl.cmds[i].kind == DRAW_TEXT) {
            lines++;
            assert_true(strlen(draw_cmd_text(&dl, &dl.cmds[i])) <= 13);
        }
    assert_int_equal(lines, 4); /* one two three | four five six | seven eight | nine ten */
    InputEvent typed = {.type = INPUT_TEXT, .text = "!"};
    ui_begin(&ctx, &dl, 800, 600, &typed, 0);
    assert_true(ui_text_area(&ctx, "notes", (Rect){10, 10, 120, 300}, &a));
    ui_end(&ctx);
    assert_true(str_ends_with(text_area_text(&a), "ten!"));
    text_area_free(&a);
}

static void test_modal_blocks_widgets_under_it(void **state)
{
    (void)state;
    InputEvent down = mouse(INPUT_MOUSE_DOWN, 50, 30), up = mouse(INPUT_MOUSE_UP, 50, 30);
    bool clicked = false;
    for (int i = 0; i < 2; i++) {
        ui_begin(&ctx, &dl, 800, 600, i ? &up : &down, 0);
        ui_block(&ctx, true);
        clicked |=
            ui_button(&ctx, "under", (Rect){10, 10, 100, 40}, "Under", NULL, BUTTON_NORMAL, NULL);
        Rect content = ui_modal(&ctx, "Settings", 300, 200);
        assert_true(content.w > 0);
        ui_end(&ctx);
    }
    assert_false(clicked);
    assert_true(has_text("Settings"));
}

static void assert_rect(Rect r, float x, float y, float w, float h)
{
    assert_float_equal(r.x, x, 0.001);
    assert_float_equal(r.y, y, 0.001);
    assert_float_equal(r.w, w, 0.001);
    assert_float_equal(r.h, h, 0.001);
}

static void test_rows_place_cells_with_gaps(void **state)
{
    (void)state;
    /* left to right: no gap before the first cell */
    UiRow row = ui_row(10, 20, 30, 8);
    assert_float_equal(ui_row_edge(&row), 10, 0.001);
    assert_float_equal(ui_row_room(&row, 110), 100, 0.001);
    assert_rect(ui_row_next(&row, 80), 10, 20, 80, 30);
    assert_rect(ui_row_next(&row, 40), 98, 20, 40, 30);
    assert_float_equal(ui_row_edge(&row), 138, 0.001);
    assert_float_equal(ui_row_room(&row, 200), 54, 0.001); /* 200 - 138 - the gap */
    assert_float_equal(ui_row_room(&row, 140), 0, 0.001);  /* less than a gap: none */
    assert_rect(ui_row_next(&row, -5), 146, 20, 0, 30);    /* a negative width is 0 */
    assert_int_equal(row.count, 3);
    /* right to left, from the right edge */
    UiRow right = ui_row_right(500, 4, 20, 18);
    assert_float_equal(ui_row_room(&right, 400), 100, 0.001);
    assert_rect(ui_row_next(&right, 24), 476, 4, 24, 20);
    assert_rect(ui_row_next(&right, 8), 450, 4, 8, 20);
    assert_float_equal(ui_row_edge(&right), 450, 0.001);
    assert_float_equal(ui_row_room(&right, 400), 32, 0.001); /* 450 - 18 - 400 */
    /* what two rows leave between them */
    assert_float_equal(ui_row_edge(&right) - ui_row_edge(&row), 450 - 146, 0.001);
}

static void test_button_width_fits_its_label(void **state)
{
    (void)state;
    float w = ui_button_width(&ctx, "Suspend");
    assert_true(w > fake_measure(NULL, FONT_UI_BOLD, 16, "Suspend"));
    assert_true(ui_button_width(&ctx, "Undo") < w);
}

static void test_label_fit_cuts_with_an_ellipsis_or_draws_nothing(void **state)
{
    (void)state;
    ui_begin(&ctx, &dl, 800, 600, NULL, 0);
    ui_label_fit(&ctx, 0, 0, 200, FONT_UI, 13, ctx.theme.text, "short");
    ui_label_fit(&ctx, 0, 20, 60, FONT_UI, 13, ctx.theme.text, "a longer line of text");
    ui_label_fit(&ctx, 0, 40, 6, FONT_UI, 13, ctx.theme.text, "no room at all");
    ui_label_fit(&ctx, 0, 60, -20, FONT_UI, 13, ctx.theme.text, "negative room");
    ui_end(&ctx);
    assert_true(has_text("short"));
    /* 60 px at 8 px a byte: 4 characters and the 3-byte ellipsis */
    assert_true(has_text("a lo\xe2\x80\xa6"));
    assert_false(has_text("\xe2\x80\xa6")); /* not even the ellipsis fits 6 px */
    assert_int_equal(dl.count, 2);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_button_clicks_on_release_inside_only),
        T(test_tooltip_waits_then_shows),
        T(test_list_keyboard_and_mouse),
        T(test_text_field_edits_by_code_point),
        T(test_text_input_takes_focus_and_typing),
        T(test_modal_blocks_widgets_under_it),
        T(test_text_area_edits_lines),
        T(test_text_area_wraps_and_takes_focus),
        T(test_rows_place_cells_with_gaps),
        T(test_button_width_fits_its_label),
        T(test_label_fit_cuts_with_an_ellipsis_or_draws_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
