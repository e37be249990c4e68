package org.emon.mqtt.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.emon.api.Meter;
import org.emon.api.MeterReading;
import org.emon.api.store.PulseQueries;

/**
 * A meter's total as /api/v1/meters and the energy series show it: its configured reading plus the
 * pulses stored since the reading's moment, or all its stored pulses divided by impulses per unit.
 */
final class Values {

    private final PulseQueries store;
    /** Pulses stored before each meter's reading moment, which only a late import could change. */
    private final Map<Integer, long[]> atReading = new HashMap<>();

    Values(PulseQueries store) {
        this.store = store;
    }

    /** The total in the meter's unit (kWh, m3), rounded to what its impulses resolve. */
    BigDecimal total(Meter meter) {
        long pulses = store.statistics(meter.id()).pulses();
        Optional<MeterReading> reading = meter.reading();
        double value;
        if (reading.isPresent()) {
            long at = reading.get().at().toEpochMilli();
            long[] cached = atReading.get(meter.id());
            if (cached == null || cached[0] != at) {
                cached = new long[] { at, store.countsBefore(meter.id(), new long[] { at })[0] };
                atReading.put(meter.id(), cached);
            }
            value = reading.get().value() + (pulses - cached[1]) / meter.impulsesPerUnit();
        } else {
            value = pulses / meter.impulsesPerUnit();
        }
        return round(value, decimals(meter.impulsesPerUnit()));
    }

    /** A gas total in kWh: m3 times the calorific value (kWh per m3). */
    static BigDecimal kwh(Meter meter, BigDecimal cubicMetres) {
        return round(cubicMetres.doubleValue() * meter.calorificValue(), 3);
    }

    /** Enough decimals for one impulse (1000 imp/kWh: 3), at least 3 and at most 6. */
    static int decimals(double impulsesPerUnit) {
        return Math.max(3, Math.min(6, (int) Math.ceil(Math.log10(impulsesPerUnit))));
    }

    /** Power in W to 0.1, flow in m3/h to 0.0001. */
    static BigDecimal power(double value, boolean watts) {
        return round(value, watts ? 1 : 4);
    }

    /** Rounding half up is monotonic: a larger value never rounds to a smaller one. */
    static BigDecimal round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /** Without exponent and trailing zeros: 1000, 0.5, 12.345. */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
