package org.emon.api.store;

import org.osgi.annotation.versioning.ProviderType;

/** The store's health and counters, for {@code emon:status} and {@code /api/v1/status}. */
@ProviderType
public interface StoreHealth {

    /** The store's health and counters now. */
    StoreStatus status();
}
