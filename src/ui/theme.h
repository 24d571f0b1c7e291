/*
 * theme.h: colours and sizes of the UI, in a light and a dark variant. The New / Learning
 * / Due colours follow Anki's (blue, red, green) so its users read the counts at a glance.
 */
#ifndef ARCHDRILL_THEME_H
#define ARCHDRILL_THEME_H

#include "ui/draw.h"

typedef struct Theme {
    Color background, panel, selection, text, muted, accent, warning;
    Color new_count, learning_count, due_count;
    float text_size, title_size, small_size, row_height, margin;
} Theme;

#define THEME_TEXT_MIN 12
#define THEME_TEXT_MAX 26

Theme theme_light(void);
Theme theme_dark(void);
/* A theme by name ("dark", anything else is light) at a body text size (clamped to
 * [THEME_TEXT_MIN, THEME_TEXT_MAX]); the other sizes follow it. */
Theme theme_named(const char *name, float text_size);

#endif
