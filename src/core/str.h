/*
 * str.h: a growable byte buffer (always NUL-terminated) and small string helpers.
 * A Buf owns its memory; buf_free releases it and leaves an empty, reusable Buf.
 */
#ifndef ARCHDRILL_STR_H
#define ARCHDRILL_STR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Buf {
    char *data; /* NUL-terminated when non-NULL; NULL until the first append */
    size_t len;
    size_t cap;
} Buf;

void buf_append(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends s as a JSON string literal, quotes included. */
void buf_put_json_string(Buf *b, const char *s);
/* Returns the contents, "" for an empty buffer; the pointer is valid until the next append. */
const char *buf_str(const Buf *b);
void buf_clear(Buf *b);
void buf_free(Buf *b);
/* Hands the contents to the caller (free() them) and leaves b empty. Never NULL. */
char *buf_take(Buf *b);

/* 64-bit FNV-1a of n bytes; stable across platforms, used for change detection. */
uint64_t hash_fnv1a64(const void *data, size_t n);
/* Writes the hash as 16 lowercase hex digits plus NUL into out[17]. */
void hash_hex(uint64_t h, char out[17]);

bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);

#endif
