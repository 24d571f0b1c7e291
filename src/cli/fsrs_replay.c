/*
 * fsrs_replay.c: `archdrill fsrs-replay`. Reads golden-vector lines (a config line starts a
 * variant, step lines follow), replays every history through core/fsrs from a new card
 * created at its first review, and prints one JSON line per step. Only the inputs of a
 * step (variant, h, i, rating, review_ms) are read, never its expected results. The first
 * malformed line stops the run with "NAME:LINE: message".
 */
#include "cli/fsrs_replay.h"

#include "core/fsrs.h"
#include "core/str.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef struct Replay {
    const char *name;
    FILE *err;
    long line;
    bool have_config;
    char variant[128];
    FsrsParams params;
    bool have_card;
    long long h, i; /* the history and step of `card` */
    FsrsCard card;
} Replay;

static int fail(Replay *rp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(Replay *rp, const char *fmt, ...)
{
    fprintf(rp->err, "%s:%ld: ", rp->name, rp->line);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(rp->err, fmt, ap);
    va_end(ap);
    fputc('\n', rp->err);
    return 1;
}

/* Reads one line (without its '\n') into b; false at end of input. */
static bool read_line(FILE *in, Buf *b)
{
    char chunk[4096];
    buf_clear(b);
    bool any = false;
    while (fgets(chunk, sizeof(chunk), in)) {
        any = true;
        size_t n = strlen(chunk);
        if (n > 0 && chunk[n - 1] == '\n') {
            buf_append(b, chunk, n - 1);
            return true;
        }
        buf_append(b, chunk, n);
    }
    return any;
}

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r')
            return false;
    return true;
}

/* A finite number field; returns 0 and sets *out, or reports and returns 1. */
static int get_number(Replay *rp, const cJSON *obj, const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return fail(rp, "missing field \"%s\"", key);
    if (!cJSON_IsNumber(v))
        return fail(rp, "field \"%s\" is not a number", key);
    if (!isfinite(v->valuedouble))
        return fail(rp, "field \"%s\" is not finite", key);
    *out = v->valuedouble;
    return 0;
}

/* An integral number field in [lo, hi]. */
static int get_integer(Replay *rp, const cJSON *obj, const char *key, double lo, double hi,
                       long long *out)
{
    double v;
    if (get_number(rp, obj, key, &v))
        return 1;
    if (v != floor(v) || v < lo || v > hi)
        return fail(rp, "field \"%s\" must be an integer in [%.17g, %.17g], got %.17g", key, lo, hi,
                    v);
    *out = (long long)v;
    return 0;
}

static int get_bool(Replay *rp, const cJSON *obj, const char *key, bool *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return fail(rp, "missing field \"%s\"", key);
    if (!cJSON_IsBool(v))
        return fail(rp, "field \"%s\" is not a boolean", key);
    *out = cJSON_IsTrue(v);
    return 0;
}

static int get_string(Replay *rp, const cJSON *obj, const char *key, const char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return fail(rp, "missing field \"%s\"", key);
    if (!cJSON_IsString(v) || !v->valuestring)
        return fail(rp, "field \"%s\" is not a string", key);
    *out = v->valuestring;
    return 0;
}

static int get_steps(Replay *rp, const cJSON *params, const char *key, bool relearning)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(params, key);
    if (!arr)
        return fail(rp, "missing field \"params.%s\"", key);
    if (!cJSON_IsArray(arr))
        return fail(rp, "field \"params.%s\" is not an array", key);
    int n = cJSON_GetArraySize(arr);
    if (n > FSRS_MAX_STEPS)
        return fail(rp, "\"params.%s\" has %d steps, at most %d are supported", key, n,
                    FSRS_MAX_STEPS);
    const char *steps[FSRS_MAX_STEPS];
    for (int k = 0; k < n; k++) {
        const cJSON *s = cJSON_GetArrayItem(arr, k);
        int32_t minutes;
        if (!cJSON_IsString(s) || fsrs_parse_step(s->valuestring, &minutes) != ERR_OK)
            return fail(rp, "\"params.%s\"[%d] is not a step like \"10m\", \"1h\" or \"1d\"", key,
                        k);
        steps[k] = s->valuestring;
    }
    Err e = relearning ? fsrs_params_set_relearning_steps(&rp->params, steps, (size_t)n)
                       : fsrs_params_set_learning_steps(&rp->params, steps, (size_t)n);
    if (e != ERR_OK)
        return fail(rp, "\"params.%s\" rejected", key);
    return 0;
}

static int read_config(Replay *rp, const cJSON *root)
{
    const char *variant;
    if (get_string(rp, root, "variant", &variant))
        return 1;
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(root, "params");
    if (!params)
        return fail(rp, "missing field \"params\"");
    if (!cJSON_IsObject(params))
        return fail(rp, "field \"params\" is not an object");

    double retention;
    long long max_ivl;
    bool fuzz, short_term;
    if (get_number(rp, params, "request_retention", &retention) ||
        get_integer(rp, params, "maximum_interval", 1, FSRS_MAX_INTERVAL, &max_ivl) ||
        get_bool(rp, params, "enable_fuzz", &fuzz) ||
        get_bool(rp, params, "enable_short_term", &short_term))
        return 1;
    if (!(retention > 0.0 && retention <= 1.0))
        return fail(rp, "\"params.request_retention\" must be in (0, 1], got %.17g", retention);

    /* The weight ranges depend on the short-term switch and the relearning steps: set
     * those first, as the reference does when it builds its parameters. */
    rp->params = fsrs_params_default();
    rp->params.enable_fuzz = fuzz;
    rp->params.enable_short_term = short_term;
    rp->params.desired_retention = retention;
    rp->params.maximum_interval_days = (int32_t)max_ivl;
    if (get_steps(rp, params, "learning_steps", false) ||
        get_steps(rp, params, "relearning_steps", true))
        return 1;

    const cJSON *w = cJSON_GetObjectItemCaseSensitive(params, "w");
    if (!w)
        return fail(rp, "missing field \"params.w\"");
    if (!cJSON_IsArray(w))
        return fail(rp, "field \"params.w\" is not an array");
    int n = cJSON_GetArraySize(w);
    if (n != 17 && n != 19 && n != 21)
        return fail(rp, "\"params.w\" has %d weights; 17, 19 or 21 are accepted", n);
    double weights[FSRS_WEIGHT_COUNT];
    for (int k = 0; k < n; k++) {
        const cJSON *v = cJSON_GetArrayItem(w, k);
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
            return fail(rp, "\"params.w\"[%d] is not a finite number", k);
        weights[k] = v->valuedouble;
    }
    if (fsrs_params_set_weights(&rp->params, weights, (size_t)n) != ERR_OK)
        return fail(rp, "\"params.w\" rejected");
    if (fsrs_params_update(&rp->params) != ERR_OK)
        return fail(rp, "invalid parameters");

    snprintf(rp->variant, sizeof(rp->variant), "%s", variant);
    rp->have_config = true;
    rp->have_card = false;
    return 0;
}

static int read_step(Replay *rp, const cJSON *root, Buf *out_line)
{
    if (!rp->have_config)
        return fail(rp, "step before any config line");
    const char *variant;
    long long h, i, rating, review_ms;
    if (get_string(rp, root, "variant", &variant) || get_integer(rp, root, "h", 0, 1e15, &h) ||
        get_integer(rp, root, "i", 0, 1e15, &i) ||
        get_integer(rp, root, "rating", -1e15, 1e15, &rating) ||
        get_integer(rp, root, "review_ms", -(double)FSRS_TIME_LIMIT_MS, (double)FSRS_TIME_LIMIT_MS,
                    &review_ms))
        return 1;
    if (rating < 1 || rating > 4)
        return fail(rp, "rating %lld is outside 1..4", rating);
    if (strcmp(variant, rp->variant) != 0)
        return fail(rp, "step of variant \"%s\" under the config of \"%s\"", variant, rp->variant);

    if (i == 0) {
        rp->card = fsrs_card_new(review_ms);
    } else if (!rp->have_card || h != rp->h || i != rp->i + 1) {
        return fail(rp, "step h=%lld i=%lld does not follow the previous step", h, i);
    }
    FsrsCard next;
    if (fsrs_next(&rp->params, &rp->card, review_ms, (int)rating, &next) != ERR_OK)
        return fail(rp, "the scheduler rejected the step (a review before the previous one?)");
    rp->card = next;
    rp->have_card = true;
    rp->h = h;
    rp->i = i;

    int64_t at[4] = {next.due_ms, next.last_review_ms + FSRS_DAY_MS,
                     next.last_review_ms + 7 * FSRS_DAY_MS, next.last_review_ms + 30 * FSRS_DAY_MS};
    double r[4];
    for (int k = 0; k < 4; k++)
        r[k] = fsrs_retrievability(&rp->params, &next, at[k]);

    buf_clear(out_line);
    buf_puts(out_line, "{\"variant\":");
    buf_put_json_string(out_line, variant);
    buf_printf(out_line, ",\"h\":%lld,\"i\":%lld,\"state\":\"%s\"", h, i,
               fsrs_state_name(next.state));
    buf_printf(out_line, ",\"stability\":%.17g,\"difficulty\":%.17g", next.stability,
               next.difficulty);
    buf_printf(out_line, ",\"scheduled_days\":%d,\"due_ms\":%lld,\"learning_steps\":%d",
               (int)next.scheduled_days, (long long)next.due_ms, (int)next.learning_steps);
    buf_printf(out_line, ",\"reps\":%d,\"lapses\":%d", (int)next.reps, (int)next.lapses);
    buf_printf(out_line, ",\"r_at_due\":%.17g,\"r_t1\":%.17g,\"r_t7\":%.17g,\"r_t30\":%.17g}\n",
               r[0], r[1], r[2], r[3]);
    return 0;
}

int fsrs_replay_run(FILE *in, const char *name, FILE *out, FILE *err)
{
    Replay rp;
    memset(&rp, 0, sizeof(rp));
    rp.name = name;
    rp.err = err;
    Buf line = {0}, out_line = {0};
    int status = 0;
    while (read_line(in, &line)) {
        rp.line++;
        const char *text = buf_str(&line);
        if (is_blank(text))
            continue;
        const char *end = NULL;
        cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
        if (!root) {
            long col = end ? (long)(end - text) + 1 : 0;
            status = fail(&rp, "invalid JSON near column %ld", col);
            goto fail;
        }
        const char *type = NULL;
        if (!cJSON_IsObject(root)) {
            status = fail(&rp, "expected a JSON object");
        } else if (get_string(&rp, root, "type", &type)) {
            status = 1;
        } else if (strcmp(type, "config") == 0) {
            status = read_config(&rp, root);
        } else if (strcmp(type, "step") == 0) {
            status = read_step(&rp, root, &out_line);
            if (status == 0 && fwrite(out_line.data, 1, out_line.len, out) != out_line.len) {
                fprintf(err, "%s: cannot write the output\n", name);
                status = 1;
            }
        } else {
            status = fail(&rp, "unknown line type \"%s\"", type);
        }
        cJSON_Delete(root);
        if (status)
            goto fail;
    }
    if (ferror(in)) {
        fprintf(err, "%s: read error\n", name);
        status = 1;
    } else if (fflush(out) != 0) {
        fprintf(err, "%s: cannot write the output\n", name);
        status = 1;
    }
fail:
    buf_free(&line);
    buf_free(&out_line);
    return status;
}
