/*
 * board_svg.h: a board as an SVG image: the shapes with the same outlines the screen
 * draws (board_geom), lines with their arrowheads, freehand strokes as their filled
 * perfect-freehand outlines, text with the app's sans font, on a white background.
 */
#ifndef ARCHDRILL_BOARD_SVG_H
#define ARCHDRILL_BOARD_SVG_H

#include "core/board.h"
#include "core/str.h"

/* Appends an SVG document of the board to out: every element, or with n > 0 only the
 * elements in ids (and their labels), framed by their bounds plus `margin` units. */
void board_svg_export(const Board *b, const int64_t *ids, size_t n, double margin, Buf *out);

#endif
