package org.emon.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.emon.api.Meter;
import org.emon.api.PowerReading;

/**
 * Instantaneous power per meter from the interval between its last two pulses. Between pulses the
 * reading can only fall: it is at most what one pulse in the time since the last would mean, and 0
 * once no pulse came for the timeout. The first pulse gives no reading: an interval needs two.
 */
final class PowerTracker {

    private final long timeoutMillis;
    private final Map<Integer, MeterPower> meters = new ConcurrentHashMap<>();

    PowerTracker(long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("power timeout must be positive, not " + timeoutMillis + " ms");
        }
        this.timeoutMillis = timeoutMillis;
    }

    /** Takes a pulse into account and returns the power it shows. */
    double record(Meter meter, long timestampMillis) {
        return meters.computeIfAbsent(meter.id(), id -> new MeterPower()).record(meter, timestampMillis);
    }

    /**
     * Forgets the interval in progress, after a meter's source changed: the first pulse of the new
     * source says nothing about power, as its time since the old source's last pulse is arbitrary.
     * The reading decays from what it was until the new source's second pulse.
     */
    void restart(int meterId) {
        MeterPower power = meters.get(meterId);
        if (power != null) {
            power.restart();
        }
    }

    PowerReading reading(Meter meter, long nowMillis) {
        MeterPower power = meters.get(meter.id());
        String unit = meter.kind().powerUnit();
        if (power == null) {
            return new PowerReading(meter.id(), 0, unit, 0);
        }
        return power.reading(meter, nowMillis, timeoutMillis);
    }

    private static final class MeterPower {
        private long lastPulse;
        private double power;
        /** The next pulse starts a new interval: set when the meter's source changed. */
        private boolean restarted;

        synchronized void restart() {
            restarted = true;
        }

        synchronized double record(Meter meter, long timestamp) {
            // An older pulse (late or replayed) says nothing about the power now.
            if (timestamp > lastPulse) {
                if (restarted) {
                    restarted = false;
                } else if (lastPulse > 0) {
                    power = meter.kind().power(meter.impulsesPerUnit(), timestamp - lastPulse);
                }
                lastPulse = timestamp;
            }
            return power;
        }

        synchronized PowerReading reading(Meter meter, long now, long timeoutMillis) {
            long elapsed = now - lastPulse;
            double value = power;
            if (elapsed >= timeoutMillis) {
                value = 0;
            } else if (elapsed > 0) {
                value = Math.min(power, meter.kind().power(meter.impulsesPerUnit(), elapsed));
            }
            return new PowerReading(meter.id(), value, meter.kind().powerUnit(), lastPulse);
        }
    }
}
