/*
 * markdown_layout.c: the layout half of the Markdown module (see markdown.h): the inline
 * segments collected by markdown.c flowed into lines with UTF-8 word wrap, block spacing, list
 * markers, rules, code blocks and tables, and the replay of the result into a DrawList.
 *
 * Items are stored relative to the layout's top-left in painter's order: a box behind a block
 * (code, quote bar, table header) is reserved when the block starts and sized when it ends.
 * No run starts or ends with a space; a word wider than its line breaks between code points.
 * Deep nesting stops indenting once the text would get too narrow, so any input lays out.
 */
#include "ui/markdown_internal.h"

#include "core/utf8.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_FACTOR 1.25f /* a line box is this many times its font size */
#define MONO_SCALE  0.9f  /* monospace glyphs look larger than proportional ones at a size */
#define BASELINE    0.8f  /* share of a line box above the baseline, to align mixed sizes */
#define BULLET      "\xE2\x80\xA2"

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
size_t md_reserve_box(Ctx *c)
{
    push_item(c, (Rect){0, 0, 0, 0}, (Color){0, 0, 0, 0}, 0);
    return c->out->count - 1;
}

void md_set_box(Ctx *c, size_t i, Rect r, Color color)
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

static size_t cp_len(const char *s, size_t n)
{
    uint32_t cp;
    size_t len = utf8_decode(s, n, &cp);
    return len ? len : 1;
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
void md_flow_block(Ctx *c, const Frame *fr, float size, bool bold)
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
    md_inline_clear(c);
}

/* ---- blocks ---- */

static Frame *top(Ctx *c)
{
    return &c->stack[c->depth - 1];
}

/* Spaces a block from its previous sibling in the container `parent`. */
void md_open_block(Ctx *c, Frame *parent, MD_BLOCKTYPE type)
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
void md_indent(const Ctx *c, Frame *f, float by)
{
    float min_w = fminf(c->width, fmaxf(c->width * 0.3f, c->st.size * 8));
    if (f->w - by >= min_w) {
        f->x += by;
        f->w -= by;
    }
}

/* Text a tight list item holds without a paragraph, flushed before its next block. */
void md_flush_loose_text(Ctx *c)
{
    if (c->nsegs == 0 || c->in_table || c->depth == 0)
        return;
    md_open_block(c, top(c), MD_BLOCK_P);
    md_flow_block(c, top(c), c->st.size, false);
}

void md_list_marker(Ctx *c, Frame *list, Frame *li)
{
    float em = c->st.size, lh = em * LINE_FACTOR, x0 = li->x;
    bool ordered = list->type == MD_BLOCK_OL;
    md_indent(c, li, ordered ? em * 1.9f : em * 1.4f);
    char label[16] = BULLET;
    if (ordered)
        snprintf(label, sizeof(label), "%u%c", list->number++, list->delim ? list->delim : '.');
    float w = measure_bytes(c, FONT_UI, em, label, strlen(label));
    float x = ordered ? li->x - em * 0.4f - w : x0 + em * 0.35f;
    push_text(c, (Rect){fmaxf(x, x0), c->y, w, lh}, FONT_UI, em, c->st.muted, label, strlen(label),
              lh);
    li->min_bottom = c->y + lh;
}

void md_rule(Ctx *c, const Frame *fr)
{
    float h = c->st.size;
    push_item(c, (Rect){fr->x, c->y + h / 2, fr->w, 1}, c->st.rule, 1);
    c->y += h;
}

float md_heading_size(const Ctx *c, unsigned level)
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

void md_code_block(Ctx *c, const Frame *fr)
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
    md_set_box(c, fr->box, (Rect){fr->x, c->y, fr->w, y + pad - c->y}, c->st.code_bg);
    c->y = y + pad;
    buf_clear(&c->code_text);
    c->in_code = false;
}

/* ---- tables ---- */

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
        md_set_box(c, c->head_bg, (Rect){fr->x, top, tw, rowb[0] - top}, c->st.code_bg);
    push_item(c, (Rect){fr->x, top, tw, 1}, c->st.table_border, 1);
    for (unsigned r = 0; r < c->rows; r++)
        push_item(c, (Rect){fr->x, rowb[r], tw, 1}, c->st.table_border, 1);
    for (unsigned i = 0; i <= c->cols; i++)
        push_item(c, (Rect){colx[i] - 1, top, 1, bottom - top}, c->st.table_border, 1);
    c->y = bottom;
}

void md_table_layout(Ctx *c, const Frame *fr)
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
    md_inline_clear(c);
}

/* ---- drawing ---- */

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
