/*
 * markdown_internal.h: what markdown.c (md4c callbacks, inline text collection) and
 * markdown_layout.c (line flow, blocks, tables, drawing) share: the layout's items, the
 * parse context with its block stack, segments and table cells, and the layout steps the
 * callbacks call. Not for other modules.
 */
#ifndef ARCHDRILL_MARKDOWN_INTERNAL_H
#define ARCHDRILL_MARKDOWN_INTERNAL_H

#include "ui/markdown.h"

#include "core/base.h"
#include "core/str.h"

#include <md4c.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NO_TEXT     SIZE_MAX
#define REPLACEMENT "\xEF\xBF\xBD"

#define GROW(arr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) ? (cap)*2 : 16;                                                          \
            (arr) = xrealloc((arr), (cap) * sizeof(*(arr)));                                       \
        }                                                                                          \
    } while (0)

typedef struct Item {
    Rect r; /* relative to the layout's top-left */
    Color color;
    float size;  /* TEXT: font size */
    float lh;    /* line box of the run the item belongs to, to align a line's sizes */
    size_t text; /* offset of the string in MdLayout.text; NO_TEXT for a rectangle */
    FontId font;
} Item;

struct MdLayout {
    Item *items;
    size_t count, cap;
    Buf text; /* the runs' strings, each NUL-terminated */
    float height;
};

enum { SEG_CODE = 1, SEG_DEL = 2, SEG_BREAK = 4 };

/* A styled stretch of the inline buffer; a hard line break is an empty SEG_BREAK. */
typedef struct Seg {
    size_t start, end;
    FontId font;
    unsigned flags;
} Seg;

/* An open block: where its content goes, and what its end needs. */
typedef struct Frame {
    MD_BLOCKTYPE type;
    float x, w;       /* content box */
    float y0, bar_x;  /* QUOTE, CODE: where the box or bar starts */
    size_t box;       /* QUOTE, CODE: the reserved item */
    unsigned number;  /* OL: the next item's number */
    char delim;       /* OL: '.' or ')' */
    bool tight;       /* UL, OL and their LI: items without paragraph spacing */
    bool has_content; /* a child block was placed: the next one gets a gap */
    float min_bottom; /* LI: the bottom of its marker */
} Frame;

typedef struct Cell {
    size_t lo, hi; /* segments */
    unsigned row, col;
    MD_ALIGN align;
    bool head;
} Cell;

/* A part of a word within one segment. */
typedef struct Piece {
    size_t seg, a, b;
    float w;
} Piece;

typedef struct Ctx {
    MdLayout *out;
    MdStyle st;
    float width;
    TextMeasureFn measure;
    void *user;
    float y; /* top of the next block */
    Frame *stack;
    size_t depth, stack_cap;
    Buf inl; /* inline text of the open text block(s) */
    Seg *segs;
    size_t nsegs, segs_cap, seg_floor; /* segments below seg_floor are never extended */
    int em, strong, code, del;         /* open spans */
    unsigned heading;                  /* level of the open heading, 0 when none */
    int quote_depth;
    bool in_code;
    Buf code_text; /* raw text of the open code block */
    Cell *cells;
    size_t ncells, cells_cap, cell_lo, head_bg;
    unsigned cols, rows, row, col;
    MD_ALIGN cell_align;
    bool in_table, cell_head;
    Piece *pieces; /* the word being flowed */
    size_t npieces, pieces_cap;
    Buf scratch; /* NUL-terminated copies for the measurer */
} Ctx;

/* ---- markdown.c ---- */

/* Forgets the collected inline text and its segments. */
void md_inline_clear(Ctx *c);

/* ---- markdown_layout.c ---- */

/* Reserves a rectangle drawn under what follows; returns its index, to size it later. */
size_t md_reserve_box(Ctx *c);
/* Sizes and colours the reserved rectangle i. */
void md_set_box(Ctx *c, size_t i, Rect r, Color color);
/* Flows the collected inline text as one block of the frame at c->y, moves c->y below it and
 * forgets the text. */
void md_flow_block(Ctx *c, const Frame *fr, float size, bool bold);
/* Text a tight list item holds without a paragraph, flushed before its next block. */
void md_flush_loose_text(Ctx *c);
/* Spaces a block of `type` from its previous sibling in the container `parent`. */
void md_open_block(Ctx *c, Frame *parent, MD_BLOCKTYPE type);
/* Moves the frame's content right by `by`, unless that would leave the text too narrow. */
void md_indent(const Ctx *c, Frame *f, float by);
/* Places the bullet or number of list item `li` of `list` and indents the item. */
void md_list_marker(Ctx *c, Frame *list, Frame *li);
/* Places a horizontal rule across the frame at c->y. */
void md_rule(Ctx *c, const Frame *fr);
/* The font size of a heading of `level` (1-6). */
float md_heading_size(const Ctx *c, unsigned level);
/* Lays out c->code_text as a code block in the frame, sizes its reserved box, ends the block. */
void md_code_block(Ctx *c, const Frame *fr);
/* Lays out the collected cells as a table in the frame at c->y, ends the table. */
void md_table_layout(Ctx *c, const Frame *fr);

#endif
