package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.Pulse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void copiesTheDatabaseConsistentlyWhilePulsesKeepComing() throws Exception {
        Path file = dir.resolve("emon.db");
        SqlitePulseStore store = Stores.open(file, 20, 1000, 100_000);
        try {
            int before = 20_000;
            for (int i = 0; i < before; i++) {
                store.append(new Pulse(21 + i % 3, T0 + i));
            }
            assertThat(store.flush(10_000)).isTrue();

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong appended = new AtomicLong();
            Thread producer = new Thread(() -> {
                while (running.get()) {
                    store.append(new Pulse(24, T0 + before + appended.getAndIncrement()));
                    if (appended.get() % 100 == 0) {
                        Thread.onSpinWait();
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "producer");
            producer.start();
            Thread.sleep(100);
            long committedAtStart = store.status().committed();
            Path copy = dir.resolve("backups/2026/emon-copy.db"); // parents are created
            store.backup(copy);
            Thread.sleep(100);
            running.set(false);
            producer.join();
            assertThat(store.status().committed()).isGreaterThan(committedAtStart); // the writer went on

            assertThat(Stores.queryString(copy, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(Stores.queryLong(copy, "SELECT count(*) FROM pulse WHERE ts < ?", T0 + before)).isEqualTo(before);
            long inCopy = Stores.queryLong(copy, "SELECT count(*) FROM pulse");
            assertThat(inCopy).isGreaterThanOrEqualTo(committedAtStart);
            // Consistent: the statistics were committed with the pulses they count.
            assertThat(Stores.queryLong(copy, "SELECT sum(pulses) FROM meter_stats")).isEqualTo(inCopy);
            assertThat(Stores.queryLong(copy, "PRAGMA user_version")).isEqualTo(Schema.LATEST);

            // Never overwrites.
            byte[] content = Files.readAllBytes(copy);
            assertThatThrownBy(() -> store.backup(copy)).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        } finally {
            store.deactivate();
        }
        // The copy opens as a store of its own.
        SqlitePulseStore restored = Stores.open(dir.resolve("backups/2026/emon-copy.db"));
        try {
            assertThat(restored.count(22, T0, T0 + 20_000)).isEqualTo(6_667);
        } finally {
            restored.deactivate();
        }
    }
}
