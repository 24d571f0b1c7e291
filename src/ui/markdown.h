/*
 * markdown.h: card text (CommonMark plus GFM tables and strikethrough, parsed by md4c) laid
 * out for a width into positioned text runs and boxes, then recorded into a DrawList.
 *
 * Layout is the costly step (it measures text) and runs when the text or the width changes;
 * drawing replays the stored runs and is cheap enough for every frame. Words wrap at spaces;
 * a word wider than the line breaks between code points, never inside one, so every run is
 * valid UTF-8 (invalid input bytes become U+FFFD). Code blocks wrap long lines at the last
 * code point that fits, so nothing is hidden or drawn outside the box. Raw HTML is shown as
 * literal text; entities (&amp;, &#233;, &#x1F600;, the common named ones) are decoded.
 */
#ifndef ARCHDRILL_MARKDOWN_H
#define ARCHDRILL_MARKDOWN_H

#include "ui/ui.h"
#include "ui/draw.h"
#include "ui/theme.h"

/* How card text looks. A text line is 1.25 * size tall plus line_gap below; paragraphs
 * are spaced by 0.75 * size, headings are bold at 1.5 / 1.3 / 1.15 / 1.0 * size (levels
 * 1, 2, 3, 4-6), code is FONT_MONO at 0.9 * size. */
typedef struct MdStyle {
    float size;     /* body text size in logical pixels */
    float line_gap; /* extra pixels between the lines of a paragraph */
    Color text;
    Color muted;        /* list markers and block quote text */
    Color code_bg;      /* inline code, code blocks and the table header row */
    Color quote_bar;    /* the bar left of a block quote */
    Color rule;         /* horizontal rules */
    Color table_border; /* table grid lines */
} MdStyle;

/* The card style for a theme: its text size and colours, with the backgrounds and lines
 * mixed from its panel, text and muted colours. */
MdStyle md_style_from_theme(const Theme *t);

/* Positioned runs and boxes; opaque. */
typedef struct MdLayout MdLayout;

/* Parses `markdown` (NULL counts as "") and lays it out for `width` logical pixels, measuring
 * through `measure(user, ...)`. Never fails on any input: bad Markdown is still text. No run
 * ends right of `width` unless one code point is wider than the line (or a table has more
 * columns than fit). `style` is copied; `measure` is only called during this call. Returns a
 * new layout (free with md_layout_free). */
MdLayout *md_layout(const char *markdown, float width, const MdStyle *style, TextMeasureFn measure,
                    void *user);

/* Total height in logical pixels; 0 for empty text. */
float md_layout_height(const MdLayout *l);

/* Records the layout with its top-left at (x, y) into dl, skipping the runs and boxes that lie
 * entirely outside the band clip_top <= y' < clip_bottom (in dl's coordinates), so that a
 * long card scrolls cheaply. It does not set a clip: the caller clips the band if needed. */
void md_layout_draw(const MdLayout *l, DrawList *dl, float x, float y, float clip_top,
                    float clip_bottom);

/* Frees a layout; NULL is a no-op. */
void md_layout_free(MdLayout *l);

#endif
