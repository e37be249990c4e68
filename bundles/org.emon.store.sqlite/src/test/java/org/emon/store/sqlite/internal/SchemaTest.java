package org.emon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.emon.api.MeterKind;
import org.emon.api.Pulse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {

    @TempDir
    Path dir;

    @Test
    void createsTheSchemaAndKeepsItAndTheDataOnReopen() throws Exception {
        Path file = dir.resolve("sub/dir/emon.db"); // missing directories are created
        SqlitePulseStore store = Stores.open(file);
        try {
            assertThat(objects(file)).containsEntry("meter", "table").containsEntry("pulse", "table")
                    .containsEntry("meter_stats", "table").containsEntry("measurement", "view");
            assertThat(Stores.queryLong(file, "PRAGMA user_version")).isEqualTo(Schema.LATEST).isEqualTo(2);
            assertThat(Stores.queryString(file, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(Stores.queryString(file, "SELECT sql FROM sqlite_master WHERE name = 'pulse'"))
                    .containsIgnoringCase("WITHOUT ROWID");

            store.saveMeter(Stores.meter(21, "Main E-meter", "cellar", MeterKind.ELECTRICITY, 1000));
            store.append(new Pulse(21, 1_000));
            store.append(new Pulse(21, 2_000));
            assertThat(store.flush(5_000)).isTrue();
        } finally {
            store.deactivate();
        }

        SqlitePulseStore reopened = Stores.open(file);
        try {
            assertThat(reopened.statistics(21).pulses()).isEqualTo(2);
            assertThat(reopened.statistics(21).lastPulseMillis()).isEqualTo(2_000);
            assertThat(reopened.statistics(21).createdMillis()).isPositive();
            assertThat(reopened.count(21, 0, 10_000)).isEqualTo(2);
            reopened.append(new Pulse(21, 3_000));
            assertThat(reopened.flush(5_000)).isTrue();
            assertThat(reopened.statistics(21).pulses()).isEqualTo(3);
        } finally {
            reopened.deactivate();
        }
        assertThat(Stores.queryLong(file, "PRAGMA user_version")).isEqualTo(Schema.LATEST);
        assertThat(Stores.queryLong(file, "SELECT count(*) FROM pulse")).isEqualTo(3);
        assertThat(Stores.queryLong(file, "SELECT pulses FROM meter_stats WHERE meter_id = 21")).isEqualTo(3);
    }

    @Test
    void theMeasurementViewReadsLikeTheOriginalTable() throws Exception {
        Path file = dir.resolve("emon.db");
        SqlitePulseStore store = Stores.open(file);
        try {
            store.append(new Pulse(24, 1_700_000_000_123L));
            store.append(new Pulse(24, 1_700_000_000_999L));
            store.append(new Pulse(27, 1_700_000_001_000L));
            assertThat(store.flush(5_000)).isTrue();
        } finally {
            store.deactivate();
        }
        try (Connection c = Stores.jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, epoch, typeof(epoch), m_id FROM measurement ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getString(3) + "|" + rs.getInt(4));
            }
            assertThat(rows).containsExactly(
                    "1700000000123|1700000000|integer|24",
                    "1700000000999|1700000000|integer|24",
                    "1700000001000|1700000001|integer|27");
        }
        // The original collector's query still works and counts pulses per second bucket.
        assertThat(Stores.queryLong(file,
                "SELECT count(epoch) FROM measurement WHERE m_id = ? GROUP BY epoch / 600", 24)).isEqualTo(2);
    }

    @Test
    void adoptsADatabaseOfTheOriginalServer() throws Exception {
        Path file = dir.resolve("original.db");
        try (Connection c = Stores.jdbc(file); Statement s = c.createStatement()) {
            // The seed README's schema: no updated column.
            s.execute("CREATE TABLE meter (id INTEGER PRIMARY KEY, created NUMERIC NOT NULL, "
                    + "description TEXT NOT NULL, location TEXT NOT NULL, ipu INTEGER DEFAULT 0)");
            s.execute("CREATE TABLE measurement (id INTEGER PRIMARY KEY, epoch NUMERIC NOT NULL, "
                    + "m_id INTEGER NOT NULL REFERENCES meter(id))");
            s.execute("INSERT INTO meter (id, created, description, location, ipu) "
                    + "VALUES (21, '2016-03-01 10:00:00', 'Main E-meter', 'cellar', 812)");
            s.execute("INSERT INTO measurement (epoch, m_id) VALUES (1456826400, 21), (1456826400, 21), "
                    + "(1456826401, 21), (1456826400, 24)");
        }
        SqlitePulseStore store = Stores.open(file);
        try {
            assertThat(store.statistics(21).pulses()).isEqualTo(3);
            assertThat(store.statistics(21).lastPulseMillis()).isEqualTo(1_456_826_401_000L);
            assertThat(store.statistics(21).createdMillis()).isEqualTo(1_456_826_400_000L);
            assertThat(store.statistics(24).pulses()).isEqualTo(1);
            assertThat(store.count(21, 1_456_826_400_000L, 1_456_826_401_000L)).isEqualTo(2);
            store.savePower(21, 99.6, 1_456_826_500_000L);
            assertThat(store.flush(5_000)).isTrue();
        } finally {
            store.deactivate();
        }
        assertThat(Stores.queryLong(file, "SELECT count(*) FROM measurement WHERE m_id = 21 AND epoch = 1456826400"))
                .isEqualTo(2);
        assertThat(Stores.queryLong(file, "SELECT count(*) FROM measurement_v0")).isEqualTo(4);
        assertThat(Stores.queryLong(file, "SELECT ipu FROM meter WHERE id = 21")).isEqualTo(100);
        assertThat(Stores.queryString(file, "SELECT updated FROM meter WHERE id = 21")).isEqualTo("2016-03-01 10:01:40");
    }

    @Test
    void refusesADatabaseOfANewerSchema() throws Exception {
        Path file = dir.resolve("future.db");
        try (Connection c = Stores.jdbc(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (Schema.LATEST + 1));
        }
        assertThatThrownBy(() -> Stores.open(file)).hasMessageContaining("newer");
        assertThat(Stores.queryLong(file, "PRAGMA user_version")).isEqualTo(Schema.LATEST + 1);
    }

    private static Map<String, String> objects(Path file) throws Exception {
        Map<String, String> objects = new LinkedHashMap<>();
        try (Connection c = Stores.jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, type FROM sqlite_master")) {
            while (rs.next()) {
                objects.put(rs.getString(1), rs.getString(2));
            }
        }
        return objects;
    }
}
