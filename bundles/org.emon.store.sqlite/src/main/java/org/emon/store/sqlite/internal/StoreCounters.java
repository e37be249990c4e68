package org.emon.store.sqlite.internal;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the store's counters since it started, for status displays. For every meter,
 * {@code received = committed + duplicates + refused + (still queued)}.
 *
 * @param received        pulses given to {@code append}
 * @param committed       pulses newly stored
 * @param duplicates      pulses that were already stored
 * @param refused         pulses refused (queue full, or store stopping)
 * @param queued          entries waiting in the queue now
 * @param queueCapacity   the queue's size limit
 * @param commits         transactions committed
 * @param failedAttempts  commit attempts that failed and were retried
 * @param lastError       message of the last failure, or {@code null} if none
 * @param lastErrorMillis time of the last failure, or 0 if none
 * @param meters          per meter, by id in ascending order
 */
public record StoreCounters(long received, long committed, long duplicates, long refused, int queued,
        int queueCapacity, long commits, long failedAttempts, String lastError, long lastErrorMillis,
        Map<Integer, MeterCounters> meters) {

    public StoreCounters {
        meters = Collections.unmodifiableMap(new TreeMap<>(meters));
    }

    /** The counters of one meter; zeros if the store has seen nothing of it. */
    public MeterCounters meter(int meterId) {
        MeterCounters counters = meters.get(meterId);
        return counters != null ? counters : new MeterCounters(meterId, 0, 0, 0, 0);
    }
}
