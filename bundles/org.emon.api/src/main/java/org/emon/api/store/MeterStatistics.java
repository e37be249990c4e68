package org.emon.api.store;

/**
 * What the store holds for one meter.
 *
 * @param meterId         the meter
 * @param pulses          pulses committed
 * @param lastPulseMillis the newest committed pulse's time, or 0 if none
 * @param createdMillis   when the meter was first recorded in the store (the original's
 *                        {@code meter.created}), or 0 if it is not recorded yet
 */
public record MeterStatistics(int meterId, long pulses, long lastPulseMillis, long createdMillis) {
}
