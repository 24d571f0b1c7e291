/*
 * markdown.c: card Markdown laid out into positioned runs (see markdown.h).
 *
 * md4c streams blocks, spans and text to the callbacks below. Inline text is collected into
 * one buffer of styled segments (always valid UTF-8) and flowed when its block ends; the
 * open blocks form a stack that gives each block its x and width. Items are stored relative
 * to the layout's top-left in painter's order: a box behind a block (code, quote bar, table
 * header) is reserved when the block starts and sized when it ends. Deep nesting stops
 * indenting once the text would get too narrow, so any input lays out.
 */
#include "ui/markdown.h"

#include "core/base.h"
#include "core/str.h"
#include "core/utf8.h"

#include <md4c.h>

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_FACTOR 1.25f /* a line box is this many times its font size */
#define MONO_SCALE  0.9f  /* monospace glyphs look larger than proportional ones at a size */
#define BASELINE    0.8f  /* share of a line box above the baseline, to align mixed sizes */
#define NO_TEXT     SIZE_MAX
#define REPLACEMENT "\xEF\xBF\xBD"
#define BULLET      "\xE2\x80\xA2"

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

/* ---- output ---- */

static Item *push_item(Ctx *c, Rect r, Color color, float lh)
{
    MdLayout *l = c->out;
    GROW(l->items, l->count, l->cap);
    Item *it = &l->items[l->count++];
    *it = (Item){.r = r, .color = color, .lh = lh, .text = NO_TEXT};
    return it;
}

static void push_text(Ctx *c, Rect r, FontId font, float size, Color color, const char *s, size_t n,
                      float lh)
{
    Item *it = push_item(c, r, color, lh);
    it->font = font;
    it->size = size;
    it->text = c->out->text.len;
    buf_append(&c->out->text, s, n);
    buf_putc(&c->out->text, '\0');
}

/* Reserves a rectangle drawn under what follows; returns its index, to size it later. */
static size_t reserve_box(Ctx *c)
{
    push_item(c, (Rect){0, 0, 0, 0}, (Color){0, 0, 0, 0}, 0);
    return c->out->count - 1;
}

static void set_box(Ctx *c, size_t i, Rect r, Color color)
{
    c->out->items[i].r = r;
    c->out->items[i].color = color;
}

static float measure_bytes(Ctx *c, FontId font, float size, const char *s, size_t n)
{
    buf_clear(&c->scratch);
    buf_append(&c->scratch, s, n);
    float w = c->measure(c->user, font, size, buf_str(&c->scratch));
    return w > 0 && w < 1e9f ? w : 0; /* a broken measurer must not break the layout */
}

/* ---- inline text ---- */

static size_t cp_len(const char *s, size_t n)
{
    uint32_t cp;
    size_t len = utf8_decode(s, n, &cp);
    return len ? len : 1;
}

static FontId span_font(const Ctx *c)
{
    if (c->code)
        return FONT_MONO;
    if (c->strong)
        return FONT_UI_BOLD;
    return c->em ? FONT_UI_ITALIC : FONT_UI;
}

/* Appends bytes that are already clean, extending the last segment when the style matches. */
static void put_clean(Ctx *c, const char *s, size_t n)
{
    FontId font = span_font(c);
    unsigned flags = (c->code ? SEG_CODE : 0u) | (c->del ? SEG_DEL : 0u);
    Seg *last = c->nsegs > c->seg_floor ? &c->segs[c->nsegs - 1] : NULL;
    if (!last || last->font != font || last->flags != flags || last->end != c->inl.len) {
        GROW(c->segs, c->nsegs, c->segs_cap);
        last = &c->segs[c->nsegs++];
        *last = (Seg){c->inl.len, c->inl.len, font, flags};
    }
    buf_append(&c->inl, s, n);
    last->end = c->inl.len;
}

/* Appends inline text as valid UTF-8 without control characters: whitespace controls become
 * spaces, other controls and invalid bytes U+FFFD. */
static void append_text(Ctx *c, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n) {
            unsigned char b = (unsigned char)s[j];
            uint32_t cp;
            size_t len = b >= 0x80 ? utf8_decode(s + j, n - j, &cp) : (b >= 0x20 && b != 0x7f);
            if (len == 0)
                break;
            j += len;
        }
        if (j > i)
            put_clean(c, s + i, j - i);
        if (j == n)
            break;
        unsigned char b = (unsigned char)s[j];
        bool space = b == '\t' || b == '\n' || b == '\r' || b == '\v' || b == '\f';
        put_clean(c, space ? " " : REPLACEMENT, space ? 1 : 3);
        i = j + 1;
    }
}

static void add_break(Ctx *c)
{
    GROW(c->segs, c->nsegs, c->segs_cap);
    c->segs[c->nsegs++] = (Seg){c->inl.len, c->inl.len, FONT_UI, SEG_BREAK};
}

static void clear_inline(Ctx *c)
{
    buf_clear(&c->inl);
    c->nsegs = c->seg_floor = 0;
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        cp = 0xfffd;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* The named entities cards are likely to use; others are shown as written. */
static const struct {
    const char *name;
    uint32_t cp;
} ENTITIES[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xa0},    {"copy", 0xa9},    {"reg", 0xae},     {"trade", 0x2122},  {"hellip", 0x2026},
    {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201c},
    {"rdquo", 0x201d}, {"laquo", 0xab},   {"raquo", 0xbb},   {"bull", 0x2022},   {"middot", 0xb7},
    {"times", 0xd7},   {"divide", 0xf7},  {"plusmn", 0xb1},  {"minus", 0x2212},  {"le", 0x2264},
    {"ge", 0x2265},    {"ne", 0x2260},    {"asymp", 0x2248}, {"infin", 0x221e},  {"deg", 0xb0},
    {"micro", 0xb5},   {"sect", 0xa7},    {"para", 0xb6},    {"euro", 0x20ac},   {"pound", 0xa3},
    {"yen", 0xa5},     {"cent", 0xa2},    {"rarr", 0x2192},  {"larr", 0x2190},   {"harr", 0x2194},
    {"uarr", 0x2191},  {"darr", 0x2193},  {"rArr", 0x21d2},  {"lArr", 0x21d0},   {"hArr", 0x21d4},
    {"check", 0x2713}, {"cross", 0x2717}, {"sup2", 0xb2},    {"sup3", 0xb3},     {"frac12", 0xbd},
    {"frac14", 0xbc},  {"frac34", 0xbe},  {"alpha", 0x3b1},  {"beta", 0x3b2},    {"gamma", 0x3b3},
    {"delta", 0x3b4},  {"lambda", 0x3bb}, {"mu", 0x3bc},     {"pi", 0x3c0},      {"sigma", 0x3c3},
    {"Delta", 0x394},  {"Sigma", 0x3a3},  {"Omega", 0x3a9},  {"thinsp", 0x2009}, {"ensp", 0x2002},
    {"emsp", 0x2003},  {"shy", 0xad},     {"zwj", 0x200d},
};

/* The code point of an entity as md4c passes it ("&amp;", "&#233;", "&#x1F600;"), or 0. */
static uint32_t entity_cp(const char *s, size_t n)
{
    if (n < 3 || s[0] != '&' || s[n - 1] != ';')
        return 0;
    if (s[1] != '#') {
        for (size_t i = 0; i < ARRAY_LEN(ENTITIES); i++)
            if (strlen(ENTITIES[i].name) == n - 2 && memcmp(ENTITIES[i].name, s + 1, n - 2) == 0)
                return ENTITIES[i].cp;
        return 0;
    }
    bool hex = n > 3 && (s[2] == 'x' || s[2] == 'X');
    uint32_t cp = 0;
    for (size_t i = hex ? 3 : 2; i + 1 < n; i++) {
        char d = s[i];
        uint32_t v = d >= '0' && d <= '9' ? (uint32_t)(d - '0')
                     : hex                ? (uint32_t)((d | 0x20) - 'a' + 10)
                                          : 99;
        if (v >= (hex ? 16u : 10u))
            return 0xfffd;
        cp = cp * (hex ? 16u : 10u) + v;
        if (cp > 0x10ffff)
            return 0xfffd;
    }
    return cp ? cp : 0xfffd;
}

static void append_entity(Ctx *c, const char *s, size_t n)
{
    uint32_t cp = entity_cp(s, n);
    if (cp == 0) {
        append_text(c, s, n);
        return;
    }
    char u[4];
    append_text(c, u, utf8_encode(cp, u));
}

/* ---- flowing inline text into lines ---- */

typedef struct FlowIn {
    float x, y, avail, size;
    bool bold; /* headings and header cells: all but code in bold */
    MD_ALIGN align;
    Color color;
    bool emit; /* false: only measure */
} FlowIn;

typedef struct Flow {
    Ctx *c;
    const FlowIn *in;
    float space_w[FONT_COUNT]; /* width of one space per font; < 0 until measured */
    float cx, line_y, line_h;  /* cursor, line top, tallest line box on the line */
    size_t line_first;         /* first item of the line */
    bool line_empty;
    bool run_open; /* the run being extended: one item per run */
    size_t run_seg, run_a, run_b;
    float run_x, run_w;
    bool space, space_split; /* a space waiting for the next word; split over segments */
    size_t space_seg, space_a, space_b;
    float space_wsum;
    float max_line_w, max_word_w, height;
} Flow;

static FontId seg_font(const Flow *f, size_t seg)
{
    FontId font = f->c->segs[seg].font;
    return f->in->bold && font != FONT_MONO ? FONT_UI_BOLD : font;
}

static float seg_size(const Flow *f, size_t seg)
{
    return f->c->segs[seg].flags & SEG_CODE ? f->in->size * MONO_SCALE : f->in->size;
}

static void close_run(Flow *f)
{
    if (!f->run_open)
        return;
    f->run_open = false;
    if (!f->in->emit)
        return;
    Ctx *c = f->c;
    unsigned flags = c->segs[f->run_seg].flags;
    float size = seg_size(f, f->run_seg), lh = size * LINE_FACTOR;
    Rect box = {f->in->x + f->run_x, f->line_y, f->run_w, lh};
    if (flags & SEG_CODE)
        push_item(c, box, c->st.code_bg, lh);
    push_text(c, box, seg_font(f, f->run_seg), size, f->in->color, c->inl.data + f->run_a,
              f->run_b - f->run_a, lh);
    if (flags & SEG_DEL) {
        Rect strike = {box.x, box.y + lh * 0.55f, box.w, fmaxf(1.0f, size / 14.0f)};
        push_item(c, strike, f->in->color, lh);
    }
}

/* Ends the line: aligns its items horizontally (table cells) and on a common baseline. */
static void finish_line(Flow *f)
{
    close_run(f);
    float h = f->line_h > 0 ? f->line_h : f->in->size * LINE_FACTOR;
    if (f->in->emit) {
        float dx = 0, slack = f->in->avail - f->cx;
        if (slack > 0 && f->in->align == MD_ALIGN_RIGHT)
            dx = slack;
        else if (slack > 0 && f->in->align == MD_ALIGN_CENTER)
            dx = slack / 2;
        for (size_t i = f->line_first; i < f->c->out->count; i++) {
            Item *it = &f->c->out->items[i];
            it->r.x += dx;
            it->r.y += (h - it->lh) * BASELINE;
        }
    }
    f->max_line_w = fmaxf(f->max_line_w, f->cx);
    f->height = f->line_y + h - f->in->y;
    f->line_y += h + f->c->st.line_gap;
    f->cx = f->line_h = 0;
    f->line_empty = true;
    f->space = false;
    f->line_first = f->c->out->count;
}

static void place(Flow *f, size_t seg, size_t a, size_t b, float w)
{
    if (!f->run_open || f->run_seg != seg || f->run_b != a) {
        close_run(f);
        f->run_open = true;
        f->run_seg = seg;
        f->run_a = a;
        f->run_x = f->cx;
        f->run_w = 0;
    }
    f->run_b = b;
    f->run_w += w;
    f->cx += w;
    f->line_h = fmaxf(f->line_h, seg_size(f, seg) * LINE_FACTOR);
    f->line_empty = false;
}

static float space_width(Flow *f, size_t seg)
{
    FontId font = seg_font(f, seg);
    if (f->space_w[font] < 0)
        f->space_w[font] = measure_bytes(f->c, font, seg_size(f, seg), " ", 1);
    return f->space_w[font];
}

static void add_space(Flow *f, size_t seg, size_t a, size_t b)
{
    float w = space_width(f, seg) * (float)(b - a);
    if (!f->space) {
        f->space = true;
        f->space_split = false;
        f->space_wsum = 0;
        f->space_a = a;
    } else if (f->space_seg != seg || f->space_b != a) {
        f->space_split = true;
    }
    f->space_seg = seg;
    f->space_b = b;
    f->space_wsum += w;
}

/* A space joins the open run when the run goes on after it with `next`; otherwise it only
 * moves the cursor, so that no run starts or ends with a space. */
static void place_space(Flow *f, const Piece *next)
{
    bool inside = f->run_open && f->run_seg == f->space_seg && f->run_b == f->space_a &&
                  next->seg == f->space_seg && next->a == f->space_b;
    if (!f->space_split && inside) {
        place(f, f->space_seg, f->space_a, f->space_b, f->space_wsum);
    } else {
        close_run(f);
        f->cx += f->space_wsum;
    }
    f->space = false;
}

/* Places a word wider than a whole line one code point at a time, wrapping between them. */
static void break_word(Flow *f)
{
    Ctx *c = f->c;
    for (size_t k = 0; k < c->npieces; k++) {
        Piece p = c->pieces[k];
        FontId font = seg_font(f, p.seg);
        float size = seg_size(f, p.seg);
        for (size_t i = p.a; i < p.b;) {
            size_t n = cp_len(c->inl.data + i, p.b - i);
            float w = measure_bytes(c, font, size, c->inl.data + i, n);
            if (!f->line_empty && f->cx + w > f->in->avail)
                finish_line(f);
            place(f, p.seg, i, i + n, w);
            i += n;
        }
    }
}

/* Places the collected word (its pieces may span segments: "**bold**,"), wrapping before it
 * when it does not fit the line. */
static void end_word(Flow *f)
{
    Ctx *c = f->c;
    if (c->npieces == 0)
        return;
    float total = 0;
    for (size_t k = 0; k < c->npieces; k++) {
        Piece *p = &c->pieces[k];
        p->w = measure_bytes(c, seg_font(f, p->seg), seg_size(f, p->seg), c->inl.data + p->a,
                             p->b - p->a);
        total += p->w;
    }
    f->max_word_w = fmaxf(f->max_word_w, total);
    float space = f->space && !f->line_empty ? f->space_wsum : 0;
    if (!f->line_empty && f->cx + space + total > f->in->avail)
        finish_line(f);
    if (f->space && !f->line_empty)
        place_space(f, &c->pieces[0]);
    f->space = false;
    if (f->line_empty && total > f->in->avail) {
        break_word(f);
    } else {
        for (size_t k = 0; k < c->npieces; k++)
            place(f, c->pieces[k].seg, c->pieces[k].a, c->pieces[k].b, c->pieces[k].w);
    }
    c->npieces = 0;
}

static void add_piece(Flow *f, size_t seg, size_t a, size_t b)
{
    Ctx *c = f->c;
    GROW(c->pieces, c->npieces, c->pieces_cap);
    c->pieces[c->npieces++] = (Piece){seg, a, b, 0};
}

static void flow_seg(Flow *f, size_t si)
{
    const Seg s = f->c->segs[si];
    const char *t = f->c->inl.data;
    for (size_t i = s.start, j; i < s.end; i = j) {
        bool space = t[i] == ' ';
        for (j = i; j < s.end && (t[j] == ' ') == space; j++)
            ;
        if (space) {
            end_word(f);
            add_space(f, si, i, j);
        } else {
            add_piece(f, si, i, j);
        }
    }
}

/* Flows segments [lo, hi) into lines at in->x, in->y, in->avail wide; with in->emit false it
 * only measures (natural width and widest word, for table columns). */
static Flow flow(Ctx *c, size_t lo, size_t hi, const FlowIn *in)
{
    Flow f = {.c = c, .in = in, .line_y = in->y, .line_first = c->out->count, .line_empty = true};
    for (int i = 0; i < FONT_COUNT; i++)
        f.space_w[i] = -1;
    c->npieces = 0;
    for (size_t si = lo; si < hi; si++) {
        if (c->segs[si].flags & SEG_BREAK) {
            end_word(&f);
            finish_line(&f);
        } else {
            flow_seg(&f, si);
        }
    }
    end_word(&f);
    if (!f.line_empty)
        finish_line(&f);
    return f;
}

static Color text_color(const Ctx *c)
{
    return c->quote_depth > 0 ? c->st.muted : c->st.text;
}

/* Flows the collected inline text as one block of the frame and forgets it. */
static void flow_block(Ctx *c, const Frame *fr, float size, bool bold)
{
    FlowIn in = {.x = fr->x,
                 .y = c->y,
                 .avail = fr->w,
                 .size = size,
                 .bold = bold,
                 .color = text_color(c),
                 .emit = true};
    Flow f = flow(c, 0, c->nsegs, &in);
    c->y += f.height;
    clear_inline(c);
}

/* ---- blocks ---- */

static Frame *top(Ctx *c)
{
    return &c->stack[c->depth - 1];
}

/* Spaces a block from its previous sibling in the container `parent`. */
static void open_block(Ctx *c, Frame *parent, MD_BLOCKTYPE type)
{
    if (parent->has_content) {
        float para = c->st.size * 0.75f;
        bool in_list = parent->type == MD_BLOCK_LI || parent->type == MD_BLOCK_UL ||
                       parent->type == MD_BLOCK_OL;
        if (type == MD_BLOCK_H)
            c->y += para * 1.5f;
        else
            c->y += in_list && parent->tight ? c->st.size * 0.25f : para;
    }
    parent->has_content = true;
}

/* Moves the frame's content right, unless that would leave the text too narrow. */
static void indent(const Ctx *c, Frame *f, float by)
{
    float min_w = fminf(c->width, fmaxf(c->width * 0.3f, c->st.size * 8));
    if (f->w - by >= min_w) {
        f->x += by;
        f->w -= by;
    }
}

/* Text a tight list item holds without a paragraph, flushed before its next block. */
static void flush_loose_text(Ctx *c)
{
    if (c->nsegs == 0 || c->in_table || c->depth == 0)
        return;
    open_block(c, top(c), MD_BLOCK_P);
    flow_block(c, top(c), c->st.size, false);
}

static void list_marker(Ctx *c, Frame *list, Frame *li)
{
    float em = c->st.size, lh = em * LINE_FACTOR, x0 = li->x;
    bool ordered = list->type == MD_BLOCK_OL;
    indent(c, li, ordered ? em * 1.9f : em * 1.4f);
    char label[16] = BULLET;
    if (ordered)
        snprintf(label, sizeof(label), "%u%c", list->number++, list->delim ? list->delim : '.');
    float w = measure_bytes(c, FONT_UI, em, label, strlen(label));
    float x = ordered ? li->x - em * 0.4f - w : x0 + em * 0.35f;
    push_text(c, (Rect){fmaxf(x, x0), c->y, w, lh}, FONT_UI, em, c->st.muted, label, strlen(label),
              lh);
    li->min_bottom = c->y + lh;
}

static void rule(Ctx *c, const Frame *fr)
{
    float h = c->st.size;
    push_item(c, (Rect){fr->x, c->y + h / 2, fr->w, 1}, c->st.rule, 1);
    c->y += h;
}

static float heading_size(const Ctx *c, unsigned level)
{
    static const float SCALE[] = {1.5f, 1.3f, 1.15f};
    return c->st.size * (level >= 1 && level <= 3 ? SCALE[level - 1] : 1.0f);
}

/* Appends one line of a code block, as clean UTF-8 with tabs expanded to 4-column stops. */
static void clean_code_line(Buf *out, const char *s, size_t n)
{
    size_t col = 0;
    buf_clear(out);
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (b == '\t') {
            do
                buf_putc(out, ' ');
            while (++col % 4);
        } else if (len == 0 || cp < 0x20 || cp == 0x7f) {
            if (b != '\r') {
                buf_append(out, REPLACEMENT, 3);
                col++;
            }
        } else {
            buf_append(out, s + i, len);
            col++;
        }
        i += len ? len : 1;
    }
}

/* Lays out one code line at *y, wrapping at the last code point that fits `avail`. */
static void code_line(Ctx *c, const char *s, size_t n, float x, float *y, float avail)
{
    float size = c->st.size * MONO_SCALE, lh = size * LINE_FACTOR;
    size_t i = 0;
    do {
        size_t j = n;
        float w = n - i <= 512 ? measure_bytes(c, FONT_MONO, size, s + i, n - i) : avail + 1;
        if (w > avail) {
            for (j = i, w = 0; j < n;) {
                size_t len = cp_len(s + j, n - j);
                float cw = measure_bytes(c, FONT_MONO, size, s + j, len);
                if (j > i && w + cw > avail)
                    break;
                w += cw;
                j += len;
            }
        }
        if (j > i)
            push_text(c, (Rect){x, *y, w, lh}, FONT_MONO, size, c->st.text, s + i, j - i, lh);
        *y += lh;
        i = j;
    } while (i < n);
}

static void code_block(Ctx *c, const Frame *fr)
{
    float pad = c->st.size * 0.6f, y = c->y + pad;
    Buf line = {0};
    const char *s = buf_str(&c->code_text), *end = s + c->code_text.len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        clean_code_line(&line, s, n);
        code_line(c, buf_str(&line), line.len, fr->x + pad, &y, fr->w - 2 * pad);
        s += n + 1;
    }
    buf_free(&line);
    set_box(c, fr->box, (Rect){fr->x, c->y, fr->w, y + pad - c->y}, c->st.code_bg);
    c->y = y + pad;
    buf_clear(&c->code_text);
    c->in_code = false;
}

/* ---- tables ---- */

static void cell_end(Ctx *c)
{
    if (c->col < c->cols) {
        GROW(c->cells, c->ncells, c->cells_cap);
        c->cells[c->ncells++] =
            (Cell){c->cell_lo, c->nsegs, c->row, c->col, c->cell_align, c->cell_head};
    }
    c->col++;
}

/* Gives every column its widest word when those fit, and shares the rest in proportion to the
 * text each column would still need, up to its natural width. */
static void column_widths(const float *minw, const float *maxw, float *colw, unsigned cols,
                          float avail)
{
    float smin = 0, smax = 0;
    for (unsigned i = 0; i < cols; i++) {
        smin += minw[i];
        smax += maxw[i];
    }
    for (unsigned i = 0; i < cols; i++) {
        if (smax <= avail)
            colw[i] = maxw[i];
        else if (smin <= avail)
            colw[i] = minw[i] + (maxw[i] - minw[i]) * (avail - smin) / (smax - smin);
        else
            colw[i] = -1; /* not decided yet */
    }
    if (smin <= avail)
        return;
    /* Not even the widest words fit: columns whose word fits a fair share keep it, the others
     * share what is left in proportion to their words (which then break). */
    for (bool changed = true; changed;) {
        changed = false;
        float rest = avail, wide = 0;
        unsigned open = 0;
        for (unsigned i = 0; i < cols; i++) {
            if (colw[i] >= 0) {
                rest -= colw[i];
            } else {
                open++;
                wide += minw[i];
            }
        }
        for (unsigned i = 0; i < cols; i++) {
            if (colw[i] < 0 && minw[i] <= rest / (float)open) {
                colw[i] = minw[i];
                changed = true;
            }
        }
        if (!changed)
            for (unsigned i = 0; i < cols; i++)
                if (colw[i] < 0)
                    colw[i] = wide > 0 ? fmaxf(rest, 0) * minw[i] / wide : 0;
    }
}

static FlowIn cell_in(const Ctx *c, const Cell *cell, float x, float y, float w, bool emit)
{
    return (FlowIn){.x = x,
                    .y = y,
                    .avail = w,
                    .size = c->st.size,
                    .bold = cell->head,
                    .align = cell->align,
                    .color = text_color(c),
                    .emit = emit};
}

/* Lays the rows out at c->y, column i's text at colx[i] + pad_x and colw[i] wide; stores the
 * bottom of every row in rowb[]. */
static void table_rows(Ctx *c, const float *colx, const float *colw, float pad_x, float pad_y,
                       float *rowb)
{
    float b = 1, y = c->y + b;
    size_t k = 0;
    for (unsigned r = 0; r < c->rows; r++) {
        float h = c->st.size * LINE_FACTOR;
        for (; k < c->ncells && c->cells[k].row == r; k++) {
            const Cell *cell = &c->cells[k];
            FlowIn in = cell_in(c, cell, colx[cell->col] + pad_x, y + pad_y, colw[cell->col], true);
            h = fmaxf(h, flow(c, cell->lo, cell->hi, &in).height);
        }
        rowb[r] = y + h + 2 * pad_y;
        y = rowb[r] + b;
    }
}

static void table_grid(Ctx *c, const Frame *fr, const float *colx, const float *rowb)
{
    float top = c->y, bottom = c->rows ? rowb[c->rows - 1] + 1 : top + 1;
    float tw = colx[c->cols] - fr->x;
    if (c->ncells && c->cells[0].head && c->rows)
        set_box(c, c->head_bg, (Rect){fr->x, top, tw, rowb[0] - top}, c->st.code_bg);
    push_item(c, (Rect){fr->x, top, tw, 1}, c->st.table_border, 1);
    for (unsigned r = 0; r < c->rows; r++)
        push_item(c, (Rect){fr->x, rowb[r], tw, 1}, c->st.table_border, 1);
    for (unsigned i = 0; i <= c->cols; i++)
        push_item(c, (Rect){colx[i] - 1, top, 1, bottom - top}, c->st.table_border, 1);
    c->y = bottom;
}

static void table_layout(Ctx *c, const Frame *fr)
{
    unsigned cols = c->cols;
    if (cols > 0 && c->rows > 0) {
        float *mem = xcalloc(4 * (size_t)cols + 1 + c->rows, sizeof(float));
        float *minw = mem, *maxw = mem + cols, *colw = maxw + cols, *colx = colw + cols;
        float *rowb = colx + cols + 1;
        for (size_t k = 0; k < c->ncells; k++) {
            const Cell *cell = &c->cells[k];
            FlowIn in = cell_in(c, cell, 0, 0, INFINITY, false);
            Flow f = flow(c, cell->lo, cell->hi, &in);
            minw[cell->col] = fmaxf(minw[cell->col], f.max_word_w);
            maxw[cell->col] = fmaxf(maxw[cell->col], f.max_line_w);
        }
        float pad_x = c->st.size * 0.5f, pad_y = c->st.size * 0.3f, words = 0;
        for (unsigned i = 0; i < cols; i++)
            words += minw[i];
        if (words + (float)cols * 2 * pad_x + (float)(cols + 1) > fr->w)
            pad_x /= 2; /* tight: narrower padding before breaking words */
        float avail = fmaxf(fr->w - (float)cols * 2 * pad_x - (float)(cols + 1), (float)cols);
        column_widths(minw, maxw, colw, cols, avail);
        colx[0] = fr->x + 1;
        for (unsigned i = 0; i < cols; i++)
            colx[i + 1] = colx[i] + colw[i] + 2 * pad_x + 1;
        table_rows(c, colx, colw, pad_x, pad_y, rowb);
        table_grid(c, fr, colx, rowb);
        free(mem);
    }
    c->in_table = false;
    c->ncells = 0;
    clear_inline(c);
}

/* ---- md4c callbacks ---- */

static bool is_table_part(MD_BLOCKTYPE t)
{
    return t == MD_BLOCK_THEAD || t == MD_BLOCK_TBODY || t == MD_BLOCK_TR || t == MD_BLOCK_TH ||
           t == MD_BLOCK_TD;
}

static void enter_table_part(Ctx *c, MD_BLOCKTYPE type, const void *detail)
{
    if (type == MD_BLOCK_TR) {
        c->row = c->rows++;
        c->col = 0;
    } else if (type == MD_BLOCK_TH || type == MD_BLOCK_TD) {
        c->cell_lo = c->seg_floor = c->nsegs;
        c->cell_align = ((const MD_BLOCK_TD_DETAIL *)detail)->align;
        c->cell_head = type == MD_BLOCK_TH;
    }
}

/* Starts a block whose frame f (already pushed) lies in `parent`. */
static void start_block(Ctx *c, Frame *parent, Frame *f, const void *detail)
{
    open_block(c, parent, f->type);
    switch (f->type) {
    case MD_BLOCK_QUOTE:
        f->y0 = c->y, f->bar_x = f->x, f->box = reserve_box(c);
        indent(c, f, c->st.size * 0.9f);
        c->quote_depth++;
        break;
    case MD_BLOCK_UL:
        f->tight = ((const MD_BLOCK_UL_DETAIL *)detail)->is_tight;
        break;
    case MD_BLOCK_OL:
        f->tight = ((const MD_BLOCK_OL_DETAIL *)detail)->is_tight;
        f->number = ((const MD_BLOCK_OL_DETAIL *)detail)->start;
        f->delim = ((const MD_BLOCK_OL_DETAIL *)detail)->mark_delimiter;
        break;
    case MD_BLOCK_LI:
        list_marker(c, parent, f);
        break;
    case MD_BLOCK_HR:
        rule(c, f);
        break;
    case MD_BLOCK_H:
        c->heading = ((const MD_BLOCK_H_DETAIL *)detail)->level;
        break;
    case MD_BLOCK_CODE:
        f->box = reserve_box(c);
        c->in_code = true;
        buf_clear(&c->code_text);
        break;
    case MD_BLOCK_TABLE:
        c->in_table = true;
        c->cols = ((const MD_BLOCK_TABLE_DETAIL *)detail)->col_count;
        c->rows = 0;
        c->ncells = 0;
        c->head_bg = reserve_box(c);
        break;
    default:
        break;
    }
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
    Ctx *c = user;
    if (type != MD_BLOCK_DOC && !is_table_part(type))
        flush_loose_text(c);
    GROW(c->stack, c->depth, c->stack_cap);
    Frame *f = &c->stack[c->depth++];
    if (c->depth == 1) {
        *f = (Frame){.type = type, .x = 0, .w = c->width};
        return 0;
    }
    Frame *parent = f - 1;
    *f = (Frame){.type = type, .x = parent->x, .w = parent->w, .tight = parent->tight};
    if (is_table_part(type))
        enter_table_part(c, type, detail);
    else
        start_block(c, parent, f, detail);
    return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
    Ctx *c = user;
    (void)detail;
    if (c->depth == 0)
        return 0;
    Frame *f = top(c);
    switch (type) {
    case MD_BLOCK_P:
    case MD_BLOCK_HTML:
        flow_block(c, f, c->st.size, false);
        break;
    case MD_BLOCK_H:
        flow_block(c, f, heading_size(c, c->heading), true);
        c->heading = 0;
        break;
    case MD_BLOCK_CODE:
        code_block(c, f);
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        cell_end(c);
        break;
    case MD_BLOCK_TABLE:
        table_layout(c, f);
        break;
    case MD_BLOCK_QUOTE:
        flush_loose_text(c);
        set_box(c, f->box, (Rect){f->bar_x, f->y0, fmaxf(2, c->st.size * 0.2f), c->y - f->y0},
                c->st.quote_bar);
        c->quote_depth--;
        break;
    default: /* DOC, UL, OL, LI */
        flush_loose_text(c);
        c->y = fmaxf(c->y, f->min_bottom);
        break;
    }
    c->depth--;
    return 0;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *user)
{
    Ctx *c = user;
    (void)detail;
    c->em += type == MD_SPAN_EM;
    c->strong += type == MD_SPAN_STRONG;
    c->code += type == MD_SPAN_CODE;
    c->del += type == MD_SPAN_DEL;
    return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *user)
{
    Ctx *c = user;
    (void)detail;
    c->em -= type == MD_SPAN_EM;
    c->strong -= type == MD_SPAN_STRONG;
    c->code -= type == MD_SPAN_CODE;
    c->del -= type == MD_SPAN_DEL;
    return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *user)
{
    Ctx *c = user;
    if (c->in_code) {
        if (type == MD_TEXT_NULLCHAR)
            buf_append(&c->code_text, REPLACEMENT, 3);
        else
            buf_append(&c->code_text, s, n);
        return 0;
    }
    switch (type) {
    case MD_TEXT_BR:
        add_break(c);
        break;
    case MD_TEXT_SOFTBR:
        append_text(c, " ", 1);
        break;
    case MD_TEXT_NULLCHAR:
        append_text(c, REPLACEMENT, 3);
        break;
    case MD_TEXT_ENTITY:
        append_entity(c, s, n);
        break;
    default: /* NORMAL, CODE, and HTML or LATEXMATH should a flag let them through */
        append_text(c, s, n);
        break;
    }
    return 0;
}

/* ---- public ---- */

static Color mix(Color a, Color b, float t)
{
    return (Color){(uint8_t)lroundf((float)a.r + ((float)b.r - (float)a.r) * t),
                   (uint8_t)lroundf((float)a.g + ((float)b.g - (float)a.g) * t),
                   (uint8_t)lroundf((float)a.b + ((float)b.b - (float)a.b) * t), 255};
}

MdStyle md_style_from_theme(const Theme *t)
{
    return (MdStyle){.size = t->text_size,
                     .line_gap = roundf(t->text_size * 0.2f),
                     .text = t->text,
                     .muted = t->muted,
                     .code_bg = mix(t->panel, t->text, 0.06f),
                     .quote_bar = mix(t->panel, t->muted, 0.5f),
                     .rule = mix(t->panel, t->muted, 0.4f),
                     .table_border = mix(t->panel, t->muted, 0.35f)};
}

/* Should md4c ever give up (it only does when out of memory), the text is shown plain. */
static void lay_out_plain(Ctx *c, const char *text, size_t n)
{
    c->out->count = 0;
    buf_clear(&c->out->text);
    c->y = 0;
    c->em = c->strong = c->code = c->del = c->quote_depth = 0;
    clear_inline(c);
    append_text(c, text, n);
    Frame doc = {.type = MD_BLOCK_DOC, .x = 0, .w = c->width};
    flow_block(c, &doc, c->st.size, false);
}

static float sane(float v, float lo, float hi)
{
    return v >= lo ? fminf(v, hi) : lo; /* NaN fails v >= lo */
}

MdLayout *md_layout(const char *markdown, float width, const MdStyle *style, TextMeasureFn measure,
                    void *user)
{
    assert(style && measure);
    MdLayout *l = xcalloc(1, sizeof(*l));
    Ctx c = {.out = l, .st = *style, .measure = measure, .user = user};
    c.width = sane(width, 1, 1e6f);
    c.st.size = sane(style->size, 1, 1000);
    c.st.line_gap = sane(style->line_gap, 0, 1000);
    const char *text = markdown ? markdown : "";
    size_t n = strlen(text);
    if (n > UINT_MAX / 2)
        n = UINT_MAX / 2;
    MD_PARSER parser = {
        .flags =
            MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOHTML | MD_FLAG_COLLAPSEWHITESPACE,
        .enter_block = on_enter_block,
        .leave_block = on_leave_block,
        .enter_span = on_enter_span,
        .leave_span = on_leave_span,
        .text = on_text,
    };
    if (md_parse(text, (MD_SIZE)n, &parser, &c) != 0)
        lay_out_plain(&c, text, n);
    l->height = c.y;
    buf_free(&c.inl);
    buf_free(&c.code_text);
    buf_free(&c.scratch);
    free(c.segs);
    free(c.stack);
    free(c.cells);
    free(c.pieces);
    return l;
}

float md_layout_height(const MdLayout *l)
{
    return l->height;
}

void md_layout_draw(const MdLayout *l, DrawList *dl, float x, float y, float clip_top,
                    float clip_bottom)
{
    for (size_t i = 0; i < l->count; i++) {
        const Item *it = &l->items[i];
        Rect r = {x + it->r.x, y + it->r.y, it->r.w, it->r.h};
        if (r.y >= clip_bottom || r.y + r.h <= clip_top)
            continue;
        if (it->text == NO_TEXT && r.w > 0 && r.h > 0 && it->color.a > 0)
            draw_rect(dl, r, it->color);
        else if (it->text != NO_TEXT)
            draw_text(dl, r.x, r.y, it->font, it->size, it->color, l->text.data + it->text);
    }
}

void md_layout_free(MdLayout *l)
{
    if (!l)
        return;
    free(l->items);
    buf_free(&l->text);
    free(l);
}
