package org.emon.api.aggregation;

import java.time.Instant;

/**
 * The energy of one bucket {@code [start, end)}: the pulses counted in it and their value in the
 * meter's energy unit (kWh, m3).
 */
public record EnergyBucket(Instant start, Instant end, long pulses, double value) {
}
