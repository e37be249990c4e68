#!/usr/bin/env bash
# Start-up benchmark of the emon distribution, as a user runs it:
#   - time from the JVM's start to the first 200 on /api/ipu, and to the first non-zero power;
#   - resident memory (RSS) of the server one minute after start;
#   - size of the distribution tar.gz.
# Usage: benchmarks/startup.sh   (after `mvn install`; uses port 8181, so stop any running emon)
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$(ls karaf-assembly/target/karaf-assembly-*.tar.gz)
work=$(mktemp -d)
trap 'kill $(pgrep -f "karaf.base=$work") 2>/dev/null || true; rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
home=$(ls -d "$work"/*/)
home=${home%/}
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
hz=$(getconf CLK_TCK)
btime=$(awk '/^btime/ {print $2}' /proc/stat)

now_ms() { date +%s%3N; }

# epoch ms at which process $1 started, from /proc (10 ms resolution)
start_ms() {
  local ticks
  ticks=$(awk '{print $22}' "/proc/$1/stat")
  echo $(( btime * 1000 + ticks * 1000 / hz ))
}

run() { # $1: label
  EMON_ADMIN_PASSWORD=$password "$home/bin/karaf" server > "$work/console.log" 2>&1 &
  local pid="" token="" ok200="" live="" body
  while [ -z "$pid" ]; do pid=$(pgrep -f "karaf.base=$home" || true); sleep 0.01; done
  local jvm_start; jvm_start=$(start_ms "$pid")
  local deadline=$(( $(now_ms) + 60000 ))
  while [ -z "$live" ] && [ "$(now_ms)" -lt "$deadline" ]; do
    if [ -z "$token" ]; then
      body=$(curl -s -m 2 -X POST -H 'Content-Type: application/json' \
        -d "{\"username\":\"admin\",\"password\":\"$password\"}" http://127.0.0.1:8181/api/login || true)
      case "$body" in *'"token"'*) token=$(sed 's/.*"token":"\([^"]*\)".*/\1/' <<<"$body");; esac
    else
      code=$(curl -s -m 2 -o "$work/ipu.json" -w '%{http_code}' -H "X-Access-Token: $token" http://127.0.0.1:8181/api/ipu || true)
      if [ "$code" = 200 ]; then
        [ -z "$ok200" ] && ok200=$(( $(now_ms) - jvm_start ))
        grep -q '"ipu":[1-9]' "$work/ipu.json" && live=$(( $(now_ms) - jvm_start ))
      fi
    fi
    sleep 0.02
  done
  if [ -z "$live" ]; then
    echo "no live power within 60 s; last lines of the log:" >&2
    tail -n 20 "$home/data/log/karaf.log" "$work/console.log" >&2 || true
  fi
  local wait_s=$(( 60 - ( $(now_ms) - jvm_start ) / 1000 ))
  if [ "$wait_s" -gt 0 ]; then sleep "$wait_s"; fi
  local rss_kb; rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  printf '| %s | %s ms | %s ms | %d MB |\n' "$1" "${ok200:-none}" "${live:-none}" $(( rss_kb / 1024 ))
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

echo "emon $(basename "$tarball"), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo
echo "| start | JVM start -> first 200 on /api/ipu | JVM start -> first non-zero ipu | RSS after 60 s |"
echo "| --- | --- | --- | --- |"
run "first (empty data/)"
run "second (data/ kept)"
echo
echo "tar.gz: $(( $(stat -c %s "$tarball") / 1024 / 1024 )) MB ($(stat -c %s "$tarball") bytes)"
