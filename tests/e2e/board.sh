#!/usr/bin/env bash
# End-to-end: the whiteboard in the real binary under Xvfb, drawn on with xdotool mouse
# drags: w opens the boards, n a new one; a rectangle (R), a service stencil (K, a click),
# an arrow (A) from the rectangle to the stencil, and a pen stroke (P). Then a second
# stroke is begun and the app is killed with SIGKILL in the middle of it: the database
# must hold every finished element, the arrow bound at both ends, and no half stroke.
# usage: board.sh ARCHDRILL_BINARY OUTPUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
data=$(mktemp -d)
app=
xvfb=
cleanup() {
    [ -n "$app" ] && kill -9 "$app" 2>/dev/null || true
    [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    exit 1
}

# A display number Xvfb picks itself, so parallel runs never share one.
exec 3< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null)
xvfb=$(pgrep -n -x Xvfb || true)
read -r -t 20 number <&3 || fail "Xvfb did not start"
export DISPLAY=:$number

"$bin" --data-dir "$data" >"$out/board.log" 2>&1 &
app=$!
for _ in $(seq 200); do
    xdotool search --name '^archdrill$' >/dev/null 2>&1 && break
    sleep 0.1
done
xdotool search --name '^archdrill$' >/dev/null 2>&1 || fail "no window"
sleep 0.5

# The 1100x720 window is centred at (90, 40); under its 44-pixel bar the canvas shows
# board point (0, 0) at its centre: screen (640, 422). Board units are pixels at 100%.
ox=640
oy=422
drag() { # x0 y0 x1 y1 (board units)
    xdotool mousemove $((ox + $1)) $((oy + $2)) mousedown 1
    for i in 1 2 3 4 5 6; do
        xdotool mousemove $((ox + $1 + ($3 - $1) * i / 6)) $((oy + $2 + ($4 - $2) * i / 6))
        sleep 0.03
    done
    xdotool mouseup 1
    sleep 0.2
}

xdotool key w
sleep 0.4
xdotool key n
sleep 0.5
xdotool key r
drag -300 -60 -140 40
xdotool key k
sleep 0.2
xdotool mousemove $((ox + 200)) $((oy - 10)) click 1
sleep 0.3
xdotool key a
drag -220 -10 190 -10
xdotool key p
xdotool mousemove $((ox - 200)) $((oy + 150)) mousedown 1
for i in $(seq 1 25); do
    xdotool mousemove $((ox - 200 + i * 12)) $((oy + 150 + (i % 5) * 8))
    sleep 0.02
done
xdotool mouseup 1
sleep 0.4
import -window root "$out/board.png"

# A second stroke, killed mid-way: it was never finished, so it is never saved.
xdotool mousemove $((ox + 50)) $((oy + 200)) mousedown 1
for i in $(seq 1 10); do
    xdotool mousemove $((ox + 50 + i * 10)) $((oy + 200 + i * 3))
    sleep 0.02
done
import -window root "$out/board-mid-stroke.png"
kill -9 "$app"
wait "$app" 2>/dev/null || true
app=
xdotool mouseup 1 || true

db="$data/archdrill.db"
kinds=$(sqlite3 "$db" "SELECT kind FROM board_elements ORDER BY kind" | tr '\n' ' ')
echo "elements after SIGKILL: $kinds"
[ "$(sqlite3 "$db" "SELECT count(*) FROM boards")" = 1 ] || fail "expected one board"
[ "$(sqlite3 "$db" "SELECT count(*) FROM board_elements WHERE kind = 'rect'")" = 1 ] ||
    fail "the rectangle was lost"
[ "$(sqlite3 "$db" "SELECT count(*) FROM board_elements WHERE kind = 'stencil'")" = 1 ] ||
    fail "the stencil was lost"
[ "$(sqlite3 "$db" "SELECT count(*) FROM board_elements WHERE kind = 'freehand'")" = 1 ] ||
    fail "expected exactly the finished stroke"
arrow=$(sqlite3 "$db" "SELECT data FROM board_elements WHERE kind = 'arrow'")
[ -n "$arrow" ] || fail "the arrow was lost"
echo "arrow: $arrow"
case "$arrow" in *'"start"'*'"end"'*) ;; *) fail "the arrow is not bound at both ends" ;; esac

# The app opens again on the same collection, and the board is there.
"$bin" --data-dir "$data" >>"$out/board.log" 2>&1 &
app=$!
for _ in $(seq 200); do
    xdotool search --name '^archdrill$' >/dev/null 2>&1 && break
    sleep 0.1
done
sleep 0.5
xdotool key w
sleep 0.3
xdotool key Down Return
sleep 0.5
import -window root "$out/board-reopened.png"
xdotool key ctrl+q
for _ in $(seq 100); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
kill -0 "$app" 2>/dev/null && fail "Ctrl+Q did not quit"
wait "$app" || fail "non-zero exit"
app=
echo "1 passed, 0 failed"
