package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.emon.source.gpio.internal.GpioSettings.Pull;
import org.junit.jupiter.api.Test;

/** Backend {@code auto}: which backend opens the pin, on the answers each gives. */
class AutoGpioTest {

    private final List<String> asked = new ArrayList<>();

    /** A backend that opens pins, or fails with {@code failure}. */
    private GpioInputs backend(String name, Exception failure) {
        return (pin, pull, debounceNanos, owner) -> {
            asked.add(name);
            if (failure instanceof GpioUnavailableException unavailable) {
                throw unavailable;
            }
            if (failure != null) {
                throw (RuntimeException) failure;
            }
            return new GpioInputs.Input() {
                @Override
                public String backend() {
                    return name;
                }

                @Override
                public Boolean level() {
                    return null;
                }

                @Override
                public void listen(GpioInputs.LevelListener listener) {
                }

                @Override
                public void close() {
                }
            };
        };
    }

    private GpioInputs.Input open(GpioInputs pi4j, GpioInputs uapi) throws GpioUnavailableException {
        return new AutoGpio(pi4j, uapi).open(4, Pull.OFF, 1_000_000, "the GPIO source of meter 21");
    }

    @Test
    void pi4jWhereItWorks() throws Exception {
        assertThat(open(backend("pi4j", null), backend("uapi2", null)).backend()).isEqualTo("pi4j");
        assertThat(asked).containsExactly("pi4j");
    }

    @Test
    void uapi2WhereTheKernelRefusesUapiV1() throws Exception {
        // as Pi4jGpio reports libgpiod 1.x's failure on a kernel without CONFIG_GPIO_CDEV_V1
        IllegalStateException refused = new IllegalStateException("BCM 4 could not be opened: c_gpiod_chip_get_line failed! (Invalid argument)");
        assertThat(open(backend("pi4j", refused), backend("uapi2", null)).backend()).isEqualTo("uapi2");
        assertThat(asked).containsExactly("pi4j", "uapi2");
    }

    @Test
    void uapi2WherePi4jCannotStart() throws Exception {
        GpioUnavailableException noPi = new GpioUnavailableException("Pi4J does not recognise this board as a Raspberry Pi", null);
        assertThat(open(backend("pi4j", noPi), backend("uapi2", null)).backend()).isEqualTo("uapi2");
    }

    @Test
    void withoutGpioPi4jsReasonIsKept() {
        GpioUnavailableException pi4j = new GpioUnavailableException("no /dev/gpiochip* device", null);
        GpioUnavailableException uapi = new GpioUnavailableException("no /dev/gpiochip* device (uapi)", null);
        assertThatThrownBy(() -> open(backend("pi4j", pi4j), backend("uapi2", uapi))).isSameAs(pi4j);
        assertThat(asked).containsExactly("pi4j", "uapi2");
    }

    @Test
    void anotherRefusalIsNotRetried() {
        IllegalStateException used = new IllegalStateException("BCM 4 is already used by the GPIO source of meter 22");
        assertThatThrownBy(() -> open(backend("pi4j", used), backend("uapi2", null))).isSameAs(used);
        assertThat(asked).containsExactly("pi4j");
    }

    @Test
    void whatUapi2SaysWhenItFailsAfterAV1Refusal() {
        IllegalStateException refused = new IllegalStateException("c_gpiod_chip_get_line failed! (Invalid argument)");
        IllegalStateException busy = new IllegalStateException(UapiGpio.refusal("BCM 4", LinuxCalls.EBUSY));
        assertThatThrownBy(() -> open(backend("pi4j", refused), backend("uapi2", busy)))
                .hasMessage("BCM 4 is taken by another process or driver (the kernel says busy; gpioinfo shows its user)");
    }
}
