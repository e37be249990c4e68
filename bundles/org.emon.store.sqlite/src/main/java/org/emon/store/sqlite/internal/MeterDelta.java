package org.emon.store.sqlite.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.emon.api.Pulse;

/**
 * What one commit did for one meter.
 *
 * @param inserted   pulses actually inserted
 * @param duplicates pulses already stored (ignored)
 * @param firstTs    oldest inserted timestamp, or {@link Long#MAX_VALUE} if none
 * @param lastTs     newest inserted timestamp, or {@link Long#MIN_VALUE} if none
 */
record MeterDelta(int meterId, long inserted, long duplicates, long firstTs, long lastTs) {

    /** Per meter, what writing {@code pulses} did, given for each whether it was inserted. */
    static Map<Integer, MeterDelta> perMeter(List<Pulse> pulses, boolean[] inserted) {
        Map<Integer, MeterDelta> deltas = new HashMap<>();
        for (int i = 0; i < inserted.length; i++) {
            Pulse pulse = pulses.get(i);
            long ts = pulse.timestampMillis();
            MeterDelta one = inserted[i] ? new MeterDelta(pulse.meterId(), 1, 0, ts, ts)
                    : new MeterDelta(pulse.meterId(), 0, 1, Long.MAX_VALUE, Long.MIN_VALUE);
            deltas.merge(pulse.meterId(), one, MeterDelta::plus);
        }
        return deltas;
    }

    MeterDelta plus(MeterDelta other) {
        return new MeterDelta(meterId, inserted + other.inserted, duplicates + other.duplicates,
                Math.min(firstTs, other.firstTs), Math.max(lastTs, other.lastTs));
    }
}
