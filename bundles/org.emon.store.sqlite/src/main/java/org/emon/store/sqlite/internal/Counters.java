package org.emon.store.sqlite.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.emon.api.store.MeterCounters;
import org.emon.api.store.StoreState;
import org.emon.api.store.StoreStatus;

/** The store's live counters; updated by callers of {@code append} and by the writer, read by anyone. */
final class Counters {

    private static final class PerMeter {
        final LongAdder received = new LongAdder();
        final LongAdder committed = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder refused = new LongAdder();
    }

    private record Failure(String message, long atMillis) {
    }

    private final Map<Integer, PerMeter> meters = new ConcurrentHashMap<>();
    private final LongAdder commits = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private volatile Failure lastError;
    /** Whether the latest commit attempt failed; set by a failure, cleared by a success. */
    private volatile boolean failing;
    /** Whether the latest commit attempt failed for a full disk; set and cleared with {@link #failing}. */
    private volatile boolean diskFull;

    private PerMeter meter(int meterId) {
        PerMeter counters = meters.get(meterId); // lock-free on the hot path
        return counters != null ? counters : meters.computeIfAbsent(meterId, id -> new PerMeter());
    }

    void received(int meterId) {
        meter(meterId).received.increment();
    }

    void received(int meterId, long pulses) {
        meter(meterId).received.add(pulses);
    }

    void refused(int meterId) {
        meter(meterId).refused.increment();
    }

    void refused(int meterId, long pulses) {
        meter(meterId).refused.add(pulses);
    }

    /** Pulses refused so far, of all meters. */
    long refused() {
        long refused = 0;
        for (PerMeter m : meters.values()) {
            refused += m.refused.sum();
        }
        return refused;
    }

    void committed(MeterDelta delta) {
        PerMeter counters = meter(delta.meterId());
        counters.committed.add(delta.inserted());
        counters.duplicates.add(delta.duplicates());
    }

    void commit() {
        commits.increment();
        succeeded();
    }

    /** A successful transaction that is not a commit of pulses (an import chunk) also ends a failure. */
    void succeeded() {
        failing = false;
        diskFull = false;
    }

    /** A commit attempt failed; {@code diskFull} if for want of space. */
    void failed(Throwable error, long atMillis, boolean diskFull) {
        failedAttempts.increment();
        String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
        lastError = new Failure(message, atMillis);
        this.diskFull = diskFull;
        failing = true;
    }

    /** Whether the latest commit attempt failed for a full disk. */
    boolean diskFull() {
        return diskFull;
    }

    StoreStatus snapshot(String database, int queued, int queueCapacity, DiskSpace disk) {
        Map<Integer, MeterCounters> perMeter = new TreeMap<>();
        long received = 0;
        long committed = 0;
        long duplicates = 0;
        long refused = 0;
        for (Map.Entry<Integer, PerMeter> entry : meters.entrySet()) {
            PerMeter m = entry.getValue();
            MeterCounters c = new MeterCounters(entry.getKey(), m.received.sum(), m.committed.sum(),
                    m.duplicates.sum(), m.refused.sum());
            perMeter.put(entry.getKey(), c);
            received += c.received();
            committed += c.committed();
            duplicates += c.duplicates();
            refused += c.refused();
        }
        Failure failure = lastError;
        boolean failingNow = failing;
        StoreState state = !failingNow ? StoreState.OK : diskFull ? StoreState.DISK_FULL : StoreState.RETRYING;
        return new StoreStatus(database, received, committed, duplicates, refused, queued, queueCapacity,
                commits.sum(), failedAttempts.sum(),
                failure == null ? null : failure.message(), failure == null ? 0 : failure.atMillis(), failingNow,
                state, detail(state, disk), disk.freeBytes(), perMeter);
    }

    private static String detail(StoreState state, DiskSpace disk) {
        return switch (state) {
            case OK -> "commits succeed";
            case RETRYING -> "the latest commit failed and is retried; pulses and batches wait in the queue";
            case DISK_FULL -> disk.describe() + "; commits are retried and resume by themselves once space is freed;"
                    + " batches (HTTP ingest) are refused meanwhile, pulses from sources wait in the queue";
        };
    }
}
