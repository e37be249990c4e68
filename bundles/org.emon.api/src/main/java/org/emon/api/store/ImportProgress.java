package org.emon.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/** Told how far an import has come, e.g. to draw a progress bar. */
@ConsumerType
@FunctionalInterface
public interface ImportProgress {

    /** {@code done} of {@code total} source rows processed so far. */
    void progress(long done, long total);
}
