package org.emon.source.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.ZoneId;

import org.emon.api.MeterKind;
import org.junit.jupiter.api.Test;

class GasProfileTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private static long midnight(String date) {
        return LocalDate.parse(date).atStartOfDay(AMSTERDAM).toInstant().toEpochMilli();
    }

    private static double[] pulses(long seed, double yearlyM3, boolean seasonal, String from, String to) {
        return Simulation.pulses(new GasProfile(yearlyM3, seed, AMSTERDAM, seasonal), MeterKind.GAS, 100, 0, seed,
                midnight(from), midnight(to));
    }

    @Test
    void mornings_and_evenings_useMoreThanTheNightSetback() {
        double[] january = pulses(1, 1200, true, "2025-01-06", "2025-02-03");
        double night = Simulation.perHour(january, AMSTERDAM, 0, 5);
        assertThat(Simulation.perHour(january, AMSTERDAM, 6, 9)).isGreaterThan(3 * night);
        assertThat(Simulation.perHour(january, AMSTERDAM, 18, 21)).isGreaterThan(2 * night);
    }

    @Test
    void aSimulatedYearUsesTheConfiguredGas() {
        for (boolean seasonal : new boolean[] { true, false }) {
            double[] year = pulses(9, 1200, seasonal, "2025-01-01", "2026-01-01");
            assertThat(year.length / 100.0).as("m3 in a year, seasonal %s", seasonal).isCloseTo(1200, within(120.0));
        }
        double[] small = pulses(9, 600, true, "2025-01-01", "2026-01-01");
        assertThat(small.length / 100.0).isCloseTo(600, within(60.0));
    }

    @Test
    void seasonalHeatingIsAWinterThing() {
        double january = pulses(2, 1200, true, "2025-01-01", "2025-02-01").length;
        double july = pulses(2, 1200, true, "2025-07-01", "2025-08-01").length;
        assertThat(january).isGreaterThan(4 * july);
        // hot water stays: July is not empty
        assertThat(july / 100).isGreaterThan(10);
        double flatJanuary = pulses(2, 1200, false, "2025-01-01", "2025-02-01").length;
        double flatJuly = pulses(2, 1200, false, "2025-07-01", "2025-08-01").length;
        assertThat(flatJanuary / flatJuly).isCloseTo(1, within(0.2));
    }

    @Test
    void theBoilerCyclesAtItsMinimumFlowWhenDemandIsLow() {
        GasProfile profile = new GasProfile(1200, 4, AMSTERDAM, true);
        long night = midnight("2025-01-15") + 2 * 3_600_000L;
        int on = 0;
        for (long t = night; t < night + 3_600_000L; t += 10_000) {
            double flow = profile.at(t).power();
            if (profile.runs(LocalDate.parse("2025-01-15")).stream().noneMatch(r -> r.start() <= night + 3_600_000L && r.end() > night)) {
                assertThat(flow).isIn(0.0, GasProfile.MIN_FLOW);
            }
            on += flow > 0 ? 1 : 0;
        }
        assertThat(on).as("ten-second samples with the burner on in a night hour").isBetween(1, 300);
    }

    @Test
    void refusesANonPositiveYearlyConsumption() {
        assertThatThrownBy(() -> new GasProfile(-5, 1, AMSTERDAM, true)).hasMessageContaining("yearly.m3");
    }
}
