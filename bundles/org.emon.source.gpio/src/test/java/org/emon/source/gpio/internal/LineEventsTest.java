package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.emon.source.gpio.internal.Signals.MS;
import static org.emon.source.gpio.internal.Signals.US;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.emon.source.gpio.internal.GpioAbi.LineEvent;
import org.emon.source.gpio.internal.GpioSettings.Edge;
import org.emon.source.gpio.internal.Signals.Change;
import org.junit.jupiter.api.Test;

/** Recorded kernel event streams through the parser, and on through the debounce to pulses. */
class LineEventsTest {

    /** The wall clock minus the monotonic clock in these recordings: VirtualTime's epoch. */
    private static final long OFFSET = VirtualTime.EPOCH_MILLIS * MS;

    private record Seen(boolean high, long nanoTime, long epochMillis) {
    }

    private final List<Seen> seen = new ArrayList<>();

    private void read(LineEvents events, ByteBuffer bytes, long offset) {
        events.read(bytes, bytes.capacity(), offset);
    }

    @Test
    void edgesCarryTheKernelsTimeOnBothClocks() {
        LineEvents events = new LineEvents((high, nanos, millis) -> seen.add(new Seen(high, nanos, millis)), 0);
        KernelEvents stream = new KernelEvents()
                .edge(new Change(5_000_123_456L, true), 4)
                .edge(new Change(5_004_999_999L, false), 4);
        // the wall clock 1,700,000,000.000,900,000 s when the monotonic clock read 0
        read(events, stream.bytes(), 1_700_000_000_000_900_000L);
        assertThat(seen).containsExactly(
                new Seen(true, 5_000_123_456L, 1_700_000_005_001L),
                new Seen(false, 5_004_999_999L, 1_700_000_005_005L));
        assertThat(events.lost()).isZero();
    }

    @Test
    void aGapInTheLinesSequenceNumbersIsCountedAsLostEdges() {
        LineEvents events = new LineEvents((high, nanos, millis) -> seen.add(new Seen(high, nanos, millis)), 0);
        KernelEvents stream = KernelEvents.of(Signals.flashes(10 * MS, 100 * MS, 40 * MS, 10), 4).drop(5, 6, 7, 12);
        read(events, stream.bytes(0, 8), OFFSET);
        assertThat(events.lost()).isEqualTo(3);
        read(events, stream.bytes(8, stream.events.size()), OFFSET);
        assertThat(events.lost()).isEqualTo(4);
        assertThat(seen).hasSize(16);
    }

    @Test
    void edgesLostBeforeTheFirstReadAreCounted() {
        LineEvents events = new LineEvents((high, nanos, millis) -> { }, 0);
        read(events, KernelEvents.of(Signals.flashes(10 * MS, 100 * MS, 40 * MS, 3), 4).drop(0, 1).bytes(), OFFSET);
        assertThat(events.lost()).isEqualTo(2);
    }

    @Test
    void theKernelsCounterWrapsWithoutLosingAnything() {
        LineEvents events = new LineEvents((high, nanos, millis) -> { }, 0);
        ByteBuffer bytes = GpioAbi.buffer(3 * GpioAbi.LINE_EVENT_SIZE);
        new LineEvent(1, GpioAbi.EVENT_RISING_EDGE, 4, 0, 1).write(bytes, 0);
        read(events, bytes.slice(0, 48).order(bytes.order()), OFFSET);
        new LineEvent(2, GpioAbi.EVENT_FALLING_EDGE, 4, 0, -1).write(bytes, 0); // 2^32 - 1
        new LineEvent(3, GpioAbi.EVENT_RISING_EDGE, 4, 0, 0).write(bytes, 48);
        new LineEvent(4, GpioAbi.EVENT_FALLING_EDGE, 4, 0, 2).write(bytes, 96);
        read(events, bytes, OFFSET);
        assertThat(events.lost()).as("2 .. 2^32-2 lost, then 1 after the wrap").isEqualTo((1L << 32) - 3 + 1);
    }

    @Test
    void theKernelsDebounceDelayIsTakenOffItsTimes() {
        LineEvents events = new LineEvents((high, nanos, millis) -> seen.add(new Seen(high, nanos, millis)), 30 * MS);
        read(events, new KernelEvents().edge(new Change(1030 * MS, false), 17).bytes(), OFFSET);
        assertThat(seen).containsExactly(new Seen(false, 1000 * MS, VirtualTime.EPOCH_MILLIS + 1000));
    }

    @Test
    void anUnknownEventIsSkippedButNumbered() {
        LineEvents events = new LineEvents((high, nanos, millis) -> seen.add(new Seen(high, nanos, millis)), 0);
        ByteBuffer bytes = GpioAbi.buffer(2 * GpioAbi.LINE_EVENT_SIZE);
        new LineEvent(1 * MS, 9, 4, 1, 1).write(bytes, 0);
        new LineEvent(2 * MS, GpioAbi.EVENT_FALLING_EDGE, 4, 2, 2).write(bytes, 48);
        read(events, bytes, OFFSET);
        assertThat(seen).extracting(Seen::nanoTime).containsExactly(2 * MS);
        assertThat(events.lost()).isZero();
    }

    @Test
    void aReadOfPartRecordsIsRefused() {
        LineEvents events = new LineEvents((high, nanos, millis) -> { }, 0);
        assertThatThrownBy(() -> events.read(GpioAbi.buffer(96), 50, OFFSET)).hasMessageContaining("50 bytes");
    }

    /**
     * Kernel events through the debounce, handed over as the reading thread does: {@code perRead}
     * at a time, {@code readLateNanos} after the last of them happened; between reads the thread
     * says the kernel was quiet up to the next edge (or the read).
     */
    private static List<Long> pulses(Signals signals, Edge edge, double debounceMillis, Boolean initial, int perRead, long readLateNanos) {
        List<Long> pulses = new ArrayList<>();
        Debouncer[] debouncer = new Debouncer[1];
        LineEvents events = new LineEvents((high, nanos, millis) -> debouncer[0].level(high, nanos, millis), 0);
        debouncer[0] = new Debouncer(edge, Math.round(debounceMillis * MS), events, pulses::add);
        debouncer[0].start(initial);
        KernelEvents stream = KernelEvents.of(signals, 4);
        long now = 0;
        for (int from = 0; from < stream.events.size(); from += perRead) {
            int to = Math.min(from + perRead, stream.events.size());
            now = Math.max(now, stream.events.get(to - 1).timestampNanos() + readLateNanos);
            events.read(stream.bytes(from, to), (to - from) * GpioAbi.LINE_EVENT_SIZE, OFFSET);
            long next = to < stream.events.size() ? stream.events.get(to).timestampNanos() : Long.MAX_VALUE;
            events.quiet(Math.min(now, next - 1));
        }
        events.quiet(signals.end() + 1000 * MS);
        return pulses;
    }

    @Test
    void theDebounceIsDueWhenTheKernelWasQuietLongEnough() {
        LineEvents events = new LineEvents((high, nanos, millis) -> { }, 0);
        List<String> ran = new ArrayList<>();
        assertThat(events.waitMillis(0, 200)).as("nothing due").isEqualTo(200);
        events.at(30 * MS, () -> ran.add("first"));
        events.at(31 * MS + 1, () -> ran.add("second")); // a later edge restarted the hold
        assertThat(events.waitMillis(1 * MS, 200)).as("rounded up").isEqualTo(31);
        events.quiet(31 * MS);
        assertThat(ran).isEmpty();
        events.quiet(32 * MS);
        assertThat(ran).containsExactly("second");
        events.quiet(40 * MS);
        assertThat(ran).as("once").hasSize(1);
        assertThat(events.waitMillis(40 * MS, 200)).isEqualTo(200);
    }

    @Test
    void ledEdgesReadOneByOneAreCountedAtTheirKernelTimes() {
        Signals head = Signals.flashes(5 * MS, 8 * MS, 6 * MS, 500);
        assertThat(pulses(head, Edge.FALLING, 1, false, 1, 50 * US)).isEqualTo(head.expectedMillis());
    }

    @Test
    void edgesReadInBurstsLongAfterTheyHappenedStillCountEachPulse() {
        // Java paused for a second: 250 edges wait in the kernel's buffer and come in reads of 64
        Signals head = Signals.flashes(5 * MS, 8 * MS, 2 * MS, 125);
        assertThat(pulses(head, Edge.FALLING, 1, false, 64, 1000 * MS)).isEqualTo(head.expectedMillis());
    }

    @Test
    void aBouncingReedReadInBurstsCountsOncePerClosing() {
        Signals reed = Signals.reed(4, 200, 5);
        assertThat(pulses(reed, Edge.FALLING, 30, true, 64, 500 * MS)).isEqualTo(reed.expectedMillis());
        assertThat(pulses(reed, Edge.FALLING, 30, true, 1, 20 * US)).isEqualTo(reed.expectedMillis());
    }

    @Test
    void aFullKernelBufferLosesOnlyThePulsesWhoseEdgesItDropped() {
        // one falling edge read, then Java stopped while 599 more pulses came: the kernel kept the
        // newest 1024 of the remaining 1199 edges (it drops the oldest when full)
        Signals head = Signals.flashes(5 * MS, 20 * MS, 10 * MS, 600);
        List<Long> pulses = new ArrayList<>();
        Debouncer[] debouncer = new Debouncer[1];
        LineEvents events = new LineEvents((high, nanos, millis) -> debouncer[0].level(high, nanos, millis), 0);
        debouncer[0] = new Debouncer(Edge.FALLING, MS, events, pulses::add);
        debouncer[0].start(true); // idle high: the leading rise is no change
        KernelEvents stream = KernelEvents.of(head, 4);
        events.read(stream.bytes(0, 2), 2 * GpioAbi.LINE_EVENT_SIZE, OFFSET);
        stream.drop(java.util.stream.IntStream.range(2, 2 + 175).toArray());
        events.read(stream.bytes(2, stream.events.size()), (stream.events.size() - 2) * GpioAbi.LINE_EVENT_SIZE, OFFSET);
        events.quiet(head.end() + 1000 * MS);

        List<Long> impulses = head.expectedMillis();
        // the first pulse (its low held until the next kept edge), then every pulse whose falling
        // and rising edges were both kept: edges 178.. of 1200 are the falls of pulses 89..599
        List<Long> expected = new ArrayList<>(List.of(impulses.get(0)));
        expected.addAll(impulses.subList(89, 600));
        assertThat(events.lost()).isEqualTo(175);
        assertThat(pulses).isEqualTo(expected).hasSize(512);
    }
}
