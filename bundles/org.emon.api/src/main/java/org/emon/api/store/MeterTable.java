package org.emon.api.store;

import org.emon.api.Meter;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Keeps a table of the meters, with their description and current power, beside their pulses, so
 * that SQL tools and scripts written for the original emon-server (its {@code meter} table) keep
 * working. Optional: a store whose database no such tool reads need not offer it, and callers must
 * do without it.
 */
@ProviderType
public interface MeterTable {

    /** Records or updates a meter's description. */
    void saveMeter(Meter meter);

    /** Records a meter's current power, written to its row with the next commit. */
    void savePower(int meterId, double power, long atMillis);
}
