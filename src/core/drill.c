/*
 * drill.c: reading drill files. Sections are found by their headings; everything a kind
 * requires is checked and every problem reported with its line, so an author fixes a
 * drill in one pass.
 */
#include "core/drill.h"

#include "core/str.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const DRILL_PHASE_NAMES[DRILL_PHASES] = {
    "Requirements", "Estimation", "Entities and API", "High-level design", "Deep dives", "Wrap-up"};
const int DRILL_PHASE_DEFAULT_MINUTES[DRILL_PHASES] = {5, 4, 5, 12, 13, 6};
const char *const DRILL_DIMENSION_NAMES[DRILL_DIMENSIONS] = {
    "Scoping",   "Estimation", "API and data model",         "High-level design",
    "Deep dive", "Trade-offs", "Reliability and operations", "Communication and time"};

int drill_default_minutes(DeckKind kind)
{
    switch (kind) {
    case DECK_KIND_DESIGN:
        return 45;
    case DECK_KIND_RISK:
        return 10;
    case DECK_KIND_ADR:
        return 15;
    case DECK_KIND_ESTIMATION:
        return 3;
    case DECK_KIND_CARDS:
        break;
    }
    return 0;
}

void drill_free(Drill *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->concept_count; i++)
        free(d->concepts[i]);
    free(d->concepts);
    for (int i = 0; i < DRILL_DIMENSIONS; i++)
        free(d->rubric[i]);
    free(d->questions);
    free(d);
}

/* ---- helpers ----------------------------------------------------------------------- */

typedef struct Ctx {
    const Deck *deck;
    Drill *drill;
    DeckErrors *errs;
    size_t errors_before;
} Ctx;

static void err_at(Ctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void err_at(Ctx *c, int line, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    deck_errors_add(c->errs, c->deck->path, line > 0 ? line : 1, 1, "%s", msg);
}

static const DeckEntry *section(Ctx *c, const char *name)
{
    for (size_t i = 0; i < c->deck->entry_count; i++)
        if (strcasecmp(c->deck->entries[i].heading, name) == 0)
            return &c->deck->entries[i];
    return NULL;
}

static const char *require(Ctx *c, const char *name)
{
    const DeckEntry *e = section(c, name);
    if (!e) {
        err_at(c, 1, "a %s drill needs a '## %s' section", deck_kind_name(c->deck->kind), name);
        return "";
    }
    return e->body;
}

/* Calls fn for each list item line ("- x" or "* x") of a body with the text after the
 * marker and the line's offset within the entry. */
typedef void (*ItemFn)(Ctx *c, const DeckEntry *e, int line, const char *item, size_t n);

static void each_item(Ctx *c, const DeckEntry *e, ItemFn fn)
{
    const char *s = e->body;
    int line = e->line + 1;
    while (*s) {
        size_t n = strcspn(s, "\n");
        const char *t = s;
        while (t < s + n && *t == ' ')
            t++;
        if (t + 1 < s + n && (*t == '-' || *t == '*') && t[1] == ' ')
            fn(c, e, line, t + 2, (size_t)(s + n - (t + 2)));
        s += n + (s[n] == '\n');
        line++;
    }
}

/* ---- key concepts ------------------------------------------------------------------ */

static void concept_item(Ctx *c, const DeckEntry *e, int line, const char *item, size_t n)
{
    (void)e;
    if (n < 3 || item[0] != '`') {
        err_at(c, line, "a key concept starts with its card tag in backticks: - `tag`: why");
        return;
    }
    const char *end = memchr(item + 1, '`', n - 1);
    if (!end || end == item + 1) {
        err_at(c, line, "unclosed or empty `tag` in a key concept");
        return;
    }
    for (const char *p = item + 1; p < end; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("-_/.", *p))) {
            err_at(c, line, "'%.*s' is not a tag (lowercase letters, digits, - _ / .)",
                   (int)(end - item - 1), item + 1);
            return;
        }
    Drill *d = c->drill;
    d->concepts = xrealloc(d->concepts, (d->concept_count + 1) * sizeof(*d->concepts));
    d->concepts[d->concept_count++] = xstrndup(item + 1, (size_t)(end - item - 1));
}

static void read_concepts(Ctx *c)
{
    const DeckEntry *e = section(c, "Key concepts");
    if (!e) {
        err_at(c, 1, "a %s drill needs a '## Key concepts' section", deck_kind_name(c->deck->kind));
        return;
    }
    each_item(c, e, concept_item);
    if (c->drill->concept_count == 0)
        err_at(c, e->line, "list at least one key concept: - `tag`: why");
}

/* ---- design ------------------------------------------------------------------------ */

static void rubric_item(Ctx *c, const DeckEntry *e, int line, const char *item, size_t n)
{
    (void)e;
    if (n < 5 || strncmp(item, "**", 2) != 0) {
        err_at(c, line, "a rubric note starts with its dimension in bold: - **Scoping:** ...");
        return;
    }
    const char *close = strstr(item + 2, "**");
    if (!close || close > item + n) {
        err_at(c, line, "unclosed ** in a rubric note");
        return;
    }
    size_t name_len = (size_t)(close - item - 2);
    if (name_len && item[2 + name_len - 1] == ':')
        name_len--;
    for (int i = 0; i < DRILL_DIMENSIONS; i++) {
        if (strlen(DRILL_DIMENSION_NAMES[i]) == name_len &&
            strncasecmp(item + 2, DRILL_DIMENSION_NAMES[i], name_len) == 0) {
            free(c->drill->rubric[i]);
            const char *text = close + 2;
            while (*text == ' ' || *text == ':')
                text++;
            c->drill->rubric[i] = xstrndup(text, (size_t)(item + n - text));
            return;
        }
    }
    err_at(c, line, "unknown rubric dimension '%.*s'", (int)name_len, item + 2);
}

/* Matches "Name (N min)" and "Curveball (minute N)"; returns N or -1. */
static int heading_number(const char *heading, const char *name, const char *unit_before,
                          const char *unit_after)
{
    size_t n = strlen(name);
    if (strncasecmp(heading, name, n) != 0)
        return -1;
    const char *p = heading + n;
    while (*p == ' ')
        p++;
    if (*p++ != '(')
        return -1;
    size_t b = strlen(unit_before);
    if (b && strncmp(p, unit_before, b) != 0)
        return -1;
    p += b;
    char *end;
    long v = strtol(p, &end, 10);
    if (end == p || v < 0 || v > 240 || strcmp(end, unit_after) != 0)
        return -1;
    return (int)v;
}

static bool is_phase_heading(const char *h, int *phase, int *minutes)
{
    for (int i = 0; i < DRILL_PHASES; i++) {
        int m = heading_number(h, DRILL_PHASE_NAMES[i], "", " min)");
        if (m >= 0) {
            *phase = i;
            *minutes = m;
            return true;
        }
    }
    return false;
}

static const char *const DESIGN_SECTIONS[] = {"Prompt", "Scale", "Key concepts", "Rubric notes",
                                              "Reference outline"};

static void read_phases(Ctx *c)
{
    Drill *d = c->drill;
    int next = 0, total = 0;
    for (size_t i = 0; i < c->deck->entry_count; i++) {
        const DeckEntry *e = &c->deck->entries[i];
        int phase, minutes;
        if (is_phase_heading(e->heading, &phase, &minutes)) {
            if (phase != next)
                err_at(c, e->line, "phase '%s' is out of order: expected '%s (N min)'",
                       DRILL_PHASE_NAMES[phase], DRILL_PHASE_NAMES[next < DRILL_PHASES ? next : 0]);
            if (minutes < 1)
                err_at(c, e->line, "a phase needs at least 1 minute");
            d->phases[phase] = (DrillPhase){minutes, e->body};
            total += minutes;
            next = phase + 1;
            continue;
        }
        int minute = heading_number(e->heading, "Curveball", "minute ", ")");
        if (minute >= 0) {
            d->curveball_minute = minute;
            d->curveball = e->body;
            continue;
        }
        bool known = false;
        for (size_t k = 0; k < ARRAY_LEN(DESIGN_SECTIONS); k++)
            known |= strcasecmp(e->heading, DESIGN_SECTIONS[k]) == 0;
        if (!known)
            err_at(c, e->line, "unknown section '%s' in a design drill", e->heading);
    }
    for (int i = 0; i < DRILL_PHASES; i++)
        if (!d->phases[i].prompt)
            err_at(c, 1, "missing phase '## %s (N min)'", DRILL_PHASE_NAMES[i]);
    if (total != d->minutes && next == DRILL_PHASES)
        err_at(c, 1, "the phases add up to %d minutes but the drill has %d", total, d->minutes);
    if (!d->curveball)
        err_at(c, 1, "a design drill needs a '## Curveball (minute N)' section");
    else if (d->curveball_minute < 1 || d->curveball_minute >= d->minutes)
        err_at(c, 1, "the curveball's minute must fall inside the drill");
}

static void read_design(Ctx *c)
{
    Drill *d = c->drill;
    d->prompt = require(c, "Prompt");
    d->scale = require(c, "Scale");
    d->reference = require(c, "Reference outline");
    read_phases(c);
    read_concepts(c);
    const DeckEntry *rubric = section(c, "Rubric notes");
    if (!rubric) {
        err_at(c, 1, "a design drill needs a '## Rubric notes' section");
        return;
    }
    each_item(c, rubric, rubric_item);
    for (int i = 0; i < DRILL_DIMENSIONS; i++)
        if (!d->rubric[i])
            err_at(c, rubric->line, "the rubric notes miss '**%s:**'", DRILL_DIMENSION_NAMES[i]);
}

/* ---- risk and adr ------------------------------------------------------------------ */

static int numbered_items(const char *body)
{
    int count = 0;
    for (const char *s = body; *s;) {
        const char *t = s;
        while (*t == ' ')
            t++;
        if (isdigit((unsigned char)*t)) {
            while (isdigit((unsigned char)*t))
                t++;
            count += (*t == '.' || *t == ')') && t[1] == ' ';
        }
        s += strcspn(s, "\n");
        s += *s == '\n';
    }
    return count;
}

static void read_risk(Ctx *c)
{
    Drill *d = c->drill;
    d->material = require(c, "Design");
    d->reference = require(c, "Reference risks");
    const DeckEntry *e = section(c, "Reference risks");
    if (e && numbered_items(e->body) < 3)
        err_at(c, e->line, "list at least 3 reference risks as a numbered list, the top 3 first");
    read_concepts(c);
}

static void read_adr(Ctx *c)
{
    Drill *d = c->drill;
    d->material = require(c, "Scenario");
    d->reference = require(c, "Reference ADR");
    const DeckEntry *e = section(c, "Reference ADR");
    const char *parts[] = {"### Context", "### Decision", "### Consequences"};
    for (size_t i = 0; e && i < ARRAY_LEN(parts); i++)
        if (!strstr(e->body, parts[i]))
            err_at(c, e->line, "the reference ADR needs a '%s' heading", parts[i]);
    read_concepts(c);
}

/* ---- estimation -------------------------------------------------------------------- */

static void read_question(Ctx *c, const DeckEntry *e)
{
    Drill *d = c->drill;
    const char *body = e->body;
    static const char LABEL[] = "**Answer:**";
    if (strncmp(body, LABEL, sizeof(LABEL) - 1) != 0) {
        err_at(c, e->line, "an estimation question's back starts with '**Answer:** VALUE'");
        return;
    }
    const char *value = body + sizeof(LABEL) - 1;
    size_t n = strcspn(value, "\n");
    DrillQuestion q = {.entry = e};
    snprintf(q.answer_text, sizeof(q.answer_text), "%.*s", (int)n, value);
    char *trimmed = q.answer_text;
    while (*trimmed == ' ')
        memmove(trimmed, trimmed + 1, strlen(trimmed));
    char why[96];
    if (quantity_parse(q.answer_text, &q.answer, why, sizeof(why)) != ERR_OK) {
        err_at(c, e->body_line, "the answer '%s' does not parse: %s", q.answer_text, why);
        return;
    }
    const char *rest = value + n;
    while (*rest == '\n' || *rest == ' ')
        rest++;
    if (!*rest) {
        err_at(c, e->line, "show the derivation after the answer");
        return;
    }
    q.derivation = rest;
    d->questions = xrealloc(d->questions, (d->question_count + 1) * sizeof(*d->questions));
    d->questions[d->question_count++] = q;
}

static void read_estimation(Ctx *c)
{
    for (size_t i = 0; i < c->deck->entry_count; i++)
        read_question(c, &c->deck->entries[i]);
    if (c->deck->entry_count == 0)
        err_at(c, 1, "an estimation file needs at least one question");
}

Err drill_from_deck(const Deck *deck, Drill **out, DeckErrors *errs)
{
    *out = NULL;
    Drill *d = xcalloc(1, sizeof(*d));
    d->deck = deck;
    d->kind = deck->kind;
    d->minutes = deck->minutes ? deck->minutes : drill_default_minutes(deck->kind);
    Ctx c = {deck, d, errs, errs->count};
    switch (deck->kind) {
    case DECK_KIND_DESIGN:
        read_design(&c);
        break;
    case DECK_KIND_RISK:
        read_risk(&c);
        break;
    case DECK_KIND_ADR:
        read_adr(&c);
        break;
    case DECK_KIND_ESTIMATION:
        read_estimation(&c);
        break;
    case DECK_KIND_CARDS:
        err_at(&c, 1, "not a drill file (kind: cards)");
        break;
    }
    if (errs->count > c.errors_before) {
        drill_free(d);
        return ERR_PARSE;
    }
    *out = d;
    return ERR_OK;
}
