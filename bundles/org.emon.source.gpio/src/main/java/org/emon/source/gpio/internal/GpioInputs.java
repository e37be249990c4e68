package org.emon.source.gpio.internal;

import org.emon.source.gpio.internal.GpioSettings.Pull;

/**
 * The machine's GPIO inputs through one backend (Pi4J, or the kernel's uAPI v2), shared by all
 * GPIO sources of this bundle. An internal service, registered with property
 * {@code emon.gpio.backend}; its package is not exported.
 */
interface GpioInputs {

    /**
     * Opens BCM {@code pin} as an input, reporting every change of level.
     *
     * @param debounceNanos the source's debounce time: a backend may leave it to the kernel
     *                      ({@link Input#debouncedNanos()})
     * @param owner         who uses it, named in the error when another source asks for the same pin
     * @throws GpioUnavailableException if this machine has no usable GPIO; the message says why
     * @throws IllegalStateException    if this pin cannot be opened; the message says why
     */
    Input open(int pin, Pull pull, long debounceNanos, String owner) throws GpioUnavailableException;

    /** An open input. */
    interface Input extends AutoCloseable {

        /** The backend's name, shown with the source: {@code pi4j} or {@code uapi2}. */
        String backend();

        /** The level now: true for high; null if it cannot be read. */
        Boolean level();

        /** Calls {@code listener} on the backend's thread at each change of level. */
        void listen(LevelListener listener);

        /** The debounce the kernel applies to this input, in ns; 0 if none (the source then debounces). */
        default long debouncedNanos() {
            return 0;
        }

        /**
         * The timer for the source's debounce: its own, unless the backend hands over edges late
         * (buffered by the kernel) and so must itself say when a level has held.
         */
        default Debouncer.Timer timer(Debouncer.Timer own) {
            return own;
        }

        /** Edges the kernel saw but could not hand over (its buffer was full); 0 where the backend cannot tell. */
        default long lostEdges() {
            return 0;
        }

        /** Why the input stopped reporting changes (e.g. its chip went away), or null while it reports them. */
        default String failure() {
            return null;
        }

        /** Releases the pin; further changes are not reported. */
        @Override
        void close();
    }

    /** Receives changes of level. */
    interface LevelListener {

        /** A change, at the time it is reported: the backend knows no better time. */
        void changed(boolean high);

        /** A change at the kernel's time of it: on the monotonic clock and on the wall clock. */
        void changed(boolean high, long nanoTime, long epochMillis);
    }
}
