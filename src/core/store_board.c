/*
 * store_board.c: boards and their elements in SQLite. An element's row has its kind, a
 * JSON document of its fields (written here with Buf, read back with SQLite's own JSON
 * functions) and its points as a blob of little-endian float32 pairs. Rows are keyed by
 * (board_id, eid), eid being the model's element id, so saving a command upserts or
 * deletes exactly the rows it changed.
 *
 * Nothing read from the database is trusted: rows are validated by board_load_element,
 * and a bad one makes the load fail with ERR_CORRUPT naming it.
 */
#include "core/store_internal.h"

#include "core/store_board.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- boards ------------------------------------------------------------------------ */

static Err check_name(Store *s, const char *name)
{
    size_t len = name ? strlen(name) : 0;
    if (len == 0 || len > STORE_BOARD_NAME_MAX)
        return store_fail(s, ERR_PARSE, "a board name has 1 to %d bytes", STORE_BOARD_NAME_MAX);
    return ERR_OK;
}

static Err step_done(Store *s, sqlite3_stmt *st, const char *what)
{
    Err e = sqlite3_step(st) == SQLITE_DONE ? ERR_OK : store_fail_db(s, what);
    sqlite3_finalize(st);
    return e;
}

static Err insert_board(Store *s, const char *name, int64_t now_s, int64_t *id)
{
    sqlite3_stmt *st =
        store_prepare(s, "INSERT INTO boards(name, created_s, modified_s) VALUES(?, ?, ?)");
    if (!st)
        return ERR_DB;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now_s);
    sqlite3_bind_int64(st, 3, now_s);
    Err e = step_done(s, st, "create board");
    if (!e)
        *id = sqlite3_last_insert_rowid(s->db);
    return e;
}

static Err link_attempt(Store *s, int64_t attempt_id, int64_t board_id)
{
    sqlite3_stmt *st = store_prepare(s, "UPDATE drill_attempts SET board_id = ? WHERE id = ?");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, board_id);
    sqlite3_bind_int64(st, 2, attempt_id);
    Err e = step_done(s, st, "link board");
    if (!e && sqlite3_changes(s->db) == 0)
        e = store_fail(s, ERR_NOT_FOUND, "no drill attempt %lld", (long long)attempt_id);
    return e;
}

Err store_board_create(Store *s, const char *name, int64_t attempt_id, int64_t now_s, int64_t *id)
{
    Err e = check_name(s, name);
    if (e)
        return e;
    if ((e = store_begin(s)))
        return e;
    e = insert_board(s, name, now_s, id);
    if (!e && attempt_id > 0)
        e = link_attempt(s, attempt_id, *id);
    if (!e)
        e = store_commit(s);
    if (e)
        store_rollback(s);
    return e;
}

static const char BOARD_COLUMNS[] =
    "SELECT b.id, b.name, coalesce((SELECT min(a.id) FROM drill_attempts a"
    " WHERE a.board_id = b.id), 0), (SELECT count(*) FROM board_elements e"
    " WHERE e.board_id = b.id), b.view_x, b.view_y, b.zoom, b.created_s, b.modified_s"
    " FROM boards b";

static void read_info(sqlite3_stmt *st, BoardInfo *out)
{
    out->id = sqlite3_column_int64(st, 0);
    const unsigned char *name = sqlite3_column_text(st, 1);
    out->name = xstrdup(name ? (const char *)name : "");
    out->attempt_id = sqlite3_column_int64(st, 2);
    out->elements = sqlite3_column_int64(st, 3);
    out->view_x = sqlite3_column_double(st, 4);
    out->view_y = sqlite3_column_double(st, 5);
    out->zoom = sqlite3_column_double(st, 6);
    out->created_s = sqlite3_column_int64(st, 7);
    out->modified_s = sqlite3_column_int64(st, 8);
}

Err store_board_list(Store *s, bool free_only, BoardInfo **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    Buf sql = {0};
    buf_printf(&sql, "%s%s ORDER BY b.modified_s DESC, b.id DESC", BOARD_COLUMNS,
               free_only ? " WHERE NOT EXISTS (SELECT 1 FROM drill_attempts a"
                           " WHERE a.board_id = b.id)"
                         : "");
    sqlite3_stmt *st = store_prepare(s, buf_str(&sql));
    buf_free(&sql);
    if (!st)
        return ERR_DB;
    BoardInfo *list = NULL;
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        list = xrealloc(list, (count + 1) * sizeof(*list));
        read_info(st, &list[count++]);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        store_board_list_free(list, count);
        return store_fail_db(s, "list boards");
    }
    *out = list;
    *n = count;
    return ERR_OK;
}

void store_board_list_free(BoardInfo *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i].name);
    free(list);
}

Err store_board_info(Store *s, int64_t id, BoardInfo *out)
{
    memset(out, 0, sizeof(*out));
    Buf sql = {0};
    buf_printf(&sql, "%s WHERE b.id = ?", BOARD_COLUMNS);
    sqlite3_stmt *st = store_prepare(s, buf_str(&sql));
    buf_free(&sql);
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    Err e = ERR_OK;
    if (rc == SQLITE_ROW)
        read_info(st, out);
    else if (rc == SQLITE_DONE)
        e = store_fail(s, ERR_NOT_FOUND, "no board %lld", (long long)id);
    else
        e = store_fail_db(s, "read board");
    sqlite3_finalize(st);
    return e;
}

Err store_board_of_attempt(Store *s, int64_t attempt_id, int64_t *board_id)
{
    sqlite3_stmt *st = store_prepare(
        s, "SELECT board_id FROM drill_attempts WHERE id = ? AND board_id IS NOT NULL");
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, attempt_id);
    int rc = sqlite3_step(st);
    Err e = ERR_OK;
    if (rc == SQLITE_ROW)
        *board_id = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        e = store_fail(s, ERR_NOT_FOUND, "drill attempt %lld has no board", (long long)attempt_id);
    else
        e = store_fail_db(s, "find board");
    sqlite3_finalize(st);
    return e;
}

/* Runs an UPDATE or DELETE of one board; ERR_NOT_FOUND when it touched no row. */
static Err change_board(Store *s, sqlite3_stmt *st, int64_t id, const char *what)
{
    if (!st)
        return ERR_DB;
    Err e = step_done(s, st, what);
    if (!e && sqlite3_changes(s->db) == 0)
        e = store_fail(s, ERR_NOT_FOUND, "no board %lld", (long long)id);
    return e;
}

Err store_board_rename(Store *s, int64_t id, const char *name, int64_t now_s)
{
    Err e = check_name(s, name);
    if (e)
        return e;
    sqlite3_stmt *st = store_prepare(s, "UPDATE boards SET name = ?, modified_s = ? WHERE id = ?");
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, now_s);
        sqlite3_bind_int64(st, 3, id);
    }
    return change_board(s, st, id, "rename board");
}

Err store_board_delete(Store *s, int64_t id)
{
    Err e = store_begin(s);
    if (e)
        return e;
    sqlite3_stmt *st =
        store_prepare(s, "UPDATE drill_attempts SET board_id = NULL WHERE board_id = ?");
    if (st)
        sqlite3_bind_int64(st, 1, id);
    e = st ? step_done(s, st, "unlink board") : ERR_DB;
    if (!e) {
        /* The elements go with the board (ON DELETE CASCADE). */
        st = store_prepare(s, "DELETE FROM boards WHERE id = ?");
        if (st)
            sqlite3_bind_int64(st, 1, id);
        e = change_board(s, st, id, "delete board");
    }
    if (!e)
        e = store_commit(s);
    if (e)
        store_rollback(s);
    return e;
}

Err store_board_set_view(Store *s, int64_t id, double x, double y, double zoom)
{
    if (!isfinite(x) || !isfinite(y) || fabs(x) > BOARD_COORD_MAX || fabs(y) > BOARD_COORD_MAX ||
        !(zoom >= 0.01 && zoom <= 100))
        return store_fail(s, ERR_PARSE, "view out of range");
    sqlite3_stmt *st =
        store_prepare(s, "UPDATE boards SET view_x = ?, view_y = ?, zoom = ? WHERE id = ?");
    if (st) {
        sqlite3_bind_double(st, 1, x);
        sqlite3_bind_double(st, 2, y);
        sqlite3_bind_double(st, 3, zoom);
        sqlite3_bind_int64(st, 4, id);
    }
    return change_board(s, st, id, "set view");
}

/* ---- element rows ------------------------------------------------------------------ */

static void put_colour(Buf *b, const char *key, uint32_t rgba)
{
    buf_printf(b, ",\"%s\":\"#%08x\"", key, rgba);
}

static void put_binding(Buf *b, const char *key, BoardBinding bd)
{
    if (bd.id)
        buf_printf(b, ",\"%s\":{\"id\":%lld,\"fx\":%.9g,\"fy\":%.9g}", key, (long long)bd.id, bd.fx,
                   bd.fy);
}

/* The element's fields as the row's JSON document (numbers are finite: the model
 * normalizes them). */
static void element_json(const BoardElement *el, Buf *b)
{
    buf_clear(b);
    buf_printf(b, "{\"x\":%.17g,\"y\":%.17g,\"w\":%.17g,\"h\":%.17g", el->x, el->y, el->w, el->h);
    put_colour(b, "stroke", el->style.stroke);
    put_colour(b, "fill", el->style.fill);
    buf_printf(b, ",\"width\":%.9g,\"dashed\":%s,\"rounded\":%s", el->style.width,
               el->style.dashed ? "true" : "false", el->style.rounded ? "true" : "false");
    if (el->stencil)
        buf_printf(b, ",\"stencil\":\"%s\"", board_stencil_info(el->stencil)->key);
    if (el->heads)
        buf_printf(b, ",\"heads\":%d", el->heads);
    put_binding(b, "start", el->start);
    put_binding(b, "end", el->end);
    if (el->text) {
        buf_puts(b, ",\"text\":");
        buf_put_json_string(b, el->text);
        buf_printf(b, ",\"font\":%.9g", el->font_size);
    }
    if (el->container)
        buf_printf(b, ",\"container\":%lld", (long long)el->container);
    if (el->ngroups) {
        buf_puts(b, ",\"groups\":[");
        for (uint8_t g = 0; g < el->ngroups; g++)
            buf_printf(b, "%s%lld", g ? "," : "", (long long)el->groups[g]);
        buf_putc(b, ']');
    }
    buf_putc(b, '}');
}

static void *points_blob(const BoardElement *el, size_t *len)
{
    *len = (size_t)el->npoints * 8;
    unsigned char *p = xmalloc(*len ? *len : 1);
    for (uint32_t i = 0; i < el->npoints; i++) {
        float xy[2] = {el->points[i].x, el->points[i].y};
        for (int k = 0; k < 2; k++) {
            uint32_t u;
            memcpy(&u, &xy[k], 4);
            for (int byte = 0; byte < 4; byte++)
                p[i * 8 + (size_t)k * 4 + (size_t)byte] = (unsigned char)(u >> (8 * byte));
        }
    }
    return p;
}

/* The statements a save uses, prepared once per call. */
typedef struct Writer {
    sqlite3_stmt *upsert, *remove, *touch;
    Buf json;
} Writer;

static void writer_close(Writer *w)
{
    sqlite3_finalize(w->upsert);
    sqlite3_finalize(w->remove);
    sqlite3_finalize(w->touch);
    buf_free(&w->json);
    memset(w, 0, sizeof(*w));
}

static Err writer_open(Store *s, Writer *w)
{
    memset(w, 0, sizeof(*w));
    w->upsert = store_prepare(
        s, "INSERT INTO board_elements(board_id, eid, z, kind, data, points)"
           " VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(board_id, eid) DO UPDATE SET z = excluded.z,"
           " kind = excluded.kind, data = excluded.data, points = excluded.points");
    w->remove = store_prepare(s, "DELETE FROM board_elements WHERE board_id = ? AND eid = ?");
    w->touch = store_prepare(s, "UPDATE boards SET modified_s = max(modified_s, ?) WHERE id = ?");
    if (w->upsert && w->remove && w->touch)
        return ERR_OK;
    writer_close(w);
    return ERR_DB;
}

static Err run(Store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? ERR_OK : store_fail_db(s, what);
}

/* Writes element `id` of board `board` as it is now in b (deletes it if it is gone). */
static Err write_element(Store *s, Writer *w, int64_t board, const Board *b, int64_t id)
{
    const BoardElement *el = board_get(b, id);
    if (!el) {
        sqlite3_bind_int64(w->remove, 1, board);
        sqlite3_bind_int64(w->remove, 2, id);
        return run(s, w->remove, "delete element");
    }
    element_json(el, &w->json);
    size_t len;
    void *blob = points_blob(el, &len);
    sqlite3_bind_int64(w->upsert, 1, board);
    sqlite3_bind_int64(w->upsert, 2, id);
    sqlite3_bind_int64(w->upsert, 3, el->z);
    sqlite3_bind_text(w->upsert, 4, board_kind_name(el->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(w->upsert, 5, buf_str(&w->json), (int)w->json.len, SQLITE_STATIC);
    if (len)
        sqlite3_bind_blob(w->upsert, 6, blob, (int)len, SQLITE_STATIC);
    Err e = run(s, w->upsert, "write element");
    free(blob);
    return e;
}

static Err touch(Store *s, Writer *w, int64_t board, int64_t now_s)
{
    sqlite3_bind_int64(w->touch, 1, now_s);
    sqlite3_bind_int64(w->touch, 2, board);
    Err e = run(s, w->touch, "touch board");
    if (!e && sqlite3_changes(s->db) == 0)
        e = store_fail(s, ERR_NOT_FOUND, "no board %lld", (long long)board);
    return e;
}

/* One journal entry in one transaction. */
static Err save_entry(Store *s, Writer *w, int64_t board, const Board *b, BoardJournalEntry en,
                      int64_t now_s)
{
    Err e = store_begin(s);
    if (e)
        return e;
    e = touch(s, w, board, now_s);
    for (size_t i = 0; !e && i < en.n; i++)
        e = write_element(s, w, board, b, en.ids[i]);
    if (!e)
        e = store_commit(s);
    if (e)
        store_rollback(s);
    return e;
}

Err store_board_save(Store *s, int64_t id, Board *b, int64_t now_s)
{
    size_t n = board_journal_count(b);
    if (board_editing(b) || n == 0)
        return ERR_OK;
    Writer w;
    Err e = writer_open(s, &w);
    if (e)
        return e;
    size_t done = 0;
    while (done < n && !(e = save_entry(s, &w, id, b, board_journal_entry(b, done), now_s)))
        done++;
    board_journal_drop(b, done); /* a failed entry stays for the next call */
    writer_close(&w);
    return e;
}

Err store_board_import(Store *s, const char *name, const Board *b, int64_t now_s, int64_t *id)
{
    Err e = check_name(s, name);
    if (e)
        return e;
    Writer w;
    if ((e = writer_open(s, &w)))
        return e;
    if ((e = store_begin(s))) {
        writer_close(&w);
        return e;
    }
    e = insert_board(s, name, now_s, id);
    for (size_t i = 0; !e && i < board_count(b); i++)
        e = write_element(s, &w, *id, b, board_at(b, i)->id);
    if (!e)
        e = store_commit(s);
    if (e)
        store_rollback(s);
    writer_close(&w);
    return e;
}

/* ---- loading ----------------------------------------------------------------------- */

static const char LOAD_SQL[] =
    "SELECT eid, z, kind, points, json_extract(data, '$.x'), json_extract(data, '$.y'),"
    " json_extract(data, '$.w'), json_extract(data, '$.h'), json_extract(data, '$.stroke'),"
    " json_extract(data, '$.fill'), json_extract(data, '$.width'),"
    " json_extract(data, '$.dashed'), json_extract(data, '$.rounded'),"
    " json_extract(data, '$.stencil'), json_extract(data, '$.heads'),"
    " json_extract(data, '$.start.id'), json_extract(data, '$.start.fx'),"
    " json_extract(data, '$.start.fy'), json_extract(data, '$.end.id'),"
    " json_extract(data, '$.end.fx'), json_extract(data, '$.end.fy'),"
    " json_extract(data, '$.text'), json_extract(data, '$.font'),"
    " json_extract(data, '$.container'),"
    " (SELECT group_concat(value) FROM json_each(data, '$.groups'))"
    " FROM board_elements WHERE board_id = ? ORDER BY z, eid";

enum {
    C_EID,
    C_Z,
    C_KIND,
    C_POINTS,
    C_X,
    C_Y,
    C_W,
    C_H,
    C_STROKE,
    C_FILL,
    C_WIDTH,
    C_DASHED,
    C_ROUNDED,
    C_STENCIL,
    C_HEADS,
    C_START,
    C_END = C_START + 3,
    C_TEXT = C_END + 3,
    C_FONT,
    C_CONTAINER,
    C_GROUPS
};

/* A number column: absent is `fallback`; anything but a number is an error. */
static bool num(sqlite3_stmt *st, int col, double fallback, double *out)
{
    int t = sqlite3_column_type(st, col);
    if (t == SQLITE_NULL) {
        *out = fallback;
        return true;
    }
    if (t != SQLITE_INTEGER && t != SQLITE_FLOAT)
        return false;
    *out = sqlite3_column_double(st, col);
    return isfinite(*out);
}

static bool integer(sqlite3_stmt *st, int col, int64_t *out)
{
    int t = sqlite3_column_type(st, col);
    *out = t == SQLITE_INTEGER ? sqlite3_column_int64(st, col) : 0;
    return t == SQLITE_NULL || t == SQLITE_INTEGER;
}

/* A "#rrggbbaa" column; absent is `fallback`. */
static bool colour(sqlite3_stmt *st, int col, uint32_t fallback, uint32_t *out)
{
    *out = fallback;
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return true;
    const char *s = (const char *)sqlite3_column_text(st, col);
    if (sqlite3_column_type(st, col) != SQLITE_TEXT || strlen(s) != 9 || s[0] != '#')
        return false;
    uint32_t v = 0;
    for (int i = 1; i < 9; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : (c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1);
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return true;
}

/* A text column, or NULL when absent or not text. */
static const char *text_of(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_TEXT ? (const char *)sqlite3_column_text(st, col)
                                                       : NULL;
}

static bool points(sqlite3_stmt *st, BoardElement *el)
{
    int len = sqlite3_column_bytes(st, C_POINTS);
    const unsigned char *p = sqlite3_column_blob(st, C_POINTS);
    if (len % 8 || len / 8 > BOARD_MAX_POINTS)
        return false;
    el->npoints = (uint32_t)(len / 8);
    el->points = el->npoints ? xmalloc(el->npoints * sizeof(BoardPoint)) : NULL;
    for (uint32_t i = 0; i < el->npoints; i++)
        for (int k = 0; k < 2; k++) {
            uint32_t u = 0;
            for (int byte = 3; byte >= 0; byte--)
                u = u << 8 | p[i * 8 + (size_t)k * 4 + (size_t)byte];
            float f;
            memcpy(&f, &u, 4);
            if (k == 0)
                el->points[i].x = f;
            else
                el->points[i].y = f;
        }
    return true;
}

static bool binding(sqlite3_stmt *st, int col, BoardBinding *out)
{
    double fx, fy;
    if (!integer(st, col, &out->id) || !num(st, col + 1, 0, &fx) || !num(st, col + 2, 0, &fy))
        return false;
    out->fx = (float)fx, out->fy = (float)fy;
    return true;
}

static bool groups(sqlite3_stmt *st, BoardElement *el)
{
    const char *s = (const char *)sqlite3_column_text(st, C_GROUPS);
    while (s && *s) {
        char *end = NULL;
        long long g = strtoll(s, &end, 10);
        if (end == s || el->ngroups == BOARD_MAX_GROUPS || (*end && *end != ','))
            return false;
        el->groups[el->ngroups++] = g;
        s = *end ? end + 1 : end;
    }
    return true;
}

/* One row into *el (free with board_element_clear); the name of a bad field, or NULL. */
static const char *read_row(sqlite3_stmt *st, BoardElement *el)
{
    memset(el, 0, sizeof(*el));
    el->id = sqlite3_column_int64(st, C_EID);
    el->z = sqlite3_column_int64(st, C_Z);
    const char *kind = text_of(st, C_KIND);
    if (!kind || !board_kind_parse(kind, &el->kind))
        return "kind";
    const char *stencil = text_of(st, C_STENCIL);
    if ((stencil && !board_stencil_parse(stencil, &el->stencil)) ||
        (!stencil && sqlite3_column_type(st, C_STENCIL) != SQLITE_NULL))
        return "stencil";
    double width, font;
    int64_t heads, dashed, rounded;
    if (!num(st, C_X, 0, &el->x) || !num(st, C_Y, 0, &el->y) || !num(st, C_W, 0, &el->w) ||
        !num(st, C_H, 0, &el->h))
        return "box";
    if (!colour(st, C_STROKE, 0x1e1e1eff, &el->style.stroke) ||
        !colour(st, C_FILL, 0, &el->style.fill) || !num(st, C_WIDTH, 2, &width) ||
        !integer(st, C_DASHED, &dashed) || !integer(st, C_ROUNDED, &rounded))
        return "style";
    el->style.width = (float)width, el->style.dashed = dashed != 0,
    el->style.rounded = rounded != 0;
    if (!integer(st, C_HEADS, &heads) || !binding(st, C_START, &el->start) ||
        !binding(st, C_END, &el->end))
        return "arrow";
    el->heads = (uint8_t)(heads & 3);
    const char *text = text_of(st, C_TEXT);
    if (!text && sqlite3_column_type(st, C_TEXT) != SQLITE_NULL)
        return "text";
    el->text = text ? xstrdup(text) : NULL;
    if (!num(st, C_FONT, 0, &font) || !integer(st, C_CONTAINER, &el->container))
        return "text";
    el->font_size = (float)font;
    if (!groups(st, el))
        return "groups";
    if (!points(st, el))
        return "points";
    return NULL;
}

Err store_board_load(Store *s, int64_t id, Board **out)
{
    *out = NULL;
    BoardInfo info;
    Err e = store_board_info(s, id, &info);
    if (e)
        return e;
    free(info.name);
    sqlite3_stmt *st = store_prepare(s, LOAD_SQL);
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    Board *b = board_new();
    int rc = SQLITE_DONE;
    while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        BoardElement el;
        const char *bad = read_row(st, &el);
        ErrInfo err = {0};
        if (bad)
            e = store_fail(s, ERR_CORRUPT, "board %lld, element %lld: bad %s", (long long)id,
                           (long long)el.id, bad);
        else if (board_load_element(b, &el, &err))
            e = store_fail(s, ERR_CORRUPT, "board %lld: %s", (long long)id, err.msg);
        board_element_clear(&el);
    }
    if (!e && rc != SQLITE_DONE)
        e = rc == SQLITE_ERROR
                ? store_fail(s, ERR_CORRUPT, "board %lld: %s", (long long)id, sqlite3_errmsg(s->db))
                : store_fail_db(s, "load board");
    sqlite3_finalize(st);
    if (e) {
        board_free(b);
        return e;
    }
    board_load_finish(b);
    *out = b;
    return ERR_OK;
}
