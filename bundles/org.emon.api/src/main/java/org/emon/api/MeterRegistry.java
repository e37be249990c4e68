package org.emon.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The meters configured now, by id. */
@ProviderType
public interface MeterRegistry {

    /** All configured meters, ordered by id. */
    List<Meter> meters();

    Optional<Meter> meter(int id);
}
