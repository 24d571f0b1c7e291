/*
 * board_internal.h: what the board's own files (board*.c) share: the Board struct, the
 * id map, the spatial grid and the recording primitive every command goes through.
 * Not for other modules.
 */
#ifndef ARCHDRILL_BOARD_INTERNAL_H
#define ARCHDRILL_BOARD_INTERNAL_H

#include "core/board.h"

/* ---- an int64 -> uint32 hash map (linear probing, backward-shift deletion) --------- */

typedef struct IdMap {
    int64_t *keys; /* 0 marks an empty bucket: keys are > 0 */
    uint32_t *vals;
    size_t cap, used; /* cap is 0 or a power of two */
} IdMap;

bool idmap_get(const IdMap *m, int64_t key, uint32_t *val);
void idmap_put(IdMap *m, int64_t key, uint32_t val);
void idmap_del(IdMap *m, int64_t key);
void idmap_clear(IdMap *m);
void idmap_free(IdMap *m);

/* ---- the spatial grid: element slots by the cells their ink bounds cover ------------ */

typedef struct GridBucket {
    uint32_t *v;
    uint32_t n, cap;
} GridBucket;

typedef struct GridReg {
    int32_t cx0, cy0, cx1, cy1;
    uint8_t state; /* 0 not indexed, 1 in cells, 2 in the big list */
} GridReg;

typedef struct Grid {
    double cell;
    uint64_t *keys; /* cell keys; a parallel table of bucket numbers + 1 (0 = empty) */
    uint32_t *slot_of;
    size_t cap, used;
    GridBucket *buckets;
    size_t nbuckets;
    uint32_t *big; /* elements covering too many cells to file in each */
    size_t nbig, bigcap;
    GridReg *regs; /* per element slot */
    size_t nregs;
} Grid;

void grid_init(Grid *g, double cell);
void grid_free(Grid *g);
/* Files (or refiles) a slot under the cells of r. */
void grid_set(Grid *g, uint32_t slot, BoardRect r);
void grid_remove(Grid *g, uint32_t slot);
/* Calls fn for every slot filed under a cell r meets (a slot may come more than once). */
void grid_query(const Grid *g, BoardRect r, void (*fn)(void *ctx, uint32_t slot), void *ctx);
size_t grid_memory(const Grid *g);

/* ---- the board --------------------------------------------------------------------- */

typedef struct Slot {
    BoardElement el;
    bool live;
} Slot;

/* One element's part in a command: its states before and after (NULL: absent). */
typedef struct Change {
    int64_t id;
    BoardElement *before;
    BoardElement *after;
} Change;

typedef struct Command {
    Change *v;
    size_t n, cap;
} Command;

typedef struct CommandStack {
    Command *v;
    size_t n, cap;
} CommandStack;

/* Scratch state of queries (dedup stamps, z ranks): mutable behind a const Board. */
typedef struct QueryCache {
    uint32_t *stamp; /* per slot */
    uint32_t *rank;  /* per slot: its index in order */
    size_t cap;
    uint32_t now;
    bool rank_dirty;
} QueryCache;

struct Board {
    Slot *slots;
    size_t nslots, slot_cap;
    uint32_t *free_slots;
    size_t nfree, free_cap;
    uint32_t *order; /* live slots in z-order */
    size_t count, order_cap;
    IdMap ids; /* id -> slot */
    Grid grid;
    CommandStack undo, redo;
    Command open;  /* the command being recorded */
    int depth;     /* board_edit_begin nesting */
    IdMap touched; /* id -> index in open.v */
    uint64_t commits;
    int64_t *jids; /* journal: ids of all entries, one after another */
    size_t njids, jids_cap;
    size_t *jends; /* entry i ends at jends[i] */
    size_t nj, jends_cap;
    int64_t next_id, next_group;
    uint32_t rev;
    BoardElement stroke; /* the stroke in progress */
    bool stroking;
    size_t stroke_cap;
    QueryCache *cache;
};

/* Sets element `id` to *state (taking ownership of its points and text; state->id must
 * be id) or removes it (state NULL), recording the change in the open command. */
void board_record(Board *b, int64_t id, BoardElement *state);
/* As board_record without recording (loading, undo, redo). */
void board_apply(Board *b, int64_t id, BoardElement *state, bool take);
/* A deep copy of element id's current state into *out; false if it does not exist. */
bool board_fetch(const Board *b, int64_t id, BoardElement *out);
/* Clamps numbers into range and restores the shape invariants (points from the top-left
 * of their extent w x h; sizes >= 0; no fields the kind does not use). */
void board_normalize(BoardElement *el);
/* The z of the bottom and top elements (0 for an empty board). */
int64_t board_z_min(const Board *b);
int64_t board_z_max(const Board *b);
/* True for a text labelling a shape. */
bool board_is_label(const BoardElement *el);
/* Centres a label in its shape and gives it the shape's z and groups. */
void board_layout_label(BoardElement *label, const BoardElement *shape);
/* Puts an arrow's start (end 0) or end (end 1) at its binding's fixed point on shape. */
void board_seat_end(BoardElement *arrow, int end, const BoardElement *shape);
/* The fixed point of board coordinates (px, py) in a shape's box. */
void board_fixed_point(const BoardElement *shape, double px, double py, float *fx, float *fy);

#endif
