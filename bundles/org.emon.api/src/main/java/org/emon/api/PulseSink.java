package org.emon.api;

import org.osgi.annotation.versioning.ProviderType;

/** Where pulse sources deliver their pulses; emon tracks power and stores every pulse it accepts. */
@ProviderType
public interface PulseSink {

    /**
     * Delivers one pulse.
     *
     * @return {@code true} if the pulse was accepted for storage, {@code false} if no meter with
     *         that id is configured (the pulse is counted as refused)
     */
    boolean pulse(int meterId, long timestampMillis);
}
