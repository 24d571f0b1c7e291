/*
 * test_lightning.c: lightning rounds (core/lightning): descriptions from card backs,
 * questions deterministic by seed, four different options with exactly one right even
 * with duplicate texts in the pool, balanced answer positions, the round's clock and
 * score, and rounds built from the shipped pattern decks.
 */
#include "test_support.h"

#include "core/deck.h"
#include "core/lightning.h"

static void test_describe(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Plain words.", "Plain words."},
        {"\n\n  First **bold** and `code`\nsecond line.\n\nNext paragraph.",
         "First bold and code second line."},
        {"- a list item\n- another", "a list item another"},
        {"1. first\n2) second", "first second"},
        {"### Heading\nbody", "Heading body"},
        {"> quoted\n", "quoted"},
        {"See [the docs](http://x.y/z) now.", "See the docs now."},
        {"[not a link] here", "[not a link] here"},
        {"```\ncode first\n```\nThen prose.\n", "Then prose."},
        {"Prose.\n```\ncode\n```\n", "Prose."},
        {"| a | b |\n|---|---|\n", ""},
        {"", ""},
        {NULL, ""},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char *d = lightning_describe(cases[i][0]);
        assert_string_equal(d, cases[i][1]);
        free(d);
    }
    /* long text is cut on a word with an ellipsis */
    char long_text[1200];
    long_text[0] = '\0';
    for (int i = 0; i < 100; i++)
        strcat(long_text, "word, ");
    char *d = lightning_describe(long_text);
    assert_true(strlen(d) <= LIGHTNING_DESC_BYTES + 3);
    assert_true(strlen(d) > LIGHTNING_DESC_BYTES / 2);
    assert_string_equal(d + strlen(d) - 7, "word...");
    free(d);
    /* a single huge word is cut on a UTF-8 boundary */
    char huge[800];
    for (size_t i = 0; i + 2 < sizeof(huge); i += 2)
        memcpy(huge + i, "\xc3\xa9", 2);
    huge[sizeof(huge) - 2] = '\0';
    d = lightning_describe(huge);
    size_t n = strlen(d);
    assert_true(n <= LIGHTNING_DESC_BYTES + 3);
    assert_int_equal((n - 3) % 2, 0);
    free(d);
}

static LightningPool numbered_pool(size_t n)
{
    LightningPool pool = {0};
    for (size_t i = 0; i < n; i++) {
        char front[32], back[64];
        snprintf(front, sizeof(front), "Pattern %zu", i);
        snprintf(back, sizeof(back), "What pattern %zu does.\n\nMore.", i);
        assert_true(lightning_pool_add(&pool, front, back));
    }
    return pool;
}

static void check_question(const LightningPool *pool, const LightningQuestion *q)
{
    assert_true(q->correct >= 0 && q->correct < LIGHTNING_OPTIONS);
    assert_int_equal(q->option_cards[q->correct], q->card);
    for (int i = 0; i < LIGHTNING_OPTIONS; i++) {
        for (int j = i + 1; j < LIGHTNING_OPTIONS; j++)
            if (strcmp(q->options[i], q->options[j]) == 0)
                fail_msg("duplicate options '%s'", q->options[i]);
        /* only the right option's card has the prompt on its other side */
        const LightningCard *c = &pool->cards[q->option_cards[i]];
        const char *other = q->reverse ? c->front : c->description;
        assert_true((strcmp(other, q->prompt) == 0) == (i == q->correct));
        assert_string_equal(q->options[i], q->reverse ? c->description : c->front);
    }
}

static void test_pool_too_small(void **state)
{
    (void)state;
    LightningPool pool = numbered_pool(3);
    LightningQuestion q[4];
    assert_int_equal(lightning_build(&pool, 1, 4, q), ERR_NOT_FOUND);
    /* a fourth card with a front already taken is not a fourth option */
    assert_true(lightning_pool_add(&pool, "Pattern 0", "Something else entirely."));
    assert_int_equal(lightning_build(&pool, 1, 4, q), ERR_NOT_FOUND);
    LightningRound *r = (LightningRound *)1;
    assert_int_equal(lightning_start(&pool, 1, 0, LIGHTNING_ROUND_MS, &r), ERR_NOT_FOUND);
    assert_null(r);
    assert_false(lightning_pool_add(&pool, "", "back"));
    assert_false(lightning_pool_add(&pool, "front", "```\ncode only\n```"));
    assert_false(lightning_pool_add(&pool, NULL, "back"));
    lightning_pool_free(&pool);
    lightning_pool_free(&pool);
}

static void test_deterministic_distinct_balanced(void **state)
{
    (void)state;
    LightningPool pool = numbered_pool(10);
    LightningQuestion a[200], b[200], c[200];
    assert_int_equal(lightning_build(&pool, 42, 200, a), ERR_OK);
    assert_int_equal(lightning_build(&pool, 42, 200, b), ERR_OK);
    assert_int_equal(lightning_build(&pool, 43, 200, c), ERR_OK);
    for (size_t k = 0; k < 200; k++) {
        assert_int_equal(a[k].card, b[k].card);
        assert_int_equal(a[k].reverse, b[k].reverse);
        assert_int_equal(a[k].correct, b[k].correct);
        assert_memory_equal(a[k].option_cards, b[k].option_cards, sizeof(a[k].option_cards));
    }
    bool differs = false;
    int at[LIGHTNING_OPTIONS] = {0};
    for (size_t k = 0; k < 200; k++) {
        check_question(&pool, &a[k]);
        check_question(&pool, &c[k]);
        differs |= a[k].card != c[k].card;
        at[a[k].correct]++;
        assert_int_equal(a[k].reverse, k % 3 == 2);
        if (k > 0)
            assert_true(a[k].card != a[k - 1].card);
    }
    assert_true(differs);
    for (int i = 0; i < LIGHTNING_OPTIONS; i++)
        assert_int_equal(at[i], 50);
    /* every card once before any repeats */
    for (size_t block = 0; block < 20; block++) {
        bool seen[10] = {false};
        for (size_t k = 0; k < 10; k++) {
            size_t card = a[block * 10 + k].card;
            assert_false(seen[card]);
            seen[card] = true;
        }
    }
    lightning_pool_free(&pool);
}

static void test_duplicate_texts_never_offered_together(void **state)
{
    (void)state;
    LightningPool pool = {0};
    /* two cards share a front, two share a description */
    lightning_pool_add(&pool, "Circuit breaker", "Stops calling a failing service.");
    lightning_pool_add(&pool, "Circuit breaker", "Fails fast after repeated errors.");
    lightning_pool_add(&pool, "Bulkhead", "Isolates resources per consumer.");
    lightning_pool_add(&pool, "Compartments", "Isolates resources per consumer.");
    lightning_pool_add(&pool, "Retry", "Tries again with backoff.");
    lightning_pool_add(&pool, "Outbox", "Writes events in the same transaction.");
    LightningQuestion q[300];
    for (uint64_t seed = 0; seed < 20; seed++) {
        assert_int_equal(lightning_build(&pool, seed, 300, q), ERR_OK);
        for (size_t k = 0; k < 300; k++)
            check_question(&pool, &q[k]);
    }
    lightning_pool_free(&pool);
}

static void test_round_clock_and_score(void **state)
{
    (void)state;
    LightningPool pool = numbered_pool(8);
    LightningRound *r = NULL;
    int64_t t0 = 1000;
    assert_int_equal(lightning_start(&pool, 7, t0, LIGHTNING_ROUND_MS, &r), ERR_OK);
    assert_int_equal(lightning_seed(r), 7);
    int chosen = 5;
    assert_null(lightning_last(r, &chosen));
    assert_int_equal(chosen, -1);
    assert_int_equal(lightning_remaining_ms(r, t0), LIGHTNING_ROUND_MS);
    assert_int_equal(lightning_next_tick_ms(r, t0), t0 + 1000);
    assert_int_equal(lightning_next_tick_ms(r, t0 + 300), t0 + 1000);
    /* 6 right, 2 wrong */
    for (int i = 0; i < 8; i++) {
        const LightningQuestion *q = lightning_question(r, t0 + i * 1000);
        assert_non_null(q);
        int option = i < 6 ? q->correct : (q->correct + 1) % LIGHTNING_OPTIONS;
        assert_int_equal(lightning_answer(r, option, t0 + i * 1000), i < 6 ? 1 : 0);
        assert_true(lightning_last(r, &chosen) == q);
        assert_int_equal(chosen, option);
    }
    assert_int_equal(lightning_answer(r, 4, t0 + 9000), -1);
    assert_int_equal(lightning_answer(r, -1, t0 + 9000), -1);
    int answered, correct, score;
    lightning_result(r, &answered, &correct, &score);
    assert_int_equal(answered, 8);
    assert_int_equal(correct, 6);
    assert_int_equal(score, 50);
    assert_false(lightning_over(r, t0 + LIGHTNING_ROUND_MS - 1));
    assert_true(lightning_over(r, t0 + LIGHTNING_ROUND_MS));
    assert_null(lightning_question(r, t0 + LIGHTNING_ROUND_MS));
    assert_int_equal(lightning_answer(r, 0, t0 + LIGHTNING_ROUND_MS), -1);
    assert_int_equal(lightning_remaining_ms(r, t0 + LIGHTNING_ROUND_MS + 5), 0);
    assert_int_equal(lightning_next_tick_ms(r, t0 + LIGHTNING_ROUND_MS), INT64_MAX);
    lightning_free(r);

    /* guessing wrong all round never goes below zero */
    assert_int_equal(lightning_start(&pool, 8, 0, 5000, &r), ERR_OK);
    for (int i = 0; i < 3; i++)
        lightning_answer(r, (lightning_question(r, 0)->correct + 1) % 4, 0);
    lightning_result(r, &answered, &correct, &score);
    assert_int_equal(score, 0);
    lightning_free(r);
    lightning_free(NULL);
    lightning_pool_free(&pool);
}

static void test_shipped_pattern_decks(void **state)
{
    (void)state;
    static const char *const files[] = {"patterns.md", "anti-patterns.md"};
    LightningPool pool = {0};
    for (size_t f = 0; f < ARRAY_LEN(files); f++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/decks/%s", ARCHDRILL_SOURCE_DIR, files[f]);
        Deck *deck = NULL;
        DeckErrors errs = {0};
        assert_int_equal(deck_load(path, &deck, &errs), ERR_OK);
        for (size_t i = 0; i < deck->entry_count; i++)
            lightning_pool_add(&pool, deck->entries[i].heading, deck->entries[i].body);
        deck_free(deck);
        deck_errors_free(&errs);
    }
    assert_true(pool.count > 50);
    LightningQuestion q[LIGHTNING_MAX_QUESTIONS];
    assert_int_equal(lightning_build(&pool, 2024, LIGHTNING_MAX_QUESTIONS, q), ERR_OK);
    for (size_t k = 0; k < LIGHTNING_MAX_QUESTIONS; k++)
        check_question(&pool, &q[k]);
    for (size_t i = 0; i < pool.count; i++)
        assert_true(strlen(pool.cards[i].description) <= LIGHTNING_DESC_BYTES + 3);
    lightning_pool_free(&pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_pool_too_small),
        cmocka_unit_test(test_deterministic_distinct_balanced),
        cmocka_unit_test(test_duplicate_texts_never_offered_together),
        cmocka_unit_test(test_round_clock_and_score),
        cmocka_unit_test(test_shipped_pattern_decks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
