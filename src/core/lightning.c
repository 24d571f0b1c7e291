/*
 * lightning.c: lightning rounds (see lightning.h). Questions come from a splitmix64 stream
 * seeded by the caller, so a round is reproducible; the right option's position cycles
 * through balanced blocks of four so that no position is favoured.
 */
#include "core/lightning.h"

#include "core/str.h"

#include <stdlib.h>
#include <string.h>

/* ---- the pool ---------------------------------------------------------------------- */

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* Appends one line of Markdown as plain words: block marks at its start dropped,
 * emphasis and code marks removed, links reduced to their text. */
static void put_plain_line(Buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (i < n && (s[i] == '#' || s[i] == '>'))
        i++;
    if (i + 1 < n && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ')
        i += 2;
    size_t d = i;
    while (d < n && s[d] >= '0' && s[d] <= '9')
        d++;
    if (d > i && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ')
        i = d + 2;
    if (b->len > 0)
        buf_putc(b, ' ');
    for (; i < n; i++) {
        char c = s[i];
        if (c == '*' || c == '`')
            continue;
        if (c == '[') {
            /* [text](target): keep the text */
            const char *close = memchr(s + i, ']', n - i);
            if (close && (size_t)(close - s) + 1 < n && close[1] == '(') {
                const char *end = memchr(close, ')', n - (size_t)(close - s));
                if (end) {
                    buf_append(b, s + i + 1, (size_t)(close - s) - i - 1);
                    i = (size_t)(end - s);
                    continue;
                }
            }
        }
        buf_putc(b, c == '\t' || c == '\r' ? ' ' : c);
    }
}

/* Collapses runs of spaces and trims, in place. */
static void collapse(Buf *b)
{
    size_t w = 0;
    bool space = true;
    for (size_t r = 0; r < b->len; r++) {
        char c = b->data[r];
        if (c == ' ') {
            if (!space)
                b->data[w++] = ' ';
            space = true;
        } else {
            b->data[w++] = c;
            space = false;
        }
    }
    while (w > 0 && b->data[w - 1] == ' ')
        w--;
    b->len = w;
    if (b->data)
        b->data[w] = '\0';
}

/* Cuts b near max bytes at a space (else at a UTF-8 boundary) and appends "...". */
static void cut(Buf *b, size_t max)
{
    if (b->len <= max)
        return;
    size_t at = max;
    while (at > max / 2 && b->data[at] != ' ')
        at--;
    if (b->data[at] != ' ') {
        at = max;
        while (at > 0 && ((unsigned char)b->data[at] & 0xC0) == 0x80)
            at--;
    }
    while (at > 0 && (b->data[at - 1] == ' ' || b->data[at - 1] == ',' || b->data[at - 1] == ';' ||
                      b->data[at - 1] == ':'))
        at--;
    b->len = at;
    b->data[at] = '\0';
    buf_puts(b, "...");
}

char *lightning_describe(const char *back)
{
    Buf b = {0};
    const char *p = back ? back : "";
    bool fence = false, started = false;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        const char *t = p;
        while (t < p + n && (*t == ' ' || *t == '\t'))
            t++;
        bool is_fence =
            (size_t)(p + n - t) >= 3 && (memcmp(t, "```", 3) == 0 || memcmp(t, "~~~", 3) == 0);
        if (is_fence) {
            fence = !fence;
            if (started)
                break;
        } else if (fence || *t == '|' || *t == '<') {
            if (started)
                break; /* a code block, table or HTML ends the paragraph */
        } else if (blank(p, n)) {
            if (started)
                break;
        } else {
            put_plain_line(&b, p, n);
            started = true;
        }
        p += n + (nl ? 1 : 0);
    }
    collapse(&b);
    cut(&b, LIGHTNING_DESC_BYTES);
    return buf_take(&b);
}

bool lightning_pool_add(LightningPool *pool, const char *front, const char *back)
{
    if (!front)
        return false;
    Buf f = {0};
    buf_puts(&f, front);
    collapse(&f);
    char *desc = lightning_describe(back);
    if (f.len == 0 || desc[0] == '\0') {
        buf_free(&f);
        free(desc);
        return false;
    }
    pool->cards = xrealloc(pool->cards, (pool->count + 1) * sizeof(*pool->cards));
    pool->cards[pool->count++] = (LightningCard){buf_take(&f), desc};
    return true;
}

void lightning_pool_free(LightningPool *pool)
{
    for (size_t i = 0; i < pool->count; i++) {
        free(pool->cards[i].front);
        free(pool->cards[i].description);
    }
    free(pool->cards);
    pool->cards = NULL;
    pool->count = 0;
}

/* ---- questions --------------------------------------------------------------------- */

static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static size_t below(uint64_t *state, size_t n)
{
    return (size_t)(next_random(state) % n);
}

static void shuffle(size_t *a, size_t n, uint64_t *rng)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = below(rng, i);
        size_t t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

static const char *side(const LightningPool *pool, size_t card, bool description)
{
    return description ? pool->cards[card].description : pool->cards[card].front;
}

static size_t distinct(const LightningPool *pool, bool description)
{
    size_t count = 0;
    for (size_t i = 0; i < pool->count; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(side(pool, i, description), side(pool, j, description)) == 0;
        count += !seen;
    }
    return count;
}

/* Builds the question about `card`, or returns false when three distractors cannot be
 * found: cards whose option text differs from every other option and whose prompt side
 * differs from the prompt (else two options would be right). */
static bool build_one(const LightningPool *pool, size_t card, bool reverse, int correct,
                      size_t *cand, uint64_t *rng, LightningQuestion *q)
{
    const char *prompt = side(pool, card, !reverse);
    const char *answer = side(pool, card, reverse);
    size_t n = 0;
    for (size_t i = 0; i < pool->count; i++)
        if (strcmp(side(pool, i, reverse), answer) != 0 &&
            strcmp(side(pool, i, !reverse), prompt) != 0)
            cand[n++] = i;
    size_t picked[LIGHTNING_OPTIONS - 1];
    size_t got = 0;
    while (got < LIGHTNING_OPTIONS - 1 && n > 0) {
        size_t j = below(rng, n);
        size_t c = cand[j];
        cand[j] = cand[--n];
        bool dup = false;
        for (size_t k = 0; k < got && !dup; k++)
            dup = strcmp(side(pool, picked[k], reverse), side(pool, c, reverse)) == 0;
        if (!dup)
            picked[got++] = c;
    }
    if (got < LIGHTNING_OPTIONS - 1)
        return false;
    q->reverse = reverse;
    q->card = card;
    q->prompt = prompt;
    q->correct = correct;
    for (int i = 0, k = 0; i < LIGHTNING_OPTIONS; i++) {
        size_t c = i == correct ? card : picked[k++];
        q->options[i] = side(pool, c, reverse);
        q->option_cards[i] = c;
    }
    return true;
}

Err lightning_build(const LightningPool *pool, uint64_t seed, size_t count, LightningQuestion *out)
{
    if (distinct(pool, false) < LIGHTNING_OPTIONS || distinct(pool, true) < LIGHTNING_OPTIONS)
        return ERR_NOT_FOUND;
    uint64_t rng = seed;
    size_t n = pool->count;
    size_t *order = xmalloc(n * sizeof(*order));
    size_t *cand = xmalloc(n * sizeof(*cand));
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    shuffle(order, n, &rng);
    int positions[LIGHTNING_OPTIONS] = {0, 1, 2, 3};
    size_t pos = 0, failures = 0, last = SIZE_MAX;
    Err e = ERR_OK;
    for (size_t k = 0; k < count;) {
        if (pos == n) {
            shuffle(order, n, &rng);
            if (order[0] == last) { /* never the same card twice in a row */
                order[0] = order[n - 1];
                order[n - 1] = last;
            }
            pos = 0;
        }
        if (k % LIGHTNING_OPTIONS == 0 && failures == 0) {
            for (int i = 0; i < LIGHTNING_OPTIONS; i++)
                positions[i] = i;
            for (int i = LIGHTNING_OPTIONS; i > 1; i--) {
                int j = (int)below(&rng, (size_t)i);
                int t = positions[i - 1];
                positions[i - 1] = positions[j];
                positions[j] = t;
            }
        }
        size_t card = order[pos++];
        if (build_one(pool, card, k % 3 == 2, positions[k % LIGHTNING_OPTIONS], cand, &rng,
                      &out[k])) {
            last = card;
            failures = 0;
            k++;
        } else if (++failures > n) {
            e = ERR_NOT_FOUND; /* no card of this pool can be asked */
            break;
        }
    }
    free(order);
    free(cand);
    return e;
}

/* ---- a round ----------------------------------------------------------------------- */

struct LightningRound {
    uint64_t seed;
    LightningQuestion *questions;
    size_t count;
    size_t at; /* the current question */
    int64_t start_ms;
    int64_t duration_ms;
    int correct;
    int last_chosen;
};

Err lightning_start(const LightningPool *pool, uint64_t seed, int64_t now_ms, int64_t duration_ms,
                    LightningRound **out)
{
    *out = NULL;
    LightningRound *r = xcalloc(1, sizeof(*r));
    r->count = LIGHTNING_MAX_QUESTIONS;
    r->questions = xcalloc(r->count, sizeof(*r->questions));
    Err e = lightning_build(pool, seed, r->count, r->questions);
    if (e) {
        lightning_free(r);
        return e;
    }
    r->seed = seed;
    r->start_ms = now_ms;
    r->duration_ms = duration_ms > 0 ? duration_ms : 0;
    r->last_chosen = -1;
    *out = r;
    return ERR_OK;
}

void lightning_free(LightningRound *r)
{
    if (!r)
        return;
    free(r->questions);
    free(r);
}

bool lightning_over(const LightningRound *r, int64_t now_ms)
{
    return r->at >= r->count || now_ms - r->start_ms >= r->duration_ms;
}

const LightningQuestion *lightning_question(const LightningRound *r, int64_t now_ms)
{
    return lightning_over(r, now_ms) ? NULL : &r->questions[r->at];
}

int lightning_answer(LightningRound *r, int option, int64_t now_ms)
{
    if (lightning_over(r, now_ms) || option < 0 || option >= LIGHTNING_OPTIONS)
        return -1;
    bool right = option == r->questions[r->at].correct;
    r->correct += right;
    r->last_chosen = option;
    r->at++;
    return right ? 1 : 0;
}

const LightningQuestion *lightning_last(const LightningRound *r, int *chosen)
{
    *chosen = r->at > 0 ? r->last_chosen : -1;
    return r->at > 0 ? &r->questions[r->at - 1] : NULL;
}

int64_t lightning_remaining_ms(const LightningRound *r, int64_t now_ms)
{
    int64_t left = r->start_ms + r->duration_ms - now_ms;
    return left > 0 ? left : 0;
}

int64_t lightning_next_tick_ms(const LightningRound *r, int64_t now_ms)
{
    if (lightning_over(r, now_ms))
        return INT64_MAX;
    int64_t left = lightning_remaining_ms(r, now_ms);
    int64_t step = left % 1000;
    return now_ms + (step ? step : 1000);
}

void lightning_result(const LightningRound *r, int *answered, int *correct, int *score)
{
    *answered = (int)r->at;
    *correct = r->correct;
    int s = 10 * r->correct - 5 * ((int)r->at - r->correct);
    *score = s > 0 ? s : 0;
}

uint64_t lightning_seed(const LightningRound *r)
{
    return r->seed;
}
