package org.emon.api;

import org.osgi.annotation.versioning.ProviderType;

/** Instantaneous power of each meter, kept current as pulses arrive. */
@ProviderType
public interface LivePower {

    /** The reading of a meter now; a zero reading for a meter that has seen no pulse. */
    PowerReading reading(int meterId);
}
