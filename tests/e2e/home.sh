#!/usr/bin/env bash
# End-to-end: the real binary in a real X server. Opens the app on the shipped decks with
# a fresh data folder, moves the selection with the keyboard and checks the highlighted
# row's colour in a screenshot, studies two cards with the keyboard (s, Space, 3, Space,
# 1), quits with Ctrl+Q, then checks the review log, the database and the start-up
# backup it left behind.
# usage: home.sh ARCHDRILL_BINARY OUTPUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
data=$(mktemp -d)
display=:$((90 + RANDOM % 100))
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

"$bin" --data-dir "$data" >"$out/app.log" 2>&1 &
app=$!
# Wait for the window to be mapped.
for _ in $(seq 100); do
    xdotool search --name '^archdrill$' >/dev/null 2>&1 && break
    sleep 0.1
done
xdotool search --name '^archdrill$' >/dev/null || { echo "FAIL: no window"; exit 1; }
sleep 0.5
xdotool key Down
sleep 0.5
import -window root "$out/home.png"

# The window (1100x720) is centred on the 1280x800 screen at (90, 40); with Down pressed
# once, the second deck row (window y 177..213) carries the selection colour.
pixel() { convert "$out/home.png" -format "%[pixel:p{$1,$2}]" info:; }
second=$(pixel 600 235)
first=$(pixel 600 197)
echo "second row: $second, first row: $first"
case "$second" in *"225,234,250"*) ;; *) echo "FAIL: second row not highlighted"; exit 1 ;; esac
case "$first" in *"225,234,250"*) echo "FAIL: first row still highlighted"; exit 1 ;; esac

# Study: s opens the review, Space shows the back, 3 = Good, then Space and 1 = Again.
xdotool key Up s
sleep 0.4
xdotool key space
sleep 0.4
import -window root "$out/review.png"
xdotool key 3
sleep 0.3
xdotool key space
sleep 0.3
xdotool key 1
sleep 0.3
xdotool key Escape
sleep 0.3

xdotool key ctrl+q
for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app" 2>/dev/null; then echo "FAIL: Ctrl+Q did not quit"; exit 1; fi
wait "$app" || { echo "FAIL: non-zero exit"; cat "$out/app.log"; exit 1; }
app=

cards=$(sqlite3 "$data/archdrill.db" 'SELECT count(*) FROM cards WHERE retired = 0')
mode=$(stat -c %a "$data/archdrill.db")
journal=$(sqlite3 "$data/archdrill.db" 'PRAGMA journal_mode')
backups=$(ls "$data/backups" | wc -l)
ratings=$(sqlite3 "$data/archdrill.db" 'SELECT group_concat(rating, " ") FROM (SELECT rating FROM review_log ORDER BY id)')
echo "cards: $cards, mode: $mode, journal: $journal, backups: $backups, ratings: $ratings"
[ "$ratings" = "3 1" ] || { echo "FAIL: review log holds '$ratings', expected '3 1'"; exit 1; }
[ "$cards" -gt 0 ] || { echo "FAIL: no cards synced"; exit 1; }
[ "$mode" = 600 ] || { echo "FAIL: database mode $mode"; exit 1; }
[ "$journal" = wal ] || { echo "FAIL: journal mode $journal"; exit 1; }
[ "$backups" -ge 1 ] || { echo "FAIL: no start-up backup"; exit 1; }
echo "1 passed, 0 failed"
