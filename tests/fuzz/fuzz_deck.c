/*
 * fuzz_deck.c: libFuzzer target for the deck parser. Any input must parse or be rejected
 * with errors, never crash, leak or read out of bounds; a parsed deck's entries are
 * walked so that every string it returned is touched.
 */
#include "core/deck.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DeckErrors errs = {0};
    Deck *deck = NULL;
    if (deck_parse("fuzz.md", (const char *)data, size, &deck, &errs) == ERR_OK) {
        size_t total = strlen(deck->title) + strlen(deck->description) + strlen(deck->id);
        for (size_t i = 0; i < deck->entry_count; i++)
            total += strlen(deck->entries[i].id) + strlen(deck->entries[i].heading) +
                     strlen(deck->entries[i].body) + strlen(deck->entries[i].tags);
        if (total == (size_t)-1)
            __builtin_trap();
    } else if (errs.count == 0) {
        __builtin_trap(); /* a rejection must say why */
    }
    for (size_t i = 0; i < errs.count; i++) {
        char line[1024];
        deck_error_format(&errs.items[i], line, sizeof(line));
    }
    deck_free(deck);
    deck_errors_free(&errs);
    return 0;
}
