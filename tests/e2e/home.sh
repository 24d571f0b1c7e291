#!/usr/bin/env bash
# End-to-end: the real binary in a real X server. Opens the app on the shipped decks with
# a fresh data folder, moves the selection with the keyboard and checks the highlighted
# row's colour in a screenshot, studies two cards with the keyboard (s, Space, 3, Space,
# 1), quits with Ctrl+Q, then checks the review log, the database and the start-up
# backup it left behind. Xvfb picks a free display itself (-displayfd), the window must
# appear within 20 s and the app must exit within 10 s of Ctrl+Q.
# usage: home.sh ARCHDRILL_BINARY OUTPUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
tmp=$(mktemp -d)
data=$tmp/data
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
    if [ -f "$out/app.log" ]; then cat "$out/app.log"; fi
    exit 1
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

"$bin" --data-dir "$data" >"$out/app.log" 2>&1 &
app=$!
wid=
for _ in $(seq 200); do
    wid=$(xdotool search --onlyvisible --name '^archdrill$' 2>/dev/null | head -n 1) || true
    [ -n "$wid" ] && break
    kill -0 "$app" 2>/dev/null || fail "the app exited before its window appeared"
    sleep 0.1
done
[ -n "$wid" ] || fail "no archdrill window within 20 s"
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
