/*
 * test_excalidraw.c: the whiteboard's file formats (io/excalidraw, io/board_svg): exports
 * carry the fields Excalidraw expects; export then import gives the same board; an
 * Excalidraw-made file imports with its bindings, labels and freehand, skipping deleted
 * and unsupported elements with notices; hostile files (100 MB, deep nesting, huge
 * numbers, truncation, millions of values, wrong types, random damage) are refused with a
 * message; SVG output; and src/io stays out of SDL and SQLite.
 */
#include "board_support.h"

#include "io/board_svg.h"
#include "io/excalidraw.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <time.h>

/* A board with one of everything: stencils with labels, bound arrows, groups, styles,
 * free text, a line with two heads, freehand strokes. */
static Board *rich_board(void)
{
    Board *b = board_new();
    int64_t lb = board_add_stencil(b, BOARD_STENCIL_LOAD_BALANCER, 0, 0);
    int64_t db = board_add_stencil(b, BOARD_STENCIL_DATABASE, 400, 150);
    int64_t r = board_add_shape(b, BOARD_RECT, -300, 200, 160, 90);
    int64_t e = board_add_shape(b, BOARD_ELLIPSE, 100, 300, 120, 80);
    board_set_label(b, r, "Service <A> & \"B\"");
    BoardStyle st = {0xe03131ff, 0xffc9c980, 4, true, true};
    board_set_style(b, &r, 1, &st, BOARD_STYLE_ALL);
    BoardPoint pts[3] = {{85, 0}, {200, 20}, {335, 150}};
    int64_t a = board_add_line(b, BOARD_ARROW, pts, 3);
    board_bind(b, a, 0, lb);
    board_bind(b, a, 1, db);
    BoardPoint l[2] = {{-300, 350}, {-100, 420}};
    int64_t line = board_add_line(b, BOARD_LINE, l, 2);
    board_set_heads(b, &line, 1, BOARD_HEAD_START | BOARD_HEAD_END);
    board_add_text(b, -300, -200, "Notes:\nread path first", 16);
    int64_t grp[2] = {r, e};
    board_group(b, grp, 2);
    int64_t outer[3] = {r, e, line};
    board_group(b, outer, 3);
    for (int s = 0; s < 3; s++) {
        board_stroke_begin(b, 500 + s * 40, -200, NULL);
        for (int k = 1; k < 60; k++)
            board_stroke_add(b, 500 + s * 40 + k * 1.7, -200 + 30 * sin(k * 0.15 + s));
        board_stroke_end(b);
    }
    check_invariants(b);
    return b;
}

static const cJSON *by_id(const cJSON *els, const char *id)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, els)
    {
        const cJSON *oid = cJSON_GetObjectItem(o, "id");
        if (cJSON_IsString(oid) && strcmp(oid->valuestring, id) == 0)
            return o;
    }
    return NULL;
}

static bool lists(const cJSON *shape, const char *id, const char *type)
{
    const cJSON *be;
    cJSON_ArrayForEach(be, cJSON_GetObjectItem(shape, "boundElements"))
    {
        if (strcmp(cJSON_GetObjectItem(be, "id")->valuestring, id) == 0 &&
            strcmp(cJSON_GetObjectItem(be, "type")->valuestring, type) == 0)
            return true;
    }
    return false;
}

static void test_export_has_the_fields_excalidraw_expects(void **state)
{
    (void)state;
    static const char *const BASE[] = {"id",        "type",          "x",
                                       "y",         "width",         "height",
                                       "angle",     "strokeColor",   "backgroundColor",
                                       "fillStyle", "strokeWidth",   "strokeStyle",
                                       "roughness", "opacity",       "groupIds",
                                       "frameId",   "index",         "roundness",
                                       "seed",      "version",       "versionNonce",
                                       "isDeleted", "boundElements", "updated",
                                       "link",      "locked"};
    Board *b = rich_board();
    char *text = excalidraw_export(b);
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    assert_string_equal(cJSON_GetObjectItem(doc, "type")->valuestring, "excalidraw");
    assert_int_equal(cJSON_GetObjectItem(doc, "version")->valueint, 2);
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(doc, "appState")));
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(doc, "files")));
    const cJSON *els = cJSON_GetObjectItem(doc, "elements"), *o;
    assert_int_equal(cJSON_GetArraySize(els), (int)board_count(b));
    char prev_index[32] = "";
    int arrows = 0, labels = 0, freedraws = 0;
    cJSON_ArrayForEach(o, els)
    {
        for (size_t k = 0; k < ARRAY_LEN(BASE); k++)
            if (!cJSON_HasObjectItem(o, BASE[k]))
                fail_msg("element without %s", BASE[k]);
        const char *index = cJSON_GetObjectItem(o, "index")->valuestring;
        assert_true(strcmp(prev_index, index) < 0); /* fractional indices increase */
        snprintf(prev_index, sizeof(prev_index), "%s", index);
        const char *type = cJSON_GetObjectItem(o, "type")->valuestring;
        const char *id = cJSON_GetObjectItem(o, "id")->valuestring;
        if (strcmp(type, "arrow") == 0) {
            const cJSON *sb = cJSON_GetObjectItem(o, "startBinding");
            if (cJSON_IsObject(sb)) {
                arrows++;
                const cJSON *shape = by_id(els, cJSON_GetObjectItem(sb, "elementId")->valuestring);
                assert_non_null(shape);
                assert_true(lists(shape, id, "arrow"));
                assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(sb, "fixedPoint")), 2);
                assert_string_equal(cJSON_GetObjectItem(sb, "mode")->valuestring, "orbit");
            }
        }
        if (strcmp(type, "text") == 0 && cJSON_IsString(cJSON_GetObjectItem(o, "containerId"))) {
            labels++;
            const cJSON *shape = by_id(els, cJSON_GetObjectItem(o, "containerId")->valuestring);
            assert_non_null(shape);
            assert_true(lists(shape, id, "text"));
            assert_string_equal(cJSON_GetObjectItem(o, "textAlign")->valuestring, "center");
        }
        if (strcmp(type, "freedraw") == 0) {
            freedraws++;
            assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "simulatePressure")));
            assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(o, "points")) > 10);
        }
    }
    assert_int_equal(arrows, 1);
    assert_int_equal(labels, 3);
    assert_int_equal(freedraws, 3);
    cJSON_Delete(doc);
    free(text);
    board_free(b);
}

/* Group ids renumbered by first appearance, so two boards' groupings compare. */
static int64_t canon_group(int64_t *seen, size_t *n, int64_t g)
{
    for (size_t i = 0; i < *n; i++)
        if (seen[i] == g)
            return (int64_t)i + 1;
    seen[(*n)++] = g;
    return (int64_t)*n;
}

/* The same board up to ids, z values and group numbers: compares element by element in
 * z-order, references through positions. */
static void assert_same_board(const Board *a, const Board *b)
{
    assert_int_equal(board_count(a), board_count(b));
    size_t n = board_count(a);
    int64_t *ga = xcalloc(n * BOARD_MAX_GROUPS + 1, sizeof(int64_t));
    int64_t *gb = xcalloc(n * BOARD_MAX_GROUPS + 1, sizeof(int64_t));
    size_t nga = 0, ngb = 0;
    for (size_t i = 0; i < n; i++) {
        const BoardElement *x = board_at(a, i), *y = board_at(b, i);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->stencil, y->stencil);
        assert_true(x->style.stroke == y->style.stroke && x->style.fill == y->style.fill);
        assert_true(x->style.width == y->style.width && x->style.dashed == y->style.dashed);
        assert_true(x->style.rounded == y->style.rounded);
        if (!(x->x == y->x && x->y == y->y && x->w == y->w && x->h == y->h))
            fail_msg("element %zu (kind %d): box %.17g %.17g %.17g %.17g, then %.17g %.17g %.17g "
                     "%.17g",
                     i, x->kind, x->x, x->y, x->w, x->h, y->x, y->y, y->w, y->h);
        assert_int_equal(x->npoints, y->npoints);
        if (x->npoints)
            assert_memory_equal(x->points, y->points, x->npoints * sizeof(BoardPoint));
        assert_int_equal(x->heads, y->heads);
        assert_true((x->text == NULL) == (y->text == NULL));
        if (x->text)
            assert_string_equal(x->text, y->text);
        assert_true(x->font_size == y->font_size);
        assert_int_equal(x->ngroups, y->ngroups);
        for (uint8_t g = 0; g < x->ngroups; g++)
            assert_int_equal(canon_group(ga, &nga, x->groups[g]),
                             canon_group(gb, &ngb, y->groups[g]));
        const int64_t ra[3] = {x->container, x->start.id, x->end.id};
        const int64_t rb[3] = {y->container, y->start.id, y->end.id};
        for (int k = 0; k < 3; k++) {
            assert_true((ra[k] == 0) == (rb[k] == 0));
            if (!ra[k])
                continue;
            const BoardElement *ta = board_get(a, ra[k]), *tb = board_get(b, rb[k]);
            assert_true(ta->x == tb->x && ta->y == tb->y && ta->kind == tb->kind);
        }
        assert_true(fabsf(x->start.fx - y->start.fx) < 1e-5f &&
                    fabsf(x->end.fy - y->end.fy) < 1e-5f);
    }
    free(ga);
    free(gb);
}

static void test_export_then_import_gives_the_same_board(void **state)
{
    (void)state;
    Board *b = rich_board();
    char *text = excalidraw_export(b);
    Board *back = NULL;
    ExcalidrawReport rep = {0};
    ErrInfo err = {0};
    if (excalidraw_import(text, strlen(text), &back, &rep, &err))
        fail_msg("import: %s", err.msg);
    assert_int_equal(rep.imported, board_count(b));
    assert_int_equal(rep.skipped + rep.deleted, 0);
    assert_string_equal(buf_str(&rep.notices), "");
    check_invariants(back);
    assert_same_board(b, back);
    /* and again: the second round trip is the identity on the file too */
    char *again = excalidraw_export(back);
    Board *third = NULL;
    assert_int_equal(excalidraw_import(again, strlen(again), &third, NULL, &err), ERR_OK);
    assert_same_board(back, third);
    /* the imported board behaves: moving a shape moves the bound arrow's end */
    const BoardElement *arrow = NULL;
    for (size_t i = 0; i < board_count(back); i++)
        if (board_at(back, i)->kind == BOARD_ARROW)
            arrow = board_at(back, i);
    assert_non_null(arrow);
    int64_t shape = arrow->end.id, arrow_id = arrow->id;
    board_move(back, &shape, 1, 100, 0);
    check_invariants(back);
    assert_int_equal(board_get(back, arrow_id)->end.id, shape);
    board_free(third);
    free(again);
    excalidraw_report_free(&rep);
    board_free(back);
    free(text);
    board_free(b);
}

/* Shaped like a file Excalidraw writes: a labelled rectangle, an ellipse, arrows bound
 * with the v2 and the legacy binding forms, freedraw with pressures, a rotated line, and
 * elements to skip. */
static const char EXCALIDRAW_FILE[] =
    "{\"type\":\"excalidraw\",\"version\":2,\"source\":\"https://excalidraw.com\",\"elements\":["
    "{\"id\":\"rect1\",\"type\":\"rectangle\",\"x\":100,\"y\":100,\"width\":200,\"height\":100,"
    "\"angle\":0,\"strokeColor\":\"#1e1e1e\",\"backgroundColor\":\"#a5d8ff\",\"fillStyle\":"
    "\"hachure\",\"strokeWidth\":2,\"strokeStyle\":\"solid\",\"roughness\":1,\"opacity\":100,"
    "\"groupIds\":[\"gA\"],\"frameId\":null,\"roundness\":{\"type\":3},\"seed\":1,"
    "\"version\":5,\"versionNonce\":2,\"isDeleted\":false,\"boundElements\":[{\"type\":\"text\","
    "\"id\":\"txt1\"},{\"type\":\"arrow\",\"id\":\"arr1\"}],\"updated\":1,\"link\":null,"
    "\"locked\":false},"
    "{\"id\":\"txt1\",\"type\":\"text\",\"x\":150,\"y\":137,\"width\":100,\"height\":25,"
    "\"text\":\"API\",\"fontSize\":20,\"fontFamily\":5,\"textAlign\":\"center\","
    "\"verticalAlign\":\"middle\",\"containerId\":\"rect1\",\"originalText\":\"API \\u00e9\\n\xff"
    "x\","
    "\"lineHeight\":1.25,\"groupIds\":[\"gA\"]},"
    "{\"id\":\"ell1\",\"type\":\"ellipse\",\"x\":500,\"y\":100,\"width\":120,\"height\":100,"
    "\"strokeColor\":\"#e03131\",\"backgroundColor\":\"transparent\",\"opacity\":50,"
    "\"strokeStyle\":\"dotted\",\"boundElements\":[{\"type\":\"arrow\",\"id\":\"arr1\"}]},"
    "{\"id\":\"arr1\",\"type\":\"arrow\",\"x\":300,\"y\":150,\"width\":200,\"height\":0,"
    "\"points\":[[0,0],[200,0]],\"startBinding\":{\"elementId\":\"rect1\",\"mode\":\"orbit\","
    "\"fixedPoint\":[1,0.5]},\"endBinding\":{\"elementId\":\"ell1\",\"focus\":0,\"gap\":1},"
    "\"startArrowhead\":null,\"endArrowhead\":\"triangle\",\"elbowed\":false},"
    "{\"id\":\"arr2\",\"type\":\"arrow\",\"x\":0,\"y\":0,\"width\":50,\"height\":50,"
    "\"points\":[[0,0],[50,50]],\"startBinding\":{\"elementId\":\"txt1\",\"focus\":0,\"gap\":1}},"
    "{\"id\":\"fd1\",\"type\":\"freedraw\",\"x\":10,\"y\":400,\"width\":30,\"height\":10,"
    "\"points\":[[0,0],[10,5],[20,8],[30,10]],\"pressures\":[0.5,0.6,0.7,0.5],"
    "\"simulatePressure\":false},"
    "{\"id\":\"ln1\",\"type\":\"line\",\"x\":0,\"y\":600,\"width\":100,\"height\":0,"
    "\"angle\":1.5707963267948966,\"points\":[[0,0],[100,0]]},"
    "{\"id\":\"dia1\",\"type\":\"diamond\",\"x\":700,\"y\":100,\"width\":100,\"height\":100,"
    "\"boundElements\":[{\"type\":\"text\",\"id\":\"txt2\"}]},"
    "{\"id\":\"txt2\",\"type\":\"text\",\"x\":720,\"y\":140,\"text\":\"Queue\"},"
    "{\"id\":\"gone\",\"type\":\"rectangle\",\"x\":0,\"y\":0,\"width\":5,\"height\":5,"
    "\"isDeleted\":true},"
    "{\"id\":\"img1\",\"type\":\"image\",\"x\":0,\"y\":0,\"width\":5,\"height\":5,"
    "\"fileId\":\"f\"},"
    "{\"id\":\"fr1\",\"type\":\"frame\",\"x\":0,\"y\":0,\"width\":5,\"height\":5},"
    "{\"id\":\"img2\",\"type\":\"image\",\"x\":0,\"y\":0,\"width\":5,\"height\":5},"
    "{\"id\":\"rot\",\"type\":\"diamond\",\"x\":0,\"y\":0,\"width\":50,\"height\":50,\"angle\":0.3}"
    "],\"appState\":{\"viewBackgroundColor\":\"#ffffff\"},\"files\":{}}";

static const BoardElement *find_kind(const Board *b, BoardKind kind, size_t nth)
{
    for (size_t i = 0; i < board_count(b); i++)
        if (board_at(b, i)->kind == kind && nth-- == 0)
            return board_at(b, i);
    return NULL;
}

static void test_excalidraw_files_import(void **state)
{
    (void)state;
    Board *b = NULL;
    ExcalidrawReport rep = {0};
    ErrInfo err = {0};
    if (excalidraw_import(EXCALIDRAW_FILE, strlen(EXCALIDRAW_FILE), &b, &rep, &err))
        fail_msg("import: %s", err.msg);
    check_invariants(b);
    assert_int_equal(rep.imported, 10);
    assert_int_equal(rep.deleted, 1);
    assert_int_equal(rep.skipped, 3);
    const char *notes = buf_str(&rep.notices);
    assert_non_null(strstr(notes, "skipped 2 image elements"));
    assert_non_null(strstr(notes, "skipped 1 frame element"));
    assert_non_null(strstr(notes, "1 rotated shape"));
    assert_non_null(strstr(notes, "dropped")); /* the arrow bound to a text */

    const BoardElement *rect = find_kind(b, BOARD_RECT, 0), *ell = find_kind(b, BOARD_ELLIPSE, 0);
    assert_true(rect->style.rounded && rect->style.fill == 0xa5d8ffff);
    assert_true(ell->style.dashed && ell->style.stroke == 0xe0313180 && ell->style.fill == 0);
    const BoardElement *label = board_label_of(b, rect->id);
    assert_non_null(label);
    assert_string_equal(label->text, "API \xc3\xa9\n\xef\xbf\xbdx"); /* bad byte replaced */
    assert_int_equal(label->ngroups, 1);
    assert_int_equal(rect->groups[0], label->groups[0]);
    const BoardElement *arrow = find_kind(b, BOARD_ARROW, 0);
    assert_int_equal(arrow->start.id, rect->id);
    assert_int_equal(arrow->end.id, ell->id);
    assert_true(near(arrow->start.fx, 1, 1e-6) && near(arrow->start.fy, 0.5, 1e-6));
    assert_true(near(arrow->end.fx, 0, 1e-6));
    assert_int_equal(arrow->heads, BOARD_HEAD_END);
    assert_int_equal(find_kind(b, BOARD_ARROW, 1)->start.id, 0);
    assert_int_equal(find_kind(b, BOARD_FREEHAND, 0)->npoints, 4);
    const BoardElement *dia = find_kind(b, BOARD_DIAMOND, 0); /* listed, no containerId */
    assert_non_null(board_label_of(b, dia->id));
    assert_string_equal(board_label_of(b, dia->id)->text, "Queue");
    const BoardElement *ln = find_kind(b, BOARD_LINE, 0); /* rotated a quarter turn */
    assert_true(near(ln->w, 0, 1e-4) && near(ln->h, 100, 1e-4));
    assert_true(near(ln->x, 50, 1e-4) && near(ln->y, 550, 1e-4));
    board_move(b, &rect->id, 1, 0, 40);
    check_invariants(b);
    excalidraw_report_free(&rep);
    board_free(b);
}

/* Imports text, expecting a refusal with `code` and `needle` in the message, quickly. */
static void assert_refused(const char *text, size_t len, Err code, const char *needle)
{
    Board *b = (Board *)1;
    ErrInfo err = {0};
    clock_t start = clock();
    Err e = excalidraw_import(text, len, &b, NULL, &err);
    double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
    if (e != code || !strstr(err.msg, needle))
        fail_msg("expected %d with \"%s\", got %d: \"%s\"", code, needle, e, err.msg);
    assert_null(b);
    assert_true(secs < 5);
}

static char *repeat(const char *head, const char *unit, size_t times, const char *tail)
{
    Buf b = {0};
    buf_puts(&b, head);
    for (size_t i = 0; i < times; i++)
        buf_puts(&b, unit);
    buf_puts(&b, tail);
    return buf_take(&b);
}

static void test_hostile_files_are_refused(void **state)
{
    (void)state;
    char *deep = repeat("", "[", 200000, "");
    assert_refused(deep, strlen(deep), ERR_TOO_BIG, "nested more than 64");
    free(deep);
    char *deep_obj =
        repeat("{\"type\":\"excalidraw\",\"elements\":[],\"x\":", "{\"a\":", 5000, "1");
    assert_refused(deep_obj, strlen(deep_obj), ERR_TOO_BIG, "nested");
    free(deep_obj);
    char *values = repeat("{\"type\":\"excalidraw\",\"elements\":[", "0,", 4100000, "0]}");
    assert_refused(values, strlen(values), ERR_TOO_BIG, "values");
    free(values);

    static const struct {
        const char *elements;
        const char *needle;
    } BAD[] = {
        {"{\"type\":\"rectangle\",\"x\":1e400}", "x = inf is out of range"},
        {"{\"type\":\"rectangle\",\"x\":123456789012345678901234567890}", "out of range"},
        {"{\"type\":\"rectangle\",\"width\":-1e9}", "out of range"},
        {"{\"type\":\"rectangle\",\"x\":\"ten\"}", "x is not a number"},
        {"{\"type\":\"text\",\"fontSize\":1e6}", "fontSize"},
        {"{\"type\":\"line\",\"points\":[[0,0],[1e300,0]]}", "points[1] is out of range"},
        {"{\"type\":\"line\",\"points\":[[0,0],[1]]}", "not a pair"},
        {"{\"type\":\"line\",\"points\":7}", "not an array"},
        {"{\"type\":\"rectangle\",\"groupIds\":[1]}", "non-string"},
        {"{\"type\":\"rectangle\",\"strokeWidth\":1000}", "strokeWidth"},
        {"42", "not an element"},
        {"{\"x\":1}", "not an element"},
    };
    for (size_t i = 0; i < ARRAY_LEN(BAD); i++) {
        Buf doc = {0};
        buf_printf(&doc, "{\"type\":\"excalidraw\",\"version\":2,\"elements\":[%s]}",
                   BAD[i].elements);
        assert_refused(buf_str(&doc), doc.len, ERR_PARSE, BAD[i].needle);
        assert_refused(buf_str(&doc), doc.len, ERR_PARSE, "elements[0]");
        buf_free(&doc);
    }
    static const struct {
        const char *doc;
        const char *needle;
    } DOCS[] = {
        {"", "not valid JSON"},
        {"{\"type\":\"excalidraw\",\"elements\":[{\"type\":\"rectangle\",\"x\":NaN}]}",
         "not valid JSON (line 1, column"},
        {"{\"type\":\"excalidraw\",\"elements\":[{\"x\":-Infinity}]}", "not valid JSON"},
        {"[1,2,3]", "no top-level object"},
        {"{\"type\":\"tldraw\",\"elements\":[]}", "not an Excalidraw file"},
        {"{\"type\":\"excalidraw\",\"version\":3,\"elements\":[]}", "newer than 2"},
        {"{\"type\":\"excalidraw\",\"elements\":{}}", "no elements array"},
    };
    for (size_t i = 0; i < ARRAY_LEN(DOCS); i++)
        assert_refused(DOCS[i].doc, strlen(DOCS[i].doc), ERR_PARSE, DOCS[i].needle);

    /* every truncation of a real file is refused with where it broke */
    Board *b = rich_board();
    char *text = excalidraw_export(b);
    size_t len = strlen(text);
    for (size_t cut = 0; cut < len; cut += len / 97 + 1)
        assert_refused(text, cut, ERR_PARSE, "not valid JSON (line ");
    free(text);
    board_free(b);
}

static void test_a_100_mb_file_is_refused_before_reading(void **state)
{
    (void)state;
    char *dir = tmp_dir();
    char *path = path_join(dir, "huge.excalidraw");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), 100 << 20), 0); /* sparse: no 100 MB written */
    fclose(f);
    Board *b = NULL;
    ErrInfo err = {0};
    assert_int_equal(excalidraw_import_file(path, &b, NULL, &err), ERR_TOO_BIG);
    assert_non_null(strstr(err.msg, "100.0 MB is over the 64 MB limit"));
    assert_null(b);
    char *missing = path_join(dir, "missing.excalidraw");
    assert_int_equal(excalidraw_import_file(missing, &b, NULL, &err), ERR_IO);
    assert_int_equal(excalidraw_import_file(dir, &b, NULL, &err), ERR_IO);
    /* a good file reads */
    Board *rich = rich_board();
    char *text = excalidraw_export(rich);
    write_file(path, text);
    assert_int_equal(excalidraw_import_file(path, &b, NULL, &err), ERR_OK);
    assert_int_equal(board_count(b), board_count(rich));
    board_free(b);
    board_free(rich);
    free(text);
    rm_rf(dir);
    free(missing);
    free(path);
    free(dir);
}

static void test_damaged_files_never_crash(void **state)
{
    (void)state;
    Board *rich = rich_board();
    char *text = excalidraw_export(rich);
    size_t len = strlen(text);
    Rng r = {1234};
    int accepted = 0;
    for (int trial = 0; trial < 400; trial++) {
        char *copy = xstrdup(text);
        for (int k = 0; k < 1 + rng_int(&r, 8); k++) {
            static const char BYTES[] = "{}[]\",:0123456789-+.eE \\tnulfrs\xff";
            copy[rng_int(&r, (int)len)] = BYTES[rng_int(&r, (int)sizeof(BYTES) - 1)];
        }
        Board *b = NULL;
        ErrInfo err = {0};
        Err e = excalidraw_import(copy, len, &b, NULL, &err);
        if (e == ERR_OK) {
            check_invariants(b);
            accepted++;
        } else {
            assert_true(err.msg[0] != '\0');
            assert_null(b);
        }
        board_free(b);
        free(copy);
    }
    assert_true(accepted > 0 && accepted < 400);
    free(text);
    board_free(rich);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_svg_export(void **state)
{
    (void)state;
    Board *b = rich_board();
    Buf svg = {0};
    board_svg_export(b, NULL, 0, 20, &svg);
    const char *s = buf_str(&svg);
    assert_true(str_starts_with(s, "<?xml"));
    assert_non_null(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_true(str_ends_with(s, "</svg>\n"));
    assert_non_null(strstr(s, "Service &lt;A&gt; &amp; &quot;B&quot;"));
    assert_int_equal(count(s, "<text"), 4);
    assert_int_equal(count(s, "<text"), count(s, "</text>"));
    assert_int_equal(count(s, "<ellipse"), 1);
    assert_true(count(s, " Q") > 100); /* freehand outlines */
    assert_non_null(strstr(s, "stroke-dasharray=\"8 12\""));
    assert_null(strstr(s, "\"nan"));
    assert_null(strstr(s, "\"-nan"));
    assert_null(strstr(s, "inf\""));
    assert_int_equal(count(s, "stroke-dasharray"), count(s, "stroke-dasharray=\"8 "));
    /* only a selection */
    Buf part = {0};
    int64_t first = board_at(b, 0)->id;
    board_svg_export(b, &first, 1, 0, &part);
    assert_int_equal(count(buf_str(&part), "<text"), 1); /* the stencil's label comes along */
    assert_true(part.len < svg.len / 4);
    Buf empty = {0};
    Board *none = board_new();
    board_svg_export(none, NULL, 0, 10, &empty);
    assert_non_null(strstr(buf_str(&empty), "</svg>"));
    board_free(none);
    buf_free(&empty);
    buf_free(&part);
    buf_free(&svg);
    board_free(b);
}

/* src/io is a layer beside core: no SDL, no SQLite, nothing from ui, cli or platform. */
static void test_io_stays_out_of_sdl_and_sqlite(void **state)
{
    (void)state;
    static const char *const FORBIDDEN[] = {"SDL", "sqlite3.h", "\"ui/", "\"cli/", "\"platform/"};
    DIR *d = opendir(ARCHDRILL_SOURCE_DIR "/src/io");
    assert_non_null(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d))) {
        if (!str_ends_with(e->d_name, ".c") && !str_ends_with(e->d_name, ".h"))
            continue;
        char *path = path_join(ARCHDRILL_SOURCE_DIR "/src/io", e->d_name);
        char *text = read_file(path, NULL);
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
            for (size_t k = 0; k < ARRAY_LEN(FORBIDDEN); k++)
                if (strstr(line, "#include") && strstr(line, FORBIDDEN[k]))
                    fail_msg("%s: %s", path, line);
        free(text);
        free(path);
        files++;
    }
    closedir(d);
    assert_true(files >= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_has_the_fields_excalidraw_expects),
        cmocka_unit_test(test_export_then_import_gives_the_same_board),
        cmocka_unit_test(test_excalidraw_files_import),
        cmocka_unit_test(test_hostile_files_are_refused),
        cmocka_unit_test(test_a_100_mb_file_is_refused_before_reading),
        cmocka_unit_test(test_damaged_files_never_crash),
        cmocka_unit_test(test_svg_export),
        cmocka_unit_test(test_io_stays_out_of_sdl_and_sqlite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
