/*
 * board.c: the board's storage and history. Elements live in slots (reused after
 * deletion), found by id through an IdMap, drawn in `order` (sorted by z, labels just
 * above their shape, then id), filed in the spatial grid by their ink bounds.
 *
 * Every change goes through board_apply. Commands record, for each element they touch,
 * its state before the first touch; when the command ends, its state after. Undo applies
 * the befores in reverse, redo the afters, so any sequence of commands, undos and redos
 * restores exact earlier states. Each finished command, undo and redo appends the ids it
 * changed to the save journal.
 */
#include "core/board_internal.h"

#include "core/board_geom.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GRID_CELL 256.0

/* ---- small lists ------------------------------------------------------------------- */

void board_ids_push(BoardIds *ids, int64_t id)
{
    if (ids->n == ids->cap) {
        ids->cap = ids->cap ? ids->cap * 2 : 16;
        ids->v = xrealloc(ids->v, ids->cap * sizeof(*ids->v));
    }
    ids->v[ids->n++] = id;
}

void board_ids_free(BoardIds *ids)
{
    free(ids->v);
    memset(ids, 0, sizeof(*ids));
}

static void refs_push(BoardRefs *refs, const BoardElement *el)
{
    if (refs->n == refs->cap) {
        refs->cap = refs->cap ? refs->cap * 2 : 64;
        refs->v = xrealloc(refs->v, refs->cap * sizeof(*refs->v));
    }
    refs->v[refs->n++] = el;
}

void board_refs_free(BoardRefs *refs)
{
    free(refs->v);
    memset(refs, 0, sizeof(*refs));
}

/* ---- elements ---------------------------------------------------------------------- */

void board_element_copy(BoardElement *dst, const BoardElement *el)
{
    *dst = *el;
    dst->points = NULL;
    dst->text = NULL;
    if (el->npoints) {
        dst->points = xmalloc(el->npoints * sizeof(*dst->points));
        memcpy(dst->points, el->points, el->npoints * sizeof(*dst->points));
    }
    if (el->text)
        dst->text = xstrdup(el->text);
}

void board_element_clear(BoardElement *el)
{
    free(el->points);
    free(el->text);
    el->points = NULL;
    el->text = NULL;
    el->npoints = 0;
}

static BoardElement *element_dup(const BoardElement *el)
{
    BoardElement *d = xmalloc(sizeof(*d));
    board_element_copy(d, el);
    return d;
}

static void element_destroy(BoardElement *el)
{
    if (!el)
        return;
    board_element_clear(el);
    free(el);
}

static bool style_equal(const BoardStyle *a, const BoardStyle *b)
{
    return a->stroke == b->stroke && a->fill == b->fill && a->width == b->width &&
           a->dashed == b->dashed && a->rounded == b->rounded;
}

static bool binding_equal(BoardBinding a, BoardBinding b)
{
    return a.id == b.id && (a.id == 0 || (a.fx == b.fx && a.fy == b.fy));
}

bool board_element_equal(const BoardElement *a, const BoardElement *b)
{
    if (a->id != b->id || a->z != b->z || a->kind != b->kind || a->stencil != b->stencil ||
        !style_equal(&a->style, &b->style) || a->x != b->x || a->y != b->y || a->w != b->w ||
        a->h != b->h || a->npoints != b->npoints || a->heads != b->heads ||
        a->ngroups != b->ngroups || !binding_equal(a->start, b->start) ||
        !binding_equal(a->end, b->end) || a->font_size != b->font_size ||
        a->container != b->container)
        return false;
    if (a->npoints && memcmp(a->points, b->points, a->npoints * sizeof(*a->points)) != 0)
        return false;
    if ((a->text == NULL) != (b->text == NULL) || (a->text && strcmp(a->text, b->text) != 0))
        return false;
    return a->ngroups == 0 || memcmp(a->groups, b->groups, a->ngroups * sizeof(int64_t)) == 0;
}

bool board_is_label(const BoardElement *el)
{
    return el->kind == BOARD_TEXT && el->container != 0;
}

/* ---- lifecycle --------------------------------------------------------------------- */

Board *board_new(void)
{
    Board *b = xcalloc(1, sizeof(*b));
    grid_init(&b->grid, GRID_CELL);
    b->next_id = 1;
    b->next_group = 1;
    b->cache = xcalloc(1, sizeof(*b->cache));
    return b;
}

static void command_free(Command *c)
{
    for (size_t i = 0; i < c->n; i++) {
        element_destroy(c->v[i].before);
        element_destroy(c->v[i].after);
    }
    free(c->v);
    memset(c, 0, sizeof(*c));
}

static void stack_clear(CommandStack *s)
{
    for (size_t i = 0; i < s->n; i++)
        command_free(&s->v[i]);
    s->n = 0;
}

static void stack_push(CommandStack *s, Command c)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 32;
        s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    s->v[s->n++] = c;
}

void board_free(Board *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->nslots; i++)
        if (b->slots[i].live)
            board_element_clear(&b->slots[i].el);
    free(b->slots);
    free(b->free_slots);
    free(b->order);
    idmap_free(&b->ids);
    grid_free(&b->grid);
    stack_clear(&b->undo);
    stack_clear(&b->redo);
    free(b->undo.v);
    free(b->redo.v);
    command_free(&b->open);
    idmap_free(&b->touched);
    free(b->jids);
    free(b->jends);
    board_element_clear(&b->stroke);
    free(b->cache->stamp);
    free(b->cache->rank);
    free(b->cache);
    free(b);
}

/* ---- order ------------------------------------------------------------------------- */

/* The draw order: z, then a shape before its label, then id. */
static int order_cmp(const BoardElement *a, const BoardElement *b)
{
    if (a->z != b->z)
        return a->z < b->z ? -1 : 1;
    bool la = board_is_label(a), lb = board_is_label(b);
    if (la != lb)
        return la ? 1 : -1;
    return a->id < b->id ? -1 : (a->id > b->id ? 1 : 0);
}

/* The first position in order whose element sorts at or after el. */
static size_t order_find(const Board *b, const BoardElement *el)
{
    size_t lo = 0, hi = b->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (order_cmp(&b->slots[b->order[mid]].el, el) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void order_insert(Board *b, uint32_t slot)
{
    if (b->count == b->order_cap) {
        b->order_cap = b->order_cap ? b->order_cap * 2 : 64;
        b->order = xrealloc(b->order, b->order_cap * sizeof(*b->order));
    }
    size_t at = order_find(b, &b->slots[slot].el);
    memmove(b->order + at + 1, b->order + at, (b->count - at) * sizeof(*b->order));
    b->order[at] = slot;
    b->count++;
    b->cache->rank_dirty = true;
}

static void order_remove(Board *b, uint32_t slot)
{
    size_t at = order_find(b, &b->slots[slot].el);
    while (at < b->count && b->order[at] != slot)
        at++; /* equal keys cannot happen (ids are unique); this is a guard */
    if (at == b->count)
        return;
    memmove(b->order + at, b->order + at + 1, (b->count - at - 1) * sizeof(*b->order));
    b->count--;
    b->cache->rank_dirty = true;
}

int64_t board_z_min(const Board *b)
{
    return b->count ? b->slots[b->order[0]].el.z : 0;
}

int64_t board_z_max(const Board *b)
{
    return b->count ? b->slots[b->order[b->count - 1]].el.z : 0;
}

/* ---- applying changes -------------------------------------------------------------- */

static uint32_t slot_alloc(Board *b)
{
    if (b->nfree)
        return b->free_slots[--b->nfree];
    if (b->nslots == b->slot_cap) {
        b->slot_cap = b->slot_cap ? b->slot_cap * 2 : 64;
        b->slots = xrealloc(b->slots, b->slot_cap * sizeof(*b->slots));
    }
    memset(&b->slots[b->nslots], 0, sizeof(Slot));
    return (uint32_t)b->nslots++;
}

static void slot_release(Board *b, uint32_t slot)
{
    if (b->nfree == b->free_cap) {
        b->free_cap = b->free_cap ? b->free_cap * 2 : 64;
        b->free_slots = xrealloc(b->free_slots, b->free_cap * sizeof(*b->free_slots));
    }
    b->free_slots[b->nfree++] = slot;
    b->slots[slot].live = false;
}

static void note_ids(Board *b, int64_t id)
{
    if (id >= b->next_id)
        b->next_id = id + 1;
}

void board_apply(Board *b, int64_t id, BoardElement *state, bool take)
{
    uint32_t slot;
    bool exists = idmap_get(&b->ids, id, &slot);
    if (exists) {
        order_remove(b, slot);
        board_element_clear(&b->slots[slot].el);
        if (!state) {
            grid_remove(&b->grid, slot);
            idmap_del(&b->ids, id);
            slot_release(b, slot);
            return;
        }
    } else {
        if (!state)
            return;
        slot = slot_alloc(b);
        idmap_put(&b->ids, id, slot);
    }
    Slot *s = &b->slots[slot];
    if (take)
        s->el = *state;
    else
        board_element_copy(&s->el, state);
    s->el.id = id;
    s->el.rev = ++b->rev;
    s->live = true;
    note_ids(b, id);
    for (uint8_t g = 0; g < s->el.ngroups; g++)
        if (s->el.groups[g] >= b->next_group)
            b->next_group = s->el.groups[g] + 1;
    order_insert(b, slot);
    grid_set(&b->grid, slot, board_geom_ink(&s->el));
}

bool board_fetch(const Board *b, int64_t id, BoardElement *out)
{
    const BoardElement *el = board_get(b, id);
    if (!el)
        return false;
    board_element_copy(out, el);
    return true;
}

void board_record(Board *b, int64_t id, BoardElement *state)
{
    board_edit_begin(b);
    uint32_t at;
    if (!idmap_get(&b->touched, id, &at)) {
        const BoardElement *cur = board_get(b, id);
        if (b->open.n == b->open.cap) {
            b->open.cap = b->open.cap ? b->open.cap * 2 : 16;
            b->open.v = xrealloc(b->open.v, b->open.cap * sizeof(*b->open.v));
        }
        b->open.v[b->open.n] = (Change){id, cur ? element_dup(cur) : NULL, NULL};
        idmap_put(&b->touched, id, (uint32_t)b->open.n++);
    }
    if (state)
        state->id = id;
    board_apply(b, id, state, true);
    board_edit_end(b);
}

/* ---- commands, undo, redo ---------------------------------------------------------- */

static void journal_add(Board *b, const Command *c)
{
    if (b->njids + c->n > b->jids_cap) {
        while (b->njids + c->n > b->jids_cap)
            b->jids_cap = b->jids_cap ? b->jids_cap * 2 : 64;
        b->jids = xrealloc(b->jids, b->jids_cap * sizeof(*b->jids));
    }
    for (size_t i = 0; i < c->n; i++)
        b->jids[b->njids++] = c->v[i].id;
    if (b->nj == b->jends_cap) {
        b->jends_cap = b->jends_cap ? b->jends_cap * 2 : 16;
        b->jends = xrealloc(b->jends, b->jends_cap * sizeof(*b->jends));
    }
    b->jends[b->nj++] = b->njids;
    b->commits++;
}

void board_edit_begin(Board *b)
{
    b->depth++;
}

bool board_editing(const Board *b)
{
    return b->depth > 0;
}

/* Finishes the open command: takes the after states, drops what did not change. */
static void commit_open(Board *b)
{
    Command c = b->open;
    memset(&b->open, 0, sizeof(b->open));
    idmap_clear(&b->touched);
    size_t kept = 0;
    for (size_t i = 0; i < c.n; i++) {
        Change ch = c.v[i];
        const BoardElement *cur = board_get(b, ch.id);
        ch.after = cur ? element_dup(cur) : NULL;
        bool same = (!ch.before && !ch.after) ||
                    (ch.before && ch.after && board_element_equal(ch.before, ch.after));
        if (same) {
            element_destroy(ch.before);
            element_destroy(ch.after);
            continue;
        }
        c.v[kept++] = ch;
    }
    c.n = kept;
    if (!kept) {
        command_free(&c);
        return;
    }
    stack_clear(&b->redo);
    journal_add(b, &c);
    stack_push(&b->undo, c);
}

void board_edit_end(Board *b)
{
    if (b->depth <= 0)
        return;
    if (--b->depth == 0)
        commit_open(b);
}

bool board_can_undo(const Board *b)
{
    return b->depth == 0 && b->undo.n > 0;
}

bool board_can_redo(const Board *b)
{
    return b->depth == 0 && b->redo.n > 0;
}

bool board_undo(Board *b)
{
    if (!board_can_undo(b))
        return false;
    Command c = b->undo.v[--b->undo.n];
    for (size_t i = c.n; i-- > 0;)
        board_apply(b, c.v[i].id, c.v[i].before, false);
    journal_add(b, &c);
    stack_push(&b->redo, c);
    return true;
}

bool board_redo(Board *b)
{
    if (!board_can_redo(b))
        return false;
    Command c = b->redo.v[--b->redo.n];
    for (size_t i = 0; i < c.n; i++)
        board_apply(b, c.v[i].id, c.v[i].after, false);
    journal_add(b, &c);
    stack_push(&b->undo, c);
    return true;
}

uint64_t board_commit_count(const Board *b)
{
    return b->commits;
}

/* ---- journal ----------------------------------------------------------------------- */

size_t board_journal_count(const Board *b)
{
    return b->nj;
}

BoardJournalEntry board_journal_entry(const Board *b, size_t i)
{
    size_t start = i ? b->jends[i - 1] : 0;
    return (BoardJournalEntry){b->jids + start, b->jends[i] - start};
}

void board_journal_drop(Board *b, size_t n)
{
    if (n >= b->nj) {
        b->nj = 0;
        b->njids = 0;
        return;
    }
    size_t cut = b->jends[n - 1];
    memmove(b->jids, b->jids + cut, (b->njids - cut) * sizeof(*b->jids));
    b->njids -= cut;
    for (size_t i = n; i < b->nj; i++)
        b->jends[i - n] = b->jends[i] - cut;
    b->nj -= n;
}

/* ---- access ------------------------------------------------------------------------ */

size_t board_count(const Board *b)
{
    return b->count;
}

const BoardElement *board_at(const Board *b, size_t i)
{
    return i < b->count ? &b->slots[b->order[i]].el : NULL;
}

const BoardElement *board_get(const Board *b, int64_t id)
{
    uint32_t slot;
    return idmap_get(&b->ids, id, &slot) ? &b->slots[slot].el : NULL;
}

const BoardElement *board_label_of(const Board *b, int64_t shape_id)
{
    const BoardElement *shape = board_get(b, shape_id);
    if (!shape || !board_kind_is_box(shape->kind))
        return NULL;
    /* A label sorts right after its shape (same z): look just above it. */
    size_t at = order_find(b, shape);
    for (size_t i = at + 1; i < b->count; i++) {
        const BoardElement *el = &b->slots[b->order[i]].el;
        if (el->z != shape->z)
            break;
        if (el->container == shape_id)
            return el;
    }
    return NULL;
}

bool board_extent(const Board *b, BoardRect *out)
{
    for (size_t i = 0; i < b->count; i++) {
        BoardRect r = board_geom_bounds(&b->slots[b->order[i]].el);
        *out = i ? board_rect_union(*out, r) : r;
    }
    return b->count > 0;
}

static size_t element_bytes(const BoardElement *el)
{
    return el->npoints * sizeof(BoardPoint) + (el->text ? strlen(el->text) + 1 : 0);
}

static size_t command_bytes(const Command *c)
{
    size_t n = c->cap * sizeof(Change);
    for (size_t i = 0; i < c->n; i++) {
        if (c->v[i].before)
            n += sizeof(BoardElement) + element_bytes(c->v[i].before);
        if (c->v[i].after)
            n += sizeof(BoardElement) + element_bytes(c->v[i].after);
    }
    return n;
}

size_t board_memory_bytes(const Board *b)
{
    size_t n = sizeof(*b) + b->slot_cap * sizeof(Slot) + b->free_cap * sizeof(uint32_t) +
               b->order_cap * sizeof(uint32_t) + b->ids.cap * (sizeof(int64_t) + 4) +
               b->touched.cap * (sizeof(int64_t) + 4) + grid_memory(&b->grid) +
               b->jids_cap * sizeof(int64_t) + b->jends_cap * sizeof(size_t) +
               b->cache->cap * 2 * sizeof(uint32_t) + b->stroke_cap * sizeof(BoardPoint);
    for (size_t i = 0; i < b->nslots; i++)
        if (b->slots[i].live)
            n += element_bytes(&b->slots[i].el);
    n += (b->undo.cap + b->redo.cap) * sizeof(Command) + command_bytes(&b->open);
    for (size_t i = 0; i < b->undo.n; i++)
        n += command_bytes(&b->undo.v[i]);
    for (size_t i = 0; i < b->redo.n; i++)
        n += command_bytes(&b->redo.v[i]);
    return n;
}

/* ---- queries ----------------------------------------------------------------------- */

/* Makes the stamp and rank arrays cover every slot and ranks current; starts a query. */
static QueryCache *query_start(const Board *b)
{
    QueryCache *q = b->cache;
    if (q->cap < b->nslots) {
        size_t cap = b->slot_cap;
        q->stamp = xrealloc(q->stamp, cap * sizeof(*q->stamp));
        q->rank = xrealloc(q->rank, cap * sizeof(*q->rank));
        memset(q->stamp + q->cap, 0, (cap - q->cap) * sizeof(*q->stamp));
        q->cap = cap;
        q->rank_dirty = true;
    }
    if (q->rank_dirty) {
        for (size_t i = 0; i < b->count; i++)
            q->rank[b->order[i]] = (uint32_t)i;
        q->rank_dirty = false;
    }
    if (++q->now == 0) { /* wrapped: forget every stamp */
        memset(q->stamp, 0, q->cap * sizeof(*q->stamp));
        q->now = 1;
    }
    return q;
}

typedef struct HitCtx {
    const Board *b;
    QueryCache *q;
    double x, y, tol;
    bool shapes_only;
    int64_t except;
    int64_t best_rank;
    uint32_t best;
} HitCtx;

static void hit_visit(void *ctx, uint32_t slot)
{
    HitCtx *h = ctx;
    if (h->q->stamp[slot] == h->q->now)
        return;
    h->q->stamp[slot] = h->q->now;
    const BoardElement *el = &h->b->slots[slot].el;
    if ((int64_t)h->q->rank[slot] <= h->best_rank || el->id == h->except)
        return;
    if (h->shapes_only ? !board_kind_is_box(el->kind) || !board_geom_inside(el, h->x, h->y, h->tol)
                       : !board_geom_hit(el, h->x, h->y, h->tol))
        return;
    h->best_rank = h->q->rank[slot];
    h->best = slot;
}

static int64_t hit(const Board *b, double x, double y, double tol, bool shapes, int64_t except)
{
    if (!b->count || !isfinite(x) || !isfinite(y))
        return 0;
    tol = isfinite(tol) && tol > 0 ? tol : 0;
    HitCtx h = {b, query_start(b), x, y, tol, shapes, except, -1, 0};
    grid_query(&b->grid, (BoardRect){x - tol, y - tol, x + tol, y + tol}, hit_visit, &h);
    if (h.best_rank < 0)
        return 0;
    const BoardElement *el = &b->slots[h.best].el;
    return board_is_label(el) ? el->container : el->id;
}

int64_t board_hit_test(const Board *b, double x, double y, double tol)
{
    return hit(b, x, y, tol, false, 0);
}

int64_t board_shape_at(const Board *b, double x, double y, double tol, int64_t except)
{
    return hit(b, x, y, tol, true, except);
}

typedef struct BoxCtx {
    const Board *b;
    QueryCache *q;
    BoardRect r;
    bool contain;
    uint64_t *found; /* rank << 32 | slot, so sorting them sorts by z-order */
    size_t n, cap;
} BoxCtx;

static void box_visit(void *ctx, uint32_t slot)
{
    BoxCtx *c = ctx;
    if (c->q->stamp[slot] == c->q->now)
        return;
    c->q->stamp[slot] = c->q->now;
    const BoardElement *el = &c->b->slots[slot].el;
    bool take = c->contain ? !board_is_label(el) && board_rect_contains(c->r, board_geom_bounds(el))
                           : board_rect_meets(c->r, board_geom_ink(el));
    if (!take)
        return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->found = xrealloc(c->found, c->cap * sizeof(*c->found));
    }
    c->found[c->n++] = (uint64_t)c->q->rank[slot] << 32 | slot;
}

static int by_rank(const void *a, const void *b)
{
    uint64_t ra = *(const uint64_t *)a, rb = *(const uint64_t *)b;
    return ra < rb ? -1 : (ra > rb ? 1 : 0);
}

/* Runs a box query: through the grid for small boxes, over every element for large ones
 * (then the order is already z-order). */
static void box_query(const Board *b, BoxCtx *c)
{
    double cells = (c->r.x1 - c->r.x0) / GRID_CELL * ((c->r.y1 - c->r.y0) / GRID_CELL);
    if (cells > (double)b->count) {
        for (size_t i = 0; i < b->count; i++)
            box_visit(c, b->order[i]);
        return;
    }
    grid_query(&b->grid, c->r, box_visit, c);
    if (c->n > 1)
        qsort(c->found, c->n, sizeof(*c->found), by_rank);
}

static bool rect_ok(BoardRect r)
{
    return isfinite(r.x0) && isfinite(r.y0) && isfinite(r.x1) && isfinite(r.y1) && r.x0 <= r.x1 &&
           r.y0 <= r.y1;
}

void board_select_box(const Board *b, BoardRect r, BoardIds *out)
{
    if (!b->count || !rect_ok(r))
        return;
    BoxCtx c = {.b = b, .q = query_start(b), .r = r, .contain = true};
    box_query(b, &c);
    for (size_t i = 0; i < c.n; i++)
        board_ids_push(out, b->slots[(uint32_t)c.found[i]].el.id);
    free(c.found);
}

void board_visible(const Board *b, BoardRect r, BoardRefs *out)
{
    out->n = 0;
    if (!b->count || !rect_ok(r))
        return;
    BoxCtx c = {.b = b, .q = query_start(b), .r = r, .contain = false};
    box_query(b, &c);
    for (size_t i = 0; i < c.n; i++)
        refs_push(out, &b->slots[(uint32_t)c.found[i]].el);
    free(c.found);
}
