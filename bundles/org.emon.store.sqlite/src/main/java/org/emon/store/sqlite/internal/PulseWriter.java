package org.emon.store.sqlite.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.Pulse;
import org.emon.api.store.MeterStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the database, for all meters. Callers queue pulses without ever
 * waiting for the disk; the thread commits them in groups (one transaction per commit window or per
 * {@code commitMaxPulses}, whichever comes first) and retries a failed group until it is stored.
 */
final class PulseWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PulseWriter.class);

    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 1000;
    /** Repeats of the same failure, or of refused pulses, are logged at most this often. */
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** An idle writer wakes this often anyway, as a safety net for a lost wake-up. */
    private static final long IDLE_POLL_MILLIS = 1000;

    /** Opens a new write session after a failure that a new connection may cure. */
    @FunctionalInterface
    interface SessionOpener {
        WriteSession open() throws SQLException;
    }

    record Settings(long commitWindowMillis, int commitMaxPulses, int queueCapacity) {
    }

    /**
     * A queued pulse with its sequence number, or (pulse {@code null}) a wake-up for saved meters and
     * powers, which wait in their own maps so that the newest value per meter wins.
     */
    private record Entry(long seq, Pulse pulse, long enqueuedNanos) {
    }

    /** What one transaction writes; kept as is across retries so that nothing is lost or reordered. */
    private static final class Group {
        final List<Pulse> pulses = new ArrayList<>();
        int entries;
        long lastSeq;
        Collection<MeterRow> meters = List.of();
        Collection<PowerUpdate> powers = List.of();
        long savesGeneration;

        void add(Entry entry) {
            entries++;
            if (entry.pulse() != null) {
                pulses.add(entry.pulse());
                lastSeq = entry.seq(); // sequence numbers rise along the queue
            }
        }

        boolean writesNothing() {
            return pulses.isEmpty() && meters.isEmpty() && powers.isEmpty();
        }
    }

    private final Settings settings;
    private final long windowNanos;
    private final SessionOpener opener;
    private final Map<Integer, MeterStatistics> statistics;
    private final Counters counters = new Counters();
    private final BlockingQueue<Entry> queue;
    private final Thread thread;

    /**
     * Held while numbering and queueing an entry, so that sequence numbers rise along the queue and
     * flush() can compare numbers; and so that nothing enters once stopping has begun.
     */
    private final Object offerLock = new Object();
    private boolean accepting = true; // guarded by offerLock
    private volatile long lastSeq; // written under offerLock

    private final Map<Integer, MeterRow> pendingMeters = new ConcurrentHashMap<>();
    private final Map<Integer, PowerUpdate> pendingPowers = new ConcurrentHashMap<>();
    private final Map<Integer, Long> newestPowerMillis = new HashMap<>(); // guarded by offerLock
    /** Counts accepted saves; a commit records the count it has seen so that flush() can wait for saves too. */
    private final AtomicLong savesGeneration = new AtomicLong();

    private final Object commitMonitor = new Object();
    private long committedSeq; // guarded by commitMonitor
    private long committedSavesGeneration; // guarded by commitMonitor
    private boolean writerDone; // guarded by commitMonitor

    private volatile boolean stopRequested;
    private volatile boolean abandoned;
    private final AtomicLong nextRefusalWarning = new AtomicLong(System.nanoTime());

    private WriteSession session; // writer thread only

    PulseWriter(Settings settings, WriteSession session, SessionOpener opener,
            Map<Integer, MeterStatistics> statistics) {
        this.settings = settings;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(settings.commitWindowMillis());
        this.session = session;
        this.opener = opener;
        this.statistics = new ConcurrentHashMap<>(statistics);
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity()); // allocates only what is queued
        this.thread = new Thread(this::run, "emon-sqlite-writer");
        // Daemon: a JVM exit must not hang on it; deactivation, not the JVM, is what drains the queue.
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("The pulse writer died; pulses are no longer stored", e));
    }

    void start() {
        thread.start();
    }

    /** Queues a pulse; never blocks. @return {@code false} if refused (queue full, or stopping) */
    boolean append(Pulse pulse) {
        counters.received(pulse.meterId());
        boolean accepted = false;
        boolean stopping;
        synchronized (offerLock) {
            stopping = !accepting;
            if (accepting) {
                long seq = lastSeq + 1;
                if (queue.offer(new Entry(seq, pulse, System.nanoTime()))) {
                    lastSeq = seq;
                    accepted = true;
                }
            }
        }
        if (!accepted) {
            counters.refused(pulse.meterId());
            warnRefused(pulse.meterId(), stopping);
        }
        return accepted;
    }

    void saveMeter(MeterRow meter) {
        synchronized (offerLock) {
            if (!accepting) {
                LOG.warn("The pulse store is stopping: meter {} not saved", meter.id());
                return;
            }
            boolean fresh = pendingMeters.put(meter.id(), meter) == null;
            savesGeneration.incrementAndGet();
            if (fresh) {
                wake();
            }
        }
    }

    void savePower(PowerUpdate power) {
        synchronized (offerLock) {
            if (!accepting) {
                LOG.debug("The pulse store is stopping: power of meter {} not saved", power.meterId());
                return;
            }
            Long newest = newestPowerMillis.get(power.meterId());
            if (newest != null && newest > power.atMillis()) {
                return; // an older reading arriving late must not overwrite a newer one, pending or written
            }
            newestPowerMillis.put(power.meterId(), power.atMillis());
            boolean fresh = pendingPowers.put(power.meterId(), power) == null;
            savesGeneration.incrementAndGet();
            // One wake-up per meter and commit is enough: the commit that takes it writes the newest value.
            if (fresh) {
                wake();
            }
        }
    }

    /** A full queue needs no wake-up: the writer is busy and every commit takes the pending saves. */
    private void wake() {
        queue.offer(new Entry(0, null, System.nanoTime()));
    }

    MeterStatistics statistics(int meterId) {
        MeterStatistics stats = statistics.get(meterId);
        return stats != null ? stats : new MeterStatistics(meterId, 0, 0, 0);
    }

    StoreCounters counters() {
        return counters.snapshot(queue.size(), settings.queueCapacity());
    }

    /** Waits until everything appended or saved before the call is committed. */
    boolean flush(long timeoutMillis) throws InterruptedException {
        long targetSeq = lastSeq;
        long targetSaves = savesGeneration.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        synchronized (commitMonitor) {
            while (committedSeq < targetSeq || committedSavesGeneration < targetSaves) {
                long remaining = deadline - System.nanoTime();
                if (writerDone || remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(commitMonitor, remaining);
            }
            return true;
        }
    }

    /**
     * Refuses new entries, commits everything queued and ends the thread. If the database stays
     * unwritable for {@code timeoutMillis}, gives up (logging what is lost) rather than hang the
     * framework's shutdown forever.
     *
     * @return {@code true} if everything was committed
     */
    boolean stop(long timeoutMillis) {
        synchronized (offerLock) {
            accepting = false;
        }
        stopRequested = true;
        wake(); // an idle writer notices at once
        boolean interrupted = false;
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (thread.isAlive()) {
            abandoned = true;
            thread.interrupt(); // ends its back-off sleep
            try {
                thread.join(2L * Database.BUSY_TIMEOUT_MS + 1000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (thread.isAlive()) {
                LOG.error("The pulse writer did not stop");
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !abandoned;
    }

    private void run() {
        List<Entry> drained = new ArrayList<>();
        try {
            Group group;
            while ((group = nextGroup(drained)) != null) {
                commit(group);
            }
        } catch (InterruptedException e) {
            // Only stop() interrupts, once it has given up on the database; commit() logged the loss.
            Thread.currentThread().interrupt();
        } finally {
            closeSession();
            synchronized (commitMonitor) {
                writerDone = true;
                commitMonitor.notifyAll();
            }
        }
    }

    /**
     * Gathers the next group: from the first queued entry until the commit window since that entry was
     * queued has passed or {@code commitMaxPulses} entries are gathered. When stopping, takes what is
     * queued without waiting.
     *
     * @return {@code null} once stopped and nothing is left
     */
    private Group nextGroup(List<Entry> drained) throws InterruptedException {
        Entry first = null;
        while (first == null) {
            first = queue.poll(stopRequested ? 0 : IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (first == null) {
                if (!pendingMeters.isEmpty() || !pendingPowers.isEmpty()) {
                    return new Group(); // saves whose wake-up found the queue full
                }
                if (stopRequested) {
                    return null;
                }
            }
        }
        Group group = new Group();
        group.add(first);
        long deadline = first.enqueuedNanos() + windowNanos;
        while (group.entries < settings.commitMaxPulses()) {
            drained.clear();
            if (queue.drainTo(drained, settings.commitMaxPulses() - group.entries) > 0) {
                drained.forEach(group::add);
                continue;
            }
            if (stopRequested) {
                break;
            }
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                break;
            }
            Entry next = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            group.add(next);
        }
        drained.clear();
        return group;
    }

    /** Commits a group, retrying with back-off until it succeeds; the pulse table's key makes retries idempotent. */
    private void commit(Group group) throws InterruptedException {
        // Read before taking the saves: every save counted up to here is in this group or an earlier one.
        group.savesGeneration = savesGeneration.get();
        group.meters = take(pendingMeters);
        group.powers = take(pendingPowers);
        if (group.writesNothing()) {
            completed(group, new WriteSession.Result(Map.of(), Map.of()), false);
            return;
        }
        long backoff = FIRST_BACKOFF_MILLIS;
        int failures = 0;
        long nextWarning = 0;
        while (true) {
            try {
                if (session == null) {
                    session = opener.open();
                }
                WriteSession.Result result = session.write(group.pulses, group.meters, group.powers);
                if (failures > 0) {
                    LOG.info("Committed {} pulses after {} failed attempts", group.pulses.size(), failures);
                }
                completed(group, result, true);
                return;
            } catch (SQLException | RuntimeException e) {
                failures++;
                counters.failed(e, System.currentTimeMillis());
                boolean busy = Database.isBusy(e);
                long now = System.nanoTime();
                if (failures == 1 || now - nextWarning >= 0) {
                    nextWarning = now + WARNING_INTERVAL_NANOS;
                    if (busy) {
                        LOG.warn("Database busy; {} pulses wait and are retried (attempt {}): {}",
                                group.pulses.size(), failures, e.getMessage());
                    } else {
                        LOG.warn("Commit of {} pulses failed; retrying on a new connection (attempt {})",
                                group.pulses.size(), failures, e);
                    }
                } else {
                    LOG.debug("Commit attempt {} failed: {}", failures, e.getMessage());
                }
                if (!busy) {
                    closeSession(); // a fresh connection may cure what waiting cannot
                }
                if (abandoned) {
                    giveUp(group);
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    giveUp(group);
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private void giveUp(Group group) throws InterruptedException {
        long queued = queue.stream().filter(entry -> entry.pulse() != null).count();
        LOG.error("Shutting down with the database unwritable: {} pulses are NOT stored", group.pulses.size() + queued);
        throw new InterruptedException("abandoned");
    }

    private void completed(Group group, WriteSession.Result result, boolean wrote) {
        for (MeterDelta delta : result.deltas().values()) {
            counters.committed(delta);
            if (delta.inserted() > 0) {
                statistics.merge(delta.meterId(),
                        new MeterStatistics(delta.meterId(), delta.inserted(), delta.lastTs(), 0),
                        (old, added) -> new MeterStatistics(old.meterId(), old.pulses() + added.pulses(),
                                Math.max(old.lastPulseMillis(), added.lastPulseMillis()), old.createdMillis()));
            }
        }
        result.createdMillis().forEach((meterId, created) -> statistics.merge(meterId,
                new MeterStatistics(meterId, 0, 0, created),
                (old, added) -> new MeterStatistics(meterId, old.pulses(), old.lastPulseMillis(), created)));
        if (wrote) {
            counters.commit();
        }
        synchronized (commitMonitor) {
            committedSeq = Math.max(committedSeq, group.lastSeq);
            committedSavesGeneration = Math.max(committedSavesGeneration, group.savesGeneration);
            commitMonitor.notifyAll();
        }
    }

    private static <T> Collection<T> take(Map<Integer, T> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<T> taken = new ArrayList<>();
        for (Integer key : pending.keySet()) {
            T value = pending.remove(key); // atomic: a value saved meanwhile is either taken here or stays
            if (value != null) {
                taken.add(value);
            }
        }
        return taken;
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private void warnRefused(int meterId, boolean stopping) {
        long now = System.nanoTime();
        long next = nextRefusalWarning.get();
        if (now - next >= 0 && nextRefusalWarning.compareAndSet(next, now + WARNING_INTERVAL_NANOS)) {
            if (stopping) {
                LOG.warn("The pulse store is stopped: refusing pulses (meter {})", meterId);
            } else {
                LOG.warn("The pulse store's queue is full ({} entries; database locked or slow?): refusing "
                        + "pulses (meter {}); {} refused so far", settings.queueCapacity(), meterId,
                        counters().refused());
            }
        }
    }
}
