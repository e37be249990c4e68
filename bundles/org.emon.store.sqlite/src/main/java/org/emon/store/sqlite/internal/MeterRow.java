package org.emon.store.sqlite.internal;

import org.emon.api.Meter;

/**
 * A meter's description as it is to be written: copied when {@code saveMeter} is called, because the
 * {@link Meter} service may change or go away before the writer gets to it.
 */
record MeterRow(int id, String description, String location, String kind, double impulsesPerUnit) {

    static MeterRow of(Meter meter) {
        return new MeterRow(meter.id(),
                orEmpty(meter.description()),
                orEmpty(meter.location()),
                meter.kind() == null ? null : meter.kind().toString(),
                meter.impulsesPerUnit());
    }

    // The original's columns are NOT NULL.
    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
