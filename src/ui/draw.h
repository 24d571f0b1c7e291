/*
 * draw.h: the DrawList, the only thing screens produce. A flat list of commands (filled
 * rectangles, text runs, clip changes) in painter's order, with its strings in one owned
 * arena. The platform layer executes it; tests assert on it. Its hash lets the main loop
 * skip re-rendering an unchanged frame.
 */
#ifndef ARCHDRILL_DRAW_H
#define ARCHDRILL_DRAW_H

#include <stddef.h>
#include <stdint.h>

typedef struct Color {
    uint8_t r, g, b, a;
} Color;

typedef struct Rect {
    float x, y, w, h;
} Rect;

typedef enum FontId { FONT_UI = 0, FONT_UI_BOLD, FONT_UI_ITALIC, FONT_MONO, FONT_COUNT } FontId;

typedef enum DrawKind { DRAW_RECT, DRAW_TEXT, DRAW_CLIP, DRAW_TRIANGLES } DrawKind;

typedef struct DrawCmd {
    DrawKind kind;
    Rect rect; /* RECT: the area; TEXT: x, y of the top-left; CLIP: the clip (w<0: none) */
    Color color;
    FontId font;
    float size;                        /* text size in logical pixels */
    size_t text;                       /* TEXT: offset of the NUL-terminated string in the arena */
    size_t first_vertex, vertex_count; /* TRIANGLES: in verts (x, y pairs) */
    size_t first_index, index_count;   /* TRIANGLES: in indices, 3 per triangle */
} DrawCmd;

typedef struct DrawList {
    DrawCmd *cmds;
    size_t count, cap;
    char *arena;
    size_t arena_len, arena_cap;
    float *verts; /* screen positions of TRIANGLES commands: x, y, x, y, ... */
    size_t verts_len, verts_cap;
    int *indices; /* relative to the command's first vertex */
    size_t indices_len, indices_cap;
} DrawList;

void draw_clear(DrawList *dl);
void draw_free(DrawList *dl);
void draw_rect(DrawList *dl, Rect r, Color c);
void draw_text(DrawList *dl, float x, float y, FontId font, float size, Color c, const char *text);
/* Triangles in one colour: xy holds nverts positions (x, y pairs) that are mapped to the
 * screen as (ox + x * scale, oy + y * scale); idx holds nidx vertex indices, three per
 * triangle (SDL_RenderGeometry's convention). Both arrays are copied. */
void draw_triangles(DrawList *dl, const float *xy, size_t nverts, const int *idx, size_t nidx,
                    float ox, float oy, float scale, Color c);
void draw_clip(DrawList *dl, Rect r);
void draw_unclip(DrawList *dl);
/* The string of a TEXT command; valid until the list changes. */
const char *draw_cmd_text(const DrawList *dl, const DrawCmd *cmd);
/* A hash of the whole list (commands and strings). */
uint64_t draw_hash(const DrawList *dl);

#endif
