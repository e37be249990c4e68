package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.emon.api.Pulse;
import org.emon.api.store.DiskFullException;
import org.emon.api.store.StoreResult;
import org.emon.api.store.StoreState;
import org.emon.api.store.StoreStatus;
import org.junit.jupiter.api.Test;

/** The committer against a session that fails as told: every group is stored once, whatever fails before. */
class CommitterTest {

    /** A table keyed by (meter, ms) that fails the next attempts as told, storing nothing of a failed one. */
    static final class FlakySession implements Committer.Session {
        final Set<Pulse> table;
        final List<SQLException> failures;
        int attempts;
        boolean closed;
        /** The synchronous setting of each write attempt, in order. */
        final List<Boolean> syncedWrites = new ArrayList<>();
        private boolean sync;

        FlakySession(Set<Pulse> table, List<SQLException> failures) {
            this.table = table;
            this.failures = failures;
        }

        private void attempt() throws SQLException {
            attempts++;
            if (!failures.isEmpty()) {
                throw failures.remove(0); // before writing: a failed transaction leaves nothing
            }
        }

        @Override
        public void syncCommits(boolean sync) {
            this.sync = sync;
        }

        @Override
        public WriteSession.Result write(List<Pulse> pulses, Collection<MeterRow> meters, Collection<PowerUpdate> powers)
                throws SQLException {
            syncedWrites.add(sync);
            attempt();
            boolean[] inserted = new boolean[pulses.size()];
            for (int i = 0; i < pulses.size(); i++) {
                inserted[i] = table.add(pulses.get(i));
            }
            return new WriteSession.Result(MeterDelta.perMeter(pulses, inserted), Map.of(), inserted);
        }

        @Override
        public WriteSession.Result writeImport(ImportChunk chunk) throws SQLException {
            return write(chunk.pulses(), List.of(), List.of());
        }

        @Override
        public <T> T run(WriteSession.Work<T> work) throws SQLException {
            attempt();
            return work.run(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static SQLException busy() {
        return new SQLException("database is locked", "", 5); // SQLITE_BUSY
    }

    private static SQLException ioError() {
        return new SQLException("disk I/O error", "", 10); // SQLITE_IOERR
    }

    private static SQLException full() {
        return new SQLException("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)", "", 13);
    }

    /** The file system of the working directory: not full, so an I/O error here is not taken for a full disk. */
    static final DiskSpace DISK = new DiskSpace(Path.of("test.db"));

    private final Set<Pulse> table = new LinkedHashSet<>();
    /** Synchronized: a test may end the failures while the committer retries on its own thread. */
    private final List<SQLException> failures = Collections.synchronizedList(new ArrayList<>());
    /** The groups whose waiting batches the committer released, once per failed attempt on a full disk. */
    private final List<Group> released = Collections.synchronizedList(new ArrayList<>());
    private final List<FlakySession> sessions = new ArrayList<>();
    private final Counters counters = new Counters();
    private final Admission admission = new Admission(1000, counters, new PendingSaves(), DISK);
    private final Completion completion = new Completion(counters, Map.of());

    private Committer committer() {
        FlakySession first = new FlakySession(table, failures);
        sessions.add(first);
        return new Committer(first, () -> {
            FlakySession next = new FlakySession(table, failures);
            sessions.add(next);
            return next;
        }, counters, completion, admission, DISK, released::add);
    }

    private static Group group(long seq, Pulse... pulses) {
        Group group = new Group();
        for (Pulse pulse : pulses) {
            group.add(new Entry.LivePulse(seq++, pulse, 0));
        }
        return group;
    }

    /** Commits the group on a thread of its own, as the writer thread would. */
    private static Thread committing(Committer committer, Group group) {
        Thread writer = new Thread(() -> {
            try {
                committer.commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        return writer;
    }

    private StoreStatus status() {
        return counters.snapshot("test", 0, 1000, DISK);
    }

    @Test
    void retriesABusyGroupOnTheSameConnectionUntilItIsStoredOnce() throws Exception {
        failures.addAll(List.of(busy(), busy()));
        Group group = group(1, new Pulse(21, 1), new Pulse(21, 2));

        committer().commit(group);

        assertThat(table).containsExactly(new Pulse(21, 1), new Pulse(21, 2));
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).attempts).isEqualTo(3);
        assertThat(status().failedAttempts()).isEqualTo(2);
        assertThat(status().failing()).isFalse();
        assertThat(status().committed()).isEqualTo(2);
        assertThat(status().duplicates()).isZero();
        assertThat(status().commits()).isEqualTo(1);
        assertThat(completion.await(2, 0, 0)).isTrue();
    }

    @Test
    void retriesAnIoErrorOnANewConnectionAndKeepsTheGroupAsItWas() throws Exception {
        failures.addAll(List.of(ioError(), busy(), ioError()));
        CompletableFuture<StoreResult> future = new CompletableFuture<>();
        Group group = group(1, new Pulse(21, 1));
        group.add(new Entry.Batch(2, List.of(new Pulse(21, 1), new Pulse(22, 5)), future, 0));

        committer().commit(group);

        assertThat(table).containsExactly(new Pulse(21, 1), new Pulse(22, 5));
        assertThat(sessions).hasSize(3); // one new connection per I/O error, none for busy
        assertThat(sessions.get(0).closed).isTrue();
        assertThat(sessions.get(1).closed).isTrue();
        assertThat(sessions.get(2).closed).isFalse();
        assertThat(status().failedAttempts()).isEqualTo(3);
        assertThat(status().lastError()).isEqualTo("disk I/O error");
        // the pulse given twice in the group is stored once and its duplicate counted once
        assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(new StoreResult(1, 1));
        assertThat(status().meter(21).committed()).isEqualTo(1);
        assertThat(status().meter(21).duplicates()).isEqualTo(1);
    }

    @Test
    void commitsGroupsInOrderEachOnce() throws Exception {
        Committer committer = committer();
        failures.add(busy());
        committer.commit(group(1, new Pulse(21, 1), new Pulse(21, 2)));
        failures.add(ioError());
        committer.commit(group(3, new Pulse(21, 3)));
        committer.commit(group(4, new Pulse(21, 2), new Pulse(21, 4))); // 2 again: a duplicate, not stored twice

        assertThat(table).containsExactly(new Pulse(21, 1), new Pulse(21, 2), new Pulse(21, 3), new Pulse(21, 4));
        assertThat(status().meter(21).committed()).isEqualTo(4);
        assertThat(status().meter(21).duplicates()).isEqualTo(1);
        assertThat(status().commits()).isEqualTo(3);
    }

    @Test
    void aTaskThatFailsOnItsOwnIsNotRetriedButABusyOneIs() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Entry.Task failing = new Entry.Task(connection -> {
            runs.incrementAndGet();
            throw new SQLException("no such table: emon_21_600");
        }, new CompletableFuture<>(), 0);
        Committer committer = committer();

        committer.commit(Group.alone(failing));

        assertThat(runs).hasValue(1);
        assertThatThrownBy(() -> failing.future().get()).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("no such table");
        assertThat(status().failedAttempts()).isZero();

        Entry.Task fine = new Entry.Task(connection -> "done", new CompletableFuture<>(), 0);
        failures.add(busy());
        committer.commit(Group.alone(fine));
        assertThat(fine.future().get()).isEqualTo("done");
        assertThat(status().failedAttempts()).isEqualTo(1);
    }

    @Test
    void givesUpOnlyWhenAbandonedAndThenStoresNothing() throws Exception {
        for (int i = 0; i < 1000; i++) {
            failures.add(ioError());
        }
        Committer committer = committer();
        Group group = group(1, new Pulse(21, 1));
        Thread writer = committing(committer, group);
        Thread.sleep(300);
        assertThat(writer.isAlive()).isTrue(); // still retrying

        committer.abandon();
        writer.interrupt();
        writer.join(5_000);

        assertThat(writer.isAlive()).isFalse();
        assertThat(table).isEmpty();
        assertThat(completion.await(1, 0, 0)).isFalse();
    }

    @Test
    void syncsAGroupHoldingABatchOnEveryAttemptAndLivePulsesAtMostOncePerWindow() throws Exception {
        Committer committer = committer();
        committer.commit(group(1, new Pulse(21, 1))); // the first commit is synced: nothing is yet
        committer.commit(group(2, new Pulse(21, 2))); // live, within the window: page cache only
        failures.add(ioError());
        Group batch = new Group();
        batch.add(new Entry.Batch(3, List.of(new Pulse(22, 1)), new java.util.concurrent.CompletableFuture<>(), 0));
        committer.commit(batch);

        List<Boolean> synced = new ArrayList<>();
        sessions.forEach(session -> synced.addAll(session.syncedWrites));
        // the batch's failed attempt and its retry on a new connection are both synced
        assertThat(synced).containsExactly(true, false, true, true);
        assertThat(table).contains(new Pulse(22, 1));
    }

    @Test
    void aFullDiskIsAStateOfItsOwnThatRefusesBatchesUntilACommitSucceedsAgain() throws Exception {
        for (int i = 0; i < 1000; i++) {
            failures.add(full());
        }
        Committer committer = committer();
        Group group = group(1, new Pulse(21, 1));
        group.add(new Entry.Batch(2, List.of(new Pulse(22, 1)), new CompletableFuture<>(), 0));
        Thread writer = committing(committer, group);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (released.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            StoreStatus full = status();
            assertThat(full.state()).isEqualTo(StoreState.DISK_FULL);
            assertThat(full.failing()).isTrue();
            assertThat(full.stateDetail()).contains(" free on ", "retried", "resume by themselves", "refused");
            assertThat(released).hasSizeGreaterThanOrEqualTo(2).allMatch(g -> g == group); // on every attempt
            // a batch is refused at once while the disk is full; a source's pulse waits in the queue
            CompletableFuture<StoreResult> refused = admission.store(List.of(new Pulse(22, 2)));
            assertThatThrownBy(() -> refused.get(0, TimeUnit.SECONDS)).hasCauseInstanceOf(DiskFullException.class)
                    .hasMessageContaining("is full").hasMessageContaining("once space is freed");
            assertThat(admission.append(new Pulse(21, 2))).isTrue();
            assertThat(status().meter(22).refused()).isEqualTo(1);
            assertThat(status().meter(21).refused()).isZero();
            assertThat(table).isEmpty();

            failures.clear(); // space freed
            writer.join(5_000);
            assertThat(writer.isAlive()).isFalse();
        } finally {
            committer.abandon();
            writer.interrupt();
        }
        assertThat(table).containsExactly(new Pulse(21, 1), new Pulse(22, 1));
        assertThat(status().state()).isEqualTo(StoreState.OK);
        assertThat(status().failing()).isFalse();
        assertThat(status().stateDetail()).isEqualTo("commits succeed");
        assertThat(admission.store(List.of(new Pulse(22, 2)))).isNotCompletedExceptionally();
    }

    @Test
    void aFailureOtherThanSpaceIsRetryingAndStillTakesBatches() throws Exception {
        failures.addAll(List.of(ioError(), busy()));
        List<StoreState> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger taken = new AtomicInteger();
        Committer committer = committer();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                StoreState state = status().state();
                if (state == StoreState.RETRYING && !admission.store(List.of(new Pulse(23, taken.get()))).isDone()) {
                    taken.incrementAndGet(); // queued, waiting for a commit: not refused
                }
                seen.add(state);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        committer.commit(group(1, new Pulse(21, 1)));
        watcher.interrupt();
        watcher.join();

        assertThat(seen).contains(StoreState.RETRYING).doesNotContain(StoreState.DISK_FULL);
        assertThat(taken).hasPositiveValue();
        assertThat(released).isEmpty();
        assertThat(status().state()).isEqualTo(StoreState.OK);
        assertThat(status().meter(23).refused()).isZero();
    }
}
