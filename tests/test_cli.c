/*
 * test_cli.c: the command line (cli/cli) run in-process, as a user would type it: exit
 * statuses, messages on bad input, `check` writing nothing, `decks --json`, add-decks,
 * backup and restore.
 */
#include "test_support.h"
#include "cli_support.h"

#include "cli/cli.h"
#include "core/store.h"
#include "core/str.h"

#include <cjson/cJSON.h>

#define FIXTURES ARCHDRILL_TEST_DIR "/fixtures"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = tmp_dir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    return 0;
}

/* Runs `archdrill ARGS...` with FIXTURES/decks-good as the shipped decks. */
typedef CliRun Run;

static Run run(const char *first, ...)
{
    CliEnv env = {.data_root = FIXTURES "/root", .now_ms = 1716084840000};
    va_list ap;
    va_start(ap, first);
    Run r = cli_run_v(env, NULL, first, ap);
    va_end(ap);
    return r;
}

static void test_help_version_and_usage_errors(void **state)
{
    (void)state;
    Run r = run("--help", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: archdrill"));
    cli_run_free(&r);
    r = run("--version", NULL);
    assert_int_equal(r.status, 0);
    assert_true(str_starts_with(r.out, "archdrill "));
    cli_run_free(&r);
    r = run("check", "--help", NULL); /* help after a command, not a path named --help */
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: archdrill"));
    cli_run_free(&r);
    r = run("frobnicate", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown command 'frobnicate'"));
    cli_run_free(&r);
    r = run("--frob", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown option '--frob'"));
    cli_run_free(&r);
    r = run("--data-dir", NULL);
    assert_int_equal(r.status, 2);
    cli_run_free(&r);
    r = run("--data-dir", dir, "decks", "--yaml", NULL);
    assert_int_equal(r.status, 2);
    cli_run_free(&r);
}

static void test_no_command_opens_the_window(void **state)
{
    (void)state;
    Run r = run("--data-dir", dir, NULL);
    assert_int_equal(r.status, CLI_OPEN_WINDOW);
    assert_string_equal(r.launch.data_dir, dir);
    cli_run_free(&r);
    setenv("ARCHDRILL_DATA_DIR", "/from/env", 1);
    r = run(NULL);
    assert_int_equal(r.status, CLI_OPEN_WINDOW);
    assert_string_equal(r.launch.data_dir, "/from/env");
    cli_run_free(&r);
    unsetenv("ARCHDRILL_DATA_DIR");
}

static void test_check_good_and_bad(void **state)
{
    (void)state;
    Run r = run("check", FIXTURES "/decks-good", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ok: 1 file, 2 cards"));
    cli_run_free(&r);

    r = run("check", FIXTURES "/decks-good", FIXTURES "/decks-bad/broken.md", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "decks-bad/broken.md:4:6: id 'Not Valid' must be"));
    assert_non_null(strstr(r.err, "decks-bad/broken.md:3:1: 'What is missing here?' has no back"));
    assert_non_null(strstr(r.err, "decks-bad/broken.md:10:1: duplicate id 'second': line 6"));
    assert_non_null(strstr(r.out, "3 errors"));
    cli_run_free(&r);

    r = run("check", "/no/such/path", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "/no/such/path: no such file or folder"));
    cli_run_free(&r);
}

static void test_check_defaults_to_shipped_decks_and_writes_nothing(void **state)
{
    (void)state;
    Run r = run("--data-dir", dir, "check", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ok: 1 file"));
    cli_run_free(&r);
    char *db = path_join(dir, "archdrill.db");
    assert_int_equal(access(db, F_OK), -1);
    free(db);
}

static void test_decks_json(void **state)
{
    (void)state;
    Run r = run("--data-dir", dir, "decks", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *arr = cJSON_Parse(r.out);
    assert_non_null(arr);
    assert_int_equal(cJSON_GetArraySize(arr), 1);
    cJSON *d = cJSON_GetArrayItem(arr, 0);
    assert_string_equal(cJSON_GetObjectItem(d, "name")->valuestring, "Sample deck");
    assert_int_equal(cJSON_GetObjectItem(d, "cards")->valueint, 2);
    assert_int_equal(cJSON_GetObjectItem(d, "new")->valueint, 2);
    assert_int_equal(cJSON_GetObjectItem(d, "learning")->valueint, 0);
    assert_int_equal(cJSON_GetObjectItem(d, "due")->valueint, 0);
    cJSON_Delete(arr);
    cli_run_free(&r);

    r = run("--data-dir", dir, "decks", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Sample deck"));
    cli_run_free(&r);
}

static void test_drills_json_and_strict_check(void **state)
{
    (void)state;
    char *drills = path_join(dir, "drills");
    mkdir(drills, 0700);
    char *risk = path_join(drills, "risk.md");
    write_file(risk, "# Risk: one database\n<!-- kind: risk; id: risk-one-db -->\n"
                     "## Design\nOne database.\n"
                     "## Reference risks\n1. **SPOF:** x\n2. **RPO:** y\n3. **Load:** z\n"
                     "## Key concepts\n- `phase/foundations`: the tag of the sample deck\n");
    char *data = path_join(dir, "data");
    Run r = run("--data-dir", data, "add-decks", drills, NULL);
    assert_int_equal(r.status, 0);
    cli_run_free(&r);
    r = run("--data-dir", data, "drills", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *arr = cJSON_Parse(r.out);
    assert_non_null(arr);
    assert_int_equal(cJSON_GetArraySize(arr), 2);
    cJSON *d = cJSON_GetArrayItem(arr, 0);
    assert_string_equal(cJSON_GetObjectItem(d, "id")->valuestring, "risk-one-db");
    assert_string_equal(cJSON_GetObjectItem(d, "title")->valuestring, "Risk: one database");
    assert_string_equal(cJSON_GetObjectItem(d, "kind")->valuestring, "risk");
    assert_int_equal(cJSON_GetObjectItem(d, "minutes")->valueint, 10);
    /* the lightning round is listed too, though no file describes it */
    d = cJSON_GetArrayItem(arr, 1);
    assert_string_equal(cJSON_GetObjectItem(d, "id")->valuestring, "lightning");
    assert_string_equal(cJSON_GetObjectItem(d, "title")->valuestring, "Lightning round");
    assert_string_equal(cJSON_GetObjectItem(d, "kind")->valuestring, "lightning");
    assert_true(cJSON_GetObjectItem(d, "minutes")->valuedouble == 1.5);
    cJSON_Delete(arr);
    cli_run_free(&r);
    r = run("--data-dir", data, "drills", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "risk-one-db"));
    assert_non_null(strstr(r.out, "lightning       1.5  Lightning round"));
    cli_run_free(&r);
    /* the drill links to a tag of the shipped (fixture) decks: ok */
    r = run("check", drills, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1 drills"));
    cli_run_free(&r);
    /* a back over the content lint's limit is a warning, and an error with --strict */
    char *long_deck = path_join(dir, "long.md");
    Buf b = {0};
    buf_puts(&b, "# Long\n<!-- tags: phase/foundations -->\n## Q?\n");
    for (int i = 0; i < 130; i++)
        buf_puts(&b, "word ");
    write_file(long_deck, buf_str(&b));
    buf_free(&b);
    r = run("check", long_deck, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "warning: "));
    assert_non_null(strstr(r.err, "the back has 130 words"));
    cli_run_free(&r);
    r = run("check", "--strict", long_deck, NULL);
    assert_int_equal(r.status, 1);
    cli_run_free(&r);
    free(drills), free(risk), free(data), free(long_deck);
}

static void test_add_decks_registers_and_syncs(void **state)
{
    (void)state;
    char *mine = path_join(dir, "mine");
    mkdir(mine, 0700);
    char *file = path_join(mine, "own.md");
    write_file(file, "# My own\n## Q?\nA.\n");
    char *data = path_join(dir, "data");
    Run r = run("--data-dir", data, "add-decks", mine, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1 new cards"));
    cli_run_free(&r);
    r = run("--data-dir", data, "decks", "--json", NULL);
    assert_non_null(strstr(r.out, "My own"));
    cli_run_free(&r);
    r = run("--data-dir", data, "add-decks", "/no/such/folder", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "not a folder"));
    cli_run_free(&r);
    free(mine), free(file), free(data);
}

static void test_backup_then_restore(void **state)
{
    (void)state;
    Run r = run("--data-dir", dir, "backup", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "backup written: "));
    char *path = strdup(strstr(r.out, ": ") + 2);
    path[strcspn(path, "\n")] = '\0';
    cli_run_free(&r);
    assert_int_equal(access(path, R_OK), 0);

    r = run("--data-dir", dir, "restore", path, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "restored"));
    cli_run_free(&r);

    char *junk = path_join(dir, "junk.db");
    write_file(junk, "junk");
    r = run("--data-dir", dir, "restore", junk, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "not an SQLite database; nothing was changed"));
    cli_run_free(&r);
    r = run("--data-dir", dir, "restore", NULL);
    assert_int_equal(r.status, 2);
    cli_run_free(&r);
    free(path), free(junk);
}

static void test_corrupt_database_is_reported_not_replaced(void **state)
{
    (void)state;
    char *db = path_join(dir, "archdrill.db");
    write_file(db, "definitely not sqlite");
    Run r = run("--data-dir", dir, "decks", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "not an SQLite database"));
    cli_run_free(&r);
    char *after = read_file(db, NULL);
    assert_string_equal(after, "definitely not sqlite");
    free(after), free(db);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_help_version_and_usage_errors),
        T(test_no_command_opens_the_window),
        T(test_check_good_and_bad),
        T(test_check_defaults_to_shipped_decks_and_writes_nothing),
        T(test_decks_json),
        T(test_add_decks_registers_and_syncs),
        T(test_drills_json_and_strict_check),
        T(test_backup_then_restore),
        T(test_corrupt_database_is_reported_not_replaced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
