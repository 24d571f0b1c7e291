/*
 * session_save.c: a session as versioned lines of text and back (session_serialize,
 * session_parse; the format is described in session.h). Parsing never trusts its input:
 * every field is range-checked and the whole session is checked against the invariants of
 * session.c before it is returned, so a restored session behaves like a live one.
 */
#include "core/session_internal.h"

#include "core/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLOCK_MS   10000000000000LL /* about 317 years: bounds parsed times */
#define MAX_PLANNED_MS (24LL * 3600 * 1000)

#define FORMAT_MAGIC "archdrill-session 1"

static void put_escaped(Buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\\')
            buf_puts(b, "\\\\");
        else if (*p == '\n')
            buf_puts(b, "\\n");
        else if (*p == '\r')
            buf_puts(b, "\\r");
        else if (*p == '\t')
            buf_puts(b, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            buf_printf(b, "\\x%02x", *p);
        else
            buf_putc(b, (char)*p);
    }
}

void session_serialize(const Session *s, int64_t now_ms, int64_t wall_ms, Buf *out)
{
    int64_t clock = session_clock_at(s, now_ms);
    buf_puts(out, FORMAT_MAGIC "\n");
    buf_printf(out, "kind %s\n", deck_kind_name(s->kind));
    buf_printf(out, "stage %s\n", session_stage_name(s->stage));
    buf_printf(out, "grace %lld\n", (long long)s->grace_ms);
    buf_printf(out, "clock %lld\n", (long long)clock);
    buf_printf(out, "wall %lld\n", (long long)(wall_ms > 0 ? wall_ms : 0));
    buf_printf(out, "current %zu %d\n", s->current, s->revealed ? 1 : 0);
    buf_printf(out, "finished %lld\n", (long long)s->finished_ms);
    buf_printf(out, "curveball %lld %lld\n", (long long)s->curveball_ms,
               (long long)s->curveball_shown_ms);
    buf_printf(out, "phases %zu\n", s->phase_count);
    for (size_t i = 0; i < s->phase_count; i++) {
        const SessionPhase *p = &s->phases[i];
        buf_printf(out, "phase %lld %lld %lld %d %d", (long long)p->planned_ms,
                   (long long)p->begin_ms, (long long)p->end_ms, p->overran ? 1 : 0,
                   p->auto_advanced ? 1 : 0);
        if (p->has_reference)
            buf_printf(out, " %.17g %d %d", p->reference.value, (int)p->reference.kind,
                       (int)p->reference.rate);
        buf_putc(out, '\n');
    }
    buf_printf(out, "notes %zu\n", s->note_count);
    for (size_t i = 0; i < s->note_count; i++) {
        buf_puts(out, "note ");
        put_escaped(out, s->notes[i]);
        buf_putc(out, '\n');
    }
    buf_printf(out, "pauses %zu\n", s->pause_count);
    for (size_t i = 0; i < s->pause_count; i++)
        buf_printf(out, "pause %lld %lld\n", (long long)s->pauses[i].begin_ms,
                   (long long)s->pauses[i].end_ms);
    buf_printf(out, "scores %zu", s->score_count);
    for (size_t i = 0; i < s->score_count; i++)
        buf_printf(out, " %d", s->scores[i]);
    buf_puts(out, "\nmissed ");
    put_escaped(out, s->missed);
    buf_puts(out, "\nend\n");
}

/* A cursor over the text being parsed; `why` gets the first problem. */
typedef struct Parser {
    const char *p, *end;
    const char *line; /* the current line's fields (after its key) */
    size_t line_len;
    int line_no;
    char *why;
    size_t cap;
    bool failed;
} Parser;

static bool fail(Parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(Parser *ps, const char *fmt, ...)
{
    if (!ps->failed && ps->cap > 0) {
        char msg[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        snprintf(ps->why, ps->cap, "line %d: %s", ps->line_no, msg);
    }
    ps->failed = true;
    return false;
}

/* Reads the next line and checks that it starts with `key` (then a space or its end). */
static bool expect(Parser *ps, const char *key)
{
    if (ps->failed)
        return false;
    ps->line_no++;
    if (ps->p >= ps->end)
        return fail(ps, "missing '%s'", key);
    const char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
    if (!nl)
        return fail(ps, "unterminated line");
    size_t n = (size_t)(nl - ps->p), k = strlen(key);
    if (n < k || memcmp(ps->p, key, k) != 0 || (n > k && ps->p[k] != ' ') || memchr(ps->p, '\0', n))
        return fail(ps, "expected '%s'", key);
    ps->line = ps->p + k + (n > k ? 1 : 0);
    ps->line_len = n - k - (n > k ? 1 : 0);
    ps->p = nl + 1;
    return true;
}

/* The next space-separated field of the current line into tok[cap]. */
static bool field(Parser *ps, char *tok, size_t cap)
{
    if (ps->failed)
        return false;
    size_t n = 0;
    while (n < ps->line_len && ps->line[n] != ' ')
        n++;
    if (n == 0 || n >= cap)
        return fail(ps, "bad or missing field");
    memcpy(tok, ps->line, n);
    tok[n] = '\0';
    ps->line += n;
    ps->line_len -= n;
    if (ps->line_len > 0) {
        ps->line++;
        ps->line_len--;
        if (ps->line_len == 0)
            return fail(ps, "trailing space");
    }
    return true;
}

static bool line_done(Parser *ps)
{
    if (ps->failed)
        return false;
    return ps->line_len == 0 ? true : fail(ps, "unexpected fields");
}

static bool int_field(Parser *ps, int64_t lo, int64_t hi, int64_t *out)
{
    char tok[32];
    if (!field(ps, tok, sizeof(tok)))
        return false;
    char *endp = NULL;
    errno = 0;
    long long v = strtoll(tok, &endp, 10);
    if (errno || *endp || endp == tok || v < lo || v > hi)
        return fail(ps, "bad number '%s'", tok);
    *out = v;
    return true;
}

static bool double_field(Parser *ps, double *out)
{
    char tok[40];
    if (!field(ps, tok, sizeof(tok)))
        return false;
    char *endp = NULL;
    errno = 0;
    double v = strtod(tok, &endp);
    if (errno || *endp || endp == tok || !isfinite(v) || v < 0)
        return fail(ps, "bad number '%s'", tok);
    *out = v;
    return true;
}

/* The rest of the line, unescaped, as a new string. */
static char *text_rest(Parser *ps)
{
    if (ps->failed)
        return NULL;
    if (ps->line_len > 4 * SESSION_MAX_NOTE_BYTES) {
        fail(ps, "text too long");
        return NULL;
    }
    Buf b = {0};
    for (size_t i = 0; i < ps->line_len; i++) {
        char c = ps->line[i];
        if ((unsigned char)c < 0x20 || c == 0x7f) {
            fail(ps, "control character in text");
            break;
        }
        if (c != '\\') {
            buf_putc(&b, c);
            continue;
        }
        if (++i >= ps->line_len) {
            fail(ps, "bad escape");
            break;
        }
        c = ps->line[i];
        if (c == '\\' || c == 'n' || c == 'r' || c == 't') {
            buf_putc(&b, c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : '\\');
            continue;
        }
        unsigned v = 0;
        bool ok = c == 'x' && i + 2 < ps->line_len;
        for (size_t k = 1; ok && k <= 2; k++) {
            char h = ps->line[i + k];
            unsigned d = h >= '0' && h <= '9'   ? (unsigned)(h - '0')
                         : h >= 'a' && h <= 'f' ? (unsigned)(h - 'a' + 10)
                                                : 16u;
            ok = d < 16;
            v = v * 16 + d;
        }
        if (!ok || v == 0) {
            fail(ps, "bad escape");
            break;
        }
        buf_putc(&b, (char)v);
        i += 2;
    }
    if (!ps->failed && b.len > SESSION_MAX_NOTE_BYTES)
        fail(ps, "text too long");
    if (!ps->failed && !utf8_validate(buf_str(&b), b.len, NULL))
        fail(ps, "text is not UTF-8");
    if (ps->failed) {
        buf_free(&b);
        return NULL;
    }
    ps->line_len = 0;
    return buf_take(&b);
}

/* The stage named `word` (session_stage_name), or -1. */
static int stage_index(const char *word)
{
    for (int i = SESSION_RUNNING; i <= SESSION_DONE; i++)
        if (strcmp(word, session_stage_name((SessionStage)i)) == 0)
            return i;
    return -1;
}

static bool parse_kind(Parser *ps, DeckKind *kind)
{
    static const DeckKind kinds[] = {DECK_KIND_DESIGN, DECK_KIND_RISK, DECK_KIND_ADR,
                                     DECK_KIND_ESTIMATION};
    char tok[32];
    if (!expect(ps, "kind") || !field(ps, tok, sizeof(tok)) || !line_done(ps))
        return false;
    for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
        if (strcmp(tok, deck_kind_name(kinds[i])) == 0) {
            *kind = kinds[i];
            return true;
        }
    }
    return fail(ps, "unknown kind '%s'", tok);
}

/* Checks the phases' times against the stage, current phase and active time. */
static bool check_phases(Parser *ps, const Session *s, int64_t act)
{
    bool running = s->stage == SESSION_RUNNING;
    int64_t prev_end = 0;
    bool begun_prefix = true;
    for (size_t i = 0; i < s->phase_count; i++) {
        const SessionPhase *p = &s->phases[i];
        bool begun = p->begin_ms >= 0;
        if (!begun) {
            if (p->end_ms != -1 || p->overran || p->auto_advanced || p->answered)
                return fail(ps, "phase %zu: times of a phase not begun", i);
            if (i == 0 || (running && i <= s->current))
                return fail(ps, "phase %zu: not begun", i);
            begun_prefix = false;
            continue;
        }
        if (!begun_prefix || (running && i > s->current))
            return fail(ps, "phase %zu: begun out of order", i);
        if (p->begin_ms < prev_end || p->begin_ms > act)
            return fail(ps, "phase %zu: bad begin time", i);
        bool open = running && i == s->current && !s->revealed;
        if (open ? p->end_ms != -1 : (p->end_ms < p->begin_ms || p->end_ms > act))
            return fail(ps, "phase %zu: bad end time", i);
        if (p->auto_advanced && !p->overran)
            return fail(ps, "phase %zu: advanced without overrunning", i);
        prev_end = p->end_ms >= 0 ? p->end_ms : act;
    }
    return true;
}

static bool check_session(Parser *ps, Session *s, int64_t clock)
{
    if (ps->failed)
        return false;
    bool running = s->stage == SESSION_RUNNING;
    if (s->kind == DECK_KIND_ESTIMATION && s->stage != SESSION_RUNNING && s->stage != SESSION_DONE)
        return fail(ps, "estimation has no stage '%s'", session_stage_name(s->stage));
    if (running ? s->current >= s->phase_count : s->current > s->phase_count)
        return fail(ps, "bad current phase");
    if (s->revealed && (!running || s->kind != DECK_KIND_ESTIMATION))
        return fail(ps, "revealed outside an estimation question");
    int64_t paused = 0, last = 0;
    for (size_t i = 0; i < s->pause_count; i++) {
        const SessionPause *p = &s->pauses[i];
        bool open = p->end_ms == -1;
        if (p->begin_ms < last || p->begin_ms > clock ||
            (open ? !running || i + 1 != s->pause_count
                  : p->end_ms < p->begin_ms || p->end_ms > clock))
            return fail(ps, "pause %zu: bad times", i);
        paused += (open ? clock : p->end_ms) - p->begin_ms;
        last = open ? clock : p->end_ms;
    }
    int64_t act = clock - paused;
    if (running ? s->finished_ms != -1 : s->finished_ms < 0 || s->finished_ms > act)
        return fail(ps, "bad finish time");
    if (!running)
        act = s->finished_ms;
    if (!check_phases(ps, s, act))
        return false;
    if (s->kind != DECK_KIND_DESIGN && s->curveball_ms != -1)
        return fail(ps, "a curveball outside a design drill");
    if (s->curveball_shown_ms != -1 &&
        (s->curveball_shown_ms != s->curveball_ms || s->curveball_shown_ms > act))
        return fail(ps, "bad curveball time");
    int lo, hi;
    session_score_range(s, &lo, &hi);
    for (size_t i = 0; i < s->score_count; i++)
        if (s->scores[i] != -1 && (s->scores[i] < lo || s->scores[i] > hi))
            return fail(ps, "score %zu out of range", i);
    if ((s->stage == SESSION_MISSED || s->stage == SESSION_DONE) &&
        s->kind != DECK_KIND_ESTIMATION && !session_all_scored(s))
        return fail(ps, "scores missing past the scoring stage");
    return true;
}

static bool parse_phase(Parser *ps, Session *s, size_t i)
{
    SessionPhase *p = &s->phases[i];
    int64_t v[5];
    if (!expect(ps, "phase") || !int_field(ps, 1, MAX_PLANNED_MS, &v[0]) ||
        !int_field(ps, -1, MAX_CLOCK_MS, &v[1]) || !int_field(ps, -1, MAX_CLOCK_MS, &v[2]) ||
        !int_field(ps, 0, 1, &v[3]) || !int_field(ps, 0, 1, &v[4]))
        return false;
    p->planned_ms = v[0];
    p->begin_ms = v[1];
    p->end_ms = v[2];
    p->overran = v[3] != 0;
    p->auto_advanced = v[4] != 0;
    if (s->kind == DECK_KIND_ESTIMATION) {
        int64_t kind, rate;
        if (!double_field(ps, &p->reference.value) || !int_field(ps, 0, QTY_DOLLARS, &kind) ||
            !int_field(ps, 0, QTY_PER_SECOND, &rate))
            return false;
        p->has_reference = true;
        p->reference.kind = (QuantityKind)kind;
        p->reference.rate = (QuantityRate)rate;
    }
    return line_done(ps);
}

Err session_parse(const char *text, size_t len, int64_t now_ms, int64_t wall_ms, Session **out,
                  char *why, size_t cap)
{
    *out = NULL;
    if (cap > 0)
        why[0] = '\0';
    Parser ps = {.p = text, .end = text + len, .why = why, .cap = cap};
    Session *s = NULL;
    DeckKind kind = DECK_KIND_DESIGN;
    int64_t v = 0, grace = 0, clock = 0, saved_wall = 0, current = 0, revealed = 0;
    int64_t finished = 0, curveball = 0, shown = 0, phases = 0;
    char tok[32];
    if (!expect(&ps, FORMAT_MAGIC) || !line_done(&ps) || !parse_kind(&ps, &kind) ||
        !expect(&ps, "stage") || !field(&ps, tok, sizeof(tok)) || !line_done(&ps))
        goto fail;
    int stage = stage_index(tok);
    if (stage < 0) {
        fail(&ps, "unknown stage '%s'", tok);
        goto fail;
    }
    if (!expect(&ps, "grace") || !int_field(&ps, -1, MAX_PLANNED_MS, &grace) || !line_done(&ps) ||
        !expect(&ps, "clock") || !int_field(&ps, 0, MAX_CLOCK_MS, &clock) || !line_done(&ps) ||
        !expect(&ps, "wall") || !int_field(&ps, 0, INT64_MAX, &saved_wall) || !line_done(&ps) ||
        !expect(&ps, "current") || !int_field(&ps, 0, SESSION_MAX_PHASES, &current) ||
        !int_field(&ps, 0, 1, &revealed) || !line_done(&ps) || !expect(&ps, "finished") ||
        !int_field(&ps, -1, MAX_CLOCK_MS, &finished) || !line_done(&ps) ||
        !expect(&ps, "curveball") || !int_field(&ps, -1, MAX_CLOCK_MS, &curveball) ||
        !int_field(&ps, -1, MAX_CLOCK_MS, &shown) || !line_done(&ps) || !expect(&ps, "phases") ||
        !int_field(&ps, 1, SESSION_MAX_PHASES, &phases) || !line_done(&ps))
        goto fail;
    if ((kind == DECK_KIND_DESIGN && phases != DRILL_PHASES) ||
        ((kind == DECK_KIND_RISK || kind == DECK_KIND_ADR) && phases != 1)) {
        fail(&ps, "%lld phases for a %s drill", (long long)phases, deck_kind_name(kind));
        goto fail;
    }
    s = session_alloc(kind, (size_t)phases);
    s->stage = (SessionStage)stage;
    s->grace_ms = grace;
    s->current = (size_t)current;
    s->revealed = revealed != 0;
    s->finished_ms = finished;
    s->curveball_ms = curveball;
    s->curveball_shown_ms = shown;
    for (size_t i = 0; i < s->phase_count; i++)
        if (!parse_phase(&ps, s, i))
            goto fail;
    if (!expect(&ps, "notes") || !int_field(&ps, 0, SESSION_MAX_PHASES, &v) || !line_done(&ps))
        goto fail;
    if ((size_t)v != s->note_count) {
        fail(&ps, "wrong number of notes");
        goto fail;
    }
    for (size_t i = 0; i < s->note_count; i++) {
        char *note = expect(&ps, "note") ? text_rest(&ps) : NULL;
        if (!note)
            goto fail;
        free(s->notes[i]);
        s->notes[i] = note;
    }
    session_link_notes(s);
    if (!expect(&ps, "pauses") || !int_field(&ps, 0, 100000, &v) || !line_done(&ps))
        goto fail;
    s->pause_count = (size_t)v;
    s->pauses = xcalloc(s->pause_count ? s->pause_count : 1, sizeof(*s->pauses));
    for (size_t i = 0; i < s->pause_count; i++) {
        if (!expect(&ps, "pause") || !int_field(&ps, 0, MAX_CLOCK_MS, &s->pauses[i].begin_ms) ||
            !int_field(&ps, -1, MAX_CLOCK_MS, &s->pauses[i].end_ms) || !line_done(&ps))
            goto fail;
    }
    if (!expect(&ps, "scores") || !int_field(&ps, 0, SCORES_MAX, &v))
        goto fail;
    if ((size_t)v != s->score_count) {
        fail(&ps, "wrong number of scores");
        goto fail;
    }
    for (size_t i = 0; i < s->score_count; i++) {
        if (!int_field(&ps, -1, 4, &v))
            goto fail;
        s->scores[i] = (int)v;
    }
    if (!line_done(&ps) || !expect(&ps, "missed"))
        goto fail;
    char *missed = text_rest(&ps);
    if (!missed)
        goto fail;
    free(s->missed);
    s->missed = missed;
    if (!expect(&ps, "end") || !line_done(&ps))
        goto fail;
    if (ps.p != ps.end) {
        fail(&ps, "text after the end");
        goto fail;
    }
    if (!check_session(&ps, s, clock))
        goto fail;
    for (size_t i = 0; i < s->phase_count; i++)
        if (s->kind == DECK_KIND_ESTIMATION && s->phases[i].end_ms >= 0)
            session_check_answer(&s->phases[i]);
    for (size_t i = 0; i < s->pause_count; i++)
        if (s->pauses[i].end_ms >= 0)
            s->paused_closed_ms += s->pauses[i].end_ms - s->pauses[i].begin_ms;

    /* The time the app was closed: paused from the save on, so nothing runs until the user
     * resumes. The wall clock measures the gap; the session clock goes on from there. */
    int64_t gap = wall_ms > saved_wall ? wall_ms - saved_wall : 0;
    if (gap > MAX_CLOCK_MS)
        gap = MAX_CLOCK_MS;
    if (s->stage == SESSION_RUNNING && !session_is_paused(s)) {
        s->pauses = xrealloc(s->pauses, (s->pause_count + 1) * sizeof(*s->pauses));
        s->pauses[s->pause_count++] = (SessionPause){clock, -1};
    }
    s->clock_ms = clock + gap;
    s->base_ms = now_ms - s->clock_ms;
    *out = s;
    return ERR_OK;

fail:
    if (!ps.failed)
        fail(&ps, "malformed");
    session_free(s);
    return ERR_PARSE;
}
