package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.emon.api.Pulse;
import org.emon.api.store.MeterCounters;
import org.emon.api.store.StoreResult;
import org.emon.api.store.StoreStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreBatchTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final List<SqlitePulseStore> opened = new ArrayList<>();

    private SqlitePulseStore open(long windowMillis, int maxPulses, int capacity) throws Exception {
        SqlitePulseStore store = Stores.open(file(), windowMillis, maxPulses, capacity);
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

    private static List<Pulse> pulses(int meter, long from, int count) {
        List<Pulse> pulses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pulses.add(new Pulse(meter, from + i));
        }
        return pulses;
    }

    @Test
    void completesOnlyOnceTheBatchIsCommittedAndCountsDuplicates() throws Exception {
        SqlitePulseStore store = open(400, 1000, 100_000);
        store.append(new Pulse(21, T0 + 2));
        assertThat(store.flush(5_000)).isTrue();

        List<Pulse> batch = List.of(new Pulse(21, T0), new Pulse(21, T0 + 1), new Pulse(21, T0 + 1), // in-batch duplicate
                new Pulse(21, T0 + 2), // already stored
                new Pulse(24, T0 + 1)); // another meter, same ms: not a duplicate
        CompletableFuture<StoreResult> future = store.store(batch).toCompletableFuture();
        assertThat(future).isNotDone(); // the commit window holds it
        // When the stage completes, another connection must already see the rows: they are committed.
        CompletableFuture<Long> seen = future.thenApply(result -> {
            try {
                return Stores.queryLong(file(), "SELECT count(*) FROM pulse WHERE ts BETWEEN ? AND ?", T0, T0 + 2);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(new StoreResult(3, 2));
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(4);

        StoreStatus status = store.status();
        assertThat(status.meter(21)).isEqualTo(new MeterCounters(21, 5, 3, 2, 0));
        assertThat(status.meter(24)).isEqualTo(new MeterCounters(24, 1, 1, 0, 0));
        assertThat(status.database()).isEqualTo(file().toString());
        assertThat(status.failing()).isFalse();
        assertThat(store.statistics(21).pulses()).isEqualTo(3);
        assertThat(Stores.queryLong(file(), "SELECT pulses FROM meter_stats WHERE meter_id = 21")).isEqualTo(3);

        // The same batch again (a client's retry): all duplicates, nothing counted twice.
        assertThat(store.store(batch).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(new StoreResult(0, 5));
        assertThat(store.statistics(21).pulses()).isEqualTo(3);
        assertThat(store.store(List.of()).toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isEqualTo(new StoreResult(0, 0));
    }

    @Test
    void keepsABatchWholeInOneCommitEvenAboveTheGroupSize() throws Exception {
        SqlitePulseStore store = open(20, 100, 100_000);
        store.append(new Pulse(27, T0 - 1));
        assertThat(store.flush(5_000)).isTrue();
        long commitsBefore = store.status().commits();
        StoreResult result = store.store(pulses(27, T0, 10_000)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result).isEqualTo(new StoreResult(10_000, 0));
        assertThat(store.status().commits() - commitsBefore).isEqualTo(1);
        assertThat(store.count(27, T0, T0 + 10_000)).isEqualTo(10_000);
    }

    @Test
    void refusesABatchWithoutRoomAndStoresNothingOfIt() throws Exception {
        SqlitePulseStore store = open(20, 1000, 10);
        CompletableFuture<StoreResult> first;
        CompletableFuture<StoreResult> second;
        try (Connection other = Stores.jdbc(file()); Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            first = store.store(pulses(21, T0, 8)).toCompletableFuture();
            Thread.sleep(200); // the writer takes it and meets the lock: the queue is empty again
            second = store.store(pulses(21, T0 + 100, 8)).toCompletableFuture(); // waits in the queue
            assertThat(store.status().queued()).isEqualTo(8);

            CompletableFuture<StoreResult> third = store.store(pulses(21, T0 + 200, 3)).toCompletableFuture();
            assertThat(third).isCompletedExceptionally();
            assertThatThrownBy(third::join).hasCauseInstanceOf(RejectedExecutionException.class);
            // Larger than the whole queue: never accepted.
            assertThatThrownBy(() -> store.store(pulses(22, T0, 11)).toCompletableFuture().join())
                    .hasCauseInstanceOf(RejectedExecutionException.class);
            // A single pulse still fits.
            store.append(new Pulse(21, T0 + 300));

            // The first attempt fails once SQLite's own busy timeout (1 s) has passed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!store.status().failing() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            StoreStatus locked = store.status();
            assertThat(locked.failing()).isTrue();
            assertThat(locked.committed()).isZero();
            assertThat(locked.meter(21)).isEqualTo(new MeterCounters(21, 20, 0, 0, 3));
            assertThat(locked.meter(22).refused()).isEqualTo(11);
            assertThat(first).isNotDone();
            assertThat(second).isNotDone();
            s.execute("ROLLBACK");
        }
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new StoreResult(8, 0));
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(new StoreResult(8, 0));
        assertThat(store.flush(10_000)).isTrue();
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM pulse WHERE meter_id = 21")).isEqualTo(17);
        assertThat(store.count(21, T0 + 200, T0 + 203)).isZero();
        assertThat(store.count(22, T0, T0 + 11)).isZero();
        StoreStatus after = store.status();
        assertThat(after.failing()).isFalse();
        assertThat(after.failedAttempts()).isPositive();
        assertThat(after.meter(21)).isEqualTo(new MeterCounters(21, 20, 17, 0, 3));
        assertThat(after.refused()).isEqualTo(14);
        assertThat(after.queued()).isZero();
    }

    @Test
    void refusesBatchesOnceStopped() throws Exception {
        SqlitePulseStore store = Stores.open(file());
        store.deactivate();
        CompletableFuture<StoreResult> refused = store.store(pulses(21, T0, 3)).toCompletableFuture();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(store.status().meter(21)).isEqualTo(new MeterCounters(21, 3, 0, 0, 3));
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM pulse")).isZero();
    }
}
