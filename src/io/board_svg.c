/*
 * board_svg.c: SVG export (board_svg.h). Shapes are paths of their board_geom outlines
 * (ellipses and rectangles as their own SVG elements), so the image matches the screen;
 * freehand strokes are their outline polygon smoothed with quadratic curves through the
 * midpoints, filled, as perfect-freehand renders them.
 */
#include "io/board_svg.h"

#include "core/board_freehand.h"
#include "core/board_geom.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Appends a number with at most two decimals and no trailing zeros (by hand: SVGs of
 * big boards hold millions of numbers). */
static void num(Buf *b, double v)
{
    double hundredths = round(v * 100);
    if (!(fabs(hundredths) < 9e15)) {
        buf_printf(b, "%.2f", v); /* huge or not finite: the slow path */
        return;
    }
    int64_t n = (int64_t)hundredths;
    char s[32], *p = s + sizeof(s);
    *--p = '\0';
    uint64_t u = n < 0 ? (uint64_t)(-n) : (uint64_t)n;
    int frac = (int)(u % 100);
    u /= 100;
    if (frac) {
        if (frac % 10)
            *--p = (char)('0' + frac % 10);
        *--p = (char)('0' + frac / 10);
        *--p = '.';
    }
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (n < 0)
        *--p = '-';
    buf_puts(b, p);
}

static void attr_num(Buf *b, const char *name, double v)
{
    buf_printf(b, " %s=\"", name);
    num(b, v);
    buf_putc(b, '"');
}

static void paint(Buf *b, const char *what, uint32_t rgba)
{
    if (!(rgba & 0xff)) {
        buf_printf(b, " %s=\"none\"", what);
        return;
    }
    buf_printf(b, " %s=\"#%06x\"", what, rgba >> 8);
    if ((rgba & 0xff) != 0xff)
        buf_printf(b, " %s-opacity=\"%.3f\"", what, (rgba & 0xff) / 255.0);
}

static void stroke_attrs(Buf *b, const BoardElement *el, bool fill, bool dash)
{
    paint(b, "fill", fill ? el->style.fill : 0);
    paint(b, "stroke", el->style.stroke);
    attr_num(b, "stroke-width", el->style.width);
    buf_puts(b, " stroke-linejoin=\"round\" stroke-linecap=\"round\"");
    if (dash && el->style.dashed)
        buf_printf(b, " stroke-dasharray=\"8 %g\"", 8 + el->style.width);
}

static void xml_text(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&')
            buf_puts(b, "&amp;");
        else if (c == '<')
            buf_puts(b, "&lt;");
        else if (c == '>')
            buf_puts(b, "&gt;");
        else if (c == '"')
            buf_puts(b, "&quot;");
        else if (c >= 0x20 || c == '\t')
            buf_putc(b, (char)c); /* XML forbids the other control characters */
    }
}

/* A path through points (offset by ox, oy). */
static void path_points(Buf *b, const BoardPoint *p, size_t n, double ox, double oy, bool closed)
{
    buf_puts(b, " d=\"");
    for (size_t i = 0; i < n; i++) {
        buf_puts(b, i ? " L" : "M");
        num(b, ox + p[i].x);
        buf_putc(b, ' ');
        num(b, oy + p[i].y);
    }
    buf_puts(b, closed ? " Z\"" : "\"");
}

static void box(Buf *b, const BoardElement *el)
{
    BoardOutline outline = board_outline_of(el);
    if (outline == BOARD_OUTLINE_ELLIPSE) {
        buf_puts(b, "<ellipse");
        attr_num(b, "cx", el->x + el->w / 2);
        attr_num(b, "cy", el->y + el->h / 2);
        attr_num(b, "rx", el->w / 2);
        attr_num(b, "ry", el->h / 2);
    } else if (outline == BOARD_OUTLINE_RECT || outline == BOARD_OUTLINE_QUEUE) {
        buf_puts(b, "<rect");
        attr_num(b, "x", el->x);
        attr_num(b, "y", el->y);
        attr_num(b, "width", el->w);
        attr_num(b, "height", el->h);
    } else {
        BoardPoint p[BOARD_GEOM_OUTLINE_MAX];
        size_t n = board_geom_outline(el, p, BOARD_GEOM_OUTLINE_MAX);
        buf_puts(b, "<path");
        path_points(b, p, n, el->x, el->y, true);
    }
    stroke_attrs(b, el, true, true);
    buf_puts(b, "/>\n");
    BoardPoint d[BOARD_GEOM_DETAIL_MAX];
    size_t counts[4], lines = board_geom_details(el, d, counts), at = 0;
    for (size_t k = 0; k < lines; k++) {
        buf_puts(b, "<path");
        path_points(b, d + at, counts[k], el->x, el->y, false);
        stroke_attrs(b, el, false, false);
        buf_puts(b, "/>\n");
        at += counts[k];
    }
}

static void line(Buf *b, const BoardElement *el)
{
    buf_puts(b, "<path");
    path_points(b, el->points, el->npoints, el->x, el->y, false);
    stroke_attrs(b, el, false, true);
    buf_puts(b, "/>\n");
    BoardPoint heads[6];
    size_t n = board_geom_arrowheads(el, heads);
    for (size_t i = 0; i < n; i += 3) {
        buf_puts(b, "<path");
        path_points(b, heads + i, 3, el->x, el->y, false);
        stroke_attrs(b, el, false, false);
        buf_puts(b, "/>\n");
    }
}

static void freehand(Buf *b, const BoardElement *el)
{
    BoardFreehandOptions o = board_freehand_options(el->style.width, true);
    BoardPoints p = {0};
    board_freehand_outline(el->points, el->npoints, &o, &p);
    if (p.n < 3) {
        board_points_free(&p);
        return;
    }
    /* Quadratic curves through the midpoints of the outline's edges. */
    buf_puts(b, "<path d=\"M");
    num(b, el->x + (p.v[0].x + p.v[1].x) / 2.0);
    buf_putc(b, ' ');
    num(b, el->y + (p.v[0].y + p.v[1].y) / 2.0);
    for (size_t i = 1; i <= p.n; i++) {
        BoardPoint c = p.v[i % p.n], nx = p.v[(i + 1) % p.n];
        buf_puts(b, " Q");
        num(b, el->x + c.x);
        buf_putc(b, ' ');
        num(b, el->y + c.y);
        buf_putc(b, ' ');
        num(b, el->x + (c.x + nx.x) / 2.0);
        buf_putc(b, ' ');
        num(b, el->y + (c.y + nx.y) / 2.0);
    }
    buf_puts(b, " Z\"");
    paint(b, "fill", el->style.stroke);
    buf_puts(b, "/>\n");
    board_points_free(&p);
}

static void text(Buf *b, const BoardElement *el)
{
    bool label = el->container != 0;
    double lh = el->font_size * 1.25;
    buf_puts(b, "<text");
    attr_num(b, "font-size", el->font_size);
    buf_puts(b, " font-family=\"Helvetica, Arial, sans-serif\" dominant-baseline=\"central\"");
    buf_printf(b, " text-anchor=\"%s\"", label ? "middle" : "start");
    paint(b, "fill", el->style.stroke);
    buf_puts(b, ">");
    const char *s = el->text;
    for (int k = 0; s; k++) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        buf_puts(b, "<tspan");
        attr_num(b, "x", label ? el->x + el->w / 2 : el->x);
        attr_num(b, "y", el->y + (k + 0.5) * lh);
        buf_puts(b, ">");
        xml_text(b, s, n);
        buf_puts(b, "</tspan>");
        s = nl ? nl + 1 : NULL;
    }
    buf_puts(b, "</text>\n");
}

static bool chosen(const BoardElement *el, const int64_t *ids, size_t n)
{
    if (!n)
        return true;
    for (size_t i = 0; i < n; i++)
        if (ids[i] == el->id || (el->container && ids[i] == el->container))
            return true;
    return false;
}

void board_svg_export(const Board *b, const int64_t *ids, size_t n, double margin, Buf *out)
{
    BoardRect r = {0, 0, 0, 0};
    bool any = false;
    for (size_t i = 0; i < board_count(b); i++) {
        const BoardElement *el = board_at(b, i);
        if (!chosen(el, ids, n))
            continue;
        BoardRect ink = board_geom_ink(el);
        r = any ? board_rect_union(r, ink) : ink;
        any = true;
    }
    if (!(margin >= 0))
        margin = 0;
    r = (BoardRect){r.x0 - margin, r.y0 - margin, r.x1 + margin, r.y1 + margin};
    double w = fmax(r.x1 - r.x0, 1), h = fmax(r.y1 - r.y0, 1);
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
    attr_num(out, "width", w);
    attr_num(out, "height", h);
    buf_puts(out, " viewBox=\"");
    num(out, r.x0);
    buf_putc(out, ' ');
    num(out, r.y0);
    buf_putc(out, ' ');
    num(out, w);
    buf_putc(out, ' ');
    num(out, h);
    buf_puts(out, "\">\n<rect");
    attr_num(out, "x", r.x0);
    attr_num(out, "y", r.y0);
    attr_num(out, "width", w);
    attr_num(out, "height", h);
    buf_puts(out, " fill=\"#ffffff\"/>\n");
    for (size_t i = 0; i < board_count(b); i++) {
        const BoardElement *el = board_at(b, i);
        if (!chosen(el, ids, n))
            continue;
        if (board_kind_is_box(el->kind))
            box(out, el);
        else if (el->kind == BOARD_TEXT)
            text(out, el);
        else if (el->kind == BOARD_FREEHAND)
            freehand(out, el);
        else
            line(out, el);
    }
    buf_puts(out, "</svg>\n");
}
