package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.emon.api.MeterKind;
import org.emon.api.Pulse;
import org.emon.api.store.MeterCounters;
import org.emon.api.store.MeterStatistics;
import org.emon.api.store.StoreStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlitePulseStoreTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final List<SqlitePulseStore> opened = new ArrayList<>();

    private SqlitePulseStore open(long windowMillis, int maxPulses, int capacity) throws Exception {
        SqlitePulseStore store = Stores.open(dir.resolve("emon.db"), windowMillis, maxPulses, capacity);
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SqlitePulseStore::deactivate);
    }

    private Path file() {
        return dir.resolve("emon.db");
    }

    @Test
    void savesMetersAndTheirPowerInTheOriginalColumns() throws Exception {
        SqlitePulseStore store = open(20, 1000, 1000);
        store.saveMeter(Stores.meter(21, "Main E-meter", "cellar", MeterKind.ELECTRICITY, 1000));
        store.saveMeter(Stores.meter(30, "Gas", "garage", MeterKind.GAS, 100));
        assertThat(store.flush(5_000)).isTrue();

        String created = Stores.queryString(file(), "SELECT created FROM meter WHERE id = 21");
        assertThat(created).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(Stores.queryString(file(), "SELECT description || '|' || location || '|' || kind || '|' "
                + "|| impulses_per_unit || '|' || ipu || '|' || ifnull(updated, 'null') FROM meter WHERE id = 21"))
                .isEqualTo("Main E-meter|cellar|electricity|1000.0|0|null");
        assertThat(Stores.queryString(file(), "SELECT kind FROM meter WHERE id = 30")).isEqualTo("gas");
        assertThat(store.statistics(21).createdMillis()).isBetween(System.currentTimeMillis() - 60_000,
                System.currentTimeMillis() + 1_000);
        assertThat(store.statistics(21).pulses()).isZero();

        // 2023-11-14 22:13:20 UTC; the later of two readings wins, whatever their order.
        store.savePower(21, 1234.6, T0);
        store.savePower(21, 5.0, T0 - 1_000);
        assertThat(store.flush(5_000)).isTrue();
        assertThat(Stores.queryLong(file(), "SELECT ipu FROM meter WHERE id = 21")).isEqualTo(1235);
        assertThat(Stores.queryString(file(), "SELECT updated FROM meter WHERE id = 21")).isEqualTo("2023-11-14 22:13:20");
        assertThat(Stores.queryLong(file(), "SELECT ipu FROM meter WHERE id = 30")).isZero();

        // Updating the description keeps created and the power.
        store.saveMeter(Stores.meter(21, "Main meter", "hall", MeterKind.ELECTRICITY, 500));
        assertThat(store.flush(5_000)).isTrue();
        assertThat(Stores.queryString(file(), "SELECT created || '|' || description || '|' || location || '|' "
                + "|| impulses_per_unit || '|' || ipu FROM meter WHERE id = 21"))
                .isEqualTo(created + "|Main meter|hall|500.0|1235");
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM meter")).isEqualTo(2);
    }

    @Test
    void storesAndCountsTenThousandPulsesPerMeter() throws Exception {
        SqlitePulseStore store = open(250, 1000, 100_000);
        int perMeter = 10_000;
        for (int i = 0; i < perMeter; i++) {
            for (int meter : new int[] {21, 24, 27}) {
                store.append(new Pulse(meter, T0 + i * 10L + meter)); // meters interleaved
            }
        }
        assertThat(store.flush(10_000)).isTrue();

        for (int meter : new int[] {21, 24, 27}) {
            assertThat(store.statistics(meter))
                    .isEqualTo(new MeterStatistics(meter, perMeter, T0 + (perMeter - 1) * 10L + meter, 0));
            assertThat(store.count(meter, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(perMeter);
            long first = T0 + meter;
            // Half-open: from is included, to is not.
            assertThat(store.count(meter, first, first + 1)).isEqualTo(1);
            assertThat(store.count(meter, first, first)).isZero();
            assertThat(store.count(meter, first + 1, first + 10)).isZero();
            assertThat(store.count(meter, first + 100, first + 200)).isEqualTo(10);
            assertThat(store.count(meter, first + 100, first + 201)).isEqualTo(11);
        }
        assertThat(store.count(99, Long.MIN_VALUE, Long.MAX_VALUE)).isZero();
        assertThat(store.statistics(99)).isEqualTo(new MeterStatistics(99, 0, 0, 0));
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM pulse")).isEqualTo(3L * perMeter);

        StoreStatus counters = store.status();
        assertThat(counters.received()).isEqualTo(3L * perMeter);
        assertThat(counters.committed()).isEqualTo(3L * perMeter);
        assertThat(counters.duplicates()).isZero();
        assertThat(counters.refused()).isZero();
        assertThat(counters.meter(24)).isEqualTo(new MeterCounters(24, perMeter, perMeter, 0, 0));
        // Groups of at most 1000 pulses.
        assertThat(counters.commits()).isBetween(30L, 40L);
    }

    @Test
    void storesAPulseDeliveredTwiceOnce() throws Exception {
        SqlitePulseStore store = open(50, 1000, 1000);
        store.append(new Pulse(21, T0));
        store.append(new Pulse(21, T0)); // same group
        store.append(new Pulse(24, T0)); // another meter at the same ms is another pulse
        assertThat(store.flush(5_000)).isTrue();
        store.append(new Pulse(21, T0)); // a later group
        store.append(new Pulse(21, T0 + 1));
        assertThat(store.flush(5_000)).isTrue();

        assertThat(store.statistics(21)).isEqualTo(new MeterStatistics(21, 2, T0 + 1, 0));
        assertThat(store.statistics(24).pulses()).isEqualTo(1);
        assertThat(store.count(21, T0, T0 + 2)).isEqualTo(2);
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM pulse WHERE meter_id = 21")).isEqualTo(2);
        assertThat(Stores.queryLong(file(), "SELECT pulses FROM meter_stats WHERE meter_id = 21")).isEqualTo(2);
        assertThat(store.status().meter(21)).isEqualTo(new MeterCounters(21, 4, 2, 2, 0));
    }

    @Test
    void groupsPulsesIntoFewCommits() throws Exception {
        SqlitePulseStore store = open(250, 1000, 100_000);
        for (int i = 0; i < 1000; i++) {
            store.append(new Pulse(21, T0 + i));
        }
        assertThat(store.flush(5_000)).isTrue();
        assertThat(store.status().committed()).isEqualTo(1000);
        assertThat(store.status().commits()).isBetween(1L, 19L);
    }

    @Test
    void commitsEarlyWhenMaxPulsesAreGathered() throws Exception {
        SqlitePulseStore store = open(60_000, 100, 100_000); // the window alone would wait a minute
        for (int i = 0; i < 1000; i++) {
            store.append(new Pulse(21, T0 + i));
        }
        assertThat(store.flush(5_000)).isTrue();
        assertThat(store.status().commits()).isEqualTo(10);
    }

    @Test
    void flushWaitsForTheCommitWindow() throws Exception {
        SqlitePulseStore store = open(300, 1000, 1000);
        store.append(new Pulse(21, T0));
        long start = System.nanoTime();
        assertThat(store.flush(50)).isFalse(); // not yet: the window holds it
        assertThat(store.flush(5_000)).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 3_000L);
        assertThat(store.flush(0)).isTrue(); // nothing new
    }

    @Test
    void waitsOutALockedDatabaseAndLosesNothing() throws Exception {
        SqlitePulseStore store = open(50, 1000, 100_000);
        try (Connection other = Stores.jdbc(file()); Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            s.execute("INSERT INTO pulse (meter_id, ts) VALUES (21, " + (T0 - 1) + ")"); // another writer's work
            for (int i = 0; i < 500; i++) {
                store.append(new Pulse(21, T0 + i));
            }
            Thread.sleep(2_000);
            assertThat(store.flush(100)).isFalse();
            StoreStatus locked = store.status();
            assertThat(locked.committed()).isZero();
            assertThat(locked.failedAttempts()).isPositive();
            assertThat(locked.lastError()).containsIgnoringCase("locked");
            assertThat(locked.lastErrorMillis()).isPositive();
            s.execute("COMMIT");
        }
        assertThat(store.flush(10_000)).isTrue();
        assertThat(store.count(21, T0, T0 + 500)).isEqualTo(500);
        assertThat(store.statistics(21).pulses()).isEqualTo(500); // counts what it inserted
        assertThat(store.status().meter(21)).isEqualTo(new MeterCounters(21, 500, 500, 0, 0));
    }

    @Test
    void deactivateCommitsEverythingQueued() throws Exception {
        SqlitePulseStore setup = Stores.open(file());
        setup.saveMeter(Stores.meter(21, "Main E-meter", "cellar", MeterKind.ELECTRICITY, 1000));
        assertThat(setup.flush(5_000)).isTrue();
        setup.deactivate();
        // Small groups and a long window: at deactivation most pulses are still queued behind the lock.
        SqlitePulseStore store = Stores.open(file(), 10_000, 100, 100_000);
        Thread deactivation = new Thread(store::deactivate, "deactivation");
        try (Connection other = Stores.jdbc(file()); Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            for (int i = 0; i < 5_000; i++) {
                store.append(new Pulse(21 + i % 2, T0 + i));
            }
            store.savePower(21, 42, T0);
            deactivation.start();
            Thread.sleep(300);
            assertThat(deactivation.isAlive()).isTrue(); // waits for the database, does not drop
            s.execute("COMMIT");
        }
        deactivation.join(10_000);
        assertThat(deactivation.isAlive()).isFalse();
        store.append(new Pulse(21, T0 - 5)); // after deactivation: refused, no exception
        assertThat(store.status().meter(21).refused()).isEqualTo(1);
        assertThat(store.status().committed()).isEqualTo(5_000);

        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM pulse")).isEqualTo(5_000);
        SqlitePulseStore reopened = open(20, 1000, 1000);
        assertThat(reopened.statistics(21).pulses()).isEqualTo(2_500);
        assertThat(reopened.statistics(22).pulses()).isEqualTo(2_500);
        assertThat(reopened.count(21, T0, T0 + 5_000)).isEqualTo(2_500);
        assertThat(Stores.queryLong(file(), "SELECT ipu FROM meter WHERE id = 21")).isEqualTo(42);
    }

    @Test
    void refusesPulsesWhenTheQueueIsFull() throws Exception {
        SqlitePulseStore store = open(20, 5, 10);
        long accepted;
        try (Connection other = Stores.jdbc(file()); Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            assertThatCode(() -> {
                for (int i = 0; i < 100; i++) {
                    store.append(new Pulse(21, T0 + i));
                    if (i == 5) {
                        Thread.sleep(100); // the writer takes its group and meets the lock
                    }
                }
            }).doesNotThrowAnyException();
            StoreStatus full = store.status();
            assertThat(full.received()).isEqualTo(100);
            // At most one group (5) in the writer's hands plus a full queue (10) were taken.
            assertThat(full.refused()).isBetween(85L, 90L);
            assertThat(full.meter(21).refused()).isEqualTo(full.refused());
            assertThat(full.queued()).isEqualTo(10);
            accepted = full.received() - full.refused();
            s.execute("ROLLBACK");
        }
        assertThat(store.flush(10_000)).isTrue();
        assertThat(store.count(21, T0, T0 + 100)).isEqualTo(accepted);
        assertThat(store.status().committed()).isEqualTo(accepted);
    }
}
