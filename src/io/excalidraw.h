/*
 * excalidraw.h: boards as .excalidraw files (type "excalidraw", version 2), read and
 * written with cJSON, so a board opens in Excalidraw with its shapes, bound arrows
 * (startBinding/endBinding and the shapes' boundElements), labels (text with a
 * containerId) and freehand strokes, and Excalidraw drawings open here.
 *
 * Stencils become Excalidraw rectangles, ellipses or diamonds whose customData remembers
 * the stencil, so they come back as stencils. Import reads rectangles, diamonds,
 * ellipses, lines, arrows with their bindings, text (bound text becomes a label), and
 * freedraw; deleted elements are skipped; other kinds are skipped with a notice.
 *
 * Hostile input is refused with a message, never a crash or a hang: the size is checked
 * before anything is read, nesting and the number of values before parsing, and every
 * number and count after.
 */
#ifndef ARCHDRILL_EXCALIDRAW_H
#define ARCHDRILL_EXCALIDRAW_H

#include "core/board.h"
#include "core/str.h"

#define EXCALIDRAW_MAX_BYTES    (64u << 20) /* a file larger than this is refused */
#define EXCALIDRAW_MAX_DEPTH    64          /* nesting of arrays and objects */
#define EXCALIDRAW_MAX_VALUES   4000000     /* JSON values in one file */
#define EXCALIDRAW_MAX_ELEMENTS 200000

/* What an import did beyond the elements it read. */
typedef struct ExcalidrawReport {
    size_t imported; /* elements on the board */
    size_t deleted;  /* elements marked isDeleted, skipped */
    size_t skipped;  /* elements of kinds the board does not have, skipped */
    Buf notices;     /* one line per notice ("skipped 2 image elements"); buf_free it */
} ExcalidrawReport;

void excalidraw_report_free(ExcalidrawReport *rep);

/* Reads an .excalidraw document from data[0..len) into a new Board (board_free). On
 * ERR_PARSE or ERR_TOO_BIG, *out is NULL and err->msg says why (err->line and col where
 * the JSON is malformed). rep may be NULL. */
Err excalidraw_import(const char *data, size_t len, Board **out, ExcalidrawReport *rep,
                      ErrInfo *err);
/* As excalidraw_import, from a file; the size is checked before reading. ERR_IO when it
 * cannot be read. */
Err excalidraw_import_file(const char *path, Board **out, ExcalidrawReport *rep, ErrInfo *err);

/* Writes the board as an .excalidraw document (a new string, free()). */
char *excalidraw_export(const Board *b);

#endif
