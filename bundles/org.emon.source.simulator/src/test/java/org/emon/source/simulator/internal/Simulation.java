package org.emon.source.simulator.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;

import org.emon.api.MeterKind;

/** Runs a profile in simulated time: the pulses of a day or a year in well under a second. */
final class Simulation {

    private Simulation() {
    }

    /** Pulse times (fractional epoch ms) in {@code [from, to)}. */
    static double[] pulses(LoadProfile profile, MeterKind kind, double impulsesPerUnit, double jitter, long seed, long from, long to) {
        PulseGenerator generator = new PulseGenerator(profile, kind, impulsesPerUnit, jitter, new Random(seed), from);
        double[] times = new double[1024];
        int n = 0;
        for (double t = generator.next(); t < to; t = generator.next()) {
            if (n == times.length) {
                times = java.util.Arrays.copyOf(times, n * 2);
            }
            times[n++] = t;
        }
        return java.util.Arrays.copyOf(times, n);
    }

    /** Mean pulses per hour in the local hours {@code [fromHour, toHour)}, over the days pulsed. */
    static double perHour(double[] pulses, ZoneId zone, int fromHour, int toHour) {
        long count = java.util.Arrays.stream(pulses)
                .mapToObj(t -> Instant.ofEpochMilli((long) t).atZone(zone).getHour())
                .filter(h -> h >= fromHour && h < toHour).count();
        long days = java.util.Arrays.stream(pulses)
                .mapToObj(t -> Instant.ofEpochMilli((long) t).atZone(zone).toLocalDate()).distinct().count();
        return (double) count / days / (toHour - fromHour);
    }
}
