package org.emon.store.sqlite.internal;

import java.util.concurrent.TimeUnit;

/**
 * Decides which commits are synced to the storage device (SQLite {@code synchronous=FULL}: the WAL
 * is fsynced before the commit returns) and which only reach the page cache ({@code NORMAL}). A
 * group holding a batch is synced, because its caller is told "stored" (an HTTP client gets its
 * answer only then). A group of live pulses (GPIO, simulator) is synced only when the last synced
 * commit is older than {@link #LIVE_WINDOW_MILLIS}: a syncing commit also makes every earlier commit
 * durable, so a power cut loses at most the live pulses committed in that window, at most one fsync
 * of the WAL per second for them. Used by the writer thread only.
 */
final class Durability {

    /** The longest live pulses stay committed but unsynced while counting goes on. */
    static final long LIVE_WINDOW_MILLIS = 1000;

    private final long windowNanos;
    private long lastSyncedNanos;
    private boolean everSynced;

    Durability(long windowMillis) {
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
    }

    /** Whether the commit of {@code group} at {@code nowNanos} must be synced; if so, it counts as the last synced. */
    boolean sync(Group group, long nowNanos) {
        boolean sync = !group.batches.isEmpty() || !everSynced || nowNanos - lastSyncedNanos >= windowNanos;
        if (sync) {
            lastSyncedNanos = nowNanos;
            everSynced = true;
        }
        return sync;
    }
}
