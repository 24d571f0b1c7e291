/*
 * test_markdown.c: card Markdown layout (ui/markdown) with a fake measurer (half the font
 * size per code point: 8 px at the body size 16), asserting on the recorded DrawList:
 * wrapping, UTF-8 safety, fonts, lists, tables, code, quotes, clipping, garbage input, and
 * every card of the shipped decks fitting its width.
 */
#include "test_support.h"

#include "core/deck.h"
#include "core/utf8.h"
#include "ui/markdown.h"
#include "core/str.h"

#include <dirent.h>
#include <math.h>
#include <time.h>

static long measure_calls;

static float fake_measure(void *user, FontId font, float size, const char *text)
{
    (void)user, (void)font;
    measure_calls++;
    return size * 0.5f * (float)utf8_length(text, strlen(text));
}

static MdStyle style(void)
{
    Theme t = theme_light();
    return md_style_from_theme(&t);
}

/* Lays out md at width and records it at (0, 0) into dl; returns the height. */
static float render(DrawList *dl, const char *md, float width)
{
    MdStyle st = style();
    MdLayout *l = md_layout(md, width, &st, fake_measure, NULL);
    float h = md_layout_height(l);
    draw_clear(dl);
    md_layout_draw(l, dl, 0, 0, -INFINITY, INFINITY);
    md_layout_free(l);
    return h;
}

static float cmd_width(const DrawList *dl, const DrawCmd *c)
{
    return fake_measure(NULL, c->font, c->size, draw_cmd_text(dl, c));
}

static const DrawCmd *find_text(const DrawList *dl, const char *s)
{
    for (size_t i = 0; i < dl->count; i++)
        if (dl->cmds[i].kind == DRAW_TEXT && strcmp(draw_cmd_text(dl, &dl->cmds[i]), s) == 0)
            return &dl->cmds[i];
    return NULL;
}

static size_t count_text(const DrawList *dl, const char *s)
{
    size_t n = 0;
    for (size_t i = 0; i < dl->count; i++)
        n += dl->cmds[i].kind == DRAW_TEXT && strcmp(draw_cmd_text(dl, &dl->cmds[i]), s) == 0;
    return n;
}

static size_t count_kind(const DrawList *dl, DrawKind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < dl->count; i++)
        n += dl->cmds[i].kind == kind;
    return n;
}

/* Every run is valid UTF-8 and lies within [0, width]; returns how many runs do not. */
static int runs_outside(const DrawList *dl, float width, const char *what)
{
    int bad = 0;
    for (size_t i = 0; i < dl->count; i++) {
        const DrawCmd *c = &dl->cmds[i];
        if (c->kind != DRAW_TEXT)
            continue;
        const char *s = draw_cmd_text(dl, c);
        float w = cmd_width(dl, c);
        if (!utf8_validate(s, strlen(s), NULL) || c->rect.x < -0.01f ||
            c->rect.x + w > width + 0.01f) {
            print_error("%s: run \"%s\" at x=%.1f w=%.1f exceeds width %.0f\n", what, s,
                        (double)c->rect.x, (double)w, (double)width);
            bad++;
        }
    }
    return bad;
}

/* The texts of all runs, joined by `sep`. */
static char *joined(const DrawList *dl, const char *sep)
{
    Buf b = {0};
    for (size_t i = 0; i < dl->count; i++) {
        if (dl->cmds[i].kind != DRAW_TEXT)
            continue;
        if (b.len)
            buf_puts(&b, sep);
        buf_puts(&b, draw_cmd_text(dl, &dl->cmds[i]));
    }
    return buf_take(&b);
}

static void test_empty_input(void **state)
{
    (void)state;
    DrawList dl = {0};
    assert_float_equal(render(&dl, "", 300), 0, 0);
    assert_int_equal(dl.count, 0);
    assert_float_equal(render(&dl, NULL, 300), 0, 0);
    assert_float_equal(render(&dl, "  \n\n\t\n", 300), 0, 0);
    assert_int_equal(dl.count, 0);
    draw_free(&dl);
}

static void test_wraps_words_at_the_width(void **state)
{
    (void)state;
    DrawList dl = {0};
    const char *text = "one two three four five six seven eight nine ten eleven twelve";
    render(&dl, text, 100); /* 12 code points a line */
    assert_int_equal(runs_outside(&dl, 100, "wrap"), 0);
    float last_y = -1;
    int lines = 0;
    for (size_t i = 0; i < dl.count; i++) {
        const char *s = draw_cmd_text(&dl, &dl.cmds[i]);
        assert_true(s[0] != ' ' && s[strlen(s) - 1] != ' ');
        assert_float_equal(dl.cmds[i].rect.x, 0, 0.01);
        assert_true(dl.cmds[i].rect.y > last_y);
        last_y = dl.cmds[i].rect.y;
        lines++;
    }
    assert_true(lines >= 6);
    char *all = joined(&dl, " ");
    assert_string_equal(all, text); /* no word was split */
    free(all);
    /* wide enough: one run */
    render(&dl, text, 2000);
    assert_int_equal(count_kind(&dl, DRAW_TEXT), 1);
    draw_free(&dl);
}

static void test_soft_break_is_a_space_hard_break_breaks(void **state)
{
    (void)state;
    DrawList dl = {0};
    render(&dl, "alpha\nbeta", 1000);
    assert_non_null(find_text(&dl, "alpha beta"));
    render(&dl, "alpha  \nbeta\\\ngamma", 1000);
    const DrawCmd *a = find_text(&dl, "alpha"), *b = find_text(&dl, "beta"),
                  *g = find_text(&dl, "gamma");
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(g);
    assert_float_equal(a->rect.x, b->rect.x, 0.01);
    assert_true(b->rect.y > a->rect.y && g->rect.y > b->rect.y);
    draw_free(&dl);
}

static void test_long_words_break_between_code_points(void **state)
{
    (void)state;
    DrawList dl = {0};
    const char *words[] = {
        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
        "\xC3\xA9\xC3\xA9\xC3\xA9",
        "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80"
        "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80",
        "ab\xF0\x9F\x98\x80"
        "cd\xC3\xA9"
        "ef\xE2\x82\xAC"
        "gh\xF0\x9F\x98\x80"
        "ij\xC3\xA9"
        "kl\xE2\x82\xAC",
    };
    float widths[] = {40, 56, 8, 3};
    for (size_t w = 0; w < ARRAY_LEN(widths); w++) {
        for (size_t i = 0; i < ARRAY_LEN(words); i++) {
            render(&dl, words[i], widths[w]);
            /* a line narrower than one code point still holds one */
            float width = widths[w] < 8 ? 8 : widths[w];
            assert_int_equal(runs_outside(&dl, width, "long word"), 0);
            assert_true(count_kind(&dl, DRAW_TEXT) > 1);
            char *all = joined(&dl, "");
            assert_string_equal(all, words[i]);
            free(all);
        }
    }
    /* a long word after others moves to a fresh line, then breaks */
    render(&dl, "a bcdefghijklmnop", 64);
    assert_non_null(find_text(&dl, "a"));
    assert_non_null(find_text(&dl, "bcdefghi"));
    assert_non_null(find_text(&dl, "jklmnop"));
    draw_free(&dl);
}

static void test_fonts_of_bold_italic_and_code(void **state)
{
    (void)state;
    DrawList dl = {0};
    render(&dl, "plain **bold** and *it* and `co de`, ~~gone~~ **glued**, _em_", 2000);
    const DrawCmd *plain = find_text(&dl, "plain"), *bold = find_text(&dl, "bold"),
                  *it = find_text(&dl, "it"), *code = find_text(&dl, "co de"),
                  *glued = find_text(&dl, "glued"), *em = find_text(&dl, "em");
    assert_non_null(plain);
    assert_non_null(bold);
    assert_non_null(it);
    assert_non_null(code);
    assert_non_null(glued);
    assert_non_null(em);
    assert_int_equal(plain->font, FONT_UI);
    assert_int_equal(bold->font, FONT_UI_BOLD);
    assert_int_equal(it->font, FONT_UI_ITALIC);
    assert_int_equal(em->font, FONT_UI_ITALIC);
    assert_int_equal(code->font, FONT_MONO);
    assert_true(code->size < plain->size);
    /* runs follow each other with one space between them */
    assert_float_equal(bold->rect.x, plain->rect.x + 6 * 8, 0.01);
    /* the code background comes first and covers the code */
    const DrawCmd *bg = code - 1;
    assert_int_equal(bg->kind, DRAW_RECT);
    assert_float_equal(bg->rect.x, code->rect.x, 0.01);
    assert_float_equal(bg->rect.w, cmd_width(&dl, code), 0.01);
    assert_true(bg->rect.y <= code->rect.y && bg->rect.h > 0);
    /* the strike line comes after the struck text */
    const DrawCmd *gone = find_text(&dl, "gone");
    assert_non_null(gone);
    assert_int_equal((gone + 1)->kind, DRAW_RECT);
    assert_float_equal((gone + 1)->rect.w, cmd_width(&dl, gone), 0.01);
    /* a comma right after bold text stays glued to it */
    const DrawCmd *comma = glued + 1;
    assert_int_equal(comma->kind, DRAW_TEXT);
    assert_string_equal(draw_cmd_text(&dl, comma), ",");
    assert_float_equal(comma->rect.x, glued->rect.x + 5 * 8, 0.01);
    /* all on one line */
    assert_float_equal(bold->rect.y, plain->rect.y, 0.01);
    assert_float_equal(it->rect.y, plain->rect.y, 0.01);
    draw_free(&dl);
}

static void test_headings_are_larger_and_bold(void **state)
{
    (void)state;
    DrawList dl = {0};
    render(&dl, "# One\n\n### Three\n\nbody text\n\n###### Six", 600);
    const DrawCmd *one = find_text(&dl, "One"), *three = find_text(&dl, "Three"),
                  *body = find_text(&dl, "body text"), *six = find_text(&dl, "Six");
    assert_non_null(one);
    assert_non_null(three);
    assert_non_null(body);
    assert_non_null(six);
    assert_int_equal(one->font, FONT_UI_BOLD);
    assert_int_equal(three->font, FONT_UI_BOLD);
    assert_int_equal(body->font, FONT_UI);
    assert_true(one->size > three->size && three->size > body->size);
    assert_true(one->rect.y < three->rect.y && three->rect.y < body->rect.y);
    assert_true(six->rect.y > body->rect.y);
    draw_free(&dl);
}

static void test_bullet_and_numbered_lists(void **state)
{
    (void)state;
    DrawList dl = {0};
    render(&dl, "- one\n- two\n  - inner\n- three\n\nafter", 600);
    assert_int_equal(count_text(&dl, "\xE2\x80\xA2"), 4);
    const DrawCmd *one = find_text(&dl, "one"), *two = find_text(&dl, "two"),
                  *inner = find_text(&dl, "inner"), *three = find_text(&dl, "three"),
                  *after = find_text(&dl, "after");
    const DrawCmd *b1 = one - 1, *b3 = inner - 1;
    assert_string_equal(draw_cmd_text(&dl, b1), "\xE2\x80\xA2");
    assert_string_equal(draw_cmd_text(&dl, b3), "\xE2\x80\xA2");
    assert_float_equal(b1->rect.y, one->rect.y, 0.01);
    assert_true(b1->rect.x < one->rect.x);
    assert_float_equal(one->rect.x, two->rect.x, 0.01);
    assert_float_equal(one->rect.x, three->rect.x, 0.01);
    assert_true(b3->rect.x > b1->rect.x && inner->rect.x > one->rect.x);
    assert_true(one->rect.y < two->rect.y && two->rect.y < inner->rect.y &&
                inner->rect.y < three->rect.y && three->rect.y < after->rect.y);
    assert_float_equal(after->rect.x, 0, 0.01);

    render(&dl, "1. first\n2. second\n\n---\n\n7) seventh\n8) eighth wraps to a second line", 200);
    const DrawCmd *n1 = find_text(&dl, "1."), *n2 = find_text(&dl, "2."),
                  *n7 = find_text(&dl, "7)"), *n8 = find_text(&dl, "8)");
    assert_non_null(n1);
    assert_non_null(n2);
    assert_non_null(n7);
    assert_non_null(n8);
    assert_float_equal(n1->rect.x, n2->rect.x, 0.01);
    assert_true(n1->rect.x + cmd_width(&dl, n1) < find_text(&dl, "first")->rect.x);
    assert_true(n2->rect.y < n7->rect.y && n7->rect.y < n8->rect.y);
    /* wrapped lines of an item keep its indentation */
    const DrawCmd *eighth = n8 + 1;
    const DrawCmd *cont = eighth + 1;
    assert_int_equal(cont->kind, DRAW_TEXT);
    assert_float_equal(cont->rect.x, eighth->rect.x, 0.01);
    assert_true(cont->rect.y > eighth->rect.y);
    assert_int_equal(runs_outside(&dl, 200, "list"), 0);
    draw_free(&dl);
}

static void test_code_blocks_in_mono_on_a_box(void **state)
{
    (void)state;
    DrawList dl = {0};
    render(&dl, "```c\nint main(void) {\n\treturn 0;\n}\n```\n\nafter", 600);
    const DrawCmd *first = find_text(&dl, "int main(void) {");
    const DrawCmd *ret = find_text(&dl, "    return 0;");
    const DrawCmd *close = find_text(&dl, "}");
    assert_non_null(first);
    assert_non_null(ret);
    assert_non_null(close);
    assert_int_equal(first->font, FONT_MONO);
    assert_float_equal(first->rect.x, ret->rect.x, 0.01);
    const DrawCmd *box = &dl.cmds[0];
    assert_int_equal(box->kind, DRAW_RECT);
    assert_float_equal(box->rect.w, 600, 0.01);
    assert_true(box->rect.x < first->rect.x && box->rect.y < first->rect.y);
    assert_true(box->rect.y + box->rect.h > close->rect.y + close->size);
    assert_true(find_text(&dl, "after")->rect.y > box->rect.y + box->rect.h);

    /* long lines wrap at code points inside the box */
    const char *line = "SELECT id, name FROM customers WHERE region = 'EU' ORDER BY name;";
    Buf md = {0};
    buf_printf(&md, "```\n%s\n```", line);
    render(&dl, buf_str(&md), 200);
    assert_int_equal(runs_outside(&dl, 200, "code"), 0);
    assert_true(count_kind(&dl, DRAW_TEXT) >= 3);
    char *all = joined(&dl, "");
    assert_string_equal(all, line);
    free(all);
    buf_free(&md);
    draw_free(&dl);
}

static void test_tables_align_columns(void **state)
{
    (void)state;
    DrawList dl = {0};
    render(&dl, "| A | Bee |\n|---|---|\n| 1 | 2 |\n| long text | x |", 600);
    const DrawCmd *a = find_text(&dl, "A"), *bee = find_text(&dl, "Bee"),
                  *one = find_text(&dl, "1"), *two = find_text(&dl, "2"),
                  *lng = find_text(&dl, "long text"), *x = find_text(&dl, "x");
    assert_non_null(a);
    assert_non_null(bee);
    assert_non_null(one);
    assert_non_null(two);
    assert_non_null(lng);
    assert_non_null(x);
    assert_int_equal(a->font, FONT_UI_BOLD);
    assert_int_equal(bee->font, FONT_UI_BOLD);
    assert_int_equal(one->font, FONT_UI);
    assert_float_equal(a->rect.x, one->rect.x, 0.01);
    assert_float_equal(a->rect.x, lng->rect.x, 0.01);
    assert_float_equal(bee->rect.x, two->rect.x, 0.01);
    assert_float_equal(bee->rect.x, x->rect.x, 0.01);
    assert_true(bee->rect.x > lng->rect.x + cmd_width(&dl, lng));
    assert_float_equal(a->rect.y, bee->rect.y, 0.01);
    assert_float_equal(one->rect.y, two->rect.y, 0.01);
    assert_float_equal(lng->rect.y, x->rect.y, 0.01);
    assert_true(a->rect.y < one->rect.y && one->rect.y < lng->rect.y);
    assert_true(count_kind(&dl, DRAW_RECT) >= 7); /* header background and grid lines */

    /* right-aligned column: right edges line up */
    render(&dl, "| n | what |\n|--:|---|\n| 1 | one |\n| 100 | hundred |", 600);
    const DrawCmd *r1 = find_text(&dl, "1"), *r100 = find_text(&dl, "100");
    assert_float_equal(r1->rect.x + cmd_width(&dl, r1), r100->rect.x + cmd_width(&dl, r100), 0.01);

    /* too wide: columns shrink and cells wrap, inside the width */
    const char *wide = "| Pattern | When to use it | Cost |\n|---|---|---|\n"
                       "| Saga | a business operation spans several services with their own "
                       "databases | compensations, monitoring of stuck instances |\n"
                       "| Outbox | publish events reliably with a local transaction | a relay "
                       "process |";
    float h_wide = render(&dl, wide, 900);
    float h_narrow = render(&dl, wide, 300);
    assert_int_equal(runs_outside(&dl, 300, "table"), 0);
    assert_true(h_narrow > h_wide);
    const DrawCmd *saga = find_text(&dl, "Saga"), *outbox = find_text(&dl, "Outbox");
    assert_non_null(saga);
    assert_non_null(outbox);
    assert_float_equal(saga->rect.x, outbox->rect.x, 0.01);
    draw_free(&dl);
}

static void test_quotes_rules_entities_and_html(void **state)
{
    (void)state;
    DrawList dl = {0};
    MdStyle st = style();
    render(&dl, "> quoted text\n\n---\n\nafter", 400);
    const DrawCmd *q = find_text(&dl, "quoted text"), *after = find_text(&dl, "after");
    assert_non_null(q);
    assert_true(memcmp(&q->color, &st.muted, sizeof(Color)) == 0);
    const DrawCmd *bar = &dl.cmds[0];
    assert_int_equal(bar->kind, DRAW_RECT);
    assert_true(memcmp(&bar->color, &st.quote_bar, sizeof(Color)) == 0);
    assert_true(bar->rect.x + bar->rect.w < q->rect.x);
    assert_true(bar->rect.y <= q->rect.y && bar->rect.y + bar->rect.h >= q->rect.y + 16);
    const DrawCmd *hr = NULL;
    for (size_t i = 0; i < dl.count; i++)
        if (dl.cmds[i].kind == DRAW_RECT && memcmp(&dl.cmds[i].color, &st.rule, 4) == 0)
            hr = &dl.cmds[i];
    assert_non_null(hr);
    assert_float_equal(hr->rect.w, 400, 0.01);
    assert_true(hr->rect.y > q->rect.y && hr->rect.y < after->rect.y);

    render(&dl, "a &amp; b &lt;c&gt; &#233; &#x1F600; &bogus; &copy; <b>x</b> <br>", 2000);
    char *all = joined(&dl, "");
    assert_string_equal(all, "a & b <c> \xC3\xA9 \xF0\x9F\x98\x80 &bogus; \xC2\xA9 <b>x</b> <br>");
    free(all);
    draw_free(&dl);
}

static void test_height_grows_with_text(void **state)
{
    (void)state;
    DrawList dl = {0};
    const char *para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
                       "eiusmod tempor incididunt ut labore et dolore magna aliqua.";
    Buf two = {0};
    buf_printf(&two, "%s\n\n%s", para, para);
    float h1 = render(&dl, para, 300);
    float h2 = render(&dl, buf_str(&two), 300);
    float h1_wide = render(&dl, para, 2000);
    assert_true(h1 > 0);
    assert_true(h2 > 2 * h1);
    assert_true(h1_wide < h1);
    /* the height reaches the bottom of the last line */
    render(&dl, para, 300);
    const DrawCmd *last = &dl.cmds[dl.count - 1];
    assert_true(h1 >= last->rect.y + 16);
    buf_free(&two);
    draw_free(&dl);
}

static void test_draw_skips_runs_outside_the_band(void **state)
{
    (void)state;
    Buf md = {0};
    for (int i = 0; i < 100; i++)
        buf_printf(&md, "Paragraph %d with some words.\n\n", i);
    MdStyle st = style();
    MdLayout *l = md_layout(buf_str(&md), 400, &st, fake_measure, NULL);
    assert_true(md_layout_height(l) > 2000);
    DrawList all = {0}, band = {0};
    md_layout_draw(l, &all, 0, 0, -INFINITY, INFINITY);
    md_layout_draw(l, &band, 10, -1000, 0, 300);
    assert_int_equal(all.count, 100);
    assert_true(band.count > 5 && band.count < 20);
    for (size_t i = 0; i < band.count; i++) {
        assert_true(band.cmds[i].rect.y < 300);
        assert_true(band.cmds[i].rect.y + 20 > 0);
        assert_float_equal(band.cmds[i].rect.x, 10, 0.01);
    }
    assert_non_null(find_text(&band, "Paragraph 40 with some words."));
    draw_free(&all);
    draw_free(&band);
    md_layout_free(l);
    md_layout_free(NULL);
    buf_free(&md);
}

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static void check_any(const char *md, float width)
{
    DrawList dl = {0};
    float h = render(&dl, md, width);
    assert_true(isfinite(h) && h >= 0);
    for (size_t i = 0; i < dl.count; i++) {
        if (dl.cmds[i].kind != DRAW_TEXT)
            continue;
        const char *s = draw_cmd_text(&dl, &dl.cmds[i]);
        assert_true(utf8_validate(s, strlen(s), NULL));
        assert_true(isfinite(dl.cmds[i].rect.x) && isfinite(dl.cmds[i].rect.y));
    }
    draw_free(&dl);
}

static void test_garbage_never_crashes(void **state)
{
    (void)state;
    static const char *atoms[] = {"*",        "**",   "_",    "`",    "```",  "~~",   "|",
                                  "|---",     "- ",   "1. ",  "> ",   "#",    "### ", "\n",
                                  "\n\n",     "  ",   "\t",   "[",    "](",   ")",    "<b>",
                                  "&amp;",    "&#",   ";",    "\\",   "\xC3", "\xA9", "\xF0\x9F",
                                  "\x98\x80", "\xFF", "\x01", "word", " ",    "---"};
    Buf b = {0};
    for (int iter = 0; iter < 3000; iter++) {
        buf_clear(&b);
        int n = (int)(rng() % 120);
        for (int i = 0; i < n; i++) {
            if (rng() % 4 == 0)
                buf_putc(&b, (char)(1 + rng() % 255));
            else
                buf_puts(&b, atoms[rng() % ARRAY_LEN(atoms)]);
        }
        float widths[] = {0, -5, NAN, 1, 7, 50, 120, 333, 1e9f};
        check_any(buf_str(&b), widths[rng() % ARRAY_LEN(widths)]);
    }
    /* huge nesting of every kind */
    const char *units[] = {">", "> ", "- ", "1. ", "*", "**", "[", "`", "|", "~~", "> - "};
    for (size_t u = 0; u < ARRAY_LEN(units); u++) {
        buf_clear(&b);
        for (int i = 0; i < 3000; i++)
            buf_puts(&b, units[u]);
        buf_puts(&b, "x y z");
        check_any(buf_str(&b), 300);
    }
    buf_clear(&b);
    for (int i = 0; i < 200; i++) {
        for (int j = 0; j < i; j++)
            buf_puts(&b, "  ");
        buf_puts(&b, "- nested item with words\n");
    }
    check_any(buf_str(&b), 300);
    /* a wide table and one enormous word */
    buf_clear(&b);
    for (int r = 0; r < 3; r++) {
        for (int i = 0; i < 150; i++)
            buf_puts(&b, r == 1 ? "|---" : "| cell ");
        buf_puts(&b, "|\n");
    }
    check_any(buf_str(&b), 300);
    buf_clear(&b);
    for (int i = 0; i < 20000; i++)
        buf_puts(&b, "\xC3\xA9");
    check_any(buf_str(&b), 300);
    buf_clear(&b);
    buf_puts(&b, "```\n");
    for (int i = 0; i < 20000; i++)
        buf_puts(&b, "\xF0\x9F\x98\x80");
    check_any(buf_str(&b), 300);
    buf_free(&b);
}

static bool is_deck_file(const char *name)
{
    return str_ends_with(name, ".md") && strcmp(name, "README.md") != 0 &&
           strcmp(name, "SOURCES.md") != 0;
}

/* Every card of every shipped deck lays out inside the width, front and back. */
static void test_every_deck_card_fits(void **state)
{
    (void)state;
    const char *dir = ARCHDRILL_SOURCE_DIR "/decks";
    DIR *d = opendir(dir);
    assert_non_null(d);
    MdStyle st = style();
    DrawList dl = {0};
    size_t cards = 0, decks = 0;
    int bad = 0;
    double seconds = 0;
    long calls = measure_calls;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!is_deck_file(e->d_name))
            continue;
        char *path = path_join(dir, e->d_name);
        Deck *deck = NULL;
        DeckErrors errs = {0};
        assert_int_equal(deck_load(path, &deck, &errs), ERR_OK);
        decks++;
        for (size_t i = 0; i < deck->entry_count; i++, cards++) {
            float widths[] = {260, 480, 900};
            for (size_t w = 0; w < ARRAY_LEN(widths); w++) {
                const char *texts[] = {deck->entries[i].heading, deck->entries[i].body};
                for (size_t t = 0; t < 2; t++) {
                    clock_t t0 = clock();
                    MdLayout *l = md_layout(texts[t], widths[w], &st, fake_measure, NULL);
                    seconds += (double)(clock() - t0) / CLOCKS_PER_SEC;
                    draw_clear(&dl);
                    md_layout_draw(l, &dl, 0, 0, -INFINITY, INFINITY);
                    assert_true(md_layout_height(l) > 0);
                    bad += runs_outside(&dl, widths[w], deck->entries[i].id);
                    md_layout_free(l);
                }
            }
        }
        deck_free(deck);
        deck_errors_free(&errs);
        free(path);
    }
    closedir(d);
    draw_free(&dl);
    assert_true(decks >= 10 && cards >= 300);
    assert_int_equal(bad, 0);
    print_message("laid out %zu cards of %zu decks at 3 widths: %.1f us and %.1f measures a "
                  "text on average\n",
                  cards, decks, seconds * 1e6 / (double)(cards * 6),
                  (double)(measure_calls - calls) / (double)(cards * 6));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_wraps_words_at_the_width),
        cmocka_unit_test(test_soft_break_is_a_space_hard_break_breaks),
        cmocka_unit_test(test_long_words_break_between_code_points),
        cmocka_unit_test(test_fonts_of_bold_italic_and_code),
        cmocka_unit_test(test_headings_are_larger_and_bold),
        cmocka_unit_test(test_bullet_and_numbered_lists),
        cmocka_unit_test(test_code_blocks_in_mono_on_a_box),
        cmocka_unit_test(test_tables_align_columns),
        cmocka_unit_test(test_quotes_rules_entities_and_html),
        cmocka_unit_test(test_height_grows_with_text),
        cmocka_unit_test(test_draw_skips_runs_outside_the_band),
        cmocka_unit_test(test_garbage_never_crashes),
        cmocka_unit_test(test_every_deck_card_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
