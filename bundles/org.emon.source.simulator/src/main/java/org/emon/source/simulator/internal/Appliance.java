package org.emon.source.simulator.internal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Something that runs now and then: its program (phases of a power or flow for some minutes), how
 * often it runs on an average day, and at which local hours.
 *
 * @param usesPerDay the mean number of runs a day (Poisson distributed)
 */
record Appliance(String name, double usesPerDay, List<Window> windows, List<Phase> phases) {

    /** Hours of the local day in which a run may start, weighted against the appliance's other windows. */
    record Window(double fromHour, double toHour, double weight) {
    }

    /** One step of a program; a power of 0 is a pause (an oven's thermostat off). */
    record Phase(double power, double minMinutes, double maxMinutes) {
    }

    /** One phase of one run, in epoch milliseconds. */
    record Run(String appliance, long start, long end, double power) {
    }

    static Window window(double fromHour, double toHour, double weight) {
        return new Window(fromHour, toHour, weight);
    }

    static Phase phase(double power, double minMinutes, double maxMinutes) {
        return new Phase(power, minMinutes, maxMinutes);
    }

    /** The mean energy of a run, in power x hours (Wh, or m3 for a flow in m3/h). */
    double energyPerUse() {
        return phases.stream().mapToDouble(p -> p.power() * (p.minMinutes() + p.maxMinutes()) / 2 / 60).sum();
    }

    /** Adds this appliance's runs starting on {@code day} to {@code out}, {@code usesPerDay x rateScale} on average. */
    void schedule(LocalDate day, ZoneId zone, SplittableRandom random, double rateScale, List<Run> out) {
        int runs = poisson(usesPerDay * rateScale, random);
        double totalWeight = windows.stream().mapToDouble(Window::weight).sum();
        for (int i = 0; i < runs; i++) {
            double pick = random.nextDouble() * totalWeight;
            Window w = windows.get(windows.size() - 1);
            for (Window candidate : windows) {
                pick -= candidate.weight();
                if (pick < 0) {
                    w = candidate;
                    break;
                }
            }
            double hour = w.fromHour() + random.nextDouble() * (w.toHour() - w.fromHour());
            // through the zone, so a run at 02:30 on a spring-forward day starts at 03:30 as a clock would
            long t = day.atStartOfDay().plusSeconds((long) (hour * 3600)).atZone(zone).toInstant().toEpochMilli()
                    + random.nextInt(1000);
            for (Phase p : phases) {
                long length = (long) ((p.minMinutes() + random.nextDouble() * (p.maxMinutes() - p.minMinutes())) * 60_000);
                if (p.power() > 0 && length > 0) {
                    out.add(new Run(name, t, t + length, p.power()));
                }
                t += length;
            }
        }
    }

    /** Knuth's method: fine for the small means of household use. */
    static int poisson(double mean, SplittableRandom random) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            k++;
            product *= random.nextDouble();
        }
        return k;
    }
}
