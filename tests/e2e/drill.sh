#!/usr/bin/env bash
# End-to-end: a whole 45-minute design drill in the real binary under Xvfb, with the app's
# clock running 300 times faster (ARCHDRILL_TIME_SCALE): d opens the drills, Enter starts
# the suggested one, notes are typed, the drill is paused and resumed (Ctrl+P), the phases
# run out and advance on their own, then the self-score (3 on every dimension), "what I
# missed", and the saved attempt is checked in the database: its status, scores, notes,
# six phases that each took time, and the pause.
#
# Every wait is bounded and says what it waited for: Xvfb picks a free display itself
# (-displayfd), the window must appear within 20 s, each step is confirmed in the database
# the app saves as it goes, and the app must exit within 10 s of Ctrl+Q.
# usage: drill.sh ARCHDRILL_BINARY OUTPUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
tmp=$(mktemp -d)
data=$tmp/data
db=$data/archdrill.db
xvfb=
app=
cleanup() {
    if [ -n "$app" ]; then kill -KILL "$app" 2>/dev/null || true; fi
    if [ -n "$xvfb" ]; then kill "$xvfb" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    if [ -n "${DISPLAY:-}" ]; then import -window root "$out/drill-fail.png" 2>/dev/null || true; fi
    if [ -f "$out/drill.log" ]; then cat "$out/drill.log"; fi
    if [ -f "$db" ]; then sqlite3 "$db" "SELECT id, status, saved_ms, replace(substr(session, 1, 120), char(10), ' | ') FROM drill_attempts"; fi
    exit 1
}
# Read-only, so that a read while the app runs never checkpoints or removes its WAL.
sql() { sqlite3 -readonly -cmd '.timeout 5000' "$db" "$1"; }
# chord MOD KEY: holds MOD down across a pause, so the app reads the modifier with the key
# however late it gets to the events.
chord() {
    xdotool keydown "$1"
    sleep 0.1
    xdotool key "$2"
    sleep 0.1
    xdotool keyup "$1"
}
# wait_sql SECONDS EXPECTED QUERY WHAT: polls the database until QUERY prints EXPECTED.
wait_sql() {
    local end=$((SECONDS + $1))
    while [ "$(sql "$3" 2>/dev/null || true)" != "$2" ]; do
        kill -0 "$app" 2>/dev/null || fail "the app exited while waiting for: $4"
        [ "$SECONDS" -lt "$end" ] ||
            fail "$4 (after $1 s the query gives '$(sql "$3" 2>&1 || true)', expected '$2')"
        sleep 0.1
    done
}
# chord_until MOD KEY EXPECTED QUERY WHAT: presses MOD+KEY until QUERY prints EXPECTED,
# up to three times 3 s apart (a key press can be lost while the app renders flat out at
# 300x; each retry first checks that the last one has not landed).
chord_until() {
    for _ in 1 2 3; do
        chord "$1" "$2"
        local end=$((SECONDS + 3))
        while [ "$SECONDS" -lt "$end" ]; do
            [ "$(sql "$4" 2>/dev/null || true)" = "$3" ] && return 0
            sleep 0.1
        done
    done
    fail "$5 (the query gives '$(sql "$4" 2>&1 || true)', expected '$3')"
}

# Xvfb chooses a free display and writes its number once it accepts connections.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" >"$out/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 100); do
    grep -qx '[0-9][0-9]*' "$tmp/display" 2>/dev/null && break
    kill -0 "$xvfb" 2>/dev/null || { cat "$out/xvfb.log"; fail "Xvfb exited"; }
    sleep 0.1
done
grep -qx '[0-9][0-9]*' "$tmp/display" || fail "Xvfb gave no display within 10 s"
export DISPLAY=:$(cat "$tmp/display")

ARCHDRILL_TIME_SCALE=300 "$bin" --data-dir "$data" >"$out/drill.log" 2>&1 &
app=$!
wid=
for _ in $(seq 200); do
    wid=$(xdotool search --onlyvisible --name '^archdrill$' 2>/dev/null | head -n 1) || true
    [ -n "$wid" ] && break
    kill -0 "$app" 2>/dev/null || fail "the app exited before its window appeared"
    sleep 0.1
done
[ -n "$wid" ] || fail "no archdrill window within 20 s"
# Give it the keyboard (there is no window manager) and let the first frame settle.
xdotool windowfocus "$wid" 2>/dev/null || true
xdotool mousemove --window "$wid" 20 20 || true
sleep 0.5

xdotool key d
sleep 0.4
xdotool key Return
wait_sql 10 1 "SELECT count(*) FROM drill_attempts" "d, Enter to start the suggested drill"
xdotool type --delay 20 "Requirements: 100M users"
# A pause during a phase: recorded, and the attempt saved as paused while it lasts.
chord_until ctrl p paused "SELECT status FROM drill_attempts" "Ctrl+P to pause"
sleep 1
import -window root "$out/drill-running.png"
chord_until ctrl p running "SELECT status FROM drill_attempts" "Ctrl+P to resume"
# 45 minutes of phases plus 30 s of grace after each: about 10 s at 300x.
wait_sql 40 1 "SELECT count(*) FROM drill_attempts WHERE session LIKE '%stage reference%'" \
    "the phases to run out and show the reference"
import -window root "$out/drill-reference.png"
xdotool key Return
sleep 0.4
for _ in 1 2 3 4 5 6 7 8; do
    xdotool key 3
    sleep 0.1
done
wait_sql 5 1 "SELECT count(*) FROM drill_attempts WHERE session LIKE '%scores 8 3 3 3 3 3 3 3 3%'" \
    "the eight scores of 3"
xdotool key Return
wait_sql 5 1 "SELECT count(*) FROM drill_attempts WHERE session LIKE '%stage missed%'" \
    "Enter to go on to what I missed"
xdotool type --delay 20 "missed the curveball"
chord_until ctrl Return done "SELECT status FROM drill_attempts" "Ctrl+Enter to save the attempt"
sleep 0.3
import -window root "$out/drill-saved.png"

chord ctrl q
for _ in $(seq 100); do
    kill -0 "$app" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$app" 2>/dev/null; then
    kill -KILL "$app" 2>/dev/null || true
    fail "the app did not exit within 10 s of Ctrl+Q"
fi
status=0
wait "$app" || status=$?
app=
[ "$status" = 0 ] || fail "the app exited with status $status"

status=$(sql "SELECT status FROM drill_attempts")
scores=$(sql "SELECT count(*) FROM drill_attempt_scores WHERE score = 3")
missed=$(sql "SELECT missed FROM drill_attempts")
notes=$(sql "SELECT count(*) FROM drill_attempts WHERE session LIKE '%100M users%'")
phases=$(sql "SELECT json_array_length(phases) FROM drill_attempts")
timed=$(sql "SELECT count(*) FROM drill_attempts, json_each(drill_attempts.phases)
             WHERE json_extract(value, '\$.used_ms') > 0")
pauses=$(sql "SELECT count(*) FROM drill_attempts, json_each(drill_attempts.pauses)
              WHERE json_extract(value, '\$[1]') > json_extract(value, '\$[0]')")
echo "status: $status, scores of 3: $scores, missed: '$missed', notes kept: $notes," \
    "phases: $phases ($timed timed), pauses: $pauses"
[ "$status" = done ] || fail "attempt not done"
[ "$scores" = 8 ] || fail "expected 8 scores"
[ "$missed" = "missed the curveball" ] || fail "'what I missed' not saved"
[ "$notes" = 1 ] || fail "the notes were not saved"
[ "$phases" = 6 ] || fail "expected 6 phases, got $phases"
[ "$timed" = 6 ] || fail "expected 6 phases with a time > 0, got $timed"
[ "$pauses" -ge 1 ] || fail "no pause recorded"
echo "1 passed, 0 failed"
