package org.emon.source.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.emon.source.gpio.internal.Signals.MS;
import static org.emon.source.gpio.internal.Signals.US;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.emon.source.gpio.internal.GpioSettings.Edge;
import org.emon.source.gpio.internal.Signals.Change;
import org.junit.jupiter.api.Test;

class DebouncerTest {

    private static final double REED_MS = GpioSettings.Type.REED.debounceMillis;
    private static final double LED_MS = GpioSettings.Type.LED.debounceMillis;

    private VirtualTime time = new VirtualTime();
    private List<Long> pulses = new ArrayList<>();

    private Debouncer debouncer(Edge edge, double debounceMillis, Boolean initial) {
        Debouncer debouncer = new Debouncer(edge, Math.round(debounceMillis * MS), time, pulses::add);
        debouncer.start(initial);
        return debouncer;
    }

    private void play(Debouncer debouncer, List<Change> changes) {
        for (Change change : changes) {
            time.advanceTo(change.nanos());
            debouncer.level(change.high(), time.nanoTime(), time.currentTimeMillis());
        }
    }

    /** Plays the signal to a new debouncer, on a new clock, and returns its pulses. */
    private List<Long> run(Signals signals, Edge edge, double debounceMillis, Boolean initial) {
        time = new VirtualTime();
        pulses = new ArrayList<>();
        Debouncer debouncer = debouncer(edge, debounceMillis, initial);
        play(debouncer, signals.changes);
        time.advanceTo(signals.end() + 1000 * MS);
        return pulses;
    }

    @Test
    void aRecordedReedImpulseCountsOnceAtItsFirstEdge() {
        // idle high (pull-up); the contact closes at 1000 ms with 7 edges in 3 ms, holds 150 ms,
        // and opens with 5 edges in 1.5 ms, two of them falling like a closing
        Signals reed = new Signals()
                .add(1000 * MS, false).add(1000 * MS + 300 * US, true).add(1000 * MS + 700 * US, false)
                .add(1001 * MS + 100 * US, true).add(1001 * MS + 900 * US, false).add(1002 * MS + 200 * US, true)
                .add(1003 * MS, false)
                .add(1150 * MS, true).add(1150 * MS + 200 * US, false).add(1150 * MS + 600 * US, true)
                .add(1151 * MS + 100 * US, false).add(1151 * MS + 500 * US, true);
        assertThat(run(reed, Edge.FALLING, REED_MS, true)).containsExactly(Signals.wallMillis(1000 * MS));
    }

    @Test
    void thePulseIsDeliveredOnceTheClosureHoldsNotWhenTheContactOpens() {
        Debouncer debouncer = debouncer(Edge.FALLING, REED_MS, true);
        Signals closure = new Signals().reedImpulse(0, 7, 4 * MS, 5000 * MS, 5, 2 * MS, new Random(3));
        List<Change> closing = closure.changes.stream().filter(c -> c.nanos() < 10 * MS).toList();
        play(debouncer, closing);
        time.advanceTo(4 * MS + 30 * MS - 1);
        assertThat(pulses).as("the last bounce (4 ms) has not held 30 ms yet").isEmpty();
        time.advanceTo(4 * MS + 30 * MS);
        assertThat(pulses).containsExactly(Signals.wallMillis(0));
        play(debouncer, closure.changes.subList(closing.size(), closure.changes.size()));
        time.advanceTo(6000 * MS);
        assertThat(pulses).hasSize(1);
    }

    @Test
    void bouncingReedAtAFewHertzCountsEachImpulseOnce() {
        for (double hz : new double[] { 2, 4, 5 }) {
            Signals reed = Signals.reed(hz, 400, 42 + (long) hz);
            assertThat(run(reed, Edge.FALLING, REED_MS, true)).as("%s Hz", hz).isEqualTo(reed.expectedMillis());
        }
    }

    @Test
    void longClosuresOfSecondsCountOnce() {
        Random random = new Random(7);
        Signals reed = new Signals();
        long at = 500 * MS;
        for (int i = 0; i < 20; i++) {
            long closed = (2000 + random.nextInt(6000)) * MS;
            reed.reedImpulse(at, 3 + 2 * random.nextInt(3), (1 + random.nextInt(5)) * MS, closed, 3 + 2 * random.nextInt(3), 2 * MS, random);
            at += closed + (1000 + random.nextInt(20_000)) * MS;
        }
        assertThat(run(reed, Edge.FALLING, REED_MS, true)).isEqualTo(reed.expectedMillis());
    }

    @Test
    void aBounceLongerThanTheDebounceTimeStillCountsOnce() {
        // a worn contact chattering for 45 ms: no level holds 30 ms until the chatter ends
        Signals reed = new Signals();
        boolean level = false;
        for (long t = 0; t <= 45 * MS; t += 5 * MS) {
            reed.add(1000 * MS + t, level);
            level = !level;
        }
        reed.add(1000 * MS + 47 * MS, false).add(1300 * MS, true);
        assertThat(run(reed, Edge.FALLING, REED_MS, true)).containsExactly(Signals.wallMillis(1000 * MS));
    }

    @Test
    void openingBounceAloneCountsNothing() {
        // the source starts while the contact is closed (low); it then opens, bouncing
        Signals opening = new Signals().add(10 * MS, true).add(10 * MS + 150 * US, false).add(10 * MS + 400 * US, true)
                .add(11 * MS, false).add(11 * MS + 800 * US, true);
        assertThat(run(opening, Edge.FALLING, REED_MS, false)).isEmpty();
    }

    @Test
    void aGlitchShorterThanTheDebounceCountsNothing() {
        Signals spike = new Signals().add(10 * MS, false).add(10 * MS + 200 * US, true);
        assertThat(run(spike, Edge.FALLING, REED_MS, true)).isEmpty();
        assertThat(run(spike, Edge.FALLING, LED_MS, true)).isEmpty();
    }

    @Test
    void a555At120HzIsAllCounted() {
        Signals head = Signals.flashes(5 * MS, 1e9 / 120, 4 * MS, 1200);
        assertThat(run(head, Edge.FALLING, LED_MS, false)).hasSize(1200).isEqualTo(head.expectedMillis());
    }

    @Test
    void a555At125HzWith2MsLowPhasesIsAllCounted() {
        // 10,000 imp/kWh at 45 kW: a pulse every 8 ms, low for 2 ms between 6 ms flashes
        Signals head = Signals.flashes(5 * MS, 8 * MS, 6 * MS, 1250);
        assertThat(run(head, Edge.FALLING, LED_MS, false)).hasSize(1250).isEqualTo(head.expectedMillis());
    }

    @Test
    void a555At125HzWith2MsFlashesIsAllCounted() {
        Signals head = Signals.flashes(5 * MS, 8 * MS, 2 * MS, 1250);
        assertThat(run(head, Edge.FALLING, LED_MS, false)).hasSize(1250).isEqualTo(head.expectedMillis());
    }

    @Test
    void aLevelMustHoldTheDebounceTimeToCount() {
        // 2 ms low phases never hold 3 ms: the debounce is a requirement, not a delay; only the
        // low level after the last flash lasts
        Signals head = Signals.flashes(5 * MS, 8 * MS, 6 * MS, 100);
        assertThat(run(head, Edge.FALLING, 3, false)).containsExactly(Signals.wallMillis(head.end()));
    }

    @Test
    void risingAndBothEdges() {
        Signals head = Signals.flashes(5 * MS, 100 * MS, 40 * MS, 10);
        List<Long> rises = head.changes.stream().filter(Change::high).map(c -> Signals.wallMillis(c.nanos())).toList();
        assertThat(run(head, Edge.RISING, LED_MS, false)).isEqualTo(rises);
        List<Long> all = head.changes.stream().map(c -> Signals.wallMillis(c.nanos())).toList();
        assertThat(run(head, Edge.BOTH, LED_MS, false)).isEqualTo(all);
    }

    @Test
    void withoutDebounceEachChangeCountsAtOnce() {
        Debouncer debouncer = debouncer(Edge.FALLING, 0, true);
        debouncer.level(false, 0, 1000);
        assertThat(pulses).containsExactly(1000L);
        debouncer.level(true, 100, 1000);
        debouncer.level(false, 200, 1001);
        assertThat(pulses).containsExactly(1000L, 1001L);
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void anUnknownStartingLevelIsLearntWithoutAPulse() {
        Signals first = new Signals().add(10 * MS, false).add(200 * MS, true).add(400 * MS, false);
        assertThat(run(first, Edge.FALLING, REED_MS, null)).containsExactly(Signals.wallMillis(400 * MS));
    }

    @Test
    void aRepeatedLevelIsNoEdge() {
        Debouncer debouncer = debouncer(Edge.FALLING, REED_MS, true);
        debouncer.level(false, 0, 1000);
        time.advanceTo(20 * MS);
        debouncer.level(false, 20 * MS, 1020); // must not restart the hold
        time.advanceTo(30 * MS);
        assertThat(pulses).containsExactly(1000L);
    }

    @Test
    void refusesANegativeDebounce() {
        assertThatThrownBy(() -> new Debouncer(Edge.FALLING, -1, time, pulses::add)).hasMessageContaining("negative");
    }
}
