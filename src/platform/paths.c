/*
 * paths.c: where the shipped data lives. Installed, the binary sits in PREFIX/bin and its
 * data in PREFIX/share/archdrill, so the install is relocatable; a development build runs
 * from its build folder and falls back to the source tree it was configured from.
 */
#include "platform/platform.h"

#include "core/files.h"
#include "core/str.h"

#include <stdlib.h>

#ifndef ARCHDRILL_DATADIR_REL
#define ARCHDRILL_DATADIR_REL "share/archdrill"
#endif

static bool has_data(const char *root)
{
    Buf b = {0};
    buf_printf(&b, "%s/decks", root);
    bool decks = files_is_dir(buf_str(&b));
    buf_clear(&b);
    buf_printf(&b, "%s/assets/fonts", root);
    bool fonts = files_is_dir(buf_str(&b));
    buf_free(&b);
    return decks && fonts;
}

char *paths_data_root(void)
{
    const char *override = SDL_getenv("ARCHDRILL_DATA_ROOT");
    if (override && override[0])
        return xstrdup(override);
    char *base = SDL_GetBasePath(); /* the binary's folder, with a trailing slash */
    if (base) {
        Buf b = {0};
        buf_printf(&b, "%s../" ARCHDRILL_DATADIR_REL, base);
        SDL_free(base);
        char *real = files_realpath(buf_str(&b));
        buf_free(&b);
        if (real && has_data(real))
            return real;
        free(real);
    }
#ifdef ARCHDRILL_SOURCE_DIR
    if (has_data(ARCHDRILL_SOURCE_DIR))
        return xstrdup(ARCHDRILL_SOURCE_DIR);
#endif
    return xstrdup(".");
}
