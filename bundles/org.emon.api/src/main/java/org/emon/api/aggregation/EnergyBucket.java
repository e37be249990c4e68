package org.emon.api.aggregation;

import java.time.Instant;

/**
 * The energy of one bucket {@code [start, end)}.
 *
 * @param pulses  the pulses counted in it
 * @param value   their value in the meter's energy unit (kWh, m3)
 * @param kwh     the energy in kWh: {@code value} for electricity, {@code value} times the
 *                calorific value for a gas meter that has one; {@code null} when unknown
 * @param reading the meter's display at the bucket's end, for a meter with a configured
 *                {@link org.emon.api.MeterReading}; {@code null} otherwise
 * @param label   the bucket's {@link Bucket#label()}, e.g. {@code peak}; {@code null} for plain
 *                time buckets
 */
public record EnergyBucket(Instant start, Instant end, long pulses, double value, Double kwh, Double reading, String label) {

    /** A bucket without kWh conversion, reading or label. */
    public EnergyBucket(Instant start, Instant end, long pulses, double value) {
        this(start, end, pulses, value, null, null, null);
    }
}
