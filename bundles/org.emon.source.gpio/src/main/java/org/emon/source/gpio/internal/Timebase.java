package org.emon.source.gpio.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The clocks and the timer of a GPIO source: monotonic time for the debounce, the wall clock for
 * pulse times. Pi4J 2.8 hands over no event time (its gpiod plugin drops the kernel's), so the
 * source reads these when Pi4J delivers an edge; tests drive a virtual one.
 */
interface Timebase extends Debouncer.Timer, AutoCloseable {

    long nanoTime();

    long currentTimeMillis();

    @Override
    void close();

    /** The system clocks, with one timer thread. */
    static Timebase system(String threadName) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        return new Timebase() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public long currentTimeMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public void at(long nanoTime, Runnable task) {
                try {
                    timer.schedule(task, nanoTime - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // closed: the source is stopping, its last edges no longer matter
                }
            }

            @Override
            public void close() {
                timer.shutdownNow();
            }
        };
    }
}
