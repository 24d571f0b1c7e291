/*
 * editor.h: the command line that opens a file at a line in the user's editor, built from
 * the value of $VISUAL or $EDITOR without a shell: the value is split into words (with
 * the shell's quotes and backslash, and no expansions), and the arguments that reach
 * the line are appended in the form the editor the first word names understands.
 */
#ifndef ARCHDRILL_EDITOR_H
#define ARCHDRILL_EDITOR_H

#include <stdbool.h>

#define EDITOR_ARGS_MAX 32 /* words, with the ones appended */

typedef struct EditorCommand {
    char *argv[EDITOR_ARGS_MAX + 1]; /* NULL-terminated, pointing into buf */
    int argc;
    bool gui;       /* a known graphical editor, which needs no terminal */
    char buf[8192]; /* the words, NUL-separated */
} EditorCommand;

/* Builds the command that opens `path` at `line` (1-based) with `editor`, the value of
 * $VISUAL or $EDITOR ("vim", "code -w", "'/opt/My Editor/bin/ed' -x"). After its own words
 * come, by the first word's file name:
 *   vi, vim, nvim, gvim, nano, emacs, emacsclient, micro, kak:  +LINE FILE
 *   code, codium:                                              -g FILE:LINE
 *   subl:                                                      FILE:LINE
 *   any other editor, or line < 1:                             FILE
 * A relative FILE starting with '-' or '+' is given as ./FILE, so it is never taken for an
 * option. Returns false for an empty value, an unterminated quote, or a command longer
 * than EDITOR_ARGS_MAX words or buf. */
bool editor_command(const char *editor, const char *path, int line, EditorCommand *out);

#endif
