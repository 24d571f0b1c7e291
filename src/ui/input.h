/*
 * input.h: the app's own input events. The platform translates each SDL event once into
 * these; screens never see SDL types.
 */
#ifndef ARCHDRILL_INPUT_H
#define ARCHDRILL_INPUT_H

#include <stdbool.h>

typedef enum InputType {
    INPUT_KEY,        /* a key press (or auto-repeat) */
    INPUT_KEY_UP,     /* a key released (key and ch as for the press) */
    INPUT_TEXT,       /* text typed, UTF-8 */
    INPUT_MOUSE_DOWN, /* a button pressed at x, y */
    INPUT_MOUSE_UP,
    INPUT_MOUSE_MOVE,
    INPUT_WHEEL,        /* dy > 0 scrolls up */
    INPUT_FOCUS_GAINED, /* the window got the keyboard back (e.g. from an editor) */
    INPUT_QUIT          /* the window was closed */
} InputType;

typedef enum Key {
    KEY_NONE = 0,
    KEY_UP,
    KEY_DOWN,
    KEY_LEFT,
    KEY_RIGHT,
    KEY_ENTER,
    KEY_ESCAPE,
    KEY_SPACE,
    KEY_TAB,
    KEY_BACKSPACE,
    KEY_DELETE,
    KEY_HOME,
    KEY_END,
    KEY_PAGE_UP,
    KEY_PAGE_DOWN,
    KEY_CHAR /* a printable key: see `ch` (lowercase ASCII) */
} Key;

enum { MOD_SHIFT = 1, MOD_CTRL = 2, MOD_ALT = 4 };

typedef struct InputEvent {
    InputType type;
    Key key;
    char ch;      /* KEY_CHAR: 'a'..'z', '0'..'9', punctuation */
    int mods;     /* MOD_* */
    bool repeat;  /* INPUT_KEY: the key's auto-repeat while held, not a fresh press */
    float x, y;   /* mouse, in logical pixels */
    float dx, dy; /* wheel: dy > 0 scrolls up, dx > 0 scrolls right */
    int button;   /* 1 left, 2 middle, 3 right */
    char text[32];
} InputEvent;

#endif
