/*
 * deck.h: the plain-text deck format (decks/README.md describes it for authors).
 *
 * A deck file is Markdown: one `# Title` line, an optional metadata comment, an optional
 * description, then entries. Every `## ` heading outside a code fence starts an entry;
 * the heading is the entry's front (for a card) or its section name (for a drill file),
 * and the lines up to the next entry are its body. An entry's stable id is given in a
 * metadata comment on the line after its heading, or derived from the heading text.
 *
 * The parser works on a memory buffer, validates UTF-8, accepts CRLF and a leading BOM,
 * and reports every error of a file at once as file:line:col: message. It never asserts
 * on its input.
 */
#ifndef ARCHDRILL_DECK_H
#define ARCHDRILL_DECK_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DECK_MAX_FILE_BYTES    (4u * 1024u * 1024u) /* larger files are refused */
#define DECK_MAX_HEADING_BYTES 1000u                /* a front is one short question */
#define DECK_MAX_BODY_BYTES    (64u * 1024u)        /* one card's back */
#define DECK_MAX_ID_BYTES      64u

typedef enum DeckKind {
    DECK_KIND_CARDS,     /* `kind: cards` (the default): every entry is a flashcard */
    DECK_KIND_DESIGN,    /* a 45-minute design drill: its entries are the drill's sections */
    DECK_KIND_RISK,      /* a risk review: a flawed design and its reference risks */
    DECK_KIND_ADR,       /* an ADR drill: a scenario and a reference decision record */
    DECK_KIND_ESTIMATION /* estimation questions: each entry one question */
} DeckKind;

/* The kind's name as written in files ("cards", "design", ...). */
const char *deck_kind_name(DeckKind kind);

typedef struct DeckEntry {
    char *id;         /* explicit or derived; unique within the file */
    bool id_explicit; /* true when the author wrote `id:` */
    char *heading;    /* the front: one line of Markdown, trimmed */
    char *body;       /* the back: Markdown, without leading/trailing blank lines */
    char *tags;       /* space-separated, sorted, unique; includes the file's tags */
    int line;         /* 1-based line of the `## ` heading */
    int body_line;    /* line of the first non-blank line of the body; 0 when empty */
    char hash[17];    /* hex FNV-1a of heading, body and tags: changes when they do */
} DeckEntry;

typedef struct Deck {
    char *path;        /* as given to the parser, used in messages */
    char *id;          /* `id:` (or `deck:`) from the metadata, else the file name without .md */
    char *title;       /* the `# ` line */
    char *description; /* Markdown between the title and the first entry; may be "" */
    char *tags;        /* file-wide tags, space-separated */
    DeckKind kind;
    int minutes; /* `minutes:` from the metadata (drills' time limit), 0 when not given */
    DeckEntry *entries;
    size_t entry_count;
    char file_hash[17]; /* hex FNV-1a of the raw file bytes */
} Deck;

/* Every error found in one or more files. */
typedef struct DeckErrors {
    ErrInfo *items;
    size_t count;
    size_t cap;
} DeckErrors;

/* Parses text[0..len) as the deck file `path`. On success returns ERR_OK and stores a new
 * Deck in *out (free with deck_free). On bad input returns ERR_PARSE or ERR_TOO_BIG, appends
 * every error found to errs, and sets *out to NULL. `path` is borrowed (copied if kept). */
Err deck_parse(const char *path, const char *text, size_t len, Deck **out, DeckErrors *errs);

/* Reads and parses a file; as deck_parse, plus ERR_IO (appended to errs) when the file
 * cannot be read. Files over DECK_MAX_FILE_BYTES are refused without being read whole. */
Err deck_load(const char *path, Deck **out, DeckErrors *errs);

/* Frees a deck; NULL is a no-op. */
void deck_free(Deck *deck);

/* Derives the stable id of an entry whose author gave none: a lowercase ASCII slug of the
 * heading (letters and digits, runs of anything else become '-'), at most
 * DECK_MAX_ID_BYTES, or "h" + 16 hex digits of its hash when the slug would be empty.
 * Returns a new string (free it). */
char *deck_derive_id(const char *heading);

/* Appends an error; `file` may be NULL. */
void deck_errors_add(DeckErrors *errs, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void deck_errors_clear(DeckErrors *errs);
void deck_errors_free(DeckErrors *errs);
/* Formats one error as "file:line:col: message" into out[cap]. */
void deck_error_format(const ErrInfo *e, char *out, size_t cap);

#endif
