package org.emon.source.simulator.internal;

import java.util.Random;

import org.emon.api.MeterKind;
import org.emon.source.simulator.internal.LoadProfile.Step;

/**
 * The pulses a meter gives for a load profile: integrates the power (or flow) over time and pulses
 * each time the energy reaches one impulse's worth (1 / impulses per unit), as the meter's own
 * counter does. Optional jitter spreads each impulse's energy around that, keeping the mean. Runs in
 * simulated time: a year of pulses takes as long as computing them. Not thread-safe.
 */
final class PulseGenerator {

    /** A profile with no energy for this long gives no next pulse. */
    static final long MAX_SILENCE_MILLIS = 400L * 86_400_000;

    private final LoadProfile profile;
    /** One impulse's energy, in power x milliseconds. */
    private final double perPulse;
    private final double jitter;
    private final Random random;
    private double time;
    private double needed;
    private Step step;
    private long stepFrom;

    /**
     * @param jitter relative spread (standard deviation) of each impulse's energy, 0 to 0.5
     * @param start  epoch milliseconds the meter starts counting at, somewhere within an impulse, as
     *               a real meter is when one starts watching it
     */
    PulseGenerator(LoadProfile profile, MeterKind kind, double impulsesPerUnit, double jitter, Random random, long start) {
        if (!(impulsesPerUnit > 0) || Double.isInfinite(impulsesPerUnit)) {
            throw new IllegalArgumentException("impulses per unit must be positive, not " + impulsesPerUnit);
        }
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw new IllegalArgumentException("jitter must be between 0 and 0.5, not " + jitter);
        }
        this.profile = profile;
        this.perPulse = kind.intervalMillis(impulsesPerUnit, 1);
        this.jitter = jitter;
        this.random = random;
        this.time = start;
        this.needed = nextImpulse() * random.nextDouble();
    }

    /**
     * The time of the next pulse, in fractional epoch milliseconds, later than the one before.
     *
     * @throws IllegalStateException if the profile has no energy for {@link #MAX_SILENCE_MILLIS}
     */
    double next() {
        double limit = time + MAX_SILENCE_MILLIS;
        while (time < limit) {
            long now = (long) Math.floor(time);
            if (step == null || now < stepFrom || now >= step.until()) {
                step = profile.at(now);
                stepFrom = now;
            }
            double end = step.until();
            double power = step.power();
            if (power > 0 && power * (end - time) >= needed) {
                time += needed / power;
                needed = nextImpulse();
                return time;
            }
            if (power > 0) {
                needed -= power * (end - time);
            }
            time = end;
        }
        throw new IllegalStateException("the profile gives no energy for " + MAX_SILENCE_MILLIS / 86_400_000 + " days");
    }

    /** One impulse's energy, spread symmetrically (so the mean stays exact) and kept positive. */
    private double nextImpulse() {
        if (jitter == 0) {
            return perPulse;
        }
        double bound = Math.min(3, 0.9 / jitter);
        return perPulse * (1 + Math.max(-bound, Math.min(bound, random.nextGaussian())) * jitter);
    }
}
