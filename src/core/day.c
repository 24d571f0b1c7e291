/*
 * day.c: study days as integer arithmetic on UTC milliseconds (see day.h).
 */
#include "core/day.h"

#include <assert.h>

Err day_rule_make(int tz_offset_s, int rollover_hour, DayRule *out)
{
    if (tz_offset_s < -DAY_TZ_LIMIT_S || tz_offset_s > DAY_TZ_LIMIT_S || rollover_hour < 0 ||
        rollover_hour > 23)
        return ERR_PARSE;
    out->tz_offset_s = tz_offset_s;
    out->rollover_hour = rollover_hour;
    return ERR_OK;
}

int64_t day_shift_ms(const DayRule *rule)
{
    assert(rule->tz_offset_s >= -DAY_TZ_LIMIT_S && rule->tz_offset_s <= DAY_TZ_LIMIT_S);
    assert(rule->rollover_hour >= 0 && rule->rollover_hour <= 23);
    return (int64_t)rule->tz_offset_s * 1000 - (int64_t)rule->rollover_hour * 3600000;
}

/* Division rounding towards minus infinity, for instants before 1970. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && (a < 0) != (b < 0))
        q--;
    return q;
}

int64_t day_of(const DayRule *rule, int64_t t_ms)
{
    return floor_div(t_ms + day_shift_ms(rule), DAY_MS);
}

int64_t day_start_ms(const DayRule *rule, int64_t day)
{
    return day * DAY_MS - day_shift_ms(rule);
}

/* Howard Hinnant's civil_from_days and days_from_civil. */
void day_civil(int64_t z, int *year, int *month, int *mday)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *mday = (int)d;
}

int64_t day_from_civil(int year, int month, int mday)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
