package org.emon.api;

/**
 * A meter's instantaneous power (electricity, in W) or flow (gas and water, in m3/h), derived from
 * the time between its last pulses.
 *
 * @param meterId         the meter
 * @param value           in {@code unit}; 0 before the second pulse and after pulses stopped
 * @param unit            {@code W} or {@code m3/h}
 * @param lastPulseMillis time of the last pulse seen, or 0 if none since start
 */
public record PowerReading(int meterId, double value, String unit, long lastPulseMillis) {
}
