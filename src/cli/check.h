/*
 * check.h: `archdrill check [--strict] [PATH...]`: validates deck and drill files without
 * touching the database. Format errors always fail; the content lint (core/lint.h) is
 * reported as warnings, or as errors with --strict (as CI runs it on the shipped decks).
 */
#ifndef ARCHDRILL_CHECK_H
#define ARCHDRILL_CHECK_H

#include <stdbool.h>
#include <stdio.h>

/* Checks the files and folders paths[0..count); `shipped` (the shipped decks folder) also
 * supplies the card tags drills may link to. Prints findings on err and a summary on out.
 * Returns 0 when there is no error, 1 otherwise. */
int check_run(char *const *paths, int count, const char *shipped, bool strict, FILE *out,
              FILE *err);

#endif
