/*
 * fsrs.c: FSRS-6 as ts-fsrs 5.4.2 computes it. Every rounding the reference does is
 * copied: r8() (Math.round(x * 1e8) / 1e8 with ties towards +inf), toFixed(8) in the
 * weight migration and retrievability, the order of floating-point operations, the
 * ordering of the Hard/Good/Easy intervals after the maximum clamp, and the fuzz from the
 * first output of an Alea generator seeded with the reference's seed string.
 * One review builds a Review context (elapsed days, R, shared powers) and evaluates only
 * the grades the requested answer depends on; nothing allocates.
 */
#include "core/fsrs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

static const double DEFAULT_W[FSRS_WEIGHT_COUNT] = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};

#define W17_W18_CEILING 2.0
#define FSRS5_DECAY     0.5
#define MINUTE_MS       60000LL

/* ---- JavaScript numerics ----------------------------------------------------------- */

/* Math.round: the nearest integer, ties towards +infinity. x - floor(x) is exact. */
static double js_round(double x)
{
    double f = floor(x);
    return f + ((x - f >= 0.5) ? 1.0 : 0.0);
}

/* ts-fsrs roundTo(x, 8). */
static double r8(double x)
{
    return js_round(x * 1e8) / 1e8;
}

/* Math.min(Math.max(v, lo), hi) for non-NaN v. */
static double clampd(double v, double lo, double hi)
{
    if (v < lo)
        v = lo;
    if (v > hi)
        v = hi;
    return v;
}

/* +x.toFixed(8) for |x| < 1e21: the decimal with 8 places nearest to the exact value of x,
 * ties away from zero, read back as a double. An exact tie needs x = (2n+1) / (2^9 5^8),
 * i.e. 512 x an integer; any other case is a correctly rounded %.8f. */
static double to_fixed8(double x)
{
    if (!isfinite(x))
        return x;
    if (fabs(x) < 1e6 && r8(x) == x)
        return x; /* already the double nearest to some k / 1e8: toFixed gives k back */
    double ax = fabs(x);
    double k512 = ax * 512.0;
    if (ax < 1e9 && k512 == floor(k512)) {
        int64_t k = (int64_t)k512;
        if (k % 2 != 0) {
            /* 1e8 x = k 390625 / 2, exactly halfway: take the larger magnitude. */
            double n = (double)((k * 390625 + 1) / 2);
            double v = n / 1e8;
            return x < 0 ? -v : v;
        }
    }
    char buf[64];
    snprintf(buf, sizeof(buf), "%.8f", x);
    return strtod(buf, NULL);
}

/* String(x) for a finite double, as ECMAScript Number::toString prints it: the shortest
 * digits that read back as x, plain notation for 1e-7 <= |x| < 1e21. */
static void js_number_string(double x, char *out, size_t cap)
{
    if (x == 0.0 || !isfinite(x)) {
        snprintf(out, cap, "%s",
                 x == 0.0 ? "0" : (isnan(x) ? "NaN" : (x > 0 ? "Infinity" : "-Infinity")));
        return;
    }
    char e[40];
    /* The smallest precision whose correctly rounded value reads back as x; a longer
     * precision never loses that property, so bisect over 1..17. */
    int lo = 1, hi = 17;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        snprintf(e, sizeof(e), "%.*e", mid - 1, x);
        if (strtod(e, NULL) == x)
            hi = mid;
        else
            lo = mid + 1;
    }
    snprintf(e, sizeof(e), "%.*e", lo - 1, x);
    /* e is "[-]d[.ddd]e[+-]XX": collect the digits and the exponent. */
    const char *p = e;
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    char digits[24];
    int k = 0;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[k++] = *p;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = '\0';
    int n = (*p == 'e') ? atoi(p + 1) + 1 : 1; /* x = 0.d1d2... x 10^n */
    /* Lay the digits out by hand: at most 1 + 21 + 1 + 6 + 17 characters. */
    char body[64];
    size_t len = 0;
    if (neg)
        body[len++] = '-';
    if (k <= n && n <= 21) {
        for (int j = 0; j < n; j++)
            body[len++] = j < k ? digits[j] : '0';
    } else if (0 < n && n <= 21) {
        for (int j = 0; j < k; j++) {
            if (j == n)
                body[len++] = '.';
            body[len++] = digits[j];
        }
    } else if (-6 < n && n <= 0) {
        body[len++] = '0';
        body[len++] = '.';
        for (int j = 0; j < -n; j++)
            body[len++] = '0';
        for (int j = 0; j < k; j++)
            body[len++] = digits[j];
    } else {
        body[len++] = digits[0];
        if (k > 1) {
            body[len++] = '.';
            for (int j = 1; j < k; j++)
                body[len++] = digits[j];
        }
        int ex = n - 1;
        len += (size_t)snprintf(body + len, sizeof(body) - len, "e%c%d", ex < 0 ? '-' : '+',
                                ex < 0 ? -ex : ex);
    }
    body[len] = '\0';
    if (cap > 0) {
        size_t m = len < cap - 1 ? len : cap - 1;
        memcpy(out, body, m);
        out[m] = '\0';
    }
}

/* ---- Alea (Baagoe), as ts-fsrs ships it --------------------------------------------- */

/* ToUint32 of a non-negative finite double. */
static double to_uint32(double x)
{
    double t = fmod(trunc(x), 4294967296.0);
    return t < 0 ? t + 4294967296.0 : t;
}

static double mash(double *n, const char *data)
{
    for (const unsigned char *c = (const unsigned char *)data; *c; c++) {
        *n += (double)*c;
        double h = 0.02519603282416938 * *n;
        *n = to_uint32(h);
        h -= *n;
        h *= *n;
        *n = to_uint32(h);
        h -= *n;
        *n += h * 4294967296.0;
    }
    return to_uint32(*n) * 2.3283064365386963e-10;
}

/* The first output of alea(seed): only s0 enters it, but the three mash(" ") calls still
 * advance the shared Mash state before the seed is hashed. */
static double alea_first(const char *seed)
{
    double n = 4022871197.0;
    double s0 = mash(&n, " ");
    mash(&n, " ");
    mash(&n, " ");
    s0 -= mash(&n, seed);
    if (s0 < 0)
        s0 += 1;
    double t = 2091639.0 * s0 + 1.0 * 2.3283064365386963e-10; /* c = 1 */
    return t - trunc(t);
}

/* ---- parameters --------------------------------------------------------------------- */

/* ts-fsrs CLAMP_PARAMETERS with the w17/w18 ceiling for the relearning step count. */
static void clip_ranges(size_t relearning_steps, bool short_term, const double *w,
                        double lo[FSRS_WEIGHT_COUNT], double hi[FSRS_WEIGHT_COUNT])
{
    static const double LO[FSRS_WEIGHT_COUNT] = {0.001, 0.001, 0.001, 0.001, 1.0,   0.001, 0.001,
                                                 0.001, 0.0,   0.0,   0.001, 0.001, 0.001, 0.001,
                                                 0.0,   0.0,   1.0,   0.0,   0.0,   0.01,  0.1};
    static const double HI[FSRS_WEIGHT_COUNT] = {100.0, 100.0, 100.0, 100.0, 10.0, 4.0,  4.0,
                                                 0.75,  4.5,   0.8,   3.5,   5.0,  0.25, 0.9,
                                                 4.0,   1.0,   6.0,   2.0,   2.0,  0.8,  0.8};
    memcpy(lo, LO, sizeof(LO));
    memcpy(hi, HI, sizeof(HI));
    if (!short_term)
        lo[19] = 0.0;
    if (relearning_steps > 1) {
        /* Keep w17 w18 small enough that the same-day relearning reviews after a lapse
         * cannot lift S back above its pre-lapse value (ts-fsrs clipParameters). */
        double w11 = clampd(w[11], lo[11], hi[11]);
        double w13 = clampd(w[13], lo[13], hi[13]);
        double w14 = clampd(w[14], lo[14], hi[14]);
        double value =
            -(log(w11) + log(pow(2.0, w13) - 1.0) + w14 * 0.3) / (double)relearning_steps;
        double ceiling = clampd(r8(sqrt(value > 0 ? value : 0)), 0.01, W17_W18_CEILING);
        hi[17] = ceiling;
        hi[18] = ceiling;
    }
}

/* Clips the first n weights (n = 17, 19 or 21), the way clipParameters slices its table. */
static void clip_weights(double *w, size_t n, size_t relearning_steps, bool short_term)
{
    double lo[FSRS_WEIGHT_COUNT], hi[FSRS_WEIGHT_COUNT];
    double full[FSRS_WEIGHT_COUNT] = {0};
    memcpy(full, w, n * sizeof(double));
    clip_ranges(relearning_steps, short_term, full, lo, hi);
    for (size_t i = 0; i < n; i++)
        w[i] = clampd(w[i], lo[i], hi[i]);
}

static void derive(const FsrsParams *p, FsrsDerived *d)
{
    const double *w = p->w;
    memcpy(d->key_w, w, sizeof(d->key_w));
    d->key_retention = p->desired_retention;
    d->key_relearning_count = p->relearning_step_count;
    d->key_short_term = p->enable_short_term;
    d->decay = -w[20];
    /* Math.pow(decay, -1) is 1 / decay in V8. */
    d->factor = r8(exp((1.0 / d->decay) * log(0.9)) - 1.0);
    d->ivl_modifier = r8((pow(p->desired_retention, 1.0 / d->decay) - 1.0) / d->factor);
    d->exp_w8 = exp(w[8]);
    d->d0[0] = d->st_gain[0] = 0.0;
    for (int g = 1; g <= 4; g++) {
        d->d0[g] = r8(w[4] - exp((double)(g - 1) * w[5]) + 1.0);
        d->st_gain[g] = exp(w[17] * ((double)(g - 3) + w[18]));
    }
    /* With short-term off the reference zeroes w17 w18 here: e^0 = 1, so the cap is S. */
    d->lapse_div = p->enable_short_term ? exp(w[17] * w[18]) : 1.0;
    d->valid = true;
}

/* True if the cache was computed from the current weights, retention and switches (and
 * those were validated then). */
static bool derived_current(const FsrsParams *p)
{
    const FsrsDerived *d = &p->derived;
    return d->valid && d->key_retention == p->desired_retention &&
           d->key_short_term == p->enable_short_term &&
           d->key_relearning_count == p->relearning_step_count &&
           memcmp(d->key_w, p->w, sizeof(d->key_w)) == 0;
}

static bool steps_valid(const int32_t *steps, size_t n)
{
    if (n > FSRS_MAX_STEPS)
        return false;
    for (size_t i = 0; i < n; i++)
        if (steps[i] < 0 || steps[i] > FSRS_MAX_STEP_MIN)
            return false;
    return true;
}

static bool params_valid(const FsrsParams *p)
{
    if (!(p->desired_retention > 0.0 && p->desired_retention <= 1.0))
        return false;
    if (p->maximum_interval_days < 1 || p->maximum_interval_days > FSRS_MAX_INTERVAL)
        return false;
    if (!steps_valid(p->learning_steps_min, p->learning_step_count) ||
        !steps_valid(p->relearning_steps_min, p->relearning_step_count))
        return false;
    double lo[FSRS_WEIGHT_COUNT], hi[FSRS_WEIGHT_COUNT];
    clip_ranges(p->relearning_step_count, p->enable_short_term, p->w, lo, hi);
    for (int i = 0; i < FSRS_WEIGHT_COUNT; i++) {
        /* w19 may keep the 0 of a set clipped with short-term off. */
        double low = i == 19 ? 0.0 : lo[i];
        if (!isfinite(p->w[i]) || p->w[i] < low || p->w[i] > hi[i])
            return false;
    }
    return true;
}

Err fsrs_params_update(FsrsParams *params)
{
    if (!params_valid(params)) {
        params->derived.valid = false;
        return ERR_PARSE;
    }
    derive(params, &params->derived);
    return ERR_OK;
}

FsrsParams fsrs_params_default(void)
{
    FsrsParams p;
    memset(&p, 0, sizeof(p));
    memcpy(p.w, DEFAULT_W, sizeof(DEFAULT_W));
    p.desired_retention = 0.9;
    p.maximum_interval_days = FSRS_MAX_INTERVAL;
    p.learning_steps_min[0] = 1;
    p.learning_steps_min[1] = 10;
    p.learning_step_count = 2;
    p.relearning_steps_min[0] = 10;
    p.relearning_step_count = 1;
    p.enable_short_term = true;
    p.enable_fuzz = false;
    derive(&p, &p.derived);
    return p;
}

Err fsrs_params_set_weights(FsrsParams *params, const double *w, size_t n)
{
    if (!w || (n != 17 && n != 19 && n != 21))
        return ERR_PARSE;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(w[i]))
            return ERR_PARSE;
    double v[FSRS_WEIGHT_COUNT];
    memcpy(v, w, n * sizeof(double));
    size_t rl = params->relearning_step_count;
    bool st = params->enable_short_term;
    clip_weights(v, n, rl, st);
    if (n == 19) {
        v[19] = 0.0;
        v[20] = FSRS5_DECAY;
    } else if (n == 17) {
        /* FSRS-4.5 -> FSRS-5: D0 moves from "Good" to "Again" and its spread to a log. */
        v[4] = to_fixed8(v[5] * 2.0 + v[4]);
        v[5] = to_fixed8(log(v[5] * 3.0 + 1.0) / 3.0);
        v[6] = to_fixed8(v[6] + 0.5);
        v[17] = v[18] = v[19] = 0.0;
        v[20] = FSRS5_DECAY;
    }
    clip_weights(v, FSRS_WEIGHT_COUNT, rl, st);
    double old[FSRS_WEIGHT_COUNT];
    memcpy(old, params->w, sizeof(old));
    memcpy(params->w, v, sizeof(v));
    Err err = fsrs_params_update(params);
    if (err != ERR_OK) {
        memcpy(params->w, old, sizeof(old));
        fsrs_params_update(params);
    }
    return err;
}

Err fsrs_parse_step(const char *step, int32_t *out_minutes)
{
    if (!step || !(*step >= '0' && *step <= '9'))
        return ERR_PARSE;
    int64_t value = 0;
    const char *p = step;
    for (; *p >= '0' && *p <= '9'; p++) {
        value = value * 10 + (*p - '0');
        if (value > FSRS_MAX_STEP_MIN)
            return ERR_PARSE;
    }
    int64_t scale;
    switch (*p) {
    case 'm':
        scale = 1;
        break;
    case 'h':
        scale = 60;
        break;
    case 'd':
        scale = 1440;
        break;
    default:
        return ERR_PARSE;
    }
    if (p[1] != '\0' || value * scale > FSRS_MAX_STEP_MIN)
        return ERR_PARSE;
    *out_minutes = (int32_t)(value * scale);
    return ERR_OK;
}

static Err set_steps(FsrsParams *params, bool relearning, const char *const *steps, size_t n)
{
    if (n > FSRS_MAX_STEPS || (n > 0 && !steps))
        return ERR_PARSE;
    int32_t parsed[FSRS_MAX_STEPS];
    for (size_t i = 0; i < n; i++)
        if (fsrs_parse_step(steps[i], &parsed[i]) != ERR_OK)
            return ERR_PARSE;
    int32_t *dst = relearning ? params->relearning_steps_min : params->learning_steps_min;
    size_t *count = relearning ? &params->relearning_step_count : &params->learning_step_count;
    memcpy(dst, parsed, n * sizeof(int32_t));
    *count = n;
    /* More relearning steps lower the w17/w18 ceiling: keep the weights inside it. */
    if (relearning)
        clip_weights(params->w, FSRS_WEIGHT_COUNT, n, params->enable_short_term);
    return fsrs_params_update(params);
}

Err fsrs_params_set_learning_steps(FsrsParams *params, const char *const *steps, size_t n)
{
    return set_steps(params, false, steps, n);
}

Err fsrs_params_set_relearning_steps(FsrsParams *params, const char *const *steps, size_t n)
{
    return set_steps(params, true, steps, n);
}

/* ---- the model ---------------------------------------------------------------------- */

const char *fsrs_state_name(FsrsState state)
{
    switch (state) {
    case FSRS_STATE_NEW:
        return "New";
    case FSRS_STATE_LEARNING:
        return "Learning";
    case FSRS_STATE_REVIEW:
        return "Review";
    case FSRS_STATE_RELEARNING:
        return "Relearning";
    }
    return "?";
}

FsrsCard fsrs_card_new(int64_t now_ms)
{
    FsrsCard c;
    memset(&c, 0, sizeof(c));
    c.state = FSRS_STATE_NEW;
    c.due_ms = now_ms;
    return c;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

int64_t fsrs_elapsed_days(int64_t last_ms, int64_t now_ms)
{
    return floor_div(now_ms, FSRS_DAY_MS) - floor_div(last_ms, FSRS_DAY_MS);
}

/* forgetting_curve(t, s) */
static double curve(const FsrsDerived *d, double t, double s)
{
    return r8(pow(1.0 + (d->factor * t) / s, d->decay));
}

double fsrs_retrievability(const FsrsParams *params, const FsrsCard *card, int64_t now_ms)
{
    if (card->state == FSRS_STATE_NEW)
        return 0.0;
    double s = to_fixed8(card->stability);
    if (!isfinite(s) || !(s > 0.0))
        return 0.0;
    FsrsDerived local;
    const FsrsDerived *d = &params->derived;
    if (!derived_current(params)) {
        if (!params_valid(params))
            return 0.0;
        derive(params, &local);
        d = &local;
    }
    int64_t t = floor_div(now_ms - card->last_review_ms, FSRS_DAY_MS);
    if (t < 0)
        t = 0;
    return curve(d, (double)t, s);
}

void fsrs_fuzz_seed(const FsrsCard *card, int64_t now_ms, char *out, size_t cap)
{
    char mul[40];
    js_number_string(card->difficulty * card->stability, mul, sizeof(mul));
    snprintf(out, cap, "%lld_%lld_%s", (long long)now_ms, (long long)card->reps + 1, mul);
}

/* One review in progress: the card before it, the elapsed days, and lazily computed
 * values shared between the grades. */
typedef struct Review {
    const FsrsParams *p;
    const FsrsDerived *d;
    const FsrsCard *card;
    int64_t now_ms;
    int64_t seed_ms; /* the review time the fuzz seed names (now_ms unless told) */
    int32_t t;
    bool init;     /* S = D = 0: first rating */
    bool same_day; /* t = 0 with short-term on */
    bool have_r, have_recall, have_st_pow, have_fuzz;
    double r;           /* R(t, S) */
    double recall_base; /* e^w8 (11 - D) S^-w9 (e^(w10 (1 - R)) - 1) */
    double st_pow;      /* S^-w19 */
    double fuzz_u;
    bool have_s[5], have_ivl[5];
    double s_next[5];
    int32_t ivl[5];
} Review;

static double review_r(Review *rv)
{
    if (!rv->have_r) {
        rv->r = curve(rv->d, (double)rv->t, rv->card->stability);
        rv->have_r = true;
    }
    return rv->r;
}

static double next_stability(Review *rv, int g)
{
    if (rv->have_s[g])
        return rv->s_next[g];
    const double *w = rv->p->w;
    double s = rv->card->stability;
    double d = rv->card->difficulty;
    double out;
    if (rv->init) {
        out = w[g - 1] > 0.1 ? w[g - 1] : 0.1;
    } else if (rv->same_day) {
        if (!rv->have_st_pow) {
            rv->st_pow = pow(s, -w[19]);
            rv->have_st_pow = true;
        }
        double sinc = rv->st_pow * rv->d->st_gain[g];
        double masked = (g >= FSRS_HARD && sinc < 1.0) ? 1.0 : sinc;
        out = r8(clampd(s * masked, FSRS_S_MIN, FSRS_S_MAX));
    } else if (g == FSRS_AGAIN) {
        double r = review_r(rv);
        double after_fail =
            r8(clampd(w[11] * pow(d, -w[12]) * (pow(s + 1.0, w[13]) - 1.0) * exp((1.0 - r) * w[14]),
                      FSRS_S_MIN, FSRS_S_MAX));
        double floor_s = r8(s / rv->d->lapse_div);
        out = clampd(floor_s, FSRS_S_MIN, after_fail);
    } else {
        if (!rv->have_recall) {
            double r = review_r(rv);
            rv->recall_base =
                rv->d->exp_w8 * (11.0 - d) * pow(s, -w[9]) * (exp((1.0 - r) * w[10]) - 1.0);
            rv->have_recall = true;
        }
        double hard = g == FSRS_HARD ? w[15] : 1.0;
        double easy = g == FSRS_EASY ? w[16] : 1.0;
        out = r8(clampd(s * (1.0 + rv->recall_base * hard * easy), FSRS_S_MIN, FSRS_S_MAX));
    }
    rv->s_next[g] = out;
    rv->have_s[g] = true;
    return out;
}

static double next_difficulty(const Review *rv, int g)
{
    const double *w = rv->p->w;
    if (rv->init)
        return clampd(rv->d->d0[g], 1.0, 10.0);
    double d = rv->card->difficulty;
    double delta = -w[6] * (double)(g - 3);
    double next = d + r8((delta * (10.0 - d)) / 9.0);
    double reverted = r8(w[7] * rv->d->d0[FSRS_EASY] + (1.0 - w[7]) * next);
    return clampd(reverted, 1.0, 10.0);
}

static double fuzz_factor(Review *rv)
{
    if (!rv->have_fuzz) {
        char seed[64];
        fsrs_fuzz_seed(rv->card, rv->seed_ms, seed, sizeof(seed));
        rv->fuzz_u = alea_first(seed);
        rv->have_fuzz = true;
    }
    return rv->fuzz_u;
}

/* next_interval(S', t) with apply_fuzz and get_fuzz_range. */
static int32_t interval_for(Review *rv, double s)
{
    const FsrsParams *p = rv->p;
    double max_ivl = (double)p->maximum_interval_days;
    double ivl = js_round(s * rv->d->ivl_modifier);
    if (ivl < 1.0)
        ivl = 1.0;
    if (ivl > max_ivl)
        ivl = max_ivl;
    if (!p->enable_fuzz || ivl < 2.5)
        return (int32_t)ivl;
    double u = fuzz_factor(rv);
    double delta = 1.0;
    delta += 0.15 * fmax(fmin(ivl, 7.0) - 2.5, 0.0);
    delta += 0.1 * fmax(fmin(ivl, 20.0) - 7.0, 0.0);
    delta += 0.05 * fmax(ivl - 20.0, 0.0);
    double lo = fmax(2.0, js_round(ivl - delta));
    double hi = fmin(js_round(ivl + delta), max_ivl);
    double elapsed = (double)rv->t;
    if (ivl > elapsed)
        lo = fmax(lo, elapsed + 1.0);
    lo = fmin(lo, hi);
    return (int32_t)floor(u * (hi - lo + 1.0) + lo);
}

static int32_t grade_interval(Review *rv, int g)
{
    if (!rv->have_ivl[g]) {
        rv->ivl[g] = interval_for(rv, next_stability(rv, g));
        rv->have_ivl[g] = true;
    }
    return rv->ivl[g];
}

static void set_days(FsrsCard *out, int64_t now_ms, int32_t days)
{
    out->state = FSRS_STATE_REVIEW;
    out->learning_steps = 0;
    out->scheduled_days = days;
    out->due_ms = now_ms + (int64_t)days * FSRS_DAY_MS;
}

/* BasicLearningStepsStrategy + applyLearningSteps. */
static void apply_steps(Review *rv, int g, FsrsState to_state, FsrsCard *out)
{
    const FsrsParams *p = rv->p;
    const FsrsCard *c = rv->card;
    bool relearn = c->state == FSRS_STATE_RELEARNING || c->state == FSRS_STATE_REVIEW;
    const int32_t *steps = relearn ? p->relearning_steps_min : p->learning_steps_min;
    int32_t n = (int32_t)(relearn ? p->relearning_step_count : p->learning_step_count);
    int32_t cur = c->learning_steps;
    double minutes = 0.0;
    int32_t next_step = 0;
    if (n > 0 && cur < n) {
        if (c->state == FSRS_STATE_REVIEW) {
            if (g == FSRS_AGAIN)
                minutes = steps[cur];
        } else if (g == FSRS_AGAIN) {
            minutes = steps[0];
        } else if (g == FSRS_HARD) {
            minutes = n == 1 ? js_round(steps[0] * 1.5) : js_round((steps[0] + steps[1]) / 2.0);
            next_step = cur;
        } else if (g == FSRS_GOOD && cur + 1 < n && steps[cur + 1] != 0) {
            minutes = steps[cur + 1];
            next_step = cur + 1;
        }
    }
    if (minutes > 0.0 && minutes < 1440.0) {
        out->learning_steps = next_step;
        out->scheduled_days = 0;
        out->state = to_state;
        out->due_ms = rv->now_ms + (int64_t)minutes * MINUTE_MS;
    } else if (minutes >= 1440.0) {
        out->state = FSRS_STATE_REVIEW;
        out->learning_steps = next_step;
        out->due_ms = rv->now_ms + (int64_t)minutes * MINUTE_MS;
        out->scheduled_days = (int32_t)floor(minutes / 1440.0);
    } else {
        set_days(out, rv->now_ms, grade_interval(rv, g));
    }
}

/* The card after grade g when the answers are ordered against each other: Review cards,
 * and every card in long-term mode. */
static void review_outcome(Review *rv, int g, FsrsCard *out)
{
    if (!rv->p->enable_short_term) {
        /* LongTermScheduler: four ordered intervals, everything goes to Review. */
        int32_t again = grade_interval(rv, FSRS_AGAIN);
        int32_t hard = grade_interval(rv, FSRS_HARD);
        if (again > hard)
            again = hard;
        if (hard < again + 1)
            hard = again + 1;
        int32_t ivl = g == FSRS_AGAIN ? again : hard;
        if (g >= FSRS_GOOD) {
            int32_t good = grade_interval(rv, FSRS_GOOD);
            if (good < hard + 1)
                good = hard + 1;
            ivl = good;
            if (g == FSRS_EASY) {
                int32_t easy = grade_interval(rv, FSRS_EASY);
                ivl = easy < good + 1 ? good + 1 : easy;
            }
        }
        set_days(out, rv->now_ms, ivl);
        if (g == FSRS_AGAIN && rv->card->state != FSRS_STATE_NEW)
            out->lapses += 1;
        return;
    }
    if (g == FSRS_AGAIN) {
        apply_steps(rv, g, FSRS_STATE_RELEARNING, out);
        out->lapses += 1;
        return;
    }
    int32_t hard = grade_interval(rv, FSRS_HARD);
    int32_t good = grade_interval(rv, FSRS_GOOD);
    if (hard > good)
        hard = good;
    if (good < hard + 1)
        good = hard + 1;
    int32_t ivl = g == FSRS_HARD ? hard : good;
    if (g == FSRS_EASY) {
        int32_t easy = grade_interval(rv, FSRS_EASY);
        ivl = easy < good + 1 ? good + 1 : easy;
    }
    set_days(out, rv->now_ms, ivl);
}

static bool card_valid(const FsrsCard *c)
{
    if (c->state < FSRS_STATE_NEW || c->state > FSRS_STATE_RELEARNING)
        return false;
    if (!isfinite(c->stability) || !isfinite(c->difficulty))
        return false;
    if (c->learning_steps < 0 || c->reps < 0 || c->lapses < 0 || c->reps == INT32_MAX ||
        c->lapses == INT32_MAX)
        return false;
    if (c->last_review_ms < -FSRS_TIME_LIMIT_MS || c->last_review_ms > FSRS_TIME_LIMIT_MS)
        return false;
    return true;
}

/* Validates the inputs and fills the shared part of a review. */
static Err review_begin(Review *rv, FsrsDerived *local, const FsrsParams *p, const FsrsCard *card,
                        int64_t now_ms, int64_t seed_ms)
{
    memset(rv, 0, sizeof(*rv));
    if (!card_valid(card) || now_ms < -FSRS_TIME_LIMIT_MS || now_ms > FSRS_TIME_LIMIT_MS)
        return ERR_PARSE;
    if (derived_current(p)) {
        rv->d = &p->derived;
    } else {
        if (!params_valid(p))
            return ERR_PARSE;
        derive(p, local);
        rv->d = local;
    }
    /* Fields outside the cache key may have been edited since fsrs_params_update(). */
    if (p->maximum_interval_days < 1 || p->maximum_interval_days > FSRS_MAX_INTERVAL ||
        !steps_valid(p->learning_steps_min, p->learning_step_count) ||
        !steps_valid(p->relearning_steps_min, p->relearning_step_count))
        return ERR_PARSE;
    int64_t t = 0;
    if (card->state != FSRS_STATE_NEW) {
        t = fsrs_elapsed_days(card->last_review_ms, now_ms);
        if (t < 0)
            return ERR_PARSE;
    }
    rv->p = p;
    rv->card = card;
    rv->now_ms = now_ms;
    rv->seed_ms = seed_ms;
    rv->t = (int32_t)t;
    rv->init = card->difficulty == 0.0 && card->stability == 0.0;
    if (!rv->init && (card->difficulty < 1.0 || card->stability < FSRS_S_MIN))
        return ERR_PARSE;
    rv->same_day = t == 0 && p->enable_short_term;
    return ERR_OK;
}

static void outcome(Review *rv, int g, FsrsCard *out)
{
    const FsrsCard *c = rv->card;
    *out = *c;
    out->last_review_ms = rv->now_ms;
    out->elapsed_days = rv->t;
    out->reps = c->reps + 1;
    out->stability = next_stability(rv, g);
    out->difficulty = next_difficulty(rv, g);
    switch (c->state) {
    case FSRS_STATE_NEW:
        if (rv->p->enable_short_term)
            apply_steps(rv, g, FSRS_STATE_LEARNING, out);
        else
            review_outcome(rv, g, out);
        break;
    case FSRS_STATE_LEARNING:
    case FSRS_STATE_RELEARNING:
        if (rv->p->enable_short_term)
            apply_steps(rv, g, c->state, out);
        else
            review_outcome(rv, g, out);
        break;
    case FSRS_STATE_REVIEW:
        review_outcome(rv, g, out);
        break;
    }
}

Err fsrs_next_seeded(const FsrsParams *params, const FsrsCard *card, int64_t now_ms,
                     int64_t seed_ms, int rating, FsrsCard *out)
{
    if (rating < FSRS_AGAIN || rating > FSRS_EASY)
        return ERR_PARSE;
    Review rv;
    FsrsDerived local;
    Err err = review_begin(&rv, &local, params, card, now_ms, seed_ms);
    if (err != ERR_OK)
        return err;
    FsrsCard result;
    outcome(&rv, rating, &result);
    *out = result;
    return ERR_OK;
}

Err fsrs_next(const FsrsParams *params, const FsrsCard *card, int64_t now_ms, int rating,
              FsrsCard *out)
{
    return fsrs_next_seeded(params, card, now_ms, now_ms, rating, out);
}

Err fsrs_next_all_seeded(const FsrsParams *params, const FsrsCard *card, int64_t now_ms,
                         int64_t seed_ms, FsrsCard out[4])
{
    Review rv;
    FsrsDerived local;
    Err err = review_begin(&rv, &local, params, card, now_ms, seed_ms);
    if (err != ERR_OK)
        return err;
    FsrsCard result[4];
    for (int g = FSRS_AGAIN; g <= FSRS_EASY; g++)
        outcome(&rv, g, &result[g - 1]);
    memcpy(out, result, sizeof(result));
    return ERR_OK;
}

Err fsrs_next_all(const FsrsParams *params, const FsrsCard *card, int64_t now_ms, FsrsCard out[4])
{
    return fsrs_next_all_seeded(params, card, now_ms, now_ms, out);
}

/* ---- display ------------------------------------------------------------------------ */

void fsrs_format_interval(int64_t seconds, char *out, size_t cap)
{
    if (cap == 0)
        return;
    /* Anki's natural_span: the largest unit the delay reaches. */
    static const double MINUTE = 60.0, HOUR = 3600.0, DAY = 86400.0;
    static const double YEAR = 365.0 * 86400.0, MONTH = 365.0 * 86400.0 / 12.0;
    double secs = (double)seconds;
    double mag = fabs(secs);
    double amount;
    const char *unit;
    bool decimal = false;
    if (mag < MINUTE) {
        amount = secs;
        unit = "s";
    } else if (mag < HOUR) {
        amount = secs / MINUTE;
        unit = "m";
    } else if (mag < DAY) {
        amount = secs / HOUR;
        unit = "h";
        decimal = true;
    } else if (mag < MONTH) {
        amount = secs / DAY;
        unit = "d";
    } else if (mag < YEAR) {
        amount = secs / MONTH;
        unit = "mo";
        decimal = true;
    } else {
        amount = secs / YEAR;
        unit = "y";
        decimal = true;
    }
    /* Rust's round(): halves away from zero. */
    double shown = decimal ? round(amount * 10.0) / 10.0 : round(amount);
    if (shown == 0.0)
        shown = 0.0; /* no "-0" */
    if (shown == floor(shown))
        snprintf(out, cap, "%.0f%s", shown, unit);
    else
        snprintf(out, cap, "%.1f%s", shown, unit);
}
