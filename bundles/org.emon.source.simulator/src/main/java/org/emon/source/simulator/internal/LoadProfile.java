package org.emon.source.simulator.internal;

/**
 * A meter's power (W) or flow (m3/h) over time, as a step function of epoch milliseconds, so the
 * energy between two instants can be integrated exactly. A pure function of time (and a seed): the
 * same instant always gives the same step, however the profile is queried.
 */
interface LoadProfile {

    /**
     * The power or flow at {@code millis}, and the first millisecond after it at which it may change.
     *
     * @param until greater than the {@code millis} it was asked for
     */
    record Step(double power, long until) {
    }

    Step at(long millis);

    /**
     * A constant power or flow, for ever.
     *
     * @param key the configuration key the value came from, for the message if it is not positive
     */
    static LoadProfile constant(double power, String key) {
        if (!(power > 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException(key + " must be a positive number, not " + power);
        }
        Step step = new Step(power, Long.MAX_VALUE);
        return millis -> step;
    }
}
