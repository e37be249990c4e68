package org.emon.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A producer of pulses for one meter: a GPIO input, a simulator, or a bundle someone installs later.
 * Implementations register themselves as a service (so that emon can show their state) and deliver
 * their pulses to the {@link PulseSink} service.
 */
@ConsumerType
public interface PulseSource {

    /** The meter this source counts for. */
    int meterId();

    /** A short human name, e.g. {@code simulator} or {@code gpio BCM 4}. */
    String name();

    /** The source's current state, for {@code emon:status} and the REST status. */
    SourceStatus status();
}
