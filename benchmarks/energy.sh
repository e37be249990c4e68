#!/usr/bin/env bash
# Energy query and collect benchmark (issue 5), on 10 years of pulses of two electricity meters
# (1000 imp/kWh, ~4,000 kWh a year each: ~80 million pulses):
#   - hourly energy of one whole year (8,760 buckets) and daily energy of 10 years in
#     Europe/Amsterdam through EnergyService (the real EnergyServiceImpl, calendar strategies and
#     SQLite store): p50/p99 over RUNS queries after a warm-up;
#   - the same answers by a plain GROUP BY over the raw pulses, checked equal, and the ratio;
#   - an incremental collect (600, 3600, 86400 s, both meters) after each of 5 new days of pulses;
#   - the commit of one late pulse 9 years back.
# The database is generated once through the store's own write path (store() in batches of 50,000:
# rollups maintained exactly as in live use), ~4-5 min and ~1.2 GB, and kept for reruns (each rerun
# adds 5 days and one late pulse to it). Delete the directory to start afresh. Figures: docs/energy.md.
# Usage: benchmarks/energy.sh [database file]   (default bundles/org.emon.store.sqlite/target/energy-bench/energy.db)
# Environment: RUNS (default 200), MVN_ARGS (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
module=bundles/org.emon.store.sqlite
# Builds the API, the aggregation strategies and the store with its test classes.
mvn -B -q ${MVN_ARGS:-} -pl bundles/org.emon.api,bundles/org.emon.aggregation,"$module" install -DskipTests
mvn -B -q ${MVN_ARGS:-} -pl "$module" dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/benchmark.classpath >/dev/null
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/benchmark.classpath")"
db=${1:-$module/target/energy-bench/energy.db}
# The heap settings of the distribution (bin/setenv).
java -Xms96m -Xmx192m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Druns="${RUNS:-200}" \
  -cp "$cp" org.emon.store.sqlite.internal.EnergyBenchmark "$db"
