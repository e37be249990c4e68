package org.emon.store.sqlite.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.emon.api.store.DiskFullException;
import org.emon.api.store.MeterStatistics;
import org.emon.api.store.PulsesStoredListener;
import org.emon.api.store.StoreResult;

/**
 * What follows a commit: the counters and per-meter statistics, the stages of batches (each
 * completed once, with its own accepted and duplicate pulses), and the callers of flush waiting
 * for what they appended. Also fails what was not stored when the writer stops, and releases the
 * callers of batches that wait on a full disk.
 */
final class Completion {

    private final Counters counters;
    private final Map<Integer, MeterStatistics> statistics;
    /** Told of each meter's new pulses before anybody waiting for the commit. */
    private final PulsesStoredListener stored;
    /**
     * Completes the stages of batches: a caller's dependent actions then run here, never on the
     * writer thread, so a slow one cannot hold commits up.
     */
    private final ExecutorService completions;

    private final Object commitMonitor = new Object();
    private long committedSeq; // guarded by commitMonitor
    private long committedSavesGeneration; // guarded by commitMonitor
    private boolean writerDone; // guarded by commitMonitor

    Completion(Counters counters, Map<Integer, MeterStatistics> statistics) {
        this(counters, statistics, (meterId, oldestMillis) -> {
        });
    }

    Completion(Counters counters, Map<Integer, MeterStatistics> statistics, PulsesStoredListener stored) {
        this.counters = counters;
        this.stored = stored;
        this.statistics = new ConcurrentHashMap<>(statistics);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "emon-sqlite-completions");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        this.completions = executor;
    }

    MeterStatistics statistics(int meterId) {
        MeterStatistics stats = statistics.get(meterId);
        return stats != null ? stats : new MeterStatistics(meterId, 0, 0, 0);
    }

    /**
     * A group was committed ({@code wrote}) or had nothing to write: counts it, tells the listeners
     * which meters got pulses, then completes its batches and wakes the callers of flush waiting
     * for it.
     */
    void committed(Group group, WriteSession.Result result, boolean wrote) {
        boolean imported = group.alone instanceof Entry.Import;
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
        for (MeterDelta delta : result.deltas().values()) {
            if (delta.inserted() > 0) {
                stored.pulsesStored(delta.meterId(), delta.firstTs());
            }
        }
        if (group.alone instanceof Entry.Import imports) {
            counters.succeeded();
            imports.future().complete(result); // the importer only waits on it: no callbacks here
            return;
        }
        if (wrote) {
            counters.commit();
        }
        if (!group.batches.isEmpty()) {
            List<Runnable> done = new ArrayList<>(group.batches.size());
            for (Group.Placed placed : group.batches) {
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

    void taskDone(Entry.Task task, Object value) {
        counters.succeeded();
        task.future().complete(value); // the caller only waits on it: no callbacks here
    }

    void taskFailed(Entry.Task task, Throwable error) {
        task.future().completeExceptionally(error);
    }

    /**
     * Waits until the pulses up to {@code seq} and the saves up to {@code savesGeneration} are
     * committed.
     *
     * @return {@code false} on timeout, or once the writer has ended
     */
    boolean await(long seq, long savesGeneration, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        synchronized (commitMonitor) {
            while (committedSeq < seq || committedSavesGeneration < savesGeneration) {
                long remaining = deadline - System.nanoTime();
                if (writerDone || remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(commitMonitor, remaining);
            }
            return true;
        }
    }

    /** The writer has ended: nobody waits for it any more. */
    void writerDone() {
        synchronized (commitMonitor) {
            writerDone = true;
            commitMonitor.notifyAll();
        }
    }

    /** Stops the completion thread once what is submitted has run. */
    void shutdown() {
        completions.shutdown();
    }

    /** What waits for a group that was not stored fails. */
    void fail(Group group) {
        if (group.alone != null) {
            fail(group.alone);
            return;
        }
        List<Runnable> failed = new ArrayList<>();
        for (Group.Placed placed : group.batches) {
            CompletableFuture<StoreResult> future = placed.batch().future();
            failed.add(() -> future.completeExceptionally(notStored()));
        }
        if (!failed.isEmpty()) {
            completeElsewhere(failed);
        }
    }

    /** What waits for an entry that was not stored fails. */
    void fail(Entry entry) {
        if (entry instanceof Entry.Import imported) {
            imported.future().completeExceptionally(notStored());
        } else if (entry instanceof Entry.Task task) {
            task.future().completeExceptionally(notStored());
        } else if (entry instanceof Entry.Batch batch) {
            CompletableFuture<StoreResult> future = batch.future();
            completeElsewhere(List.of(() -> future.completeExceptionally(notStored())));
        }
    }

    /**
     * Tells the callers of batches that are still queued that they cannot be stored now (the disk is
     * full), rather than letting them wait: they may resend, while the batches stay queued and are
     * stored once space is freed (a pulse stored twice counts once).
     */
    void release(List<Entry.Batch> batches, String reason) {
        List<Runnable> released = new ArrayList<>();
        for (Entry.Batch batch : batches) {
            CompletableFuture<StoreResult> future = batch.future();
            if (!future.isDone()) {
                released.add(() -> future.completeExceptionally(new DiskFullException(reason)));
            }
        }
        if (!released.isEmpty()) {
            completeElsewhere(released);
        }
    }

    private void completeElsewhere(List<Runnable> actions) {
        try {
            completions.execute(() -> actions.forEach(Runnable::run));
        } catch (RejectedExecutionException e) {
            actions.forEach(Runnable::run); // shut down already: complete here rather than never
        }
    }

    private static IllegalStateException notStored() {
        return new IllegalStateException("the pulse store stopped with the database unwritable: not stored");
    }
}
