#!/bin/sh
# The real-kernel GPIO test, inside the arm64 guest: installs emon from its tar.gz as a user would,
# drives gpio-sim lines as a 555 LED head (BCM 4) and a bouncing gas reed (BCM 17) do, and checks
# what emon stored. Each result is one "EMON-RIG:" line on the console, read by the host's run.sh.
#
# One boot checks both GPIO backends: first the one emon picks (or /rig/backend names), then, if
# that was Pi4J, the kernel's uAPI v2 after a configuration change in the running emon; the
# uAPI v2 phase also overflows the kernel's event buffer while the JVM is stopped.
set -u
. /rig/lib.sh
backend="$(cat /rig/backend)"        # empty: no backend key, emon's default (auto)
expected="$(cat /rig/expected-backend)" # what emon must pick on this kernel
# A stored pulse's time may lag the line change by at most this (ms): both backends time an edge
# when the kernel took its interrupt, which under emulation on a busy host can come late (p99 a few
# ms on a quiet one, once 314 ms on a loaded one). It may precede the recorded change by the
# millisecond truncation only.
LATENCY_BOUND_MS=500

# --- gpio-sim: one 58-line bank labelled as the header chip of a Pi 4 or 5; BCM n is line n --------
sim=/sys/kernel/config/gpio-sim/pi
mkdir "$sim" "$sim/bank0"
echo 58 > "$sim/bank0/num_lines"
label="$(cat /rig/label)"   # the header chip's label: pinctrl-bcm2711 on a Pi 4, pinctrl-rp1 on a Pi 5
echo "$label" > "$sim/bank0/label"
echo 1 > "$sim/live"
chip="$(ls -d /sys/devices/platform/gpio-sim.*/gpiochip* | head -1)"
LED="$chip/sim_gpio4/pull"
REED="$chip/sim_gpio17/pull"
echo pull-up > "$LED"; echo pull-up > "$REED"
say "gpio-sim $(cat "$sim/bank0/chip_name") label $(cat "$sim/bank0/label") lines 58, backend ${backend:-default}, expected $expected"

# --- install emon as a user would: unpack, drop the meter files into etc/, start -------------------
# With the power-cut round's disk (run.sh --powercut) emon lives on it, data and all.
on_disk=""; mountpoint -q /disk && on_disk=1
opt=/opt; [ -n "$on_disk" ] && opt=/disk/opt
mkdir -p "$opt" && tar -xzf /rig/emon.tar.gz -C "$opt"
E="$(ls -d "$opt"/*/ | head -1)"; E="${E%/}"
cp /rig/etc/*.cfg "$E/etc/"
if [ -n "$backend" ]; then
  for f in "$E"/etc/org.emon.source.gpio-*.cfg; do echo "backend = $backend" >> "$f"; done
fi
cp "$E/etc/org.emon.source.gpio-main.cfg" /tmp/gpio-main.cfg
EMON_ADMIN_PASSWORD="rig-$(cat /proc/sys/kernel/random/uuid)"
export EMON_ADMIN_PASSWORD
[ -n "$on_disk" ] && { echo "$EMON_ADMIN_PASSWORD" > /disk/rig-password; sync; }
start_emon
# /proc/PID/status of the kernel thread that turns the interrupts of gpio-sim line PULL_FILE into
# events for emon, or nothing (a line the kernel debounces has none): the line driver begins each
# phase once that thread has handled the edge (edges.c, handled)
irq_thread() { # PULL_FILE
  offset=$(basename "$(dirname "$1")"); offset=${offset#sim_gpio}
  for d in /sys/kernel/irq/*; do
    [ "$(cat "$d/hwirq" 2>/dev/null)" = "$offset" ] || continue
    case "$(cat "$d/chip_name" 2>/dev/null)" in *sim*) ;; *) continue;; esac
    [ -n "$(cat "$d/actions" 2>/dev/null)" ] || continue
    for c in /proc/[0-9]*/comm; do
      case "$(cat "$c" 2>/dev/null)" in "irq/${d##*/}-"*) echo "${c%/comm}/status"; return;; esac
    done
  done
}
# pairs recorded edges with stored pulses in order; prints the latencies (ms), one a line
latencies() { # EDGES_FILE STORED_FILE
  paste "$1" "$2" | awk 'NF == 2 { printf "%.3f\n", $2 - $1 }'
}
# Drives a burst; with READ_POWER_AFTER=S set, reads the meter's power three times, a second apart, from S s into it (a reading
# after the burst would have decayed: power falls while no pulse comes) into /tmp/NAME.power.
burst() { # NAME KIND LINE COUNT PERIOD_US ARG [BOUNCE_US] -> /tmp/NAME.edges, /tmp/NAME.stored
  name=$1; shift; meter=21; [ "$1" = reed ] && meter=30
  EDGES_IRQ_THREAD="$(irq_thread "$2")" /rig/edges "$@" > "/tmp/$name.edges" 2> "/tmp/$name.driver" &
  driver=$!
  if [ -n "${READ_POWER_AFTER:-}" ]; then
    sleep "$READ_POWER_AFTER"
    : > "/tmp/$name.power"
    for reading in 1 2 3; do
      read_at=$(ms)
      value=$(api "/api/v1/meters/$meter/power" | sed -n 's/.*"power":\([0-9.]*\).*/\1/p')
      echo "$value $read_at $(ms)" >> "/tmp/$name.power"
      sleep 1
    done
  fi
  wait "$driver"
  say "driver $name: $(tr '\n' ' ' < "/tmp/$name.driver")"
  READ_POWER_AFTER=""
  sleep 1 # the store commits within 250 ms
  from=$(($(head -1 "/tmp/$name.edges" | cut -d. -f1) - 1)); to=$(ms)
  pulses $meter $from $to > "/tmp/$name.stored"
}
exact() { # NAME EXPECTED LATENCY_FILE
  got=$(wc -l < "/tmp/$1.stored")
  if [ "$got" -eq "$2" ]; then
    latencies "/tmp/$1.edges" "/tmp/$1.stored" > "/tmp/$1.lat"
    cat "/tmp/$1.lat" >> "$3"
    bad=$(awk -v b=$LATENCY_BOUND_MS '$1 < -1 || $1 > b' "/tmp/$1.lat" | wc -l)
    worst=$(sort -n "/tmp/$1.lat" | tail -1)
    check "$1" ok "$got of $2 pulses stored"
    [ "$bad" -eq 0 ] && check "$1-timing" ok "every pulse within -1..$LATENCY_BOUND_MS ms of its edge (worst $worst ms)" \
      || check "$1-timing" fail "$bad pulses outside -1..$LATENCY_BOUND_MS ms of their edge (worst $worst ms)"
  else
    check "$1" fail "$got pulses stored for $2 edges"
    diagnose "$1"
  fi
}
# what a failed count looks like: edges and stored pulses in ms after the first edge, the sources'
# and the store's counters
diagnose() { # NAME
  t0=$(head -1 "/tmp/$1.edges" | cut -d. -f1)
  say "diag $1 edges: $(awk -v t="$t0" '{ printf "%d ", $1 - t }' "/tmp/$1.edges" | head -c 1500)"
  say "diag $1 stored: $(awk -v t="$t0" '{ printf "%d ", $1 - t }' "/tmp/$1.stored" | head -c 1500)"
  say "diag status: $(api /api/v1/status | grep -o '"sources":\[[^]]*\]\|"store":{[^}]*}' | tr '\n' ' ' | head -c 2500)"
}
# The power read during burst NAME against the rate driven then: UNITS_PER_HOUR_AT_1_HZ / the
# interval (s) between two edges (the driver may run late under emulation, so the nominal rate is not
# the driven one): the last interval before the request, or one that ended while it was answered (a
# request takes tens to hundreds of ms under emulation, and a paused guest lengthens an interval).
# Three readings a second apart; two must agree within 15 % (a reading the emulated guest delays has
# decayed, as the power falls while no pulse comes).
power_check() { # CHECK NAME UNITS_PER_HOUR_AT_1_HZ UNIT NOMINAL
  results=""; good=0
  while read -r value at answered; do
    expected=$(awk -v at="$at" -v done="$answered" -v k="$3" '{ t[NR] = $1 }
      END { for (i = 2; i <= NR; i++) if (t[i] <= done && (t[i] > at || i == NR || t[i + 1] > at)) printf "%s%.1f", (n++ ? "|" : ""), k * 1000 / (t[i] - t[i - 1]) }' "/tmp/$2.edges")
    results="$results ${value:-none} (${expected:-?})"
    echo "$expected" | tr '|' '\n' | awk -v p="${value:-0}" '$1 > 0 && p > $1 * 0.85 && p < $1 * 1.15 { ok = 1 } END { exit !ok }' && good=$((good + 1))
  done < "/tmp/$2.power"
  [ "$good" -ge 2 ] && check "$1" ok "$4 for $5, read (expected from the intervals driven last before and during the request):$results; $good of 3 within 15 %" \
    || check "$1" fail "$4 for $5, read (expected from the intervals driven last before and during the request):$results; $good of 3 within 15 %"
}
percentiles() { # NAME FILE
  n=$(wc -l < "$2")
  [ "$n" -gt 0 ] || return 0
  sort -n "$2" > "$2.sorted"
  say "FIGURE $1 p50 $(sed -n "$(( (n + 1) / 2 ))p" "$2.sorted") p99 $(sed -n "$(( (n * 99 + 99) / 100 ))p" "$2.sorted") max $(tail -1 "$2.sorted") n $n"
}

# The counting checks, for the backend in use (B): exact LED counts at a steady and a fast rate,
# power, the bouncing reed counted once a closing, gas flow, the highest exact LED rate.
counting() { # B
  b=$1
  : > "/tmp/latency-$b"
  phase_start=$(ms)
  READ_POWER_AFTER=6 burst "led-steady-$b" led "$LED" 40 250000 50000   # 4 imp/s: 14.4 kW at 1000 imp/kWh
  exact "led-steady-$b" 40 "/tmp/latency-$b"
  power_check "led-power-$b" "led-steady-$b" 3600 W "4 imp/s at 1000 imp/kWh (14400 W)"
  sleep 1
  burst "led-fast-$b" led "$LED" 200 20000 10000          # 50 imp/s, 10 ms low (an S0 pulse is 30 ms): 180 kW
  exact "led-fast-$b" 200 "/tmp/latency-$b"
  # each closing chatters 3 times (2 ms) on closing and on opening
  READ_POWER_AFTER=7 burst "reed-$b" reed "$REED" 20 600000 3 2000
  exact "reed-$b" 20 "/tmp/latency-$b"
  power_check "reed-flow-$b" "reed-$b" 36 m3/h "a closing every 0.6 s at 100 imp/m3 (60 m3/h)"
  # the highest LED rate counted exactly (a figure, not a check): 400/s is 1.25 ms low, just
  # above the LED's 1 ms debounce
  highest=50
  for rate in 100 200 300 400; do
    sleep 1
    burst "led-$rate-$b" led "$LED" 200 $((1000000 / rate)) $((500000 / rate))
    got=$(wc -l < "/tmp/led-$rate-$b.stored")
    say "rate $rate imp/s ($b): $got of 200 stored"
    [ "$got" -eq 200 ] || break
    highest=$rate
  done
  say "FIGURE highest-exact-led-rate $b $highest"
  percentiles "latency-ms $b" "/tmp/latency-$b"
  sleep 1
  total=$(count 21 "$phase_start" "$(ms)")
  driven=$(cat /tmp/led-*-"$b".stored | wc -l)
  [ "$total" -eq "$driven" ] && check "no-mixing-$b" ok "meter 21 stored only the driven pulses ($total)" \
    || check "no-mixing-$b" fail "meter 21 stored $total pulses, $driven inside the driven bursts"
  # edge to stored: single pulses, each polled for over REST until it is there (an upper bound:
  # it includes the HTTP round trips, tens of ms under emulation)
  : > "/tmp/stored-latency-$b"
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    sleep 0.3
    /rig/edges led "$LED" 1 20000 10000 > /tmp/single.edges
    edge=$(cut -d. -f1 /tmp/single.edges)
    until [ "$(count 21 $((edge - 2)) $((edge + 1000)))" -ge 1 ] || [ $(($(ms) - edge)) -gt 5000 ]; do sleep 0.01; done
    echo $(($(ms) - edge)) >> "/tmp/stored-latency-$b"
  done
  percentiles "edge-to-stored-ms $b" "/tmp/stored-latency-$b"
}

# true while a thread of process $1 is not stopped (state T or t in /proc/PID/task/*/stat)
running_threads() {
  for t in /proc/"$1"/task/*/stat; do
    case "$(sed 's/^.*) //' "$t" 2>/dev/null | cut -d' ' -f1)" in T|t|'') ;; *) return 0;; esac
  done
  return 1
}

# Edges the kernel could not buffer while emon was stopped: the uAPI v2 backend reports them by
# sequence number. 600 pulses are 1200 edges; the line's kernel buffer holds 1024 events.
overflow() {
  java="$(pgrep -x java | head -1)"
  before=$(state "gpio BCM 4 led" 21 | sed -n 's/.*"detail":"\([0-9]*\) edges* lost.*/\1/p'); before=${before:-0}
  kill -STOP "$java"
  # kill returns before every thread has stopped; a reader thread still running would take the
  # first edges, so which edges the kernel drops (and the expected counts) would depend on timing
  i=0; while [ $i -lt 500 ] && running_threads "$java"; do sleep 0.01; i=$((i + 1)); done
  say "overflow: java $java $(grep State /proc/"$java"/status | tr '\t' ' '), threads not stopped: $(running_threads "$java" && echo some || echo none)"
  # 20/s with 25 ms phases: under emulation the simulated chip's interrupt work can run so late that
  # a pulse's two edges reach the kernel as one level change (10 ms phases did, once in ~1000 pulses)
  /rig/edges led "$LED" 600 50000 25000 > /tmp/overflow.edges   # for 30 s
  resumed=$(ms)
  kill -CONT "$java"
  sleep 3
  from=$(($(head -1 /tmp/overflow.edges | cut -d. -f1) - 1))
  pulses 21 "$from" "$(ms)" > /tmp/overflow.stored
  stored=$(wc -l < /tmp/overflow.stored)
  # the pulses kept by the kernel are timed when their edges came, before Java ran again
  late=$(awk -v r="$resumed" '$1 >= r' /tmp/overflow.stored | wc -l)
  detail="$(state "gpio BCM 4 led" 21)"
  lost=$(echo "$detail" | sed -n 's/.*"detail":"\([0-9]*\) edges* lost.*/\1/p'); lost=$(( ${lost:-0} - before ))
  if [ "$lost" -gt 0 ] && [ $((stored + lost / 2)) -eq 600 ] && [ $((lost % 2)) -eq 0 ]; then
    check overflow ok "600 pulses while the JVM was stopped: $stored stored, $lost edges reported lost ($stored + $lost/2 = 600)"
  else
    odd=""; [ $((lost % 2)) -eq 1 ] && odd=" (an odd number of edges: the kernel saw two consecutive edges of one direction, so the simulated chip merged a pulse's two edges: emulation ran late)"
    check overflow fail "600 pulses while the JVM was stopped: $stored stored, $lost edges reported lost$odd; state $detail; first edges $(head -2 /tmp/overflow.edges | tr '\n' ' ')last $(tail -1 /tmp/overflow.edges); first stored $(head -2 /tmp/overflow.stored | tr '\n' ' ')last $(tail -1 /tmp/overflow.stored)"
  fi
  [ "$late" -eq 0 ] && check overflow-times ok "the $stored pulses kept by the kernel carry the times of their edges, all before the JVM ran again" \
    || check overflow-times fail "$late of $stored pulses timed after the JVM ran again (when Java read them, not when they came)"
  say "FIGURE overflow stored $stored lost-edges $lost"
}

backend_of() { state "gpio BCM 4 led" 21 | sed -n 's/.*"name":"gpio BCM 4 led (\([a-z0-9]*\))".*/\1/p'; }
wait_state "gpio BCM 4 led" 21 '"state":"RUNNING"' 120; say "source led: $(state "gpio BCM 4 led" 21)"
wait_state "gpio BCM 17 reed" 30 '"state":"RUNNING"' 60; say "source reed: $(state "gpio BCM 17 reed" 30)"
first="$(backend_of)"
[ "$first" = "$expected" ] && check backend ok "emon reads the pins with $first on kernel $(uname -r)" \
  || check backend fail "emon reads the pins with '${first:-nothing}' on kernel $(uname -r), $expected expected"

# --- a fresh install following docs/meters.md: no simulated pulse on the GPIO meter -----------------
sleep 10
fresh=$(count 21 0 "$(ms)")
[ "$fresh" -eq 0 ] && check fresh-install ok "no pulse on meter 21 in the $(( ($(ms) - started) / 1000 )) s before the first edge (simulator: $(state simulator 21 | sed 's/.*"detail"://'))" \
  || check fresh-install fail "$fresh pulses on meter 21 before any edge was driven (simulator: $(state simulator 21))"

counting "${first:-none}"

# --- swap: GPIO -> simulator -> GPIO on meter 21 in the running emon ----------------------------------
rm "$E/etc/org.emon.source.gpio-main.cfg"
swap=$(ms)
if wait_state simulator 21 '"state":"RUNNING"' 60; then
  sleep 5
  simulated=$(count 21 "$swap" "$(ms)")
  [ "$simulated" -gt 0 ] && check swap-to-simulator ok "simulator counts meter 21 once its GPIO source is gone ($simulated pulses)" \
    || check swap-to-simulator fail "simulator RUNNING but no pulse within 5 s"
else
  check swap-to-simulator fail "simulator still $(state simulator 21) 60 s after the GPIO file was deleted"
fi
cp /tmp/gpio-main.cfg "$E/etc/org.emon.source.gpio-main.cfg"
if wait_state simulator 21 'standing by' 60 && wait_state "gpio BCM 4 led" 21 '"state":"RUNNING"' 60; then
  back=$(ms); sleep 3
  burst led-back led "$LED" 20 100000 20000
  got=$(count 21 "$back" "$(ms)")
  [ "$got" -eq 20 ] && check swap-to-gpio ok "back on GPIO: 20 of 20 pulses, no simulated one" \
    || check swap-to-gpio fail "back on GPIO: $got pulses stored for 20 edges"
else
  check swap-to-gpio fail "after restoring the GPIO file: simulator $(state simulator 21), led $(state "gpio BCM 4 led" 21)"
fi

# --- a second source for meter 21 is flagged in both sources' details, never summed silently -------
cat > "$E/etc/org.emon.source.gpio-second.cfg" <<CFG
meter.id = 21
pin = 5
type = led
CFG
if wait_state "gpio BCM 4 led" 21 'sources count meter 21' 60; then
  check two-sources ok "flagged: $(state "gpio BCM 4 led" 21 | sed 's/.*"detail"://')"
else
  check two-sources fail "a second GPIO source for meter 21 not flagged: $(state "gpio BCM 4 led" 21); $(state "gpio BCM 5 led" 21)"
fi
rm "$E/etc/org.emon.source.gpio-second.cfg"
sleep 5

# --- the kernel's uAPI v2, chosen in the running emon if it was not already --------------------------
if [ "$first" != uapi2 ]; then
  for f in "$E"/etc/org.emon.source.gpio-*.cfg; do
    sed -i '/^backend/d' "$f"; echo "backend = uapi2" >> "$f"
  done
  if wait_state "gpio BCM 4 led (uapi2)" 21 '"state":"RUNNING"' 60 && wait_state "gpio BCM 17 reed (uapi2)" 30 '"state":"RUNNING"' 60; then
    check backend-change ok "both sources reopened with uapi2 after the configuration change"
    counting uapi2
  else
    check backend-change fail "after backend = uapi2: led $(state "gpio BCM 4 led" 21), reed $(state "gpio BCM 17 reed" 30)"
  fi
fi
if [ "$(backend_of)" = uapi2 ]; then
  lost0="$(state "gpio BCM 4 led" 21)"
  case "$lost0" in
    *"edges lost"*|*"edge lost"*) check no-lost-edges fail "lost edges reported before the overflow: $lost0";;
    *) check no-lost-edges ok "0 lost edges reported after every counting check";;
  esac
  overflow
fi

grep -E 'WARN|ERROR' "$E/data/log/karaf.log" | grep -i -E 'gpio|simulat|sources count' | tail -n 10 | sed 's/^/EMON-RIG: log: /'
[ "$failures" -eq 0 ] && say "RESULT pass" || say "RESULT fail ($failures failed)"
[ -n "$on_disk" ] || { "$E/bin/stop" >/dev/null 2>&1; exit 0; }

# --- the power-cut round (run.sh --powercut): the host pulls the plug while emon takes pulses ---------
# A client posts numbered batches of 5 pulses (one a second, from three days ago) and reports each
# batch the API acknowledged; the LED line flashes 4/s on and each pulse driven is reported. The
# host kills QEMU at a random moment, boots again and runs powercut-check.sh.
base=$(( $(ms) / 1000 * 1000 - 3 * 86400000 ))
echo "$base" > /disk/rig-ingest-base
sync
TOKEN="$(login)"
say "INGEST base $base"
EDGES_IRQ_THREAD="$(irq_thread "$LED")" /rig/edges led "$LED" 100000 250000 50000 | sed -u 's/^/EMON-RIG: EDGE /' &
k=0
while [ $k -lt 5000 ]; do
  ts=$(awk -v b="$base" -v k=$k 'BEGIN { for (i = 0; i < 5; i++) printf "%s%.0f", (i ? "," : ""), b + (k * 5 + i) * 1000 }')   # %d overflows in mawk
  code=$(curl -s -m 60 -o /tmp/ingest.answer -w '%{http_code}' -X POST -H "X-Access-Token: $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"timestamps\":[$ts]}" http://127.0.0.1:8181/api/v1/meters/21/pulses)
  if [ "$code" = 200 ]; then say "ACK $k"; k=$((k + 1)); else say "NACK $k $code $(head -c 300 /tmp/ingest.answer)"; sleep 1; fi
done
say "INGEST not cut after $k batches"
