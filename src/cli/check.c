/*
 * check.c: the `check` command. Loads every file, then checks what spans files: deck ids
 * unique across files, drills' key concepts naming existing card tags, fronts unique
 * across decks.
 */
#include "cli/check.h"

#include "core/drill.h"
#include "core/files.h"
#include "core/lint.h"

#include <stdlib.h>
#include <string.h>

typedef struct Loaded {
    Deck **decks;
    size_t count;
} Loaded;

static void push(Loaded *l, Deck *d)
{
    l->decks = xrealloc(l->decks, (l->count + 1) * sizeof(*l->decks));
    l->decks[l->count++] = d;
}

static void loaded_free(Loaded *l)
{
    for (size_t i = 0; i < l->count; i++)
        deck_free(l->decks[i]);
    free(l->decks);
}

/* Loads every deck file under path; returns the number of files seen. */
static size_t load_path(const char *path, Loaded *into, DeckErrors *errs)
{
    char **list = NULL;
    ErrInfo info;
    if (files_list_decks(path, &list, &info)) {
        deck_errors_add(errs, info.file, 0, 0, "%s", info.msg);
        return 0;
    }
    size_t files = 0;
    for (char **p = list; *p; p++, files++) {
        Deck *deck = NULL;
        if (deck_load(*p, &deck, errs) == ERR_OK)
            push(into, deck);
    }
    files_list_free(list);
    return files;
}

static void check_ids(const Loaded *l, DeckErrors *errs)
{
    for (size_t i = 0; i < l->count; i++)
        for (size_t k = 0; k < i; k++)
            if (strcmp(l->decks[i]->id, l->decks[k]->id) == 0)
                deck_errors_add(errs, l->decks[i]->path, 1, 1, "id '%s' is also used by %s",
                                l->decks[i]->id, l->decks[k]->path);
}

/* True when path is the shipped folder or inside it (then it is already loaded). */
static bool covers(char *const *paths, int count, const char *shipped)
{
    char *s = files_realpath(shipped);
    bool yes = false;
    for (int i = 0; s && i < count && !yes; i++) {
        char *p = files_realpath(paths[i]);
        yes = p && strncmp(p, s, strlen(p)) == 0 && strlen(p) <= strlen(s);
        free(p);
    }
    free(s);
    return yes;
}

static void print(FILE *f, const char *prefix, const DeckErrors *e)
{
    char line[1024];
    for (size_t i = 0; i < e->count; i++) {
        deck_error_format(&e->items[i], line, sizeof(line));
        fprintf(f, "%s%s\n", prefix, line);
    }
}

int check_run(char *const *paths, int count, const char *shipped, bool strict, FILE *out, FILE *err)
{
    DeckErrors errs = {0}, lint = {0};
    Loaded files = {0}, tags = {0};
    size_t seen = 0, cards = 0, drills = 0;
    for (int i = 0; i < count; i++)
        seen += load_path(paths[i], &files, &errs);
    check_ids(&files, &errs);
    /* Drills may link to tags of the shipped decks even when only drills are checked. */
    if (shipped && !covers(paths, count, shipped)) {
        DeckErrors ignored = {0};
        load_path(shipped, &tags, &ignored);
        deck_errors_free(&ignored);
    }
    Loaded all = {0};
    for (size_t i = 0; i < files.count; i++)
        push(&all, files.decks[i]);
    for (size_t i = 0; i < tags.count; i++)
        push(&all, tags.decks[i]);
    for (size_t i = 0; i < files.count; i++) {
        const Deck *d = files.decks[i];
        if (d->kind == DECK_KIND_CARDS) {
            cards += d->entry_count;
            continue;
        }
        Drill *drill = NULL;
        if (drill_from_deck(d, &drill, &errs) != ERR_OK)
            continue;
        drills++;
        lint_concept_tags(drill, (const Deck *const *)all.decks, all.count, &errs);
        lint_drill(drill, &lint);
        drill_free(drill);
    }
    lint_cards((const Deck *const *)files.decks, files.count, &lint);

    print(err, "", &errs);
    print(err, strict ? "" : "warning: ", &lint);
    size_t errors = errs.count + (strict ? lint.count : 0);
    if (errors)
        fprintf(out, "%zu error%s in %zu file%s checked\n", errors, errors == 1 ? "" : "s", seen,
                seen == 1 ? "" : "s");
    else
        fprintf(out, "ok: %zu file%s, %zu cards, %zu drills%s\n", seen, seen == 1 ? "" : "s", cards,
                drills, lint.count ? " (with content warnings; see above)" : "");
    free(all.decks);
    loaded_free(&files);
    loaded_free(&tags);
    deck_errors_free(&errs);
    deck_errors_free(&lint);
    return errors ? 1 : 0;
}
