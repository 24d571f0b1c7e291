/*
 * queue.c: ordering today's cards (see queue.h). Candidates are classified, sorted, cut
 * to each deck's limits in that sorted order (so a limit keeps the lowest retrievability
 * reviews and the first new cards), then merged.
 */
#include "core/queue.h"

#include "core/base.h"

#include <stdlib.h>
#include <string.h>

int32_t queue_left(int32_t per_day, int64_t done)
{
    if (done < 0)
        done = 0;
    int64_t left = (int64_t)per_day - done;
    return left > 0 ? (int32_t)left : 0;
}

typedef struct DeckRef {
    int64_t deck_id;
    size_t index; /* into the caller's decks */
} DeckRef;

static int cmp_deck_ref(const void *a, const void *b)
{
    const DeckRef *x = a, *y = b;
    return (x->deck_id > y->deck_id) - (x->deck_id < y->deck_id);
}

static const DeckRef *find_deck(const DeckRef *refs, size_t n, int64_t deck_id)
{
    DeckRef key = {deck_id, 0};
    return bsearch(&key, refs, n, sizeof(*refs), cmp_deck_ref);
}

/* The sort orders. Ties fall back to the due time and then the card id, so the order is
 * total and the same on every platform. */
enum { BY_DUE, BY_RETRIEVABILITY, BY_ID };

static inline bool before(const QueueItem *x, const QueueItem *y, int order)
{
    if (order != BY_DUE && x->focus != y->focus)
        return x->focus;
    if (order == BY_RETRIEVABILITY && x->retrievability != y->retrievability)
        return x->retrievability < y->retrievability;
    if (order != BY_ID && x->due_ms != y->due_ms)
        return x->due_ms < y->due_ms;
    return x->card_id < y->card_id;
}

/* A stable bottom-up merge sort with the comparison inlined: the queue sorts tens of
 * thousands of reviews each time it is built, and qsort's callback dominated that. */
static void sort_items(QueueItem *a, size_t n, int order)
{
    if (n < 2)
        return;
    QueueItem *tmp = xmalloc(n * sizeof(*tmp));
    QueueItem *src = a, *dst = tmp;
    /* Runs of 16 by insertion sort first. */
    for (size_t lo = 0; lo < n; lo += 16) {
        size_t hi = lo + 16 < n ? lo + 16 : n;
        for (size_t i = lo + 1; i < hi; i++) {
            QueueItem v = a[i];
            size_t j = i;
            for (; j > lo && before(&v, &a[j - 1], order); j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
    }
    for (size_t width = 16; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = before(&src[j], &src[i], order) ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        QueueItem *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof(*a));
    free(tmp);
}

typedef struct List {
    QueueItem *items;
    size_t count;
} List;

static void push(List *l, QueueItem item)
{
    /* Grows by doubling: count is a power of two exactly when the array is full. */
    if ((l->count & (l->count - 1)) == 0)
        l->items = xrealloc(l->items, (l->count ? l->count * 2 : 4) * sizeof(*l->items));
    l->items[l->count++] = item;
}

/* Keeps the items of l, in order, while their deck has some of `left` remaining. */
static void apply_limit(List *l, int32_t *left, QueueCounts *counts, QueueKind kind)
{
    size_t kept = 0;
    for (size_t i = 0; i < l->count; i++) {
        size_t d = l->items[i].deck_index;
        if (left && left[d] <= 0)
            continue;
        if (left)
            left[d]--;
        if (kind == QUEUE_LEARNING)
            counts[d].learning++;
        else if (kind == QUEUE_REVIEW)
            counts[d].review++;
        else
            counts[d].new_count++;
        l->items[kept++] = l->items[i];
    }
    l->count = kept;
}

void queue_build(const QueueCard *cards, size_t n, const QueueDeck *decks, size_t ndecks,
                 int64_t now_ms, const DayRule *rule, Queue *out)
{
    memset(out, 0, sizeof(*out));
    DeckRef *refs = xcalloc(ndecks + 1, sizeof(*refs));
    for (size_t i = 0; i < ndecks; i++)
        refs[i] = (DeckRef){decks[i].deck_id, i};
    qsort(refs, ndecks, sizeof(*refs), cmp_deck_ref);

    int64_t today = day_of(rule, now_ms);
    int64_t day_end_ms = day_start_ms(rule, today + 1);
    int64_t focus_end_ms = day_start_ms(rule, today + 1 + QUEUE_FOCUS_AHEAD_DAYS);
    int64_t learn_cutoff_ms = now_ms + QUEUE_LEARN_AHEAD_MS;
    List learning = {0}, review = {0}, fresh = {0};
    for (size_t i = 0; i < n; i++) {
        const QueueCard *c = &cards[i];
        if (c->suspended || c->retired || (c->buried_until_day != 0 && c->buried_until_day > today))
            continue;
        const DeckRef *ref = find_deck(refs, ndecks, c->deck_id);
        if (!ref)
            continue;
        QueueItem item = {c->card_id,     c->deck_id, ref->index, QUEUE_NEW,
                          c->fsrs.due_ms, 0.0,        c->focus};
        switch (c->fsrs.state) {
        case FSRS_STATE_LEARNING:
        case FSRS_STATE_RELEARNING:
            if (c->fsrs.due_ms <= learn_cutoff_ms) {
                item.kind = QUEUE_LEARNING;
                push(&learning, item);
            }
            break;
        case FSRS_STATE_REVIEW:
            if (c->fsrs.due_ms < (c->focus ? focus_end_ms : day_end_ms)) {
                item.kind = QUEUE_REVIEW;
                item.retrievability =
                    fsrs_retrievability(decks[ref->index].params, &c->fsrs, now_ms);
                push(&review, item);
            }
            break;
        case FSRS_STATE_NEW:
            push(&fresh, item);
            break;
        }
    }
    sort_items(learning.items, learning.count, BY_DUE);
    sort_items(review.items, review.count, BY_RETRIEVABILITY);
    sort_items(fresh.items, fresh.count, BY_ID);

    out->deck_count = ndecks;
    out->decks = xcalloc(ndecks + 1, sizeof(*out->decks));
    int32_t *reviews_left = xcalloc(ndecks + 1, sizeof(*reviews_left));
    int32_t *new_left = xcalloc(ndecks + 1, sizeof(*new_left));
    for (size_t i = 0; i < ndecks; i++) {
        out->decks[i].deck_id = decks[i].deck_id;
        reviews_left[i] = decks[i].reviews_left;
        new_left[i] = decks[i].new_left;
    }
    apply_limit(&learning, NULL, out->decks, QUEUE_LEARNING);
    apply_limit(&review, reviews_left, out->decks, QUEUE_REVIEW);
    apply_limit(&fresh, new_left, out->decks, QUEUE_NEW);

    /* Learning first, then the new cards spread evenly between the reviews: new card j
     * follows the first (j + 1) R / (N + 1) reviews. */
    size_t total = learning.count + review.count + fresh.count;
    out->items = xmalloc((total ? total : 1) * sizeof(*out->items));
    if (learning.count)
        memcpy(out->items, learning.items, learning.count * sizeof(QueueItem));
    size_t k = learning.count, ri = 0, nj = 0;
    const uint64_t r = review.count, nn = fresh.count;
    while (ri < review.count || nj < fresh.count) {
        bool take_new = nj < fresh.count && (uint64_t)ri >= (nj + 1) * r / (nn + 1);
        out->items[k++] = take_new ? fresh.items[nj++] : review.items[ri++];
    }
    out->count = total;
    free(learning.items);
    free(review.items);
    free(fresh.items);
    free(reviews_left);
    free(new_left);
    free(refs);
}

const QueueCounts *queue_counts(const Queue *q, int64_t deck_id)
{
    for (size_t i = 0; i < q->deck_count; i++)
        if (q->decks[i].deck_id == deck_id)
            return &q->decks[i];
    return NULL;
}

void queue_free(Queue *q)
{
    if (!q)
        return;
    free(q->items);
    free(q->decks);
    memset(q, 0, sizeof(*q));
}
