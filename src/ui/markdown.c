/*
 * markdown.c: card Markdown parsed by md4c into blocks and styled inline runs (see markdown.h),
 * and the public functions but md_layout_draw (in markdown_layout.c).
 *
 * md4c streams blocks, spans and text to the callbacks below. Inline text is collected into
 * one buffer of styled segments (always valid UTF-8: invalid bytes and control characters are
 * replaced, entities decoded) and handed to markdown_layout.c when its block ends; the open
 * blocks form a stack of frames that gives each block its x and width. Table cells are kept as
 * segment ranges and laid out when the table ends; a code block's text is kept raw until the
 * block ends. Should md4c give up, the text is laid out plain.
 */
#include "ui/markdown_internal.h"

#include "core/utf8.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- inline text ---- */

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

void md_inline_clear(Ctx *c)
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

/* ---- table cells ---- */

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
    md_open_block(c, parent, f->type);
    switch (f->type) {
    case MD_BLOCK_QUOTE:
        f->y0 = c->y, f->bar_x = f->x, f->box = md_reserve_box(c);
        md_indent(c, f, c->st.size * 0.9f);
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
        md_list_marker(c, parent, f);
        break;
    case MD_BLOCK_HR:
        md_rule(c, f);
        break;
    case MD_BLOCK_H:
        c->heading = ((const MD_BLOCK_H_DETAIL *)detail)->level;
        break;
    case MD_BLOCK_CODE:
        f->box = md_reserve_box(c);
        c->in_code = true;
        buf_clear(&c->code_text);
        break;
    case MD_BLOCK_TABLE:
        c->in_table = true;
        c->cols = ((const MD_BLOCK_TABLE_DETAIL *)detail)->col_count;
        c->rows = 0;
        c->ncells = 0;
        c->head_bg = md_reserve_box(c);
        break;
    default:
        break;
    }
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
    Ctx *c = user;
    if (type != MD_BLOCK_DOC && !is_table_part(type))
        md_flush_loose_text(c);
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
    Frame *f = &c->stack[c->depth - 1];
    switch (type) {
    case MD_BLOCK_P:
    case MD_BLOCK_HTML:
        md_flow_block(c, f, c->st.size, false);
        break;
    case MD_BLOCK_H:
        md_flow_block(c, f, md_heading_size(c, c->heading), true);
        c->heading = 0;
        break;
    case MD_BLOCK_CODE:
        md_code_block(c, f);
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        cell_end(c);
        break;
    case MD_BLOCK_TABLE:
        md_table_layout(c, f);
        break;
    case MD_BLOCK_QUOTE:
        md_flush_loose_text(c);
        md_set_box(c, f->box, (Rect){f->bar_x, f->y0, fmaxf(2, c->st.size * 0.2f), c->y - f->y0},
                   c->st.quote_bar);
        c->quote_depth--;
        break;
    default: /* DOC, UL, OL, LI */
        md_flush_loose_text(c);
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
    md_inline_clear(c);
    append_text(c, text, n);
    Frame doc = {.type = MD_BLOCK_DOC, .x = 0, .w = c->width};
    md_flow_block(c, &doc, c->st.size, false);
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

void md_layout_free(MdLayout *l)
{
    if (!l)
        return;
    free(l->items);
    buf_free(&l->text);
    free(l);
}
