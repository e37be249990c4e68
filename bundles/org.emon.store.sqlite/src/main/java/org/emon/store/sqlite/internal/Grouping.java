package org.emon.store.sqlite.internal;

import java.util.concurrent.TimeUnit;

/**
 * Cuts the queue into groups, one transaction each: from the first queued entry until the commit
 * window since that entry was queued has passed or {@code maxPulses} pulses are gathered. A batch
 * is never split: one that would not fit is left for the next group (unless the group has no pulses
 * yet). An import chunk or a task is a group of its own. Used by the writer thread only.
 */
final class Grouping {

    /** An idle writer wakes this often anyway, as a safety net for a lost wake-up. */
    private static final long IDLE_POLL_MILLIS = 1000;

    private final Admission admission;
    private final PendingSaves saves;
    private final long windowNanos;
    private final int maxPulses;
    /** An entry taken from the queue that did not fit the group being gathered; the next group's first. */
    private Entry held;

    Grouping(Admission admission, PendingSaves saves, long windowMillis, int maxPulses) {
        this.admission = admission;
        this.saves = saves;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        this.maxPulses = maxPulses;
    }

    /**
     * The next group, with the saves pending when it closes. When stopping, takes what is queued
     * without waiting.
     *
     * @return {@code null} once stopping and nothing is left
     */
    Group next() throws InterruptedException {
        Entry first = null;
        while (first == null) {
            first = next(admission.stopping() ? 0 : TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS));
            if (first == null) {
                if (!saves.isEmpty()) {
                    return withSaves(new Group()); // saves whose wake-up was taken by an earlier group
                }
                if (admission.stopping()) {
                    return null;
                }
            }
        }
        if (Entry.alone(first)) {
            return Group.alone(first);
        }
        Group group = new Group();
        take(group, first);
        long deadline = first.enqueuedNanos() + windowNanos;
        while (group.pulses.size() < maxPulses) {
            Entry next = next(0);
            if (next == null) {
                if (admission.stopping()) {
                    break;
                }
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                next = next(wait);
                if (next == null) {
                    break;
                }
            }
            if (Entry.alone(next) || (next instanceof Entry.Batch batch && !group.pulses.isEmpty()
                    && group.pulses.size() + batch.pulses().size() > maxPulses)) {
                held = next;
                break;
            }
            take(group, next);
        }
        return withSaves(group);
    }

    /** The entry held back for the next group, if any; it stays held. */
    Entry held() {
        return held;
    }

    /** The entry held back for the next group, if any, which is no longer held: for a writer that stops. */
    Entry release() {
        Entry entry = held;
        held = null;
        return entry;
    }

    /** The held-back entry if any, else the queue's next, waiting at most {@code timeoutNanos}. */
    private Entry next(long timeoutNanos) throws InterruptedException {
        if (held != null) {
            return release();
        }
        return admission.poll(timeoutNanos);
    }

    private void take(Group group, Entry entry) {
        group.add(entry);
        admission.taken(entry);
    }

    private Group withSaves(Group group) {
        // Read before taking the saves: every save counted up to here is in this group or an earlier one.
        group.savesGeneration = saves.generation();
        group.meters = saves.takeMeters();
        group.powers = saves.takePowers();
        return group;
    }
}
