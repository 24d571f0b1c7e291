/*
 * sdl_input.c: SDL_Event -> InputEvent, done once so no screen ever sees SDL.
 */
#include "platform/platform.h"

#include <string.h>

static Key translate_key(SDL_Keycode k, char *ch)
{
    switch (k) {
    case SDLK_UP:
        return KEY_UP;
    case SDLK_DOWN:
        return KEY_DOWN;
    case SDLK_LEFT:
        return KEY_LEFT;
    case SDLK_RIGHT:
        return KEY_RIGHT;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        return KEY_ENTER;
    case SDLK_ESCAPE:
        return KEY_ESCAPE;
    case SDLK_SPACE:
        return KEY_SPACE;
    case SDLK_TAB:
        return KEY_TAB;
    case SDLK_BACKSPACE:
        return KEY_BACKSPACE;
    case SDLK_DELETE:
        return KEY_DELETE;
    case SDLK_HOME:
        return KEY_HOME;
    case SDLK_END:
        return KEY_END;
    case SDLK_PAGEUP:
        return KEY_PAGE_UP;
    case SDLK_PAGEDOWN:
        return KEY_PAGE_DOWN;
    default:
        if (k >= 33 && k < 127) {
            *ch = (char)k;
            return KEY_CHAR;
        }
        return KEY_NONE;
    }
}

bool sdl_translate_event(const SDL_Event *e, InputEvent *out)
{
    memset(out, 0, sizeof(*out));
    switch (e->type) {
    case SDL_QUIT:
        out->type = INPUT_QUIT;
        return true;
    case SDL_KEYDOWN:
    case SDL_KEYUP: {
        SDL_Keymod m = (SDL_Keymod)e->key.keysym.mod; /* as the key was pressed, not as now */
        out->type = e->type == SDL_KEYDOWN ? INPUT_KEY : INPUT_KEY_UP;
        out->key = translate_key(e->key.keysym.sym, &out->ch);
        out->repeat = e->key.repeat != 0;
        out->mods = ((m & KMOD_SHIFT) ? MOD_SHIFT : 0) | ((m & KMOD_CTRL) ? MOD_CTRL : 0) |
                    ((m & KMOD_ALT) ? MOD_ALT : 0);
        return out->key != KEY_NONE;
    }
    case SDL_TEXTINPUT:
        out->type = INPUT_TEXT;
        SDL_strlcpy(out->text, e->text.text, sizeof(out->text));
        return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        out->type = e->type == SDL_MOUSEBUTTONDOWN ? INPUT_MOUSE_DOWN : INPUT_MOUSE_UP;
        out->x = (float)e->button.x; /* window coordinates are logical pixels */
        out->y = (float)e->button.y;
        out->button = e->button.button;
        return true;
    case SDL_MOUSEMOTION:
        out->type = INPUT_MOUSE_MOVE;
        out->x = (float)e->motion.x;
        out->y = (float)e->motion.y;
        return true;
    case SDL_WINDOWEVENT:
        if (e->window.event != SDL_WINDOWEVENT_FOCUS_GAINED)
            return false;
        out->type = INPUT_FOCUS_GAINED;
        return true;
    case SDL_MOUSEWHEEL:
        out->type = INPUT_WHEEL;
        out->dx = e->wheel.preciseX;
        out->dy = e->wheel.preciseY;
        return true;
    default:
        return false;
    }
}
