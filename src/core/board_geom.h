/*
 * board_geom.h: the geometry of one element, shared by the model (spatial index,
 * hit-testing), the exporters and the screen: bounds, hit predicates, box outlines and
 * the point where an arrow meets a shape. Pure functions of an element.
 *
 * Outlines are in the element's local coordinates (relative to el->x, el->y) so a cached
 * outline or mesh survives a move.
 */
#ifndef ARCHDRILL_BOARD_GEOM_H
#define ARCHDRILL_BOARD_GEOM_H

#include "core/board.h"

/* How far a freehand stroke's outline reaches from its centre line, in stroke widths
 * (board_freehand: 4.25 widths across at full pressure, eased). */
#define BOARD_FREEHAND_REACH 4.1

/* The element's own box: a box shape's or text's box, the extent of a line's points. */
BoardRect board_geom_bounds(const BoardElement *el);
/* The bounds grown by everything drawn around them (stroke width, arrowheads, freehand
 * outline): what the spatial index and culling use. */
BoardRect board_geom_ink(const BoardElement *el);
/* True when (x, y) is within tol units of what is drawn: inside filled shapes, stencils
 * and text boxes, on the outline of hollow shapes, on lines and strokes. */
bool board_geom_hit(const BoardElement *el, double x, double y, double tol);
/* True when (x, y) is inside a box shape's outline, grown by tol. */
bool board_geom_inside(const BoardElement *el, double x, double y, double tol);

bool board_rect_contains(BoardRect outer, BoardRect inner);
bool board_rect_meets(BoardRect a, BoardRect b);
BoardRect board_rect_union(BoardRect a, BoardRect b);

/* The closed outline of a box shape (or a text box) as a convex polygon, at most `max`
 * points written to out, in local coordinates; returns how many. BOARD_GEOM_OUTLINE_MAX
 * is always enough. */
#define BOARD_GEOM_OUTLINE_MAX 80
size_t board_geom_outline(const BoardElement *el, BoardPoint *out, size_t max);
/* The same outline at a level of detail: px is a screen pixel in board units (1 / zoom).
 * Round parts (ellipses, rounded corners, drum rims) get enough points that no chord
 * strays more than a quarter pixel from the curve, and never more than at full detail;
 * px <= 1 gives board_geom_outline's points exactly. */
size_t board_geom_outline_lod(const BoardElement *el, float px, BoardPoint *out, size_t max);

/* Extra open polylines drawn inside some outlines (a drum's front rim, a queue's slots),
 * local coordinates. Polyline k has counts[k] points, stored one after another in pts.
 * Returns the number of polylines. */
#define BOARD_GEOM_DETAIL_MAX 40
size_t board_geom_details(const BoardElement *el, BoardPoint pts[BOARD_GEOM_DETAIL_MAX],
                          size_t counts[4]);
/* The same polylines at a level of detail, as board_geom_outline_lod. */
size_t board_geom_details_lod(const BoardElement *el, float px,
                              BoardPoint pts[BOARD_GEOM_DETAIL_MAX], size_t counts[4]);

/* The arrowheads of a line or arrow as open polylines wing-tip-wing, local coordinates:
 * out[0..2] for the first head, out[3..5] for the second. Returns 0, 3 or 6. */
size_t board_geom_arrowheads(const BoardElement *el, BoardPoint out[6]);

/* Where the ray from a box shape's centre towards (px, py) leaves its outline, in board
 * coordinates: where an arrow drawn from (px, py) to the shape should end. */
void board_geom_border_point(const BoardElement *shape, double px, double py, double *ox,
                             double *oy);

/* Distance from (px, py) to the segment a-b. */
double board_geom_segment_distance(double px, double py, double ax, double ay, double bx,
                                   double by);

#endif
