package org.emon.source.gpio.internal;

/** This machine has no GPIO that emon can use; the message says why, for {@code emon:sources}. */
final class GpioUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    GpioUnavailableException(String reason, Throwable cause) {
        super("no GPIO on this machine: " + reason, cause);
    }
}
