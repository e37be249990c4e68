#!/bin/sh
# The real-kernel GPIO test, inside the arm64 guest: installs emon from its tar.gz as a user would,
# drives gpio-sim lines as a 555 LED head (BCM 4) and a bouncing gas reed (BCM 17) do, and checks
# what emon stored. Each result is one "EMON-RIG:" line on the console, read by the host's run.sh.
set -u
say() { echo "EMON-RIG: $*"; }
failures=0
check() { # NAME ok|fail DETAIL
  if [ "$2" = ok ]; then say "PASS $1: $3"; else say "FAIL $1: $3"; failures=$((failures + 1)); fi
}
ms() { echo $(($(date +%s%N) / 1000000)); }
backend="$(cat /rig/backend)"
# A stored pulse's time may lag the line change by at most this (ms; Pi4J's listener thread under
# emulation), and may precede the recorded change by the ms truncation only.
LATENCY_BOUND_MS=250

# --- gpio-sim: one 58-line bank labelled as a Pi 4's header chip; BCM n is line n ------------------
sim=/sys/kernel/config/gpio-sim/pi
mkdir "$sim" "$sim/bank0"
echo 58 > "$sim/bank0/num_lines"
echo pinctrl-bcm2711 > "$sim/bank0/label"
echo 1 > "$sim/live"
chip="$(ls -d /sys/devices/platform/gpio-sim.*/gpiochip* | head -1)"
LED="$chip/sim_gpio4/pull"
REED="$chip/sim_gpio17/pull"
echo pull-up > "$LED"; echo pull-up > "$REED"
say "gpio-sim $(cat "$sim/bank0/chip_name") label $(cat "$sim/bank0/label") lines 58, backend ${backend:-default}"

# --- install emon as a user would: unpack, drop the meter files into etc/, start -------------------
mkdir -p /opt && tar -xzf /rig/emon.tar.gz -C /opt
E="$(ls -d /opt/*/ | head -1)"; E="${E%/}"
cp /rig/etc/*.cfg "$E/etc/"
if [ -n "$backend" ]; then
  for f in "$E"/etc/org.emon.source.gpio-*.cfg; do echo "backend = $backend" >> "$f"; done
fi
cp "$E/etc/org.emon.source.gpio-main.cfg" /tmp/gpio-main.cfg
EMON_ADMIN_PASSWORD="rig-$(cat /proc/sys/kernel/random/uuid)"
export EMON_ADMIN_PASSWORD EXTRA_JAVA_OPTS="-XX:TieredStopAtLevel=1"
export JAVA_HOME="$(ls -d /usr/lib/jvm/java-17-openjdk-* | head -1)"
started=$(ms)
"$E/bin/start"

api() { busybox wget -q -T 20 -O - --header "X-Access-Token: $TOKEN" "http://127.0.0.1:8181$1" 2>/dev/null; }
login() {
  busybox wget -q -T 90 -O - --header 'Content-Type: application/json' \
    --post-data "{\"username\":\"admin\",\"password\":\"$EMON_ADMIN_PASSWORD\"}" \
    http://127.0.0.1:8181/api/login 2>/dev/null | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}
TOKEN=""
until [ -n "$TOKEN" ] || [ $(($(ms) - started)) -gt 400000 ]; do sleep 2; TOKEN="$(login)"; done
[ -n "$TOKEN" ] || { check emon-start fail "no login within 400 s"; tail -n 40 "$E/data/log/karaf.log"; say "RESULT fail"; exit 1; }
say "FIGURE emon-start-s $(( ($(ms) - started) / 1000 ))"
# source state as /api/v1/status shows it
state() { api /api/v1/status | grep -o "\"name\":\"$1[^\"]*\",\"meterId\":$2,\"state\":\"[A-Z]*\",\"detail\":\"[^\"]*\"" | head -1; }
wait_state() { # NAME METER PATTERN SECONDS
  i=0; while [ $i -lt "$4" ]; do s="$(state "$1" "$2")"; case "$s" in *$3*) return 0;; esac; sleep 1; i=$((i + 1)); done; return 1
}
wait_state "gpio BCM 4 led" 21 '"state":"RUNNING"' 120; say "source led: $(state "gpio BCM 4 led" 21)"
wait_state "gpio BCM 17 reed" 30 '"state":"RUNNING"' 60; say "source reed: $(state "gpio BCM 17 reed" 30)"
ready=$(ms)

# pulses of a meter with from <= t < to, one a line
pulses() { api "/api/v1/meters/$1/pulses?from=$2&to=$3&limit=10000" | sed -n 's/.*"pulses":\[\([^]]*\)\].*/\1/p' | tr ',' '\n' | grep -v '^$'; }
count() { pulses "$@" | wc -l; }
# pairs recorded edges with stored pulses in order; prints the latencies (ms), one a line
latencies() { # EDGES_FILE STORED_FILE
  paste "$1" "$2" | awk 'NF == 2 { printf "%.3f\n", $2 - $1 }'
}
: > /tmp/latency
burst() { # NAME KIND LINE COUNT PERIOD_US ARG [BOUNCE_US] -> /tmp/NAME.edges, /tmp/NAME.stored
  name=$1; shift; meter=21; [ "$1" = reed ] && meter=30
  /rig/edges "$@" > "/tmp/$name.edges"
  sleep 1 # the store commits within 250 ms
  from=$(($(head -1 "/tmp/$name.edges" | cut -d. -f1) - 1)); to=$(ms)
  pulses $meter $from $to > "/tmp/$name.stored"
  lastwindow="$from $to"
}
exact() { # NAME EXPECTED
  got=$(wc -l < "/tmp/$1.stored")
  if [ "$got" -eq "$2" ]; then
    latencies "/tmp/$1.edges" "/tmp/$1.stored" > "/tmp/$1.lat"
    cat "/tmp/$1.lat" >> /tmp/latency
    bad=$(awk -v b=$LATENCY_BOUND_MS '$1 < -1 || $1 > b' "/tmp/$1.lat" | wc -l)
    worst=$(sort -n "/tmp/$1.lat" | tail -1)
    check "$1" ok "$got of $2 pulses stored"
    [ "$bad" -eq 0 ] && check "$1-timing" ok "every pulse within -1..$LATENCY_BOUND_MS ms of its edge (worst $worst ms)" \
      || check "$1-timing" fail "$bad pulses outside -1..$LATENCY_BOUND_MS ms of their edge (worst $worst ms)"
  else
    check "$1" fail "$got pulses stored for $2 edges"
  fi
}

# --- a fresh install following docs/meters.md: no simulated pulse on the GPIO meter -----------------
sleep 10
fresh=$(count 21 0 $(ms))
[ "$fresh" -eq 0 ] && check fresh-install ok "no pulse on meter 21 in the $(( ($(ms) - started) / 1000 )) s before the first edge (simulator: $(state simulator 21 | sed 's/.*"detail"://'))" \
  || check fresh-install fail "$fresh pulses on meter 21 before any edge was driven (simulator: $(state simulator 21))"
test_start=$(ms)

# --- LED head: a steady rate, then fast ------------------------------------------------------------
burst led-steady led "$LED" 40 250000 50000        # 4 imp/s: 14.4 kW at 1000 imp/kWh
power="$(api /api/v1/meters/21/power | sed -n 's/.*"power":\([0-9.]*\).*/\1/p')"
exact led-steady 40
awk -v p="${power:-0}" 'BEGIN { exit !(p > 14400 * 0.85 && p < 14400 * 1.15) }' \
  && check led-power ok "$power W for 4 imp/s at 1000 imp/kWh (14400 W expected, within 15 %)" \
  || check led-power fail "${power:-none} W for 4 imp/s at 1000 imp/kWh (14400 W expected, within 15 %)"
sleep 1
burst led-fast led "$LED" 200 20000 5000           # 50 imp/s, 5 ms low: 180 kW
exact led-fast 200

# --- gas reed: each closing chatters 3 times (2 ms) on closing and on opening ------------------------
burst reed reed "$REED" 20 600000 3 2000
exact reed 20
reed_power="$(api /api/v1/meters/30/power | sed -n 's/.*"power":\([0-9.]*\).*/\1/p')"
awk -v p="${reed_power:-0}" 'BEGIN { exit !(p > 60 * 0.85 && p < 60 * 1.15) }' \
  && check reed-flow ok "$reed_power m3/h for a closing every 0.6 s at 100 imp/m3 (60 expected, within 15 %)" \
  || check reed-flow fail "${reed_power:-none} m3/h for a closing every 0.6 s at 100 imp/m3 (60 expected, within 15 %)"

# --- the highest LED rate counted exactly (a figure, not a check) -------------------------------------
highest=50
for rate in 100 200 300 400; do   # 400/s: 1.25 ms low, just above the 1 ms debounce
  sleep 1
  burst "led-$rate" led "$LED" 200 $((1000000 / rate)) $((500000 / rate))
  got=$(wc -l < "/tmp/led-$rate.stored")
  say "rate $rate imp/s: $got of 200 stored"
  [ "$got" -eq 200 ] || break
  highest=$rate
done
say "FIGURE highest-exact-led-rate $highest"
test_end=$(ms)
sleep 1
total=$(count 21 $test_start $(ms))
driven=$(cat /tmp/led-*.stored | wc -l)
[ "$total" -eq "$driven" ] && check no-mixing ok "meter 21 stored only the driven pulses during the test ($total)" \
  || check no-mixing fail "meter 21 stored $total pulses, $driven inside the driven bursts"

# --- swap: GPIO -> simulator -> GPIO on meter 21 in the running emon ----------------------------------
rm "$E/etc/org.emon.source.gpio-main.cfg"
swap=$(ms)
if wait_state simulator 21 '"state":"RUNNING"' 60; then
  sleep 5
  sim=$(count 21 $swap $(ms))
  [ "$sim" -gt 0 ] && check swap-to-simulator ok "simulator counts meter 21 once its GPIO source is gone ($sim pulses)" \
    || check swap-to-simulator fail "simulator RUNNING but no pulse within 5 s"
else
  check swap-to-simulator fail "simulator still $(state simulator 21) 60 s after the GPIO file was deleted"
fi
cp /tmp/gpio-main.cfg "$E/etc/org.emon.source.gpio-main.cfg"
if wait_state simulator 21 'standing by' 60 && wait_state "gpio BCM 4 led" 21 '"state":"RUNNING"' 60; then
  back=$(ms); sleep 3
  burst led-back led "$LED" 20 100000 20000
  got=$(count 21 $back $(ms))
  [ "$got" -eq 20 ] && check swap-to-gpio ok "back on GPIO: 20 of 20 pulses, no simulated one" \
    || check swap-to-gpio fail "back on GPIO: $got pulses stored for 20 edges"
else
  check swap-to-gpio fail "after restoring the GPIO file: simulator $(state simulator 21), led $(state "gpio BCM 4 led" 21)"
fi

# --- figures -----------------------------------------------------------------------------------------
n=$(wc -l < /tmp/latency)
if [ "$n" -gt 0 ]; then
  sort -n /tmp/latency > /tmp/latency.sorted
  p50=$(sed -n "$(( (n + 1) / 2 ))p" /tmp/latency.sorted)
  p99=$(sed -n "$(( (n * 99 + 99) / 100 ))p" /tmp/latency.sorted)
  say "FIGURE latency-ms p50 $p50 p99 $p99 max $(tail -1 /tmp/latency.sorted) n $n"
fi
grep -E 'WARN|ERROR' "$E/data/log/karaf.log" | grep -i -E 'gpio|simulat|sources count' | tail -n 10 | sed 's/^/EMON-RIG: log: /'
"$E/bin/stop" >/dev/null 2>&1
[ "$failures" -eq 0 ] && say "RESULT pass" || say "RESULT fail ($failures failed)"
