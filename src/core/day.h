/*
 * day.h: the study day an instant belongs to. The app's days are local days that start at
 * a rollover hour (04:00 by default, as in Anki), given the local offset from UTC as an
 * input: core never reads a clock or a time zone. Every day-based rule (the queue's "due
 * today", daily limits, burying until tomorrow, elapsed days for the scheduler) goes
 * through day_of(), so they all agree. The arithmetic is plain integer division on UTC
 * milliseconds: no calendar, no DST tables; a DST change is a change of tz_offset_s.
 */
#ifndef ARCHDRILL_DAY_H
#define ARCHDRILL_DAY_H

#include "core/base.h"

#include <stdint.h>

#define DAY_MS               86400000LL
#define DAY_ROLLOVER_DEFAULT 4
#define DAY_TZ_LIMIT_S       (18 * 3600) /* offsets beyond +-18 h are not real zones */

/* How instants map to study days: local time = UTC + tz_offset_s, and a day runs from
 * rollover_hour:00 local to the same hour the next day. */
typedef struct DayRule {
    int32_t tz_offset_s;   /* [-DAY_TZ_LIMIT_S, DAY_TZ_LIMIT_S] */
    int32_t rollover_hour; /* [0, 23] */
} DayRule;

/* The UTC rule the FSRS golden vectors use: offset 0, days start at midnight. */
#define DAY_RULE_UTC ((DayRule){0, 0})

/* Fills *out from an offset and an hour. Returns ERR_PARSE (out untouched) when the offset
 * is outside +-DAY_TZ_LIMIT_S or the hour outside 0..23. */
Err day_rule_make(int tz_offset_s, int rollover_hour, DayRule *out);

/* Milliseconds to add to a UTC instant so that its UTC calendar day (floor of ms / DAY_MS)
 * is its study day. fsrs_next counts UTC calendar days, so feeding it shifted instants
 * makes it count study days. */
int64_t day_shift_ms(const DayRule *rule);

/* The study day holding t_ms (UTC ms): floor((t_ms + shift) / DAY_MS). Day numbers are
 * comparable only under the same rule; they increase by one at each rollover. */
int64_t day_of(const DayRule *rule, int64_t t_ms);

/* The first UTC millisecond of study day `day`; day_start_ms(r, day_of(r, t)) <= t <
 * day_start_ms(r, day_of(r, t) + 1). */
int64_t day_start_ms(const DayRule *rule, int64_t day);

/* The proleptic Gregorian date of `days` days since 1970-01-01 (negative before). */
void day_civil(int64_t days, int *year, int *month, int *mday);
/* Days since 1970-01-01 of a date (the inverse of day_civil). */
int64_t day_from_civil(int year, int month, int mday);

#endif
