package org.emon.source.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;

import org.emon.api.MeterKind;
import org.emon.source.simulator.internal.SimulatorSettings.Profile;
import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    private static SimulatorSettings settings(Profile profile, double watts, double flow, double kwh, double m3, double jitter, long seed) {
        return new SimulatorSettings(21, profile, watts, flow, kwh, m3, true, ZONE, jitter, seed);
    }

    @Test
    void badValuesAreRefusedNamingTheirKey() {
        assertThatThrownBy(() -> Profile.parse("solar")).hasMessageContaining("profile 'solar'").hasMessageContaining("constant, household or gas");
        assertThatThrownBy(() -> SimulatorSettings.zone("Mars/Olympus")).hasMessageContaining("zone 'Mars/Olympus'");
        assertThatThrownBy(() -> settings(Profile.CONSTANT, -1, 0.5, 3500, 1200, 0.1, 1)).hasMessageContaining("power.watts");
        assertThatThrownBy(() -> settings(Profile.CONSTANT, 500, 0, 3500, 1200, 0.1, 1)).hasMessageContaining("flow.m3.per.hour");
        assertThatThrownBy(() -> settings(Profile.HOUSEHOLD, 500, 0.5, 0, 1200, 0.1, 1)).hasMessageContaining("yearly.kwh");
        assertThatThrownBy(() -> settings(Profile.GAS, 500, 0.5, 3500, -1, 0.1, 1)).hasMessageContaining("yearly.m3");
        assertThatThrownBy(() -> settings(Profile.GAS, 500, 0.5, 3500, 1200, 0.7, 1)).hasMessageContaining("jitter");
    }

    @Test
    void valuesOtherProfilesUseAreNotChecked() {
        // a household simulator does not care about the constant profile's power
        assertThat(settings(Profile.HOUSEHOLD, 0, 0, 3500, 0, 0.1, 1).profile()).isEqualTo(Profile.HOUSEHOLD);
    }

    @Test
    void profilesAreParsedInAnyCaseAndFitTheirMeterKind() {
        assertThat(Profile.parse(" Household ")).isEqualTo(Profile.HOUSEHOLD);
        SimulatorSettings gas = settings(Profile.GAS, 500, 0.5, 3500, 1200, 0.1, 1);
        assertThat(gas.profileFor(MeterKind.GAS)).isInstanceOf(GasProfile.class);
        assertThatThrownBy(() -> gas.profileFor(MeterKind.WATER)).hasMessageContaining("profile gas").hasMessageContaining("water");
        assertThatThrownBy(() -> settings(Profile.HOUSEHOLD, 500, 0.5, 3500, 1200, 0.1, 1).profileFor(MeterKind.GAS))
                .hasMessageContaining("household");
        SimulatorSettings constant = settings(Profile.CONSTANT, 500, 0.5, 3500, 1200, 0.1, 1);
        assertThat(constant.profileFor(MeterKind.WATER).at(0).power()).isEqualTo(0.5);
        assertThat(constant.profileFor(MeterKind.ELECTRICITY).at(0).power()).isEqualTo(500);
    }

    @Test
    void seedZeroMeansADifferentSeedEachTime() {
        long a = settings(Profile.CONSTANT, 500, 0.5, 3500, 1200, 0.1, 0).seed();
        long b = settings(Profile.CONSTANT, 500, 0.5, 3500, 1200, 0.1, 0).seed();
        assertThat(a).isNotZero().isNotEqualTo(b);
        assertThat(settings(Profile.CONSTANT, 500, 0.5, 3500, 1200, 0.1, 77).seed()).isEqualTo(77);
        assertThat(SimulatorSettings.zone(" ")).isEqualTo(ZoneId.systemDefault());
    }
}
