package org.emon.store.sqlite.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.emon.api.Pulse;
import org.emon.api.store.MeterStatistics;
import org.emon.api.store.PulsesStoredListener;
import org.emon.api.store.StoreResult;
import org.emon.api.store.StoreStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the database, for all meters, put together from parts with one job
 * each: {@link Admission} lets pulses into a queue bounded in pulses and never makes a caller wait;
 * {@link Grouping} cuts the queue into groups (one transaction per commit window or per
 * {@code commitMaxPulses}, whichever comes first; a batch is never split); {@link Committer} writes
 * each group and retries it until it is stored; {@link Completion} counts, completes the batches'
 * stages and wakes the callers of flush. Chunks of an import are written by this thread too, each in
 * its own transaction between groups, so that an import never holds the write lock against live
 * pulses; and so are tasks (a step of a collect): work on the write connection that can never race
 * the writer's own commits.
 */
final class PulseWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PulseWriter.class);

    record Settings(long commitWindowMillis, int commitMaxPulses, int queueCapacity) {
    }

    private final String database;
    private final DiskSpace disk;
    private final Counters counters = new Counters();
    private final PendingSaves saves = new PendingSaves();
    private final Admission admission;
    private final Grouping grouping;
    private final Completion completion;
    private final Committer committer;
    private final Thread thread;

    PulseWriter(Settings settings, String database, DiskSpace disk, Committer.Session session, Committer.Opener opener,
            Map<Integer, MeterStatistics> statistics, PulsesStoredListener stored) {
        this.database = database;
        this.disk = disk;
        this.admission = new Admission(settings.queueCapacity(), counters, saves, disk);
        this.grouping = new Grouping(admission, saves, settings.commitWindowMillis(), settings.commitMaxPulses());
        this.completion = new Completion(counters, statistics, stored);
        this.committer = new Committer(session, opener, counters, completion, admission, disk, this::releaseWaiting);
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
        return admission.append(pulse);
    }

    /** See {@link Admission#store}. */
    CompletableFuture<StoreResult> store(List<Pulse> pulses) {
        return admission.store(pulses);
    }

    /**
     * Queues an import chunk; it is written in its own transaction between two groups.
     *
     * @throws RejectedExecutionException if the store is stopping
     */
    CompletableFuture<WriteSession.Result> importChunk(ImportChunk chunk) {
        CompletableFuture<WriteSession.Result> future = new CompletableFuture<>();
        admission.enqueueAlone(new Entry.Import(chunk, future, System.nanoTime()));
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
        admission.enqueueAlone(new Entry.Task((WriteSession.Work<Object>) work, future, System.nanoTime()));
        return (CompletableFuture<T>) future;
    }

    void saveMeter(MeterRow meter) {
        admission.saveMeter(meter);
    }

    void savePower(PowerUpdate power) {
        admission.savePower(power);
    }

    MeterStatistics statistics(int meterId) {
        return completion.statistics(meterId);
    }

    StoreStatus status() {
        return counters.snapshot(database, admission.queuedPulses(), admission.capacity(), disk);
    }

    /**
     * The disk is full: the callers of every batch still waiting (in the failing group, held back for
     * the next one, or queued) are told now rather than when their patience ends. On the writer thread.
     */
    private void releaseWaiting(Group group) {
        List<Entry.Batch> waiting = new ArrayList<>();
        group.batches.forEach(placed -> waiting.add(placed.batch()));
        if (grouping.held() instanceof Entry.Batch held) {
            waiting.add(held);
        }
        waiting.addAll(admission.queuedBatches());
        completion.release(waiting, admission.diskFull()
                + "; the batch stays queued and is stored once space is freed: resending it is safe");
    }

    /** Waits until everything appended or saved before the call is committed. */
    boolean flush(long timeoutMillis) throws InterruptedException {
        return completion.await(admission.lastSeq(), saves.generation(), timeoutMillis);
    }

    /**
     * Refuses new entries, commits everything queued and ends the thread. If the database stays
     * unwritable for {@code timeoutMillis}, gives up (logging what is lost, failing the stages of
     * batches not stored) rather than hang the framework's shutdown forever.
     *
     * @return {@code true} if everything was committed
     */
    boolean stop(long timeoutMillis) {
        admission.close();
        boolean interrupted = false;
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (thread.isAlive()) {
            committer.abandon();
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
        completion.shutdown(); // what is submitted still runs
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !committer.abandoned();
    }

    private void run() {
        Group group = null;
        try {
            while ((group = grouping.next()) != null) {
                committer.commit(group);
            }
        } catch (InterruptedException e) {
            // Only stop() interrupts, once it has given up on the database; the committer logged the loss.
            Thread.currentThread().interrupt();
        } finally {
            committer.close();
            // Whatever is left was not stored: its callers must not wait for ever.
            if (group != null) {
                completion.fail(group);
            }
            Entry held = grouping.release();
            if (held != null) {
                completion.fail(held);
            }
            Entry entry;
            while ((entry = admission.poll()) != null) {
                completion.fail(entry);
            }
            completion.writerDone();
        }
    }
}
