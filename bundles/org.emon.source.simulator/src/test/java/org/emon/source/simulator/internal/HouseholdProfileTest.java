package org.emon.source.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.emon.api.MeterKind;
import org.emon.source.simulator.internal.Appliance.Run;
import org.junit.jupiter.api.Test;

class HouseholdProfileTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final long DAY = 86_400_000L;

    private static long midnight(String date) {
        return LocalDate.parse(date).atStartOfDay(AMSTERDAM).toInstant().toEpochMilli();
    }

    private static double[] pulses(long seed, double yearlyKwh, double impulsesPerKwh, double jitter, long from, long to) {
        return Simulation.pulses(new HouseholdProfile(yearlyKwh, seed, AMSTERDAM, true), MeterKind.ELECTRICITY, impulsesPerKwh,
                jitter, seed, from, to);
    }

    @Test
    void theSameSeedGivesTheSamePulsesAndAnotherSeedOthers() {
        long from = midnight("2025-02-03");
        double[] a = pulses(42, 3500, 1000, 0.1, from, from + DAY);
        double[] b = pulses(42, 3500, 1000, 0.1, from, from + DAY);
        double[] c = pulses(43, 3500, 1000, 0.1, from, from + DAY);
        assertThat(a.length).isGreaterThan(3000);
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
        // not just shifted: the days' appliance runs differ too
        assertThat(new HouseholdProfile(3500, 43, AMSTERDAM, true).runs(LocalDate.parse("2025-02-03")))
                .isNotEqualTo(new HouseholdProfile(3500, 42, AMSTERDAM, true).runs(LocalDate.parse("2025-02-03")));
    }

    @Test
    void aSimulatedYearUsesTheConfiguredEnergy() {
        for (double yearly : new double[] { 3500, 1800 }) {
            // 100 imp/kWh keeps the pulse count small; the profile is integrated the same way
            double[] year = pulses(7, yearly, 100, 0.1, midnight("2025-01-01"), midnight("2026-01-01"));
            assertThat(year.length / 100.0).as("kWh in a year configured for %s", yearly).isCloseTo(yearly, within(yearly * 0.10));
        }
    }

    @Test
    void eveningsUseClearlyMoreThanTheSmallHours() {
        double[] weeks = pulses(3, 3500, 1000, 0.1, midnight("2025-03-03"), midnight("2025-03-31"));
        double evening = Simulation.perHour(weeks, AMSTERDAM, 18, 21);
        double night = Simulation.perHour(weeks, AMSTERDAM, 2, 5);
        double morning = Simulation.perHour(weeks, AMSTERDAM, 7, 9);
        assertThat(evening).isGreaterThan(2.5 * night);
        assertThat(morning).isGreaterThan(1.5 * night);
        // the night is the base load: standby and cooling, between 100 and 250 W
        assertThat(night).isBetween(100.0, 250.0);
    }

    @Test
    void aKettleShowsAsATwoKilowattStepInThePulseIntervals() {
        long seed = 11;
        HouseholdProfile profile = new HouseholdProfile(3500, seed, AMSTERDAM, true);
        int checked = 0;
        for (LocalDate day = LocalDate.parse("2025-05-05"); day.isBefore(LocalDate.parse("2025-05-19")); day = day.plusDays(1)) {
            List<Run> runs = profile.runs(day);
            for (Run kettle : runs) {
                if (!kettle.appliance().equals("kettle") || overlapsAnother(kettle, runs)) {
                    continue;
                }
                // jitter 0: the interval is exactly what the power means
                double[] around = pulses(seed, 3500, 1000, 0, kettle.start() - 600_000, kettle.end());
                double before = meanPower(around, kettle.start() - 600_000, kettle.start());
                double during = meanPower(around, kettle.start() + 5_000, kettle.end());
                assertThat(during - before).as("kettle at %s", java.time.Instant.ofEpochMilli(kettle.start()))
                        .isCloseTo(2000, within(300.0));
                checked++;
            }
        }
        assertThat(checked).as("kettle runs checked").isGreaterThan(10);
    }

    private static boolean overlapsAnother(Run run, List<Run> runs) {
        return runs.stream().anyMatch(r -> r != run && r.start() < run.end() + 600_000 && r.end() > run.start() - 600_000);
    }

    /** Mean power (W) from the pulses of 1 Wh (1000 imp/kWh) within [from, to): the one way a meter shows it. */
    private static double meanPower(double[] pulses, long from, long to) {
        double first = Double.NaN;
        double last = Double.NaN;
        int n = 0;
        for (double t : pulses) {
            if (t >= from && t < to) {
                first = n == 0 ? t : first;
                last = t;
                n++;
            }
        }
        return (n - 1) * 3.6e6 / (last - first);
    }

    @Test
    void appliancesRunAtPlausibleHours() {
        HouseholdProfile profile = new HouseholdProfile(3500, 5, AMSTERDAM, true);
        int runs = 0;
        for (LocalDate day = LocalDate.parse("2025-06-02"); day.isBefore(LocalDate.parse("2025-06-30")); day = day.plusDays(1)) {
            for (Run run : profile.runs(day)) {
                int hour = java.time.Instant.ofEpochMilli(run.start()).atZone(AMSTERDAM).getHour();
                assertThat(hour).as("%s starting", run.appliance()).isBetween(6, 23);
                assertThat(run.end() - run.start()).isPositive();
                runs++;
            }
        }
        // about 7 runs of programmes a day, each of one or more phases
        assertThat(runs).isGreaterThan(28 * 5);
    }

    @Test
    void refusesANonPositiveYearlyConsumption() {
        assertThatThrownBy(() -> new HouseholdProfile(0, 1, AMSTERDAM, true)).hasMessageContaining("yearly.kwh");
    }
}
