/*
 * deck.c: the deck file parser. One pass over the lines with a small state machine
 * (title, description, entry); code fences are tracked so that `#` lines inside them are
 * content. Errors are collected, never fatal, so an author sees all of them at once; a
 * Deck is returned only when there were none.
 */
#include "core/deck.h"

#include "core/files.h"
#include "core/str.h"
#include "core/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ------------------------------------------------------------------------ */

void deck_errors_add(DeckErrors *errs, const char *file, int line, int col, const char *fmt, ...)
{
    if (errs->count == errs->cap) {
        errs->cap = errs->cap ? errs->cap * 2 : 8;
        errs->items = xrealloc(errs->items, errs->cap * sizeof(*errs->items));
    }
    ErrInfo *e = &errs->items[errs->count++];
    snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
    e->line = line;
    e->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
}

void deck_errors_clear(DeckErrors *errs)
{
    errs->count = 0;
}

void deck_errors_free(DeckErrors *errs)
{
    free(errs->items);
    errs->items = NULL;
    errs->count = errs->cap = 0;
}

void deck_error_format(const ErrInfo *e, char *out, size_t cap)
{
    if (e->line > 0)
        snprintf(out, cap, "%s:%d:%d: %s", e->file, e->line, e->col > 0 ? e->col : 1, e->msg);
    else
        snprintf(out, cap, "%s: %s", e->file, e->msg);
}

/* ---- small helpers ----------------------------------------------------------------- */

typedef struct Line {
    const char *s; /* not NUL-terminated */
    size_t n;      /* without the line ending */
    int no;        /* 1-based */
} Line;

static bool is_blank(Line ln)
{
    for (size_t i = 0; i < ln.n; i++)
        if (ln.s[i] != ' ' && ln.s[i] != '\t')
            return false;
    return true;
}

static int column_of(Line ln, size_t offset)
{
    return (int)utf8_length(ln.s, offset) + 1;
}

static char *trimmed_copy(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return xstrndup(s, n);
}

/* Returns the heading level (1 or 2) of an ATX heading we care about, 0 otherwise, and
 * the offset of its text in *text_at. `##` alone (empty heading) counts as level 2. */
static int heading_level(Line ln, size_t *text_at)
{
    size_t i = 0;
    while (i < ln.n && i < 3 && ln.s[i] == ' ')
        i++;
    size_t hashes = 0;
    while (i + hashes < ln.n && ln.s[i + hashes] == '#')
        hashes++;
    if (hashes < 1 || hashes > 2)
        return 0;
    size_t after = i + hashes;
    if (after < ln.n && ln.s[after] != ' ' && ln.s[after] != '\t')
        return 0;
    *text_at = after;
    return (int)hashes;
}

/* Recognises an opening or closing code fence: returns its length, storing its char. */
static size_t fence_length(Line ln, char *fence_char)
{
    size_t i = 0;
    while (i < ln.n && i < 3 && ln.s[i] == ' ')
        i++;
    if (i >= ln.n || (ln.s[i] != '`' && ln.s[i] != '~'))
        return 0;
    char c = ln.s[i];
    size_t n = 0;
    while (i + n < ln.n && ln.s[i + n] == c)
        n++;
    if (n < 3)
        return 0;
    *fence_char = c;
    return n;
}

static bool valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > DECK_MAX_ID_BYTES)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  (i > 0 && (c == '-' || c == '_' || c == '.'));
        if (!ok)
            return false;
    }
    return true;
}

static bool valid_tag(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  (i > 0 && (c == '-' || c == '_' || c == '/' || c == '.'));
        if (!ok)
            return false;
    }
    return true;
}

char *deck_derive_id(const char *heading)
{
    Buf b = {0};
    bool dash = false;
    for (const char *p = heading; *p && b.len < DECK_MAX_ID_BYTES; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && b.len > 0)
                buf_putc(&b, '-');
            if (b.len < DECK_MAX_ID_BYTES)
                buf_putc(&b, c);
            dash = false;
        } else if (c == '`' || c == '\'' || c == '*') {
            /* Markdown emphasis and apostrophes do not separate words. */
        } else {
            dash = true;
        }
    }
    if (b.len == 0) {
        char hex[17];
        hash_hex(hash_fnv1a64(heading, strlen(heading)), hex);
        buf_printf(&b, "h%s", hex);
    }
    return buf_take(&b);
}

/* ---- tags -------------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Merges two space-separated tag lists into one sorted, de-duplicated list. */
static char *merge_tags(const char *a, const char *b)
{
    char *all = xmalloc(strlen(a) + strlen(b) + 2);
    sprintf(all, "%s %s", a, b);
    char **words = NULL;
    size_t count = 0;
    for (char *tok = strtok(all, " "); tok; tok = strtok(NULL, " ")) {
        words = xrealloc(words, (count + 1) * sizeof(*words));
        words[count++] = tok;
    }
    if (count)
        qsort(words, count, sizeof(*words), cmp_str);
    Buf out = {0};
    for (size_t i = 0; i < count; i++) {
        if (i > 0 && strcmp(words[i], words[i - 1]) == 0)
            continue;
        if (out.len)
            buf_putc(&out, ' ');
        buf_puts(&out, words[i]);
    }
    free(words);
    free(all);
    return buf_take(&out);
}

/* ---- the parser state -------------------------------------------------------------- */

typedef struct Parser {
    const char *path;
    DeckErrors *errs;
    size_t errors_at_start;
    Deck *deck;
    Buf description;
    /* the entry being read */
    bool in_entry;
    DeckEntry cur;
    Buf body;
    int body_first_line;
    /* code fence tracking */
    char fence_char;
    size_t fence_len;
    int fence_line;
} Parser;

static void perr(Parser *p, Line ln, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void perr(Parser *p, Line ln, size_t offset, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    deck_errors_add(p->errs, p->path, ln.no, column_of(ln, offset), "%s", msg);
}

static bool has_errors(const Parser *p)
{
    return p->errs->count > p->errors_at_start;
}

/* Parses `<!-- key: value; key: value -->`. For each pair calls the handler, which reports
 * unknown keys and bad values itself. Returns false (with an error) if not well formed. */
typedef void (*MetaHandler)(Parser *p, Line ln, size_t key_at, const char *key, const char *value);

static bool parse_meta(Parser *p, Line ln, MetaHandler handle)
{
    size_t start = 0;
    while (start < ln.n && (ln.s[start] == ' ' || ln.s[start] == '\t'))
        start++;
    size_t end = ln.n;
    while (end > start && (ln.s[end - 1] == ' ' || ln.s[end - 1] == '\t'))
        end--;
    if (end - start < 7 || memcmp(ln.s + end - 3, "-->", 3) != 0) {
        perr(p, ln, start, "metadata comment must end with '-->' on the same line");
        return false;
    }
    size_t i = start + 4; /* after "<!--" */
    size_t stop = end - 3;
    while (i < stop) {
        size_t seg_end = i;
        while (seg_end < stop && ln.s[seg_end] != ';')
            seg_end++;
        size_t k = i;
        while (k < seg_end && (ln.s[k] == ' ' || ln.s[k] == '\t'))
            k++;
        if (k < seg_end) {
            const char *colon = memchr(ln.s + k, ':', seg_end - k);
            if (!colon) {
                perr(p, ln, k, "expected 'key: value' in the metadata comment");
            } else {
                char *key = trimmed_copy(ln.s + k, (size_t)(colon - (ln.s + k)));
                char *value = trimmed_copy(colon + 1, (size_t)(ln.s + seg_end - colon - 1));
                handle(p, ln, k, key, value);
                free(key);
                free(value);
            }
        }
        i = seg_end + 1;
    }
    return true;
}

static bool check_tags(Parser *p, Line ln, size_t at, const char *value)
{
    const char *s = value;
    bool ok = true;
    while (*s) {
        while (*s == ' ' || *s == ',')
            s++;
        size_t n = strcspn(s, " ,");
        if (n && !valid_tag(s, n)) {
            perr(p, ln, at, "tag '%.*s' must be lowercase letters, digits and - _ / .", (int)n, s);
            ok = false;
        }
        s += n;
    }
    return ok;
}

/* Tags may be written separated by spaces or commas; store them space-separated. */
static char *normalize_tags(const char *value)
{
    char *copy = xstrdup(value);
    for (char *c = copy; *c; c++)
        if (*c == ',')
            *c = ' ';
    char *merged = merge_tags(copy, "");
    free(copy);
    return merged;
}

static const char *const KIND_NAMES[] = {"cards", "design", "risk", "adr", "estimation"};

const char *deck_kind_name(DeckKind kind)
{
    return (size_t)kind < ARRAY_LEN(KIND_NAMES) ? KIND_NAMES[kind] : "unknown";
}

static void file_meta(Parser *p, Line ln, size_t at, const char *key, const char *value)
{
    Deck *d = p->deck;
    if (strcmp(key, "deck") == 0 || strcmp(key, "id") == 0) {
        if (!valid_id(value))
            perr(p, ln, at, "id '%s' must be 1-64 lowercase letters, digits, - _ .", value);
        free(d->id);
        d->id = xstrdup(value);
    } else if (strcmp(key, "kind") == 0) {
        size_t k = 0;
        while (k < ARRAY_LEN(KIND_NAMES) && strcmp(value, KIND_NAMES[k]) != 0)
            k++;
        if (k < ARRAY_LEN(KIND_NAMES))
            d->kind = (DeckKind)k;
        else
            perr(p, ln, at, "kind must be cards, design, risk, adr or estimation, not '%s'", value);
    } else if (strcmp(key, "minutes") == 0) {
        char *end;
        long m = strtol(value, &end, 10);
        if (end == value || *end || m < 1 || m > 240)
            perr(p, ln, at, "minutes must be a whole number from 1 to 240, not '%s'", value);
        else
            d->minutes = (int)m;
    } else if (strcmp(key, "tags") == 0) {
        if (check_tags(p, ln, at, value)) {
            free(d->tags);
            d->tags = normalize_tags(value);
        }
    } else {
        perr(p, ln, at, "unknown file metadata '%s' (known: id, kind, minutes, tags)", key);
    }
}

static void entry_meta(Parser *p, Line ln, size_t at, const char *key, const char *value)
{
    DeckEntry *e = &p->cur;
    if (strcmp(key, "id") == 0) {
        if (!valid_id(value)) {
            perr(p, ln, at, "id '%s' must be 1-64 lowercase letters, digits, - _ .", value);
            return;
        }
        free(e->id);
        e->id = xstrdup(value);
        e->id_explicit = true;
    } else if (strcmp(key, "tags") == 0) {
        if (check_tags(p, ln, at, value)) {
            free(e->tags);
            e->tags = normalize_tags(value);
        }
    } else {
        perr(p, ln, at, "unknown metadata '%s' (known: id, tags)", key);
    }
}

static bool is_meta_line(Line ln)
{
    size_t i = 0;
    while (i < ln.n && (ln.s[i] == ' ' || ln.s[i] == '\t'))
        i++;
    return ln.n - i >= 4 && memcmp(ln.s + i, "<!--", 4) == 0;
}

/* ---- entries ----------------------------------------------------------------------- */

/* Drops leading and trailing blank lines and trailing `---` separators from a body. */
static char *finish_body(Buf *body)
{
    const char *s = buf_str(body);
    size_t n = body->len;
    while (n > 0 && (s[0] == '\n' || s[0] == ' ' || s[0] == '\t')) {
        /* only drop whole blank lines at the start */
        size_t eol = 0;
        while (eol < n && s[eol] != '\n')
            eol++;
        Line ln = {s, eol, 0};
        if (!is_blank(ln))
            break;
        s += eol < n ? eol + 1 : eol;
        n -= eol < n ? eol + 1 : eol;
    }
    for (;;) {
        while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n >= 3 && memcmp(s + n - 3, "---", 3) == 0 && (n == 3 || s[n - 4] == '\n')) {
            n -= 3;
            continue;
        }
        break;
    }
    return xstrndup(s, n);
}

static void entry_free(DeckEntry *e)
{
    free(e->id);
    free(e->heading);
    free(e->body);
    free(e->tags);
}

static void close_entry(Parser *p)
{
    if (!p->in_entry)
        return;
    DeckEntry e = p->cur;
    e.body = finish_body(&p->body);
    buf_clear(&p->body);
    p->in_entry = false;
    memset(&p->cur, 0, sizeof(p->cur));

    if (strlen(e.body) > DECK_MAX_BODY_BYTES)
        deck_errors_add(p->errs, p->path, e.line, 1, "the back is over %u bytes",
                        DECK_MAX_BODY_BYTES);
    if (e.body[0] == '\0')
        deck_errors_add(p->errs, p->path, e.line, 1, "'%s' has no back: write it below the heading",
                        e.heading);
    if (!e.id)
        e.id = deck_derive_id(e.heading);
    char *entry_tags = e.tags ? e.tags : xstrdup("");
    e.tags = merge_tags(p->deck->tags, entry_tags);
    free(entry_tags);

    Buf h = {0};
    buf_puts(&h, e.heading);
    buf_putc(&h, '\n');
    buf_puts(&h, e.body);
    buf_putc(&h, '\n');
    buf_puts(&h, e.tags);
    hash_hex(hash_fnv1a64(h.data, h.len), e.hash);
    buf_free(&h);

    Deck *d = p->deck;
    d->entries = xrealloc(d->entries, (d->entry_count + 1) * sizeof(*d->entries));
    d->entries[d->entry_count++] = e;
}

static void open_entry(Parser *p, Line ln, size_t text_at)
{
    close_entry(p);
    p->in_entry = true;
    memset(&p->cur, 0, sizeof(p->cur));
    p->cur.line = ln.no;
    p->cur.heading = trimmed_copy(ln.s + text_at, ln.n - text_at);
    /* A closing sequence of #s is not part of the heading (CommonMark). */
    char *h = p->cur.heading;
    size_t n = strlen(h);
    size_t k = n;
    while (k > 0 && h[k - 1] == '#')
        k--;
    if (k < n && (k == 0 || h[k - 1] == ' ')) {
        h[k] = '\0';
        char *t = trimmed_copy(h, k);
        free(p->cur.heading);
        p->cur.heading = t;
    }
    if (p->cur.heading[0] == '\0')
        perr(p, ln, 0, "empty heading: a card needs a front after '## '");
    if (strlen(p->cur.heading) > DECK_MAX_HEADING_BYTES)
        perr(p, ln, text_at, "the front is over %u bytes; keep it to one short question",
             DECK_MAX_HEADING_BYTES);
}

/* Reports every pair of entries that share an id, naming both lines. */
static void check_duplicate_ids(Parser *p)
{
    Deck *d = p->deck;
    size_t cap = 16;
    while (cap < d->entry_count * 2)
        cap *= 2;
    size_t *slots = xmalloc(cap * sizeof(*slots)); /* entry index + 1; 0 = empty */
    memset(slots, 0, cap * sizeof(*slots));
    for (size_t i = 0; i < d->entry_count; i++) {
        const char *id = d->entries[i].id;
        size_t h = (size_t)hash_fnv1a64(id, strlen(id)) & (cap - 1);
        while (slots[h] && strcmp(d->entries[slots[h] - 1].id, id) != 0)
            h = (h + 1) & (cap - 1);
        if (slots[h]) {
            const DeckEntry *first = &d->entries[slots[h] - 1];
            deck_errors_add(p->errs, p->path, d->entries[i].line, 1,
                            "duplicate id '%s': line %d has the same id%s", id, first->line,
                            d->entries[i].id_explicit ? "" : " (give one of them an explicit id)");
        } else {
            slots[h] = i + 1;
        }
    }
    free(slots);
}

/* ---- the main loop ----------------------------------------------------------------- */

/* Reports invalid UTF-8 and NUL bytes, one error per offending line. */
static void check_encoding(Parser *p, const char *text, size_t len)
{
    int line_no = 1;
    size_t line_start = 0;
    size_t i = 0;
    bool line_reported = false;
    while (i < len) {
        uint32_t cp = 0;
        size_t n = utf8_decode(text + i, len - i, &cp);
        if ((n == 0 || cp == 0) && !line_reported) {
            Line ln = {text + line_start, i - line_start, line_no};
            perr(p, ln, i - line_start,
                 n == 0 ? "invalid UTF-8 (save the file as UTF-8)" : "NUL byte in text");
            line_reported = true;
        }
        if (n == 0)
            n = 1;
        if (text[i] == '\n') {
            line_no++;
            line_start = i + 1;
            line_reported = false;
        }
        i += n;
    }
}

static void handle_line(Parser *p, Line ln, bool *seen_title, bool *expect_file_meta)
{
    char fc;
    size_t flen = fence_length(ln, &fc);
    if (p->fence_len) {
        if (flen >= p->fence_len && fc == p->fence_char)
            p->fence_len = 0;
    } else if (flen) {
        p->fence_char = fc, p->fence_len = flen, p->fence_line = ln.no;
    } else {
        size_t text_at = 0;
        int level = heading_level(ln, &text_at);
        if (level == 1) {
            if (*seen_title) {
                perr(p, ln, 0,
                     "a second '# ' title: a file holds one deck; use '## ' for a "
                     "card and '### ' inside a back");
            } else {
                if (p->in_entry || p->description.len)
                    perr(p, ln, 0, "the '# ' title must come first");
                *seen_title = true;
                *expect_file_meta = true;
                free(p->deck->title);
                p->deck->title = trimmed_copy(ln.s + text_at, ln.n - text_at);
                if (!p->deck->title[0])
                    perr(p, ln, 0, "empty title after '# '");
            }
            return;
        }
        if (level == 2) {
            if (!*seen_title) {
                perr(p, ln, 0, "expected the deck title ('# Title') before the first card");
                *seen_title = true; /* report once */
            }
            *expect_file_meta = false;
            open_entry(p, ln, text_at);
            return;
        }
    }
    if (*expect_file_meta && !is_blank(ln)) {
        *expect_file_meta = false;
        if (is_meta_line(ln)) {
            parse_meta(p, ln, file_meta);
            return;
        }
    }
    if (p->in_entry) {
        /* The metadata comment must sit on the line right after the heading. */
        if (ln.no == p->cur.line + 1 && !p->fence_len && is_meta_line(ln)) {
            parse_meta(p, ln, entry_meta);
            return;
        }
        if (!p->cur.body_line && !is_blank(ln))
            p->cur.body_line = ln.no;
        buf_append(&p->body, ln.s, ln.n);
        buf_putc(&p->body, '\n');
        return;
    }
    if (!*seen_title && !is_blank(ln)) {
        perr(p, ln, 0, "expected the deck title ('# Title') on the first line");
        *seen_title = true;
        return;
    }
    buf_append(&p->description, ln.s, ln.n);
    buf_putc(&p->description, '\n');
}

static char *base_name_id(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".md") == 0)
        n -= 3;
    char *stem = xstrndup(base, n);
    char *id = deck_derive_id(stem);
    free(stem);
    return id;
}

Err deck_parse(const char *path, const char *text, size_t len, Deck **out, DeckErrors *errs)
{
    *out = NULL;
    if (len > DECK_MAX_FILE_BYTES) {
        deck_errors_add(errs, path, 0, 0, "file is %zu bytes; the limit is %u", len,
                        DECK_MAX_FILE_BYTES);
        return ERR_TOO_BIG;
    }
    Parser p = {.path = path, .errs = errs, .errors_at_start = errs->count};
    Deck *d = xcalloc(1, sizeof(*d));
    p.deck = d;
    d->path = xstrdup(path);
    d->title = xstrdup("");
    d->tags = xstrdup("");
    hash_hex(hash_fnv1a64(text, len), d->file_hash);

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;
    check_encoding(&p, text, len);
    if (has_errors(&p))
        goto fail;

    bool seen_title = false, expect_file_meta = false;
    int line_no = 0;
    size_t i = 0;
    while (i < len) {
        size_t eol = i;
        while (eol < len && text[eol] != '\n')
            eol++;
        size_t n = eol - i;
        if (n && text[i + n - 1] == '\r')
            n--;
        Line ln = {text + i, n, ++line_no};
        handle_line(&p, ln, &seen_title, &expect_file_meta);
        i = eol + 1;
    }
    if (p.fence_len)
        deck_errors_add(errs, path, p.fence_line, 1, "code fence opened here is never closed");
    close_entry(&p);
    if (!seen_title)
        deck_errors_add(errs, path, 1, 1, "empty file: a deck starts with '# Title'");
    if (!d->id)
        d->id = base_name_id(path);
    d->description = finish_body(&p.description);
    check_duplicate_ids(&p);
    if (has_errors(&p))
        goto fail;
    buf_free(&p.description);
    buf_free(&p.body);
    *out = d;
    return ERR_OK;
fail:
    if (p.in_entry)
        entry_free(&p.cur);
    buf_free(&p.description);
    buf_free(&p.body);
    deck_free(d);
    return ERR_PARSE;
}

Err deck_load(const char *path, Deck **out, DeckErrors *errs)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    ErrInfo e;
    Err err = files_read(path, DECK_MAX_FILE_BYTES, &data, &len, &e);
    if (err) {
        deck_errors_add(errs, path, 0, 0, "%s", e.msg);
        return err;
    }
    err = deck_parse(path, data, len, out, errs);
    free(data);
    return err;
}

void deck_free(Deck *deck)
{
    if (!deck)
        return;
    for (size_t i = 0; i < deck->entry_count; i++)
        entry_free(&deck->entries[i]);
    free(deck->entries);
    free(deck->path);
    free(deck->id);
    free(deck->title);
    free(deck->description);
    free(deck->tags);
    free(deck);
}
