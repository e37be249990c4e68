package org.emon.store.sqlite.internal;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.emon.api.Pulse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each group in one transaction and retries a failed one with back-off until it is stored:
 * a busy or locked database is waited for on the same connection, any other failure gets a new
 * connection. A group is never dropped, split or reordered; the pulse table's key makes a retry
 * idempotent. Only a task's own failure is not retried: its caller decides. A failure for want of
 * space marks the store's state disk full (batches are refused then) and releases the callers of
 * the batches that wait, until a commit succeeds again. Used by the writer thread only.
 */
final class Committer {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 1000;
    /** Repeats of the same failure are logged at most this often. */
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** The write connection as the committer uses it; {@link WriteSession} on SQLite. */
    interface Session {

        /**
         * Whether the following commits return only once synced to the device ({@code true}) or
         * once in the page cache; see {@link Durability}.
         */
        void syncCommits(boolean sync) throws SQLException;

        /** Writes pulses, meters and powers in one transaction, rolled back if it throws. */
        WriteSession.Result write(List<Pulse> pulses, Collection<MeterRow> meters, Collection<PowerUpdate> powers)
                throws SQLException;

        /** Writes an import chunk in one transaction, rolled back if it throws. */
        WriteSession.Result writeImport(ImportChunk chunk) throws SQLException;

        /** Runs work in one transaction, rolled back if it throws. */
        <T> T run(WriteSession.Work<T> work) throws SQLException;

        void close();
    }

    /** Opens a new session after a failure that a new connection may cure. */
    @FunctionalInterface
    interface Opener {
        Session open() throws SQLException;
    }

    private final Opener opener;
    private final Counters counters;
    private final Completion completion;
    private final Admission admission;
    private final DiskSpace disk;
    /** Releases the callers of the batches waiting behind a full disk, this group's among them. */
    private final Consumer<Group> onDiskFull;
    private final Durability durability = new Durability(Durability.LIVE_WINDOW_MILLIS);
    private Session session;
    private volatile boolean abandoned;

    Committer(Session session, Opener opener, Counters counters, Completion completion, Admission admission,
            DiskSpace disk, Consumer<Group> onDiskFull) {
        this.session = session;
        this.opener = opener;
        this.counters = counters;
        this.completion = completion;
        this.admission = admission;
        this.disk = disk;
        this.onDiskFull = onDiskFull;
    }

    /**
     * Commits a group, retrying until it succeeds, and hands the outcome to the {@link Completion}.
     *
     * @throws InterruptedException once {@link #abandon} gave up on the database (the group is not
     *                              stored; the caller fails what waits for it)
     */
    void commit(Group group) throws InterruptedException {
        if (group.writesNothing()) {
            completion.committed(group, WriteSession.Result.NOTHING, false);
            return;
        }
        long backoff = FIRST_BACKOFF_MILLIS;
        int failures = 0;
        boolean wasFull = false;
        // Decided once per group, so that a retried group holding a batch is synced however often it is tried.
        boolean sync = group.alone == null && durability.sync(group, System.nanoTime());
        long nextWarning = 0;
        while (true) {
            WriteSession.Result result;
            try {
                if (session == null) {
                    session = opener.open();
                }
                session.syncCommits(sync);
                if (group.alone instanceof Entry.Task task) {
                    Object value = session.run(task.work());
                    completion.taskDone(task, value);
                    return;
                }
                result = group.alone instanceof Entry.Import imported
                        ? session.writeImport(imported.chunk())
                        : session.write(group.pulses, group.meters, group.powers);
            } catch (SQLException | RuntimeException e) {
                boolean busy = Database.isBusy(e);
                if (group.alone instanceof Entry.Task task && !busy) {
                    // The task's own failure (rolled back): its caller decides; a broken connection
                    // shows in the next group, which then reconnects as below.
                    completion.taskFailed(task, e);
                    return;
                }
                failures++;
                boolean full = !busy && disk.meansFull(e);
                counters.failed(e, System.currentTimeMillis(), full);
                if (full) {
                    // On every attempt: a batch queued just before the state changed is released too.
                    onDiskFull.accept(group);
                }
                long now = System.nanoTime();
                if (failures == 1 || full != wasFull || now - nextWarning >= 0) {
                    nextWarning = now + WARNING_INTERVAL_NANOS;
                    if (busy) {
                        LOG.warn("Database busy; {} wait and are retried (attempt {}): {}",
                                group.describe(), failures, e.getMessage());
                    } else if (full) {
                        LOG.warn("Disk full ({}): {} wait and are retried until space is freed, batches are refused "
                                + "meanwhile (attempt {}): {}", disk.describe(), group.describe(), failures, e.getMessage());
                    } else {
                        LOG.warn("Commit of {} failed; retrying on a new connection (attempt {})",
                                group.describe(), failures, e);
                    }
                } else {
                    LOG.debug("Commit attempt {} failed: {}", failures, e.getMessage());
                }
                wasFull = full;
                if (!busy) {
                    close(); // a fresh connection may cure what waiting cannot
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
                continue;
            }
            if (failures > 0) {
                LOG.info("Committed {} after {} failed attempts{}", group.describe(), failures,
                        wasFull ? "; the disk has room again (" + disk.describe() + ")" : "");
            }
            completion.committed(group, result, true);
            return;
        }
    }

    /** Gives up on a database that stays unwritable: the group being retried fails at its next attempt. */
    void abandon() {
        abandoned = true;
    }

    boolean abandoned() {
        return abandoned;
    }

    /** Closes the session, if open; the next commit opens a new one. */
    void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private void giveUp(Group group) throws InterruptedException {
        long queued = admission.queuedPulses();
        LOG.error("Shutting down with the database unwritable: {} pulses are NOT stored", group.pulses.size() + queued);
        throw new InterruptedException("abandoned");
    }
}
