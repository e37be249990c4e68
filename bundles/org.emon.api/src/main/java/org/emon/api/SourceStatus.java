package org.emon.api;

import java.util.Objects;

/**
 * What a pulse source reports about itself.
 *
 * @param state           whether it is delivering pulses
 * @param detail          a human explanation, e.g. {@code no GPIO on this machine}; empty if none
 * @param pulsesDelivered pulses delivered since the source started
 * @param lastPulseMillis time of the last delivered pulse, or 0 if none yet
 */
public record SourceStatus(State state, String detail, long pulsesDelivered, long lastPulseMillis) {

    /** The life cycle of a source. */
    public enum State {
        /** Delivering pulses. */
        RUNNING,
        /** Ready, but waiting for something it needs (e.g. its meter's configuration). */
        WAITING,
        /** Not able to deliver pulses; {@code detail} says why. */
        FAILED
    }

    public SourceStatus {
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
    }
}
