/*
 * draw.c: recording draw commands.
 */
#include "ui/draw.h"

#include "core/base.h"
#include "core/str.h"

#include <stdlib.h>
#include <string.h>

void draw_clear(DrawList *dl)
{
    dl->count = 0;
    dl->arena_len = 0;
    dl->verts_len = 0;
    dl->indices_len = 0;
}

void draw_free(DrawList *dl)
{
    free(dl->cmds);
    free(dl->arena);
    free(dl->verts);
    free(dl->indices);
    memset(dl, 0, sizeof(*dl));
}

static DrawCmd *push(DrawList *dl)
{
    if (dl->count == dl->cap) {
        dl->cap = dl->cap ? dl->cap * 2 : 256;
        dl->cmds = xrealloc(dl->cmds, dl->cap * sizeof(*dl->cmds));
    }
    DrawCmd *c = &dl->cmds[dl->count++];
    memset(c, 0, sizeof(*c));
    return c;
}

void draw_rect(DrawList *dl, Rect r, Color c)
{
    DrawCmd *cmd = push(dl);
    cmd->kind = DRAW_RECT;
    cmd->rect = r;
    cmd->color = c;
}

void draw_text(DrawList *dl, float x, float y, FontId font, float size, Color c, const char *text)
{
    size_t n = strlen(text) + 1;
    if (dl->arena_len + n > dl->arena_cap) {
        while (dl->arena_len + n > dl->arena_cap)
            dl->arena_cap = dl->arena_cap ? dl->arena_cap * 2 : 4096;
        dl->arena = xrealloc(dl->arena, dl->arena_cap);
    }
    memcpy(dl->arena + dl->arena_len, text, n);
    DrawCmd *cmd = push(dl);
    cmd->kind = DRAW_TEXT;
    cmd->rect = (Rect){x, y, 0, 0};
    cmd->color = c;
    cmd->font = font;
    cmd->size = size;
    cmd->text = dl->arena_len;
    dl->arena_len += n;
}

void draw_triangles(DrawList *dl, const float *xy, size_t nverts, const int *idx, size_t nidx,
                    float ox, float oy, float scale, Color c)
{
    if (!nverts || nidx < 3)
        return;
    if (dl->verts_len + 2 * nverts > dl->verts_cap) {
        while (dl->verts_len + 2 * nverts > dl->verts_cap)
            dl->verts_cap = dl->verts_cap ? dl->verts_cap * 2 : 4096;
        dl->verts = xrealloc(dl->verts, dl->verts_cap * sizeof(*dl->verts));
    }
    if (dl->indices_len + nidx > dl->indices_cap) {
        while (dl->indices_len + nidx > dl->indices_cap)
            dl->indices_cap = dl->indices_cap ? dl->indices_cap * 2 : 4096;
        dl->indices = xrealloc(dl->indices, dl->indices_cap * sizeof(*dl->indices));
    }
    float *v = dl->verts + dl->verts_len;
    for (size_t i = 0; i < nverts; i++) {
        v[2 * i] = ox + xy[2 * i] * scale;
        v[2 * i + 1] = oy + xy[2 * i + 1] * scale;
    }
    memcpy(dl->indices + dl->indices_len, idx, nidx * sizeof(*idx));
    DrawCmd *cmd = push(dl);
    cmd->kind = DRAW_TRIANGLES;
    cmd->color = c;
    cmd->first_vertex = dl->verts_len / 2;
    cmd->vertex_count = nverts;
    cmd->first_index = dl->indices_len;
    cmd->index_count = nidx - nidx % 3;
    dl->verts_len += 2 * nverts;
    dl->indices_len += nidx;
}

void draw_clip(DrawList *dl, Rect r)
{
    DrawCmd *cmd = push(dl);
    cmd->kind = DRAW_CLIP;
    cmd->rect = r;
}

void draw_unclip(DrawList *dl)
{
    draw_clip(dl, (Rect){0, 0, -1, -1});
}

const char *draw_cmd_text(const DrawList *dl, const DrawCmd *cmd)
{
    return dl->arena + cmd->text;
}

uint64_t draw_hash(const DrawList *dl)
{
    uint64_t h = hash_fnv1a64(dl->cmds, dl->count * sizeof(*dl->cmds));
    h ^= hash_fnv1a64(dl->arena, dl->arena_len) * 31u;
    h ^= hash_fnv1a64(dl->verts, dl->verts_len * sizeof(*dl->verts)) * 131u;
    return h ^ (hash_fnv1a64(dl->indices, dl->indices_len * sizeof(*dl->indices)) * 1031u);
}
