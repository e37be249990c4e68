package org.emon.source.gpio.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.emon.source.gpio.internal.GpioAbi.LineEvent;
import org.emon.source.gpio.internal.Signals.Change;

/**
 * Event streams as the kernel writes them to a line's file: {@code gpio_v2_line_event} records,
 * numbered per line from 1; edges it dropped leave gaps in the numbers.
 */
final class KernelEvents {

    final List<LineEvent> events = new ArrayList<>();
    private int lineSeqno;

    /** The edges of {@code signals} at their times (monotonic ns) on line {@code offset}. */
    static KernelEvents of(Signals signals, int offset) {
        KernelEvents stream = new KernelEvents();
        signals.changes.forEach(change -> stream.edge(change, offset));
        return stream;
    }

    KernelEvents edge(Change change, int offset) {
        lineSeqno++;
        events.add(new LineEvent(change.nanos(), change.high() ? GpioAbi.EVENT_RISING_EDGE : GpioAbi.EVENT_FALLING_EDGE, offset, lineSeqno, lineSeqno));
        return this;
    }

    /** Drops the events at these indexes, as a full kernel buffer does (their numbers stay used). */
    KernelEvents drop(int... indexes) {
        for (int i = indexes.length - 1; i >= 0; i--) {
            events.remove(indexes[i]);
        }
        return this;
    }

    /** The records from {@code from} (inclusive) to {@code to} (exclusive), as one read returns them. */
    ByteBuffer bytes(int from, int to) {
        ByteBuffer buffer = GpioAbi.buffer((to - from) * GpioAbi.LINE_EVENT_SIZE);
        for (int i = from; i < to; i++) {
            events.get(i).write(buffer, (i - from) * GpioAbi.LINE_EVENT_SIZE);
        }
        return buffer;
    }

    ByteBuffer bytes() {
        return bytes(0, events.size());
    }
}
