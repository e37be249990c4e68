package org.emon.api;

/**
 * One impulse of a meter: the falling edge of its LED or reed contact.
 *
 * @param meterId         the meter it was counted on
 * @param timestampMillis when, in milliseconds since the epoch (UTC)
 */
public record Pulse(int meterId, long timestampMillis) {
}
