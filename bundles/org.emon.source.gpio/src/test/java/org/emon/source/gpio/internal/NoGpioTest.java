package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.emon.api.Pulse;
import org.emon.api.SourceStatus;
import org.junit.jupiter.api.Test;

/** The production component on a machine without GPIO (such as the build machine). */
class NoGpioTest {

    @Test
    void aMachineWithoutGpioIsAStateOfTheSource() {
        assumeTrue(GpioProbe.here().isPresent(), "this machine has GPIO");
        Pi4jGpio gpio = new Pi4jGpio();
        UapiGpio uapi = new UapiGpio();
        List<Pulse> received = new ArrayList<>();
        Map<String, Object> properties = Map.of("meter.id", "21", "pin", "4");
        GpioPulseSource source = new GpioPulseSource((meter, timestamp) -> received.add(new Pulse(meter, timestamp)), gpio, uapi,
                TestConfig.of(properties), properties);

        SourceStatus status = source.status();
        assertThat(status.state()).isEqualTo(SourceStatus.State.FAILED);
        assertThat(status.detail()).startsWith("no GPIO on this machine: ").isEqualTo("no GPIO on this machine: " + GpioProbe.here().get());
        assertThat(status.pulsesDelivered()).isZero();
        assertThat(source.name()).isEqualTo("gpio BCM 4 led");
        assertThat(source.meterId()).isEqualTo(21);

        // a second meter gets the same answer, without a second attempt
        Map<String, Object> gas = Map.of("meter.id", "30", "pin", "17", "type", "reed");
        GpioPulseSource second = new GpioPulseSource((meter, timestamp) -> true, gpio, uapi, TestConfig.of(gas), gas);
        assertThat(second.status().detail()).isEqualTo(status.detail());

        // chosen explicitly, the uAPI v2 backend gives the same reason in its words
        Map<String, Object> kernel = Map.of("meter.id", "31", "pin", "17", "backend", "uapi2");
        GpioPulseSource third = new GpioPulseSource((meter, timestamp) -> true, gpio, uapi, TestConfig.of(kernel), kernel);
        assertThat(third.status().state()).isEqualTo(SourceStatus.State.FAILED);
        assertThat(third.status().detail()).isEqualTo("no GPIO on this machine: no /dev/gpiochip* device (not a Raspberry Pi, or a kernel without the GPIO character device)");

        source.stop();
        second.stop();
        third.stop();
        gpio.stop();
        assertThat(received).isEmpty();
    }

    @Test
    void onThisBuildMachineTheReasonIsTheMissingDevice() {
        assumeTrue(GpioProbe.here().isPresent(), "this machine has GPIO");
        String arch = System.getProperty("os.arch");
        assumeTrue(!arch.startsWith("arm") && !arch.equals("aarch64"), "an x86 build machine");
        assertThat(GpioProbe.here().get()).satisfiesAnyOf(
                reason -> assertThat(reason).startsWith("no /dev/gpiochip* device"),
                reason -> assertThat(reason).contains("native code for ARM only"));
    }
}
