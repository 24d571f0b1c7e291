/*
 * store_internal.h: what the store's own files (store*.c) share. Not for other modules.
 */
#ifndef ARCHDRILL_STORE_INTERNAL_H
#define ARCHDRILL_STORE_INTERNAL_H

#include "core/store.h"

#include <sqlite3.h>

struct Store {
    sqlite3 *db;
    char *path;
    char errmsg[512];
};

/* Records a message (printf-style) as the store's last error and returns `err`. */
Err store_fail(Store *s, Err err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Records SQLite's current message with a prefix and returns ERR_DB. */
Err store_fail_db(Store *s, const char *what);
/* Prepares a statement or records the error; returns NULL on failure. */
sqlite3_stmt *store_prepare(Store *s, const char *sql);

#endif
