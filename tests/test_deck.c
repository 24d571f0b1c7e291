/*
 * test_deck.c: the deck file parser (core/deck): the format, derived ids, and every
 * error with its line and column.
 */
#include "test_support.h"

#include "core/deck.h"
#include "core/str.h"

static Deck *parse_ok(const char *text)
{
    DeckErrors errs = {0};
    Deck *d = NULL;
    Err e = deck_parse("t.md", text, strlen(text), &d, &errs);
    for (size_t i = 0; i < errs.count; i++) {
        char line[600];
        deck_error_format(&errs.items[i], line, sizeof(line));
        print_error("unexpected: %s\n", line);
    }
    assert_int_equal(e, ERR_OK);
    assert_int_equal(errs.count, 0);
    deck_errors_free(&errs);
    return d;
}

/* Parses text expected to fail; returns the formatted errors joined by newlines. */
static char *parse_errors(const char *text, size_t len, size_t *count)
{
    DeckErrors errs = {0};
    Deck *d = (Deck *)1;
    Err e = deck_parse("bad.md", text, len, &d, &errs);
    assert_int_not_equal(e, ERR_OK);
    assert_null(d);
    assert_true(errs.count > 0);
    Buf out = {0};
    for (size_t i = 0; i < errs.count; i++) {
        char line[600];
        deck_error_format(&errs.items[i], line, sizeof(line));
        buf_printf(&out, "%s\n", line);
    }
    *count = errs.count;
    deck_errors_free(&errs);
    return buf_take(&out);
}

static void expect_error(const char *text, const char *needle)
{
    size_t n;
    char *all = parse_errors(text, strlen(text), &n);
    if (!strstr(all, needle))
        fail_msg("expected \"%s\" in:\n%s", needle, all);
    free(all);
}

static const char SAMPLE[] = "# Messaging\n"
                             "<!-- deck: messaging; tags: patterns, phase/foundations -->\n"
                             "\n"
                             "About messaging.\n"
                             "\n"
                             "## What does the *outbox* give?\n"
                             "<!-- id: outbox; tags: reliability -->\n"
                             "\n"
                             "Atomic state change and event.\n"
                             "\n"
                             "```sql\n"
                             "## not a heading\n"
                             "# not a title\n"
                             "```\n"
                             "\n"
                             "---\n"
                             "\n"
                             "## When is an idempotent consumer needed?  \n"
                             "With at-least-once delivery.\n";

static void test_parses_a_deck(void **state)
{
    (void)state;
    Deck *d = parse_ok(SAMPLE);
    assert_string_equal(d->id, "messaging");
    assert_string_equal(d->title, "Messaging");
    assert_string_equal(d->description, "About messaging.");
    assert_string_equal(d->tags, "patterns phase/foundations");
    assert_int_equal(d->kind, DECK_KIND_CARDS);
    assert_int_equal(d->entry_count, 2);
    DeckEntry *a = &d->entries[0];
    assert_string_equal(a->id, "outbox");
    assert_true(a->id_explicit);
    assert_string_equal(a->heading, "What does the *outbox* give?");
    assert_int_equal(a->line, 6);
    assert_string_equal(a->body, "Atomic state change and event.\n\n```sql\n## not a heading\n"
                                 "# not a title\n```");
    assert_string_equal(a->tags, "patterns phase/foundations reliability");
    DeckEntry *b = &d->entries[1];
    assert_string_equal(b->id, "when-is-an-idempotent-consumer-needed");
    assert_false(b->id_explicit);
    assert_string_equal(b->body, "With at-least-once delivery.");
    assert_int_equal(b->line, 18);
    deck_free(d);
}

static void test_crlf_and_bom_parse_the_same(void **state)
{
    (void)state;
    Buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF");
    for (const char *p = SAMPLE; *p; p++) {
        if (*p == '\n')
            buf_putc(&b, '\r');
        buf_putc(&b, *p);
    }
    Deck *lf = parse_ok(SAMPLE);
    Deck *crlf = parse_ok(buf_str(&b));
    assert_int_equal(lf->entry_count, crlf->entry_count);
    for (size_t i = 0; i < lf->entry_count; i++) {
        assert_string_equal(lf->entries[i].body, crlf->entries[i].body);
        assert_string_equal(lf->entries[i].hash, crlf->entries[i].hash);
    }
    deck_free(lf);
    deck_free(crlf);
    buf_free(&b);
}

static void test_deck_id_defaults_to_file_name(void **state)
{
    (void)state;
    DeckErrors errs = {0};
    Deck *d = NULL;
    const char *text = "# T\n\n## Q?\nA.\n";
    assert_int_equal(deck_parse("dir/My Deck.md", text, strlen(text), &d, &errs), ERR_OK);
    assert_string_equal(d->id, "my-deck");
    deck_free(d);
    deck_errors_free(&errs);
}

static void test_derived_ids_ignore_case_and_punctuation(void **state)
{
    (void)state;
    char *a = deck_derive_id("What is CAP?");
    char *b = deck_derive_id("what is   `CAP`");
    assert_string_equal(a, "what-is-cap");
    assert_string_equal(a, b);
    char *c = deck_derive_id("\xe4\xbd\xa0\xe5\xa5\xbd"); /* no ASCII at all */
    assert_int_equal(c[0], 'h');
    assert_int_equal(strlen(c), 17);
    char long_front[300];
    memset(long_front, 'x', sizeof(long_front) - 1);
    long_front[sizeof(long_front) - 1] = '\0';
    char *d = deck_derive_id(long_front);
    assert_int_equal(strlen(d), DECK_MAX_ID_BYTES);
    free(a), free(b), free(c), free(d);
}

static void test_hash_changes_with_content_only(void **state)
{
    (void)state;
    Deck *a = parse_ok("# T\n## Q?\n<!-- id: q -->\nA.\n");
    Deck *b = parse_ok("# T\n\n\n## Q?\n<!-- id: q -->\nA.\n\n");
    Deck *c = parse_ok("# T\n## Q?\n<!-- id: q -->\nA, edited.\n");
    assert_string_equal(a->entries[0].hash, b->entries[0].hash);
    assert_string_not_equal(a->entries[0].hash, c->entries[0].hash);
    deck_free(a), deck_free(b), deck_free(c);
}

static void test_errors_name_line_and_column(void **state)
{
    (void)state;
    expect_error("Some text\n# T\n", "bad.md:1:1: expected the deck title");
    expect_error("# T\n## \nback\n", "bad.md:2:1: empty heading");
    expect_error("# T\n## Q?\n\n## R?\nB\n", "bad.md:2:1: 'Q?' has no back");
    expect_error("# T\n## Q?\n<!-- id: Bad Id -->\nA\n", "bad.md:3:6: id 'Bad Id' must be");
    expect_error("# T\n## Q?\n<!-- colour: red -->\nA\n", "bad.md:3:6: unknown metadata 'colour'");
    expect_error("# T\n## Q?\n<!-- id: q\nA\n", "bad.md:3:1: metadata comment must end");
    expect_error("# T\n## Q?\n<!-- tags: UPPER -->\nA\n", "bad.md:3:6: tag 'UPPER'");
    expect_error("# T\n<!-- kind: poem -->\n", "bad.md:2:6: kind must be");
    expect_error("# T\n<!-- minutes: 0 -->\n", "bad.md:2:6: minutes must be");
    expect_error("# T\n## Q?\nA\n# Again\n", "bad.md:4:1: a second '# ' title");
    expect_error("# T\n## Q?\n```\ncode\n", "bad.md:3:1: code fence opened here is never closed");
    expect_error("", "bad.md:1:1: empty file");
}

static void test_duplicate_ids_name_both_lines(void **state)
{
    (void)state;
    expect_error("# T\n## Q?\n<!-- id: same -->\nA\n## R?\n<!-- id: same -->\nB\n",
                 "bad.md:5:1: duplicate id 'same': line 2 has the same id");
    expect_error("# T\n## What is CAP?\nA\n## what is cap\nB\n",
                 "bad.md:4:1: duplicate id 'what-is-cap': line 2");
}

static void test_all_errors_reported_at_once(void **state)
{
    (void)state;
    size_t n = 0;
    const char *text = "# T\n## \nx\n## Q?\n<!-- nope: 1 -->\nA\n## Z?\n";
    char *all = parse_errors(text, strlen(text), &n);
    assert_int_equal(n, 3);
    assert_non_null(strstr(all, ":2:1:"));
    assert_non_null(strstr(all, ":5:6:"));
    assert_non_null(strstr(all, ":7:1:"));
    free(all);
}

static void test_bad_encoding_is_refused(void **state)
{
    (void)state;
    size_t n;
    const char bad[] = "# T\n## Q?\nab\xff\n";
    char *all = parse_errors(bad, sizeof(bad) - 1, &n);
    assert_non_null(strstr(all, "bad.md:3:3: invalid UTF-8"));
    free(all);
    const char nul[] = "# T\n## Q\0?\nA\n";
    all = parse_errors(nul, sizeof(nul) - 1, &n);
    assert_non_null(strstr(all, "bad.md:2:5: NUL byte"));
    free(all);
    /* the column counts characters, not bytes */
    const char col[] = "# T\n## caf\xc3\xa9 \xff\n";
    all = parse_errors(col, sizeof(col) - 1, &n);
    assert_non_null(strstr(all, "bad.md:2:9: invalid UTF-8"));
    free(all);
}

static void test_oversized_input_is_refused(void **state)
{
    (void)state;
    size_t big = DECK_MAX_FILE_BYTES + 1;
    char *text = malloc(big);
    memset(text, 'a', big);
    size_t n;
    char *all = parse_errors(text, big, &n);
    assert_non_null(strstr(all, "limit"));
    free(all);
    /* a front over the heading limit */
    Buf b = {0};
    buf_puts(&b, "# T\n## ");
    for (unsigned i = 0; i < DECK_MAX_HEADING_BYTES + 10; i++)
        buf_putc(&b, 'q');
    buf_puts(&b, "\nA\n");
    all = parse_errors(buf_str(&b), b.len, &n);
    assert_non_null(strstr(all, "the front is over"));
    free(all);
    buf_free(&b);
    free(text);
}

static void test_load_reads_files_and_reports_missing(void **state)
{
    (void)state;
    char *dir = tmp_dir();
    char *path = path_join(dir, "x.md");
    write_file(path, SAMPLE);
    DeckErrors errs = {0};
    Deck *d = NULL;
    assert_int_equal(deck_load(path, &d, &errs), ERR_OK);
    assert_int_equal(d->entry_count, 2);
    deck_free(d);
    char *missing = path_join(dir, "missing.md");
    assert_int_equal(deck_load(missing, &d, &errs), ERR_IO);
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.items[0].msg, "cannot open"));
    deck_errors_free(&errs);
    rm_rf(dir);
    free(path), free(missing), free(dir);
}

static void test_drill_kind_is_carried(void **state)
{
    (void)state;
    Deck *d = parse_ok("# URL shortener\n<!-- kind: design; id: url-shortener; minutes: 45 -->\n"
                       "## Prompt\nDesign a URL shortener.\n## Scale\n100M URLs a month.\n");
    assert_int_equal(d->kind, DECK_KIND_DESIGN);
    assert_int_equal(d->minutes, 45);
    assert_string_equal(d->id, "url-shortener");
    assert_int_equal(d->entry_count, 2);
    assert_string_equal(d->entries[1].id, "scale");
    deck_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parses_a_deck),
        cmocka_unit_test(test_crlf_and_bom_parse_the_same),
        cmocka_unit_test(test_deck_id_defaults_to_file_name),
        cmocka_unit_test(test_derived_ids_ignore_case_and_punctuation),
        cmocka_unit_test(test_hash_changes_with_content_only),
        cmocka_unit_test(test_errors_name_line_and_column),
        cmocka_unit_test(test_duplicate_ids_name_both_lines),
        cmocka_unit_test(test_all_errors_reported_at_once),
        cmocka_unit_test(test_bad_encoding_is_refused),
        cmocka_unit_test(test_oversized_input_is_refused),
        cmocka_unit_test(test_load_reads_files_and_reports_missing),
        cmocka_unit_test(test_drill_kind_is_carried),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
