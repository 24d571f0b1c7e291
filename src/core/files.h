/*
 * files.h: the few file-system operations core needs (POSIX): finding deck files in a
 * folder tree, existence checks, making directories.
 */
#ifndef ARCHDRILL_FILES_H
#define ARCHDRILL_FILES_H

#include "core/base.h"

#include <stdbool.h>

/* Lists the deck files under `path`: `path` itself if it is a file, else every *.md file
 * in the tree (sorted, hidden entries and README.md / SOURCES.md skipped). Returns a new
 * NULL-terminated array (free with files_list_free) or ERR_IO/ERR_NOT_FOUND with a
 * message in err. */
Err files_list_decks(const char *path, char ***out, ErrInfo *err);
void files_list_free(char **list);

bool files_is_dir(const char *path);
bool files_is_file(const char *path);

/* Creates a directory and its parents with the given mode; existing ones are fine. */
Err files_mkdir_p(const char *path, unsigned mode);

/* Returns a new absolute, canonical copy of `path` (free it), or NULL if it does not
 * exist. */
char *files_realpath(const char *path);

/* Reads a whole file of at most max_bytes into a new NUL-terminated buffer (free it).
 * ERR_IO or ERR_TOO_BIG with a message in err; *out is NULL then. */
Err files_read(const char *path, size_t max_bytes, char **out, size_t *len, ErrInfo *err);

/* Writes data[0..len) to `path` through path.tmp and a rename, so a failed write never
 * leaves a half-written file in place of an old one. ERR_IO with a message in err. */
Err files_write_atomic(const char *path, const void *data, size_t len, ErrInfo *err);

/* Returns true when `name` (a file name, no directory) is skipped as "not a deck". */
bool files_is_ignored_name(const char *name);

#endif
