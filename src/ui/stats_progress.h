/*
 * stats_progress.h: the statistics screen's panels on the player's progress: the game
 * (streak, habit, XP, rank, today's goal), the readiness checklist and the roadmap phases,
 * all from pg->ss->game whatever the scope; and, under the "Drills" heading, the rubric
 * trends, the time per phase and the estimation accuracy, from the scope's drills. Each
 * panel draws inside r, sized with its height function (estimation shares the time per
 * phase's); a height function draws nothing.
 */
#ifndef ARCHDRILL_STATS_PROGRESS_H
#define ARCHDRILL_STATS_PROGRESS_H

#include "ui/stats_screen_internal.h"

/* The game panel's height in a page w wide (one row of figures on a wide page, two on a
 * narrow one, plus what the next rank needs). */
float stats_progress_game_height(const Page *pg, float w);
/* Streak, habit strength, XP, rank, today's goal, the XP split and the next rank's needs. */
void stats_progress_game(Page *pg, Rect r);

/* The readiness checklist's height. */
float stats_progress_readiness_height(const Page *pg);
/* Each readiness item with its check box and evidence. */
void stats_progress_readiness(Page *pg, Rect r);

/* The roadmap phases table's height. */
float stats_progress_phases_height(const Page *pg);
/* Cards, mature cards and retention per roadmap phase, and whether each is held. */
void stats_progress_phases(Page *pg, Rect r);

/* The rubric trends' height in a panel w wide (4 columns of small plots when wide, else
 * 2); only the frame's when no design drill was finished. */
float stats_progress_trends_height(const Page *pg, float w);
/* Each rubric dimension's self-scores over the last design drills, oldest first. */
void stats_progress_trends(Page *pg, Rect r);

/* The height of the time per phase panel, which the estimation panel shares. */
float stats_progress_phase_time_height(const Page *pg);
/* Mean minutes used per design phase against the plan. */
void stats_progress_phase_time(Page *pg, Rect r);
/* The share of recent estimation answers within 20%, the all-time count, and the drills
 * finished by kind. */
void stats_progress_estimation(Page *pg, Rect r);

#endif
