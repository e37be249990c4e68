package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.Pulse;
import org.emon.api.store.StoreResult;
import org.emon.api.store.StoreStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guarantee 2 of issue 3: the database locked by another process for 10 s loses no pulse. */
class LockedDatabaseTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long LOCK_MILLIS = 10_000;

    @TempDir
    Path dir;

    @Test
    void aTenSecondExclusiveLockLosesNoPulse() throws Exception {
        Path file = dir.resolve("emon.db");
        SqlitePulseStore store = Stores.open(file, 250, 1000, 100_000); // the defaults
        try {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong appended = new AtomicLong();
            // A meter at about 500 pulses/s, appending throughout the lock and after it.
            Thread producer = new Thread(() -> {
                long next = System.nanoTime();
                while (running.get()) {
                    store.append(new Pulse(21, T0 + appended.getAndIncrement()));
                    next += 2_000_000;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "producer");
            List<CompletableFuture<StoreResult>> batches = new ArrayList<>();
            long appendedBeforeRelease;
            try (Connection other = Stores.jdbc(file); Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                producer.start();
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_MILLIS);
                int round = 0;
                while (System.nanoTime() < end) {
                    // And a remote source posting a batch of 100 every second.
                    List<Pulse> batch = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        batch.add(new Pulse(24, T0 + round * 100L + i));
                    }
                    batches.add(store.store(batch).toCompletableFuture());
                    round++;
                    Thread.sleep(1_000);
                }
                StoreStatus locked = store.status();
                assertThat(locked.failing()).isTrue();
                assertThat(locked.committed()).isZero();
                assertThat(locked.refused()).isZero();
                assertThat(batches).noneMatch(CompletableFuture::isDone);
                appendedBeforeRelease = appended.get();
                s.execute("COMMIT");
            }
            Thread.sleep(500); // pulses keep coming after the release
            running.set(false);
            producer.join();
            assertThat(appendedBeforeRelease).isGreaterThan(4_000);
            assertThat(store.flush(30_000)).isTrue();
            for (CompletableFuture<StoreResult> batch : batches) {
                assertThat(batch.get(10, TimeUnit.SECONDS)).isEqualTo(new StoreResult(100, 0));
            }

            long total = appended.get();
            assertThat(Stores.queryLong(file, "SELECT count(*) FROM pulse WHERE meter_id = 21")).isEqualTo(total);
            assertThat(Stores.queryLong(file, "SELECT count(*) FROM pulse WHERE meter_id = 24"))
                    .isEqualTo(100L * batches.size());
            assertThat(store.count(21, T0, T0 + total)).isEqualTo(total);
            StoreStatus after = store.status();
            assertThat(after.failing()).isFalse();
            assertThat(after.committed()).isEqualTo(total + 100L * batches.size());
            assertThat(after.refused()).isZero();
            assertThat(after.duplicates()).isZero();
            assertThat(after.failedAttempts()).isPositive();
        } finally {
            store.deactivate();
        }
    }
}
