package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.emon.api.Pulse;
import org.junit.jupiter.api.Test;

/** Grouping without a writer thread or a database: where groups close, and what goes alone. */
class GroupingTest {

    private final Counters counters = new Counters();
    private final PendingSaves saves = new PendingSaves();
    private final Admission admission = new Admission(1000, counters, saves, CommitterTest.DISK);

    private Grouping grouping(long windowMillis, int maxPulses) {
        return new Grouping(admission, saves, windowMillis, maxPulses);
    }

    private static List<Pulse> pulses(int meter, long from, int count) {
        return LongStream.range(from, from + count).mapToObj(t -> new Pulse(meter, t)).toList();
    }

    @Test
    void closesAGroupAtTheMostPulsesAndGivesBackItsRoom() throws Exception {
        Grouping grouping = grouping(60_000, 3);
        pulses(21, 0, 5).forEach(admission::append);

        Group first = grouping.next();
        assertThat(first.pulses).isEqualTo(pulses(21, 0, 3));
        assertThat(first.lastSeq).isEqualTo(3);
        assertThat(admission.queuedPulses()).isEqualTo(2);

        admission.close(); // so that the second group does not wait out its window
        Group second = grouping.next();
        assertThat(second.pulses).isEqualTo(pulses(21, 3, 2));
        assertThat(second.lastSeq).isEqualTo(5);
        assertThat(admission.queuedPulses()).isZero();
    }

    @Test
    void closesAGroupWhenTheWindowSinceItsFirstPulseHasPassed() throws Exception {
        Grouping grouping = grouping(150, 1000);
        admission.append(new Pulse(21, 1));
        long start = System.nanoTime();

        Group group = grouping.next();

        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(group.pulses).containsExactly(new Pulse(21, 1));
        assertThat(waitedMillis).isBetween(100L, 900L); // the window, not the idle poll of a second
    }

    @Test
    void takesPulsesArrivingWithinTheWindowIntoTheSameGroup() throws Exception {
        Grouping grouping = grouping(2_000, 1000);
        admission.append(new Pulse(21, 1));
        Thread later = new Thread(() -> {
            sleep(100);
            admission.append(new Pulse(21, 2));
            sleep(100);
            admission.close(); // ends the group well before its window
        });
        later.start();

        Group group = grouping.next();
        later.join();

        assertThat(group.pulses).containsExactly(new Pulse(21, 1), new Pulse(21, 2));
    }

    @Test
    void neverSplitsABatchAndLeavesOneThatDoesNotFitForTheNextGroup() throws Exception {
        Grouping grouping = grouping(60_000, 4);
        admission.append(new Pulse(21, 0));
        admission.append(new Pulse(21, 1));
        CompletableFuture<?> big = admission.store(pulses(22, 0, 6));
        admission.append(new Pulse(21, 2));
        admission.close();

        Group first = grouping.next();
        assertThat(first.pulses).isEqualTo(List.of(new Pulse(21, 0), new Pulse(21, 1)));
        assertThat(first.batches).isEmpty();

        Group second = grouping.next(); // larger than the most pulses, but never split
        assertThat(second.pulses).isEqualTo(pulses(22, 0, 6));
        assertThat(second.batches).extracting(Group.Placed::offset).containsExactly(0);
        assertThat(second.batches.get(0).batch().future()).isSameAs(big);

        Group third = grouping.next();
        assertThat(third.pulses).containsExactly(new Pulse(21, 2));
        assertThat(grouping.next()).isNull();
    }

    @Test
    void placesEachBatchAtItsOffsetInTheGroup() throws Exception {
        Grouping grouping = grouping(60_000, 1000);
        admission.append(new Pulse(21, 0));
        admission.store(pulses(22, 0, 2));
        admission.store(pulses(23, 0, 3));
        admission.close();

        Group group = grouping.next();
        assertThat(group.pulses).hasSize(6);
        assertThat(group.batches).extracting(Group.Placed::offset).containsExactly(1, 3);
        assertThat(group.lastSeq).isEqualTo(3);
    }

    @Test
    void anImportChunkOrATaskIsAGroupOfItsOwn() throws Exception {
        Grouping grouping = grouping(60_000, 1000);
        admission.append(new Pulse(21, 0));
        Entry.Import chunk = new Entry.Import(new ImportChunk(List.of(), pulses(30, 0, 2)), new CompletableFuture<>(), 0);
        admission.enqueueAlone(chunk);
        Entry.Task task = new Entry.Task(connection -> 42, new CompletableFuture<>(), 0);
        admission.enqueueAlone(task);
        admission.append(new Pulse(21, 1));
        admission.close();

        assertThat(grouping.next().pulses).containsExactly(new Pulse(21, 0));
        Group imported = grouping.next();
        assertThat(imported.alone).isSameAs(chunk);
        assertThat(imported.pulses).isEmpty();
        assertThat(grouping.next().alone).isSameAs(task);
        assertThat(grouping.next().pulses).containsExactly(new Pulse(21, 1));
    }

    @Test
    void aGroupTakesTheSavesPendingWhenItCloses() throws Exception {
        Grouping grouping = grouping(0, 1000);
        admission.saveMeter(new MeterRow(21, "Main", "", "electricity", 1000));
        admission.savePower(new PowerUpdate(21, 500, 1_000));

        Group group = grouping.next();

        assertThat(group.pulses).isEmpty();
        assertThat(group.meters).extracting(MeterRow::id).containsExactly(21);
        assertThat(group.powers).containsExactly(new PowerUpdate(21, 500, 1_000));
        assertThat(group.savesGeneration).isEqualTo(2);
        assertThat(group.writesNothing()).isFalse();
        assertThat(saves.isEmpty()).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
