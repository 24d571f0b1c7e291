/*
 * base.c: allocation helpers that abort on out-of-memory, and error names.
 */
#include "core/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "archdrill: out of memory (%zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p)
        out_of_memory(count * n);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const char *err_name(Err err)
{
    switch (err) {
    case ERR_OK:
        return "ok";
    case ERR_IO:
        return "I/O error";
    case ERR_PARSE:
        return "malformed input";
    case ERR_TOO_BIG:
        return "input too large";
    case ERR_DB:
        return "database error";
    case ERR_SCHEMA:
        return "database from a newer version";
    case ERR_CORRUPT:
        return "not an archdrill database, or damaged";
    case ERR_NOT_FOUND:
        return "not found";
    }
    return "unknown error";
}
