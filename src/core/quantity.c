/*
 * quantity.c: parsing and comparing estimates. The grammar is small on purpose: an
 * optional "$", a number (digits, one decimal point, thousands commas), an optional scale,
 * an optional unit, an optional rate; spaces anywhere between them.
 */
#include "core/quantity.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SECONDS_PER_DAY   86400.0
#define SECONDS_PER_MONTH (86400.0 * 365.25 / 12.0)

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Reads digits with thousands commas and one decimal point. */
static bool read_number(const char **p, double *out)
{
    char buf[64];
    size_t n = 0;
    const char *s = *p;
    bool dot = false, digit = false;
    while (*s && n + 1 < sizeof(buf)) {
        if (isdigit((unsigned char)*s)) {
            buf[n++] = *s, digit = true;
        } else if (*s == '.' && !dot) {
            buf[n++] = *s, dot = true;
        } else if (*s == ',' && digit && isdigit((unsigned char)s[1])) {
            /* a thousands separator: skip it */
        } else {
            break;
        }
        s++;
    }
    buf[n] = '\0';
    if (!digit)
        return false;
    *out = strtod(buf, NULL);
    *p = s;
    return isfinite(*out);
}

typedef struct Word {
    const char *text;
    double factor;
    QuantityKind kind;
} Word;

/* Units, longest first so that "KB" wins over "K". Scale-only words keep QTY_COUNT. */
static const Word UNITS[] = {
    {"bytes", 1, QTY_BYTES}, {"byte", 1, QTY_BYTES}, {"PB", 1e15, QTY_BYTES},
    {"TB", 1e12, QTY_BYTES}, {"GB", 1e9, QTY_BYTES}, {"MB", 1e6, QTY_BYTES},
    {"KB", 1e3, QTY_BYTES},  {"kB", 1e3, QTY_BYTES}, {"bn", 1e9, QTY_COUNT},
    {"k", 1e3, QTY_COUNT},   {"K", 1e3, QTY_COUNT},  {"M", 1e6, QTY_COUNT},
    {"B", 1e9, QTY_COUNT},   {"G", 1e9, QTY_COUNT},  {"T", 1e12, QTY_COUNT},
};

static bool word_at(const char *s, const char *w)
{
    size_t n = strlen(w);
    return strncmp(s, w, n) == 0 && !isalpha((unsigned char)s[n]);
}

Err quantity_parse(const char *s, Quantity *out, char *why, size_t cap)
{
    const char *p = skip_spaces(s);
    bool dollars = false;
    if (*p == '$')
        dollars = true, p = skip_spaces(p + 1);
    double v;
    if (!read_number(&p, &v)) {
        snprintf(why, cap, "no number");
        return ERR_PARSE;
    }
    p = skip_spaces(p);
    QuantityKind kind = dollars ? QTY_DOLLARS : QTY_COUNT;
    /* A scale letter, then possibly a byte unit after it ("1.5 k GB" is not accepted). */
    for (size_t i = 0; i < ARRAY_LEN(UNITS); i++) {
        if (word_at(p, UNITS[i].text)) {
            v *= UNITS[i].factor;
            if (UNITS[i].kind == QTY_BYTES) {
                if (dollars) {
                    snprintf(why, cap, "dollars and bytes at once");
                    return ERR_PARSE;
                }
                kind = QTY_BYTES;
            }
            p = skip_spaces(p + strlen(UNITS[i].text));
            break;
        }
    }
    if (kind == QTY_COUNT && !dollars && word_at(p, "$"))
        kind = QTY_DOLLARS, p = skip_spaces(p + 1);
    QuantityRate rate = QTY_TOTAL;
    if (*p == '/') {
        p = skip_spaces(p + 1);
        if (word_at(p, "s") || word_at(p, "sec") || word_at(p, "second"))
            rate = QTY_PER_SECOND;
        else if (word_at(p, "day") || word_at(p, "d"))
            rate = QTY_PER_SECOND, v /= SECONDS_PER_DAY;
        else if (word_at(p, "month") || word_at(p, "mo"))
            rate = QTY_PER_SECOND, v /= SECONDS_PER_MONTH;
        else {
            snprintf(why, cap, "unknown rate '/%.12s' (use /s, /day or /month)", p);
            return ERR_PARSE;
        }
        while (isalpha((unsigned char)*p))
            p++;
        p = skip_spaces(p);
    }
    if (*p) {
        snprintf(why, cap, "unknown unit '%.16s'", p);
        return ERR_PARSE;
    }
    if (!isfinite(v) || v < 0) {
        snprintf(why, cap, "out of range");
        return ERR_PARSE;
    }
    *out = (Quantity){v, kind, rate};
    return ERR_OK;
}

bool quantity_close(const Quantity *answer, const Quantity *reference, double tolerance)
{
    if (answer->kind != reference->kind || answer->rate != reference->rate)
        return false;
    double ref = reference->value;
    return fabs(answer->value - ref) <= tolerance * fabs(ref) + 1e-12;
}

void quantity_format(const Quantity *q, char *out, size_t cap)
{
    static const char *const BYTE_UNITS[] = {"B", "KB", "MB", "GB", "TB", "PB"};
    static const char *const SCALES[] = {"", " k", " M", " B", " T"};
    double v = q->value;
    int step = 0;
    int max = q->kind == QTY_BYTES ? 5 : 4;
    while (v >= 1000 && step < max)
        v /= 1000, step++;
    const char *rate = q->rate == QTY_PER_SECOND ? "/s" : "";
    if (q->kind == QTY_BYTES)
        snprintf(out, cap, "%.3g %s%s", v, BYTE_UNITS[step], rate);
    else if (q->kind == QTY_DOLLARS)
        snprintf(out, cap, "$%.3g%s%s", v, SCALES[step], rate);
    else
        snprintf(out, cap, "%.3g%s%s", v, SCALES[step], rate);
}
