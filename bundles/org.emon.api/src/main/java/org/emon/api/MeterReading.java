package org.emon.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What a meter's own display showed at a moment, so emon can show the same number: the display at
 * a later time is {@code value} plus the energy of the pulses counted since {@code at}.
 *
 * @param value the display's value in the meter's energy unit (kWh, m3)
 * @param at    when the display showed it
 */
public record MeterReading(double value, Instant at) {

    public MeterReading {
        Objects.requireNonNull(at, "at");
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("a meter reading must be a finite number >= 0, not " + value);
        }
    }
}
