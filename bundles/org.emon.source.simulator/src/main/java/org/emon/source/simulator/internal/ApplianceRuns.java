package org.emon.source.simulator.internal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.emon.source.simulator.internal.Appliance.Run;
import org.emon.source.simulator.internal.LoadProfile.Step;

/**
 * The runs of a set of appliances, day by day: each local day's runs come from a random generator
 * seeded by the seed and the day alone, so they are the same whenever they are computed. Not
 * thread-safe (one simulator thread uses it).
 */
final class ApplianceRuns {

    private static final long STREAM = 0x52554e53L;
    /** Days kept; a profile walks forward through time, so a few suffice. */
    private static final int CACHED_DAYS = 8;

    private final List<Appliance> appliances;
    private final long seed;
    private final ZoneId zone;
    private final double rateScale;
    private final Map<Long, List<Run>> byDay = new HashMap<>();

    ApplianceRuns(List<Appliance> appliances, long seed, ZoneId zone, double rateScale) {
        this.appliances = List.copyOf(appliances);
        this.seed = seed;
        this.zone = zone;
        this.rateScale = rateScale;
    }

    /** The runs that start on a local day, in appliance order. */
    List<Run> on(long epochDay) {
        List<Run> runs = byDay.get(epochDay);
        if (runs == null) {
            if (byDay.size() >= CACHED_DAYS) {
                byDay.clear();
            }
            SplittableRandom random = new SplittableRandom(SeededNoise.key(seed, STREAM, epochDay));
            List<Run> list = new ArrayList<>();
            for (Appliance appliance : appliances) {
                appliance.schedule(LocalDate.ofEpochDay(epochDay), zone, random, rateScale, list);
            }
            runs = List.copyOf(list);
            byDay.put(epochDay, runs);
        }
        return runs;
    }

    /**
     * {@code base} plus the power of every run at {@code t}, until {@code base} ends or a run starts
     * or ends. Runs start on the local day of {@code t} or, running past midnight, on the day before.
     */
    Step add(long t, long epochDay, double basePower, long baseUntil) {
        double power = basePower;
        long until = baseUntil;
        for (long day = epochDay - 1; day <= epochDay; day++) {
            for (Run run : on(day)) {
                if (run.start() > t) {
                    until = Math.min(until, run.start());
                } else if (run.end() > t) {
                    power += run.power();
                    until = Math.min(until, run.end());
                }
            }
        }
        return new Step(power, until);
    }
}
