package org.emon.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.emon.api.MeterKind;
import org.junit.jupiter.api.Test;

class PowerTrackerTest {

    private static final long T0 = 1_700_000_000_000L;
    private final PowerTracker tracker = new PowerTracker(600_000);

    @Test
    void oneImpulsePerSecondAt1000ImpPerKwhIs3600Watts() {
        TestMeter meter = TestMeter.electricity(21, 1000);
        assertThat(tracker.record(meter, T0)).isZero();
        assertThat(tracker.record(meter, T0 + 1000)).isCloseTo(3600, within(1e-9));
        assertThat(tracker.reading(meter, T0 + 1000).value()).isCloseTo(3600, within(1e-9));
        assertThat(tracker.reading(meter, T0 + 1000).unit()).isEqualTo("W");
    }

    @Test
    void tenThousandImpPerKwhScalesDown() {
        TestMeter meter = TestMeter.electricity(21, 10_000);
        tracker.record(meter, T0);
        // 8 ms between impulses at 10,000 imp/kWh is 45 kW, a 3x63 A house at full load
        assertThat(tracker.record(meter, T0 + 8)).isCloseTo(45_000, within(1e-6));
    }

    @Test
    void gasMeterGivesCubicMetresPerHour() {
        TestMeter gas = new TestMeter(3, "gas", "cellar", MeterKind.GAS, 100);
        tracker.record(gas, T0);
        // 100 imp/m3, one impulse every 36 s: 0.01 m3 per 36 s = 1 m3/h
        assertThat(tracker.record(gas, T0 + 36_000)).isCloseTo(1.0, within(1e-12));
        assertThat(tracker.reading(gas, T0 + 36_000).unit()).isEqualTo("m3/h");
    }

    @Test
    void firstPulseAfterStartGivesNoReading() {
        TestMeter meter = TestMeter.electricity(21, 1000);
        tracker.record(meter, T0);
        assertThat(tracker.reading(meter, T0 + 10).value()).isZero();
        assertThat(tracker.reading(meter, T0 + 10).lastPulseMillis()).isEqualTo(T0);
    }

    @Test
    void powerDecaysWhenPulsesStopAndReachesZeroAfterTimeout() {
        TestMeter meter = TestMeter.electricity(21, 1000);
        tracker.record(meter, T0);
        tracker.record(meter, T0 + 1000); // 3600 W
        assertThat(tracker.reading(meter, T0 + 1500).value()).isCloseTo(3600, within(1e-9));
        // 10 s without a pulse: at most one pulse in 10 s = 360 W
        assertThat(tracker.reading(meter, T0 + 11_000).value()).isCloseTo(360, within(1e-9));
        assertThat(tracker.reading(meter, T0 + 1000 + 599_999).value()).isPositive();
        assertThat(tracker.reading(meter, T0 + 1000 + 600_000).value()).isZero();
    }

    @Test
    void pulsesRestartingAfterAPauseMeasureFromTheLastPulse() {
        TestMeter meter = TestMeter.electricity(21, 1000);
        tracker.record(meter, T0);
        tracker.record(meter, T0 + 1000);
        assertThat(tracker.reading(meter, T0 + 3_600_000).value()).isZero();
        assertThat(tracker.record(meter, T0 + 3_600_000)).isCloseTo(1.0, within(0.01)); // one Wh in an hour
        assertThat(tracker.record(meter, T0 + 3_602_000)).isCloseTo(1800, within(1e-9));
    }

    @Test
    void aLatePulseDoesNotDisturbThePower() {
        TestMeter meter = TestMeter.electricity(21, 1000);
        tracker.record(meter, T0);
        tracker.record(meter, T0 + 2000);
        assertThat(tracker.record(meter, T0 + 500)).isCloseTo(1800, within(1e-9));
        assertThat(tracker.record(meter, T0 + 2000)).isCloseTo(1800, within(1e-9)); // same ms again: no interval
    }

    @Test
    void aSwappedSourcesFirstPulseGivesNoAbsurdPower() {
        TestMeter meter = TestMeter.electricity(21, 1000);
        tracker.record(meter, T0);
        tracker.record(meter, T0 + 1000); // 3600 W from the old source
        tracker.restart(21);
        // the new source's first pulse 5 ms after the old one's last would read 720 kW
        assertThat(tracker.record(meter, T0 + 1005)).isCloseTo(3600, within(1e-9));
        assertThat(tracker.record(meter, T0 + 3005)).isCloseTo(1800, within(1e-9));
    }

    @Test
    void restartingAMeterWithoutPulsesChangesNothing() {
        TestMeter meter = TestMeter.electricity(21, 1000);
        tracker.restart(21);
        assertThat(tracker.record(meter, T0)).isZero();
        assertThat(tracker.record(meter, T0 + 1000)).isCloseTo(3600, within(1e-9));
    }

    @Test
    void meterWithoutPulsesReadsZero() {
        assertThat(tracker.reading(TestMeter.electricity(5, 1000), T0).value()).isZero();
    }
}
