package org.emon.store.sqlite.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Saved meters and powers waiting for the next commit, one per meter: a newer save replaces a
 * pending one, so a burst of power readings costs one row update per commit.
 */
final class PendingSaves {

    private final Map<Integer, MeterRow> meters = new ConcurrentHashMap<>();
    private final Map<Integer, PowerUpdate> powers = new ConcurrentHashMap<>();
    private final Map<Integer, Long> newestPowerMillis = new HashMap<>(); // guarded by the caller's lock
    /** Counts accepted saves; a commit records the count it has seen so that flush() can wait for saves too. */
    private final AtomicLong generation = new AtomicLong();

    /** Called under the admission's lock. @return whether the meter had no save pending (a wake-up is due) */
    boolean putMeter(MeterRow meter) {
        boolean fresh = meters.put(meter.id(), meter) == null;
        generation.incrementAndGet();
        return fresh;
    }

    /**
     * Called under the admission's lock; an older reading arriving late is dropped, as it must not
     * overwrite a newer one, pending or written.
     *
     * @return whether the meter had no power pending (a wake-up is due)
     */
    boolean putPower(PowerUpdate power) {
        Long newest = newestPowerMillis.get(power.meterId());
        if (newest != null && newest > power.atMillis()) {
            return false;
        }
        newestPowerMillis.put(power.meterId(), power.atMillis());
        boolean fresh = powers.put(power.meterId(), power) == null;
        generation.incrementAndGet();
        return fresh;
    }

    long generation() {
        return generation.get();
    }

    boolean isEmpty() {
        return meters.isEmpty() && powers.isEmpty();
    }

    Collection<MeterRow> takeMeters() {
        return take(meters);
    }

    Collection<PowerUpdate> takePowers() {
        return take(powers);
    }

    private static <T> Collection<T> take(Map<Integer, T> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<T> taken = new ArrayList<>();
        for (Integer key : pending.keySet()) {
            T value = pending.remove(key); // atomic: a value saved meanwhile is either taken here or stays
            if (value != null) {
                taken.add(value);
            }
        }
        return taken;
    }
}
