package org.emon.store.sqlite.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.emon.api.Pulse;

/**
 * What one transaction writes: live pulses and batches with the saved meters and powers, or one
 * import chunk or task alone. Kept as is across retries, so that nothing is lost or reordered.
 */
final class Group {

    /** A batch inside a group: its pulses are {@code group.pulses[offset, offset + size)}. */
    record Placed(Entry.Batch batch, int offset) {
    }

    final List<Pulse> pulses = new ArrayList<>();
    final List<Placed> batches = new ArrayList<>();
    /** An {@link Entry.Import} or {@link Entry.Task}, written alone; {@code null} for a group of pulses. */
    final Entry alone;
    /** The highest sequence number in the group; flush waits for it. */
    long lastSeq;
    Collection<MeterRow> meters = List.of();
    Collection<PowerUpdate> powers = List.of();
    /** The count of saves that had been accepted when this group took them. */
    long savesGeneration;

    Group() {
        this(null);
    }

    private Group(Entry alone) {
        this.alone = alone;
    }

    static Group alone(Entry entry) {
        return new Group(entry);
    }

    void add(Entry entry) {
        if (entry instanceof Entry.LivePulse live) {
            pulses.add(live.pulse());
            lastSeq = live.seq(); // sequence numbers rise along the queue
        } else if (entry instanceof Entry.Batch batch) {
            batches.add(new Placed(batch, pulses.size()));
            pulses.addAll(batch.pulses());
            lastSeq = batch.seq();
        }
    }

    boolean writesNothing() {
        return alone == null && pulses.isEmpty() && meters.isEmpty() && powers.isEmpty();
    }

    /** For log lines. */
    String describe() {
        if (alone instanceof Entry.Import imported) {
            return "import of " + imported.chunk().pulses().size() + " pulses";
        }
        return alone instanceof Entry.Task ? "a collect step" : pulses.size() + " pulses";
    }
}
