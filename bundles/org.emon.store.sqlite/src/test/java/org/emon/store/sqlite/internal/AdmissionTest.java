package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import org.emon.api.Pulse;
import org.emon.api.store.DiskFullException;
import org.emon.api.store.StoreResult;
import org.emon.api.store.StoreStatus;
import org.junit.jupiter.api.Test;

/** Admission without a writer thread: room is counted in pulses, what does not fit is refused at once and counted. */
class AdmissionTest {

    private final Counters counters = new Counters();
    private final Admission admission = new Admission(5, counters, new PendingSaves(), CommitterTest.DISK);

    private StoreStatus status() {
        return counters.snapshot("test", admission.queuedPulses(), admission.capacity(), CommitterTest.DISK);
    }

    @Test
    void refusesAPulseWhenFullAndCountsIt() {
        for (int i = 0; i < 5; i++) {
            assertThat(admission.append(new Pulse(21, i))).isTrue();
        }
        assertThat(admission.append(new Pulse(21, 5))).isFalse();
        assertThat(admission.append(new Pulse(22, 6))).isFalse();

        assertThat(admission.queuedPulses()).isEqualTo(5);
        assertThat(status().meter(21).received()).isEqualTo(6);
        assertThat(status().meter(21).refused()).isEqualTo(1);
        assertThat(status().meter(22).refused()).isEqualTo(1);
        assertThat(counters.refused()).isEqualTo(2);
    }

    @Test
    void refusesABatchWithoutRoomForAllOfItAndQueuesNothingOfIt() throws Exception {
        assertThat(admission.append(new Pulse(21, 1))).isTrue();
        CompletableFuture<StoreResult> tooBig = admission.store(List.of(new Pulse(22, 1), new Pulse(22, 2),
                new Pulse(22, 3), new Pulse(22, 4), new Pulse(22, 5)));

        assertThatThrownBy(tooBig::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RejectedExecutionException.class).hasMessageContaining("no room for 5 pulses");
        assertThat(admission.queuedPulses()).isEqualTo(1);
        assertThat(status().meter(22).refused()).isEqualTo(5);

        CompletableFuture<StoreResult> fits = admission.store(List.of(new Pulse(22, 1), new Pulse(22, 2),
                new Pulse(22, 3), new Pulse(22, 4)));
        assertThat(fits).isNotDone();
        assertThat(admission.queuedPulses()).isEqualTo(5);
    }

    @Test
    void roomComesBackOnlyAsTheWriterTakesEntries() {
        for (int i = 0; i < 5; i++) {
            admission.append(new Pulse(21, i));
        }
        Entry first = admission.poll();
        assertThat(admission.append(new Pulse(21, 10))).isFalse(); // polled but not taken into a group yet

        admission.taken(first);
        assertThat(admission.queuedPulses()).isEqualTo(4);
        assertThat(admission.append(new Pulse(21, 10))).isTrue();
    }

    @Test
    void numbersPulsesAndBatchesInQueueOrder() {
        admission.append(new Pulse(21, 1));
        admission.store(List.of(new Pulse(21, 2), new Pulse(21, 3)));
        admission.append(new Pulse(21, 4));

        assertThat(((Entry.LivePulse) admission.poll()).seq()).isEqualTo(1);
        assertThat(((Entry.Batch) admission.poll()).seq()).isEqualTo(2);
        assertThat(((Entry.LivePulse) admission.poll()).seq()).isEqualTo(3);
        assertThat(admission.lastSeq()).isEqualTo(3);
    }

    @Test
    void refusesBatchesWhileTheDiskIsFullButQueuesPulsesAndListsQueuedBatches() throws Exception {
        CompletableFuture<StoreResult> before = admission.store(List.of(new Pulse(22, 1)));
        counters.failed(new SQLException("database or disk is full", "", 13), 1000, true);

        CompletableFuture<StoreResult> during = admission.store(List.of(new Pulse(22, 2)));
        assertThatThrownBy(during::get).hasCauseInstanceOf(DiskFullException.class)
                .hasMessageContaining("database is full (").hasMessageContaining(" free on ")
                .hasMessageContaining("again by itself once space is freed");
        assertThat(admission.append(new Pulse(21, 1))).isTrue();
        assertThat(status().meter(22).refused()).isEqualTo(1);
        assertThat(status().meter(21).refused()).isZero();
        assertThat(before).isNotDone(); // queued before: waits for the writer (which releases its caller)
        assertThat(admission.queuedBatches()).extracting(Entry.Batch::future).containsExactly(before);

        counters.commit(); // a commit succeeded: space is back
        assertThat(admission.store(List.of(new Pulse(22, 3)))).isNotDone();
    }

    @Test
    void refusesEverythingOnceClosed() throws Exception {
        admission.close();

        assertThat(admission.stopping()).isTrue();
        assertThat(admission.poll()).isInstanceOf(Entry.Wake.class); // an idle writer notices at once
        assertThat(admission.append(new Pulse(21, 1))).isFalse();
        assertThatThrownBy(() -> admission.store(List.of(new Pulse(21, 2))).get())
                .hasCauseInstanceOf(RejectedExecutionException.class).hasMessageContaining("stopping");
        assertThatThrownBy(() -> admission.enqueueAlone(new Entry.Wake(0)))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(status().meter(21).refused()).isEqualTo(2);
        assertThat(admission.poll()).isNull();
    }

    @Test
    void queuesOneWakeUpPerMeterUntilItsSaveIsTaken() {
        PendingSaves saves = new PendingSaves();
        Admission withSaves = new Admission(5, counters, saves, CommitterTest.DISK);
        withSaves.savePower(new PowerUpdate(21, 100, 1_000));
        withSaves.savePower(new PowerUpdate(21, 200, 2_000));
        withSaves.savePower(new PowerUpdate(21, 150, 1_500)); // older than the pending one: dropped

        assertThat(withSaves.poll()).isInstanceOf(Entry.Wake.class);
        assertThat(withSaves.poll()).isNull();
        assertThat(saves.takePowers()).containsExactly(new PowerUpdate(21, 200, 2_000));
        assertThat(saves.generation()).isEqualTo(2);

        withSaves.savePower(new PowerUpdate(21, 300, 3_000));
        assertThat(withSaves.poll()).isInstanceOf(Entry.Wake.class);
    }
}
