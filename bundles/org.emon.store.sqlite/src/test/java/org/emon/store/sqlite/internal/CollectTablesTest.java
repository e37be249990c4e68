package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.emon.api.MeterKind;
import org.emon.api.Pulse;
import org.emon.api.store.CollectResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code emon_<meter>_<interval>} tables kept up to date by collect, on a real SQLite file. */
class CollectTablesTest {

    /** 2025-03-01T00:00:00Z. */
    private static final long T0 = 1_740_787_200_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long[] INTERVALS = { 600, 3600, 86400 };

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

    private static void store(SqlitePulseStore store, List<Pulse> pulses) throws Exception {
        for (int i = 0; i < pulses.size(); i += 50_000) { // within the queue's capacity
            store.store(pulses.subList(i, Math.min(pulses.size(), i + 50_000))).toCompletableFuture().get();
        }
    }

    /** {@code count} pulses of a meter, evenly from {@code from} over {@code span}. */
    private static List<Pulse> spread(int meter, long from, long span, int count) {
        List<Pulse> pulses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pulses.add(new Pulse(meter, from + span * i / count));
        }
        return pulses;
    }

    /** The table's rows, {@code id|epoch|ticks|m_id} in id order. */
    private List<String> rows(String table) throws SQLException {
        try (Connection c = Stores.jdbc(file()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, epoch, ticks, m_id FROM " + table + " ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getLong(3) + "|" + rs.getInt(4));
            }
            return rows;
        }
    }

    /** What the table must hold: a GROUP BY over the pulses, bucket start as epoch. */
    private List<String> expected(int meter, long interval) throws SQLException {
        long millis = interval * 1000;
        try (Connection c = Stores.jdbc(file()); PreparedStatement s = c.prepareStatement(
                "SELECT ts / " + millis + " AS b, count(*) FROM pulse WHERE meter_id = ? GROUP BY b ORDER BY b")) {
            s.setInt(1, meter);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + "|" + rs.getLong(1) * interval + "|" + rs.getLong(2) + "|" + meter);
                }
            }
            return rows;
        }
    }

    private void assertUpToDate(int meter) throws SQLException {
        for (long interval : INTERVALS) {
            assertThat(rows("emon_" + meter + "_" + interval)).as("emon_%d_%d", meter, interval)
                    .isNotEmpty().isEqualTo(expected(meter, interval));
        }
    }

    @Test
    void buildsTheOriginalsTablesWithBucketStartsAndASecondRunAddsNothing() throws Exception {
        SqlitePulseStore store = open();
        store.saveMeter(Stores.meter(24, "PV", "roof", MeterKind.ELECTRICITY, 1000)); // a meter without pulses
        store(store, spread(21, T0 + 1234, 3 * DAY, 5000));
        store(store, spread(27, T0 - 40 * DAY, 2 * DAY, 700));

        List<String> progress = new CopyOnWriteArrayList<>();
        CollectResult first = store.collect(INTERVALS, OptionalInt.empty(), false,
                (table, done, total) -> progress.add(table + ":" + done + "/" + total));
        assertThat(first.tables()).containsExactly("emon_21_600", "emon_21_3600", "emon_21_86400", "emon_24_600",
                "emon_24_3600", "emon_24_86400", "emon_27_600", "emon_27_3600", "emon_27_86400");
        assertUpToDate(21);
        assertUpToDate(27);
        assertThat(rows("emon_24_3600")).isEmpty();
        assertThat(first.buckets()).isEqualTo(rows("emon_21_600").size() + rows("emon_21_3600").size()
                + rows("emon_21_86400").size() + rows("emon_27_600").size() + rows("emon_27_3600").size()
                + rows("emon_27_86400").size());
        // epoch is the bucket's start: the first pulse is at 00:20:34, its hour starts at 00:00
        assertThat(rows("emon_21_3600").get(0)).isEqualTo((T0 / HOUR) + "|" + (T0 / 1000) + "|"
                + expected(21, 3600).get(0).split("\\|")[2] + "|21");
        assertThat(progress).contains("emon_21_600:1/1", "emon_27_86400:1/1");
        assertThat(Stores.queryString(file(), "SELECT group_concat(name || ' ' || type, ',') FROM pragma_table_info('emon_21_600')"))
                .isEqualTo("id INTEGER,epoch NUMERIC,ticks INTEGER,m_id INTEGER");

        List<String> before = rows("emon_21_600");
        CollectResult second = store.collect(INTERVALS, OptionalInt.empty(), false, null);
        assertThat(second.buckets()).isZero();
        assertThat(second.tables()).hasSize(9);
        assertThat(rows("emon_21_600")).isEqualTo(before);
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM sqlite_master WHERE name LIKE 'collect_build%'")).isZero();
    }

    @Test
    void newAndLatePulsesUpdateOnlyTheBucketsFromTheOldestOn() throws Exception {
        SqlitePulseStore store = open();
        store(store, spread(21, T0, 10 * DAY, 20_000));
        store.collect(INTERVALS, OptionalInt.of(21), false, null);

        // one late pulse on day 2 (10:00:05, not yet stored), and a new day
        long late = T0 + 2 * DAY + 10 * HOUR + 5;
        List<Pulse> more = new ArrayList<>(spread(21, T0 + 10 * DAY, DAY, 2000));
        more.add(new Pulse(21, late));
        store(store, more);
        String lateHour = Stores.queryString(file(), "SELECT ticks FROM emon_21_3600 WHERE epoch = ?", (late / HOUR) * 3600);

        CollectResult result = store.collect(INTERVALS, OptionalInt.of(21), false, null);
        assertUpToDate(21);
        assertThat(Stores.queryLong(file(), "SELECT ticks FROM emon_21_3600 WHERE epoch = ?", (late / HOUR) * 3600))
                .isEqualTo(Long.parseLong(lateHour) + 1);
        // recomputed from the late pulse's bucket on, not from the beginning
        long fromLate = rows("emon_21_600").stream().filter(r -> Long.parseLong(r.split("\\|")[1]) >= (late / 600_000) * 600).count()
                + rows("emon_21_3600").stream().filter(r -> Long.parseLong(r.split("\\|")[1]) >= (late / HOUR) * 3600).count()
                + rows("emon_21_86400").stream().filter(r -> Long.parseLong(r.split("\\|")[1]) >= (late / DAY) * 86400).count();
        assertThat(result.buckets()).isEqualTo(fromLate);

        // a duplicate changes nothing and marks nothing to do
        store(store, List.of(new Pulse(21, late)));
        assertThat(store.collect(INTERVALS, OptionalInt.of(21), false, null).buckets()).isZero();
    }

    @Test
    void rebuildGivesWhatIncrementalRunsGaveAndReplacesAnOriginalTable() throws Exception {
        try (Connection c = Stores.jdbc(file()); Statement s = c.createStatement()) {
            // the original collector's table: epoch an arbitrary pulse's time
            s.execute("CREATE TABLE emon_21_3600 (id INTEGER PRIMARY KEY, epoch NUMERIC, ticks INTEGER, m_id INTEGER)");
            s.execute("INSERT INTO emon_21_3600 (epoch, ticks, m_id) VALUES (1740787321, 99, 21)");
        }
        SqlitePulseStore store = open();
        Random random = new Random(7);
        for (int round = 0; round < 4; round++) {
            List<Pulse> pulses = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                pulses.add(new Pulse(21, T0 + (long) (random.nextDouble() * 20 * DAY)));
            }
            store(store, pulses);
            store.collect(new long[] { 600, 3600, 86400, 600 }, OptionalInt.of(21), false, null);
        }
        assertUpToDate(21);
        List<String> incremental = rows("emon_21_600");
        assertThat(store.collect(new long[] { 600 }, OptionalInt.of(21), true, null).buckets()).isEqualTo(incremental.size());
        assertThat(rows("emon_21_600")).isEqualTo(incremental);
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM emon_21_3600 WHERE ticks = 99")).isZero();
    }

    @Test
    void aRebuildKeepsUsersViewsAndIndexesAndABrokenViewElsewhereStopsNothing() throws Exception {
        SqlitePulseStore store = open();
        store(store, spread(21, T0, 14 * DAY, 20_000));
        store.collect(new long[] { 600 }, OptionalInt.of(21), false, null);
        try (Connection c = Stores.jdbc(file()); Statement s = c.createStatement()) {
            // an original user's report on the table, an index of theirs, and a view left broken
            s.execute("CREATE VIEW report AS SELECT epoch, ticks FROM emon_21_600");
            s.execute("CREATE INDEX mine ON emon_21_600 (epoch)");
            s.execute("CREATE TABLE old (x)");
            s.execute("CREATE VIEW unrelated AS SELECT x FROM old");
            s.execute("DROP TABLE old");
        }
        store(store, List.of(new Pulse(21, T0 + 15 * DAY)));
        store.collect(new long[] { 600 }, OptionalInt.of(21), true, null);
        store.collect(new long[] { 3600 }, OptionalInt.of(21), false, null); // a new table beside the broken view

        assertThat(rows("emon_21_600")).isEqualTo(expected(21, 600));
        assertThat(rows("emon_21_3600")).isEqualTo(expected(21, 3600));
        assertThat(Stores.queryLong(file(), "SELECT sum(ticks) FROM report")).isEqualTo(20_001);
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'mine'")).isEqualTo(1);
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM sqlite_master WHERE name LIKE 'collect_build_%'")).isZero();
    }

    @Test
    void pulsesAtTheEndsOfTimeAreCountedToo() throws Exception {
        SqlitePulseStore store = open();
        store(store, List.of(new Pulse(21, Long.MIN_VALUE), new Pulse(21, -1), new Pulse(21, 0), new Pulse(21, T0),
                new Pulse(21, Long.MAX_VALUE - 1), new Pulse(21, Long.MAX_VALUE)));
        store.collect(new long[] { 600, 3600 }, OptionalInt.of(21), false, null);
        assertThat(Stores.queryLong(file(), "SELECT sum(ticks) FROM emon_21_600")).isEqualTo(6);
        assertThat(Stores.queryLong(file(), "SELECT sum(ticks) FROM emon_21_3600")).isEqualTo(6);
    }

    @Test
    void staysConsistentWhilePulsesStreamInAndReadersAlwaysSeeAWholeTable() throws Exception {
        SqlitePulseStore store = open();
        store(store, spread(21, T0, 60 * DAY, 200_000));
        store.collect(new long[] { 600 }, OptionalInt.of(21), false, null);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            Random random = new Random(11);
            long next = T0 + 60 * DAY;
            try {
                while (!stop.get()) {
                    List<Pulse> pulses = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        next += 1 + random.nextInt(5000);
                        pulses.add(new Pulse(21, next));
                    }
                    for (int i = 0; i < 5; i++) { // late ones, anywhere in the past
                        pulses.add(new Pulse(21, T0 + (long) (random.nextDouble() * 60 * DAY)));
                    }
                    store(store, pulses);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "ingest");
        long[] seen = new long[2];
        Thread reader = new Thread(() -> {
            try (Connection c = Stores.jdbc(file()); Statement s = c.createStatement()) {
                long previous = 0;
                while (!stop.get()) {
                    try (ResultSet rs = s.executeQuery("SELECT sum(ticks) FROM emon_21_600")) {
                        rs.next();
                        long sum = rs.getLong(1);
                        // pulses are only ever added: a smaller total would be a half-filled table
                        if (sum < previous) {
                            throw new AssertionError("emon_21_600 went from " + previous + " to " + sum + " pulses");
                        }
                        previous = sum;
                        seen[0]++;
                    }
                }
                seen[1] = previous;
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "reader");
        writer.start();
        reader.start();
        try {
            for (int run = 0; run < 6; run++) {
                store.collect(new long[] { 600, 3600, 86400 }, OptionalInt.of(21), run == 3, null);
            }
        } finally {
            stop.set(true);
            writer.join();
            reader.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(seen[0]).isPositive();
        store.collect(INTERVALS, OptionalInt.of(21), false, null);
        assertUpToDate(21);
        assertThat(Stores.queryLong(file(), "SELECT sum(ticks) FROM emon_21_600"))
                .isEqualTo(Stores.queryLong(file(), "SELECT count(*) FROM pulse WHERE meter_id = 21"))
                .isGreaterThan(200_000);
        assertThat(Stores.rollupMismatches(file())).isZero();
    }

    @Test
    void refusesIntervalsThatDoNotAlignWithDaysAndBadMeters() throws Exception {
        SqlitePulseStore store = open();
        for (long bad : new long[] { 0, -600, 59, 7, 7000, 86400 + 3600, 400L * 86400 }) {
            assertThatThrownBy(() -> store.collect(new long[] { bad }, OptionalInt.empty(), false, null)).as("%d", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval " + bad);
        }
        assertThatThrownBy(() -> store.collect(new long[0], OptionalInt.empty(), false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> store.collect(INTERVALS, OptionalInt.of(0), false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("meter 0");
        // a week of whole days and a divisor of a day are fine
        assertThat(store.collect(new long[] { 7 * 86400, 900 }, OptionalInt.of(21), false, null).tables())
                .containsExactly("emon_21_900", "emon_21_604800");
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM sqlite_master WHERE name LIKE 'emon_%'")).isEqualTo(2);
    }

    @Test
    void aBuildInterruptedByAStopIsCompletedByTheNextCollect() throws Exception {
        SqlitePulseStore store = open();
        store(store, spread(21, T0, 30 * DAY, 30_000));
        // one step of a build, as a collect that stopped after it would leave it
        CollectTables.Step step = stepOnce();
        assertThat(step.done()).isFalse();
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM sqlite_master WHERE name = 'collect_build_21_600'")).isOne();
        assertThat(Stores.queryLong(file(), "SELECT count(*) FROM sqlite_master WHERE name = 'emon_21_600'")).isZero();
        store.deactivate();
        opened.clear();

        SqlitePulseStore reopened = open();
        reopened.collect(new long[] { 600 }, OptionalInt.of(21), false, null);
        assertThat(rows("emon_21_600")).isEqualTo(expected(21, 600));
    }

    private CollectTables.Step stepOnce() throws Exception {
        try (Connection c = Database.openWriter(file()); Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            CollectTables.Step step = CollectTables.step(c, 21, 600, true, false, DAY);
            s.execute("COMMIT");
            return step;
        }
    }
}
