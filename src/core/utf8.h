/*
 * utf8.h: strict UTF-8 decoding and validation (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF).
 */
#ifndef ARCHDRILL_UTF8_H
#define ARCHDRILL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..n). Returns its length in bytes (1-4) and stores it in
 * *cp, or returns 0 when the bytes there are not valid UTF-8 (or n == 0). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Returns true when s[0..n) is valid UTF-8; otherwise stores the offset of the first bad
 * byte in *bad_offset (when not NULL). */
bool utf8_validate(const char *s, size_t n, size_t *bad_offset);

/* Number of code points in s[0..n), counting each invalid byte as one. */
size_t utf8_length(const char *s, size_t n);

#endif
