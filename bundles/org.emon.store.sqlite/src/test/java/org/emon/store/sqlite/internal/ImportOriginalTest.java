package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.emon.api.MeterKind;
import org.emon.api.Pulse;
import org.emon.api.store.ImportResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guarantee 3 of issue 3: an original emon.db imports with the same pulse counts per meter and hour. */
class ImportOriginalTest {

    /** 2016-03-01 00:00:00 UTC. */
    private static final long EPOCH0 = 1_456_790_400L;

    @TempDir
    Path dir;

    /**
     * An emon.db as the original wrote it: its schema (with or without {@code updated}), meters 21, 24
     * and 27, and measurements in arrival order with whole-second epochs, several in some seconds.
     *
     * @return the number of rows
     */
    static int writeOriginal(Path file, boolean withUpdated, int rowsPerMeter, long seed) throws Exception {
        try (Connection c = Stores.jdbc(file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE meter (id INTEGER PRIMARY KEY, created NUMERIC NOT NULL, "
                    + (withUpdated ? "updated NUMERIC, " : "")
                    + "description TEXT NOT NULL, location TEXT NOT NULL, ipu INTEGER DEFAULT 0)");
            s.execute("CREATE TABLE measurement (id INTEGER PRIMARY KEY, epoch NUMERIC NOT NULL, "
                    + "m_id INTEGER NOT NULL REFERENCES meter(id))");
            s.execute("CREATE TABLE user (id INTEGER PRIMARY KEY, username TEXT, password TEXT, role TEXT)");
            String columns = withUpdated ? "(id, created, updated, description, location, ipu)"
                    : "(id, created, description, location, ipu)";
            String upd = withUpdated ? "'2016-03-05 12:00:00', " : "";
            s.execute("INSERT INTO meter " + columns + " VALUES "
                    + "(21, '2016-03-01 00:00:00', " + upd + "'Main E-meter', 'cellar', 812), "
                    + "(24, '2016-03-01 00:00:05', " + upd + "'PV cells E-meter', 'roof', 0), "
                    + "(27, '2016-03-02 08:00:00', " + upd + "'Car charger E-meter', 'garage', 3600)");
            // Arrival order over about four days: each meter's clock advances by 0..400 s per pulse,
            // and about one time in five the next pulse falls in the same second (up to 4 per second).
            Random random = new Random(seed);
            long[] clock = {EPOCH0, EPOCH0 + 5, EPOCH0 + 32 * 3600};
            int[] meters = {21, 24, 27};
            int[] left = {rowsPerMeter, rowsPerMeter, rowsPerMeter};
            c.setAutoCommit(false);
            int rows = 0;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO measurement (epoch, m_id) VALUES (?, ?)")) {
                while (left[0] + left[1] + left[2] > 0) {
                    int m = random.nextInt(3);
                    if (left[m] == 0) {
                        continue;
                    }
                    int same = random.nextInt(5) == 0 ? 1 + random.nextInt(4) : 1;
                    for (int k = 0; k < same && left[m] > 0; k++) {
                        insert.setLong(1, clock[m]);
                        insert.setInt(2, meters[m]);
                        insert.executeUpdate();
                        left[m]--;
                        rows++;
                    }
                    clock[m] += 1 + random.nextInt(400);
                }
            }
            c.commit();
            return rows;
        }
    }

    /** (meter, UTC hour) -> pulses, by an SQL query on {@code file}. */
    private static Map<String, Long> perHour(Path file, String sql) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = Stores.jdbc(file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getInt(1) + "@" + rs.getLong(2), rs.getLong(3));
            }
        }
        return counts;
    }

    private static byte[] digest(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    @Test
    void importsTheSameCountsPerMeterAndHourAndOnlyOnce() throws Exception {
        Path original = dir.resolve("original/emon.db");
        Files.createDirectories(original.getParent());
        int rows = writeOriginal(original, true, 1_500, 42);
        assertThat(rows).isEqualTo(4_500);
        Map<String, Long> expected = perHour(original,
                "SELECT m_id, epoch / 3600, count(*) FROM measurement GROUP BY m_id, epoch / 3600");
        assertThat(expected.size()).isGreaterThan(100); // several days of hours
        assertThat(Stores.queryLong(original, "SELECT count(*) FROM (SELECT 1 FROM measurement "
                + "GROUP BY m_id, epoch HAVING count(*) > 1)")).isGreaterThan(100); // shared seconds
        byte[] before = digest(original);

        Path file = dir.resolve("emon.db");
        SqlitePulseStore store = Stores.open(file);
        try {
            // A meter we already have keeps its description; live pulses go on during the import.
            store.saveMeter(Stores.meter(21, "Mains", "hall", MeterKind.ELECTRICITY, 10_000));
            store.append(new Pulse(21, 1_700_000_000_000L));
            assertThat(store.flush(5_000)).isTrue();

            List<long[]> progress = new ArrayList<>();
            ImportResult result = store.importOriginal(original, (done, total) -> progress.add(new long[] {done, total}), 1_000);
            assertThat(result).isEqualTo(new ImportResult(3, rows, 0));

            // Per progress: from 0 to all, at least once per chunk of 1000 rows, never backwards.
            assertThat(progress.get(0)).containsExactly(0, rows);
            assertThat(progress.get(progress.size() - 1)).containsExactly(rows, rows);
            assertThat(progress.size()).isGreaterThanOrEqualTo(1 + 5);
            for (int i = 1; i < progress.size(); i++) {
                assertThat(progress.get(i)[0]).isGreaterThanOrEqualTo(progress.get(i - 1)[0]);
                assertThat(progress.get(i)[0] - progress.get(i - 1)[0]).isLessThanOrEqualTo(1_000);
            }

            Map<String, Long> actual = perHour(file, "SELECT meter_id, ts / 3600000, count(*) FROM pulse "
                    + "WHERE ts < 1600000000000 GROUP BY meter_id, ts / 3600000");
            assertThat(actual).isEqualTo(expected);
            // Through the store's own query too, and every pulse stays inside its original second.
            for (Map.Entry<String, Long> bucket : expected.entrySet()) {
                String[] key = bucket.getKey().split("@");
                long hour = Long.parseLong(key[1]) * 3_600_000L;
                assertThat(store.count(Integer.parseInt(key[0]), hour, hour + 3_600_000L)).isEqualTo(bucket.getValue());
            }
            assertThat(perHour(file, "SELECT meter_id, ts / 1000, count(*) FROM pulse WHERE ts < 1600000000000 "
                    + "GROUP BY meter_id, ts / 1000")).isEqualTo(perHour(original,
                            "SELECT m_id, epoch, count(*) FROM measurement GROUP BY m_id, epoch"));

            // Meters: the missing ones copied, ours kept.
            assertThat(Stores.queryString(file, "SELECT description || '|' || location FROM meter WHERE id = 21"))
                    .isEqualTo("Mains|hall");
            assertThat(Stores.queryString(file, "SELECT created || '|' || updated || '|' || description || '|' "
                    + "|| location || '|' || ipu FROM meter WHERE id = 27"))
                    .isEqualTo("2016-03-02 08:00:00|2016-03-05 12:00:00|Car charger E-meter|garage|3600");
            assertThat(store.statistics(27).createdMillis()).isEqualTo((EPOCH0 + 32 * 3600) * 1000);

            // Statistics in step, in memory and in meter_stats.
            for (int meter : new int[] {21, 24, 27}) {
                long count = Stores.queryLong(file, "SELECT count(*) FROM pulse WHERE meter_id = ?", meter);
                assertThat(count).isEqualTo(Stores.queryLong(original,
                        "SELECT count(*) FROM measurement WHERE m_id = ?", meter) + (meter == 21 ? 1 : 0));
                assertThat(store.statistics(meter).pulses()).isEqualTo(count);
                assertThat(Stores.queryLong(file, "SELECT pulses FROM meter_stats WHERE meter_id = ?", meter))
                        .isEqualTo(count);
            }
            assertThat(store.statistics(21).lastPulseMillis()).isEqualTo(1_700_000_000_000L);
            // The rollups in step: every imported pulse came late (before the live one).
            assertThat(Stores.rollupMismatches(file)).isZero();
            assertThat(store.countsBefore(21, new long[] { 1_600_000_000_000L, 1_700_000_000_001L }))
                    .containsExactly(store.statistics(21).pulses() - 1, store.statistics(21).pulses());
            // Import is not live ingest: the live counters are untouched.
            assertThat(store.status().committed()).isEqualTo(1);

            // Again: nothing added, everything a duplicate, the same timestamps.
            ImportResult again = store.importOriginal(original, null);
            assertThat(again).isEqualTo(new ImportResult(3, 0, rows));
            assertThat(Stores.queryLong(file, "SELECT count(*) FROM pulse")).isEqualTo(rows + 1);
            assertThat(store.statistics(24).pulses()).isEqualTo(1_500);
            assertThat(Stores.rollupMismatches(file)).isZero();
        } finally {
            store.deactivate();
        }
        assertThat(digest(original)).isEqualTo(before); // read-only
    }

    @Test
    void givesTheSameTimestampsAsAdoptingTheFileAtStart() throws Exception {
        // The seed README's schema, without `updated`.
        Path original = dir.resolve("original.db");
        int rows = writeOriginal(original, false, 300, 7);
        Path copy = dir.resolve("adopted.db");
        Files.copy(original, copy);
        SqlitePulseStore adopted = Stores.open(copy); // Schema adopts it in place
        adopted.deactivate();

        Path file = dir.resolve("emon.db");
        SqlitePulseStore store = Stores.open(file);
        try {
            assertThat(store.importOriginal(original, null)).isEqualTo(new ImportResult(3, rows, 0));
            assertThat(Stores.queryString(file, "SELECT ifnull(updated, 'null') FROM meter WHERE id = 24"))
                    .isEqualTo("null");
        } finally {
            store.deactivate();
        }
        Map<String, Long> ours = perHour(file, "SELECT meter_id, ts, count(*) FROM pulse GROUP BY 1, 2");
        assertThat(ours).hasSize(rows).isEqualTo(perHour(copy, "SELECT meter_id, ts, count(*) FROM pulse GROUP BY 1, 2"));
    }

    @Test
    void refusesWhatIsNotAnOriginalDatabase() throws Exception {
        Path file = dir.resolve("emon.db");
        SqlitePulseStore store = Stores.open(file);
        try {
            Path text = dir.resolve("notes.txt");
            Files.writeString(text, "this is not a database, just some text that is long enough to have a header");
            assertThatThrownBy(() -> store.importOriginal(text, null)).isInstanceOf(IOException.class)
                    .hasMessageContaining("not readable as an SQLite database");

            Path other = dir.resolve("other.db");
            try (Connection c = Stores.jdbc(other); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE something (id INTEGER)");
            }
            assertThatThrownBy(() -> store.importOriginal(other, null)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no meter and measurement tables");

            Path wrongColumns = dir.resolve("wrong.db");
            try (Connection c = Stores.jdbc(wrongColumns); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE meter (id INTEGER PRIMARY KEY, description TEXT, location TEXT)");
                s.execute("CREATE TABLE measurement (id INTEGER PRIMARY KEY, time NUMERIC, meter INTEGER)");
            }
            assertThatThrownBy(() -> store.importOriginal(wrongColumns, null)).isInstanceOf(IOException.class)
                    .hasMessageContaining("expected");

            assertThatThrownBy(() -> store.importOriginal(file, null)).isInstanceOf(IOException.class)
                    .hasMessageContaining("own database");

            Path anotherEmon = dir.resolve("another-emon.db");
            Stores.open(anotherEmon).deactivate();
            assertThatThrownBy(() -> store.importOriginal(anotherEmon, null)).isInstanceOf(IOException.class)
                    .hasMessageContaining("is an emon database");

            Path missing = dir.resolve("missing.db");
            assertThatThrownBy(() -> store.importOriginal(missing, null)).isInstanceOf(IOException.class);
            assertThat(missing).doesNotExist();
            assertThat(Stores.queryLong(file, "SELECT count(*) FROM pulse")).isZero();
            assertThat(Stores.queryLong(file, "SELECT count(*) FROM meter")).isZero();
        } finally {
            store.deactivate();
        }
    }
}
