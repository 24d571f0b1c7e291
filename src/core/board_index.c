/*
 * board_index.c: the board's two indexes. IdMap finds an element's slot from its id
 * (open addressing, linear probing, deletion by backward shift so no tombstones pile up
 * under undo/redo). Grid is a uniform grid hashed by cell: each element is filed under
 * the cells its ink bounds cover, so a hit-test looks at one or a few cells whatever the
 * board's size; an element covering more than BIG_CELLS cells goes to a short list that
 * every query scans instead.
 */
#include "core/board_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BIG_CELLS 256

static size_t hash64(uint64_t k, size_t cap)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

/* ---- IdMap ------------------------------------------------------------------------- */

bool idmap_get(const IdMap *m, int64_t key, uint32_t *val)
{
    if (!m->cap || key <= 0)
        return false;
    for (size_t i = hash64((uint64_t)key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key) {
            *val = m->vals[i];
            return true;
        }
        if (m->keys[i] == 0)
            return false;
    }
}

static void idmap_grow(IdMap *m)
{
    IdMap bigger = {0};
    bigger.cap = m->cap ? m->cap * 2 : 64;
    bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
    bigger.vals = xcalloc(bigger.cap, sizeof(*bigger.vals));
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            idmap_put(&bigger, m->keys[i], m->vals[i]);
    idmap_free(m);
    *m = bigger;
}

void idmap_put(IdMap *m, int64_t key, uint32_t val)
{
    if (key <= 0)
        return; /* 0 marks empty buckets; ids are positive */
    if ((m->used + 1) * 4 > m->cap * 3)
        idmap_grow(m);
    size_t i = hash64((uint64_t)key, m->cap);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i])
        m->used++;
    m->keys[i] = key;
    m->vals[i] = val;
}

void idmap_del(IdMap *m, int64_t key)
{
    if (!m->cap || key <= 0)
        return;
    size_t mask = m->cap - 1, i = hash64((uint64_t)key, m->cap);
    while (m->keys[i] != key) {
        if (!m->keys[i])
            return;
        i = (i + 1) & mask;
    }
    /* Shift back every later entry of the cluster that may move into the hole. */
    for (size_t j = (i + 1) & mask; m->keys[j]; j = (j + 1) & mask) {
        size_t home = hash64((uint64_t)m->keys[j], m->cap);
        bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
        if (movable) {
            m->keys[i] = m->keys[j];
            m->vals[i] = m->vals[j];
            i = j;
        }
    }
    m->keys[i] = 0;
    m->used--;
}

void idmap_clear(IdMap *m)
{
    if (m->cap)
        memset(m->keys, 0, m->cap * sizeof(*m->keys));
    m->used = 0;
}

void idmap_free(IdMap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}

/* ---- Grid -------------------------------------------------------------------------- */

void grid_init(Grid *g, double cell)
{
    memset(g, 0, sizeof(*g));
    g->cell = cell;
}

void grid_free(Grid *g)
{
    for (size_t i = 0; i < g->nbuckets; i++)
        free(g->buckets[i].v);
    free(g->buckets);
    free(g->keys);
    free(g->slot_of);
    free(g->big);
    free(g->regs);
    memset(g, 0, sizeof(*g));
}

static uint64_t cell_key(int32_t cx, int32_t cy)
{
    return ((uint64_t)(uint32_t)cx << 32) | (uint32_t)cy;
}

static int32_t cell_of(const Grid *g, double v)
{
    double c = floor(v / g->cell);
    if (c < -1e9)
        return -1000000000;
    if (c > 1e9)
        return 1000000000;
    return (int32_t)c;
}

/* The bucket of a cell, or NULL when the cell was never used. */
static GridBucket *find_bucket(const Grid *g, uint64_t key)
{
    if (!g->cap)
        return NULL;
    for (size_t i = hash64(key, g->cap);; i = (i + 1) & (g->cap - 1)) {
        if (!g->slot_of[i])
            return NULL;
        if (g->keys[i] == key)
            return &g->buckets[g->slot_of[i] - 1];
    }
}

static void table_insert(Grid *g, uint64_t key, uint32_t bucket_plus_one)
{
    size_t i = hash64(key, g->cap);
    while (g->slot_of[i])
        i = (i + 1) & (g->cap - 1);
    g->keys[i] = key;
    g->slot_of[i] = bucket_plus_one;
}

static GridBucket *get_bucket(Grid *g, uint64_t key)
{
    GridBucket *found = find_bucket(g, key);
    if (found)
        return found;
    if ((g->used + 1) * 2 > g->cap) {
        size_t old_cap = g->cap;
        uint64_t *old_keys = g->keys;
        uint32_t *old_slots = g->slot_of;
        g->cap = old_cap ? old_cap * 2 : 256;
        g->keys = xcalloc(g->cap, sizeof(*g->keys));
        g->slot_of = xcalloc(g->cap, sizeof(*g->slot_of));
        for (size_t i = 0; i < old_cap; i++)
            if (old_slots[i])
                table_insert(g, old_keys[i], old_slots[i]);
        free(old_keys);
        free(old_slots);
    }
    g->buckets = xrealloc(g->buckets, (g->nbuckets + 1) * sizeof(*g->buckets));
    memset(&g->buckets[g->nbuckets], 0, sizeof(GridBucket));
    g->nbuckets++;
    table_insert(g, key, (uint32_t)g->nbuckets);
    g->used++;
    return &g->buckets[g->nbuckets - 1];
}

static void bucket_add(GridBucket *bk, uint32_t slot)
{
    if (bk->n == bk->cap) {
        bk->cap = bk->cap ? bk->cap * 2 : 4;
        bk->v = xrealloc(bk->v, bk->cap * sizeof(*bk->v));
    }
    bk->v[bk->n++] = slot;
}

static void list_remove(uint32_t *v, size_t *n, uint32_t slot)
{
    for (size_t i = 0; i < *n; i++)
        if (v[i] == slot) {
            v[i] = v[--*n];
            return;
        }
}

void grid_remove(Grid *g, uint32_t slot)
{
    if (slot >= g->nregs || !g->regs[slot].state)
        return;
    GridReg *r = &g->regs[slot];
    if (r->state == 2) {
        list_remove(g->big, &g->nbig, slot);
    } else {
        for (int32_t cy = r->cy0; cy <= r->cy1; cy++)
            for (int32_t cx = r->cx0; cx <= r->cx1; cx++) {
                GridBucket *bk = find_bucket(g, cell_key(cx, cy));
                if (bk) {
                    size_t n = bk->n;
                    list_remove(bk->v, &n, slot);
                    bk->n = (uint32_t)n;
                }
            }
    }
    r->state = 0;
}

void grid_set(Grid *g, uint32_t slot, BoardRect r)
{
    if (slot >= g->nregs) {
        size_t n = g->nregs ? g->nregs : 64;
        while (n <= slot)
            n *= 2;
        g->regs = xrealloc(g->regs, n * sizeof(*g->regs));
        memset(g->regs + g->nregs, 0, (n - g->nregs) * sizeof(*g->regs));
        g->nregs = n;
    }
    GridReg next = {cell_of(g, r.x0), cell_of(g, r.y0), cell_of(g, r.x1), cell_of(g, r.y1), 1};
    double cells = ((double)next.cx1 - next.cx0 + 1) * ((double)next.cy1 - next.cy0 + 1);
    if (cells > BIG_CELLS)
        next.state = 2;
    GridReg *cur = &g->regs[slot];
    if (cur->state == next.state &&
        (next.state == 2 || (cur->cx0 == next.cx0 && cur->cy0 == next.cy0 && cur->cx1 == next.cx1 &&
                             cur->cy1 == next.cy1)))
        return; /* filed under the same cells already */
    grid_remove(g, slot);
    *cur = next;
    if (next.state == 2) {
        if (g->nbig == g->bigcap) {
            g->bigcap = g->bigcap ? g->bigcap * 2 : 16;
            g->big = xrealloc(g->big, g->bigcap * sizeof(*g->big));
        }
        g->big[g->nbig++] = slot;
        return;
    }
    for (int32_t cy = next.cy0; cy <= next.cy1; cy++)
        for (int32_t cx = next.cx0; cx <= next.cx1; cx++)
            bucket_add(get_bucket(g, cell_key(cx, cy)), slot);
}

static void visit_bucket(const GridBucket *bk, void (*fn)(void *, uint32_t), void *ctx)
{
    for (uint32_t i = 0; i < bk->n; i++)
        fn(ctx, bk->v[i]);
}

void grid_query(const Grid *g, BoardRect r, void (*fn)(void *ctx, uint32_t slot), void *ctx)
{
    for (size_t i = 0; i < g->nbig; i++)
        fn(ctx, g->big[i]);
    int32_t cx0 = cell_of(g, r.x0), cy0 = cell_of(g, r.y0);
    int32_t cx1 = cell_of(g, r.x1), cy1 = cell_of(g, r.y1);
    double cells = ((double)cx1 - cx0 + 1) * ((double)cy1 - cy0 + 1);
    if (cells > (double)g->used) {
        /* A query wider than the cells in use: walk the used cells instead. */
        for (size_t i = 0; i < g->cap; i++) {
            if (!g->slot_of[i])
                continue;
            int32_t cx = (int32_t)(uint32_t)(g->keys[i] >> 32);
            int32_t cy = (int32_t)(uint32_t)g->keys[i];
            if (cx >= cx0 && cx <= cx1 && cy >= cy0 && cy <= cy1)
                visit_bucket(&g->buckets[g->slot_of[i] - 1], fn, ctx);
        }
        return;
    }
    for (int32_t cy = cy0; cy <= cy1; cy++)
        for (int32_t cx = cx0; cx <= cx1; cx++) {
            const GridBucket *bk = find_bucket(g, cell_key(cx, cy));
            if (bk)
                visit_bucket(bk, fn, ctx);
        }
}

size_t grid_memory(const Grid *g)
{
    size_t bytes = g->cap * (sizeof(*g->keys) + sizeof(*g->slot_of)) +
                   g->nbuckets * sizeof(*g->buckets) + g->bigcap * sizeof(*g->big) +
                   g->nregs * sizeof(*g->regs);
    for (size_t i = 0; i < g->nbuckets; i++)
        bytes += g->buckets[i].cap * sizeof(uint32_t);
    return bytes;
}
