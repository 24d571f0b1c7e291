/*
 * preset.c: the study options' defaults, validation and text forms (see preset.h).
 * Numbers are written as the shortest decimal that reads back as the same double, so a
 * stored preset or spec reproduces the scheduler bit for bit.
 */
#include "core/preset.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Preset preset_default(void)
{
    Preset p;
    memset(&p, 0, sizeof(p));
    p.new_per_day = PRESET_NEW_PER_DAY_DEFAULT;
    p.reviews_per_day = PRESET_REVIEWS_PER_DAY_DEFAULT;
    p.params = fsrs_params_default();
    return p;
}

Err preset_validate(Preset *p)
{
    if (p->new_per_day < 0 || p->new_per_day > PRESET_PER_DAY_MAX || p->reviews_per_day < 0 ||
        p->reviews_per_day > PRESET_PER_DAY_MAX)
        return ERR_PARSE;
    return fsrs_params_update(&p->params);
}

void preset_format_steps(const int32_t *minutes, size_t n, Buf *out)
{
    for (size_t i = 0; i < n; i++) {
        int32_t m = minutes[i];
        if (i)
            buf_putc(out, ' ');
        if (m > 0 && m % 1440 == 0)
            buf_printf(out, "%dd", m / 1440);
        else if (m > 0 && m % 60 == 0)
            buf_printf(out, "%dh", m / 60);
        else
            buf_printf(out, "%dm", m);
    }
}

Err preset_parse_steps(const char *text, int32_t out[FSRS_MAX_STEPS], size_t *n)
{
    size_t count = 0;
    const char *p = text;
    for (;;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *end = p;
        while (*end && *end != ' ')
            end++;
        char tok[32];
        size_t len = (size_t)(end - p);
        if (len >= sizeof(tok) || count == FSRS_MAX_STEPS)
            return ERR_PARSE;
        memcpy(tok, p, len);
        tok[len] = '\0';
        if (fsrs_parse_step(tok, &out[count]))
            return ERR_PARSE;
        count++;
        p = end;
    }
    *n = count;
    return ERR_OK;
}

/* The shortest %.Ng that reads back as x (x finite). */
static void put_double(Buf *out, double x)
{
    char s[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(s, sizeof(s), "%.*g", prec, x);
        if (strtod(s, NULL) == x)
            break;
    }
    buf_puts(out, s);
}

void preset_format_weights(const double *w, size_t n, Buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(out, ' ');
        put_double(out, w[i]);
    }
}

/* A finite number at *p, skipping leading blanks; advances *p past it. */
static bool read_double(const char **p, double *out)
{
    while (**p == ' ')
        (*p)++;
    if (!**p || strchr("+-.0123456789", **p) == NULL)
        return false; /* strtod would also take "nan", "inf" and hex */
    char *end = NULL;
    errno = 0;
    double v = strtod(*p, &end);
    if (end == *p || errno == ERANGE || !isfinite(v))
        return false;
    for (const char *c = *p; c < end; c++)
        if (*c == 'x' || *c == 'X' || *c == 'p' || *c == 'P')
            return false;
    *p = end;
    *out = v;
    return true;
}

Err preset_parse_weights(const char *text, double out[FSRS_WEIGHT_COUNT], size_t *n)
{
    size_t count = 0;
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        if (count == FSRS_WEIGHT_COUNT || !read_double(&p, &out[count]))
            return ERR_PARSE;
        count++;
        if (*p && *p != ' ' && *p != ',')
            return ERR_PARSE;
    }
    *n = count;
    return ERR_OK;
}

void preset_spec(const FsrsParams *params, Buf *out)
{
    buf_puts(out, "w=");
    preset_format_weights(params->w, FSRS_WEIGHT_COUNT, out);
    buf_puts(out, ";r=");
    put_double(out, params->desired_retention);
    buf_printf(out, ";max=%d;learn=", params->maximum_interval_days);
    preset_format_steps(params->learning_steps_min, params->learning_step_count, out);
    buf_puts(out, ";relearn=");
    preset_format_steps(params->relearning_steps_min, params->relearning_step_count, out);
    buf_printf(out, ";short=%d;fuzz=%d", params->enable_short_term ? 1 : 0,
               params->enable_fuzz ? 1 : 0);
}

/* The value of `key` in a spec, copied into out; false if missing or too long. */
static bool spec_field(const char *spec, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);
    const char *p = spec;
    while (p && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
            size_t vlen = len - klen - 1;
            if (vlen >= cap)
                return false;
            memcpy(out, p + klen + 1, vlen);
            out[vlen] = '\0';
            return true;
        }
        if (len == klen + 1 && strncmp(p, key, klen) == 0 && p[klen] == '=') {
            out[0] = '\0';
            return true;
        }
        p = end ? end + 1 : NULL;
    }
    return false;
}

static bool parse_flag(const char *s, bool *out)
{
    if (strcmp(s, "0") == 0 || strcmp(s, "1") == 0) {
        *out = s[0] == '1';
        return true;
    }
    return false;
}

Err preset_spec_parse(const char *spec, FsrsParams *out)
{
    char w[1024], r[64], max[16], learn[256], relearn[256], st[4], fz[4];
    if (!spec_field(spec, "w", w, sizeof(w)) || !spec_field(spec, "r", r, sizeof(r)) ||
        !spec_field(spec, "max", max, sizeof(max)) ||
        !spec_field(spec, "learn", learn, sizeof(learn)) ||
        !spec_field(spec, "relearn", relearn, sizeof(relearn)) ||
        !spec_field(spec, "short", st, sizeof(st)) || !spec_field(spec, "fuzz", fz, sizeof(fz)))
        return ERR_PARSE;
    FsrsParams p = fsrs_params_default();
    double weights[FSRS_WEIGHT_COUNT];
    size_t nw = 0;
    const char *rp = r;
    char *end = NULL;
    long maxv = strtol(max, &end, 10);
    if (!parse_flag(st, &p.enable_short_term) || !parse_flag(fz, &p.enable_fuzz) ||
        !read_double(&rp, &p.desired_retention) || *rp || end == max || *end || maxv < 1 ||
        maxv > FSRS_MAX_INTERVAL)
        return ERR_PARSE;
    p.maximum_interval_days = (int32_t)maxv;
    if (preset_parse_steps(learn, p.learning_steps_min, &p.learning_step_count) ||
        preset_parse_steps(relearn, p.relearning_steps_min, &p.relearning_step_count) ||
        preset_parse_weights(w, weights, &nw) || nw != FSRS_WEIGHT_COUNT)
        return ERR_PARSE;
    /* The weights were stored after clipping, so this leaves them unchanged. */
    memcpy(p.w, weights, sizeof(weights));
    if (fsrs_params_update(&p))
        return ERR_PARSE;
    *out = p;
    return ERR_OK;
}
