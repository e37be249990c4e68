package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.emon.api.Pulse;
import org.junit.jupiter.api.Test;

class DurabilityTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static Group live() {
        Group group = new Group();
        group.add(new Entry.LivePulse(1, new Pulse(1, 1), 0));
        return group;
    }

    private static Group batch() {
        Group group = new Group();
        group.add(new Entry.Batch(1, List.of(new Pulse(1, 1)), new CompletableFuture<>(), 0));
        return group;
    }

    @Test
    void liveGroupsAreSyncedOncePerWindowAndBatchesAlways() {
        Durability durability = new Durability(1000);
        long t = 5_000 * MS;
        assertThat(durability.sync(live(), t)).isTrue();
        assertThat(durability.sync(live(), t + 250 * MS)).isFalse();
        assertThat(durability.sync(live(), t + 999 * MS)).isFalse();
        assertThat(durability.sync(batch(), t + 999 * MS)).isTrue();
        // the batch's sync made the live pulses before it durable too: the window starts again from it
        assertThat(durability.sync(live(), t + 1500 * MS)).isFalse();
        assertThat(durability.sync(live(), t + 1999 * MS)).isTrue();
    }
}
