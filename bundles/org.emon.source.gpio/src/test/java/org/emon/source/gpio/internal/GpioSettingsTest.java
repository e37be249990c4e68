package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.emon.source.gpio.internal.GpioSettings.Backend;
import org.emon.source.gpio.internal.GpioSettings.Edge;
import org.emon.source.gpio.internal.GpioSettings.Pull;
import org.emon.source.gpio.internal.GpioSettings.Type;
import org.junit.jupiter.api.Test;

class GpioSettingsTest {

    private static GpioSettings settings(String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return GpioSettings.of(TestConfig.of(properties), properties);
    }

    @Test
    void aLedHeadNeedsOnlyMeterAndPin() {
        GpioSettings led = settings("meter.id", "21", "pin", "4");
        assertThat(led).isEqualTo(new GpioSettings(21, 4, Type.LED, Pull.OFF, Edge.FALLING, 1, Backend.AUTO));
        assertThat(led.debounceNanos()).isEqualTo(1_000_000);
    }

    @Test
    void aReedContactDefaultsToPullUpAndALongerDebounce() {
        GpioSettings reed = settings("meter.id", "30", "pin", "17", "type", "reed");
        assertThat(reed).isEqualTo(new GpioSettings(30, 17, Type.REED, Pull.UP, Edge.FALLING, 30, Backend.AUTO));
    }

    @Test
    void configuredValuesWinOverTheTypeDefaults() {
        GpioSettings reed = settings("meter.id", "30", "pin", "27", "type", " REED ", "pull", "off", "edge", "Rising", "debounce.ms", "12.5");
        assertThat(reed).isEqualTo(new GpioSettings(30, 27, Type.REED, Pull.OFF, Edge.RISING, 12.5, Backend.AUTO));
        assertThat(reed.debounceNanos()).isEqualTo(12_500_000);
        assertThat(settings("meter.id", "1", "pin", "0", "debounce.ms", "0").debounceNanos()).isZero();
    }

    @Test
    void theBackendIsChosenByName() {
        assertThat(settings("meter.id", "21", "pin", "4", "backend", "uapi2").backend()).isEqualTo(Backend.UAPI2);
        assertThat(settings("meter.id", "21", "pin", "4", "backend", "Pi4J").backend()).isEqualTo(Backend.PI4J);
        assertThatThrownBy(() -> settings("meter.id", "21", "pin", "4", "backend", "gpiod"))
                .hasMessage("backend must be one of auto, pi4j, uapi2, not 'gpiod'");
    }

    @Test
    void eachBadValueIsNamedWithItsKey() {
        assertThatThrownBy(() -> settings("meter.id", "21", "pin", "28"))
                .hasMessage("pin must be a BCM GPIO number from 0 to 27, not 28");
        assertThatThrownBy(() -> settings("meter.id", "21", "pin", "-1")).hasMessageContaining("pin must be a BCM GPIO number");
        assertThatThrownBy(() -> settings("meter.id", "21", "pin", "4", "pull", "pullup"))
                .hasMessage("pull must be one of up, down, off, not 'pullup'");
        assertThatThrownBy(() -> settings("meter.id", "21", "pin", "4", "edge", "down"))
                .hasMessage("edge must be one of falling, rising, both, not 'down'");
        assertThatThrownBy(() -> settings("meter.id", "21", "pin", "4", "type", "s0"))
                .hasMessage("type must be one of led, reed, not 's0'");
        assertThatThrownBy(() -> settings("meter.id", "21", "pin", "4", "debounce.ms", "-2"))
                .hasMessage("debounce.ms must be from 0 to 1000 (ms), not -2.0");
        assertThatThrownBy(() -> settings("meter.id", "21", "pin", "4", "debounce.ms", "NaN")).hasMessageContaining("debounce.ms");
        assertThatThrownBy(() -> settings("meter.id", "0", "pin", "4")).hasMessage("meter.id must be a positive meter id, not 0");
    }

    @Test
    void textThatIsNoNumberIsQuoted() {
        assertThatThrownBy(() -> settings("meter.id", "21", "pin", "GPIO4")).hasMessage("pin must be a number, not 'GPIO4'");
        assertThatThrownBy(() -> settings("meter.id", "main", "pin", "4")).hasMessage("meter.id must be a number, not 'main'");
        assertThatThrownBy(() -> settings("meter.id", "21", "pin", "4", "debounce.ms", "2ms")).hasMessage("debounce.ms must be a number, not '2ms'");
    }

    @Test
    void missingKeysAndSeveralProblemsAreReportedTogether() {
        assertThatThrownBy(() -> settings("type", "gas", "edge", "up"))
                .hasMessageContaining("meter.id is required")
                .hasMessageContaining("pin is required")
                .hasMessageContaining("type must be one of led, reed, not 'gas'")
                .hasMessageContaining("edge must be one of falling, rising, both, not 'up'");
    }
}
