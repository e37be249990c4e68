package org.emon.store.sqlite.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.emon.api.Pulse;
import org.emon.api.store.StoreStatus;

/**
 * The store's benchmark (benchmarks/store.sh): in one run on temporary files,
 * <ol>
 * <li>sustained durable ingest through the real writer (default settings, 2 producer threads);</li>
 * <li>a 3x63 A house at 10,000 imp/kWh: 121 pulses/s for 20 s, each pulse given to {@code store()}
 * alone, latency to its stage's completion (= after its commit), commits/s and bytes written;</li>
 * <li>the original emon-server's way: per pulse a new connection, UPDATE meter, INSERT, commit
 * (rollback journal, synchronous FULL: SQLite's defaults, which the original kept), at 121 pulses/s
 * and flat out.</li>
 * </ol>
 * Bytes written are the process's {@code wchar} from /proc/self/io (bytes passed to write(), before
 * the page cache), so they include SQLite's journal/WAL writes and, for the writer, a final checkpoint.
 * Arguments: [directory] (default: a new temporary one), system properties ingest.pulses, paced.seconds.
 */
public final class StoreBenchmark {

    private static final long T0 = 1_800_000_000_000L;
    private static final int RATE = 121;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Paths.get(args[0]) : Files.createTempDirectory("emon-store-bench");
        Files.createDirectories(dir);
        int ingestPulses = Integer.getInteger("ingest.pulses", 2_000_000);
        int pacedSeconds = Integer.getInteger("paced.seconds", 20);
        System.out.printf(Locale.ROOT, "# emon store benchmark in %s; %d cores, Java %s, SQLite %s%n", dir,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), sqliteVersion(dir));

        ingest(dir.resolve("ingest.db"), 200_000, true); // warm-up: JIT and file system
        ingest(dir.resolve("ingest2.db"), ingestPulses, false);
        pacedWriter(dir.resolve("paced.db"), pacedSeconds);
        pacedOriginal(dir.resolve("original.db"), Math.max(5, pacedSeconds / 2));
        flatOutOriginal(dir.resolve("original-max.db"), 5);
    }

    private static String sqliteVersion(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            return c.getMetaData().getDatabaseProductVersion();
        }
    }

    private static SqlitePulseStore open(Path file) throws Exception {
        return new SqlitePulseStore(Stores.config(file, 250, 1000, 100_000)); // the defaults
    }

    /** Two producers append as fast as the queue lets them (they back off when it is 80 % full). */
    private static void ingest(Path file, int pulses, boolean warmUp) throws Exception {
        SqlitePulseStore store = open(file);
        try {
            int perThread = pulses / 2;
            long start = System.nanoTime();
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int meter = 21 + 3 * t;
                Thread producer = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        if (i % 1000 == 0) {
                            while (store.status().queued() > 80_000) {
                                sleep(1);
                            }
                        }
                        store.append(new Pulse(meter, T0 + i));
                    }
                }, "producer-" + t);
                producers.add(producer);
                producer.start();
            }
            for (Thread producer : producers) {
                producer.join();
            }
            if (!store.flush(600_000)) {
                throw new IllegalStateException("flush timed out");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            StoreStatus status = store.status();
            if (status.committed() != 2L * perThread || status.refused() != 0) {
                throw new IllegalStateException("lost pulses: " + status);
            }
            if (!warmUp) {
                System.out.printf(Locale.ROOT, "ingest: %d pulses from 2 threads committed in %.2f s = %.0f pulses/s, "
                        + "%d commits (%.0f pulses/commit), 0 refused%n", status.committed(), seconds,
                        status.committed() / seconds, status.commits(), (double) status.committed() / status.commits());
            }
        } finally {
            store.deactivate();
        }
    }

    /** 121 pulses/s, each given alone to store(); latency from the call to its stage's completion. */
    private static void pacedWriter(Path file, int seconds) throws Exception {
        SqlitePulseStore store = open(file);
        try {
            store.append(new Pulse(21, T0 - 1)); // the schema and a first page exist
            store.flush(10_000);
            checkpoint(file);
            long dbBefore = Files.size(file);
            long commitsBefore = store.status().commits();
            long wcharBefore = wchar();
            int count = RATE * seconds;
            long[] latency = new long[count];
            List<CompletableFuture<?>> stages = new ArrayList<>(count);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + i * 1_000_000_000L / RATE;
                sleepUntil(due);
                int index = i;
                long sent = System.nanoTime();
                stages.add(store.store(List.of(new Pulse(21, T0 + i * 8L))).toCompletableFuture()
                        .thenRun(() -> latency[index] = System.nanoTime() - sent));
            }
            CompletableFuture.allOf(stages.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long commits = store.status().commits() - commitsBefore;
            long wal = walSize(file);
            long wcharCommits = wchar() - wcharBefore;
            checkpoint(file);
            long wcharAll = wchar() - wcharBefore;
            long dbGrowth = Files.size(file) - dbBefore;
            System.out.printf(Locale.ROOT, "writer at %d/s: %d pulses in %.1f s, %d commits = %.1f commits/s; "
                    + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; WAL %d bytes = %.0f B/pulse, db growth %d bytes; "
                    + "written (wchar) %.0f B/pulse before the checkpoint, %.0f B/pulse with it%n",
                    RATE, count, elapsed, commits, commits / elapsed, pct(latency, 50), pct(latency, 99), pct(latency, 100),
                    wal, (double) wal / count, dbGrowth, (double) wcharCommits / count, (double) wcharAll / count);
        } finally {
            store.deactivate();
        }
    }

    private static Connection originalSchema(Path file) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE meter (id INTEGER PRIMARY KEY, created NUMERIC NOT NULL, updated NUMERIC, "
                    + "description TEXT NOT NULL, location TEXT NOT NULL, ipu INTEGER DEFAULT 0)");
            s.execute("CREATE TABLE measurement (id INTEGER PRIMARY KEY, epoch NUMERIC NOT NULL, "
                    + "m_id INTEGER NOT NULL REFERENCES meter(id))");
            s.execute("INSERT INTO meter (id, created, description, location) "
                    + "VALUES (21, datetime('now'), 'Main E-meter', 'cellar')");
        }
        return c;
    }

    /** The original logger's work for one pulse: connect, update the meter, insert, commit, close. */
    private static void originalPulse(String url, long epochSeconds, long watts) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE meter SET ipu = ?, updated = datetime('now') WHERE id = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO measurement (epoch, m_id) VALUES (?, ?)")) {
                update.setLong(1, watts);
                update.setInt(2, 21);
                update.executeUpdate();
                insert.setLong(1, epochSeconds);
                insert.setInt(2, 21);
                insert.executeUpdate();
            }
            c.commit();
        }
    }

    private static void pacedOriginal(Path file, int seconds) throws Exception {
        originalSchema(file).close();
        String url = "jdbc:sqlite:" + file;
        originalPulse(url, T0 / 1000, 0);
        long dbBefore = Files.size(file);
        long wcharBefore = wchar();
        int count = RATE * seconds;
        long[] latency = new long[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * 1_000_000_000L / RATE;
            sleepUntil(due);
            originalPulse(url, T0 / 1000 + i / RATE, 3600);
            latency[i] = System.nanoTime() - due; // from when the pulse happened: falling behind shows
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long written = wchar() - wcharBefore;
        System.out.printf(Locale.ROOT, "original at %d/s: %d pulses in %.1f s = %.1f commits/s; latency p50 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms; written (wchar) %.0f B/pulse, db growth %d bytes%n",
                RATE, count, elapsed, count / elapsed, pct(latency, 50), pct(latency, 99), pct(latency, 100),
                (double) written / count, Files.size(file) - dbBefore);
    }

    private static void flatOutOriginal(Path file, int seconds) throws Exception {
        originalSchema(file).close();
        String url = "jdbc:sqlite:" + file;
        List<Long> latencies = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        int i = 0;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            originalPulse(url, T0 / 1000 + i / 1000, 3600);
            latencies.add(System.nanoTime() - t);
            i++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] latency = latencies.stream().mapToLong(Long::longValue).toArray();
        System.out.printf(Locale.ROOT, "original flat out: %d pulses in %.1f s = %.0f pulses/s (= commits/s); "
                + "per pulse p50 %.2f ms, p99 %.2f ms%n", i, elapsed, i / elapsed, pct(latency, 50), pct(latency, 99));
    }

    private static void checkpoint(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    private static long walSize(Path file) throws IOException {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    /** Bytes this process passed to write() so far; -1 where /proc is not there. */
    private static long wchar() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static double pct(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
