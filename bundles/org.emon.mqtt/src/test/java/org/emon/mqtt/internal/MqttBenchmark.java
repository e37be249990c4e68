package org.emon.mqtt.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.emon.api.LivePower;
import org.emon.api.MeterKind;
import org.emon.api.PowerReading;
import org.emon.api.Pulse;
import org.emon.store.sqlite.internal.Stores;
import org.emon.store.sqlite.internal.SqlitePulseStore;

/**
 * The MQTT benchmark (benchmarks/mqtt.sh), with a private mosquitto and the real SQLite store:
 * <ol>
 * <li>10 meters at 121 pulses/s each (a 3x63 A house at 10,000 imp/kWh, ten times) for a while:
 * messages per second at the broker, and pulse-to-MQTT latency (from handing a pulse to the store
 * to a subscriber receiving the first total that counts it), p50/p99, for the fastest settings
 * (100 ms) and the defaults;</li>
 * <li>flat-out ingest into a new store from 2 threads with no publisher and with one publishing every
 * 100 ms, in alternating rounds (off, on, on, off, off, on...) after a warm-up of each, so that both
 * see the same machine: the rate of each round, the median of each side and their ratio, and the
 * ratio within each pair of neighbouring rounds.</li>
 * </ol>
 * The load average is printed with each figure: the machine may be shared. System properties:
 * paced.seconds (default 20), ingest.pulses (per round, default 1000000), ingest.rounds (per side, default 8).
 */
public final class MqttBenchmark {

    private static final int METERS = 10;
    private static final int RATE = 121;
    private static final double IPU = 10_000;
    private static final long T0 = 1_800_000_000_000L;

    private MqttBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("paced.seconds", 20);
        int ingest = Integer.getInteger("ingest.pulses", 1_000_000);
        int rounds = Integer.getInteger("ingest.rounds", 8);
        Path dir = Files.createTempDirectory("emon-mqtt-bench");
        System.out.printf(Locale.ROOT, "# emon MQTT benchmark; %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        try (Mosquitto broker = new Mosquitto()) {
            paced(broker, dir.resolve("paced-fast.db"), seconds, 100, 100);
            paced(broker, dir.resolve("paced-default.db"), seconds, 1000, 10_000);
            System.out.println("# ingest: one round of each to warm up, then the measured rounds");
            for (int warmUp = 0; warmUp < 2; warmUp++) {
                flatOut(broker, dir.resolve("warm-up" + warmUp + ".db"), ingest, warmUp == 1);
            }
            System.out.println("# measured:");
            List<Double> off = new ArrayList<>();
            List<Double> on = new ArrayList<>();
            List<Double> cpuOff = new ArrayList<>();
            List<Double> cpuOn = new ArrayList<>();
            List<Double> pairRatios = new ArrayList<>();
            for (int round = 0; round < 2 * rounds; round++) {
                // off, on, on, off, off, on...: a drift of the machine's load weighs on both sides alike
                boolean mqtt = round % 4 == 1 || round % 4 == 2;
                double[] result = flatOut(broker, dir.resolve("round" + round + ".db"), ingest, mqtt);
                (mqtt ? on : off).add(result[0]);
                (mqtt ? cpuOn : cpuOff).add(result[1]);
                if (round % 2 == 1) {
                    // each pair of neighbouring rounds has one of each
                    pairRatios.add(on.get(on.size() - 1) / off.get(off.size() - 1));
                }
            }
            System.out.printf(Locale.ROOT, "ingest medians over %d rounds each: MQTT off %.0f pulses/s, on %.0f pulses/s; on/off = %.3f;"
                    + " on/off of neighbouring rounds: median %.3f, from %.3f to %.3f; CPU per pulse off %.2f us, on %.2f us (load %s)%n",
                    rounds, median(off), median(on), median(on) / median(off), median(pairRatios), Collections.min(pairRatios),
                    Collections.max(pairRatios), median(cpuOff), median(cpuOn), load());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static void paced(Mosquitto broker, Path db, int seconds, long powerMillis, long totalMillis) throws Exception {
        SqlitePulseStore store = Stores.open(db, 250, 1000, 100_000);
        Fakes.Meters meters = meters();
        Power power = new Power();
        long[][] handed = new long[METERS + 1][RATE * seconds + 1];
        List<Long> latencies = new ArrayList<>();
        long[] received = { 0 };
        long[] windowStart = { 0 };
        long[] windowEnd = { 0 };
        MqttClient sub = new MqttClient(broker.url(), "bench-sub", new MemoryPersistence());
        sub.connect();
        long[] attributed = new long[METERS + 1];
        String prefix = "bench" + System.nanoTime(); // no retained totals of an earlier run
        sub.subscribe(prefix + "/#", 0, (topic, message) -> {
            long now = System.nanoTime();
            synchronized (latencies) {
                if (windowStart[0] != 0 && windowEnd[0] == 0) {
                    received[0]++;
                }
                if (topic.endsWith("/total") && message.getPayload().length > 0) {
                    // every pulse this total counts for the first time arrived now
                    int meter = Integer.parseInt(topic.split("/")[2]);
                    long n = Math.min(handed[meter].length - 1, Math.round(Double.parseDouble(new String(message.getPayload())) * IPU));
                    for (long k = attributed[meter] + 1; k <= n; k++) {
                        if (handed[meter][(int) k] != 0) {
                            latencies.add(now - handed[meter][(int) k]);
                        }
                    }
                    attributed[meter] = Math.max(attributed[meter], n);
                }
            }
        });
        MqttPublisher publisher = new MqttPublisher("bench", Fakes.config(Map.of("broker", broker.url(), "client.id", "emon-bench",
                "topic.prefix", prefix, "power.interval.millis", powerMillis, "total.interval.millis", totalMillis)), meters, power, store,
                db.resolveSibling(db.getFileName() + ".mqtt-totals"));
        try {
            Thread.sleep(1000);
            long start = System.nanoTime();
            synchronized (latencies) {
                windowStart[0] = start;
            }
            long period = 1_000_000_000L / (RATE * METERS);
            int total = RATE * METERS * seconds;
            for (int i = 0; i < total; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int meter = 1 + i % METERS;
                int n = i / METERS + 1;
                handed[meter][n] = System.nanoTime();
                store.append(new Pulse(meter, T0 + i)); // unique and ascending per meter
                power.pulse(meter, System.currentTimeMillis());
            }
            long end = System.nanoTime();
            synchronized (latencies) {
                windowEnd[0] = end;
            }
            Thread.sleep(Math.max(1000, totalMillis + 1000));
            double window = (end - start) / 1e9;
            long messages;
            long[] sorted;
            synchronized (latencies) {
                messages = received[0];
                sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            System.out.printf(Locale.ROOT,
                    "paced (power every %d ms, totals every %d ms): %d meters x %d pulses/s for %.1f s: %d messages = %.1f messages/s;"
                            + " pulse-to-MQTT latency (each pulse until the first total counting it) p50 %.0f ms, p99 %.0f ms (%d pulses);"
                            + " %d MQTT messages sent by emon (load %s)%n",
                    powerMillis, totalMillis, METERS, RATE, window, messages, messages / window,
                    percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, sorted.length, publisher.state().messagesSent(), load());
        } finally {
            publisher.stop();
            sub.disconnect();
            sub.close();
            Stores.close(store);
        }
    }

    /**
     * One round: {@code pulses} into a new store as fast as 2 threads can hand them over.
     *
     * @return the rate until all are committed, and the JVM's CPU time per pulse (which other processes on the machine disturb less)
     */
    private static double[] flatOut(Mosquitto broker, Path db, int pulses, boolean mqtt) throws Exception {
        SqlitePulseStore store = Stores.open(db, 250, 1000, 100_000);
        Fakes.Meters meters = meters();
        Power power = new Power();
        MqttPublisher publisher = mqtt ? new MqttPublisher("bench", Fakes.config(Map.of("broker", broker.url(), "client.id", "emon-bench",
                "power.interval.millis", 100L, "total.interval.millis", 100L)), meters, power, store,
                db.resolveSibling(db.getFileName() + ".mqtt-totals")) : null;
        try {
            Thread.sleep(500);
            String load = load();
            long cpuStart = cpuNanos();
            long start = System.nanoTime();
            Thread[] producers = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int first = t;
                producers[t] = new Thread(() -> {
                    for (int i = first; i < pulses; i += 2) {
                        if (i % 1000 < 2) {
                            while (store.status().queued() > 80_000) {
                                LockSupport.parkNanos(1_000_000);
                            }
                        }
                        int meter = 1 + i % METERS;
                        store.append(new Pulse(meter, T0 + i));
                        power.pulse(meter, T0 + i);
                    }
                });
                producers[t].start();
            }
            for (Thread p : producers) {
                p.join();
            }
            if (!store.flush(600_000)) {
                throw new IllegalStateException("flush timed out");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMicrosPerPulse = (cpuNanos() - cpuStart) / 1e3 / pulses;
            if (store.status().committed() != pulses || store.status().refused() != 0) {
                throw new IllegalStateException("lost pulses: " + store.status());
            }
            double rate = pulses / seconds;
            System.out.printf(Locale.ROOT,
                    "ingest with MQTT %s: %d pulses from 2 threads committed in %.2f s = %.0f pulses/s, %.2f us of CPU per pulse%s (load %s)%n",
                    mqtt ? "on " : "off", pulses, seconds, rate, cpuMicrosPerPulse,
                    mqtt ? String.format(Locale.ROOT, ", %d MQTT messages sent", publisher.state().messagesSent()) : "", load);
            return new double[] { rate, cpuMicrosPerPulse };
        } finally {
            if (publisher != null) {
                publisher.stop();
            }
            Stores.close(store);
        }
    }

    /** CPU time of this JVM, all threads (the store's, the publisher's, the broker client's, the garbage collector's). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The load averages over 1, 5 and 15 minutes, from /proc/loadavg. */
    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Fakes.Meters meters() {
        Fakes.Meters meters = new Fakes.Meters();
        for (int id = 1; id <= METERS; id++) {
            meters.list.add(new Fakes.TestMeter(id, "Meter " + id, "", MeterKind.ELECTRICITY, IPU, 0, Optional.empty()));
        }
        return meters;
    }

    /** Power from the time between a meter's last two pulses, as the core's tracker derives it. */
    private static final class Power implements LivePower {
        private final Map<Integer, long[]> last = new ConcurrentHashMap<>();

        void pulse(int meter, long millis) {
            long[] times = last.computeIfAbsent(meter, k -> new long[2]);
            synchronized (times) {
                times[0] = times[1];
                times[1] = millis;
            }
        }

        @Override
        public PowerReading reading(int meterId) {
            long[] times = last.getOrDefault(meterId, new long[2]);
            synchronized (times) {
                double value = times[0] == 0 || times[1] <= times[0] ? 0 : MeterKind.ELECTRICITY.power(IPU, times[1] - times[0]);
                return new PowerReading(meterId, value, "W", times[1]);
            }
        }
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
