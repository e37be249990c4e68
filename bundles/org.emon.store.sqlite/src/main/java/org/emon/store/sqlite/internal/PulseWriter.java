package org.emon.store.sqlite.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.emon.api.Pulse;
import org.emon.api.store.MeterStatistics;
import org.emon.api.store.StoreResult;
import org.emon.api.store.StoreStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the database, for all meters. Callers queue pulses without ever
 * waiting for the disk; the thread commits them in groups (one transaction per commit window or per
 * {@code commitMaxPulses}, whichever comes first) and retries a failed group until it is stored.
 * A batch given to {@link #store} is never split: it goes into one group whole, even if that makes
 * the group larger than {@code commitMaxPulses}. The queue's capacity counts pulses, not entries.
 * Chunks of an import are written by this thread too, each in its own transaction between groups,
 * so that an import never holds the write lock against live pulses; and so are tasks (a step of a
 * collect): work on the write connection that can never race the writer's own commits.
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

    /** Pulses given to {@link #store}, committed together, and the caller's stage. */
    private record Batch(List<Pulse> pulses, CompletableFuture<StoreResult> future) {
    }

    /** An import chunk, written in its own transaction, and the importer's stage. */
    private record Chunk(ImportChunk chunk, CompletableFuture<WriteSession.Result> future) {
    }

    /** Work run in its own transaction, and its caller's stage. */
    private record Task(WriteSession.Work<Object> work, CompletableFuture<Object> future) {
    }

    /**
     * A queued pulse, batch, import chunk or task with its sequence number, or (all {@code null}) a
     * wake-up for saved meters and powers, which wait in their own maps so that the newest value per
     * meter wins.
     */
    private record Entry(long seq, Pulse pulse, Batch batch, Chunk chunk, Task task, long enqueuedNanos) {

        /** Written in a transaction of its own. */
        boolean alone() {
            return chunk != null || task != null;
        }

        int pulseCount() {
            return pulse != null ? 1 : batch != null ? batch.pulses().size() : 0;
        }
    }

    /** A batch inside a group: its pulses are {@code group.pulses[offset, offset + size)}. */
    private record Placed(Batch batch, int offset) {
    }

    /** What one transaction writes; kept as is across retries so that nothing is lost or reordered. */
    private static final class Group {
        final List<Pulse> pulses = new ArrayList<>();
        final List<Placed> batches = new ArrayList<>();
        Chunk chunk;
        Task task;
        long lastSeq;
        Collection<MeterRow> meters = List.of();
        Collection<PowerUpdate> powers = List.of();
        long savesGeneration;

        void add(Entry entry) {
            if (entry.pulse() != null) {
                pulses.add(entry.pulse());
            } else if (entry.batch() != null) {
                batches.add(new Placed(entry.batch(), pulses.size()));
                pulses.addAll(entry.batch().pulses());
            }
            if (entry.seq() > 0) {
                lastSeq = entry.seq(); // sequence numbers rise along the queue
            }
        }

        boolean writesNothing() {
            return chunk == null && task == null && pulses.isEmpty() && meters.isEmpty() && powers.isEmpty();
        }
    }

    private final Settings settings;
    private final String database;
    private final long windowNanos;
    private final SessionOpener opener;
    private final Map<Integer, MeterStatistics> statistics;
    private final Counters counters = new Counters();
    /** Unbounded as a list; {@link #queuedPulses} against the capacity decides what may enter. */
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    /** Pulses queued and not yet taken into a group; only the writer decreases it. */
    private final AtomicInteger queuedPulses = new AtomicInteger();
    private final Thread thread;
    /**
     * Completes the stages of {@link #store}: a caller's dependent actions then run here, never on the
     * writer thread, so a slow one cannot hold commits up.
     */
    private final ExecutorService completions;

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
    /** An entry taken from the queue that did not fit the group being gathered; the next group's first. */
    private Entry held; // writer thread only

    PulseWriter(Settings settings, String database, WriteSession session, SessionOpener opener,
            Map<Integer, MeterStatistics> statistics) {
        this.settings = settings;
        this.database = database;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(settings.commitWindowMillis());
        this.session = session;
        this.opener = opener;
        this.statistics = new ConcurrentHashMap<>(statistics);
        this.thread = new Thread(this::run, "emon-sqlite-writer");
        // Daemon: a JVM exit must not hang on it; deactivation, not the JVM, is what drains the queue.
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("The pulse writer died; pulses are no longer stored", e));
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "emon-sqlite-completions");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        this.completions = executor;
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
            if (accepting && queuedPulses.get() < settings.queueCapacity()) {
                long seq = lastSeq + 1;
                queuedPulses.incrementAndGet();
                queue.add(new Entry(seq, pulse, null, null, null, System.nanoTime()));
                lastSeq = seq;
                accepted = true;
            }
        }
        if (!accepted) {
            counters.refused(pulse.meterId());
            warnRefused(pulse.meterId(), stopping);
        }
        return accepted;
    }

    /**
     * Queues a batch as one unit; never blocks.
     *
     * @return a stage completed once the commit holding the whole batch succeeded, or completed
     *         exceptionally at once with {@link RejectedExecutionException} if the queue has no room
     *         for all of it or the store is stopping (then nothing of it is queued)
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
        boolean stopping;
        synchronized (offerLock) {
            stopping = !accepting;
            if (accepting && (long) queuedPulses.get() + pulses.size() <= settings.queueCapacity()) {
                long seq = lastSeq + 1;
                queuedPulses.addAndGet(pulses.size());
                queue.add(new Entry(seq, null, new Batch(pulses, future), null, null, System.nanoTime()));
                lastSeq = seq;
                accepted = true;
            }
        }
        if (!accepted) {
            perMeter.forEach(counters::refused);
            warnRefused(pulses.get(0).meterId(), stopping);
            return CompletableFuture.failedFuture(new RejectedExecutionException(stopping
                    ? "the pulse store is stopping"
                    : "the pulse store's queue has no room for " + pulses.size() + " pulses ("
                            + queuedPulses.get() + " of " + settings.queueCapacity() + " queued)"));
        }
        return future;
    }

    /**
     * Queues an import chunk; it is written in its own transaction between two groups.
     *
     * @throws RejectedExecutionException if the store is stopping
     */
    CompletableFuture<WriteSession.Result> importChunk(ImportChunk chunk) {
        CompletableFuture<WriteSession.Result> future = new CompletableFuture<>();
        synchronized (offerLock) {
            if (!accepting) {
                throw new RejectedExecutionException("the pulse store is stopping");
            }
            queue.add(new Entry(0, null, null, new Chunk(chunk, future), null, System.nanoTime()));
        }
        return future;
    }

    /**
     * Queues work to run on the write connection in a transaction of its own, between two groups; a
     * busy database is waited for, any other failure completes the stage exceptionally (not retried:
     * the caller decides).
     *
     * @throws RejectedExecutionException if the store is stopping
     */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> submit(WriteSession.Work<T> work) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        synchronized (offerLock) {
            if (!accepting) {
                throw new RejectedExecutionException("the pulse store is stopping");
            }
            queue.add(new Entry(0, null, null, null, new Task((WriteSession.Work<Object>) work, future), System.nanoTime()));
        }
        return (CompletableFuture<T>) future;
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

    /** At most one wake-up per meter and commit is queued (see the callers), so this list stays short. */
    private void wake() {
        queue.add(new Entry(0, null, null, null, null, System.nanoTime()));
    }

    MeterStatistics statistics(int meterId) {
        MeterStatistics stats = statistics.get(meterId);
        return stats != null ? stats : new MeterStatistics(meterId, 0, 0, 0);
    }

    StoreStatus status() {
        return counters.snapshot(database, queuedPulses.get(), settings.queueCapacity());
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
     * unwritable for {@code timeoutMillis}, gives up (logging what is lost, failing the stages of
     * batches not stored) rather than hang the framework's shutdown forever.
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
        completions.shutdown(); // what is submitted still runs
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !abandoned;
    }

    private void run() {
        Group group = null;
        try {
            while ((group = nextGroup()) != null) {
                commit(group);
            }
        } catch (InterruptedException e) {
            // Only stop() interrupts, once it has given up on the database; commit() logged the loss.
            Thread.currentThread().interrupt();
        } finally {
            closeSession();
            // Whatever is left was not stored: its callers must not wait for ever.
            if (group != null) {
                fail(group);
            }
            if (held != null) {
                fail(held);
                held = null;
            }
            Entry entry;
            while ((entry = queue.poll()) != null) {
                fail(entry);
            }
            synchronized (commitMonitor) {
                writerDone = true;
                commitMonitor.notifyAll();
            }
        }
    }

    /** The held-back entry if any, else the queue's next, waiting at most {@code timeoutNanos}. */
    private Entry next(long timeoutNanos) throws InterruptedException {
        if (held != null) {
            Entry entry = held;
            held = null;
            return entry;
        }
        return timeoutNanos <= 0 ? queue.poll() : queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Moves an entry into a group: its pulses no longer count against the queue's capacity. */
    private void take(Group group, Entry entry) {
        group.add(entry);
        int pulses = entry.pulseCount();
        if (pulses > 0) {
            queuedPulses.addAndGet(-pulses);
        }
    }

    /**
     * Gathers the next group: from the first queued entry until the commit window since that entry was
     * queued has passed or {@code commitMaxPulses} pulses are gathered. A batch that would not fit is
     * left for the next group (unless the group has no pulses yet: a batch is never split). An import
     * chunk is a group of its own. When stopping, takes what is queued without waiting.
     *
     * @return {@code null} once stopped and nothing is left
     */
    private Group nextGroup() throws InterruptedException {
        Entry first = null;
        while (first == null) {
            first = next(stopRequested ? 0 : TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS));
            if (first == null) {
                if (!pendingMeters.isEmpty() || !pendingPowers.isEmpty()) {
                    return new Group(); // saves whose wake-up was taken by an earlier group
                }
                if (stopRequested) {
                    return null;
                }
            }
        }
        Group group = new Group();
        if (first.alone()) {
            group.chunk = first.chunk();
            group.task = first.task();
            return group;
        }
        take(group, first);
        long deadline = first.enqueuedNanos() + windowNanos;
        int max = settings.commitMaxPulses();
        while (group.pulses.size() < max) {
            Entry next = next(0);
            if (next == null) {
                if (stopRequested) {
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
            if (next.alone()
                    || (next.batch() != null && !group.pulses.isEmpty()
                            && group.pulses.size() + next.pulseCount() > max)) {
                held = next;
                break;
            }
            take(group, next);
        }
        return group;
    }

    /** Commits a group, retrying with back-off until it succeeds; the pulse table's key makes retries idempotent. */
    private void commit(Group group) throws InterruptedException {
        if (group.chunk == null && group.task == null) {
            // Read before taking the saves: every save counted up to here is in this group or an earlier one.
            group.savesGeneration = savesGeneration.get();
            group.meters = take(pendingMeters);
            group.powers = take(pendingPowers);
        }
        if (group.writesNothing()) {
            completed(group, WriteSession.Result.NOTHING, false);
            return;
        }
        long backoff = FIRST_BACKOFF_MILLIS;
        int failures = 0;
        long nextWarning = 0;
        String what = group.chunk != null ? "import of " + group.chunk.chunk().pulses().size() + " pulses"
                : group.task != null ? "a collect step" : group.pulses.size() + " pulses";
        while (true) {
            try {
                if (session == null) {
                    session = opener.open();
                }
                if (group.task != null) {
                    Object value = session.run(group.task.work());
                    counters.succeeded();
                    group.task.future().complete(value); // the caller only waits on it: no callbacks here
                    return;
                }
                WriteSession.Result result = group.chunk != null
                        ? session.writeImport(group.chunk.chunk())
                        : session.write(group.pulses, group.meters, group.powers);
                if (failures > 0) {
                    LOG.info("Committed {} after {} failed attempts", what, failures);
                }
                completed(group, result, true);
                return;
            } catch (SQLException | RuntimeException e) {
                if (group.task != null && !Database.isBusy(e)) {
                    // The task's own failure (rolled back): its caller decides; a broken connection
                    // shows in the next group, which then reconnects as below.
                    group.task.future().completeExceptionally(e);
                    return;
                }
                failures++;
                counters.failed(e, System.currentTimeMillis());
                boolean busy = Database.isBusy(e);
                long now = System.nanoTime();
                if (failures == 1 || now - nextWarning >= 0) {
                    nextWarning = now + WARNING_INTERVAL_NANOS;
                    if (busy) {
                        LOG.warn("Database busy; {} wait and are retried (attempt {}): {}",
                                what, failures, e.getMessage());
                    } else {
                        LOG.warn("Commit of {} failed; retrying on a new connection (attempt {})",
                                what, failures, e);
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
        long queued = queuedPulses.get();
        LOG.error("Shutting down with the database unwritable: {} pulses are NOT stored", group.pulses.size() + queued);
        throw new InterruptedException("abandoned");
    }

    private void completed(Group group, WriteSession.Result result, boolean wrote) {
        boolean imported = group.chunk != null;
        for (MeterDelta delta : result.deltas().values()) {
            if (!imported) {
                counters.committed(delta); // the counters are of live pulses; an import reports its own
            }
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
        if (imported) {
            counters.succeeded();
            group.chunk.future().complete(result); // the importer only waits on it: no callbacks here
            return;
        }
        if (wrote) {
            counters.commit();
        }
        if (!group.batches.isEmpty()) {
            List<Runnable> done = new ArrayList<>(group.batches.size());
            for (Placed placed : group.batches) {
                int size = placed.batch().pulses().size();
                int accepted = 0;
                for (int i = placed.offset(); i < placed.offset() + size; i++) {
                    if (result.inserted()[i]) {
                        accepted++;
                    }
                }
                StoreResult storeResult = new StoreResult(accepted, size - accepted);
                CompletableFuture<StoreResult> future = placed.batch().future();
                done.add(() -> future.complete(storeResult));
            }
            completeElsewhere(done);
        }
        synchronized (commitMonitor) {
            committedSeq = Math.max(committedSeq, group.lastSeq);
            committedSavesGeneration = Math.max(committedSavesGeneration, group.savesGeneration);
            commitMonitor.notifyAll();
        }
    }

    private void completeElsewhere(List<Runnable> actions) {
        try {
            completions.execute(() -> actions.forEach(Runnable::run));
        } catch (RejectedExecutionException e) {
            actions.forEach(Runnable::run); // shut down already: complete here rather than never
        }
    }

    private void fail(Group group) {
        if (group.chunk != null) {
            group.chunk.future().completeExceptionally(notStored());
        }
        if (group.task != null) {
            group.task.future().completeExceptionally(notStored());
        }
        List<Runnable> failed = new ArrayList<>();
        for (Placed placed : group.batches) {
            CompletableFuture<StoreResult> future = placed.batch().future();
            failed.add(() -> future.completeExceptionally(notStored()));
        }
        if (!failed.isEmpty()) {
            completeElsewhere(failed);
        }
    }

    private void fail(Entry entry) {
        if (entry.chunk() != null) {
            entry.chunk().future().completeExceptionally(notStored());
        } else if (entry.task() != null) {
            entry.task().future().completeExceptionally(notStored());
        } else if (entry.batch() != null) {
            CompletableFuture<StoreResult> future = entry.batch().future();
            completeElsewhere(List.of(() -> future.completeExceptionally(notStored())));
        }
    }

    private static IllegalStateException notStored() {
        return new IllegalStateException("the pulse store stopped with the database unwritable: not stored");
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
                LOG.warn("The pulse store's queue is full ({} pulses; database locked or slow?): refusing "
                        + "pulses (meter {}); {} refused so far", settings.queueCapacity(), meterId,
                        status().refused());
            }
        }
    }
}
