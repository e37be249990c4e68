package org.emon.source.gpio.internal;

import org.emon.source.gpio.internal.GpioSettings.Edge;

/**
 * emon's own debounce, on event timestamps (Pi4J's is off: it loses the time of the first edge and
 * has been unreliable). A level change counts only once the new level has held, with no further
 * edge, for the debounce time; the pulse then gets the time of the first edge that left the
 * previous settled level.
 * <p>
 * So a reed contact's closing chatter is one pulse, timed at its first edge; the chatter when it
 * opens again settles to the inactive level and counts nothing, even though it contains edges in
 * the counted direction; and a glitch shorter than the debounce time counts nothing either.
 * A clean 555 output counts when each phase lasts at least the debounce time.
 * <p>
 * Decided on the edges' times alone, so that edges handed over late and all at once (the kernel
 * buffers them while Java is busy) count as they happened; the timer only delivers a pulse whose
 * level is still holding.
 * <p>
 * Thread-safe: levels arrive on the backend's thread, settle checks on the timer's.
 */
final class Debouncer {

    /** Receives each counted pulse. */
    @FunctionalInterface
    interface Pulses {
        void pulse(long epochMillis);
    }

    /** Runs a task at a time of the monotonic clock that {@link #level} is given. */
    @FunctionalInterface
    interface Timer {
        void at(long nanoTime, Runnable task);
    }

    private final Edge edge;
    private final long holdNanos;
    private final Timer timer;
    private final Pulses pulses;

    /** The last settled level; null until known, so the first settling counts nothing. */
    private Boolean settled;
    private Boolean raw;
    /** Numbers the edges, so that a settle check knows whether a later edge restarted the hold. */
    private long edges;
    private boolean unsettled;
    private long firstEdgeMillis;
    private long lastEdgeNanos;

    Debouncer(Edge edge, long holdNanos, Timer timer, Pulses pulses) {
        if (holdNanos < 0) {
            throw new IllegalArgumentException("debounce time must not be negative, not " + holdNanos + " ns");
        }
        this.edge = edge;
        this.holdNanos = holdNanos;
        this.timer = timer;
        this.pulses = pulses;
    }

    /** The input's level when it was opened, if it could be read. */
    synchronized void start(Boolean level) {
        settled = level;
        raw = level;
    }

    /**
     * The input changed to {@code high} at {@code nanoTime} (monotonic, for the debounce) and
     * {@code epochMillis} (the wall clock, for the pulse).
     */
    synchronized void level(boolean high, long nanoTime, long epochMillis) {
        if (unsettled && nanoTime - lastEdgeNanos >= holdNanos) {
            settle(edges); // the level held before this edge, whether or not its timer has run yet
        }
        if (raw != null && raw == high) {
            return; // not a change: Pi4J reports changes only, a repeat carries no edge
        }
        raw = high;
        long edgeNumber = ++edges;
        lastEdgeNanos = nanoTime;
        if (!unsettled) {
            unsettled = true;
            firstEdgeMillis = epochMillis;
        }
        if (holdNanos == 0) {
            settle(edgeNumber);
        } else {
            timer.at(nanoTime + holdNanos, () -> settle(edgeNumber));
        }
    }

    private synchronized void settle(long edgeNumber) {
        if (!unsettled || edgeNumber != edges) {
            return; // a later edge has its own check
        }
        unsettled = false;
        Boolean before = settled;
        settled = raw;
        if (before != null && !before.equals(raw) && edge.counts(raw)) {
            pulses.pulse(firstEdgeMillis);
        }
    }
}
