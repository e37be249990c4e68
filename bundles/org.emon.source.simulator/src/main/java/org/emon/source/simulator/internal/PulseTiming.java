package org.emon.source.simulator.internal;

import java.util.Random;

import org.emon.api.Meter;

/**
 * The time to the next simulated pulse: the interval that the mean power means for the meter's
 * impulses per unit, spread by a normal jitter that keeps the mean.
 */
final class PulseTiming {

    private final double power;
    private final double jitter;
    private final Random random;

    PulseTiming(double power, double jitter, Random random) {
        if (!(power > 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException("simulated power must be positive, not " + power);
        }
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw new IllegalArgumentException("jitter must be between 0 and 0.5, not " + jitter);
        }
        this.power = power;
        this.jitter = jitter;
        this.random = random;
    }

    /** Milliseconds to the next pulse, never below 1 ms. */
    double nextIntervalMillis(Meter meter) {
        double mean = meter.kind().intervalMillis(meter.impulsesPerUnit(), power);
        // clipped at +-3 sigma, symmetric, so the mean interval stays the configured one
        double spread = Math.max(-3, Math.min(3, random.nextGaussian())) * jitter;
        return Math.max(1, mean * (1 + spread));
    }
}
