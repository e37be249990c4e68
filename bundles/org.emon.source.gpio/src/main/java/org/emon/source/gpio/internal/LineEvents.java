package org.emon.source.gpio.internal;

import java.nio.ByteBuffer;

import org.emon.source.gpio.internal.GpioAbi.LineEvent;

/**
 * Turns the {@code gpio_v2_line_event} records read from a line into level changes at the kernel's
 * times, and counts the edges the kernel dropped: it numbers each edge of a line
 * ({@code line_seqno}, from 1), also those it could not keep when its buffer was full, so a gap in
 * the numbers is that many lost edges.
 * <p>
 * It is also the debounce's timer for such a line: the kernel may hold edges that Java has not
 * read yet, so a level has held only once the kernel had no edge to hand over until the debounce
 * time had passed; the reading thread says so ({@link #quiet}) when its wait for edges timed out.
 * Used by one reading thread.
 */
final class LineEvents implements Debouncer.Timer {

    /** Receives each edge: its new level, its time on the monotonic clock and on the wall clock. */
    @FunctionalInterface
    interface Edges {
        void edge(boolean high, long nanoTime, long epochMillis);
    }

    private static final long SEQNO_MODULUS = 1L << 32;

    private final Edges edges;
    private final long delayNanos;
    private long lastSeqno;
    private volatile long lost;
    private long dueNanos;
    private Runnable due;

    /**
     * @param delayNanos how much later than the edge the kernel stamps it: its debounce period,
     *                   when it debounces (it reports a change once the level has held that long)
     */
    LineEvents(Edges edges, long delayNanos) {
        this.edges = edges;
        this.delayNanos = delayNanos;
    }

    /**
     * Reads the records in {@code buffer[0, length)}.
     *
     * @param wallMinusMonotonicNanos the wall clock minus the monotonic clock now, in ns: the
     *                                kernel stamps on the monotonic clock, which a wall-clock
     *                                step (NTP on a Pi without a clock) does not move
     */
    void read(ByteBuffer buffer, int length, long wallMinusMonotonicNanos) {
        if (length % GpioAbi.LINE_EVENT_SIZE != 0) {
            throw new IllegalStateException("the kernel returned " + length + " bytes, not whole " + GpioAbi.LINE_EVENT_SIZE + "-byte line events");
        }
        for (int at = 0; at < length; at += GpioAbi.LINE_EVENT_SIZE) {
            LineEvent event = LineEvent.read(buffer, at);
            long seqno = Integer.toUnsignedLong(event.lineSeqno());
            // modulo 2^32: the kernel's counter wraps
            lost += Math.floorMod(seqno - lastSeqno - 1, SEQNO_MODULUS);
            lastSeqno = seqno;
            if (event.id() != GpioAbi.EVENT_RISING_EDGE && event.id() != GpioAbi.EVENT_FALLING_EDGE) {
                continue; // not an edge this ABI version knows
            }
            edge(event.id() == GpioAbi.EVENT_RISING_EDGE, event.timestampNanos(), wallMinusMonotonicNanos);
        }
    }

    /**
     * One edge without a sequence number (as libgpiod 1.x hands it over, from uAPI v1), at the
     * kernel's time on the monotonic clock.
     */
    void edge(boolean high, long kernelNanos, long wallMinusMonotonicNanos) {
        long nanoTime = kernelNanos - delayNanos;
        edges.edge(high, nanoTime, Math.floorDiv(nanoTime + wallMinusMonotonicNanos, 1_000_000L));
    }

    /** Only the latest task counts: each edge restarts the debounce. */
    @Override
    public synchronized void at(long nanoTime, Runnable task) {
        dueNanos = nanoTime;
        due = task;
    }

    /** How long the reading thread may wait for edges, in ms: until the debounce's task is due, at most {@code maxMillis}. */
    synchronized int waitMillis(long nowNanos, int maxMillis) {
        if (due == null) {
            return maxMillis;
        }
        long millis = Math.max(0, Math.floorDiv(dueNanos - nowNanos + 999_999, 1_000_000L));
        return (int) Math.min(millis, maxMillis);
    }

    /** The kernel had no edge for this line up to {@code nanoTime}: runs the debounce's task if it was due by then. */
    void quiet(long nanoTime) {
        Runnable task;
        synchronized (this) {
            if (due == null || dueNanos > nanoTime) {
                return;
            }
            task = due;
            due = null;
        }
        task.run();
    }

    /** Edges the kernel numbered but never handed over, since the line was requested. */
    long lost() {
        return lost;
    }
}
