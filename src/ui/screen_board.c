/*
 * screen_board.c: the whiteboard screens (to be filled in).
 */
#include "ui/app_internal.h"

void boards_open(App *app)
{
    app_open_placeholder(app, "Whiteboard");
}

void boards_frame(App *app)
{
    (void)app;
}

void board_open(App *app, int64_t board_id)
{
    (void)board_id;
    app_open_placeholder(app, "Whiteboard");
}

void board_frame(App *app)
{
    (void)app;
}

void board_screen_free(App *app)
{
    (void)app;
}

int64_t board_deadline_ms(const App *app)
{
    (void)app;
    return 0;
}
