/*
 * stats_cards.h: the statistics screen's panels on cards, under its "Cards" heading: the
 * calendar heatmap, the forecast, reviews per day, true retention, card states, stability
 * and difficulty, answer buttons and hours. They follow the scope (pg->ss->st). Each panel
 * draws inside r, which the layout sizes with the panel's height function; a height
 * function draws nothing.
 */
#ifndef ARCHDRILL_STATS_CARDS_H
#define ARCHDRILL_STATS_CARDS_H

#include "ui/stats_screen_internal.h"

/* The calendar's height in a panel w wide (its cells shrink with the width). */
float stats_cards_heatmap_height(const Page *pg, float w);
/* The last year's answers per day, coloured by pg->ss->heat; hover a day for its count. */
void stats_cards_heatmap(Page *pg, Rect r);

/* The height of a chart panel (forecast, reviews, histograms, buttons, hours), with room
 * for a legend row under the plot when legend_row. */
float stats_cards_chart_height(const Page *pg, bool legend_row);
/* Cards due per day from today, 30 or 90 days (pg->ss->long_range). */
void stats_cards_forecast(Page *pg, Rect r);
/* Answers per day by kind over the last 30 or 90 days, with a legend row. */
void stats_cards_reviews(Page *pg, Rect r);

/* The height of the retention table, which the card states panel shares. */
float stats_cards_retention_height(const Page *pg);
/* Passed review answers, young, mature and both, per period. */
void stats_cards_retention(Page *pg, Rect r);
/* The cards by state as a bar and a legend, the daily load and the all-time totals. */
void stats_cards_states(Page *pg, Rect r);

/* A histogram of the cards' stability. */
void stats_cards_stability(Page *pg, Rect r);
/* A histogram of the cards' difficulty. */
void stats_cards_difficulty(Page *pg, Rect r);
/* The answer buttons pressed in the last year, by learning, young and mature, with a
 * legend row. */
void stats_cards_buttons(Page *pg, Rect r);
/* Answers and the share correct by local hour in the last year, with a legend row. */
void stats_cards_hours(Page *pg, Rect r);

#endif
