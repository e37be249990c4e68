package org.emon.source.gpio.internal;

import org.emon.source.gpio.internal.GpioSettings.Pull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend {@code auto}: Pi4J where it works, the kernel's uAPI v2 where Pi4J cannot start or the
 * kernel refuses Pi4J's uAPI v1 (kernels built without {@code CONFIG_GPIO_CDEV_V1}).
 */
final class AutoGpio implements GpioInputs {

    private static final Logger LOG = LoggerFactory.getLogger(AutoGpio.class);

    /** What libgpiod 1.x in Pi4J 2.8 reports when the kernel has no uAPI v1 (EINVAL). */
    static final String V1_REFUSED = "Invalid argument";

    private final GpioInputs first;
    private final GpioInputs fallback;

    AutoGpio(GpioInputs pi4j, GpioInputs uapi) {
        this.first = pi4j;
        this.fallback = uapi;
    }

    @Override
    public Input open(int pin, Pull pull, long debounceNanos, String owner) throws GpioUnavailableException {
        try {
            return first.open(pin, pull, debounceNanos, owner);
        } catch (GpioUnavailableException e) {
            try {
                return fallback.open(pin, pull, debounceNanos, owner);
            } catch (GpioUnavailableException also) {
                // neither has GPIO here: Pi4J's reason is the one a user of the default reads
                LOG.debug("No GPIO through uAPI v2 either: {}", also.getMessage());
                throw e;
            }
        } catch (IllegalStateException e) {
            if (e.getMessage() == null || !e.getMessage().contains(V1_REFUSED)) {
                throw e;
            }
            LOG.info("The kernel refuses GPIO uAPI v1 ({}): BCM {} is read through uAPI v2", e.getMessage(), pin);
            return fallback.open(pin, pull, debounceNanos, owner);
        }
    }
}
