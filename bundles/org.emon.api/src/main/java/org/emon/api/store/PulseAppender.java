package org.emon.api.store;

import java.util.Collection;
import java.util.concurrent.CompletionStage;

import org.emon.api.Pulse;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes pulses durably: what every store implements. Appending is cheap and never blocks on the
 * disk: pulses are committed in groups by the store's writer. Reading them back is
 * {@link PulseQueries}.
 */
@ProviderType
public interface PulseAppender {

    /**
     * Queues a pulse for the next commit. A pulse already stored (same meter and millisecond) is
     * counted once.
     */
    void append(Pulse pulse);

    /**
     * Queues a batch of pulses as one unit, for a caller that must know they are durable (e.g. an
     * ingest request answered only after commit). The stage completes once the commit that holds
     * them has succeeded; it completes exceptionally with
     * {@link java.util.concurrent.RejectedExecutionException} at once when there is no room for the
     * whole batch (nothing of it is queued) or the store is stopping.
     */
    CompletionStage<StoreResult> store(Collection<Pulse> pulses);

    /**
     * Waits until every pulse appended (and, for a store that is also a {@link MeterTable}, every
     * meter and power saved) before this call is committed.
     *
     * @return {@code true} if they were committed within the timeout
     */
    boolean flush(long timeoutMillis) throws InterruptedException;
}
