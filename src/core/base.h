/*
 * base.h: what every module shares: the error codes, the error record parsers fill,
 * and the allocation helpers. Out of memory is not an error anyone can handle in a
 * desktop app, so the x* allocators abort instead of returning NULL.
 */
#ifndef ARCHDRILL_BASE_H
#define ARCHDRILL_BASE_H

#include <stddef.h>
#include <stdint.h>

/* Fallible functions return an Err: 0 on success, one of these otherwise. */
typedef enum Err {
    ERR_OK = 0,
    ERR_IO,       /* a file could not be read or written */
    ERR_PARSE,    /* bad data in a file or on a command line */
    ERR_TOO_BIG,  /* an input over its size limit */
    ERR_DB,       /* SQLite reported an error */
    ERR_SCHEMA,   /* the database is from a newer version of archdrill */
    ERR_CORRUPT,  /* the file is not an archdrill database or is damaged */
    ERR_NOT_FOUND /* a named thing does not exist */
} Err;

/* Where and why an input was rejected. line and col are 1-based; 0 means "not known". */
typedef struct ErrInfo {
    char file[512];
    int line;
    int col;
    char msg[256];
} ErrInfo;

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that aborts on failure; the results are freed with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Copies the first n bytes of s and NUL-terminates the copy. */
char *xstrndup(const char *s, size_t n);

/* Returns a short human name for an error code ("I/O error", ...); never NULL. */
const char *err_name(Err err);

#endif
