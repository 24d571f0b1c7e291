/*
 * test_ui_board.c: the whiteboard screens without a display: the board list, then tools
 * driven by scripted mouse gestures and keys, checked in the store (every finished edit is
 * saved at once) and in the DrawList; export and import through the export dialog and the
 * list's import dialog.
 */
#include "test_support.h"

#include "core/files.h"
#include "core/store.h"
#include "core/store_board.h"
#include "core/store_sync.h"
#include "core/str.h"
#include "io/excalidraw.h"
#include "ui/app.h"

#include <math.h>
#include <unistd.h>

#define T0 1716084840000LL /* 2024-05-19 02:14 UTC */
#define W  1000.0f
#define H  700.0f
/* A new, empty board shows board point (0, 0) at the centre of the canvas, which fills the
 * window under a 44-pixel bar: screen (500, 372). */
#define CX 500.0f
#define CY 372.0f

static float fake_measure(void *user, FontId font, float size, const char *text)
{
    (void)user, (void)font;
    return size * 0.5f * (float)strlen(text);
}

typedef struct PngLog {
    int calls, w, h;
    size_t triangles;
    char path[512];
} PngLog;

static bool fake_png(void *user, const DrawList *dl, int w, int h, const char *path, char *err,
                     size_t err_cap)
{
    (void)err, (void)err_cap;
    PngLog *log = user;
    log->calls++;
    log->w = w, log->h = h;
    log->triangles = 0;
    for (size_t i = 0; i < dl->count; i++)
        if (dl->cmds[i].kind == DRAW_TRIANGLES)
            log->triangles++;
    snprintf(log->path, sizeof(log->path), "%s", path);
    return true;
}

static char db_path[256];
static Store *store;
static App *app;
static DrawList dl;
static PngLog png;
static int64_t now;

static void start(void)
{
    AppConfig cfg = {.store = store,
                     .host = {.user = &png, .measure = fake_measure, .export_png = fake_png},
                     .theme = theme_light(),
                     .day_rule = DAY_RULE_UTC};
    app = app_create(&cfg, now);
    assert_true(app_frame(app, NULL, W, H, now, &dl));
}

static int setup(void **state)
{
    (void)state;
    snprintf(db_path, sizeof(db_path), "/tmp/archdrill-test-board-%d.db", (int)getpid());
    unlink(db_path);
    ErrInfo err;
    assert_int_equal(store_open(db_path, &store, &err), ERR_OK);
    memset(&dl, 0, sizeof(dl));
    memset(&png, 0, sizeof(png));
    now = T0;
    start();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    app_destroy(app);
    app = NULL;
    draw_free(&dl);
    store_close(store);
    char side[300];
    unlink(db_path);
    snprintf(side, sizeof(side), "%s-wal", db_path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", db_path);
    unlink(side);
    return 0;
}

static void frame_after(const InputEvent *ev, int64_t ms)
{
    now += ms;
    assert_true(app_frame(app, ev, W, H, now, &dl));
}

static void key(Key k, char ch, int mods)
{
    InputEvent ev = {.type = INPUT_KEY, .key = k, .ch = ch, .mods = mods};
    frame_after(&ev, 300);
}

static void press(char ch)
{
    key(KEY_CHAR, ch, 0);
}

static void type(const char *s)
{
    InputEvent ev = {.type = INPUT_TEXT};
    snprintf(ev.text, sizeof(ev.text), "%s", s);
    frame_after(&ev, 100);
}

static void mouse(InputType type, float x, float y, int button, int mods)
{
    InputEvent ev = {.type = type, .x = x, .y = y, .button = button, .mods = mods};
    frame_after(&ev, 16);
}

/* A left-button drag in `steps` moves, as a hand makes it. */
static void drag_mods(float x0, float y0, float x1, float y1, int mods)
{
    mouse(INPUT_MOUSE_MOVE, x0, y0, 0, mods);
    mouse(INPUT_MOUSE_DOWN, x0, y0, 1, mods);
    for (int i = 1; i <= 8; i++)
        mouse(INPUT_MOUSE_MOVE, x0 + (x1 - x0) * (float)i / 8, y0 + (y1 - y0) * (float)i / 8, 0,
              mods);
    mouse(INPUT_MOUSE_UP, x1, y1, 1, mods);
}

static void drag(float x0, float y0, float x1, float y1)
{
    drag_mods(x0, y0, x1, y1, 0);
}

static void click(float x, float y)
{
    mouse(INPUT_MOUSE_MOVE, x, y, 0, 0);
    mouse(INPUT_MOUSE_DOWN, x, y, 1, 0);
    mouse(INPUT_MOUSE_UP, x, y, 1, 0);
    now += 600; /* not a double click with the next one */
}

static const DrawCmd *find_text(const char *s)
{
    for (size_t i = 0; i < dl.count; i++)
        if (dl.cmds[i].kind == DRAW_TEXT && strstr(draw_cmd_text(&dl, &dl.cmds[i]), s))
            return &dl.cmds[i];
    return NULL;
}

static size_t count_kind(DrawKind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < dl.count; i++)
        n += dl.cmds[i].kind == kind;
    return n;
}

/* The only board in the store, as saved. */
static int64_t the_board_id(void)
{
    BoardInfo *list = NULL;
    size_t n = 0;
    assert_int_equal(store_board_list(store, false, &list, &n), ERR_OK);
    assert_int_equal(n, 1);
    int64_t id = list[0].id;
    store_board_list_free(list, n);
    return id;
}

static Board *saved_board(void)
{
    Board *b = NULL;
    assert_int_equal(store_board_load(store, the_board_id(), &b), ERR_OK);
    return b;
}

static size_t saved_count(BoardKind kind)
{
    Board *b = saved_board();
    size_t n = 0;
    for (size_t i = 0; i < board_count(b); i++)
        n += board_at(b, i)->kind == kind;
    board_free(b);
    return n;
}

static void open_new_board(void)
{
    press('w');
    assert_int_equal(app_screen(app), APP_BOARDS);
    assert_non_null(find_text("New board"));
    press('n');
    assert_int_equal(app_screen(app), APP_BOARD);
    assert_non_null(find_text("Sketch 2024-05-19"));
}

static void test_list_new_board_and_back(void **state)
{
    (void)state;
    open_new_board();
    assert_non_null(find_text("Rect"));
    assert_non_null(find_text("Stencil"));
    key(KEY_ESCAPE, 0, 0);
    assert_int_equal(app_screen(app), APP_BOARDS);
    assert_non_null(find_text("Sketch 2024-05-19"));
    assert_non_null(find_text("0 elements"));
    key(KEY_ESCAPE, 0, 0);
    assert_int_equal(app_screen(app), APP_HOME);
}

static void test_rectangle_is_drawn_and_saved_at_once(void **state)
{
    (void)state;
    open_new_board();
    press('r');
    drag(CX, CY, CX + 160, CY + 100);
    /* saved when the gesture ended, before the board is closed */
    Board *b = saved_board();
    assert_int_equal(board_count(b), 1);
    const BoardElement *el = board_at(b, 0);
    assert_int_equal(el->kind, BOARD_RECT);
    assert_true(fabs(el->x) < 0.01 && fabs(el->y) < 0.01);
    assert_true(fabs(el->w - 160) < 0.01 && fabs(el->h - 100) < 0.01);
    board_free(b);
    assert_true(count_kind(DRAW_TRIANGLES) >= 1);
    assert_non_null(find_text("1 element"));
    /* the tool went back to Select, as in Excalidraw: a drag now moves the shape */
    drag(CX + 80, CY + 50, CX + 120, CY + 70);
    b = saved_board();
    assert_true(fabs(board_at(b, 0)->x - 40) < 0.01 && fabs(board_at(b, 0)->y - 20) < 0.01);
    board_free(b);
}

static void test_undo_redo_are_saved(void **state)
{
    (void)state;
    open_new_board();
    press('o');
    drag(CX, CY, CX + 100, CY + 100);
    press('d');
    drag(CX + 200, CY, CX + 300, CY + 100);
    assert_int_equal(saved_count(BOARD_ELLIPSE), 1);
    assert_int_equal(saved_count(BOARD_DIAMOND), 1);
    key(KEY_CHAR, 'z', MOD_CTRL);
    assert_int_equal(saved_count(BOARD_DIAMOND), 0);
    key(KEY_CHAR, 'z', MOD_CTRL);
    assert_int_equal(saved_count(BOARD_ELLIPSE), 0);
    key(KEY_CHAR, 'z', MOD_CTRL | MOD_SHIFT);
    assert_int_equal(saved_count(BOARD_ELLIPSE), 1);
    key(KEY_CHAR, 'y', MOD_CTRL);
    assert_int_equal(saved_count(BOARD_DIAMOND), 1);
}

static void test_arrow_binds_and_follows(void **state)
{
    (void)state;
    open_new_board();
    press('r');
    drag(CX - 300, CY - 50, CX - 200, CY + 50);
    press('r');
    drag(CX + 100, CY - 50, CX + 200, CY + 50);
    press('a');
    drag(CX - 250, CY, CX + 150, CY);
    Board *b = saved_board();
    const BoardElement *arrow = NULL;
    for (size_t i = 0; i < board_count(b); i++)
        if (board_at(b, i)->kind == BOARD_ARROW)
            arrow = board_at(b, i);
    assert_non_null(arrow);
    assert_true(arrow->start.id > 0 && arrow->end.id > 0);
    /* seated on the outlines: from the right edge of one to the left edge of the other */
    assert_true(fabs(arrow->x - -200) < 0.5);
    assert_true(fabs(arrow->x + arrow->w - 100) < 0.5);
    board_free(b);
    /* moving the second shape drags the arrow's end along */
    press('v');
    key(KEY_ESCAPE, 0, 0);
    drag(CX + 200, CY + 10, CX + 200, CY + 110);
    b = saved_board();
    for (size_t i = 0; i < board_count(b); i++)
        if (board_at(b, i)->kind == BOARD_ARROW)
            arrow = board_at(b, i);
    assert_true(arrow->y + arrow->h > 90);
    board_free(b);
}

static void test_pen_stroke(void **state)
{
    (void)state;
    open_new_board();
    press('p');
    mouse(INPUT_MOUSE_DOWN, CX, CY, 1, 0);
    for (int i = 1; i <= 30; i++)
        mouse(INPUT_MOUSE_MOVE, CX + (float)i * 6, CY + (float)(i % 5) * 8, 0, 0);
    /* the stroke in progress is drawn, not saved */
    assert_true(count_kind(DRAW_TRIANGLES) >= 1);
    assert_int_equal(saved_count(BOARD_FREEHAND), 0);
    mouse(INPUT_MOUSE_UP, CX + 186, CY, 1, 0);
    Board *b = saved_board();
    assert_int_equal(board_count(b), 1);
    assert_int_equal(board_at(b, 0)->kind, BOARD_FREEHAND);
    assert_true(board_at(b, 0)->npoints >= 20);
    board_free(b);
}

static void test_text_and_labels_in_place(void **state)
{
    (void)state;
    open_new_board();
    press('t');
    click(CX, CY);
    type("Hello board");
    key(KEY_ESCAPE, 0, 0);
    assert_int_equal(app_screen(app), APP_BOARD); /* Esc ended the edit, not the screen */
    Board *b = saved_board();
    assert_int_equal(board_count(b), 1);
    assert_string_equal(board_at(b, 0)->text, "Hello board");
    board_free(b);
    assert_non_null(find_text("Hello board"));
    /* a stencil, then Enter edits its label */
    press('k');
    assert_non_null(find_text("Load balancer"));
    click(CX - 200, CY + 150);
    b = saved_board();
    assert_int_equal(saved_count(BOARD_STENCIL), 1);
    board_free(b);
    key(KEY_ENTER, 0, 0);
    key(KEY_CHAR, 'a', MOD_CTRL);
    type("Orders API");
    key(KEY_ENTER, 0, MOD_CTRL);
    b = saved_board();
    for (size_t i = 0; i < board_count(b); i++)
        if (board_at(b, i)->kind == BOARD_STENCIL)
            assert_string_equal(board_label_of(b, board_at(b, i)->id)->text, "Orders API");
    board_free(b);
    /* a double click on a rectangle edits its label too */
    press('r');
    drag(CX + 100, CY + 100, CX + 260, CY + 180);
    press('v');
    mouse(INPUT_MOUSE_DOWN, CX + 180, CY + 140, 1, 0);
    mouse(INPUT_MOUSE_UP, CX + 180, CY + 140, 1, 0);
    mouse(INPUT_MOUSE_DOWN, CX + 180, CY + 140, 1, 0);
    mouse(INPUT_MOUSE_UP, CX + 180, CY + 140, 1, 0);
    type("Cache");
    click(CX - 400, CY - 200); /* a click elsewhere ends the edit */
    assert_non_null(find_text("Cache"));
}

static void test_select_duplicate_copy_paste_delete(void **state)
{
    (void)state;
    open_new_board();
    press('r');
    drag(CX - 100, CY - 100, CX - 20, CY - 20);
    press('r');
    drag(CX + 20, CY + 20, CX + 100, CY + 100);
    press('v');
    /* a box around both selects both */
    drag(CX - 150, CY - 150, CX + 150, CY + 150);
    key(KEY_CHAR, 'd', MOD_CTRL);
    assert_int_equal(saved_count(BOARD_RECT), 4);
    key(KEY_CHAR, 'c', MOD_CTRL);
    key(KEY_CHAR, 'v', MOD_CTRL);
    assert_int_equal(saved_count(BOARD_RECT), 6);
    key(KEY_DELETE, 0, 0);
    assert_int_equal(saved_count(BOARD_RECT), 4);
    /* shift-click adds to a selection; the eraser rubs out what it passes over */
    key(KEY_CHAR, 'a', MOD_CTRL);
    key(KEY_BACKSPACE, 0, 0);
    assert_int_equal(saved_count(BOARD_RECT), 0);
    key(KEY_CHAR, 'z', MOD_CTRL);
    assert_int_equal(saved_count(BOARD_RECT), 4);
    press('e');
    drag(CX - 100, CY - 60, CX - 20, CY - 60); /* through the first and its copy */
    assert_int_equal(saved_count(BOARD_RECT), 2);
}

static void test_zoom_pan_grid_and_resize(void **state)
{
    (void)state;
    open_new_board();
    assert_non_null(find_text("100%"));
    key(KEY_CHAR, '=', MOD_CTRL);
    assert_non_null(find_text("125%"));
    key(KEY_CHAR, '0', MOD_CTRL);
    assert_non_null(find_text("100%"));
    InputEvent wheel = {.type = INPUT_WHEEL, .dy = 1, .mods = MOD_CTRL};
    mouse(INPUT_MOUSE_MOVE, CX, CY, 0, 0);
    frame_after(&wheel, 16);
    assert_non_null(find_text("110%"));
    key(KEY_CHAR, '0', MOD_CTRL);
    press('g');
    assert_non_null(find_text("grid on"));
    press('n');
    assert_non_null(find_text("snap on"));
    /* with snap on, a rectangle lands on the 20-unit grid */
    press('r');
    drag(CX + 3, CY + 7, CX + 97, CY + 55);
    Board *b = saved_board();
    const BoardElement *el = board_at(b, 0);
    assert_true(fabs(el->x) < 0.01 && fabs(el->y) < 0.01);
    assert_true(fabs(el->w - 100) < 0.01 && fabs(el->h - 60) < 0.01);
    board_free(b);
    /* the bottom-right handle resizes */
    drag(CX + 100, CY + 60, CX + 200, CY + 100);
    b = saved_board();
    el = board_at(b, 0);
    assert_true(fabs(el->w - 200) < 0.01 && fabs(el->h - 100) < 0.01);
    board_free(b);
    /* Space+drag pans: the shape moves on screen and stays put on the board */
    key(KEY_SPACE, 0, 0);
    drag(CX, CY, CX + 50, CY + 50);
    InputEvent up = {.type = INPUT_KEY_UP, .key = KEY_SPACE};
    frame_after(&up, 16);
    b = saved_board();
    assert_true(fabs(board_at(b, 0)->x) < 0.01);
    board_free(b);
    /* Shift+1 fits the board in the window */
    key(KEY_CHAR, '1', MOD_SHIFT);
    assert_null(find_text("100%"));
}

static void test_export_svg_excalidraw_and_png(void **state)
{
    (void)state;
    open_new_board();
    press('r');
    drag(CX, CY, CX + 160, CY + 100);
    key(KEY_CHAR, 'e', MOD_CTRL | MOD_SHIFT);
    assert_non_null(find_text("Export the board"));
    /* PNG through the host, at 2 pixels per unit by default */
    char path[256];
    snprintf(path, sizeof(path), "/tmp/adb%d", (int)getpid()); /* typed: under 32 bytes */
    key(KEY_CHAR, 'a', MOD_CTRL);
    type(path);
    key(KEY_ENTER, 0, 0);
    assert_int_equal(png.calls, 1);
    /* the ink (the rectangle and its 2-unit stroke) plus 20 units of margin, at 2x */
    assert_int_equal(png.w, (2 + 160 + 2 + 40) * 2);
    assert_int_equal(png.h, (2 + 100 + 2 + 40) * 2);
    assert_true(png.triangles >= 1);
    assert_non_null(find_text("Exported to"));
    /* SVG and .excalidraw into real files */
    key(KEY_CHAR, 'e', MOD_CTRL | MOD_SHIFT);
    key(KEY_CHAR, '2', MOD_ALT);
    key(KEY_CHAR, 'a', MOD_CTRL);
    char svg[300];
    snprintf(svg, sizeof(svg), "%s.svg", path);
    type(svg);
    key(KEY_ENTER, 0, 0);
    char *text = NULL;
    size_t len;
    ErrInfo err;
    assert_int_equal(files_read(svg, 1 << 20, &text, &len, &err), ERR_OK);
    assert_non_null(strstr(text, "<svg"));
    free(text);
    unlink(svg);
    key(KEY_CHAR, 'e', MOD_CTRL | MOD_SHIFT);
    key(KEY_CHAR, '3', MOD_ALT);
    key(KEY_CHAR, 'a', MOD_CTRL);
    char ex[300];
    snprintf(ex, sizeof(ex), "%s.excalidraw", path);
    type(ex);
    key(KEY_ENTER, 0, 0);
    Board *back = NULL;
    assert_int_equal(excalidraw_import_file(ex, &back, NULL, &err), ERR_OK);
    assert_int_equal(board_count(back), 1);
    assert_int_equal(board_at(back, 0)->kind, BOARD_RECT);
    board_free(back);
    /* import it from the list as a second board (the first Esc clears the selection) */
    key(KEY_ESCAPE, 0, 0);
    assert_int_equal(app_screen(app), APP_BOARD);
    key(KEY_ESCAPE, 0, 0);
    assert_int_equal(app_screen(app), APP_BOARDS);
    press('i');
    type(ex);
    key(KEY_ENTER, 0, 0);
    assert_int_equal(app_screen(app), APP_BOARD);
    assert_non_null(find_text("Imported 1 element"));
    unlink(ex);
    /* a file that is not JSON is refused in the dialog, and nothing is added */
    key(KEY_ESCAPE, 0, 0);
    press('i');
    type("/etc/hostname");
    key(KEY_ENTER, 0, 0);
    assert_int_equal(app_screen(app), APP_BOARDS);
    assert_non_null(find_text("/etc/hostname"));
    BoardInfo *list = NULL;
    size_t n = 0;
    assert_int_equal(store_board_list(store, false, &list, &n), ERR_OK);
    assert_int_equal(n, 2);
    store_board_list_free(list, n);
}

static void test_rename_delete_and_reopen(void **state)
{
    (void)state;
    open_new_board();
    press('o');
    drag(CX, CY, CX + 80, CY + 80);
    key(KEY_CHAR, '=', MOD_CTRL);
    /* closing the app saves the view; reopening shows the board as it was */
    app_destroy(app);
    start();
    press('w');
    key(KEY_DOWN, 0, 0);
    key(KEY_ENTER, 0, 0);
    assert_int_equal(app_screen(app), APP_BOARD);
    assert_non_null(find_text("125%"));
    assert_non_null(find_text("1 element"));
    key(KEY_ESCAPE, 0, 0);
    press('r');
    key(KEY_CHAR, 'a', MOD_CTRL);
    type("Payments");
    key(KEY_ENTER, 0, 0);
    assert_non_null(find_text("Payments"));
    key(KEY_DELETE, 0, 0);
    assert_non_null(find_text("Delete this board?"));
    key(KEY_ENTER, 0, 0);
    assert_null(find_text("Payments"));
    BoardInfo *list = NULL;
    size_t n = 5;
    assert_int_equal(store_board_list(store, false, &list, &n), ERR_OK);
    assert_int_equal(n, 0);
    store_board_list_free(list, n);
}

/* A design drill has its own board beside the notes: a click on it gives it the keyboard,
 * Ctrl+B gives it back; what is drawn belongs to the attempt. */
static void test_design_drill_has_its_board(void **state)
{
    (void)state;
    SyncReport rep = {0};
    DeckErrors errs = {0};
    assert_int_equal(
        store_sync_folder(store, ARCHDRILL_TEST_DIR "/fixtures/drills", 1, &rep, &errs), ERR_OK);
    deck_errors_free(&errs);
    app_destroy(app);
    start();
    press('d');
    assert_int_equal(app_screen(app), APP_DRILLS);
    key(KEY_ENTER, 0, 0); /* the suggested design drill */
    assert_int_equal(app_screen(app), APP_ATTEMPT);
    assert_non_null(find_text("Stencil")); /* the board's tool bar */
    BoardInfo *list = NULL;
    size_t n = 0;
    assert_int_equal(store_board_list(store, false, &list, &n), ERR_OK);
    assert_int_equal(n, 1);
    assert_true(list[0].attempt_id > 0);
    int64_t attempt = list[0].attempt_id;
    store_board_list_free(list, n);
    /* typing goes to the notes while the board does not have the keys */
    type("rps");
    assert_non_null(find_text("rps"));
    assert_int_equal(saved_count(BOARD_RECT), 0);
    /* a click on the board gives it the keys: r is the rectangle tool */
    click(800, 400);
    assert_non_null(find_text("The board has the keys"));
    press('r');
    drag(700, 300, 850, 420);
    assert_int_equal(saved_count(BOARD_RECT), 1);
    type("zzz");
    assert_null(find_text("rpszzz"));
    /* Esc clears the board's selection first; the drill stays */
    key(KEY_ESCAPE, 0, 0);
    assert_int_equal(app_screen(app), APP_ATTEMPT);
    /* Ctrl+B gives the keys back to the notes */
    key(KEY_CHAR, 'b', MOD_CTRL);
    type("q");
    assert_non_null(find_text("rpsq"));
    /* dragging the divider gives the board more room: its tool bar moves left */
    const DrawCmd *before = find_text("Select");
    float x_before = before->rect.x;
    float divider = 0;
    for (size_t i = 0; i < dl.count && divider <= 0; i++)
        if (dl.cmds[i].kind == DRAW_RECT && dl.cmds[i].rect.w == 2 && dl.cmds[i].rect.h > 300)
            divider = dl.cmds[i].rect.x + 1;
    assert_true(divider > 0);
    drag(divider, 500, divider - 150, 500);
    assert_true(find_text("Select")->rect.x < x_before - 100);
    /* leaving keeps the attempt and its board for resuming */
    key(KEY_ESCAPE, 0, 0);
    assert_int_equal(app_screen(app), APP_HOME);
    BoardInfo info;
    int64_t id = the_board_id();
    assert_int_equal(store_board_info(store, id, &info), ERR_OK);
    assert_int_equal(info.attempt_id, attempt);
    assert_int_equal(info.elements, 1);
    free(info.name);
}

/* Shift-click adds a shape to the selection (and takes it out again); groups select
 * whole; z-order keys move the selection; arrows nudge it. */
static void test_shift_click_groups_order_and_nudge(void **state)
{
    (void)state;
    open_new_board();
    press('r');
    drag(CX - 200, CY - 40, CX - 100, CY + 40);
    press('r');
    drag(CX + 100, CY - 40, CX + 200, CY + 40);
    press('r');
    drag(CX - 40, CY + 100, CX + 40, CY + 160);
    key(KEY_ESCAPE, 0, 0);
    /* click the first's edge, shift-click the second's, shift-click the third twice */
    click(CX - 200, CY);
    mouse(INPUT_MOUSE_DOWN, CX + 200, CY, 1, MOD_SHIFT);
    mouse(INPUT_MOUSE_UP, CX + 200, CY, 1, MOD_SHIFT);
    now += 600;
    mouse(INPUT_MOUSE_DOWN, CX + 40, CY + 130, 1, MOD_SHIFT);
    mouse(INPUT_MOUSE_UP, CX + 40, CY + 130, 1, MOD_SHIFT);
    now += 600;
    mouse(INPUT_MOUSE_DOWN, CX + 40, CY + 130, 1, MOD_SHIFT);
    mouse(INPUT_MOUSE_UP, CX + 40, CY + 130, 1, MOD_SHIFT);
    now += 600;
    /* group the two; a click on one then selects both, and Right nudges both */
    key(KEY_CHAR, 'g', MOD_CTRL);
    key(KEY_ESCAPE, 0, 0);
    click(CX - 200, CY);
    key(KEY_RIGHT, 0, MOD_SHIFT);
    Board *b = saved_board();
    int moved = 0;
    for (size_t i = 0; i < board_count(b); i++) {
        const BoardElement *el = board_at(b, i);
        if (fabs(el->x - -190) < 0.01 || fabs(el->x - 110) < 0.01)
            moved++;
        else
            assert_true(fabs(el->x - -40) < 0.01); /* the third stayed */
        if (fabs(el->x - -40) >= 0.01)
            assert_int_equal(el->ngroups, 1);
    }
    assert_int_equal(moved, 2);
    board_free(b);
    /* send the group to the back: the third is now on top */
    key(KEY_CHAR, '[', MOD_CTRL | MOD_SHIFT);
    b = saved_board();
    assert_true(fabs(board_at(b, board_count(b) - 1)->x - -40) < 0.01);
    board_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_list_new_board_and_back),
        T(test_rectangle_is_drawn_and_saved_at_once),
        T(test_undo_redo_are_saved),
        T(test_arrow_binds_and_follows),
        T(test_pen_stroke),
        T(test_text_and_labels_in_place),
        T(test_select_duplicate_copy_paste_delete),
        T(test_zoom_pan_grid_and_resize),
        T(test_export_svg_excalidraw_and_png),
        T(test_rename_delete_and_reopen),
        T(test_design_drill_has_its_board),
        T(test_shift_click_groups_order_and_nudge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
