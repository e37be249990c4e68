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
     * them has succeeded. It completes exceptionally with
     * {@link java.util.concurrent.RejectedExecutionException} when the store cannot take the batch
     * now, its message saying why: at once when there is no room for the whole batch, the store is
     * stopping or its disk is full (then nothing of it is queued); and for a batch queued before the
     * disk filled up, as soon as the store finds it full (then the batch stays queued and is stored
     * once space is freed: resending it is safe, a pulse stored twice counts once). A full disk is
     * told by its subclass {@link DiskFullException}.
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
