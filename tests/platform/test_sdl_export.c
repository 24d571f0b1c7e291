/*
 * test_sdl_export.c: drawing offscreen (platform/sdl_export): a DrawList and a board
 * written as PNG files and read back with libpng (size, a filled shape's colour at its
 * centre, the background elsewhere, a label's ink), `archdrill board export --format png`
 * through cli_main with the platform's callback, hostile sizes and unwritable paths
 * refused with messages, and the board render benchmark printing its figures. Like the
 * CLI, it runs without SDL_Init.
 */
#include "../test_support.h"
#include "../cli_support.h"

#include <stdarg.h>

#include "cli/cli.h"
#include "io/excalidraw.h"
#include "platform/platform.h"
#include "ui/board_view.h"

#include <png.h>

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = tmp_dir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    return 0;
}

typedef struct Image {
    int w, h;
    uint8_t *rgba;
} Image;

static Image read_png(const char *path)
{
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path))
        fail_msg("cannot read %s: %s", path, img.message);
    img.format = PNG_FORMAT_RGBA;
    Image out = {(int)img.width, (int)img.height, malloc(PNG_IMAGE_SIZE(img))};
    if (!png_image_finish_read(&img, NULL, out.rgba, 0, NULL))
        fail_msg("cannot decode %s: %s", path, img.message);
    return out;
}

static const uint8_t *at(const Image *im, int x, int y)
{
    assert_true(x >= 0 && y >= 0 && x < im->w && y < im->h);
    return im->rgba + ((size_t)y * (size_t)im->w + (size_t)x) * 4;
}

static void assert_rgba(const Image *im, int x, int y, uint32_t rgba)
{
    const uint8_t *p = at(im, x, y);
    uint32_t got = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    if (got != rgba)
        fail_msg("pixel (%d,%d) is #%08x, expected #%08x", x, y, got, rgba);
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void test_draw_list_to_png(void **state)
{
    (void)state;
    DrawList dl = {0};
    draw_rect(&dl, (Rect){0, 0, 120, 80}, (Color){255, 255, 255, 255});
    draw_rect(&dl, (Rect){10, 10, 30, 20}, (Color){37, 99, 235, 255});
    const float xy[] = {0, 0, 40, 0, 0, 40};
    const int idx[] = {0, 1, 2};
    draw_triangles(&dl, xy, 3, idx, 3, 60, 20, 1, (Color){220, 38, 38, 255});
    draw_text(&dl, 10, 50, FONT_UI, 16, (Color){0, 0, 0, 255}, "png");
    char *path = path_join(dir, "list.png"), *tmp = path_join(dir, "list.png.tmp");
    char err[256] = "";
    assert_true(sdl_export_png(NULL, &dl, 120, 80, path, err, sizeof(err)));
    assert_false(exists(tmp));
    Image im = read_png(path);
    assert_int_equal(im.w, 120);
    assert_int_equal(im.h, 80);
    assert_rgba(&im, 25, 20, 0x2563ebff); /* the blue rectangle */
    assert_rgba(&im, 65, 25, 0xdc2626ff); /* inside the triangle */
    assert_rgba(&im, 95, 55, 0xffffffff); /* beyond its hypotenuse */
    assert_rgba(&im, 5, 5, 0xffffffff);
    int dark = 0;
    for (int y = 50; y < 72; y++)
        for (int x = 10; x < 50; x++)
            dark += at(&im, x, y)[0] < 128;
    assert_true(dark > 20);
    free(im.rgba);

    /* no background: transparent where nothing was drawn */
    draw_clear(&dl);
    draw_rect(&dl, (Rect){10, 10, 30, 20}, (Color){37, 99, 235, 255});
    assert_true(sdl_export_png(NULL, &dl, 60, 40, path, err, sizeof(err)));
    im = read_png(path);
    assert_rgba(&im, 25, 20, 0x2563ebff);
    assert_int_equal(at(&im, 50, 35)[3], 0);
    free(im.rgba);
    draw_free(&dl);
    free(tmp);
    free(path);
}

static void test_refusals(void **state)
{
    (void)state;
    DrawList dl = {0};
    char err[256] = "";
    char *path = path_join(dir, "big.png");
    assert_false(sdl_export_png(NULL, &dl, 20000, 10, path, err, sizeof(err)));
    assert_non_null(strstr(err, "refused"));
    assert_false(sdl_export_png(NULL, &dl, 12000, 9000, path, err, sizeof(err)));
    assert_false(sdl_export_png(NULL, &dl, 0, 10, path, err, sizeof(err)));
    assert_false(exists(path));
    char *bad = path_join(dir, "no/such/folder/x.png");
    err[0] = '\0';
    assert_false(sdl_export_png(NULL, &dl, 10, 10, bad, err, sizeof(err)));
    assert_non_null(strstr(err, "cannot write"));
    /* missing fonts are a message, not a crash */
    assert_false(sdl_export_png_at(dir, &dl, 10, 10, path, err, sizeof(err)));
    assert_non_null(strstr(err, "fonts"));
    Board *b = board_new();
    board_add_shape(b, BOARD_RECT, -9e6, 0, 10, 10);
    board_add_shape(b, BOARD_RECT, 9e6, 0, 10, 10);
    assert_false(sdl_export_board_png(NULL, b, NULL, 1, path, err, sizeof(err)));
    assert_non_null(strstr(err, "over the limit"));
    assert_false(exists(path));
    board_free(b);
    free(bad);
    free(path);
}

/* A board: a red rectangle, a labelled blue box, an arrow between them. */
static Board *sample_board(int64_t *red, int64_t *blue)
{
    Board *b = board_new();
    *red = board_add_shape(b, BOARD_RECT, 0, 0, 100, 60);
    BoardStyle st = {.stroke = 0x1e1e1eff, .fill = 0xe03131ff, .width = 2};
    board_set_style(b, red, 1, &st, BOARD_STYLE_ALL);
    *blue = board_add_shape(b, BOARD_RECT, 200, 0, 160, 60);
    st.fill = 0xa5d8ffff;
    board_set_style(b, blue, 1, &st, BOARD_STYLE_ALL);
    board_set_label(b, *blue, "Orders");
    BoardPoint pts[2] = {{100, 30}, {200, 30}};
    board_add_line(b, BOARD_ARROW, pts, 2);
    return b;
}

static void test_board_to_png(void **state)
{
    (void)state;
    int64_t red, blue;
    Board *b = sample_board(&red, &blue);
    char *path = path_join(dir, "board.png");
    char err[256] = "";
    assert_true(sdl_export_board_png(NULL, b, NULL, 2, path, err, sizeof(err)));
    BoardExportOptions eo = {.scale = 2, .margin = 20};
    int w, h;
    BoardView v;
    assert_int_equal(board_view_export_frame(b, &eo, &w, &h, &v, err, sizeof(err)), ERR_OK);
    Image im = read_png(path);
    assert_int_equal(im.w, w);
    assert_int_equal(im.h, h);
    /* the red rectangle's centre (50, 30) and the blue one's top-left quarter */
    int x = (int)((50 - v.x) * 2), y = (int)((30 - v.y) * 2);
    assert_rgba(&im, x, y, 0xe03131ff);
    assert_rgba(&im, (int)((220 - v.x) * 2), (int)((10 - v.y) * 2), 0xa5d8ffff);
    assert_rgba(&im, 3, 3, 0xffffffff); /* the margin */
    assert_rgba(&im, im.w - 3, im.h - 3, 0xffffffff);
    assert_rgba(&im, (int)((150 - v.x) * 2), (int)((50 - v.y) * 2), 0xffffffff);
    /* the label: dark ink about the blue box's centre (280, 30) */
    int dark = 0;
    for (int yy = (int)((20 - v.y) * 2); yy < (int)((40 - v.y) * 2); yy++)
        for (int xx = (int)((250 - v.x) * 2); xx < (int)((310 - v.x) * 2); xx++)
            dark += at(&im, xx, yy)[0] < 100;
    assert_true(dark > 50);
    free(im.rgba);

    /* only the red rectangle, at scale 1 */
    BoardIds only = {0};
    board_ids_push(&only, red);
    assert_true(sdl_export_board_png(NULL, b, &only, 1, path, err, sizeof(err)));
    im = read_png(path);
    assert_int_equal(im.w, 104 + 40);
    assert_int_equal(im.h, 64 + 40);
    assert_rgba(&im, 72, 52, 0xe03131ff);
    free(im.rgba);
    board_ids_free(&only);
    board_free(b);
    free(path);
}

/* ---- through the CLI ------------------------------------------------------------------ */

static char data_root[] = ARCHDRILL_SOURCE_DIR;

/* Runs `archdrill --data-dir DIR ARGS...` (NULL-terminated) with the platform's
 * callbacks, as main.c sets them. */
typedef CliRun Run;

/* Runs `archdrill --data-dir DIR ARGS...` with the platform's PNG and render callbacks. */
static Run run(const char *first, ...)
{
    CliEnv env = {.data_root = data_root,
                  .now_ms = 1716084840000,
                  .platform = data_root,
                  .board_png = sdl_export_board_png,
                  .bench_board_render = sdl_bench_board_render};
    va_list ap;
    va_start(ap, first);
    Run r = cli_run_v(env, dir, first, ap);
    va_end(ap);
    return r;
}

static void test_cli_board_export_png(void **state)
{
    (void)state;
    int64_t red, blue;
    Board *b = sample_board(&red, &blue);
    char *json = excalidraw_export(b);
    char *file = path_join(dir, "sample.excalidraw");
    write_file(file, json);
    free(json);
    board_free(b);
    Run r = run("board", "import", file, NULL);
    assert_int_equal(r.status, 0);
    cli_run_free(&r);

    char *png = path_join(dir, "out.png");
    r = run("board", "export", "1", "--format", "png", "-o", png, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "exported board 1"));
    cli_run_free(&r);
    Image im = read_png(png);
    int w2 = im.w, h2 = im.h;
    assert_int_equal(w2, 2 * (364 + 40)); /* ink (-2..362) with the margin, at 2 */
    assert_rgba(&im, 2 * (20 + 2 + 50), 2 * (20 + 2 + 30), 0xe03131ff);
    free(im.rgba);
    /* the format from the extension, a scale */
    r = run("board", "export", "1", "--scale", "0.5", "-o", png, NULL);
    assert_int_equal(r.status, 0);
    cli_run_free(&r);
    im = read_png(png);
    assert_int_equal(im.w, (w2 + 3) / 4);
    assert_int_equal(im.h, (h2 + 3) / 4);
    free(im.rgba);
    /* refusals: a scale out of range, a size too large, a folder that is not there */
    r = run("board", "export", "1", "--scale", "31", "-o", png, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--scale needs a number"));
    cli_run_free(&r);
    r = run("board", "export", "1", "--scale", "x", "-o", png, NULL);
    assert_int_equal(r.status, 2);
    cli_run_free(&r);
    r = run("board", "export", "1", "--scale", "8", "--format", "svg", "-o", png, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--scale is for png only"));
    cli_run_free(&r);
    char *bad = path_join(dir, "missing/out.png");
    r = run("board", "export", "1", "--format", "png", "-o", bad, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "png export failed"));
    assert_non_null(strstr(r.err, "cannot write"));
    cli_run_free(&r);
    free(bad);
    free(png);
    free(file);
}

static void test_bench_board_renders(void **state)
{
    (void)state;
    Run r = run("bench", "board", "--elements", "300", "--strokes", "60", "--points", "40",
                "--frames", "8", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "render at 1600 x 1000 with the software renderer"));
    assert_non_null(strstr(r.out, "pan (8 frames"));
    assert_non_null(strstr(r.out, "zoom (8 frames"));
    assert_non_null(strstr(r.out, "zoomed out, pan (2 frames"));
    assert_non_null(strstr(r.out, "peak"));
    cli_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_draw_list_to_png, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_board_to_png, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_board_export_png, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bench_board_renders, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
