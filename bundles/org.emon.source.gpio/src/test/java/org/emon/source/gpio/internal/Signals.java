package org.emon.source.gpio.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Level sequences as a GPIO input sees them: bouncing reed contacts and clean 555 outputs.
 * Times in ns on the monotonic clock; {@link #impulses} are the times the pulses must carry.
 */
final class Signals {

    static final long MS = 1_000_000;
    static final long US = 1_000;

    record Change(long nanos, boolean high) {
    }

    final List<Change> changes = new ArrayList<>();
    /** The first edge of each impulse, in ns. */
    final List<Long> impulses = new ArrayList<>();

    long end() {
        return changes.isEmpty() ? 0 : changes.get(changes.size() - 1).nanos;
    }

    Signals add(long nanos, boolean high) {
        if (!changes.isEmpty() && nanos <= end()) {
            throw new IllegalArgumentException("changes must be in time order: " + nanos);
        }
        changes.add(new Change(nanos, high));
        return this;
    }

    /**
     * A reed contact to GND with pull-up closing at {@code at} (first falling edge) and opening
     * {@code closedNanos} later, bouncing at both ends: {@code closeEdges} and {@code openEdges} are
     * the odd numbers of edges of each bounce, spread over {@code bounceNanos} with at least 20 us
     * between edges.
     */
    Signals reedImpulse(long at, int closeEdges, long closeBounceNanos, long closedNanos, int openEdges, long openBounceNanos, Random random) {
        impulses.add(at);
        bounce(at, false, closeEdges, closeBounceNanos, random);
        bounce(at + closedNanos, true, openEdges, openBounceNanos, random);
        return this;
    }

    private void bounce(long start, boolean to, int edges, long spanNanos, Random random) {
        if (edges % 2 == 0) {
            throw new IllegalArgumentException("a bounce ends on its new level: an odd number of edges, not " + edges);
        }
        TreeSet<Long> times = new TreeSet<>();
        times.add(start);
        if (edges > 1) {
            times.add(start + spanNanos);
        }
        while (times.size() < edges) {
            long t = start + 20 * US + (long) (random.nextDouble() * (spanNanos - 40 * US));
            if (times.floor(t) < t - 20 * US && (times.ceiling(t) == null || times.ceiling(t) > t + 20 * US)) {
                times.add(t);
            }
        }
        boolean level = to;
        for (long t : times) {
            add(t, level);
            level = !level;
        }
    }

    /**
     * A 555 head: the output HIGH for {@code highNanos} during each flash, then LOW; the falling
     * edge at the end of the flash is the impulse. {@code count} flashes every {@code periodNanos}.
     */
    static Signals flashes(long first, double periodNanos, long highNanos, int count) {
        Signals s = new Signals();
        for (int i = 0; i < count; i++) {
            long rise = first + Math.round(i * periodNanos);
            s.add(rise, true);
            s.add(rise + highNanos, false);
            s.impulses.add(rise + highNanos);
        }
        return s;
    }

    /** Realistic reed impulses at {@code hz} with closure bounce of 1-5 ms (3-7 edges) and opening bounce of 0.5-3 ms. */
    static Signals reed(double hz, int count, long seed) {
        Random random = new Random(seed);
        Signals s = new Signals();
        double period = 1e9 / hz;
        for (int i = 0; i < count; i++) {
            long at = 100 * MS + Math.round(i * period + random.nextDouble() * period * 0.2);
            long closed = Math.round(period * (0.3 + 0.2 * random.nextDouble()));
            s.reedImpulse(at, 3 + 2 * random.nextInt(3), (1 + random.nextInt(5)) * MS, closed,
                    1 + 2 * random.nextInt(3), 500 * US + random.nextInt(2500) * US, random);
        }
        return s;
    }

    /** The wall-clock milliseconds a pulse at {@code nanos} carries under {@link VirtualTime}. */
    static long wallMillis(long nanos) {
        return VirtualTime.EPOCH_MILLIS + Math.floorDiv(nanos, MS);
    }

    List<Long> expectedMillis() {
        return impulses.stream().map(Signals::wallMillis).toList();
    }
}
