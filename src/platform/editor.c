/*
 * editor.c: opening a card's source file at its line, as `e` on the review screen asks.
 * $VISUAL (a graphical editor) is started directly; a terminal $EDITOR is started in the
 * desktop's terminal emulator (a graphical one named there, such as `code -w`, directly);
 * without either the desktop's default application opens the file. Either variable may
 * hold arguments: editor_command splits it into words, no shell involved. The child is
 * detached: the app keeps running and re-syncs when it regains focus.
 */
#define _GNU_SOURCE /* environ */
#include "platform/editor.h"
#include "platform/platform.h"

#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- building the command ---------------------------------------------------------- */

typedef enum LineStyle { LINE_NONE, LINE_PLUS, LINE_GOTO, LINE_SUFFIX } LineStyle;

static const struct {
    const char *name;
    LineStyle style;
    bool gui;
} EDITORS[] = {
    {"vi", LINE_PLUS, false},          {"vim", LINE_PLUS, false},   {"nvim", LINE_PLUS, false},
    {"gvim", LINE_PLUS, true},         {"nano", LINE_PLUS, false},  {"emacs", LINE_PLUS, false},
    {"emacsclient", LINE_PLUS, false}, {"micro", LINE_PLUS, false}, {"kak", LINE_PLUS, false},
    {"code", LINE_GOTO, true},         {"codium", LINE_GOTO, true}, {"subl", LINE_SUFFIX, true},
};

/* Appends one word (n bytes of s) to the command; false when it is full. */
static bool add_word(EditorCommand *c, size_t *used, const char *s, size_t n)
{
    if (c->argc >= EDITOR_ARGS_MAX || *used + n + 1 > sizeof(c->buf))
        return false;
    char *w = c->buf + *used;
    memcpy(w, s, n);
    w[n] = '\0';
    c->argv[c->argc++] = w;
    *used += n + 1;
    return true;
}

/* Splits text into words as a shell would without expanding anything: blanks separate
 * words, '...' keeps everything, "..." keeps everything but \" and \\, a backslash
 * outside quotes keeps the next character. False for an unterminated quote or no room. */
static bool split_words(const char *text, EditorCommand *c, size_t *used)
{
    char word[sizeof(c->buf)];
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            return true;
        size_t n = 0;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
            if (n + 2 > sizeof(word))
                return false;
            if (*p == '\'') {
                const char *end = strchr(p + 1, '\'');
                if (!end || n + (size_t)(end - p) > sizeof(word))
                    return false;
                memcpy(word + n, p + 1, (size_t)(end - p - 1));
                n += (size_t)(end - p - 1);
                p = end + 1;
            } else if (*p == '"') {
                for (p++; *p != '"'; p++) {
                    if (!*p || n + 2 > sizeof(word))
                        return false;
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                        p++;
                    word[n++] = *p;
                }
                p++;
            } else if (*p == '\\' && p[1]) {
                word[n++] = p[1];
                p += 2;
            } else {
                word[n++] = *p++;
            }
        }
        if (!add_word(c, used, word, n))
            return false;
    }
}

bool editor_command(const char *editor, const char *path, int line, EditorCommand *out)
{
    memset(out, 0, sizeof(*out));
    size_t used = 0;
    if (!editor || !split_words(editor, out, &used) || out->argc == 0)
        return false;
    const char *name = strrchr(out->argv[0], '/');
    name = name ? name + 1 : out->argv[0];
    LineStyle style = LINE_NONE;
    for (size_t i = 0; i < sizeof(EDITORS) / sizeof(EDITORS[0]); i++)
        if (strcmp(name, EDITORS[i].name) == 0) {
            style = EDITORS[i].style;
            out->gui = EDITORS[i].gui;
        }
    if (line < 1)
        style = LINE_NONE;
    char file[4200], arg[4300];
    int n =
        snprintf(file, sizeof(file), "%s%s", (path[0] == '-' || path[0] == '+') ? "./" : "", path);
    if (n < 0 || (size_t)n >= sizeof(file))
        return false;
    bool ok = true;
    switch (style) {
    case LINE_PLUS:
        snprintf(arg, sizeof(arg), "+%d", line);
        ok = add_word(out, &used, arg, strlen(arg)) && add_word(out, &used, file, strlen(file));
        break;
    case LINE_GOTO:
    case LINE_SUFFIX:
        snprintf(arg, sizeof(arg), "%s:%d", file, line);
        ok = (style == LINE_SUFFIX || add_word(out, &used, "-g", 2)) &&
             add_word(out, &used, arg, strlen(arg));
        break;
    case LINE_NONE:
        ok = add_word(out, &used, file, strlen(file));
        break;
    }
    out->argv[out->argc] = NULL;
    return ok;
}

/* ---- starting it ------------------------------------------------------------------- */

static bool on_path(const char *name)
{
    const char *path = getenv("PATH");
    if (!path || strchr(name, '/'))
        return strchr(name, '/') && access(name, X_OK) == 0;
    char buf[1024];
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, p, name);
        if (access(buf, X_OK) == 0)
            return true;
        p += n + (p[n] == ':');
    }
    return false;
}

static bool spawn(char *const argv[])
{
    /* Children are reaped automatically: nothing waits for the editor. */
    signal(SIGCHLD, SIG_IGN);
    pid_t pid;
    return posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) == 0;
}

bool editor_open(const char *path, int line)
{
    EditorCommand cmd;
    const char *visual = getenv("VISUAL");
    if (visual && editor_command(visual, path, line, &cmd) && on_path(cmd.argv[0]) &&
        spawn(cmd.argv))
        return true;
    const char *editor = getenv("EDITOR");
    if (editor && editor_command(editor, path, line, &cmd) && on_path(cmd.argv[0])) {
        if (cmd.gui && spawn(cmd.argv))
            return true;
        /* posix_spawn takes char *const argv[]: give it writable copies. */
        char term[] = "x-terminal-emulator", dash_e[] = "-e";
        if (!cmd.gui && on_path(term)) {
            char *argv[EDITOR_ARGS_MAX + 3] = {term, dash_e};
            memcpy(argv + 2, cmd.argv, (size_t)(cmd.argc + 1) * sizeof(argv[0]));
            if (spawn(argv))
                return true;
        }
    }
    char opener[16], file[4096];
    snprintf(opener, sizeof(opener), "%s", on_path("xdg-open") ? "xdg-open" : "open");
    snprintf(file, sizeof(file), "%s", path);
    char *argv[] = {opener, file, NULL};
    return spawn(argv);
}
