package org.emon.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told by the store which meters got new pulses, and from when, right after each commit that
 * stored any (live pulses, batches, imports): for what keeps answers derived from stored pulses
 * (e.g. a cache of energy series), which must drop those the new pulses change. Registered as a
 * service; the store calls every registered listener.
 */
@ConsumerType
public interface PulsesStoredListener {

    /**
     * Meter {@code meterId} got new pulses, the oldest of them at {@code oldestMillis}: a count of
     * its pulses before any later instant may have changed; counts before {@code oldestMillis} or
     * earlier have not. Called after the commit and before the callers of {@link
     * PulseAppender#store} and {@link PulseAppender#flush} learn of it, so that what they query next
     * sees the pulses. Called on the store's writer thread: return quickly, never wait.
     */
    void pulsesStored(int meterId, long oldestMillis);
}
