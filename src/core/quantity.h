/*
 * quantity.h: numbers with units as people write estimates: "270 TB", "12k/s", "$1.2M",
 * "3.5 B/day", "40 GB/s". Parsed into a value in base units (bytes, dollars, things) and a
 * rate (per second, day or month, or none), so that two answers can be compared. Scale
 * letters: k/K thousand, M million, B or bn billion (B right after a number), G giga, T
 * tera; byte units are decimal (KB = 1000 B); write "bytes" for plain bytes.
 */
#ifndef ARCHDRILL_QUANTITY_H
#define ARCHDRILL_QUANTITY_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum QuantityKind { QTY_COUNT, QTY_BYTES, QTY_DOLLARS } QuantityKind;
typedef enum QuantityRate { QTY_TOTAL, QTY_PER_SECOND } QuantityRate;

typedef struct Quantity {
    double value; /* in bytes, dollars or things; per second for rates */
    QuantityKind kind;
    QuantityRate rate; /* /day and /month are converted to per second */
} Quantity;

/* Parses s. Returns ERR_OK, or ERR_PARSE with a short reason in why[cap] ("no number",
 * "unknown unit 'xyz'", ...). Never accepts NaN, infinities or negative values. */
Err quantity_parse(const char *s, Quantity *out, char *why, size_t cap);

/* True when `answer` has the reference's kind and rate and is within `tolerance` (0.2 for
 * 20%) of it, relative to the reference. */
bool quantity_close(const Quantity *answer, const Quantity *reference, double tolerance);

/* Formats q for people ("270 TB", "12.0 k/s", "$1.20 M"). */
void quantity_format(const Quantity *q, char *out, size_t cap);

#endif
