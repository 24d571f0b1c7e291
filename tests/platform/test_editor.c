/*
 * test_editor.c: the editor command line (platform/editor): $VISUAL or $EDITOR split into
 * words without a shell, and the arguments that reach a line appended in each editor's
 * own form. Table-driven; nothing is started.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "platform/editor.h"

#include <stdio.h>
#include <string.h>

typedef struct Case {
    const char *editor;
    const char *path;
    int line;
    const char *want; /* the words joined by '|'; NULL: editor_command fails */
    bool gui;
} Case;

static const Case CASES[] = {
    /* +LINE FILE */
    {"vi", "/d/a.md", 6, "vi|+6|/d/a.md", false},
    {"vim", "/d/a.md", 6, "vim|+6|/d/a.md", false},
    {"nvim", "/d/a.md", 12, "nvim|+12|/d/a.md", false},
    {"gvim -f", "/d/a.md", 6, "gvim|-f|+6|/d/a.md", true},
    {"/usr/bin/nano", "/d/a.md", 6, "/usr/bin/nano|+6|/d/a.md", false},
    {"emacs -nw", "/d/a.md", 6, "emacs|-nw|+6|/d/a.md", false},
    {"emacsclient -n", "/d/a.md", 6, "emacsclient|-n|+6|/d/a.md", false},
    {"micro", "/d/a.md", 6, "micro|+6|/d/a.md", false},
    {"kak", "/d/a.md", 6, "kak|+6|/d/a.md", false},
    /* -g FILE:LINE and FILE:LINE */
    {"code -w", "/d/a.md", 6, "code|-w|-g|/d/a.md:6", true},
    {"codium --wait", "/d/a.md", 6, "codium|--wait|-g|/d/a.md:6", true},
    {"subl -w", "/d/a.md", 6, "subl|-w|/d/a.md:6", true},
    /* an editor not known: just the file */
    {"gedit", "/d/a.md", 6, "gedit|/d/a.md", false},
    {"editor", "/d/a.md", 6, "editor|/d/a.md", false},
    {"vimx", "/d/a.md", 6, "vimx|/d/a.md", false},
    /* no line: just the file, whatever the editor */
    {"vim", "/d/a.md", 0, "vim|/d/a.md", false},
    {"code -w", "/d/a.md", -1, "code|-w|/d/a.md", true},
    /* words: blanks, quotes and backslashes as in a shell, nothing expanded */
    {"  vim   -u  NONE\t", "/d/a.md", 3, "vim|-u|NONE|+3|/d/a.md", false},
    {"'/opt/My Editor/bin/vim' -p", "/d/a.md", 6, "/opt/My Editor/bin/vim|-p|+6|/d/a.md", false},
    {"\"/opt/my ed/code\" -w", "/d/a.md", 2, "/opt/my ed/code|-w|-g|/d/a.md:2", true},
    {"ed\\ it", "/d/a.md", 2, "ed it|/d/a.md", false},
    {"\"say \\\"hi\\\" \\\\ $HOME\"", "/d/a.md", 2, "say \"hi\" \\ $HOME|/d/a.md", false},
    {"'a'\"b\"c", "/d/a.md", 2, "abc|/d/a.md", false},
    {"vim ''", "/d/a.md", 2, "vim||+2|/d/a.md", false},
    /* file names: spaces stay in one word, a leading - or + is never an option */
    {"vim", "/d/my deck.md", 4, "vim|+4|/d/my deck.md", false},
    {"vim", "-rf.md", 4, "vim|+4|./-rf.md", false},
    {"subl", "+x.md", 4, "subl|./+x.md:4", true},
    /* refused */
    {"", "/d/a.md", 6, NULL, false},
    {"   ", "/d/a.md", 6, NULL, false},
    {"'vim", "/d/a.md", 6, NULL, false},
    {"vim \"-u", "/d/a.md", 6, NULL, false},
    {"e 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30",
     "/d/a.md", 6,
     "e|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24|25|26|27|"
     "28|29|30|/d/a.md",
     false},
    {"e 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31",
     "/d/a.md", 6, NULL, false},
};

static void test_editor_commands(void **state)
{
    (void)state;
    static EditorCommand cmd;
    int failures = 0;
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        const Case *c = &CASES[i];
        bool ok = editor_command(c->editor, c->path, c->line, &cmd);
        char got[1024] = "";
        size_t n = 0;
        for (int k = 0; ok && k < cmd.argc; k++)
            n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s", k ? "|" : "", cmd.argv[k]);
        bool pass = c->want ? ok && strcmp(got, c->want) == 0 && cmd.gui == c->gui &&
                                  cmd.argv[cmd.argc] == NULL
                            : !ok;
        if (!pass) {
            print_error("case %zu: editor [%s] line %d: got %s [%s] gui %d, want [%s] gui %d\n", i,
                        c->editor, c->line, ok ? "ok" : "refused", got, cmd.gui,
                        c->want ? c->want : "(refused)", c->gui);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static void test_null_or_huge_values_are_refused(void **state)
{
    (void)state;
    static EditorCommand cmd;
    assert_false(editor_command(NULL, "/d/a.md", 1, &cmd));
    static char huge[10000];
    memset(huge, 'x', sizeof(huge) - 1);
    assert_false(editor_command(huge, "/d/a.md", 1, &cmd));
    assert_false(editor_command("vim", huge, 1, &cmd));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_editor_commands),
        cmocka_unit_test(test_null_or_huge_values_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
