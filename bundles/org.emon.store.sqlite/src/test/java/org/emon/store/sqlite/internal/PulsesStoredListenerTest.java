package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.emon.api.Pulse;
import org.emon.api.store.PulsesStoredListener;
import org.emon.api.store.StoreResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store tells its listeners which meters got pulses, from when, before the callers waiting for the commit. */
class PulsesStoredListenerTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private SqlitePulseStore store;

    /** Per meter, the oldest timestamp told so far, and what it was when the batch's stage completed. */
    private final Map<Integer, Long> told = new ConcurrentHashMap<>();

    private final PulsesStoredListener recorder = (meterId, oldestMillis) -> told.merge(meterId, oldestMillis, Math::min);

    @AfterEach
    void close() {
        if (store != null) {
            Stores.close(store);
        }
    }

    private Map<Integer, Long> storeAndSeeWhatWasTold(List<Pulse> pulses) throws Exception {
        told.clear();
        CompletableFuture<Map<Integer, Long>> seen = store.store(pulses).toCompletableFuture()
                .thenApply(result -> new TreeMap<>(told)); // what a caller sees once its batch is stored
        return seen.get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachMeterWithNewPulsesIsToldItsOldestBeforeTheBatchCompletes() throws Exception {
        store = Stores.open(dir.resolve("emon.db"));
        store.addListener(recorder);

        assertThat(storeAndSeeWhatWasTold(List.of(new Pulse(21, T0 + 500), new Pulse(21, T0 + 100), new Pulse(22, T0 + 7))))
                .isEqualTo(Map.of(21, T0 + 100, 22, T0 + 7));
        // a late pulse among duplicates: only the pulse actually inserted counts
        assertThat(storeAndSeeWhatWasTold(List.of(new Pulse(21, T0 + 100), new Pulse(21, T0 + 50), new Pulse(22, T0 + 7))))
                .isEqualTo(Map.of(21, T0 + 50));
        // duplicates only: nothing changed, nobody is told
        assertThat(storeAndSeeWhatWasTold(List.of(new Pulse(21, T0 + 500)))).isEmpty();
    }

    @Test
    void appendedPulsesAreToldBeforeFlushReturnsAndARemovedListenerIsNoLongerTold() throws Exception {
        store = Stores.open(dir.resolve("emon.db"));
        store.addListener(recorder);
        store.append(new Pulse(21, T0 + 3));
        assertThat(store.flush(10_000)).isTrue();
        assertThat(told).isEqualTo(Map.of(21, T0 + 3));

        store.removeListener(recorder);
        told.clear();
        store.append(new Pulse(21, T0 + 1));
        assertThat(store.flush(10_000)).isTrue();
        assertThat(told).isEmpty();
    }

    @Test
    void aListenerThatThrowsStopsNeitherTheOthersNorTheWriter() throws Exception {
        store = Stores.open(dir.resolve("emon.db"));
        store.addListener((meterId, oldestMillis) -> {
            throw new IllegalStateException("broken listener");
        });
        store.addListener(recorder);
        assertThat(storeAndSeeWhatWasTold(List.of(new Pulse(21, T0)))).isEqualTo(Map.of(21, T0));
        StoreResult next = store.store(List.of(new Pulse(21, T0 + 1))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(next.accepted()).isEqualTo(1);
        assertThat(store.count(21, T0, T0 + 2)).isEqualTo(2);
    }

    @Test
    void anImportTellsTheOldestPulseOfEachImportedMeter() throws Exception {
        Path original = dir.resolve("original.db");
        ImportOriginalTest.writeOriginal(original, true, 50, 7);
        store = Stores.open(dir.resolve("emon.db"));
        store.addListener(recorder);
        store.importOriginal(original, null, 20);
        assertThat(told.keySet()).containsExactlyInAnyOrder(21, 24, 27);
        for (int meter : told.keySet()) {
            long oldest = Stores.queryLong(dir.resolve("emon.db"), "SELECT min(ts) FROM pulse WHERE meter_id = ?", meter);
            assertThat(told.get(meter)).as("meter %d", meter).isEqualTo(oldest);
        }
    }
}
