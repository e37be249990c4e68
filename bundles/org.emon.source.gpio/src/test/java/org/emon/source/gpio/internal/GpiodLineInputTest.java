package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.emon.source.gpio.internal.GpioSettings.Edge;
import org.junit.jupiter.api.Test;

/**
 * Pi4J's libgpiod lines read by emon's own thread: edges count at the kernel's times, so edges
 * the kernel buffered while Java was held up still make their pulses.
 */
class GpiodLineInputTest {

    private static final long MS = 1_000_000L;

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000 * MS;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private record KernelEdge(boolean high, long kernelNanos) {
    }

    /** A line whose kernel already holds {@code edges}, as after a pause of the Java VM. */
    private static class BufferedLine implements GpiodLineInput.Line {
        final ConcurrentLinkedQueue<KernelEdge> edges = new ConcurrentLinkedQueue<>();
        final AtomicBoolean released = new AtomicBoolean();

        @Override
        public boolean await(int millis) {
            if (!edges.isEmpty()) {
                return true;
            }
            try {
                Thread.sleep(Math.min(millis, 20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        @Override
        public void read(GpiodLineInput.Edge edge) {
            KernelEdge next = edges.poll();
            edge.at(next.high(), next.kernelNanos());
        }

        @Override
        public boolean level() {
            return true;
        }

        @Override
        public void release() {
            released.set(true);
        }
    }

    @Test
    void pulsesHandedOverTogetherCountAtTheKernelsTimes() {
        BufferedLine line = new BufferedLine();
        // two 50 ms LED flashes 300 ms apart, 10 s ago: Java reads all four edges at once now
        long start = System.nanoTime() - 10_000 * MS;
        line.edges.add(new KernelEdge(false, start));
        line.edges.add(new KernelEdge(true, start + 50 * MS));
        line.edges.add(new KernelEdge(false, start + 300 * MS));
        line.edges.add(new KernelEdge(true, start + 350 * MS));
        AtomicBoolean freed = new AtomicBoolean();
        GpiodLineInput input = new GpiodLineInput(4, line, () -> freed.set(true));
        List<Long> pulses = new CopyOnWriteArrayList<>();
        Debouncer debouncer = new Debouncer(Edge.FALLING, MS, input.timer(null), pulses::add);
        debouncer.start(input.level());
        long wallNow = System.currentTimeMillis();
        input.listen(new GpioInputs.LevelListener() {
            @Override
            public void changed(boolean high) {
                throw new AssertionError("an edge without the kernel's time");
            }

            @Override
            public void changed(boolean high, long nanoTime, long epochMillis) {
                debouncer.level(high, nanoTime, epochMillis);
            }
        });
        waitFor(() -> pulses.size() == 2);
        input.close();

        assertThat(pulses.get(1) - pulses.get(0)).isBetween(299L, 301L);
        assertThat(pulses.get(0)).isBetween(wallNow - 10_000 - 50, wallNow - 10_000 + 50);
        assertThat(input.backend()).isEqualTo("pi4j");
        assertThat(line.released).isTrue();
        assertThat(freed).isTrue();
    }

    @Test
    void aFailingLineIsReportedNotSilent() {
        BufferedLine line = new BufferedLine() {
            @Override
            public void read(GpiodLineInput.Edge edge) {
                throw new IllegalStateException("c_gpiod_line_event_read failed!");
            }
        };
        line.edges.add(new KernelEdge(false, System.nanoTime()));
        GpiodLineInput input = new GpiodLineInput(17, line, () -> { });
        input.listen(new GpioInputs.LevelListener() {
            @Override
            public void changed(boolean high) {
            }

            @Override
            public void changed(boolean high, long nanoTime, long epochMillis) {
            }
        });
        waitFor(() -> input.failure() != null);
        assertThat(input.failure()).contains("BCM 17").contains("c_gpiod_line_event_read failed!");
        input.close();
    }
}
