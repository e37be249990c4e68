package org.emon.api.store;

/**
 * Counters of one meter since the store started.
 *
 * @param received   pulses given to the store
 * @param committed  pulses newly stored
 * @param duplicates pulses that were already stored (same meter and millisecond)
 * @param refused    pulses refused because the queue was full or the store was stopping
 */
public record MeterCounters(int meterId, long received, long committed, long duplicates, long refused) {
}
