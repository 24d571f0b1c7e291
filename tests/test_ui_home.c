/*
 * test_ui_home.c: the home screen without a display (ui/app): scripted key events, a
 * fake text measurer, and assertions on the recorded DrawList.
 */
#include "test_support.h"

#include "core/store.h"
#include "core/store_sync.h"
#include "ui/app.h"

/* Every glyph is 8 px wide: enough for layout arithmetic. */
static float fake_measure(void *user, FontId font, float size, const char *text)
{
    (void)user, (void)font, (void)size;
    return 8.0f * (float)strlen(text);
}

static bool has_text(const DrawList *dl, const char *s)
{
    for (size_t i = 0; i < dl->count; i++)
        if (dl->cmds[i].kind == DRAW_TEXT && strcmp(draw_cmd_text(dl, &dl->cmds[i]), s) == 0)
            return true;
    return false;
}

static const DrawCmd *find_text(const DrawList *dl, const char *s)
{
    for (size_t i = 0; i < dl->count; i++)
        if (dl->cmds[i].kind == DRAW_TEXT && strcmp(draw_cmd_text(dl, &dl->cmds[i]), s) == 0)
            return &dl->cmds[i];
    return NULL;
}

static Store *store_with_decks(void)
{
    Store *s = NULL;
    ErrInfo err;
    assert_int_equal(store_open(":memory:", &s, &err), ERR_OK);
    SyncReport rep = {0};
    DeckErrors errs = {0};
    assert_int_equal(
        store_sync_folder(s, ARCHDRILL_TEST_DIR "/fixtures/decks-good", 1, &rep, &errs), ERR_OK);
    assert_int_equal(errs.count, 0);
    /* a second deck with one card due for review */
    assert_int_equal(
        store_exec(s, "INSERT INTO decks(key, name, source_path, created_s, modified_s)"
                      " VALUES('z', 'Zeta deck', '/z.md', 1, 1);"
                      "INSERT INTO cards(deck_id, key, front, back, source_path, source_line,"
                      " content_hash, created_s, modified_s) VALUES((SELECT id FROM decks"
                      " WHERE key = 'z'), 'k', 'Q', 'A', '/z.md', 1, 'h', 1, 1);"
                      "INSERT INTO card_state(card_id, state, due_ms) VALUES"
                      " (last_insert_rowid(), 2, 1000)"),
        ERR_OK);
    return s;
}

static void test_home_lists_decks_with_counts(void **state)
{
    (void)state;
    Store *s = store_with_decks();
    AppConfig cfg = {.store = s, .measure = fake_measure, .theme = theme_light()};
    App *app = app_create(&cfg, 5000);
    DrawList dl = {0};
    app_draw(app, &dl, 1000, 700, 5000);
    assert_true(has_text(&dl, "archdrill"));
    assert_true(has_text(&dl, "Sample deck"));
    assert_true(has_text(&dl, "Zeta deck"));
    assert_true(has_text(&dl, "Today: 1 due, 0 learning, 2 new"));
    /* counts are right-aligned under their column headings */
    const DrawCmd *heading = find_text(&dl, "New");
    const DrawCmd *two = find_text(&dl, "2");
    assert_non_null(heading);
    assert_non_null(two);
    assert_float_equal(heading->rect.x + 8 * 3, two->rect.x + 8, 0.01);
    app_destroy(app);
    draw_free(&dl);
    store_close(s);
}

static void test_keys_move_the_selection_and_quit(void **state)
{
    (void)state;
    Store *s = store_with_decks();
    AppConfig cfg = {.store = s, .measure = fake_measure, .theme = theme_dark()};
    App *app = app_create(&cfg, 5000);
    InputEvent down = {.type = INPUT_KEY, .key = KEY_DOWN};
    InputEvent up = {.type = INPUT_KEY, .key = KEY_UP};
    assert_int_equal(app_home_selection(app), 0);
    assert_true(app_handle(app, &down, 5000));
    assert_int_equal(app_home_selection(app), 1);
    assert_true(app_handle(app, &down, 5000)); /* wraps */
    assert_int_equal(app_home_selection(app), 0);
    assert_true(app_handle(app, &up, 5000));
    assert_int_equal(app_home_selection(app), 1);

    DrawList a = {0}, b = {0};
    app_draw(app, &a, 1000, 700, 5000);
    assert_true(app_handle(app, &up, 5000));
    app_draw(app, &b, 1000, 700, 5000);
    assert_true(draw_hash(&a) != draw_hash(&b)); /* the highlight moved */
    app_draw(app, &a, 1000, 700, 5000);
    assert_true(draw_hash(&a) == draw_hash(&b)); /* nothing changed, nothing to render */

    InputEvent ctrl_q = {.type = INPUT_KEY, .key = KEY_CHAR, .ch = 'q', .mods = MOD_CTRL};
    assert_false(app_handle(app, &ctrl_q, 5000));
    InputEvent quit = {.type = INPUT_QUIT};
    assert_false(app_handle(app, &quit, 5000));
    app_destroy(app);
    draw_free(&a);
    draw_free(&b);
    store_close(s);
}

static void test_empty_collection_explains_what_to_do(void **state)
{
    (void)state;
    Store *s = NULL;
    ErrInfo err;
    assert_int_equal(store_open(":memory:", &s, &err), ERR_OK);
    AppConfig cfg = {
        .store = s, .measure = fake_measure, .theme = theme_light(), .deck_files_with_errors = 2};
    App *app = app_create(&cfg, 0);
    DrawList dl = {0};
    app_draw(app, &dl, 800, 600, 0);
    assert_true(
        has_text(&dl, "No decks yet. Add a folder of your own with: archdrill add-decks DIR"));
    assert_true(
        has_text(&dl, "2 deck files could not be loaded: run 'archdrill check' to see why"));
    app_destroy(app);
    draw_free(&dl);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_home_lists_decks_with_counts),
        cmocka_unit_test(test_keys_move_the_selection_and_quit),
        cmocka_unit_test(test_empty_collection_explains_what_to_do),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
