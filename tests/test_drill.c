/*
 * test_drill.c: drill files (core/drill) and the content lint (core/lint): every kind's
 * required sections, phases and minutes, curveball, rubric dimensions, key concepts,
 * estimation answers; lengths, phase tags and duplicate fronts.
 */
#include "test_support.h"

#include "core/drill.h"
#include "core/lint.h"
#include "core/str.h"

static Deck *parse(const char *text)
{
    DeckErrors errs = {0};
    Deck *d = NULL;
    assert_int_equal(deck_parse("d.md", text, strlen(text), &d, &errs), ERR_OK);
    deck_errors_free(&errs);
    return d;
}

/* A design drill with the given phase minutes, curveball minute and rubric lines. */
static char *design(const int minutes[6], int curveball, bool full_rubric)
{
    Buf b = {0};
    buf_puts(&b, "# Design X\n<!-- kind: design; id: x -->\n## Prompt\nDesign X.\n"
                 "## Scale\n- 1 M users\n");
    for (int i = 0; i < DRILL_PHASES; i++)
        buf_printf(&b, "## %s (%d min)\nAsk %d.\n", DRILL_PHASE_NAMES[i], minutes[i], i);
    buf_printf(&b, "## Curveball (minute %d)\nTraffic x10.\n", curveball);
    buf_puts(&b, "## Key concepts\n- `caching`: hot reads\n- `partitioning`: shards\n"
                 "## Rubric notes\n");
    for (int i = 0; i < (full_rubric ? DRILL_DIMENSIONS : DRILL_DIMENSIONS - 1); i++)
        buf_printf(&b, "- **%s:** note %d\n", DRILL_DIMENSION_NAMES[i], i);
    buf_puts(&b, "## Reference outline\nThe outline.\n");
    return buf_take(&b);
}

static char *errors_of(const char *text)
{
    Deck *d = parse(text);
    DeckErrors errs = {0};
    Drill *drill = (Drill *)1;
    assert_int_equal(drill_from_deck(d, &drill, &errs), ERR_PARSE);
    assert_null(drill);
    Buf out = {0};
    for (size_t i = 0; i < errs.count; i++) {
        char line[600];
        deck_error_format(&errs.items[i], line, sizeof(line));
        buf_printf(&out, "%s\n", line);
    }
    deck_errors_free(&errs);
    deck_free(d);
    return buf_take(&out);
}

static void expect(const char *text, const char *needle)
{
    char *all = errors_of(text);
    if (!strstr(all, needle))
        fail_msg("expected \"%s\" in:\n%s", needle, all);
    free(all);
}

static const int DEFAULTS[6] = {5, 4, 5, 12, 13, 6};

static void test_design_drill_reads_every_part(void **state)
{
    (void)state;
    char *text = design(DEFAULTS, 30, true);
    Deck *d = parse(text);
    DeckErrors errs = {0};
    Drill *drill = NULL;
    assert_int_equal(drill_from_deck(d, &drill, &errs), ERR_OK);
    assert_int_equal(drill->minutes, 45);
    assert_int_equal(drill->phases[3].minutes, 12);
    assert_string_equal(drill->phases[3].prompt, "Ask 3.");
    assert_int_equal(drill->curveball_minute, 30);
    assert_int_equal(drill->concept_count, 2);
    assert_string_equal(drill->concepts[1], "partitioning");
    assert_string_equal(drill->rubric[7], "note 7");
    assert_string_equal(drill->reference, "The outline.");
    drill_free(drill);
    deck_free(d);
    free(text);
}

static void test_design_drill_errors(void **state)
{
    (void)state;
    int short_phase[6] = {5, 4, 5, 12, 13, 5};
    char *t = design(short_phase, 30, true);
    expect(t, "d.md:1:1: the phases add up to 44 minutes but the drill has 45");
    free(t);
    t = design(DEFAULTS, 50, true);
    expect(t, "the curveball's minute must fall inside the drill");
    free(t);
    t = design(DEFAULTS, 30, false);
    expect(t, "the rubric notes miss '**Communication and time:**'");
    free(t);
    expect("# X\n<!-- kind: design -->\n## Prompt\nP\n## Wrap-up (6 min)\nW\n"
           "## Requirements (5 min)\nR\n## Extras\nE\n",
           "unknown section 'Extras'");
    expect("# X\n<!-- kind: design -->\n## Prompt\nP\n", "missing phase '## Requirements (N min)'");
    expect("# X\n<!-- kind: design -->\n## Prompt\nP\n", "needs a '## Scale' section");
    expect("# X\n<!-- kind: design -->\n## Key concepts\n- caching\n",
           "d.md:4:1: a key concept starts with its card tag in backticks");
    expect("# X\n<!-- kind: design -->\n## Rubric notes\n- **Vibes:** x\n",
           "d.md:4:1: unknown rubric dimension 'Vibes'");
}

static void test_risk_and_adr(void **state)
{
    (void)state;
    expect("# R\n<!-- kind: risk -->\n## Design\nD\n## Reference risks\n1. a\n2. b\n"
           "## Key concepts\n- `x`: y\n",
           "list at least 3 reference risks");
    expect("# A\n<!-- kind: adr -->\n## Scenario\nS\n## Reference ADR\n### Context\nC\n"
           "### Decision\nD\n## Key concepts\n- `x`: y\n",
           "the reference ADR needs a '### Consequences' heading");
    Deck *d = parse("# A\n<!-- kind: adr -->\n## Scenario\nS\n## Reference ADR\n### Context\nC\n"
                    "### Decision\nD\n### Consequences\nQ\n## Key concepts\n- `adr`: y\n");
    DeckErrors errs = {0};
    Drill *drill = NULL;
    assert_int_equal(drill_from_deck(d, &drill, &errs), ERR_OK);
    assert_int_equal(drill->minutes, 15);
    assert_string_equal(drill->material, "S");
    drill_free(drill);
    deck_free(d);
}

static void test_estimation_questions(void **state)
{
    (void)state;
    Deck *d = parse("# E\n<!-- kind: estimation; minutes: 2 -->\n"
                    "## How many?\n<!-- id: a -->\n**Answer:** 2.3k/s\n\nBecause.\n"
                    "## How big?\n<!-- id: b -->\n**Answer:** 270 TB\nWorked out.\n");
    DeckErrors errs = {0};
    Drill *drill = NULL;
    assert_int_equal(drill_from_deck(d, &drill, &errs), ERR_OK);
    assert_int_equal(drill->minutes, 2);
    assert_int_equal(drill->question_count, 2);
    assert_string_equal(drill->questions[0].answer_text, "2.3k/s");
    assert_true(drill->questions[1].answer.kind == QTY_BYTES);
    assert_string_equal(drill->questions[0].derivation, "Because.");
    drill_free(drill);
    deck_free(d);
    expect("# E\n<!-- kind: estimation -->\n## Q?\nNo answer line.\n",
           "starts with '**Answer:** VALUE'");
    expect("# E\n<!-- kind: estimation -->\n## Q?\n**Answer:** lots\nWhy.\n",
           "d.md:4:1: the answer 'lots' does not parse: no number");
    expect("# E\n<!-- kind: estimation -->\n## Q?\n**Answer:** 5 GB\n",
           "show the derivation after the answer");
}

static void test_lint_cards(void **state)
{
    (void)state;
    assert_int_equal(lint_word_count("A | table | with `code` and - list\n| --- |"), 6);
    Buf long_back = {0};
    for (int i = 0; i < 121; i++)
        buf_puts(&long_back, "word ");
    Buf text = {0};
    buf_printf(&text,
               "# D\n<!-- tags: phase/foundations -->\n## What is CAP?\nShort.\n"
               "## Long?\n%s\n",
               buf_str(&long_back));
    Deck *a = parse(buf_str(&text));
    Deck *b = parse("# E\n## what is  cap\nAgain.\n");
    const Deck *decks[] = {a, b};
    DeckErrors out = {0};
    lint_cards(decks, 2, &out);
    Buf all = {0};
    for (size_t i = 0; i < out.count; i++) {
        char line[600];
        deck_error_format(&out.items[i], line, sizeof(line));
        buf_printf(&all, "%s\n", line);
    }
    assert_non_null(strstr(buf_str(&all), "the back has 121 words"));
    assert_non_null(strstr(buf_str(&all), "the same front as d.md:"));
    assert_non_null(strstr(buf_str(&all), "exactly one phase/ tag (it has 0)"));
    assert_int_equal(out.count, 3);
    deck_errors_free(&out);
    buf_free(&all), buf_free(&text), buf_free(&long_back);
    deck_free(a), deck_free(b);
}

static void test_lint_concept_tags(void **state)
{
    (void)state;
    char *t = design(DEFAULTS, 30, true);
    Deck *d = parse(t);
    Deck *cards = parse("# C\n## Q?\n<!-- tags: caching -->\nA.\n");
    DeckErrors errs = {0};
    Drill *drill = NULL;
    assert_int_equal(drill_from_deck(d, &drill, &errs), ERR_OK);
    const Deck *decks[] = {cards};
    lint_concept_tags(drill, decks, 1, &errs);
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.items[0].msg, "`partitioning` is not a tag of any card"));
    lint_drill(drill, &errs);
    assert_int_equal(errs.count, 2);
    assert_non_null(strstr(errs.items[1].msg, "reference outline has 2 words"));
    deck_errors_free(&errs);
    drill_free(drill);
    deck_free(d), deck_free(cards);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design_drill_reads_every_part),
        cmocka_unit_test(test_design_drill_errors),
        cmocka_unit_test(test_risk_and_adr),
        cmocka_unit_test(test_estimation_questions),
        cmocka_unit_test(test_lint_cards),
        cmocka_unit_test(test_lint_concept_tags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
