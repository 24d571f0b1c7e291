/*
 * stats.c: the statistics builder (see stats.h). Review-log rows are aggregated in one pass
 * over small per-card records (the last answer's day, due day and interval, the best
 * stability) found by card id, so the rows need no sort and no join: whatever the order
 * of the cards, each card's rows only have to come in the order they were written. Due
 * work is added as day ranges into difference arrays, summed once at the end.
 */
#include "core/stats.h"

#include "core/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const STATS_PHASE_TAGS[STATS_ROADMAP_PHASES] = {
    "phase/foundations", "phase/design-practice", "phase/production-skills", "phase/organisation"};
const char *const STATS_PHASE_NAMES[STATS_ROADMAP_PHASES] = {"Foundations", "Design practice",
                                                             "Production skills", "Organisation"};
const double STATS_STABILITY_EDGES[STATS_STABILITY_BUCKETS] = {0,  1,  2,  4,  7,   14,
                                                               21, 30, 60, 90, 180, 365};
const char *const STATS_PERIOD_NAMES[STATS_PERIODS] = {"Today", "Yesterday", "Last week",
                                                       "Last month", "Last year"};

/* The days of each period as ages (today = 0): counted when first <= age < end. Yesterday
 * is yesterday alone, as in Anki's table; the longer periods end today and include it. */
static const int64_t PERIOD_FIRST[STATS_PERIODS] = {0, 1, 0, 0, 0};
static const int64_t PERIOD_END[STATS_PERIODS] = {1, 2, 7, 30, 365};

double stats_rate(StatsPassFail pf)
{
    int64_t n = pf.passed + pf.failed;
    return n > 0 ? (double)pf.passed / (double)n : -1.0;
}

int32_t stats_day_total(const StatsDay *d)
{
    int32_t n = 0;
    for (int k = 0; k < STATS_KINDS; k++)
        n += d->answers[k];
    return n;
}

const StatsDay *stats_day(const Stats *st, int64_t day)
{
    if (!st->days || day < st->first_day || day - st->first_day >= (int64_t)st->day_count)
        return NULL;
    return &st->days[day - st->first_day];
}

StatsKind stats_kind(int state_before, int32_t interval_days)
{
    if (state_before == CARD_RELEARNING)
        return STATS_RELEARN;
    if (state_before == CARD_REVIEW)
        return interval_days >= STATS_MATURE_DAYS ? STATS_MATURE : STATS_YOUNG;
    return STATS_LEARN;
}

int stats_stability_bucket(double stability)
{
    int b = 0;
    for (int i = 1; i < STATS_STABILITY_BUCKETS; i++)
        if (stability >= STATS_STABILITY_EDGES[i])
            b = i;
    return b;
}

int stats_difficulty_bucket(double difficulty)
{
    double pct = (difficulty - 1.0) / 9.0;
    if (!(pct > 0)) /* NaN too */
        return 0;
    int b = (int)(pct * STATS_DIFFICULTY_BUCKETS);
    return b >= STATS_DIFFICULTY_BUCKETS ? STATS_DIFFICULTY_BUCKETS - 1 : b;
}

unsigned stats_phases_of_tags(const char *tags)
{
    unsigned bits = 0;
    const char *p = tags ? tags : "";
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        size_t len = strcspn(p, " \t,");
        for (int i = 0; i < STATS_ROADMAP_PHASES; i++)
            if (len == strlen(STATS_PHASE_TAGS[i]) && strncmp(p, STATS_PHASE_TAGS[i], len) == 0)
                bits |= 1u << i;
        p += len;
    }
    return bits;
}

void stats_free(Stats *st)
{
    if (!st)
        return;
    free(st->days);
    free(st->drills.attempts);
    memset(st, 0, sizeof(*st));
}

/* ---- the builder ------------------------------------------------------------------- */

/* What the pass remembers of a card (kept small: one is touched per review-log row). */
typedef struct Track {
    int64_t card_id;
    int64_t last_day; /* of its latest answer */
    int64_t due_day;  /* its latest answer's due day */
    double best;      /* the highest stability a pass gave it, >= 1 */
    int32_t interval; /* its latest answer's scheduled_days */
    uint8_t phases;   /* bit i: STATS_PHASE_TAGS[i] */
    bool seen;        /* answered at least once */
    bool excluded;    /* suspended or buried now: no due work after its last answer */
} Track;

/* An entry of the id -> track table. */
typedef struct Slot {
    int64_t card_id;
    int32_t track; /* index into tracks, -1 when the slot is free */
} Slot;

/* Card ids are the database's row ids, so they are usually dense: once the cards are in,
 * a plain array from (id - direct_base) to the track replaces the hash table for the
 * review-log rows, which saves a cache miss per row on a large log. */
#define DIRECT_SLACK 4 /* the array may be up to 4 times the number of cards (+ 4096) */

struct StatsBuilder {
    Stats st;
    Track *tracks;
    size_t count, tracks_cap;
    Slot *slots;
    size_t cap;      /* slots: a power of two, at most half full */
    int32_t *direct; /* NULL until the first row (or when the ids are too sparse) */
    int64_t direct_base;
    size_t direct_len;
    bool direct_tried;
    int64_t shift;     /* day_shift_ms of the rule */
    int32_t *due_diff; /* day_count + 1 */
    int32_t *missed_diff;
};

static uint64_t hash_id(int64_t id)
{
    uint64_t x = (uint64_t)id;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static Slot *find_slot(Slot *slots, size_t cap, int64_t id)
{
    size_t i = (size_t)hash_id(id) & (cap - 1);
    while (slots[i].track >= 0 && slots[i].card_id != id)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static Slot *new_slots(size_t cap)
{
    Slot *s = xmalloc(cap * sizeof(*s));
    for (size_t i = 0; i < cap; i++)
        s[i] = (Slot){0, -1};
    return s;
}

static void grow(StatsBuilder *b)
{
    size_t cap = b->cap ? b->cap * 2 : 1024;
    Slot *s = new_slots(cap);
    for (size_t i = 0; i < b->cap; i++)
        if (b->slots[i].track >= 0)
            *find_slot(s, cap, b->slots[i].card_id) = b->slots[i];
    free(b->slots);
    b->slots = s;
    b->cap = cap;
}

/* Builds the direct table when the ids allow it (once, after the cards are in). */
static void make_direct(StatsBuilder *b)
{
    b->direct_tried = true;
    if (b->count == 0)
        return;
    int64_t lo = b->tracks[0].card_id, hi = lo;
    for (size_t i = 1; i < b->count; i++) {
        int64_t id = b->tracks[i].card_id;
        lo = id < lo ? id : lo;
        hi = id > hi ? id : hi;
    }
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
    if (span > (uint64_t)b->count * DIRECT_SLACK + 4096)
        return;
    b->direct_base = lo;
    b->direct_len = (size_t)span;
    b->direct = xmalloc(b->direct_len * sizeof(*b->direct));
    for (size_t i = 0; i < b->direct_len; i++)
        b->direct[i] = -1;
    for (size_t i = 0; i < b->count; i++)
        b->direct[b->tracks[i].card_id - lo] = (int32_t)i;
}

/* The track of a card, or NULL when it was not given. */
static Track *track_of(StatsBuilder *b, int64_t id)
{
    if (!b->direct_tried)
        make_direct(b);
    if (b->direct) {
        uint64_t off = (uint64_t)id - (uint64_t)b->direct_base;
        if (off >= b->direct_len)
            return NULL;
        int32_t t = b->direct[off];
        return t >= 0 ? &b->tracks[t] : NULL;
    }
    if (!b->cap)
        return NULL;
    const Slot *s = find_slot(b->slots, b->cap, id);
    return s->track >= 0 ? &b->tracks[s->track] : NULL;
}

StatsBuilder *stats_builder_new(int64_t deck_id, int64_t now_ms, const DayRule *rule,
                                int64_t first_ms)
{
    StatsBuilder *b = xcalloc(1, sizeof(*b));
    Stats *st = &b->st;
    st->deck_id = deck_id;
    st->now_ms = now_ms;
    st->rule = *rule;
    st->today = day_of(rule, now_ms);
    b->shift = day_shift_ms(rule);
    int64_t first = day_of(rule, first_ms < now_ms ? first_ms : now_ms);
    if (first > st->today - (STATS_YEAR_DAYS - 1))
        first = st->today - (STATS_YEAR_DAYS - 1);
    if (first < st->today - (STATS_MAX_HISTORY_DAYS - 1))
        first = st->today - (STATS_MAX_HISTORY_DAYS - 1);
    st->first_day = first;
    st->day_count = (size_t)(st->today - first + 1);
    st->days = xcalloc(st->day_count, sizeof(*st->days));
    b->due_diff = xcalloc(st->day_count + 1, sizeof(*b->due_diff));
    b->missed_diff = xcalloc(st->day_count + 1, sizeof(*b->missed_diff));
    return b;
}

/* The index of a day in days[], clamped to the range kept. */
static size_t day_index(const Stats *st, int64_t day)
{
    if (day <= st->first_day)
        return 0;
    if (day >= st->today)
        return st->day_count - 1;
    return (size_t)(day - st->first_day);
}

/* Adds 1 to diff over the days [from, to] (clamped; nothing when from > to). */
static void add_range(const Stats *st, int32_t *diff, int64_t from, int64_t to)
{
    if (from > to || to < st->first_day)
        return;
    diff[day_index(st, from)] += 1;
    diff[day_index(st, to) + 1] -= 1;
}

void stats_builder_card(StatsBuilder *b, const StatsCardRow *c)
{
    if ((b->count + 1) * 2 > b->cap)
        grow(b);
    Slot *slot = find_slot(b->slots, b->cap, c->card_id);
    if (slot->track >= 0)
        return; /* given twice: the first one counts */
    if (b->count == b->tracks_cap) {
        b->tracks_cap = b->tracks_cap ? b->tracks_cap * 2 : 1024;
        b->tracks = xrealloc(b->tracks, b->tracks_cap * sizeof(*b->tracks));
    }
    /* A card after the rows began (not the contract, but harmless): back to the hash. */
    free(b->direct);
    b->direct = NULL;
    b->direct_tried = false;
    *slot = (Slot){c->card_id, (int32_t)b->count};
    Stats *st = &b->st;
    bool buried = c->buried_until_day > st->today;
    b->tracks[b->count++] = (Track){.card_id = c->card_id,
                                    .best = 1.0,
                                    .phases = (uint8_t)(c->phases & 0xffu),
                                    .excluded = c->suspended || buried};

    StatsCardCounts *n = &st->cards;
    bool mature = c->state == CARD_REVIEW && c->scheduled_days >= STATS_MATURE_DAYS;
    n->total++;
    if (c->suspended)
        n->suspended++;
    else if (buried)
        n->buried++;
    else if (c->state == CARD_NEW)
        n->new_cards++;
    else if (c->state == CARD_LEARNING)
        n->learning++;
    else if (c->state == CARD_RELEARNING)
        n->relearning++;
    else if (mature)
        n->mature++;
    else
        n->young++;

    if (c->state != CARD_NEW) {
        st->stability[stats_stability_bucket(c->stability)]++;
        st->difficulty[stats_difficulty_bucket(c->difficulty)]++;
        if (!c->suspended && !buried) {
            int64_t in = day_of(&st->rule, c->due_ms) - st->today;
            if (in < 0)
                st->overdue++;
            if (in < STATS_FORECAST_DAYS)
                st->forecast[in < 0 ? 0 : in]++;
            if (c->state == CARD_REVIEW)
                st->daily_load += 1.0 / (c->scheduled_days > 1 ? c->scheduled_days : 1);
        }
    }
    for (int i = 0; i < STATS_ROADMAP_PHASES; i++) {
        if (!(c->phases & (1u << i)))
            continue;
        st->phases[i].cards++;
        if (mature)
            st->phases[i].mature++;
    }
}

/* Floor modulo, for local hours of instants before 1970. */
static int64_t floor_mod(int64_t a, int64_t m)
{
    int64_t r = a % m;
    return r < 0 ? r + m : r;
}

/* day_of, with the rule's shift computed once (it runs twice per review-log row). */
static int64_t row_day(const StatsBuilder *b, int64_t t_ms)
{
    int64_t a = t_ms + b->shift;
    return (a - floor_mod(a, DAY_MS)) / DAY_MS;
}

void stats_builder_review(StatsBuilder *b, const StatsReviewRow *r)
{
    Track *t = track_of(b, r->card_id);
    if (!t)
        return; /* out of scope or retired */
    Stats *st = &b->st;
    int64_t day = row_day(b, r->review_ms);
    if (day > st->today)
        day = st->today; /* a clock that ran ahead: counted today */
    StatsDay *d = &st->days[day_index(st, day)];
    int64_t age = st->today - day;
    bool pass = r->rating > 1;
    StatsKind kind = stats_kind(r->state_before, t->seen ? t->interval : 0);

    d->answers[kind]++;
    if (r->state_before == CARD_NEW)
        d->introduced++;
    if (pass)
        d->passed++;
    d->duration_ms += r->duration_ms;
    st->total_answers++;
    st->total_duration_ms += r->duration_ms;

    /* Due work: the card was due from its due day (at the earliest the day after its last
     * answer) until today's answer; the days before today's were missed. */
    if (t->seen) {
        int64_t from = t->due_day > t->last_day + 1 ? t->due_day : t->last_day + 1;
        add_range(st, b->due_diff, from, day);
        add_range(st, b->missed_diff, from, day - 1);
    }

    /* True retention: Review cards, the card's first answer of the day. */
    bool first_today = !t->seen || t->last_day != day;
    if (r->state_before == CARD_REVIEW && first_today) {
        StatsPassFail *pf = kind == STATS_MATURE ? st->mature : st->young;
        for (int p = 0; p < STATS_PERIODS; p++) {
            if (age >= PERIOD_FIRST[p] && age < PERIOD_END[p]) {
                if (pass)
                    pf[p].passed++;
                else
                    pf[p].failed++;
            }
        }
        if (kind == STATS_MATURE && age < STATS_PHASE_WINDOW_DAYS) {
            for (int i = 0; i < STATS_ROADMAP_PHASES; i++) {
                if (!(t->phases & (1u << i)))
                    continue;
                if (pass)
                    st->phases[i].retention.passed++;
                else
                    st->phases[i].retention.failed++;
            }
        }
    }

    if (age < STATS_YEAR_DAYS) {
        int bk = kind == STATS_YOUNG ? 1 : kind == STATS_MATURE ? 2 : 0;
        if (r->rating >= 1 && r->rating <= 4)
            st->buttons[bk][r->rating - 1]++;
        int64_t local_ms = r->review_ms + (int64_t)st->rule.tz_offset_s * 1000;
        int hour = (int)(floor_mod(local_ms, DAY_MS) / 3600000);
        st->hours[hour].answers++;
        if (pass)
            st->hours[hour].passed++;
    }

    if (pass && r->stability > t->best && isfinite(r->stability)) {
        double gained = log2(r->stability / t->best);
        d->knowledge += gained;
        st->knowledge += gained;
        t->best = r->stability;
    }

    t->seen = true;
    t->last_day = day;
    t->due_day = row_day(b, r->due_ms);
    t->interval = r->scheduled_days;
}

void stats_builder_attempt(StatsBuilder *b, const StatsAttempt *a, const int64_t *planned_ms,
                           const int64_t *used_ms, size_t n)
{
    StatsDrills *dr = &b->st.drills;
    dr->attempts = xrealloc(dr->attempts, (dr->count + 1) * sizeof(*dr->attempts));
    StatsAttempt *c = &dr->attempts[dr->count++];
    *c = *a;
    c->day = day_of(&b->st.rule, a->ended_ms);
    c->planned_ms = 0;
    c->used_ms = 0;
    for (size_t i = 0; i < n; i++) {
        c->planned_ms += planned_ms[i];
        c->used_ms += used_ms[i];
    }
    c->on_time = n > 0 && c->used_ms <= c->planned_ms;
    if (a->kind == DECK_KIND_DESIGN && n > 0) {
        /* A running mean, so a long history cannot overflow or lose precision. */
        dr->phase_samples++;
        for (size_t i = 0; i < n && i < DRILL_PHASES; i++) {
            dr->phase_planned_ms[i] +=
                ((double)planned_ms[i] - dr->phase_planned_ms[i]) / dr->phase_samples;
            dr->phase_used_ms[i] += ((double)used_ms[i] - dr->phase_used_ms[i]) / dr->phase_samples;
        }
    }
    if (a->kind == DECK_KIND_ESTIMATION) {
        dr->estimation_correct += a->correct;
        dr->estimation_total += a->total;
    }
}

void stats_builder_recent_estimate(StatsBuilder *b, bool correct)
{
    StatsDrills *dr = &b->st.drills;
    if (dr->recent_total >= STATS_ESTIMATION_RECENT)
        return;
    dr->recent_total++;
    if (correct)
        dr->recent_correct++;
}

void stats_builder_finish(StatsBuilder *b, const StatsToday *queue, int32_t review_limit,
                          Stats *out)
{
    Stats *st = &b->st;
    /* Cards still due after their last answer: due through today, answered on none. */
    for (size_t i = 0; i < b->count; i++) {
        const Track *t = &b->tracks[i];
        if (!t->seen || t->excluded)
            continue;
        int64_t from = t->due_day > t->last_day + 1 ? t->due_day : t->last_day + 1;
        add_range(st, b->due_diff, from, st->today);
        add_range(st, b->missed_diff, from, st->today);
    }
    int32_t due = 0, missed = 0;
    for (size_t i = 0; i < st->day_count; i++) {
        due += b->due_diff[i];
        missed += b->missed_diff[i];
        st->days[i].due = due;
        st->days[i].missed = missed;
    }
    if (queue)
        st->queue = *queue;
    st->queue.answered = stats_day_total(&st->days[st->day_count - 1]);
    st->review_limit = review_limit;
    *out = *st;
    free(b->tracks);
    free(b->slots);
    free(b->direct);
    free(b->due_diff);
    free(b->missed_diff);
    free(b);
}
