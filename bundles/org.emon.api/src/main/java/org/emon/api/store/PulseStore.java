package org.emon.api.store;

import java.util.Collection;

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

    /** Records or updates a meter's description, so that SQL tools see it beside its pulses. */
    void saveMeter(Meter meter);

    /** Records a meter's current power, written to its row with the next commit. */
    void savePower(int meterId, double power, long atMillis);

    /** Committed pulses of one meter. */
    MeterStatistics statistics(int meterId);

    /** Committed pulses of a meter with {@code from <= timestamp < to} (milliseconds). */
    long count(int meterId, long fromMillis, long toMillis);

    /**
     * Waits until every pulse appended before this call is committed.
     *
     * @return {@code true} if they were committed within the timeout
     */
    boolean flush(long timeoutMillis) throws InterruptedException;
}
