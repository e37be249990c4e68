package org.emon.api.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.emon.api.Meter;
import org.emon.api.Pulse;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable storage of every pulse. Appending is cheap and never blocks on the disk: pulses are
 * committed in groups by the store's writer.
 */
@ProviderType
public interface PulseStore {

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

    /** Records or updates a meter's description, so that SQL tools see it beside its pulses. */
    void saveMeter(Meter meter);

    /** Records a meter's current power, written to its row with the next commit. */
    void savePower(int meterId, double power, long atMillis);

    /** Committed pulses of one meter. */
    MeterStatistics statistics(int meterId);

    /** Committed pulses of a meter with {@code from <= timestamp < to} (milliseconds). */
    long count(int meterId, long fromMillis, long toMillis);

    /**
     * For each instant (milliseconds, ascending), the committed pulses of a meter with a timestamp
     * before it. The difference of two entries is the pulse count between them, so a series of
     * {@code n} buckets needs {@code n + 1} instants. Answered from rollups: the cost grows with
     * the number of instants, not with the number of pulses.
     *
     * @throws IllegalArgumentException if the instants are not in ascending order
     */
    long[] countsBefore(int meterId, long[] instantsMillis);

    /** The most pulses one {@link #pulses} page holds. */
    int MAX_PAGE = 10_000;

    /**
     * A page of a meter's committed pulses with {@code from <= timestamp < to}, oldest first, at
     * most {@code limit} of them. The next page starts at the last one's timestamp + 1.
     *
     * @throws IllegalArgumentException if {@code limit} is not from 1 to {@link #MAX_PAGE}
     */
    List<Pulse> pulses(int meterId, long fromMillis, long toMillis, int limit);

    /** The store's health and counters now. */
    StoreStatus status();

    /**
     * Writes a consistent copy of the database to {@code target} while pulses keep being stored.
     *
     * @throws IOException if {@code target} exists or cannot be written
     */
    void backup(Path target) throws IOException;

    /**
     * Imports the meters and pulses of an original emon-server database ({@code meter} and
     * {@code measurement} tables, whole-second epochs). Idempotent: importing the same file again
     * adds nothing.
     *
     * @throws IOException if {@code source} is not readable as such a database
     */
    ImportResult importOriginal(Path source, ImportProgress progress) throws IOException;

    /**
     * Waits until every pulse appended before this call is committed.
     *
     * @return {@code true} if they were committed within the timeout
     */
    boolean flush(long timeoutMillis) throws InterruptedException;
}
