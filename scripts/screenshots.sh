#!/usr/bin/env bash
# Runs the real till window under Xvfb, drives the main flows from the keyboard (as a
# cashier without a mouse would: typing, Enter, Esc, Tab, F1-F5, F12) and saves a
# screenshot of every screen, in Persian and in English, into docs/screenshots/.
#
#   apt-get install -y xvfb xdotool imagemagick x11-utils
#   cargo build --release --workspace && scripts/screenshots.sh   (vafa and vafa-hq)
#
# Env: VAFA_BIN (default target/release/vafa), OUT (default docs/screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VAFA_BIN:-target/release/vafa}
HQBIN=${VAFA_HQ_BIN:-target/release/vafa-hq}
OUT=${OUT:-docs/screenshots}
mkdir -p "$OUT"
WORK=$(mktemp -d)
DISP=${SCREENSHOT_DISPLAY:-:93}
Xvfb "$DISP" -screen 0 1280x800x24 >/dev/null 2>&1 &
XVFB=$!
export DISPLAY=$DISP
APP=
cleanup() {
    [ -n "$APP" ] && kill "$APP" 2>/dev/null || true
    kill "$XVFB" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
sleep 1

window() { xwininfo -root -tree | awk '/"(وفا|Vafa) — / {print $1; exit}'; }
start_app() {
    VAFA_SIMULATED_READER=1 "$BIN" --data-dir "$1" >"$WORK/app.log" 2>&1 &
    APP=$!
    local w=
    for _ in $(seq 100); do
        w=$(window)
        [ -n "$w" ] && break
        sleep 0.1
    done
    [ -n "$w" ] || { echo "the window did not open"; cat "$WORK/app.log"; exit 1; }
    sleep 1.5
    xdotool windowfocus "$w"
}
stop_app() {
    kill "$APP" 2>/dev/null || true
    wait "$APP" 2>/dev/null || true
    APP=
}
shot() {
    sleep "${2:-0.8}"
    import -window root "$OUT/$1.png"
    echo "$OUT/$1.png"
}
typ() { xdotool type --delay 110 "$1"; }      # a person's pace
scan() { xdotool type --delay 8 "$1"; xdotool key Return; }  # a keyboard-wedge scanner
key() { xdotool key "$@"; }

for L in fa en; do
    # First start: an empty data directory.
    start_app "$WORK/empty-$L"
    [ "$L" = en ] && key F12
    shot "01-first-start-$L"
    xdotool mousemove 640 368 click 1
    shot "02-set-up-a-shop-$L"
    stop_app

    # A demo shop (as `vafa demo` makes it) with one card blocked.
    D="$WORK/demo-$L"
    "$BIN" --data-dir "$D" demo --lang "$L" >/dev/null
    cards=()
    for i in $(seq 0 60); do
        c=$(printf '9826%012d' $((150000000000 + i * 7919)))
        if "$BIN" --data-dir "$D" member show --card "$c" >/dev/null 2>&1; then
            cards+=("$c")
            [ ${#cards[@]} -ge 2 ] && break
        fi
    done
    "$BIN" --data-dir "$D" card block "${cards[1]}" --reason "$( [ "$L" = fa ] && echo 'گم شده' || echo 'reported lost')" >/dev/null

    start_app "$D"
    # A shop made on the command line has no account yet: the first sign-in makes the
    # administrator (name "manager" is filled in).
    typ 1405
    key Return
    sleep 1
    key F9
    shot "03-sign-in-$L"
    typ 1405
    key Return
    shot "04-till-idle-$L"
    scan "${cards[0]}"
    shot "05-till-member-$L"
    typ 250000
    shot "06-till-amount-and-offers-$L"
    key Return
    shot "07-till-result-$L"
    key Escape
    scan 7777000011112222
    shot "08-unknown-card-$L"
    key Escape
    scan "${cards[1]}"
    shot "09-blocked-card-$L"
    key Escape
    key F2
    sleep 0.5
    typ Sara
    key Tab
    typ Rahimi
    key Tab
    typ 0912
    shot "10-enrol-checked-as-typed-$L"
    key Escape
    key F3
    sleep 0.5
    typ 0912
    key Return
    shot "11-member-search-$L"
    key ctrl+a
    scan "${cards[0]}"
    shot "12-member-profile-$L"
    key F4
    shot "13-offers-$L"
    key F5
    shot "14-settings-$L"
    stop_app

    # A member who spent the same credit at two branches while they were apart: a real
    # head office and a second till (branch TEH02), then the member at this till.
    HQDB="sqlite:$WORK/hq-$L.db"
    PORT=$((18470 + RANDOM % 1000))
    "$HQBIN" --database "$HQDB" serve --listen "127.0.0.1:$PORT" >"$WORK/hq.log" 2>&1 &
    HQPID=$!
    sleep 1
    token() { "$HQBIN" --database "$HQDB" terminal add --branch "$1" --name "$1" --json | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
    E="$WORK/second-$L"
    "$BIN" --data-dir "$E" init --shop "$( [ "$L" = fa ] && echo 'کافه' || echo 'Café')" --branch TEH02 --lang "$L" >/dev/null
    "$BIN" --data-dir "$D" hq connect --url "http://127.0.0.1:$PORT" --token "$(token TEH01)" >/dev/null
    "$BIN" --data-dir "$E" hq connect --url "http://127.0.0.1:$PORT" --token "$(token TEH02)" >/dev/null
    OWES=9826150000999999
    "$BIN" --data-dir "$D" member enrol --first "$( [ "$L" = fa ] && echo 'نیکا' || echo 'Nika')" \
        --last "$( [ "$L" = fa ] && echo 'احمدی' || echo 'Ahmadi')" --mobile 09121110000 --card "$OWES" >/dev/null
    "$BIN" --data-dir "$D" sale --card "$OWES" --amount 10000000 >/dev/null
    "$BIN" --data-dir "$D" sync --once >/dev/null
    "$BIN" --data-dir "$E" sync --once >/dev/null
    # Both spend the same credit before either hears of the other's sale.
    "$BIN" --data-dir "$D" sale --card "$OWES" --amount 400000 --redeem 400000 >/dev/null
    "$BIN" --data-dir "$E" sale --card "$OWES" --amount 400000 --redeem 400000 >/dev/null
    for t in "$E" "$D" "$E" "$D"; do "$BIN" --data-dir "$t" sync --once >/dev/null; done
    kill "$HQPID"; wait "$HQPID" 2>/dev/null || true
    start_app "$D"
    typ 1405
    key Return
    sleep 1
    scan "$OWES"
    shot "15-member-owes-$L"
    stop_app
done
