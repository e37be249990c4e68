package org.emon.api.store;

/**
 * What became of a batch of pulses once it was committed.
 *
 * @param accepted   pulses newly stored
 * @param duplicates pulses that were already stored (same meter and millisecond), counted once
 */
public record StoreResult(int accepted, int duplicates) {
}
