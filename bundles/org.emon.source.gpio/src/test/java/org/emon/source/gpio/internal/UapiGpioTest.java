package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.emon.source.gpio.internal.Signals.MS;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.emon.api.Pulse;
import org.emon.api.SourceStatus.State;
import org.emon.source.gpio.internal.GpioSettings.Pull;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The uAPI v2 backend's native calls and reading thread for real, through JNA and the C library:
 * the kernel's line events are written into a pipe, whose read end stands for a granted line (both
 * are files that poll(2) and read(2) serve alike).
 */
class UapiGpioTest {

    /** Calls only this test needs. */
    interface PipeCalls extends Library {
        PipeCalls C = Native.load("c", PipeCalls.class);

        int pipe(int[] fds);

        NativeLong write(int fd, byte[] buffer, NativeLong count);

        int close(int fd);
    }

    @TempDir
    Path dev;

    private final UapiGpio gpio = new UapiGpio();
    private final List<AutoCloseable> open = new ArrayList<>();
    private int writeEnd = -1;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        if (writeEnd >= 0) {
            PipeCalls.C.close(writeEnd);
        }
    }

    /** A line whose events this test writes. */
    private GpioInputs.Input line(int pin, long kernelDebounceNanos) {
        int[] fds = new int[2];
        assertThat(PipeCalls.C.pipe(fds)).isZero();
        writeEnd = fds[1];
        GpioInputs.Input input = gpio.adopt(LinuxCalls.Holder.C, pin, fds[0], kernelDebounceNanos, "a pipe", "the test");
        open.add(input);
        return input;
    }

    private void kernelWrites(ByteBuffer events) {
        assertThat(PipeCalls.C.write(writeEnd, events.array(), new NativeLong(events.capacity())).intValue()).isEqualTo(events.capacity());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 5_000 * MS;
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    private static boolean readerRuns(int pin) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("emon-gpio-uapi2-bcm" + pin) && t.isAlive());
    }

    @Test
    void aChipThatAnswersNoChipInfoIsNamed() throws Exception {
        Files.createFile(dev.resolve("gpiochip0")); // a plain file: the ioctl fails (ENOTTY)
        assertThatThrownBy(() -> new UapiGpio(dev).open(4, Pull.OFF, 0, "the test")).isInstanceOf(GpioUnavailableException.class)
                .hasMessageContaining("found unreadable " + dev.resolve("gpiochip0") + " (errno 25)");
    }

    @Test
    void edgesAreReadOnTheReadingThreadAndItStopsOnClose() throws Exception {
        GpioInputs.Input input = line(4, 0);
        assertThat(input.backend()).isEqualTo("uapi2");
        List<long[]> edges = new CopyOnWriteArrayList<>();
        input.listen(new GpioInputs.LevelListener() {
            @Override
            public void changed(boolean high) {
                throw new AssertionError("every edge has the kernel's time");
            }

            @Override
            public void changed(boolean high, long nanoTime, long epochMillis) {
                edges.add(new long[] { high ? 1 : 0, nanoTime, epochMillis });
            }
        });
        long start = System.nanoTime() - 1000 * MS;
        KernelEvents stream = KernelEvents.of(Signals.flashes(start, 10 * MS, 4 * MS, 100), 4).drop(10, 11, 12);
        kernelWrites(stream.bytes());
        await(() -> edges.size() == 197);
        assertThat(edges).hasSize(197);
        assertThat(input.lostEdges()).isEqualTo(3);
        assertThat(edges.get(0)[1]).isEqualTo(start);
        long expectedMillis = Math.floorDiv(start + UapiGpio.wallMinusMonotonicNanos(), 1_000_000L);
        assertThat(edges.get(0)[2]).isBetween(expectedMillis - 5, expectedMillis + 5);

        assertThat(readerRuns(4)).isTrue();
        input.close();
        assertThat(readerRuns(4)).as("stopped by close").isFalse();
    }

    @Test
    void aSourceOnAUapiLineCountsAtKernelTimesAndShowsLostEdges() throws Exception {
        List<Pulse> received = new CopyOnWriteArrayList<>();
        GpioInputs backend = (pin, pull, debounceNanos, owner) -> line(pin, 0);
        Map<String, String> properties = new HashMap<>(Map.of("meter.id", "21", "pin", "4", "backend", "uapi2"));
        GpioPulseSource source = new GpioPulseSource((meter, timestamp) -> received.add(new Pulse(meter, timestamp)),
                GpioPulseSource.backends(null, backend), TestConfig.of(properties), properties, new VirtualTime());
        open.add(source::stop);
        assertThat(source.name()).isEqualTo("gpio BCM 4 led (uapi2)");

        long start = System.nanoTime() - 2000 * MS;
        Signals head = Signals.flashes(start, 8 * MS, 6 * MS, 100);
        KernelEvents stream = KernelEvents.of(head, 4);
        kernelWrites(stream.bytes());
        await(() -> received.size() == 100);
        long offsetMillis = Math.floorDiv(UapiGpio.wallMinusMonotonicNanos(), 1_000_000L);
        assertThat(received).hasSize(100);
        for (int i = 0; i < 100; i++) {
            long expected = Math.floorDiv(head.impulses.get(i), 1_000_000L) + offsetMillis;
            assertThat(received.get(i).timestampMillis()).as("pulse %d at the kernel's time", i).isBetween(expected - 5, expected + 5);
        }
        assertThat(source.status().detail()).isEmpty();

        // the kernel's buffer overflowed: 4 edges (2 flashes) never reached emon
        long later = start + 1000 * MS;
        KernelEvents more = new KernelEvents();
        for (int i = 0; i < 200; i++) {
            more.edge(new Signals.Change(later + i * 4 * MS, i % 2 == 0), 4);
        }
        ByteBuffer all = more.drop(20, 21, 22, 23).bytes();
        // numbered after the first stream's edges
        for (int at = 0; at < all.capacity(); at += GpioAbi.LINE_EVENT_SIZE) {
            all.putInt(at + 20, all.getInt(at + 20) + 200);
        }
        kernelWrites(all);
        await(() -> received.size() == 198);
        assertThat(received).hasSize(198);
        assertThat(source.status().state()).isEqualTo(State.RUNNING);
        assertThat(source.status().detail()).isEqualTo("4 edges lost: the kernel's buffer was full (emon was too slow to read it)");
    }

    @Test
    void aLineThatCannotBeReadAnyMoreFailsTheSource() throws Exception {
        GpioInputs backend = (pin, pull, debounceNanos, owner) -> line(pin, 0);
        Map<String, String> properties = Map.of("meter.id", "21", "pin", "4");
        GpioPulseSource source = new GpioPulseSource((meter, timestamp) -> true, backend, TestConfig.of(properties), properties, new VirtualTime());
        open.add(source::stop);
        assertThat(source.status().state()).isEqualTo(State.RUNNING);
        kernelWrites(GpioAbi.buffer(50)); // not whole records
        await(() -> source.status().state() == State.FAILED);
        assertThat(source.status().state()).isEqualTo(State.FAILED);
        assertThat(source.status().detail()).isEqualTo("reading a pipe stopped: the kernel returned 50 bytes, not whole 48-byte line events");
        await(() -> !readerRuns(4));
        assertThat(readerRuns(4)).isFalse();
    }

    @Test
    void aContactTheKernelDebouncesIsNotDebouncedTwice() throws Exception {
        List<Pulse> received = new CopyOnWriteArrayList<>();
        long[] asked = new long[1];
        GpioInputs backend = (pin, pull, debounceNanos, owner) -> {
            asked[0] = debounceNanos;
            return line(pin, debounceNanos);
        };
        Map<String, String> properties = Map.of("meter.id", "30", "pin", "17", "type", "reed");
        GpioPulseSource source = new GpioPulseSource((meter, timestamp) -> received.add(new Pulse(meter, timestamp)),
                backend, TestConfig.of(properties), properties, new VirtualTime());
        open.add(source::stop);
        assertThat(asked[0]).isEqualTo(30 * MS);

        // settled edges as the kernel reports them, 30 ms after each change; closings 100 ms apart
        // would be two pulses only if emon did not debounce again
        long start = System.nanoTime() - 1000 * MS;
        // (a pipe has no level to read: the first edge, the contact open, teaches it)
        KernelEvents stream = new KernelEvents().edge(new Signals.Change(start + 30 * MS, true), 17);
        for (int i = 1; i <= 10; i++) {
            stream.edge(new Signals.Change(start + i * 100 * MS + 30 * MS, false), 17);
            stream.edge(new Signals.Change(start + i * 100 * MS + 60 * MS, true), 17);
        }
        kernelWrites(stream.bytes());
        await(() -> received.size() == 10);
        assertThat(received).hasSize(10);
        long first = Math.floorDiv(start + 100 * MS + UapiGpio.wallMinusMonotonicNanos(), 1_000_000L);
        assertThat(received.get(0).timestampMillis()).as("the change's time, not the kernel's report").isBetween(first - 5, first + 5);
    }
}
