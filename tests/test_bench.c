/*
 * test_bench.c: `archdrill bench sched` (cli/bench) on a small collection, for correctness
 * only (no timings are asserted): the collection has exactly the cards and review rows
 * asked for, every measurement ran, a rebuild reproduces every generated state, the
 * temporary database is removed, and the command's usage errors.
 */
#include "test_support.h"

#include "cli/bench.h"
#include "cli/cli.h"

#include <dirent.h>

static int count_entries(const char *path)
{
    DIR *d = opendir(path);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void test_small_bench_runs_and_cleans_up(void **state)
{
    (void)state;
    char *dir = tmp_dir();
    BenchConfig cfg = bench_config_default(1710064800000LL, 3600);
    cfg.cards = 600;
    cfg.reviews = 6000;
    cfg.decks = 4;
    cfg.next_calls = 20000;
    cfg.queue_runs = 3;
    cfg.answers = 25;
    cfg.tmp_dir = dir;
    FILE *out = tmpfile(), *err = tmpfile();
    BenchResult res;
    assert_int_equal(bench_sched_run(&cfg, out, err, &res), 0);
    assert_int_equal(res.cards, 600);
    assert_int_equal(res.reviews, 6000);
    assert_true(res.next_per_s > 0);
    assert_true(res.queue_len > 0);
    assert_int_equal(res.queue_len, res.queue_learning + res.queue_review + res.queue_new);
    assert_true(res.queue_new > 0 && res.queue_new <= 4 * 20);
    assert_int_equal(res.answers, 25);
    assert_true(res.answer_median_ms > 0 && res.answer_p95_ms >= res.answer_median_ms);
    assert_int_equal(res.rebuild_differing, 0);
    assert_int_equal(res.rebuild_mismatches, 0);
    assert_int_equal(res.rebuild_unreplayable, 0);
    fflush(out);
    rewind(out);
    char text[4096];
    size_t got = fread(text, 1, sizeof(text) - 1, out);
    text[got] = '\0';
    assert_non_null(strstr(text, "600 cards in 4 decks, 6000 review-log rows"));
    assert_non_null(strstr(text, "next-state computations:"));
    assert_non_null(strstr(text, "today's queue, all decks:"));
    assert_non_null(strstr(text, "answering a card, committed:"));
    assert_non_null(strstr(text, "0 states differ"));
    fclose(out);
    fclose(err);
    assert_int_equal(count_entries(dir), 0); /* the temporary database is gone */
    rm_rf(dir);
    free(dir);
}

static void test_bad_configs(void **state)
{
    (void)state;
    BenchConfig cfg = bench_config_default(0, 0);
    cfg.cards = 3;
    cfg.decks = 4;
    FILE *out = tmpfile(), *err = tmpfile();
    assert_int_equal(bench_sched_run(&cfg, out, err, NULL), 1);
    fclose(out);
    fclose(err);

    static const char *const ARGS[][3] = {
        {"bench", NULL, NULL},
        {"bench", "other", NULL},
        {"bench", "sched", "--cards"},
        {"bench", "sched", "--fast"},
    };
    for (size_t i = 0; i < sizeof(ARGS) / sizeof(ARGS[0]); i++) {
        char *argv[4] = {strdup("archdrill"), NULL, NULL, NULL};
        int argc = 1;
        for (int k = 0; k < 3 && ARGS[i][k]; k++)
            argv[argc++] = strdup(ARGS[i][k]);
        CliEnv env = {.now_ms = 0, .out = tmpfile(), .err = tmpfile()};
        CliLaunch launch;
        assert_int_equal(cli_main(argc, argv, &env, &launch), 2);
        fclose(env.out);
        fclose(env.err);
        for (int k = 0; k < argc; k++)
            free(argv[k]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_bench_runs_and_cleans_up),
        cmocka_unit_test(test_bad_configs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
