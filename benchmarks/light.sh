#!/usr/bin/env bash
# How light and quick the distribution is on this machine, every figure in one run, next to its goal:
#   boot 1 (fresh unpack, idle): JVM start -> first login token; RSS 60 s after the JVM started;
#     then the same after a clean stop of that unpack (a restart: with class-data sharing on, the
#     stop wrote the archive of emon's classes that this start maps);
#   boot 2 (fresh unpack): GET /api/ipu with wrk -t2 -c16 from the first token for 10 s, then after a
#     30 s warm-up; then one year of hourly energy (8,760 buckets of a year of ingested pulses)
#     through REST with 16 concurrent clients;
#   the tar.gz's size.
# Usage: benchmarks/light.sh   (after `mvn install`; needs wrk: `apt-get install -y wrk`)
# Environment: MQTT=1 (with publishing to a private mosquitto on loopback: Debian's package),
# TARBALL (another build to measure), ROUNDS (boots of each kind, default 1; the table shows each), DURATION (seconds per
# warm measurement, 20), EXTRA_JAVA_OPTS (passed to bin/karaf, to try a JVM setting).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
rounds=${ROUNDS:-1}
duration=${DURATION:-20}
source benchmarks/distribution.sh
broker=""
if [ -n "${MQTT:-}" ]; then
  [ -x /usr/sbin/mosquitto ] || { echo "MQTT=1 needs mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
  broker_dir=$(mktemp -d); broker_port=$(free_port)
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$broker_port" > "$broker_dir/mosquitto.conf"
  /usr/sbin/mosquitto -c "$broker_dir/mosquitto.conf" > "$broker_dir/log" 2>&1 &
  broker_pid=$!
  broker=tcp://127.0.0.1:$broker_port
  trap 'cleanup; kill $broker_pid 2>/dev/null || true; rm -rf "$broker_dir"' EXIT
fi
# with MQTT=1: "connected, N messages" from the server's status, or the failure
mqtt_state() {
  curl -s -H "X-Access-Token: $token" "$base/api/v1/status" | grep -o '"name":"mqtt"[^}]*' \
    | sed -n 's/.*"connected":\([a-z]*\).*"messagesSent":\([0-9]*\).*/connected \1, \2 messages sent/p'
}
hz=$(getconf CLK_TCK)
btime=$(awk '/^btime/ {print $2}' /proc/stat)
now_ms() { date +%s%3N; }
# epoch ms at which process $1 started (10 ms resolution)
start_ms() { echo $(( btime * 1000 + $(awk '{print $22}' "/proc/$1/stat") * 1000 / hz )); }
rss_mb() { echo $(( $(awk '/^VmRSS/ {print $2}' "/proc/$1/status") / 1024 )); }

# starts a fresh unpack on free ports; sets $pid, $base, $password, $token and $token_ms (JVM start -> token)
boot() {
  [ -z "$work" ] || { cleanup; work=""; pid=""; }
  unpack_distribution
  local port; port=$(free_port)
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/" "$home/etc/org.ops4j.pax.web.cfg"
  [ ! -f "$home/etc/org.apache.karaf.shell.cfg" ] || sed -i "s/^sshPort *=.*/sshPort = $(free_port)/" "$home/etc/org.apache.karaf.shell.cfg"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  base=http://127.0.0.1:$port
  [ -z "$broker" ] || printf 'broker = %s\nclient.id = emon-light-%s\n' "$broker" "$port" > "$home/etc/org.emon.mqtt.cfg"
  start_server
}

# stops the server as bin/stop or systemd does (SIGTERM: the JVM exits normally, and a build with
# class-data sharing writes its archive), then starts the same unpack again
restart() {
  kill "$pid"
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  ! kill -0 "$pid" 2>/dev/null || { echo "the server did not stop within 60 s" >&2; exit 1; }
  pid=""
  start_server
}

start_server() {
  EMON_ADMIN_PASSWORD=$password "$home/bin/karaf" server > "$work/console.log" 2>&1 &
  pid=""
  while [ -z "$pid" ]; do pid=$(pgrep -f "karaf.base=$home" || true); sleep 0.01; done
  local jvm_start body; jvm_start=$(start_ms "$pid")
  token=""
  while [ -z "$token" ] && [ $(( $(now_ms) - jvm_start )) -lt 90000 ]; do
    body=$(curl -s -m 2 -X POST -H 'Content-Type: application/json' \
      -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/api/login" || true)
    case "$body" in *'"token"'*) token=$(sed 's/.*"token":"\([^"]*\)".*/\1/' <<<"$body");; *) sleep 0.02;; esac
  done
  [ -n "$token" ] || { echo "no login within 90 s:" >&2; tail -n 20 "$work/console.log" "$home/data/log/karaf.log" >&2; exit 1; }
  token_ms=$(( $(now_ms) - jvm_start ))
  boot_start=$jvm_start
}

# wrk -> "req/s p99 non2xx"; $1 seconds, $2 connections, $3 path
load() {
  local out
  out=$(wrk -t2 -c"$2" -d"$1s" --timeout 30s --latency -H "X-Access-Token: $token" "$base$3")
  # a failed answer is a finding: what the server logged then goes to stderr
  ! grep -q 'Non-2xx\|Socket errors' <<<"$out" || { echo "$3: $(grep 'Non-2xx\|Socket errors' <<<"$out"); the server's last warnings:" >&2
    grep -E 'WARN|ERROR' "$home/data/log/karaf.log" | tail -n 8 >&2 || true; }
  echo "$(awk '/^Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out") $(awk '/Non-2xx/ {print $NF} /Socket errors/ {print "socket-errors"}' <<<"$out" | paste -sd+)"
}


year="/api/v1/meters/21/energy?from=2025-01-01T00%3A00%3A00Z&to=2026-01-01T00%3A00%3A00Z&resolution=hour&tz=UTC"
echo "emon $(basename "$tarball") ($(stat -c %s "$tarball") bytes), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1)"
echo "EXTRA_JAVA_OPTS: ${EXTRA_JAVA_OPTS:-(none)}; MQTT: ${broker:-off}; load average before: $(cut -d' ' -f1-3 /proc/loadavg); server and wrk share the cores"
declare -a t_token t_rss t_token2 t_rss2 t_first t_warm t_year
for (( r = 1; r <= rounds; r++ )); do
  boot
  t_token+=("$(awk -v ms="$token_ms" 'BEGIN { printf "%.1f s", ms / 1000 }')")
  sleep $(( 60 - ( $(now_ms) - boot_start ) / 1000 ))
  t_rss+=("$(rss_mb "$pid") MB")
  restart
  t_token2+=("$(awk -v ms="$token_ms" 'BEGIN { printf "%.1f s", ms / 1000 }')")
  sleep $(( 60 - ( $(now_ms) - boot_start ) / 1000 ))
  t_rss2+=("$(rss_mb "$pid") MB")

  boot
  read -r rps p99 bad < <(load 10 16 /api/ipu)
  t_first+=("$rps req/s, p99 $p99${bad:+, non-2xx $bad}")
  load 30 16 /api/ipu >/dev/null
  read -r rps p99 bad < <(load "$duration" 16 /api/ipu)
  t_warm+=("$rps req/s, p99 $p99${bad:+, non-2xx $bad}")
  pulses=$(ingest_pulses 21 1735689600000 1767225600000 60000) # 2025 in UTC, one a minute
  answer=$(curl -s -H "X-Access-Token: $token" "$base$year")
  buckets=$(grep -o '"start"' <<<"$answer" | wc -l)
  counted=$(grep -o '"pulses":[0-9]*' <<<"$answer" | cut -d: -f2 | awk '{s += $1} END {print s + 0}')
  [ "$buckets" = 8760 ] && [ "$counted" = "$pulses" ] || { echo "year query: $buckets buckets, $counted of $pulses pulses" >&2; exit 1; }
  load 15 16 "$year" >/dev/null
  read -r rps p99 bad < <(load "$duration" 16 "$year")
  t_year+=("p99 $p99 ($rps req/s${bad:+, non-2xx $bad})")
  rss_loaded="$(rss_mb "$pid") MB"
  if [ -n "$broker" ]; then
    state=$(mqtt_state)
    case "$state" in "connected true, "*) ;; *) echo "MQTT=1 but the server is not publishing: ${state:-no mqtt in /api/v1/status}" >&2; exit 1;; esac
  fi
done
join() { local IFS=';'; echo "${*}" | sed 's/;/ · /g'; }
echo
echo "| figure | measured | goal |"
echo "| --- | --- | --- |"
echo "| JVM start -> first token, fresh unpack | $(join "${t_token[@]}") | <= 5 s |"
echo "| RSS 60 s after start (idle, simulated meter) | $(join "${t_rss[@]}") | <= 160 MB |"
echo "| the same after a clean stop: JVM start -> first token | $(join "${t_token2[@]}") | |"
echo "| the same after a clean stop: RSS 60 s after start | $(join "${t_rss2[@]}") | |"
echo "| tar.gz | $(awk -v b="$(stat -c %s "$tarball")" 'BEGIN { printf "%.1f MB", b / 1e6 }') | <= 40 MB |"
echo "| GET /api/ipu, wrk -t2 -c16, first 10 s after the first token | $(join "${t_first[@]}") | >= 10,000 req/s |"
echo "| GET /api/ipu, same, after 30 s of warm-up | $(join "${t_warm[@]}") | >= 30,000 req/s, p99 <= 10 ms |"
echo "| one year hourly (8,760 buckets, $pulses pulses) through REST, 16 clients | $(join "${t_year[@]}") | p99 <= 20 ms |"
echo
echo "RSS after the last boot's load: $rss_loaded${broker:+; MQTT: $state}"
