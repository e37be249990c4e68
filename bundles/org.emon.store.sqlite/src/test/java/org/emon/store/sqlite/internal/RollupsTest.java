package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.emon.api.Pulse;
import org.emon.api.store.PulseQueries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollups behind {@code countsBefore}, and pulse pages, on a real SQLite file. */
class RollupsTest {

    /** 2025-03-01T00:00:00Z, on a slot boundary. */
    private static final long T0 = 1_740_787_200_000L;
    private static final long SLOT = Rollups.SLOT_MILLIS;

    @TempDir
    Path dir;

    private final List<SqlitePulseStore> opened = new ArrayList<>();

    private SqlitePulseStore open() throws Exception {
        SqlitePulseStore store = Stores.open(file());
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SqlitePulseStore::deactivate);
    }

    private Path file() {
        return dir.resolve("emon.db");
    }

    private static void store(SqlitePulseStore store, long... timestamps) throws Exception {
        List<Pulse> pulses = new ArrayList<>();
        for (long t : timestamps) {
            pulses.add(new Pulse(21, t));
        }
        store.store(pulses).toCompletableFuture().get();
    }

    @Test
    void slotsAreEpochAlignedQuarterHoursAlsoBefore1970AndAtTheExtremes() {
        assertThat(Rollups.slotOf(T0)).isEqualTo(T0);
        assertThat(Rollups.slotOf(T0 + SLOT - 1)).isEqualTo(T0);
        assertThat(Rollups.slotOf(-1)).isEqualTo(-SLOT);
        assertThat(Rollups.slotOf(-SLOT)).isEqualTo(-SLOT);
        assertThat(Rollups.slotOf(Long.MAX_VALUE)).isLessThanOrEqualTo(Long.MAX_VALUE).isGreaterThan(Long.MAX_VALUE - SLOT);
        assertThat(Rollups.slotOf(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(Rollups.slotOf(Rollups.LOWEST_SLOT - 1)).isEqualTo(Long.MIN_VALUE);
        assertThat(Rollups.slotOf(Rollups.LOWEST_SLOT)).isEqualTo(Rollups.LOWEST_SLOT);
        assertThat(Math.floorMod(Rollups.LOWEST_SLOT, SLOT)).isZero();
    }

    @Test
    void countsBeforeOnAndBetweenSlotBoundariesWithLatePulsesAndDuplicates() throws Exception {
        SqlitePulseStore store = open();
        store(store, T0 + 10, T0 + SLOT + 5, T0 + 3 * SLOT);
        // late: before everything, inside the first slot, and a duplicate of a stored one
        store(store, T0 - 1, T0 + 20, T0 + 10, T0 + 20);
        store(store, T0 - 5 * SLOT);

        long[] instants = { Long.MIN_VALUE, T0 - 5 * SLOT, T0 - 5 * SLOT + 1, T0, T0 + 11, T0 + SLOT, T0 + SLOT + 5,
                T0 + SLOT + 6, T0 + 3 * SLOT, T0 + 3 * SLOT + 1, T0 + 100 * SLOT, Long.MAX_VALUE };
        assertThat(store.countsBefore(21, instants)).containsExactly(0, 0, 1, 2, 3, 4, 4, 5, 5, 6, 6, 6);
        assertThat(store.countsBefore(22, instants)).containsOnly(0);
        assertThat(store.countsBefore(21, new long[0])).isEmpty();
        assertThat(store.countsBefore(21, new long[] { T0, T0 })).containsExactly(2, 2); // equal instants are ascending
        assertThat(Stores.rollupMismatches(file())).isZero();
        // the late pulses went into the later slots' running totals, not only into their own slot
        assertThat(Stores.queryLong(file(), "SELECT pulses_before FROM rollup WHERE meter_id = 21 AND start_ts = ?",
                T0 + 3 * SLOT)).isEqualTo(5);
    }

    @Test
    void countsBeforeIsExactEvenAtTheEndsOfTime() throws Exception {
        SqlitePulseStore store = open();
        long low = Rollups.LOWEST_SLOT;
        long[] pulses = { Long.MIN_VALUE, low - 1, low, low + SLOT - 1, low + SLOT + 7, Long.MAX_VALUE - 1 };
        store(store, pulses);
        long[] instants = { Long.MIN_VALUE, Long.MIN_VALUE + 1, low - 1, low, low + 1, low + SLOT - 1, low + SLOT,
                low + SLOT + 7, low + SLOT + 8, low + 2 * SLOT, 0, Long.MAX_VALUE - 1, Long.MAX_VALUE };
        long[] expected = new long[instants.length];
        for (int i = 0; i < instants.length; i++) {
            long t = instants[i];
            expected[i] = java.util.Arrays.stream(pulses).filter(p -> p < t).count();
        }
        assertThat(store.countsBefore(21, instants)).containsExactly(expected);
        assertThat(Stores.rollupMismatches(file())).isZero();
    }

    @Test
    void refusesInstantsOutOfOrder() throws Exception {
        SqlitePulseStore store = open();
        assertThatThrownBy(() -> store.countsBefore(21, new long[] { T0, T0 - 1 }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
    }

    @Test
    void anUpgradedDatabaseGetsTheRollupsOfItsPulses() throws Exception {
        SqlitePulseStore store = open();
        store(store, T0, T0 + 1, T0 + SLOT, T0 + 7 * SLOT + 3, T0 - 2 * SLOT);
        store.deactivate();
        opened.clear();
        // back to the first schema: no rollups
        try (Connection c = Stores.jdbc(file()); Statement s = c.createStatement()) {
            s.execute("DROP TABLE rollup");
            s.execute("DROP TABLE collect_state");
            s.execute("PRAGMA user_version = 1");
        }

        SqlitePulseStore upgraded = open();
        assertThat(Stores.queryLong(file(), "PRAGMA user_version")).isEqualTo(2);
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM rollup")).isEqualTo(4);
        assertThat(Stores.rollupMismatches(file())).isZero();
        assertThat(upgraded.countsBefore(21, new long[] { T0, T0 + 2, T0 + 7 * SLOT + 4 })).containsExactly(1, 3, 5);
    }

    @Test
    void pagesThroughPulsesOldestFirst() throws Exception {
        SqlitePulseStore store = open();
        long[] timestamps = new long[25];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = T0 + 1000L * i;
        }
        store(store, timestamps);
        store.store(List.of(new Pulse(22, T0 + 500))).toCompletableFuture().get();

        List<Long> read = new ArrayList<>();
        long from = T0 - 1;
        int pages = 0;
        while (true) {
            List<Pulse> page = store.pulses(21, from, T0 + 20_000, 8);
            if (page.isEmpty()) {
                break;
            }
            pages++;
            assertThat(page).hasSizeLessThanOrEqualTo(8).allMatch(p -> p.meterId() == 21);
            page.forEach(p -> read.add(p.timestampMillis()));
            from = page.get(page.size() - 1).timestampMillis() + 1;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(read).hasSize(20).isSorted().first().isEqualTo(T0);
        assertThat(read.get(19)).isEqualTo(T0 + 19_000); // to is exclusive
        assertThat(store.pulses(21, T0 + 5, T0 + 5, 10)).isEmpty();
        assertThat(store.pulses(21, T0, Long.MAX_VALUE, PulseQueries.MAX_PAGE)).hasSize(25);
        for (int bad : new int[] { 0, -1, PulseQueries.MAX_PAGE + 1 }) {
            assertThatThrownBy(() -> store.pulses(21, T0, T0 + 1, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("limit").hasMessageContaining(String.valueOf(bad));
        }
    }
}
