/*
 * test_board_cli.c: `archdrill board list|import|export` and `archdrill bench board` run
 * in-process: the imported board's id as the last line, listing as text and JSON,
 * exports that import back, png refused, bad files and ids refused with messages, and a
 * small benchmark run printing its figures.
 */
#include "board_support.h"
#include "cli_support.h"

#include "cli/cli.h"
#include "io/excalidraw.h"

#include <cjson/cJSON.h>

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

/* Runs `archdrill --data-dir DIR ARGS...`. */
typedef CliRun Run;

/* Runs `archdrill --data-dir DIR ARGS...`. */
static Run run(const char *first, ...)
{
    CliEnv env = {.data_root = ARCHDRILL_TEST_DIR "/fixtures/root", .now_ms = 1716084840000};
    va_list ap;
    va_start(ap, first);
    Run r = cli_run_v(env, dir, first, ap);
    va_end(ap);
    return r;
}

static const char *last_line(const char *text)
{
    size_t n = strlen(text);
    while (n && text[n - 1] == '\n')
        n--;
    while (n && text[n - 1] != '\n')
        n--;
    return text + n;
}

static char *write_board_file(const char *name)
{
    Board *b = board_new();
    int64_t s = board_add_stencil(b, BOARD_STENCIL_SERVICE, 100, 100);
    int64_t d = board_add_stencil(b, BOARD_STENCIL_DATABASE, 400, 100);
    BoardPoint pts[2] = {{175, 100}, {335, 100}};
    int64_t a = board_add_line(b, BOARD_ARROW, pts, 2);
    board_bind(b, a, 0, s);
    board_bind(b, a, 1, d);
    char *text = excalidraw_export(b);
    char *path = path_join(dir, name);
    write_file(path, text);
    free(text);
    board_free(b);
    return path;
}

static void test_import_list_export(void **state)
{
    (void)state;
    char *file = write_board_file("Orders service.excalidraw");
    Run r = run("board", "import", file, NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(last_line(r.out), "1\n");
    assert_non_null(strstr(r.out, "imported 5 elements"));
    cli_run_free(&r);
    r = run("board", "import", file, "--name", "Second", NULL);
    assert_string_equal(last_line(r.out), "2\n");
    cli_run_free(&r);

    r = run("board", "list", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Orders service"));
    assert_non_null(strstr(r.out, "Second"));
    cli_run_free(&r);
    r = run("board", "list", "--json", NULL);
    cJSON *list = cJSON_Parse(r.out);
    assert_int_equal(cJSON_GetArraySize(list), 2);
    const cJSON *first = cJSON_GetArrayItem(list, 1);
    assert_string_equal(cJSON_GetObjectItem(first, "name")->valuestring, "Orders service");
    assert_int_equal(cJSON_GetObjectItem(first, "elements")->valueint, 5);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(first, "attempt")));
    cJSON_Delete(list);
    cli_run_free(&r);

    char *svg = path_join(dir, "out.svg"), *json = path_join(dir, "out.excalidraw");
    r = run("board", "export", "1", "--format", "svg", "-o", svg, NULL);
    assert_int_equal(r.status, 0);
    cli_run_free(&r);
    char *text = read_file(svg, NULL);
    assert_non_null(strstr(text, "<svg"));
    assert_non_null(strstr(text, "Database"));
    free(text);
    r = run("board", "export", "1", "-o", json, NULL); /* the format from the name */
    assert_int_equal(r.status, 0);
    cli_run_free(&r);
    Board *back = NULL;
    ErrInfo err = {0};
    assert_int_equal(excalidraw_import_file(json, &back, NULL, &err), ERR_OK);
    assert_int_equal(board_count(back), 5);
    check_invariants(back);
    board_free(back);
    r = run("board", "export", "1", "--format", "excalidraw", "-o", "-", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"type\":\t\"excalidraw\""));
    cli_run_free(&r);
    free(svg);
    free(json);
    free(file);
}

static void test_refusals(void **state)
{
    (void)state;
    char *out = path_join(dir, "x.png");
    Run r = run("board", "export", "1", "--format", "png", "-o", out, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "png export needs the app's renderer"));
    cli_run_free(&r);
    r = run("board", "export", "7", "--format", "svg", "-o", out, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no board 7"));
    cli_run_free(&r);
    r = run("board", "export", "x", "--format", "svg", "-o", out, NULL);
    assert_int_equal(r.status, 2);
    cli_run_free(&r);
    r = run("board", "frob", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "usage: archdrill board"));
    cli_run_free(&r);

    char *bad = path_join(dir, "bad.excalidraw");
    write_file(bad,
               "{\"type\":\"excalidraw\",\"elements\":[{\"type\":\"rectangle\",\"x\":1e999}]}");
    r = run("board", "import", bad, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "elements[0]: x = inf is out of range"));
    assert_non_null(strstr(r.err, "nothing was imported"));
    cli_run_free(&r);
    write_file(bad, "{\"type\":\"excalidraw\",\"elements\":[{\"type\":\"image\"},"
                    "{\"type\":\"rectangle\",\"width\":10,\"height\":10}]}");
    r = run("board", "import", bad, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "skipped 1 image element"));
    cli_run_free(&r);
    r = run("board", "list", NULL);
    assert_non_null(strstr(r.out, " bad "));
    cli_run_free(&r);
    free(bad);
    free(out);
}

static void test_bench_board_runs(void **state)
{
    (void)state;
    Run r = run("bench", "board", "--elements", "600", "--strokes", "100", "--points", "50", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "board: 600 elements (100 freehand strokes of 50 points)"));
    assert_non_null(strstr(r.out, "hit-test"));
    assert_non_null(strstr(r.out, "memory: the model"));
    cli_run_free(&r);
    r = run("bench", "board", "--elements", "zero", NULL);
    assert_int_equal(r.status, 2);
    cli_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import_list_export, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bench_board_runs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
