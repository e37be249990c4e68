package org.emon.api.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store's health and counters since it started, for {@code emon:status} and
 * {@code /api/v1/status}. For every meter,
 * {@code received = committed + duplicates + refused + (still queued)}.
 *
 * @param database        where the store keeps its data (a file path for SQLite)
 * @param received        pulses given to the store
 * @param committed       pulses newly stored
 * @param duplicates      pulses that were already stored (same meter and millisecond)
 * @param refused         pulses refused (queue full, or store stopping)
 * @param queued          entries waiting to be committed now
 * @param queueCapacity   the queue's size limit
 * @param commits         transactions committed
 * @param failedAttempts  commit attempts that failed and were retried
 * @param lastError       message of the last failure, or {@code null} if none
 * @param lastErrorMillis time of the last failure, or 0 if none
 * @param failing         {@code true} while the latest commit attempt failed (cleared by a success)
 * @param meters          per meter, by id in ascending order
 */
public record StoreStatus(String database, long received, long committed, long duplicates, long refused, int queued,
        int queueCapacity, long commits, long failedAttempts, String lastError, long lastErrorMillis, boolean failing,
        Map<Integer, MeterCounters> meters) {

    public StoreStatus {
        meters = Collections.unmodifiableMap(new TreeMap<>(meters));
    }

    /** The counters of one meter; zeros if the store has seen nothing of it. */
    public MeterCounters meter(int meterId) {
        MeterCounters counters = meters.get(meterId);
        return counters != null ? counters : new MeterCounters(meterId, 0, 0, 0, 0);
    }
}
