package org.emon.source.gpio.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An input read through Pi4J's libgpiod (the kernel's uAPI v1) by emon's own thread, so that each
 * edge keeps the time the kernel stamped it with. Pi4J's own input hands over only the new level,
 * and a level timed when Java got it merges a short pulse into nothing whenever Java was held up
 * (a garbage collection, a busy or emulated machine): its two edges then arrive together.
 */
final class GpiodLineInput implements GpioInputs.Input {

    /** A requested line of Pi4J's libgpiod binding. */
    interface Line {

        /** Waits at most {@code millis} for an edge; true if one can be read. */
        boolean await(int millis);

        /** Reads the next edge and hands it to {@code edge}. */
        void read(Edge edge);

        /** The level now: true for high. */
        boolean level();

        /** Gives the line back to the kernel. */
        void release();
    }

    /** Receives one edge as the kernel stamped it. */
    @FunctionalInterface
    interface Edge {
        void at(boolean high, long kernelNanos);
    }

    /** How often the reading thread looks whether it should stop. */
    private static final int POLL_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(GpiodLineInput.class);

    private final int pin;
    private final Line line;
    private final Runnable released;
    private final LineEvents events;
    private volatile GpioInputs.LevelListener listener;
    private volatile boolean stopping;
    private volatile String failure;
    private Thread reader;
    private boolean closed;

    /** @param released called once the line is given back */
    GpiodLineInput(int pin, Line line, Runnable released) {
        this.pin = pin;
        this.line = line;
        this.released = released;
        this.events = new LineEvents(this::edge, 0);
    }

    private void edge(boolean high, long nanoTime, long epochMillis) {
        GpioInputs.LevelListener levels = listener;
        if (levels != null) {
            levels.changed(high, nanoTime, epochMillis);
        }
    }

    @Override
    public String backend() {
        return Pi4jGpio.NAME;
    }

    /** The debounce's timer is the reading thread, which knows when the kernel holds no edge. */
    @Override
    public Debouncer.Timer timer(Debouncer.Timer own) {
        return events;
    }

    @Override
    public Boolean level() {
        try {
            return line.level();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized void listen(GpioInputs.LevelListener levels) {
        if (reader != null || closed) {
            throw new IllegalStateException("BCM " + pin + " has a listener already, or is closed");
        }
        listener = levels;
        reader = new Thread(this::readLoop, "emon-gpio-pi4j-bcm" + pin);
        reader.setDaemon(true);
        reader.start();
    }

    /** Reads edges until closed: the same waiting as the uAPI v2 reader, one edge at a time. */
    void readLoop() {
        Edge edge = (high, kernelNanos) -> events.edge(high, kernelNanos, UapiGpio.wallMinusMonotonicNanos());
        while (!stopping) {
            try {
                long before = System.nanoTime();
                int wait = events.waitMillis(before, POLL_MILLIS);
                boolean ready = line.await(wait);
                if (stopping) {
                    break;
                }
                if (!ready) {
                    events.quiet(before + wait * 1_000_000L);
                    continue;
                }
                line.read(edge);
            } catch (RuntimeException e) {
                failure = "reading BCM " + pin + " through Pi4J stopped: " + Pi4jGpio.describe(e);
                LOG.error("{}", failure, e);
                return;
            }
        }
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return; // the pin may already serve another source
            }
            closed = true;
            stopping = true;
            running = reader;
        }
        if (running != null) {
            try {
                running.join(2L * POLL_MILLIS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // released only once the reader is out of the native wait on it
        try {
            line.release();
        } finally {
            released.run();
        }
    }
}
