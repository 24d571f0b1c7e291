/*
 * test_queue.c: today's queue as pure logic (core/queue): learning first with the 20-minute
 * learn-ahead, reviews due by the end of the study day by ascending retrievability, new
 * cards in card order spread between the reviews, each deck's daily limits, and buried,
 * suspended, retired cards and unlisted decks left out.
 */
#include "test_support.h"

#include "core/queue.h"

#define NOW_MS 1710064800000LL /* 2024-03-10 10:00:00 UTC */
#define MIN_MS 60000LL

static FsrsParams params;
static DayRule rule;

static int setup(void **state)
{
    (void)state;
    params = fsrs_params_default();
    assert_int_equal(fsrs_params_update(&params), ERR_OK);
    assert_int_equal(day_rule_make(0, 4, &rule), ERR_OK);
    return 0;
}

static QueueCard learning(int64_t id, int64_t deck, int64_t due_ms, FsrsState state)
{
    QueueCard c = {.card_id = id, .deck_id = deck};
    c.fsrs = fsrs_card_new(0);
    c.fsrs.state = state;
    c.fsrs.stability = 1.0;
    c.fsrs.difficulty = 5.0;
    c.fsrs.due_ms = due_ms;
    c.fsrs.last_review_ms = due_ms - 10 * MIN_MS;
    return c;
}

/* A review card last seen `ago_days` ago with stability s, due `due_ms`. */
static QueueCard review(int64_t id, int64_t deck, double s, int64_t ago_days, int64_t due_ms)
{
    QueueCard c = learning(id, deck, due_ms, FSRS_STATE_REVIEW);
    c.fsrs.stability = s;
    c.fsrs.last_review_ms = NOW_MS - ago_days * DAY_MS;
    return c;
}

static QueueCard fresh(int64_t id, int64_t deck)
{
    QueueCard c = {.card_id = id, .deck_id = deck};
    c.fsrs = fsrs_card_new(0);
    return c;
}

static QueueDeck deck(int64_t id, int32_t new_left, int32_t reviews_left)
{
    return (QueueDeck){id, new_left, reviews_left, &params};
}

static void assert_order(const Queue *q, const int64_t *ids, size_t n)
{
    if (q->count != n)
        fail_msg("queue has %zu cards, expected %zu", q->count, n);
    for (size_t i = 0; i < n; i++)
        if (q->items[i].card_id != ids[i])
            fail_msg("position %zu: card %lld, expected %lld", i, (long long)q->items[i].card_id,
                     (long long)ids[i]);
}

static void test_learning_first_with_learn_ahead(void **state)
{
    (void)state;
    QueueCard cards[] = {
        review(1, 1, 5.0, 5, NOW_MS - DAY_MS),
        learning(2, 1, NOW_MS + 10 * MIN_MS, FSRS_STATE_LEARNING),
        learning(3, 1, NOW_MS + 25 * MIN_MS, FSRS_STATE_LEARNING), /* beyond learn-ahead */
        learning(4, 1, NOW_MS - 5 * MIN_MS, FSRS_STATE_LEARNING),
        learning(5, 1, NOW_MS - 60 * MIN_MS, FSRS_STATE_RELEARNING),
        learning(6, 1, NOW_MS + 20 * MIN_MS, FSRS_STATE_LEARNING), /* exactly at the limit */
        fresh(7, 1),
    };
    QueueDeck decks[] = {deck(1, 20, 200)};
    Queue q;
    queue_build(cards, ARRAY_LEN(cards), decks, 1, NOW_MS, &rule, &q);
    static const int64_t ORDER[] = {5, 4, 2, 6, 7, 1};
    /* one review and one new card: the new card goes after floor(1 * 1 / 2) = 0 reviews */
    assert_order(&q, ORDER, ARRAY_LEN(ORDER));
    assert_int_equal(q.items[0].kind, QUEUE_LEARNING);
    assert_int_equal(q.items[4].kind, QUEUE_NEW);
    assert_int_equal(q.items[5].kind, QUEUE_REVIEW);
    const QueueCounts *c = queue_counts(&q, 1);
    assert_non_null(c);
    assert_int_equal(c->learning, 4);
    assert_int_equal(c->review, 1);
    assert_int_equal(c->new_count, 1);
    assert_null(queue_counts(&q, 2));
    queue_free(&q);
}

static void test_reviews_by_ascending_retrievability_due_today(void **state)
{
    (void)state;
    /* the study day (rollover 04:00 UTC) ends at 2024-03-11 04:00 UTC */
    int64_t day_end = NOW_MS + 18 * 3600000LL;
    QueueCard cards[] = {
        review(1, 1, 10.0, 10, NOW_MS),              /* R = 0.9 */
        review(2, 1, 2.0, 30, NOW_MS - 28 * DAY_MS), /* long overdue: lowest R */
        review(3, 1, 100.0, 100, NOW_MS),            /* R = 0.9, due earlier than 1? same due */
        review(4, 1, 50.0, 20, day_end - 1),         /* due later today: R high */
        review(5, 1, 50.0, 20, day_end),             /* due tomorrow: not today */
        review(6, 1, 5.0, 8, NOW_MS - DAY_MS),
    };
    QueueDeck decks[] = {deck(1, 20, 200)};
    Queue q;
    queue_build(cards, ARRAY_LEN(cards), decks, 1, NOW_MS, &rule, &q);
    assert_int_equal(q.count, 5);
    for (size_t i = 1; i < q.count; i++)
        assert_true(q.items[i - 1].retrievability <= q.items[i].retrievability);
    assert_int_equal(q.items[0].card_id, 2);
    assert_int_equal(q.items[4].card_id, 4);
    for (size_t i = 0; i < q.count; i++) {
        assert_int_not_equal(q.items[i].card_id, 5);
        assert_true(q.items[i].retrievability > 0.0 && q.items[i].retrievability <= 1.0);
    }
    /* equal retrievability: by due time, then by id */
    assert_true(q.items[2].retrievability == q.items[3].retrievability);
    assert_int_equal(q.items[2].card_id, 1);
    assert_int_equal(q.items[3].card_id, 3);
    queue_free(&q);
}

static void test_new_cards_spread_between_reviews(void **state)
{
    (void)state;
    QueueCard cards[] = {
        fresh(20, 1), review(1, 1, 1.0, 10, NOW_MS), review(2, 1, 2.0, 10, NOW_MS),
        fresh(10, 1), review(3, 1, 3.0, 10, NOW_MS), review(4, 1, 4.0, 10, NOW_MS),
    };
    QueueDeck decks[] = {deck(1, 20, 200)};
    Queue q;
    queue_build(cards, ARRAY_LEN(cards), decks, 1, NOW_MS, &rule, &q);
    /* 4 reviews, 2 new: new card j follows (j + 1) * 4 / 3 reviews: 1, then 2 */
    static const int64_t ORDER[] = {1, 10, 2, 20, 3, 4};
    assert_order(&q, ORDER, ARRAY_LEN(ORDER));
    queue_free(&q);

    /* only new cards: card order */
    QueueCard only[] = {fresh(3, 1), fresh(1, 1), fresh(2, 1)};
    queue_build(only, 3, decks, 1, NOW_MS, &rule, &q);
    static const int64_t NEW_ORDER[] = {1, 2, 3};
    assert_order(&q, NEW_ORDER, 3);
    queue_free(&q);
}

static void test_daily_limits_per_deck(void **state)
{
    (void)state;
    assert_int_equal(queue_left(20, 0), 20);
    assert_int_equal(queue_left(20, 5), 15);
    assert_int_equal(queue_left(20, 25), 0);
    assert_int_equal(queue_left(20, -3), 20);
    assert_int_equal(queue_left(0, 0), 0);

    QueueCard cards[] = {
        fresh(1, 1),
        fresh(2, 1),
        fresh(3, 1),
        fresh(4, 2),
        fresh(5, 2),
        review(11, 1, 1.0, 9, NOW_MS),
        review(12, 1, 9.0, 9, NOW_MS),
        review(13, 1, 3.0, 9, NOW_MS),
        review(14, 1, 5.0, 9, NOW_MS),
        review(21, 2, 1.0, 9, NOW_MS),
    };
    QueueDeck decks[] = {deck(1, 2, 2), deck(2, 0, 200)};
    Queue q;
    queue_build(cards, ARRAY_LEN(cards), decks, 2, NOW_MS, &rule, &q);
    const QueueCounts *a = queue_counts(&q, 1), *b = queue_counts(&q, 2);
    assert_int_equal(a->new_count, 2);
    assert_int_equal(a->review, 2);
    assert_int_equal(b->new_count, 0);
    assert_int_equal(b->review, 1);
    bool seen[32] = {false};
    for (size_t i = 0; i < q.count; i++)
        seen[q.items[i].card_id] = true;
    /* the first two new cards and the two least retrievable reviews of deck 1 */
    assert_true(seen[1] && seen[2] && !seen[3] && !seen[4] && !seen[5]);
    assert_true(seen[11] && seen[13] && !seen[12] && !seen[14] && seen[21]);
    assert_int_equal(q.count, 5);
    for (size_t i = 0; i < q.count; i++)
        assert_int_equal(decks[q.items[i].deck_index].deck_id, q.items[i].deck_id);
    queue_free(&q);
}

static void test_buried_suspended_retired_and_unlisted_left_out(void **state)
{
    (void)state;
    int64_t today = day_of(&rule, NOW_MS);
    QueueCard cards[] = {
        fresh(1, 1),
        fresh(2, 1),
        fresh(3, 1),
        fresh(4, 1),
        fresh(5, 9),
        review(6, 1, 1.0, 9, NOW_MS),
        review(7, 1, 1.0, 9, NOW_MS),
        learning(8, 1, NOW_MS, FSRS_STATE_LEARNING),
    };
    cards[0].buried_until_day = today + 1; /* buried today */
    cards[1].buried_until_day = today;     /* buried yesterday: back today */
    cards[2].suspended = true;
    cards[3].retired = true;
    cards[5].suspended = true;
    cards[6].buried_until_day = today + 1;
    cards[7].retired = true;
    QueueDeck decks[] = {deck(1, 20, 200)};
    Queue q;
    queue_build(cards, ARRAY_LEN(cards), decks, 1, NOW_MS, &rule, &q);
    static const int64_t ORDER[] = {2};
    assert_order(&q, ORDER, 1);
    queue_free(&q);

    queue_build(NULL, 0, NULL, 0, NOW_MS, &rule, &q);
    assert_int_equal(q.count, 0);
    assert_int_equal(q.deck_count, 0);
    queue_free(&q);
    queue_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_learning_first_with_learn_ahead, setup),
        cmocka_unit_test_setup(test_reviews_by_ascending_retrievability_due_today, setup),
        cmocka_unit_test_setup(test_new_cards_spread_between_reviews, setup),
        cmocka_unit_test_setup(test_daily_limits_per_deck, setup),
        cmocka_unit_test_setup(test_buried_suspended_retired_and_unlisted_left_out, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
