package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.emon.api.Pulse;
import org.emon.api.store.DiskFullException;
import org.emon.api.store.MeterStatistics;
import org.emon.api.store.StoreResult;
import org.emon.api.store.StoreStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What follows a commit: batch stages, flush waiters, counters and statistics. */
class CompletionTest {

    /** Counts every attempt to complete it, also those a plain future would silently ignore. */
    static final class CountingFuture extends CompletableFuture<StoreResult> {
        final AtomicInteger completions = new AtomicInteger();

        @Override
        public boolean complete(StoreResult value) {
            completions.incrementAndGet();
            return super.complete(value);
        }

        @Override
        public boolean completeExceptionally(Throwable error) {
            completions.incrementAndGet();
            return super.completeExceptionally(error);
        }
    }

    private final Counters counters = new Counters();
    private final Completion completion = new Completion(counters,
            Map.of(21, new MeterStatistics(21, 10, 500, 100)));

    @AfterEach
    void shutdown() {
        completion.shutdown();
    }

    private static WriteSession.Result result(List<Pulse> pulses, boolean... inserted) {
        return new WriteSession.Result(MeterDelta.perMeter(pulses, inserted), Map.of(), inserted);
    }

    @Test
    void completesEachBatchOnceWithItsOwnAcceptedAndDuplicates() throws Exception {
        CountingFuture first = new CountingFuture();
        CountingFuture second = new CountingFuture();
        Group group = new Group();
        group.add(new Entry.LivePulse(1, new Pulse(21, 1000), 0));
        group.add(new Entry.Batch(2, List.of(new Pulse(21, 1001), new Pulse(21, 1002)), first, 0));
        group.add(new Entry.Batch(3, List.of(new Pulse(22, 7), new Pulse(22, 8), new Pulse(22, 9)), second, 0));

        // the live pulse is new; of the first batch one is new, of the second two
        completion.committed(group, result(group.pulses, true, true, false, false, true, true), true);

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(new StoreResult(1, 1));
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(new StoreResult(2, 1));
        Thread.sleep(50); // nothing completes them again later
        assertThat(first.completions).hasValue(1);
        assertThat(second.completions).hasValue(1);

        StoreStatus status = counters.snapshot("test", 0, 10, CommitterTest.DISK);
        assertThat(status.commits()).isEqualTo(1);
        assertThat(status.meter(21).committed()).isEqualTo(2);
        assertThat(status.meter(21).duplicates()).isEqualTo(1);
        assertThat(status.meter(22).committed()).isEqualTo(2);
        assertThat(completion.statistics(21)).isEqualTo(new MeterStatistics(21, 12, 1001, 100));
        assertThat(completion.statistics(22)).isEqualTo(new MeterStatistics(22, 2, 9, 0));
    }

    @Test
    void releasesTheCallersOfWaitingBatchesOnceAndStillCountsTheirLaterCommit() throws Exception {
        CountingFuture waiting = new CountingFuture();
        Group group = new Group();
        group.add(new Entry.Batch(1, List.of(new Pulse(22, 1)), waiting, 0));
        Entry.Batch batch = group.batches.get(0).batch();

        completion.release(List.of(batch), "the disk is full");
        completion.release(List.of(batch), "the disk is full"); // the next failed attempt: harmless
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DiskFullException.class)
                .hasMessageContaining("the disk is full");

        completion.committed(group, result(group.pulses, true), true); // space came back: stored after all
        Thread.sleep(50);
        assertThat(waiting).isCompletedExceptionally(); // the caller was told once; the commit changes nothing for it
        assertThat(counters.snapshot("test", 0, 10, CommitterTest.DISK).meter(22).committed()).isEqualTo(1);
    }

    @Test
    void completesBatchesOffTheWriterThread() throws Exception {
        CompletableFuture<StoreResult> future = new CompletableFuture<>();
        CompletableFuture<String> thread = future.thenApply(result -> Thread.currentThread().getName());
        Group group = new Group();
        group.add(new Entry.Batch(1, List.of(new Pulse(21, 2000)), future, 0));

        completion.committed(group, result(group.pulses, true), true);

        assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo("emon-sqlite-completions");
    }

    @Test
    void wakesFlushOnlyOnceItsPulsesAndSavesAreCommitted() throws Exception {
        Group upTo3 = new Group();
        upTo3.add(new Entry.LivePulse(3, new Pulse(21, 3000), 0));
        upTo3.savesGeneration = 1;
        CompletableFuture<Boolean> flushTo4 = CompletableFuture.supplyAsync(() -> await(4, 1, 5_000));
        CompletableFuture<Boolean> flushSaves2 = CompletableFuture.supplyAsync(() -> await(3, 2, 300));

        completion.committed(upTo3, result(upTo3.pulses, true), true);
        assertThat(completion.await(3, 1, 0)).isTrue();
        assertThat(flushTo4).isNotDone();

        Group upTo4 = new Group();
        upTo4.add(new Entry.LivePulse(4, new Pulse(21, 4000), 0));
        upTo4.savesGeneration = 1;
        completion.committed(upTo4, result(upTo4.pulses, true), true);

        assertThat(flushTo4.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(flushSaves2.get(5, TimeUnit.SECONDS)).isFalse(); // the second save was never committed
    }

    @Test
    void aFlushGivesUpOnceTheWriterHasEnded() throws Exception {
        CompletableFuture<Boolean> flush = CompletableFuture.supplyAsync(() -> await(1, 0, 60_000));
        Thread.sleep(50);
        completion.writerDone();
        assertThat(flush.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void failsWhatWasNotStoredOnce() throws Exception {
        CountingFuture batch = new CountingFuture();
        Group group = new Group();
        group.add(new Entry.Batch(1, List.of(new Pulse(21, 1)), batch, 0));
        Entry.Import chunk = new Entry.Import(new ImportChunk(List.of(), List.of()), new CompletableFuture<>(), 0);

        completion.fail(group);
        completion.fail(chunk);

        assertThatThrownBy(() -> batch.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("not stored");
        assertThat(chunk.future()).isCompletedExceptionally();
        assertThat(batch.completions).hasValue(1);
    }

    private boolean await(long seq, long saves, long timeoutMillis) {
        try {
            return completion.await(seq, saves, timeoutMillis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
