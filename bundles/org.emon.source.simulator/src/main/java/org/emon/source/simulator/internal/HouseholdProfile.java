package org.emon.source.simulator.internal;

import static org.emon.source.simulator.internal.Appliance.phase;
import static org.emon.source.simulator.internal.Appliance.window;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * A household's electricity in W: standby, a fridge's and a freezer's compressors cycling, a daily
 * curve (lights, electronics, cooking: low at night, peaks in the morning and the evening, more in
 * winter when seasonal), and appliances switched on at plausible times (kettle, microwave, hob,
 * oven, washing machine, dishwasher, tumble dryer...). Scaled to a yearly consumption: the base load
 * and the curve in proportion, the appliances by how often they run, so a kettle still draws 2 kW.
 * The same seed gives the same household. Not thread-safe.
 */
final class HouseholdProfile implements LoadProfile {

    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;
    private static final double HOURS_PER_YEAR = 365.25 * 24;

    static final double STANDBY_W = 45;
    static final double CURVE_MEAN_W = 170;
    /** Relative use by local hour (0-23), interpolated between the hours' middles. */
    private static final double[] CURVE = { 0.55, 0.40, 0.30, 0.30, 0.30, 0.35, 0.70, 1.30, 1.20, 0.90, 0.80, 0.80,
            0.95, 0.85, 0.75, 0.80, 1.00, 1.50, 2.00, 2.20, 2.10, 1.80, 1.30, 0.85 };
    private static final double CURVE_AVERAGE = java.util.Arrays.stream(CURVE).average().orElseThrow();

    static final List<Appliance> APPLIANCES = List.of(
            new Appliance("kettle", 2.5, List.of(window(6.5, 9, 3), window(10, 12, 1), window(12, 14, 1.5), window(15, 17, 1.5), window(19, 22, 2)),
                    List.of(phase(2000, 2, 4))),
            new Appliance("microwave", 1.0, List.of(window(7, 9, 1), window(12, 13.5, 2), window(17, 20, 2)),
                    List.of(phase(1100, 2, 6))),
            new Appliance("toaster", 0.4, List.of(window(7, 9, 1)), List.of(phase(900, 2, 4))),
            new Appliance("hob", 0.8, List.of(window(11.5, 13, 1), window(17, 19.5, 4)),
                    List.of(phase(2000, 5, 8), phase(1200, 10, 25))),
            new Appliance("oven", 0.3, List.of(window(17, 19, 1)),
                    List.of(phase(2400, 10, 14), phase(2400, 2, 3), phase(0, 3, 5), phase(2400, 2, 3), phase(0, 3, 5),
                            phase(2400, 2, 3), phase(0, 3, 5), phase(2400, 2, 3), phase(0, 3, 5), phase(2400, 2, 3))),
            new Appliance("washing machine", 0.55, List.of(window(8, 11, 2), window(13, 17, 1.5), window(19, 21, 1)),
                    List.of(phase(150, 4, 6), phase(2000, 12, 20), phase(180, 40, 55), phase(120, 15, 20), phase(450, 8, 12))),
            new Appliance("dishwasher", 0.65, List.of(window(13, 14, 1), window(19.5, 22.5, 4)),
                    List.of(phase(2000, 15, 20), phase(100, 30, 40), phase(2000, 10, 15), phase(20, 30, 40))),
            new Appliance("tumble dryer", 0.25, List.of(window(10, 16, 2), window(19, 21, 1)), List.of(phase(2300, 50, 80))),
            new Appliance("vacuum cleaner", 0.2, List.of(window(9, 17, 1)), List.of(phase(800, 15, 30))));

    /** A compressor: on for {@code onMillis} of every {@code periodMillis}, from a seeded phase. */
    private record Cycle(long periodMillis, long onMillis, double power, long phase) {

        double averagePower() {
            return power * onMillis / periodMillis;
        }
    }

    private static final long STREAM_CYCLE = 1;
    private static final long STREAM_NOISE = 2;
    private static final long STREAM_DAY = 3;

    private final long seed;
    private final ZoneRules rules;
    private final boolean seasonal;
    private final double scale;
    private final Cycle fridge;
    private final Cycle freezer;
    private final ApplianceRuns runs;
    private long factorDay = Long.MIN_VALUE;
    private double dayFactor;

    /**
     * @param yearlyKwh the consumption of an average year, in kWh
     * @param seasonal  whether the curve (mostly lights) is higher in winter than in summer
     */
    HouseholdProfile(double yearlyKwh, long seed, ZoneId zone, boolean seasonal) {
        if (!(yearlyKwh > 0) || Double.isInfinite(yearlyKwh)) {
            throw new IllegalArgumentException("yearly.kwh must be a positive number, not " + yearlyKwh);
        }
        this.seed = seed;
        this.rules = zone.getRules();
        this.seasonal = seasonal;
        this.fridge = new Cycle(45 * MINUTE, 15 * MINUTE, 80, (long) SeededNoise.uniform(seed, STREAM_CYCLE, 1, 0, 45 * MINUTE));
        this.freezer = new Cycle(60 * MINUTE, 22 * MINUTE, 100, (long) SeededNoise.uniform(seed, STREAM_CYCLE, 2, 0, 60 * MINUTE));
        this.scale = yearlyKwh / nominalYearlyKwh(fridge, freezer);
        this.runs = new ApplianceRuns(APPLIANCES, seed, zone, scale);
    }

    /** What the unscaled household uses in an average year, in kWh: the yardstick of the scale. */
    private static double nominalYearlyKwh(Cycle fridge, Cycle freezer) {
        double base = (STANDBY_W + fridge.averagePower() + freezer.averagePower() + CURVE_MEAN_W) * HOURS_PER_YEAR;
        double appliances = APPLIANCES.stream().mapToDouble(a -> a.usesPerDay() * a.energyPerUse()).sum() * 365.25;
        return (base + appliances) / 1000;
    }

    @Override
    public Step at(long t) {
        long local = t + rules.getOffset(Instant.ofEpochMilli(t)).getTotalSeconds() * 1000L;
        long epochDay = Math.floorDiv(local, DAY);
        long minuteStart = t - Math.floorMod(t, MINUTE);
        // the curve is constant over a minute: its value at the minute's local start
        double hour = Math.floorMod(local - (t - minuteStart), DAY) / 3_600_000.0;
        double curve = CURVE_MEAN_W * curve(hour) * dayFactor(epochDay)
                * SeededNoise.uniform(seed, STREAM_NOISE, minuteStart / MINUTE, 0.85, 1.15);
        double power = scale * (STANDBY_W + cycle(fridge, t) + cycle(freezer, t) + curve);
        long until = Math.min(minuteStart + MINUTE, Math.min(cycleUntil(fridge, t), cycleUntil(freezer, t)));
        return runs.add(t, epochDay, power, until);
    }

    /** The relative curve at a fractional local hour, linear between the hours' middles; mean 1 over a day. */
    static double curve(double hour) {
        double x = hour - 0.5;
        int i = (int) Math.floor(x);
        double f = x - i;
        double a = CURVE[Math.floorMod(i, 24)];
        double b = CURVE[Math.floorMod(i + 1, 24)];
        return (a + f * (b - a)) / CURVE_AVERAGE;
    }

    /** Busier and quieter days (0.8 to 1.2), times the season: up to 20 % more around midwinter. */
    private double dayFactor(long epochDay) {
        if (epochDay != factorDay) {
            factorDay = epochDay;
            double factor = SeededNoise.uniform(seed, STREAM_DAY, epochDay, 0.8, 1.2);
            if (seasonal) {
                int dayOfYear = LocalDate.ofEpochDay(epochDay).getDayOfYear();
                factor *= 1 + 0.2 * Math.cos(2 * Math.PI * (dayOfYear + 10) / 365.25);
            }
            dayFactor = factor;
        }
        return dayFactor;
    }

    private static double cycle(Cycle c, long t) {
        return Math.floorMod(t - c.phase(), c.periodMillis()) < c.onMillis() ? c.power() : 0;
    }

    private static long cycleUntil(Cycle c, long t) {
        long position = Math.floorMod(t - c.phase(), c.periodMillis());
        return t - position + (position < c.onMillis() ? c.onMillis() : c.periodMillis());
    }

    /** The appliance runs that start on a local day (for tests and curious readers). */
    List<Appliance.Run> runs(LocalDate day) {
        return runs.on(day.toEpochDay());
    }
}
