package org.emon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeterKindTest {

    @Test
    void electricityPowerIs3600000OverImpulsesTimesSeconds() {
        // the original's formula 3600 / seconds, right only at 1000 imp/kWh
        assertThat(MeterKind.ELECTRICITY.power(1000, 14_634)).isCloseTo(3600 / 14.634, within(1e-9));
        // 10,000 imp/kWh, 0.5 s between impulses: 720 W
        assertThat(MeterKind.ELECTRICITY.power(10_000, 500)).isCloseTo(720, within(1e-9));
        // 500 imp/kWh, 2 s: 3600 W
        assertThat(MeterKind.ELECTRICITY.power(500, 2000)).isCloseTo(3600, within(1e-9));
    }

    @Test
    void gasAndWaterFlowInCubicMetresPerHour() {
        assertThat(MeterKind.GAS.power(100, 36_000)).isCloseTo(1.0, within(1e-12));
        assertThat(MeterKind.WATER.power(1000, 3_600)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void intervalIsTheInverseOfPower() {
        assertThat(MeterKind.ELECTRICITY.intervalMillis(1000, 2000)).isCloseTo(1800, within(1e-9));
        assertThat(MeterKind.ELECTRICITY.power(1000, MeterKind.ELECTRICITY.intervalMillis(1000, 1234.5))).isCloseTo(1234.5, within(1e-9));
    }

    @Test
    void parsesConfigurationSpelling() {
        assertThat(MeterKind.parse(" Electricity ")).isEqualTo(MeterKind.ELECTRICITY);
        assertThat(MeterKind.parse("gas")).isEqualTo(MeterKind.GAS);
        assertThat(MeterKind.WATER).hasToString("water");
        assertThatThrownBy(() -> MeterKind.parse("steam")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MeterKind.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
