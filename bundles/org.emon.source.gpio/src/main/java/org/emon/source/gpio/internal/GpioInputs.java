package org.emon.source.gpio.internal;

import org.emon.source.gpio.internal.GpioSettings.Pull;

/**
 * The machine's GPIO inputs, shared by all GPIO sources of this bundle (Pi4J wants one context
 * per process). An internal service: its package is not exported.
 */
interface GpioInputs {

    /**
     * Opens BCM {@code pin} as an input, with Pi4J's own debounce off.
     *
     * @param owner who uses it, named in the error when another source asks for the same pin
     * @throws GpioUnavailableException if this machine has no usable GPIO; the message says why
     * @throws IllegalStateException    if this pin cannot be opened; the message says why
     */
    Input open(int pin, Pull pull, String owner) throws GpioUnavailableException;

    /** An open input. */
    interface Input extends AutoCloseable {

        /** The level now: true for high; null if it cannot be read. */
        Boolean level();

        /** Calls {@code listener} on Pi4J's thread at each change of level. */
        void listen(LevelListener listener);

        /** Releases the pin; further changes are not reported. */
        @Override
        void close();
    }

    @FunctionalInterface
    interface LevelListener {
        void changed(boolean high);
    }
}
