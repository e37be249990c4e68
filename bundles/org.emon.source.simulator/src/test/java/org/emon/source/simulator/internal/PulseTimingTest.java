package org.emon.source.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.emon.api.Meter;
import org.emon.api.MeterKind;
import org.junit.jupiter.api.Test;

class PulseTimingTest {

    record TestMeter(int id, String description, String location, MeterKind kind, double impulsesPerUnit) implements Meter {
    }

    private static final Meter E_1000 = new TestMeter(21, "", "", MeterKind.ELECTRICITY, 1000);

    @Test
    void meanIntervalMatchesThePower() {
        // 2000 W at 1000 imp/kWh: 3.6e6 / (1000 * 2000) s = 1.8 s
        PulseTiming timing = new PulseTiming(2000, 0.1, new Random(42));
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double interval = timing.nextIntervalMillis(E_1000);
            sum += interval;
            min = Math.min(min, interval);
            max = Math.max(max, interval);
        }
        assertThat(sum / n).isCloseTo(1800, within(1800 * 0.002));
        assertThat(min).isGreaterThanOrEqualTo(1800 * 0.7 - 1e-9);
        assertThat(max).isLessThanOrEqualTo(1800 * 1.3 + 1e-9);
        assertThat(max - min).isGreaterThan(1800 * 0.4); // it does spread
    }

    @Test
    void withoutJitterItIsAMetronome() {
        PulseTiming timing = new PulseTiming(360, 0, new Random(1));
        assertThat(timing.nextIntervalMillis(E_1000)).isEqualTo(10_000);
        assertThat(timing.nextIntervalMillis(new TestMeter(1, "", "", MeterKind.ELECTRICITY, 10_000))).isEqualTo(1000);
    }

    @Test
    void gasFlowInCubicMetresPerHour() {
        // 1 m3/h at 100 imp/m3: 36 s
        PulseTiming timing = new PulseTiming(1, 0, new Random(1));
        assertThat(timing.nextIntervalMillis(new TestMeter(3, "", "", MeterKind.GAS, 100))).isCloseTo(36_000, within(1e-6));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new PulseTiming(0, 0.1, new Random())).hasMessageContaining("power");
        assertThatThrownBy(() -> new PulseTiming(Double.NaN, 0.1, new Random())).hasMessageContaining("power");
        assertThatThrownBy(() -> new PulseTiming(100, 0.9, new Random())).hasMessageContaining("jitter");
    }
}
