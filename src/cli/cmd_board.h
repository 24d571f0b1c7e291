/*
 * cmd_board.h: `archdrill board`: the boards in the collection, from the command line.
 *
 *   board list [--json]          every board: id, name, elements, drill attempt, modified
 *   board import FILE [--name N] an .excalidraw file as a new board; its id is the last
 *                                line printed
 *   board export ID --format svg|excalidraw|png [--scale S] -o FILE
 *                                a board as SVG, .excalidraw or PNG ("-o -": standard
 *                                output; the format may come from FILE's extension); PNG
 *                                is drawn by the platform (CliEnv.board_png) at S pixels
 *                                per unit (0.1 to 30, default 2), refused without it
 */
#ifndef ARCHDRILL_CMD_BOARD_H
#define ARCHDRILL_CMD_BOARD_H

#include "cli/cli.h"

/* Runs `board ARGS...` on the collection in data_dir (NULL: an error). Returns the exit
 * status: 0, 1 on failure (message on env->err), 2 on a usage error. */
int cmd_board_run(const char *data_dir, char **args, int count, const CliEnv *env);

#endif
