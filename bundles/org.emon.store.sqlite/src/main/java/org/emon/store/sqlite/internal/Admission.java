package org.emon.store.sqlite.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.Pulse;
import org.emon.api.store.DiskFullException;
import org.emon.api.store.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission and back-pressure: lets entries into the writer's queue while there is room, counted in
 * pulses, and refuses the rest at once (counted, and logged at most every 30 s); callers never
 * wait. Nothing enters once stopping has begun. While the disk is full, batches are refused at once:
 * their callers keep them and send them again, and the queue's room is left to the pulses of
 * sources, which have nowhere else to wait.
 */
final class Admission {

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    /** Repeats of refused pulses are logged at most this often. */
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final int capacity;
    private final Counters counters;
    private final PendingSaves saves;
    private final DiskSpace disk;
    /** Unbounded as a list; {@link #queuedPulses} against the capacity decides what may enter. */
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    /** Pulses queued and not yet taken into a group; only the writer decreases it. */
    private final AtomicInteger queuedPulses = new AtomicInteger();
    /**
     * Held while numbering and queueing an entry, so that sequence numbers rise along the queue and
     * flush() can compare numbers; and so that nothing enters once stopping has begun.
     */
    private final Object offerLock = new Object();
    private boolean accepting = true; // guarded by offerLock
    private volatile long lastSeq; // written under offerLock
    private volatile boolean stopping;
    private final AtomicLong nextRefusalWarning = new AtomicLong(System.nanoTime());

    Admission(int capacity, Counters counters, PendingSaves saves, DiskSpace disk) {
        this.capacity = capacity;
        this.counters = counters;
        this.saves = saves;
        this.disk = disk;
    }

    /** Queues a pulse; never blocks. @return {@code false} if refused (queue full, or stopping) */
    boolean append(Pulse pulse) {
        counters.received(pulse.meterId());
        boolean accepted = false;
        boolean closed;
        synchronized (offerLock) {
            closed = !accepting;
            if (accepting && queuedPulses.get() < capacity) {
                long seq = lastSeq + 1;
                queuedPulses.incrementAndGet();
                queue.add(new Entry.LivePulse(seq, pulse, System.nanoTime()));
                lastSeq = seq;
                accepted = true;
            }
        }
        if (!accepted) {
            counters.refused(pulse.meterId());
            warnRefused(pulse.meterId(), closed, false);
        }
        return accepted;
    }

    /**
     * Queues a batch as one unit; never blocks.
     *
     * @return a stage completed once the commit holding the whole batch succeeded, or completed
     *         exceptionally at once with {@link RejectedExecutionException} if the queue has no room
     *         for all of it, the disk is full or the store is stopping (then nothing of it is queued)
     */
    CompletableFuture<StoreResult> store(List<Pulse> pulses) {
        Map<Integer, Long> perMeter = new HashMap<>();
        for (Pulse pulse : pulses) {
            perMeter.merge(pulse.meterId(), 1L, Long::sum);
        }
        perMeter.forEach(counters::received);
        if (pulses.isEmpty()) {
            return CompletableFuture.completedFuture(new StoreResult(0, 0));
        }
        CompletableFuture<StoreResult> future = new CompletableFuture<>();
        boolean accepted = false;
        boolean closed;
        boolean full = counters.diskFull();
        synchronized (offerLock) {
            closed = !accepting;
            if (accepting && !full && (long) queuedPulses.get() + pulses.size() <= capacity) {
                long seq = lastSeq + 1;
                queuedPulses.addAndGet(pulses.size());
                queue.add(new Entry.Batch(seq, pulses, future, System.nanoTime()));
                lastSeq = seq;
                accepted = true;
            }
        }
        if (!accepted) {
            perMeter.forEach(counters::refused);
            warnRefused(pulses.get(0).meterId(), closed, full);
            return CompletableFuture.failedFuture(closed ? new RejectedExecutionException("the pulse store is stopping")
                    : full ? new DiskFullException(diskFull() + "; it takes pulses again by itself once space is freed")
                    : new RejectedExecutionException("the pulse store's queue has no room for " + pulses.size()
                            + " pulses (" + queuedPulses.get() + " of " + capacity + " queued)"));
        }
        return future;
    }

    /** Why a batch is not taken while the disk is full. */
    String diskFull() {
        return "the disk holding the pulse store's database is full (" + disk.describe() + ")";
    }

    /** The batches waiting in the queue now (weakly consistent: one being queued meanwhile may be missed). */
    List<Entry.Batch> queuedBatches() {
        List<Entry.Batch> batches = new ArrayList<>();
        for (Entry entry : queue) {
            if (entry instanceof Entry.Batch batch) {
                batches.add(batch);
            }
        }
        return batches;
    }

    /**
     * Queues an import chunk or a task (neither counts against the capacity: their callers wait for
     * each one before giving the next).
     *
     * @throws RejectedExecutionException if the store is stopping
     */
    void enqueueAlone(Entry entry) {
        synchronized (offerLock) {
            if (!accepting) {
                throw new RejectedExecutionException("the pulse store is stopping");
            }
            queue.add(entry);
        }
    }

    void saveMeter(MeterRow meter) {
        synchronized (offerLock) {
            if (acceptsSaves(meter.id(), true) && saves.putMeter(meter)) {
                wake();
            }
        }
    }

    void savePower(PowerUpdate power) {
        synchronized (offerLock) {
            // One wake-up per meter and commit is enough: the commit that takes it writes the newest value.
            if (acceptsSaves(power.meterId(), false) && saves.putPower(power)) {
                wake();
            }
        }
    }

    /**
     * Called under {@link #offerLock}. A meter's description not saved at a stop is worth a warning;
     * its power, which the next start writes anew, is not.
     */
    private boolean acceptsSaves(int meterId, boolean meter) {
        if (accepting) {
            return true;
        }
        if (meter) {
            LOG.warn("The pulse store is stopping: meter {} not saved", meterId);
        } else {
            LOG.debug("The pulse store is stopping: power of meter {} not saved", meterId);
        }
        return false;
    }

    /** Refuses everything from now on, and wakes an idle writer so that it notices at once. */
    void close() {
        synchronized (offerLock) {
            accepting = false;
        }
        stopping = true;
        wake();
    }

    boolean stopping() {
        return stopping;
    }

    /** At most one wake-up per meter and commit is queued (see the callers), so this list stays short. */
    private void wake() {
        queue.add(new Entry.Wake(System.nanoTime()));
    }

    /** The sequence number of the newest pulse or batch admitted. */
    long lastSeq() {
        return lastSeq;
    }

    int queuedPulses() {
        return queuedPulses.get();
    }

    int capacity() {
        return capacity;
    }

    /** The writer's side: the next entry, waiting at most {@code timeoutNanos} (not at all if 0 or less). */
    Entry poll(long timeoutNanos) throws InterruptedException {
        return timeoutNanos <= 0 ? queue.poll() : queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** The next entry if any, without waiting. */
    Entry poll() {
        return queue.poll();
    }

    /** The writer took an entry into a group: its pulses no longer count against the capacity. */
    void taken(Entry entry) {
        int pulses = Entry.pulses(entry);
        if (pulses > 0) {
            queuedPulses.addAndGet(-pulses);
        }
    }

    private void warnRefused(int meterId, boolean closed, boolean batchOnFullDisk) {
        long now = System.nanoTime();
        long next = nextRefusalWarning.get();
        if (now - next >= 0 && nextRefusalWarning.compareAndSet(next, now + WARNING_INTERVAL_NANOS)) {
            if (closed) {
                LOG.warn("The pulse store is stopped: refusing pulses (meter {})", meterId);
            } else if (batchOnFullDisk) {
                LOG.warn("Refusing batches until space is freed (meter {}): {}; {} pulses refused so far", meterId,
                        diskFull(), counters.refused());
            } else if (counters.diskFull()) {
                LOG.warn("The pulse store's queue is full ({} pulses) and {}: refusing pulses (meter {}); {} refused so far",
                        capacity, diskFull(), meterId, counters.refused());
            } else {
                LOG.warn("The pulse store's queue is full ({} pulses; database locked or slow?): refusing "
                        + "pulses (meter {}); {} refused so far", capacity, meterId, counters.refused());
            }
        }
    }
}
