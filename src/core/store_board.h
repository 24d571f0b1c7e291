/*
 * store_board.h: whiteboards in the database. A board is a row of `boards` (name, view,
 * times) and one row of `board_elements` per element (kind, a JSON document of its fields,
 * its points as a blob). A board belongs to a drill attempt (drill_attempts.board_id) or
 * stands alone (a "free" board).
 *
 * Autosave: every command the model finishes (and every undo and redo) is in the board's
 * save journal; store_board_save writes each journal entry in its own transaction, so a
 * crash loses at most the edit in progress (a stroke being drawn, a drag, typing).
 */
#ifndef ARCHDRILL_STORE_BOARD_H
#define ARCHDRILL_STORE_BOARD_H

#include "core/board.h"
#include "core/store.h"

#define STORE_BOARD_NAME_MAX 200 /* bytes */

typedef struct BoardInfo {
    int64_t id;
    char *name;         /* owned */
    int64_t attempt_id; /* the drill attempt it belongs to; 0 for a free board */
    int64_t elements;
    double view_x, view_y, zoom;
    int64_t created_s, modified_s;
} BoardInfo;

/* Creates an empty board; with attempt_id > 0 it becomes that attempt's board (in the
 * same transaction). ERR_PARSE for an empty or too long name, ERR_NOT_FOUND for a missing
 * attempt, ERR_DB otherwise. */
Err store_board_create(Store *s, const char *name, int64_t attempt_id, int64_t now_s, int64_t *id);
/* The boards, most recently changed first; only the free ones when free_only. *out is a
 * new array (store_board_list_free). */
Err store_board_list(Store *s, bool free_only, BoardInfo **out, size_t *n);
void store_board_list_free(BoardInfo *list, size_t n);
/* One board's row into *out (free out->name). ERR_NOT_FOUND if there is none. */
Err store_board_info(Store *s, int64_t id, BoardInfo *out);
/* The board of a drill attempt; ERR_NOT_FOUND if it has none. */
Err store_board_of_attempt(Store *s, int64_t attempt_id, int64_t *board_id);

Err store_board_rename(Store *s, int64_t id, const char *name, int64_t now_s);
/* Deletes a board and its elements; an attempt it belonged to keeps no board. */
Err store_board_delete(Store *s, int64_t id);
/* Remembers where the board was looked at (not a change: modified_s stays). ERR_PARSE for
 * numbers out of range. */
Err store_board_set_view(Store *s, int64_t id, double x, double y, double zoom);

/* Reads a board's elements into a new Board (board_free). A damaged row is ERR_CORRUPT
 * with the board and element in store_errmsg; references to missing elements are
 * repaired (board_load_finish). */
Err store_board_load(Store *s, int64_t id, Board **out);

/* Writes the board's journal, one transaction per entry, and drops what was written.
 * Writes nothing while a command is open (board_editing): call it after each command.
 * On failure the unwritten entries stay for the next call. */
Err store_board_save(Store *s, int64_t id, Board *b, int64_t now_s);

/* Creates a board holding all of b's elements, in one transaction (imports). */
Err store_board_import(Store *s, const char *name, const Board *b, int64_t now_s, int64_t *id);

#endif
