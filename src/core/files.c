/*
 * files.c: POSIX file-system helpers for core. Listing is sorted so that every sync and
 * every `check` visits files in the same order and reports errors in the same order.
 */
#define _XOPEN_SOURCE 700
#include "core/files.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct List {
    char **items;
    size_t n;
} List;

static void list_push(List *l, char *s)
{
    l->items = xrealloc(l->items, (l->n + 2) * sizeof(*l->items));
    l->items[l->n++] = s;
    l->items[l->n] = NULL;
}

bool files_is_ignored_name(const char *name)
{
    return strcasecmp(name, "README.md") == 0 || strcasecmp(name, "SOURCES.md") == 0;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static Err walk(const char *dir, List *out, int depth, ErrInfo *err)
{
    if (depth > 16)
        return ERR_OK; /* a symlink loop or an absurd tree: stop descending */
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err->file, sizeof(err->file), "%s", dir);
        snprintf(err->msg, sizeof(err->msg), "cannot read folder: %s", strerror(errno));
        return ERR_IO;
    }
    List here = {0};
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(ent->d_name) + 2;
        char *child = xmalloc(n);
        snprintf(child, n, "%s/%s", dir, ent->d_name);
        list_push(&here, child);
    }
    closedir(d);
    if (here.n)
        qsort(here.items, here.n, sizeof(*here.items), cmp_path);
    Err e = ERR_OK;
    for (size_t i = 0; i < here.n; i++) {
        char *child = here.items[i];
        const char *name = strrchr(child, '/') + 1;
        size_t len = strlen(name);
        if (files_is_dir(child)) {
            if (!e)
                e = walk(child, out, depth + 1, err);
            free(child);
        } else if (len > 3 && strcmp(name + len - 3, ".md") == 0 && !files_is_ignored_name(name)) {
            list_push(out, child);
        } else {
            free(child);
        }
    }
    free(here.items);
    return e;
}

Err files_list_decks(const char *path, char ***out, ErrInfo *err)
{
    *out = NULL;
    List l = {0};
    list_push(&l, NULL);
    l.n = 0;
    if (files_is_file(path)) {
        list_push(&l, xstrdup(path));
    } else if (files_is_dir(path)) {
        Err e = walk(path, &l, 0, err);
        if (e) {
            files_list_free(l.items);
            return e;
        }
    } else {
        snprintf(err->file, sizeof(err->file), "%s", path);
        snprintf(err->msg, sizeof(err->msg), "no such file or folder");
        err->line = err->col = 0;
        files_list_free(l.items);
        return ERR_NOT_FOUND;
    }
    *out = l.items;
    return ERR_OK;
}

void files_list_free(char **list)
{
    if (!list)
        return;
    for (char **p = list; *p; p++)
        free(*p);
    free(list);
}

bool files_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool files_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

Err files_mkdir_p(const char *path, unsigned mode)
{
    char *p = xstrdup(path);
    Err e = ERR_OK;
    for (char *c = p + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST)
            e = ERR_IO;
        *c = '/';
    }
    if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST)
        e = ERR_IO;
    free(p);
    return e == ERR_OK && files_is_dir(path) ? ERR_OK : ERR_IO;
}

char *files_realpath(const char *path)
{
    char *r = realpath(path, NULL);
    if (!r)
        return NULL;
    char *copy = xstrdup(r);
    free(r);
    return copy;
}

Err files_read(const char *path, size_t max_bytes, char **out, size_t *len, ErrInfo *err)
{
    *out = NULL;
    *len = 0;
    memset(err, 0, sizeof(*err));
    snprintf(err->file, sizeof(err->file), "%s", path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err->msg, sizeof(err->msg), "cannot open: %s", strerror(errno));
        return ERR_IO;
    }
    Err e = ERR_OK;
    size_t n = 0, cap = 0;
    char *data = NULL;
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes) {
                snprintf(err->msg, sizeof(err->msg), "file is over the %zu-byte limit", max_bytes);
                e = ERR_TOO_BIG;
                break;
            }
            cap = cap ? cap * 2 : 64 * 1024;
            data = xrealloc(data, cap + 1);
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (!e && ferror(f)) {
        snprintf(err->msg, sizeof(err->msg), "read error: %s", strerror(errno));
        e = ERR_IO;
    }
    fclose(f);
    if (!e && n > max_bytes) {
        snprintf(err->msg, sizeof(err->msg), "file is %zu bytes; the limit is %zu", n, max_bytes);
        e = ERR_TOO_BIG;
    }
    if (e) {
        free(data);
        return e;
    }
    data[n] = '\0';
    *out = data;
    *len = n;
    return ERR_OK;
}

Err files_write_atomic(const char *path, const void *data, size_t len, ErrInfo *err)
{
    memset(err, 0, sizeof(*err));
    snprintf(err->file, sizeof(err->file), "%s", path);
    size_t n = strlen(path) + 5;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%s.tmp", path);
    Err e = ERR_OK;
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        snprintf(err->msg, sizeof(err->msg), "cannot write: %s", strerror(errno));
        e = ERR_IO;
        goto fail;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    if (fclose(f) != 0 || !ok || rename(tmp, path) != 0) {
        snprintf(err->msg, sizeof(err->msg), "cannot write: %s", strerror(errno));
        remove(tmp);
        e = ERR_IO;
    }
fail:
    free(tmp);
    return e;
}
