/*
 * test_fsrs_vectors.c: conformance with ts-fsrs 5.4.2. Every .jsonl file in tests/vectors is
 * replayed through fsrs_replay_run (the code behind `archdrill fsrs-replay`) and each output
 * line is compared with the expected fields of its step: S, D and the four R values within
 * 1e-8, state, scheduled_days, due_ms, learning_steps, reps and lapses exactly, for every
 * variant. The fuzz seed strings are checked too, and malformed input must exit 1 naming
 * the line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cli/fsrs_replay.h"
#include "core/fsrs.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VECTOR_DIR   ARCHDRILL_TEST_DIR "/vectors"
#define TOL          1e-8
#define MAX_LINE     (1 << 16)
#define MAX_FILES    64
#define MAX_REPORTED 20

static char line_in[MAX_LINE];
static char line_out[MAX_LINE];

/* Reads a whole stream into a NUL-terminated string (free() it). */
static char *read_all(FILE *f)
{
    rewind(f);
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t n;
    while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
    }
    s[len] = '\0';
    return s;
}

static bool next_line(FILE *f, char *buf)
{
    if (!fgets(buf, MAX_LINE, f))
        return false;
    size_t n = strlen(buf);
    if (n == MAX_LINE - 1 && buf[n - 1] != '\n')
        fail_msg("a line longer than %d bytes", MAX_LINE);
    return true;
}

typedef struct Checker {
    const char *file;
    long steps;
    long mismatches;
    long seeds;
} Checker;

static void mismatch(Checker *ck, const cJSON *want, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void mismatch(Checker *ck, const cJSON *want, const char *field, const char *fmt, ...)
{
    ck->mismatches++;
    if (ck->mismatches > MAX_REPORTED)
        return;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(want, "variant");
    char detail[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    print_error("MISMATCH %s: variant %s h %d i %d field %s: %s\n", ck->file,
                cJSON_IsString(v) ? v->valuestring : "?",
                cJSON_GetObjectItemCaseSensitive(want, "h")
                    ? cJSON_GetObjectItemCaseSensitive(want, "h")->valueint
                    : -1,
                cJSON_GetObjectItemCaseSensitive(want, "i")
                    ? cJSON_GetObjectItemCaseSensitive(want, "i")->valueint
                    : -1,
                field, detail);
}

static const cJSON *field_of(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        fail_msg("missing field \"%s\"", key);
    return v;
}

static void check_real(Checker *ck, const cJSON *want, const char *field, double got, double exp)
{
    if (!(fabs(got - exp) <= TOL))
        mismatch(ck, want, field, "got %.17g, want %.17g", got, exp);
}

static void check_int(Checker *ck, const cJSON *want, const char *field, const cJSON *got_obj,
                      const char *got_key)
{
    double got = field_of(got_obj, got_key)->valuedouble;
    double exp = field_of(want, field)->valuedouble;
    if (got != exp)
        mismatch(ck, want, field, "got %.17g, want %.17g", got, exp);
}

/* The seed ts-fsrs used for this step, rebuilt from the state before it. */
static void check_seed(Checker *ck, const cJSON *want)
{
    const cJSON *seed = cJSON_GetObjectItemCaseSensitive(want, "fuzz_seed");
    if (!cJSON_IsString(seed))
        return;
    const cJSON *before = field_of(want, "before");
    FsrsCard c = fsrs_card_new(0);
    c.stability = field_of(before, "s")->valuedouble;
    c.difficulty = field_of(before, "d")->valuedouble;
    c.reps = (int32_t)field_of(want, "reps")->valuedouble - 1;
    char got[64];
    fsrs_fuzz_seed(&c, (int64_t)field_of(want, "review_ms")->valuedouble, got, sizeof(got));
    ck->seeds++;
    if (strcmp(got, seed->valuestring) != 0)
        mismatch(ck, want, "fuzz_seed", "got \"%s\", want \"%s\"", got, seed->valuestring);
}

static void compare_step(Checker *ck, const cJSON *want, const cJSON *got)
{
    ck->steps++;
    const char *same[] = {"variant", "state"};
    for (size_t k = 0; k < ARRAY_LEN(same); k++) {
        const cJSON *g = field_of(got, same[k]), *w = field_of(want, same[k]);
        if (!cJSON_IsString(g) || !cJSON_IsString(w) || strcmp(g->valuestring, w->valuestring))
            mismatch(ck, want, same[k], "got \"%s\", want \"%s\"",
                     cJSON_IsString(g) ? g->valuestring : "?",
                     cJSON_IsString(w) ? w->valuestring : "?");
    }
    const char *ints[] = {"h", "i", "scheduled_days", "due_ms", "learning_steps", "reps", "lapses"};
    for (size_t k = 0; k < ARRAY_LEN(ints); k++)
        check_int(ck, want, ints[k], got, ints[k]);
    check_real(ck, want, "stability", field_of(got, "stability")->valuedouble,
               field_of(want, "stability")->valuedouble);
    check_real(ck, want, "difficulty", field_of(got, "difficulty")->valuedouble,
               field_of(want, "difficulty")->valuedouble);
    const cJSON *r = field_of(want, "r");
    static const char *const rs[][2] = {
        {"r_at_due", "at_due"}, {"r_t1", "t1"}, {"r_t7", "t7"}, {"r_t30", "t30"}};
    for (size_t k = 0; k < ARRAY_LEN(rs); k++)
        check_real(ck, want, rs[k][0], field_of(got, rs[k][0])->valuedouble,
                   field_of(r, rs[k][1])->valuedouble);
    check_seed(ck, want);
}

static void check_file(const char *name, long *steps_total)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", VECTOR_DIR, name);
    FILE *in = fopen(path, "r");
    if (!in)
        fail_msg("cannot open %s", path);
    FILE *out = tmpfile(), *err = tmpfile();
    assert_non_null(out);
    assert_non_null(err);
    int rc = fsrs_replay_run(in, name, out, err);
    if (rc != 0) {
        char *msg = read_all(err);
        fail_msg("%s: replay exited %d: %s", name, rc, msg);
    }
    rewind(in);
    rewind(out);
    Checker ck = {.file = name};
    long lineno = 0;
    while (next_line(in, line_in)) {
        lineno++;
        cJSON *want = cJSON_Parse(line_in);
        if (!want)
            fail_msg("%s:%ld: the vector line is not JSON", name, lineno);
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(want, "type");
        if (cJSON_IsString(type) && strcmp(type->valuestring, "step") == 0) {
            if (!next_line(out, line_out))
                fail_msg("%s:%ld: the replay printed no line for this step", name, lineno);
            cJSON *got = cJSON_Parse(line_out);
            if (!got)
                fail_msg("%s:%ld: the replay printed invalid JSON: %s", name, lineno, line_out);
            compare_step(&ck, want, got);
            cJSON_Delete(got);
        }
        cJSON_Delete(want);
    }
    if (next_line(out, line_out))
        fail_msg("%s: the replay printed more lines than there are steps", name);
    fclose(in);
    fclose(out);
    fclose(err);
    print_message("%s: %ld steps checked (%ld fuzz seeds), %ld mismatches\n", name, ck.steps,
                  ck.seeds, ck.mismatches);
    if (ck.steps == 0)
        fail_msg("%s: no steps", name);
    if (ck.mismatches > 0)
        fail_msg("%s: %ld mismatches against ts-fsrs", name, ck.mismatches);
    *steps_total += ck.steps;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_vectors(void **state)
{
    (void)state;
    DIR *dir = opendir(VECTOR_DIR);
    if (!dir)
        fail_msg("cannot open %s", VECTOR_DIR);
    char *names[MAX_FILES];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 6 && strcmp(e->d_name + len - 6, ".jsonl") == 0) {
            assert_true(n < MAX_FILES);
            names[n] = malloc(len + 1);
            assert_non_null(names[n]);
            memcpy(names[n], e->d_name, len + 1);
            n++;
        }
    }
    closedir(dir);
    qsort(names, n, sizeof(names[0]), cmp_names);
    /* The five reference sets must all be there. */
    static const char *required[] = {"default_seed42.jsonl", "nosteps_seed46.jsonl",
                                     "r080_uniform_seed43.jsonl", "r097_max30_seed44.jsonl",
                                     "steps_long_seed45.jsonl"};
    for (size_t k = 0; k < ARRAY_LEN(required); k++) {
        bool found = false;
        for (size_t j = 0; j < n; j++)
            found = found || strcmp(names[j], required[k]) == 0;
        if (!found)
            fail_msg("missing %s/%s", VECTOR_DIR, required[k]);
    }
    long total = 0;
    for (size_t k = 0; k < n; k++) {
        check_file(names[k], &total);
        free(names[k]);
    }
    print_message("fsrs vectors: %ld steps checked in %zu files, 0 mismatches\n", total, n);
}

/* ---- malformed input -------------------------------------------------------------- */

#define CONFIG                                                                                     \
    "{\"type\":\"config\",\"variant\":\"v\",\"params\":{\"request_retention\":0.9,"                \
    "\"maximum_interval\":36500,\"w\":[0.212,1.2931,2.3065,8.2956,6.4133,0.8334,3.0194,"           \
    "0.001,1.8722,0.1666,0.796,1.4835,0.0614,0.2629,1.6483,0.6014,1.8729,0.5425,0.0912,"           \
    "0.0658,0.1542],\"enable_fuzz\":false,\"enable_short_term\":true,"                             \
    "\"learning_steps\":[\"1m\",\"10m\"],\"relearning_steps\":[\"10m\"]}}\n"
#define STEP0 "{\"type\":\"step\",\"variant\":\"v\",\"h\":0,\"i\":0,\"rating\":3,\"review_ms\":0}\n"
#define STEP1                                                                                      \
    "{\"type\":\"step\",\"variant\":\"v\",\"h\":0,\"i\":1,\"rating\":3,\"review_ms\":600000}\n"

/* Runs the replay on `text`; returns the exit status and the error output in *msg. */
static int run_text(const char *text, char **msg, long *out_lines)
{
    FILE *in = tmpfile(), *out = tmpfile(), *err = tmpfile();
    assert_non_null(in);
    assert_non_null(out);
    assert_non_null(err);
    fputs(text, in);
    rewind(in);
    int rc = fsrs_replay_run(in, "bad.jsonl", out, err);
    *msg = read_all(err);
    char *o = read_all(out);
    *out_lines = 0;
    for (const char *p = o; *p; p++)
        *out_lines += *p == '\n';
    free(o);
    fclose(in);
    fclose(out);
    fclose(err);
    return rc;
}

static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *where; /* prefix of the message */
        const char *what;  /* a word of it */
    } cases[] = {
        {CONFIG "{\"type\":\"step\",\n", "bad.jsonl:2: ", "JSON"},
        {STEP0, "bad.jsonl:1: ", "config"},
        {CONFIG STEP0 "{\"type\":\"step\",\"variant\":\"v\",\"h\":0,\"i\":1,\"rating\":3}\n",
         "bad.jsonl:3: ", "review_ms"},
        {CONFIG "{\"type\":\"step\",\"variant\":\"v\",\"h\":0,\"i\":0,\"rating\":5,"
                "\"review_ms\":0}\n",
         "bad.jsonl:2: ", "rating"},
        {CONFIG "{\"type\":\"step\",\"variant\":\"v\",\"h\":0,\"i\":0,\"rating\":0,"
                "\"review_ms\":0}\n",
         "bad.jsonl:2: ", "rating"},
        {CONFIG "{\"type\":\"step\",\"variant\":\"v\",\"h\":0,\"i\":0,\"rating\":3,"
                "\"review_ms\":1e999}\n",
         "bad.jsonl:2: ", "finite"},
        {CONFIG "\n" STEP0 "{\"type\":\"step\",\"variant\":\"v\",\"h\":0,\"i\":1,\"rating\":2.5,"
                "\"review_ms\":5}\n",
         "bad.jsonl:4: ", "rating"},
        {CONFIG STEP0 "{\"type\":\"step\",\"variant\":\"v\",\"h\":0,\"i\":3,\"rating\":3,"
                      "\"review_ms\":5}\n",
         "bad.jsonl:3: ", "follow"},
        {CONFIG "{\"type\":\"step\",\"variant\":\"w\",\"h\":0,\"i\":0,\"rating\":3,"
                "\"review_ms\":0}\n",
         "bad.jsonl:2: ", "variant"},
        {"{\"type\":\"config\",\"variant\":\"v\",\"params\":{\"request_retention\":0.9,"
         "\"maximum_interval\":36500,\"w\":[1,2,3],\"enable_fuzz\":false,"
         "\"enable_short_term\":true,\"learning_steps\":[],\"relearning_steps\":[]}}\n",
         "bad.jsonl:1: ", "weights"},
        {"{\"type\":\"config\",\"variant\":\"v\",\"params\":{\"request_retention\":0.9,"
         "\"maximum_interval\":36500,\"enable_fuzz\":false,"
         "\"enable_short_term\":true,\"learning_steps\":[],\"relearning_steps\":[]}}\n",
         "bad.jsonl:1: ", "params.w"},
        {"{\"type\":\"config\",\"variant\":\"v\",\"params\":{\"request_retention\":0.9,"
         "\"maximum_interval\":36500,\"w\":[],\"enable_fuzz\":false,"
         "\"enable_short_term\":true,\"learning_steps\":[\"5x\"],\"relearning_steps\":[]}}\n",
         "bad.jsonl:1: ", "learning_steps"},
        {CONFIG "{\"type\":\"nope\"}\n", "bad.jsonl:2: ", "nope"},
        {CONFIG "[1,2]\n", "bad.jsonl:2: ", "object"},
        {CONFIG STEP1, "bad.jsonl:2: ", "follow"},
        {CONFIG STEP0 "{\"type\":\"step\",\"variant\":\"v\",\"h\":0,\"i\":1,\"rating\":3,"
                      "\"review_ms\":-86400000}\n",
         "bad.jsonl:3: ", "rejected"},
    };
    for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
        char *msg;
        long lines;
        int rc = run_text(cases[k].text, &msg, &lines);
        if (rc != 1 || strncmp(msg, cases[k].where, strlen(cases[k].where)) != 0 ||
            !strstr(msg, cases[k].what))
            fail_msg("case %zu: exit %d, message \"%s\"; want exit 1 and \"%s...%s...\"", k, rc,
                     msg, cases[k].where, cases[k].what);
        free(msg);
    }

    /* A well-formed file with blank lines replays every step. */
    char *msg;
    long lines;
    assert_int_equal(run_text(CONFIG "\n" STEP0 "\r\n" STEP1, &msg, &lines), 0);
    assert_string_equal(msg, "");
    assert_int_equal(lines, 2);
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
