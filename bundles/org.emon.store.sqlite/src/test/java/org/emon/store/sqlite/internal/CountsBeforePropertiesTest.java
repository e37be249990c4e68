package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.emon.api.Pulse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * For random pulses (duplicates, pulses on and beside slot boundaries, two meters) stored in random
 * batches in a random order (so many arrive late), {@code countsBefore} at random instants equals a
 * naive count of the distinct pulses before each, on a real SQLite file; and the rollups equal the
 * pulses afterwards.
 */
class CountsBeforePropertiesTest {

    /** 2025-03-30T00:00:00Z, a slot boundary. */
    private static final long T0 = 1_743_292_800_000L;
    private static final long SLOT = Rollups.SLOT_MILLIS;

    /** Near T0, dense enough for duplicates; a fifth exactly on or next to a slot boundary. */
    @Provide
    Arbitrary<Long> timestamps() {
        Arbitrary<Long> anywhere = Arbitraries.longs().between(T0 - 6 * SLOT, T0 + 6 * SLOT);
        Arbitrary<Long> crowded = Arbitraries.longs().between(T0 - 50, T0 + 50);
        Arbitrary<Long> edges = Arbitraries.integers().between(-6, 6)
                .flatMap(k -> Arbitraries.of(T0 + k * SLOT - 1, T0 + k * SLOT, T0 + k * SLOT + 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, anywhere), net.jqwik.api.Tuple.of(2, crowded), net.jqwik.api.Tuple.of(2, edges));
    }

    @Provide
    Arbitrary<Long> instants() {
        return Arbitraries.oneOf(timestamps(), Arbitraries.longs().between(T0 - 40 * SLOT, T0 + 40 * SLOT));
    }

    @Property(tries = 40)
    void countsBeforeEqualsANaiveCount(@ForAll @Size(min = 50, max = 400) List<@From("timestamps") Long> meter21,
            @ForAll @Size(min = 50, max = 200) List<@From("timestamps") Long> meter22,
            @ForAll @Size(min = 50, max = 300) List<@From("instants") Long> instants, @ForAll long seed) throws Exception {
        List<Pulse> pulses = new ArrayList<>();
        meter21.forEach(t -> pulses.add(new Pulse(21, t)));
        meter22.forEach(t -> pulses.add(new Pulse(22, t)));
        Random random = new Random(seed);
        pulses.addAll(pulses.subList(0, pulses.size() / 5)); // delivered twice
        Collections.shuffle(pulses, random);

        Path dir = Files.createTempDirectory("emon-counts");
        Path file = dir.resolve("emon.db");
        SqlitePulseStore store = Stores.open(file);
        try {
            for (int i = 0; i < pulses.size();) {
                int size = 1 + random.nextInt(60);
                List<Pulse> batch = pulses.subList(i, Math.min(pulses.size(), i + size));
                if (random.nextBoolean()) {
                    store.store(batch).toCompletableFuture().get();
                } else {
                    batch.forEach(store::append); // grouped by the writer as it likes
                }
                i += size;
            }
            assertThat(store.flush(10_000)).isTrue();

            long[] sorted = instants.stream().mapToLong(Long::longValue).sorted().toArray();
            for (int meter : new int[] { 21, 22 }) {
                Set<Long> distinct = new HashSet<>(meter == 21 ? meter21 : meter22);
                long[] expected = new long[sorted.length];
                for (int i = 0; i < sorted.length; i++) {
                    long t = sorted[i];
                    expected[i] = distinct.stream().filter(ts -> ts < t).count();
                }
                assertThat(store.countsBefore(meter, sorted)).as("meter %d", meter).containsExactly(expected);
            }
            assertThat(Stores.rollupMismatches(file)).isZero();
        } finally {
            store.deactivate();
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
