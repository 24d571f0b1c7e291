/*
 * theme.c: the two colour schemes.
 */
#include "ui/theme.h"

#include <string.h>

static Theme base(void)
{
    return (Theme){
        .text_size = 16, .title_size = 28, .small_size = 13, .row_height = 36, .margin = 32};
}

Theme theme_light(void)
{
    Theme t = base();
    t.background = (Color){250, 250, 249, 255};
    t.panel = (Color){255, 255, 255, 255};
    t.selection = (Color){225, 234, 250, 255};
    t.text = (Color){28, 30, 33, 255};
    t.muted = (Color){110, 116, 124, 255};
    t.accent = (Color){37, 99, 235, 255};
    t.warning = (Color){180, 83, 9, 255};
    t.new_count = (Color){37, 99, 235, 255};
    t.learning_count = (Color){220, 38, 38, 255};
    t.due_count = (Color){22, 163, 74, 255};
    return t;
}

Theme theme_dark(void)
{
    Theme t = base();
    t.background = (Color){24, 25, 28, 255};
    t.panel = (Color){34, 36, 40, 255};
    t.selection = (Color){45, 58, 84, 255};
    t.text = (Color){230, 232, 235, 255};
    t.muted = (Color){150, 156, 165, 255};
    t.accent = (Color){96, 165, 250, 255};
    t.warning = (Color){251, 191, 36, 255};
    t.new_count = (Color){96, 165, 250, 255};
    t.learning_count = (Color){248, 113, 113, 255};
    t.due_count = (Color){74, 222, 128, 255};
    return t;
}

Theme theme_named(const char *name, float text_size)
{
    Theme t = name && strcmp(name, "dark") == 0 ? theme_dark() : theme_light();
    if (!(text_size >= THEME_TEXT_MIN))
        text_size = THEME_TEXT_MIN;
    if (text_size > THEME_TEXT_MAX)
        text_size = THEME_TEXT_MAX;
    t.text_size = text_size;
    t.small_size = text_size - 3;
    t.title_size = text_size + 12;
    t.row_height = text_size + 20;
    return t;
}
