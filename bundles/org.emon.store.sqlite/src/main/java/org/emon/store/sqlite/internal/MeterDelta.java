package org.emon.store.sqlite.internal;

/**
 * What one commit did for one meter.
 *
 * @param inserted   pulses actually inserted
 * @param duplicates pulses already stored (ignored)
 * @param lastTs     newest inserted timestamp, or {@link Long#MIN_VALUE} if none
 */
record MeterDelta(int meterId, long inserted, long duplicates, long lastTs) {
}
