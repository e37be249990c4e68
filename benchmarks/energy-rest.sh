#!/usr/bin/env bash
# The energy queries of benchmarks/energy.sh, through REST (issue 5): the built distribution on a
# copy of the 80-million-pulse database that energy.sh leaves in
# bundles/org.emon.store.sqlite/target/energy-bench/energy.db (meters 21 and 24, 2016-2025), with
# wrk and a valid token:
#   - hourly energy of meter 21 for 2025 (8,760 buckets) and daily energy for 2016-2025 (3,653),
#     in Europe/Amsterdam: one connection (the service time) and 16 connections (throughput).
# Usage: benchmarks/energy.sh first (once), then benchmarks/energy-rest.sh. Needs wrk.
# Environment: DURATION (seconds per measurement, default 15).
set -euo pipefail
cd "$(dirname "$0")/.."

db=bundles/org.emon.store.sqlite/target/energy-bench/energy.db
[ -f "$db.ready" ] || { echo "no benchmark database: run benchmarks/energy.sh first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
duration=${DURATION:-15}
warmup=${WARMUP:-30}  # the JIT needs ~30 s of load on 2 cores
source benchmarks/distribution.sh
unpack_distribution "$PWD/bundles/org.emon.store.sqlite/target"  # the project's disk: the copy is 1.2 GB
# the database only, no simulated pulses into it; meter 24 beside the distribution's meter 21
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1 || true
cp "$db" "$work/energy.db"
rm -f "$home/etc/org.emon.source.simulator-main.cfg"
printf 'path = %s\n' "$work/energy.db" > "$home/etc/org.emon.store.sqlite.cfg"
printf 'enabled = false\n' > "$home/etc/org.emon.collect.cfg"
printf 'id = 24\ndescription = second meter\nkind = electricity\nimpulses.per.unit = 1000\n' > "$home/etc/org.emon.meter-second.cfg"
start_distribution

hourly="/api/v1/meters/21/energy?from=2025-01-01T00%3A00%3A00%2B01%3A00&to=2026-01-01T00%3A00%3A00%2B01%3A00&resolution=hour&tz=Europe/Amsterdam"
daily="/api/v1/meters/21/energy?from=2016-01-01T00%3A00%3A00%2B01%3A00&to=2026-01-01T00%3A00%3A00%2B01%3A00&resolution=day&tz=Europe/Amsterdam"
for q in "$hourly" "$daily"; do
  answer=$(curl -s -H "X-Access-Token: $token" "$base$q")
  n=$(grep -o '"start"' <<<"$answer" | wc -l)
  p=$(grep -o '"pulses":[0-9]*' <<<"$answer" | cut -d: -f2 | awk '{s += $1} END {print s + 0}')
  [ "$p" -gt 0 ] || { echo "empty answer for $q: ${answer:0:300}" >&2; exit 1; }
  echo "$q: $n buckets, $p pulses, $(wc -c <<<"$answer") bytes"
done
measure() { # $1 connections, $2 path -> "req/s p50 p99 non-2xx"
  local out
  out=$(wrk -t"$(( $1 > 1 ? 2 : 1 ))" -c"$1" -d"${duration}s" --timeout 30s --latency -H "X-Access-Token: $token" "$base$2")
  echo "$(awk '/^Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out") $(awk '/Non-2xx/ {print $NF}' <<<"$out")"
}
echo "$(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg); ${duration} s per line after a ${warmup} s warm-up"
printf '| query | connections | requests/s | p50 | p99 | non-2xx |\n|---|---|---|---|---|---|\n'
for name in hourly daily; do
  path=${!name}
  wrk -t1 -c1 -d"${warmup}s" -H "X-Access-Token: $token" "$base$path" >/dev/null
  for c in 1 16; do
    read -r rps p50 p99 bad < <(measure "$c" "$path")
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$c" "$rps" "$p50" "$p99" "${bad:-0}"
  done
done
