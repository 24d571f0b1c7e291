#!/usr/bin/env bash
# End-to-end: a whole 45-minute design drill in the real binary under Xvfb, with the app's
# clock running 300 times faster (ARCHDRILL_TIME_SCALE): d opens the drills, Enter starts
# the suggested one, notes are typed, the phases run out and advance on their own, then the
# self-score (3 on every dimension), "what I missed", and the saved attempt is checked in
# the database.
# usage: drill.sh ARCHDRILL_BINARY OUTPUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
data=$(mktemp -d)
display=:$((200 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
cleanup() {
    kill "$xvfb" 2>/dev/null || true
    [ -n "${app:-}" ] && kill "$app" 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT
export DISPLAY=$display
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

ARCHDRILL_TIME_SCALE=300 "$bin" --data-dir "$data" >"$out/drill.log" 2>&1 &
app=$!
for _ in $(seq 100); do
    xdotool search --name '^archdrill$' >/dev/null 2>&1 && break
    sleep 0.1
done
sleep 0.5
xdotool key d
sleep 0.4
xdotool key Return
sleep 0.4
xdotool type --delay 20 "Requirements: 100M users"
sleep 0.3
import -window root "$out/drill-running.png"
# 45 minutes of phases plus 30 s of grace after each: under 10 s at 300x.
sleep 11
import -window root "$out/drill-reference.png"
xdotool key Return
sleep 0.4
for _ in 1 2 3 4 5 6 7 8; do xdotool key 3; sleep 0.1; done
xdotool key Return
sleep 0.3
xdotool type --delay 20 "missed the curveball"
xdotool key ctrl+Return
sleep 0.6
import -window root "$out/drill-saved.png"
xdotool key ctrl+q
for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
wait "$app" || { echo "FAIL: non-zero exit"; cat "$out/drill.log"; exit 1; }
app=

db="$data/archdrill.db"
status=$(sqlite3 "$db" "SELECT status FROM drill_attempts")
scores=$(sqlite3 "$db" "SELECT count(*) FROM drill_attempt_scores WHERE score = 3")
missed=$(sqlite3 "$db" "SELECT missed FROM drill_attempts")
notes=$(sqlite3 "$db" "SELECT count(*) FROM drill_attempts WHERE session LIKE '%100M users%'")
echo "status: $status, scores of 3: $scores, missed: '$missed', notes kept: $notes"
[ "$status" = done ] || { echo "FAIL: attempt not done"; exit 1; }
[ "$scores" = 8 ] || { echo "FAIL: expected 8 scores"; exit 1; }
[ "$missed" = "missed the curveball" ] || { echo "FAIL: 'what I missed' not saved"; exit 1; }
[ "$notes" = 1 ] || { echo "FAIL: the notes were not saved"; exit 1; }
echo "1 passed, 0 failed"
