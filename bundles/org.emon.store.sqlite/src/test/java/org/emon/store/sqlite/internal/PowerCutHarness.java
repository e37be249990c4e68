package org.emon.store.sqlite.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.MeterKind;
import org.emon.api.Pulse;

/**
 * The store's side of the power-cut test (benchmarks/powercut.sh), run inside a VM whose power the
 * host cuts. {@code write DB}: meter 1 gets numbered batches of {@value #BATCH} pulses through
 * {@code store()}, as an HTTP client's; "ACK n" is printed once batch n's stage completed, i.e. once
 * a client would have its answer. Meter 2 gets a live pulse every 10 ms through {@code append()}, as
 * from GPIO; "HB k t" says that live pulses 0..k-1 were appended by guest time t. A collect of the
 * original's 600 s tables runs every 2 s, as emon's schedule would. {@code check DB ACKED LIVE}, after
 * the cut and a new boot: prints the findings as "RESULT name value" lines; every count must be 0 and
 * integrity "ok".
 */
public final class PowerCutHarness {

    static final int BATCH = 5;
    static final long CLIENT_BASE = 1_700_000_000_000L;
    static final long LIVE_BASE = 1_700_100_000_000L;
    private static final long[] INTERVALS = {600};

    private PowerCutHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[1]);
        if (args[0].equals("write")) {
            write(db);
        } else {
            try {
                check(db, Long.parseLong(args[2]), Long.parseLong(args[3]));
            } catch (Exception e) {
                // e.g. no pulse table at all: a lost schema; the host counts the round as failed
                say("RESULT error " + e);
                say("CHECKED");
            }
        }
    }

    private static void write(Path db) throws Exception {
        SqlitePulseStore store = Stores.open(db, 250, 1000, 100_000);
        store.saveMeter(Stores.meter(1, "client", "", MeterKind.ELECTRICITY, 1000));
        store.saveMeter(Stores.meter(2, "gpio", "", MeterKind.ELECTRICITY, 1000));
        AtomicLong live = new AtomicLong();
        Thread gpio = new Thread(() -> {
            long next = System.nanoTime();
            while (true) {
                store.append(new Pulse(2, LIVE_BASE + live.get()));
                long k = live.incrementAndGet();
                if (k % 10 == 0) {
                    say("HB " + k + " " + System.currentTimeMillis());
                }
                next += TimeUnit.MILLISECONDS.toNanos(10);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                }
            }
        }, "gpio");
        gpio.setDaemon(true);
        gpio.start();
        Thread collect = new Thread(() -> {
            while (true) {
                sleepNanos(TimeUnit.SECONDS.toNanos(2));
                store.collect(INTERVALS, OptionalInt.empty(), false, (table, done, total) -> {
                });
            }
        }, "collect");
        collect.setDaemon(true);
        collect.start();
        say("WRITING");
        for (long n = 0; ; n++) {
            List<Pulse> batch = new ArrayList<>(BATCH);
            for (int j = 0; j < BATCH; j++) {
                batch.add(new Pulse(1, CLIENT_BASE + n * BATCH + j));
            }
            store.store(batch).toCompletableFuture().get();
            say("ACK " + n);
        }
    }

    private static void check(Path db, long acked, long live) throws Exception {
        try (Connection c = Stores.jdbc(db); Statement s = c.createStatement()) {
            say("RESULT integrity " + text(s, "PRAGMA integrity_check"));
            say("RESULT acked_missing " + ((acked + 1) * BATCH - number(s, "SELECT count(*) FROM pulse WHERE meter_id = 1 "
                    + "AND ts BETWEEN " + CLIENT_BASE + " AND " + (CLIENT_BASE + acked * BATCH + BATCH - 1))));
            say("RESULT live_missing " + (live - number(s, "SELECT count(*) FROM pulse WHERE meter_id = 2 AND ts < "
                    + (LIVE_BASE + live))));
            say("RESULT live_stored " + number(s, "SELECT count(*) FROM pulse WHERE meter_id = 2"));
            say("RESULT stats_mismatch " + number(s, "SELECT count(*) FROM (SELECT meter_id, count(*) AS n FROM pulse "
                    + "GROUP BY meter_id) p LEFT JOIN meter_stats m USING (meter_id) WHERE m.pulses IS NOT p.n"));
            say("RESULT rollup_mismatch " + number(s, "SELECT count(*) FROM rollup r WHERE r.pulses != (SELECT count(*) "
                    + "FROM pulse p WHERE p.meter_id = r.meter_id AND p.ts >= r.start_ts AND p.ts < r.start_ts + "
                    + Rollups.SLOT_MILLIS + ") OR r.pulses_before != (SELECT count(*) FROM pulse p "
                    + "WHERE p.meter_id = r.meter_id AND p.ts < r.start_ts)"));
            say("RESULT rollup_uncounted " + number(s, "SELECT (SELECT count(*) FROM pulse) - "
                    + "(SELECT coalesce(sum(pulses), 0) FROM rollup)"));
        }
        // Opened as emon would after the cut; a collect then brings the original's tables up to date.
        SqlitePulseStore store = Stores.open(db, 250, 1000, 100_000);
        store.collect(INTERVALS, OptionalInt.empty(), false, (table, done, total) -> {
        });
        store.deactivate();
        try (Connection c = Stores.jdbc(db); Statement s = c.createStatement()) {
            long mismatch = 0;
            for (int meter = 1; meter <= 2; meter++) {
                String table = "emon_" + meter + "_600";
                mismatch += number(s, "SELECT count(*) FROM (SELECT ts / 600000 AS id, count(*) AS n FROM pulse "
                        + "WHERE meter_id = " + meter + " GROUP BY id) p FULL JOIN " + table + " t USING (id) "
                        + "WHERE p.n IS NOT t.ticks");
            }
            say("RESULT collect_mismatch " + mismatch);
        }
        say("CHECKED");
    }

    private static long number(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
