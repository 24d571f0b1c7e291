/*
 * lint.c: the content lint. Findings use the deck parser's file:line:col form.
 */
#include "core/lint.h"

#include "core/str.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

size_t lint_word_count(const char *text)
{
    size_t words = 0;
    const char *s = text;
    while (*s) {
        while (*s && isspace((unsigned char)*s))
            s++;
        bool has_alnum = false;
        while (*s && !isspace((unsigned char)*s)) {
            has_alnum |= isalnum((unsigned char)*s) || ((unsigned char)*s & 0x80);
            s++;
        }
        words += has_alnum;
    }
    return words;
}

/* Letters and digits only, lowercased: "What is CAP?" and "what is cap" are alike. */
static char *front_key(const char *front)
{
    Buf b = {0};
    for (const char *p = front; *p; p++)
        if (isalnum((unsigned char)*p))
            buf_putc(&b, (char)tolower((unsigned char)*p));
    return buf_take(&b);
}

typedef struct Front {
    char *key;
    const Deck *deck;
    const DeckEntry *entry;
} Front;

static int cmp_front(const void *a, const void *b)
{
    const Front *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    c = strcmp(x->deck->path, y->deck->path);
    return c ? c : x->entry->line - y->entry->line;
}

static int phase_tags(const char *tags)
{
    int n = 0;
    for (const char *p = tags; (p = strstr(p, "phase/")) != NULL; p++)
        n += p == tags || p[-1] == ' ';
    return n;
}

void lint_cards(const Deck *const *decks, size_t n, DeckErrors *out)
{
    Front *fronts = NULL;
    size_t count = 0;
    for (size_t d = 0; d < n; d++) {
        if (decks[d]->kind != DECK_KIND_CARDS)
            continue;
        for (size_t i = 0; i < decks[d]->entry_count; i++) {
            const DeckEntry *e = &decks[d]->entries[i];
            size_t fw = lint_word_count(e->heading), bw = lint_word_count(e->body);
            if (fw > LINT_FRONT_MAX_WORDS)
                deck_errors_add(out, decks[d]->path, e->line, 1,
                                "the front has %zu words; ask one thing in at most %d", fw,
                                LINT_FRONT_MAX_WORDS);
            if (bw > LINT_BACK_MAX_WORDS)
                deck_errors_add(out, decks[d]->path, e->line, 1,
                                "the back has %zu words; answer in at most %d", bw,
                                LINT_BACK_MAX_WORDS);
            int phases = phase_tags(e->tags);
            if (phases != 1)
                deck_errors_add(out, decks[d]->path, e->line, 1,
                                "a card needs exactly one phase/ tag (it has %d)", phases);
            fronts = xrealloc(fronts, (count + 1) * sizeof(*fronts));
            fronts[count++] = (Front){front_key(e->heading), decks[d], e};
        }
    }
    if (count)
        qsort(fronts, count, sizeof(*fronts), cmp_front);
    for (size_t i = 1; i < count; i++)
        if (fronts[i].key[0] && strcmp(fronts[i].key, fronts[i - 1].key) == 0)
            deck_errors_add(out, fronts[i].deck->path, fronts[i].entry->line, 1,
                            "the same front as %s:%d", fronts[i - 1].deck->path,
                            fronts[i - 1].entry->line);
    for (size_t i = 0; i < count; i++)
        free(fronts[i].key);
    free(fronts);
}

static int section_line(const Deck *deck, const char *heading)
{
    for (size_t i = 0; i < deck->entry_count; i++)
        if (strcmp(deck->entries[i].heading, heading) == 0)
            return deck->entries[i].line;
    return 1;
}

void lint_drill(const Drill *drill, DeckErrors *out)
{
    if (drill->kind != DECK_KIND_DESIGN)
        return;
    size_t w = lint_word_count(drill->reference);
    if (w < LINT_OUTLINE_MIN_WORDS)
        deck_errors_add(out, drill->deck->path, section_line(drill->deck, "Reference outline"), 1,
                        "the reference outline has %zu words; write at least %d", w,
                        LINT_OUTLINE_MIN_WORDS);
}

static bool has_tag(const char *tags, const char *tag)
{
    size_t n = strlen(tag);
    for (const char *p = tags; (p = strstr(p, tag)) != NULL; p++)
        if ((p == tags || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

void lint_concept_tags(const Drill *drill, const Deck *const *decks, size_t n, DeckErrors *out)
{
    for (size_t c = 0; c < drill->concept_count; c++) {
        bool found = false;
        for (size_t d = 0; d < n && !found; d++) {
            if (decks[d]->kind != DECK_KIND_CARDS)
                continue;
            for (size_t i = 0; i < decks[d]->entry_count && !found; i++)
                found = has_tag(decks[d]->entries[i].tags, drill->concepts[c]);
        }
        if (!found)
            deck_errors_add(out, drill->deck->path, section_line(drill->deck, "Key concepts"), 1,
                            "key concept `%s` is not a tag of any card", drill->concepts[c]);
    }
}
