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
 * @param refused         pulses refused (queue full, disk full, or store stopping)
 * @param queued          entries waiting to be committed now
 * @param queueCapacity   the queue's size limit
 * @param commits         transactions committed
 * @param failedAttempts  commit attempts that failed and were retried
 * @param lastError       message of the last failure, or {@code null} if none
 * @param lastErrorMillis time of the last failure, or 0 if none
 * @param failing         {@code true} while the latest commit attempt failed (cleared by a success):
 *                        {@code state} is not {@link StoreState#OK}
 * @param state           what the writer is doing now
 * @param stateDetail     the state in a sentence for a person, e.g. how much space is free on a full disk
 * @param freeBytes       bytes free for the database on its file system, or -1 if unknown
 * @param meters          per meter, by id in ascending order
 */
public record StoreStatus(String database, long received, long committed, long duplicates, long refused, int queued,
        int queueCapacity, long commits, long failedAttempts, String lastError, long lastErrorMillis, boolean failing,
        StoreState state, String stateDetail, long freeBytes, Map<Integer, MeterCounters> meters) {

    public StoreStatus {
        meters = Collections.unmodifiableMap(new TreeMap<>(meters));
    }

    /**
     * The status of a store that tells no state of its own: {@link StoreState#RETRYING} while
     * {@code failing}, else {@link StoreState#OK}; free space unknown.
     */
    public StoreStatus(String database, long received, long committed, long duplicates, long refused, int queued,
            int queueCapacity, long commits, long failedAttempts, String lastError, long lastErrorMillis, boolean failing,
            Map<Integer, MeterCounters> meters) {
        this(database, received, committed, duplicates, refused, queued, queueCapacity, commits, failedAttempts, lastError,
                lastErrorMillis, failing, failing ? StoreState.RETRYING : StoreState.OK,
                failing ? "the latest commit failed and is retried" : "commits succeed", -1, meters);
    }

    /** The counters of one meter; zeros if the store has seen nothing of it. */
    public MeterCounters meter(int meterId) {
        MeterCounters counters = meters.get(meterId);
        return counters != null ? counters : new MeterCounters(meterId, 0, 0, 0, 0);
    }
}
