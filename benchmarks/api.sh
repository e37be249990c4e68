#!/usr/bin/env bash
# REST API benchmark of the emon distribution (issue 6), with wrk at 16 connections and a valid token:
#   - GET /api/ipu (what pimatic and Domoticz poll);
#   - a one-day hourly energy query, GET /api/v1/meters/21/energy?from=..&to=..&resolution=hour,
#     over a day holding ~72,000 ingested pulses (3000 W at 1000 imp/kWh);
#   - logins per second (POST /api/login with JSON, a PBKDF2 derivation each).
# It unpacks the built tar.gz into a temporary folder, starts it on free ports, ingests the day's
# pulses through POST /api/v1/meters/21/pulses, warms up, measures, prints a table, stops emon.
# Usage: benchmarks/api.sh   (after `mvn install`; needs wrk: `apt-get install -y wrk`)
# Environment: DURATION (seconds per measurement, default 20), CONNECTIONS (16), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    echo "wrk is needed: sudo apt-get install -y wrk (or build it from https://github.com/wg/wrk)" >&2
    exit 1
  fi
fi

duration=${DURATION:-20}
# the JIT needs ~30 s of load on 2 cores before figures settle (after 5 s, p99 was 3x higher)
warmup=${WARMUP:-30}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}
source benchmarks/distribution.sh
unpack_distribution
start_distribution
login_json="{\"username\":\"admin\",\"password\":\"$password\"}"

# Yesterday in the server's time zone (the distribution runs in this machine's zone): 3000 W is one
# pulse every 1.2 s, 72,000 pulses, ingested in batches of 10,000 (the largest batch allowed).
from=$(date -d 'yesterday 00:00' --iso-8601=seconds)
to=$(date -d 'today 00:00' --iso-8601=seconds)
from_ms=$(( $(date -d "$from" +%s) * 1000 ))
to_ms=$(( $(date -d "$to" +%s) * 1000 ))
ingested=$(ingest_pulses 21 "$from_ms" "$to_ms" 1200)
enc() { sed 's/+/%2B/g; s/:/%3A/g' <<<"$1"; }
energy="/api/v1/meters/21/energy?from=$(enc "$from")&to=$(enc "$to")&resolution=hour"
check=$(curl -s -H "X-Access-Token: $token" "$base$energy")
buckets=$(grep -o '"start"' <<<"$check" | wc -l)
pulses=$(grep -o '"pulses":[0-9]*' <<<"$check" | cut -d: -f2 | awk '{s += $1} END {print s + 0}')
[ "$pulses" = "$ingested" ] || { echo "the energy query counts $pulses pulses, $ingested were ingested: $check" >&2; exit 1; }

cat > "$work/login.lua" <<EOF
wrk.method = "POST"
wrk.body = '$login_json'
wrk.headers["Content-Type"] = "application/json"
EOF

# wrk --latency output -> "req/s p50 p99 errors"
measure() { # $1: seconds, then wrk arguments
  local seconds=$1; shift
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 30s --latency "$@")
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx responses/ {print $NF} /Socket errors/ {print}' <<<"$out" | paste -sd' ')
  echo "$rps $p50 $p99 ${bad:-0}"
}

echo "emon $(basename "$tarball"), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1)"
echo "wrk -t$threads -c$connections, ${duration} s each after a ${warmup} s warm-up; server and wrk share the machine (load average before: $(cut -d" " -f1-3 /proc/loadavg))"
echo "energy query: $energy ($buckets buckets, $ingested pulses)"
echo
wrk -t"$threads" -c"$connections" -d"${warmup}s" -H "X-Access-Token: $token" "$base/api/ipu" >/dev/null
read -r ipu_rps ipu_p50 ipu_p99 ipu_bad < <(measure "$duration" -H "X-Access-Token: $token" "$base/api/ipu")
wrk -t"$threads" -c"$connections" -d"${warmup}s" -H "X-Access-Token: $token" "$base$energy" >/dev/null
read -r en_rps en_p50 en_p99 en_bad < <(measure "$duration" -H "X-Access-Token: $token" "$base$energy")
read -r lo_rps lo_p50 lo_p99 lo_bad < <(measure "$duration" -s "$work/login.lua" "$base/api/login")
# one connection: the service time of a request, without queueing behind 15 others
connections=1 threads=1
read -r ipu1_rps ipu1_p50 ipu1_p99 _ < <(measure 5 -H "X-Access-Token: $token" "$base/api/ipu")
read -r en1_rps en1_p50 en1_p99 _ < <(measure 5 -H "X-Access-Token: $token" "$base$energy")
connections=${CONNECTIONS:-16} threads=${THREADS:-2}
printf '| request | requests/s | p50 | p99 | non-2xx |\n|---|---|---|---|---|\n'
printf '| GET /api/ipu | %s | %s | %s | %s |\n' "$ipu_rps" "$ipu_p50" "$ipu_p99" "$ipu_bad"
printf '| GET energy, one day hourly (%s buckets) | %s | %s | %s | %s |\n' "$buckets" "$en_rps" "$en_p50" "$en_p99" "$en_bad"
printf '| POST /api/login | %s | %s | %s | %s |\n' "$lo_rps" "$lo_p50" "$lo_p99" "$lo_bad"
printf '| GET /api/ipu, 1 connection | %s | %s | %s | |\n' "$ipu1_rps" "$ipu1_p50" "$ipu1_p99"
printf '| GET energy, 1 connection | %s | %s | %s | |\n' "$en1_rps" "$en1_p50" "$en1_p99"
# the most a client may ask for: 10,000 buckets (minutes of the ~7 days before today), one request alone
week="/api/v1/meters/21/energy?from=$(enc "$(date -d "@$(( to_ms / 1000 - 600000 ))" --iso-8601=seconds)")&to=$(enc "$to")&resolution=minute"
worst=$(curl -s -o /dev/null -w '%{time_total}' -H "X-Access-Token: $token" "$base$week")
echo
echo "largest allowed energy query (10,000 minute buckets), alone: $(awk -v t="$worst" 'BEGIN { printf "%.0f ms", t * 1000 }')"
echo "server RSS after the runs: $(( $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") / 1024 )) MB"
