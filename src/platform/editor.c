/*
 * editor.c: opening a card's source file at its line, as `e` on the review screen asks.
 * $VISUAL (a graphical editor) is started directly; a terminal $EDITOR is started in the
 * desktop's terminal emulator; without either the desktop's default application opens the
 * file. The child is detached: the app keeps running and re-syncs when it regains focus.
 */
#define _GNU_SOURCE /* environ */
#include "platform/platform.h"

#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
    /* posix_spawn takes char *const argv[]: give it writable copies. */
    char file[4096], term[] = "x-terminal-emulator", dash_e[] = "-e", opener[16];
    char prog[1024], plus_line[32];
    snprintf(file, sizeof(file), "%s", path);
    snprintf(plus_line, sizeof(plus_line), "+%d", line > 0 ? line : 1);
    const char *visual = getenv("VISUAL");
    if (visual && visual[0] && on_path(visual)) {
        snprintf(prog, sizeof(prog), "%s", visual);
        char *argv[] = {prog, plus_line, file, NULL};
        if (spawn(argv))
            return true;
    }
    const char *editor = getenv("EDITOR");
    if (editor && editor[0] && on_path(editor) && on_path("x-terminal-emulator")) {
        snprintf(prog, sizeof(prog), "%s", editor);
        char *argv[] = {term, dash_e, prog, plus_line, file, NULL};
        if (spawn(argv))
            return true;
    }
    snprintf(opener, sizeof(opener), "%s", on_path("xdg-open") ? "xdg-open" : "open");
    char *argv[] = {opener, file, NULL};
    return spawn(argv);
}
