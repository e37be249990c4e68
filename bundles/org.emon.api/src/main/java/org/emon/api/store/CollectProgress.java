package org.emon.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/** Told how far a collect has come, e.g. to show progress when it runs long. */
@ConsumerType
@FunctionalInterface
public interface CollectProgress {

    /**
     * Table {@code table} is up to date for {@code doneMillis} of the {@code totalMillis} of pulse
     * time it has to go through in this run ({@code done == total} when it is complete).
     */
    void progress(String table, long doneMillis, long totalMillis);
}
