/*
 * cli_support.h: running the command line inside a test, as a user would type it: the
 * arguments after "archdrill" (optionally with --data-dir DIR first), standard output and
 * error captured in temporary files and returned as strings. Include after
 * test_support.h.
 */
#ifndef ARCHDRILL_CLI_SUPPORT_H
#define ARCHDRILL_CLI_SUPPORT_H

#include "cli/cli.h"

#include <stdarg.h>

typedef struct CliRun {
    int status; /* cli_main's exit status */
    char *out;  /* what it printed (owned) */
    char *err;
    CliLaunch launch; /* filled when status is CLI_OPEN_WINDOW */
} CliRun;

#define CLI_RUN_MAX_ARGS 24

/* Runs `archdrill [--data-dir data_dir] first ...` (the list ends with NULL; data_dir may be
 * NULL) with env, whose out and err are replaced by temporary files. Free with
 * cli_run_free. */
static inline CliRun cli_run_v(CliEnv env, const char *data_dir, const char *first, va_list ap)
{
    char *argv[CLI_RUN_MAX_ARGS + 1] = {strdup("archdrill")};
    int argc = 1;
    if (data_dir) {
        argv[argc++] = strdup("--data-dir");
        argv[argc++] = strdup(data_dir);
    }
    for (const char *a = first; a && argc < CLI_RUN_MAX_ARGS; a = va_arg(ap, const char *))
        argv[argc++] = strdup(a);
    argv[argc] = NULL;
    env.out = tmpfile();
    env.err = tmpfile();
    assert_non_null(env.out);
    assert_non_null(env.err);
    CliRun r;
    memset(&r, 0, sizeof(r));
    r.status = cli_main(argc, argv, &env, &r.launch);
    r.out = slurp(env.out);
    r.err = slurp(env.err);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    return r;
}

/* cli_run_v with the arguments given directly. */
static inline CliRun cli_run(CliEnv env, const char *data_dir, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    CliRun r = cli_run_v(env, data_dir, first, ap);
    va_end(ap);
    return r;
}

static inline void cli_run_free(CliRun *r)
{
    free(r->out);
    free(r->err);
}

#endif
