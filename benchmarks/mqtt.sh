#!/usr/bin/env bash
# MQTT benchmark, with a private mosquitto (Debian's package) and the real SQLite store on temporary files:
#   - 10 meters at 121 pulses/s each: messages/s at the broker and pulse-to-MQTT latency of totals
#     (pulse handed to the store -> a subscriber receives the first total counting it), p50/p99,
#     with the fastest settings (100 ms) and the defaults (power 1 s, totals 10 s);
#   - flat-out ingest into a new store with MQTT off and on (publishing every 100 ms), in alternating
#     rounds (off, on, on, off, off, on...) after a warm-up: each round's rate, the medians and their
#     ratio, and the ratio within each pair of neighbouring rounds.
# The machine's load is printed with every figure (uptime before and after, the load average per round).
# Usage: benchmarks/mqtt.sh
# Environment: PACED_SECONDS (default 20), INGEST_PULSES per round (default 1000000), INGEST_ROUNDS per
#   side (default 8), MVN_ARGS (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
module=bundles/org.emon.mqtt
# Builds the module and its test classes (the other modules must be installed: `mvn install` once).
mvn -B -q ${MVN_ARGS:-} -pl "$module" install -DskipTests
mvn -B -q ${MVN_ARGS:-} -pl "$module" dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/benchmark.classpath >/dev/null
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/benchmark.classpath")"
echo "# before: $(uptime)"
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dpaced.seconds="${PACED_SECONDS:-20}" -Dingest.pulses="${INGEST_PULSES:-1000000}" -Dingest.rounds="${INGEST_ROUNDS:-8}" \
  -cp "$cp" org.emon.mqtt.internal.MqttBenchmark
echo "# after: $(uptime)"
