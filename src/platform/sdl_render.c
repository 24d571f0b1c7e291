/*
 * sdl_render.c: executes a DrawList with SDL_Renderer. Text is rendered by SDL_ttf into
 * textures kept in a small cache keyed by font, size and string, evicting the least
 * recently used, so an unchanged screen costs no rasterisation at all.
 */
#include "platform/platform.h"

#include "core/base.h"
#include "core/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_CACHE_SIZE 512
#define SIZE_SLOTS      8 /* distinct text sizes kept open per font */

typedef struct CachedText {
    uint64_t key;
    SDL_Texture *tex;
    int w, h;
    uint64_t used;
} CachedText;

typedef struct SizedFont {
    int px;
    TTF_Font *font;
} SizedFont;

struct Renderer {
    SDL_Renderer *sdl;
    char *font_paths[FONT_COUNT];
    SizedFont fonts[FONT_COUNT][SIZE_SLOTS];
    float scale;
    CachedText cache[TEXT_CACHE_SIZE];
    uint64_t clock;
};

static const char *const FONT_FILES[FONT_COUNT] = {
    [FONT_UI] = "Inter-Regular.otf",
    [FONT_UI_BOLD] = "Inter-Bold.otf",
    [FONT_UI_ITALIC] = "Inter-Italic.otf",
    [FONT_MONO] = "JetBrainsMono-Regular.ttf",
};

Renderer *renderer_create(SDL_Renderer *sdl, const char *assets_dir)
{
    Renderer *r = xcalloc(1, sizeof(*r));
    r->sdl = sdl;
    r->scale = 1;
    for (int f = 0; f < FONT_COUNT; f++) {
        Buf p = {0};
        buf_printf(&p, "%s/fonts/%s", assets_dir, FONT_FILES[f]);
        r->font_paths[f] = buf_take(&p);
        FILE *probe = fopen(r->font_paths[f], "rb");
        if (!probe) {
            fprintf(stderr, "archdrill: missing font %s\n", r->font_paths[f]);
            renderer_destroy(r);
            return NULL;
        }
        fclose(probe);
    }
    return r;
}

static void clear_cache(Renderer *r)
{
    for (int i = 0; i < TEXT_CACHE_SIZE; i++) {
        if (r->cache[i].tex)
            SDL_DestroyTexture(r->cache[i].tex);
        memset(&r->cache[i], 0, sizeof(r->cache[i]));
    }
}

void renderer_destroy(Renderer *r)
{
    if (!r)
        return;
    clear_cache(r);
    for (int f = 0; f < FONT_COUNT; f++) {
        for (int s = 0; s < SIZE_SLOTS; s++)
            if (r->fonts[f][s].font)
                TTF_CloseFont(r->fonts[f][s].font);
        free(r->font_paths[f]);
    }
    free(r);
}

void renderer_set_scale(Renderer *r, float scale)
{
    if (scale == r->scale)
        return;
    r->scale = scale;
    clear_cache(r);
    for (int f = 0; f < FONT_COUNT; f++)
        for (int s = 0; s < SIZE_SLOTS; s++)
            if (r->fonts[f][s].font) {
                TTF_CloseFont(r->fonts[f][s].font);
                r->fonts[f][s] = (SizedFont){0};
            }
}

/* The font at a physical pixel size, opened on first use. */
static TTF_Font *font_at(Renderer *r, FontId id, float size)
{
    int px = (int)(size * r->scale + 0.5f);
    SizedFont *slots = r->fonts[id];
    for (int s = 0; s < SIZE_SLOTS; s++)
        if (slots[s].font && slots[s].px == px)
            return slots[s].font;
    int victim = 0;
    for (int s = 0; s < SIZE_SLOTS; s++)
        if (!slots[s].font) {
            victim = s;
            break;
        }
    if (slots[victim].font)
        TTF_CloseFont(slots[victim].font);
    slots[victim].font = TTF_OpenFont(r->font_paths[id], px);
    slots[victim].px = px;
    if (!slots[victim].font)
        fprintf(stderr, "archdrill: %s\n", TTF_GetError());
    return slots[victim].font;
}

float renderer_measure(void *user, FontId font, float size, const char *text)
{
    Renderer *r = user;
    TTF_Font *f = font_at(r, font, size);
    int w = 0, h = 0;
    if (!f || !text[0] || TTF_SizeUTF8(f, text, &w, &h) != 0)
        return 0;
    return (float)w / r->scale;
}

static CachedText *text_texture(Renderer *r, FontId font, float size, Color c, const char *s)
{
    uint64_t key = hash_fnv1a64(s, strlen(s));
    uint32_t extra[3] = {(uint32_t)font, (uint32_t)(size * 64),
                         (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a};
    key ^= hash_fnv1a64(extra, sizeof(extra)) * 0x9e3779b97f4a7c15ull;
    /* The victim is an empty slot if there is one, else the least recently used. */
    CachedText *lru = NULL;
    for (int i = 0; i < TEXT_CACHE_SIZE; i++) {
        CachedText *e = &r->cache[i];
        if (e->tex && e->key == key) {
            e->used = ++r->clock;
            return e;
        }
        if (!lru || (lru->tex && (!e->tex || e->used < lru->used)))
            lru = e;
    }
    TTF_Font *f = font_at(r, font, size);
    if (!f)
        return NULL;
    SDL_Surface *surf = TTF_RenderUTF8_Blended(f, s, (SDL_Color){c.r, c.g, c.b, c.a});
    if (!surf)
        return NULL;
    if (lru->tex)
        SDL_DestroyTexture(lru->tex);
    lru->tex = SDL_CreateTextureFromSurface(r->sdl, surf);
    lru->w = surf->w;
    lru->h = surf->h;
    lru->key = key;
    lru->used = ++r->clock;
    SDL_FreeSurface(surf);
    return lru->tex ? lru : NULL;
}

static SDL_Rect to_pixels(const Renderer *r, Rect a)
{
    return (SDL_Rect){(int)(a.x * r->scale), (int)(a.y * r->scale), (int)(a.w * r->scale + 0.5f),
                      (int)(a.h * r->scale + 0.5f)};
}

/* Triangles through SDL_RenderGeometry, one colour per command. */
static void draw_geometry(Renderer *r, const DrawList *dl, const DrawCmd *c)
{
    SDL_Vertex *v = xmalloc(c->vertex_count * sizeof(*v));
    const float *xy = dl->verts + 2 * c->first_vertex;
    SDL_Color color = {c->color.r, c->color.g, c->color.b, c->color.a};
    for (size_t i = 0; i < c->vertex_count; i++)
        v[i] = (SDL_Vertex){{xy[2 * i] * r->scale, xy[2 * i + 1] * r->scale}, color, {0, 0}};
    SDL_RenderGeometry(r->sdl, NULL, v, (int)c->vertex_count, dl->indices + c->first_index,
                       (int)c->index_count);
    free(v);
}

/* Opaque colours are drawn without blending: SDL's software renderer blends pixel by
 * pixel (and geometry through a temporary surface per triangle), which makes a board of
 * thousands of shapes several times slower than copying the colour. */
static void blend_for(Renderer *r, Color c, SDL_BlendMode *current)
{
    SDL_BlendMode want = c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND;
    if (want != *current) {
        SDL_SetRenderDrawBlendMode(r->sdl, want);
        *current = want;
    }
}

void renderer_draw(Renderer *r, const DrawList *dl)
{
    SDL_BlendMode blend = SDL_BLENDMODE_BLEND;
    SDL_SetRenderDrawBlendMode(r->sdl, blend);
    SDL_RenderSetClipRect(r->sdl, NULL);
    for (size_t i = 0; i < dl->count; i++) {
        const DrawCmd *c = &dl->cmds[i];
        if (c->kind == DRAW_RECT || c->kind == DRAW_TRIANGLES)
            blend_for(r, c->color, &blend);
        if (c->kind == DRAW_RECT) {
            SDL_Rect px = to_pixels(r, c->rect);
            SDL_SetRenderDrawColor(r->sdl, c->color.r, c->color.g, c->color.b, c->color.a);
            SDL_RenderFillRect(r->sdl, &px);
        } else if (c->kind == DRAW_TRIANGLES) {
            draw_geometry(r, dl, c);
        } else if (c->kind == DRAW_CLIP) {
            SDL_Rect px = to_pixels(r, c->rect);
            SDL_RenderSetClipRect(r->sdl, c->rect.w < 0 ? NULL : &px);
        } else {
            const char *s = draw_cmd_text(dl, c);
            if (!s[0])
                continue;
            CachedText *t = text_texture(r, c->font, c->size, c->color, s);
            if (!t)
                continue;
            SDL_Rect dst = {(int)(c->rect.x * r->scale), (int)(c->rect.y * r->scale), t->w, t->h};
            SDL_RenderCopy(r->sdl, t->tex, NULL, &dst);
        }
    }
    SDL_RenderPresent(r->sdl);
}
