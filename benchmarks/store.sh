#!/usr/bin/env bash
# Pulse store benchmark (issue 3), measured in one run on temporary files:
#   - sustained durable ingest through the real writer (default settings, 2 producer threads);
#   - 121 pulses/s for 20 s (a 3x63 A house at 10,000 imp/kWh): commits/s, bytes written per pulse,
#     pulse-to-commit latency p50/p99;
#   - the original emon-server's way (new connection + UPDATE + INSERT + commit per pulse, rollback
#     journal, synchronous FULL) at 121 pulses/s and flat out.
# Usage: benchmarks/store.sh [directory for the database files]   (default: a new folder in
#   bundles/org.emon.store.sqlite/target, on the same disk as the project, removed afterwards)
# Environment: INGEST_PULSES (default 2000000), PACED_SECONDS (default 20), MVN_ARGS (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
module=bundles/org.emon.store.sqlite
# Builds the module and its test classes (the API module must be installed: `mvn install` once).
mvn -B -q ${MVN_ARGS:-} -pl "$module" install -DskipTests
mvn -B -q ${MVN_ARGS:-} -pl "$module" dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/benchmark.classpath >/dev/null
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/benchmark.classpath")"
if [ $# -gt 0 ]; then
  dir=$1
  mkdir -p "$dir"
else
  dir=$(mktemp -d "$PWD/$module/target/store-bench.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
fi
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dingest.pulses="${INGEST_PULSES:-2000000}" -Dpaced.seconds="${PACED_SECONDS:-20}" \
  -cp "$cp" org.emon.store.sqlite.internal.StoreBenchmark "$dir"
