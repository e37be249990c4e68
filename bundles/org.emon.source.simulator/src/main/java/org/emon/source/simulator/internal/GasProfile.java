package org.emon.source.simulator.internal;

import static org.emon.source.simulator.internal.Appliance.phase;
import static org.emon.source.simulator.internal.Appliance.window;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * A household's gas in m3/h: central heating by a thermostat programme (night setback, a morning
 * warm-up, evenings warmer than the working day), more in winter and next to nothing in summer when
 * seasonal; hot water drawn for showers and at the tap; cooking. The boiler modulates down to a
 * minimum flow; below it, it runs on and off within ten-minute blocks, as real boilers cycle.
 * Scaled to a yearly consumption: heating in proportion, hot water by how often it is drawn. The
 * same seed gives the same household. Not thread-safe.
 */
final class GasProfile implements LoadProfile {

    private static final long DAY = 86_400_000;
    private static final long BLOCK = 10 * 60_000;
    private static final double HOURS_PER_YEAR = 365.25 * 24;

    /** Mean heating flow over the year, m3/h, before scaling. */
    static final double HEATING_MEAN = 0.11;
    /** The boiler's lowest modulation, m3/h (about 3 kW). */
    static final double MIN_FLOW = 0.3;
    /** Relative heating demand by local hour: setback 23:00-06:00, warm-up 06:00-09:00. */
    private static final double[] HEATING = { 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 1.80, 2.60, 2.00, 1.20, 0.90, 0.90,
            0.90, 0.90, 0.90, 0.90, 1.10, 1.30, 1.40, 1.40, 1.30, 1.20, 0.80, 0.20 };
    private static final double HEATING_AVERAGE = java.util.Arrays.stream(HEATING).average().orElseThrow();
    private static final double SEASON_AVERAGE = seasonAverage();

    static final List<Appliance> HOT_WATER = List.of(
            new Appliance("shower", 1.0, List.of(window(6.5, 8.5, 3), window(19, 22.5, 1.5)), List.of(phase(2.0, 6, 12))),
            new Appliance("tap", 4.0, List.of(window(7, 9, 1), window(12, 13, 1), window(17.5, 21, 3)), List.of(phase(1.6, 1, 3))),
            new Appliance("gas hob", 0.6, List.of(window(17.5, 19, 1)), List.of(phase(0.35, 20, 40))));

    private static final long STREAM_NOISE = 11;
    private static final long STREAM_DAY = 12;

    private final long seed;
    private final ZoneRules rules;
    private final boolean seasonal;
    private final double scale;
    private final ApplianceRuns runs;
    private long factorDay = Long.MIN_VALUE;
    private double dayFactor;

    /**
     * @param yearlyM3 the consumption of an average year, in m3
     * @param seasonal whether heating follows the seasons (else it is the same every day of the year)
     */
    GasProfile(double yearlyM3, long seed, ZoneId zone, boolean seasonal) {
        if (!(yearlyM3 > 0) || Double.isInfinite(yearlyM3)) {
            throw new IllegalArgumentException("yearly.m3 must be a positive number, not " + yearlyM3);
        }
        this.seed = seed;
        this.rules = zone.getRules();
        this.seasonal = seasonal;
        double nominal = HEATING_MEAN * HOURS_PER_YEAR
                + HOT_WATER.stream().mapToDouble(a -> a.usesPerDay() * a.energyPerUse()).sum() * 365.25;
        this.scale = yearlyM3 / nominal;
        this.runs = new ApplianceRuns(HOT_WATER, seed, zone, scale);
    }

    @Override
    public Step at(long t) {
        long local = t + rules.getOffset(Instant.ofEpochMilli(t)).getTotalSeconds() * 1000L;
        long epochDay = Math.floorDiv(local, DAY);
        long blockStart = t - Math.floorMod(t, BLOCK);
        int hour = (int) (Math.floorMod(local - (t - blockStart), DAY) / 3_600_000);
        double demand = scale * HEATING_MEAN * HEATING[hour] / HEATING_AVERAGE * dayFactor(epochDay)
                * SeededNoise.uniform(seed, STREAM_NOISE, blockStart / BLOCK, 0.8, 1.2);
        double heating;
        long until;
        if (demand >= MIN_FLOW) {
            heating = demand;
            until = blockStart + BLOCK;
        } else {
            // on at the minimum flow for the share of the block that delivers the demand
            long on = Math.round(demand / MIN_FLOW * BLOCK);
            boolean burning = t - blockStart < on;
            heating = burning ? MIN_FLOW : 0;
            until = burning ? blockStart + on : blockStart + BLOCK;
        }
        return runs.add(t, epochDay, heating, until);
    }

    /** Milder and colder days (0.85 to 1.15), times the season when seasonal. */
    private double dayFactor(long epochDay) {
        if (epochDay != factorDay) {
            factorDay = epochDay;
            double factor = SeededNoise.uniform(seed, STREAM_DAY, epochDay, 0.85, 1.15);
            if (seasonal) {
                factor *= season(LocalDate.ofEpochDay(epochDay).getDayOfYear()) / SEASON_AVERAGE;
            }
            dayFactor = factor;
        }
        return dayFactor;
    }

    /** Heating need by day of year (northern hemisphere): coldest mid-January, next to none in summer. */
    static double season(int dayOfYear) {
        return Math.max(0.03, 0.55 + 0.75 * Math.cos(2 * Math.PI * (dayOfYear - 15) / 365.25));
    }

    private static double seasonAverage() {
        double sum = 0;
        for (int d = 1; d <= 365; d++) {
            sum += season(d);
        }
        return sum / 365;
    }

    /** The hot-water and cooking runs that start on a local day. */
    List<Appliance.Run> runs(LocalDate day) {
        return runs.on(day.toEpochDay());
    }
}
