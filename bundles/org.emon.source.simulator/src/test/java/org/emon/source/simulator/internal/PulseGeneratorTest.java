package org.emon.source.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.emon.api.MeterKind;
import org.junit.jupiter.api.Test;

class PulseGeneratorTest {

    private static final long T0 = 1_750_000_000_000L;

    private static PulseGenerator constant(double power, MeterKind kind, double impulsesPerUnit, double jitter) {
        return new PulseGenerator(LoadProfile.constant(power, "power"), kind, impulsesPerUnit, jitter, new Random(42), T0);
    }

    @Test
    void meanIntervalMatchesThePowerAndJitterSpreadsIt() {
        // 2000 W at 1000 imp/kWh: 3.6e6 / (1000 * 2000) s = 1.8 s
        PulseGenerator pulses = constant(2000, MeterKind.ELECTRICITY, 1000, 0.1);
        double previous = pulses.next();
        double min = Double.MAX_VALUE;
        double max = 0;
        int n = 100_000;
        double first = previous;
        for (int i = 0; i < n; i++) {
            double t = pulses.next();
            min = Math.min(min, t - previous);
            max = Math.max(max, t - previous);
            previous = t;
        }
        assertThat((previous - first) / n).isCloseTo(1800, within(1800 * 0.002));
        assertThat(min).isGreaterThanOrEqualTo(1800 * 0.7 - 1e-6);
        assertThat(max).isLessThanOrEqualTo(1800 * 1.3 + 1e-6);
        assertThat(max - min).isGreaterThan(1800 * 0.4);
    }

    @Test
    void withoutJitterItIsAMetronomeStartingWithinTheFirstInterval() {
        PulseGenerator pulses = constant(360, MeterKind.ELECTRICITY, 1000, 0);
        double first = pulses.next();
        assertThat(first).isBetween((double) T0, T0 + 10_000.0);
        assertThat(pulses.next() - first).isCloseTo(10_000, within(1e-3));
        PulseGenerator fine = constant(360, MeterKind.ELECTRICITY, 10_000, 0);
        double a = fine.next();
        assertThat(fine.next() - a).isCloseTo(1000, within(1e-3));
    }

    @Test
    void gasFlowInCubicMetresPerHour() {
        // 1 m3/h at 100 imp/m3: 36 s
        PulseGenerator pulses = constant(1, MeterKind.GAS, 100, 0);
        double a = pulses.next();
        assertThat(pulses.next() - a).isCloseTo(36_000, within(1e-3));
    }

    @Test
    void constant720kWAt1000ImpPerKWhIs200PulsesASecond() {
        PulseGenerator exact = constant(720_000, MeterKind.ELECTRICITY, 1000, 0);
        int count = 0;
        while (exact.next() < T0 + 1000) {
            count++;
        }
        assertThat(count).isEqualTo(200);
        PulseGenerator jittered = constant(720_000, MeterKind.ELECTRICITY, 1000, 0.1);
        count = 0;
        while (jittered.next() < T0 + 10_000) {
            count++;
        }
        assertThat(count).isBetween(1995, 2005);
    }

    @Test
    void integratesAcrossAStepOfPower() {
        // 1800 W for a minute (a pulse every 2 s), then 3600 W (every second)
        LoadProfile step = t -> t < T0 + 60_000 ? new LoadProfile.Step(1800, T0 + 60_000) : new LoadProfile.Step(3600, Long.MAX_VALUE);
        PulseGenerator pulses = new PulseGenerator(step, MeterKind.ELECTRICITY, 1000, 0, new Random(1), T0);
        double previous = pulses.next();
        int count = 1;
        for (double t = pulses.next(); t < T0 + 120_000; t = pulses.next()) {
            if (t < T0 + 60_000) {
                assertThat(t - previous).isCloseTo(2000, within(1e-3));
            } else if (previous >= T0 + 60_000) {
                assertThat(t - previous).isCloseTo(1000, within(1e-3));
            } else {
                // the pulse across the step: half a Wh takes 1 s before it, the rest 0.5 s after
                assertThat(t - previous).isBetween(1000.0, 2000.0);
            }
            previous = t;
            count++;
        }
        // 30 Wh + 60 Wh in two minutes
        assertThat(count).isBetween(89, 91);
    }

    @Test
    void aSilentProfileSaysSoInsteadOfLoopingForEver() {
        PulseGenerator silent = new PulseGenerator(t -> new LoadProfile.Step(0, t + 86_400_000L), MeterKind.GAS, 100, 0, new Random(1), T0);
        assertThatThrownBy(silent::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("no energy");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> LoadProfile.constant(0, "power.watts")).hasMessageContaining("power.watts");
        assertThatThrownBy(() -> LoadProfile.constant(Double.NaN, "flow.m3.per.hour")).hasMessageContaining("flow.m3.per.hour");
        assertThatThrownBy(() -> constant(100, MeterKind.ELECTRICITY, 1000, 0.9)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> constant(100, MeterKind.ELECTRICITY, 0, 0.1)).hasMessageContaining("impulses per unit");
    }
}
