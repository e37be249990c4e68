package org.emon.store.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.emon.api.store.MeterStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the database schema. {@code PRAGMA user_version} holds the version; each
 * migration runs in its own transaction together with the version bump, so a failed upgrade leaves
 * the database at the previous version.
 */
final class Schema {

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    @FunctionalInterface
    private interface Migration {
        void apply(Connection connection) throws SQLException;
    }

    /** Forward migrations in order: migration {@code i} brings the schema to version {@code i + 1}. Append only. */
    private static final List<Migration> MIGRATIONS = List.of(Schema::version1, Schema::version2);

    /** The version this code writes and reads. */
    static final int LATEST = MIGRATIONS.size();

    private record Column(String name, String definition) {
    }

    /** The original emon-server's meter columns that may be missing from one of its databases, then ours. */
    private static final List<Column> METER_COLUMNS = List.of(
            new Column("updated", "updated NUMERIC"),
            new Column("ipu", "ipu INTEGER DEFAULT 0"),
            new Column("kind", "kind TEXT"),
            new Column("impulses_per_unit", "impulses_per_unit REAL"));

    /**
     * {@code meter.created} ('YYYY-MM-DD HH:MM:SS' UTC, as SQLite's datetime('now') wrote it) in epoch
     * seconds, parsed by SQLite itself; NULL if it cannot be read.
     */
    static final String CREATED_SECONDS = "CAST(strftime('%s', created) AS INTEGER)";

    private Schema() {
    }

    /**
     * Brings the database to {@link #LATEST}.
     *
     * @return the version found before migrating
     * @throws SQLException if the database has a newer schema than this code knows, or a migration failed
     */
    static int migrate(Connection connection) throws SQLException {
        int found = version(connection);
        if (found > LATEST) {
            throw new SQLException("database schema version " + found + " is newer than this emon supports ("
                    + LATEST + "); refusing to touch it");
        }
        for (int version = found; version < LATEST; version++) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                try {
                    MIGRATIONS.get(version).apply(connection);
                    // PRAGMA takes no bound parameters; the value is our own constant, never input.
                    statement.execute("PRAGMA user_version = " + (version + 1));
                    statement.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(statement);
                    throw e;
                }
            }
            LOG.info("Database schema upgraded to version {}", version + 1);
        }
        return found;
    }

    static int version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Every meter's statistics: pulses and newest pulse from {@code meter_stats}, creation time from
     * {@code meter.created}; a meter may have either.
     */
    static Map<Integer, MeterStatistics> loadStatistics(Connection connection) throws SQLException {
        Map<Integer, MeterStatistics> statistics = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT meter_id, pulses, last_ts FROM meter_stats")) {
                while (rs.next()) {
                    int meterId = rs.getInt(1);
                    statistics.put(meterId, new MeterStatistics(meterId, rs.getLong(2), rs.getLong(3), 0));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT id, " + CREATED_SECONDS + " FROM meter")) {
                while (rs.next()) {
                    int meterId = rs.getInt(1);
                    long created = rs.getLong(2) * 1000; // NULL (unreadable) gives 0: unknown
                    MeterStatistics known = statistics.get(meterId);
                    statistics.put(meterId, known == null
                            ? new MeterStatistics(meterId, 0, 0, created)
                            : new MeterStatistics(meterId, known.pulses(), known.lastPulseMillis(), created));
                }
            }
        }
        return statistics;
    }

    /**
     * The first schema. A database of the original emon-server (meter and measurement tables, version
     * 0) is adopted: its meter table gains the missing columns and its measurements become pulses.
     */
    private static void version1(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (tableExists(connection, "meter")) {
                Set<String> columns = columns(connection, "meter");
                for (Column column : METER_COLUMNS) {
                    if (!columns.contains(column.name())) {
                        // Our own constant definitions, never input.
                        statement.execute("ALTER TABLE meter ADD COLUMN " + column.definition());
                    }
                }
            } else {
                // The original's columns first, in its order, so its SQL and tools still read them.
                statement.execute("CREATE TABLE meter ("
                        + "id INTEGER PRIMARY KEY, "
                        + "created NUMERIC NOT NULL, "
                        + "updated NUMERIC, "
                        + "description TEXT NOT NULL, "
                        + "location TEXT NOT NULL, "
                        + "ipu INTEGER DEFAULT 0, "
                        + "kind TEXT, "
                        + "impulses_per_unit REAL)");
            }

            // The primary key serves per-meter time-range scans and makes (meter, ms) unique, so that a
            // pulse delivered twice is stored once; WITHOUT ROWID stores the rows in that key's b-tree.
            statement.execute("CREATE TABLE pulse ("
                    + "meter_id INTEGER NOT NULL, "
                    + "ts INTEGER NOT NULL, "
                    + "PRIMARY KEY (meter_id, ts)) WITHOUT ROWID");

            if (tableExists(connection, "measurement")) {
                importOriginalMeasurements(statement);
            }

            // The original's table, now a view, so that its SQL (epoch in seconds, m_id) still reads.
            statement.execute("CREATE VIEW measurement (id, epoch, m_id) AS "
                    + "SELECT ts, ts / 1000, meter_id FROM pulse");

            // Kept in the pulse inserts' transaction so that statistics never need to scan pulse.
            statement.execute("CREATE TABLE meter_stats ("
                    + "meter_id INTEGER PRIMARY KEY, "
                    + "pulses INTEGER NOT NULL, "
                    + "last_ts INTEGER NOT NULL)");
            statement.execute("INSERT INTO meter_stats (meter_id, pulses, last_ts) "
                    + "SELECT meter_id, count(*), max(ts) FROM pulse GROUP BY meter_id");
        }
    }

    /**
     * Rollups per 15-minute slot ({@link Rollups}), built here from the pulses already stored; and the
     * state of the collected tables ({@link CollectTables}).
     */
    private static void version2(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(Rollups.CREATE);
            int slots = statement.executeUpdate(Rollups.BUILD);
            statement.execute(CollectTables.CREATE_STATE);
            LOG.info("Built {} rollup slots of the stored pulses", slots);
        }
    }

    /**
     * The original's measurements as pulses: columns {@code m_id} and {@code ts} (milliseconds). The
     * original stored whole seconds, so several pulses may share one; the k-th pulse (k = 0, 1, ...)
     * of a meter within one second, in {@code id} order, gets {@code epoch * 1000 + k}. The same rows
     * therefore always give the same timestamps, which makes adopting or importing them twice
     * harmless. (A meter would need 1000 pulses in one second for them to run into the next.)
     * Used both to adopt an original database at start and by {@code importOriginal}.
     */
    static final String ORIGINAL_PULSES = "SELECT m_id, CAST(epoch AS INTEGER) * 1000 + (row_number() OVER ("
            + "PARTITION BY m_id, CAST(epoch AS INTEGER) ORDER BY id) - 1) AS ts "
            + "FROM measurement WHERE m_id IS NOT NULL AND epoch IS NOT NULL";

    /** The original table is kept, renamed; its rows become pulses as {@link #ORIGINAL_PULSES} says. */
    private static void importOriginalMeasurements(Statement statement) throws SQLException {
        int imported = statement.executeUpdate("INSERT OR IGNORE INTO pulse (meter_id, ts) " + ORIGINAL_PULSES);
        statement.execute("ALTER TABLE measurement RENAME TO measurement_v0");
        LOG.info("Imported {} pulses from the original measurement table (kept as measurement_v0)", imported);
    }

    static boolean tableExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    private static void rollbackQuietly(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            LOG.debug("Rollback failed (no transaction left open?)", e);
        }
    }
}
