/*
 * screen_settings.c: the options. App-wide: theme, text size, the hour a study day starts,
 * the chime when a drill phase overruns.
 * Per deck: its preset (new cards and reviews a day, desired retention, learning and
 * relearning steps, maximum interval), edited as text fields and saved only when every
 * value is valid; a bad value is named and nothing is saved.
 */
#include "ui/app_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const FIELD_NAMES[SETTING_FIELDS] = {
    "New cards a day", "Reviews a day",    "Desired retention",
    "Learning steps",  "Relearning steps", "Maximum interval (days)",
};
static const char *const FIELD_IDS[SETTING_FIELDS] = {"f_new",   "f_reviews", "f_retention",
                                                      "f_steps", "f_relearn", "f_max"};

static void say(App *app, bool error, const char *msg)
{
    snprintf(app->settings.message, sizeof(app->settings.message), "%s", msg);
    app->settings.error = error;
}

static void load_preset(App *app)
{
    Settings *st = &app->settings;
    if (!app->deck_count)
        return;
    Preset p;
    if (store_preset_get(app->cfg.store, app->decks[st->deck].id, &p) != ERR_OK) {
        say(app, true, store_errmsg(app->cfg.store));
        p = preset_default();
    }
    char num[64];
    snprintf(num, sizeof(num), "%d", p.new_per_day);
    text_field_set(&st->fields[SETTING_NEW], num);
    snprintf(num, sizeof(num), "%d", p.reviews_per_day);
    text_field_set(&st->fields[SETTING_REVIEWS], num);
    snprintf(num, sizeof(num), "%.2f", p.params.desired_retention);
    text_field_set(&st->fields[SETTING_RETENTION], num);
    snprintf(num, sizeof(num), "%d", p.params.maximum_interval_days);
    text_field_set(&st->fields[SETTING_MAX_IVL], num);
    Buf b = {0};
    preset_format_steps(p.params.learning_steps_min, p.params.learning_step_count, &b);
    text_field_set(&st->fields[SETTING_STEPS], buf_str(&b));
    buf_clear(&b);
    preset_format_steps(p.params.relearning_steps_min, p.params.relearning_step_count, &b);
    text_field_set(&st->fields[SETTING_RELEARN], buf_str(&b));
    buf_free(&b);
}

void settings_open(App *app, int deck_index)
{
    Settings *st = &app->settings;
    memset(st, 0, sizeof(*st));
    st->deck = deck_index >= 0 && deck_index < (int)app->deck_count ? deck_index : 0;
    app->screen = APP_SETTINGS;
    app->ui.focus = 0;
    Buf sound = {0};
    st->overrun_sound = store_setting_get(app->cfg.store, "overrun_sound", &sound) == ERR_OK &&
                        strcmp(buf_str(&sound), "on") == 0;
    buf_free(&sound);
    load_preset(app);
}

static bool parse_int(const char *s, long lo, long hi, int32_t *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    while (*end == ' ')
        end++;
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = (int32_t)v;
    return true;
}

/* Parses every field into a copy of the deck's preset; names the first bad one. */
static bool parse_fields(App *app, Preset *p)
{
    Settings *st = &app->settings;
    char msg[200];
    const char *bad = NULL;
    int32_t max_ivl = 0;
    if (!parse_int(st->fields[SETTING_NEW].text, 0, PRESET_PER_DAY_MAX, &p->new_per_day))
        bad = FIELD_NAMES[SETTING_NEW];
    else if (!parse_int(st->fields[SETTING_REVIEWS].text, 0, PRESET_PER_DAY_MAX,
                        &p->reviews_per_day))
        bad = FIELD_NAMES[SETTING_REVIEWS];
    else if (!parse_int(st->fields[SETTING_MAX_IVL].text, 1, 36500, &max_ivl))
        bad = FIELD_NAMES[SETTING_MAX_IVL];
    if (bad) {
        snprintf(msg, sizeof(msg), "%s: enter a whole number in range.", bad);
        say(app, true, msg);
        return false;
    }
    p->params.maximum_interval_days = max_ivl;
    char *end;
    double r = strtod(st->fields[SETTING_RETENTION].text, &end);
    if (end == st->fields[SETTING_RETENTION].text || *end || !isfinite(r) || r < 0.70 || r > 0.99) {
        say(app, true, "Desired retention: a number from 0.70 to 0.99 (0.90 is usual).");
        return false;
    }
    p->params.desired_retention = r;
    if (preset_parse_steps(st->fields[SETTING_STEPS].text, p->params.learning_steps_min,
                           &p->params.learning_step_count) != ERR_OK ||
        preset_parse_steps(st->fields[SETTING_RELEARN].text, p->params.relearning_steps_min,
                           &p->params.relearning_step_count) != ERR_OK) {
        say(app, true, "Steps: whole minutes, hours or days separated by spaces, e.g. 1m 10m.");
        return false;
    }
    if (preset_validate(p) != ERR_OK) {
        say(app, true, "These values do not make a valid preset.");
        return false;
    }
    return true;
}

static void save(App *app, bool all_decks)
{
    Settings *st = &app->settings;
    if (!app->deck_count)
        return;
    Preset p;
    if (store_preset_get(app->cfg.store, app->decks[st->deck].id, &p) != ERR_OK)
        p = preset_default();
    if (!parse_fields(app, &p))
        return;
    for (size_t i = 0; i < app->deck_count; i++) {
        if (!all_decks && (int)i != st->deck)
            continue;
        Preset copy = p;
        if (store_preset_set(app->cfg.store, app->decks[i].id, &copy) != ERR_OK) {
            say(app, true, store_errmsg(app->cfg.store));
            return;
        }
    }
    say(app, false, all_decks ? "Saved for every deck." : "Saved.");
}

/* A "label  [-] value [+]" row; returns -1, 0 or +1. */
static int stepper(App *app, const char *id, float x, float y, const char *label, const char *value)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    ui_label(ui, x, y + 8, FONT_UI, t->text_size, t->text, label);
    char minus[32], plus[32];
    snprintf(minus, sizeof(minus), "%s-", id);
    snprintf(plus, sizeof(plus), "%s+", id);
    int d = 0;
    if (ui_button(ui, minus, (Rect){x + 230, y, 34, 34}, "-", NULL, BUTTON_NORMAL, NULL))
        d = -1;
    ui_label_center(ui, (Rect){x + 264, y, 80, 34}, FONT_UI_BOLD, t->text_size, t->text, value);
    if (ui_button(ui, plus, (Rect){x + 344, y, 34, 34}, "+", NULL, BUTTON_NORMAL, NULL))
        d = 1;
    return d;
}

static void app_section(App *app, float x, float y)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    ui_label(ui, x, y, FONT_UI_BOLD, t->text_size + 2, t->text, "App");
    y += 40;
    ui_label(ui, x, y + 8, FONT_UI, t->text_size, t->text, "Theme");
    bool dark = ui->theme.background.r < 128;
    if (ui_button(ui, "light", (Rect){x + 230, y, 74, 34}, "Light", NULL,
                  dark ? BUTTON_NORMAL : BUTTON_PRIMARY, NULL) &&
        dark) {
        store_setting_set(app->cfg.store, "theme", "light");
        app_apply_theme(app);
    }
    if (ui_button(ui, "dark", (Rect){x + 304, y, 74, 34}, "Dark", NULL,
                  dark ? BUTTON_PRIMARY : BUTTON_NORMAL, NULL) &&
        !dark) {
        store_setting_set(app->cfg.store, "theme", "dark");
        app_apply_theme(app);
    }
    y += 46;
    char value[32];
    snprintf(value, sizeof(value), "%.0f", ui->theme.text_size);
    int d = stepper(app, "size", x, y, "Text size", value);
    if (d) {
        snprintf(value, sizeof(value), "%.0f", ui->theme.text_size + (float)d);
        store_setting_set(app->cfg.store, "text_size", value);
        app_apply_theme(app);
    }
    y += 46;
    snprintf(value, sizeof(value), "%02d:00", app->cfg.day_rule.rollover_hour);
    d = stepper(app, "rollover", x, y, "A study day starts at", value);
    if (d) {
        int hour = (app->cfg.day_rule.rollover_hour + d + 24) % 24;
        if (store_set_rollover_hour(app->cfg.store, hour) == ERR_OK)
            store_day_rule(app->cfg.store, app->cfg.day_rule.tz_offset_s, &app->cfg.day_rule);
    }
    y += 46;
    Settings *st = &app->settings;
    bool on = st->overrun_sound;
    ui_label(ui, x, y + 8, FONT_UI, t->text_size, t->text, "Overrun chime");
    if (ui_button(ui, "sound_off", (Rect){x + 230, y, 74, 34}, "Off", NULL,
                  on ? BUTTON_NORMAL : BUTTON_PRIMARY, NULL) &&
        store_setting_set(app->cfg.store, "overrun_sound", "off") == ERR_OK)
        st->overrun_sound = false;
    if (ui_button(ui, "sound_on", (Rect){x + 304, y, 74, 34}, "On", NULL,
                  on ? BUTTON_PRIMARY : BUTTON_NORMAL, NULL) &&
        store_setting_set(app->cfg.store, "overrun_sound", "on") == ERR_OK)
        st->overrun_sound = true;
}

static void deck_section(App *app, float x, float y)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    Settings *st = &app->settings;
    ui_label(ui, x, y, FONT_UI_BOLD, t->text_size + 2, t->text, "Deck preset");
    if (!app->deck_count) {
        ui_label(ui, x, y + 40, FONT_UI, t->text_size, t->muted, "No decks yet.");
        return;
    }
    y += 40;
    int n = (int)app->deck_count, d = 0;
    if (ui_button(ui, "prev", (Rect){x, y, 34, 34}, "<", NULL, BUTTON_NORMAL, "Previous deck"))
        d = -1;
    ui_label_fit(ui, x + 46, y + 8, 300, FONT_UI_BOLD, t->text_size, t->text,
                 app->decks[st->deck].name);
    if (ui_button(ui, "next", (Rect){x + 354, y, 34, 34}, ">", NULL, BUTTON_NORMAL, "Next deck"))
        d = 1;
    if (d) {
        st->deck = (st->deck + d + n) % n;
        st->message[0] = '\0';
        load_preset(app);
    }
    y += 50;
    for (int i = 0; i < SETTING_FIELDS; i++) {
        ui_label(ui, x, y + 8, FONT_UI, t->text_size, t->text, FIELD_NAMES[i]);
        ui_text_input(ui, FIELD_IDS[i], (Rect){x + 230, y, 158, 34}, &st->fields[i]);
        y += 44;
    }
    y += 6;
    if (ui_button(ui, "save", (Rect){x, y, 110, 36}, "Save", NULL, BUTTON_PRIMARY, "Enter"))
        save(app, false);
    if (ui_button(ui, "save_all", (Rect){x + 122, y, 180, 36}, "Save for all decks", NULL,
                  BUTTON_NORMAL, NULL))
        save(app, true);
    if (st->message[0])
        ui_label_fit(ui, x, y + 50, ui->width - x - t->margin, FONT_UI, t->small_size,
                     st->error ? t->warning : t->muted, st->message);
}

/* Tab and Shift+Tab move between the deck's fields. */
static void cycle_focus(App *app, int dir)
{
    int at = -1;
    for (int i = 0; i < SETTING_FIELDS; i++)
        if (app->ui.focus == ui_id(FIELD_IDS[i]))
            at = i;
    at = at < 0 ? (dir > 0 ? 0 : SETTING_FIELDS - 1) : (at + dir + SETTING_FIELDS) % SETTING_FIELDS;
    app->ui.focus = ui_id(FIELD_IDS[at]);
    TextField *f = &app->settings.fields[at];
    f->anchor = 0;
    f->cursor = strlen(f->text);
}

void settings_frame(App *app)
{
    UiCtx *ui = &app->ui;
    const Theme *t = &ui->theme;
    if (ui_key(ui, KEY_ESCAPE, 0, 0)) {
        app_go_home(app);
        return;
    }
    if (ui_key(ui, KEY_TAB, 0, 0))
        cycle_focus(app, 1);
    if (ui_key(ui, KEY_TAB, 0, MOD_SHIFT))
        cycle_focus(app, -1);
    if (ui_key(ui, KEY_ENTER, 0, 0))
        save(app, false);
    if (ui_button(ui, "back", (Rect){t->margin, t->margin - 8, 80, 30}, "Back", NULL, BUTTON_QUIET,
                  "Esc")) {
        app_go_home(app);
        return;
    }
    ui_label(ui, t->margin + 100, t->margin - 6, FONT_UI_BOLD, t->title_size - 4, t->text,
             "Settings");
    float top = t->margin + 60;
    app_section(app, t->margin, top);
    float col = ui->width >= 940 ? t->margin + 460 : t->margin;
    deck_section(app, col, ui->width >= 940 ? top : top + 246);
}
