#!/usr/bin/env bash
# The full-disk test (itests DiskFullTest) run ROUNDS times, its figures collected: the distribution
# with its database on an 8 MB tmpfs, a client posting batches of 500 pulses over HTTP, a filler
# file taking the rest of the space. Reported per round: batches still taken after the filler
# (room left in SQLite's write-ahead log), how long the first 503 took (a request waiting for its
# commit when the disk filled), the slowest of the 3 refusals after it, and how long after the
# filler was deleted the store's state was OK again (polled every 50 ms). Usage:
# benchmarks/diskfull.sh [rounds] (default 5). Needs root (mount) and the distribution built
# (mvn install -DskipTests); MVN_ARGS=-o for an offline build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
uptime
for round in $(seq 1 "$ROUNDS"); do
    log=$(mktemp)
    if ! mvn -B -ntp ${MVN_ARGS:-} -pl itests test -Dtest=DiskFullTest >"$log" 2>&1; then
        grep -E 'DiskFullTest|FAIL|ERROR' "$log" | tail -20
        echo "diskfull: round $round failed (log: $log)"; exit 1
    fi
    figures=$(sed -n 's/.*figures: //p' "$log")
    took=$(sed -n 's/.*Time elapsed: \([0-9.]*\) s -- in org.emon.itests.DiskFullTest/\1/p' "$log")
    echo "diskfull: round $round: $figures test_s=$took"
    rm -f "$log"
done
uptime
