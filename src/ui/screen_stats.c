/*
 * screen_stats.c: the statistics screen (to be filled in).
 */
#include "ui/app_internal.h"

void stats_screen_open(App *app)
{
    app_open_placeholder(app, "Stats");
}

void stats_screen_frame(App *app)
{
    (void)app;
}

void stats_screen_free(App *app)
{
    (void)app;
}
