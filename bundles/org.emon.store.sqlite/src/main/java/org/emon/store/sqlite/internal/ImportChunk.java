package org.emon.store.sqlite.internal;

import java.util.List;

import org.emon.api.Pulse;

/**
 * One transaction's worth of an import from an original emon-server database: meters to add if
 * missing, and pulses with their converted millisecond timestamps.
 */
record ImportChunk(List<OriginalMeter> meters, List<Pulse> pulses) {

    /** A row of the original's {@code meter} table; {@code updated} is missing from some of its databases. */
    record OriginalMeter(int id, String created, String updated, String description, String location, long ipu) {
    }
}
